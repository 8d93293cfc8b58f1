"""Miscellaneous types: none, optional, range objects."""

from ferrumba.core.types.abstract import Dummy, Opaque, IterableType, Type


class NoneType(Opaque):
    """The type of ``None`` (name ``none``; ``void`` is the same object)."""

    def cast_python_value(self, value):
        return None


class Optional(Type):
    """A value of type ``type`` or None: name ``OptionalType(int64)``."""

    def __init__(self, typ):
        if isinstance(typ, Optional):
            typ = typ.type
        if isinstance(typ, NoneType):
            raise TypeError("cannot build an optional of none")
        self.type = typ
        super().__init__("OptionalType(%s)" % (typ,))

    def __repr__(self):
        return "OptionalType(%r)" % (self.type,)


class RangeType(IterableType):
    """The type of a ``range`` object (name ``range_state_int64``, like Numba)."""

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__("range_state_%s" % (dtype,))


class RangeIteratorType(IterableType):
    """The type of a range iterator (name ``range_iter_int64``)."""

    def __init__(self, yield_type):
        self.yield_type = yield_type
        super().__init__("range_iter_%s" % (yield_type,))


class EllipsisType(Dummy):
    pass


class Phantom(Dummy):
    pass


class Undefined(Dummy):
    pass

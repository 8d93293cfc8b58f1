"""Base classes of ferrumba's type objects and the :class:`Signature` class.

A type is identified by its *name*, which is exactly Numba's ``str()`` of the same type
(``int64``, ``UniTuple(int64 x 3)``, ``array(float64, 2d, C)``...). That name is what the
Python layer and the Rust core exchange. Instances are interned: building the same type twice
returns the same object, like Numba.
"""

_interned = {}


class _TypeMeta(type):
    """Interns instances: ``Integer('int64') is Integer('int64')``."""

    def __call__(cls, *args, **kwargs):
        inst = type.__call__(cls, *args, **kwargs)
        key = (cls, inst.key)
        try:
            return _interned[key]
        except KeyError:
            _interned[key] = inst
            return inst
        except TypeError:  # unhashable key: do not intern
            return inst


class Type(metaclass=_TypeMeta):
    """Base class of all types. ``name`` is the canonical (Numba) name."""

    mutable = False
    reflected = False

    def __init__(self, name):
        self.name = name

    @property
    def key(self):
        """What identifies this type among instances of its class (default: the name)."""
        return self.name

    def __repr__(self):
        return self.name

    def __str__(self):
        return self.name

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.name == other.name

    def __ne__(self, other):
        return not (self == other)

    def __reduce__(self):
        # Pickle by name; from_name rebuilds (and interns) the type.
        from ferrumba.core.types.parse import from_name
        return (from_name, (self.name,))

    @property
    def is_precise(self):
        return True

    def augment(self, other):
        return None

    # -- signatures: ``float64(int32, float64)`` ---------------------------------------
    def __call__(self, *args):
        if len(args) == 1 and not isinstance(args[0], Type):
            return self.cast_python_value(args[0])
        for a in args:
            if not isinstance(a, Type):
                raise TypeError("signature argument %r is not a ferrumba type" % (a,))
        return Signature(self, args)

    def cast_python_value(self, value):
        raise NotImplementedError("cannot cast a Python value to %s" % (self,))

    # -- array syntax: ``float64[:]``, ``float64[:, ::1]`` -----------------------------
    def __getitem__(self, args):
        ndim, layout = _array_spec(args)
        from ferrumba.core.types.npytypes import Array
        return Array(self, ndim, layout)


def _is_bare_slice(s):
    return (isinstance(s, slice) and s.start is None and s.stop is None
            and s.step in (None, 1))


def _array_spec(args):
    if isinstance(args, (tuple, list)) and args and all(map(_is_bare_slice, args)):
        ndim = len(args)
        if ndim > 1 and args[0].step == 1:
            layout = "F"
        elif args[-1].step == 1:
            layout = "C"
        else:
            layout = "A"
        return ndim, layout
    if _is_bare_slice(args):
        return 1, ("C" if args.step == 1 else "A")
    raise KeyError("Can only index ferrumba types with slices with no start or stop, "
                   "got %r." % (args,))


class Dummy(Type):
    """A type with no data representation."""


class Hashable(Type):
    """A type whose values are hashable."""


class Number(Hashable):
    """Base class of numeric types."""

    def cast_python_value(self, value):
        import numpy as np
        return getattr(np, self.name)(value)

    def unify(self, typingctx, other):
        return None


class Opaque(Dummy):
    """An opaque type; also what :func:`from_name` returns for names it does not know."""


class IterableType(Type):
    """A type that can be iterated over."""


class Sized(Type):
    pass


class ConstSized(Sized):
    pass


class Sequence(IterableType):
    pass


class ArrayCompatible(Type):
    pass


# --------------------------------------------------------------------------- signatures


class Signature(object):
    """A function signature: ``return_type`` and a tuple of ``args`` (like
    ``numba.core.typing.templates.Signature``). ``return_type`` is ``None`` when only the
    argument types are known (``(int32, float64)``)."""

    __slots__ = ("_return_type", "_args", "_recvr", "_pysig")

    def __init__(self, return_type, args, recvr=None, pysig=None):
        if isinstance(args, list):
            args = tuple(args)
        self._return_type = return_type
        self._args = tuple(args)
        self._recvr = recvr
        self._pysig = pysig

    @property
    def return_type(self):
        return self._return_type

    @property
    def args(self):
        return self._args

    @property
    def recvr(self):
        return self._recvr

    @property
    def pysig(self):
        return self._pysig

    def replace(self, **kwargs):
        new = dict(return_type=self._return_type, args=self._args,
                   recvr=self._recvr, pysig=self._pysig)
        new.update(kwargs)
        return Signature(**new)

    def __getstate__(self):
        return self._return_type, self._args, self._recvr, self._pysig

    def __setstate__(self, state):
        self._return_type, self._args, self._recvr, self._pysig = state

    def __hash__(self):
        return hash((self._args, self._return_type))

    def __eq__(self, other):
        if isinstance(other, Signature):
            return (self._args == other._args and self._return_type == other._return_type
                    and self._recvr == other._recvr and self._pysig == other._pysig)
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __repr__(self):
        return "%s -> %s" % (self._args, self._return_type)

    @property
    def is_method(self):
        return self._recvr is not None

    def as_method(self):
        if self._recvr is not None:
            return self
        return Signature(self._return_type, self._args[1:], recvr=self._args[0],
                         pysig=self._pysig)

    def as_function(self):
        if self._recvr is None:
            return self
        return Signature(self._return_type, (self._recvr,) + self._args, pysig=self._pysig)

    def to_core_string(self):
        """The form the Rust core parses: ``"float64(int32, float64)"``, or
        ``"(int32, float64)"`` when the return type is not given."""
        args = ", ".join(str(a) for a in self._args)
        ret = "" if self._return_type is None else str(self._return_type)
        return "%s(%s)" % (ret, args)

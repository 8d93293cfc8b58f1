"""Tuple types."""

from ferrumba.core.types.abstract import ConstSized, Hashable, Sequence, _TypeMeta


class BaseTuple(ConstSized, Hashable):
    """Base class of tuple types; ``types`` is the tuple of element types."""

    @classmethod
    def from_types(cls, tys, pyclass=None):
        tys = tuple(tys)
        if tys and all(t == tys[0] for t in tys):
            return UniTuple(tys[0], len(tys))
        return Tuple(tys)

    def __len__(self):
        return len(self.types)

    def __iter__(self):
        return iter(self.types)

    def __getitem__(self, i):
        return self.types[i]


class _TupleMeta(_TypeMeta):
    def __call__(cls, types):
        # Like Numba: a heterogeneous-looking tuple whose items are all equal is a UniTuple.
        types = tuple(types)
        if cls is Tuple and types and all(t == types[0] for t in types):
            return UniTuple(types[0], len(types))
        return super().__call__(types)


class UniTuple(BaseTuple, Sequence):
    """A tuple of ``count`` items of type ``dtype``: name ``UniTuple(int64 x 3)``."""

    def __init__(self, dtype, count):
        self.dtype = dtype
        self.count = count
        super().__init__("UniTuple(%s x %d)" % (dtype, count))

    @property
    def types(self):
        return (self.dtype,) * self.count

    @property
    def key(self):
        return self.dtype, self.count

    def __repr__(self):
        return "UniTuple(%r, %d)" % (self.dtype, self.count)


class Tuple(BaseTuple, metaclass=_TupleMeta):
    """A heterogeneous tuple: name ``Tuple(int64, float64)``."""

    def __init__(self, types):
        self.types = tuple(types)
        self.count = len(self.types)
        super().__init__("Tuple(%s)" % ", ".join(str(t) for t in self.types))

    @property
    def key(self):
        return self.types

    def __repr__(self):
        return "Tuple(%r)" % (self.types,)


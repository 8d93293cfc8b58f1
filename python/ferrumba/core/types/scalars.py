"""Scalar types: booleans, integers, floats, complex numbers."""

from ferrumba.core.types.abstract import Hashable, Number


class Boolean(Hashable):
    """The boolean type (name ``bool``)."""

    def cast_python_value(self, value):
        return bool(value)


class Integer(Number):
    """A fixed-width integer: ``bitwidth`` and ``signed``."""

    def __init__(self, name, bitwidth=None, signed=None):
        super().__init__(name)
        if bitwidth is None:
            bitwidth = int(name.lstrip("uint") or 0) if name.startswith(("int", "uint")) else 64
        if signed is None:
            signed = not name.startswith("uint")
        self.bitwidth = bitwidth
        self.signed = signed

    @classmethod
    def from_bitwidth(cls, bitwidth, signed=True):
        return cls("%sint%d" % ("" if signed else "u", bitwidth))

    @property
    def maxval(self):
        return (1 << (self.bitwidth - 1)) - 1 if self.signed else (1 << self.bitwidth) - 1

    @property
    def minval(self):
        return -(1 << (self.bitwidth - 1)) if self.signed else 0

    def __lt__(self, other):
        if self.__class__ is not other.__class__:
            return NotImplemented
        if self.signed != other.signed:
            return NotImplemented
        return self.bitwidth < other.bitwidth


class Float(Number):
    """A binary floating-point type: ``bitwidth``."""

    def __init__(self, name):
        super().__init__(name)
        self.bitwidth = int(name[len("float"):])

    def __lt__(self, other):
        if self.__class__ is not other.__class__:
            return NotImplemented
        return self.bitwidth < other.bitwidth


class Complex(Number):
    """A complex type made of two ``underlying_float`` values."""

    def __init__(self, name, underlying_float=None):
        super().__init__(name)
        self.bitwidth = int(name[len("complex"):])
        if underlying_float is None:
            underlying_float = Float("float%d" % (self.bitwidth // 2))
        self.underlying_float = underlying_float

    def __lt__(self, other):
        if self.__class__ is not other.__class__:
            return NotImplemented
        return self.bitwidth < other.bitwidth

"""Ferrumba's type objects, named like Numba's (``numba.core.types``).

``str(ty)`` is the name the Rust core uses; :func:`from_name` turns such a name back into
a type object. Calling a type with argument types builds a signature::

    float64(int32, float64)   # -> (int32, float64) -> float64
    void(float64[:])          # arrays: float64[:], float64[:, ::1] (C), float64[::1, :] (F)
"""

import struct as _struct

from ferrumba.core.types.abstract import (  # noqa: F401
    ArrayCompatible, ConstSized, Dummy, Hashable, IterableType, Number, Opaque, Sequence,
    Signature, Sized, Type,
)
from ferrumba.core.types.scalars import Boolean, Complex, Float, Integer  # noqa: F401
from ferrumba.core.types.containers import BaseTuple, Tuple, UniTuple  # noqa: F401
from ferrumba.core.types.misc import (  # noqa: F401
    EllipsisType, NoneType, Optional, Phantom, RangeIteratorType, RangeType, Undefined,
)
from ferrumba.core.types.npytypes import Array, Buffer  # noqa: F401
from ferrumba.core.types.parse import from_name, parse_signature  # noqa: F401

none = NoneType("none")
void = none
ellipsis = EllipsisType("...")
Any = Phantom("any")
undefined = Undefined("undefined")
unknown = Dummy("unknown")
pyobject = Opaque("pyobject")
voidptr = Opaque("void*")

optional = Optional

boolean = bool_ = Boolean("bool")
bool = boolean  # noqa: A001 - Numba (with NumPy 2) exports it too

int8 = Integer("int8")
int16 = Integer("int16")
int32 = Integer("int32")
int64 = Integer("int64")
uint8 = Integer("uint8")
uint16 = Integer("uint16")
uint32 = Integer("uint32")
uint64 = Integer("uint64")

float16 = Float("float16")
float32 = Float("float32")
float64 = Float("float64")

complex64 = Complex("complex64", float32)
complex128 = Complex("complex128", float64)

_machine_bits = _struct.calcsize("P") * 8
intp = int32 if _machine_bits == 32 else int64
uintp = uint32 if _machine_bits == 32 else uint64
intc = int32 if _struct.calcsize("i") == 4 else int64
uintc = uint32 if _struct.calcsize("I") == 4 else uint64
ssize_t = int32 if _struct.calcsize("n") == 4 else int64
size_t = uint32 if _struct.calcsize("N") == 4 else uint64
long_ = int32 if _struct.calcsize("l") == 4 else int64
ulong = uint32 if _struct.calcsize("L") == 4 else uint64
longlong = int64
ulonglong = uint64
char = int8
uchar = byte = uint8
short = int16
ushort = uint16
int_ = intp
uint = uintp

b1 = bool_
i1, i2, i4, i8 = int8, int16, int32, int64
u1, u2, u4, u8 = uint8, uint16, uint32, uint64
f2, f4, f8 = float16, float32, float64
c8, c16 = complex64, complex128
double = float64
float_ = float64  # what Python's float is; Numba's float_ was float32 under NumPy 1.x

range_iter32_type = RangeIteratorType(int32)
range_iter64_type = RangeIteratorType(int64)
unsigned_range_iter64_type = RangeIteratorType(uint64)
range_state32_type = RangeType(int32)
range_state64_type = RangeType(int64)
unsigned_range_state64_type = RangeType(uint64)

signed_domain = frozenset([int8, int16, int32, int64])
unsigned_domain = frozenset([uint8, uint16, uint32, uint64])
integer_domain = signed_domain | unsigned_domain
real_domain = frozenset([float32, float64])
complex_domain = frozenset([complex64, complex128])
number_domain = real_domain | integer_domain | complex_domain

py_bool = np_bool_ = boolean
py_int = np_intp = intp
py_float = np_float64 = float64
py_complex = np_complex128 = complex128

# Names exported by ``from ferrumba.types import *`` / the top-level package.
number_names = """
boolean bool_ b1 int8 int16 int32 int64 uint8 uint16 uint32 uint64 intp uintp intc uintc
ssize_t size_t byte char uchar short ushort int_ uint long_ ulong longlong ulonglong
float32 float64 float16 double complex64 complex128
i1 i2 i4 i8 u1 u2 u4 u8 f2 f4 f8 c8 c16
""".split()

__all__ = number_names + """
none void optional Type Dummy Opaque Number Integer Float Complex Boolean NoneType Tuple
UniTuple BaseTuple Optional Array Signature RangeType RangeIteratorType from_name
parse_signature
""".split()

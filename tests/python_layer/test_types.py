import pickle

import pytest

import ferrumba
from ferrumba import types
from ferrumba.core import types as core_types
from ferrumba.core.types import Signature, from_name, parse_signature


def test_module_mirrors():
    import ferrumba.types as t1
    assert t1 is core_types is ferrumba.types
    assert ferrumba.int64 is types.int64


@pytest.mark.parametrize("name", [
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128", "none",
    "UniTuple(int64 x 3)", "Tuple(int64, float64)", "OptionalType(int64)",
    "Tuple(UniTuple(int64 x 2), OptionalType(float32))", "array(float64, 2d, C)",
    "readonly array(int32, 1d, A)", "UniTuple(Tuple(int64, bool) x 2)", "Tuple()",
    "range_state_int64", "range_iter_int64",
])
def test_from_name_roundtrip(name):
    ty = from_name(name)
    assert str(ty) == name
    assert from_name(name) is ty
    assert from_name(str(ty)) == ty


def test_from_name_aliases_and_unknown():
    assert from_name("range_state64") is types.range_state64_type
    assert from_name("range_iter64") is types.range_iter64_type
    assert from_name("i4") is types.int32
    assert from_name("void") is types.none
    assert from_name("boolean") is types.boolean
    assert from_name("UniTuple(int64, 2)") == types.UniTuple(types.int64, 2)
    assert from_name("Tuple((int64, float64))") == types.Tuple((types.int64, types.float64))
    unknown = from_name("unicode_type")
    assert isinstance(unknown, types.Opaque) and str(unknown) == "unicode_type"
    with pytest.raises(ValueError):
        from_name("Tuple(int64, float64")


def test_reprs_like_numba():
    assert repr(types.int64) == "int64"
    assert str(types.boolean) == "bool" and types.b1 is types.boolean is types.bool_
    assert repr(types.UniTuple(types.int64, 3)) == "UniTuple(int64, 3)"
    assert str(types.UniTuple(types.int64, 3)) == "UniTuple(int64 x 3)"
    t = types.Tuple((types.int64, types.float64))
    assert repr(t) == "Tuple((int64, float64))" and str(t) == "Tuple(int64, float64)"
    assert types.Tuple((types.int64, types.int64)) is types.UniTuple(types.int64, 2)
    assert str(types.optional(types.int64)) == "OptionalType(int64)"
    assert types.void is types.none and str(types.none) == "none"


def test_aliases():
    assert types.intp is types.int64 and types.uintp is types.uint64
    assert (types.i1, types.i2, types.i4, types.i8) == (types.int8, types.int16,
                                                        types.int32, types.int64)
    assert (types.u1, types.u8, types.f4, types.f8) == (types.uint8, types.uint64,
                                                        types.float32, types.float64)
    assert types.c8 is types.complex64 and types.c16 is types.complex128
    assert types.double is types.float64
    assert types.complex128.underlying_float is types.float64


def test_scalar_attributes():
    assert types.int32.bitwidth == 32 and types.int32.signed
    assert types.uint16.bitwidth == 16 and not types.uint16.signed
    assert types.float32.bitwidth == 32
    assert types.int8.maxval == 127 and types.uint8.minval == 0
    assert types.Integer.from_bitwidth(16, signed=False) is types.uint16
    assert isinstance(types.int64, types.Number) and isinstance(types.int64, types.Integer)
    assert isinstance(types.none, types.Opaque) and isinstance(types.none, types.Dummy)


def test_eq_hash_interning():
    assert types.Integer("int64") is types.int64
    assert types.UniTuple(types.int64, 3) is types.UniTuple(types.int64, 3)
    assert hash(types.UniTuple(types.int64, 3)) == hash("UniTuple(int64 x 3)")
    assert types.int64 != types.uint64 and types.int64 != "int64"
    assert len({types.int64, from_name("int64"), types.i8}) == 1


def test_pickle():
    for ty in (types.int32, types.UniTuple(types.float64, 2), types.float64[:, ::1]):
        assert pickle.loads(pickle.dumps(ty)) is ty


def test_array_syntax():
    a = types.float64[:]
    assert isinstance(a, types.Array)
    assert (a.dtype, a.ndim, a.layout) == (types.float64, 1, "A")
    assert types.float64[::1].layout == "C"
    assert types.float64[:, ::1].layout == "C" and types.float64[:, ::1].ndim == 2
    assert types.float64[::1, :].layout == "F"
    assert types.int32[:, :, :].layout == "A"
    assert str(types.float64[:, ::1]) == "array(float64, 2d, C)"
    assert repr(types.float64[:, ::1]) == "Array(float64, 2, 'C', False, aligned=True)"
    assert types.Array(types.float64, 2, "C") is types.float64[:, ::1]
    with pytest.raises(KeyError):
        types.float64[1:2]


def test_signatures():
    s = types.float64(types.int32, types.float64)
    assert isinstance(s, Signature)
    assert s.return_type is types.float64 and s.args == (types.int32, types.float64)
    assert repr(s) == "(int32, float64) -> float64"
    assert s == types.float64(types.int32, types.float64)
    assert hash(s) == hash(types.float64(types.int32, types.float64))
    assert s != types.float32(types.int32, types.float64)
    assert s.to_core_string() == "float64(int32, float64)"
    assert repr(types.void(types.int32)) == "(int32,) -> none"
    assert types.void().to_core_string() == "none()"
    assert Signature(None, (types.int32,)).to_core_string() == "(int32)"
    arr = types.void(types.float64[:, ::1])
    assert arr.to_core_string() == "none(array(float64, 2d, C))"
    from ferrumba.core.typing import signature
    assert signature(types.float64, types.int32, types.float64) == s


def test_cast_python_value():
    assert types.float64(3) == 3.0 and isinstance(types.float64(3), float)
    assert types.int32(3.7) == 3
    assert types.boolean(1) is True


def test_parse_signature():
    assert parse_signature("float64(int32, float64)") == types.float64(types.int32,
                                                                       types.float64)
    assert parse_signature("(int32, f8)") == Signature(None, (types.int32, types.float64))
    assert parse_signature("(i4)") == Signature(None, (types.int32,))
    assert parse_signature("void(float64[:])").args == (types.float64[:],)
    assert parse_signature("UniTuple(int64, 2)(intp)").return_type == types.UniTuple(
        types.int64, 2)
    with pytest.raises(TypeError):
        parse_signature("float64(nosuchtype)")
    with pytest.raises(TypeError):
        parse_signature("float64")  # a type, not a signature (as in Numba)
    with pytest.raises(TypeError):
        parse_signature("__import__('os')")


def test_sigutils():
    from ferrumba.core.sigutils import is_signature, normalize_signature, to_core_string
    assert is_signature("f8(i4)") and is_signature((types.int32,))
    assert is_signature(types.float64(types.int32)) and not is_signature(types.int32)
    assert normalize_signature((types.int32,)) == ((types.int32,), None)
    assert to_core_string("float64( i4 , f8 )") == "float64(int32, float64)"
    assert to_core_string((types.int32, types.float64)) == "(int32, float64)"
    assert to_core_string(types.float64(types.int32)) == "float64(int32)"
    assert to_core_string("range_state64(int64)") == "range_state64(int64)"  # passed on
    with pytest.raises(TypeError):
        to_core_string((1, 2))
    with pytest.raises(TypeError):
        to_core_string("float64")
    with pytest.raises(TypeError):
        to_core_string("float64(int32,")


def test_typeof_uses_core():
    assert ferrumba.typeof(1) is types.int64
    assert ferrumba.typeof((1, 2)) == types.UniTuple(types.int64, 2)
    assert ferrumba.typeof((1, 2.0)) == types.Tuple((types.int64, types.float64))
    with pytest.raises(ValueError):
        ferrumba.typeof(object())


def test_from_dtype():
    import numpy as np
    assert ferrumba.from_dtype(np.float32) is types.float32
    assert ferrumba.from_dtype(np.dtype("int16")) is types.int16
    assert ferrumba.from_dtype(np.bool_) is types.boolean


def test_names_and_reprs_match_numba():
    nb = pytest.importorskip("numba.core.types")
    pairs = []
    for name in ("boolean", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float32", "float64", "complex64", "complex128", "none", "intp",
                 "uintp", "intc", "range_state64_type", "range_iter64_type",
                 "range_state32_type", "unsigned_range_state64_type"):
        pairs.append((getattr(types, name), getattr(nb, name)))
    pairs += [
        (types.UniTuple(types.int64, 3), nb.UniTuple(nb.int64, 3)),
        (types.Tuple((types.int64, types.float64)), nb.Tuple((nb.int64, nb.float64))),
        (types.optional(types.float32), nb.optional(nb.float32)),
        (types.float64[:], nb.float64[:]),
        (types.float64[:, ::1], nb.float64[:, ::1]),
        (types.int32[::1, :, :], nb.int32[::1, :, :]),
        (types.Array(types.int8, 2, "A", readonly=True), nb.Array(nb.int8, 2, "A",
                                                                    readonly=True)),
        (types.Tuple((types.UniTuple(types.int8, 2), types.boolean)),
         nb.Tuple((nb.UniTuple(nb.int8, 2), nb.boolean))),
    ]
    for ours, theirs in pairs:
        assert str(ours) == str(theirs)
        assert repr(ours) == repr(theirs)
        assert from_name(str(theirs)) == ours
    assert repr(types.float64(types.int32, types.float64)) == repr(
        nb.float64(nb.int32, nb.float64))

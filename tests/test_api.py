"""The public API: `import ferrumba as numba`, decorator forms and options, lazy and eager compilation,
signatures as strings / type objects / lists, the TypeError for unmatched eager signatures, dispatcher
attributes, `typeof` and the type objects with their reprs."""

import contextlib
import io

import numpy as np
import pytest

import ferrumba
import ferrumba as numba  # the documented drop-in spelling
from ferrumba import jit, njit, types

from helpers import assert_value


def add(a, b):
    return a + b


def _sigs(dispatcher):
    return [tuple(str(t) for t in sig) for sig in dispatcher.signatures]


# --------------------------------------------------------------------------------------------- decorators

def test_import_as_numba():
    assert numba.njit is ferrumba.njit
    assert callable(numba.jit)


def test_njit_without_parentheses():
    @njit
    def f(a, b):
        return a + b

    assert_value(f(1, 2), 3)


def test_njit_with_empty_parentheses():
    @njit()
    def f(a, b):
        return a * b

    assert_value(f(3, 4), 12)


def test_jit_nopython_true():
    @jit(nopython=True)
    def f(a):
        return a - 1

    assert_value(f(3), 2)


def test_jit_without_arguments():
    @jit
    def f(a):
        return a * 2.0

    assert_value(f(3), 6.0)


def test_njit_called_as_function():
    f = njit(add)
    assert_value(f(1.5, 2), 3.5)
    g = jit(nopython=True)(add)
    assert_value(g(1, 2), 3)


@pytest.mark.parametrize(
    "options",
    [{"nogil": True}, {"cache": False}, {"parallel": False}, {"parallel": True}, {"fastmath": True},
     {"fastmath": False}, {"fastmath": {"nnan", "ninf"}}, {"error_model": "python"}, {"error_model": "numpy"},
     {"boundscheck": True}, {"boundscheck": False}, {"inline": "never"}, {"inline": "always"},
     {"nopython": True, "nogil": True, "fastmath": True}],
    ids=repr,
)
def test_options_accepted(options):
    f = njit(**options)(add)
    assert_value(f(2, 3), 5)
    assert_value(f(2.5, 0.25), 2.75)
    g = jit(nopython=True, **{k: v for k, v in options.items() if k != "nopython"})(add)
    assert_value(g(2, 3), 5)


def test_locals_option_types_a_variable():
    def f(x):
        y = x
        return y

    g = njit(locals={"y": numba.float64})(f)
    assert_value(g(3), 3.0)  # y is declared float64: an int argument becomes a float


def test_cache_option_with_function_in_test_module():
    f = njit(cache=True)(add)
    assert_value(f(1, 2), 3)


# --------------------------------------------------------------------------------------------- lazy compilation

def test_lazy_compilation_one_specialization_per_type_tuple():
    f = njit(add)
    assert f.signatures == []
    f(1, 2)
    assert _sigs(f) == [("int64", "int64")]
    f(3, 4)
    assert _sigs(f) == [("int64", "int64")]
    f(1.0, 2)
    assert _sigs(f) == [("int64", "int64"), ("float64", "int64")]
    f(np.int8(1), np.int8(2))
    f(np.float32(1), 2.0)
    f(True, 1j)
    assert _sigs(f) == [("int64", "int64"), ("float64", "int64"), ("int8", "int8"), ("float32", "float64"),
                        ("bool", "complex128")]
    assert len(f.overloads) == 5


@pytest.mark.parametrize(
    "value,expected",
    [(1, "int64"), (-(2**63), "int64"), (1.0, "float64"), (True, "bool"), (1j, "complex128"),
     (np.int8(1), "int8"), (np.int16(1), "int16"), (np.int32(1), "int32"), (np.int64(1), "int64"),
     (np.uint8(1), "uint8"), (np.uint16(1), "uint16"), (np.uint32(1), "uint32"), (np.uint64(1), "uint64"),
     (np.float32(1), "float32"), (np.float64(1), "float64"), (np.complex64(1), "complex64"),
     (np.complex128(1), "complex128"), (np.bool_(True), "bool")],
    ids=repr,
)
def test_argument_typing(value, expected):
    def ident(x):
        return x

    f = njit(ident)
    f(value)
    assert _sigs(f) == [(expected,)]


# --------------------------------------------------------------------------------------------- eager signatures

def test_eager_string_signature():
    f = njit("float64(int32, float64)")(add)
    assert _sigs(f) == [("int32", "float64")]  # compiled before the first call
    assert_value(f(1, 2.5), 3.5)
    assert_value(f(np.int32(7), np.float64(0.5)), 7.5)
    assert_value(f(1, 2), 3.0)  # int64 -> int32 and int64 -> float64 conversions are allowed
    assert _sigs(f) == [("int32", "float64")]  # no new specialization


def test_eager_type_object_signature():
    f = njit(numba.float64(numba.int32, numba.float64))(add)
    assert_value(f(1, 2.5), 3.5)
    assert [str(s) for s in f.nopython_signatures] == ["(int32, float64) -> float64"]


def test_eager_signature_return_type_converts():
    f = njit("int32(int32, int32)")(add)
    assert_value(f(1, 2), 3)
    g = njit("float32(float32, float32)")(add)
    assert_value(g(0.1, 0.2), float(np.float32(np.float32(0.1) + np.float32(0.2))))


def test_eager_list_of_signatures():
    f = njit([numba.float64(numba.float64, numba.float64), numba.int32(numba.int32, numba.int32)])(add)
    assert sorted(_sigs(f)) == [("float64", "float64"), ("int32", "int32")]
    assert_value(f(np.int32(2), np.int32(3)), 5)
    assert_value(f(1.5, 2.5), 4.0)


def test_eager_list_of_string_signatures():
    f = njit(["int64(int64, int64)", "complex128(complex128, complex128)"])(add)
    assert_value(f(2, 3), 5)
    assert_value(f(1j, 2), 2 + 1j)


def test_jit_with_signature_and_options():
    f = jit("float64(float64)", nopython=True, fastmath=False)(lambda_free_square)
    assert_value(f(3.0), 9.0)


def lambda_free_square(x):
    return x * x


@pytest.mark.parametrize(
    "args,typenames",
    [((1j, 2.0), "complex128, float64"), (((1, 2), 2.0), "UniTuple(int64 x 2), float64"),
     ((1.0, 2j), "float64, complex128")],
    ids=repr,
)
def test_eager_signature_mismatch_raises_type_error(args, typenames):
    f = njit("float64(int32, float64)")(add)
    with pytest.raises(TypeError) as info:
        f(*args)
    message = str(info.value)
    assert message.startswith("No matching definition for argument type(s)")
    assert typenames in message
    assert _sigs(f) == [("int32", "float64")]


def test_disable_compile():
    f = njit(add)
    f(1, 2)
    f.disable_compile()
    assert_value(f(5, 6), 11)
    with pytest.raises(TypeError, match=r"^No matching definition for argument type\(s\)"):
        f(1j, 1j)
    assert _sigs(f) == [("int64", "int64")]


# --------------------------------------------------------------------------------------------- dispatcher

def test_py_func():
    f = njit(add)
    assert f.py_func is add
    assert f.py_func(1, 2) == 3


def test_nopython_signatures_and_overloads():
    f = njit(add)
    f(1, 2)
    f(1.5, 2.5)
    assert [str(s) for s in f.nopython_signatures] == ["(int64, int64) -> int64", "(float64, float64) -> float64"]
    sig = f.nopython_signatures[0]
    assert str(sig.return_type) == "int64"
    assert [str(a) for a in sig.args] == ["int64", "int64"]
    assert set(f.overloads) == set(f.signatures)


def test_inspect_types_prints_typed_source():
    f = njit(add)
    f(1, 2)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        f.inspect_types()
    text = buf.getvalue()
    assert "add" in text
    assert "int64" in text
    assert "return a + b" in text


def test_inspect_asm_returns_text_per_signature():
    f = njit(add)
    f(1, 2)
    f(1.5, 2.5)
    asm = f.inspect_asm()
    assert isinstance(asm, dict)
    assert len(asm) == 2
    assert all(isinstance(v, str) and v for v in asm.values())
    one = f.inspect_asm(f.signatures[0])
    assert isinstance(one, str) and one


def test_recompile_keeps_signatures():
    f = njit(add)
    f(1, 2)
    f(1.5, 2)
    f.recompile()
    assert _sigs(f) == [("int64", "int64"), ("float64", "int64")]
    assert_value(f(1, 2), 3)


def test_dispatcher_keeps_function_metadata():
    f = njit(add)
    assert f.__name__ == "add"
    assert f.__doc__ == add.__doc__
    assert f.__module__ == add.__module__


def test_dispatcher_is_reusable_from_many_types():
    f = njit(add)
    for a, b in [(1, 2), (1.5, 2), (np.int8(1), np.int8(2)), (1j, 1), (True, False)]:
        assert_value(f(a, b), a + b if not isinstance(a, np.generic) else int(a) + int(b))


# --------------------------------------------------------------------------------------------- types

TYPE_NAMES = [
    ("int8", "int8"), ("int16", "int16"), ("int32", "int32"), ("int64", "int64"), ("uint8", "uint8"),
    ("uint16", "uint16"), ("uint32", "uint32"), ("uint64", "uint64"), ("intp", "int64"), ("uintp", "uint64"),
    ("float32", "float32"), ("float64", "float64"), ("complex64", "complex64"), ("complex128", "complex128"),
    ("boolean", "bool"), ("b1", "bool"), ("void", "none"), ("none", "none"),
    ("i1", "int8"), ("i2", "int16"), ("i4", "int32"), ("i8", "int64"), ("u1", "uint8"), ("u2", "uint16"),
    ("u4", "uint32"), ("u8", "uint64"), ("f4", "float32"), ("f8", "float64"), ("c8", "complex64"),
    ("c16", "complex128"), ("double", "float64"), ("int_", "int64"),
]


@pytest.mark.parametrize("name,text", TYPE_NAMES, ids=[n for n, _ in TYPE_NAMES])
def test_type_names_and_aliases(name, text):
    top = getattr(ferrumba, name)
    assert str(top) == text
    assert getattr(types, name) is top


def test_aliases_are_the_same_objects():
    assert ferrumba.i4 is ferrumba.int32
    assert ferrumba.f8 is ferrumba.float64
    assert ferrumba.boolean is ferrumba.b1
    assert ferrumba.intp is ferrumba.int64


def test_types_module_is_importable():
    import ferrumba.types as t

    assert t.float64 is ferrumba.float64


@pytest.mark.parametrize(
    "value,text",
    [(1, "int64"), (2**63, "uint64"), (1.0, "float64"), (1j, "complex128"), (True, "bool"), (None, "none"),
     (np.int8(1), "int8"), (np.uint32(1), "uint32"), (np.float32(1), "float32"), (np.complex64(1), "complex64"),
     (np.bool_(False), "bool"), ((1, 2.0), "Tuple(int64, float64)"), ((1, 2, 3), "UniTuple(int64 x 3)"),
     ((1.0, 2.0), "UniTuple(float64 x 2)"), (((1, 2), 3.0), "Tuple(UniTuple(int64 x 2), float64)"),
     ((np.int8(1), 2), "Tuple(int8, int64)")],
    ids=repr,
)
def test_typeof(value, text):
    t = ferrumba.typeof(value)
    assert str(t) == text


def test_typeof_returns_type_objects():
    assert ferrumba.typeof(1) == ferrumba.int64
    assert ferrumba.typeof(1.0) == ferrumba.float64
    assert ferrumba.typeof(np.float32(1)) == ferrumba.float32
    assert ferrumba.typeof(np.int8(1)) is ferrumba.int8
    assert ferrumba.typeof(1) != ferrumba.int32


def test_signature_objects():
    sig = ferrumba.float64(ferrumba.int32, ferrumba.float64)
    assert str(sig) == "(int32, float64) -> float64"
    assert sig.return_type == ferrumba.float64
    assert tuple(sig.args) == (ferrumba.int32, ferrumba.float64)
    vsig = ferrumba.void(ferrumba.int64)
    assert str(vsig) == "(int64,) -> none"


def test_tuple_types():
    assert str(types.UniTuple(types.int64, 2)) == "UniTuple(int64 x 2)"
    assert str(types.Tuple((types.int64, types.float64))) == "Tuple(int64, float64)"
    assert types.UniTuple(types.int64, 2) == ferrumba.typeof((1, 2))


def test_type_objects_hashable_and_comparable():
    d = {ferrumba.int64: "a", ferrumba.float64: "b"}
    assert d[ferrumba.typeof(5)] == "a"
    assert ferrumba.int64 != ferrumba.uint64
    assert repr(ferrumba.int32) == "int32"


def test_errors_modules():
    import ferrumba.core.errors as core_errors
    import ferrumba.errors as errors

    assert issubclass(errors.TypingError, Exception)
    assert issubclass(errors.UnsupportedError, Exception)
    assert core_errors.TypingError is errors.TypingError
    assert core_errors.UnsupportedError is errors.UnsupportedError

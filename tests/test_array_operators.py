"""Operators on arrays (elementwise, with broadcasting for 1-D and 2-D operands and scalars), compared
with NumPy: values and result dtypes."""

import operator
import warnings

import numpy as np
import pytest

from ferrumba import njit

DTYPES = [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]

ARITH = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
}
COMPARE = {"lt": operator.lt, "eq": operator.eq, "ge": operator.ge}


@njit
def add(a, b):
    return a + b


@njit
def sub(a, b):
    return a - b


@njit
def mul(a, b):
    return a * b


@njit
def truediv(a, b):
    return a / b


@njit
def floordiv(a, b):
    return a // b


@njit
def lt(a, b):
    return a < b


@njit
def eq(a, b):
    return a == b


@njit
def ge(a, b):
    return a >= b


@njit
def neg(a):
    return -a


@njit
def bit_and(a, b):
    return a & b


COMPILED = {"add": add, "sub": sub, "mul": mul, "truediv": truediv, "lt": lt, "eq": eq, "ge": ge}


def numpy_result(name, a, b):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return {**ARITH, **COMPARE}[name](a, b)


def check(name, a, b):
    got = COMPILED[name](a, b)
    expected = numpy_result(name, a, b)
    assert got.dtype == expected.dtype, (name, a.dtype if hasattr(a, "dtype") else a, got.dtype, expected.dtype)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, equal_nan=True)


def sample(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.complexfloating):
        return (rng.normal(size=shape) + 1j * rng.normal(size=shape)).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        return rng.normal(size=shape).astype(dtype)
    return rng.integers(1, 50, size=shape).astype(dtype)


SAME_SHAPE_CASES = [
    (name, dtype) for name in COMPILED for dtype in DTYPES
    # Ordering complex numbers is not supported in compiled code (as in Numba): tested below.
    if not (name in ("lt", "ge") and np.issubdtype(dtype, np.complexfloating))
]


@pytest.mark.parametrize("name,dtype", SAME_SHAPE_CASES, ids=lambda v: getattr(v, "__name__", v))
def test_same_shape_1d(name, dtype):
    a, b = sample(dtype, (7,), 1), sample(dtype, (7,), 2)
    check(name, a, b)
    check(name, a[::2], b[::-2])


@pytest.mark.parametrize("name", ["add", "mul", "truediv", "lt"])
@pytest.mark.parametrize("scalar", [3, 2.5, True])
def test_array_and_scalar(name, scalar):
    for dtype in (np.int8, np.int64, np.float32, np.float64):
        a = sample(dtype, (5,), 3)
        check(name, a, scalar)
        check(name, scalar, a)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "lt"])
def test_broadcasting_2d(name):
    g = sample(np.float64, (3, 4), 4)
    row = sample(np.float64, (4,), 5)
    column = sample(np.float64, (3, 1), 6)
    check(name, g, g)
    check(name, g, row)
    check(name, row, g)
    check(name, g, column)
    check(name, g, 2.0)
    check(name, np.asfortranarray(g), g[:, ::-1])


def test_length_one_broadcasting_and_empty_arrays():
    check("add", np.arange(5.0), np.array([10.0]))
    check("add", np.array([10.0]), np.arange(5.0))
    check("mul", np.zeros(0), np.zeros(0))


def test_ordering_complex_arrays_is_a_typing_error():
    import ferrumba

    z = sample(np.complex128, (3,), 7)
    with pytest.raises(ferrumba.errors.TypingError):
        njit(lt.py_func)(z, z)


def test_mismatched_shapes_raise_value_error():
    with pytest.raises(ValueError, match="broadcast"):
        add(np.arange(3.0), np.arange(4.0))


def test_division_by_zero_follows_numpy():
    got = truediv(np.array([1.0, -1.0, 0.0]), np.zeros(3))
    assert got[0] == np.inf and got[1] == -np.inf and np.isnan(got[2])
    np.testing.assert_array_equal(floordiv(np.array([7, -7]), np.array([2, 0])), [3, 0])


def test_unary_and_bitwise():
    a = np.array([1, -2, 3], dtype=np.int16)
    np.testing.assert_array_equal(neg(a), -a)
    assert neg(a).dtype == a.dtype
    np.testing.assert_array_equal(bit_and(np.array([6, 5]), np.array([3, 3])), [2, 1])


@njit
def expression(x, y):
    return x * 2.0 + y / 3.0 - (x - y) * (x + y)


def test_compound_expression_and_no_leaks():
    from ferrumba import _core

    x, y = np.linspace(0, 1, 100), np.linspace(1, 2, 100)
    np.testing.assert_allclose(expression(x, y), x * 2.0 + y / 3.0 - (x - y) * (x + y))
    before = _core._nrt_stats()
    for _ in range(200):
        expression(x, y)
    import gc

    gc.collect()
    allocs, frees = _core._nrt_stats()
    assert allocs - before[0] == frees - before[1]


@njit
def accumulate_in_place(a, b):
    a += b
    a *= 2
    a -= 1
    return a


@njit
def scale_rows(g, row):
    g /= row


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64, np.complex128], ids=lambda d: d.__name__)
def test_in_place_operators_update_the_callers_array(dtype):
    a = sample(dtype, (6,), 8)
    b = sample(dtype, (6,), 9)
    expected = (a + b) * 2 - 1
    result = accumulate_in_place(a, b)
    assert result is a
    np.testing.assert_allclose(a, expected, rtol=1e-6)


def test_in_place_broadcasting_and_views():
    g = np.arange(1.0, 13.0).reshape(3, 4)
    row = np.array([1.0, 2.0, 4.0, 8.0])
    expected = g / row
    scale_rows(g, row)
    np.testing.assert_allclose(g, expected)
    base = np.arange(10.0)
    accumulate_in_place(base[::2], 1.0)
    np.testing.assert_allclose(base, [1, 1, 5, 3, 9, 5, 13, 7, 17, 9])


def test_in_place_cast_numpy_refuses_is_a_typing_error():
    import ferrumba

    with pytest.raises(ferrumba.errors.TypingError, match=r"\+="):
        accumulate_in_place(np.arange(3), np.ones(3))


def test_augmented_assignment_on_numbers_is_unchanged():
    @njit
    def total(n):
        s = 0
        for i in range(n):
            s += i
            s *= 1
        return s

    assert total(10) == 45

"""Builtins in compiled code: abs min max round int float bool complex pow divmod len, and the
`operator` module functions."""

import math
import operator

import numpy as np
import pytest

from ferrumba import njit

from helpers import define, FLOAT64_EDGES, INT_TYPES, SIGNED, assert_same, assert_value, int_edges


def b_abs(x):
    return abs(x)


@pytest.mark.parametrize("x", [0, 5, -5, 2**63 - 1, -(2**63) + 1, 0.0, -0.0, -1.5, math.inf, -math.inf, math.nan,
                               3 + 4j, -3 - 4j, True], ids=repr)
def test_abs(x):
    assert_same(njit(b_abs), b_abs, x)


def test_abs_int64_min_wraps():
    assert_value(njit(b_abs)(-(2**63)), -(2**63))


@pytest.mark.parametrize("t", INT_TYPES + [np.float32], ids=lambda t: t.__name__)
def test_abs_numpy_scalars(t):
    # abs keeps the operand's type (NumPy semantics: abs(int8(-128)) is -128)
    f = njit(b_abs)
    with np.errstate(all="ignore"):
        values = int_edges(t) if t is not np.float32 else [np.float32(v) for v in (-1.5, 0.0, -0.0, 3.25)]
        for x in values:
            expected = abs(x)
            assert_value(f(x), expected)


def b_min2(a, b):
    return min(a, b)


def b_max2(a, b):
    return max(a, b)


def b_min3(a, b, c):
    return min(a, b, c)


def b_max3(a, b, c):
    return max(a, b, c)


MINMAX_PAIRS = [(1, 2), (2, 1), (-5, -5), (1.5, -2.5), (-0.0, 0.0), (0.0, -0.0), (math.nan, 1.0), (1.0, math.nan),
                (math.inf, -math.inf), (True, False), (2**63 - 1, -(2**63))]


@pytest.mark.parametrize("a,b", MINMAX_PAIRS, ids=repr)
def test_min_max_two(a, b):
    assert_same(njit(b_min2), b_min2, a, b)
    assert_same(njit(b_max2), b_max2, a, b)


@pytest.mark.parametrize("a,b", [(1, 2.5), (3, 2.5), (-1, -1.0)], ids=repr)
def test_min_max_mixed_int_float_gives_float(a, b):
    assert_value(njit(b_min2)(a, b), float(min(a, b)))
    assert_value(njit(b_max2)(a, b), float(max(a, b)))


@pytest.mark.parametrize("args", [(1, 2, 3), (3, 2, 1), (2, 3, 1), (1.5, 0.5, 2.5), (-1, -1, -1)], ids=repr)
def test_min_max_three(args):
    assert_same(njit(b_min3), b_min3, *args)
    assert_same(njit(b_max3), b_max3, *args)


@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
def test_min_max_numpy_ints(t):
    for a in int_edges(t)[::2]:
        for b in int_edges(t)[1::2]:
            assert_value(njit(b_min2)(a, b), int(min(a, b)))
            assert_value(njit(b_max2)(a, b), int(max(a, b)))


def b_min_tuple(t):
    return min(t), max(t)


@pytest.mark.parametrize("t", [(3, 1, 2), (1.5, -1.5), (7,)], ids=repr)
def test_min_max_of_tuple(t):
    assert_same(njit(b_min_tuple), b_min_tuple, t)


def b_round(x):
    return round(x)


def b_round_n(x, n):
    return round(x, n)


@pytest.mark.parametrize("x", [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.4, -2.6, 1e15 + 0.5, 0.0,
                               -0.0, 123456789.5], ids=repr)
def test_round_half_even_to_int(x):
    assert_same(njit(b_round), b_round, x)


@pytest.mark.parametrize("x", [0, 7, -7, 2**62])
def test_round_int(x):
    assert_same(njit(b_round), b_round, x)


@pytest.mark.parametrize("x,n", [(1234.5678, 2), (1234.5678, 0), (1234.5678, -2), (0.5, 0), (-1.5, 0), (1.0, 5),
                                 (-0.0, 1), (math.inf, 2), (math.nan, 2)], ids=repr)
def test_round_ndigits_gives_float(x, n):
    assert_same(njit(b_round_n), b_round_n, x, n)


def conversions(x):
    return int(x), float(x), complex(x)


@pytest.mark.parametrize("x", [0, 5, -5, 2**63 - 1, 0.0, -0.0, 2.7, -2.7, 1e15 + 0.5, 123456.999], ids=repr)
def test_int_float_complex_conversions(x):
    assert_same(njit(conversions), conversions, x)


@pytest.mark.parametrize("t", INT_TYPES + [np.float32, np.float64], ids=lambda t: t.__name__)
def test_conversions_of_numpy_scalars(t):
    f = njit(conversions)
    for v in [0, 1, 100]:
        x = t(v)
        assert_value(f(x), (int(x), float(x), complex(float(x))))
    if t in SIGNED:
        x = t(-3)
        assert_value(f(x), (-3, -3.0, complex(-3.0)))
    if t is np.float32:
        x = np.float32(-2.75)
        assert_value(f(x), (-2, -2.75, -2.75 + 0j))


def to_bool(x):
    return bool(x)


@pytest.mark.parametrize("x", [0, 1, -1, 0.0, -0.0, 0.1, math.nan, math.inf, 0j, 1j, True, False], ids=repr)
def test_bool(x):
    assert_same(njit(to_bool), to_bool, x)


def complex2(a, b):
    return complex(a, b)


@pytest.mark.parametrize("a,b", [(1, 2), (1.5, -0.0), (0.0, math.inf), (-3, 2.5)], ids=repr)
def test_complex_two_args(a, b):
    assert_same(njit(complex2), complex2, a, b)


def b_pow(a, b):
    return pow(a, b)


@pytest.mark.parametrize("a,b", [(2, 10), (3, 0), (-3, 3), (2.0, 0.5), (2.0, -1.0), (0.0, 0.0), (1.5, 2)], ids=repr)
def test_pow(a, b):
    assert_same(njit(b_pow), b_pow, a, b)


def b_divmod(a, b):
    return divmod(a, b)


@pytest.mark.parametrize("a,b", [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (2**63 - 1, 10), (7.5, 2.0),
                                 (-7.5, 2.0), (7.5, -2.0), (-0.0, 1.0), (1e300, 3.0)], ids=repr)
def test_divmod(a, b):
    assert_same(njit(b_divmod), b_divmod, a, b)


@pytest.mark.parametrize("a,b", [(7, 0), (7.5, 0.0), (0, 0)], ids=repr)
def test_divmod_by_zero_raises(a, b):
    with pytest.raises(ZeroDivisionError):
        njit(b_divmod)(a, b)


@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
def test_divmod_numpy_ints(t):
    f = njit(b_divmod)
    for a in int_edges(t):
        for b in [t(3), t(7), t(1)]:
            assert_value(f(a, b), divmod(int(a), int(b)))


OPS2 = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod, operator.pow,
        operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne, operator.and_, operator.or_,
        operator.xor, operator.lshift, operator.rshift]


def _wrap_op(op):
    ns = {"operator": operator}
    define(f"def f(a, b):\n    return operator.{op.__name__}(a, b)\n", ns)
    return ns["f"]


@pytest.mark.parametrize("op", OPS2, ids=lambda o: o.__name__)
@pytest.mark.parametrize("a,b", [(7, 3), (-7, 3), (12, 5), (1, 62)], ids=repr)
def test_operator_module_binary_int(op, a, b):
    assert_same(njit(_wrap_op(op)), op, a, b)


@pytest.mark.parametrize("op", OPS2[:13], ids=lambda o: o.__name__)
@pytest.mark.parametrize("a,b", [(7.5, 2.0), (-7.5, 2.0), (0.5, -0.25)], ids=repr)
def test_operator_module_binary_float(op, a, b):
    assert_same(njit(_wrap_op(op)), op, a, b)


def unary_ops(a):
    return operator.neg(a), operator.pos(a), operator.not_(a), operator.invert(a)


@pytest.mark.parametrize("a", [0, 5, -5, 2**62])
def test_operator_module_unary(a):
    assert_same(njit(unary_ops), unary_ops, a)


def inplace_ops(a, b):
    x = operator.iadd(a, b)
    x = operator.imul(x, b)
    x = operator.isub(x, a)
    x = operator.ifloordiv(x, 3)
    x = operator.imod(x, 1000)
    return x


@pytest.mark.parametrize("a,b", [(1, 2), (-7, 3), (100, -3)])
def test_operator_module_inplace(a, b):
    assert_same(njit(inplace_ops), inplace_ops, a, b)


def apply_op(a, b):
    return operator.add(a, b) * operator.mul(a, b)


@pytest.mark.parametrize("a,b", [(1, 2), (1.5, 2), (1j, 2)], ids=repr)
def test_operator_add_mul_mixed(a, b):
    assert_same(njit(apply_op), apply_op, a, b)


@pytest.mark.parametrize("x", FLOAT64_EDGES, ids=repr)
def test_abs_float_edges(x):
    assert_same(njit(b_abs), b_abs, x)

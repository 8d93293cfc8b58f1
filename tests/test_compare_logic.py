"""Comparisons (chained too), boolean operators with Python value semantics and short-circuiting,
`not`, `is None`, and truthiness of every scalar type."""

import math

import numpy as np
import pytest

from ferrumba import njit

from helpers import FLOAT32_EDGES, FLOAT64_EDGES, INT_TYPES, assert_same, assert_value, int_edges


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def gt(a, b):
    return a > b


def ge(a, b):
    return a >= b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


CMP = [lt, le, gt, ge, eq, ne]


@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("fn", CMP, ids=lambda f: f.__name__)
def test_int_comparisons(fn, t):
    f = njit(fn)
    edges = int_edges(t)
    for a in edges:
        for b in edges:
            r = f(a, b)
            assert type(r) is bool
            assert r == fn(int(a), int(b))


@pytest.mark.parametrize("fn", CMP, ids=lambda f: f.__name__)
def test_float64_comparisons_with_nan_and_zero(fn):
    f = njit(fn)
    for a in FLOAT64_EDGES:
        for b in FLOAT64_EDGES:
            assert_same(f, fn, a, b)


@pytest.mark.parametrize("fn", CMP, ids=lambda f: f.__name__)
def test_float32_comparisons(fn):
    f = njit(fn)
    for a in FLOAT32_EDGES:
        for b in FLOAT32_EDGES:
            assert_value(f(a, b), bool(fn(a, b)))


@pytest.mark.parametrize(
    "a,b", [(1, 1.0), (2**53, 2.0**53), (-1, -1.0), (3, 2.5), (0, -0.0), (True, 1), (False, 0.0), (7, math.nan)],
    ids=repr,
)
@pytest.mark.parametrize("fn", CMP, ids=lambda f: f.__name__)
def test_mixed_comparisons(fn, a, b):
    assert_same(njit(fn), fn, a, b)


@pytest.mark.parametrize("fn", [eq, ne], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a,b", [(1j, 1j), (1 + 2j, 1 - 2j), (complex(math.nan, 0), complex(math.nan, 0)), (0j, -0j)],
                         ids=repr)
def test_complex_equality(fn, a, b):
    assert_same(njit(fn), fn, a, b)


def chained(a, b, c):
    return a < b < c


def chained_mixed(a, b, c, d):
    return a <= b != c > d


def chained_eq(a, b, c):
    return a == b == c


@pytest.mark.parametrize(
    "args", [(1, 2, 3), (1, 3, 2), (3, 2, 1), (1, 1, 2), (-5, 0, 5), (0.5, 0.6, 0.7), (1, 2.5, 3), (math.nan, 1.0, 2.0)],
    ids=repr,
)
def test_chained_comparison(args):
    assert_same(njit(chained), chained, *args)
    assert_same(njit(chained_eq), chained_eq, *args)


@pytest.mark.parametrize("args", [(1, 2, 3, 0), (1, 1, 1, 0), (2, 1, 3, 0), (1, 2, 3, 4), (0, 0, 1, 0)], ids=repr)
def test_chained_comparison_four_operands(args):
    assert_same(njit(chained_mixed), chained_mixed, *args)


def and_value(a, b):
    return a and b


def or_value(a, b):
    return a or b


def not_value(a):
    return not a


AND_OR_ARGS = [(0, 5), (3, 5), (3, 0), (0, 0), (-1, 7), (0.0, 2.5), (1.5, 0.0), (math.nan, 1.0), (-0.0, 3.0),
               (True, False), (False, True), (True, True)]


@pytest.mark.parametrize("a,b", AND_OR_ARGS, ids=repr)
@pytest.mark.parametrize("fn", [and_value, or_value], ids=lambda f: f.__name__)
def test_and_or_return_operand_values(fn, a, b):
    # `a and b` / `a or b` give one of the operands (same types here), like Python.
    assert_same(njit(fn), fn, a, b)


@pytest.mark.parametrize("a", [0, 1, -1, 2**63 - 1, 0.0, -0.0, 1.5, math.nan, math.inf, True, False, 0j, 1j],
                         ids=repr)
def test_not(a):
    assert_same(njit(not_value), not_value, a)


@pytest.mark.parametrize("t", INT_TYPES + [np.float32, np.float64], ids=lambda t: t.__name__)
def test_not_numpy_scalars(t):
    f = njit(not_value)
    for v in [0, 1, 7]:
        assert_value(f(t(v)), not v)


def truthy(a):
    if a:
        return 1
    return 0


@pytest.mark.parametrize("t", INT_TYPES + [np.float32, np.float64, np.complex64, np.complex128, np.bool_],
                         ids=lambda t: t.__name__)
def test_truthiness_of_every_scalar_type(t):
    f = njit(truthy)
    for v in [0, 1, 2]:
        x = t(v)
        assert_value(f(x), 1 if x else 0)


@pytest.mark.parametrize("a", [0.0, -0.0, math.nan, math.inf, 1e-320, complex(0, -0.0), complex(0, 1e-300)],
                         ids=repr)
def test_truthiness_float_edges(a):
    assert_same(njit(truthy), truthy, a)


def side_effect_and(n):
    # The right operand must not run when the left one decides: a division by zero would raise.
    return n != 0 and 100 // n > 3


def side_effect_or(n):
    return n == 0 or 100 // n > 3


@pytest.mark.parametrize("n", [0, 1, 10, 50, -1, -40])
def test_short_circuit(n):
    assert_same(njit(side_effect_and), side_effect_and, n)
    assert_same(njit(side_effect_or), side_effect_or, n)


CALLS = []


def helper_count(x):
    return x * 2


@njit
def jit_helper(x):
    return x * 2 > 10


def short_circuit_call(a, b):
    return a > 0 and jit_helper(b)


@pytest.mark.parametrize("a,b", [(0, 100), (1, 100), (1, 1), (-1, 1)])
def test_short_circuit_with_call(a, b):
    def py(a, b):
        return a > 0 and b * 2 > 10

    assert_value(njit(short_circuit_call)(a, b), py(a, b))


def bool_combo(a, b, c):
    return (a > 0 and b > 0) or (not c and a != b)


@pytest.mark.parametrize("a", [-1, 0, 1])
@pytest.mark.parametrize("b", [-1, 0, 1])
@pytest.mark.parametrize("c", [True, False])
def test_boolean_combinations(a, b, c):
    assert_same(njit(bool_combo), bool_combo, a, b, c)


def is_none(x):
    return x is None


def is_not_none(x):
    return x is not None


@pytest.mark.parametrize("x", [None, 0, 1.5, True, 0j], ids=repr)
def test_is_none(x):
    assert_same(njit(is_none), is_none, x)
    assert_same(njit(is_not_none), is_not_none, x)


def default_none(a, b=None):
    if b is None:
        return a
    return a + b


@pytest.mark.parametrize("args", [(1,), (1, None), (1, 2), (1.5, 2.5)], ids=repr)
def test_optional_none_argument(args):
    assert_same(njit(default_none), default_none, *args)


def return_none(a):
    a + 1


def return_none_explicit(a):
    if a > 0:
        return None
    return None


@pytest.mark.parametrize("a", [0, 1, -1])
def test_returns_none(a):
    assert njit(return_none)(a) is None
    assert njit(return_none_explicit)(a) is None


def bool_arith(a, b):
    return a + b, a * 3, a & b, a | b, a ^ b


@pytest.mark.parametrize("a", [True, False])
@pytest.mark.parametrize("b", [True, False])
def test_bool_operands(a, b):
    assert_same(njit(bool_arith), bool_arith, a, b)


def bool_from_compare(a, b):
    c = a < b
    d = a == b
    return c, d, c and d, c or d


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (2, 2), (1.5, math.nan)], ids=repr)
def test_bool_variables(a, b):
    assert_same(njit(bool_from_compare), bool_from_compare, a, b)

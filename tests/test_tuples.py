"""Tuples: building, constant indexing (negative too), unpacking, returning them to Python, homogeneous and
heterogeneous tuples as arguments, nested tuples, len(), and tuples of NumPy scalars."""

import math

import numpy as np
import pytest

from ferrumba import njit

from helpers import INT_TYPES, assert_same, assert_value


def build(a, b):
    return (a, b, a + b)


@pytest.mark.parametrize("a,b", [(1, 2), (1.5, -2.5), (1, 2.5), (True, 3), (1j, 2), (-(2**63), 2**63 - 1)], ids=repr)
def test_build_and_return(a, b):
    r = assert_same(njit(build), build, a, b)
    assert type(r) is tuple


def index_constants(t):
    return t[0], t[1], t[-1], t[-2], t[2]


HOMOGENEOUS = [(1, 2, 3), (1.5, 2.5, -0.0), (True, False, True), (1j, 2j, 3 + 4j), (0, -1, 2**63 - 1)]
HETEROGENEOUS = [(1, 2.5, True), (1.5, 7, 1j), (True, 0.0, -5), (3, 4.5, 6)]


@pytest.mark.parametrize("t", HOMOGENEOUS + HETEROGENEOUS, ids=repr)
def test_constant_index_incl_negative(t):
    assert_same(njit(index_constants), index_constants, t)


def unpack(t):
    a, b, c = t
    return c, b, a


@pytest.mark.parametrize("t", HOMOGENEOUS + HETEROGENEOUS, ids=repr)
def test_unpack_and_reverse(t):
    assert_same(njit(unpack), unpack, t)


def swap(a, b):
    a, b = b, a
    return a, b


@pytest.mark.parametrize("a,b", [(1, 2), (1.5, 2.5), (True, False)], ids=repr)
def test_swap(a, b):
    assert_same(njit(swap), swap, a, b)


def tuple_len(t):
    return len(t)


@pytest.mark.parametrize("t", HOMOGENEOUS + HETEROGENEOUS + [(1,), (1, 2), tuple(range(10))], ids=repr)
def test_len(t):
    assert_same(njit(tuple_len), tuple_len, t)


def nested(t):
    (a, b), c = t
    return ((c, a), (b, (a, c)))


@pytest.mark.parametrize("t", [((1, 2), 3), ((1.5, 2), -1.0), ((True, 2.5), 7)], ids=repr)
def test_nested_unpack_and_return(t):
    assert_same(njit(nested), nested, t)


def nested_index(t):
    return t[0][1] + t[1][0][0]


@pytest.mark.parametrize("t", [((1, 2), ((3,), 4)), ((1.5, 2.5), ((3.5, 1), 4))], ids=repr)
def test_nested_index(t):
    assert_same(njit(nested_index), nested_index, t)


def sum_unituple(t):
    s = 0
    for i in range(len(t)):
        s += t[i]
    return s


@pytest.mark.parametrize("t", [(1, 2, 3), (1.5, 2.5), (7,), tuple(range(20))], ids=repr)
def test_homogeneous_tuple_runtime_index(t):
    # Homogeneous tuples (UniTuple) may be indexed with a run-time integer.
    assert_same(njit(sum_unituple), sum_unituple, t)


def iterate(t):
    s = 0
    for x in t:
        s = s * 10 + x
    return s


@pytest.mark.parametrize("t", [(1, 2, 3), (9, 8, 7, 6), (5,)], ids=repr)
def test_iterate_homogeneous_tuple(t):
    assert_same(njit(iterate), iterate, t)


def return_single(x):
    return (x,)


@pytest.mark.parametrize("x", [1, 2.5, True, 1j], ids=repr)
def test_one_element_tuple(x):
    assert_same(njit(return_single), return_single, x)


def return_empty():
    return ()


def test_empty_tuple():
    assert_same(njit(return_empty), return_empty)


def tuple_of_numpy_scalars(a, b):
    return a, b


@pytest.mark.parametrize("t", INT_TYPES + [np.float32, np.float64, np.complex64], ids=lambda t: t.__name__)
def test_numpy_scalar_elements_are_boxed_to_python(t):
    r = njit(tuple_of_numpy_scalars)(t(1), t(2))
    assert_value(r, (t(1), t(2)))


def tuple_compare(a, b):
    return a == b, a != b, a < b


@pytest.mark.parametrize("a,b", [((1, 2), (1, 2)), ((1, 2), (1, 3)), ((2, 0), (1, 9)), ((1.5, 2), (1.5, 2))],
                         ids=repr)
def test_tuple_comparison(a, b):
    assert_same(njit(tuple_compare), tuple_compare, a, b)


def tuple_concat(a, b):
    return a + b


@pytest.mark.parametrize("a,b", [((1, 2), (3,)), ((1.5,), (2, True)), ((), (1,))], ids=repr)
def test_tuple_concatenation(a, b):
    assert_same(njit(tuple_concat), tuple_concat, a, b)


def minmax(a, b, c):
    lo = min(a, b, c)
    hi = max(a, b, c)
    return lo, hi, hi - lo


@pytest.mark.parametrize("args", [(3, 1, 2), (1.5, -2.5, 0.0), (5, 5, 5)], ids=repr)
def test_returned_tuple_from_computation(args):
    assert_same(njit(minmax), minmax, *args)


def divmod_tuple(a, b):
    q, r = divmod(a, b)
    return q * b + r == a, (q, r)


@pytest.mark.parametrize("a,b", [(7, 2), (-7, 2), (7, -2), (7.5, 2.0), (-7.5, 2.0)], ids=repr)
def test_unpack_returned_tuple(a, b):
    assert_same(njit(divmod_tuple), divmod_tuple, a, b)


def tuple_in_loop(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a, b


@pytest.mark.parametrize("n", [0, 1, 2, 10, 50, 90])
def test_tuple_assignment_in_loop(n):
    assert_same(njit(tuple_in_loop), tuple_in_loop, n)


def tuple_arg_with_nan(t):
    return t[0] + t[1], math.isnan(t[1])


@pytest.mark.parametrize("t", [(1.0, math.nan), (1.0, 2.0), (math.inf, -math.inf)], ids=repr)
def test_tuple_with_special_floats(t):
    assert_same(njit(tuple_arg_with_nan), tuple_arg_with_nan, t)

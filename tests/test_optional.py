"""Optional values: a variable that is None on some paths and a number on others (Numba's OptionalType).

Operators and builtins use the number; a None there raises TypeError, as in Python.
"""

import math

import pytest

from ferrumba import njit

from helpers import assert_value


def maybe_increment(x):
    y = None
    if x > 0:
        y = x
    if y is None:
        return -1
    return y + 1


def sqrt_of_maybe(x):
    y = None
    if x > 0:
        y = x * 1.5
    return math.sqrt(y)


def maybe_value(x):
    r = None
    if x > 1:
        r = x
    return r


def compare_maybe(x):
    y = None
    if x != 0:
        y = x
    return y is not None and y > 2


@pytest.mark.parametrize("x", [-5, 0, 1, 5, 10**6])
def test_branch_on_is_none(x):
    assert_value(njit(maybe_increment)(x), maybe_increment(x))


@pytest.mark.parametrize("x", [0.5, 4, 100.0])
def test_optional_into_builtin(x):
    assert_value(njit(sqrt_of_maybe)(x), sqrt_of_maybe(x), rel=1e-15)


@pytest.mark.parametrize("x", [0, -1.5])
def test_none_into_builtin_raises_type_error(x):
    with pytest.raises(TypeError):
        sqrt_of_maybe(x)
    with pytest.raises(TypeError, match="got None"):
        njit(sqrt_of_maybe)(x)


@pytest.mark.parametrize("x", [0, 1, 2, 3, 2.5])
def test_return_optional(x):
    assert_value(njit(maybe_value)(x), maybe_value(x))


@pytest.mark.parametrize("x", [0, 1, 3, -4])
def test_compare_optional(x):
    assert_value(njit(compare_maybe)(x), compare_maybe(x))


def test_optional_signature_accepts_none_and_values():
    from ferrumba import optional, int64

    f = njit([int64(optional(int64))])(lambda v: -1 if v is None else v * 2)
    assert f(None) == -1
    assert f(21) == 42

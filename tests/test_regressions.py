"""Regressions found by the differential generator (tests/test_differential.py).

Each test here failed when it was written; the comment says what was observed and what is right. The
generator avoids the construct until the bug is fixed (see the comments there).
"""

import pytest

from ferrumba import njit

from helpers import define


def _compile(src):
    return njit(define(src, {}))


# Bug: a float raised to a negative *integer* power with a zero base returns inf (or -inf for -0.0 and
# an odd power) instead of raising ZeroDivisionError. Python raises ZeroDivisionError("0.0 cannot be
# raised to a negative power") and so does Numba 0.68 (error_model='python'). Only a float exponent
# (`0.0 ** -1.0`) follows C's pow and gives inf in Numba.
@pytest.mark.parametrize("src", [
    "def f(x, k):\n    return x ** k\n",
    "def f(x):\n    return x ** -1\n",
    "def f(x, k):\n    return pow(x, k)\n",
])
@pytest.mark.parametrize("x", [0.0, -0.0])
def test_zero_float_to_negative_int_power_raises(src, x):
    f = _compile(src)
    args = (x, -1) if "k" in src else (x,)
    with pytest.raises(ZeroDivisionError):
        f(*args)


# Bug: `0 ** negative int` returns 0. docs/decisions.md says int ** negative int truncates toward zero
# as Numba does (2 ** -1 == 0), but for a zero base both Python and Numba raise ZeroDivisionError
# ("0 cannot be raised to a negative power").
@pytest.mark.parametrize("src", [
    "def f(a, k):\n    return a ** k\n",
    "def f(a):\n    return a ** -1\n",
    "def f(a, k):\n    return pow(a, k)\n",
])
def test_zero_int_to_negative_int_power_raises(src):
    f = _compile(src)
    args = (0, -1) if "k" in src else (0,)
    with pytest.raises(ZeroDivisionError):
        f(*args)


def test_int_to_negative_power_still_truncates():
    # the documented part stays as it is (this one passes)
    f = _compile("def f(a, k):\n    return a ** k\n")
    assert f(2, -1) == 0 and f(1, -3) == 1 and f(-1, -3) == -1


# Bug: round(x, ndigits) with a negative ndigits is not correctly rounded for large x (off by one ulp),
# although docs/decisions.md says round(x, n) is correctly rounded like CPython. Found with
# round(round(17.82 ** 22.61, 2), -1); positive ndigits agree with CPython on 200k random values,
# negative ones differ on about 1 in 100 values above ~1e17.
@pytest.mark.parametrize("x,n", [
    (1.918770753692084e+28, -1),   # CPython 1.918770753692084e+28, Ferrumba 1.9187707536920837e+28
    (1.918770753692084e+28, -2),   # CPython 1.918770753692084e+28, Ferrumba 1.9187707536920841e+28
    (-9.655635178509999e+24, -24),  # CPython -1e+25, Ferrumba -9.999999999999999e+24
])
def test_round_negative_ndigits_correctly_rounded(x, n):
    f = _compile("def f(x, n):\n    return round(x, n)\n")
    assert f(x, n) == round(x, n)

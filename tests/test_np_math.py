"""NumPy's math functions (``np.sqrt``, ``np.exp``, ``np.floor``, ...) on scalars and on arrays inside
compiled code, compared with NumPy: values and dtypes."""

import math
import warnings

import numpy as np
import pytest

from ferrumba import njit

UNARY = ["sqrt", "exp", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos",
         "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "fabs", "floor", "ceil", "trunc",
         "rint", "abs", "absolute", "isnan", "isinf", "isfinite", "degrees", "radians"]
BINARY = ["arctan2", "hypot", "copysign"]

_NS = {"np": np}


def compiled(name, nargs):
    """A compiled function calling np.<name>; its source is registered like any generated function."""
    from helpers import define

    params = ", ".join("xy"[:nargs])
    return njit(define(f"def f({params}):\n    return np.{name}({params})\n", dict(_NS)))


def expected(name, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return getattr(np, name)(*args)


VALUES = np.array([-2.5, -1.0, -0.0, 0.0, 0.25, 0.5, 1.0, 2.0, 10.0, np.inf, -np.inf, np.nan])


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: d.__name__)
def test_unary_on_arrays(name, dtype):
    a = VALUES.astype(dtype)
    f = compiled(name, 1)
    for arr in (a, a[::-1], a[::2]):
        got, exp = f(arr), expected(name, arr)
        assert got.dtype == exp.dtype, (got.dtype, exp.dtype)
        np.testing.assert_allclose(got, exp, rtol=2e-6 if dtype is np.float32 else 1e-12, equal_nan=True)


@pytest.mark.parametrize("name", UNARY)
def test_unary_on_scalars(name):
    f = compiled(name, 1)
    for x in [0.5, 2.0, -1.5, 3, np.float32(0.75)]:
        got, exp = f(x), expected(name, x)
        if isinstance(exp, (np.bool_, bool)):
            assert got is bool(exp)
        else:
            assert math.isclose(float(got), float(exp), rel_tol=1e-6) or (math.isnan(got) and math.isnan(exp))


@pytest.mark.parametrize("name", BINARY)
def test_binary_on_arrays_and_scalars(name):
    f = compiled(name, 2)
    a, b = np.linspace(-2, 2, 9), np.linspace(3, -1, 9)
    for x, y in ((a, b), (a, 0.5), (1.5, b), (2.0, -3.0)):
        np.testing.assert_allclose(f(x, y), expected(name, x, y), rtol=1e-12)


def test_two_dimensional_arrays():
    f = compiled("sqrt", 1)
    g = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(f(g), np.sqrt(g))
    np.testing.assert_allclose(f(np.asfortranarray(g)), np.sqrt(g))


def test_integer_arrays_become_float():
    f = compiled("exp", 1)
    got = f(np.arange(4))
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, np.exp(np.arange(4)))

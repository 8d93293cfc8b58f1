"""The `math` module in compiled code: every function Numba supports on the CPU, the constants,
float32 arguments computed in float32, integer arguments promoted to float64, C semantics (NaN/inf)
outside a function's domain, and floor/ceil/trunc returning int."""

import math

import numpy as np
import pytest

from ferrumba import njit

from helpers import define, INT_TYPES, assert_value, numba_differs

# function name -> arguments inside the domain (Python's math gives the reference)
UNARY = {
    "sqrt": [0.0, -0.0, 0.25, 2.0, 1e300, 5e-324, math.inf],
    "exp": [0.0, 1.0, -1.0, 0.5, 700.0, -745.0, -math.inf, 20.5],
    "log": [1.0, 2.0, 0.5, 1e300, 5e-324, math.e, math.inf],
    "log10": [1.0, 10.0, 0.001, 1e300, 2.0, math.inf],
    "log2": [1.0, 2.0, 1024.0, 0.1, 3.0, math.inf],
    "log1p": [0.0, -0.0, 1e-10, 1.0, -0.5, 1e300],
    "expm1": [0.0, -0.0, 1e-10, 1.0, -1.0, 50.0, -math.inf],
    "sin": [0.0, -0.0, 0.5, -1.0, math.pi, 100.0, 1e5],
    "cos": [0.0, 0.5, -1.0, math.pi, 100.0, 1e5],
    "tan": [0.0, -0.0, 0.5, -1.0, 1.5, 100.0],
    "asin": [0.0, -0.0, 0.5, -1.0, 1.0, 1e-10],
    "acos": [0.0, 0.5, -1.0, 1.0, 1e-10],
    "atan": [0.0, -0.0, 0.5, -1.0, 1e10, math.inf, -math.inf],
    "sinh": [0.0, -0.0, 0.5, -1.0, 10.0, 700.0],
    "cosh": [0.0, 0.5, -1.0, 10.0, 700.0],
    "tanh": [0.0, -0.0, 0.5, -1.0, 20.0, math.inf, -math.inf],
    "asinh": [0.0, -0.0, 0.5, -1.0, 1e10, math.inf],
    "acosh": [1.0, 1.5, 10.0, 1e10, math.inf],
    "atanh": [0.0, -0.0, 0.5, -0.5, 0.999],
    "fabs": [0.0, -0.0, -1.5, 2.5, -math.inf, 1e-320],
    "erf": [0.0, -0.0, 0.5, -1.0, 3.0, 10.0, math.inf],
    "erfc": [0.0, 0.5, -1.0, 3.0, 10.0, -math.inf],
    "gamma": [1.0, 0.5, 5.0, 10.5, -0.5, 170.5, 1e-5],
    "lgamma": [1.0, 2.0, 0.5, 10.5, 100.0, -0.5, 1e5],
    "degrees": [0.0, -0.0, math.pi, -1.0, 1e300],
    "radians": [0.0, -0.0, 180.0, -1.0, 1e300],
}
EXACT = {"sqrt", "fabs"}  # correctly rounded in IEEE 754: compare bit-exactly
# CPython implements these itself, so a C library may differ by a few ulp; the rest: within ~4 ulp.
REL = {"gamma": 1e-13, "lgamma": 1e-13, "erf": 1e-14, "erfc": 1e-13}
DEFAULT_REL = 1e-15

BINARY = {
    "atan2": [(0.0, 1.0), (1.0, 0.0), (-1.0, -1.0), (0.0, -0.0), (-0.0, -1.0), (math.inf, math.inf), (3.0, -4.0)],
    "hypot": [(3.0, 4.0), (0.0, 0.0), (1e300, 1e300), (-5.0, 12.0), (math.inf, math.nan), (1e-320, 1e-320)],
    "copysign": [(1.0, -0.0), (-2.0, 3.0), (math.inf, -1.0), (0.0, -1.0), (5.0, math.nan)],
    "pow": [(2.0, 10.0), (2.0, 0.5), (-2.0, 3.0), (0.0, 0.0), (10.0, -2.0), (1.0, math.nan), (math.nan, 0.0)],
}


def _make(name, nargs):
    params = ", ".join("xyz"[:nargs])
    ns = {"math": math}
    define(f"def f({params}):\n    return math.{name}({params})\n", ns)
    return ns["f"]


UNARY_CASES = [(n, x) for n, xs in UNARY.items() for x in xs]


@pytest.mark.parametrize("name,x", UNARY_CASES, ids=[f"{n}({x!r})" for n, x in UNARY_CASES])
def test_unary_float64(name, x):
    f = njit(_make(name, 1))
    expected = getattr(math, name)(x)
    if name in EXACT:
        assert_value(f(x), expected)
    else:
        assert_value(f(x), expected, rel=REL.get(name, DEFAULT_REL), abs_tol=1e-300)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_nan_propagates(name):
    assert_value(njit(_make(name, 1))(math.nan), math.nan)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_float32_computes_in_float32(name):
    # A float32 argument is computed in float32 (within a few ulp of the correctly rounded float32 answer).
    f = njit(_make(name, 1))
    for x in UNARY[name]:
        x32 = np.float32(x)
        if not np.isfinite(x32) and math.isfinite(x):
            continue  # out of float32 range
        with np.errstate(all="ignore"):
            try:
                expected = float(np.float32(getattr(math, name)(float(x32))))
            except (OverflowError, ValueError):
                continue
        got = f(x32)
        assert type(got) is float
        if math.isfinite(expected) and expected != 0 and abs(expected) > 1e-37:
            assert got == pytest.approx(expected, rel=1e-6)
            assert float(np.float32(got)) == got, "result must be a float32 value"
        elif abs(expected) <= 1e-37 and math.isfinite(expected):
            assert abs(got - expected) < 1e-37
        else:
            assert_value(got, expected)


@pytest.mark.parametrize("name", sorted(set(UNARY) - {"acosh", "gamma", "lgamma"}))
def test_unary_integer_argument_promotes_to_float64(name):
    f = njit(_make(name, 1))
    for x in [0, 1, -1] if name not in ("log", "log10", "log2") else [1, 2, 1000]:
        try:
            expected = getattr(math, name)(float(x))
        except ValueError:
            continue
        assert_value(f(x), expected, rel=REL.get(name, DEFAULT_REL), abs_tol=1e-300)


@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
def test_sqrt_of_numpy_integers(t):
    f = njit(_make("sqrt", 1))
    for v in [0, 1, 4, 100, int(np.iinfo(t).max)]:
        assert_value(f(t(v)), math.sqrt(float(v)))


DOMAIN = [
    ("sqrt", -1.0, math.nan), ("log", 0.0, -math.inf), ("log", -1.0, math.nan), ("log10", 0.0, -math.inf),
    ("log2", -2.0, math.nan), ("log1p", -1.0, -math.inf), ("log1p", -2.0, math.nan), ("asin", 2.0, math.nan),
    ("acos", -1.5, math.nan), ("acosh", 0.5, math.nan), ("atanh", 1.0, math.inf), ("atanh", 2.0, math.nan),
    ("exp", 1000.0, math.inf), ("sinh", 1000.0, math.inf), ("cosh", -1000.0, math.inf),
    ("sin", math.inf, math.nan), ("cos", -math.inf, math.nan), ("tan", math.inf, math.nan),
    ("sqrt", -math.inf, math.nan), ("lgamma", 0.0, math.inf),
]


@pytest.mark.parametrize("name,x,expected", DOMAIN, ids=[f"{n}({x})" for n, x, _ in DOMAIN])
def test_outside_domain_gives_c_results_not_exceptions(name, x, expected):
    # Numba's math functions follow C semantics: NaN or +-inf where Python's math raises.
    assert_value(njit(_make(name, 1))(x), expected)


BINARY_CASES = [(n, a, b) for n, pairs in BINARY.items() for a, b in pairs]


@pytest.mark.parametrize("name,a,b", BINARY_CASES, ids=[f"{n}({a!r},{b!r})" for n, a, b in BINARY_CASES])
def test_binary_float64(name, a, b):
    f = njit(_make(name, 2))
    expected = getattr(math, name)(a, b)
    assert_value(f(a, b), expected, rel=REL.get(name, DEFAULT_REL), abs_tol=1e-300)


FMOD = [(5.5, 2.0), (-5.5, 2.0), (5.5, -2.0), (1.0, math.inf), (-0.0, 1.0), (1e300, 3.0), (7, 3)]


@numba_differs("math.fmod is in the milestone list; Numba supports it only on CUDA")
@pytest.mark.parametrize("a,b", FMOD, ids=repr)
def test_fmod(a, b):
    assert_value(njit(_make("fmod", 2))(a, b), math.fmod(a, b))


@numba_differs("math.fmod is in the milestone list; Numba supports it only on CUDA")
@pytest.mark.parametrize("a,b", [(1.0, 0.0), (math.inf, 1.0)], ids=repr)
def test_fmod_invalid_gives_nan(a, b):
    assert_value(njit(_make("fmod", 2))(a, b), math.nan)


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc"])
@pytest.mark.parametrize("x", [0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.0, -2.0, 1e15 + 0.5, -(2.0**62), 2.0**62, 123.999],
                         ids=repr)
def test_floor_ceil_trunc_return_int(name, x):
    got = njit(_make(name, 1))(x)
    assert_value(got, getattr(math, name)(x))  # Python int, like math.floor on a float


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc"])
@pytest.mark.parametrize("t", INT_TYPES + [np.float32], ids=lambda t: t.__name__)
def test_floor_ceil_trunc_numpy_scalars(name, t):
    f = njit(_make(name, 1))
    for v in [0, 1, 7, 100]:
        assert_value(f(t(v)), int(v))
    if t is np.float32:
        for v in [0.5, -0.5, -2.25, 1e6 + 0.5]:
            assert_value(f(np.float32(v)), getattr(math, name)(float(np.float32(v))))


@pytest.mark.parametrize("x", [1.0, 0.5, -3.0, 1e300, 5e-324, 0.0, -0.0, 12345.678])
def test_frexp(x):
    assert_value(njit(_make("frexp", 1))(x), math.frexp(x))


@pytest.mark.parametrize("x,e", [(0.5, 2), (1.0, -1074), (0.75, 1024), (-3.0, 10), (0.0, 5), (1.0, 0), (1.5, -1080)],
                         ids=repr)
def test_ldexp(x, e):
    try:
        expected = math.ldexp(x, e)
    except OverflowError:
        expected = math.copysign(math.inf, x)  # C ldexp overflows to inf
    assert_value(njit(_make("ldexp", 2))(x, e), expected)


@pytest.mark.parametrize("a,b", [(12, 18), (0, 5), (5, 0), (0, 0), (-12, 18), (2**40, 2**20 * 3), (17, 5)])
def test_gcd(a, b):
    assert_value(njit(_make("gcd", 2))(a, b), math.gcd(a, b))


@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite"])
@pytest.mark.parametrize("x", [0.0, -0.0, 1.5, math.nan, math.inf, -math.inf, 1e308, 5e-324], ids=repr)
def test_classification(name, x):
    f = njit(_make(name, 1))
    assert_value(f(x), getattr(math, name)(x))
    assert_value(f(np.float32(x)), getattr(math, name)(float(np.float32(x))))


@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite"])
@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
def test_classification_of_integers(name, t):
    assert_value(njit(_make(name, 1))(t(3)), getattr(math, name)(3))


def constants():
    return math.pi, math.e, math.inf, -math.inf, math.tau, math.nan


def test_constants():
    assert_value(njit(constants)(), constants())


def circle(r):
    return math.pi * r * r, 2 * math.pi * r, math.tau * r


@pytest.mark.parametrize("r", [0.0, 1.0, 2.5, 1e10])
def test_constants_in_expressions(r):
    assert_value(njit(circle)(r), circle(r))


def kernel(x, y):
    return math.sqrt(x * x + y * y) + math.exp(-x) * math.cos(y) - math.atan2(y, x) + math.log1p(abs(x))


@pytest.mark.parametrize("x,y", [(1.0, 2.0), (0.5, -0.5), (3.0, 4.0), (-2.0, 7.5)])
def test_math_kernel(x, y):
    assert_value(njit(kernel)(x, y), kernel(x, y), rel=1e-15)


def import_from_math(x):
    return sqrt(x) + floor(x)  # noqa: F821 - bound below as globals


from math import floor, sqrt  # noqa: E402


@pytest.mark.parametrize("x", [0.0, 2.0, 10.5])
def test_functions_imported_from_math(x):
    assert_value(njit(import_from_math)(x), import_from_math(x))

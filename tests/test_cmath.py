"""Complex numbers and the `cmath` module: arithmetic on complex64/complex128, sqrt exp log log10 phase
polar rect isnan isinf isfinite, trigonometric functions, abs, and the .real/.imag/.conjugate() members."""

import cmath
import math

import numpy as np
import pytest

from ferrumba import njit

from helpers import define, assert_value

Z = [1 + 2j, -1 + 0.5j, 0.5 - 3j, -2 - 2j, 1j, -1j, 3 + 0j, -3 + 0j, 1e-10 + 1e-10j, 100 + 1j, 0.25 + 0.75j]
TOL = 1e-15


def _make(name, nargs=1):
    params = ", ".join("xyz"[:nargs])
    ns = {"cmath": cmath}
    define(f"def f({params}):\n    return cmath.{name}({params})\n", ns)
    return ns["f"]


FUNCS = ["sqrt", "exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan",
         "asinh", "acosh", "atanh"]


# cmath.atan raises at its poles +-1j: left out
CASES = [(n, z) for n in FUNCS for z in Z if not (n == "atan" and z in (1j, -1j))]


@pytest.mark.parametrize("name,z", CASES, ids=[f"{n}({z!r})" for n, z in CASES])
def test_complex_functions(name, z):
    expected = getattr(cmath, name)(z)
    assert_value(njit(_make(name))(z), expected, rel=1e-14, abs_tol=1e-15)


@pytest.mark.parametrize("name", ["sqrt", "exp", "log"])
def test_complex64_computes_in_single_precision(name):
    f = njit(_make(name))
    for z in Z[:8]:
        z64 = np.complex64(z)
        expected = getattr(cmath, name)(complex(z64))
        got = f(z64)
        assert type(got) is complex
        assert got.real == pytest.approx(expected.real, rel=1e-5, abs=1e-6)
        assert got.imag == pytest.approx(expected.imag, rel=1e-5, abs=1e-6)
        assert float(np.float32(got.real)) == got.real


@pytest.mark.parametrize("z", Z + [0j, complex(math.inf, 1), complex(1, math.nan)], ids=repr)
def test_phase_polar_abs(z):
    assert_value(njit(_make("phase"))(z), cmath.phase(z), rel=TOL)
    assert_value(njit(_make("polar"))(z), cmath.polar(z), rel=TOL)

    def absolute(x):
        return abs(x)

    assert_value(njit(absolute)(z), abs(z), rel=TOL)


@pytest.mark.parametrize("r,phi", [(1.0, 0.0), (2.0, 0.5), (0.0, 1.0), (3.0, -math.pi), (1.0, math.pi / 2),
                                   (1e10, 2.0)], ids=repr)
def test_rect(r, phi):
    assert_value(njit(_make("rect", 2))(r, phi), cmath.rect(r, phi), rel=TOL, abs_tol=1e-16)


@pytest.mark.parametrize("z", [1 + 2j, complex(math.nan, 0), complex(0, math.nan), complex(math.inf, 0),
                               complex(0, -math.inf), complex(math.inf, math.nan), 0j], ids=repr)
@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite"])
def test_classification(name, z):
    assert_value(njit(_make(name))(z), getattr(cmath, name)(z))


@pytest.mark.parametrize("z", Z, ids=repr)
def test_log_with_base(z):
    def logb(x, b):
        return cmath.log(x, b)

    assert_value(njit(logb)(z, 2.0), cmath.log(z, 2.0), rel=1e-14, abs_tol=1e-15)


def constants():
    return cmath.pi, cmath.e, cmath.inf, cmath.tau


def test_cmath_constants():
    assert_value(njit(constants)(), constants())


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    return a / b


def power_int(a):
    return a ** 2


@pytest.mark.parametrize("fn", [add, sub, mul], ids=lambda f: f.__name__)
def test_complex_arithmetic_exact(fn):
    f = njit(fn)
    for a in Z:
        for b in Z:
            assert_value(f(a, b), fn(a, b))


def test_complex_division():
    f = njit(div)
    for a in Z:
        for b in Z:
            assert_value(f(a, b), a / b, rel=1e-15, abs_tol=1e-300)


def test_complex_division_by_zero_raises():
    with pytest.raises(ZeroDivisionError):
        njit(div)(1 + 1j, 0j)


@pytest.mark.parametrize("z", Z, ids=repr)
def test_complex_power(z):
    assert_value(njit(power_int)(z), z ** 2, rel=1e-15, abs_tol=1e-300)


@pytest.mark.parametrize("a,b", [(1 + 2j, 3), (1 + 2j, 2.5), (2, 1j), (0.5, -1 + 1j), (True, 1j)], ids=repr)
@pytest.mark.parametrize("fn", [add, sub, mul], ids=lambda f: f.__name__)
def test_mixed_real_complex(fn, a, b):
    assert_value(njit(fn)(a, b), fn(a, b))


@pytest.mark.parametrize("fn", [add, sub, mul], ids=lambda f: f.__name__)
def test_complex64_stays_single_precision(fn):
    f = njit(fn)
    for a in Z[:6]:
        for b in Z[:6]:
            a64, b64 = np.complex64(a), np.complex64(b)
            assert_value(f(a64, b64), complex(fn(a64, b64)))


def members(z):
    return z.real, z.imag, z.conjugate()


@pytest.mark.parametrize("z", Z + [complex(-0.0, -0.0), complex(math.nan, math.inf)], ids=repr)
def test_real_imag_conjugate(z):
    assert_value(njit(members)(z), members(z))


def neg(z):
    return -z


@pytest.mark.parametrize("z", Z, ids=repr)
def test_complex_negation(z):
    assert_value(njit(neg)(z), -z)


def float_members(x):
    return x.real, x.imag


@pytest.mark.parametrize("x", [1.5, -0.0, 7], ids=repr)
def test_real_imag_of_real_numbers(x):
    assert_value(njit(float_members)(x), float_members(x))

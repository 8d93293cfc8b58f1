"""Exceptions raised by compiled code: raise with a constant message (builtin and user-defined classes),
assert with and without message, ZeroDivisionError under error_model='python' (the njit default),
and error_model='numpy' giving inf/nan for floats and 0 for integer // and %.

PYTEST_DONT_REWRITE: the compiled functions below contain `assert` statements, which must reach the compiler
as written (pytest's assertion rewriting would change them in the module's bytecode)."""

import math

import numpy as np
import pytest

from ferrumba import jit, njit

from helpers import define, INT_TYPES, assert_value


def raise_value_error(x):
    if x < 0:
        raise ValueError("x must be non-negative")
    return x * 2


@pytest.mark.parametrize("x", [0, 1, 2.5])
def test_raise_not_taken(x):
    assert_value(njit(raise_value_error)(x), x * 2)


@pytest.mark.parametrize("x", [-1, -2.5, -(2**63)])
def test_raise_value_error_with_message(x):
    with pytest.raises(ValueError, match=r"^x must be non-negative$"):
        njit(raise_value_error)(x)


def raise_class_only(x):
    if x:
        raise KeyError
    return 0


def test_raise_class_without_arguments():
    with pytest.raises(KeyError):
        njit(raise_class_only)(1)
    assert_value(njit(raise_class_only)(0), 0)


BUILTIN_EXCEPTIONS = [ValueError, TypeError, IndexError, KeyError, RuntimeError, ZeroDivisionError, OverflowError,
                      ArithmeticError, NotImplementedError, AssertionError, LookupError, Exception]


@pytest.mark.parametrize("exc", BUILTIN_EXCEPTIONS, ids=lambda e: e.__name__)
def test_raise_builtin_exceptions(exc):
    ns = {"E": exc}
    define("def f(x):\n    if x > 1:\n        raise E('boom', 42)\n    return x\n", ns)
    f = njit(ns["f"])
    assert_value(f(1), 1)
    with pytest.raises(exc) as info:
        f(2)
    assert type(info.value) is exc
    assert info.value.args == ("boom", 42)


class MyError(Exception):
    pass


class MyValueError(ValueError):
    pass


def raise_user(x):
    if x == 1:
        raise MyError("custom message")
    if x == 2:
        raise MyValueError("sub-class of ValueError")
    return x


def test_raise_user_defined_exception():
    f = njit(raise_user)
    with pytest.raises(MyError, match="^custom message$"):
        f(1)
    with pytest.raises(MyValueError, match="^sub-class of ValueError$") as info:
        f(2)
    assert isinstance(info.value, ValueError)
    assert_value(f(3), 3)


@njit
def deep_raiser(n):
    if n > 100:
        return 0
    if n == 0:
        raise RuntimeError("bottom reached")
    return deep_raiser(n - 1) + 1


def test_exception_propagates_through_jitted_calls():
    with pytest.raises(RuntimeError, match="bottom reached"):
        deep_raiser(5)


@njit
def raises_in_callee(x):
    return raise_value_error_jit(x) + 1


@njit
def raise_value_error_jit(x):
    if x < 0:
        raise ValueError("negative")
    return x


def test_exception_from_callee():
    assert_value(raises_in_callee(1), 2)
    with pytest.raises(ValueError, match="negative"):
        raises_in_callee(-1)


def raise_in_loop(n):
    s = 0
    for i in range(n):
        if i == 5:
            raise IndexError("i reached 5")
        s += i
    return s


@pytest.mark.parametrize("n", [0, 5, 6, 100])
def test_raise_inside_loop(n):
    f = njit(raise_in_loop)
    if n > 5:
        with pytest.raises(IndexError, match="i reached 5"):
            f(n)
    else:
        assert_value(f(n), sum(range(n)))


def assert_positive(x):
    assert x > 0, "x must be positive"
    return x


def assert_no_message(x):
    assert x != 0
    return 1 / x


@pytest.mark.parametrize("x", [1, 0.5, 2**63 - 1])
def test_assert_passes(x):
    assert_value(njit(assert_positive)(x), x)


@pytest.mark.parametrize("x", [0, -1, -0.5, math.nan])
def test_assert_fails_with_message(x):
    with pytest.raises(AssertionError, match="^x must be positive$"):
        njit(assert_positive)(x)


def test_assert_without_message():
    with pytest.raises(AssertionError):
        njit(assert_no_message)(0)
    assert_value(njit(assert_no_message)(4), 0.25)


def div(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


ZERO_CASES = [(1, 0), (0, 0), (-5, 0), (1.0, 0.0), (1.0, -0.0), (0.0, 0.0), (math.nan, 0.0), (math.inf, 0.0),
              (3, 0.0), (2.5, 0)]


@pytest.mark.parametrize("a,b", ZERO_CASES, ids=repr)
@pytest.mark.parametrize("fn", [div, floordiv, mod], ids=lambda f: f.__name__)
def test_division_by_zero_raises_by_default(fn, a, b):
    with pytest.raises(ZeroDivisionError):
        fn(a, b)  # Python agrees
    with pytest.raises(ZeroDivisionError):
        njit(fn)(a, b)


@pytest.mark.parametrize("fn", [div, floordiv, mod], ids=lambda f: f.__name__)
def test_division_by_zero_raises_with_explicit_python_model(fn):
    f = njit(error_model="python")(fn)
    with pytest.raises(ZeroDivisionError):
        f(7, 0)
    with pytest.raises(ZeroDivisionError):
        f(7.0, 0.0)


@pytest.mark.parametrize("t", INT_TYPES + [np.float32, np.float64], ids=lambda t: t.__name__)
@pytest.mark.parametrize("fn", [div, floordiv, mod], ids=lambda f: f.__name__)
def test_division_by_zero_raises_for_numpy_scalars(fn, t):
    with pytest.raises(ZeroDivisionError):
        njit(fn)(t(3), t(0))


def test_zero_division_in_jit_decorator_default():
    f = jit(nopython=True)(floordiv)
    with pytest.raises(ZeroDivisionError):
        f(1, 0)


NUMPY_FLOAT = [(1.0, 0.0, math.inf), (-1.0, 0.0, -math.inf), (1.0, -0.0, -math.inf), (0.0, 0.0, math.nan),
               (math.nan, 0.0, math.nan), (math.inf, 0.0, math.inf), (1, 0, math.inf), (-3, 0, -math.inf),
               (0, 0, math.nan)]


@pytest.mark.parametrize("a,b,expected", NUMPY_FLOAT, ids=repr)
def test_numpy_error_model_true_division(a, b, expected):
    f = njit(error_model="numpy")(div)
    assert_value(f(a, b), expected)


@pytest.mark.parametrize("a,b", [(1.0, 0.0), (-1.0, 0.0), (0.0, 0.0), (5.5, -0.0), (math.inf, 0.0)], ids=repr)
@pytest.mark.parametrize("fn", [floordiv, mod], ids=lambda f: f.__name__)
def test_numpy_error_model_float_floordiv_mod(fn, a, b):
    f = njit(error_model="numpy")(fn)
    with np.errstate(all="ignore"):
        expected = float(np.floor_divide(a, b) if fn is floordiv else np.remainder(a, b))
    got = f(a, b)
    if math.isnan(expected):
        assert_value(got, math.nan)
    else:
        # NumPy's floor_divide of x/0 gives +-inf; the sign follows IEEE division
        assert_value(abs(got), abs(expected))


@pytest.mark.parametrize("a", [0, 1, -1, 7, 2**63 - 1, -(2**63)])
@pytest.mark.parametrize("fn", [floordiv, mod], ids=lambda f: f.__name__)
def test_numpy_error_model_integer_division_by_zero_gives_zero(fn, a):
    f = njit(error_model="numpy")(fn)
    assert_value(f(a, 0), 0)


@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
def test_numpy_error_model_integer_widths(t):
    f = njit(error_model="numpy")(floordiv)
    g = njit(error_model="numpy")(mod)
    for a in [t(0), t(1), t(100)]:
        assert_value(f(a, t(0)), 0)
        assert_value(g(a, t(0)), 0)


@pytest.mark.parametrize("a,b", [(7, 2), (-7, 2), (7.5, -2.0)], ids=repr)
def test_numpy_error_model_normal_values_unchanged(a, b):
    for fn in (div, floordiv, mod):
        assert_value(njit(error_model="numpy")(fn)(a, b), fn(a, b))


def test_exception_does_not_poison_dispatcher():
    f = njit(raise_value_error)
    for _ in range(3):
        with pytest.raises(ValueError):
            f(-1)
        assert_value(f(2), 4)


@njit
def recursion_depth(n):
    if n == 0:
        return 0
    return 1 + recursion_depth(n - 1)


@njit(nogil=True)
def recursion_depth_nogil(n):
    if n == 0:
        return 0
    return 1 + recursion_depth_nogil(n - 1)


@pytest.mark.parametrize("f", [recursion_depth, recursion_depth_nogil], ids=["gil", "nogil"])
def test_runaway_recursion_raises_recursion_error_instead_of_crashing(f):
    assert f(1000) == 1000
    with pytest.raises(RecursionError, match="recursion"):
        f(10**9)
    assert f(10) == 10  # the function still works afterwards


def test_runaway_recursion_in_a_thread():
    import threading

    caught = []

    def run():
        try:
            recursion_depth_nogil(10**9)
        except RecursionError as e:
            caught.append(e)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert len(caught) == 1

"""Calls: jitted functions calling jitted functions, self and mutual recursion, inner functions and lambdas
used locally, globals and closure variables frozen at compile time (until recompile()), default arguments
and keyword arguments at the Python call."""

import math

import numpy as np
import pytest

from ferrumba import jit, njit

from helpers import assert_same, assert_value


@njit
def square(x):
    return x * x


@njit
def hyp(a, b):
    return math.sqrt(square(a) + square(b))


def py_hyp(a, b):
    return math.sqrt(a * a + b * b)


@pytest.mark.parametrize("a,b", [(3, 4), (3.0, 4.0), (1.5, 2), (0, 0), (-5, 12), (1e200, 1e200)], ids=repr)
def test_call_jitted_function(a, b):
    assert_same(hyp, py_hyp, a, b)


@njit
def add3(a, b, c):
    return a + b + c


@njit
def chain(x):
    return add3(square(x), square(x + 1), add3(x, 1, 2))


@pytest.mark.parametrize("x", [0, 1, -3, 10**4, 2.5])
def test_nested_jitted_calls(x):
    assert_same(chain, lambda x: x * x + (x + 1) * (x + 1) + (x + 1 + 2), x)


@njit
def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


@njit
def use_clamp_with_kwargs(x):
    return clamp(x, hi=10, lo=-10)


@pytest.mark.parametrize("x", [-100, -10, 0, 5, 10, 11])
def test_jitted_call_with_keyword_arguments_inside(x):
    assert_value(use_clamp_with_kwargs(x), max(-10, min(10, x)))


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def py_fib(n):
    return n if n < 2 else py_fib(n - 1) + py_fib(n - 2)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 20, 25])
def test_self_recursion_fib(n):
    assert_same(fib, py_fib, n)


@njit
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


@pytest.mark.parametrize("n", [0, 1, 5, 20, 21, 25])
def test_self_recursion_factorial_wraps(n):
    from helpers import wrap

    assert_value(fact(n), wrap(math.factorial(n)))


@njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 100, 501])
def test_mutual_recursion(n):
    assert_value(is_even(n), n % 2 == 0)
    assert_value(is_odd(n), n % 2 == 1)


@njit
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


@pytest.mark.parametrize("m,n", [(0, 0), (1, 2), (2, 3), (3, 3)])
def test_deep_recursion_ackermann(m, n):
    assert_value(ackermann(m, n), {(0, 0): 1, (1, 2): 4, (2, 3): 9, (3, 3): 61}[(m, n)])


def inner_function(x):
    def helper(y):
        return y * 2 + 1

    return helper(x) + helper(x + 1)


@pytest.mark.parametrize("x", [0, 1, -5, 2.5])
def test_inner_function(x):
    assert_same(njit(inner_function), inner_function, x)


def inner_closure(x, k):
    def scale(y):
        return y * k

    return scale(x) - scale(1)


@pytest.mark.parametrize("x,k", [(1, 2), (5, -3), (2.5, 4), (0, 0)])
def test_inner_function_closing_over_locals(x, k):
    assert_same(njit(inner_closure), inner_closure, x, k)


def local_lambda(x):
    f = lambda y: y * y - 1  # noqa: E731 - a lambda used locally is the feature under test
    return f(x) + f(2)


@pytest.mark.parametrize("x", [0, 3, -4, 1.5])
def test_local_lambda(x):
    assert_same(njit(local_lambda), local_lambda, x)


def lambda_capture(x, a):
    g = lambda y: a * y + 1  # noqa: E731
    return g(x)


@pytest.mark.parametrize("x,a", [(1, 2), (3.5, -1), (0, 7)])
def test_lambda_capturing_argument(x, a):
    assert_same(njit(lambda_capture), lambda_capture, x, a)


SCALE = 3
OFFSET = 0.5
FLAG = True
LIMITS = (1, 10)


def use_globals(x):
    if FLAG:
        return x * SCALE + OFFSET + LIMITS[1]
    return x


@pytest.mark.parametrize("x", [0, 1, -2, 2.5])
def test_global_constants(x):
    assert_same(njit(use_globals), use_globals, x)


FROZEN = 10


def read_frozen():
    return FROZEN


def test_global_frozen_at_compile_time_until_recompile():
    global FROZEN
    FROZEN = 10
    f = njit(read_frozen)
    assert_value(f(), 10)
    try:
        FROZEN = 20
        assert_value(f(), 10)  # the value was frozen when the function compiled
        f.recompile()
        assert_value(f(), 20)
    finally:
        FROZEN = 10


FROZEN_FLOAT = 1.5


def read_frozen_float(x):
    return x * FROZEN_FLOAT


def test_global_float_frozen_until_recompile():
    global FROZEN_FLOAT
    FROZEN_FLOAT = 1.5
    f = njit(read_frozen_float)
    assert_value(f(2.0), 3.0)
    try:
        FROZEN_FLOAT = 2.5
        assert_value(f(2.0), 3.0)
        f.recompile()
        assert_value(f(2.0), 5.0)
    finally:
        FROZEN_FLOAT = 1.5


def make_adder(n):
    @njit
    def adder(x):
        return x + n

    return adder


@pytest.mark.parametrize("n,x", [(1, 2), (10, -3), (2.5, 1), (-(2**62), 5)], ids=repr)
def test_closure_variable(n, x):
    assert_value(make_adder(n)(x), n + x)


def test_closures_are_independent():
    a, b = make_adder(1), make_adder(100)
    assert_value(a(1), 2)
    assert_value(b(1), 101)
    assert_value(a(1.5), 2.5)


def closure_frozen_then_recompiled():
    n = 1

    @njit
    def f():
        return n

    first = f()
    n = 2  # the cell changes after compilation
    second = f()
    f.recompile()
    return first, second, f()


def test_closure_variable_frozen_until_recompile():
    assert closure_frozen_then_recompiled() == (1, 1, 2)


def make_poly(c0, c1, c2):
    def poly(x):
        return c0 + c1 * x + c2 * x * x

    return njit(poly), poly


@pytest.mark.parametrize("coeffs", [(1, 2, 3), (0.5, -1.0, 2.0), (0, 0, 1)], ids=repr)
@pytest.mark.parametrize("x", [0, 1, -2, 0.5])
def test_closure_multiple_cells(coeffs, x):
    compiled, py = make_poly(*coeffs)
    assert_same(compiled, py, x)


def defaults(a, b=2, c=3.5):
    return a * b + c


@pytest.mark.parametrize(
    "args,kwargs",
    [((1,), {}), ((1, 5), {}), ((1, 5, 0.25), {}), ((1,), {"c": 10.0}), ((1,), {"b": 7}), ((), {"a": 4, "c": -1.0}),
     ((2,), {"c": 1.0, "b": 3}), ((-1.5,), {})],
    ids=repr,
)
def test_default_and_keyword_arguments(args, kwargs):
    assert_same(njit(defaults), defaults, *args, **kwargs)


def keyword_only_order(x, y):
    return x - y


@pytest.mark.parametrize("x,y", [(10, 3), (1.5, 4)])
def test_keyword_arguments_in_any_order(x, y):
    f = njit(keyword_only_order)
    assert_value(f(y=y, x=x), x - y)
    assert_value(f(x, y=y), x - y)


def test_wrong_number_of_arguments_raises_type_error():
    f = njit(keyword_only_order)
    with pytest.raises(TypeError):
        f(1)
    with pytest.raises(TypeError):
        f(1, 2, 3)
    with pytest.raises(TypeError):
        f(1, z=2)


@jit(nopython=True)
def jit_nopython_callee(x):
    return x + 1


@njit
def caller_of_jit(x):
    return jit_nopython_callee(x) * 2


def test_call_function_decorated_with_jit_nopython():
    assert_value(caller_of_jit(3), 8)
    assert_value(caller_of_jit(np.int8(3)), 8)


@njit
def returns_tuple(x):
    return x, x * 2


@njit
def uses_returned_tuple(x):
    a, b = returns_tuple(x)
    return a + b


@pytest.mark.parametrize("x", [1, 2.5, -7])
def test_call_returning_tuple(x):
    assert_value(uses_returned_tuple(x), x * 3)


@njit
def takes_tuple(t):
    return t[0] * t[1]


@njit
def passes_tuple(a, b):
    return takes_tuple((a, b + 1))


@pytest.mark.parametrize("a,b", [(2, 3), (1.5, 2)])
def test_pass_tuple_to_jitted_function(a, b):
    assert_value(passes_tuple(a, b), a * (b + 1))


@njit
def callee_many_types(x):
    return x * 2


def test_callee_specialises_per_type():
    def call_both(i, f):
        return callee_many_types(i), callee_many_types(f)

    assert_value(njit(call_both)(3, 1.5), (6, 3.0))

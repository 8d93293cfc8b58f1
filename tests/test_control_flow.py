"""Control flow: if/elif/else, while, for over range (1-3 args, negative and run-time steps, empty ranges),
break/continue, for-else/while-else, conditional expressions, early return, and type unification of
variables assigned on different paths."""

import math

import numpy as np
import pytest

from ferrumba import njit

from helpers import INT_TYPES, assert_same, assert_value


def classify(x):
    if x < 0:
        return -1
    elif x == 0:
        return 0
    elif x < 10:
        return 1
    else:
        return 2


@pytest.mark.parametrize("x", [-5, -1, 0, 1, 9, 10, 11, 2**63 - 1, -(2**63), -0.5, 0.0, 9.99, math.nan, math.inf])
def test_if_elif_else(x):
    assert_same(njit(classify), classify, x)


@pytest.mark.parametrize("t", INT_TYPES + [np.float32, np.float64], ids=lambda t: t.__name__)
def test_if_elif_else_numpy_scalars(t):
    f = njit(classify)
    for v in [0, 1, 9, 10, 100]:
        assert_value(f(t(v)), classify(v))


def nested_if(a, b):
    r = 0
    if a > 0:
        if b > 0:
            r = 1
        else:
            r = 2
    else:
        if b > 0:
            r = 3
        elif b == 0:
            r = 4
    return r


@pytest.mark.parametrize("a", [-1, 0, 1])
@pytest.mark.parametrize("b", [-1, 0, 1])
def test_nested_if(a, b):
    assert_same(njit(nested_if), nested_if, a, b)


def range1(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def range2(a, b):
    s = 0
    for i in range(a, b):
        s = s * 3 + i
    return s


def range3(a, b, c):
    s = 0
    count = 0
    for i in range(a, b, c):
        s += i
        count += 1
    return s, count


@pytest.mark.parametrize("n", [0, 1, 2, 10, 1000, -1, -10])
def test_range_one_arg(n):
    assert_same(njit(range1), range1, n)


@pytest.mark.parametrize("a,b", [(0, 10), (5, 10), (10, 5), (-5, 5), (3, 3), (-10, -20), (-3, 2)])
def test_range_two_args(a, b):
    assert_same(njit(range2), range2, a, b)


@pytest.mark.parametrize(
    "a,b,c",
    [(0, 10, 1), (0, 10, 3), (0, 10, 7), (10, 0, -1), (10, 0, -3), (0, 10, -1), (10, 0, 2), (-5, 5, 2), (5, -5, -2),
     (0, 0, 1), (0, 1, 100), (100, -100, -7), (-1, -10, -1), (3, 4, 1)],
)
def test_range_three_args_runtime_step(a, b, c):
    assert_same(njit(range3), range3, a, b, c)


def range_zero_step(n):
    s = 0
    for i in range(0, 10, n):
        s += i
    return s


def test_range_zero_step_raises_value_error():
    with pytest.raises(ValueError):
        njit(range_zero_step)(0)


@pytest.mark.parametrize("t", INT_TYPES, ids=lambda t: t.__name__)
def test_range_with_numpy_int_bounds(t):
    f = njit(range1)
    for n in [0, 1, 5, 100]:
        assert_value(f(t(n)), range1(n))


def range_constant_negative():
    s = 0
    for i in range(10, -10, -3):
        s = s * 2 + i
    return s


def test_range_constant_negative_step():
    assert_same(njit(range_constant_negative), range_constant_negative)


def loop_var_after_loop(n):
    i = -1
    for i in range(n):
        pass
    return i


@pytest.mark.parametrize("n", [0, 1, 5])
def test_loop_variable_after_loop(n):
    assert_same(njit(loop_var_after_loop), loop_var_after_loop, n)


def nested_loops(n, m):
    s = 0
    for i in range(n):
        for j in range(i, m):
            s += i * j - j
    return s


@pytest.mark.parametrize("n,m", [(0, 0), (3, 4), (10, 10), (20, 5), (5, 20)])
def test_nested_loops(n, m):
    assert_same(njit(nested_loops), nested_loops, n, m)


def while_loop(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@pytest.mark.parametrize("n", [1, 2, 3, 7, 27, 97, 871, 10**6 + 1])
def test_while_collatz(n):
    assert_same(njit(while_loop), while_loop, n)


def break_continue(n):
    s = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        if i > 50:
            break
        s += i
    return s


@pytest.mark.parametrize("n", [0, 1, 4, 10, 51, 52, 1000])
def test_break_continue(n):
    assert_same(njit(break_continue), break_continue, n)


def while_break_continue(n):
    i = 0
    s = 0
    while True:
        i += 1
        if i > n:
            break
        if i % 2:
            continue
        s += i
    return s


@pytest.mark.parametrize("n", [0, 1, 2, 9, 100])
def test_while_true_break_continue(n):
    assert_same(njit(while_break_continue), while_break_continue, n)


def for_else(n, target):
    for i in range(n):
        if i == target:
            found = i
            break
    else:
        found = -1
    return found


@pytest.mark.parametrize("n,target", [(10, 3), (10, 10), (0, 0), (5, -1), (5, 4)])
def test_for_else(n, target):
    assert_same(njit(for_else), for_else, n, target)


def while_else(n):
    i = 0
    while i < n:
        if i * i > 50:
            break
        i += 1
    else:
        return -i
    return i


@pytest.mark.parametrize("n", [0, 3, 7, 8, 9, 100])
def test_while_else(n):
    assert_same(njit(while_else), while_else, n)


def nested_break(n):
    count = 0
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            count += 1
        else:
            count += 1000
    return count


@pytest.mark.parametrize("n", [0, 1, 3, 10])
def test_nested_loop_break_else(n):
    assert_same(njit(nested_break), nested_break, n)


def cond_expr(a, b):
    return a if a > b else b


def cond_expr_mixed(a):
    return 1 if a > 0 else 2.5


def cond_expr_nested(a):
    return -1 if a < 0 else (0 if a == 0 else 1)


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (-3, -3), (1.5, 2.5), (math.nan, 1.0), (1, 2.5)], ids=repr)
def test_conditional_expression(a, b):
    assert_same(njit(cond_expr), cond_expr, a, b)


@pytest.mark.parametrize("a", [-1, 0, 1])
def test_conditional_expression_unifies_to_float(a):
    # int in one arm, float in the other: the result is a float on both paths.
    assert_value(njit(cond_expr_mixed)(a), float(cond_expr_mixed(a)))
    assert_same(njit(cond_expr_nested), cond_expr_nested, a)


def early_return(n):
    for i in range(n):
        if i * i >= n:
            return i
    return -1


@pytest.mark.parametrize("n", [0, 1, 2, 10, 100, 101])
def test_early_return_from_loop(n):
    assert_same(njit(early_return), early_return, n)


def unify_int_float(flag, n):
    if flag:
        x = n
    else:
        x = n / 2
    return x


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize("n", [0, 3, -7])
def test_variable_unifies_int_and_float(flag, n):
    # x is int on one path and float on the other: Numba types it float64 everywhere.
    assert_value(njit(unify_int_float)(flag, n), float(unify_int_float(flag, n)))


def unify_return(flag):
    if flag:
        return 1
    return 2.5


@pytest.mark.parametrize("flag", [True, False])
def test_return_types_unify(flag):
    assert_value(njit(unify_return)(flag), float(unify_return(flag)))


def accumulate_float(n):
    s = 0
    for i in range(1, n + 1):
        s += 1.0 / i
    return s


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_loop_accumulator_int_to_float(n):
    # s starts as int 0 and becomes float: unified to float64 (0.0 when the loop does not run)
    assert_value(njit(accumulate_float)(n), float(accumulate_float(n)))


def small_int_accumulator(a, n):
    s = a
    for _ in range(n):
        s += a
    return s


@pytest.mark.parametrize("t", INT_TYPES[:3] + INT_TYPES[4:7], ids=lambda t: t.__name__)
def test_small_int_accumulator_widens(t):
    # s = int8 value, then s += int8 -> int64: the variable unifies to int64, no int8 overflow
    assert_value(njit(small_int_accumulator)(t(100), 10), 1100)


def multiple_returns(x):
    if x > 100:
        return x - 100
    if x > 10:
        return x - 10
    if x > 0:
        return x
    return 0


@pytest.mark.parametrize("x", [-1, 0, 5, 11, 50, 101, 1000])
def test_multiple_returns(x):
    assert_same(njit(multiple_returns), multiple_returns, x)


def pass_stmt(x):
    if x:
        pass
    else:
        x = 3
    return x


@pytest.mark.parametrize("x", [0, 1, 5])
def test_pass_statement(x):
    assert_same(njit(pass_stmt), pass_stmt, x)


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


@pytest.mark.parametrize("a,b", [(12, 18), (17, 5), (0, 9), (9, 0), (2**40, 2**35 * 3), (-12, 18)])
def test_gcd_swap_loop(a, b):
    assert_same(njit(gcd), gcd, a, b)


def primes_below(n):
    count = 0
    for k in range(2, n):
        d = 2
        is_prime = True
        while d * d <= k:
            if k % d == 0:
                is_prime = False
                break
            d += 1
        if is_prime:
            count += 1
    return count


@pytest.mark.parametrize("n", [0, 2, 3, 10, 100, 5000])
def test_prime_count(n):
    assert_same(njit(primes_below), primes_below, n)


def float_loop(x, n):
    # Newton iteration for sqrt
    g = x
    for _ in range(n):
        g = 0.5 * (g + x / g)
    return g


@pytest.mark.parametrize("x", [2.0, 10.0, 1e10, 0.25])
def test_float_loop_exact(x):
    assert_same(njit(float_loop), float_loop, x, 30)


def test_prange_runs_like_range():
    from ferrumba import prange

    @njit(parallel=True)
    def total(n, step):
        s = 0
        for i in prange(n):
            s += i
        for i in prange(0, n, step):
            s -= i
        return s

    for n in (0, 1, 10):
        for step in (1, 3):
            assert total(n, step) == sum(range(n)) - sum(range(0, n, step))


def loop_enumerate_zip(a, b, n):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    t = 0.0
    for x, y in zip(a, b):
        t += x * y
    u = 0
    for k, (p, q) in enumerate(zip(range(n), (1, 2, 3))):
        u += k * p * q
    v = 0
    for i, row in enumerate(b):
        v += i
    return s, t, u, v


@pytest.mark.parametrize("n", [0, 2, 5])
def test_enumerate_and_zip(n):
    import numpy as np

    for a, b in [(np.arange(4.0), np.ones(6)), (np.arange(6.0)[::-2], np.arange(2.0)), (np.zeros(0), np.ones(2))]:
        got = njit(loop_enumerate_zip)(a, b, n)
        expected = loop_enumerate_zip(a, b, n)
        assert got == tuple(float(e) if isinstance(e, float) else e for e in expected)


def test_enumerate_rows_of_a_2d_array():
    import numpy as np

    @njit
    def weighted_rows(g):
        out = 0.0
        for i, row in enumerate(g):
            for x in row:
                out += i * x
        return out

    g = np.arange(12.0).reshape(3, 4)
    assert weighted_rows(g) == sum(i * x for i, row in enumerate(g) for x in row)

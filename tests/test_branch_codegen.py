"""Code generation around branches and calls: float constants in loops, branches turned into selects
(integers) and blends (floats under a float compare), arrays returned by handing over a dying local's
reference, and one result slot per native call.

Each kernel is checked against the same function run by plain Python, with NaN and signed zeros in
conditions, loads that must not be speculated, leaks counted by the runtime, and recursion limits.
"""

import math

import numpy as np
import pytest

from ferrumba import _core, njit


def compiled(f, **options):
    return njit(**options)(f)


# Float constants in loops (float64 and float32) ------------------------------------------------------


def scale_into(out, a):
    for i in range(a.shape[0]):
        out[i] = a[i] * 0.1 + 1.5
    for i in range(a.shape[0]):
        if out[i] > 1.75:
            out[i] = -0.0
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_constants_in_loops(dtype):
    f = compiled(scale_into)
    a = np.array([0.0, -1.0, 2.5, 3.0, np.inf, -np.inf, np.nan, 1e300], dtype=np.float64)
    got = f(np.zeros(a.shape[0], dtype=dtype), a)
    with np.errstate(over="ignore"):
        want = scale_into(np.zeros(a.shape[0], dtype=dtype), a)
    np.testing.assert_array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))


# Branches turned into selects -------------------------------------------------------------------------


def count_inside(xs, ys):
    inside = 0
    for i in range(xs.shape[0]):
        if xs[i] * xs[i] + ys[i] * ys[i] < 1.0:
            inside += 1
    return inside


def both_sides(a):
    up = 0
    down = 0
    for i in range(a.shape[0]):
        if a[i] >= 0.5:
            up += i
        else:
            down = (down * 3 + i) % 1000003
    return up, down


def pick_value(a, b, c):
    if a < b:
        r = a * 3 + c
    else:
        r = b - c
    return r


def test_counting_branch_matches_python():
    f = compiled(count_inside)
    rng = np.random.default_rng(7)
    xs, ys = rng.random(1000), rng.random(1000)
    xs[::17] = np.nan
    assert f(xs, ys) == count_inside(xs, ys)
    assert f(xs[:0], ys[:0]) == 0


def test_two_sided_branches_match_python():
    f, g = compiled(both_sides), compiled(pick_value)
    a = np.random.default_rng(8).random(200)
    assert f(a) == both_sides(a)
    assert f(np.array([np.nan, 0.5, 0.4999])) == both_sides(np.array([np.nan, 0.5, 0.4999]))
    for x in [-3, 0, 2, 2**62]:
        for y in [-1, 0, 2, 5]:
            for z in [-7, 0, 9]:
                assert g(x, y, z) == pick_value(x, y, z)


def cumsum_reset(a):
    out = np.empty_like(a)
    s = 0.0
    for i in range(a.shape[0]):
        if a[i] < 0.0:
            s = 0.0
        else:
            s += a[i]
        out[i] = s
    return out


def clipped_running(a, lo, hi):
    s = 0.0
    n_hi = 0
    for i in range(a.shape[0]):
        if a[i] >= hi:
            s = hi
            n_hi += 1
        else:
            s = s * 0.5 + a[i]
        if a[i] != lo:
            s = s + 1.0
    return s, n_hi


def guarded_next(a):
    s = 0.0
    n = a.shape[0]
    for i in range(n):
        if i + 1 < n:
            s += a[i + 1]
    return s


def mixed_width(a, b):
    t = 0.0
    for i in range(a.shape[0]):
        if a[i] <= b[i]:
            t = t + 2.0
        else:
            t = b[i] * 1.0
    return t


def test_float_branches_become_blends_with_python_results():
    f, g, h, k = compiled(cumsum_reset), compiled(clipped_running), compiled(guarded_next), compiled(mixed_width)
    rng = np.random.default_rng(10)
    for n in [0, 1, 3, 8, 101]:
        a = rng.normal(size=n) + 0.2
        if n > 2:
            a[1] = np.nan
            a[2] = -0.0
        np.testing.assert_array_equal(f(a), cumsum_reset(a))
        np.testing.assert_array_equal(f(a[::-1]), cumsum_reset(a[::-1]))
        for lo, hi in [(0.0, 1.0), (-0.0, 0.5), (np.nan, np.inf)]:
            got, want = g(a, lo, hi), clipped_running(a, lo, hi)
            assert got[1] == want[1]
            np.testing.assert_equal(got[0], want[0])
        assert h(a) == guarded_next(a) or (math.isnan(h(a)) and math.isnan(guarded_next(a)))
        b32 = rng.normal(size=n).astype(np.float32)
        np.testing.assert_equal(k(a.astype(np.float32), b32), mixed_width(a.astype(np.float32), b32))


# Returned arrays: the caller gets the reference a dying local held (no leaks, no early frees) -----------


def make_and_return(n):
    out = np.empty(n)
    for i in range(n):
        out[i] = i * 2.0
    return out


def return_view_of_local(n):
    base = np.arange(n * 1.0)
    tail = base[1:]
    return tail


def return_pair_of_same(n):
    a = np.ones(n)
    return a, a


def return_argument(a):
    b = a[::2]
    return a


def test_returned_arrays_hold_their_memory_and_nothing_leaks():
    fs = [compiled(make_and_return), compiled(return_view_of_local), compiled(return_pair_of_same)]
    arg = compiled(return_argument)
    for f in fs:
        f(3)
    arg(np.ones(3))
    before = _core._nrt_stats()
    for _ in range(200):
        np.testing.assert_array_equal(fs[0](5), np.arange(5) * 2.0)
        np.testing.assert_array_equal(fs[1](5), np.arange(1.0, 5.0))
        x, y = fs[2](4)
        x[0] = 7.0
        assert y[0] == 7.0  # one array, returned twice
        del x, y
        a = np.arange(6.0)
        np.testing.assert_array_equal(arg(a), a)
    import gc

    gc.collect()
    allocs, frees = _core._nrt_stats()
    assert allocs - before[0] == 600
    assert frees - before[1] == 600


# Native calls: one result slot each; recursion depth is still checked ---------------------------------


@njit
def divmod_pair(a, b):
    return a // b, a % b


@njit
def combine(a, b):
    q1, r1 = divmod_pair(a, b)
    q2, r2 = divmod_pair(b, a)
    q3, r3 = divmod_pair(a + b, b)
    return q1 * 1000 + r1, q2 * 1000 + r2, q3 * 1000 + r3


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@njit
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


def test_several_calls_keep_their_results_apart():
    for a, b in [(7, 3), (3, 7), (-9, 4), (100, 1)]:
        want = tuple(q * 1000 + r for q, r in [divmod(a, b), divmod(b, a), divmod(a + b, b)])
        assert combine(a, b) == want


def test_recursion_still_works_and_is_bounded():
    assert [fib(n) for n in range(15)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377]
    assert depth(500) == 500
    with pytest.raises(RecursionError):
        depth(10**8)

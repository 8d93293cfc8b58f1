"""Loop code generation: rotated loops (the test copied to the end of the body), unrolled counted loops,
and loop-invariant address and bound arithmetic.

Each kernel is checked against the same function run by plain Python, over inputs that reach the edge
cases of each transformation: empty loops, every remainder of an unrolled loop, negative and non-literal
steps, bounds near the int64 limits, break and continue, negative indices that must still wrap,
boundscheck=True and non-contiguous arrays. Branches, returned arrays and calls: test_branch_codegen.py.
"""

import math

import numpy as np
import pytest

from ferrumba import njit


def compiled(f, **options):
    return njit(**options)(f)


# Range loops: every step sign, literal or not, and empty ranges ---------------------------------------


def sum_range(start, stop, step):
    s = 0
    for i in range(start, stop, step):
        s = s * 3 + i
    return s


def sum_literal_up(n):
    s = 0
    for i in range(2, n, 3):
        s = s * 3 + i
    return s


def sum_literal_down(n):
    s = 0
    for i in range(n, -4, -2):
        s = s * 3 + i
    return s


BOUNDS = [-7, -1, 0, 1, 2, 5, 11]


@pytest.mark.parametrize("step", [-3, -1, 1, 2, 5])
def test_range_loops_with_any_step_match_python(step):
    f = compiled(sum_range)
    for start in BOUNDS:
        for stop in BOUNDS:
            assert f(start, stop, step) == sum_range(start, stop, step), (start, stop, step)


def test_range_loops_with_literal_steps_match_python():
    up, down = compiled(sum_literal_up), compiled(sum_literal_down)
    for n in range(-6, 15):
        assert up(n) == sum_literal_up(n)
        assert down(n) == sum_literal_down(n)


def test_zero_step_still_raises():
    with pytest.raises(ValueError):
        compiled(sum_range)(0, 5, 0)


# Unrolled counted loops: every remainder, literal steps both ways, bounds near the int64 limits -------


def scaled_prefix(a, n):
    s = 0.0
    for i in range(n):
        s = s * 0.75 + a[i] * 1.5
    return s


def last_and_count(start, stop):
    last = -1
    count = 0
    for i in range(start, stop):
        last = i
        count += i & 7
    return last, count


def down_by_two(a):
    s = 0.0
    k = 0
    for i in range(a.shape[0] - 1, -1, -2):
        s = s * 0.5 + a[i]
        k += 1
    return s, k


def up_by_three_into(out, a):
    for i in range(1, a.shape[0], 3):
        out[i] = a[i] - a[i - 1]
    return out


def prefix_in_place(a):
    for i in range(1, a.shape[0]):
        a[i] = a[i - 1] * 0.5 + a[i]
    return a


def test_unrolled_loops_keep_recurrences_through_memory():
    f = compiled(prefix_in_place)
    rng = np.random.default_rng(11)
    for n in range(0, 12):
        a = rng.normal(size=n)
        np.testing.assert_array_equal(f(a.copy()), prefix_in_place(a.copy()))
        b = rng.normal(size=2 * n)
        np.testing.assert_array_equal(f(b.copy()[::2]), prefix_in_place(b.copy()[::2]))


def test_unrolled_loops_run_every_iteration_in_order():
    f = compiled(scaled_prefix)
    a = np.random.default_rng(9).normal(size=40)
    for n in range(0, 20):
        assert f(a, n) == scaled_prefix(a, n)
        assert f(a[::-3], min(n, 13)) == scaled_prefix(a[::-3], min(n, 13))


def test_unrolled_loops_with_literal_steps():
    f, g = compiled(down_by_two), compiled(up_by_three_into)
    for n in range(0, 17):
        a = np.arange(n, dtype=np.float64) * 0.3 - 1.0
        assert f(a) == down_by_two(a)
        np.testing.assert_array_equal(g(np.zeros(n), a), up_by_three_into(np.zeros(n), a))


def last_and_count_down(start, stop):
    last = 1
    count = 0
    for i in range(start, stop, -1):
        last = i
        count += i & 7
    return last, count


def test_unrolled_loops_near_the_int64_limits():
    f = compiled(last_and_count)
    top, bottom = 2**63 - 1, -(2**63)
    for start, stop in [(top - 9, top), (top - 3, top), (top - 1, top), (top, top), (bottom, bottom + 6),
                        (-5, 3), (3, -5), (0, 0)]:
        assert f(start, stop) == last_and_count(start, stop), (start, stop)
    g = compiled(last_and_count_down)
    for start, stop in [(bottom + 9, bottom), (bottom + 2, bottom), (top, top - 9), (top, top - 2), (5, -6),
                        (-6, 5), (0, 0)]:
        assert g(start, stop) == last_and_count_down(start, stop), (start, stop)


# break, continue and while loops (several back edges, exits that rejoin) -----------------------------


def first_over(a, limit):
    found = -1
    for i in range(a.shape[0]):
        if a[i] > limit:
            found = i
            break
    return found


def skip_negatives(a):
    s = 0.0
    count = 0
    for i in range(a.shape[0]):
        if a[i] < 0:
            continue
        s += a[i]
        count += 1
    return s, count


def collatz_steps(n):
    steps = 0
    while n != 1 and steps < 1000:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def nested_with_exits(n, m):
    total = 0
    for i in range(n):
        j = 0
        while j < m:
            if (i + j) % 7 == 6:
                break
            if (i * j) % 3 == 1:
                j += 2
                continue
            total += i * m + j
            j += 1
        else:
            total -= 1
    return total


def test_break_finds_the_first_match():
    f = compiled(first_over)
    rng = np.random.default_rng(1)
    for n in [0, 1, 2, 7, 50]:
        a = rng.normal(size=n)
        for limit in [-10.0, 0.0, 0.5, 10.0, math.nan]:
            assert f(a, limit) == first_over(a, limit)


def test_continue_skips_items():
    f = compiled(skip_negatives)
    rng = np.random.default_rng(2)
    for n in [0, 1, 5, 64]:
        a = rng.normal(size=n)
        assert f(a) == skip_negatives(a)
        assert f(a[::-2]) == skip_negatives(a[::-2])


def test_while_loops_with_compound_conditions():
    f = compiled(collatz_steps)
    for n in [1, 2, 3, 7, 27, 97, 871]:
        assert f(n) == collatz_steps(n)


def test_nested_loops_with_break_continue_and_else():
    f = compiled(nested_with_exits)
    for n in [0, 1, 3, 10]:
        for m in [0, 1, 4, 9]:
            assert f(n, m) == nested_with_exits(n, m)


def sequential_and_nested(a, n):
    s = 0.0
    for i in range(n):
        s += a[i]
    for j in range(1, n):
        s = s * 0.5 + a[j - 1]
    k = 0
    while k < n:
        s -= a[k] * 0.25
        k += 2
    for i in range(n):
        for j in range(i):
            if a[j] > s:
                s += a[j] * 0.125
            else:
                s -= 1.0
        for j in range(n - 1, i, -1):
            s = s * 0.75 + a[j]
    return s


def test_many_loops_in_one_function():
    f = compiled(sequential_and_nested)
    rng = np.random.default_rng(12)
    for n in [0, 1, 2, 5, 13]:
        a = rng.normal(size=n)
        assert f(a, n) == sequential_and_nested(a, n)


# Array indexing in loops: hoisted addresses, wraparound kept where an index can be negative -------------


def shifted_sum(a, k):
    s = 0.0
    for i in range(a.shape[0]):
        s = s * 0.5 + a[i - k]
    return s


def shifted_sum_literal(a):
    s = 0.0
    for i in range(a.shape[0]):
        s = s * 0.5 + a[i - 1] - a[i - 3]
    return s


def reverse_copy(a):
    out = np.empty_like(a)
    n = a.shape[0]
    for i in range(n - 1, -1, -1):
        out[n - 1 - i] = a[i]
    return out


def stencil(u):
    n = u.shape[0]
    m = u.shape[1]
    out = np.zeros((n, m))
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]) - u[i, j]
    return out


def wrapping_stencil(u):
    n = u.shape[0]
    m = u.shape[1]
    out = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            out[i, j] = u[i - 1, j] + 2.0 * u[i, j - 1] - u[i - 2, j - 1]
    return out


def column_sums(a):
    out = np.zeros(a.shape[1])
    for j in range(a.shape[1]):
        for i in range(a.shape[0]):
            out[j] += a[i, j] * 1.5
    return out


def test_negative_indices_in_loops_still_wrap():
    f, g = compiled(shifted_sum), compiled(shifted_sum_literal)
    rng = np.random.default_rng(3)
    for n in [3, 4, 10]:
        a = rng.normal(size=n)
        for k in [0, 1, 2, n]:
            assert f(a, k) == shifted_sum(a, k)
        assert g(a) == shifted_sum_literal(a)
        assert g(a[::-1]) == shifted_sum_literal(a[::-1])


def test_negative_step_loops_over_arrays():
    f = compiled(reverse_copy)
    for n in [0, 1, 2, 9]:
        a = np.arange(n, dtype=np.float64) * 1.5 - 2.0
        np.testing.assert_array_equal(f(a), a[::-1])
        np.testing.assert_array_equal(f(a[::2]), a[::2][::-1])


@pytest.mark.parametrize("shape", [(0, 0), (1, 1), (2, 5), (3, 3), (7, 4), (20, 31)])
def test_stencils_match_python(shape):
    f, g = compiled(stencil), compiled(wrapping_stencil)
    u = np.random.default_rng(4).normal(size=shape)
    views = [u, np.asfortranarray(u)]
    if shape[0] >= 2 and shape[1] >= 2:
        views.append(np.random.default_rng(5).normal(size=(2 * shape[0], 2 * shape[1]))[::2, ::2])
    for v in views:
        np.testing.assert_array_equal(f(v), stencil(v))
        if v.shape[0] >= 2 and v.shape[1] >= 1:
            np.testing.assert_array_equal(g(v), wrapping_stencil(v))


def test_column_loops_over_any_layout():
    f = compiled(column_sums)
    a = np.random.default_rng(6).normal(size=(6, 5))
    for v in [a, np.asfortranarray(a), a[::2, ::-1], a.T]:
        np.testing.assert_array_equal(f(v), column_sums(v))


def get_next(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i + 1]
    return s


def get_previous(a, start):
    s = 0.0
    for i in range(start, a.shape[0]):
        s += a[i - 1]
    return s


def test_boundscheck_still_raises_in_loops():
    checked_next = compiled(get_next, boundscheck=True)
    with pytest.raises(IndexError, match="out of bounds"):
        checked_next(np.ones(4))
    with pytest.raises(IndexError):
        checked_next(np.ones(1))
    checked_previous = compiled(get_previous, boundscheck=True)
    # a[-1] wraps to the last item, which is in bounds.
    assert checked_previous(np.arange(4.0), 0) == get_previous(np.arange(4.0), 0)
    assert checked_previous(np.arange(4.0), 1) == get_previous(np.arange(4.0), 1)

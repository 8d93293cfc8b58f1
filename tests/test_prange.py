"""``prange`` loops under ``@njit(parallel=True)``: run on the thread pool, results compared with the same
function run as plain Python (``f.py_func``, where ``prange`` is ``range``)."""

import gc
import math
import threading

import numpy as np
import pytest

import ferrumba
import ferrumba as nb
from ferrumba import _core, njit, prange
from ferrumba.errors import TypingError, UnsupportedError
from helpers import define

SIZES = [0, 1, 2, 7, 16, 17, 1000, 10_007]
DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.int8]


@pytest.fixture(autouse=True)
def _restore_threads():
    n = ferrumba.get_num_threads()
    yield
    ferrumba.set_num_threads(n)


def close(got, expected, rel=1e-9):
    if isinstance(expected, np.ndarray):
        np.testing.assert_allclose(got, expected, rtol=rel, equal_nan=True)
    elif isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(got)
    elif isinstance(expected, (float, np.floating)):
        assert got == pytest.approx(expected, rel=rel, nan_ok=True)
    else:
        assert got == expected and type(got) is type(expected)


def leak_check(f, *args, repeat=20):
    try:
        f(*args)
    except Exception:
        pass
    gc.collect()
    before = _core._nrt_stats()
    for _ in range(repeat):
        try:
            f(*args)
        except Exception:
            pass
    gc.collect()
    allocs, frees = _core._nrt_stats()
    assert allocs - before[0] == frees - before[1], "compiled code leaked arrays"


# ---------------------------------------------------------------- scalar reductions


@njit(parallel=True)
def psum(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


psum_serial = njit(psum.py_func)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("n", SIZES)
def test_sum_matches_python(dtype, n):
    a = (np.arange(n) % 91 - 40).astype(dtype)
    expected = psum_serial(a)  # Numba's integer typing (int64 + uint8 is int64), unlike NumPy scalars
    got = psum(a)
    if np.issubdtype(dtype, np.integer):
        assert got == expected == int(a.astype(np.int64).sum())
    else:
        close(got, float(expected), rel=1e-5 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("special", [np.nan, np.inf, -np.inf])
def test_sum_special_floats(special):
    a = np.linspace(-1, 1, 5001)
    a[1234] = special
    close(psum(a), psum.py_func(a))
    a[4000] = -special
    close(psum(a), psum.py_func(a))


def test_sum_non_contiguous_view():
    a = np.arange(3000.0).reshape(100, 30)[::3, 7]
    close(psum(a), psum.py_func(a))


def test_sum_is_deterministic_for_a_thread_count():
    a = np.random.default_rng(0).standard_normal(100_001)
    first = psum(a)
    assert all(psum(a) == first for _ in range(20))
    assert first == pytest.approx(a.sum(), rel=1e-9)


REDUCTIONS = {
    "iadd": "s = init\n    for i in prange(len(a)):\n        s += a[i]\n    return s",
    "isub": "s = init\n    for i in prange(len(a)):\n        s -= a[i]\n    return s",
    "imul": "s = init\n    for i in prange(len(a)):\n        s *= a[i]\n    return s",
    "idiv": "s = init\n    for i in prange(len(a)):\n        s /= a[i]\n    return s",
    "add_left": "s = init\n    for i in prange(len(a)):\n        s = s + a[i] * 2\n    return s",
    "add_right": "s = init\n    for i in prange(len(a)):\n        s = a[i] + s\n    return s",
    "sub": "s = init\n    for i in prange(len(a)):\n        s = s - a[i]\n    return s",
    "mul": "s = init\n    for i in prange(len(a)):\n        s = a[i] * s\n    return s",
    "min": "s = init\n    for i in prange(len(a)):\n        s = min(s, a[i])\n    return s",
    "max": "s = init\n    for i in prange(len(a)):\n        s = max(a[i], s)\n    return s",
    "two": "s = init\n    t = init\n    for i in prange(len(a)):\n        s += a[i]\n        t = max(t, a[i] - 1)\n"
           "    return s, t",
    "conditional": "s = init\n    for i in prange(len(a)):\n        if a[i] > 0:\n            s += a[i]\n"
                   "        else:\n            s -= 1\n    return s",
}


def make(body, parallel=True):
    return njit(parallel=parallel)(define("def f(a, init):\n    " + body + "\n", {"prange": prange}))


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("n", [0, 1, 5, 333, 5000])
def test_reduction_forms(name, n):
    f = make(REDUCTIONS[name])
    rng = np.random.default_rng(n)
    a = rng.uniform(0.5, 1.5, n) if name in ("imul", "mul", "idiv") else rng.uniform(-10, 10, n)
    for init in (0.0, 1.0, -3.5):
        expected = f.py_func(a, init)
        got = f(a, init)
        if isinstance(expected, tuple):
            for g, e in zip(got, expected):
                close(g, e, rel=1e-9)
        else:
            close(got, expected, rel=1e-9)


@pytest.mark.parametrize("op", ["|=", "&="])
@pytest.mark.parametrize("dtype", [np.int64, np.uint8, np.int32])
def test_bitwise_reductions(op, dtype):
    f = make("s = init\n    for i in prange(len(a)):\n        s %s a[i]\n    return s" % op)
    rng = np.random.default_rng(1)
    a = rng.integers(0, 120, 777).astype(dtype)
    for init in (0, 127, 0x55):
        assert f(a, dtype(init)) == f.py_func(a, dtype(init))


def test_integer_start_widens_to_float():
    @njit(parallel=True)
    def f(a):
        s = 0
        for i in prange(len(a)):
            s += a[i] * 0.5
        return s

    a = np.arange(1001.0)
    close(f(a), f.py_func(a))
    assert isinstance(f(np.zeros(0)), float) or f(np.zeros(0)) == 0


def test_min_max_with_nan_and_empty():
    @njit(parallel=True)
    def f(a, lo, hi):
        for i in prange(a.size):
            lo = min(lo, a[i])
            hi = max(hi, a[i])
        return lo, hi

    a = np.random.default_rng(2).standard_normal(4097)
    assert f(a, np.inf, -np.inf) == (a.min(), a.max())
    assert f(a[:0], 1.0, 2.0) == (1.0, 2.0)


# ---------------------------------------------------------------- array reductions


@njit(parallel=True)
def whole_array(x):
    y = np.zeros(4)
    for i in prange(x.shape[0]):
        y += x[i]
    return y


@njit(parallel=True)
def outer_slice(x):
    y = np.zeros(4)
    z = y[:]
    for i in prange(x.shape[0]):
        z += x[i]
    return y


@njit(parallel=True)
def two_d_array_reduction_prod(n):
    shp = (13, 17)
    result1 = 2 * np.ones(shp, np.int_)
    tmp = 2 * np.ones_like(result1)
    for i in prange(n):
        result1 *= tmp
    return result1


@pytest.mark.parametrize("n", [0, 1, 3, 50, 1001])
def test_array_reductions(n):
    x = np.random.default_rng(n).standard_normal((n, 4))
    close(whole_array(x), whole_array.py_func(x), rel=1e-12)
    close(outer_slice(x), outer_slice.py_func(x), rel=1e-12)
    if n < 60:
        np.testing.assert_array_equal(two_d_array_reduction_prod(n), two_d_array_reduction_prod.py_func(n))


def test_array_reduction_of_scalars_and_rows_does_not_leak():
    x = np.random.default_rng(3).standard_normal((300, 4))
    leak_check(whole_array, x)
    leak_check(outer_slice, x)
    leak_check(two_d_array_reduction_prod, 5)


# ---------------------------------------------------------------- private and shared variables


@njit(parallel=True)
def privates(a, out):
    t = -1.0
    for i in prange(len(a)):
        t = a[i] * 2.0
        u = t + 1.0
        out[i] = u
    return t


def test_shared_array_writes_and_private_values():
    a = np.arange(2000.0)
    out = np.zeros_like(a)
    t = privates(a, out)
    np.testing.assert_array_equal(out, a * 2.0 + 1.0)
    # Private variables: after the loop the value from before the loop (see docs/parallel.md).
    assert t == -1.0


@njit(parallel=True)
def private_read_first(a):
    t = 5.0
    out = np.zeros(len(a))
    for i in prange(len(a)):
        out[i] = t  # every iteration starts from the value before the loop
        t = a[i]
        out[i] += t
    return out, t


def test_private_variables_start_each_iteration_from_the_value_before_the_loop():
    a = np.arange(3000.0)
    out, t = private_read_first(a)
    np.testing.assert_array_equal(out, a + 5.0)
    assert t == 5.0


@njit(parallel=True)
def body_allocates(a):
    out = np.empty(len(a))
    for i in prange(len(a)):
        tmp = np.ones(3) * a[i]
        out[i] = tmp.sum()
    return out


def test_arrays_created_in_the_body_are_released():
    a = np.arange(500.0)
    np.testing.assert_allclose(body_allocates(a), body_allocates.py_func(a))
    leak_check(body_allocates, a)


@njit(parallel=True)
def nested(n, m):
    out = np.zeros((n, m))
    total = 0.0
    for i in prange(n):
        for j in prange(m):
            out[i, j] = i * m + j
            total += i - j
    return out, total


def test_nested_prange_runs_serially_inside():
    out, total = nested(37, 23)
    expected_out, expected_total = nested.py_func(37, 23)
    np.testing.assert_array_equal(out, expected_out)
    assert total == expected_total


@njit(parallel=True)
def ranges(start, stop, step):
    out = np.zeros(200, np.int64)
    s = 0
    for i in prange(start, stop, step):
        out[i + 100] += 1
        s += i
    return out, s


@pytest.mark.parametrize("args", [(0, 50, 1), (-100, 99, 1), (99, -100, -1), (50, -50, -7), (-3, 90, 11),
                                  (5, 5, 1), (5, 0, 1), (0, 5, -1), (10, -10, -1), (-100, 100, 199)])
def test_start_stop_step(args):
    out, s = ranges(*args)
    expected_out, expected_s = ranges.py_func(*args)
    np.testing.assert_array_equal(out, expected_out)
    assert s == expected_s


def test_one_and_two_argument_forms():
    @njit(parallel=True)
    def f(n, m):
        s = 0
        for i in prange(n):
            s += i
        t = 0
        for j in prange(n, m):
            t += j * j
        return s, t

    for n, m in [(0, 0), (1, 5), (100, 37), (1000, 5000), (-5, 5)]:
        assert f(n, m) == f.py_func(n, m)


def test_zero_step_raises_value_error():
    with pytest.raises(ValueError, match="must not be zero"):
        ranges(0, 10, 0)


# ---------------------------------------------------------------- exceptions


@njit(parallel=True)
def raises_at(n, bad):
    s = 0
    for i in prange(n):
        if i == bad:
            raise ValueError("bad iteration")
        s += i
    return s


@njit(parallel=True)
def divides(a, b):
    s = 0.0
    for i in prange(len(a)):
        s += a[i] // b[i]
    return s


@njit(parallel=True, boundscheck=True)
def out_of_bounds(a, extra):
    s = 0.0
    for i in prange(len(a) + extra):
        s += a[i]
    return s


def test_exceptions_reach_the_caller_and_the_pool_keeps_working():
    for bad in (0, 1, 500, 9999):
        with pytest.raises(ValueError, match="bad iteration"):
            raises_at(10_000, bad)
    assert raises_at(100, -1) == sum(range(100))
    b = np.ones(5000)
    b[4321] = 0
    with pytest.raises(ZeroDivisionError):
        divides(np.ones(5000), b)
    assert divides(np.ones(5000), np.ones(5000)) == 5000.0
    with pytest.raises(IndexError):
        out_of_bounds(np.ones(1000), 1)
    assert out_of_bounds(np.ones(1000), 0) == 1000.0
    leak_check(out_of_bounds, np.ones(100), 1)


@njit(parallel=True)
def raises_with_array_reduction(x, bad):
    y = np.zeros(3)
    for i in prange(x.shape[0]):
        if i == bad:
            raise KeyError("row")
        y += x[i]
    return y


def test_failing_chunks_release_partial_arrays():
    x = np.ones((400, 3))
    with pytest.raises(KeyError):
        raises_with_array_reduction(x, 123)
    leak_check(raises_with_array_reduction, x, 123)
    np.testing.assert_array_equal(raises_with_array_reduction(x, -1), np.full(3, 400.0))


# ---------------------------------------------------------------- threads


@njit(parallel=True)
def thread_ids(n):
    out = np.zeros(n, np.int64)
    for i in prange(n):
        s = 0.0
        for j in range(20_000):
            s += math.sqrt(j)
        out[i] = ferrumba.get_thread_id() + (s < 0)
    return out, ferrumba.get_num_threads(), nb.get_thread_id()


def test_thread_ids_and_num_threads_in_compiled_code():
    ids, n_threads, outside = thread_ids(64)
    assert n_threads == ferrumba.get_num_threads()
    assert outside == 0
    assert ids.min() >= 0 and ids.max() < n_threads
    ferrumba.set_num_threads(1)
    ids, n_threads, _ = thread_ids(16)
    assert n_threads == 1 and (ids == 0).all()


def test_result_same_with_any_thread_count():
    a = np.arange(10_000, dtype=np.int64)
    for n in (1, 2, 3, ferrumba.config.NUMBA_NUM_THREADS):
        ferrumba.set_num_threads(n)
        assert psum(a) == a.sum()
        out = np.zeros(2000)
        privates(np.arange(2000.0), out)
        np.testing.assert_array_equal(out, np.arange(2000.0) * 2 + 1)


@njit(parallel=True, nogil=True)
def heavy(a):
    s = 0.0
    for i in prange(len(a)):
        s += math.sin(a[i]) * math.cos(a[i])
    return s


@pytest.mark.parametrize("nogil", [False, True])
def test_python_threads_call_parallel_functions_at_once(nogil):
    f = heavy if nogil else psum
    a = np.random.default_rng(4).standard_normal(50_000)
    expected = f(a)
    results, errors = [], []

    def work():
        try:
            for _ in range(20):
                results.append(f(a))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)
    assert len(results) == 80 and all(r == expected for r in results)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_works_in_a_forked_child():
    import os

    a = np.arange(100_000.0)
    expected = psum(a)  # the pool exists in the parent
    pid = os.fork()
    if pid == 0:
        ok = psum(a) == expected and raises_at(100, -1) == 4950
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert status == 0


def test_multiprocessing_fork_child():
    import multiprocessing

    a = np.arange(100_000.0)
    expected = psum(a)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        assert pool.map(call_psum, [a, a, a]) == [expected] * 3


def call_psum(a):
    return psum(a)


# ---------------------------------------------------------------- compile-time behaviour


def test_without_parallel_prange_is_range():
    @njit
    def serial(a):
        for i in prange(1, len(a)):
            a[i] = a[i - 1] + 1  # depends on the previous iteration
        return a

    import io

    np.testing.assert_array_equal(serial(np.zeros(10_000)), np.arange(10_000.0))
    buf = io.StringIO()
    serial.inspect_types(file=buf)
    assert "parfor" not in buf.getvalue() and "prange loop body" not in buf.getvalue()


def test_outlined_body_is_visible_in_inspect_types():
    import io

    psum(np.ones(3))
    buf = io.StringIO()
    psum.inspect_types(file=buf)
    text = buf.getvalue()
    assert "ferrumba.parfor/1" in text and "# prange loop body psum$prange1" in text


def test_numba_style_names_resolve():
    @njit(parallel=True)
    def f(n):
        s = 0
        for i in nb.prange(n):
            s += i
        return s

    assert f(1000) == 499500


@pytest.mark.parametrize("body, message", [
    ("s = 0\n    for i in prange(5):\n        s += i\n        print(s)\n    return s", "reduction variable 's' is read"),
    ("for i in prange(5):\n        return i\n    return 0", "'return' inside a prange loop"),
    ("for i in prange(5):\n        break\n    return 0", "'break' out of a prange loop"),
    ("for i, j in prange(5):\n        pass\n    return 0", "single name"),
    ("s = 0\n    for i in prange(5):\n        s += i\n        s *= 2\n    return s", "different operators"),
])
def test_unsupported_loops_are_clear_errors(body, message):
    f = make(body)
    with pytest.raises((TypingError, UnsupportedError), match=message):
        f(np.zeros(3), 0)


# ---------------------------------------------------------------- more types and layouts


@njit(parallel=True)
def strided_reduction(x):
    y = np.zeros(8)
    z = y[::2]
    for i in prange(x.shape[0]):
        z += x[i]
    return y


def test_array_reduction_into_a_strided_view_updates_the_base():
    x = np.random.default_rng(5).standard_normal((301, 4))
    np.testing.assert_allclose(strided_reduction(x), strided_reduction.py_func(x), rtol=1e-12)


@njit(parallel=True)
def complex_reductions(a):
    s = 0j
    p = 1 + 0j
    for i in prange(len(a)):
        s += a[i]
        p *= a[i] / abs(a[i])
    return s, p


@njit(parallel=True)
def bool_reductions(a):
    any_ = False
    all_ = True
    for i in prange(len(a)):
        any_ |= a[i] > 0.5
        all_ &= a[i] > -10.0
    return any_, all_


def test_complex_and_bool_reductions():
    for n in (0, 1, 1001):
        a = np.exp(1j * np.linspace(0, 3, n))
        got, expected = complex_reductions(a), complex_reductions.py_func(a)
        assert got[0] == pytest.approx(expected[0], rel=1e-12, abs=1e-12)
        assert got[1] == pytest.approx(expected[1], rel=1e-9)
    for a in (np.linspace(0, 1, 1000), np.zeros(1000), np.full(7, -20.0), np.zeros(0)):
        assert bool_reductions(a) == tuple(bool(v) for v in bool_reductions.py_func(a))


@njit(parallel=True, nogil=True)
def calls_parallel_in_body(a, n):
    out = np.zeros(n)
    for k in prange(n):
        out[k] = psum(a) + k
    return out


def test_parallel_function_called_inside_a_parallel_loop_from_many_threads():
    a = np.arange(20_000.0)
    expected = a.sum() + np.arange(40)
    errors = []

    def work():
        try:
            for _ in range(10):
                np.testing.assert_array_equal(calls_parallel_in_body(a, 40), expected)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)


@njit(parallel=True)
def wide_range(a, b, c):
    s = 0
    k = 0
    for i in prange(a, b, c):
        s += i // 1024
        k += 1
    return s, k


@pytest.mark.parametrize("args", [(0, 2**62, 2**57), (-2**62, 2**62, 2**58), (2**62, -2**62, -2**58),
                                  (-2**62, 2**62, 3**35), (2**62, 2**62 + 100, 7)])
def test_wide_ranges_split_exactly(args):
    assert wide_range(*args) == wide_range.py_func(*args)

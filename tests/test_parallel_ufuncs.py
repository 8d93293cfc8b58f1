"""target="parallel" for @vectorize and @guvectorize: results identical to target="cpu"."""

import math
import threading

import numpy as np
import pytest

import ferrumba
from ferrumba import guvectorize, vectorize

BIG = 100_003  # above the parallel threshold, not a multiple of the chunk count
SIZES = [0, 1, 7, 1000, 16383, 16384, BIG]


def expsin(x):
    return x * math.exp(-x) + math.sin(x)


def add2(a, b):
    return a + b


def twice_minus(a, b):
    return a * 2.0 - b


def affine(x):
    return x * 3.0 + 1.0


def both(sigs, func, **kws):
    return vectorize(sigs, **kws)(func), vectorize(sigs, target="parallel", **kws)(func)


@pytest.fixture(autouse=True)
def two_threads():
    before = ferrumba.get_num_threads()
    ferrumba.set_num_threads(max(2, before))
    yield
    ferrumba.set_num_threads(before)


def test_is_a_numpy_ufunc():
    _, par = both(["float64(float64)"], expsin)
    assert isinstance(par, np.ufunc)
    assert par.nin == 1 and par.nout == 1 and par.types == ["d->d"]


@pytest.mark.parametrize("n", SIZES)
def test_float64_sizes(n):
    cpu, par = both(["float64(float64)"], expsin)
    x = np.random.default_rng(n).random(n) * 10
    np.testing.assert_array_equal(par(x), cpu(x))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "complex128", "bool"])
def test_dtypes(dtype):
    if dtype == "bool":
        def add(a, b):
            return a or b
    else:
        def add(a, b):
            return a + b

    sig = "%s(%s, %s)" % (dtype, dtype, dtype)
    cpu, par = both([sig], add)
    rng = np.random.default_rng(1)
    a = (rng.random(BIG) * 100).astype(dtype)
    b = (rng.random(BIG) * 100).astype(dtype)
    if dtype == "complex128":
        a = a + 1j * b
    np.testing.assert_array_equal(par(a, b), cpu(a, b))
    np.testing.assert_array_equal(par(a, b), np.logical_or(a, b) if dtype == "bool" else a + b)


def test_broadcasting_2d():
    cpu, par = both(["float64(float64, float64)"], twice_minus)
    a = np.random.default_rng(2).random((300, 400))
    b = np.arange(400.0)
    np.testing.assert_array_equal(par(a, b), cpu(a, b))
    np.testing.assert_array_equal(par(a, 3.0), a * 2.0 - 3.0)
    col = np.arange(300.0)[:, None]
    np.testing.assert_array_equal(par(col, b), cpu(col, b))


def test_non_contiguous_inputs_and_out():
    cpu, par = both(["float64(float64)"], expsin)
    base = np.random.default_rng(3).random(3 * BIG)
    x = base[::3]
    out = np.zeros(2 * BIG)[::2]
    r = par(x, out=out)
    assert r is out
    np.testing.assert_array_equal(out, cpu(x))
    rev = base[::-1]
    np.testing.assert_array_equal(par(rev), cpu(rev))
    t = np.random.default_rng(4).random((500, 400)).T
    np.testing.assert_array_equal(par(t), cpu(t))


def test_out_in_place_and_casting():
    cpu, par = both(["float64(float64)"], affine)
    x = np.random.default_rng(5).random(BIG)
    expected = cpu(x)
    par(x, out=x)
    np.testing.assert_array_equal(x, expected)
    ints = np.arange(BIG, dtype=np.int32)
    np.testing.assert_array_equal(par(ints), cpu(ints))


def test_where():
    cpu, par = both(["float64(float64)"], expsin)
    x = np.random.default_rng(6).random(BIG)
    mask = x > 0.5
    o1, o2 = np.full(BIG, -1.0), np.full(BIG, -1.0)
    cpu(x, out=o1, where=mask)
    par(x, out=o2, where=mask)
    np.testing.assert_array_equal(o1, o2)


def test_reduce_accumulate_outer():
    cpu, par = both(["int64(int64, int64)", "float64(float64, float64)"], add2, identity=0)
    x = np.arange(BIG, dtype=np.int64)
    assert par.reduce(x) == x.sum()
    np.testing.assert_array_equal(par.accumulate(x), np.cumsum(x))
    m = np.arange(300 * 400, dtype=np.int64).reshape(300, 400)
    for axis in (0, 1, None):
        np.testing.assert_array_equal(par.reduce(m, axis=axis), m.sum(axis=axis))
    np.testing.assert_array_equal(par.accumulate(m, axis=0), np.cumsum(m, axis=0))
    np.testing.assert_array_equal(par.accumulate(m, axis=1), np.cumsum(m, axis=1))
    a, b = np.arange(300.0), np.arange(400.0)
    np.testing.assert_array_equal(par.outer(a, b), cpu.outer(a, b))
    f = np.random.default_rng(7).random(BIG)
    assert par.reduce(f) == cpu.reduce(f)


def test_kernel_raises_in_one_chunk():
    @vectorize(["float64(float64)"], target="parallel")
    def check(x):
        if x < 0.0:
            raise ValueError("negative input")
        return math.sqrt(x)

    x = np.arange(BIG, dtype=np.float64)
    x[BIG - 10] = -1.0  # in the last chunk
    with pytest.raises(ValueError, match="negative input"):
        check(x)
    x[5] = -2.0  # failures in two chunks: one exception
    with pytest.raises(ValueError, match="negative input"):
        check(x)
    # the ufunc still works afterwards
    y = np.arange(BIG, dtype=np.float64)
    np.testing.assert_array_equal(check(y), np.sqrt(y))
    with pytest.raises(ValueError, match="negative input"):
        check(np.array([1.0, -1.0]))  # small: inline


def test_first_failure_is_reported():
    @vectorize(["float64(float64)"], target="parallel")
    def which(x):
        if x < 0.0:
            raise ValueError("first")
        if x > 1e9:
            raise KeyError("second")
        return x

    x = np.arange(BIG, dtype=np.float64)
    x[3] = -1.0
    x[BIG - 3] = 2e9
    for _ in range(20):
        with pytest.raises(ValueError, match="first"):
            which(x)


def test_calls_from_several_threads():
    cpu, par = both(["float64(float64)"], expsin)
    inputs = [np.random.default_rng(i).random(BIG + i) for i in range(8)]
    expected = [cpu(x) for x in inputs]
    errors = []

    def work(i):
        try:
            for _ in range(5):
                np.testing.assert_array_equal(par(inputs[i]), expected[i])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def mul_add(a, b):
    return a * b + 1


def test_dynamic_parallel():
    cpu = vectorize(mul_add)
    par = vectorize(target="parallel")(mul_add)
    x = np.arange(BIG, dtype=np.int64)
    np.testing.assert_array_equal(par(x, x), x * x + 1)
    y = np.arange(BIG, dtype=np.float32)
    r = par(y, y)
    assert r.dtype == cpu(y, y).dtype
    np.testing.assert_array_equal(r, cpu(y, y))
    assert par.ntypes == 2


def test_num_threads():
    ferrumba.set_num_threads(1)
    assert ferrumba.get_num_threads() == 1
    cpu, par = both(["float64(float64)"], expsin)
    x = np.random.default_rng(8).random(BIG)
    np.testing.assert_array_equal(par(x), cpu(x))
    ferrumba.set_num_threads(3)
    assert ferrumba.get_num_threads() == 3
    np.testing.assert_array_equal(par(x), cpu(x))
    with pytest.raises(ValueError):
        ferrumba.set_num_threads(0)
    with pytest.raises(ValueError, match="between 1 and"):
        ferrumba.set_num_threads(ferrumba.config.NUMBA_NUM_THREADS + 1)


def move_mean(a, window, out):
    acc = 0.0
    for i in range(a.shape[0]):
        acc += a[i]
        if i >= window:
            acc -= a[i - window]
        out[i] = acc / min(i + 1, window)


def test_guvectorize_parallel():
    sig = ["void(float64[:], int64, float64[:])"]
    cpu = guvectorize(sig, "(n),()->(n)")(move_mean)
    par = guvectorize(sig, "(n),()->(n)", target="parallel")(move_mean)
    assert isinstance(par, np.ufunc) and par.signature == "(n),()->(n)"
    a = np.random.default_rng(9).random((1000, 300))
    np.testing.assert_array_equal(par(a, 5), cpu(a, 5))
    out = np.zeros((1000, 300))
    par(a, 5, out=out)
    np.testing.assert_array_equal(out, cpu(a, 5))
    t = np.asfortranarray(a)[::2]
    np.testing.assert_array_equal(par(t, 7), cpu(t, 7))
    w = np.arange(1000)[:, None] % 9 + 1  # broadcast window per row
    np.testing.assert_array_equal(par(a, w[:, 0]), cpu(a, w[:, 0]))
    small = a[:3, :10]
    np.testing.assert_array_equal(par(small, 2), cpu(small, 2))


def test_guvectorize_parallel_scalar_output_and_raise():
    @guvectorize(["void(float64[:], float64[:])"], "(n)->()", target="parallel")
    def total(a, out):
        s = 0.0
        for v in a:
            if v < 0.0:
                raise ValueError("negative row")
            s += v
        out[0] = s

    a = np.random.default_rng(10).random((2000, 50))
    np.testing.assert_allclose(total(a), a.sum(axis=1))
    a[1500, 3] = -1.0
    with pytest.raises(ValueError, match="negative row"):
        total(a)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_works_in_a_forked_child():
    import os

    cpu, par = both(["float64(float64)"], expsin)
    x = np.random.default_rng(11).random(BIG)
    expected = cpu(x)
    np.testing.assert_array_equal(par(x), expected)  # the pool exists in the parent
    pid = os.fork()
    if pid == 0:
        os._exit(0 if np.array_equal(par(x), expected) else 1)
    _, status = os.waitpid(pid, 0)
    assert status == 0

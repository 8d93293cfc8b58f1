"""Dask: our ufuncs on dask arrays stay lazy and compute the right result; jitted functions, ufuncs and
gufuncs run in map_blocks on a LocalCluster with worker processes (pickled, rebuilt and compiled there)."""

import math

import os

import dask.array as da  # test dependencies (make test installs them)
import distributed
import numpy as np
import pytest

from ferrumba import guvectorize, njit, vectorize


@vectorize(["float64(float64, float64)", "float32(float32, float32)"])
def logistic(x, k):
    return 1.0 / (1.0 + math.exp(-k * x))


def logistic_ref(x, k):
    return 1.0 / (1.0 + np.exp(-k * x))


@vectorize
def dyn_poly(x):
    return 3 * x * x - x + 1


@guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)")
def cum_sum_reset(x, y, res):
    res[0] = x[0]
    for i in range(1, x.shape[0]):
        res[i] = x[i] + res[i - 1]
        if res[i] >= y:
            res[i] = x[i]


def cum_sum_reset_ref(x, y):
    out = np.empty_like(x)
    for row in np.ndindex(x.shape[:-1]):
        acc = None
        for i, v in enumerate(x[row]):
            acc = v if acc is None or acc + v >= y else acc + v
            out[row + (i,)] = acc
    return out


@njit
def block_kernel(block, scale):
    out = np.empty_like(block)
    for i in range(block.shape[0]):
        for j in range(block.shape[1]):
            out[i, j] = math.sin(block[i, j]) * scale
    return out


def _data():
    rng = np.random.RandomState(42)
    x = rng.standard_normal((40, 30)) * 4
    x[0, :5] = [0.0, -0.0, np.inf, -np.inf, np.nan]
    return x


def test_ufunc_on_dask_array_stays_lazy():
    x = _data()
    dx = da.from_array(x, chunks=(10, 15))
    r = logistic(dx, 0.5)
    assert isinstance(r, da.Array)
    assert r.dtype == np.float64 and r.chunks == dx.chunks
    np.testing.assert_allclose(r.compute(scheduler="threads"), logistic_ref(x, 0.5), rtol=1e-12)
    r32 = logistic(dx.astype(np.float32), np.float32(2))
    assert isinstance(r32, da.Array) and r32.dtype == np.float32
    np.testing.assert_allclose(r32.compute(), logistic_ref(x.astype(np.float32), np.float32(2)), rtol=1e-5)
    # two dask arrays, broadcasting a row
    row = da.from_array(x[0:1, :], chunks=(1, 15))
    r2 = logistic(dx, row)
    assert isinstance(r2, da.Array)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(r2.compute(), logistic_ref(x, x[0:1, :]), rtol=1e-12)


def test_dynamic_ufunc_and_gufunc_on_dask_arrays():
    x = _data()
    dx = da.from_array(x, chunks=(10, 30))
    r = dyn_poly(dx)
    assert isinstance(r, da.Array)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(r.compute(), 3 * x * x - x + 1)
    xi = np.arange(-20, 20, dtype=np.int32).reshape(8, 5)
    ri = dyn_poly(da.from_array(xi, chunks=4))
    np.testing.assert_array_equal(ri.compute(), 3 * xi.astype(np.int64) ** 2 - xi + 1)
    # the gufunc over the core dimension: chunks span the whole core axis
    pos = np.abs(x[1:]) % 7
    g = cum_sum_reset(da.from_array(pos, chunks=(13, 30)), 10.0)
    assert isinstance(g, da.Array)
    np.testing.assert_allclose(g.compute(), cum_sum_reset_ref(pos, 10.0))


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    c.wait_for_workers(2, timeout=60)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.mark.timeout(120)
def test_map_blocks_with_jitted_function_on_worker_processes(client):
    x = _data()[1:]
    dx = da.from_array(x, chunks=(10, 15))
    r = dx.map_blocks(block_kernel, 2.0, dtype=np.float64)
    got = client.compute(r).result(timeout=60)
    np.testing.assert_allclose(got, np.sin(x) * 2.0)
    # the work ran in other processes, which compiled the function there
    pids = client.run(os.getpid)
    assert os.getpid() not in pids.values() and len(pids) == 2


@pytest.mark.timeout(120)
def test_ufuncs_and_closures_on_worker_processes(client):
    x = _data()[1:]
    dx = da.from_array(x, chunks=(10, 30))
    r = logistic(dx, 0.25) + dyn_poly(dx)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(client.compute(r).result(timeout=60),
                                   logistic_ref(x, 0.25) + 3 * x * x - x + 1)

    def make(offset):  # a closure: travels by value and compiles on the workers
        @njit
        def shifted(block):
            return block + offset
        return shifted

    shifted = make(5.0)
    got = client.compute(dx.map_blocks(shifted, dtype=np.float64)).result(timeout=60)
    np.testing.assert_array_equal(got, x + 5.0)
    pos = np.abs(x) % 7
    g = cum_sum_reset(da.from_array(pos, chunks=(13, 30)), 10.0)
    np.testing.assert_allclose(client.compute(g).result(timeout=60), cum_sum_reset_ref(pos, 10.0))

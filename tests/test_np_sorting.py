"""``ferrumba.np.sorting``: sort argsort a.sort() searchsorted unique median compared with NumPy."""

import math

import numpy as np
import pytest

from ferrumba import njit

DTYPES = [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]


def sample(dtype, n, seed=0):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.complexfloating):
        return (rng.integers(0, 4, n) + 1j * rng.integers(0, 4, n)).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        return rng.normal(size=n).astype(dtype)
    return rng.integers(0, 50, size=n).astype(dtype)


def views(a):
    yield a
    yield a[::2]
    yield a[::-1]
    yield a[:0]
    yield a[:1]


@njit
def sorts(a):
    return np.sort(a), np.argsort(a), a.argsort()


@njit
def sort_in_place(a):
    a.sort()


@pytest.mark.parametrize("n", [5, 16, 17, 100, 1000])
@pytest.mark.parametrize("dtype", DTYPES + [np.bool_], ids=lambda d: d.__name__)
def test_sort_and_argsort(dtype, n):
    base = sample(dtype, n) if dtype is not np.bool_ else (np.arange(n) % 3 == 0)
    for a in views(base):
        s, i1, i2 = sorts(a)
        assert s.dtype == a.dtype
        np.testing.assert_array_equal(s, np.sort(a))
        np.testing.assert_array_equal(i1, np.argsort(a, kind="stable"))
        np.testing.assert_array_equal(i2, np.argsort(a, kind="stable"))
        c = a.copy()
        sort_in_place(c)
        np.testing.assert_array_equal(c, np.sort(a))


def test_nan_sorts_last_and_in_place_sort_of_views():
    a = np.array([3.0, np.nan, -1.0, np.inf, np.nan, -np.inf, 0.0])
    s, i, _ = sorts(a)
    np.testing.assert_array_equal(s, np.sort(a))
    np.testing.assert_array_equal(i, np.argsort(a, kind="stable"))
    c = np.array([complex(1, np.nan), 2 + 1j, 1 + 5j, complex(np.nan, 0), 1 + 1j])
    np.testing.assert_array_equal(sorts(c)[0], np.sort(c))
    base = np.arange(10.0)[::-1].copy()
    sort_in_place(base[::2])
    expected = np.arange(10.0)[::-1].copy()
    expected[::2] = np.sort(expected[::2])
    np.testing.assert_array_equal(base, expected)


@njit
def search(a, v):
    return np.searchsorted(a, v)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint8, np.float32, np.float64], ids=lambda d: d.__name__)
def test_searchsorted(dtype):
    a = np.sort(sample(dtype, 20))
    v = sample(dtype, 9, seed=1)
    np.testing.assert_array_equal(search(a, v), np.searchsorted(a, v))
    np.testing.assert_array_equal(search(a, v[::-1]), np.searchsorted(a, v[::-1]))
    for x in v:
        assert search(a, x) == np.searchsorted(a, x)
    assert search(a[:0], v[0]) == 0


def test_searchsorted_with_nan_and_ties():
    a = np.array([1.0, 2.0, 2.0, 3.0, np.nan])
    v = np.array([2.0, np.nan, 0.0, 5.0, 3.0])
    np.testing.assert_array_equal(search(a, v), np.searchsorted(a, v))


@njit
def unique(a):
    return np.unique(a)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_unique(dtype):
    base = sample(dtype, 40) if not np.issubdtype(dtype, np.floating) else np.round(sample(dtype, 40))
    for a in list(views(base)) + [base.reshape(5, 8), np.asfortranarray(base.reshape(5, 8))]:
        got = unique(a)
        assert got.dtype == a.dtype
        np.testing.assert_array_equal(got, np.unique(a))


def test_unique_collapses_nans():
    a = np.array([np.nan, 1.0, np.nan, 1.0, 0.0])
    np.testing.assert_array_equal(unique(a), np.unique(a))


@njit
def median(a):
    return np.median(a)


@pytest.mark.parametrize("n", [1, 2, 7, 10])
@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.uint8, np.float32, np.float64, np.bool_], ids=lambda d: d.__name__)
def test_median(dtype, n):
    base = sample(dtype, n) if dtype is not np.bool_ else (np.arange(n) % 2 == 0)
    for a in list(views(base))[:3]:
        if a.size:
            assert median(a) == pytest.approx(np.median(a), rel=1e-6)
    m = np.arange(12.0).reshape(3, 4)
    for v in (m, np.asfortranarray(m), m[:, ::2]):
        assert median(v) == np.median(v)


def test_median_of_nan_and_empty():
    assert math.isnan(median(np.array([1.0, np.nan, 3.0])))
    assert math.isnan(median(np.zeros(0)))

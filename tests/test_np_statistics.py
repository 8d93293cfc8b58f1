"""``ferrumba.np.statistics``: var std nansum nanmean nanmin nanmax histogram compared with NumPy."""

import math
import warnings

import numpy as np
import pytest

from ferrumba import njit

DTYPES = [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]


def sample(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.complexfloating):
        return (rng.normal(size=shape) + 1j * rng.normal(size=shape)).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        return rng.normal(size=shape).astype(dtype)
    return rng.integers(0, 50, size=shape).astype(dtype)


def layouts(a):
    yield a
    yield a[::2]
    yield a[::-1]
    m = np.resize(a, 12).reshape(3, 4)
    yield m
    yield np.asfortranarray(m)


def close(g, e):
    if isinstance(e, float) and math.isnan(e) or (np.ndim(e) == 0 and np.isnan(e)):
        assert np.isnan(g)
    else:
        assert g == pytest.approx(e, rel=1e-5, abs=1e-6)


@njit
def moments(a):
    return np.var(a), np.std(a), np.var(a, ddof=1), np.std(a, ddof=1)


@pytest.mark.parametrize("dtype", DTYPES + [np.bool_], ids=lambda d: d.__name__)
def test_var_std(dtype):
    base = sample(dtype, 9) if dtype is not np.bool_ else (np.arange(9) % 3 == 0)
    for a in layouts(base):
        got = moments(a)
        for g, e in zip(got, (np.var(a), np.std(a), np.var(a, ddof=1), np.std(a, ddof=1))):
            close(g, e)


def test_var_of_nan_and_empty():
    assert all(math.isnan(x) for x in moments(np.array([1.0, np.nan])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(moments(np.zeros(0))[0])


@njit
def nans(a):
    return np.nansum(a), np.nanmean(a), np.nanmin(a), np.nanmax(a)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64],
                         ids=lambda d: d.__name__)
def test_nan_reductions(dtype):
    base = sample(dtype, 10)
    if np.issubdtype(dtype, np.floating):
        base[[1, 4]] = np.nan
    for a in layouts(base):
        got = nans(a)
        expected = (np.nansum(a), np.nanmean(a), np.nanmin(a), np.nanmax(a))
        for g, e in zip(got, expected):
            close(g, e)


def test_nan_reductions_all_nan_and_empty():
    a = np.array([np.nan, np.nan])
    s, m, lo, hi = nans(a)
    assert s == 0.0 and math.isnan(m) and math.isnan(lo) and math.isnan(hi)
    with pytest.raises(ValueError):
        nans(np.zeros(0))


@njit
def nansum_complex(a):
    return np.nansum(a)


def test_nansum_complex_and_bool():
    c = np.array([1 + 1j, complex(np.nan, 0), 2 - 1j])
    assert nansum_complex(c) == np.nansum(c)
    b = np.array([True, True, False])
    assert nansum_complex(b) == np.nansum(b) == 2


@njit
def hist(a, bins):
    return np.histogram(a, bins)


@njit
def hist10(a):
    return np.histogram(a)


def same_hist(got, expected):
    np.testing.assert_array_equal(got[0], expected[0])
    assert got[0].dtype == expected[0].dtype and got[1].dtype == expected[1].dtype
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64],
                         ids=lambda d: d.__name__)
@pytest.mark.parametrize("bins", [1, 3, 7, 10])
def test_histogram(dtype, bins):
    for a in layouts(sample(dtype, 50)):
        same_hist(hist(a, bins), np.histogram(a, bins))
    same_hist(hist10(sample(dtype, 50)), np.histogram(sample(dtype, 50)))


def test_histogram_edge_cases():
    same_hist(hist(np.zeros(0), 4), np.histogram(np.zeros(0), 4))
    same_hist(hist(np.full(5, 3.0), 4), np.histogram(np.full(5, 3.0), 4))
    same_hist(hist(np.arange(10.0), 3), np.histogram(np.arange(10.0), 3))
    with pytest.raises(ValueError):
        hist(np.array([1.0, np.nan]), 3)
    with pytest.raises(ValueError):
        hist(np.arange(3.0), 0)

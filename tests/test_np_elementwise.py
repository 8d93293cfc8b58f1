"""``ferrumba.np.elementwise``: cumsum cumprod diff clip where isnan isinf isfinite, compared with NumPy
over dtypes, layouts, empty arrays and NaN inputs."""

import numpy as np
import pytest

from ferrumba import njit

DTYPES = [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]


def sample(dtype, n=7, seed=0):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.integers(0, 2, n).astype(np.bool_)
    if np.issubdtype(dtype, np.complexfloating):
        return (rng.normal(size=n) + 1j * rng.normal(size=n)).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        return rng.normal(size=n).astype(dtype)
    return rng.integers(0, 5, size=n).astype(dtype)


def views(a):
    yield a
    yield a[::2]
    yield a[::-1]
    yield a[:0]


def same(got, expected):
    assert isinstance(got, np.ndarray)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape
    if np.issubdtype(expected.dtype, np.inexact):
        np.testing.assert_allclose(got, expected, rtol=1e-5, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


@njit
def cumulative(a):
    return np.cumsum(a), a.cumsum(), np.cumprod(a), a.cumprod()


@pytest.mark.parametrize("dtype", DTYPES + [np.bool_], ids=lambda d: d.__name__)
def test_cumsum_cumprod_1d(dtype):
    for a in views(sample(dtype)):
        got = cumulative(a)
        for g, e in zip(got, (np.cumsum(a), a.cumsum(), np.cumprod(a), a.cumprod())):
            same(g, e)


@pytest.mark.parametrize("dtype", [np.int32, np.float64, np.complex128], ids=lambda d: d.__name__)
def test_cumsum_cumprod_nd_flatten_in_c_order(dtype):
    base = sample(dtype, 12).reshape(3, 4)
    for a in (base, np.asfortranarray(base), base[:, ::2], base.reshape(2, 3, 2)):
        for g, e in zip(cumulative(a), (np.cumsum(a), a.cumsum(), np.cumprod(a), a.cumprod())):
            same(g, e)


def test_cumsum_nan_propagates():
    a = np.array([1.0, np.nan, 2.0])
    for g, e in zip(cumulative(a), (np.cumsum(a), a.cumsum(), np.cumprod(a), a.cumprod())):
        same(g, e)


@njit
def diff1(a):
    return np.diff(a)


@njit
def diffn(a, n):
    return np.diff(a, n)


@pytest.mark.parametrize("dtype", DTYPES + [np.bool_], ids=lambda d: d.__name__)
def test_diff(dtype):
    for a in views(sample(dtype, 8)):
        same(diff1(a), np.diff(a))
        for n in (0, 2, 3, 10):
            same(diffn(a, n), np.diff(a, n))


def test_diff_nan_and_errors():
    a = np.array([1.0, np.nan, 4.0, np.inf])
    same(diff1(a), np.diff(a))
    with pytest.raises(ValueError):
        diffn(a, -1)
    same(diff1(np.array([3])), np.diff(np.array([3])))


@njit
def clip_scalars(a):
    return np.clip(a, 1, 3), np.clip(a, 0.5, 2.5)


@njit
def clip_any(a, lo, hi):
    return np.clip(a, lo, hi)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64],
                         ids=lambda d: d.__name__)
def test_clip_with_scalar_bounds(dtype):
    for a in views(sample(dtype, 9) * dtype(2)):
        g1, g2 = clip_scalars(a)
        same(g1, np.clip(a, 1, 3))
        same(g2, np.clip(a, 0.5, 2.5))


def test_clip_nd_nan_arrays_and_scalars():
    a = np.arange(12.0).reshape(3, 4)
    for v in (a, np.asfortranarray(a), a[:, ::-2], a.reshape(2, 3, 2)):
        same(clip_any(v, 2.0, 7.0), np.clip(v, 2.0, 7.0))
    b = np.array([np.nan, -1.0, 5.0, 2.0])
    same(clip_any(b, 0.0, 3.0), np.clip(b, 0.0, 3.0))
    lo = np.array([0.0, 0.0, 4.0, 3.0])
    same(clip_any(b, lo, 4.5), np.clip(b, lo, 4.5))
    same(clip_any(b, lo, lo[::-1]), np.clip(b, lo, lo[::-1]))
    same(clip_any(b, 2.0, 1.0), np.clip(b, 2.0, 1.0))   # lo > hi gives hi, as in NumPy
    assert clip_any(5, 1, 3) == 3 and clip_any(-2.5, 1.0, 3.0) == 1.0 and clip_any(2, 1, 3) == 2
    with pytest.raises(ValueError):
        clip_any(b, np.zeros(3), 1.0)


@njit
def where3(c, x, y):
    return np.where(c, x, y)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_where(dtype):
    x = sample(dtype, 8)
    y = sample(dtype, 8, seed=1)
    cond = sample(np.bool_, 8, seed=2)
    for c, xv, yv in ((cond, x, y), (cond[::-1], x[::-1], y[::2].repeat(2)), (cond[:0], x[:0], y[:0])):
        same(where3(c, xv, yv), np.where(c, xv, yv))
    same(where3(cond, x, 1), np.where(cond, x, 1))
    same(where3(cond, 2, y), np.where(cond, 2, y))
    same(where3(True, x, y), np.where(True, x, y))
    same(where3(x, 1.5, 0.5), np.where(x, 1.5, 0.5))  # non-bool condition: truthiness


def test_where_broadcasts_length_one_and_rejects_mismatch():
    cond = np.array([True, False, True])
    same(where3(cond, np.array([7]), np.arange(3)), np.where(cond, np.array([7]), np.arange(3)))
    same(where3(cond, np.array([1.0, np.nan, 2.0]), np.nan), np.where(cond, np.array([1.0, np.nan, 2.0]), np.nan))
    with pytest.raises(ValueError):
        where3(cond, np.arange(2), np.arange(3))


@njit
def predicates(a):
    return np.isnan(a), np.isinf(a), np.isfinite(a)


SPECIAL = [0.0, np.nan, np.inf, -np.inf, -1.5]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_predicates_on_arrays(dtype):
    if np.issubdtype(dtype, np.inexact):
        base = np.array(SPECIAL * 2, dtype=dtype)
        if dtype is np.complex128:
            base.imag = np.array(SPECIAL[::-1] * 2)
    else:
        base = sample(dtype, 10)
    for a in views(base):
        for g, e in zip(predicates(a), (np.isnan(a), np.isinf(a), np.isfinite(a))):
            same(g, e)
    m = base[:10].reshape(2, 5)
    for a in (m, np.asfortranarray(m), m[:, ::2]):
        for g, e in zip(predicates(a), (np.isnan(a), np.isinf(a), np.isfinite(a))):
            same(g, e)


@pytest.mark.parametrize("x", SPECIAL + [3, True, complex(np.nan, 1), complex(1, np.inf), 1 + 2j])
def test_predicates_on_scalars(x):
    assert predicates(x) == (np.isnan(x), np.isinf(x), np.isfinite(x))

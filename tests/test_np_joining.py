"""``ferrumba.np.joining``: concatenate isclose allclose compared with NumPy."""

import numpy as np
import pytest

from ferrumba import njit

DTYPES = [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]


@njit
def cat2(a, b):
    return np.concatenate((a, b))


@njit
def cat3(a, b, c):
    return np.concatenate((a, b, c))


def same(g, e):
    assert g.dtype == e.dtype and g.shape == e.shape
    np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_concatenate_same_and_mixed_dtypes(dtype):
    a = np.arange(6).astype(dtype)
    b = np.arange(3, 7).astype(dtype)
    same(cat2(a, b), np.concatenate((a, b)))
    same(cat2(a[::-2], b[:0]), np.concatenate((a[::-2], b[:0])))
    same(cat3(a, b[::2], a[:0]), np.concatenate((a, b[::2], a[:0])))
    f = np.array([0.5, np.nan])
    same(cat2(a, f), np.concatenate((a, f)))
    same(cat3(f, a, np.arange(2, dtype=np.int16)), np.concatenate((f, a, np.arange(2, dtype=np.int16))))


@njit
def close(a, b):
    return np.isclose(a, b), np.allclose(a, b)


@njit
def close_kw(a, b, rtol, atol):
    return np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True), np.allclose(a, b, rtol, atol, True)


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.float32, np.float64, np.complex128], ids=lambda d: d.__name__)
def test_isclose_allclose(dtype):
    a = np.arange(8).astype(dtype)
    b = a + dtype(1) * (np.arange(8) % 2 == 0)
    for x, y in ((a, a), (a, b), (a[::-1], b[::-1]), (a[:0], b[:0]), (a, a[:1]), (a, 3)):
        i, c = close(x, y)
        np.testing.assert_array_equal(i, np.isclose(x, y))
        assert c == np.allclose(x, y)


def test_isclose_special_values_and_tolerances():
    a = np.array([1.0, np.nan, np.inf, -np.inf, 1e10, 1.0 + 1e-9, 0.0])
    b = np.array([1.0, np.nan, np.inf, np.inf, 1.00001e10, 1.0, 1e-9])
    i, c = close(a, b)
    np.testing.assert_array_equal(i, np.isclose(a, b))
    assert c == np.allclose(a, b)
    i, c = close_kw(a, b, 0.0, 1e-8)
    np.testing.assert_array_equal(i, np.isclose(a, b, rtol=0.0, atol=1e-8, equal_nan=True))
    assert c == np.allclose(a, b, 0.0, 1e-8, True)
    assert close(1.0, 1.0 + 1e-9) == (True, True) and close(np.nan, np.nan) == (False, False)
    with pytest.raises(ValueError):
        close(a, b[:3])

"""Indexing 1-D arrays by a boolean mask or by integer indices, reading and assigning, against NumPy."""

import numpy as np
import pytest

from ferrumba import njit


@njit
def positives(a):
    return a[a > 0]


@njit
def take(a, idx):
    return a[idx]


@njit
def clear_negatives(a):
    a[a < 0] = 0


@njit
def put(a, idx, v):
    a[idx] = v


@njit
def replace_masked(a, mask, values):
    a[mask] = values


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.float32, np.float64], ids=lambda d: d.__name__)
def test_boolean_mask_selection(dtype):
    a = np.array([3, -1, 0, 7, -5, 2], dtype=dtype)
    for arr in (a, a[::-1], a[::2], a[:0]):
        got = positives(arr)
        np.testing.assert_array_equal(got, arr[arr > 0])
        assert got.dtype == arr.dtype


def test_integer_indices_with_negative_wraparound():
    a = np.arange(10.0) * 2
    idx = np.array([0, -1, 3, 3, -10])
    np.testing.assert_array_equal(take(a, idx), a[idx])
    np.testing.assert_array_equal(take(a, np.zeros(0, dtype=np.int64)), a[np.zeros(0, dtype=np.int64)])


def test_out_of_bounds_indices_raise_index_error():
    with pytest.raises(IndexError):
        take(np.arange(3.0), np.array([0, 3]))
    with pytest.raises(IndexError):
        take(np.arange(3.0), np.array([-4]))


def test_mask_of_wrong_length_raises_index_error():
    @njit
    def by_mask(a, m):
        return a[m]

    with pytest.raises(IndexError):
        by_mask(np.arange(3.0), np.array([True, False]))


def test_masked_and_indexed_assignment():
    a = np.array([3.0, -1.0, 0.0, -7.0, 2.0])
    expected = a.copy()
    expected[expected < 0] = 0
    clear_negatives(a)
    np.testing.assert_array_equal(a, expected)

    b = np.arange(6)
    put(b, np.array([0, -1, 2]), 99)
    np.testing.assert_array_equal(b, [99, 1, 99, 3, 4, 99])

    c = np.zeros(5)
    replace_masked(c, np.array([True, False, True, False, True]), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(c, [1.0, 0.0, 2.0, 0.0, 3.0])

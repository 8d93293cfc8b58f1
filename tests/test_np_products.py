"""``ferrumba.np.products``: dot vdot matmul outer compared with NumPy over dtypes and layouts."""

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
    return rng.integers(0, 4, size=shape).astype(dtype)


def same(got, expected):
    if isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == expected.dtype and got.shape == expected.shape
    if np.issubdtype(np.asarray(expected).dtype, np.inexact):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_array_equal(got, expected)


@njit
def products(a, b):
    return np.dot(a, b), np.matmul(a, b)


@njit
def vdot(a, b):
    return np.vdot(a, b)


@njit
def outer(a, b):
    return np.outer(a, b)


def layouts2(m):
    yield m
    yield np.asfortranarray(m)
    yield np.repeat(m, 2, axis=1)[:, ::2]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_vector_products(dtype):
    x = sample(dtype, 6)
    y = sample(dtype, 6, seed=1)
    for a, b in ((x, y), (x[::-1], y), (np.repeat(x, 2)[::2], y[::-1]), (x[:0], y[:0])):
        d, m = products(a, b)
        same(d, np.dot(a, b))
        same(m, np.matmul(a, b))
        same(vdot(a, b), np.vdot(a, b))
        same(outer(a, b), np.outer(a, b))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_matrix_products(dtype):
    a = sample(dtype, (3, 4))
    b = sample(dtype, (4, 2), seed=1)
    v = sample(dtype, 4, seed=2)
    w = sample(dtype, 3, seed=3)
    for a2 in layouts2(a):
        for b2 in layouts2(b):
            for g, e in zip(products(a2, b2), (np.dot(a2, b2), np.matmul(a2, b2))):
                same(g, e)
        for g, e in zip(products(a2, v), (np.dot(a2, v), np.matmul(a2, v))):
            same(g, e)
        for g, e in zip(products(w, a2), (np.dot(w, a2), np.matmul(w, a2))):
            same(g, e)
        same(vdot(a2, a2), np.vdot(a2, a2))
        same(outer(a2, v), np.outer(a2, v))


def test_mixed_dtypes_and_empty_matrices():
    a = sample(np.int32, (2, 3))
    b = sample(np.float32, (3, 2))
    for g, e in zip(products(a, b), (np.dot(a, b), np.matmul(a, b))):
        same(g, e)
    z = np.zeros((0, 3))
    for g, e in zip(products(z, np.ones((3, 2))), (np.dot(z, np.ones((3, 2))), z @ np.ones((3, 2)))):
        same(g, e)
    same(products(np.ones((2, 0)), np.ones((0, 3)))[0], np.zeros((2, 3)))
    nan = np.array([1.0, np.nan])
    assert np.isnan(products(nan, nan)[0])


@pytest.mark.parametrize("shapes", [((3,), (4,)), ((2, 3), (2, 3)), ((2, 3), (2,)), ((2,), (3, 2))])
def test_shape_mismatch_raises_value_error(shapes):
    a, b = (np.ones(s) for s in shapes)
    with pytest.raises(ValueError):
        np.dot(a, b)
    with pytest.raises(ValueError):
        products(a, b)


def test_vdot_size_mismatch():
    with pytest.raises(ValueError):
        vdot(np.ones(3), np.ones(4))

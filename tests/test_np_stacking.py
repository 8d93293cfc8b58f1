"""``ferrumba.np.stacking``: np.concatenate (any ndim, ``axis=``, ``axis=None``), np.stack, np.vstack,
np.hstack and np.column_stack compared with NumPy over dtypes, ndims, axes, layouts and empty arrays."""

import numpy as np
import pytest

from ferrumba import njit
from ferrumba.errors import TypingError

try:
    from numpy.exceptions import AxisError
except ImportError:  # NumPy < 1.25
    AxisError = np.AxisError

DTYPES = [np.bool_, np.int8, np.int32, np.uint64, np.float32, np.float64, np.complex128]


@njit
def cat_axis(a, b, k):
    return np.concatenate((a, b), axis=k)


@njit
def cat3_axis(a, b, c, k):
    return np.concatenate((a, b, c), k)


@njit
def cat_flat(a, b):
    return np.concatenate((a, b), axis=None)


@njit
def stack2(a, b, k):
    return np.stack((a, b), axis=k)


@njit
def stack3(a, b, c):
    return np.stack((a, b, c))


@njit
def stacks(a, b):
    return np.vstack((a, b)), np.hstack((a, b))


@njit
def column_stack(a, b):
    return np.column_stack((a, b))


def same(got, expect):
    assert got.dtype == expect.dtype and got.shape == expect.shape, (got.dtype, expect.dtype, got.shape, expect.shape)
    np.testing.assert_array_equal(got, expect)


def values(shape, dtype, seed):
    r = np.random.RandomState(seed)
    return r.randint(-5, 6, int(np.prod(shape))).reshape(shape).astype(dtype)


def layouts(a):
    yield a
    yield np.asfortranarray(a)
    if a.ndim >= 1 and a.shape[-1] > 0:
        yield np.repeat(a, 2, axis=-1)[..., ::2]
    yield a[::-1]


SHAPES = [(4,), (2, 3), (2, 3, 2), (2, 1, 2, 2), (0, 3), (2, 0)]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_concatenate_along_every_axis(dtype):
    for shape in SHAPES:
        for k in range(-len(shape), len(shape)):
            other = list(shape)
            other[k] = 3
            for a in layouts(values(shape, dtype, 1)):
                b = values(tuple(other), np.int16, 2)
                same(cat_axis(a, b, k), np.concatenate((a, b), axis=k))
                same(cat3_axis(a, a, a, k), np.concatenate((a, a, a), k))
                same(cat_flat(a, b), np.concatenate((a, b), axis=None))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_stack_along_every_new_axis(dtype):
    for shape in SHAPES:
        for k in range(-len(shape) - 1, len(shape) + 1):
            for a in layouts(values(shape, dtype, 3)):
                b = values(shape, np.float32, 4)
                same(stack2(a, b, k), np.stack((a, b), axis=k))
        a = values(shape, dtype, 5)
        same(stack3(a, a[::-1], a), np.stack((a, a[::-1], a)))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_vstack_hstack_column_stack(dtype):
    for shape in ((4,), (2, 3), (2, 3, 2), (0,)):
        a = values(shape, dtype, 6)
        b = values(shape, np.int8, 7)
        v, h = stacks(a, b)
        same(v, np.vstack((a, b)))
        same(h, np.hstack((a, b)))
        if len(shape) <= 2:
            same(column_stack(a, b), np.column_stack((a, b)))


def test_mismatched_shapes_and_bad_axes_raise_as_numpy():
    a = np.ones((2, 3))
    with pytest.raises(ValueError, match="must match exactly"):
        cat_axis(a, np.ones((3, 3)), 1)
    with pytest.raises(ValueError, match="all input arrays must have the same shape"):
        stack2(a, np.ones((3, 2)), 0)
    with pytest.raises(AxisError, match="axis 2 is out of bounds for array of dimension 2"):
        cat_axis(a, a, 2)
    with pytest.raises(AxisError, match="axis -4 is out of bounds for array of dimension 3"):
        stack2(a, a, -4)


@njit
def cat_list(a):
    return np.concatenate(a)


@njit
def stack_mixed_ndim(a, b):
    return np.stack((a, b))


def test_wrong_argument_types_are_typing_errors_naming_the_function():
    with pytest.raises(TypingError, match="concatenate"):
        cat_list(np.ones(3))
    with pytest.raises(TypingError, match="stack"):
        stack_mixed_ndim(np.ones(3), np.ones((1, 3)))
    with pytest.raises(TypingError, match="concatenate"):
        cat_axis(np.ones(3), np.ones(3), 0.5)
    with pytest.raises(TypingError, match="stack"):
        stack2(np.ones(3), np.ones(3), True)


@njit
def cat_with_out(a):
    return np.concatenate((a, a), 0, a)


def test_extra_arguments_are_typing_errors():
    with pytest.raises(TypingError, match="concatenate"):
        cat_with_out(np.ones(3))

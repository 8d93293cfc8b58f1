"""NumPy functions and array methods written in Python with ``@overload`` (``ferrumba.np``), and the
extension API itself (``ferrumba.extending``): results compared with NumPy."""

import math

import numpy as np
import pytest

import ferrumba
from ferrumba import njit
from ferrumba.extending import overload, overload_method, register_jitable
from ferrumba.core import types


def variants(a):
    yield a
    yield a[::-1]
    yield np.repeat(a, 2)[::2]


@njit
def reductions(a):
    return np.sum(a), a.sum(), np.prod(a), a.prod(), np.mean(a), a.mean()


@njit
def extremes(a):
    return np.min(a), a.min(), np.max(a), a.max(), np.argmin(a), a.argmin(), np.argmax(a), a.argmax()


@njit
def truth(a):
    return np.any(a), a.any(), np.all(a), a.all()


@njit
def copied(a):
    b = a.copy()
    c = np.copy(a)
    return b, c


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16, np.float32, np.float64, np.complex128],
                         ids=lambda d: d.__name__)
def test_reductions_match_numpy(dtype):
    base = (np.arange(1, 8) % 5 + 1).astype(dtype)
    for a in variants(base):
        got = reductions(a)
        expected = (a.sum(), a.sum(), a.prod(), a.prod(), a.mean(), a.mean())
        for g, e in zip(got, expected):
            assert g == pytest.approx(e.item(), rel=1e-6)


@pytest.mark.parametrize("shape", [(2, 3), (3, 1), (2, 2, 2)])
def test_reductions_of_2d_and_3d(shape):
    a = np.arange(1.0, 1.0 + math.prod(shape)).reshape(shape)
    for arr in (a, np.asfortranarray(a)):
        s, s2, p, p2, m, m2 = reductions(arr)
        assert s == s2 == arr.sum() and p == p2 == arr.prod() and m == m2 == arr.mean()


def test_sum_of_empty_and_bool_arrays():
    assert reductions(np.zeros(0))[0] == 0.0
    assert math.isnan(reductions(np.zeros(0))[4])
    assert reductions(np.array([True, True, False]))[0] == 2


@pytest.mark.parametrize("values", [[3.0, 1.0, 4.0, 1.0, 5.0], [2, -7, 7, -7], [1.0, np.nan, 0.0], [5.5]])
def test_extremes_match_numpy(values):
    a = np.array(values)
    got = extremes(a)
    expected = (a.min(), a.min(), a.max(), a.max(), a.argmin(), a.argmin(), a.argmax(), a.argmax())
    for g, e in zip(got, expected):
        assert (math.isnan(g) and math.isnan(e)) or g == e


def test_extremes_of_empty_arrays_raise_value_error():
    with pytest.raises(ValueError):
        extremes(np.zeros(0))


@pytest.mark.parametrize("values", [[0, 0], [0, 1], [1, 1], []])
def test_any_all(values):
    a = np.array(values, dtype=np.int64)
    assert truth(a) == (a.any(), a.any(), a.all(), a.all())


def test_copies_are_new_arrays():
    a = np.arange(5.0)[::2]
    b, c = copied(a)
    np.testing.assert_array_equal(b, a)
    np.testing.assert_array_equal(c, a)
    assert not np.shares_memory(b, a) and b.flags.c_contiguous and b.flags.owndata is False


@njit
def filled(n, v):
    a = np.empty((n, 2))
    a.fill(v)
    return a


def test_fill():
    np.testing.assert_array_equal(filled(3, 1.5), np.full((3, 2), 1.5))


@njit
def ranges(n):
    return np.arange(n), np.arange(2, n), np.arange(n, 0, -2), np.arange(0.5, 3.0, 0.5), np.linspace(0.0, 1.0, n)


@pytest.mark.parametrize("n", [0, 1, 5, 10])
def test_arange_linspace(n):
    got = ranges(n)
    expected = (np.arange(n), np.arange(2, n), np.arange(n, 0, -2), np.arange(0.5, 3.0, 0.5), np.linspace(0.0, 1.0, n))
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e)
        assert g.dtype == e.dtype


# The extension API ----------------------------------------------------------------------------------

def clamp(x, lo, hi):
    """A plain Python function; the overload below makes it callable from compiled code."""
    return min(max(x, lo), hi)


@overload(clamp)
def _clamp_typer(x, lo, hi):
    if all(isinstance(t, (types.Integer, types.Float)) for t in (x, lo, hi)):
        def impl(x, lo, hi):
            if x < lo:
                return lo
            if x > hi:
                return hi
            return x
        return impl
    return None


@overload_method(types.Array, "total_abs")
def _total_abs(a):
    if isinstance(a, types.Array) and a.ndim == 1:
        def impl(a):
            s = 0.0
            for i in range(a.shape[0]):
                s += abs(a[i])
            return s
        return impl
    return None


@register_jitable
def twice(x):
    return 2 * x


@njit
def uses_extensions(a, x):
    return clamp(x, 0, 10), a.total_abs(), twice(x)


def test_user_overload_method_and_register_jitable():
    a = np.array([-1.0, 2.0, -3.0])
    assert uses_extensions(a, 15) == (10, 6.0, 30)
    assert uses_extensions(a, -2.5) == (0, 6.0, -5.0)
    assert clamp(15, 0, 10) == 10 and twice(4) == 8  # still plain Python functions


def test_overload_that_does_not_apply_is_a_typing_error():
    @njit
    def bad(s):
        return clamp(s, (1, 2), 3)

    with pytest.raises(ferrumba.errors.TypingError, match="clamp|overload"):
        bad(1)


@njit
def from_tuples(x):
    return np.array((1.0, 2.0, x)), np.array(((1, 2), (3, 4), (5, 6))), np.array((True, False))


@njit
def as_array(a):
    return np.asarray(a), np.array(a)


def test_array_from_tuples():
    a, b, c = from_tuples(3.5)
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.5])
    assert a.dtype == np.float64
    np.testing.assert_array_equal(b, [[1, 2], [3, 4], [5, 6]])
    assert b.dtype == np.int64 and b.shape == (3, 2)
    assert c.dtype == np.bool_ and list(c) == [True, False]


def test_asarray_does_not_copy_and_array_does():
    x = np.arange(4.0)
    same, copy = as_array(x)
    assert same is x
    assert not np.shares_memory(copy, x)
    np.testing.assert_array_equal(copy, x)


@njit
def sums_by_axis(a):
    return np.sum(a, axis=0), a.sum(axis=1), a.sum(axis=-1), np.sum(a, axis=None)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.float32, np.float64, np.bool_], ids=lambda d: d.__name__)
def test_sum_with_axis(dtype):
    a = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    for arr in (a, np.asfortranarray(a), a[::-1, ::2]):
        got = sums_by_axis(arr)
        expected = (arr.sum(axis=0), arr.sum(axis=1), arr.sum(axis=-1), arr.sum())
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g, e)
            if isinstance(e, np.ndarray):
                assert g.dtype == e.dtype


def test_sum_axis_out_of_bounds_raises_value_error():
    with pytest.raises(ValueError):
        njit(lambda a, k: a.sum(axis=k))(np.zeros((2, 2)), 2)


@njit
def more_methods(a, g):
    return (a.transpose(), g.transpose(), g.flatten(), a.astype(np.int32), g.astype(np.float32), a[:1].item(),
            np.nonzero(a > 1.0)[0], a.nonzero()[0], np.eye(3), np.identity(2), np.full_like(a, 7), np.eye(2, 3),
            np.full_like(g, 2.5))


def test_more_methods_and_creation_match_numpy():
    a = np.array([0.5, 0.0, 1.5, 2.5])
    g = np.arange(6.0).reshape(2, 3)
    got = more_methods(a, g)
    expected = (a.transpose(), g.transpose(), g.flatten(), a.astype(np.int32), g.astype(np.float32), a[:1].item(),
                np.nonzero(a > 1.0)[0], a.nonzero()[0], np.eye(3), np.identity(2), np.full_like(a, 7),
                np.eye(2, 3), np.full_like(g, 2.5))
    for x, y in zip(got, expected):
        np.testing.assert_array_equal(x, y)
        if isinstance(y, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape


def test_item_of_a_bigger_array_raises_value_error():
    with pytest.raises(ValueError, match="size 1"):
        njit(lambda a: a.item())(np.zeros(2))

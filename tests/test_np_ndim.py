"""The library beyond 3 dimensions: operators with NumPy's broadcasting on n-D arrays (``np.broadcast``),
unary operators and math functions, in-place operators, cumsum / isnan / clip / vdot / outer / unique on
4-D and 5-D arrays, copies / astype / fill / full_like of any ndim, compared with NumPy over dtypes and
layouts."""

import operator
import warnings

import numpy as np
import pytest

from ferrumba import njit

DTYPES = [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]


def sample(shape, dtype, seed):
    r = np.random.RandomState(seed)
    n = int(np.prod(shape))
    if dtype is np.bool_:
        return (r.randint(0, 2, n) > 0).reshape(shape)
    if issubclass(dtype, np.complexfloating):
        return (r.randint(-3, 4, n) + 1j * r.randint(1, 3, n)).astype(dtype).reshape(shape)
    if issubclass(dtype, np.unsignedinteger):
        return r.randint(1, 5, n).astype(dtype).reshape(shape)
    return np.where(r.randint(-3, 4, n) == 0, 1, r.randint(-3, 4, n)).astype(dtype).reshape(shape)


def same(got, expect):
    assert got.shape == expect.shape and got.dtype == expect.dtype, (got.shape, expect.shape, got.dtype, expect.dtype)
    if expect.dtype.kind in "fc":
        np.testing.assert_allclose(got, expect, rtol=1e-6, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expect)


@njit
def add(a, b):
    return a + b


@njit
def mul(a, b):
    return a * b


@njit
def truediv(a, b):
    return a / b


@njit
def less(a, b):
    return a < b


@njit
def neg(a):
    return -a


@njit
def sqrt(a):
    return np.sqrt(a)


@njit
def iadd(a, b):
    a += b
    return a


BINARY = [(add, operator.add), (mul, operator.mul), (truediv, operator.truediv), (less, operator.lt)]
# operand shapes that broadcast (with the n-D operand on either side)
PAIRS = [((2, 3, 4), (2, 3, 4)), ((2, 3, 4), (4,)), ((2, 3, 4), (3, 1)), ((2, 1, 4), (1, 3, 1)),
         ((2, 1, 3, 4), (5, 1, 1)), ((1, 2, 1, 2, 3), (2, 3)), ((0, 3, 4), (4,)), ((2, 3, 4), ())]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_binary_operators_broadcast_in_any_ndim(dtype):
    for compiled, ref in BINARY:
        if dtype is np.complex128 and ref is operator.lt:
            continue
        for sa, sb in PAIRS:
            a = sample(sa, dtype, 1)
            b = sample(sb, np.int16, 2)[()] if sb else 3
            for x, y in ((a, b), (b, a), (np.asfortranarray(a), b), (a[::-1], b)):
                with np.errstate(all="ignore"):
                    expect = ref(x, y)
                same(compiled(x, y), expect)


def test_mismatched_shapes_raise_value_error():
    with pytest.raises(ValueError, match="operands could not be broadcast together"):
        add(np.ones((2, 3, 4)), np.ones(3))
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        iadd(np.ones((2, 1, 4)), np.ones((2, 3, 4)))


@pytest.mark.parametrize("dtype", [np.int32, np.float32, np.float64, np.complex128], ids=lambda d: d.__name__)
def test_unary_and_inplace_in_any_ndim(dtype):
    for shape in ((2, 3, 4), (2, 1, 2, 3), (1, 2, 1, 2, 2)):
        a = sample(shape, dtype, 3)
        for x in (a, np.asfortranarray(a), a[..., ::-1]):
            same(neg(x), -x)
            if dtype is not np.complex128:
                with np.errstate(all="ignore"):
                    same(sqrt(np.abs(x)), np.sqrt(np.abs(x)))
            got = x.copy()
            iadd(got, x[0])
            same(got, x + x[0])
            got = x.copy()
            iadd(got, 2)
            same(got, x + 2)


@njit
def misc(a):
    return np.cumsum(a), np.isnan(a), np.clip(a, 0, 2), np.vdot(a, a), np.outer(a, a), np.unique(a)


def test_library_functions_on_four_and_five_dimensional_arrays():
    for shape in ((2, 2, 1, 3), (1, 2, 1, 2, 2)):
        a = sample(shape, np.float64, 4)
        a[0, 0, 0, 0] = np.nan
        for x in (a, np.asfortranarray(a), a[::-1]):
            got = misc(x)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expect = (np.cumsum(x), np.isnan(x), np.clip(x, 0, 2), np.vdot(x, x), np.outer(x, x), np.unique(x))
            for g, e in zip(got, expect):
                same(np.asarray(g), np.asarray(e))


@njit
def copies(a):
    b = a.copy()
    c = np.copy(a)
    d = a.astype(np.float32)
    e = np.full_like(a, 7)
    f = np.empty_like(a)
    f.fill(2)
    return b, c, d, e, f, a.flatten(), b.ravel()[0]


def test_copies_and_fill_of_any_ndim():
    for shape in ((3,), (2, 3), (2, 3, 2), (2, 1, 2, 3), (1, 1, 1, 1, 1)):
        base = sample(shape, np.int64, 5)
        for a in (base, np.asfortranarray(base), base[::-1], base[..., ::-1]):
            b, c, d, e, f, flat, first = copies(a)
            same(b, a.copy())
            same(c, np.copy(a))
            same(d, a.astype(np.float32))
            same(e, np.full_like(a, 7))
            same(f, np.full(a.shape, 2, a.dtype))
            same(flat, a.flatten())
            assert first == a.ravel()[0]


@njit
def sorts_along(a, k):
    return np.sort(a, axis=k), np.argsort(a, axis=k), a.argsort(axis=k)


@njit
def sorts_default(a):
    b = a.copy()
    b.sort()
    return np.sort(a), np.argsort(a), np.sort(a, axis=None), b


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int64, np.uint8, np.float32, np.float64, np.complex128],
                         ids=lambda d: d.__name__)
def test_sort_and_argsort_along_any_axis(dtype):
    r = np.random.RandomState(1)
    for shape in ((5,), (3, 4), (2, 3, 4), (2, 1, 3, 2), (0, 3), (3, 0)):
        a = r.randint(0, 4, shape).astype(dtype)  # repeated values: the order of ties is checked (stable)
        if a.size and dtype in (np.float32, np.float64, np.complex128):
            a.flat[0] = np.nan
        for x in (a, np.asfortranarray(a), a[::-1]):
            for k in range(-x.ndim, x.ndim):
                got = sorts_along(x, k)
                expect = (np.sort(x, axis=k), np.argsort(x, axis=k, kind="stable"),
                          x.argsort(axis=k, kind="stable"))
                for g, e in zip(got, expect):
                    same(g, e)
            b = np.sort(x)
            for g, e in zip(sorts_default(x), (b, np.argsort(x, kind="stable"), np.sort(x, axis=None), b)):
                same(g, e)

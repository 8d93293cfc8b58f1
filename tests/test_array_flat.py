"""``a.flat``: iteration, ``a.flat[i]`` reads and ``a.flat[i] = v`` writes in C order, on C, Fortran and
non-contiguous arrays of every ndim; compared with NumPy's own ``a.flat`` on the same arrays."""

import numpy as np
import pytest

from ferrumba import njit
from ferrumba.core.errors import TypingError, UnsupportedError

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.int32, np.uint32, np.int64, np.uint64, np.float32,
          np.float64, np.complex64, np.complex128]


def sample(dtype, shape):
    n = int(np.prod(shape))
    values = np.arange(n) * 7 % 11 - 5
    if dtype is np.bool_:
        return (values > 0).reshape(shape)
    if np.issubdtype(dtype, np.unsignedinteger):
        values = values + 5
    if np.issubdtype(dtype, np.complexfloating):
        return (values + 1j * values[::-1]).astype(dtype).reshape(shape)
    return values.astype(dtype).reshape(shape)


def views(a):
    """C, Fortran, transposed, strided and reversed views of the same data."""
    yield np.ascontiguousarray(a)
    yield np.asfortranarray(a)
    if a.ndim >= 1:
        yield a.T
        yield np.repeat(a, 2, axis=0)[::2]
        yield a[::-1]
    if a.ndim >= 2:
        yield a[:, ::-2]


SHAPES = [(0,), (1,), (7,), (3, 4), (2, 0), (2, 3, 4), (1, 2, 3, 2)]


@njit
def collect(a, out):
    k = 0
    for x in a.flat:
        out[k] = x
        k += 1
    return k


@njit
def read_each(a, out):
    for i in range(out.shape[0]):
        out[i] = a.flat[i]


@njit
def read_negative(a, i):
    return a.flat[-i]


@njit
def write_each(a, values):
    for i in range(values.shape[0]):
        a.flat[i] = values[i]


@njit
def literal_indices(a):
    a.flat[0] = a.flat[1]
    return a.flat[-1]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_iterate_read_and_write_every_layout(dtype, shape):
    for a in views(sample(dtype, shape)):
        expected = np.array(list(a.flat), dtype=dtype)
        out = np.zeros(a.size, dtype)
        assert collect(a, out) == a.size
        np.testing.assert_array_equal(out, expected)
        out = np.zeros(a.size, dtype)
        read_each(a, out)
        np.testing.assert_array_equal(out, expected)
        for i in range(1, a.size + 1):
            assert read_negative(a, i) == a.flat[-i]
        target = a.copy(order="K") if a.flags.writeable else a
        mine, theirs = target.copy(order="A"), target.copy(order="A")
        values = sample(dtype, (a.size,))[::-1].copy()
        write_each(mine, values)
        theirs.flat[:] = values
        np.testing.assert_array_equal(mine, theirs)


def test_write_through_a_view_reaches_the_base():
    base = np.zeros((4, 6))
    view = base[1::2, ::3]
    write_each(view, np.arange(1.0, 5.0))
    expected = np.zeros((4, 6))
    expected[1::2, ::3] = np.arange(1.0, 5.0).reshape(2, 2)
    np.testing.assert_array_equal(base, expected)


def test_literal_indices_and_0d_free_shapes():
    a = np.arange(6.0).reshape(2, 3).T
    expected_a = a.copy()
    expected_a.flat[0] = expected_a.flat[1]
    assert literal_indices(a) == 5.0
    np.testing.assert_array_equal(a, expected_a)


@njit
def store(a, i, x):
    a.flat[i] = x


def test_scalar_conversion_on_store():
    a = np.zeros(3, np.int32)
    store(a, 2, 7.9)
    store(a, np.int8(0), True)
    store(a, np.uint16(1), -4)
    assert a.tolist() == [1, -4, 7]
    c = np.zeros((2, 2), np.complex128).T
    store(c, 1, 2.5)
    assert c.tolist() == [[0, 2.5], [0, 0]]


@pytest.mark.parametrize("i", [3, -4, 100])
def test_out_of_range_raises_index_error(i):
    a = np.arange(3.0)
    with pytest.raises(IndexError, match="out of bounds"):
        read_negative(a, -i)
    with pytest.raises(IndexError, match="out of bounds"):
        store(a, i, 1.0)
    assert a.tolist() == [0.0, 1.0, 2.0]


def test_empty_array_any_index_raises():
    with pytest.raises(IndexError):
        read_negative(np.zeros((3, 0)), 0)


def test_read_only_flat_write_is_a_compile_error():
    a = np.arange(3.0)
    a.flags.writeable = False
    with pytest.raises(TypingError, match="cannot modify the read-only array"):
        store(a, 0, 1.0)
    out = np.zeros(3)
    assert collect(a, out) == 3 and out.tolist() == [0.0, 1.0, 2.0]


def test_index_must_be_an_integer():
    @njit
    def by_float(a):
        return a.flat[1.5]

    with pytest.raises(TypingError, match="array.flat can be indexed with an integer only, not float64"):
        by_float(np.arange(3.0))


def test_complex_into_real_flat_is_a_compile_error():
    with pytest.raises(TypingError, match="cannot store complex128 into an array of float64"):
        store(np.zeros(2), 0, 1j)


def test_flat_in_enumerate_and_nested_loops():
    @njit
    def weighted(a):
        s = 0.0
        for i, x in enumerate(a.flat):
            for y in a.flat:
                s += i * x * y
        return s

    a = np.arange(12.0).reshape(3, 4)[:, ::-1]
    expected = sum(i * x * y for i, x in enumerate(a.flat) for y in a.flat)
    assert weighted(a) == expected


def test_returned_flat_is_numpys_flat_iterator():
    @njit
    def flat_of(a):
        return a.flat

    for a in views(sample(np.float64, (3, 4))):
        it = flat_of(a)
        assert isinstance(it, np.flatiter)
        assert list(it) == list(a.flat)

    @njit
    def flat_of_new():
        return np.arange(6).reshape(2, 3).T.flat

    assert list(flat_of_new()) == [0, 3, 1, 4, 2, 5]


def test_slicing_flat_is_unsupported():
    @njit
    def sliced(a):
        return a.flat[1:2]

    with pytest.raises(UnsupportedError, match="slicing array.flat is not supported yet"):
        sliced(np.arange(3.0))


def test_len_of_flat_is_the_size():
    @njit
    def flat_len(a):
        return len(a.flat)

    for shape in [(0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4)]:
        a = np.zeros(shape)
        assert flat_len(a) == len(a.flat) == a.size
        assert flat_len(a.T) == a.size


def test_zip_of_two_flats():
    @njit
    def dot_flat(a, b):
        s = 0.0
        for x, y in zip(a.flat, b.flat):
            s += x * y
        return s

    a = np.arange(6.0).reshape(2, 3)
    b = np.arange(6.0).reshape(3, 2).T
    assert dot_flat(a, b) == sum(x * y for x, y in zip(a.flat, b.flat))


def test_zero_dimensional_array():
    a = np.array(5.0)
    out = np.zeros(1)
    assert collect(a, out) == 1 and out.tolist() == [5.0]
    store(a, 0, 7.0)
    assert a[()] == 7.0 and read_negative(a, 1) == 7.0
    with pytest.raises(IndexError):
        store(a, 1, 2.0)

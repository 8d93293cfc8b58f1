"""`...` in array indices, and assignment to a part of an array (`a[1:3] = v`, `a[:, 0] = row`,
`a[i] = row`, `a[...] = v`) with NumPy's broadcasting, against NumPy on several dtypes and layouts."""

import numpy as np
import pytest

import ferrumba
from ferrumba import njit
from ferrumba.core.errors import TypingError

DTYPES = [np.bool_, np.int8, np.int32, np.int64, np.uint16, np.float32, np.float64, np.complex128]


def layouts(a):
    """The same values as C, F and a non-contiguous view."""
    f = np.asfortranarray(a)
    big = np.zeros(tuple(2 * n for n in a.shape), a.dtype)
    view = big[tuple(slice(None, None, 2) for _ in a.shape)]
    view[...] = a
    return [a.copy(), f, view]


# --- ellipsis ------------------------------------------------------------------------------------------

@njit
def ell_last(a):
    return a[..., 1]


@njit
def ell_first(a):
    return a[1, ...]


@njit
def ell_all(a):
    return a[...]


@njit
def ell_middle(a):
    return a[0, ..., 1:3]


@njit
def ell_element(a):
    return a[0, ..., 1, 2]


@pytest.mark.parametrize("fn", [ell_last, ell_first, ell_all, ell_middle, ell_element], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.int16, np.float64, np.complex64])
def test_ellipsis_reads(fn, dtype):
    for a in layouts(np.arange(24).reshape(2, 3, 4).astype(dtype)):
        got = fn(a)
        expected = fn.py_func(a)
        np.testing.assert_array_equal(got, expected)
        if isinstance(expected, np.ndarray):
            assert got.dtype == expected.dtype and got.shape == expected.shape


def test_ellipsis_view_shares_memory():
    a = np.zeros((2, 3))
    v = ell_last(a)
    v[0] = 5.0
    assert a[0, 1] == 5.0


def test_ellipsis_on_1d_and_contiguity():
    a = np.arange(5.0)
    np.testing.assert_array_equal(ell_all(a), a)
    assert ell_first.py_func(np.zeros((3, 4))).flags.c_contiguous
    ell_first(np.zeros((3, 4)))
    assert "array(float64, 1d, C)" in str(ell_first.nopython_signatures[-1])


def test_two_ellipses_is_a_typing_error():
    @njit
    def two(a):
        return a[..., ...]
    with pytest.raises(TypingError, match="single ellipsis"):
        two(np.zeros((2, 2)))


# --- assignment to views -------------------------------------------------------------------------------

@njit
def set_slice(a, v):
    a[1:3] = v
    return a


@njit
def set_step(a, v):
    a[::-2] = v
    return a


@njit
def set_column(a, v):
    a[:, 0] = v
    return a


@njit
def set_row(a, v):
    a[1] = v
    return a


@njit
def set_all(a, v):
    a[...] = v
    return a


@njit
def set_ellipsis_last(a, v):
    a[..., -1] = v
    return a


@njit
def set_block(a, v):
    a[1:, :2] = v
    return a


def check(fn, a, v):
    expected = fn.py_func(a.copy(), v)
    got = fn(a.copy() if a.flags.c_contiguous else a, v)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_scalar_into_views(dtype):
    value = dtype(1) if dtype is not np.bool_ else True
    for a in layouts(np.arange(5).astype(dtype)):
        check(set_slice, a, value)
        check(set_step, a, value)
        check(set_all, a, value)
    for a in layouts(np.arange(12).reshape(3, 4).astype(dtype)):
        for fn in (set_column, set_row, set_all, set_ellipsis_last, set_block, set_slice):
            check(fn, a, value)


@pytest.mark.parametrize("dtype", [np.int32, np.float64, np.complex128])
def test_arrays_broadcast_into_views(dtype):
    for a in layouts(np.zeros((3, 4), dtype)):
        check(set_column, a, np.arange(3).astype(dtype))
        check(set_row, a, np.arange(4).astype(dtype))
        check(set_row, a, np.arange(1).astype(dtype))
        check(set_all, a, np.arange(4).astype(dtype))
        check(set_all, a, np.arange(12).reshape(3, 4).astype(dtype))
        check(set_block, a, np.arange(4).reshape(2, 2).astype(dtype))
        check(set_block, a, np.arange(2).astype(dtype))
        check(set_slice, a, np.arange(4).astype(dtype))


def test_values_are_cast_to_the_array_dtype():
    check(set_slice, np.zeros(5, np.int32), 2.75)
    check(set_slice, np.zeros(5, np.int64), np.array([1.5, -2.5]))
    check(set_all, np.zeros((2, 2), np.float32), np.arange(2, dtype=np.int64))


def test_empty_and_out_of_range_slices():
    for a in (np.zeros(0), np.zeros(2)):
        check(set_slice, a, 3.0)
    check(set_block, np.zeros((1, 3)), 1.0)


def test_overlapping_source_and_target():
    @njit
    def shift(a):
        a[1:] = a[:-1]
        return a
    for dtype in (np.int64, np.float32):
        a = np.arange(6).astype(dtype)
        np.testing.assert_array_equal(shift(a.copy()), shift.py_func(a.copy()))


def test_writes_reach_the_caller_through_views():
    a = np.zeros((4, 4))
    set_block(a[::2, ::2], 9.0)
    expected = np.zeros((4, 4))
    expected[::2, ::2][1:, :2] = 9.0
    np.testing.assert_array_equal(a, expected)


def test_shape_mismatch_raises_value_error():
    with pytest.raises(ValueError):
        set_column(np.zeros((3, 2)), np.arange(4.0))
    with pytest.raises(ValueError):
        set_row(np.zeros((3, 4)), np.zeros((2, 4)))


def test_complex_into_real_array_is_a_typing_error():
    with pytest.raises(TypingError, match="cannot assign complex128"):
        set_slice(np.zeros(4), 1j)


def test_read_only_array_is_a_typing_error():
    a = np.zeros(4)
    a.flags.writeable = False
    with pytest.raises(TypingError, match="read-only"):
        set_slice(a, 1.0)


def test_no_leak_when_assigning_arrays():
    from ferrumba import _core
    a = np.zeros((3, 4))
    row = np.arange(4.0)
    set_row(a, row)
    allocs, frees = _core._nrt_stats()
    for _ in range(1000):
        set_row(a, row)
    allocs_after, frees_after = _core._nrt_stats()
    assert allocs_after - allocs == frees_after - frees
    assert allocs_after - allocs >= 1000  # the copy of the value is made, and freed, each time


def test_leading_length_one_dimensions_of_the_value_are_dropped():
    check(set_row, np.zeros((3, 4)), np.arange(4.0).reshape(1, 4))
    check(set_column, np.zeros((3, 2)), np.arange(3.0).reshape(1, 1, 3))
    with pytest.raises(ValueError):
        set_row(np.zeros((3, 4)), np.zeros((2, 4)))

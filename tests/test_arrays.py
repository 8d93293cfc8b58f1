"""NumPy arrays in compiled code (first slice): arguments of every dtype and layout, indexing and item
assignment, views, iteration, attributes, creation, arrays returned to Python, and no leaks.

Expected values come from NumPy or plain Python on the same arrays.
"""

import numpy as np
import pytest

import ferrumba
from ferrumba import njit

DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
          np.float32, np.float64, np.complex64, np.complex128]


def sample(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    if np.issubdtype(dtype, np.complexfloating):
        return (rng.normal(size=shape) + 1j * rng.normal(size=shape)).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        return rng.normal(size=shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -100), min(info.max, 100), size=shape, endpoint=True).astype(dtype)


def layouts(a):
    """The same data as C-contiguous, Fortran-ordered and strided (non-contiguous) arrays."""
    yield "C", np.ascontiguousarray(a)
    yield "F", np.asfortranarray(a)
    if a.ndim >= 1 and a.shape[0] > 1:
        yield "strided", np.repeat(a, 2, axis=0)[::2]
    if a.ndim >= 1 and a.shape[0] > 1:
        yield "reversed", a[::-1]


@njit
def sum_1d(a):
    s = a[0] - a[0]
    for i in range(a.shape[0]):
        s += a[i]
    return s


@njit
def sum_2d(a):
    s = a[0, 0] - a[0, 0]
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s


@njit
def sum_iter(a):
    s = 0.0
    for x in a:
        s = s + x
    return s


@njit
def scale_in_place(a, k):
    for i in range(len(a)):
        a[i] = a[i] * k


@njit
def last_items(a):
    return a[-1], a[-2], a[len(a) - 1]


@njit
def row(a, i):
    return a[i]


@njit
def attributes(a):
    return a.shape, a.ndim, a.size, a.itemsize, a.strides, len(a)


@njit
def transpose_item(a, i, j):
    return a.T[j, i]


def py_sum(a):  # noqa: D103 - the reference sum, item by item
    s = a.flat[0] - a.flat[0] if a.size else 0
    for x in a.ravel():
        s = s + x
    return s


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d is not np.bool_], ids=lambda d: d.__name__)
def test_sum_1d_every_dtype_and_layout(dtype):
    base = sample(dtype, (7,))
    for name, a in layouts(base):
        got = sum_1d(a)
        expected = py_sum(a)
        if np.issubdtype(dtype, np.inexact):
            assert got == pytest.approx(complex(expected) if np.iscomplexobj(a) else float(expected), rel=1e-5), name
        else:
            # Numba's integer arithmetic widens to 64 bits, so the sum does not wrap at the item width.
            assert got == int(a.astype(np.int64).sum()), name


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64, np.complex128], ids=lambda d: d.__name__)
@pytest.mark.parametrize("shape", [(3, 4), (1, 5), (6, 1)])
def test_sum_2d_every_layout(dtype, shape):
    base = sample(dtype, shape, seed=1)
    for name, a in list(layouts(base)) + [("transposed", base.T.copy().T)]:
        got = sum_2d(a)
        assert got == pytest.approx(a.sum(dtype=np.complex128 if np.iscomplexobj(a) else np.float64).item(), rel=1e-5), name


@pytest.mark.parametrize("name", ["C", "strided", "reversed"])
def test_iteration_over_an_array(name):
    a = dict(layouts(np.arange(10.0)))[name]
    assert sum_iter(a) == float(a.sum())
    assert sum_iter(np.empty(0)) == 0.0


def test_bool_array_elements():
    a = np.array([True, False, True, True])
    assert sum_1d(a) == 3
    assert type(row(a, 1)) is bool and row(a, 1) is False


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.uint16, np.float32, np.float64, np.complex64], ids=lambda d: d.__name__)
def test_item_assignment_is_visible_to_the_caller(dtype):
    for name, a in layouts(sample(dtype, (6,), seed=2)):
        a = a.copy() if name == "F" else a
        expected = a * dtype(2)
        scale_in_place(a, 2)
        np.testing.assert_array_equal(a, expected, err_msg=name)


def test_item_assignment_through_a_strided_view_writes_the_base():
    base = np.arange(10.0)
    view = base[1::3]
    scale_in_place(view, 10)
    np.testing.assert_array_equal(base, [0, 10, 2, 3, 40, 5, 6, 70, 8, 9])


def test_negative_indices_wrap_around():
    a = np.arange(5) * 3
    assert last_items(a) == (12, 9, 12)


def test_views_are_returned_with_the_argument_as_base():
    g = np.arange(12.0).reshape(3, 4)
    r = row(g, 1)
    np.testing.assert_array_equal(r, g[1])
    assert np.shares_memory(r, g) and not r.flags.owndata
    r[0] = -1.0
    assert g[1, 0] == -1.0
    r = row(g, -1)
    np.testing.assert_array_equal(r, g[-1])


def test_strided_row_view():
    g = np.arange(24.0).reshape(4, 6)[::2, ::3]
    for i in range(g.shape[0]):
        np.testing.assert_array_equal(row(g, i), g[i])


def test_attributes():
    for a in [np.zeros((2, 3, 4)), np.zeros(5, dtype=np.int16), np.zeros((3, 4))[:, ::2]]:
        shape, ndim, size, itemsize, strides, n = attributes(a)
        assert (shape, ndim, size, itemsize, strides, n) == (a.shape, a.ndim, a.size, a.itemsize, a.strides, len(a))


def test_transpose_view():
    a = np.arange(12).reshape(3, 4)
    for i in range(3):
        for j in range(4):
            assert transpose_item(a, i, j) == a.T[j, i]


def test_typeof_arrays():
    assert str(ferrumba.typeof(np.zeros(3))) == "array(float64, 1d, C)"
    assert str(ferrumba.typeof(np.zeros((2, 3), order="F"))) == "array(float64, 2d, F)"
    assert str(ferrumba.typeof(np.zeros(6)[::2])) == "array(float64, 1d, A)"
    assert str(ferrumba.typeof(np.zeros(3, dtype=np.int8))) == "array(int8, 1d, C)"
    ro = np.zeros(3)
    ro.flags.writeable = False
    assert str(ferrumba.typeof(ro)) == "readonly array(float64, 1d, C)"


def test_one_specialization_per_layout():
    f = njit(lambda a: a[0])
    f(np.zeros(3))
    f(np.zeros(6)[::2])
    f(np.zeros(3))
    assert len(f.signatures) == 2


def test_writing_to_a_readonly_array_is_a_compile_error():
    a = np.zeros(3)
    a.flags.writeable = False
    with pytest.raises(ferrumba.errors.TypingError, match="read-only"):
        scale_in_place(a, 2.0)


def test_unsupported_dtype_is_a_clear_type_error():
    with pytest.raises(TypeError, match="not supported"):
        sum_1d(np.array(["a", "b"]))


@njit(boundscheck=True)
def checked_get(a, i):
    return a[i]


@njit
def unchecked_get(a, i):
    return a[i]


@pytest.mark.parametrize("i", [5, 100, -6])
def test_boundscheck_raises_index_error(i):
    with pytest.raises(IndexError):
        checked_get(np.zeros(5), i)


def test_boundscheck_allows_valid_indices():
    a = np.arange(5.0)
    assert [checked_get(a, i) for i in range(-5, 5)] == [unchecked_get(a, i) for i in range(-5, 5)]


# Creation ------------------------------------------------------------------------------------------


@njit
def make_zeros(n):
    return np.zeros(n)


@njit
def make_grid(n, m):
    g = np.zeros((n, m), dtype=np.int32)
    for i in range(n):
        for j in range(m):
            g[i, j] = i * 10 + j
    return g


@njit
def make_ones_f32(n):
    return np.ones(n, np.float32)


@njit
def make_full(n, v):
    return np.full((n, 2), v)


@njit
def make_like(a):
    z = np.zeros_like(a)
    o = np.ones_like(a)
    e = np.empty_like(a)
    for i in range(a.shape[0]):
        e[i] = z[i] + o[i] + a[i]
    return e


@njit
def axpy(a, x, y):
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = a * x[i] + y[i]
    return out


@pytest.mark.parametrize("n", [0, 1, 7])
def test_zeros(n):
    z = make_zeros(n)
    assert z.dtype == np.float64 and z.shape == (n,) and z.flags.c_contiguous and z.flags.writeable
    np.testing.assert_array_equal(z, np.zeros(n))


def test_grid_with_dtype():
    g = make_grid(3, 4)
    assert g.dtype == np.int32
    np.testing.assert_array_equal(g, np.add.outer(np.arange(3) * 10, np.arange(4)).astype(np.int32))


def test_ones_and_full():
    o = make_ones_f32(4)
    assert o.dtype == np.float32
    np.testing.assert_array_equal(o, np.ones(4, np.float32))
    np.testing.assert_array_equal(make_full(3, 2.5), np.full((3, 2), 2.5))
    f = make_full(2, 7)
    assert f.dtype == np.int64
    np.testing.assert_array_equal(f, np.full((2, 2), 7))


@pytest.mark.parametrize("dtype", [np.int16, np.float32, np.float64, np.complex128], ids=lambda d: d.__name__)
def test_like_functions(dtype):
    a = sample(dtype, (5,), seed=3)
    got = make_like(a)
    assert got.dtype == a.dtype
    np.testing.assert_allclose(got, a + 1, rtol=1e-6)


def test_negative_dimension_raises_value_error():
    with pytest.raises(ValueError, match="negative dimensions"):
        make_zeros(-1)


def test_axpy_matches_numpy():
    x = np.linspace(0, 1, 11)
    y = np.arange(11.0)
    np.testing.assert_array_equal(axpy(2.0, x, y), 2.0 * x + y)
    np.testing.assert_array_equal(axpy(2.0, x[::2], y[::2]), 2.0 * x[::2] + y[::2])


def test_returned_arrays_own_their_memory_and_nothing_leaks():
    from ferrumba import _core

    x = np.arange(100.0)
    axpy(1.0, x, x)  # compile
    before = _core._nrt_stats()
    for _ in range(100_000):
        axpy(1.0, x, x)
    import gc

    gc.collect()
    allocs, frees = _core._nrt_stats()
    assert allocs - before[0] == 100_000
    assert frees - before[1] == 100_000


@njit
def temporaries(n):
    total = 0.0
    for i in range(n):
        t = np.ones(3)
        total += t[0] + t[2]
    return total


def test_temporaries_in_loops_are_freed():
    from ferrumba import _core

    temporaries(1)
    before = _core._nrt_stats()
    assert temporaries(1000) == 2000.0
    allocs, frees = _core._nrt_stats()
    assert allocs - before[0] == 1000 and frees - before[1] == 1000


@njit
def pick(a, b, first):
    c = a if first else b
    return c


def test_arrays_through_phis_keep_correct_counts():
    from ferrumba import _core

    a, b = make_zeros(3), make_zeros(4)
    before = _core._nrt_stats()
    for flag in (True, False) * 50:
        r = pick(a, b, flag)
        assert r is (a if flag else b)
    assert _core._nrt_stats() == before


# Slicing ---------------------------------------------------------------------------------------------


@njit
def slice_computed(a, i, j, k):
    return a[i:j:k]


@njit
def slice_literals(a):
    return a[1:], a[:-1], a[::-1], a[2:8:3], a[:]


@njit
def column(a, j):
    return a[:, j]


@njit
def block(a):
    return a[1:3, ::2]


@njit
def slice_start_only(a, i):
    return a[i:]


SLICE_BOUNDS = [None, -12, -5, -1, 0, 1, 3, 9, 10, 12]


@pytest.mark.parametrize("k", [None, -3, -2, -1, 1, 2, 3])
def test_computed_slices_match_python(k):
    a = np.arange(10.0)
    for i in SLICE_BOUNDS:
        for j in SLICE_BOUNDS:
            got = slice_computed(a, i, j, k)
            np.testing.assert_array_equal(got, a[i:j:k], err_msg=f"{i}:{j}:{k}")
            assert np.shares_memory(got, a) or got.size == 0


def test_literal_slices():
    a = np.arange(10)
    for got, expected in zip(slice_literals(a), (a[1:], a[:-1], a[::-1], a[2:8:3], a[:])):
        np.testing.assert_array_equal(got, expected)


def test_slices_of_empty_and_strided_arrays():
    for a in (np.zeros(0), np.arange(20.0)[::3], np.arange(20.0)[::-2]):
        for i in SLICE_BOUNDS:
            np.testing.assert_array_equal(slice_start_only(a, i), a[i:])


def test_multi_dimensional_slices():
    g = np.arange(24.0).reshape(4, 6)
    for j in range(-6, 6):
        np.testing.assert_array_equal(column(g, j), g[:, j])
    np.testing.assert_array_equal(block(g), g[1:3, ::2])
    np.testing.assert_array_equal(block(np.asfortranarray(g)), g[1:3, ::2])


def test_slice_layouts():
    a = np.arange(10.0)
    start_only, computed = njit(slice_start_only.py_func), njit(slice_computed.py_func)
    start_only(a, 2)
    assert str(start_only.nopython_signatures[0].return_type) == "array(float64, 1d, C)"
    computed(a, 0, 5, 2)
    assert str(computed.nopython_signatures[0].return_type) == "array(float64, 1d, A)"


def test_zero_slice_step_raises_value_error():
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        slice_computed(np.arange(3.0), 0, 3, 0)


def test_writes_through_a_slice_reach_the_caller():
    a = np.zeros(6)
    scale_in_place(slice_start_only(a, 0), 2)  # a view returned, then written by another call
    v = slice_computed(a, 1, 6, 2)
    for i in range(len(v)):
        v[i] = 7.0
    np.testing.assert_array_equal(a, [0, 7, 0, 7, 0, 7])


# Reshaping -----------------------------------------------------------------------------------------


@njit
def reshapes(a):
    return a.reshape(3, 4), a.reshape((2, -1)), a.reshape(12), a.reshape(3, 4).ravel()


def test_reshape_and_ravel_are_views_of_contiguous_arrays():
    x = np.arange(12.0)
    for got, expected in zip(reshapes(x), (x.reshape(3, 4), x.reshape(2, -1), x.reshape(12), x)):
        np.testing.assert_array_equal(got, expected)
        assert np.shares_memory(got, x)


@pytest.mark.parametrize("shape", [(5, 3), (-1, 5), (-1, -1), (-3, -4)])
def test_reshape_to_a_wrong_size_raises_value_error(shape):
    f = njit(lambda a, m, n: a.reshape(m, n))
    with pytest.raises(ValueError, match="reshape"):
        f(np.arange(12.0), *shape)


def test_reshape_of_a_non_contiguous_array_is_a_typing_error():
    with pytest.raises(ferrumba.errors.TypingError, match="reshape"):
        reshapes(np.arange(24.0)[::2])


N_DIMS = 2


@njit
def like_by_dtype(a):
    out = np.empty(a.shape[0], a.dtype)
    for i in range(a.shape[0]):
        out[i] = a[i]
    # A comparison of constants is decided at compile time: the other branch (which would not type)
    # is pruned.
    if N_DIMS == 2:
        return out
    return (1, 2)


@pytest.mark.parametrize("dtype", [np.int16, np.float32, np.complex64, np.bool_], ids=lambda d: d.__name__)
def test_dtype_attribute_and_constant_comparisons(dtype):
    a = np.ones(3, dtype=dtype)
    got = like_by_dtype(a)
    assert got.dtype == a.dtype
    np.testing.assert_array_equal(got, a)


@njit
def allocate_then_fail(n, fail_at):
    total = 0.0
    for i in range(n):
        t = np.ones(4)
        if i == fail_at:
            raise ValueError("failing on purpose")
        total += t[0] + 1.0 / (fail_at - i + 1)  # division by zero is checked too
    return total


@njit
def calls_a_failing_function(n, fail_at):
    keep = np.zeros(3)
    return allocate_then_fail(n, fail_at) + keep[0]


def test_exceptions_release_the_arrays_they_leave_behind():
    from ferrumba import _core

    allocate_then_fail(2, 5)
    calls_a_failing_function(2, 5)
    before = _core._nrt_stats()
    for _ in range(50):
        with pytest.raises(ValueError):
            allocate_then_fail(10, 3)
        with pytest.raises(ValueError):
            calls_a_failing_function(10, 3)
    allocs, frees = _core._nrt_stats()
    assert allocs - before[0] == frees - before[1] > 0

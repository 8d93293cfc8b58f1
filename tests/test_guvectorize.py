"""@guvectorize with signatures: a genuine generalized numpy.ufunc whose loops call compiled
kernels over borrowed array views."""

import numpy as np
import pytest

import ferrumba
from ferrumba import float32, float64, guvectorize, int32, int64, void
from ferrumba.core.errors import UnsupportedError


@guvectorize(["void(float64[:], int64, float64[:])", "void(float32[:], int64, float32[:])"],
             "(n),()->(n)")
def move_mean(a, window_arr, out):
    """Moving average over a window (Numba's example)."""
    window_width = window_arr
    asum = 0.0
    count = 0
    for i in range(window_width):
        asum += a[i]
        count += 1
        out[i] = asum / count
    for i in range(window_width, len(a)):
        asum += a[i] - a[i - window_width]
        out[i] = asum / count


def move_mean_ref(a, w):
    a = np.asarray(a, dtype=np.float64)
    out = np.empty_like(a)
    for idx in np.ndindex(a.shape[:-1]):
        row = a[idx]
        c = np.cumsum(row)
        res = np.empty_like(row)
        for i in range(len(row)):
            if i < w:
                res[i] = c[i] / (i + 1)
            else:
                res[i] = (c[i] - c[i - w]) / w
        out[idx] = res
    return out


# The Polars guide's cumulative sum that resets when it reaches a threshold.
@guvectorize([(int64[:], int64, int64[:]), (float64[:], float64, float64[:])], "(n),()->(n)")
def cum_sum_reset(x, y, res):
    res[0] = x[0]
    for i in range(1, x.shape[0]):
        res[i] = x[i] + res[i - 1]
        if res[i] >= y:
            res[i] = x[i]


def cum_sum_reset_ref(x, y):
    res = []
    for v in x:
        if not res:
            res.append(v)
            continue
        s = v + res[-1]
        res.append(v if s >= y else s)
    return np.array(res)


@guvectorize(["void(float64[:], float64[:])", "void(int32[:], int64[:])",
              "void(complex128[:], complex128[:])"], "(n)->()")
def row_sum(x, out):
    s = 0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s


@guvectorize([void(float64[:, :], float64[:], float64[:]),
              void(float32[:, :], float32[:], float32[:])], "(m,n),(n)->(m)")
def matvec(a, x, out):
    for i in range(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j] * x[j]
        out[i] = s


@guvectorize(["void(float64[:], float64[:], float64[:], int64[:])"], "(n)->(),(),()")
def stats(x, lo, hi, argmax):
    lo[0] = x[0]
    hi[0] = x[0]
    argmax[0] = 0
    for i in range(1, x.shape[0]):
        if x[i] < lo[0]:
            lo[0] = x[i]
        if x[i] > hi[0]:
            hi[0] = x[i]
            argmax[0] = i


@guvectorize(["void(float64[:], float64[:], float64[:], float64[:])"], "(n),(n)->(n),(n)")
def sum_diff(a, b, s, d):
    for i in range(a.shape[0]):
        s[i] = a[i] + b[i]
        d[i] = a[i] - b[i]


@guvectorize(["void(float64[:], float64[:])"], "(n)->(n)")
def checked_copy(x, out):
    for i in range(x.shape[0]):
        if x[i] < 0:
            raise ValueError("negative input")
        out[i] = x[i]


def test_is_a_genuine_gufunc():
    assert type(move_mean) is np.ufunc
    assert move_mean.signature == "(n),()->(n)"
    assert (move_mean.nin, move_mean.nout, move_mean.nargs, move_mean.ntypes) == (2, 1, 3, 2)
    assert move_mean.types == ["dl->d", "fl->f"]
    assert move_mean.__name__ == "move_mean"
    assert "Moving average" in move_mean.__doc__
    assert matvec.signature == "(m,n),(n)->(m)"
    assert stats.nout == 3


@pytest.mark.parametrize("shape", [(10,), (3, 20), (2, 3, 15)])
@pytest.mark.parametrize("window", [1, 3, 7])
def test_move_mean(shape, window):
    a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape) ** 1.5
    np.testing.assert_allclose(move_mean(a, window), move_mean_ref(a, window))


def test_move_mean_float32():
    a = (np.arange(40, dtype=np.float32).reshape(4, 10) * 0.25)
    # float32 casts safely to the first loop (float64), as NumPy chooses for any ufunc
    assert move_mean(a, 3).dtype == np.float64
    for kws in ({"signature": "fl->f"}, {"dtype": np.float32}):
        r = move_mean(a, 3, **kws)
        assert r.dtype == np.float32
        np.testing.assert_allclose(r, move_mean_ref(a, 3), rtol=1e-5)


def test_move_mean_window_broadcast():
    a = np.random.RandomState(0).rand(3, 12)
    w = np.array([1, 2, 5])
    expect = np.stack([move_mean_ref(a[i], w[i]) for i in range(3)])
    np.testing.assert_allclose(move_mean(a, w), expect)


def test_cum_sum_reset_polars_example():
    x = np.array([1, 2, 3, 4, 5, 1, 1, 1, 9, 2], dtype=np.int64)
    r = cum_sum_reset(x, 5)
    assert r.dtype == np.int64
    np.testing.assert_array_equal(r, cum_sum_reset_ref(x, 5))
    xf = x.astype(np.float64) * 0.5
    np.testing.assert_allclose(cum_sum_reset(xf, 2.0), cum_sum_reset_ref(xf, 2.0))


def test_cum_sum_reset_polars_series():
    import polars as pl  # a test dependency (make test installs it)
    df = pl.DataFrame({"values": [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]})
    out = df.select(pl.col("values").map_batches(lambda s: cum_sum_reset(s.to_numpy(), 30)))
    np.testing.assert_array_equal(out["values"].to_numpy(),
                                  cum_sum_reset_ref(np.full(10, 10), 30))


def test_row_sum_scalar_output():
    m = np.random.RandomState(1).rand(6, 9)
    np.testing.assert_allclose(row_sum(m), m.sum(axis=1))
    np.testing.assert_allclose(row_sum(m.T), m.sum(axis=0))  # non-contiguous rows
    assert row_sum(m[0]).shape == ()
    np.testing.assert_allclose(row_sum(m[0]), m[0].sum())
    mi = (np.arange(24, dtype=np.int32) - 7).reshape(4, 6)
    r = row_sum(mi)
    assert r.dtype == np.int64
    np.testing.assert_array_equal(r, mi.sum(axis=1))
    mc = m + 1j * m[::-1]
    np.testing.assert_allclose(row_sum(mc), mc.sum(axis=1))


def test_row_sum_axis_and_empty_core():
    m = np.random.RandomState(2).rand(4, 5, 6)
    np.testing.assert_allclose(row_sum(m, axis=1), m.sum(axis=1))
    np.testing.assert_array_equal(row_sum(np.zeros((3, 0))), np.zeros(3))


def test_matvec():
    rs = np.random.RandomState(3)
    a, x = rs.rand(4, 3, 5), rs.rand(5)
    np.testing.assert_allclose(matvec(a, x), a @ x)
    # broadcasting over leading dimensions of both arguments
    xs = rs.rand(4, 1, 5)
    np.testing.assert_allclose(matvec(a[:, None], xs), np.einsum("...mn,...n->...m", a[:, None], xs))
    # non-contiguous inputs: strided, reversed, transposed
    big = rs.rand(6, 7, 11)
    view = big[::2, ::-2, 1::2]
    np.testing.assert_allclose(matvec(view, x), view @ x)
    at = rs.rand(5, 3).T
    np.testing.assert_allclose(matvec(at, x), at @ x)
    a32, x32 = a.astype(np.float32), x.astype(np.float32)
    r32 = matvec(a32, x32)
    assert r32.dtype == np.float32
    np.testing.assert_allclose(r32, a32 @ x32, rtol=1e-5)


def test_matvec_core_dimension_mismatch_is_numpys_error():
    with pytest.raises(ValueError, match="mismatch"):
        matvec(np.ones((3, 4)), np.ones(5))


def test_several_outputs():
    rs = np.random.RandomState(4)
    x = rs.rand(5, 8)
    lo, hi, am = stats(x)
    np.testing.assert_allclose(lo, x.min(axis=1))
    np.testing.assert_allclose(hi, x.max(axis=1))
    np.testing.assert_array_equal(am, x.argmax(axis=1))
    assert am.dtype == np.int64
    a, b = rs.rand(3, 4), rs.rand(4)
    s, d = sum_diff(a, b)
    np.testing.assert_allclose(s, a + b)
    np.testing.assert_allclose(d, a - b)


def test_out_arguments():
    rs = np.random.RandomState(5)
    a = rs.rand(3, 10)
    out = np.zeros((3, 10))
    r = move_mean(a, 4, out=out)
    assert r is out
    np.testing.assert_allclose(out, move_mean_ref(a, 4))
    # a non-contiguous output view
    big = np.zeros((3, 20))
    move_mean(a, 4, out=big[:, ::2])
    np.testing.assert_allclose(big[:, ::2], move_mean_ref(a, 4))
    assert not big[:, 1::2].any()
    lo, hi, am = np.empty(3), np.empty(3), np.empty(3, dtype=np.int64)
    res = stats(a, out=(lo, hi, am))
    assert res[0] is lo and res[2] is am
    np.testing.assert_allclose(hi, a.max(axis=1))
    sums = np.empty(3)
    row_sum(a, sums)
    np.testing.assert_allclose(sums, a.sum(axis=1))


def test_several_dtypes_and_casting():
    # int64 inputs select the first loop they cast to safely (NumPy's rule)
    r = row_sum(np.arange(12).reshape(3, 4))
    np.testing.assert_allclose(r, np.arange(12).reshape(3, 4).sum(axis=1))
    with pytest.raises(TypeError):
        row_sum(np.array(["a", "b"]))


def test_scalar_shaped_array_arguments_write_through():
    @guvectorize(["void(float64[:], float64[:])"], "()->()")
    def init_values(invals, outvals):
        invals[0] = 6.5
        outvals[0] = 4.2

    invals = np.zeros((3, 3))
    outvals = init_values(invals)
    np.testing.assert_array_equal(outvals, np.full((3, 3), 4.2))
    np.testing.assert_array_equal(invals, np.full((3, 3), 6.5))  # passed directly: visible
    inv32 = np.zeros((3, 3), dtype=np.float32)
    init_values(inv32)
    np.testing.assert_array_equal(inv32, np.zeros((3, 3)))  # cast copy: lost


def test_scalar_input_declared_as_array():
    @guvectorize([(int64[:], int64[:], int64[:])], "(n),()->(n)")
    def g(x, y, res):
        for i in range(x.shape[0]):
            res[i] = x[i] + y[0]

    a = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(g(a, 10), a + 10)
    np.testing.assert_array_equal(g(a, np.array([10, 20])), a + np.array([[10], [20]]))


def test_bool_and_int32_kernels():
    @guvectorize(["void(boolean[:], int32, int32[:])"], "(n),()->()")
    def count_true(x, base, out):
        c = base
        for i in range(x.shape[0]):
            if x[i]:
                c += 1
        out[0] = c

    x = np.array([[True, False, True], [False, False, False]])
    r = count_true(x, np.int32(10))
    assert r.dtype == np.int32
    np.testing.assert_array_equal(r, [12, 10])


def test_kernel_exception():
    np.testing.assert_array_equal(checked_copy(np.array([1.0, 2.0])), [1.0, 2.0])
    with pytest.raises((ValueError, SystemError)) as info:
        checked_copy(np.array([[1.0, 2.0], [3.0, -1.0]]))
    exc = info.value if isinstance(info.value, ValueError) else info.value.__cause__
    assert isinstance(exc, ValueError) and "negative input" in str(exc)
    # the ufunc still works afterwards
    np.testing.assert_array_equal(checked_copy(np.array([4.0])), [4.0])


def test_signature_errors():
    with pytest.raises(TypeError, match="argument"):
        guvectorize(["void(float64[:], float64[:])"], "(n),()->(n)")(lambda a, b, c: None)
    with pytest.raises(TypeError, match="core dimension"):
        @guvectorize(["void(float64[:], float64[:])"], "(m,n)->()")
        def f(a, out):
            out[0] = 1.0
    with pytest.raises(TypeError, match="outputs are arrays"):
        @guvectorize(["void(float64[:], float64)"], "(n)->()")
        def h(a, out):
            pass
    with pytest.raises(TypeError, match="void"):
        @guvectorize(["float64(float64[:], float64[:])"], "(n)->()")
        def k(a, out):
            pass
    with pytest.raises(ValueError, match="layout"):
        guvectorize(["void(float64[:], float64[:])"], "(n)(n)")


def test_other_targets_are_a_clear_error():
    with pytest.raises(UnsupportedError, match="target"):
        guvectorize(["void(float64[:], float64[:])"], "(n)->()", target="cuda")


def test_exported():
    assert ferrumba.guvectorize is guvectorize
    assert "guvectorize" in ferrumba.__all__


def test_big_moving_average_matches_numpy():
    rs = np.random.RandomState(6)
    a = rs.rand(50, 1000)
    r = move_mean(a, 20)
    c = np.cumsum(a, axis=1)
    expect = np.empty_like(a)
    expect[:, :20] = c[:, :20] / np.arange(1, 21)
    expect[:, 20:] = (c[:, 20:] - c[:, :-20]) / 20
    np.testing.assert_allclose(r, expect, rtol=1e-9)

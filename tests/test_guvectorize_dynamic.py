"""Dynamic gufuncs: @guvectorize(layout) without signatures compiles a loop for each new combination of
argument dtypes (outputs included), as Numba 0.53+ does."""

import numpy as np
import pytest

from ferrumba import guvectorize
from ferrumba.core.errors import TypingError

DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.uint64, np.float32, np.float64,
          np.complex64, np.complex128]


def make_add_scalar():
    @guvectorize("(n),()->(n)")
    def add_scalar(x, y, res):
        for i in range(x.shape[0]):
            res[i] = x[i] + y
    return add_scalar


def test_starts_empty_and_has_gufunc_attributes():
    g = make_add_scalar()
    assert g.ufunc is None and g.types == [] and g.ntypes == 0
    assert (g.nin, g.nout, g.nargs) == (2, 1, 3)
    assert g.signature == "(n),()->(n)" and g.is_dynamic and g.identity is None
    assert g.__name__ == "add_scalar" and "add_scalar" in repr(g)


@pytest.mark.parametrize("dt", DTYPES)
def test_compiles_a_loop_per_dtype(dt):
    g = make_add_scalar()
    x = (np.arange(-3, 7) % 100).astype(dt)
    out = np.zeros(10, dt)
    r = g(x, dt(2), out)
    assert r is out
    np.testing.assert_array_equal(out, x + dt(2))
    assert g.ntypes == 1 and isinstance(g.ufunc, np.ufunc) and g.ufunc.signature == "(n),()->(n)"
    # Inputs only: NumPy allocates the output with the loop now compiled.
    r2 = g(x, dt(3))
    assert r2.dtype == np.dtype(dt)
    np.testing.assert_array_equal(r2, x + dt(3))
    assert g.ntypes == 1


def test_several_loops_and_broadcasting_over_loop_dimensions():
    g = make_add_scalar()
    a = np.arange(12.0).reshape(3, 4)
    out = np.empty((3, 4))
    g(a, np.array([1.0, -1.0, np.inf]), out)
    np.testing.assert_array_equal(out, a + np.array([1.0, -1.0, np.inf])[:, None])
    ai = np.arange(12, dtype=np.int32).reshape(3, 4)
    oi = np.empty((3, 4), np.int32)
    g(ai, np.int32(5), oi)
    np.testing.assert_array_equal(oi, ai + 5)
    assert sorted(g.types) == ["dd->d", "ii->i"]
    # Non-contiguous views, NaN, and the out= keyword.
    v = np.linspace(-1, 1, 20)[::3]
    o = np.empty(v.shape)
    g(v, np.nan, out=o)
    assert np.isnan(o).all()
    g(v, 0.5, out=o)
    np.testing.assert_array_equal(o, v + 0.5)
    empty = np.empty(0)
    assert g(empty, 1.0, np.empty(0)).shape == (0,)


def test_output_dtype_comes_from_the_output_argument():
    g = make_add_scalar()
    x = np.arange(5, dtype=np.int16)
    out = np.empty(5, np.float64)
    g(x, np.int16(1), out)
    np.testing.assert_array_equal(out, x.astype(np.float64) + 1)
    assert g.types == ["hh->d"]


def test_scalar_output_and_two_core_dimensions():
    @guvectorize("(m,n),(n)->(m)")
    def matvec(a, v, out):
        for i in range(a.shape[0]):
            s = 0.0
            for j in range(a.shape[1]):
                s += a[i, j] * v[j]
            out[i] = s

    @guvectorize("(n)->()")
    def total(a, out):
        s = 0
        for i in range(a.shape[0]):
            s += a[i]
        out[0] = s

    rng = np.random.RandomState(3)
    a, v = rng.rand(4, 5), rng.rand(5)
    out = np.empty(4)
    matvec(a, v, out)
    np.testing.assert_allclose(out, a @ v)
    m = np.arange(-6, 6, dtype=np.int64).reshape(3, 4)
    res = np.empty(3, np.int64)
    total(m, res)
    np.testing.assert_array_equal(res, m.sum(axis=1))
    np.testing.assert_array_equal(total(m.T), m.sum(axis=0))  # loop exists: allocated by NumPy


def test_missing_output_for_new_dtypes_is_a_clear_error():
    g = make_add_scalar()
    with pytest.raises(TypeError, match="cannot infer the output dtype, so pass the outputs"):
        g(np.arange(3.0), 1.0)
    g(np.arange(3.0), 1.0, np.empty(3))
    with pytest.raises(TypeError, match="pass the outputs"):
        g(np.arange(3, dtype=np.int8), np.int8(1))
    with pytest.raises(TypeError, match="takes 2 input"):
        g(np.arange(3.0))


def test_unsupported_dtype_and_kernel_typing_error():
    g = make_add_scalar()
    with pytest.raises(TypeError):
        g(np.array(["a", "b"]), 1.0, np.empty(2))

    @guvectorize("(n)->(n)")
    def bad(x, res):
        for i in range(x.shape[0]):
            res[i] = x[i].no_such_attribute
    with pytest.raises(TypingError, match="no_such_attribute") as info:
        bad(np.arange(3.0), np.empty(3))
    assert "test_guvectorize_dynamic.py" in str(info.value)


def test_cum_sum_reset_dynamic():
    @guvectorize("(n),()->(n)")
    def cum_sum_reset(x, y, res):
        res[0] = x[0]
        for i in range(1, x.shape[0]):
            res[i] = x[i] + res[i - 1]
            if res[i] >= y:
                res[i] = x[i]

    x = np.array([1, 2, 3, 4, 5, 1, 1, 1, 9, 2], dtype=np.int64)
    out = np.empty_like(x)
    cum_sum_reset(x, 5, out)
    expect, acc = [], None
    for v in x:
        acc = v if acc is None or acc + v >= 5 else acc + v
        expect.append(acc)
    np.testing.assert_array_equal(out, expect)


def test_parallel_target():
    @guvectorize("(n),()->(n)", target="parallel")
    def scale(x, k, res):
        for i in range(x.shape[0]):
            res[i] = x[i] * k

    a = np.random.RandomState(0).rand(5000, 8)
    out = np.empty_like(a)
    scale(a, 3.0, out)
    np.testing.assert_allclose(out, a * 3.0)

"""@vectorize with signatures: a genuine numpy.ufunc whose loops call compiled kernels."""

import cmath
import math
import operator

import numpy as np
import pytest

import ferrumba
from ferrumba import float32, float64, int64, vectorize
from ferrumba.core.errors import TypingError, UnsupportedError

INT_TYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_TYPES = ["float32", "float64"]
COMPLEX_TYPES = ["complex64", "complex128"]


@vectorize(["float64(float64, float64)", "float32(float32, float32)", "int64(int64, int64)"])
def add2(x, y):
    """x plus twice y."""
    return x + 2 * y


@vectorize(["float64(float64)"])
def expsin(x):
    return x * math.exp(-x) + math.sin(x)


def _sample(dtype, shape=(7,)):
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind == "b":
        data = np.arange(n) % 3 == 0
    elif dt.kind in "iu":
        data = (np.arange(n) * 7 + 3) % 50
    elif dt.kind == "c":
        data = np.arange(n) * 0.5 - 1 + 1j * (np.arange(n) % 4)
    else:
        data = np.arange(n) * 0.75 - 2
    return np.asarray(data).astype(dt).reshape(shape)


# -- a genuine ufunc -------------------------------------------------------------------

def test_is_a_numpy_ufunc():
    assert isinstance(add2, np.ufunc)
    assert type(add2) is np.ufunc


def test_attributes():
    assert add2.nin == 2
    assert add2.nout == 1
    assert add2.nargs == 3
    assert add2.ntypes == 3
    assert add2.types == ["dd->d", "ff->f", "ll->l" if np.dtype("l").itemsize == 8 else "qq->q"]
    assert add2.identity is None
    assert add2.__name__ == "add2"
    assert "x plus twice y." in add2.__doc__
    assert add2.signature is None
    assert expsin.nin == 1 and expsin.nargs == 2 and expsin.types == ["d->d"]


def test_type_objects_as_signatures():
    @vectorize([float64(float64, float64), float32(float32, float32)])
    def mul(x, y):
        return x * y

    assert mul.types == ["dd->d", "ff->f"]
    np.testing.assert_array_equal(mul(np.arange(4.0), 2.0), np.arange(4.0) * 2)


def test_single_string_signature():
    @vectorize("int64(int64)")
    def sq(x):
        return x * x

    np.testing.assert_array_equal(sq(np.arange(5)), np.arange(5) ** 2)


# -- values over dtypes ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", INT_TYPES + FLOAT_TYPES)
def test_binary_real_dtypes(dtype):
    sig = "{0}({0}, {0})".format(dtype)

    @vectorize([sig])
    def k(x, y):
        return x * y + x

    a, b = _sample(dtype), _sample(dtype)[::-1].copy()
    got = k(a, b)
    with np.errstate(over="ignore"):
        want = (a * b + a).astype(dtype)
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", COMPLEX_TYPES)
def test_complex_dtypes(dtype):
    @vectorize(["{0}({0}, {0})".format(dtype)])
    def k(z, w):
        return z * w.conjugate() + 1j

    a, b = _sample(dtype), _sample(dtype)[::-1].copy()
    got = k(a, b)
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_allclose(got, a * b.conj() + 1j, rtol=1e-6)


def test_complex_math():
    @vectorize(["complex128(complex128)"])
    def k(z):
        return cmath.exp(z) + abs(z)

    z = _sample("complex128")
    np.testing.assert_allclose(k(z), np.exp(z) + np.abs(z))


def test_bool_in_and_out():
    @vectorize(["boolean(boolean, boolean)"])
    def xor(a, b):
        return a != b

    a = np.array([True, True, False, False])
    b = np.array([True, False, True, False])
    got = xor(a, b)
    assert got.dtype == np.bool_
    np.testing.assert_array_equal(got, a ^ b)


def test_bool_bytes_other_than_one_are_true():
    @vectorize(["int64(boolean)"])
    def as_int(b):
        return 1 if b else 0

    raw = np.array([0, 1, 2, 255], dtype=np.uint8).view(np.bool_)
    np.testing.assert_array_equal(as_int(raw), [0, 1, 1, 1])


def test_mixed_signature_and_conversion():
    @vectorize(["float64(int32, float32)"])
    def k(i, x):
        return i / 2 + x

    i = np.arange(6, dtype=np.int32)
    x = np.linspace(0, 1, 6).astype(np.float32)
    got = k(i, x)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, i / 2 + x.astype(np.float64))


def test_integer_comparison_result():
    @vectorize(["boolean(int64, int64)"])
    def lt(a, b):
        return a < b

    np.testing.assert_array_equal(lt(np.arange(5), 2), np.arange(5) < 2)


def test_math_matches_numpy():
    x = np.linspace(-3, 10, 1001)
    np.testing.assert_allclose(expsin(x), x * np.exp(-x) + np.sin(x), rtol=1e-14, atol=1e-15)


def test_numpy_error_model():
    @vectorize(["float64(float64, float64)", "int64(int64, int64)"])
    def div(x, y):
        return x / y

    with np.errstate(all="ignore"):
        got = div(np.array([1.0, -1.0, 0.0]), np.array([0.0, 0.0, 0.0]))
    assert got[0] == np.inf and got[1] == -np.inf and np.isnan(got[2])

    @vectorize(["int64(int64, int64)"])
    def fdiv(x, y):
        return x // y

    np.testing.assert_array_equal(fdiv(np.array([7, -7, 3]), np.array([2, 2, 0])), [3, -4, 0])


# -- shapes, views, broadcasting ---------------------------------------------------------

def test_zero_dim_and_scalars():
    r = add2(np.float64(1.5), np.float64(2.0))
    assert isinstance(r, np.float64) and r == 5.5
    r = add2(np.array(1.5), np.array(2.0))
    assert r.shape == () and r == 5.5
    assert add2(1.0, 2.0) == 5.0


def test_empty():
    r = add2(np.empty(0), np.empty(0))
    assert r.shape == (0,) and r.dtype == np.float64
    assert add2(np.empty((3, 0)), 1.0).shape == (3, 0)


@pytest.mark.parametrize("shape", [(1,), (17,), (4, 5), (2, 3, 4)])
def test_shapes(shape):
    a, b = _sample("float64", shape), _sample("float64", shape) * 3
    np.testing.assert_array_equal(add2(a, b), a + 2 * b)


def test_non_contiguous_views():
    base = np.arange(60.0).reshape(6, 10)
    for a in (base[::2, ::3], base.T, base[:, 1], base[::-1]):
        np.testing.assert_array_equal(add2(a, a), 3 * a)
    out = np.zeros((6, 10))
    add2(base[:, ::2], 1.0, out=out[:, 1::2])
    np.testing.assert_array_equal(out[:, 1::2], base[:, ::2] + 2)
    assert not out[:, ::2].any()


def test_unaligned_data():
    buf = np.zeros(8 * 5 + 1, dtype=np.uint8)
    a = buf[1:].view(np.float64)
    a[:] = np.arange(5.0)
    assert not a.flags.aligned
    np.testing.assert_array_equal(add2(a, a), 3 * np.arange(5.0))


def test_broadcasting():
    a = np.arange(3.0).reshape(3, 1)
    b = np.arange(4.0).reshape(1, 4)
    np.testing.assert_array_equal(add2(a, b), a + 2 * b)
    np.testing.assert_array_equal(add2(np.arange(5.0), 1.0), np.arange(5.0) + 2)


def test_python_lists_and_scalars():
    np.testing.assert_array_equal(add2([1, 2, 3], 1), [3, 4, 5])
    assert add2([1.0, 2.0], [0.5, 0.5]).dtype == np.float64


def test_loop_selection_exact_then_in_order():
    assert add2(np.arange(3), np.arange(3)).dtype == np.int64  # the exact loop wins
    assert add2(np.arange(3, dtype=np.int16), np.arange(3.0)).dtype == np.float64
    assert add2(np.arange(3, dtype=np.int8), np.arange(3, dtype=np.int8)).dtype == np.float64
    assert add2(np.ones(2, np.float32), np.ones(2, np.float32)).dtype == np.float32

    @vectorize(["int64(int64, int64)", "float64(float64, float64)"])
    def k(x, y):
        return x + y

    assert k(np.arange(3), np.arange(3)).dtype == np.int64
    assert k(np.arange(3.0), 1).dtype == np.float64


# -- ufunc keywords and methods ------------------------------------------------------------

def test_out():
    a = np.arange(5.0)
    out = np.empty(5)
    r = add2(a, a, out=out)
    assert r is out
    np.testing.assert_array_equal(out, 3 * a)
    out32 = np.empty(5, np.float32)
    add2(a.astype(np.float32), a.astype(np.float32), out=(out32,))
    np.testing.assert_array_equal(out32, 3 * a)


def test_where():
    a = np.arange(6.0)
    out = np.full(6, -1.0)
    add2(a, a, out=out, where=a % 2 == 0)
    np.testing.assert_array_equal(out, np.where(a % 2 == 0, 3 * a, -1.0))


def test_dtype_and_casting():
    r = add2(np.arange(4), np.arange(4), dtype=np.float32)
    assert r.dtype == np.float32
    np.testing.assert_array_equal(r, 3 * np.arange(4))
    with pytest.raises(TypeError):
        add2(np.arange(4.0), np.arange(4.0), dtype=np.float32, casting="no")
    r = add2(np.arange(4.0), np.arange(4.0), dtype=np.float32, casting="unsafe")
    assert r.dtype == np.float32


def test_reduce_and_identity():
    @vectorize(["int64(int64, int64)", "float64(float64, float64)"], identity=0)
    def plus(x, y):
        return x + y

    @vectorize(["int64(int64, int64)"], identity=1)
    def times(x, y):
        return x * y

    assert plus.identity == 0 and times.identity == 1
    assert plus.reduce(np.arange(10)) == 45
    assert plus.reduce(np.empty(0, np.int64)) == 0
    assert times.reduce(np.arange(1, 6)) == 120
    assert times.reduce(np.empty(0, np.int64)) == 1
    m = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(plus.reduce(m, axis=0), m.sum(axis=0))
    np.testing.assert_array_equal(plus.reduce(m, axis=1), m.sum(axis=1))
    assert plus.reduce(m, axis=None) == m.sum()
    with pytest.raises(ValueError):
        add2.reduce(np.empty(0))  # no identity


def test_identity_reorderable_and_values():
    @vectorize(["float64(float64, float64)"], identity="reorderable")
    def mx(x, y):
        return x if x > y else y

    assert mx.identity is None
    m = np.array([[1.0, 5.0], [7.0, 2.0]])
    assert mx.reduce(m, axis=None) == 7.0
    with pytest.raises(ValueError):
        mx.reduce(np.empty(0))

    @vectorize(["float64(float64, float64)"], identity=-np.inf)
    def mx2(x, y):
        return x if x > y else y

    assert mx2.identity == -np.inf
    assert mx2.reduce(np.empty(0)) == -np.inf

    @vectorize(["int64(int64, int64)"], identity=-1)
    def band(x, y):
        return x & y

    assert band.identity == -1
    assert band.reduce(np.empty(0, np.int64)) == -1


def test_accumulate_reduceat_outer_at():
    @vectorize(["int64(int64, int64)", "float64(float64, float64)"], identity=0)
    def plus(x, y):
        return x + y

    a = np.arange(1, 8)
    np.testing.assert_array_equal(plus.accumulate(a), np.cumsum(a))
    np.testing.assert_array_equal(plus.reduceat(a, [0, 3, 5]), np.add.reduceat(a, [0, 3, 5]))
    np.testing.assert_array_equal(plus.outer(np.arange(3), np.arange(4)),
                                  np.add.outer(np.arange(3), np.arange(4)))
    b = np.zeros(5)
    plus.at(b, [0, 1, 1, 4], 1.0)
    np.testing.assert_array_equal(b, [1, 2, 0, 0, 1])

    b = np.arange(5.0)
    expsin.at(b, [0, 2])
    np.testing.assert_allclose(b[[0, 2]], [0.0, 2 * math.exp(-2) + math.sin(2)])


def test_reduce_with_non_commutative_kernel():
    @vectorize(["int64(int64, int64)"])
    def sub(x, y):
        return x - y

    a = np.array([10, 1, 2, 3])
    assert sub.reduce(a) == 4
    np.testing.assert_array_equal(sub.accumulate(a), np.subtract.accumulate(a))


def test_many_inputs():
    @vectorize(["float64(float64, float64, float64, int64)"])
    def fma_n(a, b, c, n):
        return a * b + c * n

    a, b, c = np.arange(5.0), np.arange(5.0) + 1, np.ones(5)
    n = np.arange(5)
    np.testing.assert_array_equal(fma_n(a, b, c, n), a * b + c * n)
    assert fma_n.nin == 4 and fma_n.types == ["dddl->d" if np.dtype("l").itemsize == 8
                                                else "dddq->d"]


def test_kernel_calling_jitted_function():
    @ferrumba.njit
    def helper(x):
        return x * 3

    @vectorize(["int64(int64)", "float64(float64)"])
    def k(x):
        return helper(x) + 1

    np.testing.assert_array_equal(k(np.arange(4)), np.arange(4) * 3 + 1)
    np.testing.assert_array_equal(k(np.arange(4.0)), np.arange(4.0) * 3 + 1)


def test_signatures_differing_only_in_result():
    @vectorize(["float64(float64)", "float32(float64)"])
    def half(x):
        return x / 2

    assert half.types == ["d->d", "d->f"]
    assert half(np.arange(3.0)).dtype == np.float64
    r = half(np.arange(3.0), dtype=np.float32)
    assert r.dtype == np.float32
    np.testing.assert_array_equal(r, [0, 0.5, 1])


def test_large_array_with_threads_released():
    x = np.linspace(0, 20, 1_000_003)
    np.testing.assert_allclose(expsin(x), x * np.exp(-x) + np.sin(x), rtol=1e-14, atol=1e-15)


# -- errors --------------------------------------------------------------------------------

def test_no_loop_for_types_raises_numpy_type_error():
    with pytest.raises(TypeError) as info:
        expsin(np.array(["a", "b"]))
    # NumPy's own message, as for its built-in ufuncs
    assert "ufunc 'expsin' not supported for the input types" in str(info.value)
    with pytest.raises(TypeError):
        expsin(np.arange(3.0) + 1j)  # complex cannot cast safely to float64
    with pytest.raises(TypeError):
        add2(np.arange(3.0), np.arange(3.0), out=np.empty(3, np.int64))


def test_kernel_typing_error_points_at_source():
    def bad(x):
        return x + "text"  # the failing line

    with pytest.raises(TypingError) as info:
        vectorize(["float64(float64)"])(bad)
    msg = str(info.value)
    assert "the failing line" in msg
    assert "test_vectorize.py" in msg


def test_unsupported_element_type():
    def ident(x):
        return x

    with pytest.raises(TypeError, match="ufunc"):
        pair = ferrumba.types.UniTuple(float64, 2)
        vectorize([pair(pair)])(ident)


def test_signature_arity_mismatch():
    def two(x, y):
        return x + y

    with pytest.raises(TypeError, match="argument"):
        vectorize(["float64(float64)"])(two)


def test_raise_in_kernel_is_reported():
    @vectorize(["float64(float64)", "int32(int32)"])
    def checked(x):
        if x < 0:
            raise ValueError("negative input")
        return x * 2

    np.testing.assert_array_equal(checked(np.arange(4.0)), np.arange(4.0) * 2)
    for n in (10, 100_000):
        a = np.ones(n)
        a[n // 2] = -1
        for arr in (a, a.astype(np.int32), a[::-1], a.reshape(2, -1).T):
            with pytest.raises(ValueError, match="negative input"):
                checked(arr)
    # a later call still works
    np.testing.assert_array_equal(checked(np.arange(3, dtype=np.int32)), [0, 2, 4])


def test_dynamic_ufunc_compiles_per_input_types():
    @vectorize
    def k(x, y):
        """dynamic kernel"""
        return x * y + 1

    assert isinstance(k, ferrumba._ufunc.DUFunc)
    assert k.ufunc is None and k.ntypes == 0 and k.types == []
    assert k.nin == 2 and k.nout == 1 and k.nargs == 3 and k.identity is None
    assert k.__name__ == "k" and k.__doc__ == "dynamic kernel"
    np.testing.assert_array_equal(k(np.arange(4), np.arange(4)), np.arange(4) ** 2 + 1)
    assert k.types == ["ll->l" if np.dtype("l").itemsize == 8 else "qq->q"]
    assert isinstance(k.ufunc, np.ufunc)
    r = k(np.arange(4.0, dtype=np.float32), np.float32(2))
    assert k.ntypes == 2 and "ff->d" in k.types  # float32 * float32 + int64 types as float64
    np.testing.assert_array_equal(r, np.arange(4.0) * 2 + 1)
    r = k(np.arange(3), 0.5)  # int64 array, Python float: a new (int64, float64) loop
    assert r.dtype == np.float64 and k.ntypes == 3
    np.testing.assert_array_equal(r, np.arange(3) * 0.5 + 1)
    k(np.arange(3), np.arange(3))  # no new loop
    assert k.ntypes == 3
    assert k(2, 3) == 7


def test_dynamic_ufunc_methods_and_keywords():
    @vectorize(identity=0)
    def plus(x, y):
        return x + y

    assert plus.identity == 0
    assert plus.reduce(np.arange(10)) == 45
    assert plus.reduce(np.empty(0)) == 0.0
    np.testing.assert_array_equal(plus.accumulate(np.arange(5.0)), np.cumsum(np.arange(5.0)))
    np.testing.assert_array_equal(plus.outer(np.arange(2), np.arange(3)),
                                  np.add.outer(np.arange(2), np.arange(3)))
    np.testing.assert_array_equal(plus.reduceat(np.arange(6), [0, 2]), [1, 14])
    b = np.zeros(3, np.int32)
    plus.at(b, [0, 0, 2], np.int32(2))
    np.testing.assert_array_equal(b, [4, 0, 2])
    out = np.zeros(3)
    plus(np.arange(3.0), 1.0, out=out, where=np.array([True, False, True]))
    np.testing.assert_array_equal(out, [1, 0, 3])
    plus.add("float32(float32, float32)")
    assert "ff->f" in plus.types


def test_dynamic_ufunc_errors():
    @vectorize()
    def k(x):
        return x + 1

    with pytest.raises(TypeError):
        k(np.array(["a"]))
    with pytest.raises(TypeError):
        k()

    @vectorize
    def bad(x):
        return x + "text"  # the failing line

    with pytest.raises(TypingError, match="the failing line"):
        bad(np.arange(3))


def test_dynamic_ufunc_with_pandas():
    import pandas as pd  # a test dependency (make test installs it)

    @vectorize
    def k(x):
        return x * 2

    s = pd.Series([1.0, 2.0], index=["a", "b"])
    r = k(s)
    assert isinstance(r, pd.Series) and list(r.index) == ["a", "b"]
    np.testing.assert_array_equal(r.to_numpy(), [2.0, 4.0])


def test_cuda_target_not_available():
    with pytest.raises(UnsupportedError, match="cuda"):
        vectorize(["float64(float64)"], target="cuda")


def test_available_at_top_level_and_options_accepted():
    assert ferrumba.vectorize is vectorize

    @vectorize(["float64(float64)"], nopython=True, cache=True, fastmath=True)
    def k(x):
        return x + 1.0

    assert k(1.0) == 2.0


def test_disable_jit_gives_a_python_ufunc(monkeypatch):
    monkeypatch.setattr(ferrumba.config, "DISABLE_JIT", True)

    def k(x):
        return x + 1

    f = vectorize(["int64(int64)"])(k)
    assert isinstance(f, np.ufunc)
    assert list(f(np.arange(3))) == [1, 2, 3]


def test_ufunc_outlives_everything_else():
    import gc

    def make():
        @vectorize(["int64(int64)"])
        def inc(x):
            return x + 1
        return inc

    f = make()
    gc.collect()
    np.testing.assert_array_equal(f(np.arange(3)), [1, 2, 3])
    del f
    gc.collect()


def test_operator_module_in_kernel():
    @vectorize(["int64(int64, int64)"])
    def k(a, b):
        return operator.mul(a, b)

    np.testing.assert_array_equal(k(np.arange(4), 3), np.arange(4) * 3)


# -- interoperability -----------------------------------------------------------------------

def test_pandas_series_keeps_index():
    import pandas as pd  # a test dependency (make test installs it)
    s = pd.Series([0.0, 1.0, 2.0], index=["a", "b", "c"], name="x")
    r = expsin(s)
    assert isinstance(r, pd.Series)
    assert list(r.index) == ["a", "b", "c"]
    assert r.name == "x"
    np.testing.assert_allclose(r.to_numpy(), expsin(s.to_numpy()))
    r2 = add2(s, s)
    assert isinstance(r2, pd.Series)
    np.testing.assert_array_equal(r2.to_numpy(), 3 * s.to_numpy())
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    r3 = expsin(df)
    assert isinstance(r3, pd.DataFrame) and list(r3.columns) == ["a", "b"]

"""Reductions with ``axis=`` and over arrays of any ndim (``ferrumba.np.arraymath``, ``statistics``,
``sorting``), compared with NumPy: every dtype NumPy accepts, ndim 1-4, negative axes, C/F/strided views,
empty arrays, the errors NumPy raises."""

import warnings

import numpy as np
import pytest

from ferrumba import njit
from ferrumba.errors import TypingError

try:
    from numpy.exceptions import AxisError
except ImportError:  # NumPy < 1.25
    AxisError = np.AxisError

ALL = [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.uint64, np.float32, np.float64, np.complex64,
       np.complex128]
ORDERED = [t for t in ALL if not issubclass(t, np.complexfloating)]


@njit
def sum_ax(a, k):
    return np.sum(a, axis=k)


@njit
def sum_m(a, k):
    return a.sum(axis=k)


@njit
def prod_ax(a, k):
    return np.prod(a, axis=k)


@njit
def prod_m(a, k):
    return a.prod(axis=k)


@njit
def mean_ax(a, k):
    return np.mean(a, axis=k)


@njit
def mean_m(a, k):
    return a.mean(axis=k)


@njit
def min_ax(a, k):
    return np.min(a, axis=k)


@njit
def amin_ax(a, k):
    return np.amin(a, axis=k)


@njit
def min_m(a, k):
    return a.min(axis=k)


@njit
def max_ax(a, k):
    return np.max(a, axis=k)


@njit
def max_m(a, k):
    return a.max(axis=k)


@njit
def argmin_ax(a, k):
    return np.argmin(a, axis=k)


@njit
def argmin_m(a, k):
    return a.argmin(axis=k)


@njit
def argmax_ax(a, k):
    return np.argmax(a, axis=k)


@njit
def argmax_m(a, k):
    return a.argmax(axis=k)


@njit
def all_ax(a, k):
    return np.all(a, axis=k)


@njit
def any_m(a, k):
    return a.any(axis=k)


@njit
def std_ax(a, k):
    return np.std(a, axis=k)


@njit
def var_m(a, k):
    return a.var(axis=k, ddof=1)


@njit
def median_ax(a, k):
    return np.median(a, axis=k)


# (numpy reference, compiled, dtypes) for each reduction form
FORMS = {
    "sum": (lambda a, k: np.sum(a, axis=k), sum_ax, ALL),
    "sum method": (lambda a, k: a.sum(axis=k), sum_m, ALL),
    "prod": (lambda a, k: np.prod(a, axis=k), prod_ax, ALL),
    "prod method": (lambda a, k: a.prod(axis=k), prod_m, ALL),
    "mean": (lambda a, k: np.mean(a, axis=k), mean_ax, ALL),
    "mean method": (lambda a, k: a.mean(axis=k), mean_m, ALL),
    "min": (lambda a, k: np.min(a, axis=k), min_ax, ALL),
    "amin": (lambda a, k: np.amin(a, axis=k), amin_ax, ALL),
    "min method": (lambda a, k: a.min(axis=k), min_m, ALL),
    "max": (lambda a, k: np.max(a, axis=k), max_ax, ALL),
    "max method": (lambda a, k: a.max(axis=k), max_m, ALL),
    "argmin": (lambda a, k: np.argmin(a, axis=k), argmin_ax, ALL),
    "argmin method": (lambda a, k: a.argmin(axis=k), argmin_m, ALL),
    "argmax": (lambda a, k: np.argmax(a, axis=k), argmax_ax, ALL),
    "argmax method": (lambda a, k: a.argmax(axis=k), argmax_m, ALL),
    "all": (lambda a, k: np.all(a, axis=k), all_ax, ALL),
    "any method": (lambda a, k: a.any(axis=k), any_m, ALL),
    "std": (lambda a, k: np.std(a, axis=k), std_ax, ALL),
    "var method ddof=1": (lambda a, k: a.var(axis=k, ddof=1), var_m, ALL),
    "median": (lambda a, k: np.median(a, axis=k), median_ax, ORDERED),
}


def sample(shape, dtype, seed):
    """Small values (products stay exact), zeros, negatives where the dtype has them."""
    r = np.random.RandomState(seed)
    n = int(np.prod(shape))
    if dtype is np.bool_:
        return (r.randint(0, 3, n) > 0).reshape(shape)
    if issubclass(dtype, np.complexfloating):
        return (r.randint(-3, 4, n) + 1j * r.randint(-2, 3, n)).astype(dtype).reshape(shape)
    if issubclass(dtype, np.unsignedinteger):
        return r.randint(0, 4, n).astype(dtype).reshape(shape)
    return r.randint(-3, 4, n).astype(dtype).reshape(shape)


def views(a):
    """C, F, reversed and strided views of the same values (and of others)."""
    yield a
    yield np.asfortranarray(a)
    yield a[::-1]
    if a.ndim >= 2:
        yield a.T
        yield np.repeat(a, 2, axis=-1)[..., ::2]


def check(expect, got):
    """Arrays: same shape, dtype and values. Scalars (returned as Python numbers): same kind and value."""
    if not isinstance(got, np.ndarray):
        kind = {"b": (bool, np.bool_), "i": int, "u": int, "f": float, "c": complex}[np.asarray(expect).dtype.kind]
        assert isinstance(got, kind), (got, expect)
        got = np.asarray(got, dtype=np.asarray(expect).dtype)
    expect = np.asarray(expect)
    assert got.shape == expect.shape, (got.shape, expect.shape)
    assert got.dtype == expect.dtype, (got.dtype, expect.dtype)
    if expect.dtype.kind in "fc":
        single = expect.dtype in (np.float32, np.complex64)
        np.testing.assert_allclose(got, expect, rtol=2e-6 if single else 1e-12, atol=1e-5 if single else 1e-12,
                                   equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expect)


SHAPES = [(5,), (3, 4), (2, 3, 4), (2, 1, 3, 2)]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_axis_reductions_every_dtype_ndim_and_axis(form):
    ref, compiled, dtypes = FORMS[form]
    for dtype in dtypes:
        for shape in SHAPES:
            for a in views(sample(shape, dtype, len(shape))):
                for k in range(-a.ndim, a.ndim):
                    with np.errstate(all="ignore"), _quiet():
                        expect = ref(a, k)
                    check(expect, compiled(a, k))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_axis_out_of_range_raises_numpys_axis_error(form):
    ref, compiled, _ = FORMS[form]
    for shape in ((4,), (2, 3), (2, 2, 2, 2)):
        a = np.ones(shape)
        for k in (len(shape), len(shape) + 3, -len(shape) - 1, 1000):
            with pytest.raises(AxisError) as want:
                ref(a, k)
            with pytest.raises(AxisError) as got:
                compiled(a, k)
            if abs(k) < 100:
                assert str(got.value) == str(want.value)
            assert isinstance(got.value, ValueError) and isinstance(got.value, IndexError)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_axis_reductions_of_empty_arrays(form):
    ref, compiled, _ = FORMS[form]
    for shape in ((0,), (0, 3), (3, 0), (0, 0), (2, 0, 3)):
        a = np.zeros(shape)
        for k in range(-a.ndim, a.ndim):
            try:
                with np.errstate(all="ignore"), _quiet():
                    expect = ref(a, k)
            except ValueError as e:
                with pytest.raises(ValueError) as got:
                    compiled(a, k)
                assert str(got.value) == str(e)
                continue
            check(expect, compiled(a, k))


class _quiet:
    """NumPy's RuntimeWarnings (mean of empty slice...) silenced."""

    def __enter__(self):
        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)


def test_complex_min_max_are_lexicographic_and_propagate_nan():
    a = np.array([[1 + 2j, 1 + 1j, 0 + 5j], [2 - 1j, np.nan + 0j, 2 - 2j], [3j, 3j, 1j]])
    for form in ("min", "max", "argmin", "argmax method", "max method"):
        ref, compiled, _ = FORMS[form]
        for k in (0, 1, -1):
            check(ref(a, k), compiled(a, k))
    for x in (a, a.T, a[:, ::-1], a[2:]):
        for g, e in zip(extremes(x), (np.min(x), x.max(), np.argmin(x), x.argmax())):
            check(e, g)


@njit
def extremes(a):
    return np.min(a), a.max(), np.argmin(a), a.argmax()


def test_nan_and_inf_along_an_axis():
    a = np.array([[1.0, np.nan, 3.0], [np.inf, -np.inf, 0.0], [2.0, 2.0, np.nan]])
    for form in ("min", "max", "argmin", "argmax", "sum", "mean", "median", "std", "all", "any method"):
        ref, compiled, _ = FORMS[form]
        for k in (0, 1, -1):
            with np.errstate(all="ignore"):
                check(ref(a, k), compiled(a, k))


@njit
def whole(a):
    return (np.sum(a), a.prod(), np.mean(a), np.min(a), a.max(), np.argmin(a), a.argmax(), np.all(a),
            a.any(), np.median(a), np.std(a), a.var())


@njit
def whole_none(a):
    return np.sum(a, axis=None), a.min(axis=None), np.argmax(a, axis=None), np.median(a, axis=None)


@pytest.mark.parametrize("dtype", ORDERED, ids=lambda d: d.__name__)
def test_whole_array_reductions_of_any_ndim(dtype):
    for shape in ((7,), (3, 4), (2, 3, 2), (2, 2, 1, 3), (1, 2, 1, 2, 3)):
        for a in views(sample(shape, dtype, 3)):
            got = whole(a)
            expect = (np.sum(a), a.prod(), np.mean(a), np.min(a), a.max(), np.argmin(a), a.argmax(),
                      np.all(a), a.any(), np.median(a), np.std(a), a.var())
            for g, e in zip(got, expect):
                check(e, g)
            for g, e in zip(whole_none(a), (np.sum(a), a.min(), np.argmax(a), np.median(a))):
                check(e, g)


@njit
def scalar_axis_of_1d(a):
    return np.sum(a, axis=0), a.min(axis=-1), np.argmax(a, axis=0)


def test_one_dimensional_axis_gives_a_scalar():
    a = np.array([3, -1, 7, 2], np.int32)
    got = scalar_axis_of_1d(a)
    assert got == (11, -1, 2)


@njit
def sum_str_axis(a):
    return np.sum(a, axis="x")


@njit
def min_tuple_axis(a):
    return np.min(a, axis=(0, 1))


def test_wrong_argument_types_are_typing_errors_naming_the_function():
    with pytest.raises(TypingError, match="sum"):
        sum_str_axis(np.ones((2, 2)))
    with pytest.raises(TypingError, match="min"):
        min_tuple_axis(np.ones((2, 2)))
    with pytest.raises(TypingError, match="sum"):
        sum_ax(np.ones(3), 1.5)
    with pytest.raises(TypingError, match="median"):  # NumPy: TypeError, an integer is required
        median_ax(np.ones((2, 2)), True)


@njit
def sums_with_dtype(a):
    return (np.sum(a, dtype=np.int8), a.sum(axis=0, dtype=np.float32), np.prod(a, axis=-1, dtype=np.float64),
            a.sum(dtype=np.complex128))


def test_sum_and_prod_with_dtype():
    for a in (np.arange(12, dtype=np.int64).reshape(3, 4) * 50, np.linspace(-2, 2, 12).reshape(3, 4),
              (np.arange(12) % 3 == 0).reshape(3, 4)):
        for x in (a, np.asfortranarray(a), a[::-1, ::2]):
            got = sums_with_dtype(x)
            expect = (np.sum(x, dtype=np.int8), x.sum(axis=0, dtype=np.float32),
                      np.prod(x, axis=-1, dtype=np.float64), x.sum(dtype=np.complex128))
            for g, e in zip(got, expect):
                check(e, g)


@njit
def min_with_dtype(a):
    return np.min(a, dtype=np.float32)


@njit
def sum_with_out(a):
    return np.sum(a, 0, np.float64, a)


@njit
def var_positional_dtype(a):
    return np.var(a, 0, 1)  # NumPy's third positional argument is dtype, not ddof


def test_unsupported_keyword_is_a_typing_error():
    with pytest.raises(TypingError, match="min"):
        min_with_dtype(np.ones(3))
    with pytest.raises(TypingError, match="var"):
        var_positional_dtype(np.ones((2, 2)))
    with pytest.raises(TypingError, match="sum"):
        sum_with_out(np.ones((2, 2)))


@njit
def positional_axes(a):
    return np.sum(a, 1), a.max(0), np.argmin(a, -1), np.median(a, 0), a.std(1), np.var(a, 0, ddof=1)


def test_axis_given_positionally():
    a = np.arange(12.0).reshape(3, 4) % 5
    got = positional_axes(a)
    expect = (np.sum(a, 1), a.max(0), np.argmin(a, -1), np.median(a, 0), a.std(1), np.var(a, 0, ddof=1))
    for g, e in zip(got, expect):
        check(e, g)


@njit
def median_whole(a):
    return np.median(a)


def test_median_selection_on_adversarial_orders():
    # Selection (not sorting) must still find the middle of sorted, reversed, constant and few-valued data.
    r = np.random.RandomState(3)
    for n in (1, 2, 3, 4, 7, 16, 17, 100, 1001):
        for a in (r.rand(n), np.sort(r.rand(n)), np.sort(r.rand(n))[::-1], np.full(n, 2.5),
                  r.randint(0, 3, n).astype(np.float64), r.randint(-9, 9, n).astype(np.int16)):
            assert median_whole(a) == np.median(a)

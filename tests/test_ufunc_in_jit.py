"""@vectorize ufuncs (eager and dynamic) called from @njit code: scalars call the kernel, arrays loop
elementwise with NumPy's broadcasting and the dtype of the loop NumPy itself picks."""

import math

import numpy as np
import pytest

from ferrumba import njit, vectorize
from ferrumba.core.errors import TypingError


def _rel(x, y):
    return x * 2.0 - y


@vectorize(["float64(float64, float64)", "float32(float32, float32)", "int64(int64, int64)"])
def rel(x, y):
    return x * 2.0 - y if x >= y else y - x


def rel_py(x, y):
    return x * 2.0 - y if x >= y else y - x


@vectorize(["float64(float64)", "complex128(complex128)"])
def sq(x):
    return x * x + 1


@vectorize
def dyn_cube(x):
    return x * x * x


@vectorize
def dyn_hyp(x, y):
    return math.sqrt(x * x + y * y)


@njit
def call1(f_arg):
    return sq(f_arg)


@njit
def call2(a, b):
    return rel(a, b)


@njit
def call_dyn1(a):
    return dyn_cube(a)


@njit
def call_dyn2(a, b):
    return dyn_hyp(a, b)


@njit
def loop_sum(xs):
    s = 0.0
    for i in range(xs.shape[0]):
        s += sq(xs[i])
    return s


SCALARS = [0.0, -0.0, 1.5, -2.25, 1e300, float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("x", SCALARS)
@pytest.mark.parametrize("y", [0.0, -3.5, 2.0, float("nan")])
def test_eager_scalars_match_the_ufunc(x, y):
    got = call2(x, y)
    expect = rel(np.float64(x), np.float64(y))
    assert type(got) is float
    np.testing.assert_equal(got, expect)


def test_eager_scalar_loop_selection_follows_numpy():
    # int64 arguments use the int64 loop (integer result), int32 casts safely to int64.
    assert call2(7, 3) == 11 and type(call2(7, 3)) is int
    assert call2(np.int32(-4), np.int32(5)) == 9
    # float32 arguments use the float32 loop.
    r = call2(np.float32(1.5), np.float32(0.25))
    assert r == rel(np.float32(1.5), np.float32(0.25))
    # a complex scalar picks the complex loop of sq
    assert call1(1 + 2j) == sq(1 + 2j)
    assert call1(3) == 10.0


def test_scalar_call_in_a_loop():
    xs = np.linspace(-5, 5, 101)
    assert loop_sum(xs) == pytest.approx(float(np.sum(sq(xs))))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.int8, np.uint16, np.bool_])
def test_eager_arrays_1d_2d_and_broadcasting(dtype):
    rng = np.random.RandomState(0)
    a = (rng.rand(7) * 20 - 10).astype(dtype)
    b = (rng.rand(7) * 20 - 10).astype(dtype)
    for x, y in [(a, b), (a, b[:1]), (a[:1], b), (a.reshape(7, 1), b), (a[::2][:3], b[1::2][:3]), (a[1::2], b[::2][:3]),
                 (np.vstack([a, b]), b), (np.vstack([a, b]).T, np.vstack([b, a]).T), (a, 2.5), (3, b),
                 (a[:0], b[:0])]:
        got = call2(x, y)
        expect = rel(x, y)
        assert got.dtype == expect.dtype and got.shape == expect.shape
        np.testing.assert_array_equal(got, expect)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_eager_array_special_values():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e308, -1.0])
    np.testing.assert_array_equal(call1(x), sq(x))
    np.testing.assert_array_equal(call2(x, x[::-1]), rel(x, x[::-1]))


def test_broadcast_mismatch_raises():
    with pytest.raises(ValueError, match="broadcast"):
        call2(np.zeros(3), np.zeros(4))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_dynamic_scalars_and_arrays():
    for v in [0, 3, -4, 2.5, -0.0, float("inf"), float("nan"), 1 + 1j]:
        np.testing.assert_equal(call_dyn1(v), v * v * v)
    for dtype in [np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, np.complex128]:
        a = (np.arange(-5, 6) % 7).astype(dtype)
        got = call_dyn1(a)
        expect = np.array([dyn_cube.py_func(v.item()) for v in a])  # Python numbers: no wrap-around
        np.testing.assert_array_equal(got, expect)
        got2 = call_dyn1(a.reshape(1, 11)[:, ::2])
        assert got2.shape == (1, 6)
        np.testing.assert_array_equal(got2.ravel(), got[::2])
    assert call_dyn1(np.zeros(0)).shape == (0,)


def test_dynamic_two_inputs_and_existing_loop():
    a = np.array([3.0, 0.0, -5.0, np.inf])
    b = np.array([4.0, 0.0, 12.0, 1.0])
    np.testing.assert_array_equal(call_dyn2(a, b), np.hypot(a, b))
    assert call_dyn2(3.0, 4.0) == 5.0
    # Called from Python first: the DUFunc has a loop, and compiled code uses it.
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    from_python = dyn_hyp(x, np.float32(2))

    @njit
    def again(a, b):
        return dyn_hyp(a, b)
    got = again(x, np.float32(2))
    assert got.dtype == from_python.dtype
    np.testing.assert_allclose(got, from_python, rtol=1e-6)


def test_unsupported_argument_types_are_typing_errors():
    @njit
    def with_tuple(x):
        return sq((x, x))

    with pytest.raises(TypingError, match="ufunc 'sq' called from compiled code with argument types"):
        with_tuple(1.0)

    @njit
    def wrong_count(x):
        return rel(x)

    with pytest.raises(TypingError, match="no loop accepts them"):
        wrong_count(1.0)

    @njit
    def three_d(a):
        return sq(a)

    with pytest.raises(TypingError, match="1-D/2-D arrays"):
        three_d(np.zeros((2, 2, 2)))

    @njit
    def dyn_tuple(x):
        return dyn_cube((x, x))

    with pytest.raises(TypingError, match="dyn_cube"):
        dyn_tuple(1.0)


def test_kernel_typing_error_points_at_the_kernel():
    @vectorize
    def broken(x):
        return x.no_such_attribute

    @njit
    def use(x):
        return broken(x)

    with pytest.raises(TypingError, match="no_such_attribute") as info:
        use(1.0)
    assert "test_ufunc_in_jit.py" in str(info.value)


@vectorize(["float64(float64, float64, float64)", "boolean(boolean, boolean, boolean)"])
def fma3(a, b, c):
    return a * b + c


@vectorize
def dyn_mix(a, b, c):
    return a - b * c


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_three_input_scalars_and_bool_loop():
    @njit
    def f(a, b, c):
        return fma3(a, b, c)

    for a, b, c in [(1.5, 2.0, -1.0), (0.0, float("inf"), 1.0), (-2, 3, 4)]:
        got = f(a, b, c)
        np.testing.assert_equal(got, fma3(np.float64(a), np.float64(b), np.float64(c)))
    for a, b, c in [(True, True, False), (False, True, False), (False, False, True)]:
        got = f(a, b, c)
        assert type(got) is bool and got == bool(fma3(np.bool_(a), np.bool_(b), np.bool_(c)))

    @njit
    def g(a, b, c):
        return dyn_mix(a, b, c)

    assert g(10, 2, 3) == 4 and g(1.5, 0.5, -1.0) == 2.0

    @njit
    def arrays3(a):
        return fma3(a, a, a)

    with pytest.raises(TypingError, match="fma3"):
        arrays3(np.ones(3))

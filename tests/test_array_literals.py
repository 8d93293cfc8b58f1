"""``np.array`` / ``np.asarray`` of list literals (nested, with run-time scalars, with ``dtype=``), compared
with NumPy on the same values. A list literal anywhere else is still a clear UnsupportedError."""

import numpy as np
import pytest

from ferrumba import njit
from ferrumba.core.errors import TypingError, UnsupportedError


def check(got, expected):
    assert isinstance(got, np.ndarray)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def both(fn, *args):
    check(njit(fn)(*args), fn(*args))


def test_constant_literals():
    both(lambda: np.array([1, 2, 3]))
    both(lambda: np.array([1.5, -2, 0]))
    both(lambda: np.array([True, False, True]))
    both(lambda: np.array([1j, 2, -0.5]))
    both(lambda: np.array([True, 2]))
    both(lambda: np.array([[1, 2], [3, 4], [5, 6]]))
    both(lambda: np.array([[[1, 2]], [[3, 4.5]]]))
    both(lambda: np.array([np.nan, np.inf, -np.inf]))
    both(lambda: np.array(([1, 2], (3, 4))))
    both(lambda: np.asarray([[1.0, 2.0], [3.0, 4.0]]))


def test_empty_literals():
    both(lambda: np.array([]))
    both(lambda: np.array([[], [], []]))
    both(lambda: np.asarray([]))


SCALARS = [np.int8(-3), np.uint8(200), np.int16(-7), np.uint32(9), np.int64(-12), np.uint64(5), np.float32(1.5),
           np.float64(-2.25), np.complex64(1 - 2j), np.complex128(3j), np.bool_(True), 4, 0.5, -0.0, True, 2j]


@pytest.mark.parametrize("x", SCALARS, ids=repr)
@pytest.mark.parametrize("y", [np.int32(3), np.float32(-0.5), 7, 2.5, False], ids=repr)
def test_run_time_scalars(x, y):
    def make(x, y):
        return np.array([x, y, y])

    def nested(x, y):
        return np.array([[x, y], [y, x]])

    for fn in (make, nested):
        got, expected = njit(fn)(x, y), fn(np.asarray(x)[()], np.asarray(y)[()])
        # NumPy types Python ints/floats in a list as int64/float64, as ferrumba does for arguments.
        check(got, expected)


@pytest.mark.parametrize("dt", [np.bool_, np.int8, np.uint8, np.int16, np.int32, np.uint32, np.int64, np.uint64,
                                np.float32, np.float64, np.complex64, np.complex128])
def test_dtype_keyword(dt):
    def make(x):
        return np.array([[1, x], [0, 3]], dtype=dt)

    def make_asarray(x):
        return np.asarray([1, x, 0], dtype=dt)

    def positional(x):
        return np.array([x, 2], dt)

    for fn in (make, make_asarray, positional):
        for x in (2, 5.75, True):
            check(njit(fn)(x), fn(x))


def test_values_from_arrays_and_expressions():
    def f(a, i):
        return np.array([a[i], a[i + 1] * 2, len(a)])

    a = np.arange(5.0)
    check(njit(f)(a, 1), f(a, 1))


def test_results_are_fresh_writable_arrays():
    @njit
    def f(x):
        a = np.array([x, x])
        a[0] = 10
        return a

    check(f(1), np.array([10, 1]))
    assert f(2).flags.writeable


def test_array_of_array_with_dtype_converts():
    def f(a):
        return np.array(a, dtype=np.float32), np.asarray(a, dtype=np.int64), np.asarray(a, dtype=np.float64)

    base = np.arange(12.0).reshape(3, 4) - 5.5
    for a in (base[0], base[:, 1], base[::2, ::-1], base.T, base[:0]):
        got, expected = njit(f)(a), f(a)
        for g, e in zip(got, expected):
            check(g, e)
    for dt in (np.int8, np.uint16, np.float32, np.bool_):
        a = (np.arange(6) % 3).astype(dt).reshape(2, 3)[:, ::2]
        got, expected = njit(f)(a), f(a)
        for g, e in zip(got, expected):
            check(g, e)


def test_ragged_literal_is_a_typing_error():
    @njit
    def f():
        return np.array([[1, 2], [3]])

    with pytest.raises(TypingError, match="numpy.array"):
        f()


def test_complex_into_real_dtype_is_a_typing_error():
    @njit
    def f(z):
        return np.array([z, 1.0], dtype=np.float64)

    with pytest.raises(TypingError, match="numpy.array"):
        f(1j)


@pytest.mark.parametrize("body", [
    "    y = [1, 2]\n    return 0\n",
    "    return np.sum([1, 2])\n",
    "    return len([1.0])\n",
    "    return np.array(x + [1])\n",
])
def test_list_literal_elsewhere_is_unsupported(tmp_path, body):
    path = tmp_path / "mod_lists.py"
    path.write_text("import numpy as np\nfrom ferrumba import njit\n\n@njit\ndef f(x):\n" + body)
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    with pytest.raises(UnsupportedError, match="list literals are not supported in compiled code"):
        namespace["f"](1)


def test_list_literal_shapes_of_constructors():
    def f(n, m):
        return np.zeros([n, m]), np.ones([n], np.int32), np.empty([2, m, 1]).shape, np.full([m, n], 2.5)

    got, expected = njit(f)(2, 3), f(2, 3)
    for g, e in zip(got[:2] + got[3:], expected[:2] + expected[3:]):
        check(g, e)
    assert got[2] == expected[2]


def test_generated_implementation_survives_a_cleared_linecache():
    import linecache

    def make(x):
        return np.array([[x, 1.5, 2], [3, 4, x]])

    check(njit(make)(1), make(1))
    linecache.clearcache()
    check(njit(make)(np.float32(2)), make(np.float32(2)))
    check(njit(make)(np.int8(3)), make(np.int8(3)))

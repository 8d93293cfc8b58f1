"""Array-likes other than ndarrays as arguments: the buffer protocol (``array.array``, ``memoryview``,
``bytearray``, ``bytes``), ``__array_interface__``, ``__array__()`` and DLPack (``__dlpack__``).

They are viewed without copying: results are compared with NumPy on ``np.asarray`` of the same object,
writes through a writable view must reach the caller's object, and a read-only buffer is a read-only array
type (writing to it is a compile error).
"""

import array
import gc
import weakref

import numpy as np
import pytest

from ferrumba import njit
from ferrumba.core.errors import TypingError


@njit
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


@njit
def total_2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * (i + 1) + j
    return s


@njit
def shape_and_first(a):
    return a.shape, a[0]


@njit
def bump_first(a):
    a[0] += 1


@njit
def bump_2d(a):
    a[1, 0] += 1


@njit
def same(a):
    return a


@njit
def view_tail(a):
    return a[1:]


class DLPackProducer:
    """Exposes only DLPack, delegating to a NumPy array (what a CPU torch tensor offers)."""

    def __init__(self, a):
        self._a = a

    def __dlpack__(self, **kwargs):
        return self._a.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self._a.__dlpack_device__()


class ArrayInterface:
    """Exposes only ``__array_interface__`` (and keeps the owner alive)."""

    def __init__(self, a):
        self._a = a
        self.__array_interface__ = a.__array_interface__


class ArrayMethod:
    """Exposes only ``__array__()``."""

    def __init__(self, a):
        self._a = a

    def __array__(self, dtype=None, copy=None):
        return self._a


ARRAY_TYPECODES = ["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"]


@pytest.mark.parametrize("code", ARRAY_TYPECODES)
def test_array_array_every_typecode(code):
    values = [0, 1, 7, 3, 100] if code.isupper() else [0, -1, 7, -3, 100]
    buf = array.array(code, values)
    assert total(buf) == np.asarray(buf).astype(np.float64).sum()
    assert total(memoryview(buf)) == np.asarray(buf).astype(np.float64).sum()
    shape, first = shape_and_first(buf)
    assert shape == (5,) and first == values[0]
    assert type(first) is type(np.asarray(buf)[0].item())


def test_array_array_empty():
    assert total(array.array("d")) == 0.0


@pytest.mark.parametrize("code", ["i", "d", "f", "B"])
def test_array_array_writes_are_visible(code):
    buf = array.array(code, [1, 2, 3])
    bump_first(buf)
    assert list(buf) == [2, 2, 3]
    bump_first(memoryview(buf))
    assert list(buf) == [3, 2, 3]


def test_bytearray_is_writable_uint8():
    buf = bytearray(b"\x01\x02\xff")
    assert total(buf) == 1 + 2 + 255
    bump_first(buf)
    assert buf == bytearray(b"\x02\x02\xff")


def test_bytes_are_read_only_uint8():
    assert total(b"\x05\x06\xfe") == 5 + 6 + 254
    assert total(b"") == 0.0
    with pytest.raises(TypingError, match="cannot modify the read-only array readonly array\\(uint8, 1d, C\\)"):
        bump_first(b"abc")


def test_read_only_memoryview_is_a_read_only_array():
    buf = bytearray(b"\x01\x02")
    with pytest.raises(TypingError, match="read-only array"):
        bump_first(memoryview(buf).toreadonly())
    assert buf == bytearray(b"\x01\x02")


def test_memoryview_2d_c_and_strided():
    base = np.arange(12.0).reshape(3, 4)
    expected = total_2d.py_func(base)
    assert total_2d(memoryview(base)) == expected
    strided = base[:, ::2]
    assert total_2d(memoryview(strided)) == total_2d.py_func(strided)
    fortran = np.asfortranarray(base)
    assert total_2d(memoryview(fortran)) == expected
    bump_2d(memoryview(base))
    assert base[1, 0] == 5.0


def test_memoryview_cast_to_2d():
    buf = array.array("i", range(6))
    view = memoryview(buf).cast("B").cast("i", [2, 3])
    assert total_2d(view) == total_2d.py_func(np.arange(6, dtype=np.int32).reshape(2, 3))
    bump_2d(view)
    assert list(buf) == [0, 1, 2, 4, 4, 5]


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.int32, np.int64, np.float32, np.float64])
@pytest.mark.parametrize("wrap", [DLPackProducer, ArrayInterface, ArrayMethod], ids=lambda w: w.__name__)
def test_protocol_objects_every_dtype_1d(wrap, dtype):
    a = (np.arange(-3, 5) % 2 == 0).astype(dtype) if dtype is np.bool_ else np.arange(-3, 5).astype(dtype)
    if np.issubdtype(dtype, np.unsignedinteger):
        a = np.arange(8).astype(dtype)
    assert total(wrap(a)) == total.py_func(a)
    shape, first = shape_and_first(wrap(a))
    assert shape == a.shape and first == a[0]


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("wrap", [DLPackProducer, ArrayInterface, ArrayMethod], ids=lambda w: w.__name__)
def test_protocol_objects_complex(wrap, dtype):
    a = (np.arange(4) + 1j * np.arange(4, 0, -1)).astype(dtype)
    shape, first = shape_and_first(wrap(a))
    assert shape == (4,) and first == a[0]


@pytest.mark.parametrize("wrap", [DLPackProducer, ArrayInterface, ArrayMethod], ids=lambda w: w.__name__)
def test_protocol_objects_2d_and_non_contiguous(wrap):
    base = np.arange(20.0).reshape(4, 5)
    for a in (base, base.T, base[::2, 1::2], base[:0]):
        assert total_2d(wrap(a)) == total_2d.py_func(a)


@pytest.mark.parametrize("wrap", [DLPackProducer, ArrayInterface, ArrayMethod], ids=lambda w: w.__name__)
def test_protocol_objects_writes_are_visible(wrap):
    a = np.zeros(3, np.int64)
    bump_first(wrap(a))
    assert a.tolist() == [1, 0, 0]
    b = np.zeros((2, 2))
    bump_2d(wrap(b))
    assert b.tolist() == [[0.0, 0.0], [1.0, 0.0]]


@pytest.mark.parametrize("wrap", [DLPackProducer, ArrayInterface, ArrayMethod], ids=lambda w: w.__name__)
def test_protocol_objects_read_only(wrap):
    a = np.arange(3.0)
    a.flags.writeable = False
    assert total(wrap(a)) == 3.0
    with pytest.raises(TypingError, match="read-only array"):
        bump_first(wrap(a))


def test_exporter_kept_alive_by_returned_views():
    buf = array.array("d", [1.0, 2.0, 3.0])
    tail = view_tail(buf)
    itself = same(buf)
    assert tail.tolist() == [2.0, 3.0] and itself.tolist() == [1.0, 2.0, 3.0]
    tail[0] = 20.0
    assert buf[1] == 20.0
    del buf
    gc.collect()
    assert tail.tolist() == [20.0, 3.0] and itself.tolist() == [1.0, 20.0, 3.0]


def test_dlpack_producer_kept_alive_by_returned_view():
    a = np.arange(4.0)
    ref = weakref.ref(a)
    producer = DLPackProducer(a)
    del a
    tail = view_tail(producer)
    del producer
    gc.collect()
    assert tail.tolist() == [1.0, 2.0, 3.0]
    del tail
    gc.collect()
    assert ref() is None  # and nothing leaked


def test_array_likes_inside_tuples():
    @njit
    def dot(pair):
        a, b = pair
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i] * b[i]
        return s

    assert dot((array.array("d", [1, 2]), np.array([3.0, 4.0]))) == 11.0


def test_same_overload_as_ndarray_is_reused():
    @njit
    def first(a):
        return a[0]

    first(np.array([1.0, 2.0]))
    assert first(array.array("d", [5.0])) == 5.0
    assert first(memoryview(array.array("d", [6.0]))) == 6.0
    assert len(first.signatures) == 1


def test_unsupported_object_names_the_argument():
    with pytest.raises(TypeError, match="argument 'a': cannot determine the ferrumba type of <class 'list'>"):
        total([1.0, 2.0])

    @njit
    def second(x, y):
        return x

    with pytest.raises(TypeError, match="argument 'y': cannot determine the ferrumba type of <class 'str'>"):
        second(1, "text")


def test_unsupported_dtype_names_the_argument():
    with pytest.raises(TypeError, match="argument 'a': arrays of dtype float16 are not supported"):
        total(memoryview(np.zeros(2, np.float16)))


def test_failing_protocol_names_the_argument():
    class Broken:
        def __array__(self, dtype=None, copy=None):
            raise RuntimeError("no data here")

    with pytest.raises(TypeError, match="argument 'a': cannot view the Broken object as a NumPy array: no data"):
        total(Broken())


def test_typeof_of_array_likes():
    import ferrumba

    assert str(ferrumba.typeof(array.array("d", [1.0]))) == "array(float64, 1d, C)"
    assert str(ferrumba.typeof(b"ab")) == "readonly array(uint8, 1d, C)"
    assert str(ferrumba.typeof(DLPackProducer(np.zeros((2, 3), np.int32).T))) == "array(int32, 2d, F)"
    assert str(ferrumba.typeof((memoryview(bytearray(2)), 1))) == "Tuple(array(uint8, 1d, C), int64)"


def test_eager_signature_and_disabled_compilation_accept_array_likes():
    @njit("float64(float64[:])")
    def head(a):
        return a[0]

    head.disable_compile()
    assert head(array.array("d", [4.0, 5.0])) == 4.0
    assert head(ArrayInterface(np.array([6.0]))) == 6.0
    buf = array.array("f", [7.0])  # a float32 array is not converted to float64[:], as for ndarrays
    with pytest.raises(TypeError, match="No matching definition"):
        head(buf)

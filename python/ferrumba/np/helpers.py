"""Typing-time helpers shared by the ``ferrumba.np`` modules (plain Python, run by the typers), and a few
compiled helpers (``@register_jitable`` or private ``@overload``s) used by several implementations:
``flat1d`` (a 1-D view or C-order copy of an array), ``elem`` (an array element or a scalar) and
``is_nan`` (NaN test for any scalar type)."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload

SCALARS = (types.Integer, types.Float, types.Complex, types.Boolean)


# Any dimension count: the library's loops handle n-D arrays through ``flat1d`` and recursion over the
# leading dimension.
ANY_NDIM = range(1, 65)


def is_array(t, ndims=(1, 2, 3)):
    return isinstance(t, types.Array) and t.ndim in ndims


def is_scalar(t):
    return isinstance(t, SCALARS)


def np_type(t):
    """The NumPy scalar type (``np.int8``...) of a ferrumba scalar type."""
    return np.dtype(str(t)).type


def dtype_of(t):
    """The dtype of an array or scalar type, as a NumPy dtype."""
    return np.dtype(str(t.dtype if isinstance(t, types.Array) else t))


def sum_type(dt):
    """The NumPy scalar type sum-like reductions accumulate ``dt`` in (small ints widen, bool -> int64)."""
    if isinstance(dt, types.Boolean):
        return np.int64
    if isinstance(dt, types.Integer):
        return np.int64 if dt.signed else np.uint64
    return np_type(dt)


def weak_result_type(*ts):
    """``np.result_type`` of arrays (by dtype) and scalars, scalars counting as Python literals (NEP 50)."""
    args = []
    for t in ts:
        if isinstance(t, types.Array):
            args.append(dtype_of(t))
        elif isinstance(t, types.Boolean):
            args.append(False)
        elif isinstance(t, types.Integer):
            args.append(0)
        elif isinstance(t, types.Float):
            args.append(0.0)
        elif isinstance(t, types.Complex):
            args.append(0j)
        else:
            raise TypeError(t)
    if not any(isinstance(t, types.Array) for t in ts):
        args = [dtype_of(t) for t in ts]
    return np.result_type(*args).type


def result_type(*ts):
    """``np.result_type`` of the dtypes of arrays and scalars (strong scalars)."""
    return np.result_type(*[dtype_of(t) for t in ts]).type


def numpy_dtype_arg(t):
    """The NumPy scalar type named by a dtype argument's type (``np.float64`` arrives as
    ``Function(numpy.float64)``), or ``None``."""
    name = str(t)
    for prefix in ("Function(numpy.", "Function(ferrumba.types."):
        if name.startswith(prefix) and name.endswith(")"):
            try:
                return np.dtype(name[len(prefix):-1]).type
            except TypeError:
                return None
    if name == "Function(float)":
        return np.float64
    if name == "Function(int)":
        return np.int64
    if name == "Function(bool)":
        return np.bool_
    return None


def is_float_like(t):
    return isinstance(t, (types.Float, types.Complex))


# compiled helpers ------------------------------------------------------------------------------------

def flat1d(a):
    """``a`` itself if it is 1-D, a view of it if it is C-contiguous, else a C-order 1-D copy of it (read
    the result, never write it)."""
    return a.ravel()


@overload(flat1d)
def _flat1d_typer(a):
    if not is_array(a, ANY_NDIM):
        return None
    if a.ndim == 1:
        def one(a):
            return a
        return one
    if a.layout == "C":
        def view(a):
            return a.ravel()
        return view
    dt = np_type(a.dtype)

    def copy(a):
        out = np.empty(a.size, dt)
        copy_flat(out, a, 0)
        return out
    return copy


def flat_any_order(a):
    """The elements of ``a`` as a 1-D array in some order (for reductions where order does not matter):
    a view of C- and F-contiguous arrays, a C-order copy of other layouts."""
    return a.ravel(order="K")


@overload(flat_any_order)
def _flat_any_order_typer(a):
    if not is_array(a, ANY_NDIM):
        return None
    if a.ndim > 1 and a.layout == "F":
        def transposed(a):
            return a.T.ravel()
        return transposed

    def impl(a):
        return flat1d(a)
    return impl


def copy_flat(out, a, start):
    """Copy the elements of ``a`` (any ndim, any layout) in C order into the 1-D ``out`` from ``start``;
    returns the index after the last one written. Recursive over the leading dimension."""
    out[start:start + a.size] = a.ravel()
    return start + a.size


@overload(copy_flat)
def _copy_flat_typer(out, a, start):
    if not (is_array(out, (1,)) and is_array(a, ANY_NDIM)):
        return None
    if a.ndim == 1:
        def one(out, a, start):
            for i in range(a.shape[0]):
                out[start + i] = a[i]
            return start + a.shape[0]
        return one

    def nd(out, a, start):
        for i in range(a.shape[0]):
            start = copy_flat(out, a[i], start)
        return start
    return nd


def drop_axis(shape, axis):
    """The shape tuple without item ``axis`` (``0 <= axis < len(shape)``)."""
    return shape[:axis] + shape[axis + 1:]


@overload(drop_axis)
def _drop_axis_typer(shape, axis):
    if not isinstance(shape, types.BaseTuple) or len(shape) == 0:
        return None
    if len(shape) == 1:
        def last(shape, axis):
            return ()
        return last

    def impl(shape, axis):
        if axis == 0:
            return shape[1:]
        return (shape[0],) + drop_axis(shape[1:], axis - 1)
    return impl


def insert_axis(shape, axis, n):
    """The shape tuple with ``n`` inserted at position ``axis`` (``0 <= axis <= len(shape)``)."""
    return shape[:axis] + (n,) + shape[axis:]


@overload(insert_axis)
def _insert_axis_typer(shape, axis, n):
    if not isinstance(shape, types.BaseTuple):
        return None
    if len(shape) == 0:
        def first(shape, axis, n):
            return (n,)
        return first

    def impl(shape, axis, n):
        if axis == 0:
            return (n,) + shape
        return (shape[0],) + insert_axis(shape[1:], axis - 1, n)
    return impl


def elem(x, i):
    """``x[i]`` for a 1-D array, ``x`` for a scalar."""
    return x[i] if isinstance(x, np.ndarray) else x


@overload(elem)
def _elem_typer(x, i):
    if is_array(x, (1,)):
        def arr(x, i):
            return x[i]
        return arr
    if is_scalar(x):
        def sc(x, i):
            return x
        return sc
    return None


def is_nan(x):
    """``x != x`` for real numbers, either part NaN for complex numbers, ``False`` for integers."""
    return x != x


@overload(is_nan)
def _is_nan_typer(x):
    if isinstance(x, types.Complex):
        def c(x):
            return x.real != x.real or x.imag != x.imag
        return c
    if isinstance(x, types.Float):
        def f(x):
            return x != x
        return f
    if isinstance(x, (types.Integer, types.Boolean)):
        def i(x):
            return False
        return i
    return None

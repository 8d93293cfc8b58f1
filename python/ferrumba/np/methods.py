"""More array methods and creation functions written with ``@overload``: ``copy fill transpose flatten
astype item nonzero`` and ``np.copy np.eye np.identity np.full_like np.nonzero``. Copies, ``fill``,
``astype`` and ``full_like`` handle any ndim (through a C-order 1-D view of a new C array)."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method
from ferrumba.np.helpers import ANY_NDIM, copy_flat, flat1d, is_array, numpy_dtype_arg


# copy / fill -----------------------------------------------------------------------------------------

@overload(np.copy)
def _copy_typer(a):
    if not is_array(a, ANY_NDIM):
        return None
    dt = np.dtype(str(a.dtype)).type

    def impl(a):
        out = np.empty(a.shape, dt)
        copy_flat(out.ravel(), a, 0)
        return out
    return impl


overload_method(types.Array, "copy")(_copy_typer)


@overload_method(types.Array, "fill")
def _fill_typer(a, value):
    if not (is_array(a, ANY_NDIM) and isinstance(value, (types.Number, types.Boolean))):
        return None
    if a.ndim == 1:
        def one(a, value):
            for i in range(a.shape[0]):
                a[i] = value
        return one

    def nd(a, value):
        for i in range(a.shape[0]):
            a[i].fill(value)
    return nd


def _transpose(a):
    return a.T


@overload_method(types.Array, "transpose")
def _transpose_typer(a):
    return _transpose if isinstance(a, types.Array) else None


def _flatten(a):
    return a.copy().ravel()


@overload_method(types.Array, "flatten")
def _flatten_typer(a):
    return _flatten if is_array(a, ANY_NDIM) else None


@overload_method(types.Array, "astype")
def _astype_typer(a, dtype):
    dt = numpy_dtype_arg(dtype)
    if not is_array(a, ANY_NDIM) or dt is None:
        return None

    def impl(a, dtype):
        out = np.empty(a.shape, dt)
        copy_flat(out.ravel(), a, 0)
        return out
    return impl


def _item(a):
    if a.size != 1:
        raise ValueError("can only convert an array of size 1 to a Python scalar")
    return flat1d(a)[0]


@overload_method(types.Array, "item")
def _item_typer(a):
    return _item if is_array(a, ANY_NDIM) else None


def _nonzero1(a):
    count = 0
    for i in range(a.shape[0]):
        if a[i]:
            count += 1
    out = np.empty(count, np.int64)
    k = 0
    for i in range(a.shape[0]):
        if a[i]:
            out[k] = i
            k += 1
    return (out,)


@overload(np.nonzero)
def _nonzero_typer(a):
    return _nonzero1 if isinstance(a, types.Array) and a.ndim == 1 else None


overload_method(types.Array, "nonzero")(_nonzero_typer)


def _eye(n):
    out = np.zeros((n, n))
    for i in range(n):
        out[i, i] = 1.0
    return out


def _eye_nm(n, m):
    out = np.zeros((n, m))
    for i in range(min(n, m)):
        out[i, i] = 1.0
    return out


@overload(np.eye)
def _eye_typer(n, m=None):
    if not isinstance(n, types.Integer):
        return None
    if m is None:
        return _eye
    return _eye_nm if isinstance(m, types.Integer) else None


@overload(np.identity)
def _identity_typer(n):
    return _eye if isinstance(n, types.Integer) else None


@overload(np.full_like)
def _full_like_typer(a, fill_value):
    if not is_array(a, ANY_NDIM) or not isinstance(fill_value, (types.Number, types.Boolean)):
        return None
    dt = np.dtype(str(a.dtype)).type

    def impl(a, fill_value):
        out = np.empty(a.shape, dt)
        out.fill(fill_value)
        return out
    return impl

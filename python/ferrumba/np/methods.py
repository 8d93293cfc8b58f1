"""More array methods and creation functions written with ``@overload``: ``transpose flatten astype item
nonzero`` and ``np.eye np.identity np.full_like np.nonzero``."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method


def _numpy_dtype(t):
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


def _transpose(a):
    return a.T


@overload_method(types.Array, "transpose")
def _transpose_typer(a):
    return _transpose if isinstance(a, types.Array) else None


def _flatten(a):
    return a.copy().ravel()


@overload_method(types.Array, "flatten")
def _flatten_typer(a):
    return _flatten if isinstance(a, types.Array) and 1 <= a.ndim <= 3 else None


@overload_method(types.Array, "astype")
def _astype_typer(a, dtype):
    dt = _numpy_dtype(dtype)
    if not isinstance(a, types.Array) or dt is None or a.ndim not in (1, 2):
        return None
    if a.ndim == 1:
        def impl(a, dtype):
            out = np.empty(a.shape[0], dt)
            for i in range(a.shape[0]):
                out[i] = a[i]
            return out
    else:
        def impl(a, dtype):
            out = np.empty((a.shape[0], a.shape[1]), dt)
            for i in range(a.shape[0]):
                for j in range(a.shape[1]):
                    out[i, j] = a[i, j]
            return out
    return impl


def _item(a):
    if a.size != 1:
        raise ValueError("can only convert an array of size 1 to a Python scalar")
    return a.copy().ravel()[0]


@overload_method(types.Array, "item")
def _item_typer(a):
    return _item if isinstance(a, types.Array) and 1 <= a.ndim <= 3 else None


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
    if not isinstance(a, types.Array) or a.ndim not in (1, 2):
        return None
    dt = np.dtype(str(a.dtype)).type

    def impl(a, fill_value):
        out = np.empty_like(a)
        value = dt(fill_value)
        for i in range(a.shape[0]):
            out[i] = value
        return out

    if a.ndim == 1:
        return impl

    def impl2(a, fill_value):
        out = np.empty_like(a)
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                out[i, j] = fill_value
        return out
    return impl2

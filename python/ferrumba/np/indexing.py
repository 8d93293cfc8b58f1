"""Advanced indexing of 1-D arrays by one array: a boolean mask (`a[a > 0]`, `a[mask] = 0`) or integer
indices (`a[idx]`, `a[idx] = v`), as ``@overload``s of ``operator.getitem`` / ``operator.setitem``, which
compiled code calls when an array is indexed with an array. Results are copies, as in NumPy."""

import operator

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload


def _is_1d(t):
    return isinstance(t, types.Array) and t.ndim == 1


def _is_mask(t):
    return _is_1d(t) and isinstance(t.dtype, types.Boolean)


def _is_indices(t):
    return _is_1d(t) and isinstance(t.dtype, types.Integer)


@overload(operator.getitem)
def _getitem(a, index):
    if not _is_1d(a):
        return None
    dt = np.dtype(str(a.dtype)).type
    if _is_mask(index):
        def by_mask(a, index):
            n = a.shape[0]
            if index.shape[0] != n:
                raise IndexError("boolean index did not match indexed array along dimension 0")
            count = 0
            for i in range(n):
                if index[i]:
                    count += 1
            out = np.empty(count, dt)
            k = 0
            for i in range(n):
                if index[i]:
                    out[k] = a[i]
                    k += 1
            return out
        return by_mask
    if _is_indices(index):
        def by_indices(a, index):
            n = a.shape[0]
            out = np.empty(index.shape[0], dt)
            for k in range(index.shape[0]):
                i = index[k]
                if i < 0:
                    i += n
                if i < 0 or i >= n:
                    raise IndexError("index is out of bounds")
                out[k] = a[i]
            return out
        return by_indices
    return None


@overload(operator.setitem)
def _setitem(a, index, value):
    if not _is_1d(a) or a.readonly:
        return None
    scalar = isinstance(value, (types.Number, types.Boolean))
    if _is_mask(index) and scalar:
        def mask_scalar(a, index, value):
            if index.shape[0] != a.shape[0]:
                raise IndexError("boolean index did not match indexed array along dimension 0")
            for i in range(a.shape[0]):
                if index[i]:
                    a[i] = value
        return mask_scalar
    if _is_mask(index) and _is_1d(value):
        def mask_array(a, index, value):
            if index.shape[0] != a.shape[0]:
                raise IndexError("boolean index did not match indexed array along dimension 0")
            k = 0
            for i in range(a.shape[0]):
                if index[i]:
                    if k >= value.shape[0]:
                        raise ValueError("NumPy boolean array indexing assignment cannot assign the values")
                    a[i] = value[k]
                    k += 1
            if k != value.shape[0] and value.shape[0] != 1:
                raise ValueError("NumPy boolean array indexing assignment cannot assign the values")
        return mask_array
    if _is_indices(index) and scalar:
        def indices_scalar(a, index, value):
            n = a.shape[0]
            for k in range(index.shape[0]):
                i = index[k]
                if i < 0:
                    i += n
                if i < 0 or i >= n:
                    raise IndexError("index is out of bounds")
                a[i] = value
        return indices_scalar
    return None

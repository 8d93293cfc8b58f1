"""Vector and matrix products with plain loops: ``np.dot`` (1-D·1-D, 2-D·2-D, 2-D·1-D, 1-D·2-D),
``np.vdot`` (1-D, conjugating the first argument), ``np.matmul`` (the same shapes) and ``np.outer``
(arguments flattened). Results have the dtype NumPy gives the two argument dtypes; mismatched shapes raise
``ValueError`` as in NumPy."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload
from ferrumba.np.helpers import ANY_NDIM, flat1d, is_array, result_type

_NUMERIC = (types.Integer, types.Float, types.Complex)


def _numeric_arrays(a, b, ndims=(1, 2)):
    return all(is_array(t, ndims) and isinstance(t.dtype, _NUMERIC) for t in (a, b))


def _products(name):
    def typer(a, b):
        if not _numeric_arrays(a, b):
            return None
        rt = result_type(a, b)
        if a.ndim == 1 and b.ndim == 1:
            def vv(a, b):
                n = a.shape[0]
                if b.shape[0] != n:
                    raise ValueError("shapes not aligned: dim 0 of the first argument != dim 0 of the second")
                s = rt(0)
                for i in range(n):
                    s = s + a[i] * b[i]
                return rt(s)
            return vv
        if a.ndim == 2 and b.ndim == 1:
            def mv(a, b):
                n, k = a.shape[0], a.shape[1]
                if b.shape[0] != k:
                    raise ValueError("shapes not aligned: dim 1 of the first argument != dim 0 of the second")
                out = np.empty(n, rt)
                for i in range(n):
                    s = rt(0)
                    for j in range(k):
                        s = s + a[i, j] * b[j]
                    out[i] = s
                return out
            return mv
        if a.ndim == 1 and b.ndim == 2:
            def vm(a, b):
                k, m = b.shape[0], b.shape[1]
                if a.shape[0] != k:
                    raise ValueError("shapes not aligned: dim 0 of the first argument != dim 0 of the second")
                out = np.zeros(m, rt)
                for j in range(k):
                    x = a[j]
                    for i in range(m):
                        out[i] = out[i] + x * b[j, i]
                return out
            return vm

        def mm(a, b):
            n, k, m = a.shape[0], a.shape[1], b.shape[1]
            if b.shape[0] != k:
                raise ValueError("shapes not aligned: dim 1 of the first argument != dim 0 of the second")
            out = np.zeros((n, m), rt)
            for i in range(n):
                for p in range(k):
                    x = a[i, p]
                    for j in range(m):
                        out[i, j] = out[i, j] + x * b[p, j]
            return out
        return mm
    return typer


overload(np.dot)(_products("dot"))
overload(np.matmul)(_products("matmul"))


@overload(np.vdot)
def _vdot_typer(a, b):
    if not _numeric_arrays(a, b, ANY_NDIM):
        return None
    rt = result_type(a, b)
    conj = isinstance(a.dtype, types.Complex)

    def impl(a, b):
        x = flat1d(a)
        y = flat1d(b)
        n = x.shape[0]
        if y.shape[0] != n:
            raise ValueError("cannot reshape array: vdot arguments must have the same size")
        s = rt(0)
        for i in range(n):
            if conj:
                s = s + x[i].conjugate() * y[i]
            else:
                s = s + x[i] * y[i]
        return rt(s)
    return impl


@overload(np.outer)
def _outer_typer(a, b):
    if not _numeric_arrays(a, b, ANY_NDIM):
        return None
    rt = result_type(a, b)

    def impl(a, b):
        x = flat1d(a)
        y = flat1d(b)
        out = np.empty((x.shape[0], y.shape[0]), rt)
        for i in range(x.shape[0]):
            for j in range(y.shape[0]):
                out[i, j] = x[i] * y[j]
        return out
    return impl

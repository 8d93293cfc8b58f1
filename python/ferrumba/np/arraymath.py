"""Reductions and copies over arrays: ``np.sum prod mean min max argmin argmax any all copy`` and the
array methods of the same names, plus ``fill``. Implementations loop over 1-, 2- and 3-dimensional
arrays of any layout."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method, register_jitable


def _array(a):
    return isinstance(a, types.Array) and 1 <= a.ndim <= 3


def _reducer(kernel_1d, kernel_2d, kernel_3d):
    """The implementation matching an array's dimension count."""
    def typer(a):
        if not _array(a):
            return None
        return {1: kernel_1d, 2: kernel_2d, 3: kernel_3d}[a.ndim]
    return typer


# sum -------------------------------------------------------------------------------------------------

@register_jitable
def _sum2(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s


@register_jitable
def _sum3(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += a[i, j, k]
    return s


@register_jitable
def _sum_1d(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s


_sum_all = _reducer(_sum_1d, _sum2, _sum3)


def _sum_typer(a, axis=None):
    if axis is None or isinstance(axis, types.NoneType):
        return _sum_all(a) if axis is None else _with_axis(_sum_all(a))
    if isinstance(a, types.Array) and a.ndim == 2 and isinstance(axis, types.Integer):
        dt = np.sum(np.zeros(1, dtype=str(a.dtype))).dtype.type

        def impl(a, axis):
            if axis == 0 or axis == -2:
                out = np.zeros(a.shape[1], dt)
                for i in range(a.shape[0]):
                    for j in range(a.shape[1]):
                        out[j] += a[i, j]
                return out
            if axis == 1 or axis == -1:
                out = np.zeros(a.shape[0], dt)
                for i in range(a.shape[0]):
                    for j in range(a.shape[1]):
                        out[i] += a[i, j]
                return out
            raise ValueError("axis is out of bounds for a 2-dimensional array")
        return impl
    if isinstance(a, types.Array) and a.ndim == 1 and isinstance(axis, types.Integer):
        def impl1(a, axis):
            if axis != 0 and axis != -1:
                raise ValueError("axis is out of bounds for a 1-dimensional array")
            return _sum_1d(a)
        return impl1
    return None


def _with_axis(kernel):
    """An implementation taking (and ignoring) ``axis=None``."""
    if kernel is None:
        return None

    def impl(a, axis):
        return kernel(a)
    return impl


overload(np.sum)(_sum_typer)
overload_method(types.Array, "sum")(_sum_typer)


# prod ------------------------------------------------------------------------------------------------

def _prod1(a):
    p = 1
    for i in range(a.shape[0]):
        p *= a[i]
    return p


def _prod2(a):
    p = 1
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            p *= a[i, j]
    return p


def _prod3(a):
    p = 1
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                p *= a[i, j, k]
    return p


_prod_typer = _reducer(_prod1, _prod2, _prod3)
overload(np.prod)(_prod_typer)
overload_method(types.Array, "prod")(_prod_typer)


# mean ------------------------------------------------------------------------------------------------

def _mean1(a):
    return _sum_1d(a) / a.size


def _mean2(a):
    return _sum2(a) / a.size


def _mean3(a):
    return _sum3(a) / a.size


# An empty array's mean is NaN, as in NumPy (which also warns).
_mean_typer = _reducer(_mean1, _mean2, _mean3)
overload(np.mean, jit_options={"error_model": "numpy"})(_mean_typer)
overload_method(types.Array, "mean", jit_options={"error_model": "numpy"})(_mean_typer)


# min / max / argmin / argmax (1-D; NaN propagates as in NumPy) -------------------------------------------

def _min1(a):
    if a.shape[0] == 0:
        raise ValueError("zero-size array to reduction operation minimum which has no identity")
    m = a[0]
    for i in range(1, a.shape[0]):
        x = a[i]
        if x < m or x != x:
            m = x
            if x != x:
                return m
    return m


def _max1(a):
    if a.shape[0] == 0:
        raise ValueError("zero-size array to reduction operation maximum which has no identity")
    m = a[0]
    if m != m:
        return m
    for i in range(1, a.shape[0]):
        x = a[i]
        if x > m or x != x:
            m = x
            if x != x:
                return m
    return m


def _argmin1(a):
    if a.shape[0] == 0:
        raise ValueError("attempt to get argmin of an empty sequence")
    best = 0
    m = a[0]
    if m != m:
        return 0
    for i in range(1, a.shape[0]):
        x = a[i]
        if x != x:
            return i
        if x < m:
            m = x
            best = i
    return best


def _argmax1(a):
    if a.shape[0] == 0:
        raise ValueError("attempt to get argmax of an empty sequence")
    best = 0
    m = a[0]
    if m != m:
        return 0
    for i in range(1, a.shape[0]):
        x = a[i]
        if x != x:
            return i
        if x > m:
            m = x
            best = i
    return best


def _one_dimensional(kernel):
    def typer(a):
        if isinstance(a, types.Array) and a.ndim == 1 and not isinstance(a.dtype, types.Complex):
            return kernel
        return None
    return typer


for _name, _kernel, _funcs in (
    ("min", _min1, (np.min, np.amin)),
    ("max", _max1, (np.max, np.amax)),
    ("argmin", _argmin1, (np.argmin,)),
    ("argmax", _argmax1, (np.argmax,)),
):
    for _f in _funcs:
        overload(_f)(_one_dimensional(_kernel))
    overload_method(types.Array, _name)(_one_dimensional(_kernel))


# any / all -------------------------------------------------------------------------------------------

def _any1(a):
    for i in range(a.shape[0]):
        if a[i]:
            return True
    return False


def _all1(a):
    for i in range(a.shape[0]):
        if not a[i]:
            return False
    return True


for _name, _kernel, _f in (("any", _any1, np.any), ("all", _all1, np.all)):
    overload(_f)(_one_dimensional(_kernel))
    overload_method(types.Array, _name)(_one_dimensional(_kernel))


# copy / fill -----------------------------------------------------------------------------------------

def _copy1(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i]
    return out


def _copy2(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j]
    return out


def _copy3(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                out[i, j, k] = a[i, j, k]
    return out


_copy_typer = _reducer(_copy1, _copy2, _copy3)
overload(np.copy)(_copy_typer)
overload_method(types.Array, "copy")(_copy_typer)


def _fill1(a, value):
    for i in range(a.shape[0]):
        a[i] = value


def _fill2(a, value):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = value


@overload_method(types.Array, "fill")
def _fill_typer(a, value):
    if isinstance(a, types.Array) and a.ndim in (1, 2) and isinstance(value, (types.Number, types.Boolean)):
        return _fill1 if a.ndim == 1 else _fill2
    return None

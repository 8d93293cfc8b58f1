"""Reductions over arrays of any ndim and layout: ``np.sum prod mean min max amin amax argmin argmax any
all`` and the array methods of the same names, over the whole array (flattened in C order) or with
``axis=`` (an integer, negative counting from the end, or ``None``). Result dtypes follow NumPy: sums and
products of small integers and bools widen to (u)int64, means of integers are float64, arg-reductions are
int64. Each reduction is a 1-D kernel ``kernel(v, arg)``; ``axes.along_axis`` applies it per lane."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method, register_jitable
from ferrumba.np.axes import along_axis
from ferrumba.np.helpers import ANY_NDIM, flat1d, is_array, sum_type

_kernels = {}


def kernel_for(name, maker, dtype, **jit_options):
    """The compiled-callable 1-D kernel ``maker(dtype)`` makes, one per (name, dtype)."""
    key = (name, str(dtype))
    hit = _kernels.get(key)
    if hit is None:
        hit = register_jitable(**jit_options)(maker(dtype))
        _kernels[key] = hit
    return hit


def reduction_typer(name, maker, numpy_fn, accepts, jit_options=None):
    """The typer of a reduction ``f(a, axis=None)``: the kernel over ``flat1d(a)``, or along an axis."""
    jit_options = jit_options or {}

    def typer(a, axis=None):
        if not (is_array(a, ANY_NDIM) and accepts(a.dtype)):
            return None
        kernel = kernel_for(name, maker, a.dtype, **jit_options)
        if axis is None or isinstance(axis, types.NoneType):
            def whole(a, axis=None):
                return kernel(flat1d(a), 0)
            return whole
        if not isinstance(axis, (types.Integer, types.Boolean)):
            return None
        dt = numpy_fn(np.ones((1, 1), str(a.dtype)), axis=0).dtype.type
        reduce = along_axis(kernel, dt, a.ndim)

        def impl(a, axis=None):
            return reduce(a, axis, 0)
        return impl
    return typer


def register(name, maker, numpy_fns, accepts, jit_options=None):
    """Register ``np.<f>(a, axis=None)`` for each of ``numpy_fns`` and the method ``a.<name>(axis=None)``."""
    typer = reduction_typer(name, maker, numpy_fns[0], accepts, jit_options)
    for fn in numpy_fns:
        overload(fn, jit_options=jit_options)(typer)
    overload_method(types.Array, name, jit_options=jit_options)(typer)


def _numeric(dt):
    return isinstance(dt, (types.Integer, types.Float, types.Complex, types.Boolean))


def _ordered(dt):
    return isinstance(dt, (types.Integer, types.Float, types.Boolean))


# sum / prod / mean -----------------------------------------------------------------------------------

def _sum_kernel(dtype):
    acc = sum_type(dtype)

    def sum_kernel(v, arg):
        s = acc(0)
        for i in range(v.shape[0]):
            s += v[i]
        return s
    return sum_kernel


def _prod_kernel(dtype):
    acc = sum_type(dtype)

    def prod_kernel(v, arg):
        p = acc(1)
        for i in range(v.shape[0]):
            p *= v[i]
        return p
    return prod_kernel


def _mean_kernel(dtype):
    # Integers and bools are summed in float64 (NumPy's accumulator for them); an empty mean is NaN.
    acc = sum_type(dtype) if isinstance(dtype, (types.Float, types.Complex)) else np.float64
    rt = np.mean(np.ones(1, str(dtype))).dtype.type

    def mean_kernel(v, arg):
        s = acc(0)
        for i in range(v.shape[0]):
            s += v[i]
        return rt(s / v.shape[0])
    return mean_kernel


register("sum", _sum_kernel, (np.sum,), _numeric)
register("prod", _prod_kernel, (np.prod,), _numeric)
register("mean", _mean_kernel, (np.mean,), _numeric, {"error_model": "numpy"})


# min / max / argmin / argmax (NaN propagates as in NumPy) ----------------------------------------------

def _min_kernel(dtype):
    def min_kernel(v, arg):
        if v.shape[0] == 0:
            raise ValueError("zero-size array to reduction operation minimum which has no identity")
        m = v[0]
        if m != m:
            return m
        for i in range(1, v.shape[0]):
            x = v[i]
            if x < m or x != x:
                m = x
                if x != x:
                    return m
        return m
    return min_kernel


def _max_kernel(dtype):
    def max_kernel(v, arg):
        if v.shape[0] == 0:
            raise ValueError("zero-size array to reduction operation maximum which has no identity")
        m = v[0]
        if m != m:
            return m
        for i in range(1, v.shape[0]):
            x = v[i]
            if x > m or x != x:
                m = x
                if x != x:
                    return m
        return m
    return max_kernel


def _argmin_kernel(dtype):
    def argmin_kernel(v, arg):
        if v.shape[0] == 0:
            raise ValueError("attempt to get argmin of an empty sequence")
        best = 0
        m = v[0]
        if m != m:
            return 0
        for i in range(1, v.shape[0]):
            x = v[i]
            if x != x:
                return i
            if x < m:
                m = x
                best = i
        return best
    return argmin_kernel


def _argmax_kernel(dtype):
    def argmax_kernel(v, arg):
        if v.shape[0] == 0:
            raise ValueError("attempt to get argmax of an empty sequence")
        best = 0
        m = v[0]
        if m != m:
            return 0
        for i in range(1, v.shape[0]):
            x = v[i]
            if x != x:
                return i
            if x > m:
                m = x
                best = i
        return best
    return argmax_kernel


register("min", _min_kernel, (np.min, np.amin), _ordered)
register("max", _max_kernel, (np.max, np.amax), _ordered)
register("argmin", _argmin_kernel, (np.argmin,), _ordered)
register("argmax", _argmax_kernel, (np.argmax,), _ordered)


# any / all -------------------------------------------------------------------------------------------

def _any_kernel(dtype):
    def any_kernel(v, arg):
        for i in range(v.shape[0]):
            if v[i]:
                return True
        return False
    return any_kernel


def _all_kernel(dtype):
    def all_kernel(v, arg):
        for i in range(v.shape[0]):
            if not v[i]:
                return False
        return True
    return all_kernel


register("any", _any_kernel, (np.any,), _numeric)
register("all", _all_kernel, (np.all,), _numeric)

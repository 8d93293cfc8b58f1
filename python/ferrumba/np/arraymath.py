"""Reductions over arrays of any ndim and layout: ``np.sum prod mean min max amin amax argmin argmax any
all`` and the array methods of the same names, over the whole array (flattened in C order) or with
``axis=`` (an integer, negative counting from the end, or ``None``). Result dtypes follow NumPy: sums and
products of small integers and bools widen to (u)int64 (``dtype=`` picks the accumulator of ``sum`` and
``prod``), means of integers are float64, arg-reductions are int64. Each reduction is a 1-D kernel ``kernel(v, arg)``; ``axes.along_axis`` applies it per lane."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method, register_jitable
from ferrumba.np.axes import along_axis
from ferrumba.np.helpers import ANY_NDIM, flat1d, flat_any_order, is_array, is_nan, numpy_dtype_arg, sum_type

_kernels = {}


def kernel_for(name, maker, dtype, acc=None, **jit_options):
    """The compiled-callable 1-D kernel ``maker(dtype)`` (``maker(dtype, acc)`` with an accumulator type)
    makes, one per (name, dtype, acc)."""
    key = (name, str(dtype), acc)
    hit = _kernels.get(key)
    if hit is None:
        hit = register_jitable(**jit_options)(maker(dtype) if acc is None else maker(dtype, acc))
        _kernels[key] = hit
    return hit


def _no_axis(axis):
    return axis is None or isinstance(axis, types.NoneType)


def reduction_typer(name, maker, numpy_fn, accepts, jit_options=None, in_order=False, with_dtype=False):
    """The typer of a reduction ``f(a, axis=None)`` (``f(a, axis=None, dtype=None)`` ``with_dtype``): the
    kernel over all elements (in C order when ``in_order``, else in memory order when that needs no copy),
    or along an axis."""
    jit_options = jit_options or {}
    flatten = flat1d if in_order else flat_any_order

    def typer(a, axis=None, dtype=None):
        if not (is_array(a, ANY_NDIM) and accepts(a.dtype)):
            return None
        acc = None
        if dtype is not None and not isinstance(dtype, types.NoneType):
            acc = numpy_dtype_arg(dtype) if with_dtype else None
            if acc is None or (isinstance(a.dtype, types.Complex) and not issubclass(acc, np.complexfloating)):
                return None
        kernel = kernel_for(name, maker, a.dtype, acc, **jit_options)
        if _no_axis(axis):
            def whole(a, axis=None, dtype=None):
                return kernel(flatten(a), 0)
            return whole
        if not isinstance(axis, types.Integer):
            return None
        sample = np.ones((1, 1), str(a.dtype))
        dt = (numpy_fn(sample, axis=0) if acc is None else numpy_fn(sample, axis=0, dtype=acc)).dtype.type
        reduce = along_axis(kernel, dt, a.ndim)

        def impl(a, axis=None, dtype=None):
            return reduce(a, axis, 0)
        return impl
    return typer


def register(name, maker, numpy_fns, accepts, jit_options=None, in_order=False, with_dtype=False):
    """Register ``np.<f>(a, axis=None)`` for each of ``numpy_fns`` and the method ``a.<name>(axis=None)``."""
    full = reduction_typer(name, maker, numpy_fns[0], accepts, jit_options, in_order, with_dtype)
    if with_dtype:
        typer = full
    else:
        def typer(a, axis=None):
            return full(a, axis)
    for fn in numpy_fns:
        overload(fn, jit_options=jit_options)(typer)
    overload_method(types.Array, name, jit_options=jit_options)(typer)


def _numeric(dt):
    return isinstance(dt, (types.Integer, types.Float, types.Complex, types.Boolean))


# sum / prod / mean -----------------------------------------------------------------------------------

def _sum_kernel(dtype, acc=None):
    if acc is not None:
        # An explicit dtype: every element and partial sum is cast to it, as NumPy does.
        def sum_as(v, arg):
            s = acc(0)
            for i in range(v.shape[0]):
                s = acc(s + acc(v[i]))
            return s
        return sum_as
    acc = sum_type(dtype)

    def sum_kernel(v, arg):
        s = acc(0)
        for i in range(v.shape[0]):
            s += v[i]
        return s
    return sum_kernel


def _prod_kernel(dtype, acc=None):
    if acc is not None:
        def prod_as(v, arg):
            p = acc(1)
            for i in range(v.shape[0]):
                p = acc(p * acc(v[i]))
            return p
        return prod_as
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


register("sum", _sum_kernel, (np.sum,), _numeric, with_dtype=True)
register("prod", _prod_kernel, (np.prod,), _numeric, with_dtype=True)
register("mean", _mean_kernel, (np.mean,), _numeric, {"error_model": "numpy"})


# min / max / argmin / argmax (NaN propagates; complex numbers in lexicographic order, as in NumPy) ----------------------------------------------

def less(x, y):
    """``x < y`` for real numbers; complex numbers compare lexicographically (real part first), as NumPy's
    ``minimum``/``maximum`` order them. NaNs are tested separately (``is_nan``)."""
    return x < y


@overload(less)
def _less_typer(x, y):
    if isinstance(x, types.Complex) or isinstance(y, types.Complex):
        def lexicographic(x, y):
            return x.real < y.real or (x.real == y.real and x.imag < y.imag)
        return lexicographic

    def real(x, y):
        return x < y
    return real


# The kernels for real numbers spell the comparisons out: compiled helpers are not inlined, and a call per
# element would halve the speed. Complex numbers use ``is_nan`` and ``less``.

def _extreme_kernel(maximum):
    """min (or max) of a 1-D array: NaN propagates (the first one), an empty array raises."""
    def maker(dtype):
        if isinstance(dtype, types.Complex):
            return _complex_max_kernel if maximum else _complex_min_kernel
        if maximum:
            def max_kernel(v, arg):
                if v.shape[0] == 0:
                    raise ValueError("zero-size array to reduction operation maximum which has no identity")
                m = v[0]
                if m != m:
                    return m
                for i in range(1, v.shape[0]):
                    x = v[i]
                    if x != x:
                        return x
                    if x > m:
                        m = x
                return m
            return max_kernel

        def min_kernel(v, arg):
            if v.shape[0] == 0:
                raise ValueError("zero-size array to reduction operation minimum which has no identity")
            m = v[0]
            if m != m:
                return m
            for i in range(1, v.shape[0]):
                x = v[i]
                if x != x:
                    return x
                if x < m:
                    m = x
            return m
        return min_kernel
    return maker


def _complex_min_kernel(v, arg):
    if v.shape[0] == 0:
        raise ValueError("zero-size array to reduction operation minimum which has no identity")
    m = v[0]
    if is_nan(m):
        return m
    for i in range(1, v.shape[0]):
        x = v[i]
        if is_nan(x):
            return x
        if less(x, m):
            m = x
    return m


def _complex_max_kernel(v, arg):
    if v.shape[0] == 0:
        raise ValueError("zero-size array to reduction operation maximum which has no identity")
    m = v[0]
    if is_nan(m):
        return m
    for i in range(1, v.shape[0]):
        x = v[i]
        if is_nan(x):
            return x
        if less(m, x):
            m = x
    return m


def _arg_extreme_kernel(maximum):
    """argmin (or argmax) of a 1-D array: the first NaN's index if there is one, an empty array raises."""
    def maker(dtype):
        if isinstance(dtype, types.Complex):
            return _complex_argmax_kernel if maximum else _complex_argmin_kernel
        if maximum:
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
    return maker


def _complex_argmin_kernel(v, arg):
    if v.shape[0] == 0:
        raise ValueError("attempt to get argmin of an empty sequence")
    best = 0
    m = v[0]
    if is_nan(m):
        return 0
    for i in range(1, v.shape[0]):
        x = v[i]
        if is_nan(x):
            return i
        if less(x, m):
            m = x
            best = i
    return best


def _complex_argmax_kernel(v, arg):
    if v.shape[0] == 0:
        raise ValueError("attempt to get argmax of an empty sequence")
    best = 0
    m = v[0]
    if is_nan(m):
        return 0
    for i in range(1, v.shape[0]):
        x = v[i]
        if is_nan(x):
            return i
        if less(m, x):
            m = x
            best = i
    return best


register("min", _extreme_kernel(False), (np.min, np.amin), _numeric)
register("max", _extreme_kernel(True), (np.max, np.amax), _numeric)
register("argmin", _arg_extreme_kernel(False), (np.argmin,), _numeric, in_order=True)
register("argmax", _arg_extreme_kernel(True), (np.argmax,), _numeric, in_order=True)


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

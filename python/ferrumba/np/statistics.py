"""Statistics: ``np.var`` and ``np.std`` (and the methods; with ``ddof`` and ``axis=``), and over whole
arrays (n-D arrays are flattened):
``np.nansum nanmean nanmin nanmax`` (NaNs ignored) and ``np.histogram(a, bins=int)`` returning
``(counts, edges)`` with NumPy's bin edges and edge rules."""

import math

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method
from ferrumba.np.arraymath import kernel_for
from ferrumba.np.axes import along_axis
from ferrumba.np.helpers import ANY_NDIM, flat1d, flat_any_order, is_array, is_nan, sum_type

_NUMERIC = (types.Integer, types.Float, types.Complex, types.Boolean)


def _numeric(a):
    return is_array(a, ANY_NDIM) and isinstance(a.dtype, _NUMERIC)


# var / std -------------------------------------------------------------------------------------------

def _moment_kernel(root):
    def maker(dtype):
        complex_ = isinstance(dtype, types.Complex)
        acc = sum_type(dtype) if complex_ else np.float64
        rt = np.var(np.ones(1, str(dtype))).dtype.type

        def moment_kernel(b, ddof):
            n = b.shape[0]
            s = acc(0)
            for i in range(n):
                s += b[i]
            m = s / n
            total = 0.0
            for i in range(n):
                d = b[i] - m
                if complex_:
                    total += d.real * d.real + d.imag * d.imag
                else:
                    total += d * d
            v = total / max(n - ddof, 0)
            if root:
                return rt(math.sqrt(v))
            return rt(v)
        return moment_kernel
    return maker


def _moment(name, root):
    # NumPy's order is (a, axis, dtype, out, ddof): ddof is given by keyword; dtype must be left out.
    def typer(a, axis=None, dtype=None, ddof=None):
        if not _numeric(a) or not (ddof is None or isinstance(ddof, (types.Integer, types.Float))):
            return None
        if dtype is not None and not isinstance(dtype, types.NoneType):
            return None
        kernel = kernel_for(name, _moment_kernel(root), a.dtype, error_model="numpy")
        if axis is None or isinstance(axis, types.NoneType):
            def whole(a, axis=None, dtype=None, ddof=0):
                return kernel(flat_any_order(a), ddof)
            return whole
        if not isinstance(axis, types.Integer):
            return None
        dt = np.var(np.ones((1, 1), str(a.dtype)), axis=0).dtype.type
        reduce = along_axis(kernel, dt, a.ndim)

        def impl(a, axis=None, dtype=None, ddof=0):
            return reduce(a, axis, ddof)
        return impl
    return typer


for _name, _root, _fn in (("var", False, np.var), ("std", True, np.std)):
    overload(_fn, jit_options={"error_model": "numpy"})(_moment(_name, _root))
    overload_method(types.Array, _name, jit_options={"error_model": "numpy"})(_moment(_name, _root))


# nansum / nanmean / nanmin / nanmax -----------------------------------------------------------------

@overload(np.nansum)
def _nansum_typer(a):
    if not _numeric(a):
        return None
    acc = sum_type(a.dtype)

    def impl(a):
        b = flat1d(a)
        s = acc(0)
        for i in range(b.shape[0]):
            if not is_nan(b[i]):
                s = s + b[i]
        return s
    return impl


@overload(np.nanmean, jit_options={"error_model": "numpy"})
def _nanmean_typer(a):
    if not _numeric(a) or isinstance(a.dtype, types.Boolean):
        return None
    acc = sum_type(a.dtype)

    def impl(a):
        b = flat1d(a)
        s = acc(0)
        count = 0
        for i in range(b.shape[0]):
            if not is_nan(b[i]):
                s = s + b[i]
                count += 1
        return s / count
    return impl


def _nan_extreme(maximum):
    def typer(a):
        if not _numeric(a) or isinstance(a.dtype, types.Complex):
            return None

        def impl(a):
            b = flat1d(a)
            n = b.shape[0]
            if n == 0:
                raise ValueError("zero-size array to reduction operation which has no identity")
            m = b[0]
            found = False
            for i in range(n):
                x = b[i]
                if x == x:
                    if not found or (x > m if maximum else x < m):
                        m = x
                        found = True
            if not found:
                return b[0]   # all NaN: NaN, as NumPy (which also warns)
            return m
        return impl
    return typer


overload(np.nanmin)(_nan_extreme(False))
overload(np.nanmax)(_nan_extreme(True))


# histogram -------------------------------------------------------------------------------------------

@overload(np.histogram)
def _histogram_typer(a, bins=None):
    if not _numeric(a) or isinstance(a.dtype, types.Complex) or not (bins is None or isinstance(bins, types.Integer)):
        return None
    et = np.float32 if str(a.dtype) == "float32" else np.float64

    def impl(a, bins=10):
        if bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        b = flat1d(a)
        n = b.shape[0]
        first = 0.0
        last = 1.0
        if n > 0:
            first = b[0] * 1.0
            last = b[0] * 1.0
            for i in range(n):
                x = b[i] * 1.0
                if x != x:
                    raise ValueError("autodetected range of [nan, nan] is not finite")
                if x < first:
                    first = x
                if x > last:
                    last = x
            if not (math.isfinite(first) and math.isfinite(last)):
                raise ValueError("autodetected range is not finite")
        if first == last:
            first = first - 0.5
            last = last + 0.5
        first = et(first) * 1.0
        last = et(last) * 1.0
        edges = np.empty(bins + 1, et)
        step = (last - first) / bins
        for i in range(bins + 1):
            edges[i] = i * step + first
        edges[bins] = last
        counts = np.zeros(bins, np.int64)
        norm = bins / (last - first)
        for i in range(n):
            x = b[i] * 1.0
            if x < first or x > last:
                continue
            k = int((x - first) * norm)
            if k >= bins:
                k = bins - 1
            if x < edges[k]:
                k -= 1
            elif k + 1 < bins and x >= edges[k + 1]:
                k += 1
            counts[k] += 1
        return counts, edges
    return impl

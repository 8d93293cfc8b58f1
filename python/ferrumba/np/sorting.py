"""Sorting and searching: ``np.sort`` and ``np.argsort`` (stable; any ndim, along ``axis=-1`` or any
axis, ``np.sort(a, axis=None)`` flattened), ``a.sort()`` in place (along the last axis),
``np.searchsorted`` (side='left'), ``np.unique`` (any ndim, sorted, NaNs collapsed) and ``np.median``
(any ndim, ``axis=``). One stable bottom-up merge sort (insertion-sorted runs of 16) serves the sorts;
NaNs sort last and complex numbers lexicographically, as in NumPy. The median selects (Hoare's
``select_kth``) in a copy instead of sorting it."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method, register_jitable
from ferrumba.np.arraymath import kernel_for
from ferrumba.np.axes import along_axis, axis_checker
from ferrumba.np.helpers import ANY_NDIM, copy_flat, flat1d, flat_any_order, is_array, is_nan, np_type

_SORTABLE = (types.Integer, types.Float, types.Complex, types.Boolean)


def lt(x, y):
    """NumPy's sort order: ``x < y`` with NaN greater than everything."""
    return x < y or (y != y and x == x)


@overload(lt)
def _lt_typer(x, y):
    if isinstance(x, types.Complex) or isinstance(y, types.Complex):
        def c(x, y):
            xn = x.real != x.real or x.imag != x.imag
            yn = y.real != y.real or y.imag != y.imag
            if xn or yn:
                return yn and not xn
            return x.real < y.real or (x.real == y.real and x.imag < y.imag)
        return c
    if isinstance(x, types.Float) or isinstance(y, types.Float):
        def f(x, y):
            return x < y or (y != y and x == x)
        return f

    def i(x, y):
        return x < y
    return i


@register_jitable
def _argsort_into(v, idx):
    """Fill ``idx`` (int64, length n) with the stable sorting permutation of the 1-D array ``v``."""
    n = v.shape[0]
    for i in range(n):
        idx[i] = i
    run = 16
    start = 0
    while start < n:
        stop = min(start + run, n)
        for i in range(start + 1, stop):
            k = idx[i]
            j = i - 1
            while j >= start and lt(v[k], v[idx[j]]):
                idx[j + 1] = idx[j]
                j -= 1
            idx[j + 1] = k
        start = stop
    tmp = np.empty(n, np.int64)
    src = idx
    dst = tmp
    width = run
    swapped = False
    while width < n:
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i = lo
            j = mid
            k = lo
            while i < mid and j < hi:
                if lt(v[src[j]], v[src[i]]):
                    dst[k] = src[j]
                    j += 1
                else:
                    dst[k] = src[i]
                    i += 1
                k += 1
            while i < mid:
                dst[k] = src[i]
                i += 1
                k += 1
            while j < hi:
                dst[k] = src[j]
                j += 1
                k += 1
            lo = hi
        src, dst = dst, src
        swapped = not swapped
        width *= 2
    if swapped:
        for i in range(n):
            idx[i] = src[i]


def _sort_inplace(v):
    """Sort the 1-D array ``v`` in place (NaNs last)."""
    v.sort()


@overload(_sort_inplace)
def _sort_inplace_typer(v):
    if not _sortable(v):
        return None
    if isinstance(v.dtype, types.Complex):
        def by_permutation(v):
            n = v.shape[0]
            idx = np.empty(n, np.int64)
            _argsort_into(v, idx)
            vals = np.empty_like(v)
            for i in range(n):
                vals[i] = v[idx[i]]
            for i in range(n):
                v[i] = vals[i]
        return by_permutation
    dt = np_type(v.dtype)

    # Real numbers: a merge sort of the values themselves, the comparison spelled out (NaN greater than
    # everything; always false for integers) since a call per comparison would double the time.
    def values(v):
        n = v.shape[0]
        src = np.empty(n, dt)
        for i in range(n):
            src[i] = v[i]
        run = 16
        start = 0
        while start < n:
            stop = min(start + run, n)
            for i in range(start + 1, stop):
                x = src[i]
                j = i - 1
                while j >= start and (x < src[j] or (src[j] != src[j] and x == x)):
                    src[j + 1] = src[j]
                    j -= 1
                src[j + 1] = x
            start = stop
        dst = np.empty(n, dt)
        width = run
        while width < n:
            lo = 0
            while lo < n:
                mid = min(lo + width, n)
                hi = min(lo + 2 * width, n)
                i = lo
                j = mid
                k = lo
                while i < mid and j < hi:
                    x = src[i]
                    y = src[j]
                    if y < x or (x != x and y == y):
                        dst[k] = y
                        j += 1
                    else:
                        dst[k] = x
                        i += 1
                    k += 1
                while i < mid:
                    dst[k] = src[i]
                    i += 1
                    k += 1
                while j < hi:
                    dst[k] = src[j]
                    j += 1
                    k += 1
                lo = hi
            src, dst = dst, src
            width *= 2
        for i in range(n):
            v[i] = src[i]
    return values


def _sortable(a, ndims=(1,)):
    return is_array(a, ndims) and isinstance(a.dtype, _SORTABLE)


@register_jitable
def _lane_geometry(shape, k):
    """(lanes, step, inner) of the lanes along axis ``k`` of a C array of ``shape`` (see ``np.axes``)."""
    length = shape[k]
    inner = 1
    for d in range(k + 1, len(shape)):
        inner *= shape[d]
    size = length * inner
    outer = 1
    for d in range(k):
        outer *= shape[d]
    return (outer * inner if length > 0 else 0), size, inner


@overload(np.sort)
def _sort_typer(a, axis=None):
    if not _sortable(a, ANY_NDIM) or not (axis is None or isinstance(axis, (types.Integer, types.NoneType))):
        return None
    dt = np_type(a.dtype)
    if isinstance(axis, types.NoneType):
        def flat(a, axis=-1):
            out = np.empty(a.size, dt)
            copy_flat(out, a, 0)
            _sort_inplace(out)
            return out
        return flat
    check = axis_checker(a.ndim)

    def impl(a, axis=-1):
        k = check(axis)
        out = np.empty(a.shape, dt)
        o = out.ravel()
        copy_flat(o, a, 0)
        lanes, step, inner = _lane_geometry(a.shape, k)
        for j in range(lanes):
            start = (j // inner) * step + j % inner
            _sort_inplace(o[start:start + step:inner])
        return out
    return impl


@overload_method(types.Array, "sort")
def _sort_method_typer(a):
    if not _sortable(a, ANY_NDIM) or not a.mutable:
        return None
    if a.ndim == 1:
        def impl(a):
            _sort_inplace(a)
        return impl

    def rows(a):
        # Along the last axis, as NumPy: each leading index holds independent rows.
        for i in range(a.shape[0]):
            a[i].sort()
    return rows


def _argsort_typer(a, axis=None):
    if not _sortable(a, ANY_NDIM) or not (axis is None or isinstance(axis, types.Integer)):
        return None
    if a.ndim == 1 and axis is None:
        def one(a, axis=-1):
            idx = np.empty(a.shape[0], np.int64)
            _argsort_into(a, idx)
            return idx
        return one
    check = axis_checker(a.ndim)

    def impl(a, axis=-1):
        k = check(axis)
        out = np.empty(a.shape, np.int64)
        o = out.ravel()
        b = flat1d(a)
        lanes, step, inner = _lane_geometry(a.shape, k)
        lane = np.empty(a.shape[k], np.int64)
        for j in range(lanes):
            start = (j // inner) * step + j % inner
            _argsort_into(b[start:start + step:inner], lane)
            for t in range(lane.shape[0]):
                o[start + t * inner] = lane[t]
        return out
    return impl


overload(np.argsort)(_argsort_typer)
overload_method(types.Array, "argsort")(_argsort_typer)


@register_jitable
def _search_left(a, x):
    lo = 0
    hi = a.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if lt(a[mid], x):
            lo = mid + 1
        else:
            hi = mid
    return lo


@overload(np.searchsorted)
def _searchsorted_typer(a, v):
    if not _sortable(a):
        return None
    if isinstance(v, _SORTABLE):
        def scalar(a, v):
            return _search_left(a, v)
        return scalar
    if not _sortable(v, (1, 2, 3)):
        return None
    if v.ndim != 1:
        return None

    def array(a, v):
        out = np.empty(v.shape[0], np.int64)
        for i in range(v.shape[0]):
            out[i] = _search_left(a, v[i])
        return out
    return array


@overload(np.unique)
def _unique_typer(ar):
    if not _sortable(ar, ANY_NDIM):
        return None
    dt = np_type(ar.dtype)

    def impl(ar):
        b = flat1d(ar)
        n = b.shape[0]
        s = np.empty(n, dt)
        for i in range(n):
            s[i] = b[i]
        _sort_inplace(s)
        count = 0
        for i in range(n):
            if i == 0 or not (s[i] == s[i - 1] or (is_nan(s[i]) and is_nan(s[i - 1]))):
                s[count] = s[i]
                count += 1
        out = np.empty(count, dt)
        for i in range(count):
            out[i] = s[i]
        return out
    return impl


@register_jitable
def select_kth(s, k):
    """Reorder the NaN-free 1-D ``s`` so that ``s[k]`` is its k-th smallest value, everything before it
    is no greater and everything after no smaller (Hoare's selection, median-of-three pivots)."""
    lo = 0
    hi = s.shape[0] - 1
    while hi > lo:
        x = s[lo]
        y = s[(lo + hi) // 2]
        z = s[hi]
        pivot = y
        if (x <= y) == (y <= z):
            pivot = y
        elif (y <= x) == (x <= z):
            pivot = x
        else:
            pivot = z
        i = lo
        j = hi
        while i <= j:
            while s[i] < pivot:
                i += 1
            while s[j] > pivot:
                j -= 1
            if i <= j:
                t = s[i]
                s[i] = s[j]
                s[j] = t
                i += 1
                j -= 1
        if k <= j:
            hi = j
        elif k >= i:
            lo = i
        else:
            return


def _median_kernel(dtype):
    # Selection, not sorting: O(n) on average. Any NaN makes the median NaN, as in NumPy.
    ft = np.float32 if str(dtype) == "float32" else np.float64

    def median_kernel(b, arg):
        n = b.shape[0]
        if n == 0:
            return ft(np.nan)
        s = np.empty(n, ft)
        for i in range(n):
            x = ft(b[i])
            if x != x:
                return x
            s[i] = x
        k = n // 2
        select_kth(s, k)
        upper = s[k]
        if n % 2 == 1:
            return upper
        lower = s[0]
        for i in range(1, k):
            if s[i] > lower:
                lower = s[i]
        return ft((lower + upper) / 2)
    return median_kernel


@overload(np.median, jit_options={"error_model": "numpy"})
def _median_typer(a, axis=None):
    if not _sortable(a, ANY_NDIM) or isinstance(a.dtype, types.Complex):
        return None
    kernel = kernel_for("median", _median_kernel, a.dtype, error_model="numpy")
    if axis is None or isinstance(axis, types.NoneType):
        def whole(a, axis=None):
            return kernel(flat_any_order(a), 0)
        return whole
    if not isinstance(axis, types.Integer):
        return None
    reduce = along_axis(kernel, np.float32 if str(a.dtype) == "float32" else np.float64, a.ndim)

    def impl(a, axis=None):
        return reduce(a, axis, 0)
    return impl

"""The ``axis=`` machinery shared by the reductions: ``axis_checker(ndim)`` (a compiled-callable function
normalizing an axis, raising NumPy's ``AxisError`` with NumPy's message) and ``along_axis`` (a
compiled-callable function applying a 1-D kernel to every lane of an n-D array along one axis).

A lane is a strided 1-D view of the array's C-order elements: for shape ``s`` and axis ``k`` there are
``prod(s[:k]) * prod(s[k+1:])`` lanes of ``s[k]`` elements, ``prod(s[k+1:])`` apart. The kernels are the
whole-array 1-D kernels, so a reduction along an axis computes exactly what it computes on a 1-D array."""

import linecache

import numpy as np

from ferrumba.extending import register_jitable
from ferrumba.np.helpers import drop_axis, flat1d

try:
    from numpy.exceptions import AxisError
except ImportError:  # NumPy < 1.25
    AxisError = np.AxisError

# Out-of-range axes within this distance of the valid range get NumPy's exact message (compiled code
# raises constant messages only); farther ones get the message without the axis value.
_EXACT_SPAN = 16
_checkers = {}


def axis_checker(ndim):
    """``check(axis) -> int``, callable from compiled code: ``axis`` normalized into ``[0, ndim)``, or
    ``AxisError`` (a ValueError and IndexError) as NumPy raises it. Generated once per ``ndim``."""
    hit = _checkers.get(ndim)
    if hit is not None:
        return hit
    name = "check_axis_%d" % ndim
    lines = ["def %s(axis):" % name,
             "    if axis >= -%d and axis < %d:" % (ndim, ndim),
             "        return axis + %d if axis < 0 else axis" % ndim]
    for bad in list(range(-ndim - _EXACT_SPAN, -ndim)) + list(range(ndim, ndim + _EXACT_SPAN)):
        lines.append("    if axis == %d:" % bad)
        lines.append('        raise AxisError("axis %d is out of bounds for array of dimension %d")' % (bad, ndim))
    lines.append('    raise AxisError("axis is out of bounds for array of dimension %d")' % ndim)
    source = "\n".join(lines) + "\n"
    # Compiled code is compiled from source: register the generated text where the host looks for it.
    filename = "<ferrumba.np.axes:%s>" % name
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"AxisError": AxisError}
    exec(compile(source, filename, "exec"), namespace)
    fn = register_jitable(namespace[name])
    _checkers[ndim] = fn
    return fn


_lane_reducers = {}


def along_axis(kernel, dt, ndim):
    """``reduce(a, axis, arg)``, callable from compiled code: ``kernel(lane, arg)`` (a scalar stored as
    NumPy type ``dt``) for every lane of an ``ndim``-D array along ``axis``, in an array of the other
    dimensions; for 1-D arrays, ``kernel(a, arg)`` itself. ``arg`` is passed through (``ddof``...).
    Along an empty axis the kernel runs once on an empty lane, so reductions without an identity raise
    NumPy's error even when there are no lanes."""
    key = (kernel, dt, ndim)
    hit = _lane_reducers.get(key)
    if hit is not None:
        return hit
    check = axis_checker(ndim)
    if ndim == 1:
        def whole(a, axis, arg):
            check(axis)
            return kernel(a, arg)
        fn = register_jitable(whole)
    else:
        def reduce(a, axis, arg):
            k = check(axis)
            shape = a.shape
            length = shape[k]
            inner = 1
            for d in range(k + 1, ndim):
                inner *= shape[d]
            out = np.empty(drop_axis(shape, k), dt)
            b = flat1d(a)
            if length == 0:
                kernel(b[0:0:1], arg)
            lanes = out.size
            if lanes == 0:
                return out
            o = out.ravel()
            step = length * inner
            for j in range(lanes):
                start = (j // inner) * step + j % inner
                o[j] = kernel(b[start:start + step:inner], arg)
            return out
        fn = register_jitable(reduce)
    _lane_reducers[key] = fn
    return fn

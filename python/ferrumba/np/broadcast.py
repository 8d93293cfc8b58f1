"""Elementwise operations on arrays of any ndim with NumPy's broadcasting (the operators in ``arrayops``
use these beyond 2-D): ``broadcast_shapes`` of two shape tuples, ``binary_nd``/``inplace_nd``/``unary_nd``
implementations for an elementwise function.

The output is filled by recursion over its leading dimension: an operand with as many dimensions as the
output contributes its row ``i`` (row 0 when that dimension is 1, broadcast), an operand with fewer
dimensions (or a scalar) is passed down unchanged until the dimension counts meet."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, register_jitable
from ferrumba.np.helpers import flat1d


def shape_of(x):
    """``x.shape`` for an array, ``()`` for a scalar."""
    return np.shape(x)


@overload(shape_of)
def _shape_of_typer(x):
    if isinstance(x, types.Array):
        def arr(x):
            return x.shape
        return arr

    def scalar(x):
        return ()
    return scalar


def broadcast_shapes(sa, sb):
    """NumPy's broadcast of two shape tuples (aligned on the right); ValueError if they do not match."""
    return np.broadcast_shapes(sa, sb)


@overload(broadcast_shapes)
def _broadcast_shapes_typer(sa, sb):
    if len(sa) < len(sb):
        def swapped(sa, sb):
            return broadcast_shapes(sb, sa)
        return swapped
    if len(sb) == 0:
        def done(sa, sb):
            return sa
        return done
    if len(sa) > len(sb):
        def leading(sa, sb):
            return (sa[0],) + broadcast_shapes(sa[1:], sb)
        return leading

    def impl(sa, sb):
        x = sa[0]
        y = sb[0]
        if x != y and x != 1 and y != 1:
            raise ValueError("operands could not be broadcast together")
        return (y if x == 1 else x,) + broadcast_shapes(sa[1:], sb[1:])
    return impl


@register_jitable
def _row(x, i):
    return x[i if x.shape[0] != 1 else 0]


@register_jitable
def _whole(x, i):
    return x


_fillers = {}


def _filler(fn):
    """``fill(out, a, b)``, callable from compiled code: ``out[...] = fn(a, b)`` elementwise, broadcast."""
    hit = _fillers.get(fn)
    if hit is not None:
        return hit

    def fill(out, a, b):
        out[...] = fn(a, b)

    def typer(out, a, b):
        r = out.ndim
        take_a = _row if isinstance(a, types.Array) and a.ndim == r else _whole
        take_b = _row if isinstance(b, types.Array) and b.ndim == r else _whole
        if r == 1:
            # The innermost loop indexes directly (a call per element would cost more than the operation):
            # a length-1 operand is read at index 0 through a zero step.
            a_arr = isinstance(a, types.Array)
            b_arr = isinstance(b, types.Array)
            if a_arr and b_arr:
                def both(out, a, b):
                    sa = 0 if a.shape[0] == 1 else 1
                    sb = 0 if b.shape[0] == 1 else 1
                    for i in range(out.shape[0]):
                        out[i] = fn(a[i * sa], b[i * sb])
                return both
            if a_arr:
                def left(out, a, b):
                    sa = 0 if a.shape[0] == 1 else 1
                    for i in range(out.shape[0]):
                        out[i] = fn(a[i * sa], b)
                return left
            if b_arr:
                def right(out, a, b):
                    sb = 0 if b.shape[0] == 1 else 1
                    for i in range(out.shape[0]):
                        out[i] = fn(a, b[i * sb])
                return right

            def scalars(out, a, b):
                value = fn(a, b)
                for i in range(out.shape[0]):
                    out[i] = value
            return scalars

        def nd(out, a, b):
            for i in range(out.shape[0]):
                fill(out[i], take_a(a, i), take_b(b, i))
        return nd

    overload(fill, jit_options={"error_model": "numpy"})(typer)
    _fillers[fn] = fill
    return fill


def binary_nd(fn, dt):
    """The implementation of ``fn(a, b)`` (arrays of any ndim or scalars) into a new array of ``dt``."""
    fill = _filler(fn)

    def impl(a, b):
        out = np.empty(broadcast_shapes(shape_of(a), shape_of(b)), dt)
        fill(out, a, b)
        return out
    return impl


def inplace_nd(plain):
    """The implementation of ``a op= b``: ``a`` updated with ``plain(a, b)``, ``b`` broadcast to ``a``."""
    fill = _filler(plain)

    def impl(a, b):
        if broadcast_shapes(a.shape, shape_of(b)) != a.shape:
            raise ValueError("non-broadcastable output operand")
        fill(a, a, b)
        return a
    return impl


def unary_nd(fn, dt):
    """The implementation of ``fn(a)`` elementwise into a new C array of ``dt`` (any ndim)."""
    def impl(a):
        out = np.empty(a.shape, dt)
        o = out.ravel()
        b = flat1d(a)
        for i in range(b.shape[0]):
            o[i] = fn(b[i])
        return out
    return impl

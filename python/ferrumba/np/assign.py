"""Assignment to a part of an array: ``a[1:3] = v``, ``a[:, 0] = v``, ``a[i] = row``, ``a[...] = v``
(an ``@overload`` of ``operator.setitem``, which compiled code calls when the index selects a view rather
than one element). The value, a scalar or an array, is broadcast into the view as NumPy does; an array
value is copied first when it is an array, so overlapping source and target (``a[1:] = a[:-1]``) give
NumPy's result."""

import operator

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, register_jitable
from ferrumba.np.broadcast import _filler, broadcast_shapes, shape_of


@register_jitable
def _first(x, y):
    return x


_fill = _filler(_first)


@overload(operator.setitem)
def _setitem_view(a, index, value):
    if not isinstance(a, types.Array) or a.readonly or isinstance(index, types.Array):
        return None
    item = value.dtype if isinstance(value, types.Array) else value
    if isinstance(item, types.Complex) and not isinstance(a.dtype, types.Complex):
        return None  # dropping the imaginary part silently: a typing error instead
    if isinstance(value, (types.Number, types.Boolean)):
        def scalar(a, index, value):
            _fill(a[index], value, 0)
        return scalar
    if not isinstance(value, types.Array):
        return None

    def array(a, index, value):
        view = a[index]
        source = _fit(value, view)
        if broadcast_shapes(view.shape, source.shape) != view.shape:
            raise ValueError("could not broadcast input array into the shape of the assigned view")
        _fill(view, source.copy(), 0)
    return array


def _fit(value, view):
    """``value`` without the leading length-1 dimensions it has beyond ``view``'s (NumPy drops them)."""
    return value


@overload(_fit)
def _fit_typer(value, view):
    extra = value.ndim - view.ndim
    if extra <= 0:
        def same(value, view):
            return value
        return same

    def drop(value, view):
        if value.shape[0] != 1:
            raise ValueError("could not broadcast input array into the shape of the assigned view")
        return _fit(value[0], view)
    return drop

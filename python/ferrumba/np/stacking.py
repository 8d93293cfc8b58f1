"""Joining arrays of any ndim along an axis: ``np.concatenate(arrays, axis=0)``, ``np.stack(arrays,
axis=0)``, ``np.vstack``, ``np.hstack`` and ``np.column_stack``. ``arrays`` is a tuple (of one array type,
any length, or of mixed dtypes and layouts); the result is a new C array of NumPy's promoted dtype.

Each input is read in C order (``flat1d``) and its elements written to their place in the output's C
order: with ``post`` elements after the joining axis, an input element at flat index ``f`` belongs to the
outer block ``f // (rows * post)`` and lands ``offset * post`` into that block's stretch of the output.
Heterogeneous tuples are walked by recursion over ``arrays[1:]``."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload
from ferrumba.np.axes import axis_checker
from ferrumba.np.helpers import ANY_NDIM, drop_axis, flat1d, insert_axis, is_array, result_type

_NUMERIC = (types.Integer, types.Float, types.Complex, types.Boolean)


def _arrays_of(arrays, ndims=ANY_NDIM):
    """Whether ``arrays`` is a non-empty tuple of numeric arrays of one ndim (in ``ndims``)."""
    if not isinstance(arrays, types.BaseTuple) or len(arrays) == 0:
        return False
    ts = arrays.types
    return all(is_array(t, ndims) and isinstance(t.dtype, _NUMERIC) and t.ndim == ts[0].ndim for t in ts)


def _axis_ok(axis):
    return axis is None or isinstance(axis, (types.Integer, types.NoneType))


# compiled helpers over a tuple of arrays (recursive over arrays[1:]) ------------------------------------

def axis_total(arrays, k):
    """The sum of ``a.shape[k]`` over the arrays; ValueError unless their other dimensions match."""
    if any(drop_axis(a.shape, k) != drop_axis(arrays[0].shape, k) for a in arrays):
        raise ValueError("all the input array dimensions except for the concatenation axis must match exactly")
    return sum(a.shape[k] for a in arrays)


@overload(axis_total)
def _axis_total_typer(arrays, k):
    if len(arrays) == 1:
        def last(arrays, k):
            return arrays[0].shape[k]
        return last

    def impl(arrays, k):
        first = arrays[0].shape
        rest = arrays[1].shape
        if drop_axis(first, k) != drop_axis(rest, k):
            raise ValueError("all the input array dimensions except for the concatenation axis must match exactly")
        return first[k] + axis_total(arrays[1:], k)
    return impl


def same_shapes(arrays):
    """ValueError unless every array has the shape of the first."""
    if any(a.shape != arrays[0].shape for a in arrays):
        raise ValueError("all input arrays must have the same shape")


@overload(same_shapes)
def _same_shapes_typer(arrays):
    if len(arrays) == 1:
        def last(arrays):
            return None
        return last

    def impl(arrays):
        if arrays[0].shape != arrays[1].shape:
            raise ValueError("all input arrays must have the same shape")
        same_shapes(arrays[1:])
    return impl


def place_all(out, arrays, k, total, offset, new_axis):
    """Write each array into the C-order 1-D ``out`` at ``offset`` along axis ``k`` of the output (which
    has ``total`` rows along it); each array advances the offset by its ``shape[k]`` rows, or by one row
    when ``new_axis`` (``np.stack``: the output has a new dimension at ``k``)."""
    for a in arrays:
        rows = 1 if new_axis else a.shape[k]
        post = int(np.prod(a.shape[k if new_axis else k + 1:]))
        block = rows * post
        for f, x in enumerate(a.ravel()):
            out[(f // block) * total * post + offset * post + f % block] = x
        offset += rows


@overload(place_all)
def _place_all_typer(out, arrays, k, total, offset, new_axis):
    if len(arrays) == 0:
        def done(out, arrays, k, total, offset, new_axis):
            return None
        return done

    def impl(out, arrays, k, total, offset, new_axis):
        a = arrays[0]
        shape = a.shape
        rows = 1
        post = 1
        for d in range(a.ndim):
            if d > k or (new_axis and d == k):
                post *= shape[d]
            elif d == k:
                rows = shape[d]
        block = rows * post
        if block > 0:
            b = flat1d(a)
            for f in range(b.shape[0]):
                out[(f // block) * total * post + offset * post + f % block] = b[f]
        place_all(out, arrays[1:], k, total, offset + rows, new_axis)
    return impl


def flat_all(arrays):
    """The tuple of ``flat1d`` of each array."""
    return tuple(a.ravel() for a in arrays)


@overload(flat_all)
def _flat_all_typer(arrays):
    if len(arrays) == 0:
        def done(arrays):
            return ()
        return done

    def impl(arrays):
        return (flat1d(arrays[0]),) + flat_all(arrays[1:])
    return impl


# concatenate / stack -----------------------------------------------------------------------------------

@overload(np.concatenate)
def _concatenate_typer(arrays, axis=None):
    if not _arrays_of(arrays) or not _axis_ok(axis):
        return None
    rt = result_type(*arrays.types)
    if isinstance(axis, types.NoneType):
        def flat(arrays, axis=None):
            flats = flat_all(arrays)
            total = axis_total(flats, 0)
            out = np.empty(total, rt)
            place_all(out, flats, 0, total, 0, False)
            return out
        return flat
    check = axis_checker(arrays.types[0].ndim)

    def impl(arrays, axis=0):
        k = check(axis)
        total = axis_total(arrays, k)
        out = np.empty(insert_axis(drop_axis(arrays[0].shape, k), k, total), rt)
        place_all(out.ravel(), arrays, k, total, 0, False)
        return out
    return impl


@overload(np.stack)
def _stack_typer(arrays, axis=None):
    if not _arrays_of(arrays) or not _axis_ok(axis):
        return None
    rt = result_type(*arrays.types)
    check = axis_checker(arrays.types[0].ndim + 1)
    n = len(arrays)

    def impl(arrays, axis=0):
        k = check(axis)
        same_shapes(arrays)
        out = np.empty(insert_axis(arrays[0].shape, k, n), rt)
        place_all(out.ravel(), arrays, k, n, 0, True)
        return out
    return impl


@overload(np.vstack)
def _vstack_typer(tup):
    if not _arrays_of(tup):
        return None
    if tup.types[0].ndim == 1:
        def rows(tup):
            return np.stack(tup, 0)
        return rows

    def impl(tup):
        return np.concatenate(tup, 0)
    return impl


@overload(np.hstack)
def _hstack_typer(tup):
    if not _arrays_of(tup):
        return None
    axis = 0 if tup.types[0].ndim == 1 else 1

    def impl(tup):
        return np.concatenate(tup, axis)
    return impl


@overload(np.column_stack)
def _column_stack_typer(tup):
    if not _arrays_of(tup, (1, 2)):
        return None
    if tup.types[0].ndim == 1:
        def columns(tup):
            return np.stack(tup, 1)
        return columns

    def impl(tup):
        return np.concatenate(tup, 1)
    return impl

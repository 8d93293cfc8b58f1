"""Array creation written in Python: ``np.arange`` and ``np.linspace``."""

import math

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, register_jitable


@register_jitable
def _arange_int(start, stop, step):
    if step == 0:
        raise ValueError("Maximum allowed size exceeded")
    n = (stop - start + step - (1 if step > 0 else -1)) // step
    if n < 0:
        n = 0
    out = np.empty(n, np.int64)
    for i in range(n):
        out[i] = start + i * step
    return out


@register_jitable
def _arange_float(start, stop, step):
    if step == 0:
        raise ValueError("Maximum allowed size exceeded")
    n = math.ceil((stop - start) / step)
    if n < 0:
        n = 0
    out = np.empty(n, np.float64)
    for i in range(n):
        out[i] = start + i * step
    return out


def _arange1_int(stop):
    return _arange_int(0, stop, 1)


def _arange2_int(start, stop):
    return _arange_int(start, stop, 1)


def _arange1_float(stop):
    return _arange_float(0.0, stop, 1.0)


def _arange2_float(start, stop):
    return _arange_float(start, stop, 1.0)


@overload(np.arange)
def _arange(*args):
    if not 1 <= len(args) <= 3 or not all(isinstance(a, (types.Integer, types.Float, types.Boolean)) for a in args):
        return None
    floating = any(isinstance(a, types.Float) for a in args)
    table = {
        (1, False): _arange1_int, (2, False): _arange2_int, (3, False): _arange_int,
        (1, True): _arange1_float, (2, True): _arange2_float, (3, True): _arange_float,
    }
    return table[(len(args), floating)]


@register_jitable
def _linspace(start, stop, num):
    if num < 0:
        raise ValueError("Number of samples must be non-negative")
    out = np.empty(num, np.float64)
    if num == 1:
        out[0] = start
        return out
    step = (stop - start) / (num - 1)
    for i in range(num):
        out[i] = start + i * step
    if num > 1:
        out[num - 1] = stop
    return out


def _linspace50(start, stop):
    return _linspace(start, stop, 50)


@overload(np.linspace)
def _linspace_typer(start, stop, num=None):
    if not all(isinstance(a, (types.Integer, types.Float)) for a in (start, stop)):
        return None
    if num is None:
        return _linspace50
    if isinstance(num, types.Integer):
        return _linspace
    return None


# np.array / np.asarray from a (nested) tuple of numbers, or from an array ---------------------------------

def _nested_tuple_shape(t):
    """(dtype, shape) of a homogeneous tuple of numbers or of equal-length such tuples, or None."""
    if isinstance(t, types.UniTuple) and isinstance(t.dtype, (types.Number, types.Boolean)):
        return t.dtype, (t.count,)
    if isinstance(t, types.UniTuple) and isinstance(t.dtype, types.UniTuple) and isinstance(
            t.dtype.dtype, (types.Number, types.Boolean)):
        return t.dtype.dtype, (t.count, t.dtype.count)
    return None


def _copy_of(obj):
    return obj.copy()


def _itself(obj):
    return obj


@overload(np.asarray)
def _asarray_typer(obj):
    if isinstance(obj, types.Array):
        return _itself  # no copy, as in NumPy
    return _array_typer(obj)


@overload(np.array)
def _array_typer(obj):
    if isinstance(obj, types.Array):
        return _copy_of if obj.ndim in (1, 2, 3) else None
    found = _nested_tuple_shape(obj)
    if found is None:
        return None
    dt = np.dtype(str(found[0])).type
    if len(found[1]) == 1:
        def impl(obj):
            out = np.empty(len(obj), dt)
            for i in range(len(obj)):
                out[i] = obj[i]
            return out
    else:
        def impl(obj):
            n, m = len(obj), len(obj[0])
            out = np.empty((n, m), dt)
            for i in range(n):
                row = obj[i]
                for j in range(m):
                    out[i, j] = row[j]
            return out
    return impl

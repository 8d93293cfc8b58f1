"""Array creation written in Python: ``np.arange``, ``np.linspace``, and ``np.array`` / ``np.asarray`` of arrays
and of (nested) tuple or list literals."""

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


# np.array / np.asarray from an array, or from a (nested) tuple or list literal of numbers -------------------
# (the frontend lowers list literals passed to np.array / np.asarray as tuples)

def _literal_shape(t):
    """``(element types, shape)`` of a number or of tuples nested into a rectangular shape, or ``None``."""
    if isinstance(t, (types.Number, types.Boolean)):
        return [t], ()
    if not isinstance(t, types.BaseTuple):
        return None
    parts = [_literal_shape(item) for item in t.types]
    if any(p is None for p in parts) or any(p[1] != parts[0][1] for p in parts):
        return None
    inner = parts[0][1] if parts else ()
    return [e for p in parts for e in p[0]], (len(parts),) + inner


def _dtype_argument(dtype):
    """The NumPy scalar type a ``dtype=`` argument names, ``None`` if not given, ``False`` if invalid."""
    if dtype is None or isinstance(dtype, types.NoneType):
        return None
    from ferrumba.np.helpers import numpy_dtype_arg
    return numpy_dtype_arg(dtype) or False


_generated = {}


def _fill_from_literal(shape, dt):
    """A compiled-code implementation ``impl(obj, dtype=None)`` that builds an array of ``shape`` and
    scalar type ``dt`` from nested tuples, one statement per element (tuples may be heterogeneous, so
    items are read with literal indices). The source is registered with :mod:`linecache` so that the
    compiler (which compiles from source) can read it."""
    import linecache

    key = (shape, dt)
    hit = _generated.get(key)
    if hit is None:
        hit = _generated[key] = _generate_fill(shape, dt)
    impl, filename, source = hit
    # (Re-)registered on every use: something may have cleared linecache since.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return impl


def _generate_fill(shape, dt):
    import itertools

    lines = ["def array_from_literal(obj, dtype=None):",
             "    out = np.empty(%r, dt)" % (shape,)]
    for index in itertools.product(*(range(n) for n in shape)):
        lines.append("    out[%s] = obj%s" % (", ".join(map(str, index)), "".join("[%d]" % i for i in index)))
    lines.append("    return out")
    source = "\n".join(lines) + "\n"
    filename = "<ferrumba np.array %s %s>" % ("x".join(map(str, shape)), np.dtype(dt).name)
    namespace = {"np": np, "dt": dt}
    exec(compile(source, filename, "exec"), namespace)
    return namespace["array_from_literal"], filename, source


def _copy_of(obj, dtype=None):
    return obj.copy()


def _itself(obj, dtype=None):
    return obj


def _cast_to(dt):
    def impl(obj, dtype=None):
        return obj.astype(dt)
    return impl


@overload(np.asarray)
def _asarray_typer(obj, dtype=None):
    dt = _dtype_argument(dtype)
    if isinstance(obj, types.Array) and (dt is None or np.dtype(dt) == np.dtype(str(obj.dtype))):
        return _itself  # no copy, as in NumPy
    return _array_typer(obj, dtype)


@overload(np.array)
def _array_typer(obj, dtype=None):
    dt = _dtype_argument(dtype)
    if dt is False:
        return None
    if isinstance(obj, types.Array):
        if dt is not None:
            return _cast_to(dt)
        return _copy_of if obj.ndim in (1, 2, 3) else None
    found = _literal_shape(obj)
    if found is None or not found[1]:
        return None
    elements, shape = found
    if dt is None:
        dt = np.result_type(*[np.dtype(str(e)) for e in elements]).type if elements else np.float64
    elif not np.issubdtype(dt, np.complexfloating) and any(isinstance(e, types.Complex) for e in elements):
        return None  # NumPy: "can't convert complex to float"
    if isinstance(obj, types.UniTuple) and len(shape) <= 2 and all(
            isinstance(t, types.UniTuple) for t in ([obj.dtype] if len(shape) == 2 else [])):
        return _fill_from_unituple(len(shape), dt)  # a loop: also fits long tuples passed at run time
    return _fill_from_literal(shape, dt)


def _fill_from_unituple(ndim, dt):
    if ndim == 1:
        def impl(obj, dtype=None):
            out = np.empty(len(obj), dt)
            for i in range(len(obj)):
                out[i] = obj[i]
            return out
    else:
        def impl(obj, dtype=None):
            n, m = len(obj), len(obj[0])
            out = np.empty((n, m), dt)
            for i in range(n):
                row = obj[i]
                for j in range(m):
                    out[i, j] = row[j]
            return out
    return impl

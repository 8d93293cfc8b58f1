"""Operators on arrays (`a + b`, `a * 2.0`, `-a`, `a < b`): ``@overload``s of the ``operator`` module's
functions, which compiled code calls for operators on arrays. Elementwise with NumPy's broadcasting (and
scalars): direct loops for 1-D and 2-D operands, ``broadcast`` beyond; the result dtype is the one NumPy
itself gives."""

import operator
import warnings

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload
from ferrumba.np.broadcast import binary_nd, inplace_nd, unary_nd
from ferrumba.np.helpers import ANY_NDIM

_BINARY = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and_", "or_", "xor",
           "lshift", "rshift", "eq", "ne", "lt", "le", "gt", "ge")
_UNARY = ("neg", "pos", "invert")
#: Division by zero gives inf/nan (and integer 0) as NumPy does, not ZeroDivisionError.
_NUMPY_ERRORS = {"error_model": "numpy"}


def _sample(t):
    """A NumPy value of type ``t`` for asking NumPy the result dtype (scalars are Python values, so
    NumPy treats them as weakly typed, as it does at run time)."""
    if isinstance(t, types.Array):
        return np.zeros(1, dtype=str(t.dtype))
    if isinstance(t, types.Boolean):
        return False
    if isinstance(t, types.Integer):
        return 1
    if isinstance(t, types.Float):
        return 1.0
    if isinstance(t, types.Complex):
        return 1j
    return None


def _result_dtype(fn, a, b=None):
    samples = [_sample(a)] + ([] if b is None else [_sample(b)])
    if any(s is None for s in samples):
        return None
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return np.asarray(fn(*samples)).dtype.type
    except TypeError:
        return None


def _supported(t):
    return isinstance(t, (types.Integer, types.Float, types.Complex, types.Boolean)) or (
        isinstance(t, types.Array) and t.ndim in ANY_NDIM)


def _binary_typer(fn):
    def typer(a, b):
        if not (isinstance(a, types.Array) or isinstance(b, types.Array)) or not (_supported(a) and _supported(b)):
            return None
        dt = _result_dtype(fn, a, b)
        if dt is None:
            return None
        return binary_impl(fn, dt, a, b)
    return typer


def binary_impl(fn, dt, a, b):
    """The implementation of ``out[...] = fn(a[...], b[...])`` with NumPy's broadcasting
    for operands of any ndim (at least one an array) into a new array of NumPy type ``dt``."""
    ndim = max(t.ndim if isinstance(t, types.Array) else 0 for t in (a, b))
    if ndim > 2:
        return binary_nd(fn, dt)
    if ndim == 2:
        return _binary_2d(fn, dt, a, b)
    if isinstance(a, types.Array) and isinstance(b, types.Array):
        def impl(a, b):
            n, m = a.shape[0], b.shape[0]
            if n != m and n != 1 and m != 1:
                raise ValueError("operands could not be broadcast together")
            size = max(n, m)
            out = np.empty(size, dt)
            for i in range(size):
                out[i] = fn(a[i if n != 1 else 0], b[i if m != 1 else 0])
            return out
    elif isinstance(a, types.Array):
        def impl(a, b):
            out = np.empty(a.shape[0], dt)
            for i in range(a.shape[0]):
                out[i] = fn(a[i], b)
            return out
    else:
        def impl(a, b):
            out = np.empty(b.shape[0], dt)
            for i in range(b.shape[0]):
                out[i] = fn(a, b[i])
            return out
    return impl


def _binary_2d(fn, dt, a, b):
    """Broadcasting of a 2-D operand with a 2-D, 1-D (a row) or scalar operand."""
    a_ndim = a.ndim if isinstance(a, types.Array) else 0
    b_ndim = b.ndim if isinstance(b, types.Array) else 0
    if a_ndim == 2 and b_ndim == 2:
        def impl(a, b):
            n0, n1, m0, m1 = a.shape[0], a.shape[1], b.shape[0], b.shape[1]
            if (n0 != m0 and n0 != 1 and m0 != 1) or (n1 != m1 and n1 != 1 and m1 != 1):
                raise ValueError("operands could not be broadcast together")
            r0, r1 = max(n0, m0), max(n1, m1)
            out = np.empty((r0, r1), dt)
            for i in range(r0):
                for j in range(r1):
                    out[i, j] = fn(a[i if n0 != 1 else 0, j if n1 != 1 else 0],
                                   b[i if m0 != 1 else 0, j if m1 != 1 else 0])
            return out
    elif a_ndim == 2 and b_ndim == 1:
        def impl(a, b):
            n0, n1, m = a.shape[0], a.shape[1], b.shape[0]
            if n1 != m and n1 != 1 and m != 1:
                raise ValueError("operands could not be broadcast together")
            r1 = max(n1, m)
            out = np.empty((n0, r1), dt)
            for i in range(n0):
                for j in range(r1):
                    out[i, j] = fn(a[i, j if n1 != 1 else 0], b[j if m != 1 else 0])
            return out
    elif a_ndim == 1 and b_ndim == 2:
        def impl(a, b):
            n, m0, m1 = a.shape[0], b.shape[0], b.shape[1]
            if n != m1 and n != 1 and m1 != 1:
                raise ValueError("operands could not be broadcast together")
            r1 = max(n, m1)
            out = np.empty((m0, r1), dt)
            for i in range(m0):
                for j in range(r1):
                    out[i, j] = fn(a[j if n != 1 else 0], b[i, j if m1 != 1 else 0])
            return out
    elif a_ndim == 2:
        def impl(a, b):
            out = np.empty((a.shape[0], a.shape[1]), dt)
            for i in range(a.shape[0]):
                for j in range(a.shape[1]):
                    out[i, j] = fn(a[i, j], b)
            return out
    else:
        def impl(a, b):
            out = np.empty((b.shape[0], b.shape[1]), dt)
            for i in range(b.shape[0]):
                for j in range(b.shape[1]):
                    out[i, j] = fn(a, b[i, j])
            return out
    return impl


def _unary_typer(fn):
    def typer(a):
        if not (isinstance(a, types.Array) and a.ndim in ANY_NDIM):
            return None
        dt = _result_dtype(fn, a)
        if dt is None:
            return None
        return unary_impl(fn, dt, a)
    return typer


def unary_impl(fn, dt, a):
    """The implementation of ``out[...] = fn(a[...])`` for an array ``a`` of any ndim into a new array
    of NumPy type ``dt``."""
    if a.ndim > 2:
        return unary_nd(fn, dt)
    if a.ndim == 1:
        def impl(a):
            out = np.empty(a.shape[0], dt)
            for i in range(a.shape[0]):
                out[i] = fn(a[i])
            return out
    else:
        def impl(a):
            out = np.empty((a.shape[0], a.shape[1]), dt)
            for i in range(a.shape[0]):
                for j in range(a.shape[1]):
                    out[i, j] = fn(a[i, j])
            return out
    return impl


for _name in _BINARY:
    overload(getattr(operator, _name), jit_options=_NUMPY_ERRORS)(_binary_typer(getattr(operator, _name)))
for _name in _UNARY:
    overload(getattr(operator, _name), jit_options=_NUMPY_ERRORS)(_unary_typer(getattr(operator, _name)))


# NumPy's math functions on arrays: elementwise over the scalar versions (which compile to `math`).
_UNARY_UFUNCS = ("sqrt", "exp", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin",
                 "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "fabs",
                 "floor", "ceil", "trunc", "rint", "abs", "absolute", "isnan", "isinf", "isfinite",
                 "degrees", "radians", "deg2rad", "rad2deg")
_BINARY_UFUNCS = ("arctan2", "hypot", "copysign")


def _real_array(t):
    return isinstance(t, types.Array) and not isinstance(t.dtype, types.Complex)


for _name in _UNARY_UFUNCS:
    _fn = getattr(np, _name)
    _typer = _unary_typer(_fn)
    overload(_fn, jit_options=_NUMPY_ERRORS)(lambda a, _typer=_typer: _typer(a) if _real_array(a) else None)
for _name in _BINARY_UFUNCS:
    _fn = getattr(np, _name)
    _typer = _binary_typer(_fn)
    overload(_fn, jit_options=_NUMPY_ERRORS)(
        lambda a, b, _typer=_typer: _typer(a, b) if (_real_array(a) or _real_array(b)) else None)


# In-place operators (`a += b`): the array on the left is updated and returned, as in NumPy.
_INPLACE = ("iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "iand", "ior", "ixor",
            "ilshift", "irshift")


def _inplace_allowed(fn, a, b):
    """Whether NumPy accepts ``a op= b`` for these types (it refuses to cast e.g. float into int)."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            fn(_sample(a), _sample(b))
        return True
    except TypeError:
        return False


def _inplace_typer(fn, plain):
    def typer(a, b):
        if not (isinstance(a, types.Array) and a.ndim in ANY_NDIM and _supported(b)) or a.readonly:
            return None
        if not _inplace_allowed(fn, a, b):
            return None
        if a.ndim > 2 or (isinstance(b, types.Array) and b.ndim > 2):
            return inplace_nd(plain)
        if a.ndim == 1 and isinstance(b, types.Array) and b.ndim == 1:
            def impl(a, b):
                n, m = a.shape[0], b.shape[0]
                if n != m and m != 1:
                    raise ValueError("operands could not be broadcast together")
                for i in range(n):
                    a[i] = plain(a[i], b[i if m != 1 else 0])
                return a
        elif a.ndim == 1:
            def impl(a, b):
                for i in range(a.shape[0]):
                    a[i] = plain(a[i], b)
                return a
        elif isinstance(b, types.Array) and b.ndim == 2:
            def impl(a, b):
                n0, n1, m0, m1 = a.shape[0], a.shape[1], b.shape[0], b.shape[1]
                if (n0 != m0 and m0 != 1) or (n1 != m1 and m1 != 1):
                    raise ValueError("operands could not be broadcast together")
                for i in range(n0):
                    for j in range(n1):
                        a[i, j] = plain(a[i, j], b[i if m0 != 1 else 0, j if m1 != 1 else 0])
                return a
        elif isinstance(b, types.Array):
            def impl(a, b):
                n1, m = a.shape[1], b.shape[0]
                if n1 != m and m != 1:
                    raise ValueError("operands could not be broadcast together")
                for i in range(a.shape[0]):
                    for j in range(n1):
                        a[i, j] = plain(a[i, j], b[j if m != 1 else 0])
                return a
        else:
            def impl(a, b):
                for i in range(a.shape[0]):
                    for j in range(a.shape[1]):
                        a[i, j] = plain(a[i, j], b)
                return a
        return impl
    return typer


for _name in _INPLACE:
    _plain = getattr(operator, _name[1:] + ("_" if _name[1:] in ("and", "or") else ""))
    overload(getattr(operator, _name), jit_options=_NUMPY_ERRORS)(_inplace_typer(getattr(operator, _name), _plain))

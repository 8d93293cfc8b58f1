"""Comparing arrays: ``np.isclose`` (1-D arrays and scalars, ``rtol``/``atol``/``equal_nan``) and
``np.allclose``. (Joining arrays, ``np.concatenate`` and ``np.stack``, is in ``stacking``.)"""

import math

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, register_jitable
from ferrumba.np.helpers import elem, is_array, is_scalar

_NUMERIC = (types.Integer, types.Float, types.Complex, types.Boolean)


def _close(x, y, rtol, atol, equal_nan):
    """One element of ``np.isclose`` (real or complex)."""
    return abs(x - y) <= atol + rtol * abs(y)


@overload(_close)
def _close_typer(x, y, rtol, atol, equal_nan):
    complex_ = isinstance(x, types.Complex) or isinstance(y, types.Complex)
    if complex_:
        def c(x, y, rtol, atol, equal_nan):
            xn = x.real != x.real or x.imag != x.imag
            yn = y.real != y.real or y.imag != y.imag
            if xn or yn:
                return equal_nan and xn and yn
            if not (math.isfinite(x.real) and math.isfinite(x.imag) and math.isfinite(y.real)
                    and math.isfinite(y.imag)):
                return x == y
            return abs(x - y) <= atol + rtol * abs(y)
        return c

    def r(x, y, rtol, atol, equal_nan):
        xf = x * 1.0
        yf = y * 1.0
        if xf != xf or yf != yf:
            return equal_nan and xf != xf and yf != yf
        if math.isinf(xf) or math.isinf(yf):
            return xf == yf
        return abs(xf - yf) <= atol + rtol * abs(yf)
    return r


def _len_or(x, n):
    return len(x) if isinstance(x, np.ndarray) else n


@overload(_len_or)
def _len_or_typer(x, n):
    if is_array(x, (1,)):
        def arr(x, n):
            return x.shape[0]
        return arr

    def sc(x, n):
        return n
    return sc


def _isclose_args(a, b, rtol, atol, equal_nan):
    ok = all((is_scalar(t) or (is_array(t, (1,)) and isinstance(t.dtype, _NUMERIC))) for t in (a, b))
    ok = ok and all(t is None or isinstance(t, (types.Integer, types.Float)) for t in (rtol, atol))
    return ok and (equal_nan is None or isinstance(equal_nan, types.Boolean))


@register_jitable
def _broadcast_len(a, b):
    na = _len_or(a, -1)
    nb = _len_or(b, -1)
    if na == -1:
        return nb
    if nb == -1 or nb == 1:
        return na
    if na != 1 and na != nb:
        raise ValueError("operands could not be broadcast together")
    return nb


@overload(np.isclose)
def _isclose_typer(a, b, rtol=None, atol=None, equal_nan=None):
    if not _isclose_args(a, b, rtol, atol, equal_nan):
        return None
    if is_scalar(a) and is_scalar(b):
        def scalars(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
            return _close(a, b, rtol, atol, equal_nan)
        return scalars

    def impl(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        n = _broadcast_len(a, b)
        sa = _len_or(a, 1) == 1
        sb = _len_or(b, 1) == 1
        out = np.empty(n, np.bool_)
        for i in range(n):
            out[i] = _close(elem(a, 0 if sa else i), elem(b, 0 if sb else i), rtol, atol, equal_nan)
        return out
    return impl


@overload(np.allclose)
def _allclose_typer(a, b, rtol=None, atol=None, equal_nan=None):
    if not _isclose_args(a, b, rtol, atol, equal_nan):
        return None

    def impl(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        if is_scalar_pair(a, b):
            return _close(elem(a, 0), elem(b, 0), rtol, atol, equal_nan)
        n = _broadcast_len(a, b)
        sa = _len_or(a, 1) == 1
        sb = _len_or(b, 1) == 1
        for i in range(n):
            if not _close(elem(a, 0 if sa else i), elem(b, 0 if sb else i), rtol, atol, equal_nan):
                return False
        return True
    return impl


def is_scalar_pair(a, b):
    return not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray)


@overload(is_scalar_pair)
def _is_scalar_pair_typer(a, b):
    both = is_scalar(a) and is_scalar(b)

    def impl(a, b):
        return both
    return impl

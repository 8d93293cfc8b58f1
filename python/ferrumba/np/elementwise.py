"""Cumulative and element-wise functions: ``np.cumsum cumprod`` (and the array methods; n-D arrays are
flattened in C order), ``np.diff`` (1-D), ``np.clip``, ``np.where`` (three arguments, 1-D arrays and
scalars) and ``np.isnan isinf isfinite`` on scalars and arrays. Result dtypes follow NumPy: cumulative sums
of small integers and bools widen to (u)int64, scalars combine with arrays as Python literals (NEP 50)."""

import math

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, overload_method, register_jitable
from ferrumba.np.helpers import (ANY_NDIM, copy_flat, elem, flat1d, is_array, is_scalar, np_type, sum_type,
                                weak_result_type)


# cumsum / cumprod --------------------------------------------------------------------------------------

def _cumulative(product):
    def typer(a):
        if not is_array(a, ANY_NDIM):
            return None
        acc = sum_type(a.dtype)
        if product:
            def impl(a):
                b = flat1d(a)
                n = b.shape[0]
                out = np.empty(n, acc)
                s = acc(1)
                for i in range(n):
                    s = s * b[i]
                    out[i] = s
                return out
        else:
            def impl(a):
                b = flat1d(a)
                n = b.shape[0]
                out = np.empty(n, acc)
                s = acc(0)
                for i in range(n):
                    s = s + b[i]
                    out[i] = s
                return out
        return impl
    return typer


for _name, _product in (("cumsum", False), ("cumprod", True)):
    overload(getattr(np, _name))(_cumulative(_product))
    overload_method(types.Array, _name)(_cumulative(_product))


# diff ------------------------------------------------------------------------------------------------

@overload(np.diff)
def _diff_typer(a, n=None):
    if not is_array(a, (1,)) or not (n is None or isinstance(n, types.Integer)):
        return None
    dt = np_type(a.dtype)
    boolean = isinstance(a.dtype, types.Boolean)

    def impl(a, n=1):
        if n < 0:
            raise ValueError("order must be non-negative but got a negative value")
        m = a.shape[0]
        cur = np.empty(m, dt)
        for i in range(m):
            cur[i] = a[i]
        for _ in range(n):
            if m == 0:
                break
            m -= 1
            for i in range(m):
                if boolean:
                    cur[i] = cur[i + 1] != cur[i]
                else:
                    cur[i] = cur[i + 1] - cur[i]
        out = np.empty(m, dt)
        for i in range(m):
            out[i] = cur[i]
        return out
    return impl


# clip ------------------------------------------------------------------------------------------------

@register_jitable
def _clip_scalar(a, lo, hi):
    x = a
    if x < lo:
        x = lo
    if x > hi:
        x = hi
    return x


@overload(np.clip)
def _clip_typer(a, a_min, a_max):
    kinds = (types.Integer, types.Float, types.Boolean)
    for t in (a, a_min, a_max):
        if not (isinstance(t, kinds) or (is_array(t, ANY_NDIM) and isinstance(t.dtype, kinds))):
            return None
    if is_scalar(a) and is_scalar(a_min) and is_scalar(a_max):
        return _clip_scalar
    if not is_array(a, ANY_NDIM) or any(isinstance(t, types.Array) and t.ndim != 1 for t in (a_min, a_max)):
        return None
    rt = weak_result_type(a, a_min, a_max)
    if a.ndim != 1:
        if isinstance(a_min, types.Array) or isinstance(a_max, types.Array):
            return None

        def nd(a, a_min, a_max):
            b = flat1d(a)
            out = np.empty(b.shape[0], rt)
            for i in range(b.shape[0]):
                out[i] = _clip_scalar(b[i], a_min, a_max)
            return _reshape_like(out, a)
        return nd

    def impl(a, a_min, a_max):
        n = a.shape[0]
        if _len_mismatch(a_min, n) or _len_mismatch(a_max, n):
            raise ValueError("operands could not be broadcast together")
        out = np.empty(n, rt)
        for i in range(n):
            out[i] = _clip_scalar(rt(a[i]), rt(elem(a_min, i)), rt(elem(a_max, i)))
        return out
    return impl


def _len_mismatch(x, n):
    return isinstance(x, np.ndarray) and len(x) != n


@overload(_len_mismatch)
def _len_mismatch_typer(x, n):
    if is_array(x, (1,)):
        def arr(x, n):
            return x.shape[0] != n
        return arr

    def sc(x, n):
        return False
    return sc


# where -----------------------------------------------------------------------------------------------

def _len_of(x, n):
    return len(x) if isinstance(x, np.ndarray) else n


@overload(_len_of)
def _len_of_typer(x, n):
    if is_array(x, (1,)):
        def arr(x, n):
            return x.shape[0]
        return arr

    def sc(x, n):
        return n
    return sc


@overload(np.where)
def _where_typer(condition, x, y):
    ts = (condition, x, y)
    if not all(is_scalar(t) or is_array(t, (1,)) for t in ts) or not any(isinstance(t, types.Array) for t in ts):
        return None
    rt = weak_result_type(x, y)

    def impl(condition, x, y):
        n = _len_of(condition, _len_of(x, _len_of(y, 1)))
        for t_len in (_len_of(condition, n), _len_of(x, n), _len_of(y, n)):
            if t_len != n and t_len != 1:
                raise ValueError("operands could not be broadcast together")
        nc = _len_of(condition, n)
        nx = _len_of(x, n)
        ny = _len_of(y, n)
        if n == 1:
            n = max(nc, max(nx, ny))
        out = np.empty(n, rt)
        for i in range(n):
            if elem(condition, i if nc > 1 else 0):
                out[i] = elem(x, i if nx > 1 else 0)
            else:
                out[i] = elem(y, i if ny > 1 else 0)
        return out
    return impl


# isnan / isinf / isfinite ----------------------------------------------------------------------------

def _predicate(name):
    def scalar_impl(t):
        if isinstance(t, (types.Integer, types.Boolean)):
            value = name == "isfinite"

            def const(x):
                return value
            return const
        if isinstance(t, types.Float):
            return {"isnan": _isnan_f, "isinf": _isinf_f, "isfinite": _isfinite_f}[name]
        if isinstance(t, types.Complex):
            return {"isnan": _isnan_c, "isinf": _isinf_c, "isfinite": _isfinite_c}[name]
        return None

    def typer(x):
        if is_scalar(x):
            return scalar_impl(x)
        if not is_array(x, ANY_NDIM):
            return None
        kernel = scalar_impl(x.dtype)
        if kernel is None:
            return None
        from ferrumba.decorators import njit
        k = njit(kernel)
        ndim = x.ndim

        def impl(x):
            if ndim == 1:
                out = np.empty(x.shape[0], np.bool_)
                for i in range(x.shape[0]):
                    out[i] = k(x[i])
                return out
            b = flat1d(x)
            flat = np.empty(b.shape[0], np.bool_)
            for i in range(b.shape[0]):
                flat[i] = k(b[i])
            return _reshape_like(flat, x)

        def impl1(x):
            out = np.empty(x.shape[0], np.bool_)
            for i in range(x.shape[0]):
                out[i] = k(x[i])
            return out

        def impln(x):
            b = flat1d(x)
            flat = np.empty(b.shape[0], np.bool_)
            for i in range(b.shape[0]):
                flat[i] = k(b[i])
            return _reshape_like(flat, x)
        return impl1 if x.ndim == 1 else impln
    return typer


def _isnan_f(x):
    return x != x


def _isinf_f(x):
    return math.isinf(x)


def _isfinite_f(x):
    return math.isfinite(x)


def _isnan_c(x):
    return x.real != x.real or x.imag != x.imag


def _isinf_c(x):
    return math.isinf(x.real) or math.isinf(x.imag)


def _isfinite_c(x):
    return math.isfinite(x.real) and math.isfinite(x.imag)


def _reshape_like(flat, like):
    return flat.reshape(like.shape)


@overload(_reshape_like)
def _reshape_like_typer(flat, like):
    if not is_array(flat, (1,)) or not is_array(like, ANY_NDIM):
        return None
    dt = np_type(flat.dtype)

    def impl(flat, like):
        out = np.empty(like.shape, dt)
        copy_flat(out.ravel(), flat, 0)
        return out
    return impl


for _name in ("isnan", "isinf", "isfinite"):
    overload(getattr(np, _name))(_predicate(_name))

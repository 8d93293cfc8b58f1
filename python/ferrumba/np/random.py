"""``np.random`` functions that return arrays (``np.random.random(n)``, ``rand(m, n)``, ``normal(0, 1,
size)``...), written over the scalar forms, which compiled code draws from its own per-thread generator
(seeded with ``np.random.seed`` inside compiled code, as in Numba). The overloads name the functions
(``"numpy.random.shuffle"``) rather than import NumPy's lazily loaded random package (about 20 ms)."""

import numpy as np

from ferrumba.core import types
from ferrumba.extending import overload, register_jitable


def _size_kind(size):
    """1 for an integer size, 2 for a pair, else None."""
    if isinstance(size, types.Integer):
        return 1
    if isinstance(size, (types.UniTuple, types.Tuple)) and len(size) == 2 and all(
            isinstance(t, types.Integer) for t in size):
        return 2
    return None


@register_jitable
def _random1(n):
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.random()
    return out


@register_jitable
def _random2(shape):
    out = np.empty(shape)
    for i in range(shape[0]):
        for j in range(shape[1]):
            out[i, j] = np.random.random()
    return out


def _rand1(n):
    return _random1(n)


def _rand2(m, n):
    return _random2((m, n))


def _randn1(n):
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.standard_normal()
    return out


def _randn2(m, n):
    out = np.empty((m, n))
    for i in range(m):
        for j in range(n):
            out[i, j] = np.random.standard_normal()
    return out


@overload("numpy.random.random")
@overload("numpy.random.random_sample")
def _random_typer(size):
    kind = _size_kind(size)
    return {1: _random1, 2: _random2}.get(kind)


@overload("numpy.random.rand")
def _rand_typer(*dims):
    if len(dims) == 1 and isinstance(dims[0], types.Integer):
        return _rand1
    if len(dims) == 2 and all(isinstance(d, types.Integer) for d in dims):
        return _rand2
    return None


@overload("numpy.random.randn")
def _randn_typer(*dims):
    if len(dims) == 1 and isinstance(dims[0], types.Integer):
        return _randn1
    if len(dims) == 2 and all(isinstance(d, types.Integer) for d in dims):
        return _randn2
    return None


def _normal_sized(loc, scale, size):
    out = np.empty(size)
    for i in range(size):
        out[i] = np.random.normal(loc, scale)
    return out


def _uniform_sized(low, high, size):
    out = np.empty(size)
    for i in range(size):
        out[i] = np.random.uniform(low, high)
    return out


def _randint_sized(low, high, size):
    out = np.empty(size, np.int64)
    for i in range(size):
        out[i] = np.random.randint(low, high)
    return out


@overload("numpy.random.normal")
def _normal_typer(loc, scale, size):
    return _normal_sized if isinstance(size, types.Integer) else None


@overload("numpy.random.uniform")
def _uniform_typer(low, high, size):
    return _uniform_sized if isinstance(size, types.Integer) else None


@overload("numpy.random.randint")
def _randint_typer(low, high, size):
    return _randint_sized if isinstance(size, types.Integer) else None


# shuffle / permutation / choice: NumPy's legacy algorithms over the same generator (Fisher-Yates with
# bounded draws), so seeded sequences match NumPy's.

@register_jitable
def _shuffle1(a):
    for i in range(a.shape[0] - 1, 0, -1):
        j = np.random.randint(0, i + 1)
        t = a[i]
        a[i] = a[j]
        a[j] = t


@overload("numpy.random.shuffle")
def _shuffle_typer(a):
    if isinstance(a, types.Array) and a.ndim == 1 and not a.readonly:
        return _shuffle1
    return None


def _permutation_n(n):
    out = np.arange(n)
    _shuffle1(out)
    return out


def _permutation_array(a):
    out = a.copy()
    _shuffle1(out)
    return out


@overload("numpy.random.permutation")
def _permutation_typer(x):
    if isinstance(x, types.Integer):
        return _permutation_n
    if isinstance(x, types.Array) and x.ndim == 1:
        return _permutation_array
    return None


def _choice_n(n):
    return np.random.randint(0, n)


def _choice_array(a):
    return a[np.random.randint(0, a.shape[0])]


@overload("numpy.random.choice")
def _choice_typer(a):
    if isinstance(a, types.Integer):
        return _choice_n
    if isinstance(a, types.Array) and a.ndim == 1:
        return _choice_array
    return None

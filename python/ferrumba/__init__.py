"""Ferrumba: a just-in-time compiler for numerical Python with Numba's API, whose compiler
core is written in Rust.

``import ferrumba as numba`` is meant to work for Numba's documented API::

    from ferrumba import njit

    @njit
    def f(x, y):
        return x + y

To make ``import numba`` itself load ferrumba (opt-in), call
:func:`install_numba_alias` first, e.g.
``python -c "import ferrumba; ferrumba.install_numba_alias(); import runpy; runpy.run_path('script.py', run_name='__main__')"``.
"""

import sys as _sys

from ferrumba import config  # noqa: F401
from ferrumba.core import errors, types  # noqa: F401
from ferrumba.core.errors import *  # noqa: F401,F403
from ferrumba.core.types import (  # noqa: F401
    b1, bool_, boolean, byte, c8, c16, char, complex64, complex128, double, f2, f4, f8,
    float16, float32, float64, i1, i2, i4, i8, int8, int16, int32, int64, int_, intc, intp, long_,
    longlong, none, optional, short, size_t, ssize_t, u1, u2, u4, u8, uchar, uint, uint8,
    uint16, uint32, uint64, uintc, uintp, ulong, ulonglong, ushort, void,
)
from ferrumba.decorators import jit, njit  # noqa: F401


def vectorize(*args, **kwargs):
    """``@vectorize``: a NumPy ufunc from a scalar kernel (see :mod:`ferrumba._ufunc`; imported on first
    use to keep ``import ferrumba`` fast)."""
    from ferrumba._ufunc import vectorize as _vectorize

    return _vectorize(*args, **kwargs)


def guvectorize(*args, **kwargs):
    """``@guvectorize``: a generalized NumPy ufunc (see :mod:`ferrumba._gufunc`; imported on first use)."""
    from ferrumba._gufunc import guvectorize as _guvectorize

    return _guvectorize(*args, **kwargs)

from ferrumba.special import (  # noqa: F401
    get_num_threads, get_thread_id, literal_unroll, literally, pndindex, prange,
    set_num_threads, threading_layer,
)
from ferrumba._numba_alias import install_numba_alias  # noqa: F401

__version__ = "0.1.0"
version_info = (0, 1, 0)
#: Marks this package for code that needs to tell ferrumba from the real Numba.
__ferrumba__ = True

# ``import ferrumba.types`` / ``import ferrumba.errors`` give the same module objects as
# ``ferrumba.core.types`` / ``ferrumba.core.errors`` (as in Numba).
_sys.modules.setdefault(__name__ + ".types", types)
_sys.modules.setdefault(__name__ + ".errors", errors)


def typeof(val, purpose=None):
    """The ferrumba type of a Python value (``typeof(1)`` is ``int64``). Raises
    ``ValueError`` for values compiled code cannot take."""
    from ferrumba import _core
    return types.from_name(_core.typeof(val))


def from_dtype(dtype):
    """The scalar type for a NumPy dtype (``from_dtype(np.float32)`` is ``float32``)."""
    import numpy as np
    dt = np.dtype(dtype)
    name = "bool" if dt.kind == "b" else dt.name
    ty = types.from_name(name)
    if not isinstance(ty, types.Number) and ty is not types.boolean:
        raise errors.NumbaNotImplementedError(dt)
    return ty


_LATER = {
    "cfunc": "C callbacks (@cfunc) are not available yet in ferrumba",
    "stencil": "@stencil is not available yet in ferrumba",
    "jit_module": "jit_module is not available yet in ferrumba",
    "objmode": "object mode (objmode) is not supported by ferrumba: everything compiled "
               "runs in nopython mode",
    "generated_jit": "generated_jit was removed from Numba (0.59) and ferrumba does not "
                     "provide it",
    "typed": "numba.typed containers (typed.List, typed.Dict) are not available yet in "
             "ferrumba",
    "experimental": "numba.experimental (jitclass, structref) is not available yet in "
                    "ferrumba",
    "carray": "carray is not available yet in ferrumba",
    "farray": "farray is not available yet in ferrumba",
    "gdb": "gdb integration is not supported by ferrumba",
    "cuda": "CUDA is not supported by ferrumba",
}

_LAZY_SUBMODULES = ("dispatcher", "decorators", "special", "_host", "core", "extending", "np")


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib
        return importlib.import_module(__name__ + "." + name)
    if name in ("Dispatcher", "CPUDispatcher"):
        from ferrumba import dispatcher
        return getattr(dispatcher, name)
    if name in _LATER:
        raise AttributeError("module 'ferrumba' has no attribute %r: %s" % (name, _LATER[name]))
    raise AttributeError("module 'ferrumba' has no attribute %r" % (name,))


def __dir__():
    return sorted(set(globals()) | {"Dispatcher", "CPUDispatcher"})


__all__ = """
jit njit vectorize guvectorize typeof from_dtype prange pndindex literal_unroll literally get_num_threads
set_num_threads get_thread_id threading_layer config errors types install_numba_alias
""".split() + list(types.number_names) + ["none", "void", "optional"] + list(errors.__all__)

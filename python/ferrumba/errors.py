"""``ferrumba.errors``: the same module object as :mod:`ferrumba.core.errors` (like Numba)."""
import sys as _sys

from ferrumba.core import errors as _errors

_sys.modules[__name__] = _errors

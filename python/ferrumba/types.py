"""``ferrumba.types``: the same module object as :mod:`ferrumba.core.types` (like Numba)."""
import sys as _sys

from ferrumba.core import types as _types

_sys.modules[__name__] = _types

"""``ferrumba.core.config``: the same module object as :mod:`ferrumba.config` (Numba keeps
its configuration in ``numba.core.config``)."""
import sys as _sys

from ferrumba import config as _config

_sys.modules[__name__] = _config

"""``ferrumba.core.dispatcher``: the same module object as :mod:`ferrumba.dispatcher`
(for ``isinstance(f, numba.core.dispatcher.Dispatcher)``-style checks)."""
import sys as _sys

from ferrumba import dispatcher as _dispatcher

_sys.modules[__name__] = _dispatcher

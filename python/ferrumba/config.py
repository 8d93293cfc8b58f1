"""Ferrumba's configuration, read from ``FERRUMBA_*`` environment variables at import.

=========================  =======================================================
``FERRUMBA_DISABLE_JIT``   ``1``: ``@jit``/``@njit`` return the Python function unchanged
                           (like ``NUMBA_DISABLE_JIT``; handy for debugging).
``FERRUMBA_DUMP_IR``       ``1``: print the untyped IR of each compiled function.
``FERRUMBA_DUMP_TYPED``    ``1``: print the typed IR.
``FERRUMBA_DUMP_CLIF``     ``1``: print the Cranelift IR.
``FERRUMBA_DUMP_ASM``      ``1``: print the machine code.
``FERRUMBA_BOUNDSCHECK``   ``0``/``1``: force bounds checking off/on for every function
                           (unset: each function's ``boundscheck`` option decides).
=========================  =======================================================

Only ``FERRUMBA_*`` variables are read; ``NUMBA_*`` ones are deliberately ignored so that a
process using both libraries can configure them independently. The Rust core reads the
``DUMP_*`` variables itself; :func:`reload_config` re-reads them here after a change of
``os.environ``.
"""

import os as _os
import sys as _sys

_TRUE = ("1", "true", "yes", "on")


def _flag(name, default=False):
    value = _os.environ.get("FERRUMBA_" + name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in _TRUE


def _optional_flag(name):
    value = _os.environ.get("FERRUMBA_" + name)
    if value is None or value.strip() == "":
        return None
    return value.strip().lower() in _TRUE


def reload_config():
    """Re-read the ``FERRUMBA_*`` environment variables."""
    g = globals()
    g["DISABLE_JIT"] = _flag("DISABLE_JIT")
    g["DUMP_IR"] = _flag("DUMP_IR")
    g["DUMP_TYPED"] = _flag("DUMP_TYPED")
    g["DUMP_CLIF"] = _flag("DUMP_CLIF")
    g["DUMP_ASM"] = _flag("DUMP_ASM")
    g["BOUNDSCHECK"] = _optional_flag("BOUNDSCHECK")


DISABLE_JIT = False
DUMP_IR = False
DUMP_TYPED = False
DUMP_CLIF = False
DUMP_ASM = False
BOUNDSCHECK = None
#: ferrumba runs compiled code on one thread for now (``parallel=True`` lands later).
NUMBA_NUM_THREADS = NUMBA_DEFAULT_NUM_THREADS = 1
#: Numba's "machine bits"; kept for code that reads it.
MACHINE_BITS = _sys.maxsize.bit_length() + 1

reload_config()

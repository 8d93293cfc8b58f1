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
``FERRUMBA_NUM_THREADS``   size of the thread pool of parallel code (``prange``,
                           ``target="parallel"``); default: the number of CPUs.
                           ``NUMBA_NUM_THREADS`` is honoured when this one is unset.
=========================  =======================================================

Apart from ``NUMBA_NUM_THREADS`` (the one setting programs written for Numba rely on to size
their pool), only ``FERRUMBA_*`` variables are read; other ``NUMBA_*`` ones are deliberately
ignored so that a process using both libraries can configure them independently. The Rust core
reads the ``DUMP_*`` and ``NUM_THREADS`` variables itself; :func:`reload_config` re-reads them
here after a change of ``os.environ`` (the pool's size is fixed once it has started).
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


def _cpu_count():
    try:
        return len(_os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return _os.cpu_count() or 1


def _num_threads():
    for name in ("FERRUMBA_NUM_THREADS", "NUMBA_NUM_THREADS"):
        value = _os.environ.get(name, "").strip()
        if value:
            try:
                n = int(value)
            except ValueError:
                raise ValueError("%s must be a positive integer, got %r" % (name, value)) from None
            if n < 1:
                raise ValueError("%s must be a positive integer, got %r" % (name, value))
            return n
    return _cpu_count()


def reload_config():
    """Re-read the ``FERRUMBA_*`` environment variables."""
    g = globals()
    g["DISABLE_JIT"] = _flag("DISABLE_JIT")
    g["DUMP_IR"] = _flag("DUMP_IR")
    g["DUMP_TYPED"] = _flag("DUMP_TYPED")
    g["DUMP_CLIF"] = _flag("DUMP_CLIF")
    g["DUMP_ASM"] = _flag("DUMP_ASM")
    g["BOUNDSCHECK"] = _optional_flag("BOUNDSCHECK")
    g["NUMBA_NUM_THREADS"] = _num_threads()


DISABLE_JIT = False
DUMP_IR = False
DUMP_TYPED = False
DUMP_CLIF = False
DUMP_ASM = False
BOUNDSCHECK = None
#: Size of the thread pool (``FERRUMBA_NUM_THREADS``, else ``NUMBA_NUM_THREADS``, else the CPUs);
#: :func:`ferrumba.set_num_threads` accepts 1 to this many.
NUMBA_NUM_THREADS = 1
#: The number of CPUs this process may run on.
NUMBA_DEFAULT_NUM_THREADS = _cpu_count()
#: Numba's threading-layer choice; ferrumba has one layer, safe under threads and fork, so every
#: value (``default safe threadsafe forksafe workqueue omp tbb``) selects it.
THREADING_LAYER = "default"
#: Numba's "machine bits"; kept for code that reads it.
MACHINE_BITS = _sys.maxsize.bit_length() + 1

reload_config()

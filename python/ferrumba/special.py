"""Functions with a meaning inside compiled code that also work in plain Python."""


class prange(object):
    """``range`` that asks for the loop to run in parallel under ``parallel=True``.

    In Python (and, for now, in compiled code: ``parallel=True`` is accepted but loops run
    sequentially until the parallel back end lands) it is exactly ``range``.
    """

    def __new__(cls, *args):
        return range(*args)


def pndindex(*args):
    """``numpy.ndindex`` that asks for a parallel loop (sequential for now)."""
    import numpy as np
    return np.ndindex(*args)


def literal_unroll(container):
    """Mark a loop over a heterogeneous tuple for unrolling; identity in Python."""
    return container


def literally(obj):
    """Ask the compiler to type ``obj`` as a literal; identity in Python."""
    return obj


def get_num_threads():
    """Number of threads parallel ufuncs and gufuncs (``target="parallel"``) split large
    calls over: the number of CPUs unless :func:`set_num_threads` changed it."""
    from ferrumba import _core
    return _core.get_num_threads()


def set_num_threads(n):
    """Set the number of threads parallel code (``prange`` loops, parallel ufuncs and gufuncs)
    runs on, from 1 to ``config.NUMBA_NUM_THREADS`` (the pool's size), as in Numba."""
    import operator
    from ferrumba import _core, config
    n = operator.index(n)
    if not 1 <= n <= config.NUMBA_NUM_THREADS:
        raise ValueError("The number of threads must be between 1 and %d (config.NUMBA_NUM_THREADS, "
                         "set by FERRUMBA_NUM_THREADS or NUMBA_NUM_THREADS), got %d"
                         % (config.NUMBA_NUM_THREADS, n))
    _core.set_num_threads(n)


def get_thread_id():
    """Id of the calling thread inside a parallel region (always 0 for now)."""
    return 0


def threading_layer():
    """Name of the threading layer: ferrumba has one, a work-stealing pool (``"workstealing"``)
    that is safe to use from several Python threads at once and after ``fork()``."""
    return "workstealing"

"""Functions with a meaning inside compiled code that also work in plain Python."""


class prange(object):
    """``range`` that asks for the loop to run in parallel under ``parallel=True``.

    In compiled code with ``parallel=True`` the iterations run on the thread pool (see
    ``docs/parallel.md``); in Python, and in compiled code without it, it is exactly ``range``.
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
    """Number of threads ``prange`` loops and parallel ufuncs and gufuncs
    (``target="parallel"``) use: the number of CPUs unless :func:`set_num_threads` changed it."""
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
    """Id of the calling thread inside a parallel region: in compiled code, the index
    (``0 .. get_num_threads() - 1``) of the thread running a ``prange`` iteration; 0 elsewhere and
    in Python."""
    return 0


def threading_layer():
    """Name of the threading layer: ferrumba has one, a work-stealing pool (``"workstealing"``)
    that is safe to use from several Python threads at once and after ``fork()``."""
    return "workstealing"

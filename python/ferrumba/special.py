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


_num_threads = 1


def get_num_threads():
    """Number of threads parallel regions use. Always 1 for now (no parallel back end yet)."""
    return _num_threads


def set_num_threads(n):
    """Set the number of threads for parallel regions. Accepted for Numba compatibility;
    values other than 1 have no effect until the parallel back end lands."""
    import operator
    n = operator.index(n)
    if n < 1:
        raise ValueError("The number of threads must be at least 1, got %d" % n)
    # Numba raises for n > NUMBA_NUM_THREADS; we have one thread, but accept n silently so
    # that code tuned for Numba runs unchanged.


def get_thread_id():
    """Id of the calling thread inside a parallel region (always 0 for now)."""
    return 0


def threading_layer():
    """Name of the threading layer in use."""
    return "sequential"

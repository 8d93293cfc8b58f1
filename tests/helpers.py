"""Shared helpers for the behaviour tests: every compiled function is checked against plain Python/NumPy.

Set FERRUMBA_TESTS_USE_NUMBA=1 to run the suite against real Numba (``import ferrumba`` then resolves to
``numba``). That mode only validates the tests themselves: the expected answers always come from Python or
NumPy. Tests marked ``numba_differs`` check Ferrumba-specific behaviour that Numba does not share (e.g. the
rendering of compile-error locations); they are skipped in that mode only and run in every normal run.
"""

import cmath
import math
import os
import sys

import numpy as np
import pytest

USING_NUMBA = os.environ.get("FERRUMBA_TESTS_USE_NUMBA") == "1"

if USING_NUMBA:
    import numba
    import numba.core.errors

    sys.modules.setdefault("ferrumba", numba)
    sys.modules.setdefault("ferrumba.types", numba.types)
    sys.modules.setdefault("ferrumba.errors", numba.core.errors)
    sys.modules.setdefault("ferrumba.core", numba.core)
    sys.modules.setdefault("ferrumba.core.errors", numba.core.errors)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "numba_differs(reason): Ferrumba-specified behaviour that Numba does not share; "
        "skipped only when FERRUMBA_TESTS_USE_NUMBA=1",
    )


def pytest_collection_modifyitems(config, items):
    if not USING_NUMBA:
        return
    for item in items:
        marker = item.get_closest_marker("numba_differs")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"numba differs: {reason}"))


def numba_differs(reason):
    """Marker for a test (or a pytest.param) whose specified behaviour real Numba does not have."""
    return pytest.mark.numba_differs(reason=reason)


# --------------------------------------------------------------------------------------------------
# Value catalogues

SIGNED = [np.int8, np.int16, np.int32, np.int64]
UNSIGNED = [np.uint8, np.uint16, np.uint32, np.uint64]
INT_TYPES = SIGNED + UNSIGNED
FLOAT_TYPES = [np.float32, np.float64]
COMPLEX_TYPES = [np.complex64, np.complex128]

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U64_MAX = 2**64 - 1


def int_edges(t):
    """Edge values of an integer NumPy type, as instances of that type."""
    info = np.iinfo(t)
    vals = {0, 1, 2, 7, info.max, info.max - 1, info.min}
    if info.min < 0:
        vals |= {-1, -2, -7, info.min + 1}
    return [t(v) for v in sorted(vals)]


FLOAT64_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e300, -1e300, 1e-300, 5e-324, 2.0**53,
                 math.inf, -math.inf, math.nan, 123.456, -7.25]
FLOAT32_EDGES = [np.float32(v) for v in [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 3.4e38, -3.4e38, 1e-38,
                                         1e-45, math.inf, -math.inf, math.nan, 123.456, -7.25]]


def wrap(value, signed=True):
    """Wrap a Python int to 64 bits, like int64/uint64 hardware arithmetic."""
    value &= U64_MAX
    if signed and value > I64_MAX:
        value -= 2**64
    return value


def py_scalar(v):
    """NumPy scalar -> the Python scalar Numba boxes it to."""
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.complexfloating):
        return complex(v)
    if isinstance(v, tuple):
        return tuple(py_scalar(x) for x in v)
    return v


def _is_nan(x):
    if isinstance(x, float):
        return math.isnan(x)
    if isinstance(x, complex):
        return cmath.isnan(x)
    return False


def _same_value(got, expected, rel, abs_tol):
    if isinstance(expected, tuple):
        return (
            isinstance(got, tuple)
            and len(got) == len(expected)
            and all(_same_value(g, e, rel, abs_tol) for g, e in zip(got, expected))
        )
    if type(got) is not type(expected):
        return False
    if isinstance(expected, float):
        if math.isnan(expected) or math.isnan(got):
            return math.isnan(expected) and math.isnan(got)
        if rel is None and abs_tol is None:
            # exact, including the sign of zero
            return got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)
        if math.isinf(expected) or math.isinf(got):
            return got == expected
        return math.isclose(got, expected, rel_tol=rel or 0.0, abs_tol=abs_tol or 0.0)
    if isinstance(expected, complex):
        return _same_value(got.real, expected.real, rel, abs_tol) and _same_value(
            got.imag, expected.imag, rel, abs_tol
        )
    return got == expected


def assert_value(got, expected, rel=None, abs_tol=None):
    """``got`` equals ``expected`` (a Python or NumPy value) in value and Python type; NaN equals NaN.

    Floats are compared bit-exactly (sign of zero included) unless ``rel``/``abs_tol`` are given.
    NumPy scalars in ``expected`` are converted to the Python scalar Numba returns for them.
    """
    expected = py_scalar(expected)
    assert _same_value(got, expected, rel, abs_tol), (
        f"got {got!r} ({type(got).__name__}), expected {expected!r} ({type(expected).__name__})"
    )


def assert_same(compiled, pyfunc, *args, rel=None, abs_tol=None, **kwargs):
    """Call the compiled function and its plain-Python twin; same value and type, or the same exception."""
    try:
        expected = pyfunc(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the twin decides which exception is right
        with pytest.raises(type(exc)):
            compiled(*args, **kwargs)
        return None
    got = compiled(*args, **kwargs)
    assert_value(got, expected, rel=rel, abs_tol=abs_tol)
    return got


def ids(values):
    """Readable ids for parametrized NumPy scalars: int8(-128), float32(nan), ..."""
    out = []
    for v in values:
        if isinstance(v, np.generic):
            out.append(f"{type(v).__name__}({v})")
        else:
            out.append(repr(v))
    return out


_defined = 0


def define(source, namespace):
    """``exec`` a ``def`` and return the function, with its source registered in :mod:`linecache`.

    Ferrumba compiles from source text (``inspect.getsource``); code made by a bare ``exec`` has no
    source file, so generated functions register theirs the way IPython does for its cells.
    """
    import linecache

    global _defined
    _defined += 1
    filename = "<ferrumba-test-%d>" % _defined
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace["f"]

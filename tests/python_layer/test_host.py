import builtins
import cmath
import math
import operator
import random
import sys

import numpy as np
import pytest

import ferrumba
from ferrumba import _host, errors, njit

GLOBAL_INT = 7
GLOBAL_TUPLE = (1, 2.5, (True, None), "s")
GLOBAL_NP_SCALAR = np.float32(1.5)
GLOBAL_LIST = [1, 2]
shadowed = "global"


class MyError(ValueError):
    pass


def plain(x):
    return x + GLOBAL_INT


def deco(f):
    return f


@deco
@deco
def decorated(x):
    return x


def test_source_plain():
    filename, first_line, col, src = _host.function_source(plain)
    assert filename == __file__
    assert first_line == plain.__code__.co_firstlineno
    assert col == 0
    assert src.startswith("def plain(x):\n") and "GLOBAL_INT" in src


def test_source_decorated_includes_decorators():
    filename, first_line, col, src = _host.function_source(decorated)
    assert src.splitlines()[0] == "@deco"
    assert src.splitlines()[2] == "def decorated(x):"
    with open(__file__) as fh:
        lines = fh.read().splitlines()
    assert lines[first_line - 1] == "@deco"


def test_source_nested_is_dedented():
    def inner(a,
              b):
        if a:
            return b

        return a
    filename, first_line, col, src = _host.function_source(inner)
    assert col == 4
    assert src.splitlines()[0] == "def inner(a,"
    assert src.splitlines()[1] == "          b):"
    assert src.splitlines()[2] == "    if a:"
    with open(__file__) as fh:
        lines = fh.read().splitlines()
    assert lines[first_line - 1][col:] == "def inner(a,"


def test_source_cached_per_code():
    first = _host.function_source(plain)
    assert _host.function_source(plain) is first


def test_source_unavailable():
    ns = {}
    exec("def f(x):\n    return x\n", ns)
    with pytest.raises(errors.CompilerError, match="cannot get the source of .*interactive"):
        _host.function_source(ns["f"])


def test_source_lambda():
    f = lambda x: x + 1  # noqa: E731
    _, first_line, col, src = _host.function_source(f)
    assert "lambda x: x + 1" in src
    assert first_line == f.__code__.co_firstlineno


def make_closure():
    k = 3
    m = math
    err = MyError
    def g(x):
        return x * k + m.pi, err
    return g


def test_resolve_closure_first():
    g = make_closure()
    assert _host.resolve_global(g, "k") == ("const", 3)
    assert _host.resolve_global(g, "m") == ("module", "math")
    kind, eid, name = _host.resolve_global(g, "err")
    assert kind == "exception" and name == "MyError"
    assert _host.exception_class(eid) is MyError


def test_resolve_empty_cell():
    def outer():
        def use():
            return later
        later = 1  # noqa: F841
        return use
    fn = outer()
    assert _host.resolve_global(fn, "later") == ("const", 1)

    def outer2():
        def use():
            return later  # noqa: F821
        return use
        later = 1  # noqa: F841
    assert _host.resolve_global(outer2(), "later") is None


def test_resolve_constants():
    assert _host.resolve_global(plain, "GLOBAL_INT") == ("const", 7)
    assert _host.resolve_global(plain, "GLOBAL_TUPLE") == ("const", GLOBAL_TUPLE)
    kind, value = _host.resolve_global(plain, "GLOBAL_NP_SCALAR")
    assert kind == "const" and value == 1.5 and type(value) is float
    assert _host.classify(np.int16(3)) == ("const", 3)
    assert _host.classify(np.bool_(True)) == ("const", True)
    assert type(_host.classify(np.bool_(True))[1]) is bool
    assert _host.classify(np.complex64(1 + 2j)) == ("const", 1 + 2j)
    assert _host.classify(None) == ("const", None)
    assert _host.classify(math.pi) == ("const", math.pi)
    assert _host.classify((np.int64(1), 2)) == ("const", (1, 2))
    assert _host.resolve_global(plain, "GLOBAL_LIST") == ("unsupported", "list")
    assert _host.classify((1, [2])) == ("unsupported", "tuple")


def test_resolve_globals_then_builtins():
    assert _host.resolve_global(plain, "shadowed") == ("const", "global")
    assert _host.resolve_global(plain, "abs") == ("builtin", "abs")
    assert _host.resolve_global(plain, "range") == ("builtin", "range")
    assert _host.resolve_global(plain, "len") == ("builtin", "len")
    assert _host.resolve_global(plain, "no_such_name") is None
    kind, eid, name = _host.resolve_global(plain, "ZeroDivisionError")
    assert (kind, name) == ("exception", "ZeroDivisionError")
    assert _host.exception_class(eid) is ZeroDivisionError
    # the registry is stable: same class, same id
    assert _host.resolve_global(plain, "ZeroDivisionError")[1] == eid


@pytest.mark.parametrize("name", """abs min max round int float bool complex pow divmod len
range print enumerate zip isinstance""".split())
def test_python_builtins(name):
    assert _host.classify(getattr(builtins, name)) == ("builtin", name)


def test_modules():
    assert _host.classify(math) == ("module", "math")
    assert _host.classify(cmath) == ("module", "cmath")
    assert _host.classify(operator) == ("module", "operator")
    assert _host.classify(random) == ("module", "random")
    assert _host.classify(np) == ("module", "numpy")
    assert _host.classify(np.random) == ("module", "numpy.random")
    assert _host.classify(np.linalg) == ("module", "numpy.linalg")
    assert _host.classify(np.linalg.norm) == ("builtin", "numpy.linalg.norm")
    assert _host.classify(ferrumba) == ("module", "ferrumba")
    assert _host.classify(sys) == ("unsupported", "module 'sys'")


def test_real_numba_module_maps_to_ferrumba():
    numba = pytest.importorskip("numba")
    assert _host.classify(numba) == ("module", "ferrumba")
    assert _host.classify(numba.prange) == ("builtin", "ferrumba.prange")


def test_module_functions():
    assert _host.classify(math.sqrt) == ("builtin", "math.sqrt")
    assert _host.classify(math.floor) == ("builtin", "math.floor")
    assert _host.classify(cmath.exp) == ("builtin", "cmath.exp")
    assert _host.classify(operator.add) == ("builtin", "operator.add")
    assert _host.classify(random.random) == ("builtin", "random.random")
    assert _host.classify(np.sqrt) == ("builtin", "numpy.sqrt")
    assert _host.classify(np.abs) == ("builtin", "numpy.absolute")
    assert _host.classify(np.zeros) == ("builtin", "numpy.zeros")
    assert _host.classify(np.float64) == ("builtin", "numpy.float64")
    assert _host.classify(np.random.rand) == ("builtin", "numpy.random.rand")
    assert _host.classify(ferrumba.prange) == ("builtin", "ferrumba.prange")
    assert _host.classify(ferrumba.literal_unroll) == ("builtin", "ferrumba.literal_unroll")
    assert _host.classify(ferrumba.int32) == ("builtin", "ferrumba.types.int32")


def test_dispatcher_and_unsupported():
    d = njit(plain)
    assert _host.classify(d) == ("dispatcher", d)
    assert _host.classify(plain) == ("unsupported", "function")
    assert _host.classify(object()) == ("unsupported", "object")
    assert _host.classify(lambda: 0) == ("unsupported", "function")


def test_resolve_module_attr():
    assert _host.resolve_module_attr("math", "sqrt") == ("builtin", "math.sqrt")
    assert _host.resolve_module_attr("math", "pi") == ("const", math.pi)
    assert _host.resolve_module_attr("math", "nope") is None
    assert _host.resolve_module_attr("numpy", "random") == ("module", "numpy.random")
    assert _host.resolve_module_attr("numpy.random", "rand") == (
        "builtin", "numpy.random.rand")
    assert _host.resolve_module_attr("numpy", "float32") == ("builtin", "numpy.float32")
    assert _host.resolve_module_attr("ferrumba", "prange") == ("builtin", "ferrumba.prange")
    assert _host.resolve_module_attr("ferrumba", "float64") == (
        "builtin", "ferrumba.types.float64")
    kind, eid, name = _host.resolve_module_attr("ferrumba", "TypingError")
    assert (kind, name) == ("exception", "TypingError")
    assert _host.resolve_module_attr("operator", "mul") == ("builtin", "operator.mul")
    assert _host.resolve_module_attr("builtins", "abs") == ("builtin", "abs")


def test_errors_reachable_from_host():
    assert _host.errors.TypingError is errors.TypingError
    assert _host.errors is sys.modules["ferrumba.core.errors"]

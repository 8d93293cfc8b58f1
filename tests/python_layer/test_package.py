import os
import subprocess
import sys

import pytest

import ferrumba

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_SRC = os.path.join(os.path.dirname(os.path.dirname(HERE)), "python")


def run_python(code, **env):
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join([PYTHON_SRC, HERE])
    full_env.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=full_env, check=True).stdout


PRELUDE = ("import sys, fake_core; sys.modules['ferrumba._core'] = fake_core.make_module()\n")


def test_import_is_light():
    out = run_python(PRELUDE + (
        "import time; t = time.perf_counter(); import ferrumba; "
        "dt = time.perf_counter() - t\n"
        "heavy = [m for m in ('inspect', 'numpy', 'ferrumba.dispatcher', 'ferrumba._host', "
        "'ctypes') if m in sys.modules]\n"
        "print(heavy); print(dt)\n"))
    heavy, dt = out.splitlines()
    assert heavy == "[]"
    assert float(dt) < 0.25  # measured ~10 ms; generous bound against noisy machines


def test_top_level_api():
    for name in ("jit", "njit", "typeof", "prange", "literal_unroll", "types", "errors",
                 "config", "int32", "float64", "void", "optional", "b1", "__version__",
                 "TypingError", "NumbaWarning", "get_num_threads", "set_num_threads",
                 "from_dtype", "install_numba_alias"):
        assert hasattr(ferrumba, name), name
    assert "njit" in dir(ferrumba)


@pytest.mark.parametrize("name", ["objmode", "cfunc",
                                  "generated_jit", "stencil"])
def test_later_features_clear_error(name):
    with pytest.raises(AttributeError, match="ferrumba"):
        getattr(ferrumba, name)
    assert not hasattr(ferrumba, name)


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ferrumba.nope


def test_disable_jit_env():
    out = run_python(PRELUDE + (
        "import ferrumba\n"
        "def f(x): return x\n"
        "print(ferrumba.njit(f) is f)\n"), FERRUMBA_DISABLE_JIT="1")
    assert out.strip() == "True"


def test_numba_alias():
    out = run_python(PRELUDE + (
        "import ferrumba; ferrumba.install_numba_alias()\n"
        "import numba; from numba import njit, types\n"
        "from numba.core import types as t2\n"
        "import numba.core.errors as e\n"
        "from numba.core.typing import signature\n"
        "import numba.core.config, numba.core.dispatcher\n"
        "from numba.core.decorators import jit\n"
        "print(numba is ferrumba, njit is ferrumba.njit, types is t2 is ferrumba.types, "
        "e is ferrumba.errors, numba.core.config is ferrumba.config, "
        "numba.core.dispatcher.Dispatcher is ferrumba.Dispatcher, jit is ferrumba.jit)\n"))
    assert out.split() == ["True"] * 7


def test_no_alias_by_default():
    out = run_python(PRELUDE + "import ferrumba; print('numba' in sys.modules)\n")
    assert out.strip() == "False"


def test_star_import():
    ns = {}
    exec("from ferrumba import *", ns)
    assert ns["njit"] is ferrumba.njit and ns["int32"] is ferrumba.types.int32
    assert ns["TypingError"] is ferrumba.errors.TypingError


def test_core_mirrors():
    import ferrumba.core.config
    import ferrumba.core.dispatcher
    import ferrumba.dispatcher
    assert ferrumba.core.config is ferrumba.config
    assert ferrumba.core.dispatcher is ferrumba.dispatcher
    assert isinstance(ferrumba.njit(lambda x: x), ferrumba.core.dispatcher.Dispatcher)

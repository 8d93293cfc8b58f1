"""The thread-pool API: set_num_threads/get_num_threads bounds, config.NUMBA_NUM_THREADS from the
environment (FERRUMBA_NUM_THREADS first, then NUMBA_NUM_THREADS), threading_layer()."""

import os
import subprocess
import sys

import pytest

import ferrumba
from helpers import numba_differs


def run_python(code, **env):
    full = dict(os.environ)
    for name in ("FERRUMBA_NUM_THREADS", "NUMBA_NUM_THREADS"):
        full.pop(name, None)
    full.update(env)
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


REPORT = "import ferrumba; print(ferrumba.config.NUMBA_NUM_THREADS, ferrumba.get_num_threads())"


def test_default_is_the_cpu_count():
    expected = len(os.sched_getaffinity(0))
    assert run_python(REPORT) == [str(expected), str(expected)]


@pytest.mark.parametrize("env, expected", [
    ({"FERRUMBA_NUM_THREADS": "3"}, "3"),
    ({"NUMBA_NUM_THREADS": "5"}, "5"),
    ({"FERRUMBA_NUM_THREADS": "2", "NUMBA_NUM_THREADS": "7"}, "2"),
])
def test_environment_sets_the_pool_size(env, expected):
    assert run_python(REPORT, **env) == [expected, expected]


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_bad_environment_value_is_a_clear_error(value):
    full = dict(os.environ, FERRUMBA_NUM_THREADS=value)
    out = subprocess.run([sys.executable, "-c", "import ferrumba"], env=full, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode != 0
    assert "FERRUMBA_NUM_THREADS must be a positive integer" in out.stderr


def test_set_num_threads_bounds():
    before = ferrumba.get_num_threads()
    top = ferrumba.config.NUMBA_NUM_THREADS
    try:
        for n in range(1, top + 1):
            ferrumba.set_num_threads(n)
            assert ferrumba.get_num_threads() == n
        for bad in (0, -1, top + 1):
            with pytest.raises(ValueError, match="between 1 and %d" % top):
                ferrumba.set_num_threads(bad)
        assert ferrumba.get_num_threads() == top
        with pytest.raises(TypeError):
            ferrumba.set_num_threads(2.0)
    finally:
        ferrumba.set_num_threads(before)


@numba_differs("ferrumba has one threading layer, named for what it is")
def test_threading_layer_and_config():
    assert ferrumba.threading_layer() == "workstealing"
    assert ferrumba.config.NUMBA_DEFAULT_NUM_THREADS == len(os.sched_getaffinity(0))
    assert ferrumba.config.THREADING_LAYER == "default"

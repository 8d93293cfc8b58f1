"""Random numbers in compiled code: ``np.random`` and ``random`` with their own per-thread state. After
seeding inside compiled code, the sequences equal what NumPy's legacy ``np.random`` and CPython's ``random``
produce for the same seed."""

import random
import threading

import numpy as np
import pytest

from ferrumba import njit


@njit
def np_draws(seed, n):
    np.random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.random()
    return out, np.random.normal(), np.random.normal(2.0, 0.5), np.random.uniform(2.0, 3.0), np.random.randn()


@njit
def np_ints(seed, n, low, high):
    np.random.seed(seed)
    out = np.empty(n, np.int64)
    for i in range(n):
        out[i] = np.random.randint(low, high)
    return out


@njit
def np_arrays(seed):
    np.random.seed(seed)
    return np.random.random(4), np.random.rand(2, 3), np.random.randn(3), np.random.normal(1.0, 2.0, 3), \
        np.random.uniform(-1.0, 1.0, 2), np.random.randint(0, 100, 5)


@njit
def py_draws(seed):
    random.seed(seed)
    return random.random(), random.random(), random.randint(1, 6), random.uniform(1.0, 2.0), random.randrange(3, 9)


@pytest.mark.parametrize("seed", [0, 1, 7, 42, 2**32 - 1])
def test_numpy_sequences_match_numpy(seed):
    values, n1, n2, u, z = np_draws(seed, 5)
    np.random.seed(seed)
    expected = [np.random.random() for _ in range(5)]
    assert list(values) == expected
    assert (n1, n2, u, z) == (np.random.normal(), np.random.normal(2.0, 0.5), np.random.uniform(2.0, 3.0),
                              np.random.randn())


@pytest.mark.parametrize("low,high", [(0, 10), (-5, 5), (0, 1), (100, 100000), (0, 2**40)])
def test_randint_matches_numpy(low, high):
    got = np_ints(3, 50, low, high)
    np.random.seed(3)
    expected = [np.random.randint(low, high) for _ in range(50)]
    assert list(got) == expected


def test_array_forms_match_numpy():
    got = np_arrays(11)
    np.random.seed(11)
    expected = (np.random.random(4), np.random.rand(2, 3), np.random.randn(3), np.random.normal(1.0, 2.0, 3),
                np.random.uniform(-1.0, 1.0, 2), np.random.randint(0, 100, 5))
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize("seed", [0, 5, 123456789, 2**40 + 3])
def test_python_random_matches_cpython(seed):
    got = py_draws(seed)
    random.seed(seed)
    assert got == (random.random(), random.random(), random.randint(1, 6), random.uniform(1.0, 2.0),
                   random.randrange(3, 9))


def test_compiled_state_is_independent_of_numpy_state():
    np.random.seed(99)
    before = np.random.random()
    np_draws(1, 3)  # seeds and draws in compiled code
    np.random.seed(99)
    assert np.random.random() == before


def test_empty_randint_range_raises_value_error():
    with pytest.raises(ValueError):
        np_ints(0, 1, 5, 5)


@njit(nogil=True)
def mean_of_draws(n):
    s = 0.0
    for i in range(n):
        s += np.random.random()
    return s / n


def test_each_thread_has_its_own_generator():
    results = []
    threads = [threading.Thread(target=lambda: results.append(mean_of_draws(20000))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(0.45 < r < 0.55 for r in results)


@njit
def permute(seed, a):
    np.random.seed(seed)
    b = a.copy()
    np.random.shuffle(b)
    return b, np.random.permutation(6), np.random.permutation(a), np.random.choice(a), np.random.choice(10)


@pytest.mark.parametrize("seed", [0, 3, 17])
def test_shuffle_permutation_choice_match_numpy(seed):
    a = np.arange(10.0) * 1.5
    got = permute(seed, a)
    np.random.seed(seed)
    b = a.copy()
    np.random.shuffle(b)
    expected = (b, np.random.permutation(6), np.random.permutation(a), np.random.choice(a), np.random.choice(10))
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)


LAZY_RANDOM_CHILD = r"""
import sys
import numpy as np
import ferrumba

@ferrumba.njit
def draws(seed):
    np.random.seed(seed)
    return np.random.random(), np.random.randint(0, 100), np.random.normal(), np.random.permutation(5), np.random.random(3)

@ferrumba.njit
def missing():
    return np.random.no_such_function()

first = tuple(x.tolist() if isinstance(x, np.ndarray) else x for x in draws(5))
lazy = "numpy.random" not in sys.modules
try:
    missing()
    error = ""
except Exception as e:
    error = type(e).__name__ + ": " + str(e)
print(repr((first, lazy, error)))
"""


def test_numpy_random_resolves_without_importing_numpys_random_package(tmp_path):
    # NumPy imports numpy.random lazily; compiling np.random calls (builtins and the library's overloads)
    # must not pay for that import.
    import os
    import subprocess
    import sys

    script = tmp_path / "lazy_random.py"
    script.write_text(LAZY_RANDOM_CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    first, lazy, error = eval(out.stdout.strip().splitlines()[-1])
    assert lazy
    np.random.seed(5)
    assert first == (np.random.random(), np.random.randint(0, 100), np.random.normal(),
                     np.random.permutation(5).tolist(), np.random.random(3).tolist())
    assert error.startswith("TypingError") and "no_such_function" in error

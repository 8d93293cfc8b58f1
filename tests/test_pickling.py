"""Pickling of @njit dispatchers, @vectorize ufuncs (eager and dynamic) and @guvectorize gufuncs (eager
and dynamic): by module and name when importable, else by value (the Python function through
cloudpickle); another process rebuilds and compiles them."""

import os
import pickle
import subprocess
import sys
import textwrap

import cloudpickle  # a test dependency (make test installs it; Dask depends on it)
import numpy as np
import pytest

import ferrumba
from ferrumba import guvectorize, njit, vectorize

KERNELS = '''
import math
import numpy as np
from ferrumba import guvectorize, njit, vectorize

@njit
def lazy(a, k):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * k
    return s

@njit(["float64(float64, float64)"])
def eager(x, y):
    return math.hypot(x, y)

@vectorize(["float64(float64, float64)", "int64(int64, int64)"], identity=0)
def vadd(x, y):
    return x + 2 * y

@vectorize
def dcube(x):
    return x * x * x

@guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)")
def gshift(x, k, out):
    for i in range(x.shape[0]):
        out[i] = x[i] + k

@guvectorize("(n)->()")
def dtotal(x, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s

def make_closure(scale):
    @vectorize(["float64(float64)"])
    def scaled(x):
        return x * scale
    return scaled
'''

CHECKS = '''
import numpy as np
def check(objs):
    lazy, eager, vadd, dcube, gshift, dtotal, scaled = objs
    a = np.array([1.0, -2.5, 0.0, np.inf])
    assert lazy(np.arange(4.0), 2.0) == 12.0
    assert eager(3.0, 4.0) == 5.0
    try:
        eager(np.arange(3.0), 1.0)
    except TypeError:
        pass
    else:
        raise AssertionError("eager dispatcher accepted new types")
    assert isinstance(vadd, np.ufunc) and vadd.types == ["dd->d", "ll->l"] and vadd.identity == 0
    np.testing.assert_array_equal(vadd(a, 1.0), a + 2.0)
    np.testing.assert_array_equal(vadd(np.arange(4), 3), np.arange(4) + 6)
    np.testing.assert_array_equal(dcube(np.arange(-3, 3)), np.arange(-3, 3) ** 3)
    assert isinstance(gshift, np.ufunc) and gshift.signature == "(n),()->(n)"
    np.testing.assert_array_equal(gshift(a, 1.0), a + 1.0)
    out = np.empty(2)
    dtotal(np.arange(6.0).reshape(2, 3), out)
    np.testing.assert_array_equal(out, [3.0, 12.0])
    np.testing.assert_array_equal(scaled(a), a * 3.0)
    print("CHECKED", type(lazy).__name__, type(dcube).__name__, type(dtotal).__name__)
'''


def _run(tmp_path, code):
    env = dict(os.environ)
    ferrumba_root = os.path.dirname(os.path.dirname(ferrumba.__file__))
    env["PYTHONPATH"] = os.pathsep.join([ferrumba_root, str(tmp_path)])
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture()
def kernel_files(tmp_path):
    (tmp_path / "kernels_mod.py").write_text(KERNELS)
    (tmp_path / "checks_mod.py").write_text(CHECKS)
    # The same kernels defined in a __main__ script.
    (tmp_path / "main_script.py").write_text(KERNELS + textwrap.dedent('''
        import pickle, sys
        import cloudpickle
        objs = (lazy, eager, vadd, dcube, gshift, dtotal, make_closure(3.0))
        with open(sys.argv[1], "wb") as f:
            (cloudpickle if sys.argv[2] == "cloudpickle" else pickle).dump(objs, f)
    '''))
    return tmp_path


def test_importable_objects_pickle_by_name_with_plain_pickle(kernel_files):
    _run(kernel_files, '''
        import pickle
        import kernels_mod as m
        objs = (m.lazy, m.eager, m.vadd, m.dcube, m.gshift, m.dtotal)
        data = pickle.dumps(objs)
        assert b"kernels_mod" in data and b"cloudpickle" not in data   # by name
        assert all(a is b for a, b in zip(pickle.loads(data), objs))
        open("by_name.pkl", "wb").write(data)
        # a closure cannot be found by name: it travels by value
        open("closure.pkl", "wb").write(pickle.dumps(m.make_closure(3.0)))
    ''')
    out = _run(kernel_files, '''
        import pickle
        from checks_mod import check
        objs = pickle.load(open("by_name.pkl", "rb")) + (pickle.load(open("closure.pkl", "rb")),)
        check(objs)
    ''')
    assert "CHECKED Dispatcher DUFunc GUFunc" in out


@pytest.mark.parametrize("module", ["pickle", "cloudpickle"])
def test_main_script_objects_rebuild_in_a_fresh_process(kernel_files, module):
    subprocess.run([sys.executable, "main_script.py", "objs.pkl", module], cwd=str(kernel_files), check=True,
                   env=dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(ferrumba.__file__))),
                   timeout=120)
    out = _run(kernel_files, '''
        import pickle
        from checks_mod import check
        objs = pickle.load(open("objs.pkl", "rb"))
        check(objs)
    ''')
    assert "CHECKED Dispatcher DUFunc GUFunc" in out


# -- in this process -----------------------------------------------------------------------------------

@vectorize(["float64(float64)"])
def module_ufunc(x):
    return x + 1.0


@njit
def module_dispatcher(x):
    return x * 2


def test_roundtrip_in_process_by_name():
    for obj in (module_ufunc, module_dispatcher):
        assert pickle.loads(pickle.dumps(obj)) is obj
        assert cloudpickle.loads(cloudpickle.dumps(obj)) is obj


def test_roundtrip_in_process_by_value():
    def local_kernel(x, y):
        return x * y - 1

    eager = vectorize(["float64(float64, float64)", "float32(float32, float32)"])(local_kernel)
    dynamic = vectorize(local_kernel)
    disp = njit(local_kernel)

    def g_kernel(x, out):
        for i in range(x.shape[0]):
            out[i] = -x[i]
    gu = guvectorize(["void(int32[:], int32[:])"], "(n)->(n)")(g_kernel)
    gu_dyn = guvectorize("(n)->(n)")(g_kernel)

    x = np.array([0.0, -1.5, 2.0, np.nan])
    for dumps in (pickle.dumps, cloudpickle.dumps):
        e2 = pickle.loads(dumps(eager))
        assert e2 is not eager and isinstance(e2, np.ufunc) and e2.types == eager.types
        np.testing.assert_array_equal(e2(x, x), x * x - 1)
        np.testing.assert_array_equal(pickle.loads(dumps(dynamic))(x, 2.0), x * 2.0 - 1)
        assert pickle.loads(dumps(disp))(3, 4) == 11
        g2 = pickle.loads(dumps(gu))
        np.testing.assert_array_equal(g2(np.arange(4, dtype=np.int32)), -np.arange(4))
        gd = pickle.loads(dumps(gu_dyn))
        out = np.empty(3)
        gd(np.ones(3), out)
        np.testing.assert_array_equal(out, -np.ones(3))


def test_numpy_ufuncs_still_pickle_by_name():
    assert pickle.loads(pickle.dumps(np.add)) is np.add
    assert pickle.loads(pickle.dumps(np.sqrt)) is np.sqrt
    f = np.frompyfunc(lambda x: x, 1, 1)
    with pytest.raises(Exception):
        pickle.dumps(f)

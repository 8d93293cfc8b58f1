import warnings

import pytest

import ferrumba
from ferrumba import errors, float64, int32, jit, njit, types


def add(a, b):
    return a + b


def test_bare_and_called():
    d = njit(add)
    assert d(1, 2) == 3
    assert d.py_func is add
    d2 = njit()(add)
    assert d2(1.5, 2) == 3.5
    d3 = jit(add)
    assert d3(1, 2) == 3
    assert d3.targetoptions["error_model"] == "python"


def test_decorator_forms():
    @njit
    def f(x):
        return x + 1
    assert f(1) == 2

    @njit(cache=True, fastmath=True, nogil=True, parallel=True, boundscheck=True)
    def g(x):
        return x
    opts = g.targetoptions
    assert opts == {"error_model": "python", "boundscheck": True, "fastmath": True,
                    "nogil": True, "parallel": True, "cache": True, "inline": "never",
                    "locals": {}}


def test_core_receives_options_and_host(fake_core):
    d = njit(error_model="numpy", locals={"x": int32, "y": "float64", "z": "f4[:, ::1]",
                                         "w": "unicode_type"},
             fastmath={"nnan"})(add)
    from ferrumba import _host
    assert d.host is _host
    assert d.options["error_model"] == "numpy"
    assert d.options["locals"] == {"x": "int32", "y": "float64",
                                   "z": "array(float32, 2d, C)", "w": "unicode_type"}
    assert d.locals["x"] is int32 and d.locals["z"] == types.float32[:, ::1]
    assert d.options["fastmath"] is True


@pytest.mark.parametrize("sig, expected", [
    ("float64(int32, float64)", "float64(int32, float64)"),
    ("(int32, float64)", "(int32, float64)"),
    (float64(int32, float64), "float64(int32, float64)"),
    ((int32, float64), "(int32, float64)"),
    ("f8(i4, f8)", "float64(int32, float64)"),
])
def test_eager_signature(sig, expected):
    d = njit(sig)(add)
    assert d.compile_calls == [expected]
    assert d._can_compile is False
    assert d.signatures == [(int32, float64)]


def test_eager_signature_list_and_lazy_mismatch():
    d = jit(["float64(float64, float64)", (int32, int32)], nogil=True)(add)
    assert d.compile_calls == ["float64(float64, float64)", "(int32, int32)"]
    assert d.signatures == [(float64, float64), (int32, int32)]
    with pytest.raises(TypeError, match="No matching definition"):
        d(1j, 2)


def test_signature_as_keyword():
    d = jit(signature_or_function=add)
    assert d(2, 3) == 5


def test_unknown_option():
    with pytest.raises(KeyError, match="Unrecognized options"):
        njit(foo=1)(add)
    with pytest.raises(KeyError):
        njit(add, nopythn=True)


def test_bad_option_values():
    with pytest.raises(ValueError, match="error_model"):
        njit(error_model="fortran")
    with pytest.raises(ValueError, match="inline"):
        njit(inline="sometimes")
    with pytest.raises(errors.UnsupportedError):
        njit(inline=lambda *a: True)
    with pytest.raises(TypeError):
        njit(boundscheck="yes")
    with pytest.raises(errors.UnsupportedError, match="target"):
        jit(target="cuda")
    with pytest.raises(errors.UnsupportedError):
        jit(pipeline_class=object)
    with pytest.raises(errors.DeprecationError):
        jit(argtypes=(int32,))
    with pytest.raises(TypeError):
        njit(locals={"x": 3})
    with pytest.raises(TypeError):
        njit(locals={"x": "float64("})


def test_forceobj_and_nopython():
    with pytest.raises(errors.UnsupportedError, match="object mode"):
        jit(forceobj=True)
    with pytest.raises(ValueError, match="Only one of"):
        jit(nopython=True, forceobj=True)
    with pytest.warns(errors.NumbaDeprecationWarning, match="nopython=False"):
        d = jit(nopython=False)(add)
    assert d(1, 2) == 3
    with pytest.warns(RuntimeWarning, match="nopython is set for njit"):
        njit(nopython=True)
    with pytest.warns(RuntimeWarning, match="forceobj is set for njit"):
        d = njit(forceobj=True)(add)
    assert d(1, 2) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        jit(nopython=True, looplift=True, debug=False, _nrt=True, no_cpython_wrapper=False,
            no_cfunc_wrapper=False, target="cpu")(add)


def test_not_a_function_and_double_jit():
    with pytest.raises(TypeError, match="not a function"):
        njit(len)
    d = njit(add)
    with pytest.raises(TypeError, match="already jitted"):
        njit(d)


def test_disable_jit(monkeypatch):
    monkeypatch.setattr(ferrumba.config, "DISABLE_JIT", True)
    assert njit(add) is add
    assert njit("float64(float64, float64)")(add) is add


def test_config_env(monkeypatch):
    from ferrumba import config
    monkeypatch.setenv("FERRUMBA_DISABLE_JIT", "1")
    monkeypatch.setenv("FERRUMBA_DUMP_CLIF", "true")
    monkeypatch.setenv("FERRUMBA_BOUNDSCHECK", "0")
    monkeypatch.setenv("NUMBA_DUMP_IR", "1")
    try:
        config.reload_config()
        assert config.DISABLE_JIT and config.DUMP_CLIF and not config.DUMP_IR
        assert config.BOUNDSCHECK is False
    finally:
        monkeypatch.undo()
        config.reload_config()
    assert not config.DISABLE_JIT and config.BOUNDSCHECK is None


def test_boundscheck_env_overrides(monkeypatch):
    monkeypatch.setattr(ferrumba.config, "BOUNDSCHECK", True)
    assert njit(boundscheck=False)(add).options["boundscheck"] is True


def test_prange_and_helpers():
    assert ferrumba.prange(3) == range(3)
    assert list(ferrumba.prange(1, 7, 2)) == [1, 3, 5]
    t = (1, 2.0)
    assert ferrumba.literal_unroll(t) is t
    assert ferrumba.get_num_threads() == 1
    ferrumba.set_num_threads(4)
    with pytest.raises(ValueError):
        ferrumba.set_num_threads(0)

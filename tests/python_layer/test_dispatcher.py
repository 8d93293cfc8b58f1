import io

import pytest

import ferrumba
from ferrumba import errors, float64, int32, int64, njit, types


def add(a, b):
    return a + b


def test_is_core_subclass(fake_core):
    d = njit(add)
    from ferrumba.dispatcher import Dispatcher, CPUDispatcher
    assert isinstance(d, Dispatcher) and isinstance(d, fake_core.Dispatcher)
    assert CPUDispatcher is Dispatcher
    assert ferrumba.Dispatcher is Dispatcher


def test_wrapper_attributes():
    def documented(x):
        """Some docs."""
        return x
    d = njit(documented)
    assert d.__name__ == "documented"
    assert d.__doc__ == "Some docs."
    assert d.__wrapped__ is documented
    assert d.__module__ == documented.__module__
    assert d.__qualname__ == documented.__qualname__
    assert repr(d) == "CPUDispatcher(%r)" % (documented,)


def test_signatures_and_overloads():
    d = njit(add)
    d(1, 2)
    d(1.0, 2.0)
    assert d.signatures == [(int64, int64), (float64, float64)]
    assert d.nopython_signatures == [float64(int64, int64), float64(float64, float64)]
    ov = d.overloads
    assert list(ov) == [(int64, int64), (float64, float64)]
    res = ov[(int64, int64)]
    assert res.signature == float64(int64, int64)
    assert res.argtypes == (int64, int64) and res.restype is float64
    assert res.entry_point == (d.handle, 0)
    assert "typed dump of add(int64, int64)" in res.type_annotation


def test_inspect():
    d = njit("float64(int32, float64)")(add)
    out = io.StringIO()
    d.inspect_types(file=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "add (int32, float64)"
    assert "-" * 80 in text and "=" * 80 in text
    assert "typed dump of add(int32, float64)" in text
    asm = d.inspect_asm()
    assert list(asm) == [(int32, float64)]
    assert asm[(int32, float64)].startswith("asm dump")
    assert d.inspect_asm((int32, float64)).startswith("asm dump")
    assert d.inspect_asm("(int32, float64)").startswith("asm dump")
    assert d.inspect_asm(float64(int32, float64)).startswith("asm dump")
    assert d.inspect_clif()[(int32, float64)].startswith("clif dump")
    assert d.inspect_ir()[(int32, float64)].startswith("ir dump")
    with pytest.raises(KeyError):
        d.inspect_asm((int64, int64))
    with pytest.raises(errors.UnsupportedError, match="inspect_clif"):
        d.inspect_llvm()


def test_recompile_and_disable():
    d = njit(add)
    d(1, 2)
    d(1.0, 2.0)
    d.disable_compile()
    assert d._can_compile is False
    d.recompile()
    assert d.compile_calls == ["(int64, int64)", "(float64, float64)"]
    assert d.signatures == [(int64, int64), (float64, float64)]
    assert d._can_compile is False
    d.disable_compile(False)
    assert d._can_compile is True


def test_compile_method():
    d = njit(add)
    d.compile("int64(int64, int64)")
    d.compile((int32, int32))
    d.compile(float64(float64, float64))
    assert d.compile_calls == ["int64(int64, int64)", "(int32, int32)",
                               "float64(float64, float64)"]


def test_fold_arguments():
    def f(a, b=10, *, c=5):
        return a + b + c
    d = njit(f)
    assert d._fold_arguments((1,), {}) == (1, 10, 5)
    assert d._fold_arguments((1,), {"c": 2, "b": 3}) == (1, 3, 2)
    assert d(1) == 16 and d(1, c=0) == 11 and d(a=1, b=1, c=1) == 3
    with pytest.raises(TypeError, match="f\\(\\) missing a required argument: 'a'"):
        d._fold_arguments((), {})
    with pytest.raises(TypeError):
        d._fold_arguments((1, 2, 3), {})
    with pytest.raises(TypeError, match="unexpected keyword"):
        d._fold_arguments((1,), {"zz": 1})


def test_fold_star_args():
    def g(a, *rest):
        return a + sum(rest)
    d = njit(g)
    assert d._fold_arguments((1, 2, 3), {}) == (1, (2, 3))
    assert d._fold_arguments((1,), {}) == (1, ())
    assert d(1, 2, 3) == 6


def test_kwargs_function_unsupported():
    def h(a, **kw):
        return a
    d = njit(h)
    with pytest.raises(errors.UnsupportedError, match="kwargs"):
        d._fold_arguments((1,), {"x": 1})


def test_method_binding():
    class K(object):
        def __init__(self, v):
            self.v = v
        scaled = njit(lambda self, x: x * 2)
    k = K(1)
    bound = k.scaled
    assert bound.__self__ is k and bound.__func__ is K.__dict__["scaled"]
    assert K.scaled is K.__dict__["scaled"]


def test_typeof_pyval():
    d = njit(add)
    assert d.typeof_pyval((1, 2)) == types.UniTuple(types.int64, 2)


def test_metadata_and_stats():
    d = njit("float64(int32, float64)", fastmath=True)(add)
    meta = d.get_metadata()
    assert list(meta) == [(int32, float64)]
    assert meta[(int32, float64)]["signature"] == float64(int32, float64)
    assert d.get_metadata(d.signatures[0])["options"]["fastmath"] is True
    assert d.stats.cache_hits == {}
    with pytest.raises(errors.UnsupportedError):
        d.inspect_disasm_cfg()
    with pytest.raises(errors.UnsupportedError):
        d.inspect_cfg()

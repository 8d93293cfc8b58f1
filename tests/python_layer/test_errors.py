import warnings

import pytest

import ferrumba
from ferrumba.core import errors


def test_mirror_module():
    import ferrumba.errors as e
    assert e is errors is ferrumba.errors


@pytest.mark.parametrize("child, parent", [
    ("NumbaError", Exception), ("TypingError", "NumbaError"),
    ("UnsupportedError", "NumbaError"), ("UnsupportedRewriteError", "UnsupportedError"),
    ("LoweringError", "NumbaError"), ("CompilerError", "NumbaError"),
    ("InternalError", "NumbaError"), ("ForceLiteralArg", "NumbaError"),
    ("NotDefinedError", "IRError"), ("IRError", "NumbaError"),
    ("ConstantInferenceError", "NumbaError"), ("UntypedAttributeError", "TypingError"),
    ("RequireLiteralValue", "TypingError"), ("NumbaValueError", "TypingError"),
    ("ForbiddenConstruct", "LoweringError"), ("NumbaWarning", Warning),
    ("NumbaDeprecationWarning", DeprecationWarning),
    ("NumbaDeprecationWarning", "NumbaWarning"),
    ("NumbaPendingDeprecationWarning", PendingDeprecationWarning),
    ("NumbaPerformanceWarning", "NumbaWarning"),
    ("UnsupportedParforsWarning", "NumbaWarning"),
])
def test_hierarchy(child, parent):
    child = getattr(errors, child)
    if isinstance(parent, str):
        parent = getattr(errors, parent)
    assert issubclass(child, parent)


def test_hierarchy_matches_numba():
    numba_errors = pytest.importorskip("numba.core.errors")
    for name in errors.__all__:
        ours = getattr(errors, name)
        theirs = getattr(numba_errors, name, None)
        if theirs is None or not isinstance(ours, type):
            continue
        our_bases = {c.__name__ for c in ours.__mro__}
        their_bases = {c.__name__ for c in theirs.__mro__}
        assert our_bases <= their_bases | {"UnsupportedParforsWarning"}, name
        # every Numba ancestor that we also define is our ancestor too
        for base in theirs.__mro__:
            if hasattr(errors, base.__name__) and base.__module__.startswith("numba"):
                assert base.__name__ in our_bases, (name, base.__name__)


def test_messages():
    e = errors.TypingError("bad types")
    assert str(e) == "bad types" and e.msg == "bad types"
    e.add_context("resolving call")
    assert "During: resolving call" in str(e)
    assert "Variable 'x' is not defined" in str(errors.NotDefinedError("x"))
    inner = ValueError("boom")
    assert errors.InternalError(inner).old_exception is inner
    f = errors.ForceLiteralArg([0]) | errors.ForceLiteralArg({2})
    assert f.requested_args == frozenset({0, 2})


def test_top_level_exports():
    assert ferrumba.TypingError is errors.TypingError
    assert ferrumba.NumbaWarning is errors.NumbaWarning
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        warnings.warn("x", errors.NumbaPerformanceWarning)
    assert issubclass(w[0].category, errors.NumbaWarning)

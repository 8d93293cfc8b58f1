"""Compile errors: the right exception class (ferrumba.errors.TypingError / UnsupportedError), a message that
names the problem, and - strictly - the location: the file name, `:<line>` of the offending line, the source
line itself, a caret under it, and a hint saying what to do. Wording is checked leniently with regexes.

The kernels below must stay at module level: the compiler reads their source with inspect.getsource."""

import inspect
import os
import re

import pytest

from ferrumba import njit
from ferrumba.errors import TypingError, UnsupportedError

from helpers import numba_differs

COMPILE_ERRORS = (TypingError, UnsupportedError)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain_python_helper(x):
    return x + 1


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def k_unknown_global(x):
    y = x * 2
    return y + undefined_name_xyz  # noqa: F821 - the error under test


def k_untyped_call(x):
    y = x + 1
    return plain_python_helper(y) * 2


def k_unify_tuple_int(x):
    if x > 0:
        return (x, x)
    return x


def k_unify_in_variable(x):
    if x > 0:
        v = (x, 1.5)
    else:
        v = x
    return v


def k_try(x):
    try:
        y = x + 1
    except Exception:
        y = 0
    return y


def k_with(x):
    with Ctx():
        x += 1
    return x


def k_listcomp(x):
    values = [i * i for i in range(x)]
    return len(values)


def k_class(x):
    class Local:
        pass

    return x


def k_import(x):
    import os as _os  # noqa: F401

    return x


def k_global_stmt(x):
    global SOME_GLOBAL
    SOME_GLOBAL = x
    return x


def k_string_add(x):
    return "text" + x


# name -> (kernel, [source fragments of the offending line; any one may be reported], message regex,
#          marks for the class/message check, marks for the file+source check)
CASES = {
    "unknown_global": (k_unknown_global, ["return y + undefined_name_xyz"], r"undefined_name_xyz", [],
                       [numba_differs("Numba's NameError message has no file or source excerpt")]),
    "untyped_call": (k_untyped_call, ["return plain_python_helper(y) * 2"],
                     r"plain_python_helper", [], []),
    "unify_return": (k_unify_tuple_int, ["return (x, x)", "return x"], r"(?i)unif", [], []),
    "unify_variable": (k_unify_in_variable, ["v = (x, 1.5)", "v = x", "return v"], r"(?i)unif", [], []),
    "try": (k_try, ["try:"], r"(?i)try|exception|unsupported",
            [numba_differs("Numba supports try/except; out of scope for the milestone")],
            [numba_differs("Numba supports try/except")]),
    "with": (k_with, ["with Ctx():"], r"(?i)with|context manager|unsupported",
             [numba_differs("Numba raises CompilerError for an unsupported context manager")], []),
    "list_comprehension": (k_listcomp, ["values = [i * i for i in range(x)]"], r"(?i)list|comprehension|unsupported",
                           [numba_differs("Numba supports lists; out of scope for the milestone")],
                           [numba_differs("Numba supports lists")]),
    "class_definition": (k_class, ["class Local:"], r"(?i)class|unsupported",
                         [numba_differs("Numba raises UnsupportedBytecodeError, not an UnsupportedError subclass")],
                         [numba_differs("Numba's bytecode error has no source excerpt")]),
    "import_statement": (k_import, ["import os as _os"], r"(?i)import|unsupported",
                         [numba_differs("Numba raises UnsupportedBytecodeError, not an UnsupportedError subclass")],
                         [numba_differs("Numba's bytecode error has no source excerpt")]),
    "global_statement": (k_global_stmt, ["global SOME_GLOBAL", "SOME_GLOBAL = x"], r"(?i)global|unsupported",
                         [numba_differs("Numba raises UnsupportedBytecodeError, not an UnsupportedError subclass")],
                         [numba_differs("Numba's bytecode error has no source excerpt")]),
    "string_add": (k_string_add, ['return "text" + x'], r"(?i)str|unicode|text|no implementation|unsupported",
                   [], []),
}


def line_of(fn, fragment):
    """Absolute line number in this file of the first source line of ``fn`` containing ``fragment``."""
    lines, first = inspect.getsourcelines(fn)
    for i, text in enumerate(lines):
        if fragment in text:
            return first + i
    raise AssertionError(f"{fragment!r} not in {fn.__name__}")


def compile_error(fn, arg=3):
    with pytest.raises(Exception) as info:
        njit(fn)(arg)
    return info.value, ANSI.sub("", str(info.value))


def _params(index):
    return [pytest.param(name, marks=case[index], id=name) for name, case in CASES.items()]


@pytest.mark.parametrize("name", _params(3))
def test_error_class_and_message(name):
    fn, _, pattern, _, _ = CASES[name]
    exc, message = compile_error(fn)
    assert isinstance(exc, COMPILE_ERRORS), f"{type(exc).__name__}: {message}"
    assert re.search(pattern, message), message


@pytest.mark.parametrize("name", _params(4))
def test_message_names_file_and_shows_source(name):
    fn, fragments, _, _, _ = CASES[name]
    _, message = compile_error(fn)
    assert os.path.basename(__file__) in message, message
    assert any(fragment in message for fragment in fragments), message


@numba_differs("Numba renders locations as 'File \"x.py\", line N:' and has no hint line")
@pytest.mark.parametrize("name", list(CASES))
def test_location_line_caret_and_hint(name):
    fn, fragments, _, _, _ = CASES[name]
    exc, message = compile_error(fn)
    assert isinstance(exc, COMPILE_ERRORS), f"{type(exc).__name__}: {message}"
    filename = re.escape(os.path.basename(__file__))
    reported = [
        fragment for fragment in fragments
        if re.search(rf"{filename}:{line_of(fn, fragment)}\b", message) and fragment in message
    ]
    assert reported, f"expected {os.path.basename(__file__)}:<line> of one of {fragments} in:\n{message}"
    assert re.search(r"^[\s\d|]*\^+\s*$", message, re.MULTILINE), f"no caret line in:\n{message}"
    assert re.search(r"(?i)help|hint", message), f"no hint in:\n{message}"


@numba_differs("Numba's caret does not underline the offending name")
def test_caret_points_at_the_unknown_name():
    _, message = compile_error(k_unknown_global)
    lines = message.splitlines()
    src = next(i for i, line in enumerate(lines) if "return y + undefined_name_xyz" in line)
    caret = lines[src + 1]
    col = lines[src].index("undefined_name_xyz")
    assert caret[col] == "^", f"{lines[src]}\n{caret}"


def test_errors_are_typing_errors_where_numba_says_so():
    for fn in (k_unknown_global, k_untyped_call, k_unify_tuple_int):
        exc, message = compile_error(fn)
        assert isinstance(exc, TypingError), f"{fn.__name__}: {type(exc).__name__}: {message}"


def test_eager_signature_reports_error_at_decoration():
    with pytest.raises(TypingError) as info:
        njit("int64(int64)")(k_untyped_call)
    assert "plain_python_helper" in ANSI.sub("", str(info.value))


def test_failed_compilation_leaves_no_signature_and_fails_again():
    f = njit(k_untyped_call)
    with pytest.raises(TypingError):
        f(1)
    assert f.signatures == []
    with pytest.raises(TypingError):
        f(1)


def test_python_function_still_callable_after_compile_error():
    f = njit(k_unify_tuple_int)
    with pytest.raises(TypingError):
        f(1)
    assert f.py_func(1) == (1, 1)


def test_untyped_call_says_to_compile_the_callee():
    with pytest.raises(TypingError, match=r"(?s)plain Python function.*@njit"):
        njit(k_untyped_call)(3)


@pytest.mark.parametrize("stage,marker", [
    ("IR", "IR: dumped"), ("TYPED", "typed IR: dumped"), ("CLIF", "CLIF: dumped"), ("ASM", "assembly: dumped"),
])
def test_every_stage_can_be_dumped(tmp_path, stage, marker):
    import subprocess
    import sys

    script = tmp_path / "dump_me.py"
    script.write_text("from ferrumba import njit\n@njit\ndef dumped(a, b):\n    return a * b + 1\nprint(dumped(2, 3))\n")
    env = dict(os.environ, **{"FERRUMBA_DUMP_" + stage: "1"})
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert marker in out.stdout
    assert out.stdout.strip().endswith("7")

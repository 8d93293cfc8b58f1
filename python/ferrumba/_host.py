"""Services the Rust core calls while compiling (``host`` in ``_core.Dispatcher(...)``).

Kept import-light: :mod:`inspect` and :mod:`numpy` are imported on first use.

* :func:`function_source` -- the source text the core parses;
* :func:`resolve_global` / :func:`resolve_module_attr` -- what a free name or a module
  attribute refers to, classified into one of the tuples the core understands;
* :func:`exception_class` -- the exception class behind an ``("exception", id, name)``;
* ``errors`` -- :mod:`ferrumba.core.errors`, so the core can raise ``host.errors.TypingError``
  and friends without importing anything.
"""

import builtins as _builtins
import sys as _sys

from ferrumba.core import errors  # noqa: F401 - for the core: host.errors.TypingError
from ferrumba.core.errors import CompilerError

# --------------------------------------------------------------------------- source

_source_cache = {}


def function_source(py_func):
    """``(filename, first_line, col_offset, source)`` for ``py_func``.

    ``source`` is the function's source (decorators included) with the common indentation
    removed; ``col_offset`` is the number of columns removed and ``first_line`` the
    1-based line number in ``filename`` where ``source`` starts. For a lambda the source is
    the whole statement(s) holding it. Cached per code object.
    """
    code = getattr(py_func, "__code__", None)
    if code is not None:
        hit = _source_cache.get(code)
        if hit is not None:
            return hit
    found = _fast_source_lines(code) if code is not None else None
    if found is not None:
        filename, lines, first_line = found
    else:
        import inspect
        try:
            lines, first_line = inspect.getsourcelines(py_func)
        except (OSError, TypeError) as e:
            raise CompilerError(
                "cannot get the source of %r: %s; ferrumba compiles from source, so define the "
                "function in a file, not in the interactive prompt" % (py_func, e)) from None
        filename = inspect.getsourcefile(py_func) or getattr(code, "co_filename", "<unknown>")
    col_offset = _common_indent(lines)
    source = "".join(line[col_offset:] if line.strip() else line.lstrip(" \t")
                     for line in lines)
    result = (filename, max(first_line, 1), col_offset, source)
    if code is not None:
        _source_cache[code] = result
    return result


def _fast_source_lines(code):
    """The lines of a ``def`` (decorators included) read straight from :mod:`linecache`, without the
    cost of :mod:`inspect`'s tokenizer: from ``co_firstlineno`` while lines are blank or indented
    deeper than the first one. ``None`` (use :mod:`inspect`) for lambdas, or when the block found does
    not compile on its own (a column-0 string inside the body, a header split oddly...)."""
    if code.co_name == "<lambda>":
        return None
    import linecache
    filename = code.co_filename
    all_lines = linecache.getlines(filename)
    start = code.co_firstlineno - 1
    if not 0 <= start < len(all_lines):
        return None
    first = all_lines[start]
    base = len(first) - len(first.lstrip(" \t"))
    end = start + 1
    in_body = first.lstrip().startswith(("def ", "async def "))
    while end < len(all_lines):
        line = all_lines[end]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        if not in_body:
            # Decorators (at the same indentation) up to the def line.
            in_body = line.lstrip().startswith(("def ", "async def "))
            end += 1
            continue
        if stripped and indent <= base and not stripped.startswith("#"):
            break
        end += 1
    while end > start + 1 and not all_lines[end - 1].strip():
        end -= 1
    lines = all_lines[start:end]
    col = _common_indent(lines)
    text = "".join(line[col:] if line.strip() else "\n" for line in lines)
    try:
        compile(text, filename, "exec", dont_inherit=True)
    except SyntaxError:
        return None
    return filename, lines, start + 1


def _common_indent(lines):
    prefix = None
    for line in lines:
        if not line.strip():
            continue
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if prefix is None:
            prefix = indent
        else:
            n = 0
            for a, b in zip(prefix, indent):
                if a != b:
                    break
                n += 1
            prefix = prefix[:n]
        if not prefix:
            return 0
    return len(prefix or "")


# --------------------------------------------------------------------------- exceptions

_exception_classes = []
_exception_ids = {}


def _exception_id(cls):
    try:
        return _exception_ids[cls]
    except KeyError:
        _exception_classes.append(cls)
        _exception_ids[cls] = len(_exception_classes) - 1
        return _exception_ids[cls]


def exception_class(id):
    """The exception class registered under ``id`` by :func:`resolve_global`."""
    return _exception_classes[id]


# --------------------------------------------------------------------------- names

_BUILTIN_FUNCTIONS = """
abs all any bin bool chr complex divmod enumerate filter float hash hex int isinstance iter
len list map max min next oct ord pow print range reversed round slice sorted str sum tuple
type zip dict set
""".split()

#: Modules the core knows, by the name it knows them under.
_SUPPORTED_MODULES = {
    "math": "math",
    "cmath": "cmath",
    "operator": "operator",
    "random": "random",
    "numpy": "numpy",
    "numpy.random": "numpy.random",
    "numpy.linalg": "numpy.linalg",
    "ferrumba": "ferrumba",
    "numba": "ferrumba",
}

_known = None  # id(obj) -> (obj, qualified name)


def _register_module_functions(known, module, prefix):
    """Map every public callable of ``module`` to ``prefix + name``; the first registration
    of an object wins, and an alias is named by the object's own ``__name__`` when the module
    has it under that name too (``numpy.abs`` is registered as ``numpy.absolute``)."""
    namespace = vars(module)
    for name, value in list(namespace.items()):
        if name.startswith("_") or not callable(value) or isinstance(value, type(_sys)):
            continue
        if isinstance(value, type) and issubclass(value, BaseException):
            continue  # exception classes are classified as exceptions
        canonical = getattr(value, "__name__", None)
        if isinstance(canonical, str) and namespace.get(canonical) is value:
            name = canonical
        known.setdefault(id(value), (value, prefix + name))


#: Modules whose functions are registered, once each, as soon as they are imported (a
#: function can only be referenced once its module is); numpy.random before numpy.
_FUNCTION_MODULES = (
    ("math", "math."), ("cmath", "cmath."), ("operator", "operator."),
    ("random", "random."), ("numpy.random", "numpy.random."),
    ("numpy.linalg", "numpy.linalg."), ("numpy", "numpy."),
)
_registered_modules = set()


def _known_functions():
    global _known
    known = _known
    if known is None:
        known = {}
        for name in _BUILTIN_FUNCTIONS:
            obj = getattr(_builtins, name)
            known[id(obj)] = (obj, name)
        from ferrumba import decorators, special
        for name in ("prange", "pndindex", "literal_unroll", "literally", "get_num_threads",
                     "set_num_threads", "get_thread_id"):
            obj = getattr(special, name)
            known[id(obj)] = (obj, "ferrumba." + name)
        for name in ("jit", "njit"):
            obj = getattr(decorators, name)
            known[id(obj)] = (obj, "ferrumba." + name)
        _known = known
    if len(_registered_modules) < len(_FUNCTION_MODULES):
        modules = _sys.modules
        for module_name, prefix in _FUNCTION_MODULES:
            if module_name not in _registered_modules:
                module = modules.get(module_name)
                if module is not None:
                    _register_module_functions(known, module, prefix)
                    _registered_modules.add(module_name)
    return known


def _register_real_numba(known):
    # Code that imports the real numba but is compiled by ferrumba: numba.prange & co.
    numba = _sys.modules.get("numba")
    if numba is None or getattr(numba, "__ferrumba__", False):
        return
    for name in ("prange", "pndindex", "literal_unroll", "literally"):
        obj = getattr(numba, name, None)
        if obj is not None and id(obj) not in known:
            known[id(obj)] = (obj, "ferrumba." + name)


def _module_name(module):
    name = getattr(module, "__name__", None)
    if name in _SUPPORTED_MODULES:
        # Guard against a user module that happens to be called "math".
        if _sys.modules.get(name) is module:
            return _SUPPORTED_MODULES[name]
        if name == "numba" and getattr(module, "__ferrumba__", False):
            return "ferrumba"
    return None


def _constant(value):
    """The Python value of a compile-time constant, or ``_NOT_CONST``."""
    t = type(value)
    if value is None or t in (bool, int, float, complex, str):
        return value
    if t is tuple:
        items = tuple(_constant(v) for v in value)
        if any(i is _NOT_CONST for i in items):
            return _NOT_CONST
        return items
    np = _sys.modules.get("numpy")
    if np is not None and isinstance(value, np.generic):
        if isinstance(value, (np.bool_, np.integer, np.floating, np.complexfloating)):
            if isinstance(value, np.floating) and value.dtype.itemsize > 8:
                return _NOT_CONST  # long double: no exact Python float
            if isinstance(value, np.complexfloating) and value.dtype.itemsize > 16:
                return _NOT_CONST
            return value.item()
        if isinstance(value, np.str_):
            return str(value)
        return _NOT_CONST
    # Subclasses of the Python types (IntEnum members, bool subclasses...): their value.
    if isinstance(value, (bool, int, float, complex, str)):
        for base in (bool, int, float, complex, str):
            if isinstance(value, base):
                return base(value)
    return _NOT_CONST


_NOT_CONST = object()


def classify(obj):
    """Classify a Python object for the core (see :func:`resolve_global`)."""
    value = _constant(obj)
    if value is not _NOT_CONST:
        return ("const", value)
    if isinstance(obj, type(_sys)):
        name = _module_name(obj)
        if name is not None:
            return ("module", name)
        return ("unsupported", "module '%s'" % getattr(obj, "__name__", "?"))
    dispatcher_mod = _sys.modules.get("ferrumba.dispatcher")
    if dispatcher_mod is not None and isinstance(obj, dispatcher_mod.Dispatcher):
        return ("dispatcher", obj)
    jitable = getattr(obj, "__ferrumba_jitable__", None)
    if jitable is not None:
        return ("dispatcher", jitable)
    overloaded = _overloaded_functions.get(id(obj))
    if overloaded is not None and overloaded[0] is obj:
        return ("builtin", overloaded[1])
    known = _known_functions()
    try:
        entry = known.get(id(obj))
    except TypeError:
        entry = None
    if entry is None and "numba" in _sys.modules:
        _register_real_numba(known)
        entry = known.get(id(obj))
    if entry is not None and entry[0] is obj:
        return ("builtin", entry[1])
    if _sys.modules.get("ferrumba._ufunc") is not None:
        # A ufunc built by @vectorize: compiled code calls it through a typer registered now.
        from ferrumba._ufunc_jit import jit_name
        name = jit_name(obj)
        if name is not None:
            return ("builtin", name)
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return ("exception", _exception_id(obj), obj.__name__)
    types_mod = _sys.modules.get("ferrumba.core.types")
    if types_mod is not None and isinstance(obj, types_mod.Type):
        # A ferrumba type used as a function: int32(x), float64(y).
        return ("builtin", "ferrumba.types." + str(obj))
    return ("unsupported", type(obj).__name__)


def resolve_global(py_func, name):
    """What the free name ``name`` of ``py_func`` refers to: closure cells first, then
    ``py_func.__globals__``, then :mod:`builtins`.

    Returns ``None`` when it is not defined, else one of ``("const", value)``,
    ``("module", "math")``, ``("builtin", "math.sqrt")``, ``("dispatcher", obj)``,
    ``("exception", id, "ValueError")`` or ``("unsupported", type_name)``.
    """
    code = getattr(py_func, "__code__", None)
    closure = getattr(py_func, "__closure__", None)
    if code is not None and closure:
        try:
            index = code.co_freevars.index(name)
        except ValueError:
            pass
        else:
            try:
                return classify(closure[index].cell_contents)
            except ValueError:  # empty cell: referenced before assignment
                return None
    glbls = getattr(py_func, "__globals__", None) or {}
    missing = _NOT_CONST
    obj = glbls.get(name, missing)
    if obj is missing:
        builtins_ns = glbls.get("__builtins__", _builtins)
        if isinstance(builtins_ns, dict):
            obj = builtins_ns.get(name, missing)
        else:
            obj = getattr(builtins_ns, name, missing)
        if obj is missing:
            return None
    return classify(obj)


#: The functions of ``numpy.random`` compiled code can call (builtins of the core or ``@overload``s in
#: ``ferrumba.np.random``), named without importing the package while Python code has not imported it.
_NUMPY_RANDOM_FUNCTIONS = frozenset("""
seed random random_sample rand randn standard_normal normal uniform randint shuffle permutation choice
""".split())


def resolve_module_attr(module_name, attr):
    """``resolve_global`` for ``<module>.<attr>`` where ``module_name`` is a name returned
    in a ``("module", name)`` result. ``None`` when the attribute does not exist."""
    if module_name == "ferrumba":
        import ferrumba as module
    elif "numpy.random" not in _sys.modules and (module_name, attr) == ("numpy", "random"):
        # NumPy imports its random package lazily (about 20 ms): compiled code only needs the names.
        return ("module", "numpy.random")
    elif "numpy.random" not in _sys.modules and module_name == "numpy.random":
        return ("builtin", "numpy.random." + attr) if attr in _NUMPY_RANDOM_FUNCTIONS else None
    else:
        module = _sys.modules.get(module_name)
        if module is None:
            import importlib
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                return None
    missing = _NOT_CONST
    obj = getattr(module, attr, missing)
    if obj is missing:
        return None
    return classify(obj)


# --------------------------------------------------------------------------- overloads

_overloaded_functions = {}  # id(func) -> (func, name)
_overload_cache = {}
_library_loaded = False


def register_overloaded(func):
    """A name for a Python function that has an ``@overload`` (compiled code calls the overload)."""
    entry = _overloaded_functions.get(id(func))
    if entry is None or entry[0] is not func:
        entry = (func, "overload:%s.%s#%d" % (getattr(func, "__module__", "?"),
                                              getattr(func, "__qualname__", "?"), id(func)))
        _overloaded_functions[id(func)] = entry
    return entry[1]


def resolve_overload(name, arg_type_names, kw_type_names):
    """The dispatcher an ``@overload`` provides for ``name`` called with these argument types (names
    as the core prints them), or ``None``. Ferrumba's NumPy library is imported on first use."""
    global _library_loaded
    if not _library_loaded:
        _library_loaded = True
        import ferrumba.np  # noqa: F401 - registers the NumPy overloads
    key = (name, arg_type_names, tuple(sorted(kw_type_names.items())))
    if key in _overload_cache:
        return _overload_cache[key]
    from ferrumba import extending
    from ferrumba.core.types.parse import from_name

    args = [from_name(n) for n in arg_type_names]
    kwargs = {k: from_name(v) for k, v in kw_type_names.items()}
    found = extending.resolve(name, args, kwargs)
    _overload_cache[key] = found
    return found

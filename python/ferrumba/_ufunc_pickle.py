"""Pickling of dispatchers, ufuncs and gufuncs: they travel as the recipe that made them.

A compiled function cannot be pickled as machine code, so every object ferrumba compiles pickles as
*how to make it again*: the Python function, the signatures and the options. Unpickling (in a Dask
worker, a ``multiprocessing`` child...) runs the decorator again and so compiles there.

* An object reachable by name (``module.name`` gives back the same object, and the module is not
  ``__main__``) pickles by reference, as a function does: the other side imports the module, whose
  decorator compiles it. This is what plain :mod:`pickle` needs, since a decorated function's name
  refers to the dispatcher/ufunc and not to the Python function.
* Otherwise (defined in ``__main__``, in a closure, or renamed) it pickles by value when
  :mod:`cloudpickle` is installed (Dask depends on it): a call to one of the ``rebuild_*`` functions
  below with the Python function serialized by ``cloudpickle.dumps`` (code, defaults, closure and the
  globals it uses), so plain :mod:`pickle` works too and the other side needs only ``cloudpickle``
  importable. Without cloudpickle it falls back to the name (works within one process).
  The kernel's source must be readable on the other side (ferrumba compiles from source): the file
  named by its code object, as on a Dask ``LocalCluster``.

A genuine ``numpy.ufunc`` pickles through :mod:`copyreg`: NumPy registers a reducer for the type
``numpy.ufunc`` (by module and name). :func:`install` wraps it: ufuncs ferrumba built carry a
:class:`Recipe` in their C ``obj`` slot (``ferrumba._core.ufunc_owner`` reads it back) and use the rule
above; every other ufunc goes to NumPy's reducer unchanged.
"""

import sys

__all__ = ["Recipe", "install", "rebuild_dispatcher", "rebuild_ufunc", "rebuild_dynamic"]


class Recipe(object):
    """How a ufunc was made: ``kind`` (``"ufunc"``/``"gufunc"``), the kernel, the signatures given to
    the decorator, its options and, for a gufunc, the layout. ``loops`` is the ``_Loops`` of a
    ``@vectorize`` ufunc (what compiled code calling the ufunc needs), else ``None``."""

    __slots__ = ("kind", "py_func", "signatures", "options", "layout", "loops")

    def __init__(self, kind, py_func, signatures, options, layout=None, loops=None):
        self.kind = kind
        self.py_func = py_func
        self.signatures = list(signatures)
        self.options = dict(options)
        self.layout = layout
        self.loops = loops

    def rebuild_args(self):
        return (self.kind, self.py_func, self.signatures, self.options, self.layout)


def recipe_of(obj):
    """The :class:`Recipe` of a ufunc ferrumba built, else ``None``."""
    np = sys.modules.get("numpy")
    if np is None or type(obj) is not np.ufunc:
        return None
    from ferrumba import _core
    return _core.ufunc_owner(obj, Recipe)


def by_reference(obj, name):
    """Whether ``obj`` can be pickled as ``module.name`` (importable from another process)."""
    module_name = getattr(obj, "__module__", None)
    if not module_name or module_name == "__main__" or "<locals>" in name:
        return False
    module = sys.modules.get(module_name)
    if module is None:
        return False
    found = module
    for part in name.split("."):
        found = getattr(found, part, None)
        if found is None:
            return False
    return found is obj


# -- rebuilding ----------------------------------------------------------------------------------------

def _by_value(py_func):
    """``py_func`` serialized with cloudpickle, or ``None`` when cloudpickle is not installed."""
    try:
        import cloudpickle
    except ImportError:
        return None
    return cloudpickle.dumps(py_func)


def _function(py_func):
    if isinstance(py_func, bytes):
        import pickle
        return pickle.loads(py_func)
    return py_func


def rebuild_dispatcher(py_func, options, signatures):
    """An ``@njit`` dispatcher for ``py_func`` with the core ``options``; compiled eagerly (and closed
    to other types) when ``signatures`` is a list, lazily when it is ``None``."""
    from ferrumba import _host
    from ferrumba.dispatcher import Dispatcher

    disp = Dispatcher(_function(py_func), dict(options), _host)
    if signatures is not None:
        for sig in signatures:
            disp.compile(sig)
        disp.disable_compile()
    return disp


def rebuild_ufunc(kind, py_func, signatures, options, layout):
    """The ``numpy.ufunc`` that ``@vectorize(signatures)``/``@guvectorize(signatures, layout)`` made."""
    py_func = _function(py_func)
    if kind == "ufunc":
        from ferrumba._ufunc import _build
        return _build(py_func, signatures, options)
    from ferrumba._gufunc import _build as _build_gufunc, parse_layout
    ins, outs = parse_layout(layout)
    return _build_gufunc(py_func, signatures, layout, ins, outs, options)


def rebuild_dynamic(kind, py_func, options, layout):
    """A :class:`~ferrumba._ufunc.DUFunc` (``kind="ufunc"``) or
    :class:`~ferrumba._gufunc_dynamic.GUFunc` with no loops yet."""
    py_func = _function(py_func)
    if kind == "ufunc":
        from ferrumba._ufunc import DUFunc
        return DUFunc(py_func, options)
    from ferrumba._gufunc_dynamic import GUFunc
    return GUFunc(py_func, layout, options)


# -- reducers ------------------------------------------------------------------------------------------

def reduce_dispatcher(disp):
    name = getattr(disp, "__qualname__", disp.__name__)
    if by_reference(disp, name):
        return name
    value = _by_value(disp._py_func)
    if value is None:
        return name
    signatures = None
    if not disp._can_compile:
        signatures = ["(%s)" % ", ".join(args) for args, _ in disp._overloads()]
    return rebuild_dispatcher, (value, dict(disp.targetoptions), signatures)


def reduce_dynamic(obj, kind, layout):
    name = getattr(obj, "__qualname__", obj.__name__)
    if by_reference(obj, name):
        return name
    value = _by_value(obj.py_func)
    if value is None:
        return name
    return rebuild_dynamic, (kind, value, dict(obj._options), layout)


_numpy_reduce = None


def _reduce_ufunc(ufunc):
    recipe = recipe_of(ufunc)
    if recipe is None:
        return _numpy_reduce(ufunc)
    module = sys.modules.get(recipe.py_func.__module__)
    if (recipe.py_func.__module__ != "__main__" and module is not None
            and getattr(module, ufunc.__name__, None) is ufunc):
        return _numpy_reduce(ufunc)  # by module and name: the module's decorator rebuilds it
    value = _by_value(recipe.py_func)
    if value is None:
        return _numpy_reduce(ufunc)
    kind, _, signatures, options, layout = recipe.rebuild_args()
    return rebuild_ufunc, (kind, value, signatures, options, layout)


def install():
    """Route pickling of ``numpy.ufunc`` objects through :func:`_reduce_ufunc` (once)."""
    global _numpy_reduce
    if _numpy_reduce is not None:
        return
    import copyreg

    import numpy as np

    _numpy_reduce = copyreg.dispatch_table.get(np.ufunc) or _reduce_by_name
    copyreg.pickle(np.ufunc, _reduce_ufunc)


def _reduce_by_name(ufunc):
    return ufunc.__name__

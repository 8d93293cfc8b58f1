"""The extension API (Numba's ``numba.extending``): ``overload``, ``overload_method``, ``register_jitable``.

An overload is a *typing-time* function: when compiled code calls the overloaded function (or method) it is
called with the argument types (``ferrumba.types`` objects) and returns a plain Python implementation for
those types, or ``None`` when it does not apply. Ferrumba compiles that implementation like any
``@njit`` function and calls it natively. Ferrumba's own NumPy support (``ferrumba.np``) is written this
way, so the mechanism is the one third-party code uses.

    from ferrumba.extending import overload
    import numpy as np

    @overload(np.clip)
    def clip_impl(a, lo, hi):
        if isinstance(a, types.Float):
            def impl(a, lo, hi):
                return min(max(a, lo), hi)
            return impl
"""

from ferrumba.core.errors import TypingError  # noqa: F401 - raised by typing functions

#: qualified name -> [_Template]
_REGISTRY = {}


class _Template(object):
    """One registered typing function and the options its implementations are compiled with."""

    __slots__ = ("typer", "jit_options", "_compiled", "_signature")

    def __init__(self, typer, jit_options):
        self.typer = typer
        self.jit_options = dict(jit_options or {})
        self._compiled = {}
        self._signature = None

    def accepts(self, args, kwargs):
        """Whether the typer's parameters can bind these arguments."""
        if self._signature is None:
            import inspect

            self._signature = inspect.signature(self.typer)
        try:
            self._signature.bind(*args, **kwargs)
        except TypeError:
            return False
        return True

    def dispatcher_for(self, impl):
        """The compiled dispatcher of an implementation function (one per function object)."""
        hit = self._compiled.get(impl)
        if hit is None:
            from ferrumba.decorators import njit

            hit = njit(**self.jit_options)(impl)
            self._compiled[impl] = hit
        return hit


def _key_of(func):
    """The name under which compiled code refers to ``func`` (``numpy.sum``, or one of its own). The
    library may also name a NumPy function by its qualified name (``"numpy.random.shuffle"``) so that
    registering it does not import a lazily loaded NumPy package."""
    from ferrumba import _host

    if isinstance(func, str):
        return func
    kind, *rest = _host.classify(func)
    if kind == "builtin":
        return rest[0]
    return _host.register_overloaded(func)


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False, **kwargs):
    """Register ``typer`` (the decorated function) as the compile-time implementation of ``func``."""

    def decorate(typer):
        _REGISTRY.setdefault(_key_of(func), []).append(_Template(typer, jit_options))
        return typer

    return decorate


def overload_method(typ, attr, jit_options=None, **kwargs):
    """Register a method ``attr`` on values of type class ``typ`` (e.g. ``types.Array``); the typer and
    the implementation receive the receiver first."""

    def decorate(typer):
        key = "method:%s.%s" % (typ.__name__, attr)
        _REGISTRY.setdefault(key, []).append(_Template(typer, jit_options))
        return typer

    return decorate


def register_jitable(*args, **kwargs):
    """Make a plain Python function callable from compiled code (it stays a normal Python function)."""

    def wrap(fn):
        from ferrumba.decorators import njit

        fn.__ferrumba_jitable__ = njit(**kwargs)(fn)
        return fn

    if len(args) == 1 and callable(args[0]) and not kwargs:
        return wrap(args[0])
    return wrap


def resolve(name, arg_types, kw_types):
    """The dispatcher implementing ``name`` for these argument types, or ``None``."""
    for template in _REGISTRY.get(name, ()):
        if not template.accepts(arg_types, kw_types):
            continue  # wrong argument count or keyword: no implementation (a typing error naming the function)
        impl = template.typer(*arg_types, **kw_types)
        if impl is not None:
            return template.dispatcher_for(impl)
    return None

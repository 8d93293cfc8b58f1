"""The dispatcher: the object ``@jit`` returns.

Calls go straight to the Rust base class (``ferrumba._core.Dispatcher.__call__``), which
picks or compiles the machine code for the argument types. This subclass adds Numba's
Python-level API: ``signatures``, ``overloads``, ``inspect_types``, ``inspect_asm``,
``recompile``...
"""

import sys

from ferrumba import _core
from ferrumba.core.errors import UnsupportedError
from ferrumba.core.types.abstract import Signature
from ferrumba.core.types.parse import from_name


class CompileResult(object):
    """One compiled overload (what ``dispatcher.overloads[args]`` holds).

    ``signature`` (a :class:`Signature`), ``argtypes``, ``restype``, ``entry_point``
    (``(dispatcher handle, overload index)``), and the dumps ``type_annotation`` (typed
    IR), ``ir``, ``clif``, ``asm``, computed on access.
    """

    __slots__ = ("_dispatcher", "index", "signature")

    def __init__(self, dispatcher, index, signature):
        self._dispatcher = dispatcher
        self.index = index
        self.signature = signature

    @property
    def argtypes(self):
        return self.signature.args

    @property
    def restype(self):
        return self.signature.return_type

    @property
    def entry_point(self):
        return (self._dispatcher.handle, self.index)

    @property
    def type_annotation(self):
        return self._dispatcher._dump(self.index, "typed")

    @property
    def ir(self):
        return self._dispatcher._dump(self.index, "ir")

    @property
    def clif(self):
        return self._dispatcher._dump(self.index, "clif")

    @property
    def asm(self):
        return self._dispatcher._dump(self.index, "asm")

    def __repr__(self):
        return "<CompileResult %s%s>" % (self._dispatcher.__name__, self.signature)


class Dispatcher(_core.Dispatcher):
    """A JIT-compiled function (Numba's ``CPUDispatcher``).

    Built by :func:`ferrumba.jit`; ``Dispatcher(py_func, options, host)`` with the core's
    options dict and the :mod:`ferrumba._host` module.
    """

    _fold_cache = None

    def __init__(self, py_func, options, host):
        base_init = _core.Dispatcher.__init__
        if base_init is not object.__init__:
            base_init(self, py_func, options, host)
        self._py_func = py_func
        self.targetoptions = dict(options)
        self.locals = {name: from_name(ty)
                       for name, ty in (options.get("locals") or {}).items()}
        # functools.update_wrapper-like copying
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            try:
                setattr(self, attr, getattr(py_func, attr))
            except AttributeError:
                pass
        self.__wrapped__ = py_func

    # -- attributes ------------------------------------------------------------------
    def __repr__(self):
        return "CPUDispatcher(%r)" % (self._py_func,)

    def __reduce__(self):
        """Pickles by module and name when importable, else as the Python function, options and (for
        an eagerly compiled dispatcher) signatures; see :mod:`ferrumba._ufunc_pickle`."""
        from ferrumba._ufunc_pickle import reduce_dispatcher
        return reduce_dispatcher(self)

    def __get__(self, obj, objtype=None):
        """A dispatcher stored on a class behaves like a method (``obj`` is passed first)."""
        if obj is None:
            return self
        import types
        return types.MethodType(self, obj)

    @property
    def signatures(self):
        """The argument types of each compiled overload: a list of tuples of types."""
        return [tuple(from_name(a) for a in args) for args, _ in self._overloads()]

    @property
    def nopython_signatures(self):
        """Each compiled overload's full :class:`Signature`."""
        return [Signature(from_name(ret), tuple(from_name(a) for a in args))
                for args, ret in self._overloads()]

    @property
    def overloads(self):
        """``{argument types tuple: CompileResult}`` in compile order."""
        out = {}
        for index, (args, ret) in enumerate(self._overloads()):
            sig = Signature(from_name(ret), tuple(from_name(a) for a in args))
            out[sig.args] = CompileResult(self, index, sig)
        return out

    # -- compiling -------------------------------------------------------------------
    def compile(self, sig):
        """Compile eagerly for ``sig``: a string (``"float64(int32, float64)"``), a tuple
        of argument types, or a :class:`Signature`."""
        from ferrumba.core.sigutils import to_core_string
        return super().compile(to_core_string(sig))

    def disable_compile(self, val=True):
        """Forbid (``val=True``) or allow compiling new overloads; when forbidden a call
        with new argument types raises ``TypeError``."""
        self._can_compile = not val

    def enable_caching(self):
        """Accepted for Numba compatibility (on-disk caching lands later)."""
        self.targetoptions["cache"] = True

    def recompile(self):
        """Forget every compiled overload and compile each signature again (picking up
        changed global values)."""
        arg_lists = [args for args, _ in self._overloads()]
        old = self._can_compile
        self._can_compile = True
        try:
            self._clear()
            for args in arg_lists:
                super().compile("(%s)" % ", ".join(args))
        finally:
            self._can_compile = old

    def typeof_pyval(self, val):
        """The ferrumba type of a Python value, as the dispatcher sees it."""
        return from_name(_core.typeof(val))

    # -- argument folding (called by the Rust __call__) ------------------------------
    def _fold_arguments(self, args, kwargs):
        """Bind ``args``/``kwargs`` to the Python function's parameters, fill in defaults,
        and return all the arguments as one positional tuple (``*args`` packed into a
        tuple). Raises ``TypeError`` like Python for a bad call."""
        cache = self._fold_cache
        if cache is None:
            import inspect
            pysig = inspect.signature(self._py_func)
            kinds = [p.kind for p in pysig.parameters.values()]
            if inspect.Parameter.VAR_KEYWORD in kinds:
                raise UnsupportedError("%s: functions taking **kwargs are not supported"
                                       % (self.__qualname__,))
            cache = self._fold_cache = (pysig, tuple(pysig.parameters))
        pysig, names = cache
        try:
            bound = pysig.bind(*args, **(kwargs or {}))
        except TypeError as e:
            raise TypeError("%s() %s" % (self.__name__, e)) from None
        bound.apply_defaults()
        arguments = bound.arguments
        return tuple(arguments[name] for name in names)

    # -- inspection ------------------------------------------------------------------
    def _dumps(self, stage, signature):
        overloads = self.overloads
        if signature is not None:
            args = _args_key(signature)
            try:
                result = overloads[args]
            except KeyError:
                raise KeyError("no compiled overload for argument types %s; compiled: %s"
                               % (args, list(overloads))) from None
            return self._dump(result.index, stage)
        return {args: self._dump(res.index, stage) for args, res in overloads.items()}

    def inspect_types(self, file=None, signature=None, pretty=False, style="default",
                      **kwargs):
        """Print the typed IR of each compiled overload (or just ``signature``'s) to
        ``file`` (default: stdout), with a header like Numba's. ``pretty`` output (HTML)
        is not available; plain text is printed."""
        if file is None:
            file = sys.stdout
        overloads = self.overloads
        if signature is not None:
            key = _args_key(signature)
            items = [(key, overloads[key])]
        else:
            items = overloads.items()
        for args, result in items:
            print("%s %s" % (self.__name__, args), file=file)
            print("-" * 80, file=file)
            print(self._dump(result.index, "typed"), file=file)
            print("=" * 80, file=file)

    def inspect_ir(self, signature=None):
        """The untyped IR: ``{args: text}``, or one text for ``signature``."""
        return self._dumps("ir", signature)

    def inspect_clif(self, signature=None):
        """The Cranelift IR: ``{args: text}``, or one text for ``signature``."""
        return self._dumps("clif", signature)

    def inspect_asm(self, signature=None):
        """The machine code: ``{args: text}``, or one text for ``signature``."""
        return self._dumps("asm", signature)

    def inspect_llvm(self, signature=None):
        """Not available: ferrumba generates code with Cranelift, not LLVM."""
        raise UnsupportedError(
            "inspect_llvm: ferrumba has no LLVM IR (it generates code with Cranelift); use "
            "inspect_clif() for the Cranelift IR or inspect_asm() for the machine code")

    def inspect_cfg(self, signature=None, **kwargs):
        """Not available (no CFG objects); use :meth:`inspect_ir`."""
        raise UnsupportedError("inspect_cfg is not available in ferrumba; use inspect_ir()")

    def inspect_disasm_cfg(self, signature=None):
        """Not available; use :meth:`inspect_asm` for the machine code."""
        raise UnsupportedError("inspect_disasm_cfg is not available in ferrumba; use "
                               "inspect_asm()")

    def get_metadata(self, signature=None):
        """Compilation metadata: ``{args: {"signature", "options", "index"}}``, or one
        such dict for ``signature``."""
        def meta(result):
            return {"signature": result.signature, "options": dict(self.targetoptions),
                    "index": result.index}
        overloads = self.overloads
        if signature is not None:
            return meta(overloads[_args_key(signature)])
        return {args: meta(res) for args, res in overloads.items()}

    @property
    def stats(self):
        """Cache statistics (on-disk caching lands later: always empty)."""
        from collections import namedtuple
        stats = namedtuple("_CompilingCounter", ("cache_path", "cache_hits", "cache_misses"))
        return stats(None, {}, {})

    def parallel_diagnostics(self, signature=None, level=1):
        raise UnsupportedError("parallel_diagnostics: parallel=True does not parallelise "
                               "loops yet, so there is nothing to report")


CPUDispatcher = Dispatcher


def _args_key(signature):
    """The argument-types tuple for a signature given as a tuple, Signature or string."""
    if isinstance(signature, Signature):
        return signature.args
    if isinstance(signature, str):
        from ferrumba.core.sigutils import normalize_signature
        return normalize_signature(signature)[0]
    return tuple(signature)

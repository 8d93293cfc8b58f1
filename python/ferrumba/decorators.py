"""``@jit`` and ``@njit``."""

import types as _pytypes
import warnings as _warnings

from ferrumba import config
from ferrumba.core.errors import (
    DeprecationError, NumbaDeprecationWarning, UnsupportedError,
)

_EMPTY = _pytypes.MappingProxyType({})

#: Options ``jit`` accepts as keywords (besides its named parameters).
KNOWN_OPTIONS = frozenset("""
nopython nogil cache parallel fastmath error_model boundscheck locals inline forceobj
looplift no_cpython_wrapper no_cfunc_wrapper _nrt target _target debug forceinline
no_rewrites _dbg_extend_lifetimes _dbg_optnone
""".split())

_DEPRECATED_SIG_ARG = ("Deprecated keyword argument `{0}`. Signatures should be passed as "
                       "the first positional argument.")


def jit(signature_or_function=None, locals=_EMPTY, cache=False, pipeline_class=None,
        boundscheck=None, **options):
    """Compile a Python function to machine code (always in nopython mode).

    Usable as ``@jit``, ``@jit(**options)``, ``@jit(signature)`` or
    ``@jit([signature, ...], **options)``. A signature is a string
    (``"float64(int32, float64)"``, ``"(int32, float64)"``), a :class:`Signature`
    (``float64(int32, float64)``) or a tuple of argument types. With signatures the
    function is compiled at decoration time for exactly those types and other argument
    types then raise ``TypeError``; without, it is compiled lazily for the types of each
    call.

    Options:

    * ``nopython`` -- ``True`` (the default, and the only mode). ``nopython=False`` has no
      effect and warns, as in Numba >= 0.59.
    * ``forceobj`` -- object mode is not supported: ``forceobj=True`` raises
      :class:`~ferrumba.core.errors.UnsupportedError`. ``looplift`` is accepted and ignored.
    * ``error_model`` -- ``"python"`` (default: division by zero raises
      ``ZeroDivisionError``) or ``"numpy"`` (it gives inf/nan).
    * ``boundscheck`` -- ``None`` (default), ``True`` or ``False``.
    * ``locals`` -- ``{name: type}`` forcing the types of local variables.
    * ``inline`` -- ``"never"`` (default) or ``"always"``.
    * ``nogil`` -- release the GIL while the compiled code runs.
    * ``cache`` -- accepted now; on-disk caching lands later (until then each process
      compiles again).
    * ``parallel`` -- ``prange`` loops run on the thread pool (``docs/parallel.md``); whole-array
      expressions are not parallelized yet.
    * ``fastmath`` -- accepted now (``True``/``False`` or a set of flags, which counts as
      ``True``); the floating-point relaxations land later.
    * ``debug``, ``_nrt``, ``no_cpython_wrapper``, ``no_cfunc_wrapper``, ``forceinline``,
      ``no_rewrites`` -- accepted for compatibility, no effect.
    * ``target`` -- only ``"cpu"``.

    An unknown option raises ``KeyError``; when ``FERRUMBA_DISABLE_JIT=1`` the decorator
    returns the Python function unchanged.
    """
    if "argtypes" in options:
        raise DeprecationError(_DEPRECATED_SIG_ARG.format("argtypes"))
    if "restype" in options:
        raise DeprecationError(_DEPRECATED_SIG_ARG.format("restype"))
    if "signature_or_function" in options:  # pragma: no cover - Python binds it by name
        signature_or_function = options.pop("signature_or_function")
    core_options = _core_options(locals, cache, pipeline_class, boundscheck, options)

    if signature_or_function is None:
        pyfunc, sigs = None, None
    elif isinstance(signature_or_function, list):
        pyfunc, sigs = None, signature_or_function
    elif _is_signature(signature_or_function):
        pyfunc, sigs = None, [signature_or_function]
    else:
        pyfunc, sigs = signature_or_function, None

    wrapper = _make_wrapper(sigs, core_options)
    if pyfunc is not None:
        return wrapper(pyfunc)
    return wrapper


def njit(*args, **kws):
    """``jit`` in nopython mode (the same as :func:`jit`; kept for Numba compatibility).
    See :func:`jit` for the options."""
    if "nopython" in kws:
        _warnings.warn("nopython is set for njit and is ignored", RuntimeWarning,
                       stacklevel=2)
    if "forceobj" in kws:
        _warnings.warn("forceobj is set for njit and is ignored", RuntimeWarning,
                       stacklevel=2)
        del kws["forceobj"]
    kws["nopython"] = True
    return jit(*args, **kws)


def _is_signature(obj):
    from ferrumba.core.types.abstract import Signature
    return isinstance(obj, (str, tuple, Signature))


def _core_options(locals, cache, pipeline_class, boundscheck, options):
    """Validate the options and build the dict the Rust core takes."""
    unknown = set(options) - KNOWN_OPTIONS
    if unknown:
        raise KeyError("Unrecognized options: %s. Known options are %s"
                       % (unknown, sorted(KNOWN_OPTIONS | {"locals", "cache",
                                                           "boundscheck", "pipeline_class"})))
    if pipeline_class is not None:
        raise UnsupportedError("pipeline_class is not supported: ferrumba's compiler "
                               "pipeline is not made of Numba passes")

    nopython = options.get("nopython", None)
    forceobj = options.get("forceobj", False)
    if nopython is not None and type(nopython) is not bool:
        raise TypeError("nopython option must be a bool, got %r" % (nopython,))
    if nopython is True and forceobj:
        raise ValueError("Only one of 'nopython' or 'forceobj' can be True.")
    if forceobj:
        raise UnsupportedError(
            "object mode (forceobj=True) is not supported by ferrumba: every function is "
            "compiled in nopython mode. Remove forceobj=True, or keep this function as "
            "plain Python")
    if nopython is False:
        _warnings.warn("The keyword argument 'nopython=False' was supplied. The default is "
                       "True and supplying this argument has no effect.",
                       NumbaDeprecationWarning, stacklevel=3)

    target = options.get("target", options.get("_target", "cpu"))
    if target != "cpu":
        raise UnsupportedError("target=%r is not supported; ferrumba only compiles for "
                               "the CPU" % (target,))

    error_model = options.get("error_model", "python")
    if error_model not in ("python", "numpy"):
        raise ValueError("error_model must be 'python' or 'numpy', got %r" % (error_model,))

    inline = options.get("inline", "never")
    if callable(inline):
        raise UnsupportedError("inline cost-model functions are not supported; use "
                               "inline='always' or 'never'")
    if inline not in ("never", "always"):
        raise ValueError("inline must be 'never' or 'always', got %r" % (inline,))

    if boundscheck is not None and type(boundscheck) is not bool:
        raise TypeError("boundscheck must be None, True or False, got %r" % (boundscheck,))
    if config.BOUNDSCHECK is not None:
        boundscheck = config.BOUNDSCHECK

    fastmath = options.get("fastmath", False)
    if not isinstance(fastmath, (bool, set, frozenset, dict)):
        raise ValueError("fastmath must be a bool or a set of flags, got %r" % (fastmath,))

    parallel = options.get("parallel", False)
    if not isinstance(parallel, (bool, dict)):
        raise ValueError("parallel must be a bool or a dict, got %r" % (parallel,))

    return {
        "error_model": error_model,
        "boundscheck": boundscheck,
        "fastmath": bool(fastmath),
        "nogil": bool(options.get("nogil", False)),
        "parallel": bool(parallel),
        "cache": bool(cache),
        "inline": inline,
        "locals": _locals_to_names(locals),
    }


def _locals_to_names(locals):
    from ferrumba.core.types.abstract import Type
    out = {}
    for name, ty in dict(locals).items():
        if not isinstance(name, str):
            raise TypeError("locals keys must be variable names, got %r" % (name,))
        if isinstance(ty, Type):
            out[name] = str(ty)
        elif isinstance(ty, str):
            from ferrumba.core.types.parse import UnknownTypeNameError, parse_type
            try:
                out[name] = str(parse_type(ty))
            except UnknownTypeNameError:
                out[name] = ty.strip()  # a name only the core knows: let it decide
        else:
            raise TypeError("locals[%r] must be a ferrumba type, got %r" % (name, ty))
    return out


def _is_jitted(obj):
    import sys
    mod = sys.modules.get("ferrumba.dispatcher")
    return mod is not None and isinstance(obj, mod.Dispatcher)


def _make_wrapper(sigs, core_options):
    def wrapper(func):
        if _is_jitted(func):
            raise TypeError(
                "A jit decorator was called on an already jitted function %s.  If trying "
                "to access the original python function, use the %s.py_func attribute."
                % (func, func))
        if not isinstance(func, _pytypes.FunctionType):
            raise TypeError("The decorated object is not a function (got type %s)."
                            % (type(func),))
        if config.DISABLE_JIT:
            return func
        from ferrumba import _host
        from ferrumba.dispatcher import Dispatcher
        disp = Dispatcher(func, dict(core_options), _host)
        if sigs is not None:
            for sig in sigs:
                disp.compile(sig)
            disp.disable_compile()
        return disp
    return wrapper

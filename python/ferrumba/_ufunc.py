"""``@vectorize``: NumPy universal functions from scalar kernels.

With signatures, :func:`vectorize` compiles the kernel once per signature (with
``error_model="numpy"``, as Numba does for ufuncs) and returns a genuine ``numpy.ufunc``
built through NumPy's C API, one Cranelift-generated inner loop per signature
(``ferrumba._core.build_ufunc``). Broadcasting, ``out=``, ``where=``, ``dtype=``,
``casting=`` and the ``reduce``/``accumulate``/``reduceat``/``outer``/``at`` methods are
NumPy's own.

A ``raise`` inside the kernel cannot travel through a NumPy inner loop: the loop stops at
that element and the call then fails with ``SystemError`` ("returned a result with an
exception set") whose ``__cause__`` is the kernel's exception. Arithmetic does not raise
under the numpy error model (division by zero gives inf/nan/0).
"""

from ferrumba.core.errors import UnsupportedError

__all__ = ["vectorize"]

# NumPy's PyUFunc_* identity codes.
_PYUFUNC_ZERO = 0
_PYUFUNC_ONE = 1
_PYUFUNC_MINUS_ONE = 2
_PYUFUNC_NONE = -1
_PYUFUNC_REORDERABLE_NONE = -2
_PYUFUNC_IDENTITY_VALUE = -3

_DYNAMIC_MISSING = (
    "@vectorize without signatures (a dynamic ufunc that compiles a loop for new input "
    "types on demand) is not available yet in ferrumba; give the signatures, e.g. "
    "@vectorize(['float64(float64, float64)'])")


def vectorize(ftylist_or_function=(), identity=None, nopython=True, target="cpu",
              cache=False, fastmath=False, **kws):
    """Compile a scalar function into a NumPy ufunc (Numba's ``@vectorize``).

    ``@vectorize(["float64(float64, float64)", "float32(float32, float32)"])`` returns a
    ``numpy.ufunc`` with one loop per signature, tried in the order given (as NumPy tries
    any ufunc's loops). A signature is a string or a :class:`Signature`
    (``float64(float64, float64)``); its arguments and result must be bool, integer,
    float or complex types.

    * ``identity`` -- ``0``, ``1``, ``"reorderable"``, ``None`` (the default) or any
      other value, the ufunc's identity for ``reduce`` of empty arrays.
    * ``nopython`` -- always nopython mode; ``cache`` and ``fastmath`` are accepted.
    * ``target`` -- only ``"cpu"`` for now.

    Calling it without signatures (a dynamic ufunc) is not available yet.
    """
    unknown = set(kws) - {"forceobj", "locals", "writable_args"}
    if unknown:
        raise KeyError("Unrecognized options: %s" % sorted(unknown))
    if kws.get("forceobj"):
        raise UnsupportedError("object mode (forceobj=True) is not supported by ferrumba")
    if target not in ("cpu",):
        if target in ("parallel", "cuda"):
            raise UnsupportedError(
                "@vectorize(target=%r) is not available yet in ferrumba; use target='cpu'"
                % (target,))
        raise ValueError("Unsupported target: %s" % (target,))

    if isinstance(ftylist_or_function, str):
        ftylist = [ftylist_or_function]
    elif callable(ftylist_or_function) and not _is_signature_object(ftylist_or_function):
        raise NotImplementedError(_DYNAMIC_MISSING)
    else:
        ftylist = list(ftylist_or_function)

    options = dict(identity=identity, nopython=nopython, cache=cache, fastmath=fastmath,
                   locals=kws.get("locals") or {})

    def wrap(func):
        if not ftylist:
            raise NotImplementedError(_DYNAMIC_MISSING)
        return _build(func, ftylist, options)
    return wrap


def _is_signature_object(obj):
    from ferrumba.core.types.abstract import Signature
    return isinstance(obj, Signature)


def _identity_args(identity):
    if identity is None:
        return _PYUFUNC_NONE, None
    if isinstance(identity, str):
        if identity == "reorderable":
            return _PYUFUNC_REORDERABLE_NONE, None
        raise ValueError("Invalid identity value %r" % (identity,))
    if type(identity) is int or type(identity) is bool:
        if identity == 0:
            return _PYUFUNC_ZERO, None
        if identity == 1:
            return _PYUFUNC_ONE, None
        if identity == -1:
            return _PYUFUNC_MINUS_ONE, None
    return _PYUFUNC_IDENTITY_VALUE, identity


def _build(func, ftylist, options):
    import types as pytypes

    import numpy as np

    from ferrumba import _core, _host, config
    from ferrumba.core.sigutils import normalize_signature
    from ferrumba.decorators import _EMPTY, _core_options, _is_jitted
    from ferrumba.dispatcher import Dispatcher

    if _is_jitted(func):
        func = func.py_func
    if not isinstance(func, pytypes.FunctionType):
        raise TypeError("The decorated object is not a function (got type %s)." % (type(func),))
    identity_code, identity_value = _identity_args(options["identity"])
    nin = func.__code__.co_argcount
    if nin < 1:
        raise TypeError("a ufunc kernel must take at least one argument")
    if config.DISABLE_JIT:
        return np.frompyfunc(func, nin, 1)

    core_options = _core_options(options["locals"] or _EMPTY, options["cache"], None, None,
                                 {"error_model": "numpy", "fastmath": options["fastmath"],
                                  "nopython": True})
    loops, typenums, dispatchers = [], [], []
    for sig in ftylist:
        args, _ = normalize_signature(sig)
        if len(args) != nin:
            raise TypeError("signature %s has %d argument(s) but %s takes %d"
                            % (sig, len(args), func.__name__, nin))
        # One dispatcher per distinct argument types (two signatures may differ only in
        # their result type, and each needs its own loop).
        for disp in dispatchers:
            if all(tuple(a) != tuple(str(t) for t in args) for a, _ in disp._overloads()):
                break
        else:
            disp = Dispatcher(func, dict(core_options), _host)
            dispatchers.append(disp)
        disp.compile(sig)
        overloads = disp._overloads()
        keys = [tuple(a) for a, _ in overloads]
        index = keys.index(tuple(str(t) for t in args))
        arg_names, ret_name = overloads[index]
        loops.append((disp, index))
        typenums.append([_typenum(np, name, sig) for name in list(arg_names) + [ret_name]])
    for disp in dispatchers:
        disp.disable_compile()
    doc = func.__doc__ or ""
    return _core.build_ufunc(loops, typenums, nin, func.__name__, doc, identity_code,
                             identity_value)


def _typenum(np, name, sig):
    try:
        return np.dtype(name).num
    except TypeError:
        raise TypeError("%s in signature %s cannot be a ufunc argument or result: use "
                        "bool, integer, float or complex types" % (name, sig)) from None

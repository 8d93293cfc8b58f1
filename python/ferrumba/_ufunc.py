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

__all__ = ["vectorize", "DUFunc"]

# NumPy's PyUFunc_* identity codes.
_PYUFUNC_ZERO = 0
_PYUFUNC_ONE = 1
_PYUFUNC_MINUS_ONE = 2
_PYUFUNC_NONE = -1
_PYUFUNC_REORDERABLE_NONE = -2
_PYUFUNC_IDENTITY_VALUE = -3

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
    * ``target`` -- ``"cpu"`` or ``"parallel"`` (large calls are split into chunks run
      on a thread pool, ``get_num_threads()`` of them; see ``docs/ufuncs.md``).

    Without signatures (``@vectorize`` or ``@vectorize()``) it returns a :class:`DUFunc`,
    a dynamic ufunc that compiles a loop for each new combination of input dtypes on the
    call that needs it (see :class:`DUFunc`).
    """
    unknown = set(kws) - {"forceobj", "locals", "writable_args"}
    if unknown:
        raise KeyError("Unrecognized options: %s" % sorted(unknown))
    if kws.get("forceobj"):
        raise UnsupportedError("object mode (forceobj=True) is not supported by ferrumba")
    if target not in ("cpu", "parallel"):
        if target == "cuda":
            raise UnsupportedError(
                "@vectorize(target=%r) is not available yet in ferrumba; use target='cpu'"
                % (target,))
        raise ValueError("Unsupported target: %s" % (target,))

    if isinstance(ftylist_or_function, str):
        ftylist = [ftylist_or_function]
    elif callable(ftylist_or_function) and not _is_signature_object(ftylist_or_function):
        return _build_dynamic(ftylist_or_function, dict(
            identity=identity, nopython=nopython, cache=cache, fastmath=fastmath,
            locals=kws.get("locals") or {}, target=target))
    else:
        ftylist = list(ftylist_or_function)

    options = dict(identity=identity, nopython=nopython, cache=cache, fastmath=fastmath,
                   locals=kws.get("locals") or {}, target=target)

    def wrap(func):
        if not ftylist:
            return _build_dynamic(func, options)
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


def _kernel(func):
    import types as pytypes

    from ferrumba.decorators import _is_jitted

    if _is_jitted(func):
        func = func.py_func
    if not isinstance(func, pytypes.FunctionType):
        raise TypeError("The decorated object is not a function (got type %s)." % (type(func),))
    if func.__code__.co_argcount < 1:
        raise TypeError("a ufunc kernel must take at least one argument")
    return func


class _Loops(object):
    """The compiled loops of one kernel: (dispatcher, overload index) and NumPy type
    numbers per loop, and the ufunc built from them."""

    def __init__(self, func, options):
        from ferrumba.decorators import _EMPTY, _core_options

        self.func = func
        self.nin = func.__code__.co_argcount
        self.identity = _identity_args(options["identity"])
        self.parallel = options.get("target") == "parallel"
        self.core_options = _core_options(
            options["locals"] or _EMPTY, options["cache"], None, None,
            {"error_model": "numpy", "fastmath": options["fastmath"], "nopython": True})
        self.loops, self.typenums, self.dispatchers = [], [], []
        self.input_types = set()  # tuples of argument type names
        self.signatures = []  # as given to add()

    def add(self, sig):
        """Compile the kernel for ``sig`` and add its loop (call :meth:`ufunc` after)."""
        import numpy as np

        from ferrumba import _host
        from ferrumba.core.sigutils import normalize_signature
        from ferrumba.dispatcher import Dispatcher

        args, _ = normalize_signature(sig)
        if len(args) != self.nin:
            raise TypeError("signature %s has %d argument(s) but %s takes %d"
                            % (sig, len(args), self.func.__name__, self.nin))
        key = tuple(str(t) for t in args)
        # One dispatcher per distinct argument types (two signatures may differ only in
        # their result type, and each needs its own loop).
        for disp in self.dispatchers:
            if all(tuple(a) != key for a, _ in disp._overloads()):
                break
        else:
            disp = Dispatcher(self.func, dict(self.core_options), _host)
            self.dispatchers.append(disp)
        disp.compile(sig)
        disp.disable_compile()
        overloads = disp._overloads()
        index = [tuple(a) for a, _ in overloads].index(key)
        arg_names, ret_name = overloads[index]
        typenums = [_typenum(np, name, sig) for name in list(arg_names) + [ret_name]]
        self.loops.append((disp, index))
        self.typenums.append(typenums)
        self.input_types.add(key)
        self.signatures.append(sig)

    def ufunc(self, options):
        """The ``numpy.ufunc`` of the loops so far; it carries a :class:`Recipe` (``options`` are the
        decorator's) for pickling and for calls from compiled code."""
        from ferrumba import _core
        from ferrumba._ufunc_pickle import Recipe, install

        install()
        code, value = self.identity
        recipe = Recipe("ufunc", self.func, self.signatures, options, loops=self)
        return _core.build_ufunc(self.loops, self.typenums, self.nin, self.func.__name__,
                                 self.func.__doc__ or "", code, value,
                                 parallel=self.parallel, owner=recipe)


def _build(func, ftylist, options):
    import numpy as np

    from ferrumba import config

    func = _kernel(func)
    _identity_args(options["identity"])  # validate early
    if config.DISABLE_JIT:
        return np.frompyfunc(func, func.__code__.co_argcount, 1)
    loops = _Loops(func, options)
    for sig in ftylist:
        loops.add(sig)
    return loops.ufunc(options)


def _build_dynamic(func, options):
    import numpy as np

    from ferrumba import config

    func = _kernel(func)
    _identity_args(options["identity"])
    if config.DISABLE_JIT:
        return np.frompyfunc(func, func.__code__.co_argcount, 1)
    return DUFunc(func, options)


class DUFunc(object):
    """A dynamic ufunc (Numba's ``DUFunc``), what ``@vectorize`` without signatures returns.

    It wraps a genuine ``numpy.ufunc`` (:attr:`ufunc`). A call (or ``reduce``,
    ``accumulate``, ``reduceat``, ``outer``, ``at``) whose input dtypes have no loop of
    exactly those types compiles the kernel for them, rebuilds the ufunc with the new loop
    and calls it; otherwise NumPy does all the work, including forwarding to arguments that
    override ``__array_ufunc__`` (pandas objects). Input dtypes are read from each
    argument's ``dtype`` (arrays, NumPy scalars, pandas Series), else from
    ``numpy.asarray``.
    """

    def __init__(self, func, options):
        self._loops = _Loops(func, options)
        self._options = options
        self._ufunc = None
        self.py_func = func
        self.__name__ = func.__name__
        self.__qualname__ = getattr(func, "__qualname__", func.__name__)
        self.__module__ = func.__module__
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def __repr__(self):
        return "<ferrumba._ufunc.DUFunc %r>" % (self.__name__,)

    def __reduce__(self):
        from ferrumba._ufunc_pickle import reduce_dynamic
        return reduce_dynamic(self, "ufunc", None)

    # -- the wrapped ufunc -------------------------------------------------------------
    @property
    def ufunc(self):
        """The ``numpy.ufunc`` with the loops compiled so far (None before the first)."""
        return self._ufunc

    def add(self, sig):
        """Compile a loop for ``sig`` now (as Numba's ``DUFunc.add``)."""
        self._loops.add(sig)
        self._ufunc = self._loops.ufunc(self._options)

    def _ensure(self, values):
        names = []
        for v in values:
            name = _element_type_name(v)
            if name is None:
                return  # let NumPy report it
            names.append(name)
        key = tuple(names)
        if key not in self._loops.input_types:
            self.add("(%s)" % ", ".join(names))

    def _current(self, values):
        self._ensure(values)
        if self._ufunc is None:
            raise TypeError("ufunc %r: no loop compiled yet and the arguments' types are "
                            "not bool, integer, float or complex" % (self.__name__,))
        return self._ufunc

    # -- calling -----------------------------------------------------------------------
    def __call__(self, *args, **kws):
        nin = self._loops.nin
        if len(args) < nin:
            if self._ufunc is not None:
                return self._ufunc(*args, **kws)  # NumPy's own error
            raise TypeError("%s() takes from %d to %d positional arguments but %d were given"
                            % (self.__name__, nin, nin + 1, len(args)))
        deferred = _deferring_argument(args[:nin])
        if deferred is not None:
            # A lazy operand (a Polars expression): let it call us back with concrete data.
            return type(deferred).__array_ufunc__(deferred, self, "__call__", *args, **kws)
        return self._current(args[:nin])(*args, **kws)

    def reduce(self, array, *args, **kws):
        return self._current((array, array)).reduce(array, *args, **kws)

    def accumulate(self, array, *args, **kws):
        return self._current((array, array)).accumulate(array, *args, **kws)

    def reduceat(self, array, indices, *args, **kws):
        return self._current((array, array)).reduceat(array, indices, *args, **kws)

    def outer(self, a, b, **kws):
        return self._current((a, b)).outer(a, b, **kws)

    def at(self, a, indices, b=None):
        values = (a,) if b is None else (a, b)
        ufunc = self._current(values)
        return ufunc.at(a, indices) if b is None else ufunc.at(a, indices, b)

    # -- ufunc attributes ----------------------------------------------------------------
    nin = property(lambda self: self._loops.nin)
    nout = property(lambda self: 1)
    nargs = property(lambda self: self._loops.nin + 1)
    ntypes = property(lambda self: len(self._loops.loops))
    types = property(lambda self: list(self._ufunc.types) if self._ufunc is not None else [])
    signature = property(lambda self: None)

    @property
    def identity(self):
        code, value = self._loops.identity
        return {_PYUFUNC_ZERO: 0, _PYUFUNC_ONE: 1, _PYUFUNC_MINUS_ONE: -1}.get(code, value)


_ELEMENT_KINDS = "biufc"


def _deferring_argument(values):
    """The first argument without a dtype that overrides ``__array_ufunc__`` (a Polars expression,
    which calls the ufunc later on its columns), else ``None``."""
    import numpy as np

    for v in values:
        override = getattr(type(v), "__array_ufunc__", None)
        if override is None or override is np.ndarray.__array_ufunc__:
            continue
        if not isinstance(getattr(v, "dtype", None), np.dtype):
            try:
                dt = np.asarray(v).dtype
            except Exception:  # noqa: BLE001 - not convertible: it defers
                return v
            if dt.kind == "O":
                return v
    return None


def _element_type_name(value):
    import numpy as np

    dt = getattr(value, "dtype", None)
    if not isinstance(dt, np.dtype):
        try:
            dt = np.asarray(value).dtype
        except Exception:  # noqa: BLE001 - not array-like: NumPy reports it
            return None
    if dt.kind not in _ELEMENT_KINDS or dt.itemsize > 16 or dt.name == "float16":
        return None
    if dt.kind == "f" and dt.itemsize > 8:
        return None
    if dt.kind == "c" and dt.itemsize > 16:
        return None
    return "bool" if dt.kind == "b" else dt.name


def _typenum(np, name, sig):
    try:
        return np.dtype(name).num
    except TypeError:
        raise TypeError("%s in signature %s cannot be a ufunc argument or result: use "
                        "bool, integer, float or complex types" % (name, sig)) from None

"""``@guvectorize``: NumPy generalized universal functions from array kernels.

``@guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)")`` compiles the
kernel once per signature (array arguments with layout ``A``, any strides) and returns a
genuine ``numpy.ufunc`` with that layout signature, built through NumPy's C API with one
Cranelift-generated inner loop per signature (``ferrumba._core.build_gufunc``). For each
outer iteration the loop hands the kernel borrowed array views over the core dimensions
and scalar (``()``) inputs as values; the kernel writes its outputs in place.
Broadcasting over the loop dimensions, core-dimension checks, output allocation and
``out=`` are NumPy's own.

As in Numba, an argument with layout ``()`` may be declared as a scalar (inputs only: it
arrives as a value) or as a 1-d array (it arrives as a 1-element array, read or written as
``a[0]``); outputs are always arrays. Writing to inputs changes the caller's array when
NumPy passes it directly (matching dtype), and is lost when NumPy had to cast it.
"""

import re

from ferrumba.core.errors import UnsupportedError

__all__ = ["guvectorize", "parse_layout"]

_DIMS = re.compile(r"\(\s*([^()]*?)\s*\)")
_NAME = re.compile(r"^[A-Za-z_0-9]+$")


def parse_layout(layout):
    """``"(m,n),(n)->(m)"`` -> ``([["m", "n"], ["n"]], [["m"]])``."""
    if not isinstance(layout, str) or "->" not in layout:
        raise ValueError("invalid gufunc layout signature %r: expected e.g. '(n),()->(n)'"
                         % (layout,))
    left, _, right = layout.replace(" ", "").partition("->")

    def side(text):
        groups = []
        pos = 0
        while pos < len(text):
            m = _DIMS.match(text, pos)
            if m is None:
                raise ValueError("invalid gufunc layout signature %r" % (layout,))
            names = [n for n in m.group(1).split(",") if n]
            for n in names:
                if not _NAME.match(n):
                    raise ValueError("invalid core dimension %r in gufunc layout %r"
                                     % (n, layout))
            groups.append(names)
            pos = m.end()
            if pos < len(text):
                if text[pos] != ",":
                    raise ValueError("invalid gufunc layout signature %r" % (layout,))
                pos += 1
        return groups

    ins, outs = side(left), side(right)
    if not ins or not outs:
        raise ValueError("a gufunc layout needs at least one input and one output: %r"
                         % (layout,))
    return ins, outs


def guvectorize(*args, **kws):
    """Compile a function over arrays into a generalized NumPy ufunc (Numba's
    ``@guvectorize``).

    ``@guvectorize(signatures, layout)``: ``signatures`` is a list of strings or type
    objects whose result is ``void`` (``"void(float64[:], float64, float64[:])"`` or
    ``(float64[:], float64, float64[:])``); ``layout`` is NumPy's layout signature
    (``"(n),()->(n)"``). Returns a ``numpy.ufunc`` with one loop per signature.

    Options: ``target`` (``"cpu"`` or ``"parallel"``: the outer loop is split over threads), ``nopython`` (always), ``cache`` and
    ``fastmath`` (accepted), ``identity`` (accepted, as Numba), ``writable_args``.

    Without signatures (``@guvectorize("(n),()->(n)")``) it returns a
    :class:`~ferrumba._gufunc_dynamic.GUFunc`, which compiles a loop for the dtypes of each
    call's arguments (outputs included: pass them, see ``docs/gufuncs.md``).
    """
    ftylist, layout = None, kws.pop("signature", None)
    if len(args) == 2:
        ftylist, layout = args
    elif len(args) == 1:
        if isinstance(args[0], str) and "->" in args[0] and layout is None:
            layout = args[0]
        else:
            ftylist = args[0]
    elif len(args) > 2:
        raise TypeError("guvectorize() takes signatures and a layout, got %d arguments"
                        % (len(args),))
    target = kws.pop("target", "cpu")
    unknown = set(kws) - {"identity", "nopython", "cache", "fastmath", "forceobj",
                          "locals", "writable_args", "is_dynamic"}
    if unknown:
        raise KeyError("Unrecognized options: %s" % sorted(unknown))
    if kws.get("forceobj"):
        raise UnsupportedError("object mode (forceobj=True) is not supported by ferrumba")
    if target not in ("cpu", "parallel"):
        if target == "cuda":
            raise UnsupportedError(
                "@guvectorize(target=%r) is not available yet in ferrumba; use target='cpu'"
                % (target,))
        raise ValueError("Unsupported target: %s" % (target,))
    if layout is None:
        raise TypeError("guvectorize() needs a layout signature such as '(n),()->(n)'")
    ins, outs = parse_layout(layout)
    options = dict(fastmath=kws.get("fastmath", False), cache=kws.get("cache", False),
                   locals=kws.get("locals") or {}, parallel=target == "parallel")
    if ftylist is None or (not isinstance(ftylist, str) and not _is_sig(ftylist)
                           and len(list(ftylist)) == 0):
        def wrap_dynamic(func):
            from ferrumba._gufunc_dynamic import GUFunc
            return GUFunc(func, layout, options)
        return wrap_dynamic
    if isinstance(ftylist, str) or _is_sig(ftylist):
        ftylist = [ftylist]
    ftylist = list(ftylist)

    def wrap(func):
        return _build(func, ftylist, layout, ins, outs, options)
    return wrap


def _is_sig(obj):
    from ferrumba.core.types.abstract import Signature
    return isinstance(obj, Signature) or (
        isinstance(obj, tuple) and all(hasattr(t, "key") for t in obj))


def _kernel(func):
    import types as pytypes

    from ferrumba.decorators import _is_jitted

    if _is_jitted(func):
        func = func.py_func
    if not isinstance(func, pytypes.FunctionType):
        raise TypeError("The decorated object is not a function (got type %s)." % (type(func),))
    return func


def _dim_indices(ins, outs):
    numbering = {}
    dims = []
    for names in ins + outs:
        dims.append([numbering.setdefault(n, len(numbering)) for n in names])
    return dims


def _arg_types(sig, layout, ins, outs):
    """The kernel's argument types for ``sig`` (arrays with layout A) and their NumPy
    type numbers, checked against the layout."""
    import numpy as np

    from ferrumba.core import types
    from ferrumba.core.sigutils import normalize_signature

    args, ret = normalize_signature(sig)
    if ret is not None and ret is not types.none:
        raise TypeError("a gufunc kernel returns nothing: signature %s must have a void "
                        "result (it writes its outputs)" % (sig,))
    nin, nargs = len(ins), len(ins) + len(outs)
    if len(args) != nargs:
        raise TypeError("signature %s has %d argument(s) but the layout %r has %d"
                        % (sig, len(args), layout, nargs))
    names, typenums, kernel_types = [], [], []
    for k, (ty, dims) in enumerate(zip(args, ins + outs)):
        what = "input" if k < nin else "output"
        if isinstance(ty, types.Array):
            elem = ty.dtype
            if not (ty.ndim == len(dims) or (not dims and ty.ndim == 1)):
                raise TypeError("%s %d of signature %s is %s but the layout %r gives it %d "
                                "core dimension(s)" % (what, k, sig, ty, layout, len(dims)))
            names.append("array(%s, %dd, A)" % (elem, ty.ndim))
            kernel_types.append(types.Array(elem, ty.ndim, "A"))
        else:
            elem = ty
            if dims:
                raise TypeError("%s %d of signature %s is the scalar %s but the layout %r "
                                "gives it core dimensions %s: use an array type"
                                % (what, k, sig, ty, layout, tuple(dims)))
            if k >= nin:
                raise TypeError("output %d of signature %s is the scalar %s: outputs are "
                                "arrays (a scalar output '()' is declared %s[:] and "
                                "written as out[0])" % (k, sig, ty, ty))
            names.append(str(ty))
            kernel_types.append(ty)
        try:
            dt = np.dtype(str(elem))
        except TypeError:
            dt = None
        if dt is None or dt.kind not in "biufc" or dt.name == "float16":
            raise TypeError("%s in signature %s cannot be a gufunc element: use bool, "
                            "integer, float or complex types" % (elem, sig))
        typenums.append(dt.num)
    return names, typenums, tuple(kernel_types)


class _GuLoops(object):
    """The compiled loops of one gufunc kernel (one dispatcher, an overload per signature) and the
    ``numpy.ufunc`` built from them; shared by the eager gufunc and :class:`GUFunc`."""

    def __init__(self, func, layout, options):
        from ferrumba import _host
        from ferrumba.decorators import _EMPTY, _core_options
        from ferrumba.dispatcher import Dispatcher

        self.func = func = _kernel(func)
        self.layout = layout
        self.ins, self.outs = parse_layout(layout)
        self.options = options
        nargs = len(self.ins) + len(self.outs)
        if func.__code__.co_argcount != nargs:
            raise TypeError("%s takes %d argument(s) but the layout %r has %d (inputs then "
                            "outputs)" % (func.__name__, func.__code__.co_argcount, layout, nargs))
        core_options = _core_options(
            options["locals"] or _EMPTY, options["cache"], None, None,
            {"error_model": "numpy", "fastmath": options["fastmath"], "nopython": True})
        self.dispatcher = Dispatcher(func, dict(core_options), _host)
        self.loops, self.typenums, self.signatures = [], [], []

    def add(self, sig):
        """Compile the kernel for ``sig`` and add its loop (call :meth:`ufunc` after)."""
        names, nums, kernel_types = _arg_types(sig, self.layout, self.ins, self.outs)
        disp = self.dispatcher
        disp.compile(kernel_types)  # explicit compiles are allowed with compiling disabled
        disp.disable_compile()
        index = [tuple(a) for a, _ in disp._overloads()].index(tuple(names))
        self.loops.append((disp, index))
        self.typenums.append(nums)
        self.signatures.append(sig)

    def ufunc(self, recipe):
        from ferrumba import _core
        from ferrumba._ufunc_pickle import install

        install()
        func = self.func
        return _core.build_gufunc(self.loops, self.typenums, len(self.ins), len(self.outs),
                                  _dim_indices(self.ins, self.outs), self.layout.replace(" ", ""),
                                  func.__name__, func.__doc__ or "",
                                  parallel=self.options["parallel"], owner=recipe)


def _build(func, ftylist, layout, ins, outs, options):
    from ferrumba._ufunc_pickle import Recipe

    loops = _GuLoops(func, layout, options)
    for sig in ftylist:
        loops.add(sig)
    return loops.ufunc(Recipe("gufunc", loops.func, ftylist, options, layout))

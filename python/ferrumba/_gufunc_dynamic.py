"""Dynamic generalized ufuncs: ``@guvectorize(layout)`` without signatures (Numba 0.53+).

A :class:`GUFunc` wraps a genuine ``numpy.ufunc`` (:attr:`GUFunc.ufunc`) rebuilt each time a call
brings argument dtypes no loop has exactly. The signature compiled for a call follows Numba's rule:
an argument with core dimensions becomes an array of that many dimensions (layout ``A``), a ``()``
input a scalar of its dtype, a ``()`` output a 1-element array; element types are the arguments'
dtypes, outputs included. A kernel only writes its outputs, so their dtype cannot be inferred from
the inputs: the first call for new input dtypes must pass the outputs (positionally or ``out=``);
once a loop for the inputs' dtypes exists NumPy allocates outputs as for any gufunc.
"""

from ferrumba._ufunc import _element_type_name

__all__ = ["GUFunc"]


class GUFunc(object):
    """A dynamic gufunc (Numba's ``GUFunc`` with ``is_dynamic`` true)."""

    def __init__(self, func, layout, options):
        from ferrumba._gufunc import _GuLoops

        self._loops = _GuLoops(func, layout, options)
        self._options = options
        self._ufunc = None
        func = self._loops.func
        self.py_func = func
        self.__name__ = func.__name__
        self.__qualname__ = getattr(func, "__qualname__", func.__name__)
        self.__module__ = func.__module__
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def __repr__(self):
        return "<ferrumba._gufunc_dynamic.GUFunc %r %r>" % (self.__name__, self.signature)

    def __reduce__(self):
        from ferrumba._ufunc_pickle import reduce_dynamic
        return reduce_dynamic(self, "gufunc", self._loops.layout)

    @property
    def ufunc(self):
        """The ``numpy.ufunc`` with the loops compiled so far (None before the first)."""
        return self._ufunc

    is_dynamic = property(lambda self: True)

    def add(self, sig):
        """Compile a loop for ``sig`` now (``"void(float64[:], float64, float64[:])"``)."""
        from ferrumba._ufunc_pickle import Recipe

        loops = self._loops
        loops.add(sig)
        self._ufunc = loops.ufunc(Recipe("gufunc", loops.func, loops.signatures, self._options,
                                         loops.layout))

    def _signature_for(self, values):
        """Numba's signature for these arguments, or ``None`` when a dtype is not supported."""
        loops = self._loops
        parts = []
        for k, (value, dims) in enumerate(zip(values, loops.ins + loops.outs)):
            name = _element_type_name(value)
            if name is None:
                return None
            ndim = len(dims) if dims or k < len(loops.ins) else 1
            parts.append(name if ndim == 0 else "%s[%s]" % (name, ", ".join([":"] * ndim)))
        return "void(%s)" % ", ".join(parts)

    def _has_loop(self, values):
        names = [_element_type_name(v) for v in values]
        if None in names:
            return True  # let NumPy report the unsupported dtype
        import numpy as np

        nums = [np.dtype(n).num for n in names]
        return any(t[:len(nums)] == nums for t in self._loops.typenums)

    def __call__(self, *args, **kws):
        loops = self._loops
        nin, nargs = len(loops.ins), len(loops.ins) + len(loops.outs)
        values = list(args)
        out = kws.get("out")
        if out is not None and len(values) == nin:
            values += list(out) if isinstance(out, tuple) else [out]
        if len(values) < nin:
            raise TypeError("%s() takes %d input argument(s) (layout %r), %d given"
                            % (self.__name__, nin, loops.layout, len(values)))
        if len(values) == nargs:
            if not self._has_loop(values):
                sig = self._signature_for(values)
                if sig is not None:
                    self.add(sig)
        elif not self._has_loop(values[:nin]):
            raise TypeError(
                "%s() was called without its output argument(s) for input dtypes it has no loop "
                "for: a dynamic gufunc cannot infer the output dtype, so pass the outputs, "
                "%s(%s) (or out=...)" % (self.__name__, self.__name__, ", ".join(
                    ["in%d" % k for k in range(nin)] + ["out%d" % k for k in range(nargs - nin)])))
        if self._ufunc is None:
            raise TypeError("%s(): no loop compiled yet and the arguments' dtypes are not bool, "
                            "integer, float or complex" % (self.__name__,))
        return self._ufunc(*args, **kws)

    # -- gufunc attributes ---------------------------------------------------------------
    nin = property(lambda self: len(self._loops.ins))
    nout = property(lambda self: len(self._loops.outs))
    nargs = property(lambda self: len(self._loops.ins) + len(self._loops.outs))
    ntypes = property(lambda self: len(self._loops.loops))
    types = property(lambda self: list(self._ufunc.types) if self._ufunc is not None else [])
    signature = property(lambda self: self._loops.layout.replace(" ", ""))
    identity = property(lambda self: None)

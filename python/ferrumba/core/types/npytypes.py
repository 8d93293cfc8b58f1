"""NumPy array types. Arrays are a placeholder for now: the type exists (so that signatures
such as ``float64[:](float64[:, ::1])`` can be written) but the core does not compile array
code yet."""

from ferrumba.core.types.abstract import ArrayCompatible, IterableType, Sized, Type


class Buffer(IterableType, ArrayCompatible, Sized):
    pass


class Array(Buffer):
    """An array of ``dtype`` with ``ndim`` dimensions and ``layout`` 'C', 'F' or 'A'.

    Name (Numba's): ``array(float64, 2d, C)``, prefixed with ``readonly `` / ``unaligned ``.
    """

    def __init__(self, dtype, ndim, layout, readonly=False, name=None, aligned=True):
        if layout not in ("C", "F", "A"):
            raise ValueError("Invalid layout '%s'" % (layout,))
        if not isinstance(ndim, int) or ndim < 0:
            raise ValueError("Invalid ndim %r" % (ndim,))
        self.dtype = dtype
        self.ndim = ndim
        self.layout = layout
        self.mutable = not readonly
        self.aligned = aligned
        if name is None:
            prefix = ("" if self.mutable else "readonly ") + ("" if aligned else "unaligned ")
            name = "%sarray(%s, %dd, %s)" % (prefix, dtype, ndim, layout)
        super().__init__(name)

    @property
    def key(self):
        return self.name

    @property
    def readonly(self):
        return not self.mutable

    @property
    def is_c_contig(self):
        return self.layout == "C" or (self.ndim <= 1 and self.layout in "CF")

    @property
    def is_f_contig(self):
        return self.layout == "F" or (self.ndim <= 1 and self.layout in "CF")

    @property
    def is_contig(self):
        return self.layout in "CF"

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None, aligned=None):
        return Array(self.dtype if dtype is None else dtype,
                     self.ndim if ndim is None else ndim,
                     self.layout if layout is None else layout,
                     readonly=self.readonly if readonly is None else readonly,
                     aligned=self.aligned if aligned is None else aligned)

    def __repr__(self):
        return "Array(%r, %d, %r, %s, aligned=%s)" % (
            self.dtype, self.ndim, self.layout, not self.mutable, self.aligned)

    # ``float64[:][...]`` is not an array-of-arrays: stop Type.__getitem__ here.
    def __getitem__(self, args):
        raise TypeError("%s cannot be indexed to build a type" % (self,))


_ = Type

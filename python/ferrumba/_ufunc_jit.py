"""Calling ``@vectorize`` ufuncs from compiled code.

When compiled code refers to a ufunc ferrumba built (a genuine ``numpy.ufunc`` carrying a
:class:`~ferrumba._ufunc_pickle.Recipe`) or to a :class:`~ferrumba._ufunc.DUFunc`, :func:`jit_name`
registers an ``@overload``-style typer for it (``ferrumba._host.classify`` asks on first sight). For
argument types the typer picks the loop NumPy would pick (``ufunc.resolve_dtypes``: scalars alone are
typed values, as NumPy scalars; next to an array they are weak, as Python numbers) and returns:

* scalars only: a function casting each argument to the loop's input type and calling the loop's
  compiled kernel natively (a dispatcher call, no Python);
* 1-D/2-D arrays (and scalars; one or two inputs): the elementwise loop of
  :mod:`ferrumba.np.arrayops` with NumPy's broadcasting, into a new array of the loop's result dtype.

A ``DUFunc`` with a loop for the arguments' exact element types is typed the same way; without one, the
kernel is compiled for those types within the current compilation (see
:func:`_uncompiled_implementation`: a typer runs inside a compile session and must not build ufuncs).
Other argument types raise a :class:`~ferrumba.core.errors.TypingError` listing the ufunc's loops.
"""

from ferrumba.core import types
from ferrumba.core.errors import TypingError

__all__ = ["jit_name"]

_SCALARS = (types.Boolean, types.Integer, types.Float, types.Complex)


def jit_name(obj):
    """The name compiled code calls ``obj`` by, registering its typer the first time, or ``None`` when
    ``obj`` is not a ufunc ferrumba built."""
    from ferrumba._ufunc import DUFunc
    from ferrumba._ufunc_pickle import recipe_of

    if isinstance(obj, DUFunc):
        typer = _dynamic_typer(obj)
    else:
        recipe = recipe_of(obj)
        if recipe is None or recipe.kind != "ufunc":
            return None
        typer = _eager_typer(obj, recipe.loops)
    from ferrumba import _host, extending

    name = _host.register_overloaded(obj)
    extending._REGISTRY.setdefault(name, []).append(extending._Template(typer, None))
    return name


def _eager_typer(ufunc, loops):
    def typer(*args, **kws):
        return _implementation(ufunc, loops, args, kws)
    return typer


def _dynamic_typer(dufunc):
    def typer(*args, **kws):
        if not kws and len(args) == dufunc.nin:
            names = [_element_name(t) for t in args]
            if None in names:
                _fail(dufunc.__name__, args, dufunc.types)
            if tuple(names) not in dufunc._loops.input_types:
                return _uncompiled_implementation(dufunc, args)
        if dufunc.ufunc is None:
            _fail(dufunc.__name__, args, [])
        return _implementation(dufunc.ufunc, dufunc._loops, args, kws)
    return typer


def _uncompiled_implementation(dufunc, args):
    """For argument types the ``DUFunc`` has no loop for: the kernel is compiled (for the element types,
    within this compilation; the ``DUFunc`` itself gains no loop) through a dispatcher of its own. The
    result dtype is the kernel's result type, which only the compiler knows: an array call first calls
    the kernel on the first elements (zeros for empty arrays) and hands that value's type to
    ``_apply``'s typer, which allocates the result."""
    from ferrumba import _host
    from ferrumba.dispatcher import Dispatcher

    state = dufunc.__dict__.get("_jit_state")
    if state is None:
        kernel = Dispatcher(dufunc.py_func, dict(dufunc._loops.core_options), _host)
        state = dufunc.__dict__["_jit_state"] = (kernel, _array_applier(kernel))
    kernel, apply = state
    if not any(isinstance(t, types.Array) for t in args):
        if len(args) not in _DIRECT_CALLERS:
            _fail(dufunc.__name__, args, dufunc.types)
        return _DIRECT_CALLERS[len(args)](kernel)
    if len(args) > 2 or any(isinstance(t, types.Array) and t.ndim not in (1, 2) for t in args):
        _fail(dufunc.__name__, args, dufunc.types)
    if len(args) == 1:
        def impl1(a):
            return apply(kernel(_first(a)), a)
        return impl1

    def impl2(a, b):
        return apply(kernel(_first(a), _first(b)), a, b)
    return impl2


def _array_applier(kernel):
    """A function ``apply(proto, a[, b])`` for compiled code: the elementwise call of ``kernel`` into a
    new array whose dtype is ``proto``'s type."""
    from ferrumba.decorators import njit
    from ferrumba.extending import overload

    def apply(proto, *arrays):
        raise TypeError("only callable from compiled code")

    @overload(apply)
    def typer(proto, a, b=None):
        import numpy as np

        from ferrumba.np.arrayops import binary_impl, unary_impl

        dt = np.dtype(str(proto)).type
        if b is None:
            body1 = njit(unary_impl(kernel, dt, a))

            def impl1(proto, a):
                return body1(a)
            return impl1
        body2 = njit(binary_impl(kernel, dt, a, b))

        def impl2(proto, a, b):
            return body2(a, b)
        return impl2
    return apply


def _first(x):
    return x


def _element_name(t):
    elem = t.dtype if isinstance(t, types.Array) else t
    if not isinstance(elem, _SCALARS) or str(elem) == "float16":
        return None
    return str(elem)


def _fail(name, args, loop_types):
    raise TypingError(
        "ufunc %r called from compiled code with argument types (%s): no loop accepts them "
        "(loops: %s); arguments must be bool, integer, float or complex scalars or 1-D/2-D arrays "
        "of them, one per ufunc input" % (name, ", ".join(str(a) for a in args),
                                         ", ".join(loop_types) or "none"))


def _implementation(ufunc, loops, args, kws):
    import numpy as np

    name = ufunc.__name__
    if kws or len(args) != loops.nin:
        _fail(name, args, ufunc.types)
    if loops.nin > len(_CALLERS):
        raise TypingError("ufunc %r: calls from compiled code support up to %d inputs, it has %d"
                          % (name, len(_CALLERS), loops.nin))
    any_array = False
    for t in args:
        if isinstance(t, types.Array):
            if t.ndim not in (1, 2) or not isinstance(t.dtype, _SCALARS) or loops.nin > 2:
                _fail(name, args, ufunc.types)
            any_array = True
        elif not isinstance(t, _SCALARS):
            _fail(name, args, ufunc.types)
    dtypes = []
    for t in args:
        if isinstance(t, types.Array):
            dtypes.append(np.dtype(str(t.dtype)))
        elif any_array and not isinstance(t, types.Boolean):
            dtypes.append(int if isinstance(t, types.Integer) else
                          float if isinstance(t, types.Float) else complex)
        else:
            dtypes.append(np.dtype("bool" if isinstance(t, types.Boolean) else str(t)))
    try:
        resolved = ufunc.resolve_dtypes(tuple(dtypes) + (None,))
    except TypeError:
        _fail(name, args, ufunc.types)
    nums = [d.num for d in resolved]
    try:
        index = [list(t) for t in loops.typenums].index(nums)
    except ValueError:
        _fail(name, args, ufunc.types)
    call = _scalar_call(loops, index)
    if not any_array:
        return call.py_func
    disp, overload = loops.loops[index]
    if [_element_name(t) for t in args] == list(disp._overloads()[overload][0]):
        call = disp  # no casts needed: the loop calls the kernel itself
    if loops.nin == 1:
        from ferrumba.np.arrayops import unary_impl
        return unary_impl(call, resolved[-1].type, args[0])
    from ferrumba.np.arrayops import binary_impl
    return binary_impl(call, resolved[-1].type, args[0], args[1])


def _scalar_call(loops, index):
    """A jitted function calling loop ``index``'s kernel with its arguments cast to the loop's input
    types (cached on ``loops``)."""
    cache = loops.__dict__.setdefault("jit_calls", {})
    hit = cache.get(index)
    if hit is not None:
        return hit
    from ferrumba.core.types.parse import from_name
    from ferrumba.decorators import njit

    disp, overload = loops.loops[index]
    arg_names, _ = disp._overloads()[overload]
    casts = [from_name(n) for n in arg_names]
    hit = cache[index] = njit(_CALLERS[len(casts)](disp, *casts))
    return hit


def _call1(kernel, c0):
    def call(a):
        return kernel(c0(a))
    return call


def _call2(kernel, c0, c1):
    def call(a, b):
        return kernel(c0(a), c1(b))
    return call


def _call3(kernel, c0, c1, c2):
    def call(a, b, c):
        return kernel(c0(a), c1(b), c2(c))
    return call


def _call4(kernel, c0, c1, c2, c3):
    def call(a, b, c, d):
        return kernel(c0(a), c1(b), c2(c), c3(d))
    return call


_CALLERS = {1: _call1, 2: _call2, 3: _call3, 4: _call4}


def _direct1(kernel):
    def call(a):
        return kernel(a)
    return call


def _direct2(kernel):
    def call(a, b):
        return kernel(a, b)
    return call


def _direct3(kernel):
    def call(a, b, c):
        return kernel(a, b, c)
    return call


def _direct4(kernel):
    def call(a, b, c, d):
        return kernel(a, b, c, d)
    return call


#: Callers without casts, for a DUFunc's kernel compiled for the arguments' own types.
_DIRECT_CALLERS = {1: _direct1, 2: _direct2, 3: _direct3, 4: _direct4}


def _register_first():
    from ferrumba.extending import overload

    @overload(_first)
    def typer(x):
        if isinstance(x, _SCALARS):
            def same(x):
                return x
            return same
        if not isinstance(x, types.Array) or x.ndim not in (1, 2):
            return None
        elem = x.dtype
        if x.ndim == 1:
            def first1(x):
                return x[0] if x.shape[0] > 0 else elem(0)
            return first1

        def first2(x):
            return x[0, 0] if x.shape[0] > 0 and x.shape[1] > 0 else elem(0)
        return first2


_register_first()

"""A stand-in for the Rust module ``ferrumba._core``, following its contract, so that the
pure-Python layer can be tested without building the core. It "compiles" by recording
signatures and runs the Python function."""

import types

_TYPE_NAMES = {bool: "bool", int: "int64", float: "float64", complex: "complex128",
               type(None): "none"}


def typeof(value):
    t = type(value)
    if t in _TYPE_NAMES:
        return _TYPE_NAMES[t]
    if t is tuple:
        names = [typeof(v) for v in value]
        if names and all(n == names[0] for n in names):
            return "UniTuple(%s x %d)" % (names[0], len(names))
        return "Tuple(%s)" % ", ".join(names)
    raise ValueError("cannot determine the type of %r" % (value,))


_ALIASES = {"i4": "int32", "i8": "int64", "f8": "float64", "f4": "float32", "b1": "bool",
            "boolean": "bool", "intp": "int64", "void": "none"}


def _split_sig(sig):
    head, _, rest = sig.partition("(")
    args = [a.strip() for a in rest.rstrip(")").split(",") if a.strip()]
    return head.strip() or None, [_ALIASES.get(a, a) for a in args]


class Dispatcher(object):
    _next_handle = 1

    def __init__(self, py_func, options, host):
        assert isinstance(options, dict)
        self._py_func_ = py_func
        self.options = options
        self.host = host
        self._compiled = []  # [(args tuple, return name)]
        self._can_compile = True
        self.compile_calls = []
        self.handle = Dispatcher._next_handle
        Dispatcher._next_handle += 1

    @property
    def py_func(self):
        return self._py_func_

    def _nparams(self):
        code = self._py_func_.__code__
        return code.co_argcount + code.co_kwonlyargcount + bool(code.co_flags & 0x04)

    def __call__(self, *args, **kwargs):
        if kwargs or len(args) != self._nparams() or self._py_func_.__code__.co_flags & 0x04:
            args = self._fold_arguments(args, kwargs)
        argtypes = tuple(typeof(a) for a in args)
        if argtypes not in [c[0] for c in self._compiled]:
            if not self._can_compile:
                raise TypeError("No matching definition for argument type(s) %s"
                                % ", ".join(argtypes))
            self._compiled.append((argtypes, "float64"))
        # The folded tuple follows the parameter order of inspect.signature:
        # positional, *args (packed as a tuple), keyword-only.
        import inspect
        pos, kw = [], {}
        for p, v in zip(inspect.signature(self._py_func_).parameters.values(), args):
            if p.kind == p.VAR_POSITIONAL:
                pos.extend(v)
            elif p.kind == p.KEYWORD_ONLY:
                kw[p.name] = v
            else:
                pos.append(v)
        return self._py_func_(*pos, **kw)

    def compile(self, signature):
        if not isinstance(signature, str):
            raise TypeError("compile() takes a string")
        self.compile_calls.append(signature)
        ret, args = _split_sig(signature)
        self._compiled.append((tuple(args), ret or "float64"))

    def _overloads(self):
        return list(self._compiled)

    def _dump(self, index, stage):
        args, ret = self._compiled[index]
        return "%s dump of %s(%s) -> %s" % (stage, self._py_func_.__name__,
                                            ", ".join(args), ret)

    def _clear(self):
        self._compiled = []


def make_module():
    mod = types.ModuleType("ferrumba._core")
    mod.Dispatcher = Dispatcher
    mod.typeof = typeof
    threads = {"n": 1}
    mod.get_num_threads = lambda: threads["n"]
    mod.set_num_threads = lambda n: threads.__setitem__("n", n)
    mod.__fake__ = True
    return mod

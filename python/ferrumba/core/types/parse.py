"""Turning type names (Numba's ``str()`` of a type, as the Rust core writes them) and
signature strings back into type objects."""

_name_cache = {}


def _split_top(s, sep=","):
    """Split ``s`` on ``sep`` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced brackets in type name %r" % (s,))
        elif ch == sep and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    if depth != 0:
        raise ValueError("unbalanced brackets in type name %r" % (s,))
    parts.append(s[start:])
    return [p.strip() for p in parts]


def _scalar_names():
    from ferrumba.core import types as t
    names = {}
    for ty in (t.boolean, t.int8, t.int16, t.int32, t.int64, t.uint8, t.uint16, t.uint32,
               t.uint64, t.float16, t.float32, t.float64, t.complex64, t.complex128, t.none):
        names[ty.name] = ty
    # Aliases the Rust signature parser also accepts.
    for alias in ("b1", "boolean", "bool_", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8",
                  "f4", "f8", "c8", "c16", "intp", "uintp", "intc", "uintc", "void",
                  "double", "int_", "byte", "ssize_t", "size_t"):
        names[alias] = getattr(t, alias)
    for bits in ("32", "64"):
        for sign in ("", "u"):
            ity = names["%sint%s" % (sign, bits)]
            short = ("unsigned_" if sign else "") + bits  # range_state64 (older spelling)
            for nm in ("range_state_%s" % ity, "range_state" + short):
                names[nm] = t.RangeType(ity)
            for nm in ("range_iter_%s" % ity, "range_iter" + short):
                names[nm] = t.RangeIteratorType(ity)
    return names


_scalars = None


def from_name(name):
    """The type object for a type name: ``"int64"``, ``"UniTuple(int64 x 3)"``,
    ``"Tuple(int64, float64)"``, ``"OptionalType(int64)"``, ``"array(float64, 2d, C)"``,
    ``"range_state64"``... A name it does not know becomes ``Opaque(name)``; malformed
    brackets raise ``ValueError``. Results are cached."""
    try:
        return _name_cache[name]
    except KeyError:
        pass
    ty = _parse(name.strip())
    _name_cache[name] = ty
    return ty


def _parse(name):
    global _scalars
    from ferrumba.core import types as t
    if _scalars is None:
        _scalars = _scalar_names()
    ty = _scalars.get(name)
    if ty is not None:
        return ty
    head, paren, rest = name.partition("(")
    if paren and rest.endswith(")"):
        inner = rest[:-1]
        head = head.strip()
        if head == "UniTuple":
            elem, sep, count = inner.rpartition(" x ")
            if sep:
                return t.UniTuple(from_name(elem), int(count))
            elem, count = _split_top(inner)  # repr form: UniTuple(int64, 3)
            return t.UniTuple(from_name(elem), int(count))
        if head == "Tuple":
            if inner.startswith("(") and inner.endswith(")"):  # repr form: Tuple((a, b))
                inner = inner[1:-1]
            items = [p for p in _split_top(inner) if p]
            return t.Tuple(tuple(from_name(p) for p in items))
        if head in ("OptionalType", "Optional", "optional"):
            return t.Optional(from_name(inner))
        if head.endswith("array"):
            prefix = head[: -len("array")].split()
            parts = _split_top(inner)
            if len(parts) == 3 and parts[1].endswith("d"):
                return t.Array(from_name(parts[0]), int(parts[1][:-1]), parts[2],
                               readonly="readonly" in prefix,
                               aligned="unaligned" not in prefix)
    _split_top(name)  # raise on unbalanced brackets
    return t.Opaque(name)


def _signature_namespace():
    from ferrumba.core import types as t
    ns = {k: v for k, v in vars(t).items() if not k.startswith("_")}
    ns["__builtins__"] = {}
    return ns


def parse_type(expr):
    """The type a Numba-style type expression denotes (``"float64[:, ::1]"``,
    ``"UniTuple(int64, 2)"``, ``"i4"``); ``TypeError`` if it is not one."""
    from ferrumba.core.types.abstract import Type
    try:
        value = eval(expr, _signature_namespace())  # noqa: S307
    except NameError as e:
        raise UnknownTypeNameError("invalid type %r: %s" % (expr, e)) from None
    except Exception as e:
        raise TypeError("invalid type %r: %s" % (expr, e)) from None
    if not isinstance(value, Type):
        raise TypeError("invalid type %r: evaluates to %r" % (expr, value))
    return value


class UnknownTypeNameError(TypeError):
    """A signature string names something the Python side does not know."""


def parse_signature(sig):
    """A :class:`Signature` from a Numba-style signature string such as
    ``"float64(int32, float64)"``, ``"(int32, float64)"`` or ``"void(float64[:])"``.

    Like Numba, the string is evaluated with the type names in scope (and no builtins).
    Raises ``TypeError`` when it does not denote a signature (``UnknownTypeNameError``
    when it names something unknown).
    """
    from ferrumba.core.types.abstract import Signature, Type
    try:
        value = eval(sig, _signature_namespace())  # noqa: S307 - like numba.core.sigutils
    except NameError as e:
        raise UnknownTypeNameError("invalid signature %r: %s" % (sig, e)) from None
    except Exception as e:
        raise TypeError("invalid signature %r: %s" % (sig, e)) from None
    if isinstance(value, Signature):
        return value
    if isinstance(value, Type) and sig.strip().startswith("("):
        return Signature(None, (value,))  # "(int32)": one argument type
    if isinstance(value, tuple) and all(isinstance(v, Type) for v in value):
        return Signature(None, value)
    raise TypeError("invalid signature %r: evaluates to %r" % (sig, value))

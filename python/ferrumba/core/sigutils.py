"""Signature helpers (like ``numba.core.sigutils``): recognising what users pass as a
signature and turning it into the string form the Rust core parses."""

from ferrumba.core.types.abstract import Signature, Type


def is_signature(sig):
    """Whether ``sig`` looks like a signature: a string, a tuple of types, a Signature."""
    return isinstance(sig, (str, tuple, Signature))


def normalize_signature(sig):
    """``(args, return_type)`` for a signature given as a string, a tuple of argument types
    or a :class:`Signature` (``return_type`` is None when not given)."""
    if isinstance(sig, str):
        from ferrumba.core.types.parse import parse_signature
        sig = parse_signature(sig)
    if isinstance(sig, tuple):
        sig = Signature(None, sig)
    if not isinstance(sig, Signature):
        raise TypeError("invalid type for signature: expected a string, a tuple of types "
                        "or a Signature, got %r" % (sig,))
    for ty in sig.args:
        if not isinstance(ty, Type):
            raise TypeError("invalid signature %r: %r is not a ferrumba type" % (sig, ty))
    if sig.return_type is not None and not isinstance(sig.return_type, Type):
        raise TypeError("invalid signature %r: return type %r is not a ferrumba type"
                        % (sig, sig.return_type))
    return sig.args, sig.return_type


def to_core_string(sig):
    """The string the core's ``Dispatcher.compile`` takes: ``"float64(int32, float64)"``
    or ``"(int32, float64)"``.

    A string naming something the Python side does not know (a name only the core knows)
    is passed on unchanged, so that the core reports the error (or accepts it); other
    malformed signatures raise ``TypeError`` here.
    """
    if isinstance(sig, str):
        from ferrumba.core.types.parse import UnknownTypeNameError
        try:
            args, ret = normalize_signature(sig)
        except UnknownTypeNameError:
            return sig.strip()
    else:
        args, ret = normalize_signature(sig)
    return Signature(ret, args).to_core_string()

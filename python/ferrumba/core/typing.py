"""``ferrumba.core.typing``: the :class:`Signature` class and :func:`signature` (like Numba's
``numba.core.typing``)."""

from ferrumba.core.types.abstract import Signature


def signature(return_type, *args, **kws):
    """``signature(float64, int32, float64)`` -> ``(int32, float64) -> float64``."""
    recvr = kws.pop("recvr", None)
    if kws:
        raise TypeError("unknown keyword arguments %s" % sorted(kws))
    return Signature(return_type, args, recvr=recvr)


__all__ = ["Signature", "signature"]

"""``ferrumba.core.decorators``: where Numba keeps ``jit``/``njit``."""
from ferrumba.decorators import jit, njit  # noqa: F401

__all__ = ["jit", "njit"]

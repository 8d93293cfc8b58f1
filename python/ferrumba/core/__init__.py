"""Ferrumba's compiler-facing Python pieces: ``types``, ``errors`` (mirroring ``numba.core``)."""

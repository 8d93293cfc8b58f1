"""Opt-in: make ``import numba`` (and ``import numba.core.types`` & co.) load ferrumba.

Usage::

    import ferrumba
    ferrumba.install_numba_alias()
    import numba            # -> ferrumba
    from numba import njit  # -> ferrumba.njit

or, to run an existing script unchanged::

    python -c "import ferrumba, runpy, sys; ferrumba.install_numba_alias(); \\
sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')" script.py args...

Nothing happens at ``import ferrumba`` time; only this function installs the alias.
"""

import sys

_finder = None


class _NumbaAliasFinder(object):
    """Meta-path finder mapping ``numba`` / ``numba.X`` to ``ferrumba`` / ``ferrumba.X``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "numba" and not fullname.startswith("numba."):
            return None
        import importlib.util
        real = "ferrumba" + fullname[len("numba"):]
        try:
            real_spec = importlib.util.find_spec(real)
        except ImportError:
            return None
        if real_spec is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real),
                                               is_package=real_spec.submodule_search_locations
                                               is not None)


class _AliasLoader(object):
    def __init__(self, real_name):
        self.real_name = real_name

    def create_module(self, spec):
        import importlib
        return importlib.import_module(self.real_name)

    def exec_module(self, module):
        pass


def install_numba_alias(replace=False):
    """Make ``import numba`` give ``ferrumba`` (and ``numba.X`` give ``ferrumba.X``).

    If the real Numba is already imported it stays (``sys.modules`` wins) unless
    ``replace=True``, which rebinds the already-imported ``numba*`` entries to ferrumba's
    modules where they exist. Returns the ferrumba module.
    """
    global _finder
    import ferrumba
    if replace:
        for name in [n for n in sys.modules if n == "numba" or n.startswith("numba.")]:
            del sys.modules[name]
    if "numba" not in sys.modules:
        sys.modules["numba"] = ferrumba
        for sub in ("core", "core.types", "core.errors", "types", "errors", "config"):
            real = sys.modules.get("ferrumba." + sub)
            if real is None:
                import importlib
                real = importlib.import_module("ferrumba." + sub)
            sys.modules.setdefault("numba." + sub, real)
    if _finder is None:
        _finder = _NumbaAliasFinder()
        sys.meta_path.insert(0, _finder)
    return ferrumba

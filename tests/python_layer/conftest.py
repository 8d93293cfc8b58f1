"""Tests of the pure-Python layer run against a fake ``ferrumba._core`` (see fake_core.py),
installed per test and removed afterwards, so that they pass without the Rust core and do
not disturb other test directories that use the real one."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_SRC = os.path.join(os.path.dirname(os.path.dirname(HERE)), "python")
if PYTHON_SRC not in sys.path:
    sys.path.insert(0, PYTHON_SRC)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(autouse=True)
def fake_core(monkeypatch):
    import ferrumba
    import fake_core as fc

    mod = fc.make_module()
    monkeypatch.setitem(sys.modules, "ferrumba._core", mod)
    monkeypatch.setattr(ferrumba, "_core", mod, raising=False)
    # Re-import the dispatcher module so that its class derives from the fake base.
    import ferrumba.core
    for name in ("ferrumba.dispatcher", "ferrumba.core.dispatcher"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.delattr(ferrumba, "dispatcher", raising=False)
    monkeypatch.delattr(ferrumba.core, "dispatcher", raising=False)
    yield mod
    for name, package in (("ferrumba.dispatcher", ferrumba),
                          ("ferrumba.core.dispatcher", ferrumba.core)):
        fresh = sys.modules.pop(name, None)
        if fresh is not None and package.__dict__.get("dispatcher") is fresh:
            delattr(package, "dispatcher")

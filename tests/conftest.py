"""pytest hooks for the behaviour tests; the shared helpers live in ``helpers.py``."""

from helpers import pytest_collection_modifyitems, pytest_configure  # noqa: F401

import os

# The pure-Python layer's tests swap in a fake ``ferrumba._core``; they run in a pytest process of their
# own (``make test`` runs both), so the behaviour tests here always see the real compiler.
if os.environ.get("FERRUMBA_TEST_PYTHON_LAYER") != "1":
    collect_ignore = ["python_layer"]

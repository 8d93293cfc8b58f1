"""pytest hooks for the behaviour tests; the shared helpers live in ``helpers.py``."""

import os

# A pool of 4 threads whatever the machine's CPU count, so that tests of parallel code split work
# into several chunks (and may call set_num_threads up to 4) on 1- and 2-core machines alike. Set
# before ferrumba is imported: the pool's size is read once.
os.environ.setdefault("FERRUMBA_NUM_THREADS", "4")

from helpers import pytest_collection_modifyitems, pytest_configure  # noqa: E402, F401


# The pure-Python layer's tests swap in a fake ``ferrumba._core``; they run in a pytest process of their
# own (``make test`` runs both), so the behaviour tests here always see the real compiler.
if os.environ.get("FERRUMBA_TEST_PYTHON_LAYER") != "1":
    collect_ignore = ["python_layer"]

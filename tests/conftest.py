"""pytest hooks for the behaviour tests; the shared helpers live in ``helpers.py``."""

from helpers import pytest_collection_modifyitems, pytest_configure  # noqa: F401

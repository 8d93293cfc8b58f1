"""Ferrumba's NumPy library: NumPy functions and array methods written in Python with the same
``@overload`` API third-party code uses (``ferrumba.extending``), compiled by ferrumba when compiled code
calls them. Imported on the first call that needs it, so ``import ferrumba`` stays fast."""

from ferrumba.np import (  # noqa: F401 - registering the overloads is the point
    arraymath,
    arrayops,
    assign,
    creation,
    elementwise,
    indexing,
    joining,
    methods,
    products,
    random,
    sorting,
    stacking,
    statistics,
)

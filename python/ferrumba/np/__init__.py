"""Ferrumba's NumPy library: NumPy functions and array methods written in Python with the same
``@overload`` API third-party code uses (``ferrumba.extending``), compiled by ferrumba when compiled code
calls them. Imported on the first call that needs it, so ``import ferrumba`` stays fast."""

from ferrumba.np import arraymath, creation  # noqa: F401 - registering the overloads is the point
from ferrumba.np import elementwise  # noqa: F401,E402
from ferrumba.np import products  # noqa: F401,E402
from ferrumba.np import sorting  # noqa: F401,E402
from ferrumba.np import statistics  # noqa: F401,E402
from ferrumba.np import joining  # noqa: F401,E402

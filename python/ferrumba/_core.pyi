"""Type stub for ferrumba._core, the compiler core written in Rust."""

from types import ModuleType
from typing import Any, Callable

class Dispatcher:
    """Subclassable base of :class:`ferrumba.dispatcher.Dispatcher`."""

    _can_compile: bool
    @property
    def py_func(self) -> Callable[..., Any]: ...
    @property
    def handle(self) -> int: ...
    def __init__(self, py_func: Callable[..., Any], options: dict[str, Any],
                 host: ModuleType) -> None:
        """options: {"error_model": "python"|"numpy", "boundscheck": bool|None,
        "fastmath": bool, "nogil": bool, "parallel": bool, "cache": bool,
        "inline": "never"|"always", "locals": {name: type_name}}. host: ferrumba._host."""
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Fast path; with kwargs or a different number of positional arguments than
        parameters it first calls ``self._fold_arguments(args, kwargs)``."""
    def compile(self, signature: str) -> None:
        """Compile eagerly: ``"float64(int32, float64)"`` or ``"(int32, float64)"``."""
    def _overloads(self) -> list[tuple[tuple[str, ...], str]]:
        """[(argument type names, return type name)] in compile order."""
    def _dump(self, index: int, stage: str) -> str:
        """stage: "ir" | "typed" | "clif" | "asm"."""
    def _clear(self) -> None:
        """Forget every compiled overload."""

def typeof(value: Any) -> str:
    """Numba type name of a Python value; ValueError if unsupported."""

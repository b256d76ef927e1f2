"""Package attributes imported on first use, so importing a package stays cheap.

A package lists which module holds each of its public names; :func:`lazy_attributes`
gives it the module-level ``__getattr__`` and ``__dir__`` that import that module the
first time the name is asked for, and keep the value for the next time.

Example:
    >>> import types
    >>> package = types.ModuleType("demo")
    >>> getattr_, dir_ = lazy_attributes(package, {"dedent": "textwrap"}, ["dedent"])
    >>> getattr_("dedent")("  x")
    'x'
    >>> "dedent" in vars(package), dir_()
    (True, ['dedent'])
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str | ModuleType, modules: Mapping[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names load on first use.

    Args:
        package: The package (or its ``__name__``) the names belong to.
        modules: Each lazy name, mapped to the module that defines it.
        public: The names ``dir()`` lists (the package's ``__all__``).

    Returns:
        The two functions, to assign to the package's ``__getattr__`` and ``__dir__``.
    """
    module = sys.modules[package] if isinstance(package, str) else package
    listed = sorted(public)

    def __getattr__(name: str) -> Any:
        source = modules.get(name)
        if source is None:
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return list(listed)

    return __getattr__, __dir__

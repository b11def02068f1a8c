"""Lazy public APIs of fruitmap's subpackages (PEP 562).

Each package's ``__init__`` names its public API as ``{name: module}``; importing the package
imports none of its modules, so modules of one package can import each other without cycles
through the ``__init__``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_api(package: str, api: Mapping[str, str]) -> tuple[Callable, Callable]:
    """Return the ``__getattr__`` and ``__dir__`` of ``package`` re-exporting ``api`` lazily.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    api : mapping of str to str
        Public name → module of the package that defines it.
    """

    def __getattr__(name: str):
        if name in api:
            return getattr(import_module(f"{package}.{api[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*vars(import_module(package)), *api})

    return __getattr__, __dir__

"""The meeting pack and presentation mode: figures and maps as pictures, PPTX and PDF.

Modules
-------
pack
    :func:`build_report` / :func:`write_pack`: the meeting pack from a workspace.
layout, pptx, pdf
    The pack's page model and its two writers.
presentation
    Which slides play and what each shows.
images, charts
    Figures and maps as PNG/SVG (Debian's Chromium); small plotly figures.
"""

from __future__ import annotations

# Public API: name -> module of this package that defines it.
_API = {
    'build_report': 'pack',
    'write_pack': 'pack',
    'collect_pack': 'pack',
    'default_slides': 'presentation',
    'slides_from_views': 'presentation',
    'figure_to_png': 'images',
    'map_to_png': 'images',
}
__all__ = sorted(_API)


def __getattr__(name: str):
    # Lazy re-export (PEP 562): importing the package does not import its modules, so modules
    # of one package can import each other without cycles through this file.
    if name in _API:
        from importlib import import_module
        return getattr(import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])

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

from fruitmap.lazy_api import lazy_api

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

__getattr__, __dir__ = lazy_api(__name__, _API)

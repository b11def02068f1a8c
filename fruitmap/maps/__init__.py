"""Folium maps served offline: layers, popups and tooltips, filters, the edit map.

Modules
-------
build
    :func:`build_map` and the layers of the explorer.
parts
    Per-feature work of the full map (geometries, districts, texts) reused by filtered maps.
layer
    Compact column-wise feature layers (canvas above 1,500 features) decoded by ``static/fruitmap/fm_layers.js``.
summary, tiled
    Above 50,000 zones: hexagons summarising the zones at low zoom, the zones in tiles
    fetched on zoom-in (indexed at once, made when first asked for).
channel
    Large layer data as files served by the app instead of inside the script (named by
    content, or in advance for tiles written in the background).
html, points
    Escaped tooltips, popups and the legend; compact point and label layers.
assets
    Leaflet and plugin files served by the app, or inlined into a standalone HTML.
filters
    Filtering layers by crop, district, certification, status, capacity and name.
edit
    The map of the edit tab (Leaflet.draw, offline).
keys, url
    Slide keys while a map has focus; the map's view kept in the address bar.
"""

from __future__ import annotations

from fruitmap.lazy_api import lazy_api

# Public API: name -> module of this package that defines it.
_API = {
    'build_map': 'build',
    'prepare_map': 'build',
    'add_basemap': 'build',
    'FeatureParts': 'parts',
    'layer_district_codes': 'filters',
    'base_map': 'build',
    'add_choropleth': 'build',
    'filter_layers': 'filters',
    'map_to_standalone_html': 'assets',
    'use_local_assets': 'assets',
    'build_edit_map': 'edit',
    'read_drawings': 'edit',
    'hex_summary': 'summary',
    'externalise': 'channel',
    'wait_for_files': 'channel',
    'tile_index': 'tiled',
    'LazyTiles': 'tiled',
}
__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, _API)

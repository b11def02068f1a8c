"""Very large layers: a summary at low zoom, the features in tiles from a zoom on.

A :class:`TiledLayer` holds a summary layer (hexagons, :mod:`fruitmap.maps.summary`) and the
features cut into tiles of :data:`TILE_DEG` degrees by the centre of their bounding box,
each tile an ordinary compact layer spec (:mod:`fruitmap.maps.layer`) with its bounds.
``fmTiled`` in ``static/fruitmap/fm_layers.js`` draws the summary below ``detail_zoom`` and,
from there on, the tiles that touch the view, fetched as the view needs them (no rerun).
Texts are formatted and escaped once for the whole layer and shared by the tiles
(:meth:`fruitmap.maps.layer.TextColumns.subset`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import shapely
from jinja2 import Template

from fruitmap.maps.html import script_json
from fruitmap.maps.layer import (
    DataElement,
    TextColumns,
    _Text,
    point_spec,
    polygon_spec,
    reference,
)

TILE_DEG = 0.125  # tile side in degrees (about 13 x 14 km in Sơn La)


def tile_groups(lonlat: np.ndarray, tile_deg: float = TILE_DEG) -> list[np.ndarray]:
    """Return the row positions of each tile, for ``(n, 2)`` lon/lat points (tile order).

    Tiles are cells of a ``tile_deg`` grid anchored at (0°, 0°); rows keep their order
    within a tile.
    """
    lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    if len(lonlat) == 0:
        return []
    cells = np.floor(lonlat / tile_deg).astype(np.int64)
    # One integer per cell (row major by x), faster than a row-wise unique.
    _, tile = np.unique((cells[:, 0] + 2**30) * 2**31 + (cells[:, 1] + 2**30),
                        return_inverse=True)
    tile = tile.ravel()
    order = np.argsort(tile, kind="stable")
    cuts = np.flatnonzero(np.diff(tile[order])) + 1
    return np.split(order, cuts)


class TiledLayer(DataElement):
    """A summary layer and tiles of features, added to a FeatureGroup by ``fmTiled``.

    Parameters
    ----------
    class_name : str
        CSS class of the features' canvas (``data-fm-layer``).
    summary : dict
        Spec of the summary layer (drawn below ``detail_zoom``).
    tiles : list of dict
        ``{"b": [west, south, east, north], "n": count, "spec": spec}`` per tile.
    detail_zoom : float
        Zoom from which the features are drawn instead of the summary.
    bounds : list
        ``[[south, west], [north, east]]`` of every feature.
    """

    _SHARED = ("summary", "tiles")
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fmTiled({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, class_name: str, summary: dict, tiles: list[dict], detail_zoom: float,
                 bounds: list) -> None:
        super().__init__()
        self._name = "TiledLayer"
        self.class_name = class_name
        self.summary = summary
        self.tiles = tiles
        self.detail_zoom = detail_zoom
        self._bounds = bounds
        self.srcs: dict[int, str | None] = {}  # -1: the summary; i: tile i

    @property
    def spec_json(self) -> str:
        """What ``fmTiled`` receives: specs inline, or references once externalised."""
        tiles = [{"b": t["b"], "n": t["n"], "spec": reference(t["spec"], self.srcs.get(i))}
                 for i, t in enumerate(self.tiles)]
        return script_json({"cls": self.class_name, "detailZoom": self.detail_zoom,
                            "summary": reference(self.summary, self.srcs.get(-1)),
                            "tiles": tiles})

    def externalise(self, store: Callable[..., str | None]) -> None:
        """Keep the summary (when large) and every tile at ``store(spec)``, not in the script.

        Tiles always go: the point is that the browser only fetches those in view.
        """
        self.srcs = {-1: store(self.summary)}
        self.srcs.update({i: store(t["spec"], always=True) for i, t in enumerate(self.tiles)})

    def render(self, **kwargs) -> None:
        """Add ``fmTiled(parent, spec);`` to the page's script, not parsed by Jinja."""
        code = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Text(code), name=self.get_name())

    def get_bounds(self):
        """Return ``[[south, west], [north, east]]`` of the features (used by folium)."""
        return self._bounds

    @property
    def features(self) -> int:
        """How many features the tiles hold."""
        return sum(t["n"] for t in self.tiles)


def _tile(spec: dict, bounds: list) -> dict:
    (south, west), (north, east) = bounds
    return {"b": [west, south, east, north], "n": spec["n"], "spec": spec}


def polygon_tiles(geoms: np.ndarray, class_name: str, styles: Sequence[dict],
                  style_codes: Any, texts: TextColumns, tip: Sequence[int], popup: dict | None,
                  tile_deg: float = TILE_DEG) -> list[dict]:
    """Cut a polygon layer into tiles by the centre of each polygon's bounding box.

    Arguments as for :func:`fruitmap.maps.layer.polygon_layer`; every tile is drawn on a
    canvas whatever its size (``canvasFrom`` 0), with the layer's styles.
    """
    geoms = np.asarray(geoms, dtype=object)
    b = shapely.bounds(geoms)
    centres = np.column_stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2])
    codes = np.zeros(len(geoms), dtype=np.int64) if style_codes is None \
        else np.asarray(style_codes, dtype=np.int64)
    tiles = []
    for rows in tile_groups(centres, tile_deg):
        spec, bounds = polygon_spec(geoms[rows], class_name, styles, codes[rows],
                                    texts.subset(rows), tip, popup)
        spec["canvasFrom"] = 0
        tiles.append(_tile(spec, bounds))
    return tiles


def point_tiles(lonlat: np.ndarray, class_name: str, colors: Sequence[str], radius: Any,
                shape: str, texts: TextColumns, tip: Sequence[int], popup: dict | None,
                tile_deg: float = TILE_DEG) -> list[dict]:
    """Cut a point layer into tiles (arguments as for :func:`fruitmap.maps.layer.point_layer`)."""
    lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    colors = np.asarray(list(colors), dtype=object)
    radius = np.asarray(radius, dtype=float)
    tiles = []
    for rows in tile_groups(lonlat, tile_deg):
        spec, bounds = point_spec(lonlat[rows], class_name, colors[rows], radius[rows], shape,
                                  texts.subset(rows), tip, popup)
        spec["canvasFrom"] = 0
        tiles.append(_tile(spec, bounds))
    return tiles

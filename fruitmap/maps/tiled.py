"""Very large layers: a summary at low zoom, the features in tiles from a zoom on.

A :class:`TiledLayer` holds a summary layer (hexagons, :mod:`fruitmap.maps.summary`) and the
features cut into tiles of :data:`TILE_DEG` degrees by the centre of their bounding box,
each tile an ordinary compact layer spec (:mod:`fruitmap.maps.layer`) with its bounds.
``fmTiled`` in ``static/fruitmap/fm_layers.js`` draws the summary below ``detail_zoom`` and,
from there on, the tiles that touch the view, fetched as the view needs them (no rerun).
Texts are formatted and escaped once for the whole layer and shared by the tiles
(:meth:`fruitmap.maps.layer.TextColumns.subset`).

The tiles are :class:`LazyTiles`: their index (bounds and count of each tile, from the
features' bounding boxes, a few numpy calls) is known at once, their specs are made when
first asked for (a data file written in the background, or an export). At 200,000 zones
the specs are most of the map's build (district names, text columns, encoding); the
opening view needs only the index and the hexagons.
"""

from __future__ import annotations

import threading
import uuid
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
# Part of every tile file's name (:meth:`LazyTiles.key`): raise it when the specs' format
# changes, so that files written by an older version are not reused.
TILE_FORMAT = 1


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


def box_centres(boxes: np.ndarray) -> np.ndarray:
    """Return the centres ``(n, 2)`` of bounding boxes ``(n, 4)`` (west, south, east, north)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    return np.column_stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2])


def tile_index(boxes: np.ndarray, tile_deg: float = TILE_DEG) -> tuple[list[np.ndarray],
                                                                       np.ndarray]:
    """Group features into tiles by the centre of their bounding box; bound each tile.

    Parameters
    ----------
    boxes : numpy.ndarray
        ``(n, 4)`` bounding boxes (west, south, east, north) in degrees, as
        ``shapely.bounds`` gives them.
    tile_deg : float
        Tile side in degrees (grid anchored at 0°, 0°).

    Returns
    -------
    groups : list of numpy.ndarray
        Row positions of each tile, as :func:`tile_groups` (tile order, rows in order).
    bounds : numpy.ndarray
        ``(tiles, 4)``: west, south, east, north of the features of each tile (a feature
        may reach beyond its tile's cell; the bounds include all of it).
    """
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    groups = tile_groups(box_centres(boxes), tile_deg)
    if not groups:
        return [], np.empty((0, 4))
    ordered = boxes[np.concatenate(groups)]
    starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
    bounds = np.column_stack([np.minimum.reduceat(ordered[:, 0], starts),
                              np.minimum.reduceat(ordered[:, 1], starts),
                              np.maximum.reduceat(ordered[:, 2], starts),
                              np.maximum.reduceat(ordered[:, 3], starts)])
    return groups, bounds


class LazyTiles:
    """The tiles of a layer: their index now, their specs when first asked for.

    Parameters
    ----------
    index : list of dict
        Per tile ``{"b": [west, south, east, north], "n": count, "kind": ..., "cls": ...}``
        (what the browser needs before fetching a tile).
    make : callable
        Returns the tiles as :func:`polygon_tiles` does (``{"b", "n", "spec"}``, in the
        order of ``index``); called once, from whichever thread asks first.
    key : str, optional
        What the tiles are made from (workspace, its version, language, filters); with the
        format version it names the tiles' data files, so an app started again reuses
        them. Default: a random key (files then serve this process only).
    """

    def __init__(self, index: list[dict], make: Callable[[], list[dict]],
                 key: str | None = None) -> None:
        self.index = index
        self._make = make
        self._key = key if key is not None else uuid.uuid4().hex
        self._tiles: list[dict] | None = None
        self._lock = threading.Lock()

    @classmethod
    def ready(cls, tiles: list[dict]) -> LazyTiles:
        """Wrap tiles already made (``{"b", "n", "spec"}`` each)."""
        index = [{"b": t["b"], "n": t["n"], "kind": t["spec"]["kind"],
                  "cls": t["spec"]["cls"]} for t in tiles]
        lazy = cls(index, lambda: tiles)
        lazy._tiles = tiles
        return lazy

    @property
    def key(self) -> str:
        """Names this tile set's data files (with :data:`TILE_FORMAT`)."""
        return f"tiles-v{TILE_FORMAT}|{self._key}"

    @property
    def built(self) -> bool:
        """Whether the specs have been made."""
        return self._tiles is not None

    def tiles(self) -> list[dict]:
        """Return the tiles with their specs, making them on the first call (thread-safe)."""
        with self._lock:
            if self._tiles is None:
                tiles = self._make()
                if len(tiles) != len(self.index):
                    raise ValueError(f"made {len(tiles)} tiles for an index of "
                                     f"{len(self.index)}")
                self._tiles = tiles
            return self._tiles

    def specs(self) -> list[dict]:
        """Return the spec of each tile (making them if needed)."""
        return [t["spec"] for t in self.tiles()]


class TiledLayer(DataElement):
    """A summary layer and tiles of features, added to a FeatureGroup by ``fmTiled``.

    Parameters
    ----------
    class_name : str
        CSS class of the features' canvas (``data-fm-layer``).
    summary : dict
        Spec of the summary layer (drawn below ``detail_zoom``).
    tiles : LazyTiles or list of dict
        The tiles: :class:`LazyTiles`, or tiles already made
        (``{"b": [west, south, east, north], "n": count, "spec": spec}`` each).
    detail_zoom : float
        Zoom from which the features are drawn instead of the summary.
    bounds : list
        ``[[south, west], [north, east]]`` of every feature.
    """

    _SHARED = ("summary", "lazy")
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fmTiled({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, class_name: str, summary: dict, tiles: LazyTiles | list[dict],
                 detail_zoom: float, bounds: list) -> None:
        super().__init__()
        self._name = "TiledLayer"
        self.class_name = class_name
        self.summary = summary
        self.lazy = tiles if isinstance(tiles, LazyTiles) else LazyTiles.ready(tiles)
        self.detail_zoom = detail_zoom
        self._bounds = bounds
        self.srcs: dict[int, str | None] = {}  # -1: the summary; i: tile i

    @property
    def tiles(self) -> list[dict]:
        """The tiles with their specs (made now if they were not yet)."""
        return self.lazy.tiles()

    @property
    def spec_json(self) -> str:
        """What ``fmTiled`` receives (or its stand-in, see :func:`fruitmap.maps.layer.stand_ins`)."""
        return self.stand_in or self.data_json()

    def data_json(self) -> str:
        """What ``fmTiled`` receives: specs inline, or references once externalised.

        Tiles moved to files are referred to by their index entry and URL (``wait``: the
        file may still be being written; the browser asks again), so writing the script
        does not make the tiles.
        """
        index = self.lazy.index
        if all(self.srcs.get(i) for i in range(len(index))):
            tiles = [{"b": e["b"], "n": e["n"],
                      "spec": {"src": self.srcs[i], "wait": 1, "kind": e["kind"],
                               "cls": e["cls"], "n": e["n"]}} for i, e in enumerate(index)]
        else:
            tiles = [{"b": t["b"], "n": t["n"], "spec": reference(t["spec"], self.srcs.get(i))}
                     for i, t in enumerate(self.tiles)]
        return script_json({"cls": self.class_name, "detailZoom": self.detail_zoom,
                            "summary": reference(self.summary, self.srcs.get(-1)),
                            "tiles": tiles})

    def externalise(self, store: Callable[..., str | None]) -> None:
        """Keep the summary (when large) and every tile at ``store(spec)``, not in the script.

        Tiles always go: the point is that the browser only fetches those in view. With a
        store that can write later (:class:`fruitmap.maps.channel.Store`), tiles not made
        yet are made and written in the background: the script refers to files that may
        not exist yet.
        """
        self.srcs = {-1: store(self.summary)}
        later = getattr(store, "later", None)
        if later is not None:
            urls = later(self.lazy.key, len(self.lazy.index), self.lazy.specs)
        else:
            urls = [store(spec, always=True) for spec in self.lazy.specs()]
        self.srcs.update(enumerate(urls))

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
        return sum(e["n"] for e in self.lazy.index)


def _tile(spec: dict, bounds: list) -> dict:
    (south, west), (north, east) = bounds
    return {"b": [west, south, east, north], "n": spec["n"], "spec": spec}


def polygon_tiles(geoms: np.ndarray, class_name: str, styles: Sequence[dict],
                  style_codes: Any, texts: TextColumns, tip: Sequence[int], popup: dict | None,
                  tile_deg: float = TILE_DEG,
                  groups: Sequence[np.ndarray] | None = None) -> list[dict]:
    """Cut a polygon layer into tiles by the centre of each polygon's bounding box.

    Arguments as for :func:`fruitmap.maps.layer.polygon_layer`; every tile is drawn on a
    canvas whatever its size (``canvasFrom`` 0), with the layer's styles. ``groups``
    (row positions per tile, from :func:`tile_index`) replaces the grouping by ``tile_deg``.
    """
    geoms = np.asarray(geoms, dtype=object)
    if groups is None:
        groups = tile_groups(box_centres(shapely.bounds(geoms)), tile_deg)
    codes = np.zeros(len(geoms), dtype=np.int64) if style_codes is None \
        else np.asarray(style_codes, dtype=np.int64)
    tiles = []
    for rows in groups:
        spec, bounds = polygon_spec(geoms[rows], class_name, styles, codes[rows],
                                    texts.subset(rows), tip, popup)
        spec["canvasFrom"] = 0
        tiles.append(_tile(spec, bounds))
    return tiles


def point_tiles(lonlat: np.ndarray, class_name: str, colors: Sequence[str], radius: Any,
                shape: str, texts: TextColumns, tip: Sequence[int], popup: dict | None,
                tile_deg: float = TILE_DEG,
                groups: Sequence[np.ndarray] | None = None) -> list[dict]:
    """Cut a point layer into tiles (arguments as for :func:`fruitmap.maps.layer.point_layer`).

    ``groups`` as for :func:`polygon_tiles`.
    """
    lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    colors = np.asarray(list(colors), dtype=object)
    radius = np.asarray(radius, dtype=float)
    tiles = []
    for rows in (tile_groups(lonlat, tile_deg) if groups is None else groups):
        spec, bounds = point_spec(lonlat[rows], class_name, colors[rows], radius[rows], shape,
                                  texts.subset(rows), tip, popup)
        spec["canvasFrom"] = 0
        tiles.append(_tile(spec, bounds))
    return tiles

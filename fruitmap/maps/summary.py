"""Zones summarised per hexagon: what the explorer draws at low zoom for very large layers.

At 200,000 zones a province view would hold 200,000 features (tens of megabytes, seconds of
decoding) of which most are smaller than a pixel. Above :data:`SUMMARY_FROM` zones the
explorer draws instead one hexagon per occupied cell of a regular grid in a metric CRS
(UTM 48N for Sơn La): how many zones it holds, their area, and the crop with the most area;
the zones themselves are drawn from :data:`DETAIL_ZOOM` on (``fruitmap.maps.tiled``).

Everything is vectorised: zones go to cells by their bounding-box centre (hexagon binning in
axial coordinates with cube rounding), and cells are aggregated with ``numpy.bincount``.
"""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from fruitmap.crops import CROP_COLORS, crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.html import esc
from fruitmap.maps.layer import TextColumns, polygon_spec

METRIC_CRS = "EPSG:32648"  # UTM 48N: metres over the whole of Sơn La
# More zones than this: hexagons at low zoom, zones on zoom-in. The environment variable
# lets a test server (or a site with slow PCs) move the threshold.
SUMMARY_FROM = int(os.environ.get("FRUITMAP_MAP_SUMMARY_FROM", "50000"))
DETAIL_ZOOM = 12  # the zoom from which single zones are drawn instead of hexagons
CELL_M = 2_500.0  # hexagon circumradius in metres (5 km corner to corner, ~16 km²)
_SQRT3 = np.sqrt(3.0)
_OFFSET = 2**30  # cell indexes are packed into one int64 key: |q|, |r| < 2**30


def hex_cells(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the axial coordinates ``(q, r)`` of the pointy-top hexagon holding each point.

    Parameters
    ----------
    x, y : numpy.ndarray
        Coordinates in a metric CRS.
    size : float
        Hexagon circumradius (centre to corner) in the same unit. Cell ``(0, 0)`` is
        centred on the origin.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    q = (_SQRT3 / 3 * x - y / 3) / size
    r = (2 / 3 * y) / size
    # Cube rounding: round the three cube coordinates, then fix the one that moved most.
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(np.int64), rr.astype(np.int64)


def hex_centres(q: np.ndarray, r: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the metric centres of axial cells ``(q, r)`` (inverse of :func:`hex_cells`)."""
    q = np.asarray(q, dtype=float)
    r = np.asarray(r, dtype=float)
    return size * _SQRT3 * (q + r / 2), size * 1.5 * r


def hexagons(cx: np.ndarray, cy: np.ndarray, size: float) -> np.ndarray:
    """Return pointy-top hexagon polygons of circumradius ``size`` around each centre."""
    angles = np.radians(30 + 60 * np.arange(6))  # shapely closes the ring
    xs = np.asarray(cx, dtype=float)[:, None] + size * np.cos(angles)[None, :]
    ys = np.asarray(cy, dtype=float)[:, None] + size * np.sin(angles)[None, :]
    return shapely.polygons(np.stack([xs, ys], axis=-1))


def hex_summary(zones: gpd.GeoDataFrame, size: float = CELL_M,
                crs: str = METRIC_CRS) -> gpd.GeoDataFrame:
    """Return one row per hexagon holding zones: count, area and the crop with most area.

    Parameters
    ----------
    zones : geopandas.GeoDataFrame
        Zones with ``crop`` and ``area_ha`` (EPSG:4326 assumed when no CRS is set). A zone
        counts in the cell holding the centre of its bounding box; its area is ``area_ha``,
        or its polygon's area in ``crs`` when ``area_ha`` is missing. Zones without a
        geometry are left out.
    size : float
        Hexagon circumradius in metres.
    crs : str
        The metric CRS the grid is laid in.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``q``, ``r`` (axial cell), ``zones`` (count), ``area_ha`` (sum),
        ``crop`` (the crop with the largest total area, ties to the first in sorted order),
        ``crop_area_ha`` (that crop's area) and ``crops`` (how many crops); the hexagon as
        geometry in EPSG:4326; sorted by ``r`` then ``q``.
    """
    geoms = zones.geometry if zones.crs is not None else zones.geometry.set_crs("EPSG:4326")
    values = np.asarray(geoms.values, dtype=object)
    ok = ~(shapely.is_missing(values) | shapely.is_empty(values))
    values = values[ok]
    # Only the bounding-box centres are projected (not every vertex of 200,000 polygons).
    # Projected as two arrays: no point geometries are made (0.6 s at 200,000 zones).
    bounds = shapely.bounds(values)
    x, y = Transformer.from_crs(geoms.crs, crs, always_xy=True).transform(
        (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2)
    q, r = hex_cells(np.asarray(x), np.asarray(y), size)

    declared = pd.to_numeric(zones["area_ha"], errors="coerce").to_numpy(dtype=float)[ok] \
        if "area_ha" in zones else np.full(len(values), np.nan)
    area = declared.copy()
    missing = ~np.isfinite(declared)
    if missing.any():
        area[missing] = gpd.GeoSeries(values[missing], crs=geoms.crs).to_crs(crs).area \
            .to_numpy() / 10_000
    crop = zones["crop"].astype(str).to_numpy()[ok] if "crop" in zones \
        else np.full(len(values), "other")

    # One integer per cell (r major, then q) instead of a slow row-wise unique.
    key = (r + _OFFSET) * 2 * _OFFSET + (q + _OFFSET)
    keys, cell = np.unique(key, return_inverse=True)
    cells = np.column_stack([keys // (2 * _OFFSET) - _OFFSET, keys % (2 * _OFFSET) - _OFFSET])
    cell = cell.ravel()
    n_cells = len(cells)
    crop_codes, crop_names = pd.factorize(crop, sort=True)
    n_crops = max(len(crop_names), 1)
    # Area per (cell, crop) in one bincount; the dominant crop is the row's argmax.
    per_crop = np.bincount(cell * n_crops + crop_codes, weights=area,
                           minlength=n_cells * n_crops).reshape(n_cells, n_crops)
    present = np.bincount(cell * n_crops + crop_codes,
                          minlength=n_cells * n_crops).reshape(n_cells, n_crops) > 0
    main = per_crop.argmax(axis=1)
    cx, cy = hex_centres(cells[:, 1], cells[:, 0], size)
    out = gpd.GeoDataFrame({
        "q": cells[:, 1], "r": cells[:, 0],
        "zones": np.bincount(cell, minlength=n_cells),
        "area_ha": np.bincount(cell, weights=area, minlength=n_cells),
        "crop": np.asarray(crop_names, dtype=object)[main] if len(crop_names) else [],
        "crop_area_ha": per_crop[np.arange(n_cells), main],
        "crops": present.sum(axis=1),
    }, geometry=gpd.GeoSeries(hexagons(cx, cy, size), crs=crs).to_crs("EPSG:4326").values,
        crs="EPSG:4326")
    return out


def summary_spec(cells: gpd.GeoDataFrame, lang: str, size: float = CELL_M,
                 class_name: str = "fm-zone-summary") -> dict:
    """Return the layer spec drawing ``cells`` (from :func:`hex_summary`).

    Each hexagon is filled with its main crop's colour, more opaque where it holds more
    zones (three classes by tercile of the counts); its tooltip and popup say how many
    zones, their area and the main crop.
    """

    crops = cells["crop"].astype(str)
    colour_codes, colours = pd.factorize(crops.map(CROP_COLORS).fillna(CROP_COLORS["other"]))
    counts = cells["zones"].to_numpy()
    cuts = np.quantile(counts, [1 / 3, 2 / 3]) if len(counts) else np.array([0, 0])
    density = np.searchsorted(cuts, counts, side="left")  # 0, 1, 2
    opacities = (0.35, 0.55, 0.8)
    styles = [{"color": c, "weight": 1, "opacity": 0.9, "fillColor": c, "fillOpacity": o}
              for c in colours for o in opacities]
    texts = TextColumns(len(cells))
    km = fmt_number(2 * size / 1000, lang)
    title = texts.add(cells["zones"], lambda n: t("map.summary.title", lang,
                                                  zones=fmt_number(n, lang)))
    area = texts.add(cells["area_ha"], lambda a: t("map.summary.area", lang,
                                                   area=fmt_number(a, lang)))
    main = texts.add_joint(cells[["crop", "crop_area_ha"]], lambda c, a: t(
        "map.summary.main", lang, crop=crop_label(str(c), lang), area=fmt_number(a, lang)))
    hint = texts.constant(t("map.summary.zoom", lang))
    sub = texts.constant(t("map.summary.sub", lang, km=km))
    rows = [[t("map.summary.zones", lang), texts.add(cells["zones"],
                                                      lambda n: fmt_number(n, lang))],
            [t("map.summary.area_label", lang), texts.add(cells["area_ha"],
                                                           lambda a: fmt_number(a, lang, 1))],
            [t("map.summary.main_label", lang), texts.add(crops,
                                                           lambda c: crop_label(c, lang))],
            [t("map.summary.crops", lang), texts.add(cells["crops"],
                                                      lambda n: fmt_number(n, lang))]]
    rows = [[esc(label), col] for label, col in rows]
    spec, _ = polygon_spec(np.asarray(cells.geometry.values, dtype=object), class_name,
                           styles, colour_codes * len(opacities) + density, texts,
                           [title, area, main, hint], {"title": title, "sub": sub, "rows": rows})
    return spec

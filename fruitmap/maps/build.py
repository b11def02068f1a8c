"""Build folium maps of the workspace: boundaries, zones, plants, cold stores, industrial areas.

Every map loads its scripts from the app's ``static/`` folder (see :mod:`fruitmap.maps.assets`),
so it draws with no internet. Polygons are simplified in a projected CRS and coordinates
rounded, which keeps a map of the whole province small enough for the browser.
All text on the map is translated and every value from the data is HTML-escaped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from jinja2 import Template

from fruitmap.columns import is_missing
from fruitmap.crops import CROP_COLORS, CROPS, crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.assets import use_local_assets
from fruitmap.maps.filters import district_codes, districts_of
from fruitmap.maps.html import (
    Legend,
    capacity_text,
    esc,
    format_value,
    legend_section,
    swatch_circle,
    swatch_fill,
    swatch_line,
    swatch_square,
)
from fruitmap.maps.layer import (
    FeatureLayer,
    TextColumns,
    kinds,
    point_coordinates,
    point_layer,
    polygon_layer,
    radii,
)
from fruitmap.maps.parts import FeatureParts, usable
from fruitmap.maps.points import LabelMarkers
from fruitmap.maps.summary import CELL_M, DETAIL_ZOOM, SUMMARY_FROM, hex_summary, summary_spec
from fruitmap.maps.tiled import LazyTiles, TiledLayer, point_tiles, polygon_tiles, tile_index
from fruitmap.progress import Progress, report_step
from fruitmap.schema import COLD_STORES, INDUSTRIAL_AREAS, PLANTS, STATUSES, ZONES, value_label

BASEMAPS = ("none", "osm")
MAP_LAYERS = ("districts", "zones", "factories", "facilities", "cold_stores", "industrial_areas")
# A metric CRS for simplification (UTM 48N covers Sơn La); never simplify in degrees.
METRIC_CRS = "EPSG:32648"
DECIMALS = 5  # about 1 m: finer than anything drawn on a province map
SIMPLE_VERTICES = 64  # geometries with no more vertices than this are not simplified
SON_LA_BOUNDS = ((20.57, 103.21), (22.04, 105.03))  # (south, west), (north, east)

STATUS_COLORS = {"operating": "#1565c0", "under_construction": "#ef6c00", "planned": "#8e8e8e"}
COLD_STORE_COLOR = "#00acc1"
INDUSTRIAL_COLOR = "#455a64"
DISTRICT_LINE = "#5d4037"
LEGEND_WIDTH = 250  # px: the legend sits on the right, the province is fitted beside it
PROVINCE_LINE = "#212121"
HIGHLIGHT_LINE = "#d50000"


# --- geometry helpers --------------------------------------------------------------------

def display_geometries(gdf: gpd.GeoDataFrame, tolerance_m: float = 25.0,
                       rounded: bool = True) -> gpd.GeoSeries:
    """Return the geometries of ``gdf`` simplified for drawing, in EPSG:4326, rounded.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Features in any CRS (EPSG:4326 assumed when unset).
    tolerance_m : float
        Simplification tolerance in metres (polygons and lines; points are kept).
        Geometries of at most :data:`SIMPLE_VERTICES` vertices are kept as they are:
        simplifying them saves a few bytes and cost most of a large map's build time.
    rounded : bool
        Round coordinates to :data:`DECIMALS` places (the map layers quantise anyway).
    """
    geoms = gdf.geometry
    if geoms.crs is None:
        geoms = geoms.set_crs("EPSG:4326")
    out = geoms.to_crs("EPSG:4326").copy()
    heavy = (shapely.get_num_coordinates(out.values) > SIMPLE_VERTICES) & (
        out.geom_type != "Point").to_numpy()
    if tolerance_m > 0 and heavy.any():
        metric = geoms[heavy].to_crs(METRIC_CRS).simplify(tolerance_m, preserve_topology=True)
        out.loc[heavy] = metric.to_crs("EPSG:4326").values
    if not rounded:
        return out
    rounded_geoms = shapely.transform(out.values, lambda xy: np.round(xy, DECIMALS))
    return gpd.GeoSeries(rounded_geoms, index=gdf.index, crs="EPSG:4326")


def bounds_of(gdf: gpd.GeoDataFrame | None) -> list[list[float]] | None:
    """Return ``[[south, west], [north, east]]`` of ``gdf`` in degrees, or None when empty."""
    if gdf is None or len(gdf) == 0 or gdf.geometry.isna().all():
        return None
    geoms = gdf.geometry if gdf.crs is None else gdf.geometry.to_crs("EPSG:4326")
    west, south, east, north = geoms.total_bounds
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return None
    return [[float(south), float(west)], [float(north), float(east)]]


def province_bounds(layers: Mapping[str, Any]) -> list[list[float]]:
    """Return the bounds of the province in ``admin_units`` (else of all units, else Sơn La)."""
    admin = layers.get("admin_units")
    if admin is not None and len(admin):
        province = admin[admin["level"].astype(str) == "province"]
        found = bounds_of(province if len(province) else admin)
        if found:
            return found
    return [list(SON_LA_BOUNDS[0]), list(SON_LA_BOUNDS[1])]


def _latlng(geom) -> tuple[float, float]:
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    return round(point.y, DECIMALS), round(point.x, DECIMALS)


def _names(layers: Mapping[str, Any]) -> dict[str, str]:
    districts = districts_of(layers.get("admin_units"))
    if districts is None:
        return {}
    return {str(c): str(n) for c, n in zip(districts["unit_code"], districts["name"], strict=False)}


def _district_names(gdf, layers, codes: pd.Series | None = None) -> pd.Series:
    names = _names(layers)
    if codes is None:
        codes = district_codes(gdf, layers.get("admin_units"))
    # object first: with no district found the mapped codes are all-NaN floats.
    return codes.map(names).astype(object).fillna("").astype(str)


# --- the map and its layers ----------------------------------------------------------------

class _Attribution(folium.MacroElement):
    """Add a credit line to the map's attribution control (text is JSON-encoded for JS)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        # json.dumps makes a safe JS string; < > & are escaped so it cannot close a <script>.
        self.text_json = json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e") \
            .replace("&", "\\u0026")


def base_map(lang: str, basemap: str = "none", bounds: Sequence[Sequence[float]] | None = None,
             height: str | int = "100%", right_padding: int = 0) -> folium.Map:
    """Return an empty map with offline assets, an optional online basemap and a scale bar.

    Parameters
    ----------
    lang : str
        Language of the basemap's name in the layer control.
    basemap : {"none", "osm"}
        ``"none"`` draws no tiles (works offline); ``"osm"`` adds OpenStreetMap tiles, which
        need the internet.
    bounds : [[south, west], [north, east]], optional
        Area to show at first (defaults to Sơn La).
    height : str or int
        Height of the map element.
    right_padding : int
        Pixels kept free on the right when fitting the bounds (room for a legend).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {BASEMAPS}, not {basemap!r}")
    bounds = bounds or [list(SON_LA_BOUNDS[0]), list(SON_LA_BOUNDS[1])]
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    # Quarter zoom steps let the province fill the frame instead of jumping a whole level.
    m = folium.Map(location=center, zoom_start=8, tiles=None, control_scale=True,
                   height=height, min_zoom=6, max_zoom=17, zoom_snap=0.25, zoom_delta=0.5)
    use_local_assets(m)
    # The boundaries' CC BY-SA licence asks for credit on the map itself, which also travels
    # with exported HTML and PNG maps.
    _Attribution(t("map.attribution_short", lang)).add_to(m)
    add_basemap(m, basemap, lang)
    fit = folium.map.FitBounds(bounds, padding_top_left=(10, 10),
                               padding_bottom_right=(right_padding + 10, 10))
    # No zoom animation: layers added while it ran were drawn at the opening zoom and drawn
    # again when it ended (seconds later on a loaded machine): each canvas layer twice.
    fit.options["animate"] = False
    m.add_child(fit)
    return m


def add_basemap(m: folium.Map, basemap: str, lang: str) -> folium.Map:
    """Add the tiles of ``basemap`` to map ``m`` (in place) where :func:`base_map` puts them.

    A map built with ``basemap="none"`` and then given its basemap here is the map built
    with it: the tile layer goes before the opening view and every layer, so the layer
    control (written after it) lists it. The explorer builds its maps once without a
    basemap and adds it to a copy (a copy shares the layers' data: about a millisecond).

    Parameters
    ----------
    m : folium.Map
        A map from :func:`base_map` or :func:`build_map` with no basemap yet.
    basemap : {"none", "osm"}
        See :func:`base_map`.
    lang : str
        Language of the basemap's name in the layer control.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {BASEMAPS}, not {basemap!r}")
    if basemap == "none":
        return m
    children = list(m._children.values())
    fits = [i for i, child in enumerate(children) if isinstance(child, folium.map.FitBounds)]
    m.add_child(folium.TileLayer("OpenStreetMap", name=t("map.basemap.osm", lang),
                                 overlay=False, control=True),
                index=fits[0] if fits else None)
    return m


def add_admin_units(m: folium.Map, admin_units: gpd.GeoDataFrame | None, lang: str,
                    highlight: Iterable[str] = (), labels: bool = True,
                    parts: FeatureParts | None = None) -> folium.Map:
    """Draw the province outline and the district boundaries with their names.

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    admin_units : geopandas.GeoDataFrame or None
        The ``admin_units`` layer (levels province and district are drawn).
    lang : str
        Language of the layer name.
    highlight : iterable of str
        District codes to outline in red (for instance the districts a filter selects).
    labels : bool
        Whether to write the district names on the map.
    parts : FeatureParts, optional
        Keeps the boundaries' simplified geometries between maps (:func:`prepare_map`).
    """
    if admin_units is None or len(admin_units) == 0:
        return m
    group = folium.FeatureGroup(name=t("map.layer.districts", lang), show=True)
    marked = {str(c) for c in highlight}
    level = admin_units["level"].astype(str)
    shown = admin_units[level.isin(["district", "province"])]
    districts = admin_units[level == "district"]
    if len(shown):
        styles = [{"color": DISTRICT_LINE, "weight": 1.2, "opacity": 0.9, "fill": False,
                   "dashArray": "4 3"},
                  {"color": HIGHLIGHT_LINE, "weight": 3, "opacity": 0.9, "fill": False},
                  {"color": PROVINCE_LINE, "weight": 2.5, "opacity": 1, "fill": False}]
        is_province = (shown["level"].astype(str) == "province").to_numpy()
        is_marked = shown["unit_code"].astype(str).isin(marked).to_numpy()
        codes = np.where(is_province, 2, np.where(is_marked, 1, 0))
        if parts is None:
            geoms = display_geometries(shown, 50, rounded=False).values
        else:  # simplified once for every unit, then picked
            every, _ = parts.rows("admin_units", parts.positions("admin_units", admin_units),
                                  lambda: (display_geometries(admin_units, 50,
                                                              rounded=False).values, None))
            geoms = every[level.isin(["district", "province"]).to_numpy()]
        polygonal, _ = kinds(geoms)
        if polygonal.any():
            group.add_child(polygon_layer(geoms[polygonal], "fm-boundary", styles,
                                          codes[polygonal], interactive=False))
    if labels and len(districts):
        label_points = [(*_latlng(g), esc(n)) for g, n in
                        zip(districts.geometry, districts["name"], strict=True) if g is not None]
        group.add_child(LabelMarkers(label_points))
    group.add_to(m)
    return m


def _where_lines(district: pd.Series, lang: str) -> Callable[[Any], str]:
    return lambda name: t("map.tip.district", lang, name=name) if name else ""


def _texts(frame: gpd.GeoDataFrame, district: pd.Series, layer, lang: str,
           title_sub: tuple[Any, Callable[[Any], str]] | str, tip_lines: list[tuple],
           skip: tuple[str, ...]) -> tuple[TextColumns, list[int], dict]:
    """Text columns of one layer: tooltip lines and the popup's title, subtitle and rows.

    ``tip_lines`` holds ``(columns, fmt)``: one column name (``fmt(value)``) or a list of
    names (``fmt(*values)``); each distinct value is formatted once.
    """
    cols = TextColumns(len(frame))
    title = cols.add(frame["name"])
    tip = [title]
    for names, fmt in tip_lines:
        if isinstance(names, str):
            tip.append(cols.add(frame[names], fmt))
        else:
            tip.append(cols.add_joint(frame[list(names)], fmt))
    where = cols.add(district, _where_lines(district, lang))
    tip.append(where)
    if isinstance(title_sub, str):
        sub = cols.constant(title_sub)
    else:
        sub = cols.add(frame[title_sub[0]], title_sub[1])
    rows = [[esc(column.label(lang)),
             cols.add(frame[column.name], lambda v, c=column: format_value(c, v, lang))]
            for column in layer.columns if column.name not in skip and column.name in frame]
    rows.append([esc(t("explorer.districts", lang)), cols.add(district)])
    return cols, tip, {"title": title, "sub": sub, "rows": rows}


def _drawable(gdf: gpd.GeoDataFrame, layers: Mapping[str, Any], tolerance_m: float | None,
              parts: FeatureParts | None = None, name: str = ""):
    """Rows of ``gdf`` (index reset), display geometries, district names, kind masks, and
    the rows' positions in the full layer ``name`` of ``parts`` (None without them).

    With ``parts`` the geometries and names recorded from the full layer are picked.
    """
    pos = None if parts is None else parts.positions(name, gdf)
    gdf = gdf.reset_index(drop=True)

    def make():
        geoms = (display_geometries(gdf, tolerance_m, rounded=False).values
                 if tolerance_m is not None else None)
        known = None if parts is None else parts.codes(name, pos)
        return geoms, _district_names(gdf, layers, known).reset_index(drop=True)

    geoms, district = make() if parts is None else parts.rows(name, pos, make)
    if geoms is None:
        geoms = np.asarray(gdf.geometry.values, dtype=object)
    polygonal, point = kinds(geoms)
    return gdf, geoms, district, polygonal, point, pos


def _part_layer(parts: FeatureParts | None, name: str, part: str, pos, mask: np.ndarray,
                make_texts: Callable[[], tuple], draw: Callable[..., FeatureLayer]
                ) -> FeatureLayer:
    """``draw(texts, tip, popup)`` of one part of layer ``name`` (rows ``pos[mask]``).

    With ``parts`` the texts recorded from the full layer are picked by row (or the whole
    recorded element when every row is drawn); else they are ``make_texts()``.
    """
    def make() -> FeatureLayer:
        texts = make_texts() if parts is None else parts.texts(name, part, pos, mask,
                                                                make_texts)
        return draw(*texts)

    return make() if parts is None else parts.layer(name, part, pos, make)


def add_zones(m: folium.Map, zones: gpd.GeoDataFrame | None, lang: str,
              layers: Mapping[str, Any] | None = None, tolerance_m: float = 25.0,
              summary_from: int = SUMMARY_FROM, tiles_key: str | None = None,
              parts: FeatureParts | None = None) -> folium.Map:
    """Draw cultivation zones coloured by crop (polygons; point zones as circles by area).

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    zones : geopandas.GeoDataFrame or None
        The ``zones`` layer (already filtered).
    lang : str
        Language of tooltips, popups and the layer name.
    layers : mapping, optional
        All layers; ``admin_units`` gives the district names in the popups.
    tolerance_m : float
        Simplification tolerance of zone polygons, in metres.
    summary_from : int
        With more zones than this, the map shows hexagons summarising the zones below
        :data:`fruitmap.maps.summary.DETAIL_ZOOM` and the zones themselves, in tiles fetched
        as the view needs them, from there on (:mod:`fruitmap.maps.tiled`).
    tiles_key : str, optional
        What the zones come from (workspace, version, language, filters), naming the
        tiles' data files so that a restarted app reuses them
        (:class:`fruitmap.maps.tiled.LazyTiles`).
    parts : FeatureParts, optional
        Geometries, districts and texts of the full zones layer
        (:mod:`fruitmap.maps.parts`); not used for zones drawn in tiles.
    """
    if zones is None or len(zones) == 0:
        return m
    group = folium.FeatureGroup(name=t("map.layer.zones", lang), show=True)
    raw = np.asarray(zones.geometry.values, dtype=object)
    if int(np.count_nonzero(np.logical_or(*kinds(raw)))) > summary_from:
        # Too many to draw at once: hexagons at low zoom, the zones in tiles on zoom-in.
        group.add_child(_tiled_zones(zones, lang, layers or {}, tolerance_m, tiles_key))
        group.add_to(m)
        return m
    zones, geoms, district, polygonal, point, pos = _drawable(zones, layers or {}, tolerance_m,
                                                              parts, "zones")
    for mask, is_polygon in ((polygonal, True), (point, False)):
        if not mask.any():
            continue
        if is_polygon:
            def draw(texts, tip, popup, mask=mask):
                styles, codes = _zone_styles(zones[mask])
                return polygon_layer(geoms[mask], "fm-zone", styles, codes, texts, tip, popup)
        else:
            def draw(texts, tip, popup, mask=mask):
                return point_layer(*_zone_points(zones[mask], geoms[mask]), texts, tip, popup)
        group.add_child(_part_layer(
            parts, "zones", "polygon" if is_polygon else "point", pos, mask,
            lambda mask=mask: _zone_texts(zones[mask], district[mask], lang), draw))
    group.add_to(m)
    return m


def _zone_texts(part: gpd.GeoDataFrame, district: pd.Series, lang: str):
    def area_line(crop, area):
        return f"{crop_label(str(crop), lang)} · " + t("map.tip.area", lang,
                                                      area=fmt_number(area, lang, 1))

    return _texts(part, district, ZONES, lang, ("crop", lambda c: crop_label(str(c), lang)),
                  [(("crop", "area_ha"), area_line)], ("name", "crop", "unit_code"))


def _zone_styles(part: gpd.GeoDataFrame) -> tuple[list[dict], np.ndarray]:
    color = part["crop"].astype(str).map(CROP_COLORS).fillna(CROP_COLORS["other"])
    codes, colors = pd.factorize(color)
    return [{"color": c, "weight": 1, "opacity": 0.9, "fillColor": c, "fillOpacity": 0.6}
            for c in colors], codes


def _zone_points(part: gpd.GeoDataFrame, geoms: np.ndarray) -> tuple:
    color = part["crop"].astype(str).map(CROP_COLORS).fillna(CROP_COLORS["other"])
    return (point_coordinates(geoms), "fm-zone-point", color, radii(part.get("area_ha"), 0.35,
                                                                     3, 14), "circle")


def _tiled_zones(zones: gpd.GeoDataFrame, lang: str, layers: Mapping[str, Any],
                 tolerance_m: float, tiles_key: str | None) -> TiledLayer:
    """Hexagons now; the zones' tiles indexed now and made when first asked for.

    The index (which zones go to which tile, each tile's bounds) and the hexagons only need
    the zones' bounding boxes, crops and areas. District names, texts, simplification and
    encoding (most of the work at 200,000 zones) wait for :meth:`LazyTiles.tiles`.
    """
    zones = zones.reset_index(drop=True)
    raw = np.asarray(zones.geometry.values, dtype=object)
    polygonal, point = kinds(raw)
    boxes = shapely.bounds(raw)
    index: list[dict] = []
    parts = []  # (mask, groups of positions within the part)
    for mask, kind, cls in ((polygonal, "polygon", "fm-zone"),
                            (point, "point", "fm-zone-point")):
        if not mask.any():
            continue
        groups, bounds = tile_index(boxes[mask])
        parts.append((mask, groups))
        index.extend({"b": [float(v) for v in b], "n": len(g), "kind": kind, "cls": cls}
                     for g, b in zip(groups, bounds, strict=True))

    def make() -> list[dict]:
        drawn, geoms, district, _, _, _ = _drawable(zones, layers, tolerance_m)
        tiles: list[dict] = []
        for mask, groups in parts:
            texts, tip, popup = _zone_texts(drawn[mask], district[mask], lang)
            if mask is polygonal:
                styles, codes = _zone_styles(drawn[mask])
                tiles.extend(polygon_tiles(geoms[mask], "fm-zone", styles, codes, texts, tip,
                                           popup, groups=groups))
            else:
                tiles.extend(point_tiles(*_zone_points(drawn[mask], geoms[mask]), texts, tip,
                                         popup, groups=groups))
        return tiles

    shown = polygonal | point
    box = boxes[shown]
    bounds = [[float(box[:, 1].min()), float(box[:, 0].min())],
              [float(box[:, 3].max()), float(box[:, 2].max())]]
    return TiledLayer("fm-zone", summary_spec(hex_summary(zones[shown]), lang),
                      LazyTiles(index, make, tiles_key), DETAIL_ZOOM, bounds)


def _statuses(df: pd.DataFrame) -> pd.Series:
    # The contract's default: a facility without a status is operating.
    if "status" not in df:
        return pd.Series("operating", index=df.index)
    status = df["status"]
    blank = status.isna() | (status.astype(str).str.strip() == "")
    return status.astype(str).where(~blank, "operating")


def add_plants(m: folium.Map, plants: gpd.GeoDataFrame | None, lang: str,
               layers: Mapping[str, Any] | None = None,
               parts: FeatureParts | None = None) -> folium.Map:
    """Draw processing plants sized by capacity: factories as squares, facilities as circles.

    The fill colour shows the status (operating, under construction, planned). ``parts``:
    as for :func:`add_zones`.
    """
    if plants is None or len(plants) == 0:
        return m
    plants, geoms, district, polygonal, point, pos = _drawable(plants, layers or {}, None,
                                                               parts, "plants")
    drawable = polygonal | point | (~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    plants = plants.assign(status=_statuses(plants))
    is_factory = (plants["kind"].astype(str) == "factory").to_numpy()
    color = plants["status"].map(STATUS_COLORS).fillna(STATUS_COLORS["operating"])

    def capacity_line(kind, capacity):
        kind_text = value_label("factory" if str(kind) == "factory" else "facility", lang)
        return f"{kind_text} · " + t("map.tip.capacity_day", lang,
                                     capacity=capacity_text(capacity, lang))

    for factory in (False, True):
        mask = drawable & (is_factory == factory)
        if not mask.any():
            continue
        part = plants[mask]
        kind_key = "factory" if factory else "facility"

        def draw(texts, tip, popup, part=part, mask=mask, factory=factory, kind_key=kind_key):
            # Facilities are many and small: keep them from hiding the zones underneath.
            radius = (radii(part["capacity_t_day"], 0.7, 5, 14) if factory
                      else radii(part["capacity_t_day"], 1.0, 2.5, 9))
            return point_layer(point_coordinates(geoms[mask]), f"fm-{kind_key}", color[mask],
                               radius, "square" if factory else "circle", texts, tip, popup)

        group = folium.FeatureGroup(name=t("map.layer.factories" if factory
                                           else "map.layer.facilities", lang), show=True)
        group.add_child(_part_layer(
            parts, "plants", kind_key, pos, mask,
            lambda part=part, mask=mask, kind_key=kind_key: _texts(
                part, district[mask], PLANTS, lang, value_label(kind_key, lang),
                [(("kind", "capacity_t_day"), capacity_line),
                 ("status", lambda s: value_label(s, lang))], ("name", "kind", "unit_code")),
            draw))
        group.add_to(m)
    return m


def add_cold_stores(m: folium.Map, stores: gpd.GeoDataFrame | None, lang: str,
                    layers: Mapping[str, Any] | None = None,
                    parts: FeatureParts | None = None) -> folium.Map:
    """Draw cold stores as diamonds sized by storage capacity (t); ``parts``: see
    :func:`add_zones`."""
    if stores is None or len(stores) == 0:
        return m
    stores, geoms, district, polygonal, point, pos = _drawable(stores, layers or {}, None,
                                                               parts, "cold_stores")
    mask = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if not mask.any():
        return m
    part = stores[mask].assign(status=_statuses(stores[mask]))

    def draw(texts, tip, popup):
        return point_layer(point_coordinates(geoms[mask]), "fm-cold-store",
                           [COLD_STORE_COLOR] * int(mask.sum()),
                           radii(part["capacity_t"], 0.2, 4, 11), "diamond", texts, tip, popup)

    group = folium.FeatureGroup(name=t("map.layer.cold_stores", lang), show=True)
    group.add_child(_part_layer(parts, "cold_stores", "all", pos, mask, lambda: _texts(
        part, district[mask], COLD_STORES, lang, COLD_STORES.label(lang),
        [("capacity_t", lambda c: t("map.tip.capacity_t", lang, capacity=capacity_text(c, lang))),
         ("status", lambda s: value_label(s, lang))], ("name", "unit_code")), draw))
    group.add_to(m)
    return m


def add_industrial_areas(m: folium.Map, areas: gpd.GeoDataFrame | None, lang: str,
                         layers: Mapping[str, Any] | None = None,
                         parts: FeatureParts | None = None) -> folium.Map:
    """Draw industrial zones and clusters (dashed grey polygons, or outlined squares);
    ``parts``: see :func:`add_zones`."""
    if areas is None or len(areas) == 0:
        return m
    areas, geoms, district, polygonal, point, pos = _drawable(areas, layers or {}, 10, parts,
                                                              "industrial_areas")
    if "free_area_ha" not in areas:
        areas = areas.assign(free_area_ha=np.nan)
    free_label = INDUSTRIAL_AREAS.column("free_area_ha").label(lang)

    def free_line(free):
        return f"{free_label}: {fmt_number(free, lang, 1)}" if not is_missing(free) else ""

    group = folium.FeatureGroup(name=t("map.layer.industrial_areas", lang), show=True)
    for mask, is_polygon in ((polygonal, True), (point, False)):
        if not mask.any():
            continue
        part = areas[mask]
        if is_polygon:
            def draw(texts, tip, popup, mask=mask):
                style = {"color": INDUSTRIAL_COLOR, "weight": 2, "dashArray": "5 4",
                         "fillColor": INDUSTRIAL_COLOR, "fillOpacity": 0.25}
                return polygon_layer(geoms[mask], "fm-industrial", [style], None, texts, tip,
                                     popup)
        else:
            def draw(texts, tip, popup, mask=mask):
                n = int(mask.sum())
                return point_layer(point_coordinates(geoms[mask]), "fm-industrial-point",
                                   [INDUSTRIAL_COLOR] * n, np.full(n, 6.0), "hollow", texts,
                                   tip, popup)
        group.add_child(_part_layer(
            parts, "industrial_areas", "polygon" if is_polygon else "point", pos, mask,
            lambda part=part, mask=mask: _texts(
                part, district[mask], INDUSTRIAL_AREAS, lang,
                ("kind", lambda k: value_label(k, lang)),
                [("kind", lambda k: value_label(k, lang)), ("free_area_ha", free_line)],
                ("name", "kind", "unit_code")),
            draw))
    group.add_to(m)
    return m


def legend_html(layers: Mapping[str, Any], lang: str, summary_from: int = SUMMARY_FROM) -> str:
    """Return the legend body for what ``layers`` hold (crops present, symbols, statuses).

    With more than ``summary_from`` zones it says how the hexagons drawn at low zoom read.
    """
    sections = []
    zones = layers.get("zones")
    if zones is not None and len(zones):
        present = set(zones["crop"].astype(str).unique())
        sections.append(legend_section(t("map.legend.crops", lang), [
            (swatch_fill(CROP_COLORS[c]), crop_label(c, lang)) for c in CROPS if c in present],
            columns=2 if len(present) > 4 else 1))
        if len(zones) > summary_from:
            # A sentence, wrapped to the legend's width (legend rows do not wrap).
            note = t("map.summary.legend", lang, km=fmt_number(2 * CELL_M / 1000, lang))
            sections.append(f'<div class="fm-summary-note" style="margin-top:4px;'
                            f'max-width:{LEGEND_WIDTH - 30}px;white-space:normal;color:#444">'
                            f'{esc(note)}</div>')
    items = []
    plants = layers.get("plants")
    if plants is not None and len(plants):
        kinds = set(plants["kind"].astype(str))
        if "factory" in kinds:
            items.append((swatch_square(STATUS_COLORS["operating"], 12),
                          t("map.layer.factories", lang)))
        if "facility" in kinds:
            items.append((swatch_circle(STATUS_COLORS["operating"], 10),
                          t("map.layer.facilities", lang)))
    stores = layers.get("cold_stores")
    if stores is not None and len(stores):
        items.append((swatch_square(COLD_STORE_COLOR, 8, rotate=True),
                      t("map.layer.cold_stores", lang)))
    areas = layers.get("industrial_areas")
    if areas is not None and len(areas):
        items.append((swatch_fill(INDUSTRIAL_COLOR), t("map.layer.industrial_areas", lang)))
    if items:
        sections.append(legend_section(t("map.legend.processing", lang), items))
        statuses = [(swatch_circle(STATUS_COLORS[s], 10), value_label(s, lang)) for s in STATUSES]
        sections.append(legend_section(t("map.legend.status", lang), statuses))
        sections.append(legend_section("", [("", t("map.legend.size", lang))]))
    sections.append(legend_section("", [(swatch_line(DISTRICT_LINE, dashed=True),
                                         t("map.legend.district_boundary", lang))]))
    return "".join(sections)


def build_map(layers: Mapping[str, Any], lang: str, basemap: str = "none",
              show: Iterable[str] | None = None, highlight: Iterable[str] = (),
              legend: bool = True, progress: Progress | None = None,
              summary_from: int | None = None, tiles_key: str | None = None,
              parts: FeatureParts | None = None) -> folium.Map:
    """Return the explorer map of ``layers``.

    Parameters
    ----------
    layers : mapping
        Layers as returned by :meth:`fruitmap.workspace.geopackage.Workspace.read_all` (possibly filtered
        with :func:`fruitmap.maps.filters.filter_layers`).
    lang : str
        ``"vi"`` or ``"en"``: layer names, legend, tooltips and popups.
    basemap : {"none", "osm"}
        Background: none (boundaries only, offline) or OpenStreetMap tiles (online).
    show : iterable of str, optional
        Which of :data:`MAP_LAYERS` to draw (default all).
    highlight : iterable of str
        District codes to outline in red; the map opens on them.
    legend : bool
        Whether to add the legend.
    progress : callable, optional
        ``progress(fraction, key)`` (:mod:`fruitmap.progress`), told as each layer is drawn:
        ``progress.map.base``, ``.industrial_areas``, ``.zones``, ``.cold_stores``,
        ``.plants``, ``.legend``, ``.done``.
    summary_from : int, optional
        With more zones than this (default :data:`fruitmap.maps.summary.SUMMARY_FROM`),
        zones are summarised in hexagons at low zoom and drawn from tiles on zoom-in.
    tiles_key : str, optional
        Identifies what ``layers`` hold (workspace, version, language, filters); names the
        zone tiles' data files so that a restarted app reuses them (see :func:`add_zones`).
    parts : FeatureParts, optional
        Per-feature work kept from the map of the full layers (:func:`prepare_map`):
        ``layers`` filtered from those layers are then drawn without computing it again.
        Ignored when recorded in another language.

    Returns
    -------
    folium.Map
        A map with a layer control, fitted to the province.
    """
    parts = usable(parts, lang)
    report_step(progress, 0.0, "progress.map.base")
    summary_from = SUMMARY_FROM if summary_from is None else summary_from
    wanted = set(MAP_LAYERS if show is None else show)
    bounds = province_bounds(layers)
    districts = districts_of(layers.get("admin_units"))
    marked = {str(c) for c in highlight}
    if marked and districts is not None:
        # Open on the chosen districts rather than the whole province.
        bounds = bounds_of(districts[districts["unit_code"].astype(str).isin(marked)]) or bounds
    m = base_map(lang, basemap, bounds, right_padding=LEGEND_WIDTH if legend else 0)
    if "districts" in wanted:
        add_admin_units(m, layers.get("admin_units"), lang, highlight=highlight, parts=parts)
    report_step(progress, 0.1, "progress.map.industrial_areas")
    if "industrial_areas" in wanted:
        add_industrial_areas(m, layers.get("industrial_areas"), lang, layers, parts)
    # Zones are most of the work at the province's size (polygons, tooltips, popups).
    report_step(progress, 0.15, "progress.map.zones")
    if "zones" in wanted:
        add_zones(m, layers.get("zones"), lang, layers, summary_from=summary_from,
                  tiles_key=tiles_key, parts=parts)
    report_step(progress, 0.7, "progress.map.cold_stores")
    if "cold_stores" in wanted:
        add_cold_stores(m, layers.get("cold_stores"), lang, layers, parts)
    report_step(progress, 0.75, "progress.map.plants")
    plants = layers.get("plants")
    if plants is not None and len(plants):
        kinds = {kind for key, kind in (("factories", "factory"), ("facilities", "facility"))
                 if key in wanted}
        keep = plants["kind"].astype(str).isin(kinds)
        add_plants(m, plants[keep], lang, layers, parts)
    if legend:
        shown = {k: v for k, v in layers.items()
                 if k in wanted or (k == "plants" and wanted & {"factories", "facilities"})}
        report_step(progress, 0.95, "progress.map.legend")
        Legend(t("map.legend.title", lang), legend_html(shown, lang, summary_from)).add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    report_step(progress, 1.0, "progress.map.done")
    return m


def prepare_map(layers: Mapping[str, Any], lang: str,
                codes: Mapping[str, pd.Series] | None = None,
                **options) -> tuple[folium.Map, FeatureParts]:
    """Build the map of all ``layers`` and keep its per-feature work for filtered maps.

    Parameters
    ----------
    layers : mapping
        The full layers (not filtered).
    lang : str
        Language of the map and of the texts kept.
    codes : mapping, optional
        :func:`fruitmap.maps.filters.layer_district_codes` of ``layers``, when known
        already (the district filter uses them too).
    **options
        Passed on to :func:`build_map` (``basemap``, ``summary_from``, ``tiles_key`` …).

    Returns
    -------
    (folium.Map, FeatureParts)
        The map (as :func:`build_map` returns it) and the parts: pass them to
        ``build_map(filter_layers(layers, ...), lang, parts=parts)`` (:mod:`fruitmap.maps.parts`).
    """
    parts = FeatureParts(dict(layers), lang, dict(codes or {}))
    m = build_map(layers, lang, parts=parts, **options)
    return m, parts.freeze()


# --- choropleth (gap maps) -----------------------------------------------------------------

SEQUENTIAL_REDS = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NO_DATA_COLOR = "#d9d9d9"


def class_breaks(values: Sequence[float], n: int = 5) -> list[float]:
    """Return up to ``n + 1`` increasing quantile breaks of the finite ``values``."""
    finite = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    if finite.size == 0:
        return []
    breaks = np.unique(np.quantile(finite, np.linspace(0, 1, n + 1)))
    if breaks.size == 1:
        breaks = np.array([breaks[0], breaks[0]])
    return [float(b) for b in breaks]


def add_choropleth(m: folium.Map, gdf: gpd.GeoDataFrame, value_col: str, lang: str, name: str,
                   label_col: str = "name", breaks: Sequence[float] | None = None,
                   palette: Sequence[str] = SEQUENTIAL_REDS,
                   fmt: Callable[[float], str] | None = None, legend: bool = True) -> folium.Map:
    """Colour polygons of ``gdf`` by ``value_col`` (for instance surplus tonnes by district).

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    gdf : geopandas.GeoDataFrame
        Polygons with a numeric ``value_col`` and a name in ``label_col``.
    value_col : str
        Column whose value sets the colour; missing values are drawn grey ("no data").
    lang : str
        Language of the legend and tooltips.
    name : str
        Layer name and legend title (escaped here).
    label_col : str
        Column holding each polygon's name.
    breaks : sequence of float, optional
        Class boundaries (increasing); default: quantiles.
    palette : sequence of str
        Colours from low to high; one per class.
    fmt : callable, optional
        Formats a value for tooltips and legend (default: whole numbers in ``lang``).
    legend : bool
        Whether to add a legend for the classes.
    """
    fmt = fmt or (lambda v: fmt_number(v, lang))
    values = pd.to_numeric(gdf[value_col], errors="coerce")
    edges = list(breaks) if breaks is not None else class_breaks(values.tolist(), len(palette))
    n_classes = max(1, len(edges) - 1)
    colors = list(palette)[-n_classes:] if n_classes <= len(palette) else list(palette)

    gdf = gdf.reset_index(drop=True)
    geoms = display_geometries(gdf, 50, rounded=False).values
    polygonal, _ = kinds(geoms)
    values = values.reset_index(drop=True)
    finite = values.notna().to_numpy()
    if edges:
        klass = np.searchsorted(np.asarray(edges, dtype=float), values.fillna(0).to_numpy(),
                                side="right") - 1
        klass = np.clip(klass, 0, len(colors) - 1)
    else:
        klass = np.zeros(len(values), dtype=int)
    # One style per class, and a last one for "no data".
    fills = [*colors, NO_DATA_COLOR] if edges else [NO_DATA_COLOR]
    codes = np.where(finite & bool(edges), klass, len(fills) - 1)
    styles = [{"color": "#424242", "weight": 1, "fillColor": c, "fillOpacity": 0.75}
              for c in fills]
    group = folium.FeatureGroup(name=name, show=True)
    if polygonal.any():
        part = gdf[polygonal]
        texts = TextColumns(int(polygonal.sum()))
        labels = part[label_col] if label_col in part else pd.Series([""] * len(part))
        tip = [texts.add(labels),
               texts.add(values[polygonal], lambda v: f"{name}: " + (
                   fmt(v) if pd.notna(v) else t("map.legend.no_data", lang)))]
        group.add_child(polygon_layer(geoms[polygonal], "fm-choropleth", styles,
                                      codes[polygonal], texts, tip))
    group.add_to(m)
    if legend and len(edges) >= 2:
        items = [(swatch_fill(colors[min(i, len(colors) - 1)]),
                  f"{fmt(edges[i])} – {fmt(edges[i + 1])}") for i in range(len(edges) - 1)]
        if values.isna().any():
            items.append((swatch_fill(NO_DATA_COLOR), t("map.legend.no_data", lang)))
        Legend(name, legend_section("", items), position="bottomleft").add_to(m)
    return m

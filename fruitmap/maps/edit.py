"""The map of the edit tab: folium's Draw plugin, served offline, over one layer's features.

The layer's points are put in the Draw plugin's editable group, each carrying its id, so that
what the browser sends back (``all_drawings``: every feature of the group, as GeoJSON) tells
which points were moved or deleted and which features are new (no id). Polygons are drawn as
context only: their outlines are changed by uploading a file.

Leaflet.draw is vendored in ``static/leaflet-draw/`` (see ``static/README.md``); the plugin's
CDN links are replaced by those files, as :mod:`fruitmap.maps.assets` does for Leaflet.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.plugins import Draw
from jinja2 import Template
from shapely.geometry import shape

from fruitmap.columns import is_missing
from fruitmap.i18n import t
from fruitmap.maps.assets import static_url
from fruitmap.maps.build import SON_LA_BOUNDS, base_map
from fruitmap.maps.html import esc
from fruitmap.schema import get_layer
from fruitmap.workspace.edits import is_point_layer

DRAW_JS = [("leaflet_draw_js", static_url("leaflet-draw/leaflet.draw.js"))]
DRAW_CSS = [("leaflet_draw_css", static_url("leaflet-draw/leaflet.draw.css"))]
ID_PROPERTY = "fm_id"  # the property that carries a feature's id through the browser
MAX_EDITABLE = 3000  # points in the editable group; more make the browser's edit mode crawl
MAX_CONTEXT = 3000  # polygons drawn as context
COORD_DECIMALS = 6  # about 0.1 m: a point "moved" by less is where it was
METRIC_CRS = "EPSG:32648"  # UTM 48N covers Sơn La; shapes are simplified in metres
POINT_COLOR = "#1565c0"
CONTEXT_COLOR = "#6d4c41"


class DrawLabels(MacroElement):
    """Leaflet.draw's toolbar texts (tooltips, Save/Cancel) in the interface language."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (d, x) {
            d.draw.toolbar.buttons.marker = x.marker;
            d.draw.toolbar.buttons.polygon = x.polygon;
            d.draw.toolbar.actions.text = x.cancel;
            d.draw.toolbar.actions.title = x.cancel;
            d.draw.toolbar.finish.text = x.finish;
            d.draw.toolbar.undo.text = x.undo;
            d.draw.handlers.marker.tooltip.start = x.marker_tip;
            d.draw.handlers.polygon.tooltip.start = x.polygon_tip;
            d.draw.handlers.polygon.tooltip.cont = x.polygon_tip;
            d.draw.handlers.polygon.tooltip.end = x.polygon_end;
            d.edit.toolbar.buttons.edit = x.edit;
            d.edit.toolbar.buttons.remove = x.remove;
            d.edit.toolbar.actions.save.text = x.save;
            d.edit.toolbar.actions.save.title = x.save;
            d.edit.toolbar.actions.cancel.text = x.cancel;
            d.edit.toolbar.actions.cancel.title = x.cancel;
            d.edit.toolbar.actions.clearAll.text = x.clear_all;
            d.edit.handlers.edit.tooltip.text = x.edit_tip;
            d.edit.handlers.remove.tooltip.text = x.remove_tip;
        })(L.drawLocal, {{ this.texts|tojson }});
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "DrawLabels"
        keys = ("marker", "polygon", "cancel", "finish", "undo", "marker_tip", "polygon_tip",
                "polygon_end", "edit", "remove", "save", "clear_all", "edit_tip", "remove_tip")
        self.texts = {k: t(f"edit.draw.{k}", lang) for k in keys}


class OfflineDraw(Draw):
    """folium's Draw plugin loading Leaflet.draw from the app instead of a CDN."""

    default_js = DRAW_JS
    default_css = DRAW_CSS


@dataclass
class DrawnChanges:
    """What the person did on the edit map, read from the plugin's ``all_drawings``.

    Attributes
    ----------
    new : list of shapely geometries
        Features drawn or placed (no id), in drawing order.
    moved : dict
        Id → new geometry of the points dragged elsewhere.
    deleted : list of str
        Ids of the points removed.
    """

    new: list = field(default_factory=list)
    moved: dict = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing was drawn, moved or deleted."""
        return not (self.new or self.moved or self.deleted)


def editable_points(df: gpd.GeoDataFrame, layer_name: str) -> gpd.GeoDataFrame:
    """Return the features of ``df`` put in the editable group: its points, at most
    :data:`MAX_EDITABLE`, with coordinates rounded as they are sent to the browser."""
    if df.empty:
        return df
    points = df[np.asarray(shapely.get_type_id(np.asarray(df.geometry.values)) == 0)]
    points = points.head(MAX_EDITABLE)
    rounded = shapely.set_precision(np.asarray(points.geometry.values), 10 ** -COORD_DECIMALS)
    return points.set_geometry(gpd.GeoSeries(rounded, index=points.index, crs=df.crs))


def _point_features(points: gpd.GeoDataFrame, id_column: str) -> dict:
    xs, ys = shapely.get_x(points.geometry.values), shapely.get_y(points.geometry.values)
    features = [
        {"type": "Feature",
         "properties": {ID_PROPERTY: str(ident), "label": f"<b>{esc(ident)}</b> {esc(name)}"},
         "geometry": {"type": "Point", "coordinates": [round(float(x), COORD_DECIMALS),
                                                       round(float(y), COORD_DECIMALS)]}}
        for ident, name, x, y in zip(points[id_column], points["name"], xs, ys, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _context(df: gpd.GeoDataFrame, id_column: str) -> dict | None:
    shapes = df[np.asarray(shapely.get_type_id(np.asarray(df.geometry.values)) != 0)]
    shapes = shapes[~shapes.geometry.isna()].head(MAX_CONTEXT)
    if shapes.empty:
        return None
    simple = shapes.geometry.to_crs(METRIC_CRS).simplify(25.0).to_crs("EPSG:4326")
    simple = shapely.set_precision(np.asarray(simple.values), 1e-5)
    features = [{"type": "Feature",
                 "properties": {"label": f"<b>{esc(ident)}</b> {esc(name)}"},
                 "geometry": shapely.geometry.mapping(geom)}
                for ident, name, geom in zip(shapes[id_column], shapes["name"], simple,
                                             strict=True)]
    return {"type": "FeatureCollection", "features": features}


# Module-level style functions (not lambdas): the map is copied through pickle by the UI cache.
def _district_style(_feature: dict) -> dict:
    return {"color": "#9e9e9e", "weight": 1, "fill": False}


def _context_style(_feature: dict) -> dict:
    return {"color": CONTEXT_COLOR, "weight": 1, "fillOpacity": 0.15}


def build_edit_map(df: gpd.GeoDataFrame, layer_name: str, lang: str,
                   admin_units: gpd.GeoDataFrame | None = None) -> folium.Map:
    """Return the edit map of a layer: editable points, context shapes, the Draw toolbar.

    Parameters
    ----------
    df : GeoDataFrame
        The layer as stored.
    layer_name : str
        ``zones``, ``plants``, ``cold_stores`` or ``industrial_areas``.
    lang : str
        Language of the map's credit line.
    admin_units : GeoDataFrame, optional
        Drawn as thin district outlines, to find one's way.

    Returns
    -------
    folium.Map
        With every script and stylesheet served from ``/app/static/``.
    """
    layer = get_layer(layer_name)
    bounds = None
    if len(df) and not df.geometry.isna().all():
        west, south, east, north = df.total_bounds
        if all(math.isfinite(v) for v in (west, south, east, north)):
            pad = 0.02
            bounds = [[south - pad, west - pad], [north + pad, east + pad]]
    m = base_map(lang, bounds=bounds or [list(SON_LA_BOUNDS[0]), list(SON_LA_BOUNDS[1])])
    if admin_units is not None and len(admin_units):
        districts = admin_units[admin_units["level"].isin(["district", "province"])]
        if len(districts):
            outline = districts.geometry.to_crs(METRIC_CRS).simplify(100.0).to_crs("EPSG:4326")
            shapes = shapely.to_geojson(shapely.set_precision(np.asarray(outline.values), 1e-4))
            folium.GeoJson({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {}, "geometry": json.loads(g)}
                for g in shapes]},
                style_function=_district_style,
                interactive=False, control=False).add_to(m)
    context = _context(df, layer.id_column) if len(df) else None
    if context:
        folium.GeoJson(context, control=False,
                       style_function=_context_style,
                       tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)).add_to(m)
    points = editable_points(df, layer_name) if len(df) else df
    editable = folium.GeoJson(
        _point_features(points, layer.id_column) if len(points) else
        {"type": "FeatureCollection", "features": []},
        control=False,
        marker=folium.CircleMarker(radius=6, color="#ffffff", weight=1.5, fill=True,
                                   fill_color=POINT_COLOR, fill_opacity=0.9),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False) if len(points) else None,
    ).add_to(m)
    polygons = not is_point_layer(layer_name)
    DrawLabels(lang).add_to(m)
    OfflineDraw(
        feature_group=editable, position="topleft", show_geometry_on_click=False,
        draw_options={"polyline": False, "rectangle": False, "circle": False,
                      "circlemarker": False, "marker": True,
                      "polygon": {"allowIntersection": False, "showArea": False}
                      if polygons else False},
        edit_options={"edit": True, "remove": True},
    ).add_to(m)
    return m


def _geometry(feature: dict):
    try:
        geom = shape(feature.get("geometry") or {})
    except (AttributeError, TypeError, ValueError, KeyError, shapely.errors.GEOSException):
        return None
    return None if geom.is_empty else geom


def read_drawings(drawings: list[dict] | None, df: gpd.GeoDataFrame, layer_name: str
                  ) -> DrawnChanges:
    """Compare the map's ``all_drawings`` with the points that were sent to it.

    Parameters
    ----------
    drawings : list of dict or None
        GeoJSON features as streamlit-folium returns them (None before any drawing).
    df : GeoDataFrame
        The layer the map was built from (same content as for :func:`build_edit_map`).
    layer_name : str

    Returns
    -------
    DrawnChanges
    """
    out = DrawnChanges()
    if drawings is None:
        return out
    sent = editable_points(df, layer_name) if len(df) else df
    id_column = get_layer(layer_name).id_column
    where = {str(i): (round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS))
             for i, x, y in zip(sent[id_column], shapely.get_x(sent.geometry.values),
                                shapely.get_y(sent.geometry.values), strict=True)} \
        if len(sent) else {}
    seen = set()
    for feature in drawings:
        props = feature.get("properties") or {}
        ident = props.get(ID_PROPERTY)
        geom = _geometry(feature)
        if geom is None:
            continue
        if is_missing(ident):
            out.new.append(geom)
            continue
        ident = str(ident)
        seen.add(ident)
        if ident in where and geom.geom_type == "Point":
            old = where[ident]
            if max(abs(geom.x - old[0]), abs(geom.y - old[1])) > 0.5 * 10 ** -COORD_DECIMALS:
                out.moved[ident] = geom
    out.deleted = [i for i in where if i not in seen]
    return out


def polygon_area_ha(geom) -> float:
    """Return the area of a shape in hectares, measured in UTM 48N."""
    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(METRIC_CRS).area.iloc[0]) / 1e4

"""The scenario page's map: where a new plant or cold store would go, clicked on the map.

District outlines, the plants, cold stores and industrial areas of the data as context, and
the facilities a scenario adds, changes or removes, drawn offline like every fruitmap map. A
click anywhere returns its coordinates to the page (``st_folium``'s ``last_clicked``).
"""

from __future__ import annotations

import json

import folium
import numpy as np
import shapely

from fruitmap.i18n import t
from fruitmap.maps.build import base_map
from fruitmap.maps.html import esc

METRIC_CRS = "EPSG:32648"  # UTM 48N covers Sơn La; outlines are simplified in metres
COLORS = {"plants": "#1565c0", "cold_stores": "#00838f", "industrial_areas": "#6d4c41",
          "add": "#d32f2f", "change": "#ef6c00", "remove": "#616161", "click": "#7b1fa2"}


def _outline(admin_units) -> dict | None:
    districts = admin_units[admin_units["level"].astype(str).isin(["district", "province"])]
    districts = districts[districts.geometry.notna()]
    if not len(districts):
        return None
    outline = districts.geometry.to_crs(METRIC_CRS).simplify(100.0).to_crs("EPSG:4326")
    shapes = shapely.to_geojson(shapely.set_precision(np.asarray(outline.values), 1e-4))
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": json.loads(g)} for g in shapes]}


def _points(frame, id_column: str) -> dict:
    """Point features of a layer (representative points of polygons) with an escaped label."""
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    pts = frame.geometry.representative_point()
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(x, 6),
                                                                          round(y, 6)]},
         "properties": {"label": f"{esc(str(i))} · {esc(str(n))}"}}
        for i, n, x, y in zip(frame[id_column], frame["name"], pts.x, pts.y, strict=True)]
    return {"type": "FeatureCollection", "features": features}


def _style(_feature: dict) -> dict:
    return {"color": "#555555", "weight": 1.0, "fill": False}


def scenario_map(layers: dict, changes: list, lang: str,
                 clicked: tuple[float, float] | None = None) -> folium.Map:
    """Return the map of a scenario over the data.

    Parameters
    ----------
    layers : dict
        The workspace's layers (plants, cold stores, industrial areas, admin units).
    changes : list of dict
        The scenario's changes: added facilities are drawn as red markers, changed ones
        orange, removed ones grey.
    lang : str
    clicked : (lon, lat), optional
        The point last clicked, drawn as a purple ring (where a new facility would go).
    """
    m = base_map(lang)
    admin = layers.get("admin_units")
    if admin is not None and len(admin):
        outline = _outline(admin)
        if outline:
            folium.GeoJson(outline, style_function=_style, interactive=False,
                           control=False).add_to(m)
    for name, id_column, radius in (("industrial_areas", "area_id", 7),
                                    ("cold_stores", "store_id", 5), ("plants", "plant_id", 3)):
        frame = layers.get(name)
        if frame is None or not len(frame):
            continue
        folium.GeoJson(
            _points(frame, id_column), name=t(f"scenario.map.{name}", lang),
            marker=folium.CircleMarker(radius=radius, color="#ffffff", weight=1, fill=True,
                                       fill_color=COLORS[name], fill_opacity=0.8),
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)).add_to(m)
    ids = {name: {} for name in ("plants", "cold_stores")}
    for name, id_column in (("plants", "plant_id"), ("cold_stores", "store_id")):
        frame = layers.get(name)
        if frame is not None and len(frame):
            pts = frame.geometry.representative_point()
            ids[name] = dict(zip(frame[id_column].astype(str), zip(pts.x, pts.y, strict=True),
                                 strict=True))
    for change in changes:
        op = change.get("op")
        if op == "add":
            where = (change["lon"], change["lat"])
            label = change.get("attrs", {}).get("name", "")
        elif op in ("change", "remove") and change.get("id") in ids.get(change.get("layer"), {}):
            where = (change["lon"], change["lat"]) if "lon" in change else \
                ids[change["layer"]][change["id"]]
            label = change["id"]
        else:
            continue
        folium.CircleMarker(
            location=[where[1], where[0]], radius=10, color="#ffffff", weight=2, fill=True,
            fill_color=COLORS[op], fill_opacity=0.95,
            tooltip=esc(t(f"scenario.map.{op}", lang, name=label))).add_to(m)
    if clicked is not None:
        folium.CircleMarker(location=[clicked[1], clicked[0]], radius=12, color=COLORS["click"],
                            weight=3, fill=False,
                            tooltip=esc(t("scenario.map.clicked", lang))).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m

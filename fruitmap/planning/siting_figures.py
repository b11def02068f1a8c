"""Pictures of a siting result: the map of chosen sites and the curve of surplus against N.

The map uses the offline map builder (:func:`fruitmap.maps.build.base_map`); every text that
comes from the data (site and plant names) is escaped before it reaches HTML.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import plotly.graph_objects as go

from fruitmap.balance.charts import USE_COLORS, base_layout
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.build import add_admin_units, add_cold_stores, add_plants, base_map
from fruitmap.maps.html import esc
from fruitmap.maps.layer import TextColumns, point_layer

CHOSEN_COLOR = "#d62728"
CANDIDATE_COLOR = "#7f7f7f"


def capacity_text(value: float, kind: str, lang: str) -> str:
    """``30 t/ngày`` for a plant, ``500 t`` for a cold store."""
    unit = t("siting.unit.t_day", lang) if kind == "plant" else "t"
    return f"{fmt_number(value, lang, 1 if value % 1 else 0)} {unit}"


def siting_map(layers: dict, result, candidates: gpd.GeoDataFrame | None, lang: str
               ) -> folium.Map:
    """The province, the existing plants and cold stores, every candidate (grey) and the
    chosen sites (red, sized by what each takes, with a tooltip saying it)."""
    m = base_map(lang)
    add_admin_units(m, layers.get("admin_units"), lang)
    add_plants(m, layers.get("plants"), lang, layers)
    add_cold_stores(m, layers.get("cold_stores"), lang, layers)
    if candidates is not None and len(candidates):
        # One compact layer (canvas above 1,500 points), as the explorer's plants: the
        # candidates can be every plant and a grid, thousands of points.
        group = folium.FeatureGroup(name=t("siting.map.candidates", lang), show=True)
        n = len(candidates)
        pts = candidates.geometry.representative_point()
        texts = TextColumns(n)
        tip = (texts.constant(t("siting.map.candidate", lang)), texts.add(candidates["name"]))
        group.add_child(point_layer(np.column_stack([pts.x, pts.y]), "fm-candidate",
                                    [CANDIDATE_COLOR] * n, np.full(n, 4.0), "circle",
                                    texts, tip))
        group.add_to(m)
    if result is not None and len(result.sites):
        group = folium.FeatureGroup(name=t("siting.map.chosen", lang), show=True)
        top = max(float(result.sites["used_gain_t"].max()), 1.0)
        # The chosen sites: at most 10 (ui/siting_view.py), drawn one marker each.
        for rank, r in enumerate(result.sites.itertuples(), start=1):
            tip = t("siting.map.tip", lang, rank=rank, name=esc(r.name),
                    capacity=capacity_text(r.capacity, result.kind, lang),
                    gain=fmt_number(r.used_gain_t, lang))
            folium.CircleMarker([r.lat, r.lon], radius=8 + 10 * float(r.used_gain_t) / top,
                                color="#000", weight=2, fill=True, fill_color=CHOSEN_COLOR,
                                fill_opacity=0.85, tooltip=tip).add_to(group)
        group.add_to(m)
    return m


def curve_figure(result, lang: str) -> go.Figure:
    """Yearly surplus against the number of new sites N (0 = today), with the tonnes each
    further site cuts written above the line."""
    curve = result.curve
    fig = go.Figure(go.Scatter(
        x=curve["n"].tolist(), y=curve["surplus_t"].tolist(), mode="lines+markers+text",
        line={"color": USE_COLORS["surplus_t"], "width": 3}, marker={"size": 9},
        text=[""] + [f"−{fmt_number(a - b, lang)} t" for a, b in
                     zip(curve["surplus_t"][:-1], curve["surplus_t"][1:], strict=True)],
        textposition="top center",
        hovertemplate=t("siting.curve.hover", lang) + "<extra></extra>"))
    base_layout(fig, lang, t("siting.curve.title", lang), height=380)
    # Room on both sides for the labels of the first and last points.
    fig.update_xaxes(title=t("siting.curve.x", lang), dtick=1,
                     range=[-0.4, float(curve["n"].max()) + 0.4])
    fig.update_yaxes(title=t("siting.curve.y", lang))
    return fig


DRAWN_COLOR = "#7b1fa2"


def drawing_map(layers: dict, points, names, lang: str) -> folium.Map:
    """The map on which candidate points are drawn: the province, plants, cold stores and
    industrial areas as context (:func:`fruitmap.planning.scenario_map.scenario_map`) and the
    points drawn so far (purple, with their names)."""
    from fruitmap.planning.scenario_map import scenario_map

    m = scenario_map(layers, [], lang)
    for name, (lon, lat) in zip(names, points, strict=True):
        folium.CircleMarker([lat, lon], radius=9, color="#ffffff", weight=2, fill=True,
                            fill_color=DRAWN_COLOR, fill_opacity=0.95,
                            tooltip=esc(name)).add_to(m)
    return m

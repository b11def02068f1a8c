"""Small plotly figures for the pages and the meeting pack.

Each builder takes plain DataFrames and a language and returns a ``plotly.graph_objects.Figure``;
nothing here reads the workspace or knows about Streamlit. Small maps are drawn on plain
longitude/latitude axes (SVG): no tiles, no WebGL, so they draw offline, in exports and in
headless browsers alike.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fruitmap.crops import CROP_COLORS, crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.layer import esc_all

_FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 13}


def area_by_crop_bar(table: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of fruit area per crop, largest on top, output shown on hover.

    Parameters
    ----------
    table : DataFrame
        As :func:`fruitmap.balance.summary.by_crop` returns (``crop``, ``area_ha``, ``output_t``).
    lang : str
        Language of labels and number formats.
    """
    rows = table.sort_values("area_ha")  # plotly draws the first bar at the bottom
    labels = [crop_label(c, lang) for c in rows["crop"]]
    hover = [
        f"<b>{html.escape(label)}</b><br>{fmt_number(a, lang)} ha<br>"
        f"{fmt_number(o, lang)} {t('unit.t', lang)}/{t('overview.year', lang)}"
        for label, a, o in zip(labels, rows["area_ha"], rows["output_t"], strict=True)
    ]
    fig = go.Figure(go.Bar(
        x=rows["area_ha"], y=labels, orientation="h",
        marker_color=[CROP_COLORS.get(c, CROP_COLORS["other"]) for c in rows["crop"]],
        text=[fmt_number(a, lang) for a in rows["area_ha"]], textposition="auto",
        hovertext=hover, hoverinfo="text",
    ))
    fig.update_layout(
        height=max(220, 34 * len(rows) + 80), margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"title": t("overview.chart.area_axis", lang), "tickformat": ",d"},
        font=_FONT, showlegend=False,
        separators=",." if lang == "vi" else ".,",
    )
    return fig


def _outline(geom) -> tuple[list, list]:
    # Boundary lines of (multi)polygons as one lon/lat list; None breaks the line between rings.
    lons: list = []
    lats: list = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            xs, ys = ring.xy
            lons += [*xs, None]
            lats += [*ys, None]
    return lons, lats


def _zone_hover_parts(names: pd.Series, area: pd.Series, lang: str
                      ) -> tuple[np.ndarray, np.ndarray]:
    # Escaped names and whole-hectare texts as object arrays, for a vectorised join: names
    # escaped in one pass (esc_all), each distinct whole number of hectares formatted once
    # (rounding first gives what fmt_number's own rounding gives).
    whole, where = np.unique(np.round(area.to_numpy(dtype=float)), return_inverse=True)
    texts = np.array([fmt_number(v, lang) for v in whole], dtype=object)
    return np.array(esc_all(names.tolist()), dtype=object), texts[where]


def province_overview_map(admin_units: pd.DataFrame, zones: pd.DataFrame, lang: str,
                          height: int = 420) -> go.Figure:
    """A small map: district outlines and one dot per zone, coloured by crop, sized by area.

    Parameters
    ----------
    admin_units : GeoDataFrame
        The ``admin_units`` layer (EPSG:4326); districts are drawn, or the province when the
        layer has no districts.
    zones : GeoDataFrame
        The ``zones`` layer (EPSG:4326); polygons are drawn at a point inside them.
    lang : str
        Language of the legend and hover texts.
    height : int
        Figure height in pixels.
    """
    fig = go.Figure()
    units = admin_units[admin_units["level"] == "district"] if len(admin_units) else admin_units
    if len(units) == 0 and len(admin_units):
        units = admin_units[admin_units["level"] == "province"]
    for _, unit in units.iterrows():  # the districts (12 in Sơn La), or the province
        lons, lats = _outline(unit.geometry)
        fig.add_trace(go.Scatter(
            x=lons, y=lats, mode="lines", fill="toself", fillcolor="rgba(236,239,241,0.6)",
            line={"width": 1, "color": "#607d8b"}, hoverinfo="text", hoveron="fills",
            text=html.escape(str(unit["name"])), showlegend=False,
        ))
    if len(zones):
        zones = zones.reset_index(drop=True)  # group labels are then positions
        points = zones.geometry.representative_point()
        area = pd.to_numeric(zones["area_ha"], errors="coerce").fillna(0.0)
        biggest = max(float(area.max()), 1.0)
        # numpy arrays, not lists: plotly sends them as typed arrays (base64), which
        # Streamlit serialises on every run of the page (20,000 zones: 0.11 → 0.04 s).
        size = 3 + 9 * np.sqrt(area.to_numpy(dtype=float) / biggest)
        names, areas = _zone_hover_parts(zones["name"], area, lang)
        for crop, idx in zones.groupby("crop", sort=False).groups.items():
            label = crop_label(crop, lang)
            fig.add_trace(go.Scatter(
                x=points[idx].x.to_numpy(dtype=float), y=points[idx].y.to_numpy(dtype=float),
                mode="markers", name=label,
                marker={"size": np.round(size[idx], 2),
                        "color": CROP_COLORS.get(crop, CROP_COLORS["other"]), "opacity": 0.8,
                        "line": {"width": 0.5, "color": "white"}},
                hoverinfo="text",
                hovertext="<b>" + names[idx] + f"</b><br>{html.escape(label)}, " + areas[idx]
                + " ha",
            ))
    # Equal ground distances on both axes at Sơn La's latitude (about 21° N).
    mid_lat = 21.2
    frame = units if len(units) else zones
    if len(frame):
        mid_lat = float(sum(frame.total_bounds[1::2]) / 2)
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(
        xaxis=hidden, yaxis={**hidden, "scaleanchor": "x",
                             "scaleratio": 1 / math.cos(math.radians(mid_lat))},
        height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, font=_FONT,
        plot_bgcolor="white", paper_bgcolor="white", hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0},
    )
    return fig

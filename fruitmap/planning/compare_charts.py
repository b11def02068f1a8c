"""Plotly figures of a comparison: yearly surplus by crop, the glut calendar's difference and
the map of the change in surplus by admin unit (drawn offline, like the gap page's map).

Less surplus (the scenario helps) is green, more is red, no change white.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fruitmap.balance.charts import _map_label, base_layout, crop_order, empty_figure, map_units
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, month_name, t

CHANGE_SCALE = [[0.0, "#1a9850"], [0.5, "#ffffff"], [1.0, "#d73027"]]
BAR_COLORS = ["#9e9e9e", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f"]


def yearly_surplus_figure(yearly: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped bars: each crop's yearly surplus in the baseline and each scenario.

    ``yearly`` is :func:`fruitmap.planning.compare.yearly_table`.
    """
    title = t("compare.chart.yearly", lang)
    if yearly.empty:
        return empty_figure(lang, title)
    crops = crop_order(yearly["crop"])
    fig = go.Figure()
    for k, (name, rows) in enumerate(yearly.groupby("scenario", sort=False)):
        rows = rows.set_index("crop").reindex(crops)
        label = name or t("compare.baseline", lang)
        fig.add_bar(x=[crop_label(c, lang) for c in crops], y=rows["surplus_t"].fillna(0.0),
                    name=label, marker_color=BAR_COLORS[k % len(BAR_COLORS)],
                    hovertemplate="%{x}: %{y:,.0f} " + t("unit.t", lang) + "<extra>" + label
                    .replace("<", "&lt;") + "</extra>")
    fig.update_layout(barmode="group", yaxis_title=t("compare.chart.surplus_t", lang))
    return base_layout(fig, lang, title, height=420)


def difference_calendar_figure(diff: pd.DataFrame, lang: str, name: str) -> go.Figure:
    """Heat map crop × month of the change in surplus (scenario − baseline, t).

    ``diff`` is :func:`fruitmap.planning.compare.calendar_difference`.
    """
    title = t("compare.chart.calendar_diff", lang, name=name)
    if diff.empty or float(diff["change_t"].abs().max()) < 0.5:
        return empty_figure(lang, title, "compare.chart.no_change")
    crops = crop_order(diff["crop"])
    z = diff.pivot(index="crop", columns="month", values="change_t").reindex(
        index=crops, columns=range(1, 13)).to_numpy()
    limit = max(float(np.nanmax(np.abs(z))), 1.0)
    text = [["" if abs(v) < 0.5 else ("+" if v > 0 else "") + fmt_number(v, lang)
             for v in row] for row in np.nan_to_num(z)]
    fig = go.Figure(go.Heatmap(
        z=z, x=[month_name(m, lang, short=True) for m in range(1, 13)],
        y=[crop_label(c, lang) for c in crops], zmin=-limit, zmax=limit,
        colorscale=CHANGE_SCALE, text=text, texttemplate="%{text}", xgap=2, ygap=2,
        colorbar={"title": {"text": t("unit.t", lang)}, "thickness": 14},
        hovertemplate="%{y} · %{x}: %{z:,.0f} " + t("unit.t", lang) + "<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, lang, title, height=max(260, 60 + 34 * len(crops)))


def unit_change_figure(change: pd.DataFrame, admin_units, lang: str, name: str) -> go.Figure:
    """Map of the change in yearly surplus by admin unit (``compare.unit_change``)."""
    title = t("compare.chart.map", lang, name=name)
    admin = map_units(change, admin_units) if admin_units is not None else None
    if admin is None or not len(admin):
        return empty_figure(lang, title, "bchart.no_boundaries")
    admin = admin.reset_index(drop=True)
    values = admin["unit_code"].astype(str).map(
        change.set_index(change["unit_code"].astype(str))["change_t"]).fillna(0.0).to_numpy()
    names = admin["name"].astype(str).to_numpy()
    limit = max(float(np.abs(values).max()) if len(values) else 0.0, 1.0)
    from plotly.colors import sample_colorscale

    colours = sample_colorscale(CHANGE_SCALE, [(v / limit + 1) / 2 for v in values])
    shapes = list(admin.to_crs("EPSG:32648").geometry.simplify(60.0, preserve_topology=True))
    tonnes = t("unit.t", lang)
    fig = go.Figure()
    for i in sorted(range(len(shapes)), key=lambda k: -shapes[k].area):
        xs: list = []
        ys: list = []
        for poly in getattr(shapes[i], "geoms", [shapes[i]]):
            if hasattr(poly, "exterior"):
                x, y = poly.exterior.coords.xy
                xs += [*x, None]
                ys += [*y, None]
        fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colours[i],
                        line={"color": "#555", "width": 0.8}, hoveron="fills",
                        hoverinfo="name", showlegend=False,
                        name=f"{names[i]}: {_signed(values[i], lang)} {tonnes}")
    points = [s.representative_point() for s in shapes]
    fig.add_scatter(x=[p.x for p in points], y=[p.y for p in points], mode="text",
                    showlegend=False, hoverinfo="skip",
                    text=[f"<b>{_map_label(n)}</b>" + (f"<br>{_signed(v, lang)} {tonnes}"
                                                       if abs(v) >= 0.5 else "")
                          for n, v in zip(names, values, strict=True)],
                    textfont={"size": 11})
    fig.add_scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                    marker={"color": [0.0], "cmin": -limit, "cmax": limit,
                            "colorscale": CHANGE_SCALE, "showscale": True,
                            "colorbar": {"title": {"text": tonnes}, "thickness": 14}})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    return base_layout(fig, lang, title, height=560)


def _signed(value: float, lang: str) -> str:
    return ("+" if value >= 0.5 else "") + fmt_number(value, lang)

"""Plotly figures of the supply–capacity balance: glut calendar, crop balance, surplus map,
plant utilisation and progress against targets.

Each builder takes the balance's tables (see :mod:`fruitmap.balance.solve`) and a language and
returns a ``plotly.graph_objects.Figure`` whose titles, axes, legends and hover texts are in
that language. The gap page, the targets page and the meeting pack all draw from here, so a
figure looks the same on screen, in an exported PNG/SVG and on a slide.

Nothing here fetches anything from the internet: the surplus map draws the units as filled
shapes in projected metres on plain axes (no tiles, and none of the world topojson that
plotly's geo maps download).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fruitmap.crops import CROPS, crop_label
from fruitmap.i18n import fmt_number, month_name, t

MONTHS = tuple(range(1, 13))
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
# Colours of the balance's uses of fruit; surplus is the one that must catch the eye.
USE_COLORS = {
    "fresh_t": "#4e79a7",
    "processed_t": "#59a14f",
    "stored_t": "#76b7b2",
    "surplus_t": "#e15759",
}
SURPLUS_SCALE = [[0.0, "#fff7ec"], [0.25, "#fdd49e"], [0.5, "#fc8d59"], [0.75, "#d7301f"],
                 [1.0, "#7f0000"]]
# Idle plants pale, busy ones dark blue, saturated ones (≥ 98 %) red.
UTILISATION_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [0.98, "#08519c"], [0.98, "#e15759"],
                     [1.0, "#e15759"]]


# --------------------------------------------------------------------------- helpers
def base_layout(fig: go.Figure, lang: str, title: str, height: int = 480) -> go.Figure:
    """Apply the shared look: white template, a font with Vietnamese glyphs, number format.

    Vietnamese writes 12.345,6 and English 12,345.6; plotly's ``separators`` does the same
    for axis ticks and ``texttemplate`` numbers.
    """
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        separators=",." if lang == "vi" else ".,",
        height=height,
        margin={"l": 70, "r": 30, "t": 70, "b": 60},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return fig


def empty_figure(lang: str, title: str, message_key: str = "bchart.no_data") -> go.Figure:
    """Return a figure that says there is nothing to show (instead of an empty frame)."""
    fig = go.Figure()
    fig.add_annotation(text=t(message_key, lang), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 16, "color": "#666"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, lang, title, height=360)


def _num(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        return pd.Series(0.0, index=df.index, dtype="float64")
    return pd.to_numeric(df[column], errors="coerce").fillna(0.0).astype("float64")


def _month_labels(lang: str) -> list[str]:
    return [month_name(m, lang, short=True) for m in MONTHS]


def crop_order(crops: Iterable[str]) -> list[str]:
    """Return ``crops`` in the canonical order of :data:`fruitmap.crops.CROPS` (unknown last)."""
    present = list(dict.fromkeys(str(c) for c in crops))
    rank = {c: i for i, c in enumerate(CROPS)}
    return sorted(present, key=lambda c: (rank.get(c, len(CROPS)), c))


def monthly_by_crop(units: pd.DataFrame) -> pd.DataFrame:
    """Sum balance rows over admin units: one row per crop and month (all 12 months present).

    Returns
    -------
    DataFrame
        Columns ``crop``, ``month``, ``supply_t``, ``released_t``, ``fresh_t``,
        ``processed_t``, ``stored_t``, ``surplus_t``.
    """
    cols = ["supply_t", "released_t", "fresh_t", "processed_t", "stored_t", "surplus_t"]
    if units is None or len(units) == 0:
        return pd.DataFrame(columns=["crop", "month", *cols])
    frame = pd.DataFrame({"crop": units["crop"].astype(str),
                          "month": pd.to_numeric(units["month"], errors="coerce")})
    for c in cols:
        frame[c] = _num(units, c)
    frame = frame.dropna(subset=["month"])
    frame["month"] = frame["month"].astype(int)
    summed = frame.groupby(["crop", "month"], as_index=False)[cols].sum()
    crops = crop_order(summed["crop"])
    full = pd.MultiIndex.from_product([crops, MONTHS], names=["crop", "month"])
    return (summed.set_index(["crop", "month"]).reindex(full, fill_value=0.0)
            .reset_index())


def peak_surplus_month(units: pd.DataFrame, crop: str) -> int | None:
    """Return the month with the largest surplus of ``crop`` (None when it has none)."""
    table = monthly_by_crop(units)
    rows = table[table["crop"] == crop]
    if rows.empty or rows["surplus_t"].max() <= 0:
        return None
    return int(rows.loc[rows["surplus_t"].idxmax(), "month"])


def main_crops(units: pd.DataFrame, limit: int = 3) -> list[str]:
    """Return up to ``limit`` crops with the largest yearly supply, largest first."""
    table = monthly_by_crop(units)
    if table.empty:
        return []
    supply = table.groupby("crop")["supply_t"].sum()
    supply = supply[supply > 0].sort_values(ascending=False, kind="stable")
    return [str(c) for c in supply.index[:limit]]


# --------------------------------------------------------------------------- glut calendar
def glut_calendar_figure(units: pd.DataFrame, lang: str, measure: str = "tonnes") -> go.Figure:
    """Heat map crop × month of the surplus: tonnes, or share of the fruit available.

    Parameters
    ----------
    units : DataFrame
        Balance rows (``crop``, ``month``, ``supply_t``, ``released_t``, ``surplus_t``).
    lang : str
        ``"vi"`` or ``"en"``.
    measure : {"tonnes", "share"}
        ``"share"`` divides the surplus by what was available that month
        (``supply_t + released_t``), so it stays between 0 and 100 %.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    share = measure == "share"
    title = t("bchart.glut.title_share" if share else "bchart.glut.title_tonnes", lang)
    table = monthly_by_crop(units)
    if table.empty or (table["supply_t"] + table["released_t"]).sum() <= 0:
        return empty_figure(lang, title)
    crops = crop_order(table["crop"])
    pivot = table.pivot(index="crop", columns="month", values="surplus_t").reindex(crops)
    if share:
        available = (table.assign(avail=table["supply_t"] + table["released_t"])
                     .pivot(index="crop", columns="month", values="avail").reindex(crops))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(available.to_numpy() > 0,
                         100.0 * pivot.to_numpy() / available.to_numpy(), np.nan)
        z = np.clip(z, 0.0, 100.0)
        zmax, unit = 100.0, "%"
    else:
        z = pivot.to_numpy()
        zmax, unit = max(float(np.nanmax(z)), 1.0), t("unit.t", lang)
    labels = [crop_label(c, lang) for c in crops]
    months = _month_labels(lang)
    # Blank cells where nothing was surplus, so the eye goes to the glut.
    flat = np.nan_to_num(z)
    text = [[("" if v < 0.5 else f"{fmt_number(v, lang)}%" if share else fmt_number(v, lang))
             for v in row] for row in flat]
    fig = go.Figure(go.Heatmap(
        z=z, x=months, y=labels, zmin=0, zmax=zmax, colorscale=SURPLUS_SCALE,
        text=text, texttemplate="%{text}", textfont={"size": 11}, xgap=2, ygap=2,
        colorbar={"title": {"text": unit}, "thickness": 14, "tickformat": ",.0f"},
        hovertemplate="%{y} · %{x}<br>" + t("bchart.surplus", lang) + ": "
                      + ("%{z:.1f}%" if share else "%{z:,.0f} " + unit) + "<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", title=None, showgrid=False)
    fig.update_xaxes(title=t("bchart.month", lang), side="bottom", showgrid=False)
    return base_layout(fig, lang, title, height=max(300, 120 + 48 * len(crops)))


# --------------------------------------------------------------------------- one crop
def crop_balance_figure(units: pd.DataFrame, crop: str, lang: str,
                        capacity: pd.DataFrame | None = None) -> go.Figure:
    """Monthly supply of one crop against where it went, with the capacity line.

    Bars stack fresh, processed, stored and surplus tonnes (together they equal what was
    available: harvest plus last month's cold-store release); a line shows the harvest and
    a dashed line the fresh-market plus processing capacity open to this crop.

    Parameters
    ----------
    units : DataFrame
        Balance rows.
    crop : str
        Canonical crop key.
    lang : str
        ``"vi"`` or ``"en"``.
    capacity : DataFrame, optional
        Columns ``month`` and ``capacity_t`` (see :func:`crop_capacity`); no line when None.
    """
    name = crop_label(crop, lang)
    title = t("bchart.crop.title", lang, crop=name)
    table = monthly_by_crop(units)
    rows = table[table["crop"] == crop].set_index("month").reindex(MONTHS, fill_value=0.0)
    if rows.empty or (rows["supply_t"] + rows["released_t"]).sum() <= 0:
        return empty_figure(lang, title)
    months = _month_labels(lang)
    tonnes = t("unit.t", lang)
    fig = go.Figure()
    for col in ("fresh_t", "processed_t", "stored_t", "surplus_t"):
        label = t(f"bchart.use.{col}", lang)
        fig.add_bar(x=months, y=rows[col].to_numpy(), name=label, marker_color=USE_COLORS[col],
                    hovertemplate="%{x}: %{y:,.0f} " + tonnes + "<extra>" + label + "</extra>")
    fig.add_scatter(x=months, y=rows["supply_t"].to_numpy(), name=t("bchart.use.supply_t", lang),
                    mode="lines+markers", line={"color": "#222", "width": 2},
                    hovertemplate="%{x}: %{y:,.0f} " + tonnes + "<extra></extra>")
    if capacity is not None and len(capacity):
        cap = (capacity.assign(month=pd.to_numeric(capacity["month"], errors="coerce"))
               .dropna(subset=["month"]).groupby("month")["capacity_t"].sum()
               .reindex(MONTHS, fill_value=0.0))
        fig.add_scatter(x=months, y=cap.to_numpy(), name=t("bchart.capacity_line", lang),
                        mode="lines", line={"color": "#f28e2b", "width": 3, "dash": "dash",
                                            "shape": "hvh"},
                        hovertemplate="%{x}: %{y:,.0f} " + tonnes + "<extra></extra>")
    fig.update_layout(barmode="stack",
                      legend={"orientation": "h", "y": -0.18, "x": 0, "traceorder": "normal"})
    fig.update_yaxes(title=t("bchart.tonnes_axis", lang), rangemode="tozero", tickformat=",.0f")
    fig.update_xaxes(title=None)
    fig = base_layout(fig, lang, title)
    fig.update_layout(margin={"b": 90})
    return fig


def _month_mask(value) -> list[bool]:
    """Months (1–12) a plant operates in, as 12 flags; every month when none is given."""
    from fruitmap.columns import parse_month_list

    months = value if isinstance(value, (tuple, list)) else parse_month_list(value)
    chosen = {int(m) for m in months or MONTHS}
    return [m in chosen for m in MONTHS]


def crop_capacity(plants: pd.DataFrame, markets: pd.DataFrame | None, crop: str,
                  operating_days: float = 26.0,
                  statuses: Iterable[str] = ("operating",)) -> pd.DataFrame:
    """Monthly tonnes of ``crop`` that the fresh market and the plants accepting it could take.

    A plant's capacity is shared by every crop it accepts, so this is the most the crop
    could get if it had the plants to itself: the upper bound the capacity line shows.

    Parameters
    ----------
    plants : DataFrame
        The ``plants`` layer (``crops``, ``capacity_t_day``, ``operating_months``,
        ``status``).
    markets : DataFrame or None
        The ``markets`` table (``crop``, ``month``, ``fresh_capacity_t``).
    crop : str
        Canonical crop key.
    operating_days : float
        Working days a month (the contract's default is 26).
    statuses : iterable of str
        Plant statuses that count.

    Returns
    -------
    DataFrame
        Columns ``month`` (1–12) and ``capacity_t``.
    """
    from fruitmap.columns import is_missing, map_distinct, parse_crop_list

    cap = pd.Series(0.0, index=pd.Index(MONTHS, name="month"))
    counted = set(statuses)
    if plants is not None and len(plants):
        n = len(plants)
        # Column-wise: each distinct status, crop list and month list is parsed once.
        status = plants["status"] if "status" in plants.columns else [None] * n
        status = map_distinct(status, lambda s: "operating" if is_missing(s) else str(s))
        crops = plants["crops"] if "crops" in plants.columns else [None] * n
        accepts = map_distinct(crops, lambda c: crop in (
            (c if isinstance(c, (tuple, list)) else parse_crop_list(c)) or ()))
        keep = np.fromiter((s in counted and a for s, a in zip(status, accepts, strict=True)),
                           dtype=bool, count=n)
        if keep.any():
            months = (plants["operating_months"] if "operating_months" in plants.columns
                      else pd.Series([None] * n, index=plants.index))[keep]
            open_in = np.array(map_distinct(months, _month_mask), dtype=float).reshape(-1, 12)
            per_day = pd.to_numeric(plants["capacity_t_day"] if "capacity_t_day" in
                                    plants.columns else pd.Series(0.0, index=plants.index),
                                    errors="coerce")[keep].fillna(0.0).to_numpy(dtype=float)
            cap += (per_day[:, None] * open_in).sum(axis=0) * float(operating_days)
    if markets is not None and len(markets):
        fresh = markets[markets["crop"].astype(str) == crop]
        fresh = (pd.DataFrame({"month": pd.to_numeric(fresh["month"], errors="coerce"),
                               "t": _num(fresh, "fresh_capacity_t")})
                 .dropna().groupby("month")["t"].sum())
        for m, value in fresh.items():
            if int(m) in cap.index:
                cap[int(m)] += float(value)
    return cap.rename("capacity_t").reset_index()


# --------------------------------------------------------------------------- surplus map
def polygon_traces(shapes, values, names, zmax: float, hover: list[str]) -> list[go.Scatter]:
    """One filled ``go.Scatter`` per unit, drawn in projected metres.

    plotly's geo choropleths ask for a world topojson file from a CDN before drawing (even
    with custom GeoJSON), which fails offline; filled shapes on plain axes need nothing.
    Larger units are drawn first so an enclave (a town inside a district) stays visible.
    """
    from plotly.colors import sample_colorscale

    colours = sample_colorscale(SURPLUS_SCALE, [min(max(v / zmax, 0.0), 1.0) for v in values])
    order = sorted(range(len(shapes)), key=lambda i: -shapes[i].area)
    traces = []
    for i in order:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for poly in getattr(shapes[i], "geoms", [shapes[i]]):
            if not hasattr(poly, "exterior"):
                continue
            x, y = poly.exterior.coords.xy
            xs += [*x, None]
            ys += [*y, None]
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=colours[i],
            line={"color": "#555", "width": 0.8}, hoveron="fills", hoverinfo="name",
            name=hover[i], showlegend=False,
        ))
    return traces


def map_units(units: pd.DataFrame, admin_units: pd.DataFrame) -> pd.DataFrame:
    """Return the admin units the balance is reported on (same level as its ``unit_code``s).

    The balance counts fruit in the unit named by each zone; the map shows every unit of that
    level (a unit with no fruit is drawn with zero surplus) so the province is complete.
    """
    if admin_units is None or len(admin_units) == 0 or "geometry" not in admin_units:
        return admin_units.iloc[0:0] if admin_units is not None else pd.DataFrame()
    admin = admin_units[admin_units.geometry.notna()].copy()
    codes = set(units["unit_code"].astype(str)) if len(units) else set()
    used = admin[admin["unit_code"].astype(str).isin(codes)]
    if len(used) and "level" in admin.columns:
        level = used["level"].astype(str).mode().iloc[0]
        return admin[admin["level"].astype(str) == level]
    if "level" in admin.columns:
        for level in ("district", "commune"):
            if (admin["level"].astype(str) == level).any():
                return admin[admin["level"].astype(str) == level]
    return admin


_LABEL_PREFIXES = (("Thành phố ", "TP "), ("Thị xã ", "TX "), ("Huyện ", ""))


def _map_label(name: str) -> str:
    """Shorter name written on the map (a city's long name covers its neighbours)."""
    for long, abbr in _LABEL_PREFIXES:
        if name.startswith(long):
            return abbr + name[len(long):]
    return name


def surplus_map_figure(units: pd.DataFrame, admin_units: pd.DataFrame, crop: str, month: int,
                       lang: str, label_top: int = 15) -> go.Figure:
    """Choropleth of one crop's surplus by admin unit in one month (drawn offline).

    Parameters
    ----------
    units : DataFrame
        Balance rows (``unit_code``, ``unit_name``, ``crop``, ``month``, ``surplus_t``).
    admin_units : GeoDataFrame
        The ``admin_units`` layer (EPSG:4326).
    crop : str
        Canonical crop key.
    month : int
        1–12.
    lang : str
        ``"vi"`` or ``"en"``.
    label_top : int
        With at most this many units every unit is named; with more, only the ``label_top``
        with the largest surplus are (names and tonnes written on the map).
    """
    title = t("bchart.map.title", lang, crop=crop_label(crop, lang),
              month=month_name(int(month), lang))
    admin = map_units(units, admin_units)
    if admin is None or len(admin) == 0:
        return empty_figure(lang, title, "bchart.no_boundaries")
    rows = units[(units["crop"].astype(str) == crop)
                 & (pd.to_numeric(units["month"], errors="coerce") == int(month))]
    surplus = (pd.DataFrame({"unit_code": rows["unit_code"].astype(str),
                             "surplus_t": _num(rows, "surplus_t")})
               .groupby("unit_code")["surplus_t"].sum())
    admin = admin.reset_index(drop=True)
    codes = admin["unit_code"].astype(str)
    values = codes.map(surplus).fillna(0.0).to_numpy()
    names = admin["name"].astype(str).to_numpy()
    short = [_map_label(n) for n in names]
    tonnes = t("unit.t", lang)
    zmax = max(float(values.max()) if len(values) else 0.0, 1.0)
    # Metres in UTM 48N: true shapes, and a simplification tolerance in metres.
    shapes = list(admin.to_crs("EPSG:32648").geometry.simplify(60.0, preserve_topology=True))
    hover = [f"{n}: {fmt_number(v, lang)} {tonnes}" for n, v in zip(names, values, strict=True)]
    fig = go.Figure(polygon_traces(shapes, values, names, zmax, hover))
    # An invisible marker carries the colour bar.
    fig.add_scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                    marker={"color": [0.0], "cmin": 0, "cmax": zmax, "colorscale": SURPLUS_SCALE,
                            "showscale": True,
                            "colorbar": {"title": {"text": tonnes}, "thickness": 14,
                                         "tickformat": ",.0f"}})
    # Few units: name them all; many (communes): only those with the largest surplus.
    if len(values) <= label_top:
        order = list(range(len(values)))
    else:
        order = [i for i in np.argsort(-values, kind="stable")[:label_top] if values[i] > 0.5]
    if order:
        points = [shapes[i].representative_point() for i in order]
        fig.add_scatter(
            x=[p.x for p in points], y=[p.y for p in points], mode="text",
            text=[f"<b>{short[i]}</b>" + (f"<br>{fmt_number(values[i], lang)} {tonnes}"
                                          if values[i] > 0.5 else "") for i in order],
            textfont={"size": 12, "family": FONT_FAMILY,
                      "color": ["#ffffff" if values[i] > 0.6 * zmax else "#111111"
                                for i in order]},
            hoverinfo="skip", showlegend=False,
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig = base_layout(fig, lang, title, height=600)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10}, plot_bgcolor="white")
    if float(values.sum()) <= 0:
        fig.add_annotation(text=t("bchart.map.none", lang), x=0.5, y=0.02, xref="paper",
                           yref="paper", showarrow=False, font={"size": 14, "color": "#333"},
                           bgcolor="rgba(255,255,255,0.8)")
    return fig


# --------------------------------------------------------------------------- plants
def plant_utilisation_figure(plant_rows: pd.DataFrame, lang: str,
                             max_plants: int = 25) -> go.Figure:
    """Heat map plant × month of utilisation (processed tonnes / capacity that month).

    Parameters
    ----------
    plant_rows : DataFrame
        One row per plant and month (crops may be split over several rows): ``plant_id``,
        ``name`` (or ``plant_name``), ``month``, ``processed_t``, ``capacity_t``.
        Rows of the same plant and month are summed for ``processed_t``; ``capacity_t`` is
        the plant's capacity that month (taken once, as the largest value seen).
    lang : str
        ``"vi"`` or ``"en"``.
    max_plants : int
        Keep the plants with the largest yearly capacity so the figure stays readable; the
        title says when some were left out.
    """
    title = t("bchart.plants.title", lang)
    if plant_rows is None or len(plant_rows) == 0:
        return empty_figure(lang, title, "bchart.no_plants")
    name_col = "name" if "name" in plant_rows.columns else "plant_name"
    frame = pd.DataFrame({
        "plant_id": plant_rows["plant_id"].astype(str),
        "name": plant_rows[name_col].astype(str) if name_col in plant_rows.columns
        else plant_rows["plant_id"].astype(str),
        "month": pd.to_numeric(plant_rows["month"], errors="coerce"),
        "processed_t": _num(plant_rows, "processed_t"),
        "capacity_t": _num(plant_rows, "capacity_t"),
    }).dropna(subset=["month"])
    frame["month"] = frame["month"].astype(int)
    per = frame.groupby(["plant_id", "month"]).agg(
        name=("name", "first"), processed_t=("processed_t", "sum"),
        capacity_t=("capacity_t", "max")).reset_index()
    yearly = per.groupby("plant_id").agg(name=("name", "first"), cap=("capacity_t", "sum"),
                                         used=("processed_t", "sum"))
    yearly = yearly[yearly["cap"] > 0].sort_values(["cap", "name"], ascending=[False, True])
    if yearly.empty:
        return empty_figure(lang, title, "bchart.no_plants")
    dropped = max(len(yearly) - max_plants, 0)
    yearly = yearly.iloc[:max_plants]
    grid = per.pivot(index="plant_id", columns="month", values=["processed_t", "capacity_t"])
    used = grid["processed_t"].reindex(index=yearly.index, columns=MONTHS).fillna(0.0)
    cap = grid["capacity_t"].reindex(index=yearly.index, columns=MONTHS).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(cap.to_numpy() > 0, 100.0 * used.to_numpy() / cap.to_numpy(), np.nan)
    labels = [_short(n, 34) for n in yearly["name"]]
    # Duplicate names would merge rows on a categorical axis: make them unique.
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} ({seen[label]})"
    text = np.where(np.isnan(z), "", np.char.mod("%.0f", np.nan_to_num(z)))
    fig = go.Figure(go.Heatmap(
        z=z, x=_month_labels(lang), y=labels, zmin=0, zmax=100, colorscale=UTILISATION_SCALE,
        text=text, texttemplate="%{text}", textfont={"size": 10}, xgap=1, ygap=1,
        colorbar={"title": {"text": "%"}, "thickness": 14},
        customdata=np.dstack([used.to_numpy(), cap.to_numpy()]),
        hovertemplate="%{y} · %{x}<br>" + t("bchart.plants.hover", lang) + "<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", title=None, tickfont={"size": 11}, showgrid=False)
    fig.update_xaxes(title=t("bchart.month", lang), showgrid=False)
    if dropped:
        title = t("bchart.plants.title_top", lang, n=max_plants, more=dropped)
    fig = base_layout(fig, lang, title, height=max(320, 130 + 24 * len(labels)))
    fig.update_layout(margin={"l": 10})
    fig.update_yaxes(automargin=True)
    return fig


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- targets
def targets_figure(progress: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of progress towards each target, with the gap written beside it.

    Parameters
    ----------
    progress : DataFrame
        One row per target: ``label`` (already in ``lang``), ``target`` (value to reach),
        ``current`` (value now; NaN when the workspace cannot measure it), ``unit``, and
        optionally ``year``. See :func:`fruitmap.progress.target_progress`.
    lang : str
        ``"vi"`` or ``"en"``.
    """
    title = t("bchart.targets.title", lang)
    if progress is None or len(progress) == 0:
        return empty_figure(lang, title, "bchart.no_targets")
    frame = progress.reset_index(drop=True)
    target = pd.to_numeric(frame["target"], errors="coerce").to_numpy(dtype="float64")
    current = pd.to_numeric(frame["current"], errors="coerce").to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(target > 0, 100.0 * current / target, np.nan)
    labels, notes, colours = [], [], []
    for i, row in frame.iterrows():  # one bar per target: a few dozen rows
        year = row.get("year")
        label = _short(row["label"], 48)
        if year is not None and not pd.isna(year):
            label = f"{label} ({int(year)})"
        labels.append(label)
        unit = str(row.get("unit") or "")
        if np.isnan(current[i]):
            notes.append(t("bchart.targets.not_measured", lang,
                           target=fmt_number(target[i], lang), unit=unit))
            colours.append("#bbbbbb")
            continue
        gap = target[i] - current[i]
        whole = float(target[i]).is_integer() and float(current[i]).is_integer()
        decimals = 0 if whole or abs(target[i]) >= 100 else 1
        now = fmt_number(current[i], lang, decimals)
        goal = fmt_number(target[i], lang, decimals)
        if gap <= 0:
            notes.append(t("bchart.targets.reached", lang, current=now, target=goal, unit=unit))
            colours.append("#59a14f")
        else:
            notes.append(t("bchart.targets.gap", lang, current=now, target=goal, unit=unit,
                           gap=fmt_number(gap, lang, decimals)))
            colours.append("#f28e2b" if pct[i] >= 50 else "#e15759")
    shown = np.clip(np.nan_to_num(pct), 0, 100)
    fig = go.Figure()
    fig.add_bar(y=labels, x=[100] * len(labels), orientation="h", marker_color="#eeeeee",
                hoverinfo="skip", showlegend=False, width=0.6)
    fig.add_bar(y=labels, x=shown, orientation="h", marker_color=colours, showlegend=False,
                width=0.6, customdata=np.nan_to_num(pct),
                hovertemplate="%{y}<br>%{customdata:.0f}%<extra></extra>")
    # The numbers and the gap sit in their own column right of the bars, so they never
    # collide with a bar however far it has got.
    for label, note in zip(labels, notes, strict=True):
        # Two short lines instead of one long one: a long line ran off the right edge.
        # Escaped first: the unit comes from the user's targets table.
        fig.add_annotation(x=0.60, xref="paper", y=label, yref="y",
                           text=html.escape(note).replace(" · ", "<br>"), showarrow=False,
                           xanchor="left", align="left", font={"size": 12})
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=t("bchart.targets.axis", lang),
                     domain=[0, 0.57])
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    fig = base_layout(fig, lang, title, height=max(300, 140 + 56 * len(labels)))
    fig.update_layout(margin={"l": 10, "r": 20})
    return fig

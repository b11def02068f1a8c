"""The meeting pack: a PPTX or PDF built from a workspace, in Vietnamese or English.

Slides, in order: title (province, date, data date); headline figures; map of zones and
facilities; glut calendar; for each main crop the surplus map of its peak month beside its
monthly balance; plant utilisation; progress against targets; sources and attribution
(boundaries licence and which values are illustrative).

:func:`collect_pack` computes the figures and renders every picture (plotly figures in one
kaleido session, the map by headless Chromium); :func:`build_report` then hands the
:class:`~fruitmap.report.layout.Pack` to :mod:`fruitmap.report.pptx` or
:mod:`fruitmap.report.pdf`. A ``progress(fraction, message)`` callback reports each step so
the app can show a progress bar.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from fruitmap.balance import charts as bc
from fruitmap.crops import crop_label
from fruitmap.errors import ReportError
from fruitmap.i18n import fmt_number, month_name, normalise_lang, t
from fruitmap.report.layout import Pack, Picture, Slide

FORMATS = (".pptx", ".pdf")
MAIN_CROPS = 3
PLANT_ROWS = 15
Progress = Callable[[float, str], None]

# Layout sizes of the pictures in CSS pixels; they are rendered at SCALE× the pixels, so
# the type comes out large enough for a projector and the lines stay sharp.
SCALE = 2.0
FULL = (1050, 440)
MAP = (820, 510)
HALF_MAP = (540, 450)
HALF_CHART = (570, 450)
HALF_FIGURES = (540, 420)


def _noop(_fraction: float, _message: str) -> None:
    return None


def report_format(out_path: str | Path) -> str:
    """Return ``".pptx"`` or ``".pdf"`` from the file name.

    Raises
    ------
    ReportError
        ``report_bad_format`` for any other extension.
    """
    suffix = Path(out_path).suffix.lower()
    if suffix not in FORMATS:
        raise ReportError("report_bad_format", value=Path(out_path).name,
                          allowed=", ".join(FORMATS))
    return suffix


def _load(source: Any) -> tuple[dict, str | None, str | None]:
    """Layers, data date and workspace folder from a path, a Workspace or a layers dict."""
    from fruitmap.workspace.location import open_workspace

    if isinstance(source, dict):
        return source, None, None
    ws = open_workspace(source)
    if not ws.exists():
        from fruitmap.errors import WorkspaceError

        raise WorkspaceError("workspace_missing", path=str(ws.path))
    return ws.read_all(), ws.last_changed(), str(ws.path)


def _province(layers: dict, lang: str) -> str:
    admin = layers.get("admin_units")
    if admin is not None and len(admin) and "level" in admin.columns:
        rows = admin[admin["level"].astype(str) == "province"]
        if len(rows):
            return str(rows["name"].iloc[0])
    return t("report.province_unknown", lang)


def _day(value: str | None, lang: str) -> str:
    if not value:
        return "–"
    try:
        day = datetime.fromisoformat(str(value)).date()
    except ValueError:
        return str(value)
    return _fmt_date(day, lang)


def _fmt_date(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def _for_slide(fig: Any, size: tuple[int, int]) -> Any:
    # The slide's title says what the figure shows; its own title would only take room.
    top = 20 if fig.layout.title.text else None
    fig.update_layout(width=size[0], height=size[1], title_text="", template="plotly_white")
    if top is not None:
        fig.update_layout(margin_t=top)
    return fig


def _picture(png: bytes) -> Picture:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return Picture(png, image.width, image.height)


# --------------------------------------------------------------------------- captions
def _glut_caption(units: pd.DataFrame, lang: str) -> str:
    table = bc.monthly_by_crop(units)
    supply = float(table["supply_t"].sum()) if len(table) else 0.0
    surplus = float(table["surplus_t"].sum()) if len(table) else 0.0
    if supply <= 0:
        return t("bchart.no_data", lang)
    if surplus < 0.5:
        return t("report.glut.none", lang)
    by_month = table.groupby("month")["surplus_t"].sum()
    peak = int(by_month.idxmax())
    by_crop = table.groupby("crop")["surplus_t"].sum().sort_values(ascending=False)
    return t("report.glut.caption", lang, surplus=fmt_number(surplus, lang),
             share=fmt_number(100 * surplus / supply, lang, 1),
             month=month_name(peak, lang), month_t=fmt_number(float(by_month[peak]), lang),
             crop=crop_label(str(by_crop.index[0]), lang))


def _crop_caption(units: pd.DataFrame, crop: str, month: int, has_surplus: bool,
                  lang: str) -> str:
    name = crop_label(crop, lang)
    if not has_surplus:
        return t("report.crop.no_surplus", lang, crop=name)
    rows = units[(units["crop"].astype(str) == crop)
                 & (pd.to_numeric(units["month"], errors="coerce") == month)]
    per_unit = rows.groupby("unit_name")["surplus_t"].sum().sort_values(ascending=False)
    total = float(per_unit.sum())
    top = str(per_unit.index[0]) if len(per_unit) else "–"
    return t("report.crop.caption", lang, month=month_name(month, lang), crop=name.lower(),
             total=fmt_number(total, lang), unit=top,
             unit_t=fmt_number(float(per_unit.iloc[0]) if len(per_unit) else 0.0, lang))


def _plants_caption(plants: pd.DataFrame, lang: str, shown: int) -> str:
    if plants is None or len(plants) == 0:
        return t("bchart.no_plants", lang)
    rows = plants[pd.to_numeric(plants["capacity_t"], errors="coerce").fillna(0) > 0]
    if rows.empty:
        return t("bchart.no_plants", lang)
    yearly = rows.groupby("plant_id")[["processed_t", "capacity_t"]].sum()
    use = yearly["processed_t"] / yearly["capacity_t"]
    full = rows[pd.to_numeric(rows["utilisation"], errors="coerce") >= 0.98]["plant_id"].nunique() \
        if "utilisation" in rows.columns else 0
    return t("report.plants.caption", lang, n=len(yearly),
             mean=fmt_number(100 * float(yearly["processed_t"].sum())
                             / float(yearly["capacity_t"].sum()), lang),
             idle=int((use < 0.1).sum()), full=int(full), shown=min(shown, len(yearly)))


# --------------------------------------------------------------------------- content
def _headline_rows(layers: dict, units: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    from fruitmap.balance.summary import headline

    h = headline(layers)
    tonnes, ha = t("unit.t", lang), t("unit.ha", lang)
    supply = float(pd.to_numeric(units.get("supply_t"), errors="coerce").sum()) \
        if len(units) else 0.0
    surplus = float(pd.to_numeric(units.get("surplus_t"), errors="coerce").sum()) \
        if len(units) else 0.0
    processed = float(pd.to_numeric(units.get("processed_t"), errors="coerce").sum()) \
        if len(units) else 0.0

    def pct(part: float, whole: float) -> str:
        return fmt_number(100 * part / whole, lang, 1) + " %" if whole > 0 else "–"

    return [
        (t("report.fig.area", lang), f"{fmt_number(h.area_ha, lang)} {ha}"),
        (t("report.fig.output", lang), f"{fmt_number(h.output_t, lang)} {tonnes}"),
        (t("report.fig.zones", lang), fmt_number(h.zones, lang)),
        (t("report.fig.high_tech", lang), fmt_number(h.high_tech_zones, lang)),
        (t("report.fig.coded", lang), f"{fmt_number(h.coded_ha, lang)} {ha} "
                                      f"({pct(h.coded_ha, h.area_ha)})"),
        (t("report.fig.plants", lang), t("report.fig.plants_value", lang,
                                         factories=fmt_number(h.factories, lang),
                                         facilities=fmt_number(h.facilities, lang))),
        (t("report.fig.capacity", lang), f"{fmt_number(h.capacity_t_day, lang)} "
                                         f"{t('unit.t_day', lang)}"),
        (t("report.fig.cold", lang), t("report.fig.cold_value", lang,
                                       n=fmt_number(h.cold_stores, lang),
                                       t=fmt_number(h.cold_store_t, lang))),
        (t("report.fig.processed", lang), pct(processed, supply)),
        (t("report.fig.surplus", lang), f"{fmt_number(surplus, lang)} {tonnes} "
                                        f"({pct(surplus, supply)})"),
    ]


def illustrative_notes(layers: dict, history: pd.DataFrame | None, lang: str) -> list[str]:
    """Sentences saying where each layer comes from and which values are illustrative."""
    from fruitmap.balance.summary import zone_output
    from fruitmap.provenance import present_layers, provenance_lines, provenance_table

    # Where each layer comes from (file and date, demo, edited in the app), layer by layer;
    # a demo layer's line says it is illustrative, not official statistics.
    present = present_layers(layers) if layers else None
    table = provenance_table(history, lang, present)
    notes = ["• " + line for line in provenance_lines(table, lang)]
    zones = layers.get("zones")
    if zones is not None and len(zones):
        defaults = int((zone_output(zones)["output_source"] == "default_yield").sum())
        if defaults:
            notes.append(t("report.src.default_yield", lang, n=fmt_number(defaults, lang)))
    targets = layers.get("targets")
    if targets is not None and len(targets) and "source" in targets.columns:
        flagged = targets[targets["source"].astype(str).str.contains(
            "illustrat|minh hoạ|minh họa", case=False, regex=True, na=False)]
        if len(flagged):
            col = "label_vi" if lang == "vi" else "label_en"
            notes.append(t("report.src.targets", lang,
                           targets="; ".join(str(v) for v in flagged[col])))
    notes.append(t("report.src.distance", lang))
    return notes


def collect_pack(source: Any, lang: str = "vi", params: Any = None, balance: Any = None,
                 progress: Progress | None = None, today: date | None = None,
                 scenario: Any = None, comparison: Any = None) -> Pack:
    """Compute everything the meeting pack shows and render its pictures.

    Parameters
    ----------
    source : str, Path, Workspace or dict
        A workspace folder, a :class:`~fruitmap.workspace.geopackage.Workspace`, or layers as
        :meth:`~fruitmap.workspace.geopackage.Workspace.read_all` returns (then the data date is "–").
    lang : str
        ``"vi"`` (default) or ``"en"``.
    params : fruitmap.balance.solve.BalanceParams, optional
        Scenario of the balance (defaults to the contract's).
    balance : fruitmap.balance.solve.BalanceResult, optional
        A balance already computed for these layers (skips the computation).
    progress : callable, optional
        ``progress(fraction, message)`` with ``fraction`` from 0 to 1.
    today : date, optional
        Date printed on the title slide (default: today).
    scenario : fruitmap.planning.scenarios.Scenario, optional
        Show the balance with this scenario applied (``balance``, when given, must be its);
        the cover, every footer and the sources say so.
    comparison : fruitmap.planning.pack_section.PackComparison, optional
        Adds the scenario-comparison section (before the sources).

    Returns
    -------
    Pack

    Raises
    ------
    WorkspaceError, BalanceError, ReportError
    """
    from fruitmap.balance.solve import BalanceParams, compute_balance
    from fruitmap.balance.targets import target_progress
    from fruitmap.provenance import (
        present_layers,
        provenance_line,
        provenance_summary,
        provenance_table,
    )

    lang = normalise_lang(lang)
    step = progress or _noop
    step(0.0, t("report.step.read", lang))
    layers, data_date, _ = _load(source)
    data_layers = layers
    step(0.05, t("report.step.balance", lang))
    params = params or BalanceParams()
    if scenario is not None:  # every slide shows the scenario's data, labelled as such
        from fruitmap.planning.scenarios import balance_inputs

        layers, params = balance_inputs(layers, scenario, params)
    result = balance if balance is not None else compute_balance(
        layers, params, progress=lambda fraction, key: step(0.05 + 0.3 * fraction, t(key, lang)))
    units = result.units
    province = _province(layers, lang)

    step(0.35, t("report.step.charts", lang))
    crops = bc.main_crops(units, MAIN_CROPS)
    plan: list[tuple[str, Any]] = []
    figures: list[Any] = []

    def add(key: str, fig: Any, size: tuple[int, int]) -> None:
        plan.append((key, len(figures)))
        figures.append(_for_slide(fig, size))

    from fruitmap.balance.summary import by_crop
    from fruitmap.report.charts import area_by_crop_bar

    crop_table = by_crop(layers.get("zones", pd.DataFrame()))
    add("area", area_by_crop_bar(crop_table, lang) if len(crop_table)
        else bc.empty_figure(lang, "", "app.empty"), HALF_FIGURES)
    add("glut", bc.glut_calendar_figure(units, lang), FULL)
    crop_months: list[tuple[str, int, bool]] = []
    for crop in crops:
        month = bc.peak_surplus_month(units, crop)
        has_surplus = month is not None
        if month is None:  # no surplus: show the harvest peak instead
            rows = bc.monthly_by_crop(units)
            rows = rows[rows["crop"] == crop]
            month = int(rows.loc[rows["supply_t"].idxmax(), "month"])
        crop_months.append((crop, month, has_surplus))
        add(f"map:{crop}", bc.surplus_map_figure(units, layers.get("admin_units"), crop, month,
                                                  lang), HALF_MAP)
        capacity = bc.crop_capacity(layers.get("plants"), layers.get("markets"), crop,
                                    params.operating_days, params.plant_statuses)
        add(f"crop:{crop}", bc.crop_balance_figure(units, crop, lang, capacity), HALF_CHART)
    add("plants", bc.plant_utilisation_figure(result.plants, lang, max_plants=PLANT_ROWS), FULL)
    progress_table = target_progress(layers, units, lang)
    add("targets", bc.targets_figure(progress_table, lang), FULL)

    from fruitmap.report.images import figures_to_images

    images = figures_to_images(figures, ("png",), scale=SCALE)
    pictures = {key: _picture(images[i]["png"]) for key, i in plan}

    step(0.75, t("report.step.map", lang))
    pictures["map"] = _picture(_map_png(layers, lang))

    step(0.9, t("report.step.write", lang))
    history = None
    if not isinstance(source, dict):
        from fruitmap.workspace.location import open_workspace

        ws = open_workspace(source)
        history = ws.history()
    if history is None:
        history = layers.get("history")
    today = today or date.today()
    notes = illustrative_notes(layers, history, lang)
    cover = [t("report.cover.subtitle", lang),
             t("report.cover.date", lang, date=_fmt_date(today, lang)),
             t("report.cover.data_date", lang, date=_day(data_date, lang))]
    sources = provenance_table(history, lang, present_layers(layers))
    cover.append(provenance_line(sources, lang, compact=True))
    if scenario is not None:
        cover.insert(0, t("scenario.pack.cover", lang, name=scenario.name))
    slides = [
        Slide("cover", t("report.cover.title", lang, province=province), lines=cover),
        Slide("figures", t("report.headline.title", lang),
              caption=t("report.headline.caption", lang),
              table=_headline_rows(layers, units, lang), pictures=[pictures["area"]]),
        Slide("pictures", t("report.map.title", lang), caption=t("report.map.caption", lang),
              pictures=[pictures["map"]]),
        Slide("pictures", t("report.glut.title", lang), caption=_glut_caption(units, lang),
              pictures=[pictures["glut"]]),
    ]
    for crop, month, has_surplus in crop_months:
        slides.append(Slide(
            "pictures", t("report.crop.title", lang, crop=crop_label(crop, lang),
                          month=month_name(month, lang)),
            caption=_crop_caption(units, crop, month, has_surplus, lang),
            pictures=[pictures[f"map:{crop}"], pictures[f"crop:{crop}"]]))
    slides += [
        Slide("pictures", t("report.plants.title", lang),
              caption=_plants_caption(result.plants, lang, PLANT_ROWS),
              pictures=[pictures["plants"]]),
        Slide("pictures", t("report.targets.title", lang),
              caption=t("report.targets.caption", lang), pictures=[pictures["targets"]]),
    ]
    if comparison is not None:
        from fruitmap.planning.pack_section import comparison_slides

        step(0.85, t("compare.pack.step", lang))
        slides += comparison_slides(data_layers, comparison, lang, _picture, _for_slide, SCALE)
    slides += [
        Slide("text", t("report.src.title", lang), lines=[
            t("report.src.boundaries", lang, text=t("app.attribution", lang)),
            *notes,
            t("report.src.method", lang, km=fmt_number(params.max_haul_km, lang),
              circuity=fmt_number(params.circuity, lang, 1),
              days=fmt_number(params.operating_days, lang)),
            t("report.src.generated", lang, date=_fmt_date(today, lang)),
        ]),
    ]
    footer = t("report.footer", lang, province=province, date=_day(data_date, lang)) + \
        " · " + provenance_summary(sources, lang)
    if scenario is not None:
        footer = t("scenario.pack.footer", lang, name=scenario.name) + " · " + footer
    return Pack(lang=lang, slides=slides, footer=footer)


def _map_png(layers: dict, lang: str) -> bytes:
    """The explorer map as a PNG; a static plotly map when no browser can draw it."""
    try:
        from fruitmap.maps.build import build_map, province_bounds
        from fruitmap.report.images import map_to_png

        m = build_map(layers, lang, basemap="none")
        return map_to_png(m, *MAP, bounds=province_bounds(layers), scale=SCALE)
    except (ImportError, ReportError):
        # Playwright is a test dependency; without it the same layers are drawn by plotly.
        from fruitmap.report.charts import province_overview_map
        from fruitmap.report.images import figure_to_png

        fig = province_overview_map(layers.get("admin_units"), layers.get("zones"), lang,
                                    height=MAP[1])
        return figure_to_png(fig, width=MAP[0], height=MAP[1], scale=SCALE)


def build_report(source: Any, out_path: str | Path, lang: str = "vi",
                 progress: Progress | None = None, params: Any = None,
                 balance: Any = None, scenario: Any = None, comparison: Any = None) -> Path:
    """Write the meeting pack of a workspace as PPTX or PDF (chosen by ``out_path``'s suffix).

    Parameters
    ----------
    source : str, Path, Workspace or dict
        The workspace (folder or object) or its layers.
    out_path : str or Path
        ``….pptx`` or ``….pdf``.
    lang : str
        ``"vi"`` or ``"en"``.
    progress : callable, optional
        ``progress(fraction, message)``; called with 1.0 when the file is written.
    params, balance, scenario, comparison
        See :func:`collect_pack`.

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    ReportError
        ``report_bad_format`` for another extension, ``report_write_failed`` when the file
        cannot be written; plus the errors of :func:`collect_pack`.
    """
    fmt = report_format(out_path)
    out = Path(out_path)
    pack = collect_pack(source, lang, params=params, balance=balance, progress=progress,
                        scenario=scenario, comparison=comparison)
    write_pack(pack, out, fmt)
    (progress or _noop)(1.0, t("report.step.done", pack.lang))
    return out


def write_pack(pack: Pack, out_path: str | Path, fmt: str | None = None) -> Path:
    """Write an already collected pack as PPTX or PDF."""
    fmt = fmt or report_format(out_path)
    out = Path(out_path)
    try:
        if fmt == ".pptx":
            from fruitmap.report.pptx import write_pptx

            data = write_pptx(pack)
        else:
            from fruitmap.report.pdf import write_pdf

            data = write_pdf(pack)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise ReportError("report_write_failed", path=str(out), reason=exc) from exc
    return out

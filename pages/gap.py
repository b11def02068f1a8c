"""Gap page: glut calendar, one crop's monthly balance, surplus map, plant utilisation."""

from __future__ import annotations

import streamlit as st

from fruitmap.balance import charts as bc
from fruitmap.balance import tables as gt
from fruitmap.balance.gap_map import gap_map
from fruitmap.balance.story import context_sentence, district_rows, gap_story, headline_sentence
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, month_name, t
from ui import state
from ui.balance_view import (
    balance,
    balance_key,
    balance_layers,
    balance_params,
    choice,
    downloads,
    follow,
    source_caption,
)
from ui.common import error_boundary, footer, lang, tr
from ui.exports import map_with_downloads, show_chart
from ui.page_cache import shared
from ui.workspace_setup import missing_layer, require_workspace

PLOT = {"displayModeBar": False}
MONTHS = list(range(1, 13))
language = lang()
st.title(tr("gap.title"))
st.caption(tr("gap.intro"))
require_workspace()


def percent(value: float) -> str:
    return fmt_number(value, language) + " %" if value == value else "–"


# Everything built from the balance is shared by runs and sessions (ui.page_cache), keyed
# by KEY = (workspace path, token, balance parameters, scenario shown) and what else it
# depends on.
def show_story(units, crop: str) -> int:
    story = shared("gap.story", (KEY, crop), lambda: gap_story(units, crop))
    box = st.warning if story.month else st.success
    box(f"**{headline_sentence(story, language)}** {context_sentence(story, language)}")
    monthly = shared("gap.monthly", KEY, lambda: bc.monthly_by_crop(units))
    row = monthly[monthly["crop"] == crop]
    supply = float(row["supply_t"].sum())
    cols = st.columns(4)
    name = crop_label(crop, language)
    cols[0].metric(tr("gap.metric.year_surplus", crop=name),
                   f"{fmt_number(story.year_surplus_t, language)} {tr('unit.t')}")
    cols[1].metric(tr("gap.metric.share"), percent(100 * story.year_share))
    cols[2].metric(tr("gap.metric.peak"), month_name(story.month, language) if story.month
                   else tr("gap.metric.none"))
    cols[3].metric(tr("gap.metric.processed", crop=name.lower()),
                   percent(100 * row["processed_t"].sum() / supply if supply else float("nan")))
    return story.month or int(row.loc[row["supply_t"].idxmax(), "month"])


def show_calendar(units) -> None:
    st.subheader(tr("gap.section.calendar"))
    measure = choice(tr("gap.measure"), state.GAP_MEASURE, ["tonnes", "share"], "tonnes",
                     lambda m: t(f"gap.measure.{m}", language), horizontal=True)
    show_chart(shared("gap.glut_figure", (KEY, language, measure),
                      lambda: bc.glut_calendar_figure(units, language, measure)), "gap_glut")
    st.caption(tr("gap.calendar.caption"))
    downloads(shared("gap.glut_table", (KEY, measure), lambda: gt.glut_table(units, measure)),
              "gap.table.glut", "dl_glut")


def show_crop(units, crop: str, data: dict, params) -> None:
    name = crop_label(crop, language)
    st.subheader(tr("gap.section.crop", crop=name))
    capacity = shared("gap.capacity", (KEY, crop), lambda: bc.crop_capacity(
        data.get("plants"), data.get("markets"), crop, params.operating_days,
        params.plant_statuses))
    show_chart(shared("gap.crop_figure", (KEY, crop, language),
                      lambda: bc.crop_balance_figure(units, crop, language, capacity)), "gap_crop")
    st.caption(tr("gap.crop.caption", crop=name.lower()))
    downloads(shared("gap.crop_table", (KEY, crop),
                     lambda: gt.crop_month_table(units, crop, capacity)),
              "gap.table.crop", "dl_crop")


def show_map(result, units, crop: str, peak: int, data: dict, params) -> None:
    st.subheader(tr("gap.section.map"))
    follow(state.GAP_MONTH, crop, peak)
    month = choice(tr("gap.month"), state.GAP_MONTH, MONTHS, peak,
                   lambda m: month_name(m, language), container=st.columns([1, 3])[0])
    show_chart(shared("gap.surplus_figure", (KEY, crop, month, language), lambda: (
        bc.surplus_map_figure(units, data.get("admin_units"), crop, month, language))),
        "gap_surplus")
    districts = shared("gap.districts", (KEY, crop, month),
                       lambda: gt.district_table(units, crop, month))
    downloads(districts, "gap.table.districts", "dl_districts")
    name = crop_label(crop, language).lower()
    st.subheader(tr("gap.zones.title", month=month_name(month, language)))
    zones = shared("gap.zones", (KEY, crop, month),
                   lambda: gt.unabsorbed_zones(result.zones, crop, month))
    if zones.empty:
        st.info(tr("gap.zones.none", crop=name))
    else:
        isolated = int(zones["no_facility"].sum())
        st.write(tr("gap.zones.count" if isolated else "gap.zones.count_all_reach",
                    n=fmt_number(len(zones), language),
                    tonnes=fmt_number(zones["surplus_t"].sum(), language),
                    isolated=fmt_number(isolated, language)))
    m = shared("gap.map", (KEY, crop, month, language), lambda: gap_map(
        data, districts, zones, crop, month, language, params.max_haul_km,
        params.plant_statuses), large=True)
    map_with_downloads(m, "gap_map", f"{tr('gap.section.map')} {name} {month_name(month, language)}",
                       cache_key=("gap.map", KEY, crop, month, language))
    st.caption(tr("gap.map.caption", crop=name, km=fmt_number(params.max_haul_km, language)))
    if not zones.empty:
        downloads(zones.round(1), "gap.table.zones", "dl_zones")


def show_plants(result) -> None:
    st.subheader(tr("gap.section.plants"))
    summary = shared("gap.plant_summary", KEY, lambda: gt.plant_summary(result.plants))
    if summary.empty:
        st.info(tr("gap.no_plants"))
        return
    n, full = len(summary), int((summary["n_saturated"] > 0).sum())
    idle = int((summary["utilisation"] <= 100 * gt.IDLE).sum())
    st.write(tr("gap.plants.all_full" if full == n and not idle else "gap.plants.summary",
                n=fmt_number(n, language), idle=fmt_number(idle, language),
                full=fmt_number(full, language)))
    show_chart(shared("gap.plants_figure", (KEY, language), lambda: bc.plant_utilisation_figure(
        result.plants[result.plants["counted"].astype(bool)], language)), "gap_plants")
    st.caption(tr("gap.plants.caption"))
    downloads(summary, "gap.table.plants", "dl_plants")


with error_boundary():
    params = balance_params()
    data = balance_layers()  # the chosen scenario's, else the data
    result = balance(params)
    KEY = balance_key(params)
    units = shared("gap.units", KEY, lambda: district_rows(result.units, data.get("admin_units")))
    crops = shared("gap.crops", KEY,
                   lambda: bc.main_crops(units, limit=len(units)) if len(units) else [])
    if data["zones"].empty:
        missing_layer("zones")
    elif not crops:
        st.info(tr("gap.empty"))
    else:
        crop = choice(tr("gap.crop"), state.GAP_CROP, crops, crops[0],
                      lambda c: crop_label(c, language), container=st.columns([1, 3])[0])
        peak = show_story(units, crop)
        source_caption(params, result)
        show_calendar(units)
        show_crop(units, crop, data, params)
        show_map(result, units, crop, peak, data, params)
        show_plants(result)
        source_caption(params, result)
footer()

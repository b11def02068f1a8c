"""The gap page's sections: the story, glut calendar, one crop's months, surplus map, plants.

Everything built from the balance is shared by runs and sessions (:mod:`ui.page_cache`), keyed
by ``key`` = (workspace path, token, balance parameters, scenario shown) and what else it
depends on. Each section takes ``key`` and the page's language as arguments (never module
state: sessions run in parallel threads).
"""

from __future__ import annotations

import streamlit as st

from fruitmap.balance import charts as bc
from fruitmap.balance import gap_map as gm
from fruitmap.balance import tables as gt
from fruitmap.balance.story import context_sentence, gap_story, headline_sentence
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, month_name, t
from ui import state
from ui.balance_view import choice, downloads, follow
from ui.common import tr
from ui.exports import map_with_downloads, show_chart
from ui.page_cache import shared

MONTHS = list(range(1, 13))


def percent(value: float, language: str) -> str:
    """A share in the page's language, or a dash when it is not a number."""
    return fmt_number(value, language) + " %" if value == value else "–"


def show_story(units, crop: str, key: tuple, language: str) -> int:
    """The plain-words story of ``crop`` and its four figures; return the month to map."""
    story = shared("gap.story", (key, crop), lambda: gap_story(units, crop))
    box = st.warning if story.month else st.success
    box(f"**{headline_sentence(story, language)}** {context_sentence(story, language)}")
    monthly = shared("gap.monthly", key, lambda: bc.monthly_by_crop(units))
    row = monthly[monthly["crop"] == crop]
    supply = float(row["supply_t"].sum())
    cols = st.columns(4)
    name = crop_label(crop, language)
    cols[0].metric(tr("gap.metric.year_surplus", crop=name),
                   f"{fmt_number(story.year_surplus_t, language)} {tr('unit.t')}")
    cols[1].metric(tr("gap.metric.share"), percent(100 * story.year_share, language))
    cols[2].metric(tr("gap.metric.peak"), month_name(story.month, language) if story.month
                   else tr("gap.metric.none"))
    cols[3].metric(tr("gap.metric.processed", crop=name.lower()),
                   percent(100 * row["processed_t"].sum() / supply if supply else float("nan"),
                           language))
    return story.month or int(row.loc[row["supply_t"].idxmax(), "month"])


def show_calendar(units, key: tuple, language: str) -> None:
    """The glut calendar of every crop, in tonnes or as a share, with its table."""
    st.subheader(tr("gap.section.calendar"))
    measure = choice(tr("gap.measure"), state.GAP_MEASURE, ["tonnes", "share"], "tonnes",
                     lambda m: t(f"gap.measure.{m}", language), horizontal=True)
    show_chart(shared("gap.glut_figure", (key, language, measure),
                      lambda: bc.glut_calendar_figure(units, language, measure)), "gap_glut")
    st.caption(tr("gap.calendar.caption"))
    downloads(shared("gap.glut_table", (key, measure), lambda: gt.glut_table(units, measure)),
              "gap.table.glut", "dl_glut")


def show_crop(units, crop: str, data: dict, params, key: tuple, language: str) -> None:
    """One crop's months against fresh, processing and storage capacity, with its table."""
    name = crop_label(crop, language)
    st.subheader(tr("gap.section.crop", crop=name))
    capacity = shared("gap.capacity", (key, crop), lambda: bc.crop_capacity(
        data.get("plants"), data.get("markets"), crop, params.operating_days,
        params.plant_statuses))
    show_chart(shared("gap.crop_figure", (key, crop, language),
                      lambda: bc.crop_balance_figure(units, crop, language, capacity)), "gap_crop")
    st.caption(tr("gap.crop.caption", crop=name.lower()))
    downloads(shared("gap.crop_table", (key, crop),
                     lambda: gt.crop_month_table(units, crop, capacity)),
              "gap.table.crop", "dl_crop")


def show_map(result, units, crop: str, peak: int, data: dict, params, key: tuple,
             language: str) -> None:
    """The surplus by district and the zones left with fruit in the chosen month."""
    st.subheader(tr("gap.section.map"))
    follow(state.GAP_MONTH, crop, peak)
    month = choice(tr("gap.month"), state.GAP_MONTH, MONTHS, peak,
                   lambda m: month_name(m, language), container=st.columns([1, 3])[0])
    show_chart(shared("gap.surplus_figure", (key, crop, month, language), lambda: (
        bc.surplus_map_figure(units, data.get("admin_units"), crop, month, language))),
        "gap_surplus")
    districts = shared("gap.districts", (key, crop, month),
                       lambda: gt.district_table(units, crop, month))
    downloads(districts, "gap.table.districts", "dl_districts")
    name = crop_label(crop, language).lower()
    st.subheader(tr("gap.zones.title", month=month_name(month, language)))
    zones = shared("gap.zones", (key, crop, month),
                   lambda: gt.unabsorbed_zones(result.zones, crop, month))
    if zones.empty:
        st.info(tr("gap.zones.none", crop=name))
    else:
        isolated = int(zones["no_facility"].sum())
        st.write(tr("gap.zones.count" if isolated else "gap.zones.count_all_reach",
                    n=fmt_number(len(zones), language),
                    tonnes=fmt_number(zones["surplus_t"].sum(), language),
                    isolated=fmt_number(isolated, language)))
    # The boundaries, plants and cold stores do not change with the month: built once per
    # crop and language, copied into each month's map.
    facilities = shared("gap.facilities", (key, crop, language), lambda: gm.facility_layers(
        data, crop, language, params.plant_statuses), large=True)
    m = shared("gap.map", (key, crop, month, language), lambda: gm.gap_map(
        data, districts, zones, crop, month, language, params.max_haul_km,
        params.plant_statuses, facilities=facilities), large=True)
    map_with_downloads(m, "gap_map", f"{tr('gap.section.map')} {name} {month_name(month, language)}",
                       cache_key=("gap.map", key, crop, month, language))
    st.caption(tr("gap.map.caption", crop=name, km=fmt_number(params.max_haul_km, language)))
    if not zones.empty:
        downloads(zones.round(1), "gap.table.zones", "dl_zones")


def show_plants(result, key: tuple, language: str) -> None:
    """Plant utilisation: how many are idle or full, the chart and the table."""
    st.subheader(tr("gap.section.plants"))
    summary = shared("gap.plant_summary", key, lambda: gt.plant_summary(result.plants))
    if summary.empty:
        st.info(tr("gap.no_plants"))
        return
    n, full = len(summary), int((summary["n_saturated"] > 0).sum())
    idle = int((summary["utilisation"] <= 100 * gt.IDLE).sum())
    st.write(tr("gap.plants.all_full" if full == n and not idle else "gap.plants.summary",
                n=fmt_number(n, language), idle=fmt_number(idle, language),
                full=fmt_number(full, language)))
    show_chart(shared("gap.plants_figure", (key, language), lambda: bc.plant_utilisation_figure(
        result.plants[result.plants["counted"].astype(bool)], language)), "gap_plants")
    st.caption(tr("gap.plants.caption"))
    downloads(summary, "gap.table.plants", "dl_plants")

"""The gap page's sections: the story, glut calendar, one crop's months, surplus map, plants.

Everything built from the balance is shared by runs and sessions (:mod:`ui.page_cache`), keyed
by ``key`` = (workspace path, token, balance parameters, scenario shown) and what else it
depends on. Each section takes ``key`` and the page's language as arguments (never module
state: sessions run in parallel threads). Once the page is drawn, :func:`build_ahead` queues
what the next widget changes will show (:mod:`ui.build_ahead`).
"""

from __future__ import annotations

import streamlit as st

from fruitmap.balance import charts as bc
from fruitmap.balance import gap_map as gm
from fruitmap.balance import tables as gt
from fruitmap.balance.story import context_sentence, gap_story, headline_sentence
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, month_name, t
from ui import build_ahead as ahead
from ui import state
from ui.balance_view import choice, downloads, follow
from ui.common import sources_in, tr
from ui.exports import map_with_downloads, show_chart
from ui.map_view import frame_ahead
from ui.page_cache import shared

MONTHS = list(range(1, 13))
MEASURES = ["tonnes", "share"]
MAP_KEY = "gap_map"  # widget key of the map frame


def percent(value: float, language: str) -> str:
    """A share in the page's language, or a dash when it is not a number."""
    return fmt_number(value, language) + " %" if value == value else "–"


def crop_pieces(units, crop: str, data: dict, params, key: tuple, language: str) -> tuple:
    """The story, monthly rows, capacity, balance figure and month table of one crop (shared)."""
    story = shared("gap.story", (key, crop), lambda: gap_story(units, crop))
    monthly = shared("gap.monthly", key, lambda: bc.monthly_by_crop(units))
    capacity = shared("gap.capacity", (key, crop), lambda: bc.crop_capacity(
        data.get("plants"), data.get("markets"), crop, params.operating_days,
        params.plant_statuses))
    figure = shared("gap.crop_figure", (key, crop, language),
                    lambda: bc.crop_balance_figure(units, crop, language, capacity))
    table = shared("gap.crop_table", (key, crop),
                   lambda: gt.crop_month_table(units, crop, capacity))
    return story, monthly[monthly["crop"] == crop], capacity, figure, table


def peak_month(story, row) -> int:
    """The month the map opens on: the crop's surplus peak, else its biggest harvest."""
    return story.month or int(row.loc[row["supply_t"].idxmax(), "month"])


def show_story(units, crop: str, data: dict, params, key: tuple, language: str) -> int:
    """The plain-words story of ``crop`` and its four figures; return the month to map."""
    story, row, _capacity, _figure, _table = crop_pieces(units, crop, data, params, key,
                                                         language)
    box = st.warning if story.month else st.success
    box(f"**{headline_sentence(story, language)}** {context_sentence(story, language)}")
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
    return peak_month(story, row)


def calendar_pieces(units, key: tuple, language: str, measure: str) -> tuple:
    """The glut calendar's figure and table in ``measure`` (shared)."""
    figure = shared("gap.glut_figure", (key, language, measure),
                    lambda: bc.glut_calendar_figure(units, language, measure))
    table = shared("gap.glut_table", (key, measure), lambda: gt.glut_table(units, measure))
    return figure, table


def show_calendar(units, key: tuple, language: str) -> str:
    """The glut calendar of every crop, in tonnes or as a share, with its table; return the
    measure shown."""
    st.subheader(tr("gap.section.calendar"))
    measure = choice(tr("gap.measure"), state.GAP_MEASURE, MEASURES, "tonnes",
                     lambda m: t(f"gap.measure.{m}", language), horizontal=True)
    figure, table = calendar_pieces(units, key, language, measure)
    show_chart(figure, "gap_glut")
    st.caption(tr("gap.calendar.caption"))
    downloads(table, "gap.table.glut", "dl_glut")
    return measure


def show_crop(units, crop: str, data: dict, params, key: tuple, language: str) -> None:
    """One crop's months against fresh, processing and storage capacity, with its table."""
    name = crop_label(crop, language)
    st.subheader(tr("gap.section.crop", crop=name))
    _story, _row, _capacity, figure, table = crop_pieces(units, crop, data, params, key,
                                                          language)
    show_chart(figure, "gap_crop")
    st.caption(tr("gap.crop.caption", crop=name.lower()))
    downloads(table, "gap.table.crop", "dl_crop")


def month_pieces(result, units, crop: str, month: int, data: dict, params, key: tuple,
                 language: str) -> tuple:
    """The surplus figure, district table, zones left with fruit and gap map of one month.

    Shared by runs and sessions (:mod:`ui.page_cache`); the boundaries, plants and cold
    stores of the map are built once per crop and language and copied into each month's map.
    """
    figure = shared("gap.surplus_figure", (key, crop, month, language), lambda: (
        bc.surplus_map_figure(units, data.get("admin_units"), crop, month, language)))
    districts = shared("gap.districts", (key, crop, month),
                       lambda: gt.district_table(units, crop, month))
    zones = shared("gap.zones", (key, crop, month),
                   lambda: gt.unabsorbed_zones(result.zones, crop, month))
    facilities = facility_pieces(data, crop, params, key, language)
    m = shared("gap.map", (key, crop, month, language), lambda: gm.gap_map(
        data, districts, zones, crop, month, language, params.max_haul_km,
        params.plant_statuses, facilities=facilities), large=True)
    return figure, districts, zones, m


def facility_pieces(data: dict, crop: str, params, key: tuple, language: str):
    """The gap map's boundaries, plants and cold stores of one crop (shared by its months)."""
    return shared("gap.facilities", (key, crop, language), lambda: gm.facility_layers(
        data, crop, language, params.plant_statuses), large=True)


def build_ahead(result, units, crops: list, crop: str, month: int, measure: str,
                data: dict, params, key: tuple, language: str) -> None:
    """Queue what the next choices on the page will show, built after the page is drawn.

    The first visit of a month, crop, measure or language used to build its figures, tables
    and map while the user waited (0.1–0.5 s of CPU at 20,000 zones). In the background
    (:mod:`ui.build_ahead`), into the same shared cache, in this order: the other measure's
    calendar, the eleven other months of the crop shown (nearest first); the page as it is
    now in the other language (story, figures, the month's map and its frame); last, each
    other crop offered with its opening month. Each once per workspace version, parameters,
    crop (month, measure) and language for the whole server.
    """
    for other in MEASURES:
        if other != measure:
            ahead.ahead(("gap.measure", key, other, language),
                        lambda other=other: calendar_pieces(units, key, language, other))
    others = sorted((m for m in MONTHS if m != month), key=lambda m: (min(
        (m - month) % 12, (month - m) % 12), m))
    for other in others:
        ahead.ahead(("gap.month", key, crop, other, language),
                    lambda other=other: month_pieces(result, units, crop, other, data, params,
                                                     key, language))
    _language_ahead(result, units, crop, month, measure, data, params, key,
                    ahead.other_language(language))
    for other in crops:  # the costliest (≈ 0.3 s of CPU each at 20,000 zones): last
        if other != crop:
            ahead.ahead(("gap.crop", key, other, language),
                        _crop_ahead(result, units, other, data, params, key, language),
                        ahead.LATER)


def _crop_ahead(result, units, crop: str, data: dict, params, key: tuple,
                language: str) -> list:
    # Steps: the crop's story and figures, its map's facilities, its opening month.
    def opening_month():
        story, row, *_ = crop_pieces(units, crop, data, params, key, language)
        month_pieces(result, units, crop, peak_month(story, row), data, params, key, language)

    return [lambda: crop_pieces(units, crop, data, params, key, language),
            lambda: facility_pieces(data, crop, params, key, language), opening_month]


def _language_ahead(result, units, crop: str, month: int, measure: str, data: dict, params,
                    key: tuple, language: str) -> None:
    # The page as drawn now, in ``language``: what a switch of the language selector shows.
    # In small steps, so that a user's run waits for none of them for long; a newer state
    # of the page in the same session replaces this one while it waits.
    from ui.permalink import url_spot

    spot = url_spot(MAP_KEY)  # read here, in the page's run: the job reads no session state

    def month_map():
        m = month_pieces(result, units, crop, month, data, params, key, language)[3]
        frame_ahead(m, MAP_KEY, map_cache_key(key, crop, month, language), spot)

    ahead.ahead(("gap.language", key, crop, month, measure, language, spot), [
        lambda: crop_pieces(units, crop, data, params, key, language),
        lambda: calendar_pieces(units, key, language, measure),
        lambda: plant_pieces(result, key, language),
        lambda: sources_in(language),
        lambda: facility_pieces(data, crop, params, key, language),
        month_map,
    ], ahead.LANGUAGE, slot="gap.language")


def map_cache_key(key: tuple, crop: str, month: int, language: str) -> tuple:
    """What the gap map's frame is made from (its frame arguments are kept under it)."""
    return ("gap.map", key, crop, month, language)


def show_map(result, units, crop: str, peak: int, data: dict, params, key: tuple,
             language: str) -> int:
    """The surplus by district and the zones left with fruit in the chosen month; return it."""
    st.subheader(tr("gap.section.map"))
    follow(state.GAP_MONTH, crop, peak)
    month = choice(tr("gap.month"), state.GAP_MONTH, MONTHS, peak,
                   lambda m: month_name(m, language), container=st.columns([1, 3])[0])
    figure, districts, zones, m = month_pieces(result, units, crop, month, data, params, key,
                                               language)
    show_chart(figure, "gap_surplus")
    downloads(districts, "gap.table.districts", "dl_districts")
    name = crop_label(crop, language).lower()
    st.subheader(tr("gap.zones.title", month=month_name(month, language)))
    if zones.empty:
        st.info(tr("gap.zones.none", crop=name))
    else:
        isolated = int(zones["no_facility"].sum())
        st.write(tr("gap.zones.count" if isolated else "gap.zones.count_all_reach",
                    n=fmt_number(len(zones), language),
                    tonnes=fmt_number(zones["surplus_t"].sum(), language),
                    isolated=fmt_number(isolated, language)))
    map_with_downloads(m, MAP_KEY, f"{tr('gap.section.map')} {name} {month_name(month, language)}",
                       cache_key=map_cache_key(key, crop, month, language))
    st.caption(tr("gap.map.caption", crop=name, km=fmt_number(params.max_haul_km, language)))
    if not zones.empty:
        downloads(zones.round(1), "gap.table.zones", "dl_zones")
    return month


def plant_pieces(result, key: tuple, language: str) -> tuple:
    """The plant summary table and the utilisation figure (shared)."""
    summary = shared("gap.plant_summary", key, lambda: gt.plant_summary(result.plants))
    figure = None if summary.empty else shared(
        "gap.plants_figure", (key, language), lambda: bc.plant_utilisation_figure(
            result.plants[result.plants["counted"].astype(bool)], language))
    return summary, figure


def show_plants(result, key: tuple, language: str) -> None:
    """Plant utilisation: how many are idle or full, the chart and the table."""
    st.subheader(tr("gap.section.plants"))
    summary, figure = plant_pieces(result, key, language)
    if summary.empty:
        st.info(tr("gap.no_plants"))
        return
    n, full = len(summary), int((summary["n_saturated"] > 0).sum())
    idle = int((summary["utilisation"] <= 100 * gt.IDLE).sum())
    st.write(tr("gap.plants.all_full" if full == n and not idle else "gap.plants.summary",
                n=fmt_number(n, language), idle=fmt_number(idle, language),
                full=fmt_number(full, language)))
    show_chart(figure, "gap_plants")
    st.caption(tr("gap.plants.caption"))
    downloads(summary, "gap.table.plants", "dl_plants")

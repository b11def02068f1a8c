"""Glue of the overview page: headline metrics, the crop table and the context facts."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from fruitmap.balance.summary import by_crop, headline
from fruitmap.crops import crop_label
from fruitmap.facts import fact_value, facts_for, load_facts
from fruitmap.i18n import fmt_number, month_name
from fruitmap.report.charts import area_by_crop_bar, province_overview_map
from ui import build_ahead as ahead
from ui.common import sources_in, tr
from ui.page_cache import data_key, shared

SHOWN = ("zones", "plants", "cold_stores", "industrial_areas")  # layers the figures come from


def when_text(iso: str | None, language: str) -> str:
    """Show a change time as 29/11/2026 15:30 (vi) or 29 Nov 2026 15:30 (en)."""
    if not iso:
        return tr("overview.never_changed")
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if language == "vi":
        return when.strftime("%d/%m/%Y %H:%M")
    return f"{when.day} {month_name(when.month, 'en')} {when.year} {when:%H:%M}"


def percent(share: float, language: str) -> str:
    return fmt_number(100 * share, language, 1) + "\u00a0%"  # no line break before %


def facts() -> pd.DataFrame:
    """The bundled context figures (``data/facts.csv``), read and checked once per process.

    Shared (never change it): it was read three or four times on every run of the overview.
    """
    return shared("overview.facts", (), load_facts)


def last_changed(ws) -> str | None:
    """The workspace's latest recorded change, read once per workspace version."""
    return shared("overview.last_changed", data_key(), ws.last_changed)


def target_caption(fact_id: str, unit: str, language: str) -> str:
    value = fact_value(fact_id, facts())
    return "" if value is None else tr("overview.target",
                                       value=f"{fmt_number(value, language)} {unit}".strip())


def crop_table(table: pd.DataFrame, language: str) -> pd.DataFrame:
    return pd.DataFrame({
        tr("overview.col.crop"): [crop_label(c, language) for c in table["crop"]],
        tr("overview.col.zones"): [fmt_number(n, language) for n in table["zones"]],
        tr("overview.col.area"): [fmt_number(a, language) for a in table["area_ha"]],
        tr("overview.col.share"): [percent(s, language) for s in table["area_share"]],
        tr("overview.col.output"): [fmt_number(o, language) for o in table["output_t"]],
    })


def show_metrics(layers_: dict, language: str) -> None:
    # Counted once per workspace version (20,000 zones: ≈ 0.15 s on every run before).
    h = shared("overview.headline", data_key(), lambda: headline(layers_))

    def n(value: float) -> str:
        return fmt_number(value, language)

    row = st.columns(5)
    row[0].metric(tr("overview.metric.area"), n(h.area_ha),
                  help=tr("overview.metric.area_help", n=n(h.zones)))
    row[1].metric(tr("overview.metric.output"), n(h.output_t), help=tr("overview.metric.output_help"))
    row[1].caption(tr("overview.metric.output_caption"))
    row[2].metric(tr("overview.metric.plants"), n(h.plants))
    row[2].caption(tr("overview.metric.plants_detail", factories=n(h.factories),
                      facilities=n(h.facilities)))
    row[3].metric(tr("overview.metric.capacity"), n(h.capacity_t_day),
                  help=tr("overview.metric.capacity_help", n=n(h.pipeline_plants),
                          capacity=n(h.pipeline_capacity_t_day)))
    row[3].caption(tr("overview.metric.pipeline", capacity=n(h.pipeline_capacity_t_day))
                   if h.pipeline_plants else tr("overview.metric.operating"))
    row[4].metric(tr("overview.metric.cold"), n(h.cold_store_t),
                  help=tr("overview.metric.cold_help", n=n(h.cold_stores)))
    row[4].caption(tr("overview.metric.stores", n=n(h.cold_stores)))
    row = st.columns(5)
    row[0].metric(tr("overview.metric.certified"), percent(h.certified_share, language),
                  help=tr("overview.metric.certified_help", area=n(h.certified_ha)))
    row[0].caption(f"{n(h.certified_ha)} {tr('unit.ha')}")
    row[1].metric(tr("overview.metric.coded"), percent(h.coded_share, language),
                  help=tr("overview.metric.coded_help", area=n(h.coded_ha)))
    row[1].caption(f"{n(h.coded_ha)} {tr('unit.ha')}. "
                   + target_caption("target_planting_codes", tr("unit.ha"), language))
    row[2].metric(tr("overview.metric.high_tech"), n(h.high_tech_zones),
                  help=tr("overview.metric.high_tech_help", area=n(h.high_tech_ha)))
    row[2].caption(target_caption("target_high_tech_zones", "", language))
    row[3].metric(tr("overview.metric.off_season"), n(h.off_season_ha),
                  help=tr("overview.metric.off_season_help", output=n(h.off_season_output_t)))
    row[3].caption(target_caption("target_off_season", tr("unit.ha"), language))
    row[4].metric(tr("overview.metric.industrial"), n(h.industrial_areas),
                  help=tr("overview.metric.industrial_help", free=n(h.industrial_free_ha)))


def show_facts(language: str) -> None:
    st.subheader(tr("overview.section.facts"))
    shown = facts_for(language, facts())
    headings = {"brief": tr("overview.facts.brief"), "press": tr("overview.facts.press")}
    for group, heading in headings.items():
        rows = shown[shown["group"] == group]
        st.markdown(f"**{heading}**")
        table = {tr("overview.facts.col.fact"): rows["label"],
                 tr("overview.facts.col.value"): rows["value"]}
        if rows["source"].nunique() == 1:  # one source for the whole group: say it once
            st.caption(tr("overview.facts.source", source=rows["source"].iloc[0]))
        else:
            table[tr("overview.facts.col.source")] = rows["source"]
        st.table(pd.DataFrame(table), hide_index=True)


def crop_pieces(data: dict, language: str) -> tuple:
    """The area by crop (table and bar chart) and the province map, shared per workspace
    version (and language for the figures)."""
    key = (*data_key(), language)
    table = shared("overview.by_crop", key[:2], lambda: by_crop(data["zones"]))
    bar = shared("overview.crop_bar", key, lambda: area_by_crop_bar(table, language))
    figure = shared("overview.map", key, lambda: province_overview_map(
        data["admin_units"], data["zones"], language))
    return table, bar, figure


def build_ahead(data: dict, language: str) -> None:
    """Queue the page's figures and sources in the other language, built after it is drawn.

    A switch of the language selector then finds them made (:mod:`ui.build_ahead`; the
    province map of 20,000 zones took most of the switch's 0.5 s of CPU).
    """
    other = ahead.other_language(language)
    key = (*data_key(), other)
    ahead.ahead(("overview.language", key), [lambda: crop_pieces(data, other),
                                             lambda: sources_in(other)],
                ahead.LANGUAGE, slot="overview.language")

"""Targets page: the workspace's progress against each target, the gap and its source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fruitmap.balance.charts import targets_figure
from fruitmap.balance.tables import targets_table
from fruitmap.balance.targets import target_progress
from fruitmap.i18n import fmt_number
from ui.balance_view import balance, balance_layers, balance_params, downloads, source_caption
from ui.common import error_boundary, footer, lang, tr, workspace
from ui.exports import show_chart
from ui.workspace_setup import missing_layer, require_workspace

language = lang()
st.title(tr("targets.title"))
st.caption(tr("targets.intro"))
require_workspace()


def number(value: float) -> str:
    # Whole numbers for tonnes, hectares and counts; one decimal for small figures (percent).
    return fmt_number(value, language, 0 if abs(value) >= 100 or float(value).is_integer() else 1)


def show_target(row: pd.Series) -> None:
    with st.container(border=True):
        left, right = st.columns([3, 2], vertical_alignment="center")
        year = row["target_year"]
        year = "" if pd.isna(year) else f" — {tr('targets.by', year=int(year))}"
        left.markdown(f"**{row['label']}**{year}")
        unit = str(row["unit"] or "")
        if pd.isna(row["current"]):
            left.progress(0.0)
            right.markdown(tr("targets.not_measured"))
        else:
            share = row["percent"] / 100 if row["percent"] == row["percent"] else 0.0
            left.progress(min(max(share, 0.0), 1.0),
                          text=f"{fmt_number(row['percent'], language)} %")
            right.markdown("### " + tr("targets.value", current=number(row["current"]),
                                       target=number(row["target"]), unit=unit))
            gap = (f":green[{tr('targets.reached')}]" if row["gap"] <= 0 else
                   f":red[{tr('targets.gap', gap=number(row['gap']), unit=unit)}]")
            right.markdown(f"**{gap}**")
        how = tr(f"targets.measure.{row['measure']}") if isinstance(row["measure"], str) else "–"
        source = row["source"]
        left.caption(tr("targets.measured_by", how=how) + " · "
                     + (tr("targets.source", source=source) if isinstance(source, str) and source
                        else tr("targets.no_source")))


with error_boundary():
    params = balance_params()
    data = balance_layers()  # the chosen scenario's, else the data
    targets = data.get("targets")
    if targets is None or len(targets) == 0:
        st.info(tr("targets.empty"))
    else:
        if data["zones"].empty:  # every target is measured on the zones: say why all are 0
            missing_layer("zones")
        measured = target_progress(data, None, language)
        # The balance is only needed for the processed share; skip it when no target asks.
        needs_balance = (measured["measure"] == "processed_share_pct").any()
        result = balance(params) if needs_balance else None
        progress = target_progress(data, result.units if result else None, language)
        table = targets_table(progress, language).assign(measure=progress["measure"])
        show_chart(targets_figure(progress, language), "targets_chart")
        for _, row in table.iterrows():
            show_target(row)
        st.subheader(tr("targets.section.table"))
        downloads(table.drop(columns="measure"), "gap.table.targets", "dl_targets")
        st.caption(tr("targets.caption", path=str(workspace().path)))
        if result is not None:
            source_caption(params, result)
footer()

"""Overview (landing page): headline figures from the workspace, a small map, context facts."""

from __future__ import annotations

import streamlit as st

from fruitmap.balance.summary import demo_layers
from fruitmap.report.charts import province_overview_map
from fruitmap.schema import LAYERS
from ui.auth import page_link
from ui.common import error_boundary, footer, lang, layers, tr, workspace
from ui.exports import show_chart
from ui.overview_view import (
    SHOWN,
    build_ahead,
    crop_pieces,
    crop_table,
    last_changed,
    show_facts,
    show_metrics,
    when_text,
)
from ui.workspace_setup import workspace_ready

language = lang()
st.title(tr("overview.title"))
if not workspace_ready():  # start choices or refusal; the context figures need no workspace
    with error_boundary():
        show_facts(language)
    st.stop()
with error_boundary():
    ws = workspace()
    data = layers()
    zones = data["zones"]
    st.caption(tr("overview.computed_from", path=str(ws.path),
                  when=when_text(last_changed(ws), language)))
    demo = [LAYERS[n].label(language) for n in demo_layers(data["history"]) if n in SHOWN]
    if demo:
        st.info(tr("overview.demo_layers", layers=", ".join(demo), page=tr("nav.upload")),
                icon="ℹ️")
    if zones.empty:
        st.info(tr("overview.empty", page=tr("nav.upload")))
        page_link("pages/upload.py", label=tr("nav.upload"), icon="📤")
        if len(data["admin_units"]):  # e.g. started from scratch: the boundaries are there
            st.subheader(tr("overview.section.map"))
            show_chart(province_overview_map(data["admin_units"], zones, language), "ov_map",
                       tr("overview.section.map"))
    else:
        st.subheader(tr("overview.section.workspace"))
        show_metrics(data, language)
        # built once per workspace version and language
        table, bar, figure = crop_pieces(data, language)
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.subheader(tr("overview.section.by_crop"))
            st.table(crop_table(table, language), hide_index=True)
            show_chart(bar, "ov_crop", tr("overview.section.by_crop"))
        with right:
            st.subheader(tr("overview.section.map"))
            show_chart(figure, "ov_map", tr("overview.section.map"))
            st.caption(tr("overview.map.caption"))
        # The same page in the other language, built in the background once this run ends.
        build_ahead(data, language)
with error_boundary():  # the context figures do not depend on the workspace
    show_facts(language)
footer()

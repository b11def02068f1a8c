"""Scenarios page: saved "what if" scenarios, edited and compared with the data side by side."""

from __future__ import annotations

import streamlit as st

from ui.balance_view import balance_params
from ui.common import error_boundary, footer, tr
from ui.scenarios_view import compare_tab, scenarios_tab
from ui.workspace_setup import require_workspace

st.title(tr("scenario.title"))
st.caption(tr("scenario.intro"))
require_workspace()

with error_boundary():
    params = balance_params(choose_scenario=False)
    edit, compare = st.tabs([tr("scenario.tab.edit"), tr("scenario.tab.compare")])
    with edit:
        scenarios_tab()
    with compare:
        compare_tab(params)
footer()

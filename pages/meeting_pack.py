"""Meeting pack page: build the PPTX or PDF pack of the workspace, with a progress bar."""

from __future__ import annotations

import streamlit as st

from ui.balance_view import balance, balance_params, source_caption
from ui.common import error_boundary, footer, layers, tr
from ui.exports import meeting_pack_panel
from ui.workspace_setup import missing_layer, require_workspace

st.title(tr("export.pack.title"))
st.caption(tr("export.pack.intro"))
require_workspace()

with error_boundary():
    if layers()["zones"].empty:  # a pack can still be built: boundaries, targets, sources
        missing_layer("zones")
    params = balance_params()
    result = balance(params)
    meeting_pack_panel(params, result)
    source_caption(params, result)
footer()

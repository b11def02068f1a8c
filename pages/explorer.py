"""Map explorer: every layer on one map, with filters, name search, legend and details."""

from __future__ import annotations

import streamlit as st

from fruitmap.maps.filters import is_empty
from ui.common import error_boundary, footer, layers, tr
from ui.exports import map_downloads
from ui.map_view import filter_widgets, show_counts, show_map
from ui.workspace_setup import missing_layer, require_workspace

st.title(tr("explorer.title"))
st.caption(tr("explorer.intro"))
require_workspace()

with error_boundary():
    data = layers()
    chosen = filter_widgets(data)
    shown = chosen.apply(data)
    if is_empty(data):  # nothing uploaded yet, whatever the filters say
        missing_layer("zones")
    elif is_empty(shown):
        st.info(tr("explorer.empty"))
    else:
        show_counts(shown)
    # Even with nothing left the boundaries are drawn, so the user keeps their bearings.
    map_downloads(show_map(chosen), "explorer_export", tr("explorer.title"))

footer()

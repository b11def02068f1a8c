"""Data page: the layers in use, the change history, what a change did, restoring an earlier
version, input templates, exports and editing in place."""

from __future__ import annotations

import streamlit as st

from fruitmap.workspace.history import history_for_display, layer_summary
from fruitmap.workspace.location import is_database
from ui.common import error_boundary, footer, lang, layers, show_table, tr, workspace
from ui.data_view import (
    change_picker,
    export_downloads,
    rollback_form,
    show_flash,
    template_downloads,
)
from ui.edit_view import edit_tab
from ui.workspace_setup import require_workspace

st.title(tr("data.title"))
st.caption(tr("data.intro"))
show_flash()
require_workspace()

with error_boundary():
    ws = workspace()
    frames = layers()
    history = ws.history()
    st.caption(tr("data.workspace_database" if is_database(ws) else "data.workspace_path",
                  path=str(ws.path)))

    tab_layers, tab_changes, tab_restore, tab_templates, tab_export, tab_edit = st.tabs([
        tr("data.tab.layers"), tr("data.tab.changes"), tr("data.tab.restore"),
        tr("data.tab.templates"), tr("data.tab.export"), tr("data.tab.edit"),
    ])
    with tab_layers:
        st.subheader(tr("data.layers.header"))
        show_table(layer_summary(frames, history, ws.versions(), lang()))
        st.subheader(tr("data.history.header"))
        st.caption(tr("data.history.caption"))
        if history.empty:
            st.info(tr("data.history.empty"))
        else:
            show_table(history_for_display(history, lang()))
    with tab_changes:
        st.subheader(tr("data.diff.header"))
        if history.empty:
            st.info(tr("data.history.empty"))
        else:
            change_picker(ws, history)
    with tab_restore:
        st.subheader(tr("data.rollback.header"))
        st.caption(tr("data.rollback.caption"))
        rollback_form(ws, frames, history)
    with tab_templates:
        st.subheader(tr("data.templates.header"))
        st.caption(tr("data.templates.caption"))
        template_downloads()
    with tab_export:
        st.subheader(tr("data.export.header"))
        st.caption(tr("data.export.caption"))
        export_downloads(ws, frames)
    with tab_edit:
        st.subheader(tr("edit.header"))
        st.caption(tr("edit.caption"))
        edit_tab(ws)

footer()

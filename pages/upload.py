"""Upload page: bring a file in step by step (file, layer, columns, report, preview, import).

The steps live in :mod:`ui.upload_view`; the reading, mapping and validation in
:mod:`fruitmap.files.ingest`. A refused file or import shows why, in plain words, and changes nothing.
"""

from __future__ import annotations

import streamlit as st

from fruitmap.errors import FruitmapError
from ui.common import error_boundary, footer, tr
from ui.upload_view import (
    choose_file,
    choose_layer,
    import_form,
    map_columns,
    prepare_file,
    read_file,
    refused,
    show_preview,
    show_report,
    show_result,
)
from ui.workspace_setup import upload_allowed

st.title(tr("upload_page.title"))
st.caption(tr("upload_page.intro"))
show_result()


def run() -> None:
    st.subheader(tr("upload_page.step.file"))
    try:
        chosen = choose_file()
    except FruitmapError as exc:
        refused(exc)
        return
    finally:
        st.page_link("pages/data.py", label=tr("upload_page.templates_link"), icon="📥")
    if chosen is None:
        st.info(tr("upload_page.empty"))
        return
    try:
        raw = read_file(*chosen)
        st.subheader(tr("upload_page.step.layer"))
        layer = choose_layer(raw)
        if layer is None:
            return
        st.subheader(tr("upload_page.step.columns"))
        st.caption(tr("upload_page.columns_caption"))
        mapping = map_columns(raw, layer)
        prepared = prepare_file(raw, layer, mapping)
    except FruitmapError as exc:
        refused(exc)
        return
    st.subheader(tr("upload_page.step.report"))
    show_report(prepared)
    st.subheader(tr("upload_page.step.preview"))
    show_preview(prepared)
    st.subheader(tr("upload_page.step.import"))
    import_form(prepared)


with error_boundary():
    if upload_allowed():  # a missing or empty folder is fine: the first import creates it
        run()

footer()

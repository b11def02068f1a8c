"""Streamlit glue of the data page: what changed, rollback, template and export downloads."""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from fruitmap.errors import FruitmapError
from fruitmap.files.export import FORMAT_NAMES, FORMATS, MIME_TYPES, export_filename, export_layer
from fruitmap.files.templates import (
    guide_frame,
    template_csv_bytes,
    template_filename,
    template_xlsx_bytes,
)
from fruitmap.i18n import fmt_number, t
from fruitmap.schema import EDITABLE_LAYERS, LAYERS
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.history import (
    change_label,
    details_for_display,
    diff_change,
    diff_frames,
    rows_for_display,
    version_label,
)
from fruitmap.workspace.location import open_workspace
from ui import state
from ui.auth import area_limited, may_rollback, person_input
from ui.common import lang, show_table, source_lines, tr
from ui.progress_view import run_with_status


def layer_name_label(language: str):
    """Return a select-box formatter of layer names: ``Cơ sở chế biến (plants)``.

    The language is fixed when the widget is drawn: a formatter may also be called outside
    the script run (tests), where the session's language cannot be read.
    """
    return lambda name: f"{LAYERS[name].label(language)} ({name})"


@st.cache_data(show_spinner=False, max_entries=16)
def _diff(path: str, token: str, change_id: int):
    # token changes with the workspace file, so a new import or rollback is never hidden.
    return diff_change(open_workspace(path), change_id)


@st.cache_data(show_spinner=False, max_entries=16)
def _rollback_preview(path: str, token: str, layer: str, version_id: str):
    ws = open_workspace(path)
    return diff_frames(ws.read(layer), ws.read_version(version_id), layer)


@st.cache_data(show_spinner=False, max_entries=32)
def _export(path: str, token: str, layer: str, fmt: str, language: str | None,
            source: tuple[str, ...] = (), _progress=None) -> bytes:
    # _progress (not part of the key) only queues steps: see ui.progress_view.
    return export_layer(open_workspace(path).read(layer), layer, fmt, lang=language,
                        source=list(source) or None, progress=_progress)


@st.cache_data(show_spinner=False, max_entries=32)
def _template(layer: str, fmt: str, language: str) -> bytes:
    return template_xlsx_bytes(layer, lang=language) if fmt == "xlsx" else \
        template_csv_bytes(layer)


def show_flash() -> None:
    """Show (once) the message left by an action before the page was rerun."""
    message = st.session_state.pop(state.DATA_FLASH, None)
    if message:
        st.success(message)


def change_picker(ws: Workspace, history: pd.DataFrame) -> None:
    """Pick a history entry and show what it did: counts, then added/removed/changed rows."""
    # Rows written by another tool may have no change number: they cannot be compared.
    records = {int(r["change_id"]): r for _, r in history.iterrows()
               if not pd.isna(r["change_id"])}
    language = lang()
    change_id = st.selectbox(tr("data.diff.pick"), list(records), key=state.DATA_CHANGE,
                             format_func=lambda c: change_label(records[c], language))
    if change_id is None:
        return
    try:
        diff = _diff(str(ws.path), ws.token(), int(change_id))
    except FruitmapError as exc:
        st.info(exc.message(lang()))
        return
    counts = diff.counts
    cols = st.columns(4)
    for col, key in zip(cols, ("added", "removed", "changed", "unchanged"), strict=True):
        col.metric(tr(f"data.diff.{key}"), fmt_number(counts[key], lang()))
    if diff.is_empty:
        st.info(tr("data.diff.none"))
        return
    for key, frame in (("added", diff.added), ("removed", diff.removed),
                       ("changed", diff.changed)):
        if len(frame):
            with st.expander(f"{tr(f'data.diff.{key}')} ({fmt_number(len(frame), lang())})",
                             expanded=key == "changed" or len(frame) <= 20):
                show_table(rows_for_display(frame, diff.layer, lang()))
    if len(diff.details):
        with st.expander(tr("data.diff.details"), expanded=True):
            show_table(details_for_display(diff, lang()))


def rollback_form(ws: Workspace, frames: dict, history: pd.DataFrame) -> None:
    """Choose a layer and a saved version, confirm, and restore it."""
    if not may_rollback():
        st.info(tr("login.view_only"), icon="🔒")
        return
    if area_limited():
        st.caption(tr("login.rollback_area"))
    versions = ws.versions()
    with_versions = [n for n in EDITABLE_LAYERS if n in set(versions["layer"])]
    if not with_versions:
        st.info(tr("data.rollback.none"))
        return
    layer = st.selectbox(tr("data.rollback.layer"), with_versions, key=state.DATA_ROLLBACK_LAYER,
                         format_func=layer_name_label(lang()))
    mine = versions[versions["layer"] == layer].iloc[::-1]  # newest saved first
    records = {str(r["version_id"]): r for _, r in mine.iterrows()}
    language = lang()
    vid = st.selectbox(tr("data.rollback.version"), list(records),
                       key=state.DATA_ROLLBACK_VERSION,
                       format_func=lambda v: version_label(records[v], history, language))
    if vid is None:
        return
    who = person_input(tr("data.rollback.who"), state.DATA_ROLLBACK_WHO, max_chars=80)
    label = LAYERS[layer].label(lang())
    rows = int(records[vid]["rows"])
    preview = _rollback_preview(str(ws.path), ws.token(), layer, vid)
    st.caption(tr("data.rollback.preview", **preview.counts))
    confirm_key = f"{state.DATA_ROLLBACK_CONFIRM}_{vid}"
    confirmed = st.checkbox(tr("data.rollback.confirm", layer=label, now=len(frames[layer]),
                               rows=rows), key=confirm_key)
    # A name is required: the server's login name would tell the history nothing.
    if not who:
        st.caption(tr("data.rollback.need_name"))
    if st.button(tr("data.rollback.button"), type="primary", disabled=not (confirmed and who)):
        added = ws.rollback(layer, vid, who=who)
        st.session_state.pop(confirm_key, None)  # the next restore asks again
        st.session_state[state.DATA_FLASH] = tr("data.rollback.done", layer=label,
                                                rows=added[0]["rows_after"],
                                                change=added[0]["change_id"])
        st.rerun()


def template_downloads() -> None:
    """Choose a layer and download its XLSX and CSV templates."""
    layer = st.selectbox(tr("data.templates.layer"), list(EDITABLE_LAYERS),
                         key=state.DATA_TEMPLATE_LAYER, format_func=layer_name_label(lang()))
    left, right = st.columns(2)
    left.download_button(tr("data.templates.xlsx"), _template(layer, "xlsx", lang()),
                         file_name=template_filename(layer, "xlsx"), mime=MIME_TYPES["xlsx"],
                         on_click="ignore", icon="📥", width="stretch")
    right.download_button(tr("data.templates.csv"), _template(layer, "csv", lang()),
                          file_name=template_filename(layer, "csv"), mime=MIME_TYPES["csv"],
                          on_click="ignore", icon="📥", width="stretch")
    guide = guide_frame(layer, lang())
    guide.columns = [tr(f"template.guide.{c}") for c in guide.columns]
    show_table(guide)


def export_downloads(ws: Workspace, frames: dict) -> None:
    """Choose a layer and download it in each export format."""
    layer = st.selectbox(tr("data.export.layer"), list(LAYERS), key=state.DATA_EXPORT_LAYER,
                         format_func=layer_name_label(lang()))
    language = lang()
    headers = st.radio(tr("data.export.headers"), ["keys", "labels"], horizontal=True,
                       key=state.DATA_EXPORT_HEADERS,
                       format_func=lambda h: t(f"data.export.headers.{h}", language))
    if frames[layer].empty:
        st.info(tr("data.export.empty"))
        return
    st.caption(tr("data.layers.rows") + f": {fmt_number(len(frames[layer]), lang())}")
    stamp = date.today().isoformat()
    source = tuple(source_lines((layer,)))
    cols = st.columns(len(FORMATS))
    big = len(frames[layer]) >= BIG_EXPORT_ROWS
    for col, fmt in zip(cols, FORMATS, strict=True):
        header_lang = language if headers == "labels" and fmt in ("csv", "xlsx") else None
        if big:
            with col:
                big_export(ws, layer, fmt, header_lang, source, len(frames[layer]), stamp)
            continue
        # A callable is only run when the button is pressed: no GeoPackage is built per rerun.
        col.download_button(tr("data.export.button", format=FORMAT_NAMES[fmt]),
                            partial(_export, str(ws.path), ws.token(), layer, fmt, header_lang,
                                    source),
                            file_name=export_filename(layer, fmt, stamp),
                            mime=MIME_TYPES[fmt], on_click="ignore", icon="📥",
                            width="stretch", key=f"data_export_{fmt}")


# From this many rows an export takes seconds: it is made on request, in the page's run, with
# its steps shown (a download button's callable runs outside the page and can show nothing).
BIG_EXPORT_ROWS = 20_000


def big_export(ws: Workspace, layer: str, fmt: str, header_lang: str | None,
               source: tuple[str, ...], rows: int, stamp: str) -> None:
    """A "prepare" button that exports a big layer with a status box, then its download.

    Prepared files stay offered over reruns while the workspace and the choices are the
    same (the bytes come from ``_export``'s cache). A refusal (an XLSX of more rows than
    Excel holds) is shown in plain words where the button was.
    """
    ready = st.session_state.setdefault(state.DATA_EXPORT_READY, set())
    key = (str(ws.path), ws.token(), layer, fmt, header_lang, source)
    name = FORMAT_NAMES[fmt]
    if key not in ready:
        if not st.button(tr("progress.export.prepare", format=name), key=f"data_prepare_{fmt}",
                         help=tr("progress.export.prepare_help"), icon="⚙️",
                         width="stretch"):
            return
    language = lang()

    def finished(data: bytes, seconds: str) -> str:
        return tr("progress.export.finished", rows=fmt_number(rows, language), format=name,
                  size=fmt_number(len(data) / 1e6, language, decimals=1) + " MB",
                  seconds=seconds)

    try:
        data = run_with_status(lambda progress: _export(*key, progress),
                               tr("progress.export.title", rows=fmt_number(rows, language),
                                  layer=LAYERS[layer].label(language), format=name), finished)
    except FruitmapError as exc:
        ready.discard(key)
        st.error(exc.message(language))
        return
    ready.add(key)
    st.download_button(tr("data.export.button", format=name), data,
                       file_name=export_filename(layer, fmt, stamp), mime=MIME_TYPES[fmt],
                       on_click="ignore", icon="📥", width="stretch", key=f"data_export_{fmt}")

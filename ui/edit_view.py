"""Streamlit glue of the edit tab of the data page: a table editor and a map with drawing tools.

Each save is one change made by :mod:`fruitmap.workspace.edits`; the editor remembers the layer's token
when it was opened (``state.EDIT_BASE``) so a save on data that changed since is refused.
After a save the editor and the map get a new key (``state.EDIT_NONCE``) and so start afresh
from the saved data.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from fruitmap.crops import CROPS, crop_label
from fruitmap.errors import FruitmapError, InputError, WorkspaceError
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.edit import build_edit_map, polygon_area_ha, read_drawings
from fruitmap.schema import BOOL, CROP, CROP_LIST, ENUM, FLOAT, INT, MONTH, get_layer, value_label
from fruitmap.text import fold
from fruitmap.workspace.edits import (
    LAT,
    LON,
    MAP_LAYERS,
    TABLE_LAYERS,
    EditResult,
    add_feature,
    apply_table,
    change_geometries,
    editor_frame,
    is_point_layer,
)
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.history import describe_action, details_for_display, diff_change
from fruitmap.workspace.location import open_workspace
from ui import state
from ui.auth import may_write, person_input
from ui.common import lang, tr
from ui.data_view import layer_name_label
from ui.upload_view import plain, show_problems

TABLE_MAX = 3000  # rows in the editor at once; a larger layer is searched first
MAP_HEIGHT = 520


@st.cache_data(show_spinner=False, max_entries=8)
def _editor_frame(path: str, token: str, layer: str, language: str) -> pd.DataFrame:
    # token changes with the workspace file: a save or an import is never hidden.
    return editor_frame(open_workspace(path).read(layer), layer, language)


@st.cache_data(show_spinner=False, max_entries=4)
def _edit_map(path: str, token: str, layer: str, language: str):
    # cache_data hands out a fresh copy each time: st_folium changes the map it draws.
    ws = open_workspace(path)
    return build_edit_map(ws.read(layer), layer, language, ws.read("admin_units"))


def _nonce() -> int:
    return int(st.session_state.get(state.EDIT_NONCE, 0))


def _fresh_editor() -> None:
    st.session_state[state.EDIT_NONCE] = _nonce() + 1


def base_token(ws: Workspace, layer: str) -> str:
    """Return the layer token the open editor is based on (recorded when it was opened)."""
    bases = st.session_state.setdefault(state.EDIT_BASE, {})
    key = f"{layer}:{_nonce()}"
    if key not in bases:
        bases[key] = ws.layer_token(layer)
    return bases[key]


def column_config(layer_name: str, language: str) -> dict:
    """Return the data editor's column settings: labels in ``language``, typed cells."""
    layer = get_layer(layer_name)
    config: dict = {}
    for col in layer.columns:
        label = col.label(language) + (" *" if col.required else "")
        if col.kind == BOOL:
            config[col.name] = st.column_config.CheckboxColumn(label)
        elif col.kind == ENUM:
            config[col.name] = st.column_config.SelectboxColumn(
                label, options=list(col.allowed),
                format_func=lambda v, lg=language: value_label(v, lg))
        elif col.kind == CROP:
            config[col.name] = st.column_config.SelectboxColumn(
                label, options=list(CROPS), format_func=lambda v, lg=language: crop_label(v, lg))
        elif col.kind in (FLOAT, INT, MONTH):
            # No bounds here: a value out of range is refused by the save with its row and
            # column, exactly as an upload would refuse it.
            config[col.name] = st.column_config.NumberColumn(
                label, step=1 if col.kind != FLOAT else None)
        else:
            help_text = t("edit.table.list_help", language) if col.kind == CROP_LIST else None
            config[col.name] = st.column_config.TextColumn(label, help=help_text)
    config[LON] = st.column_config.NumberColumn(t("edit.col.lon", language), format="%.6f")
    config[LAT] = st.column_config.NumberColumn(t("edit.col.lat", language), format="%.6f")
    return config


def edit_tab(ws: Workspace) -> None:
    """Draw the edit tab: layer, name, then the table editor or the map."""
    language = lang()
    if not may_write():
        st.info(tr("login.view_only"), icon="🔒")
        return
    _show_last_save(ws)
    left, right = st.columns(2)
    layer = left.selectbox(tr("edit.layer"), list(TABLE_LAYERS), key=state.EDIT_LAYER,
                           format_func=layer_name_label(language))
    who = person_input(tr("edit.who"), state.EDIT_WHO, container=right, max_chars=80)
    base = base_token(ws, layer)
    if ws.layer_token(layer) != base:
        st.warning(tr("edit.stale"))
        if st.button(tr("edit.reload"), key=f"{state.EDIT_TABLE}_reload"):
            _fresh_editor()
            st.rerun()
    modes = ["table", "map"] if layer in MAP_LAYERS else ["table"]
    mode = st.radio(tr("edit.mode"), modes, key=state.EDIT_MODE, horizontal=True,
                    format_func=lambda m: t(f"edit.mode.{m}", language))
    if not who:
        st.caption(tr("edit.need_name"))
    if mode == "map":
        map_editor(ws, layer, who, base)
    else:
        table_editor(ws, layer, who, base)


# ------------------------------------------------------------------ the table
def table_editor(ws: Workspace, layer: str, who: str, base: str) -> None:
    """The layer's attributes in ``st.data_editor`` and a save button."""
    language = lang()
    id_col = get_layer(layer).id_column
    shown = _editor_frame(str(ws.path), ws.token(), layer, language)
    shown_ids = None
    if len(shown) > TABLE_MAX:
        query = fold(st.text_input(tr("edit.table.search"), key=state.EDIT_SEARCH))
        if query:
            text = (shown[id_col].fillna("").map(fold) + " " + shown["name"].fillna("").map(fold))
            shown = shown[text.str.contains(query, regex=False)]
        shown = shown.head(TABLE_MAX)
        shown_ids = list(shown[id_col])
        st.caption(tr("edit.table.too_big", rows=fmt_number(len(ws.read(layer)), language),
                      shown=fmt_number(len(shown), language)))
    st.caption(tr("edit.table.caption"))
    order = [c for c in shown.columns]
    edited = st.data_editor(
        shown, key=f"{state.EDIT_TABLE}_{layer}_{_nonce()}", column_config=column_config(
            layer, language), column_order=order, disabled=[id_col, "_index"], num_rows="dynamic",
        width="stretch", height=420)
    if st.button(tr("edit.save"), type="primary", disabled=not who,
                 key=f"{state.EDIT_TABLE}_save"):
        _save(lambda: apply_table(ws, layer, edited, base_token=base, who=who,
                                  lang=language, shown_ids=shown_ids), ws, layer, who)


# ------------------------------------------------------------------ the map
def map_editor(ws: Workspace, layer: str, who: str, base: str) -> None:
    """The layer on a map with drawing tools; a form for a new feature; moves and deletions."""
    language = lang()
    df = ws.read(layer)
    st.caption(tr("edit.map.caption"))
    if not is_point_layer(layer):
        st.caption(tr("edit.map.points_only"))
    m = _edit_map(str(ws.path), ws.token(), layer, language)
    out = st_folium(m, key=f"{state.EDIT_MAP}_{layer}_{_nonce()}", height=MAP_HEIGHT,
                    use_container_width=True, returned_objects=["all_drawings"]) or {}
    changes = read_drawings(out.get("all_drawings"), df, layer)
    if changes.moved or changes.deleted:
        st.info(tr("edit.map.moves", moved=len(changes.moved), deleted=len(changes.deleted)))
        if st.button(tr("edit.map.save_moves"), disabled=not who,
                     key=f"{state.EDIT_MAP}_save_moves"):
            _save(lambda: change_geometries(ws, layer, changes.moved, changes.deleted,
                                            base_token=base, who=who, lang=language),
                  ws, layer, who)
    if changes.new:
        new_feature_form(ws, layer, changes.new[-1], who, base)


def _field(col, language: str):
    key = f"{state.EDIT_NEW}{col.name}"
    label = col.label(language) + (" *" if col.required else "")
    if col.kind == ENUM:
        return st.selectbox(label, list(col.allowed), key=key,
                            index=list(col.allowed).index(col.default)
                            if col.default in col.allowed else 0,
                            format_func=lambda v: value_label(v, language))
    if col.kind == CROP:
        return st.selectbox(label, list(CROPS), key=key,
                            format_func=lambda v: crop_label(v, language))
    if col.kind == CROP_LIST:
        return st.multiselect(label, list(CROPS), key=key,
                              format_func=lambda v: crop_label(v, language))
    if col.kind == BOOL:
        return st.checkbox(label, key=key)
    if col.kind in (FLOAT, INT, MONTH):
        return st.number_input(label, key=key, value=None,
                               step=1.0 if col.kind == FLOAT else 1)
    return st.text_input(label, key=key)


def new_feature_form(ws: Workspace, layer: str, geometry, who: str, base: str) -> None:
    """Ask for the required fields of a feature drawn on the map, then add it."""
    language = lang()
    spec = get_layer(layer)
    st.subheader(tr("edit.map.new_header"))
    if geometry.geom_type == "Point":
        st.caption(tr("edit.map.new_point", lat=f"{geometry.y:.5f}", lon=f"{geometry.x:.5f}"))
    else:
        st.caption(tr("edit.map.new_polygon",
                      area=fmt_number(polygon_area_ha(geometry), language, decimals=1)))
    if geometry.geom_type not in spec.geometry:
        st.warning(tr("edit.map.wrong_shape"))
        return
    wanted = [c for c in spec.columns if c.name != spec.id_column and
              (c.required or c.name in ("status", "operating_months", "area_ha"))]
    with st.form(f"{state.EDIT_NEW}form"):
        values = {c.name: _field(c, language) for c in wanted}
        pressed = st.form_submit_button(tr("edit.map.add"), type="primary", disabled=not who)
    if pressed:
        values = {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in values.items()}
        _save(lambda: add_feature(ws, layer, geometry, values, base_token=base, who=who,
                                  lang=language), ws, layer, who)


# ------------------------------------------------------------------ saving
def _save(run, ws: Workspace, layer: str, who: str) -> None:
    """Run a save; show its refusal in place, or remember it and start a fresh editor."""
    language = lang()
    try:
        result: EditResult = run()
    except InputError as exc:
        show_problems(exc.problems, "error", f"**{plain(t('error.edit_refused', language))}**",
                      language)
        return
    except WorkspaceError as exc:
        if exc.code != "layer_changed":
            raise
        st.warning(exc.message(language))
        return
    if result.is_empty:
        st.info(tr("edit.nothing"))
        return
    action = describe_action(result.history[0]["action"], language)
    st.session_state[state.EDIT_LAST] = {
        "layer": layer, "change_id": result.change_id, "version_id": result.version_id,
        "token": ws.layer_token(layer), "who": who}
    st.session_state[state.EDIT_FLASH] = tr("edit.saved", change=result.change_id,
                                            summary=action)
    _fresh_editor()
    st.rerun()


def _show_last_save(ws: Workspace) -> None:
    """After a save: the message, the cells before and after, and a button to undo it."""
    language = lang()
    flash = st.session_state.pop(state.EDIT_FLASH, None)
    if flash:
        st.success(flash)
    last = st.session_state.get(state.EDIT_LAST)
    if not last:
        return
    with st.expander(tr("edit.last.header", change=last["change_id"]), expanded=bool(flash)):
        try:
            diff = diff_change(ws, int(last["change_id"]))
        except FruitmapError as exc:
            st.info(exc.message(language))
            return
        if len(diff.details):
            st.dataframe(details_for_display(diff, language), hide_index=True, width="stretch")
        if last.get("version_id") and st.button(tr("edit.undo"),
                                                key=f"{state.EDIT_TABLE}_undo"):
            try:
                rows = ws.rollback(last["layer"], last["version_id"], who=last["who"],
                                   expected=last["token"])
            except WorkspaceError as exc:
                if exc.code != "layer_changed":
                    raise
                st.warning(exc.message(language))
                return
            st.session_state.pop(state.EDIT_LAST, None)
            st.session_state[state.EDIT_FLASH] = tr("edit.undone", change=last["change_id"],
                                                    rollback=rows[0]["change_id"])
            _fresh_editor()
            st.rerun()

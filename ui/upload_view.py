"""Streamlit glue of the upload page: file → layer → column mapping → report → preview → import.

Each step is one function that reads its widgets and returns what the next step needs, so
the page stays a short list of calls. Widget keys and the small per-session caches live in
:mod:`ui.state` (owner: this module). When the file, the sheet or the layer changes, the
choices made for the previous one are dropped so that the suggestions of the new one show.
"""

from __future__ import annotations

import hashlib
import re
import time
from contextlib import contextmanager
from functools import lru_cache

import folium
import pandas as pd
import streamlit as st

from fruitmap.errors import FruitmapError, InputError, Problem
from fruitmap.files.colmap import X, Y, suggest_layer, suggest_mapping, target_label, targets
from fruitmap.files.coords import CRS_CHOICES
from fruitmap.files.export import MIME_TYPES
from fruitmap.files.ingest import Prepared, import_prepared, prepare
from fruitmap.files.readers import (
    EXTENSIONS,
    KML,
    KMZ,
    MAX_UPLOAD_BYTES,
    RawTable,
    check_size,
    read_upload,
)
from fruitmap.files.templates import template_filename, template_xlsx_bytes
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.build import (
    LEGEND_WIDTH,
    add_admin_units,
    add_cold_stores,
    add_industrial_areas,
    add_plants,
    add_zones,
    base_map,
    legend_html,
)
from fruitmap.maps.html import Legend, format_value
from fruitmap.schema import EDITABLE_LAYERS, LAYERS
from fruitmap.server.rights import import_as, preview_mark
from ui import state
from ui.auth import current_account
from ui.common import lang, layers, show_table, tr, workspace
from ui.data_view import layer_name_label
from ui.map_view import render_map

# Streamlit refuses files over the widget's limit itself, in English only, before they reach
# the app. Set well above fruitmap's own limit (readers.MAX_UPLOAD_BYTES, 50 MB) so that any
# file a person is likely to pick gets fruitmap's refusal in their language instead; the
# server limit in .streamlit/config.toml (server.maxUploadSize) is the same number
# (tests/test_office_files.py checks that they agree). Above it, Streamlit's message remains.
WIDGET_UPLOAD_MB = 1000
# Offered in the file chooser. .xls and .shp are listed on purpose: the reader then explains
# in plain words what to do with them (save as .xlsx, zip the shapefile) instead of the
# browser silently refusing them.
ACCEPTED_TYPES = sorted({ext.lstrip(".") for ext in EXTENSIONS} | {"xls", "shp"})
AUTO_CRS = "auto"
ALL_FOLDERS = ""
IGNORE = ""
PREVIEW_ROWS = 500
SHOWN_PROBLEMS = 10  # listed in the alert box; beyond that a table holds them all
# The explorer's builder of each layer (admin units are drawn for every layer).
ADDERS = {"zones": add_zones, "plants": add_plants, "cold_stores": add_cold_stores,
          "industrial_areas": add_industrial_areas}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Escape Markdown so that user text (file names, headers, values) shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def show_error(exc: FruitmapError) -> None:
    """Show a refusal in plain words: the headline, then why (each problem, as typed)."""
    language = lang()
    head = t(f"error.{exc.code}", language, **{k: str(v) for k, v in exc.params.items()})
    problems = list(getattr(exc, "problems", []))
    show_problems(problems, "error", f"**{plain(head)}**", language)
    if exc.code not in ("file_refused", "import_refused"):  # their headline already says so
        st.caption(tr("upload_page.nothing_changed"))


def show_problems(problems: list[Problem], kind: str, head: str, language: str) -> None:
    """Show ``head`` and the first problems in an alert box; all of them in a table if many.

    Messages are Markdown-escaped: a file's text never turns into formatting or links.
    """
    lines = [head] + ["- " + plain(p.message(language)) for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(t("upload_page.more_below", language,
                       n=fmt_number(len(problems) - SHOWN_PROBLEMS, language)))
    alert = {"error": st.error, "warning": st.warning}[kind]
    alert("\n".join(lines), icon="🚫" if kind == "error" else "⚠️")
    if len(problems) > SHOWN_PROBLEMS:
        show_table(problem_table(problems, language))


def problem_table(problems: list[Problem], language: str) -> pd.DataFrame:
    """Return the problems as a table: row, column, value, what is wrong (in ``language``)."""
    rows = [{t("upload_page.col.row", language): "" if p.row is None else str(p.row),
             t("upload_page.col.column", language): p.column or "",
             t("upload_page.col.value", language): "" if p.value is None else str(p.value)[:80],
             t("upload_page.col.problem", language): p.message(language)}
            for p in problems]
    return pd.DataFrame(rows, columns=[t(f"upload_page.col.{c}", language)
                                       for c in ("row", "column", "value", "problem")])


# ------------------------------------------------------------------------- session state
def _reset_on_change(key: str, signature: tuple, dependants: tuple[str, ...]) -> None:
    # A new file (or sheet, or layer) makes earlier choices meaningless: drop them.
    if st.session_state.get(key) != signature:
        st.session_state[key] = signature
        for name in list(st.session_state):
            if any(str(name).startswith(prefix) for prefix in dependants):
                del st.session_state[name]


@contextmanager
def _progress(label: str):
    """Show a status box while long work runs; yield a function that sets its final label.

    The box stays on the page in its complete state with the label given (which may use
    ``{seconds}``, the time taken); a failure leaves it in its error state and the caller
    shows the reason.
    """
    started = time.perf_counter()
    done: dict[str, str] = {}
    with st.status(label, expanded=False) as box:
        yield box, lambda text: done.update(label=text)
        seconds = fmt_number(time.perf_counter() - started, lang(), decimals=1)
        box.update(label=done.get("label", label).replace("{seconds}", seconds),
                   state="complete", expanded=False)


def _read_with_progress(name: str, data: bytes, sheet=None, source_layer=None) -> RawTable:
    size = fmt_number(len(data) / 1024 / 1024, lang(), decimals=1) + " MB"
    with _progress(tr("import_progress.reading", file=plain(name), size=size)) as (box, finish):
        box.write(tr("import_progress.step.open"))
        raw = read_upload(name, data, sheet=sheet, source_layer=source_layer)
        finish(tr("import_progress.read_done", file=plain(name),
                  rows=fmt_number(len(raw.frame), lang()), seconds="{seconds}"))
    return raw


def _prepare_with_progress(raw: RawTable, layer: str, mapping, crs, admin) -> Prepared:
    language = lang()
    rows = fmt_number(len(raw.frame), language)
    with _progress(tr("import_progress.checking", rows=rows)) as (box, finish):
        box.write(tr("import_progress.step.columns", layer=LAYERS[layer].label(language)))
        box.write(tr("import_progress.step.rows", rows=rows))
        prepared = prepare(raw, layer, mapping, crs=crs, admin_units=admin)
        finish(tr("import_progress.check_done", rows=rows,
                  errors=fmt_number(len(prepared.errors), language),
                  warnings=fmt_number(len(prepared.warnings), language), seconds="{seconds}"))
    return prepared


def _remember(cache_key: str, key: tuple, build, keep: int = 4):
    # A tiny per-session cache: reruns (every widget change) must not re-read the file.
    cache = st.session_state.setdefault(cache_key, {})
    if key not in cache:
        value = build()
        while len(cache) >= keep:
            cache.pop(next(iter(cache)))
        cache[key] = value
    return cache[key]


# ------------------------------------------------------------------------- step 1: file
def choose_file() -> tuple[str, bytes] | None:
    """Draw the file chooser and return ``(name, bytes)`` of the chosen file, or None.

    Raises
    ------
    fruitmap.errors.InputError
        ``file_too_large`` for a file over fruitmap's limit, checked on its size before
        its bytes are copied (shown by the caller in the user's language).
    """
    nonce = st.session_state.setdefault(state.UPLOAD_NONCE, 0)
    limit = fmt_number(MAX_UPLOAD_BYTES / 1024 / 1024, lang()) + " MB"
    uploaded = st.file_uploader(tr("upload_page.file"), type=ACCEPTED_TYPES,
                                key=f"{state.UPLOAD_FILE}_{nonce}",
                                max_upload_size=WIDGET_UPLOAD_MB,
                                help=tr("upload_page.file_help", limit=limit))
    st.caption(tr("upload_page.file_caption", limit=limit,
                  types=", ".join("." + e for e in ACCEPTED_TYPES)))
    if uploaded is None:
        return None
    check_size(uploaded.name, uploaded.size)
    return uploaded.name, uploaded.getvalue()


def read_file(name: str, data: bytes) -> RawTable:
    """Read the file, letting the user choose the sheet (XLSX) or layer/folder (GPKG, KML...).

    Raises
    ------
    fruitmap.errors.InputError
        When the file is refused (shown by the caller).
    """
    digest = hashlib.sha256(data).hexdigest()
    _reset_on_change(state.UPLOAD_FILE_SIG, (name, digest), state.UPLOAD_PER_FILE)

    def read(sheet=None, source_layer=None) -> RawTable:
        return _remember(state.UPLOAD_RAW_CACHE, (name, digest, sheet, source_layer),
                         lambda: _read_with_progress(name, data, sheet, source_layer))

    raw = read()
    if len(raw.sheets) > 1:
        st.session_state.setdefault(state.UPLOAD_SHEET, raw.sheet)
        sheet = st.selectbox(tr("upload_page.sheet"), raw.sheets, key=state.UPLOAD_SHEET,
                             help=tr("upload_page.sheet_help"))
        if sheet != raw.sheet:
            raw = read(sheet=sheet)
    elif len(raw.layers) > 1:
        options = list(raw.layers)
        if raw.format in (KML, KMZ):
            options = [ALL_FOLDERS] + options
        st.session_state.setdefault(state.UPLOAD_SOURCE_LAYER, raw.source_layer or options[0])
        language = lang()
        chosen = st.selectbox(tr("upload_page.source_layer"), options,
                              key=state.UPLOAD_SOURCE_LAYER,
                              format_func=lambda v: v or t("upload_page.all_folders", language),
                              help=tr("upload_page.source_layer_help"))
        if (chosen or None) != raw.source_layer:
            raw = read(source_layer=chosen or None)
    st.caption(tr("upload_page.read_summary", file=name, format=raw.format.upper(),
                  rows=fmt_number(len(raw.frame), lang()), columns=len(raw.columns)))
    return raw


# ------------------------------------------------------------------------- step 2: layer
def choose_layer(raw: RawTable) -> str | None:
    """Offer the layer the file seems to hold; return the one chosen (None until chosen)."""
    options = [n for n in EDITABLE_LAYERS if LAYERS[n].is_spatial or not raw.is_spatial]
    types = set(raw.frame.geometry.geom_type.dropna()) if raw.is_spatial else None
    guess = suggest_layer(raw.columns, raw.is_spatial, types)
    if state.UPLOAD_LAYER not in st.session_state:
        st.session_state[state.UPLOAD_LAYER] = guess if guess in options else None
    layer = st.selectbox(tr("upload_page.layer"), options, key=state.UPLOAD_LAYER,
                         format_func=layer_name_label(lang()),
                         placeholder=tr("upload_page.layer_placeholder"),
                         help=tr("upload_page.layer_help"))
    if layer is None:
        st.info(tr("upload_page.layer_none"))
        return None
    if layer == guess:
        st.caption(tr("upload_page.layer_guessed"))
    language = lang()
    st.download_button(tr("upload_page.template", layer=LAYERS[layer].label(language)),
                       _template(layer, language), file_name=template_filename(layer, "xlsx"),
                       mime=MIME_TYPES["xlsx"], on_click="ignore", icon="📥",
                       key="upload_template")
    return layer


@st.cache_data(show_spinner=False, max_entries=16)
def _template(layer: str, language: str) -> bytes:
    return template_xlsx_bytes(layer, language)


# ------------------------------------------------------------------------- step 3: columns
def _sample(raw: RawTable, column: str) -> str:
    values = [v for v in raw.frame[column].head(20).tolist()
              if v is not None and str(v).strip() and str(v) != "nan"]
    return str(values[0])[:40] if values else "—"


def map_columns(raw: RawTable, layer: str) -> dict[str, str | None]:
    """One select box per file header, pre-filled with the suggestion; return the mapping."""
    _reset_on_change(state.UPLOAD_LAYER_SIG, (raw.sheet, raw.source_layer, layer),
                     state.UPLOAD_PER_LAYER)
    language = lang()
    suggested = suggest_mapping(raw.columns, layer)
    options = [IGNORE] + targets(layer)
    mapping: dict[str, str | None] = {}
    grid = st.columns(3)
    for i, header in enumerate(raw.columns):
        key = f"{state.UPLOAD_MAP}{i}"
        st.session_state.setdefault(key, suggested.get(header) or IGNORE)
        with grid[i % 3]:
            chosen = st.selectbox(
                plain(header), options, key=key,
                format_func=lambda v: target_label(v, layer, language) if v
                else t("upload_page.ignore", language),
                help=tr("upload_page.sample", value=_sample(raw, header)))
        mapping[header] = chosen or None
    spec = LAYERS[layer]
    # Ids a file lacks are made by fruitmap (fruitmap.files.ids): said, not warned.
    missing = [c for c in spec.required if c not in mapping.values() and c != spec.id_column]
    if missing:
        st.warning(tr("upload_page.required_missing", columns=", ".join(
            target_label(c, layer, language) for c in missing)))
    if spec.id_column and spec.id_column not in mapping.values():
        st.info(tr("upload_page.ids_will_be_made",
                   column=target_label(spec.id_column, layer, language)), icon="🔑")
    return mapping


def _crs_label(code: str, language: str) -> str:
    if code == AUTO_CRS:
        return t("upload_page.crs_auto", language)
    return f"{code} – {_crs_name(code)}"


@lru_cache(maxsize=64)
def _crs_name(code: str) -> str:
    from pyproj import CRS

    return CRS.from_user_input(code).name


def prepare_file(raw: RawTable, layer: str, mapping: dict[str, str | None]) -> Prepared:
    """Validate the file as ``layer``; offer a coordinate system when the file needs one."""
    language = lang()
    admin = layers().get("admin_units") if layer != "admin_units" else None
    signature = (raw.file_name, raw.sha256, raw.sheet, raw.source_layer, layer,
                 tuple(sorted((k, v or "") for k, v in mapping.items())))

    def run(crs):
        return _remember(state.UPLOAD_PREPARED_CACHE, signature + (crs,),
                         lambda: _prepare_with_progress(raw, layer, mapping, crs, admin))

    auto = run(None)
    spatial = LAYERS[layer].is_spatial
    has_xy = {X, Y} <= set(mapping.values())
    if not spatial or not (has_xy or raw.is_spatial or auto.suggested_crs):
        return auto
    st.session_state.setdefault(state.UPLOAD_CRS, auto.suggested_crs or AUTO_CRS)
    options = [AUTO_CRS] + list(CRS_CHOICES)
    if st.session_state[state.UPLOAD_CRS] not in options:
        options.append(st.session_state[state.UPLOAD_CRS])
    crs = st.selectbox(tr("upload_page.crs"), options, key=state.UPLOAD_CRS,
                       format_func=lambda c: _crs_label(c, language),
                       help=tr("upload_page.crs_help"))
    if auto.suggested_crs:
        st.info(tr("upload_page.crs_suggested", crs=_crs_label(auto.suggested_crs, language)))
    prepared = auto if crs == AUTO_CRS else run(crs)
    if prepared.crs:
        st.caption(tr("upload_page.crs_used", crs=_crs_label(prepared.crs, language)))
    return prepared


# ------------------------------------------------------------------------- step 4: report
def show_report(prepared: Prepared) -> None:
    """Show the counts, then the errors (import refused) apart from the warnings."""
    language = lang()
    errors, warnings = prepared.errors, prepared.warnings
    cols = st.columns(3)
    cols[0].metric(tr("upload_page.count.rows"), fmt_number(len(prepared.frame), language))
    cols[1].metric(tr("upload_page.count.errors"), fmt_number(len(errors), language))
    cols[2].metric(tr("upload_page.count.warnings"), fmt_number(len(warnings), language))
    if errors:
        show_problems(errors, "error", "**" + tr("upload_page.errors_head",
                                                 n=fmt_number(len(errors), language)) + "**",
                      language)
    else:
        st.success(tr("upload_page.no_errors"), icon="✅")
    if warnings:
        show_problems(warnings, "warning", "**" + tr("upload_page.warnings_head",
                                                     n=fmt_number(len(warnings), language))
                      + "**", language)


# ------------------------------------------------------------------------- step 5: preview
def _where(geom) -> str:
    if geom is None or geom.is_empty:
        return ""
    if geom.geom_type == "Point":
        return f"{geom.x:.5f}, {geom.y:.5f}"
    inside = geom.representative_point()
    return f"{geom.geom_type} ({inside.x:.4f}, {inside.y:.4f})"


def preview_table(prepared: Prepared) -> pd.DataFrame:
    """Return the prepared rows as they will read: translated headers and values, location first.

    Values are plain text (never HTML): crops and allowed values get their labels, numbers
    the language's separators, and a short "lon, lat" stands for the geometry.
    """
    language = lang()
    spec = LAYERS[prepared.layer]
    known = {c.name: c for c in spec.columns}
    frame = pd.DataFrame(prepared.frame).head(PREVIEW_ROWS)
    out = {}
    if "geometry" in frame.columns:
        out[tr("upload_page.col.location")] = [_where(g) for g in frame["geometry"]]
    for name in frame.columns:
        if name == "geometry":
            continue
        column = known.get(name)
        values = frame[name].tolist()
        out[target_label(name, prepared.layer, language)] = (
            [format_value(column, v, language) for v in values] if column is not None
            else ["" if v is None else str(v) for v in values])
    return pd.DataFrame(out)


def preview_map(located, layer: str, language: str) -> folium.Map:
    """Return a map of the file's located rows over the district boundaries, fitted to them.

    The explorer's layer builders draw them, so they look as they will after the import.
    """
    admin = layers().get("admin_units")
    shown = {"admin_units": located if layer == "admin_units" else admin, layer: located}
    west, south, east, north = located.geometry.total_bounds
    # a single point or a small zone still shows its surroundings (about 5 km around)
    pad = max(0.05, 0.1 * max(east - west, north - south))
    m = base_map(language, "none", [[south - pad, west - pad], [north + pad, east + pad]],
                 right_padding=LEGEND_WIDTH)
    add_admin_units(m, shown["admin_units"], language)
    if layer in ADDERS:
        ADDERS[layer](m, located, language, shown)
    Legend(t("map.legend.title", language), legend_html(shown, language)).add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    return m


def _preview_key(prepared: Prepared) -> tuple:
    return (prepared.file_name, prepared.sha256, prepared.layer, prepared.crs,
            len(prepared.frame))


def remember_preview(prepared: Prepared) -> None:
    """For a logged-in account, keep the mark of its area of the layer as first previewed.

    The import is refused if another change touched that area after this moment
    (:func:`fruitmap.server.rights.import_as` with ``seen``).
    """
    account = current_account()
    if account is None or not prepared.ok:
        return
    marks = st.session_state.setdefault(state.UPLOAD_PREVIEW_MARKS, {})
    key = _preview_key(prepared)
    if key not in marks:
        marks[key] = preview_mark(workspace(), account, prepared.layer)


def show_preview(prepared: Prepared) -> None:
    """Draw the prepared rows on the map (offline assets) and as a table."""
    remember_preview(prepared)
    frame = prepared.frame
    language = lang()
    if LAYERS[prepared.layer].is_spatial and "geometry" in frame.columns:
        located = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
        st.caption(tr("upload_page.preview_caption", n=fmt_number(len(located), language),
                      total=fmt_number(len(frame), language)))
        if len(located):
            render_map(preview_map(located, prepared.layer, language), key="upload_preview_map",
                       height=480)
    if len(frame) > PREVIEW_ROWS:
        st.caption(tr("upload_page.preview_first", n=fmt_number(PREVIEW_ROWS, language),
                      total=fmt_number(len(frame), language)))
    show_table(preview_table(prepared))


# ------------------------------------------------------------------------- step 6: import
def import_form(prepared: Prepared) -> None:
    """Choose replace/append and a name, confirm, then import; refusals change nothing."""
    language = lang()
    if not prepared.ok:
        st.error(tr("upload_page.import_blocked"), icon="🚫")
        return
    account = current_account()
    if account is None and getattr(workspace(), "needs_account", lambda: False)():
        # The shared database writes only for a logged-in account; a typed name is no login.
        st.info(tr("rls.login_to_write"), icon="🔒")
        return
    layer_label = LAYERS[prepared.layer].label(language)
    stored = len(layers().get(prepared.layer, []))
    mode = st.radio(tr("upload_page.mode"), ["append", "replace"], key=state.UPLOAD_MODE,
                    horizontal=True,
                    format_func=lambda m: t(f"upload_page.mode.{m}", language))
    st.caption(tr(f"upload_page.mode.{mode}_help", layer=layer_label,
                  stored=fmt_number(stored, language), n=fmt_number(len(prepared.frame),
                                                                    language)))
    if account is not None and account.role == "area_editor" and mode == "replace":
        st.caption(tr("rls.replace_area_help", units=plain(";".join(account.units))))
    if account is None:  # one machine: the person types a name for the history
        who = st.text_input(tr("upload_page.user"), key=state.UPLOAD_USER, max_chars=80,
                            placeholder=tr("upload_page.user_placeholder"))
    else:  # a shared server: the logged-in account is the person recorded
        who = account.name
        st.caption(tr("rls.recorded_as", name=plain(account.name)))
    confirm = st.checkbox(tr("upload_page.confirm", n=fmt_number(len(prepared.frame), language),
                             layer=layer_label), key=state.UPLOAD_CONFIRM)
    ready = confirm and bool(who.strip())
    if not who.strip():
        st.caption(tr("upload_page.user_needed"))
    if st.button(tr("upload_page.import"), type="primary", disabled=not ready,
                 key="upload_import_button", icon="📥"):
        n = fmt_number(len(prepared.frame), language)
        try:
            with _progress(tr("import_progress.writing", rows=n)) as (box, finish):
                if stored:
                    box.write(tr("import_progress.step.version", layer=layer_label))
                box.write(tr("import_progress.step.write", rows=n))
                started = time.perf_counter()
                if account is None:
                    rows = import_prepared(workspace(), prepared, mode=mode, user=who.strip())
                else:
                    seen = st.session_state.get(state.UPLOAD_PREVIEW_MARKS, {}).get(
                        _preview_key(prepared))
                    rows = import_as(workspace(), account, prepared, mode=mode, seen=seen)
                finish(tr("import_progress.write_done", rows=n, seconds="{seconds}"))
        except FruitmapError as exc:
            if exc.code == "preview_stale":  # the preview shown next takes a new mark
                st.session_state.pop(state.UPLOAD_PREVIEW_MARKS, None)
            show_error(exc)
            return
        # This import changed the area too: a next preview takes a new mark.
        st.session_state.pop(state.UPLOAD_PREVIEW_MARKS, None)
        after = rows[0]["rows_after"] if rows else stored
        st.session_state[state.UPLOAD_RESULT] = {
            "file": prepared.file_name, "layer": prepared.layer, "mode": mode,
            "added": len(prepared.frame), "before": stored, "after": after,
            "seconds": time.perf_counter() - started}
        # A new uploader key empties the chooser; the rerun reads the new workspace (the
        # cache in ui.common keys on the workspace token, which the write changed).
        st.session_state[state.UPLOAD_NONCE] = st.session_state.get(state.UPLOAD_NONCE, 0) + 1
        for key in (state.UPLOAD_FILE_SIG, state.UPLOAD_CONFIRM):
            st.session_state.pop(key, None)
        st.rerun()


def show_result() -> None:
    """Show the outcome of the last import (once) with links to the map and the data page."""
    result = st.session_state.pop(state.UPLOAD_RESULT, None)
    if not result:
        return
    language = lang()
    st.success(tr("upload_page.done", file=plain(result["file"]),
                  layer=LAYERS[result["layer"]].label(language),
                  mode=t(f"upload_page.mode.{result['mode']}", language),
                  n=fmt_number(result["added"], language),
                  before=fmt_number(result["before"], language),
                  after=fmt_number(result["after"], language)), icon="✅")
    if "seconds" in result:  # the writing box was drawn before the rerun: its outcome stays
        st.status(tr("import_progress.write_done", rows=fmt_number(result["added"], language),
                     seconds=fmt_number(result["seconds"], language, decimals=1)),
                  state="complete", expanded=False)
    left, right = st.columns(2)
    left.page_link("pages/explorer.py", label=tr("upload_page.goto_map"), icon="🗺️")
    right.page_link("pages/data.py", label=tr("upload_page.goto_data"), icon="🗂️")


def refused(exc: InputError | FruitmapError) -> None:
    """Show why a file was refused (nothing was changed)."""
    show_error(exc)

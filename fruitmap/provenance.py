"""Where the data shown comes from, layer by layer, read from the workspace's ``history``.

Every change to a workspace adds one history row per layer it wrote
(:meth:`fruitmap.workspace.geopackage.Workspace.write`). The latest row that wrote a layer decides what
its content is now:

========================  ==================================================================
action                    provenance
========================  ==================================================================
``demo``                  the bundled illustrative demo (``admin_units``: the bundled real
                          boundaries, whose licence the attribution line cites)
``import``, ``start``     the row's ``source_file`` and the date of the change
``import (append)``       the earlier sources plus this file (``a.xlsx + b.kmz``)
``import (area)``         the same: an area editor replaced only its own area's rows, the
                          rest of the layer still comes from the earlier sources
``edit``                  the earlier sources, "edited in the app" and the edit's date
``rollback to <id>``      the provenance of the restored version, worked out from the rows
                          before the change that saved it; else "restored earlier version"
anything else             the row's ``source_file`` if it names one, else "unknown source"
========================  ==================================================================

A layer that holds rows but has no history row (a workspace made in QGIS) is of "unknown
source". Nothing here reads files: it works on the history table alone, so it is cheap enough
to run on every page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePosixPath

import pandas as pd

from fruitmap.columns import is_missing
from fruitmap.i18n import t
from fruitmap.schema import LAYERS

DATA_LAYERS: tuple[str, ...] = tuple(n for n in LAYERS if n != "history")
# What a history row's action is when it wrote data from outside the app.
KINDS = ("demo", "bundled", "file", "edit", "restored", "unknown")
COLUMNS = ["layer", "kind", "files", "demo", "when", "edited", "text"]
# Boundaries written by the demo are real (ODM/ODV, CC BY-SA 4.0), not illustrative.
REAL_IN_DEMO = frozenset({"admin_units"})


@dataclass(frozen=True)
class Source:
    """The provenance of one layer's current content.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    files : tuple of str
        Source files, oldest first (several after appends).
    demo : bool
        Whether part of the content is still the bundled demo (an append onto the demo).
    when : str or None
        ISO time of the change that wrote the latest file (or the demo, or the restore).
    edited : str or None
        ISO time of the latest in-app edit since then.
    """

    kind: str
    files: tuple[str, ...] = ()
    demo: bool = False
    when: str | None = None
    edited: str | None = None


UNKNOWN = Source("unknown")


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


# Suffixes a write adds to its history action: an append keeps the rows already there; an
# area editor's replace (shared server) changes only the rows of its own area.
APPEND_SUFFIX = " (append)"
AREA_SUFFIX = " (area)"


def split_action(action: object) -> tuple[str, str]:
    """Split a history ``action`` into its base and its scope.

    Parameters
    ----------
    action : object
        The history row's action (``"import"``, ``"import (append)"``,
        ``"import (area)"``, ``"rollback to ab12"`` ...); missing counts as ``""``.

    Returns
    -------
    tuple of str
        ``(base, scope)`` with scope ``"append"``, ``"area"`` or ``""`` (the whole layer).
    """
    text = _text(action)
    for scope, suffix in (("append", APPEND_SUFFIX), ("area", AREA_SUFFIX)):
        if text.endswith(suffix):
            return text[: -len(suffix)].strip(), scope
    return text, ""


def _after(row: Mapping, layer: str, before: Source | None, rows: list[Mapping], index: int
           ) -> Source:
    """Return the provenance after ``rows[index]`` (``row``), given what it was before."""
    base, scope = split_action(row.get("action"))
    # Both keep the rows that were there (all of them, or those of the other areas).
    append = scope in ("append", "area")
    when = _text(row.get("when")) or None
    source_file = _text(row.get("source_file"))
    if base == "demo":
        return Source("bundled" if layer in REAL_IN_DEMO else "demo", demo=True, when=when)
    if base.startswith("rollback to "):
        version = base[len("rollback to "):].strip()
        # The version restored was saved by the change that replaced it: the content then was
        # whatever the changes before that one had made.
        for j in range(index - 1, -1, -1):
            if _text(rows[j].get("version_id")) == version:
                if j > 0:
                    return _resolve(layer, rows, j - 1)
                break
        return Source("restored", when=when)
    # fruitmap.workspace.edits writes "edit: 0 added, 0 removed, 1 changed".
    if base == "edit" or base.startswith("edit:"):
        if before is None or before.kind in ("unknown", "restored") and not before.files:
            return Source("edit", edited=when)
        return replace(before, kind="edit", edited=when)
    if not source_file:
        return UNKNOWN
    mine = _layer_files(source_file, layer)
    if append and before is not None and before.kind != "unknown":
        files = before.files + tuple(f for f in mine if f not in before.files)
        return Source("edit" if before.edited else "file", files=files, demo=before.demo,
                      when=when, edited=before.edited)
    return Source("file", files=mine, when=when)


def _layer_files(source_file: str, layer: str) -> tuple[str, ...]:
    """Return the file names (no folders) of ``source_file`` that fed ``layer``.

    One change may write several layers from several files, named together as ``a;b``
    (starting a workspace: the boundaries for ``admin_units``, ``crop_calendar.csv`` for
    the crop calendar); each layer then names only its own files when they can be told.
    """
    parts = [p.strip() for p in source_file.split(";") if p.strip()] or [source_file]
    if len(parts) > 1:
        hint = "boundar" if layer == "admin_units" else layer
        parts = [p for p in parts if hint in p.lower()] or parts
    return tuple(PurePosixPath(p.replace("\\", "/")).name or p for p in parts)


def _resolve(layer: str, rows: list[Mapping], index: int) -> Source:
    # Walks forward from the first row; only a rollback looks back, to an earlier prefix.
    state: Source | None = None
    for i in range(index + 1):
        state = _after(rows[i], layer, state, rows, i)
    return state if state is not None else UNKNOWN


def _ordered(history: pd.DataFrame) -> pd.DataFrame:
    if history is None or len(history) == 0 or "layer" not in history.columns:
        return pd.DataFrame(columns=["layer", "action"])
    ids = pd.to_numeric(history["change_id"], errors="coerce") if "change_id" in \
        history.columns else pd.Series(range(len(history)), index=history.index, dtype=float)
    # Rows without a change number (written by another tool) keep their place in the table.
    order = ids.fillna(pd.Series(range(len(history)), index=history.index, dtype=float))
    return history.assign(_order=order.to_numpy()).sort_values("_order", kind="stable")


def layer_sources(history: pd.DataFrame | None,
                  present: Iterable[str] | None = None) -> dict[str, Source]:
    """Return the provenance of each data layer.

    Parameters
    ----------
    history : DataFrame or None
        The workspace's ``history`` table (any order).
    present : iterable of str, optional
        Layers that hold rows now. When given, only these are returned, and one with no
        history row is of unknown source (a workspace made in QGIS). When not given, the layers
        that history wrote are returned.

    Returns
    -------
    dict
        Layer name → :class:`Source`, in the contract's order of layers.
    """
    ordered = _ordered(history)
    written: dict[str, list[Mapping]] = {}
    for record in ordered.to_dict(orient="records"):
        name = _text(record.get("layer"))
        if name in DATA_LAYERS:
            written.setdefault(name, []).append(record)
    wanted = set(DATA_LAYERS if present is None else present)
    out: dict[str, Source] = {}
    for name in DATA_LAYERS:
        if name not in wanted:
            continue
        rows = written.get(name)
        if rows:
            out[name] = _resolve(name, rows, len(rows) - 1)
        elif present is not None:
            out[name] = UNKNOWN
    return out


def format_date(value: object, lang: str) -> str:
    """Format an ISO time from history as a date: ``01/12/2026`` (vi), ``2026-12-01`` (en)."""
    text = _text(value)
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:10]
    return moment.strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")


def describe(source: Source, lang: str) -> str:
    """Return one layer's provenance in words.

    Examples (en): ``"demo (illustrative), not official statistics"``,
    ``"zones.csv (2026-12-01)"``, ``"a.xlsx + b.kmz (2026-12-01)"``,
    ``"zones.kmz (2026-11-20), edited in the app 2026-12-01"``, ``"unknown source"``.
    """
    if source.kind == "demo":
        return t("prov.demo", lang)
    if source.kind == "bundled":
        return t("prov.bundled", lang)
    if source.kind == "unknown":
        return t("prov.unknown", lang)
    if source.kind == "restored":
        return t("prov.restored", lang, date=format_date(source.when, lang))
    parts = ([t("prov.demo_short", lang)] if source.demo else []) + list(source.files)
    text = " + ".join(parts)
    if source.files and source.when:
        text += f" ({format_date(source.when, lang)})"
    if source.edited:
        edited = t("prov.edited", lang, date=format_date(source.edited, lang))
        text = f"{text}, {edited}" if text else edited[:1].upper() + edited[1:]
    return text or t("prov.unknown", lang)


def provenance_table(history: pd.DataFrame | None, lang: str,
                     present: Iterable[str] | None = None) -> pd.DataFrame:
    """Return one row per data layer saying where its content comes from.

    Parameters
    ----------
    history : DataFrame or None
        The workspace's ``history`` table.
    lang : {"vi", "en"}
        Language of the ``text`` column.
    present : iterable of str, optional
        Layers that hold rows now (see :func:`layer_sources`).

    Returns
    -------
    DataFrame
        Columns ``layer`` (name), ``kind`` (one of :data:`KINDS`), ``files`` (``a;b``),
        ``demo`` (bool), ``when`` and ``edited`` (ISO text or None), ``text`` (in words).
    """
    rows = [{"layer": name, "kind": s.kind, "files": ";".join(s.files), "demo": s.demo,
             "when": s.when, "edited": s.edited, "text": describe(s, lang)}
            for name, s in layer_sources(history, present).items()]
    return pd.DataFrame(rows, columns=COLUMNS)


def present_layers(frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """Return the data layers of ``frames`` (as ``read_all`` returns them) that hold rows."""
    return [n for n in DATA_LAYERS if n in frames and frames[n] is not None and len(frames[n])]


def _label(name: str, lang: str) -> str:
    return LAYERS[name].label(lang)


def provenance_lines(table: pd.DataFrame, lang: str) -> list[str]:
    """Return ``"Layer: where it comes from"`` for each row of :func:`provenance_table`."""
    return [t("prov.layer_line", lang, layer=_label(r.layer, lang), source=r.text)
            for r in table.itertuples(index=False)]


def provenance_line(table: pd.DataFrame, lang: str, compact: bool = False) -> str:
    """Return the provenance of every layer as one line, layers with the same source together.

    ``"Nguồn dữ liệu: Vùng trồng: zones.csv (01/12/2026) · Cơ sở chế biến, Kho lạnh: dữ liệu
    minh hoạ (demo), không phải số liệu thống kê chính thức"``.

    Parameters
    ----------
    table : DataFrame
        From :func:`provenance_table`.
    lang : {"vi", "en"}
    compact : bool
        When every layer has the same source, name the source alone (for one-line footers).
    """
    if table is None or len(table) == 0:
        return t("prov.line", lang, sources=t("prov.no_data", lang))
    groups: dict[str, list[str]] = {}
    for row in table.itertuples(index=False):
        groups.setdefault(row.text, []).append(_label(row.layer, lang))
    if compact and len(groups) == 1:
        return t("prov.line", lang, sources=next(iter(groups)))
    parts = [t("prov.layer_line", lang, layer=", ".join(names), source=text)
             for text, names in groups.items()]
    return t("prov.line", lang, sources=" · ".join(parts))


def provenance_summary(table: pd.DataFrame, lang: str) -> str:
    """Return the distinct sources in a few words, for a footer: ``"Dữ liệu: a.csv; demo"``.

    The bundled boundaries are left out (the attribution beside it names them); layer by layer
    detail belongs on a sources page (:func:`provenance_lines`).
    """
    seen: list[str] = []
    for row in table.itertuples(index=False) if table is not None else ():
        if row.kind == "bundled":
            continue
        text = t("prov.demo_short", lang) if row.kind == "demo" else row.text
        if text not in seen:
            seen.append(text)
    return t("prov.short", lang, sources="; ".join(seen) or t("prov.no_data", lang))


def workspace_provenance(frames: Mapping[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """Return :func:`provenance_table` of layers as ``Workspace.read_all`` returns them."""
    return provenance_table(frames.get("history"), lang, present_layers(frames))

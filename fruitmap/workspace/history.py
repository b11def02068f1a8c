"""What changed in the workspace: diffs between two versions of a layer, and history for display.

A history row (see :meth:`fruitmap.workspace.geopackage.Workspace.write`) records the version of the layer
that the change replaced (``version_id``). The content *after* a change is the version saved by
the next change to the same layer, or the current layer when no later change exists. So every
change that saved its previous version can be shown as rows added, removed and changed.

Rows are matched by the layer's id column (:attr:`fruitmap.schema.Layer.id_column`); tables
without one (``markets``, ``crop_calendar``) are matched by their natural key (crop, month).
When an id occurs more than once, its first occurrence is matched with the first, the second
with the second, and so on, so duplicated ids never hide a change.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from fruitmap.columns import is_missing, parse_bool, split_list
from fruitmap.crops import crop_label
from fruitmap.display import number_text
from fruitmap.errors import WorkspaceError
from fruitmap.i18n import t
from fruitmap.provenance import split_action
from fruitmap.schema import (
    BOOL,
    CROP,
    CROP_LIST,
    ENUM,
    FLOAT,
    HISTORY,
    INT,
    LAYERS,
    MONTH,
    get_layer,
    value_label,
)

# Tables with no id column are matched by these columns.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "markets": ("crop", "month"),
    "crop_calendar": ("crop", "month"),
}
_OCCURRENCE = "__occurrence"
CHANGED_COLUMNS = "changed_columns"


@dataclass
class LayerDiff:
    """The difference between two versions of one layer.

    Attributes
    ----------
    layer : str
        Layer name.
    key : tuple of str
        Columns the rows were matched on.
    added : DataFrame
        Rows only in the newer version (as they are there).
    removed : DataFrame
        Rows only in the older version (as they were there).
    changed : DataFrame
        Rows present in both whose values differ, as they are in the newer version, with a
        column ``changed_columns`` (tuple of column names, ``"geometry"`` included).
    details : DataFrame
        One row per changed cell: the key columns, ``column``, ``before``, ``after``.
    unchanged : int
        Number of rows identical in both versions.
    """

    layer: str
    key: tuple[str, ...]
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame
    details: pd.DataFrame
    unchanged: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """Return ``{"added": n, "removed": n, "changed": n, "unchanged": n}``."""
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "unchanged": self.unchanged}

    @property
    def is_empty(self) -> bool:
        """True when both versions hold the same rows."""
        return not (len(self.added) or len(self.removed) or len(self.changed))


def key_columns(layer_name: str) -> tuple[str, ...]:
    """Return the columns that identify a row of ``layer_name`` (id column or natural key)."""
    layer = get_layer(layer_name)
    if layer.id_column:
        return (layer.id_column,)
    return NATURAL_KEYS.get(layer_name, ())


def _values_equal(a: object, b: object) -> bool:
    if is_missing(a) and is_missing(b):
        return True
    if is_missing(a) or is_missing(b):
        return False
    if hasattr(a, "geom_type") and hasattr(b, "geom_type"):
        # Geometry read back from GeoJSON snapshots may differ in the last bits.
        try:
            return bool(a.equals_exact(b, 1e-9)) or bool(a.equals(b))
        except (ValueError, TypeError, AttributeError):
            return a.wkb == b.wkb
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return tuple(a) == tuple(b) if isinstance(a, (list, tuple)) and isinstance(
            b, (list, tuple)) else False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(
            a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _missing(values: np.ndarray) -> np.ndarray:
    """Vectorised :func:`fruitmap.columns.is_missing` over an object array."""
    missing = np.asarray(pd.isna(values), dtype=bool)
    try:
        blank = pd.Series(values, dtype=object).str.strip().eq("").to_numpy(dtype=bool)
    except AttributeError:  # no text in the column at all
        return missing
    return missing | blank


def _keyed(df: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    out = pd.DataFrame(df).copy()
    # Match on text so that "5" read from one file and 5 from another are the same id.
    ids = {}
    for c in key:
        values = out[c].to_numpy(dtype=object) if c in out.columns else \
            np.full(len(out), None, dtype=object)
        text = pd.Series(values, dtype=object).astype(str).str.strip().to_numpy(dtype=object)
        text[_missing(values)] = None
        ids[c] = text
    ids = pd.DataFrame(ids, index=out.index, columns=list(key))
    occurrence = ids.groupby(list(key), dropna=False).cumcount() if key else range(len(out))
    out[_OCCURRENCE] = list(occurrence)
    out.index = pd.Index(list(zip(*(ids[c] for c in key), out[_OCCURRENCE], strict=True)),
                         tupleize_cols=False)
    return out


def _plain(df: pd.DataFrame, template: pd.DataFrame) -> pd.DataFrame:
    out = df.drop(columns=[_OCCURRENCE], errors="ignore").reset_index(drop=True)
    if isinstance(template, gpd.GeoDataFrame) and "geometry" in out.columns:
        return gpd.GeoDataFrame(out, geometry="geometry", crs=template.crs)
    return out


def diff_frames(before: pd.DataFrame, after: pd.DataFrame, layer_name: str) -> LayerDiff:
    """Compare two versions of a layer.

    Parameters
    ----------
    before, after : DataFrame
        The older and the newer content (in-memory form, as
        :meth:`fruitmap.workspace.geopackage.Workspace.read` returns it).
    layer_name : str
        Name of the layer (it decides the key columns).

    Returns
    -------
    LayerDiff
        Rows added, removed and changed; for changed rows the columns that differ.
    """
    key = key_columns(layer_name)
    old, new = _keyed(before, key), _keyed(after, key)
    old_pos = {ident: i for i, ident in enumerate(old.index)}
    new_pos = {ident: i for i, ident in enumerate(new.index)}
    added = [i for ident, i in new_pos.items() if ident not in old_pos]
    removed = [i for ident, i in old_pos.items() if ident not in new_pos]
    common = [(old_pos[ident], i) for ident, i in new_pos.items() if ident in old_pos]
    skip = set(key) | {_OCCURRENCE}
    columns = [c for c in new.columns if c not in skip] + \
        [c for c in old.columns if c not in skip and c not in new.columns]

    old_at = np.array([io for io, _ in common], dtype=np.intp)
    new_at = np.array([inew for _, inew in common], dtype=np.intp)
    # One equality mask per column over all matched rows: a per-row comparison took 28 s
    # for a 100,000-zone layer, and every edit is shown as such a diff.
    equal = {c: _equal_cells(_cells(old, c, old_at), _cells(new, c, new_at)) for c in columns}
    differs = np.zeros(len(common), dtype=bool)
    for mask in equal.values():
        differs |= ~mask
    changed_rows, changed_cols, details = [], [], []
    for j in np.flatnonzero(differs):  # only the changed rows, usually a handful
        o, n = old.iloc[old_at[j]], new.iloc[new_at[j]]
        diffs = [c for c in columns if not equal[c][j]]
        changed_rows.append(int(new_at[j]))
        changed_cols.append(tuple(diffs))
        for c in diffs:
            record = {k: n.get(k) for k in key}
            record.update({"column": c, "before": _display(o.get(c)),
                           "after": _display(n.get(c))})
            details.append(record)

    changed = _plain(new.iloc[changed_rows], after)
    changed.insert(len(key) if all(k in changed.columns for k in key) else 0,
                   CHANGED_COLUMNS, pd.Series(changed_cols, dtype="object"))
    return LayerDiff(
        layer=layer_name,
        key=tuple(key),
        added=_plain(new.iloc[added], after),
        removed=_plain(old.iloc[removed], before),
        changed=changed,
        details=pd.DataFrame(details, columns=[*key, "column", "before", "after"]),
        unchanged=len(common) - len(changed_rows),
    )


def _cells(df: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:
    """Return the values of ``column`` at positions ``at`` (None where the column is absent)."""
    if column not in df.columns:
        return np.full(len(at), None, dtype=object)
    return np.asarray(df[column].to_numpy(dtype=object)[at], dtype=object)


def _equal_cells(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return, cell by cell, whether two columns hold the same values (see ``_values_equal``).

    ``==`` settles most cells at C speed (a true ``==`` is always equal there); only the cells
    it does not settle (missing values, float noise, lists against tuples, geometry read back
    from snapshots) go through :func:`_values_equal`.
    """
    try:
        same = np.equal(a, b).astype(bool)
    except (TypeError, ValueError):  # cells whose == is not a plain truth value
        same = np.zeros(len(a), dtype=bool)
    open_ = np.flatnonzero(~same)
    both_empty = _missing(a[open_]) & _missing(b[open_])  # NaN != NaN for ==
    same[open_[both_empty]] = True
    for i in open_[~both_empty]:
        same[i] = _values_equal(a[i], b[i])
    return same


def _display(value: object) -> str:
    if is_missing(value):
        return ""
    if hasattr(value, "geom_type"):
        text = value.wkt
        return text if len(text) <= 80 else text[:79] + "…"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


# ---------------------------------------------------------------- versions of a history entry
def empty_layer(layer_name: str) -> pd.DataFrame:
    """Return an empty frame with the columns of ``layer_name`` (a GeoDataFrame if spatial)."""
    layer = get_layer(layer_name)
    df = pd.DataFrame({c.name: pd.Series(dtype="object") for c in layer.columns})
    if layer.is_spatial:
        return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    return df


def _history_row(history: pd.DataFrame, change_id: int) -> pd.Series:
    match = history[pd.to_numeric(history["change_id"], errors="coerce") == int(change_id)]
    if match.empty:
        raise WorkspaceError("change_missing", value=change_id)
    return match.iloc[0]


def _content_replaced_by(ws, row: pd.Series) -> pd.DataFrame | None:
    version = row.get("version_id")
    if not is_missing(version):
        return ws.read_version(str(version))
    rows_before = row.get("rows_before")
    if is_missing(rows_before) or int(rows_before) == 0:
        return empty_layer(str(row["layer"]))
    return None


def versions_of_change(ws, change_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the layer's content just before and just after the change ``change_id``.

    Parameters
    ----------
    ws : fruitmap.workspace.geopackage.Workspace
    change_id : int
        A ``change_id`` of the workspace's history.

    Raises
    ------
    WorkspaceError
        ``change_missing`` when there is no such change; ``change_not_comparable`` when a
        version needed for the comparison was not saved.
    """
    history = ws.history()
    row = _history_row(history, change_id)
    layer = str(row["layer"])
    if layer not in LAYERS or layer == "history":
        raise WorkspaceError("change_not_comparable", value=change_id)
    before = _content_replaced_by(ws, row)
    ids = pd.to_numeric(history["change_id"], errors="coerce")
    later = history[(history["layer"] == layer) & (ids > int(change_id))]
    if later.empty:
        after = ws.read(layer)
    else:
        nxt = later.assign(_id=pd.to_numeric(later["change_id"])).sort_values("_id").iloc[0]
        after = _content_replaced_by(ws, nxt)
    if before is None or after is None:
        raise WorkspaceError("change_not_comparable", value=change_id)
    return before, after


def diff_change(ws, change_id: int) -> LayerDiff:
    """Return what the change ``change_id`` did to its layer (see :func:`versions_of_change`)."""
    before, after = versions_of_change(ws, change_id)
    layer = str(_history_row(ws.history(), change_id)["layer"])
    return diff_frames(before, after, layer)


# ---------------------------------------------------------------- display helpers
def describe_action(action: object, lang: str) -> str:
    """Return a history ``action`` in plain words (``"rollback to ab12"`` → "Khôi phục …")."""
    base, scope = split_action(action)
    edit = _edit_counts(base)
    if base.startswith("rollback to "):
        out = t("data.action.rollback", lang, version=base[len("rollback to "):])
    elif edit is not None:
        parts = [t(f"edit.summary.{k}", lang, n=n)
                 for k, n in zip(("added", "removed", "changed"), edit, strict=True) if n]
        out = t("data.action.edit_summary", lang,
                parts=", ".join(parts) or t("edit.summary.nothing", lang))
    elif base in {"import", "demo", "create", "rollback", "edit", "start"}:
        out = t(f"data.action.{base}", lang)
    elif base in {"save view", "delete view"}:
        out = t(f"history.action.{base.replace(' ', '_')}", lang)
    else:
        out = base
    return t(f"data.action.{scope}_suffix", lang, action=out) if scope else out


def _edit_counts(action: str) -> tuple[int, int, int] | None:
    # "edit: 0 added, 0 removed, 1 changed", written by fruitmap.workspace.edits.edit_action.
    match = re.match(r"^edit: (\d+) added, (\d+) removed, (\d+) changed$", action)
    return tuple(int(g) for g in match.groups()) if match else None


def format_when(value: object, lang: str) -> str:
    """Format an ISO time from history as ``29/11/2026 15:26`` (vi) or ``2026-11-29 15:26``."""
    if is_missing(value):
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return moment.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")


def layer_label(name: object, lang: str) -> str:
    """Return the display name of a layer or app table, else the name itself."""
    if name in LAYERS:
        return LAYERS[name].label(lang)
    if name in ("views", "layer_versions", "scenarios"):
        return t(f"history.table.{name}", lang)
    return str(name)


def history_for_display(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the history newest first, with plain-words values and translated column labels.

    The hash is shortened to 12 characters (enough to compare with ``sha256sum``'s output).
    """
    df = history.copy()
    if "change_id" in df.columns and len(df):
        df = df.assign(_id=pd.to_numeric(df["change_id"], errors="coerce")).sort_values(
            "_id", ascending=False, kind="stable").drop(columns="_id")
    out = pd.DataFrame(index=df.index)
    # What people look for first (when, who, what, how many rows) before the audit details.
    order = ["change_id", "when", "who", "action", "layer", "rows_before", "rows_after",
             "source_file", "source_sha256", "version_id"]
    for col in sorted(HISTORY.columns, key=lambda c: order.index(c.name)
                      if c.name in order else len(order)):
        values = df[col.name] if col.name in df.columns else pd.Series(None, index=df.index)
        if col.name == "when":
            values = values.map(lambda v: format_when(v, lang))
        elif col.name == "action":
            values = values.map(lambda v: describe_action(v, lang))
        elif col.name == "layer":
            values = values.map(lambda v: layer_label(v, lang))
        elif col.name == "source_sha256":
            values = values.map(lambda v: "" if is_missing(v) else str(v)[:12])
        elif col.kind == "text":
            values = values.map(lambda v: "" if is_missing(v) else str(v))
        out[col.label(lang)] = values.to_numpy()
    return out.reset_index(drop=True)


def change_label(row: pd.Series | dict, lang: str) -> str:
    """Return a one-line description of a history row, for a select box."""
    get = row.get
    parts = [f"#{get('change_id')}", format_when(get("when"), lang),
             layer_label(get("layer"), lang), describe_action(get("action"), lang)]
    source = get("source_file")
    if not is_missing(source):
        parts.append(str(source))
    who = get("who")
    if not is_missing(who) and str(who).strip():  # who made it: several people share a server
        parts.append(str(who).strip())
    rows = t("data.rows_change", lang, before=_int(get("rows_before")),
             after=_int(get("rows_after")))
    return " · ".join(p for p in parts if p) + f" ({rows})"


def version_label(version: pd.Series | dict, history: pd.DataFrame, lang: str) -> str:
    """Describe a saved version: when it was replaced, by which change, how many rows."""
    vid = str(version.get("version_id"))
    by = history[history["version_id"].astype("string") == vid] if len(history) else history
    text = t("data.version_label", lang, when=format_when(version.get("saved_at"), lang),
             rows=_int(version.get("rows")), version=vid)
    if len(by):
        row = by.iloc[0]
        text += " · " + t("data.version_replaced_by", lang, change=row["change_id"],
                          action=describe_action(row["action"], lang))
    return text


def _int(value: object) -> str:
    return "–" if is_missing(value) else str(int(value))


def layer_summary(frames: dict[str, pd.DataFrame], history: pd.DataFrame,
                  versions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per layer: label, name in the file, rows, last change, saved versions."""
    rows = []
    for name, frame in frames.items():
        if name == "history":
            continue
        mine = history[history["layer"] == name] if len(history) else history
        last = ""
        if len(mine):
            latest = mine.assign(_id=pd.to_numeric(mine["change_id"], errors="coerce")
                                 ).sort_values("_id").iloc[-1]
            last = format_when(latest["when"], lang) + " · " + describe_action(
                latest["action"], lang)
        saved = int((versions["layer"] == name).sum()) if len(versions) else 0
        rows.append({t("data.layers.layer", lang): layer_label(name, lang),
                     t("data.layers.key", lang): name,
                     t("data.layers.rows", lang): len(frame),
                     t("data.layers.last_change", lang): last,
                     t("data.layers.versions", lang): saved})
    return pd.DataFrame(rows)


def rows_for_display(df: pd.DataFrame, layer_name: str, lang: str) -> pd.DataFrame:
    """Return layer rows as a plain table with translated headers (lists as ``a;b``).

    Points become longitude/latitude columns and other shapes WKT, so that a person can see
    where a row moved to. A ``changed_columns`` column is translated into column labels.
    """
    from fruitmap.files.export import flat_layer, layer_labels

    extra = df[CHANGED_COLUMNS] if CHANGED_COLUMNS in df.columns else None
    flat = flat_layer(df.drop(columns=[CHANGED_COLUMNS], errors="ignore"), layer_name)
    labels = layer_labels(layer_name, lang)
    if extra is not None:
        names = [", ".join(column_label(layer_name, c, lang) for c in cols) for cols in extra]
        flat.insert(len(key_columns(layer_name)), CHANGED_COLUMNS, names)
        labels[CHANGED_COLUMNS] = t("data.diff.changed_columns", lang)
    for name in flat.columns:
        if name != CHANGED_COLUMNS:
            flat[name] = [display_value(layer_name, name, v, lang) for v in flat[name]]
    return flat.rename(columns=labels)


def display_value(layer_name: str, column: str, value: object, lang: str) -> object:
    """Return a stored value as a person reads it: crop and category names, yes/no.

    ``"passion_fruit;plum"`` → ``"Chanh leo; Mận"``, ``"operating"`` → ``"Đang hoạt động"``,
    ``True`` → ``"Có"``. Numbers and free text are returned unchanged.
    """
    try:
        col = get_layer(layer_name).column(column)
    except KeyError:
        col = None
    if is_missing(value):
        # Numeric columns keep a real gap, so the table can still sort them as numbers.
        return None if col is not None and col.kind in (FLOAT, INT, MONTH) else ""
    if col is None:
        return value
    if col.kind == CROP:
        return crop_label(str(value), lang)
    if col.kind == CROP_LIST:
        return "; ".join(crop_label(v, lang) for v in split_list(value))
    if col.kind == ENUM:
        return value_label(value, lang)
    if col.kind == BOOL:
        flag = parse_bool(value)
        return value if flag is None else t("template.guide.yes" if flag else
                                            "template.guide.no", lang)
    return value


def column_label(layer_name: str, column: str, lang: str) -> str:
    """Return the label of a column of a layer (``"geometry"`` → "Vị trí / hình vẽ")."""
    if column == "geometry":
        return t("data.diff.geometry", lang)
    try:
        return get_layer(layer_name).column(column).label(lang)
    except KeyError:
        return column


def _cell_text(layer_name: str, column: str, value: object, lang: str) -> object:
    # Before/after cells share one column with names and labels, so a number cannot sort
    # there anyway: write it as the reader's language does (40,5 in Vietnamese).
    try:
        kind = get_layer(layer_name).column(column).kind
    except KeyError:
        kind = None
    if kind in (FLOAT, INT) and not is_missing(value):
        try:  # details hold the stored text of a cell ("40.5")
            return number_text(float(value), lang)
        except (TypeError, ValueError):
            return value
    shown = display_value(layer_name, column, value, lang)
    return "" if shown is None else shown


def details_for_display(diff: LayerDiff, lang: str) -> pd.DataFrame:
    """Return the changed cells of a diff with translated headers and column labels."""
    out = diff.details.copy()
    for side in ("before", "after"):
        out[side] = [_cell_text(diff.layer, c, v, lang) if c != "geometry" else v
                     for c, v in zip(out["column"], out[side], strict=True)]
    out["column"] = [column_label(diff.layer, c, lang) for c in out["column"]]
    labels = {k: column_label(diff.layer, k, lang) for k in diff.key}
    labels.update({"column": t("data.diff.column", lang), "before": t("data.diff.before", lang),
                   "after": t("data.diff.after", lang)})
    return out.rename(columns=labels)

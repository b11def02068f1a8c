"""Editing a layer in place: a table of attributes, a point added, moved or deleted on a map.

Every save goes through the same validation as an upload (:func:`fruitmap.files.validate.validate_frame`)
and is one all-or-nothing :meth:`fruitmap.workspace.geopackage.Workspace.write` with ``action`` starting
with ``"edit"``: history records who, when and the rows before and after, the replaced version
is saved, so :func:`fruitmap.workspace.history.diff_change` shows the cells before and after and
:meth:`~fruitmap.workspace.geopackage.Workspace.rollback` undoes the edit like an import.

A save is based on the version of the layer the person opened (its
:meth:`~fruitmap.workspace.geopackage.Workspace.layer_token`): when the layer has changed since (an import
landed in between), the save is refused rather than overwriting that change.

The table shown in an editor (:func:`editor_frame`) keeps the contract's column names; lists are
text (``"Nhãn; Xoài"``), categories their keys, booleans ``bool``, and point layers get
``lon``/``lat`` columns. Rows are numbered from 1 as the editor shows them, and problems name
that row and the column's label.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from fruitmap.columns import is_missing, parse_bool, split_list
from fruitmap.crops import crop_label
from fruitmap.errors import InputError, Problem
from fruitmap.files.validate import check_geometries, validate_frame
from fruitmap.schema import BOOL, CROP_LIST, FLOAT, INT, MONTH, MONTH_LIST, get_layer
from fruitmap.workspace.geopackage import CRS, Workspace

EDIT_ACTION = "edit"
LON, LAT = "lon", "lat"
# Layers editable in the app: the map layers and the targets (tables without an id column,
# such as the crop calendar, are matched by crop and month and stay upload-only).
TABLE_LAYERS = ("zones", "plants", "cold_stores", "industrial_areas", "targets")
MAP_LAYERS = ("zones", "plants", "cold_stores", "industrial_areas")
# Ids made for new features: readable, ``plant-0561`` (next free number of the prefix).
ID_PREFIXES = {"zones": "zone", "plants": "plant", "cold_stores": "store",
               "industrial_areas": "area", "targets": "target"}
ID_WIDTH = 4


@dataclass
class EditResult:
    """What a save did.

    Attributes
    ----------
    layer : str
    added, removed, changed : list of str
        Ids of the rows added, removed and changed.
    history : list of dict
        The history rows written (empty when there was nothing to save).
    warnings : list of Problem
        Warnings of the validation (the save went ahead).
    """

    layer: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing differed from the stored layer (nothing was written)."""
        return not (self.added or self.removed or self.changed)

    @property
    def change_id(self) -> int | None:
        """The history number of the save, or None when nothing was written."""
        return int(self.history[0]["change_id"]) if self.history else None

    @property
    def version_id(self) -> str | None:
        """The saved version the edit replaced (what a rollback of the edit restores)."""
        if not self.history or is_missing(self.history[0].get("version_id")):
            return None
        return str(self.history[0]["version_id"])


def edit_action(added: int, removed: int, changed: int) -> str:
    """Return the history ``action`` of an edit: ``"edit: 0 added, 0 removed, 1 changed"``.

    Plain English in the file (QGIS users read the table too); the app shows it translated
    (:func:`fruitmap.workspace.history.describe_action`).
    """
    return f"{EDIT_ACTION}: {added} added, {removed} removed, {changed} changed"


def is_point_layer(layer_name: str) -> bool:
    """True for layers whose every feature is a point (their table shows lon/lat)."""
    return get_layer(layer_name).geometry == ("Point",)


# ------------------------------------------------------------------ the table in the editor
def editor_frame(df: pd.DataFrame, layer_name: str, lang: str) -> pd.DataFrame:
    """Return a layer's attributes as the editor shows them.

    Parameters
    ----------
    df : DataFrame or GeoDataFrame
        The layer in its in-memory form (:meth:`fruitmap.workspace.geopackage.Workspace.read`).
    layer_name : str
    lang : str
        Language of the crop names in list columns (the validation reads both).

    Returns
    -------
    DataFrame
        The contract columns (lists as ``"a; b"`` text, booleans as bool, months and numbers
        as numbers) and, for point layers, ``lon`` and ``lat``; indexed 1, 2, ... as rows are
        counted on screen.
    """
    layer = get_layer(layer_name)
    # Not a RangeIndex: Streamlit hides those, and the row numbers must show on screen.
    out = pd.DataFrame(index=pd.Index(np.arange(1, len(df) + 1, dtype="int64")))
    for col in layer.columns:
        values = df[col.name].tolist() if col.name in df.columns else [None] * len(df)
        if col.kind == CROP_LIST:
            out[col.name] = ["; ".join(crop_label(v, lang) for v in split_list(x)) for x in values]
        elif col.kind == MONTH_LIST:
            out[col.name] = [";".join(str(v) for v in split_list(x)) for x in values]
        elif col.kind == BOOL:
            # An explicit dtype: an empty layer's column must still be boolean for the editor.
            out[col.name] = pd.Series([bool(parse_bool(x)) for x in values], index=out.index,
                                      dtype="bool")
        elif col.kind in (INT, MONTH):
            out[col.name] = pd.array([None if is_missing(x) else int(x) for x in values],
                                     dtype="Int64")
        elif col.kind == FLOAT:
            out[col.name] = pd.to_numeric(pd.Series(values, index=out.index, dtype="object"),
                                          errors="coerce").astype("float64")
        else:
            out[col.name] = pd.Series([None if is_missing(x) else str(x) for x in values],
                                      index=out.index, dtype="object")
    if is_point_layer(layer_name) and "geometry" in df.columns:
        geoms = np.asarray(df.geometry.values, dtype=object)
        points = shapely.get_type_id(geoms) == 0
        out[LON] = np.where(points, shapely.get_x(geoms), np.nan).round(6)
        out[LAT] = np.where(points, shapely.get_y(geoms), np.nan).round(6)
    return out


def _same(a: object, b: object) -> bool:
    if is_missing(a) and is_missing(b):
        return True
    if is_missing(a) or is_missing(b):
        return False
    if isinstance(a, (bool, np.bool_)) or isinstance(b, (bool, np.bool_)):
        return parse_bool(a) == parse_bool(b)
    try:
        fa, fb = float(a), float(b)
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()
    if isinstance(a, str) != isinstance(b, str):
        return str(a).strip() == str(b).strip() or math.isclose(fa, fb, abs_tol=1e-9)
    return math.isclose(fa, fb, rel_tol=1e-12, abs_tol=1e-9)


def _row_differs(a: pd.Series, b: pd.Series, columns: list[str]) -> bool:
    return any(not _same(a.get(c), b.get(c)) for c in columns)


def new_ids(existing: pd.Series, layer_name: str, n: int) -> list[str]:
    """Return ``n`` fresh ids for ``layer_name``: ``plant-0561``, ``plant-0562``, ...

    The number follows the highest ``<prefix>-<number>`` id already present, else the
    layer's row count, and skips any id already taken.
    """
    prefix = ID_PREFIXES.get(layer_name, layer_name)
    taken = {str(v).strip().casefold() for v in existing if not is_missing(v)}
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$", re.IGNORECASE)
    numbers = [int(m.group(1)) for v in taken if (m := pattern.match(v))]
    start = max(numbers) if numbers else len(existing)
    out: list[str] = []
    number = start
    while len(out) < n:
        number += 1
        candidate = f"{prefix}-{number:0{ID_WIDTH}d}"
        if candidate.casefold() not in taken:
            out.append(candidate)
    return out


def _labels(layer_name: str, lang: str) -> dict[str, str]:
    from fruitmap.i18n import t

    layer = get_layer(layer_name)
    labels = {c.name: c.label(lang) for c in layer.columns}
    labels.update({LON: t("edit.col.lon", lang), LAT: t("edit.col.lat", lang),
                   "geometry": t("data.diff.geometry", lang)})
    return labels


def _check_base(ws: Workspace, layer_name: str, base_token: str | None) -> None:
    from fruitmap.errors import WorkspaceError

    if base_token is not None and ws.layer_token(layer_name) != base_token:
        raise WorkspaceError("layer_changed", layer=layer_name)


def _refuse(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError("edit_refused", problems)


def _validated(raw: pd.DataFrame, layer_name: str, rows: list, lang: str
               ) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate ``raw`` like an upload, naming rows as shown and columns by their labels."""
    clean, problems = validate_frame(raw, layer_name, rows=rows, sources=_labels(layer_name, lang))
    _refuse(problems)
    return clean, [p for p in problems if p.severity != "error"]


def _commit(ws: Workspace, layer_name: str, new: pd.DataFrame, result: EditResult,
            base_token: str | None, who: str | None) -> EditResult:
    if result.is_empty:
        return result
    if get_layer(layer_name).is_spatial:
        new = gpd.GeoDataFrame(new, geometry="geometry", crs=CRS)
    result.history = ws.write(
        {layer_name: new.reset_index(drop=True)},
        action=edit_action(len(result.added), len(result.removed), len(result.changed)),
        who=who, expected={layer_name: base_token} if base_token is not None else None)
    return result


def apply_table(ws: Workspace, layer_name: str, edited: pd.DataFrame, *,
                base_token: str | None, who: str | None = None, lang: str = "vi",
                shown_ids: list[str] | None = None) -> EditResult:
    """Save an edited table (from :func:`editor_frame`) to the workspace as one change.

    Rows are matched with the stored layer by id. A row whose id is gone is removed; a row
    without an id is added with a new id (a point layer takes its place from ``lon``/``lat``;
    other layers' shapes are drawn on the map); a row whose values differ is changed.
    Only added and changed rows are validated, as an upload would be; unchanged rows stay
    exactly as stored, columns the editor does not show included.

    Parameters
    ----------
    ws : Workspace
    layer_name : str
        One of :data:`TABLE_LAYERS`.
    edited : DataFrame
        The table as the editor returns it; its position gives the row number in problems.
    base_token : str or None
        :meth:`~fruitmap.workspace.geopackage.Workspace.layer_token` when the table was opened; None
        skips the check (scripts).
    who : str, optional
        Name for history.
    lang : str
        Language of the problems' column labels and of the crop names in the table.
    shown_ids : list of str, optional
        The ids the editor showed, when it showed only part of a large layer: rows outside
        it are kept, not removed. None: the whole layer was shown.

    Returns
    -------
    EditResult
        Ids added, removed, changed and the history rows (none when nothing differed).

    Raises
    ------
    InputError
        ``edit_refused`` with every problem (row as shown, column label, value, what was
        expected); nothing is written.
    WorkspaceError
        ``layer_changed`` when the layer changed since ``base_token``; nothing is written.
    """
    layer = get_layer(layer_name)
    _check_base(ws, layer_name, base_token)
    current = ws.read(layer_name).reset_index(drop=True)
    shown = editor_frame(current, layer_name, lang).reset_index(drop=True)
    edited = pd.DataFrame(edited).reset_index(drop=True)
    id_col = layer.id_column
    point = is_point_layer(layer_name)
    compare = [c.name for c in layer.columns if c.name != id_col and c.name in edited.columns]
    if point:
        compare += [c for c in (LON, LAT) if c in edited.columns]

    stored_pos = {str(v).strip(): i for i, v in enumerate(current[id_col]) if not is_missing(v)}
    seen: set[str] = set()
    changed_pos: list[tuple[int, int]] = []  # (edited position, stored position)
    added_pos: list[int] = []
    for pos, ident in enumerate(edited[id_col] if id_col in edited.columns else [None] * len(edited)):
        key = None if is_missing(ident) else str(ident).strip()
        if key is None or key not in stored_pos:
            added_pos.append(pos)
            continue
        seen.add(key)
        if _row_differs(edited.iloc[pos], shown.iloc[stored_pos[key]], compare):
            changed_pos.append((pos, stored_pos[key]))
    visible = None if shown_ids is None else {str(v).strip() for v in shown_ids}
    removed = [k for k in stored_pos if k not in seen and (visible is None or k in visible)]

    result = EditResult(layer_name)
    ids = new_ids(current[id_col], layer_name, sum(1 for p in added_pos
                                                   if is_missing(edited[id_col].iloc[p])))
    ids_iter = iter(ids)
    todo = [p for p, _ in changed_pos] + added_pos
    raw = edited.iloc[todo].copy().reset_index(drop=True) if todo else edited.iloc[0:0].copy()
    if todo:
        raw[id_col] = [next(ids_iter) if is_missing(v) else str(v).strip()
                       for v in raw[id_col]]
    if layer.is_spatial:
        geoms = []
        for j in range(len(todo)):
            stored_geom = current.geometry.iloc[changed_pos[j][1]] if j < len(changed_pos) \
                else None
            if point and LON in raw.columns and not (is_missing(raw[LON].iloc[j])
                                                    or is_missing(raw[LAT].iloc[j])):
                geoms.append(Point(float(raw[LON].iloc[j]), float(raw[LAT].iloc[j])))
            else:
                geoms.append(stored_geom)
        raw = gpd.GeoDataFrame(raw.drop(columns=[c for c in (LON, LAT) if c in raw.columns]),
                               geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)
    clean, result.warnings = _validated(raw, layer_name, [p + 1 for p in todo], lang)

    # Unchanged rows stay as stored; changed rows keep the columns the editor does not show.
    new = current.copy()
    contract = [c.name for c in layer.columns]
    for j, (_, spos) in enumerate(changed_pos):
        for name in contract + (["geometry"] if layer.is_spatial else []):
            new.at[spos, name] = clean[name].iloc[j]
        result.changed.append(str(clean[id_col].iloc[j]))
    if removed:
        new = new.drop(index=[stored_pos[k] for k in removed])
        result.removed = removed
    if added_pos:
        extra = clean.iloc[len(changed_pos):]
        result.added = [str(v) for v in extra[id_col]]
        new = pd.concat([new, extra], ignore_index=True)
    return _commit(ws, layer_name, new, result, base_token, who)


# ------------------------------------------------------------------ the map
def add_feature(ws: Workspace, layer_name: str, geometry, values: dict, *,
                base_token: str | None, who: str | None = None, lang: str = "vi"
                ) -> EditResult:
    """Add one feature drawn or clicked on the map, with the values of its form.

    Parameters
    ----------
    geometry : shapely geometry
        A point for plants and cold stores; a polygon or a point (with ``area_ha``) for zones
        and industrial areas.
    values : dict
        Column → value as typed (validated like an upload; no row number in problems).
        An id is made when none is given.

    Raises
    ------
    InputError, WorkspaceError
        As :func:`apply_table`; nothing is written.
    """
    layer = get_layer(layer_name)
    _check_base(ws, layer_name, base_token)
    current = ws.read(layer_name)
    record = dict(values)
    if is_missing(record.get(layer.id_column)):
        record[layer.id_column] = new_ids(current[layer.id_column], layer_name, 1)[0]
    raw = gpd.GeoDataFrame({k: [v] for k, v in record.items()},
                           geometry=gpd.GeoSeries([geometry], crs=CRS), crs=CRS)
    clean, warnings = _validated(raw, layer_name, [None], lang)
    ident = str(clean[layer.id_column].iloc[0])
    if ident.casefold() in {str(v).strip().casefold() for v in current[layer.id_column]}:
        raise InputError("edit_refused", [Problem(
            "edit_id_taken", column=_labels(layer_name, lang)[layer.id_column], value=ident)])
    result = EditResult(layer_name, added=[ident], warnings=warnings)
    new = pd.concat([current, clean], ignore_index=True)
    return _commit(ws, layer_name, new, result, base_token, who)


def change_geometries(ws: Workspace, layer_name: str, moved: dict, deleted: list[str] = (), *,
                      base_token: str | None, who: str | None = None, lang: str = "vi"
                      ) -> EditResult:
    """Move features (new geometry by id) and delete features, as one change.

    Parameters
    ----------
    moved : dict
        Id → new geometry (a point dragged, a polygon's vertices edited).
    deleted : list of str
        Ids of the features to delete.

    Raises
    ------
    InputError
        An unknown id, or a geometry the layer does not take (a polygon for a plant, a point
        outside the globe); nothing is written.
    WorkspaceError
        ``layer_changed`` when the layer changed since ``base_token``.
    """
    layer = get_layer(layer_name)
    _check_base(ws, layer_name, base_token)
    current = ws.read(layer_name).reset_index(drop=True)
    position = {str(v).strip(): i for i, v in enumerate(current[layer.id_column])}
    id_label = _labels(layer_name, lang)[layer.id_column]
    unknown = [k for k in [*moved, *deleted] if str(k).strip() not in position]
    if unknown:
        raise InputError("edit_refused", [Problem("edit_unknown_id", column=id_label, value=k)
                                          for k in unknown])
    keys = [str(k).strip() for k in moved]
    geoms, problems = check_geometries(list(moved.values()), layer, None,
                                       [position[k] + 1 for k in keys])
    _refuse(problems)
    result = EditResult(layer_name, warnings=problems)
    new = current.copy()
    for key, geom in zip(keys, geoms, strict=True):
        if not bool(current.geometry.iloc[position[key]].equals_exact(geom, 1e-9)):
            new.at[position[key], "geometry"] = geom
            result.changed.append(key)
    gone = [str(k).strip() for k in deleted]
    if gone:
        new = new.drop(index=[position[k] for k in gone])
        result.removed = gone
        result.changed = [k for k in result.changed if k not in gone]
    return _commit(ws, layer_name, new, result, base_token, who)

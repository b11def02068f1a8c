"""What an account may write: roles, and an area editor's admin units.

An **area editor** writes only rows whose ``unit_code`` is one of its units or a unit under
them (a former district and its communes, through ``admin_units.parent_code``), and only in the
layers that carry a ``unit_code``. Its *replace* replaces the rows of its area and keeps
everyone else's, so two editors importing their own communes at the same moment both land.
A **viewer** writes nothing; an **admin** or **provincial editor** writes everything.

This is the application's check (plain words, every refused row named); the database's
row-level security policies (:func:`fruitmap.workspace.pg_tables.policies_ddl`) enforce the
same rule for the app's role, and a PostGIS write scopes itself to the area editor's rows
(:meth:`fruitmap.workspace.postgis.PostgisWorkspace.write`).

A preview is stale when a change touched the account's area of the layer after the preview
was made (:func:`preview_mark`): on PostGIS each change records the admin units whose rows it
changed (``history.fm_units``), so another commune's change leaves the preview good; on a
GeoPackage (no accounts) any change to the layer makes it stale.
"""

from __future__ import annotations

import pandas as pd

from fruitmap.errors import InputError, Problem, WorkspaceError
from fruitmap.provenance import AREA_SUFFIX
from fruitmap.schema import get_layer
from fruitmap.workspace.pg_tables import AREA_TABLES, WRITER_ROLES

# One list for the application's check and the database's policies.
AREA_LAYERS = AREA_TABLES
WRITERS = WRITER_ROLES
RETRIES = 5  # an area replace re-reads and retries when another change landed meanwhile


def area_codes(admin_units: pd.DataFrame, units: tuple[str, ...]) -> set[str]:
    """Return ``units`` and every unit under them (children, grandchildren …)."""
    codes = {str(u).strip() for u in units if str(u).strip()}
    if admin_units is None or not len(admin_units) or "parent_code" not in admin_units:
        return codes
    unit = admin_units["unit_code"].astype("string").str.strip()
    parent = admin_units["parent_code"].astype("string").str.strip()
    while True:  # one pass per level (province → district → commune)
        more = set(unit[parent.isin(codes).fillna(False)].dropna()) - codes
        if not more:
            return codes
        codes |= more


def outside_area(frame: pd.DataFrame, allowed: set[str], file_name: str | None) -> list[Problem]:
    """Return one problem per row whose ``unit_code`` is blank or not in ``allowed``."""
    codes = frame["unit_code"].astype("string").str.strip() if "unit_code" in frame \
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    bad = ~codes.isin(allowed).fillna(False).to_numpy(dtype=bool)
    shown = ";".join(sorted(allowed))
    return [Problem("outside_area", "error", file=file_name, row=int(i) + 1,
                    column="unit_code", value="" if pd.isna(codes.iloc[i]) else codes.iloc[i],
                    params={"allowed": shown})
            for i in bad.nonzero()[0]]


def check_can_write(account, layer: str, frame: pd.DataFrame, admin_units: pd.DataFrame,
                    file_name: str | None = None) -> set[str] | None:
    """Refuse what ``account`` may not write; return its area (None: it may write anywhere).

    Raises
    ------
    InputError
        ``role_cannot_write`` for a viewer; ``layer_not_in_area`` for an area editor and a
        layer without ``unit_code``; ``rows_outside_area`` naming every row outside its units.
    """
    if account.role not in WRITERS:
        raise InputError("role_cannot_write", value=account.name, role=account.role)
    if account.role != "area_editor":
        return None
    if layer not in AREA_LAYERS:
        raise InputError("layer_not_in_area", value=layer, allowed=", ".join(AREA_LAYERS))
    allowed = area_codes(admin_units, account.units)
    problems = outside_area(frame, allowed, file_name)
    if problems:
        raise InputError("rows_outside_area", problems, n=len(problems), name=account.name,
                         allowed=";".join(sorted(allowed)))
    return allowed


def preview_mark(ws, account, layer: str) -> str:
    """Return an opaque mark of the last change that touched ``account``'s area of ``layer``.

    For an admin or provincial editor (and on a GeoPackage workspace, which has no accounts)
    the area is the whole layer. Give it back to :func:`import_as` as ``seen``.
    """
    if hasattr(ws, "change_mark"):
        return ws.change_mark(layer, account.name if account is not None else None)
    return ws.layer_token(layer)


def import_as(ws, account, prepared, mode: str = "replace", seen: str | None = None
              ) -> list[dict]:
    """Import a prepared file with ``account``'s rights, recorded under its name.

    An area editor's *replace* replaces the rows of its area only (rows of other units are
    kept). On PostGIS the database does that inside the write's transaction, under the
    write lock; on a GeoPackage the layer is rebuilt (other areas' rows + the file's) and
    written if it did not change meanwhile, else read again (up to :data:`RETRIES` times).

    Parameters
    ----------
    seen : str, optional
        The :func:`preview_mark` taken when the preview was shown: if another change touched
        the account's area of the layer since, nothing is written.

    Raises
    ------
    InputError
        As :func:`check_can_write`, and as :func:`fruitmap.files.ingest.import_prepared`;
        ``preview_stale`` (who changed the area, and when) when ``seen`` no longer holds.
    WorkspaceError
        When the write fails (nothing is written).
    """
    from fruitmap.files.ingest import import_prepared

    if prepared.errors:
        return import_prepared(ws, prepared, mode=mode, user=account.name)  # refuses
    admin = ws.read("admin_units") if ws.exists() else None
    allowed = check_can_write(account, prepared.layer, prepared.frame, admin,
                              prepared.file_name)
    if hasattr(ws, "change_mark"):  # PostGIS: scoped and checked inside the transaction
        if mode == "append":
            _refuse_existing_ids(ws, prepared)
        return ws.write({prepared.layer: prepared.frame}, action="import", who=account.name,
                        source_file=prepared.file_name, source_sha256=prepared.sha256,
                        mode=mode, seen=None if seen is None else {prepared.layer: seen})
    if seen is not None and ws.layer_token(prepared.layer) != seen:
        _raise_stale(ws, prepared.layer)
    if allowed is None or mode == "append":
        if seen is None:
            return import_prepared(ws, prepared, mode=mode, user=account.name)
        if mode == "append":
            _refuse_existing_ids(ws, prepared)
        return _write_seen(ws, {prepared.layer: prepared.frame}, prepared, account, mode, seen)
    for attempt in range(RETRIES):
        token = ws.layer_token(prepared.layer)
        if seen is not None and token != seen:
            _raise_stale(ws, prepared.layer)
        before = ws.read(prepared.layer)
        codes = before["unit_code"].astype("string").str.strip()
        kept = before[~codes.isin(allowed).fillna(False).to_numpy(dtype=bool)]
        _refuse_taken_ids(kept, prepared)
        combined = pd.concat([kept, prepared.frame], ignore_index=True)
        if get_layer(prepared.layer).is_spatial:
            import geopandas as gpd

            combined = gpd.GeoDataFrame(combined, geometry="geometry", crs="EPSG:4326")
        try:
            # "(area)": the other areas' rows keep their own sources (fruitmap.provenance).
            return ws.write({prepared.layer: combined}, action="import" + AREA_SUFFIX,
                            who=account.name, source_file=prepared.file_name,
                            source_sha256=prepared.sha256, expected={prepared.layer: token})
        except WorkspaceError as exc:
            if exc.code != "layer_changed" or attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def _write_seen(ws, changes, prepared, account, mode, seen) -> list[dict]:
    # A GeoPackage write that lands only if the layer is still as previewed.
    try:
        return ws.write(changes, action="import", who=account.name,
                        source_file=prepared.file_name, source_sha256=prepared.sha256,
                        mode=mode, expected={prepared.layer: seen})
    except WorkspaceError as exc:
        if exc.code != "layer_changed":
            raise
        _raise_stale(ws, prepared.layer)


def _raise_stale(ws, layer: str):
    from fruitmap.workspace.postgis import short_time

    hist = ws.history()
    rows = hist[hist["layer"] == layer] if len(hist) else hist
    who, when = ("?", "?") if not len(rows) else \
        (str(rows["who"].iloc[0]), short_time(str(rows["when"].iloc[0])))
    raise InputError("preview_stale", name=who, time=when, layer=layer)


def _refuse_existing_ids(ws, prepared) -> None:
    # As import_prepared does for an append: ids stay unique in the layer.
    key = get_layer(prepared.layer).id_column
    if not key or not ws.exists():
        return
    existing = ws.read(prepared.layer)
    taken = set(existing[key].dropna().astype(str).str.strip().str.casefold())
    new = prepared.frame[key].astype("string").str.strip()
    clash = new.str.casefold().isin(taken).fillna(False).to_numpy(dtype=bool)
    problems = [Problem("id_exists", "error", file=prepared.file_name, column=key,
                        value=new.iloc[i]) for i in clash.nonzero()[0]]
    if problems:
        raise InputError("import_refused", problems, file=prepared.file_name,
                         n=len(problems))


def _refuse_taken_ids(kept: pd.DataFrame, prepared) -> None:
    # Ids stay unique in the layer: a row of another area may not be taken over by id.
    key = get_layer(prepared.layer).id_column
    taken = set(kept[key].dropna().astype(str).str.strip().str.casefold())
    new = prepared.frame[key].astype("string").str.strip()
    clash = new.str.casefold().isin(taken).fillna(False).to_numpy(dtype=bool)
    problems = [Problem("id_in_other_area", "error", file=prepared.file_name, column=key,
                        value=new.iloc[i]) for i in clash.nonzero()[0]]
    if problems:
        raise InputError("import_refused", problems, file=prepared.file_name,
                         n=len(problems))

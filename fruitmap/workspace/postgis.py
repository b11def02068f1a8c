"""A workspace in a PostgreSQL + PostGIS database (the department's shared server).

The same API as the GeoPackage :class:`fruitmap.workspace.geopackage.Workspace` (read, write
all or nothing, history, versions, rollback, tokens), over the tables of
:mod:`fruitmap.workspace.pg_tables`. A change is one database transaction: the previous
versions, the new rows and the ``history`` rows are committed together or not at all, and a
reader never sees a half-written change (it reads the last committed state). Writers take one
transaction-level advisory lock, so changes are numbered one after the other as in the
GeoPackage.

Rows are loaded by ``COPY`` into a temporary staging table and moved with ``INSERT … SELECT``:
``COPY`` is refused on tables with row-level security for the roles it binds, and the app's
role is such a role. The password never sits in the URL kept here (see
:mod:`fruitmap.workspace.dburl`).
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from fruitmap.columns import from_storage, to_storage
from fruitmap.errors import InputError, Problem, WorkspaceError
from fruitmap.provenance import APPEND_SUFFIX, AREA_SUFFIX
from fruitmap.schema import HISTORY, LAYERS, get_layer
from fruitmap.workspace import dburl
from fruitmap.workspace.base import HistoryReading
from fruitmap.workspace.geopackage import (
    CRS,
    _decode_snapshot,
    _default_user,
    _encode_snapshot,
    _now,
    empty_layer,
)
from fruitmap.workspace.pg_tables import (
    AREA_TABLES,
    EXTRA,
    META,
    ROW,
    SHARED_TABLES,
    UNITS,
    USER_SETTING,
    VERSIONS,
    WRITER_ROLES,
    quoted,
    table,
    workspace_layers,
)

# One advisory-lock key for "a change to this workspace is being written".
WRITE_LOCK_KEY = 0x66727569  # "frui"
_ENGINES: dict[str, object] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str):
    """Return the (pooled, shared) SQLAlchemy engine of the clean database ``url``.

    Engines are keyed by the URL without password; the password, when fruitmap holds one,
    is handed to the driver at connect time (see :func:`fruitmap.workspace.dburl.password_for`).
    """
    from sqlalchemy import create_engine

    clean, _ = dburl.split_password(url)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(clean)
        if engine is None:
            from sqlalchemy import event

            engine = create_engine("postgresql+psycopg://" + clean.split("://", 1)[1],
                                   pool_pre_ping=True, pool_size=5, max_overflow=10,
                                   connect_args={"connect_timeout": 10})

            @event.listens_for(engine, "do_connect")
            def _password(dialect, record, cargs, cparams, clean=clean):
                # Looked up at each new connection: a password kept after the engine was
                # made (Streamlit's secrets) is used too; none lets libpq read ~/.pgpass.
                password = dburl.password_for(clean)
                if password:
                    cparams["password"] = password

            _ENGINES[clean] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests drop their databases afterwards)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


class PostgisWorkspace(HistoryReading):
    """A fruitmap workspace in a PostGIS database.

    Parameters
    ----------
    url : str
        ``postgresql://USER@HOST:PORT/DB``. A password inside it is taken out and kept in this
        process only (:func:`fruitmap.workspace.dburl.remember_password`); :attr:`path` and
        :attr:`location` never hold it.
    """

    def __init__(self, url: str, account: str | None = None) -> None:
        self.location = dburl.remember_password(url, None)
        # Pages and caches use str(ws.path) to show and key the workspace: the clean URL.
        self.path = self.location
        self.account = account

    def __repr__(self) -> str:
        return f"PostgisWorkspace({self.location!r})"

    def as_account(self, name: str) -> PostgisWorkspace:
        """Return this workspace writing with the rights of the account ``name``.

        Every change is then made as that account (the transaction's ``fruitmap.user``,
        which the row-level security policies and the audit log read), whatever person its
        ``who`` records in ``history``. Without it, the person named by ``who`` must be an
        account allowed to write (on the app's URL the database refuses anyone else).
        """
        return PostgisWorkspace(self.location, account=str(name).strip())

    def _person(self, who: str | None) -> str:
        return self.account or who or _default_user()

    # ------------------------------------------------------------------ connections
    @contextmanager
    def _cursor(self, write: bool = False, snapshot: bool = False):
        """Yield a psycopg cursor inside one transaction (committed on a clean exit).

        ``snapshot`` makes every read of the transaction see the same committed state.
        """
        import psycopg
        import sqlalchemy.exc

        try:
            sa_conn = engine_for(self.location).connect()
        except (sqlalchemy.exc.OperationalError, psycopg.OperationalError) as exc:
            raise WorkspaceError("database_unreachable", path=self.location,
                                 reason=_reason(exc)) from exc
        try:
            raw = sa_conn.connection.driver_connection
            with raw.transaction(), raw.cursor() as cur:
                if not write:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                if snapshot else "SET TRANSACTION READ ONLY")
                yield cur
        finally:
            sa_conn.close()

    @contextmanager
    def transaction(self, who: str | None = None):
        """Yield a cursor inside one read-write transaction (committed on a clean exit).

        ``who`` is set as the person of the transaction (``fruitmap.user``, for the audit log).
        For server tasks other than layer changes (accounts, logins).
        """
        with self._cursor(write=True) as cur:
            if who is not None:
                _set_user(cur, who)
            yield cur

    def _query(self, sql: str, params=None) -> list[tuple]:
        import psycopg

        try:
            with self._cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        except psycopg.errors.UndefinedTable as exc:
            raise WorkspaceError("database_not_initialised", path=self.location) from exc
        except psycopg.Error as exc:
            raise WorkspaceError("workspace_unreadable", path=self.location,
                                 reason=_reason(exc)) from exc

    # ------------------------------------------------------------------ reading
    def initialised(self) -> bool:
        """True when the database holds fruitmap's schema (``db init`` has run)."""
        return bool(self._query("SELECT to_regclass(%s) IS NOT NULL",
                                (f"fruitmap.{quoted('history')}",))[0][0])

    def exists(self) -> bool:
        """True when the database holds fruitmap's schema and some data or history."""
        return self.initialised() and bool(self.layer_names())

    def _require(self) -> None:
        if not self.initialised():
            raise WorkspaceError("database_not_initialised", path=self.location)

    def layer_names(self) -> list[str]:
        """Return the layers and tables that hold rows or were ever written."""
        if not self.initialised():
            return []
        names = [*workspace_layers(), VERSIONS]
        parts = [f"SELECT %s WHERE EXISTS (SELECT 1 FROM {table(n)})" for n in names]
        parts.append(f"SELECT DISTINCT layer FROM {table('history')}")
        found = {r[0] for r in self._query(" UNION ".join(parts), names)}
        return [n for n in names if n in found]

    def token(self) -> str:
        """Return a string that changes whenever a change is committed (for caches)."""
        if not self.initialised():
            return "missing"
        row = self._query(
            f"SELECT (SELECT value FROM {table(META)} WHERE key = 'workspace_id'), "
            f"count(*), coalesce(max(change_id), 0) FROM {table('history')}")[0]
        return f"{row[0]}-{row[1]}-{row[2]}"

    def read(self, name: str) -> pd.DataFrame:
        """Read a layer or table in its in-memory form (see ``Workspace.read``)."""
        layer = get_layer(name)
        self._require()
        with self._reading() as cur:
            raw = _read_raw(cur, name)
        if raw is None:
            return empty_layer(name)
        return _in_memory(raw, layer)

    @contextmanager
    def _reading(self):
        import psycopg

        try:
            with self._cursor() as cur:
                yield cur
        except psycopg.Error as exc:
            raise WorkspaceError("workspace_unreadable", path=self.location,
                                 reason=_reason(exc)) from exc

    def read_all(self) -> dict[str, pd.DataFrame]:
        """Read every layer and table of the contract from one consistent snapshot."""
        import psycopg

        self._require()
        try:
            with self._cursor(snapshot=True) as cur:
                raws = {name: _read_raw(cur, name) for name in LAYERS}
        except psycopg.Error as exc:
            raise WorkspaceError("workspace_unreadable", path=self.location,
                                 reason=_reason(exc)) from exc
        return {name: empty_layer(name) if raw is None else _in_memory(raw, get_layer(name))
                for name, raw in raws.items()}

    def layer_token(self, name: str) -> str:
        """Return a string that changes whenever a recorded change touches layer ``name``."""
        if not self.initialised():
            return "none"
        with self._reading() as cur:
            return _layer_token(cur, name)

    def versions(self, layer: str | None = None) -> pd.DataFrame:
        """List saved previous versions (``version_id``, ``layer``, ``saved_at``, ``rows``)."""
        cols = ["version_id", "layer", "saved_at", "rows"]
        if not self.initialised():
            return pd.DataFrame(columns=cols)
        where, params = ("WHERE layer = %s", (layer,)) if layer is not None else ("", None)
        rows = self._query(f"SELECT version_id, layer, saved_at, rows FROM {table(VERSIONS)} "
                           f"{where} ORDER BY {ROW}", params)
        return pd.DataFrame(rows, columns=cols)

    def read_version(self, version_id: str) -> pd.DataFrame:
        """Return the content of a saved previous version, in its in-memory form."""
        self._require()
        rows = self._query(f"SELECT layer, data FROM {table(VERSIONS)} WHERE version_id = %s",
                           (str(version_id),))
        if not rows:
            raise WorkspaceError("version_missing", value=version_id)
        return _decode_snapshot(rows[0][1], get_layer(rows[0][0]))

    # ------------------------------------------------------------------ writing
    def write(self, changes: dict[str, pd.DataFrame], *, action: str, who: str | None = None,
              source_file: str | None = None, source_sha256: str | None = None,
              mode: str = "replace", lock_timeout: float = 30.0,
              expected: dict[str, str] | None = None,
              seen: dict[str, str] | None = None) -> list[dict]:
        """Write one or more layers as a single all-or-nothing change and record it.

        Parameters and result as :meth:`fruitmap.workspace.geopackage.Workspace.write`. The
        whole change (versions, layers, history rows) is one transaction, made as the
        account :attr:`account` or else the one named by ``who``.

        When that account is an **area editor** (the database says so inside the
        transaction: ``fruitmap.session_role()``, ``fruitmap.session_area()``), a write of an
        area layer (zones, plants, cold stores, industrial areas) changes only the rows of
        its area: *replace* deletes the area's stored rows and inserts the area's rows of the
        new frame; rows of the new frame outside the area must equal stored rows (a layer
        read, edited in the area and written back) and are left as they are; stored rows
        outside the area are kept. *append* adds rows that must all be in the area. New rows
        follow the stored ones (``fm_row``). ``seen`` maps a layer to a mark of
        :meth:`change_mark`: when a change touched the writer's area of that layer since,
        the write is refused (``preview_stale``).

        Raises
        ------
        WorkspaceError
            ``workspace_busy`` when another writer holds the lock longer than
            ``lock_timeout``; ``layer_changed`` when ``expected`` no longer holds;
            ``write_needs_account`` on the app's URL without an account allowed to write;
            ``write_refused_by_database`` when row-level security refuses a row;
            ``workspace_write_failed`` when the database refuses the change otherwise.
        InputError
            ``role_cannot_write`` for a viewer; ``layer_not_in_area``,
            ``rows_outside_area`` (every row named, with the units allowed) or
            ``import_refused`` (an ID of another area's row) for an area editor;
            ``preview_stale`` (who changed the area, and when).
            Nothing is written then.
        """
        return self._write(changes, action=action, who=who, source_file=source_file,
                           source_sha256=source_sha256, mode=mode, lock_timeout=lock_timeout,
                           expected=expected, seen=seen)

    def _write(self, changes, *, action, who, source_file=None, source_sha256=None,
               mode="replace", lock_timeout=30.0, expected=None, seen=None,
               outside="check") -> list[dict]:
        # outside: "check" (rows outside an area editor's area must equal stored ones) or
        # "ignore" (they are left out: a rollback restores the area's rows only).
        import psycopg

        layers = {name: get_layer(name) for name in changes}  # unknown layer: nothing starts
        self._require()
        person = self._person(who)
        try:
            with self._cursor(write=True) as cur:
                _lock(cur, lock_timeout)
                _set_user(cur, person)
                scope = _scope(cur, person)
                _refuse_unwritable(scope, layers)
                for name, token in (expected or {}).items():
                    if _layer_token(cur, name) != token:
                        raise WorkspaceError("layer_changed", layer=name)
                for name, mark in (seen or {}).items():
                    _refuse_stale(cur, name, mark, scope.area)
                return _write_changes(cur, changes, layers, action, who or person,
                                      source_file, source_sha256, mode, scope, outside)
        except (WorkspaceError, InputError):
            raise
        except psycopg.errors.InsufficientPrivilege as exc:
            raise WorkspaceError("write_refused_by_database", who=person,
                                 layer=", ".join(changes), reason=_reason(exc)) from exc
        except (psycopg.Error, OSError, ValueError, TypeError,
                shapely.errors.ShapelyError) as exc:
            raise WorkspaceError("workspace_write_failed", path=self.location,
                                 reason=_reason(exc)) from exc

    def change_mark(self, layer: str, who: str | None = None) -> str:
        """Return a mark of the last change that touched ``who``'s area of ``layer``.

        For an area editor, the last change whose recorded units (``history.fm_units``)
        meet its area, or that touched the whole layer; for anyone else, the last change of
        the layer. A change to another commune leaves an area editor's mark as it was.
        """
        if not self.initialised():
            return "none"
        with self._reading() as cur:
            _set_user(cur, self._person(who))
            return _area_change(cur, layer, _scope(cur, self._person(who)).area)[0]

    def needs_account(self) -> bool:
        """True when the database's policies bind this connection (the app's role): a write
        then needs an account allowed to write."""
        if not self.initialised():
            return False
        with self._reading() as cur:
            return _bound(cur)

    def load(self, layers: dict[str, pd.DataFrame], history: pd.DataFrame,
             versions: pd.DataFrame, *, who: str, source_file: str,
             source_sha256: str | None) -> list[dict]:
        """Copy another workspace in as one all-or-nothing change (``db load``).

        Its ``history`` rows come first (numbered after the ones already here) with its saved
        versions (``version_id``, ``layer``, ``saved_at``, ``rows``, ``data``), so its earlier
        changes can still be compared and restored; then ``layers`` are written as a change
        with action ``load``, which saves what they replace.

        Returns
        -------
        list of dict
            The history rows of the load itself.
        """
        import psycopg

        kinds = {name: get_layer(name) for name in layers}
        self._require()
        try:
            with self._cursor(write=True) as cur:
                _lock(cur, 30.0)
                _set_user(cur, who)
                if len(history):
                    cur.execute(f"SELECT coalesce(max(change_id), 0) FROM {table('history')}")
                    offset = int(cur.fetchone()[0])
                    old = to_storage(history, HISTORY).reset_index(drop=True)
                    ids = pd.to_numeric(old["change_id"], errors="coerce")
                    # Blank ids (a table from another tool) get numbers after the others.
                    fill = ids.max() if ids.notna().any() else 0
                    ids = ids.fillna(pd.Series(fill + 1 + np.arange(len(ids)), index=ids.index))
                    old["change_id"] = (ids + offset).astype("Int64")
                    _insert_rows(cur, "history", old, HISTORY,
                                 first_row=_next_row(cur, "history"))
                for row in versions.itertuples(index=False):  # a handful of rows
                    cur.execute(f"INSERT INTO {table(VERSIONS)} (version_id, {ROW}, layer, "
                                "saved_at, rows, data) VALUES (%s, %s, %s, %s, %s, %s) "
                                "ON CONFLICT (version_id) DO NOTHING",
                                (str(row.version_id), _next_row(cur, VERSIONS), str(row.layer),
                                 _text(row.saved_at),
                                 None if pd.isna(row.rows) else int(row.rows), str(row.data)))
                return _write_changes(cur, layers, kinds, "load", who, source_file,
                                      source_sha256, "replace", _scope(cur, who), "check")
        except WorkspaceError:
            raise
        except (psycopg.Error, OSError, ValueError, TypeError,
                shapely.errors.ShapelyError) as exc:
            raise WorkspaceError("workspace_write_failed", path=self.location,
                                 reason=_reason(exc)) from exc

    def versions_with_data(self) -> pd.DataFrame:
        """Return every saved version with its content (``data``), for ``db dump``."""
        rows = self._query(f"SELECT version_id, layer, saved_at, rows, data "
                           f"FROM {table(VERSIONS)} ORDER BY {ROW}")
        return pd.DataFrame(rows, columns=["version_id", "layer", "saved_at", "rows", "data"])

    def read_stored(self) -> dict[str, pd.DataFrame]:
        """Read every layer and table that is stored (views included), one snapshot."""
        import psycopg

        self._require()
        try:
            with self._cursor(snapshot=True) as cur:
                raws = {name: _read_raw(cur, name) for name in workspace_layers()}
        except psycopg.Error as exc:
            raise WorkspaceError("workspace_unreadable", path=self.location,
                                 reason=_reason(exc)) from exc
        return {name: _in_memory(raw, get_layer(name)) for name, raw in raws.items()
                if raw is not None}

    def rollback(self, layer: str, version_id: str, who: str | None = None,
                 expected: str | None = None) -> list[dict]:
        """Restore a saved previous version of ``layer`` (itself recorded, so it can be undone)."""
        versions = self.versions(layer)
        if version_id not in set(versions["version_id"]):
            raise WorkspaceError("version_missing", value=version_id)
        data = self.read_version(version_id)
        # An area editor restores the rows of its area only (rows of other areas in the
        # version are left out, the other areas' current rows kept); see _write.
        return self._write({layer: data}, action=f"rollback to {version_id}", who=who,
                           expected=None if expected is None else {layer: expected},
                           outside="ignore")


# ---------------------------------------------------------------------- reading helpers
def _read_raw(cur, name: str) -> pd.DataFrame | None:
    """Return the stored rows of ``name`` (stored form, extras expanded); None when unwritten."""
    layer = get_layer(name)
    cols = [c.name for c in layer.columns]
    select = [quoted(c) for c in cols] + [EXTRA]
    if layer.is_spatial:
        select.append("ST_AsBinary(geometry)")
    cur.execute(f"SELECT {', '.join(select)} FROM {table(name)} ORDER BY {ROW}")
    rows = cur.fetchall()
    if not rows:
        cur.execute(f"SELECT EXISTS (SELECT 1 FROM {table('history')} WHERE layer = %s)",
                    (name,))
        if not cur.fetchone()[0]:
            return None
    names = cols + [EXTRA] + (["geometry"] if layer.is_spatial else [])
    frame = pd.DataFrame.from_records(rows, columns=names) if rows else \
        pd.DataFrame({c: pd.Series(dtype="object") for c in names})
    extras = frame.pop(EXTRA)
    if extras.notna().any():
        wide = pd.DataFrame.from_records([e if isinstance(e, dict) else {} for e in extras],
                                         index=frame.index)
        frame = frame.join(wide[[c for c in wide.columns if c not in frame.columns]])
    if layer.is_spatial:
        geoms = shapely.from_wkb(np.asarray([None if g is None else bytes(g)
                                             for g in frame.pop("geometry")], dtype=object))
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index),
                                 crs=CRS)
    return frame


def _in_memory(raw: pd.DataFrame, layer) -> pd.DataFrame:
    out = from_storage(raw, layer)
    if layer.is_spatial:
        out = gpd.GeoDataFrame(out, geometry="geometry", crs=CRS)
    return out


def _layer_token(cur, name: str) -> str:
    # The same fields as the GeoPackage's layer_token, so a token means the same on both.
    cur.execute(f'SELECT change_id, "when", version_id, rows_after, action '
                f"FROM {table('history')} WHERE layer = %s "
                "ORDER BY change_id DESC NULLS LAST LIMIT 1", (name,))
    row = cur.fetchone()
    if row is None:
        return "none"
    return "|".join(str(v) for v in row)


def _set_user(cur, who: str) -> None:
    # For this transaction only (is_local): a pooled connection never carries it over.
    cur.execute("SELECT set_config(%s, %s, true)", (USER_SETTING, str(who)))


@dataclass(frozen=True)
class _Scope:
    """Who writes in a transaction, as the database sees it."""

    person: str
    role: str | None  # the account's role; None: no account of that name
    area: tuple[str, ...] | None  # an area editor's units and those under them, else None
    bound: bool  # the connecting role is bound by the app's policies (the app's URL)


def _bound(cur) -> bool:
    # Bound: neither superuser, nor allowed to bypass row-level security, nor the owner.
    cur.execute("SELECT NOT (r.rolsuper OR r.rolbypassrls) "
                "AND NOT pg_has_role(current_user, c.relowner, 'USAGE') "
                "FROM pg_roles r, pg_class c WHERE r.rolname = current_user "
                "AND c.oid = %s::regclass", (table("history"),))
    return bool(cur.fetchone()[0])


def _scope(cur, person: str) -> _Scope:
    """Ask the database whose rights the open transaction writes with (set_user first)."""
    cur.execute("SELECT fruitmap.session_role(), fruitmap.session_area()")
    role, area = cur.fetchone()
    return _Scope(person, role, None if area is None else tuple(sorted(area)), _bound(cur))


def _refuse_unwritable(scope: _Scope, layers: dict) -> None:
    """Refuse, in plain words, a change the policies would refuse row by row."""
    if scope.bound and scope.role not in WRITER_ROLES:
        if scope.role is None:
            raise WorkspaceError("write_needs_account", who=scope.person)
        raise InputError("role_cannot_write", value=scope.person, role=scope.role)
    if scope.area is not None:
        for name in layers:
            if name not in AREA_TABLES and name not in SHARED_TABLES:
                raise InputError("layer_not_in_area", value=name,
                                 allowed=", ".join(AREA_TABLES))


def _area_change(cur, layer: str, area: tuple[str, ...] | None) -> tuple[str, str, str]:
    """Return (mark, who, when) of the last change touching ``area`` of ``layer`` (None:
    any change of the layer); ("none", "", "") when there is none."""
    if area is None:
        cur.execute(f'SELECT change_id, who, "when" FROM {table("history")} WHERE layer = %s '
                    "ORDER BY change_id DESC NULLS LAST LIMIT 1", (layer,))
    else:
        cur.execute(f'SELECT change_id, who, "when" FROM {table("history")} WHERE layer = %s '
                    f"AND ({UNITS} IS NULL OR string_to_array({UNITS}, ';') && %s::text[]) "
                    "ORDER BY change_id DESC NULLS LAST LIMIT 1", (layer, list(area)))
    row = cur.fetchone()
    if row is None:
        return "none", "", ""
    return f"change-{row[0]}", str(row[1] or ""), str(row[2] or "")


def _refuse_stale(cur, layer: str, mark: str, area) -> None:
    now, who, when = _area_change(cur, layer, area)
    if now != mark:
        raise InputError("preview_stale", name=who, time=short_time(when), layer=layer)


def short_time(when: str) -> str:
    """Return a history time as "10:42" (today) or "2026-12-01 10:42" (another day)."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(str(when))
    except ValueError:
        return str(when)
    local = moment.astimezone() if moment.tzinfo else moment
    if local.date() == datetime.now(local.tzinfo).date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _lock(cur, timeout: float) -> None:
    deadline = time.monotonic() + max(float(timeout), 0.0)
    while True:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        if cur.fetchone()[0]:
            return
        if time.monotonic() >= deadline:
            raise WorkspaceError("workspace_busy")
        time.sleep(0.05)


# ---------------------------------------------------------------------- writing helpers
def _write_changes(cur, changes, layers, action, who, source_file, source_sha256, mode,
                   scope: _Scope, outside: str):
    cur.execute(f"SELECT coalesce(max(change_id), 0) FROM {table('history')}")
    next_id = int(cur.fetchone()[0]) + 1
    hist_rows, units = [], []
    for name, new in changes.items():
        layer = layers[name]
        raw = _read_raw(cur, name)
        before = None if raw is None else _in_memory(raw, layer)
        rows_before = 0 if before is None else len(before)
        version_id = None
        if before is not None and rows_before:
            version_id = uuid.uuid4().hex[:12]
            cur.execute(f"INSERT INTO {table(VERSIONS)} (version_id, {ROW}, layer, saved_at, "
                        "rows, data) VALUES (%s, %s, %s, %s, %s, %s)",
                        (version_id, _next_row(cur, VERSIONS), name, _now(), rows_before,
                         _encode_snapshot(before, layer)))
        if scope.area is not None and name in AREA_TABLES:
            touched = _write_area(cur, name, new.reset_index(drop=True), before, layer, scope,
                                  mode, outside, source_file)
        else:
            if mode == "append" and before is not None:
                combined = pd.concat([before, new], ignore_index=True)
                new = gpd.GeoDataFrame(combined, geometry="geometry", crs=CRS) \
                    if layer.is_spatial else combined
            # The units whose rows changed (area layers), so previews of others stay good.
            touched = _touched_units(before, new, layer) if name in AREA_TABLES else None
            _write_layer(cur, name, new, layer)
        cur.execute(f"SELECT count(*) FROM {table(name)}")
        hist_rows.append({
            "change_id": next_id + len(hist_rows), "when": _now(), "who": who,
            "action": _scoped_action(action, mode, area=scope.area is not None
                                     and name in AREA_TABLES),
            "layer": name, "source_file": source_file, "source_sha256": source_sha256,
            "rows_before": rows_before, "rows_after": int(cur.fetchone()[0]),
            "version_id": version_id,
        })
        units.append(touched)
    _insert_rows(cur, "history", to_storage(pd.DataFrame(hist_rows), HISTORY), HISTORY,
                 first_row=_next_row(cur, "history"), units=units)
    return hist_rows


def _scoped_action(action: str, mode: str, area: bool) -> str:
    """The history action of a write: an append, or an area editor's replace of its area."""
    if mode == "append":
        return action + APPEND_SUFFIX
    # An edit or a rollback already says what it did; an import of one area's rows must not
    # read as the source of the whole layer (fruitmap.provenance).
    if area and not action.startswith(("edit", "rollback to ")):
        return action + AREA_SUFFIX
    return action


def _next_row(cur, name: str) -> int:
    cur.execute(f"SELECT coalesce(max({ROW}), -1) + 1 FROM {table(name)}")
    return int(cur.fetchone()[0])


def _write_layer(cur, name: str, df: pd.DataFrame, layer) -> None:
    """Replace every row of table ``name`` by ``df`` (in-memory form), in the open transaction."""
    cur.execute(f"DELETE FROM {table(name)}")
    _insert_rows(cur, name, to_storage(df, layer), layer, first_row=0)


def _inside(frame: pd.DataFrame, area) -> np.ndarray:
    """Rows of ``frame`` whose ``unit_code`` is in ``area`` (a blank code is in none)."""
    if "unit_code" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    codes = frame["unit_code"].astype("string").str.strip()
    return codes.isin(list(area)).fillna(False).to_numpy(dtype=bool)


def _row_keys(frame: pd.DataFrame, layer, extras: list[str]) -> np.ndarray:
    """Return a 64-bit hash of every value of each row (its ID among them), to compare rows
    without a Python loop.

    Both sides go through the same stored form, so a row read and written back unchanged
    gets the same key; shapes are hashed as WKB.
    """
    from fruitmap.schema import BOOL, FLOAT, INT, MONTH

    stored = to_storage(frame, layer)
    blank = pd.Series(pd.NA, index=stored.index, dtype="string")
    numeric = {c.name for c in layer.columns if c.kind in (FLOAT, INT, MONTH, BOOL)}
    values = {}
    for name in [c.name for c in layer.columns] + extras:
        col = stored[name] if name in stored.columns else blank
        # Numbers as float64 (Int64 6 and float 6.0 alike), text as text, blanks alike.
        values[name] = pd.to_numeric(col, errors="coerce").astype("float64") \
            if name in numeric else col.astype("str")
    hashes = pd.util.hash_pandas_object(pd.DataFrame(values, index=stored.index),
                                        index=False).to_numpy()
    if layer.is_spatial:
        wkb = shapely.to_wkb(np.asarray(_in_crs(stored), dtype=object))
        shape = pd.util.hash_pandas_object(pd.Series(wkb, dtype=object), index=False)
        hashes = hashes ^ (shape.to_numpy() * np.uint64(0x9E3779B97F4A7C15))
    return hashes


def _common_extras(a: pd.DataFrame, b: pd.DataFrame, layer) -> list[str]:
    contract = {c.name for c in layer.columns} | {"geometry"}
    return sorted((set(a.columns) & set(b.columns)) - contract)


def _touched_units(before, new, layer, where_before=None, where_new=None) -> str:
    """Return the units (``;``-joined, sorted) of rows removed, added or changed."""
    if before is None or not len(before):
        old_rows = new.iloc[0:0]
    else:
        old_rows = before if where_before is None else before[where_before]
    new_rows = new if where_new is None else new[where_new]
    extras = _common_extras(old_rows, new_rows, layer)
    old_keys, new_keys = _row_keys(old_rows, layer, extras), _row_keys(new_rows, layer, extras)
    gone = old_rows[~np.isin(old_keys, new_keys)]
    added = new_rows[~np.isin(new_keys, old_keys)]
    codes = pd.concat([gone.get("unit_code", pd.Series(dtype="object")),
                       added.get("unit_code", pd.Series(dtype="object"))])
    codes = codes.astype("string").str.strip()
    return ";".join(sorted(set(codes[codes.fillna("").ne("")])))


def _write_area(cur, name, new, before, layer, scope: _Scope, mode, outside,
                source_file) -> str:
    """Write an area editor's rows of an area layer (see PostgisWorkspace.write).

    Returns the units whose rows changed.
    """
    area = list(scope.area)
    allowed = ";".join(area)
    if before is None:
        before = new.iloc[0:0]
    new_in, old_in = _inside(new, area), _inside(before, area)
    if outside == "check" or mode == "append":
        bad = ~new_in
        if mode == "replace" and bad.any():
            # Rows outside the area pass when they equal a stored row outside it.
            old_out = before[~old_in]
            extras = _common_extras(old_out, new, layer)
            bad &= ~np.isin(_row_keys(new, layer, extras), _row_keys(old_out, layer, extras))
        if bad.any():
            codes = new["unit_code"].astype("string") if "unit_code" in new.columns \
                else pd.Series(pd.NA, index=new.index, dtype="string")
            problems = [Problem("outside_area", "error", file=source_file, row=int(i) + 1,
                                column="unit_code",
                                value="" if pd.isna(codes.iloc[i]) else codes.iloc[i],
                                params={"allowed": allowed}) for i in np.flatnonzero(bad)]
            raise InputError("rows_outside_area", problems, n=len(problems),
                             name=scope.person, allowed=allowed)
    key = layer.id_column
    # IDs stay unique in the layer: a row of another area may not be taken over by ID.
    taken = before.loc[~old_in, key].dropna().astype(str).str.strip().str.casefold()
    ids = new[key].astype("string").str.strip()
    clash = new_in & ids.str.casefold().isin(set(taken)).fillna(False).to_numpy(dtype=bool)
    if clash.any():
        problems = [Problem("id_in_other_area", "error", file=source_file, row=int(i) + 1,
                            column=key, value=ids.iloc[i]) for i in np.flatnonzero(clash)]
        raise InputError("import_refused", problems, file=source_file or name,
                         n=len(problems))
    if mode == "replace":
        touched = _touched_units(before, new, layer, old_in, new_in)
        cur.execute(f"DELETE FROM {table(name)} "
                    "WHERE coalesce(btrim(unit_code) = ANY (%s::text[]), false)", (area,))
    else:
        touched = _touched_units(None, new, layer)
    # The area's new rows follow every stored row (fm_row), in the frame's order.
    _insert_rows(cur, name, to_storage(new[new_in], layer), layer,
                 first_row=_next_row(cur, name))
    return touched


def _stage_columns(layer) -> list[str]:
    return [ROW, *(c.name for c in layer.columns), EXTRA] + \
        (["geometry"] if layer.is_spatial else [])


def _insert_rows(cur, name: str, stored: pd.DataFrame, layer, first_row: int,
                 units: list | None = None) -> None:
    """Add ``stored`` (stored form) to table ``name`` through a temporary staging table.

    ``units`` (history only) fills the bookkeeping column ``fm_units``.
    """
    stage = _stage(cur, name, stored, layer, first_row)
    if stage is None:
        return
    columns = _stage_columns(layer)
    if units is not None:
        # Through a parameter, not the CSV: there a blank ("no unit touched") reads as NULL
        # ("the whole layer").
        cur.execute(f"UPDATE {stage} SET {UNITS} = (%s::text[])[{ROW} - %s + 1]",
                    (list(units), first_row))
        columns.append(UNITS)
    names = ", ".join(quoted(c) for c in columns)
    cur.execute(f"INSERT INTO {table(name)} ({names}) SELECT {names} FROM {stage}")
    cur.execute(f"DROP TABLE {stage}")


def _stage(cur, name: str, stored: pd.DataFrame, layer, first_row: int) -> str | None:
    """Copy ``stored`` into a temporary table shaped as ``name``; its name (None: no rows)."""
    if not len(stored):
        return None
    contract = [c.name for c in layer.columns]
    frame = pd.DataFrame({ROW: np.arange(first_row, first_row + len(stored))})
    for col in contract:
        # .array keeps Int64 as Int64 (a float "6.0" is refused by a bigint column).
        frame[col] = pd.Series(stored[col].array, index=frame.index) \
            if col in stored.columns else None
    extras = [c for c in stored.columns if c not in contract and c != "geometry"]
    if extras:
        lines = pd.DataFrame(stored[extras]).to_json(orient="records", lines=True,
                                                     force_ascii=False, date_format="iso")
        frame[EXTRA] = lines.rstrip("\n").split("\n")
    else:
        frame[EXTRA] = None
    columns = [ROW, *contract, EXTRA]
    if layer.is_spatial:
        geoms = np.asarray(_in_crs(stored), dtype=object)
        bad = ~(shapely.is_geometry(geoms) | pd.isna(geoms))
        if bad.any():
            raise ValueError(f"geometry of {name}, row {int(np.flatnonzero(bad)[0]) + 1}, "
                             f"is not a shape: {geoms[bad][0]!r}")
        geoms = shapely.set_srid(geoms, 4326)
        frame["geometry"] = shapely.to_wkb(geoms, hex=True, include_srid=True)
        columns.append("geometry")
    buf = io.StringIO()
    frame[columns].to_csv(buf, index=False, header=False, na_rep="")
    stage = f"fm_stage_{name}"
    cur.execute(f"CREATE TEMP TABLE {stage} (LIKE {table(name)}) ON COMMIT DROP")
    names = ", ".join(quoted(c) for c in columns)
    with cur.copy(f"COPY {stage} ({names}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(buf.getvalue())
    return stage


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) \
        else str(value)


def _in_crs(stored: pd.DataFrame):
    """Return the shapes of ``stored`` in EPSG:4326 (a frame without a CRS is taken as such)."""
    if not isinstance(stored, gpd.GeoDataFrame) or stored.crs is None:
        return stored["geometry"].array if isinstance(stored, gpd.GeoDataFrame) \
            else stored["geometry"].to_numpy(dtype=object)
    if not stored.crs.equals(CRS):
        return stored.geometry.to_crs(CRS).array
    return stored.geometry.array


def _reason(exc: BaseException) -> str:
    # Driver messages may quote the connection string: never let a password through.
    return dburl.redact(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))

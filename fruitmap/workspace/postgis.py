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

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from fruitmap.columns import from_storage, to_storage
from fruitmap.errors import WorkspaceError
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
    EXTRA,
    META,
    ROW,
    USER_SETTING,
    VERSIONS,
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

    def __init__(self, url: str) -> None:
        self.location = dburl.remember_password(url, None)
        # Pages and caches use str(ws.path) to show and key the workspace: the clean URL.
        self.path = self.location

    def __repr__(self) -> str:
        return f"PostgisWorkspace({self.location!r})"

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
              expected: dict[str, str] | None = None) -> list[dict]:
        """Write one or more layers as a single all-or-nothing change and record it.

        Parameters and result as :meth:`fruitmap.workspace.geopackage.Workspace.write`. The
        whole change (versions, layers, history rows) is one transaction.

        Raises
        ------
        WorkspaceError
            ``workspace_busy`` when another writer holds the lock longer than
            ``lock_timeout``; ``layer_changed`` when ``expected`` no longer holds;
            ``workspace_write_failed`` when the database refuses the change. Nothing is
            written then.
        """
        import psycopg

        layers = {name: get_layer(name) for name in changes}  # unknown layer: nothing starts
        self._require()
        try:
            with self._cursor(write=True) as cur:
                _lock(cur, lock_timeout)
                _set_user(cur, who or _default_user())
                for name, token in (expected or {}).items():
                    if _layer_token(cur, name) != token:
                        raise WorkspaceError("layer_changed", layer=name)
                return _write_changes(cur, changes, layers, action, who or _default_user(),
                                      source_file, source_sha256, mode)
        except WorkspaceError:
            raise
        except (psycopg.Error, OSError, ValueError, TypeError,
                shapely.errors.ShapelyError) as exc:
            raise WorkspaceError("workspace_write_failed", path=self.location,
                                 reason=_reason(exc)) from exc

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
                                      source_sha256, "replace")
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
        return self.write({layer: data}, action=f"rollback to {version_id}", who=who,
                          expected=None if expected is None else {layer: expected})


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
def _write_changes(cur, changes, layers, action, who, source_file, source_sha256, mode):
    cur.execute(f"SELECT coalesce(max(change_id), 0) FROM {table('history')}")
    next_id = int(cur.fetchone()[0]) + 1
    hist_rows = []
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
        if mode == "append" and before is not None:
            combined = pd.concat([before, new], ignore_index=True)
            new = gpd.GeoDataFrame(combined, geometry="geometry", crs=CRS) \
                if layer.is_spatial else combined
        _write_layer(cur, name, new, layer)
        hist_rows.append({
            "change_id": next_id + len(hist_rows), "when": _now(), "who": who,
            "action": action if mode == "replace" else f"{action} (append)",
            "layer": name, "source_file": source_file, "source_sha256": source_sha256,
            "rows_before": rows_before, "rows_after": len(new), "version_id": version_id,
        })
    _insert_rows(cur, "history", to_storage(pd.DataFrame(hist_rows), HISTORY), HISTORY,
                 first_row=_next_row(cur, "history"))
    return hist_rows


def _next_row(cur, name: str) -> int:
    cur.execute(f"SELECT coalesce(max({ROW}), -1) + 1 FROM {table(name)}")
    return int(cur.fetchone()[0])


def _write_layer(cur, name: str, df: pd.DataFrame, layer) -> None:
    """Replace every row of table ``name`` by ``df`` (in-memory form), in the open transaction."""
    cur.execute(f"DELETE FROM {table(name)}")
    _insert_rows(cur, name, to_storage(df, layer), layer, first_row=0)


def _insert_rows(cur, name: str, stored: pd.DataFrame, layer, first_row: int) -> None:
    """Add ``stored`` (stored form) to table ``name`` through a temporary staging table."""
    if not len(stored):
        return
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
    cur.execute(f"INSERT INTO {table(name)} ({names}) SELECT {names} FROM {stage}")
    cur.execute(f"DROP TABLE {stage}")


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

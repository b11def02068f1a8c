"""The workspace on disk: one folder holding ``fruitmap.gpkg`` with every layer and table.

A change is all or nothing. :meth:`Workspace.write` takes a lock, copies the GeoPackage to a
temporary file in the same folder, writes the change and its ``history`` rows into the copy,
and renames the copy over the original (an atomic step on POSIX file systems). A failure, a
crash or a killed process before the rename leaves the original untouched; the rename itself
cannot half-happen. The previous content of every replaced layer is saved in the table
``layer_versions`` (JSON text: attribute records and hex WKB shapes; versions saved as GeoJSON
by earlier releases stay readable) so it can be restored with :meth:`Workspace.rollback`.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
import tempfile
import uuid
import warnings
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from filelock import FileLock, Timeout

from fruitmap.columns import from_storage, to_storage
from fruitmap.errors import WorkspaceError
from fruitmap.schema import HISTORY, LAYERS, get_layer
from fruitmap.workspace.base import HistoryReading

GPKG_NAME = "fruitmap.gpkg"
VERSIONS_TABLE = "layer_versions"
LOCK_NAME = ".fruitmap.lock"
CRS = "EPSG:4326"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_workspace_path() -> Path:
    """Return the folder named by ``FRUITMAP_WORKSPACE``, else ``<project>/workspace``."""
    env = os.environ.get("FRUITMAP_WORKSPACE")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "workspace"


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Workspace(HistoryReading):
    """A fruitmap workspace folder.

    Parameters
    ----------
    path : str or Path
        The folder. It need not exist until :meth:`write` or :func:`create` is called.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path).expanduser().resolve()
        self.gpkg = self.path / GPKG_NAME

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # ------------------------------------------------------------------ reading
    def exists(self) -> bool:
        """True when the folder holds a ``fruitmap.gpkg``."""
        return self.gpkg.is_file()

    def _require(self) -> None:
        if not self.exists():
            raise WorkspaceError("workspace_missing", path=str(self.path))

    def layer_names(self) -> list[str]:
        """Return the names of the layers and tables stored in the GeoPackage."""
        self._require()
        try:
            return [str(name) for name, _ in pyogrio.list_layers(self.gpkg)]
        except (pyogrio.errors.DataSourceError, OSError) as exc:
            raise WorkspaceError("workspace_unreadable", path=str(self.gpkg), reason=exc) from exc

    def token(self) -> str:
        """Return a string that changes whenever the workspace file changes (for caches)."""
        if not self.exists():
            return "missing"
        stat = self.gpkg.stat()
        return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"

    def read(self, name: str) -> pd.DataFrame:
        """Read a layer (GeoDataFrame in EPSG:4326) or table (DataFrame) in its in-memory form.

        A layer that is not stored comes back empty with the contract's columns; missing
        optional columns take their defaults (see :func:`fruitmap.columns.from_storage`).

        Raises
        ------
        WorkspaceError
            When the workspace is missing or unreadable, or a stored layer lacks a required
            column.
        """
        return self._read(name, self.layer_names())

    def _read(self, name: str, present: list[str]) -> pd.DataFrame:
        layer = get_layer(name)
        if name not in present:
            return empty_layer(name)
        raw = self._read_raw(name, spatial=layer.is_spatial)
        missing = [c for c in layer.required if c not in raw.columns]
        # history rows are written by us; tolerate its extra/missing bookkeeping columns.
        if missing and name != "history":
            raise WorkspaceError(
                "layer_invalid_column", layer=name, path=str(self.gpkg), column=missing[0]
            )
        out = from_storage(raw, layer)
        if layer.is_spatial:
            out = gpd.GeoDataFrame(out, geometry="geometry", crs=raw.crs or CRS)
            if out.crs is not None and not out.crs.equals(CRS):
                out = out.to_crs(CRS)
        return out

    def _read_raw(self, name: str, spatial: bool) -> pd.DataFrame:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                # Through Arrow: the same frame (columns, dtypes, values: tests/
                # test_workspace_read.py), 2.1 -> 0.85 s of CPU for 200,000 zones.
                if spatial:
                    gdf = gpd.read_file(self.gpkg, layer=name, engine="pyogrio",
                                        use_arrow=True)
                    if gdf.geometry.name != "geometry":
                        gdf = gdf.rename_geometry("geometry")
                    return gdf
                return pyogrio.read_dataframe(self.gpkg, layer=name, read_geometry=False,
                                              use_arrow=True)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
            raise WorkspaceError("workspace_unreadable", path=str(self.gpkg), reason=exc) from exc

    def read_all(self) -> dict[str, pd.DataFrame]:
        """Read every layer and table of the contract (``history`` included)."""
        present = self.layer_names()  # listed once, not once per layer
        return {name: self._read(name, present) for name in LAYERS}

    def layer_token(self, name: str) -> str:
        """Return a string that changes whenever a recorded change touches layer ``name``.

        An editor remembers it when a table is opened and passes it back to :meth:`write`
        (``expected``), so a save made on data that has changed since (an import landed in
        between) is refused instead of overwriting that change. Changes to other layers
        (a saved view, another layer's import) leave it as it was.
        """
        if not self.exists() or "history" not in self.layer_names():
            return "none"
        hist = self.read("history")
        mine = hist[hist["layer"] == name]
        if mine.empty:
            return "none"
        ids = pd.to_numeric(mine["change_id"], errors="coerce")
        row = mine.assign(_id=ids).sort_values("_id", kind="stable").iloc[-1]
        # The saved version id is random: a workspace recreated with the same change numbers
        # and the same second still gives another token.
        return "|".join(str(row.get(c)) for c in ("change_id", "when", "version_id",
                                                  "rows_after", "action"))

    def versions(self, layer: str | None = None) -> pd.DataFrame:
        """List saved previous versions (``version_id``, ``layer``, ``saved_at``, ``rows``)."""
        cols = ["version_id", "layer", "saved_at", "rows"]
        if VERSIONS_TABLE not in self.layer_names():
            return pd.DataFrame(columns=cols)
        table = pyogrio.read_dataframe(self.gpkg, layer=VERSIONS_TABLE, read_geometry=False,
                                       columns=cols)
        if layer is not None:
            table = table[table["layer"] == layer]
        return table.reset_index(drop=True)

    def read_version(self, version_id: str) -> pd.DataFrame:
        """Return the content of a saved previous version, in its in-memory form."""
        self._require()
        if VERSIONS_TABLE in self.layer_names():
            table = pyogrio.read_dataframe(
                self.gpkg, layer=VERSIONS_TABLE, read_geometry=False,
                where=f"version_id = '{_sql_literal(version_id)}'",
            )
        else:
            table = pd.DataFrame()
        if table.empty:
            raise WorkspaceError("version_missing", value=version_id)
        row = table.iloc[0]
        return _decode_snapshot(str(row["data"]), get_layer(str(row["layer"])))

    # ------------------------------------------------------------------ writing
    def write(
        self,
        changes: dict[str, pd.DataFrame],
        *,
        action: str,
        who: str | None = None,
        source_file: str | None = None,
        source_sha256: str | None = None,
        mode: str = "replace",
        lock_timeout: float = 30.0,
        expected: dict[str, str] | None = None,
    ) -> list[dict]:
        """Write one or more layers as a single all-or-nothing change and record it.

        Parameters
        ----------
        changes : dict
            Layer name → new content (in-memory form). With ``mode="append"`` the rows are
            added to what is stored.
        action : str
            What was done (``"import"``, ``"demo"``, ``"rollback"`` ...), kept in history.
        who : str, optional
            User name for history; defaults to the login name.
        source_file, source_sha256 : str, optional
            Name and hash of the file the change came from.
        mode : {"replace", "append"}
        lock_timeout : float
            Seconds to wait for another writer before giving up.
        expected : dict, optional
            Layer name → :meth:`layer_token` the caller based its change on. Checked under
            the lock: when a layer has changed since, nothing is written.

        Returns
        -------
        list of dict
            The history rows that were added.

        Raises
        ------
        WorkspaceError
            When another writer holds the lock too long or the write fails; the workspace then
            reads exactly as before. ``layer_changed`` when ``expected`` no longer holds.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / LOCK_NAME), timeout=lock_timeout)
        try:
            with lock:
                for name, token in (expected or {}).items():
                    if self.layer_token(name) != token:
                        raise WorkspaceError("layer_changed", layer=name)
                return self._write_locked(changes, action, who or _default_user(),
                                          source_file, source_sha256, mode)
        except Timeout as exc:
            raise WorkspaceError("workspace_busy") from exc

    def _write_locked(self, changes, action, who, source_file, source_sha256, mode):
        self._clean_stale_temp()
        tmp = self.path / f".fruitmap.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}.gpkg"
        existed = self.exists()
        try:
            if existed:
                shutil.copy2(self.gpkg, tmp)
            stored = set(self.layer_names()) if existed else set()
            hist_rows = []
            history = self.read("history") if existed else None
            # A history table written by another tool may lack change_id (it is not in the
            # contract); blank ids must not stop every later write.
            known = pd.Series(dtype="float64") if history is None else pd.to_numeric(
                history["change_id"], errors="coerce").dropna()
            next_id = int(known.max()) + 1 if len(known) else 1
            for name, new in changes.items():
                layer = get_layer(name)
                before = self.read(name) if name in stored else None
                rows_before = 0 if before is None else len(before)
                version_id = None
                if before is not None and rows_before:
                    version_id = uuid.uuid4().hex[:12]
                    _append_table(tmp, VERSIONS_TABLE, pd.DataFrame([{
                        "version_id": version_id, "layer": name, "saved_at": _now(),
                        "rows": rows_before, "data": _encode_snapshot(before, layer),
                    }]))
                if mode == "append" and before is not None:
                    combined = pd.concat([before, new], ignore_index=True)
                    new = gpd.GeoDataFrame(combined, geometry="geometry", crs=CRS) \
                        if layer.is_spatial else combined
                _write_layer(tmp, name, new, layer)
                hist_rows.append({
                    "change_id": next_id + len(hist_rows), "when": _now(), "who": who,
                    "action": action if mode == "replace" else f"{action} (append)",
                    "layer": name, "source_file": source_file, "source_sha256": source_sha256,
                    "rows_before": rows_before, "rows_after": len(new), "version_id": version_id,
                })
            _append_table(tmp, "history", to_storage(pd.DataFrame(hist_rows), HISTORY))
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, self.gpkg)
            _fsync_dir(self.path)
            return hist_rows
        except WorkspaceError:
            raise
        except (OSError, ValueError, TypeError, pyogrio.errors.DataSourceError,
                pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
                pyogrio.errors.GeometryError) as exc:
            raise WorkspaceError("workspace_write_failed", path=str(self.gpkg), reason=exc) from exc
        finally:
            if tmp.exists():
                tmp.unlink()

    def _clean_stale_temp(self) -> None:
        # A killed writer leaves its temporary copy behind; it never became the workspace.
        for stale in self.path.glob(".fruitmap.tmp-*.gpkg"):
            stale.unlink(missing_ok=True)

    def rollback(self, layer: str, version_id: str, who: str | None = None,
                 expected: str | None = None) -> list[dict]:
        """Restore a saved previous version of ``layer`` (itself recorded, so it can be undone).

        ``expected`` is the layer's :meth:`layer_token` the caller saw; when given and the
        layer has changed since, nothing is restored (see :meth:`write`).
        """
        versions = self.versions(layer)
        if version_id not in set(versions["version_id"]):
            raise WorkspaceError("version_missing", value=version_id)
        data = self.read_version(version_id)
        return self.write({layer: data}, action=f"rollback to {version_id}", who=who,
                          expected=None if expected is None else {layer: expected})


def empty_layer(name: str) -> pd.DataFrame:
    """Return layer or table ``name`` with no rows, as :meth:`Workspace.read` gives one not stored.

    The contract's columns with their defaults applied; a GeoDataFrame in EPSG:4326 for a layer
    with geometry.
    """
    layer = get_layer(name)
    raw = pd.DataFrame({c.name: pd.Series(dtype="object") for c in layer.columns})
    if not layer.is_spatial:
        return from_storage(raw, layer)
    raw = gpd.GeoDataFrame(raw, geometry=gpd.GeoSeries([], crs=CRS))
    return gpd.GeoDataFrame(from_storage(raw, layer), geometry="geometry", crs=CRS)


def create(path: str | os.PathLike, layers: dict[str, pd.DataFrame], *, who: str = "fruitmap",
           action: str = "create", source_file: str | None = None) -> Workspace:
    """Create (or overwrite) a workspace at ``path`` holding ``layers``."""
    ws = Workspace(path)
    ws.path.mkdir(parents=True, exist_ok=True)
    # Build the new workspace beside the old one and swap it in with one rename: a failed or
    # killed overwrite (demo --force) leaves the previous workspace as it was.
    staging = Path(tempfile.mkdtemp(prefix=".fruitmap.create-", dir=ws.path))
    try:
        Workspace(staging).write(layers, action=action, who=who, source_file=source_file)
        with FileLock(str(ws.path / LOCK_NAME), timeout=30):
            os.replace(staging / GPKG_NAME, ws.gpkg)
            _fsync_dir(ws.path)
    except Timeout as exc:
        raise WorkspaceError("workspace_busy") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ws


def _write_layer(path: Path, name: str, df: pd.DataFrame, layer) -> None:
    stored = to_storage(df, layer)
    if layer.is_spatial:
        gdf = gpd.GeoDataFrame(stored, geometry="geometry", crs=CRS)
        if gdf.crs is None or not gdf.crs.equals(CRS):
            gdf = gdf.to_crs(CRS)
        # Mixed Polygon/MultiPolygon (and Point for zones) in one layer: let GDAL promote.
        pyogrio.write_dataframe(gdf, path, layer=name, driver="GPKG",
                                geometry_type="Unknown", promote_to_multi=False)
    else:
        pyogrio.write_dataframe(pd.DataFrame(stored), path, layer=name, driver="GPKG")


def _append_table(path: Path, name: str, df: pd.DataFrame) -> None:
    exists = path.exists() and name in {str(n) for n, _ in pyogrio.list_layers(path)}
    if exists:
        fields = [str(f) for f in pyogrio.read_info(path, layer=name)["fields"]]
        if set(df.columns) - set(fields):
            # A table made by another tool (QGIS) may lack our bookkeeping columns; GDAL
            # cannot append to fields that do not exist, so the table is rewritten whole.
            old = pyogrio.read_dataframe(path, layer=name, read_geometry=False)
            pyogrio.write_dataframe(pd.concat([old, df], ignore_index=True), path, layer=name,
                                    driver="GPKG")
            return
        # GDAL appends values to fields by position, not by name: follow the table's order
        # (a table reordered in QGIS would otherwise get values in the wrong columns).
        df = pd.DataFrame({f: df[f] if f in df.columns else
                           pd.Series([None] * len(df), index=df.index, dtype="object")
                           for f in fields}, index=df.index)
    pyogrio.write_dataframe(df, path, layer=name, driver="GPKG", append=exists)


SNAPSHOT_FORMAT = 2  # attributes as JSON records, shapes as hex WKB in one column


def _encode_snapshot(df: pd.DataFrame, layer) -> str:
    # GeoDataFrame.to_json builds every feature in Python (tens of seconds for 100,000
    # zones); pandas' own JSON writer and shapely's WKB are column-wise. Snapshots saved
    # before (GeoJSON FeatureCollections) stay readable: see _decode_snapshot.
    stored = to_storage(df, layer)
    if layer.is_spatial:
        import shapely

        attrs = pd.DataFrame(stored.drop(columns="geometry"))
        attrs[_WKB] = shapely.to_wkb(np.asarray(stored.geometry.array, dtype=object), hex=True)
        rows = attrs.to_json(orient="records", force_ascii=False)
        return f'{{"fruitmap_snapshot": {SNAPSHOT_FORMAT}, "rows": {rows}}}'
    return stored.to_json(orient="records", force_ascii=False)


_WKB = "__geometry_wkb__"


def _decode_snapshot(text: str, layer) -> pd.DataFrame:
    if layer.is_spatial:
        data = json.loads(text)
        if "fruitmap_snapshot" in data:
            import shapely

            frame = pd.DataFrame(data["rows"])
            wkb = frame.pop(_WKB) if _WKB in frame.columns else pd.Series([], dtype=object)
            geoms = shapely.from_wkb(np.asarray(wkb, dtype=object))
            gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index),
                                   crs=CRS)
        else:  # a GeoJSON FeatureCollection, as versions were saved before
            gdf = gpd.GeoDataFrame.from_features(data["features"], crs=CRS)
        if "geometry" not in gdf.columns:
            gdf = gpd.GeoDataFrame(gdf, geometry=gpd.GeoSeries([], crs=CRS))
        return gpd.GeoDataFrame(from_storage(gdf, layer), geometry="geometry", crs=CRS)
    return from_storage(pd.DataFrame(json.loads(text)), layer)


def _sql_literal(text: str) -> str:
    return str(text).replace("'", "''")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

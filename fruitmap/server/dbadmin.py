"""Setting up a PostGIS database for fruitmap and copying workspaces in and out of it.

``ADMIN_URL`` is a ``postgresql://`` URL of a role allowed to create roles, databases and
the PostGIS extension (``postgres`` on a server of one's own). Its password comes from
``PGPASSWORD`` or ``~/.pgpass`` (or, if written in the URL, is taken out of it before the
URL is printed anywhere).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from fruitmap.errors import WorkspaceError
from fruitmap.workspace import dburl
from fruitmap.workspace.pg_tables import (
    APP_ROLE,
    account_functions_ddl,
    audit_ddl,
    grants_ddl,
    schema_ddl,
)

DEFAULT_DB = "fruitmap"


def _connect(url: str, dbname: str | None = None, autocommit: bool = False):
    import psycopg

    clean = dburl.remember_password(url, None)
    info = dburl.parts(clean)
    kwargs = {"host": info["host"], "port": info["port"], "user": info["user"],
              "dbname": dbname or info["dbname"] or DEFAULT_DB, "connect_timeout": 10}
    password = dburl.password_for(clean)
    if password:
        kwargs["password"] = password
    try:
        return psycopg.connect(autocommit=autocommit,
                               **{k: v for k, v in kwargs.items() if v is not None})
    except psycopg.Error as exc:
        raise WorkspaceError("database_unreachable", path=clean,
                             reason=dburl.redact(str(exc).strip())) from exc


def app_url(admin_url: str) -> str:
    """Return the app's URL (``postgresql://fruitmap_app@HOST:PORT/DB``) without password."""
    info = dburl.parts(admin_url)
    return (f"postgresql://{APP_ROLE}@{info['host'] or 'localhost'}:{info['port'] or 5432}/"
            f"{info['dbname'] or DEFAULT_DB}")


def init_database(admin_url: str, app_password: str, admin_name: str,
                  admin_password: str) -> list[str]:
    """Create (when missing) the database, PostGIS, the schema, the app's role, the first admin.

    The app's login role ``fruitmap_app`` owns nothing, is not a superuser and cannot bypass
    row-level security; only a SCRAM verifier of its password reaches the server. Running it
    again is harmless: what exists is kept, the app's password and the admin's are reset.

    Returns
    -------
    list of str
        What was done, one line each (the command prints them).

    Raises
    ------
    WorkspaceError
        When the server cannot be reached or refuses a step (nothing of that step remains).
    InputError
        When the admin's name is blank or the password too short.
    """
    import psycopg
    from psycopg import sql

    from fruitmap.server.accounts import upsert_admin
    from fruitmap.server.accounts_ddl import accounts_ddl

    done = []
    dbname = dburl.parts(admin_url)["dbname"] or DEFAULT_DB
    clean = dburl.remember_password(admin_url, None)
    try:
        with _connect(clean, "postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                (dbname,)).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
                done.append(f"database {dbname} created")
            verifier = conn.pgconn.encrypt_password(app_password.encode(), APP_ROLE.encode(),
                                                    b"scram-sha-256").decode()
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  (APP_ROLE,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(
                verb + " ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE "
                "NOREPLICATION INHERIT PASSWORD {}").format(sql.Identifier(APP_ROLE),
                                                          sql.Literal(verifier)))
            done.append(f"role {APP_ROLE} {'updated' if exists else 'created'}")
        with _connect(clean, dbname) as conn, conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            for stmt in schema_ddl():
                for part in stmt.split(";\n"):
                    conn.execute(part)
            # The policies of grants_ddl call the account functions: those come first.
            for stmt in account_functions_ddl():  # function bodies hold ";\n": one each
                conn.execute(stmt)
            for stmt in grants_ddl():
                for part in stmt.split(";\n"):
                    conn.execute(part)
            for stmt in audit_ddl():
                conn.execute(stmt)
            conn.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                sql.Identifier(dbname), sql.Identifier(APP_ROLE)))
            with conn.cursor() as cur:
                upsert_admin(cur, admin_name, admin_password)
            for stmt in accounts_ddl():  # admins alone write accounts; audited (account_admin)
                conn.execute(stmt)
        done.append("PostGIS, schema fruitmap, row-level security and grants in place")
        done.append(f"admin account {admin_name.strip()} ready")
    except psycopg.Error as exc:
        raise WorkspaceError("workspace_write_failed", path=clean,
                             reason=dburl.redact(str(exc).strip())) from exc
    done.append(app_url(clean))
    return done


def _admin_workspace(admin_url: str):
    from fruitmap.workspace.postgis import PostgisWorkspace

    clean = dburl.remember_password(admin_url, None)
    if not dburl.parts(clean)["dbname"]:
        clean = clean.rstrip("/") + "/" + DEFAULT_DB
    return PostgisWorkspace(clean)


def load_workspace(admin_url: str, folder: str | os.PathLike, who: str = "db load") -> list[dict]:
    """Copy the GeoPackage workspace in ``folder`` into the database, as one recorded change.

    Every layer the folder holds (and its saved views) replaces the database's; the folder's
    history and saved versions come along, so its earlier changes stay comparable and
    restorable; the load itself is recorded in ``history`` (action ``load``, the GeoPackage's
    path and SHA-256 as the source).

    Raises
    ------
    WorkspaceError
        ``workspace_missing`` when ``folder`` holds no workspace; the database's own errors
        (then nothing was loaded).
    """
    import pyogrio

    from fruitmap.workspace.geopackage import VERSIONS_TABLE, Workspace
    from fruitmap.workspace.pg_tables import workspace_layers

    source = Workspace(folder)
    if not source.exists():
        raise WorkspaceError("workspace_missing", path=str(source.path))
    stored = set(source.layer_names())
    layers = {name: source.read(name) for name in workspace_layers()
              if name in stored and name != "history"}
    history = source.read("history") if "history" in stored else pd.DataFrame()
    versions = pyogrio.read_dataframe(source.gpkg, layer=VERSIONS_TABLE, read_geometry=False) \
        if VERSIONS_TABLE in stored else pd.DataFrame(
            columns=["version_id", "layer", "saved_at", "rows", "data"])
    sha = hashlib.sha256(source.gpkg.read_bytes()).hexdigest()
    return _admin_workspace(admin_url).load(layers, history, versions, who=who,
                                            source_file=str(source.gpkg), source_sha256=sha)


def dump_workspace(admin_url: str, folder: str | os.PathLike) -> Path:
    """Write the database's workspace into ``folder`` as a GeoPackage workspace (a backup).

    Layers, views, history and saved versions are written as they are in the database (no
    history row is added: a dump changes nothing). The file appears whole or not at all.

    Raises
    ------
    WorkspaceError
        ``dump_target_not_empty`` when ``folder`` already holds a workspace.
    """
    from fruitmap.schema import get_layer
    from fruitmap.workspace.geopackage import (
        GPKG_NAME,
        VERSIONS_TABLE,
        _append_table,
        _fsync_dir,
        _write_layer,
    )

    target = Path(folder).expanduser().resolve()
    if (target / GPKG_NAME).exists():
        raise WorkspaceError("dump_target_not_empty", path=str(target))
    ws = _admin_workspace(admin_url)
    frames = ws.read_stored()
    versions = ws.versions_with_data()
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".fruitmap.dump-", dir=target))
    try:
        gpkg = staging / GPKG_NAME
        for name, frame in frames.items():
            _write_layer(gpkg, name, frame, get_layer(name))
        if len(versions):
            _append_table(gpkg, VERSIONS_TABLE, versions)
        if not gpkg.exists():  # an empty database: an empty history table keeps it a workspace
            _write_layer(gpkg, "history", ws.read("history"), get_layer("history"))
        os.replace(gpkg, target / GPKG_NAME)
        _fsync_dir(target)
    except OSError as exc:
        raise WorkspaceError("workspace_write_failed", path=str(target), reason=exc) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target / GPKG_NAME


def add_user(admin_url: str, name: str, role: str, password: str,
             units: str | None = None) -> None:
    """Create an account (see :func:`fruitmap.server.accounts.add_account`)."""
    import psycopg

    from fruitmap.server.accounts import add_account

    clean = dburl.remember_password(admin_url, None)
    try:
        with _connect(clean) as conn, conn.transaction(), conn.cursor() as cur:
            add_account(cur, name, role, password, units)
    except psycopg.Error as exc:
        raise WorkspaceError("workspace_write_failed", path=clean,
                             reason=dburl.redact(str(exc).strip())) from exc


def write_demo_to_database(url: str, force: bool = False, seed: int | None = None):
    """Write the demo into the PostGIS workspace at ``url`` as one recorded change.

    Raises
    ------
    WorkspaceError
        ``demo_target_not_empty`` when the database holds data and ``force`` is false.
    """
    from fruitmap.demo import DEFAULT_SEED, build_demo_layers
    from fruitmap.workspace.location import open_workspace

    ws = open_workspace(url)
    if ws.exists() and not force:
        raise WorkspaceError("demo_database_not_empty", path=str(ws.path))
    layers = build_demo_layers(DEFAULT_SEED if seed is None else seed)
    ws.write(layers, action="demo", who="fruitmap demo", source_file="data/demo")
    return ws

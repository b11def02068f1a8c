"""A throw-away PostgreSQL + PostGIS cluster for the tests (Debian's initdb and pg_ctl).

One cluster per test session, on 127.0.0.1 and a free port, in a folder under ``/tmp`` owned
by the ``postgres`` user (initdb and pg_ctl refuse to run as root: as root they run through
``runuser -u postgres --``). fsync is off: the cluster is thrown away. Passwords are real
(scram-sha-256 over TCP) and reach libpq through a ``PGPASSFILE`` written here, so every URL
the tests use is password-free, as the app's are.

The cluster never skips: when it cannot start (PostgreSQL or PostGIS missing, initdb
failing) the tests that need it fail with the reason. ``make test`` installs PostGIS from
Debian when it is missing (the ``system-deps`` target).

Each test gets a fresh database made from a template on which ``db init`` has run
(:func:`fresh_database`), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from fruitmap.errors import WorkspaceError
from fruitmap.server.cluster import (
    LocalCluster,
    free_port,
    start_cluster,
    stop_cluster,
    write_pgpass,
)

ADMIN_PASSWORD = "admin-" + uuid.uuid4().hex[:12]
APP_PASSWORD = "app-" + uuid.uuid4().hex[:12]
FIRST_ADMIN = "admin"
FIRST_ADMIN_PASSWORD = "Quản trị-" + uuid.uuid4().hex[:8]
TEMPLATE = "fruitmap_template"


@dataclass
class Cluster(LocalCluster):
    """A running throw-away cluster: its folder and the PGPASSFILE the tests use."""

    folder: Path | None = None
    pgpass: Path | None = None


def start_test_cluster() -> Cluster:
    """Start the cluster; fail (never skip) with the reason when it cannot start."""
    folder = Path(tempfile.mkdtemp(prefix="fm-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
    try:
        local = start_cluster(folder / "data", free_port(), ADMIN_PASSWORD, throwaway=True)
    except WorkspaceError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL test cluster: {exc.message('en')}", pytrace=False)
    pgpass = write_pgpass(Path(tempfile.mkstemp(prefix="fm-pgpass-")[1]), local.port,
                          {"postgres": ADMIN_PASSWORD, "fruitmap_app": APP_PASSWORD})
    return Cluster(local.data, local.port, folder, pgpass)


def stop_test_cluster(cluster: Cluster) -> None:
    """Stop the cluster and remove its files."""
    stop_cluster(cluster, fast=True)
    shutil.rmtree(cluster.folder, ignore_errors=True)
    cluster.pgpass.unlink(missing_ok=True)


def admin_sql(cluster: Cluster, sql: str, db: str = "postgres", params=None) -> list[tuple]:
    """Run ``sql`` as the superuser in autocommit mode and return its rows (if any)."""
    import psycopg

    # The cluster's own password file, not PGPASSFILE: a test may point that elsewhere, and
    # its patches can be undone only after its database is dropped.
    with psycopg.connect(cluster.admin_url(db), autocommit=True,
                         passfile=str(cluster.pgpass)) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def init_template(cluster: Cluster, tmp: Path) -> None:
    """Run ``db init`` once on the template database every test database is copied from."""
    from fruitmap.cli import main

    app_pw, admin_pw = tmp / "app.pw", tmp / "admin.pw"
    app_pw.write_text(APP_PASSWORD + "\n")
    admin_pw.write_text(FIRST_ADMIN_PASSWORD + "\n")
    code = main(["db", "init", "--url", cluster.admin_url(TEMPLATE), "--app-password-file",
                 str(app_pw), "--admin", FIRST_ADMIN, "--admin-password-file", str(admin_pw)])
    if code != 0:
        pytest.fail(f"db init of the template database failed with exit {code}", pytrace=False)


def fresh_database(cluster: Cluster) -> str:
    """Create a new database from the template and return its name."""
    import psycopg

    from fruitmap.workspace.postgis import dispose_engines

    name = "t_" + uuid.uuid4().hex[:10]
    # The template must have no open connections while it is copied.
    dispose_engines()
    deadline = time.time() + 30
    while True:
        try:
            admin_sql(cluster, f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
            return name
        except psycopg.errors.ObjectInUse:  # "source database is being accessed"
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def drop_database(cluster: Cluster, name: str) -> None:
    """Drop a test database (closing the pooled connections to it first)."""
    from fruitmap.workspace.postgis import dispose_engines

    dispose_engines()
    admin_sql(cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    """The session's PostgreSQL + PostGIS cluster, with ``db init`` run on the template.

    ``PGPASSFILE`` points libpq at the cluster's passwords for the whole session.
    """
    cluster = start_test_cluster()
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(cluster.pgpass)
    try:
        init_template(cluster, tmp_path_factory.mktemp("pg_init"))
        yield cluster
    finally:
        from fruitmap.workspace.postgis import dispose_engines

        dispose_engines()
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
        stop_test_cluster(cluster)


@pytest.fixture()
def pg_db(pg_cluster):
    """A fresh database made from the initialised template (dropped afterwards); its name."""
    name = fresh_database(pg_cluster)
    yield name
    drop_database(pg_cluster, name)


@pytest.fixture()
def pg_app_url(pg_cluster, pg_db) -> str:
    """The app's URL (role ``fruitmap_app``, no password) of a fresh, empty database."""
    return pg_cluster.app_url(pg_db)


BACKENDS = ("gpkg", "postgis")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Run a test once on each workspace backend (GeoPackage folder, PostGIS database)."""
    return request.param


@pytest.fixture()
def new_workspace(backend, tmp_path, request):
    """Return ``make(layers, **write_kwargs)``: a new workspace of the test's backend holding
    ``layers``, written as one change as ``create`` writes it (default action ``create``).

    On PostGIS the workspace writes as the first admin account (:data:`FIRST_ADMIN`)."""

    def make(layers, *, who: str = "fruitmap", action: str = "create", **kwargs):
        if backend == "gpkg":
            from fruitmap.workspace.geopackage import create

            return create(tmp_path / "ws", layers, who=who, action=action, **kwargs)
        from fruitmap.workspace.location import open_workspace

        # The database refuses writes without an account allowed to write: the tests write
        # as the first admin of db init, recording the person each test names.
        ws = open_workspace(request.getfixturevalue("pg_app_url")).as_account(FIRST_ADMIN)
        ws.write(layers, action=action, who=who, **kwargs)
        return ws

    return make

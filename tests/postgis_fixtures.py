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
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
ADMIN_PASSWORD = "admin-" + uuid.uuid4().hex[:12]
APP_PASSWORD = "app-" + uuid.uuid4().hex[:12]
FIRST_ADMIN = "admin"
FIRST_ADMIN_PASSWORD = "Quản trị-" + uuid.uuid4().hex[:8]
TEMPLATE = "fruitmap_template"


@dataclass
class Cluster:
    """A running throw-away cluster."""

    folder: Path
    port: int
    pgpass: Path

    def admin_url(self, db: str = "postgres") -> str:
        """URL of the cluster's superuser (password in the PGPASSFILE, not here)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def app_url(self, db: str) -> str:
        """URL of the app's login role ``fruitmap_app`` on database ``db``."""
        return f"postgresql://fruitmap_app@127.0.0.1:{self.port}/{db}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(_as_postgres(cmd), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"PostgreSQL test cluster: {what} failed ({done.returncode}):\n"
                    f"{done.stdout}\n{done.stderr}", pytrace=False)


def start_cluster() -> Cluster:
    """Start the cluster; fail (never skip) with the reason when it cannot start."""
    if not (PG_BIN / "initdb").is_file():
        pytest.fail("PostgreSQL 15 is not installed (expected /usr/lib/postgresql/15/bin/"
                    "initdb): run `make system-deps` or apt-get install postgresql-15",
                    pytrace=False)
    if not POSTGIS_CONTROL.is_file():
        pytest.fail("PostGIS is not installed: run `make system-deps` or apt-get install "
                    "--no-install-recommends postgresql-15-postgis-3", pytrace=False)
    folder = Path(tempfile.mkdtemp(prefix="fm-pg-", dir="/tmp"))
    data = folder / "data"
    pwfile = folder / "pw"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
        os.chown(pwfile, pg.pw_uid, pg.pw_gid)
    os.chmod(pwfile, 0o600)
    _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile),
          "--auth-host=scram-sha-256", "--auth-local=peer", "--no-sync", "-E", "UTF8",
          "--locale=C.UTF-8"], "initdb")
    port = _free_port()
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
               "-c max_connections=200")
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
          "-w", "-t", "60", "start"], "pg_ctl start")
    pgpass = Path(tempfile.mkstemp(prefix="fm-pgpass-")[1])
    pgpass.write_text(f"127.0.0.1:{port}:*:postgres:{ADMIN_PASSWORD}\n"
                      f"127.0.0.1:{port}:*:fruitmap_app:{APP_PASSWORD}\n")
    os.chmod(pgpass, 0o600)
    return Cluster(folder, port, pgpass)


def stop_cluster(cluster: Cluster) -> None:
    """Stop the cluster and remove its files."""
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(cluster.folder / "data"),
                                 "-m", "immediate", "stop"]), capture_output=True, timeout=60)
    shutil.rmtree(cluster.folder, ignore_errors=True)
    cluster.pgpass.unlink(missing_ok=True)


def admin_sql(cluster: Cluster, sql: str, db: str = "postgres", params=None) -> list[tuple]:
    """Run ``sql`` as the superuser in autocommit mode and return its rows (if any)."""
    import psycopg

    with psycopg.connect(cluster.admin_url(db), autocommit=True) as conn:
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
    cluster = start_cluster()
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
        stop_cluster(cluster)


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
    ``layers``, written as one change as ``create`` writes it (default action ``create``)."""

    def make(layers, *, who: str = "fruitmap", action: str = "create", **kwargs):
        if backend == "gpkg":
            from fruitmap.workspace.geopackage import create

            return create(tmp_path / "ws", layers, who=who, action=action, **kwargs)
        from fruitmap.workspace.location import open_workspace

        url = request.getfixturevalue("pg_app_url")
        ws = open_workspace(url)
        ws.write(layers, action=action, who=who, **kwargs)
        return ws

    return make

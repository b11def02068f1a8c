"""``make server``: the shared-server set-up on this machine, in one command.

``python -m fruitmap.server.local`` starts (creating it on first run) a PostgreSQL + PostGIS
cluster on 127.0.0.1, runs ``db init`` (database ``fruitmap``, the app's role, the first admin
``admin``), writes the Sơn La demo into it when it holds no data, and starts the app on the
app's URL (``streamlit run serve.py``: with the warm-up of :mod:`ui.warmup`). Generated passwords are kept in files of mode 600 in the state folder
(``.server/`` in the project): ``admin.pw`` is the admin's, ``pgpass`` is what libpq reads.
Running it again reuses the cluster, the passwords and the data.

Options: ``--port`` (PostgreSQL, default 5433), ``--app-port`` (Streamlit, default 8501),
``--data`` (cluster folder), ``--state`` (password files), ``--no-app`` (set up only),
``--stop`` (stop the cluster).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from fruitmap.errors import FruitmapError
from fruitmap.server.cluster import LocalCluster, is_running, start_cluster, stop_cluster
from fruitmap.server.cluster import write_pgpass as _write_pgpass

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DB = "fruitmap"
ADMIN = "admin"


def default_data_folder() -> Path:
    """Where the cluster lives: under the postgres user's home as root, else the user's."""
    if os.geteuid() == 0:
        return Path("/var/lib/postgresql/fruitmap-15")
    return Path.home() / ".local/share/fruitmap/pgdata"


def _password(path: Path) -> str:
    # Generated once and kept: the cluster, the app's role and the admin keep their passwords.
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(18) + "\n")
        os.chmod(path, 0o600)
    return path.read_text().splitlines()[0]


def set_up(data: Path, state: Path, port: int) -> dict[str, str]:
    """Start the cluster and make sure it holds fruitmap's schema, admin and some data.

    Returns
    -------
    dict
        ``app_url``, ``pgpass`` (the PGPASSFILE to use), ``admin`` and ``admin_password_file``.
    """
    from fruitmap.server.dbadmin import init_database, write_demo_to_database
    from fruitmap.workspace.location import open_workspace

    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    superuser, app, admin = (_password(state / n) for n in ("postgres.pw", "app.pw",
                                                            "admin.pw"))
    pgpass = _write_pgpass(state / "pgpass", port, {"postgres": superuser,
                                                    "fruitmap_app": app})
    os.environ["PGPASSFILE"] = str(pgpass)
    cluster = LocalCluster(data, port)
    if not is_running(data):
        cluster = start_cluster(data, port, superuser)
    lines = init_database(cluster.admin_url(DB), app, ADMIN, admin)
    url = lines[-1]
    ws = open_workspace(url)
    if not ws.exists():
        # Through the admin URL: the app's role writes only for a logged-in account.
        write_demo_to_database(cluster.admin_url(DB))
    return {"app_url": url, "pgpass": str(pgpass), "admin": ADMIN,
            "admin_password_file": str(state / "admin.pw")}


def main(argv: list[str] | None = None) -> int:
    """Set up the local server and start the app on it (see the module's description)."""
    parser = argparse.ArgumentParser(prog="python -m fruitmap.server.local",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5433, help="PostgreSQL port (127.0.0.1)")
    parser.add_argument("--app-port", type=int, default=8501, help="the app's port")
    parser.add_argument("--data", type=Path, default=None, help="cluster folder")
    parser.add_argument("--state", type=Path, default=PROJECT_ROOT / ".server",
                        help="folder for the generated password files")
    parser.add_argument("--no-app", action="store_true", help="set up, do not start the app")
    parser.add_argument("--stop", action="store_true", help="stop the cluster and exit")
    args = parser.parse_args(argv)
    data = (args.data or default_data_folder()).resolve()
    try:
        if args.stop:
            stop_cluster(LocalCluster(data, args.port))
            print(f"stopped {data}")
            return 0
        info = set_up(data, args.state.resolve(), args.port)
    except FruitmapError as exc:
        print(exc.message("en"), file=sys.stderr)
        return 1
    print(f"PostgreSQL + PostGIS: {data} on 127.0.0.1:{args.port}")
    print(f"admin account: {info['admin']} (password in {info['admin_password_file']})")
    print(f"FRUITMAP_WORKSPACE={info['app_url']}  PGPASSFILE={info['pgpass']}")
    if args.no_app:
        return 0
    env = dict(os.environ, FRUITMAP_WORKSPACE=info["app_url"], PGPASSFILE=info["pgpass"])
    os.chdir(PROJECT_ROOT)
    # serve.py: app.py with the warm-up when the server starts (ui/warmup.py)
    os.execvpe(sys.executable, [sys.executable, "-m", "streamlit", "run", "serve.py",
                                "--server.port", str(args.app_port)], env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

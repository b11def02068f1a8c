"""A local PostgreSQL cluster on 127.0.0.1, made and started with Debian's initdb and pg_ctl.

Used by ``make server`` (:mod:`fruitmap.server.local`, a cluster kept between runs) and by the
tests (a throw-away one). initdb and pg_ctl refuse to run as root: as root they run as the
``postgres`` user (``runuser -u postgres --``) on a folder that user owns. Over TCP the
cluster asks for passwords (scram-sha-256); the superuser's is set by initdb from a file.
"""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fruitmap.errors import WorkspaceError

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
INSTALL_HINT = ("make system-deps (or apt-get install --no-install-recommends postgresql-15 "
                "postgresql-15-postgis-3)")


@dataclass
class LocalCluster:
    """A cluster's data folder and port (it listens on 127.0.0.1 only)."""

    data: Path
    port: int

    def admin_url(self, db: str = "postgres") -> str:
        """URL of the superuser ``postgres`` (its password is not in it)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def app_url(self, db: str) -> str:
        """URL of the app's login role ``fruitmap_app`` on database ``db``."""
        return f"postgresql://fruitmap_app@127.0.0.1:{self.port}/{db}"


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(path, pg.pw_uid, pg.pw_gid)


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(_as_postgres(cmd), capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise WorkspaceError("cluster_failed", step=what,
                             reason=(done.stderr or done.stdout).strip()[-2000:])


def check_installed() -> None:
    """Raise ``cluster_missing`` naming what to install when PostgreSQL 15 or PostGIS is absent."""
    if not (PG_BIN / "initdb").is_file():
        raise WorkspaceError("cluster_missing", what="PostgreSQL 15", hint=INSTALL_HINT)
    if not POSTGIS_CONTROL.is_file():
        raise WorkspaceError("cluster_missing", what="PostGIS", hint=INSTALL_HINT)


def start_cluster(data: Path, port: int, superuser_password: str,
                  throwaway: bool = False) -> LocalCluster:
    """Create the cluster in ``data`` when it holds none, then start it on 127.0.0.1:``port``.

    Parameters
    ----------
    data : Path
        Data folder (its parent must exist; as root both are handed to ``postgres``).
    port : int
    superuser_password : str
        Password of ``postgres`` set when the cluster is created (unused afterwards).
    throwaway : bool
        fsync and synchronous commit off: fast, and lost on a crash (tests only).

    Raises
    ------
    WorkspaceError
        ``cluster_missing`` or ``cluster_failed`` with initdb's or pg_ctl's own words.
    """
    check_installed()
    data = Path(data)
    if not (data / "PG_VERSION").is_file():
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        _give_to_postgres(data)
        pwfile = data.parent / f".{data.name}.pw"
        pwfile.write_text(superuser_password + "\n")
        os.chmod(pwfile, 0o600)
        _give_to_postgres(pwfile)
        try:
            _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile",
                  str(pwfile), "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8",
                  "--locale=C.UTF-8", *(["--no-sync"] if throwaway else [])], "initdb")
        finally:
            pwfile.unlink(missing_ok=True)
    # A Unix socket in the data folder's parent: short enough (108 bytes) for /tmp paths.
    options = (f"-c listen_addresses=127.0.0.1 -p {port} "
               f"-c unix_socket_directories={data.parent} -c max_connections=200")
    if throwaway:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l",
          str(data.parent / f"{data.name}.log"), "-w", "-t", "60", "start"], "pg_ctl start")
    return LocalCluster(data, port)


def stop_cluster(cluster: LocalCluster, fast: bool = False) -> None:
    """Stop the cluster (``immediate`` mode when ``fast``, for throw-away clusters)."""
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-m",
                                 "immediate" if fast else "fast", "stop"]),
                   capture_output=True, timeout=60)


def is_running(data: Path) -> bool:
    """True when a server is running on the cluster in ``data``."""
    done = subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "status"]),
                          capture_output=True, timeout=30)
    return done.returncode == 0


def write_pgpass(path: Path, port: int, passwords: dict[str, str]) -> Path:
    """Write a libpq password file (mode 600) for 127.0.0.1:``port``: role → password."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace(":", "\\:")

    path.write_text("".join(f"127.0.0.1:{port}:*:{esc(role)}:{esc(pw)}\n"
                            for role, pw in passwords.items()))
    os.chmod(path, 0o600)
    return path

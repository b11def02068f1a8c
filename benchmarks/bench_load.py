"""Load test of the shared server (issue 11): many sessions read while two area editors import.

On 127.0.0.1 only, and nothing kept afterwards:

1. starts a throw-away PostgreSQL + PostGIS cluster (Debian's ``initdb``/``pg_ctl``, fsync on
   as a real server runs), runs ``db init``, ``db load`` of the Sơn La demo, and ``db user
   add`` for two area editors of two different districts and a viewer;
2. starts the app on the app's URL (``benchmarks/timed_streamlit.py``: the real ``streamlit
   run serve.py`` that ``make server`` runs, warm-up included, on a free port, every script
   run timed inside the server);
3. opens ``--sessions`` (20) browser-less sessions at once over Streamlit's own websocket
   (``/_stcore/stream``, the ``BackMsg``/``ForwardMsg`` protobufs a browser sends and
   receives, so the real server does the work); each asks for the explorer and then the gap
   page, ``--rounds`` times, in Vietnamese or English, and waits for each script run to end;
4. as soon as every session has asked for its first page, the two area editors import their
   own district's zones at the same moment with the command line (``import --login``), and
   the viewer tries to (it must be refused); all along, a reader in this process reads the
   zones again and again as the app's role.

Checks (exit 1 when one fails): no session saw an exception, an error box, a compile error,
a missing page, a closed connection or a timeout; no read showed a district half-written
(each wholly as before or wholly as its editor's file); both imports exited 0 and the
viewer's 1; the history and the audit log name both editors; each district holds exactly its
editor's file; every other zone and every other layer is as it was.

Prints: sessions, page opens asked and served, script runs the server handled, median and
95th-percentile page time (seen by the client: request sent → script run finished, also
per page and round; and inside the server: the script run's wall time), each import's time,
the number of consistent reads, the app process's peak
resident memory (``VmHWM``), and the machine (cores, load average before, during, after).

Run on demand (not part of the test suite):
``.venv/bin/python benchmarks/bench_load.py [--sessions 20] [--rounds 2] [--timeout 900]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import platform
import pwd
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PAGES = ("explorer", "gap")
# Two districts of the demo with many zones, and the accounts that edit them.
EDITORS = {"editor_mc": "123", "editor_yc": "124"}  # Mộc Châu, Yên Châu
VIEWER = "viewer_load"
DB = "fruitmap"


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``values``, linear between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _proc_status(pid: int, key: str) -> int:
    """A ``/proc/PID/status`` memory line (``VmRSS``, ``VmHWM``) in bytes; 0 when gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ------------------------------------------------------------------ the server and its data
@dataclass
class Server:
    """A throw-away cluster with fruitmap's schema, the demo and the accounts."""

    folder: Path
    cluster: object = None
    app_url: str = ""
    admin_url: str = ""
    passwords: dict = field(default_factory=dict)

    def start(self) -> None:
        from fruitmap.cli import main
        from fruitmap.server.cluster import free_port, start_cluster, write_pgpass

        superuser, app = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
        self.cluster = start_cluster(self.folder / "data", free_port(), superuser)
        pgpass = write_pgpass(self.folder / "pgpass", self.cluster.port,
                              {"postgres": superuser, "fruitmap_app": app})
        os.environ["PGPASSFILE"] = str(pgpass)  # the app and the imports inherit it
        self.admin_url = self.cluster.admin_url(DB)
        app_pw, admin_pw = self.folder / "app.pw", self.folder / "admin.pw"
        app_pw.write_text(app + "\n")
        admin_pw.write_text(secrets.token_urlsafe(12) + "\n")
        demo = self.folder / "demo"
        steps = [["db", "init", "--url", self.admin_url, "--app-password-file", str(app_pw),
                  "--admin", "admin", "--admin-password-file", str(admin_pw)],
                 ["demo", "--workspace", str(demo)],
                 ["db", "load", "--url", self.admin_url, "--from", str(demo)]]
        accounts = [(name, "area_editor", unit) for name, unit in EDITORS.items()]
        accounts.append((VIEWER, "viewer", None))
        for name, role, unit in accounts:
            pw = self.folder / f"{name}.pw"
            pw.write_text(secrets.token_urlsafe(12) + "\n")
            self.passwords[name] = pw
            steps.append(["db", "user", "add", name, "--url", self.admin_url, "--role", role,
                          "--password-file", str(pw), *(["--units", unit] if unit else [])])
        for argv in steps:
            said = io.StringIO()
            with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
                code = main([*argv, "--lang", "en"])
            if code != 0:
                raise RuntimeError(f"set-up step failed: {' '.join(argv[:3])}: {said.getvalue()}")
        self.app_url = self.cluster.app_url(DB)

    def stop(self) -> None:
        from fruitmap.server.cluster import stop_cluster
        from fruitmap.workspace.postgis import dispose_engines

        dispose_engines()
        if self.cluster is not None:
            stop_cluster(self.cluster, fast=True)


def area_file(ws, unit: str, tag: str, folder: Path) -> tuple[Path, object]:
    """Write the GeoJSON an editor imports: its district's zones changed, plus one new zone.

    Returns the file and the rows it holds (what the district must hold afterwards).
    """
    import pandas as pd

    from fruitmap.server.rights import area_codes

    zones = ws.read("zones")
    allowed = area_codes(ws.read("admin_units"), (unit,))
    mine = zones[zones["unit_code"].astype("string").isin(allowed).fillna(False)].copy()
    mine["area_ha"] = (mine["area_ha"] + 1.5).round(2)
    mine["name"] = mine["name"] + f" ({tag})"
    extra = mine.iloc[[0]].copy()
    extra["zone_id"] = f"LOAD-{tag}-1"
    mine = pd.concat([mine, extra], ignore_index=True)
    path = folder / f"zones_{tag}.geojson"
    mine.to_file(path, driver="GeoJSON")
    return path, mine


# ------------------------------------------------------------------ sessions over the websocket
@dataclass
class PageOpen:
    """One page asked for by one session: when, how long until its script run ended."""

    session: int
    page: str
    start: float
    seconds: float
    error: str | None = None
    round: int = 0


def _count(counter: list, total: int, asked: asyncio.Event) -> bool:
    """Count a session that has asked for its first page; set ``asked`` at the last one."""
    counter[0] += 1
    if counter[0] >= total:
        asked.set()
    return True


async def run_session(index: int, port: int, rounds: int, page_timeout: float,
                      asked: asyncio.Event, counter: list, total: int,
                      opens: list[PageOpen]) -> None:
    """One browser-less session: the explorer and gap pages, ``rounds`` times, in turn."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    from ui.warmup import message_error  # the same test of a message for an error

    lang = ("vi", "en")[index % 2]
    early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
    compile_error = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR
    plan = [(n, page) for n in range(1, rounds + 1) for page in PAGES]
    loop = asyncio.get_running_loop()
    counted = False
    try:
        # No pings: a client busy decoding a large map must not be taken for a dead one.
        async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None, open_timeout=120, ping_interval=None) as ws:
            for round_no, page in plan:
                request = BackMsg()
                request.rerun_script.query_string = f"lang={lang}"
                request.rerun_script.page_name = page
                start = time.perf_counter()
                await ws.send(request.SerializeToString())
                if not counted:
                    counted = _count(counter, total, asked)
                error = None
                deadline = loop.time() + page_timeout
                while True:
                    try:
                        raw = await asyncio.wait_for(ws.recv(), deadline - loop.time())
                    except TimeoutError:
                        error = f"no answer in {page_timeout:.0f} s"
                        break
                    msg = ForwardMsg()
                    msg.ParseFromString(raw)
                    error = error or message_error(msg)
                    if msg.WhichOneof("type") == "script_finished":
                        if msg.script_finished == compile_error:
                            error = error or "compile error"
                        if msg.script_finished != early:
                            break
                opens.append(PageOpen(index, page, start, time.perf_counter() - start, error,
                                      round_no))
                if error and error.startswith("no answer"):
                    return
    except (OSError, WebSocketException) as exc:
        opens.append(PageOpen(index, "connection", time.perf_counter(), 0.0,
                              f"connection: {exc!r}"))
    finally:
        if not counted:  # a session that never asked must not hold the imports back
            _count(counter, total, asked)


@dataclass
class ImportRun:
    """One ``import --login`` command: who, its exit status, output, when and how long."""

    login: str
    code: int = -1
    output: str = ""
    start: float = 0.0
    seconds: float = 0.0


async def run_import(server: Server, login: str, path: Path) -> ImportRun:
    """Import ``path`` into the zones with ``login``'s rights through the command line."""
    run = ImportRun(login, start=time.perf_counter())
    # A plain process polled from the loop (no asyncio child watcher: a cancelled load kills
    # it and waits for it here, before the loop closes). Its output goes to a file, never to
    # a pipe nobody reads.
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fruitmap", "import", str(path), "--layer", "zones",
             "--workspace", server.app_url, "--login", login, "--password-file",
             str(server.passwords[login]), "--lang", "en"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            while proc.poll() is None:
                await asyncio.sleep(0.05)
        finally:
            if proc.poll() is None:  # the whole load ran out of time: leave nothing behind
                proc.kill()
                proc.wait()
        run.seconds = time.perf_counter() - run.start
        out.seek(0)
        run.code, run.output = proc.returncode, out.read().decode(errors="replace")
    return run


async def drive(server: Server, port: int, files: dict, args) -> tuple[list, list]:
    """Run the sessions and, once all have asked for a page, the three imports."""
    opens: list[PageOpen] = []
    asked, counter = asyncio.Event(), [0]
    sessions = [asyncio.create_task(run_session(i, port, args.rounds, args.page_timeout,
                                                asked, counter, args.sessions, opens))
                for i in range(args.sessions)]
    await asyncio.wait_for(asked.wait(), args.timeout)
    imports = [run_import(server, login, files[login]) for login in EDITORS]
    imports.append(run_import(server, VIEWER, files[next(iter(EDITORS))]))
    done = await asyncio.wait_for(asyncio.gather(*imports, *sessions), args.timeout)
    return opens, done[:len(imports)]


def _district_state(zones, area: set[str]) -> frozenset:
    """What a district holds: its zones' ids and areas (to tell old from new from torn)."""
    codes = zones["unit_code"].astype("string")
    mine = zones[codes.isin(area).fillna(False).to_numpy(dtype=bool)]
    return frozenset(zip(mine["zone_id"].astype(str), mine["area_ha"].round(2), strict=True))


class ConsistencyReader(threading.Thread):
    """Reads the zones again and again while the load runs, as a viewer's page does.

    In every read each editor's district must be wholly as before or wholly as its editor's
    file: never half an import.
    """

    def __init__(self, url: str, before, expected: dict, admin_units):
        from fruitmap.server.rights import area_codes

        super().__init__(daemon=True)
        self.url, self.stop = url, threading.Event()
        self.areas = {login: area_codes(admin_units, (EDITORS[login],)) for login in expected}
        self.allowed = {login: (_district_state(before, area),
                                _district_state(expected[login], area))
                        for login, area in self.areas.items()}
        self.reads, self.torn, self.errors = 0, [], []

    def run(self) -> None:
        from fruitmap.errors import FruitmapError
        from fruitmap.workspace.location import open_workspace

        ws = open_workspace(self.url)
        while not self.stop.wait(0.2):
            try:
                zones = ws.read("zones")
            except FruitmapError as exc:
                self.errors.append(exc.message("en"))
                continue
            self.reads += 1
            for login, area in self.areas.items():
                if _district_state(zones, area) not in self.allowed[login]:
                    self.torn.append(f"read {self.reads}: {login}'s district half-written")


class LoadSampler(threading.Thread):
    """Samples the load average every second while the test runs (its peak is printed)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stop = 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.peak = max(self.peak, os.getloadavg()[0])


# ------------------------------------------------------------------ checks
def check_data(ws, before: dict, expected: dict, admin_url: str) -> list[str]:
    """Both imports landed, nobody else's rows were lost; return what failed."""
    import pandas as pd
    import psycopg

    from fruitmap.provenance import AREA_SUFFIX
    from fruitmap.server.rights import area_codes

    failures = []
    after = ws.read_all()
    zones = after["zones"]
    codes = zones["unit_code"].astype("string")
    admin_units = before["admin_units"]
    touched: set[str] = set()
    for login, rows in expected.items():
        area = area_codes(admin_units, (EDITORS[login],))
        touched |= area
        got = zones[codes.isin(area).fillna(False).to_numpy(dtype=bool)]
        got = got.set_index("zone_id").sort_index()
        want = rows.set_index("zone_id").sort_index()
        if list(got.index) != list(want.index):
            failures.append(f"{login}'s district holds {len(got)} zones, its file {len(want)}")
        elif not (got["area_ha"].round(2).to_numpy() == want["area_ha"].to_numpy()).all():
            failures.append(f"{login}'s district does not hold its file's areas")
    old = before["zones"]
    keep = ~old["unit_code"].astype("string").isin(touched).fillna(False).to_numpy(dtype=bool)
    now = ~codes.isin(touched).fillna(False).to_numpy(dtype=bool)
    try:
        pd.testing.assert_frame_equal(
            pd.DataFrame(zones[now]).sort_values("zone_id").reset_index(drop=True),
            pd.DataFrame(old[keep]).sort_values("zone_id").reset_index(drop=True))
    except AssertionError as exc:
        failures.append(f"other districts' zones changed: {str(exc)[:300]}")
    for name, frame in before.items():
        if name in ("zones", "history"):
            continue
        try:
            pd.testing.assert_frame_equal(pd.DataFrame(after[name]), pd.DataFrame(frame))
        except AssertionError as exc:
            failures.append(f"layer {name} changed: {str(exc)[:200]}")
    history = after["history"]
    new = history.iloc[len(before["history"]):]
    # An area editor's import is recorded as "import (area)" (fruitmap.provenance.AREA_SUFFIX).
    if set(new["who"]) != set(EDITORS) or set(new["action"]) != {"import" + AREA_SUFFIX}:
        failures.append(f"history after the imports: {new[['who', 'action']].values.tolist()}")
    with psycopg.connect(admin_url) as conn:
        audited = {r[0] for r in conn.execute(
            "SELECT DISTINCT who FROM fruitmap.audit WHERE table_name = 'zones' AND who "
            "IS NOT NULL AND who <> 'db load'").fetchall()}
    if audited != set(EDITORS):
        failures.append(f"the audit log names {sorted(audited)}, not both editors")
    return failures


# ------------------------------------------------------------------ main
def main() -> int:
    from bench_pages import TimedApp

    from fruitmap.workspace.location import open_workspace

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="simultaneous sessions")
    parser.add_argument("--rounds", type=int, default=2,
                        help="times each session opens the explorer and then the gap page")
    parser.add_argument("--page-timeout", type=float, default=300,
                        help="seconds a page may take before the session counts an error")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds the whole load may take")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 100 or not 1 <= args.rounds <= 20:
        parser.error("--sessions must be 1–100 and --rounds 1–20")

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, "
          f"Python {platform.python_version()}; load average {_load()}")
    folder = Path(tempfile.mkdtemp(prefix="fm-load-", dir="/tmp"))
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
    server, app, reader = Server(folder), None, None
    sampler = LoadSampler()
    try:
        t0 = time.perf_counter()
        server.start()
        ws = open_workspace(server.app_url)
        files, expected = {}, {}
        for login, unit in EDITORS.items():
            files[login], expected[login] = area_file(ws, unit, login, folder)
        before = ws.read_all()
        print(f"set-up (cluster, db init, demo, 3 accounts): {time.perf_counter() - t0:.1f} s; "
              f"{len(before['zones'])} zones; editors {EDITORS}, viewer {VIEWER}")
        # The sessions watch as anonymous viewers (a meeting room's screen): a shared server
        # shows only its login page otherwise, and a login over the raw websocket is a form
        # this benchmark does not fill in (ui/auth.py, FRUITMAP_ANONYMOUS_VIEW).
        os.environ["FRUITMAP_ANONYMOUS_VIEW"] = "1"
        # Started as `make server` starts it: the sessions arrive while the warm-up runs.
        app = TimedApp(server.app_url, folder, script="serve.py")
        reader = ConsistencyReader(server.app_url, before["zones"], expected,
                                   before["admin_units"])
        sampler.start()
        reader.start()
        start = time.perf_counter()
        try:
            opens, imports = asyncio.run(drive(server, app.port, files, args))
        except TimeoutError:
            print(f"FAILED: the load did not end within --timeout {args.timeout:.0f} s "
                  f"(load average {_load()})")
            return 1
        wall = time.perf_counter() - start
        peak_rss, rss = _proc_status(app.pid, "VmHWM"), _proc_status(app.pid, "VmRSS")
        # The server logs a run just after sending its end: give the last lines a moment.
        served_n, settle = sum(1 for o in opens if not o.error), time.monotonic() + 10
        while len(runs := app.runs()) < served_n and time.monotonic() < settle:
            time.sleep(0.1)
        sampler.stop.set()
        reader.stop.set()
        reader.join(60)
        failures = [f"session {o.session} {o.page}: {o.error}" for o in opens if o.error]
        failures += reader.torn + [f"reading the zones: {e}" for e in reader.errors]
        for run in imports:
            want = 1 if run.login == VIEWER else 0
            if run.code != want:
                failures.append(f"import as {run.login} exited {run.code} (expected {want}): "
                                f"{run.output.strip()[-400:]}")
        failures += check_data(ws, before, expected, server.admin_url)
    finally:
        sampler.stop.set()
        if reader is not None:
            reader.stop.set()
        if app is not None:
            app.stop()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)

    served = [o for o in opens if not o.error]
    times = [o.seconds for o in served]
    during = [o for o in served
              if any(o.start < i.start + i.seconds and o.start + o.seconds > i.start
                     for i in imports[:2])]
    wanted = args.sessions * args.rounds * len(PAGES)
    print(f"\n{args.sessions} sessions × {args.rounds} rounds × {len(PAGES)} pages "
          f"({', '.join(PAGES)}) in {wall:.1f} s")
    print(f"  page opens asked / served:     {wanted} / {len(served)} "
          f"({len(during)} while the imports ran)")
    print(f"  script runs the server handled: {len(runs)}")
    print(f"  page time (client), median:    {statistics.median(times):6.2f} s" if times
          else "  page time: none served")
    if times:
        print(f"  page time (client), p95:       {_percentile(times, 0.95):6.2f} s "
              f"(max {max(times):.2f} s)")
        for page in PAGES:
            for round_no in range(1, args.rounds + 1):
                mine = [o.seconds for o in served if o.page == page and o.round == round_no]
                if mine:
                    print(f"    {page:<9} round {round_no}: median "
                          f"{statistics.median(mine):6.2f} s, p95 "
                          f"{_percentile(mine, 0.95):6.2f} s")
    walls = [r["wall"] for r in runs]
    if walls:
        print(f"  script run (server), median / p95: {statistics.median(walls):.2f} / "
              f"{_percentile(walls, 0.95):.2f} s")
    for run in imports:
        print(f"  import as {run.login:<12} exit {run.code}, {run.seconds:6.2f} s")
    print(f"  zones read meanwhile (as a viewer's page reads them): {reader.reads}, "
          f"{len(reader.torn)} showing a district half-written")
    print(f"  app process memory: peak {peak_rss / 2**20:.0f} MiB, at the end "
          f"{rss / 2**20:.0f} MiB")
    print(f"  load average: peak {sampler.peak:.1f} during; now {_load()} "
          f"({os.cpu_count()} cores)")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for line in failures[:40]:
            print("  - " + line)
        return 1
    print("\nOK: no session error; both imports landed (history and audit name both "
          "editors), the viewer was refused, nobody else's rows changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

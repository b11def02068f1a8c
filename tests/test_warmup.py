"""ui.warmup: the app prepares itself when the server starts (serve.py, `make run`).

Servers are started as `make run` starts them (``streamlit run serve.py``) on the demo, and a
browser-less session (Streamlit's own websocket protocol, as benchmarks/bench_load.py) opens
the explorer. On a cache miss the explorer shows the map's progress box ("Đang vẽ bản đồ…",
ui.progress_view); after the warm-up the first session must not see it, because the map was
built before it came. ``FRUITMAP_WARMUP=0`` must bring the box back (so the check can fail),
and a broken workspace must leave a working server that says why it did not warm up.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from fruitmap.i18n import t
from tests.conftest import ROOT, RunningApp
from ui import first_run, warmup

MAP_BOX = t("progress.map.title", "vi").rstrip("…").encode()
READY = r"fruitmap warm-up: ready ([0-9.]+) s after the server process started"


def run_async(make_coroutine):
    """Run a coroutine to its end in a thread of its own and return its result.

    Not ``asyncio.run`` in the test's thread: the browser tests' Playwright (sync API) keeps
    an event loop running there for the whole session, and asyncio.run refuses to start then.
    """
    out: dict = {}

    def run():
        try:
            out["value"] = asyncio.run(make_coroutine())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            out["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def open_explorer(port: int, timeout: float = 180.0) -> tuple[bytes, list[str]]:
    """Open /explorer in a new browser-less session; return its messages' bytes and errors."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN

    async def session():
        seen, errors = [], []
        async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None, ping_interval=None) as ws:
            request = BackMsg()
            request.rerun_script.page_name = "explorer"
            await ws.send(request.SerializeToString())
            while True:
                raw = await asyncio.wait_for(ws.recv(), timeout)
                seen.append(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                error = warmup.message_error(msg)
                if error:
                    errors.append(error)
                if msg.WhichOneof("type") == "script_finished" and msg.script_finished != early:
                    return b"".join(seen), errors

    return run_async(session)


@pytest.fixture(scope="module")
def warm_server(demo_ws_path):
    app = RunningApp(demo_ws_path, script="serve.py")
    yield app
    app.stop()


def test_the_explorer_map_is_built_before_the_first_session_comes(warm_server):
    ready = warm_server.wait_for_log(READY)
    assert float(ready.group(1)) > 0
    log = warm_server.output()
    assert "modules imported" in log
    assert "pages explorer" in log and "overview" in log and "gap" in log
    messages, errors = open_explorer(warm_server.port)
    assert errors == []
    assert b"leaflet" in messages  # the map frame was sent
    assert MAP_BOX not in messages  # ... and not built for this session: the warm-up did
    # The map frame's component, imported by the warm-up outside any session, is registered:
    # the server serves its files (a 404 here leaves every visitor's map frame empty).
    with urllib.request.urlopen(f"{warm_server.url}/component/streamlit_folium.st_folium/"
                                "index.html", timeout=30) as reply:
        assert reply.status == 200 and b"<html" in reply.read().lower()


def test_warmup_off_leaves_the_first_session_to_build_the_map(demo_ws_path):
    app = RunningApp(demo_ws_path, script="serve.py", env={"FRUITMAP_WARMUP": "0"})
    try:
        app.wait_for_log(r"fruitmap warm-up: off")
        # serve.py runs on uvloop (requirements.txt), whether it warms up or not.
        assert "fruitmap: the server's event loop is uvloop" in app.output()
        messages, errors = open_explorer(app.port)
        assert errors == []
        assert MAP_BOX in messages  # built now, for the first visitor, as before
        assert "ready" not in app.output()
    finally:
        app.stop()


def test_a_broken_workspace_does_not_stop_the_server(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "fruitmap.gpkg").write_bytes(b"not a geopackage")
    app = RunningApp(ws, script="serve.py")
    try:
        stopped = app.wait_for_log(r"fruitmap warm-up: stopped after the imports.*")
        assert "foreign" in stopped.group(0)
        messages, errors = open_explorer(app.port)
        # The page refuses the folder in plain words, as without the warm-up.
        assert any("fruitmap.gpkg" in e for e in errors), errors
        assert not any(e.startswith("exception") for e in errors), errors
    finally:
        app.stop()


# ------------------------------------------------------------------ without a server
def test_switch(monkeypatch):
    monkeypatch.delenv("FRUITMAP_WARMUP", raising=False)
    assert warmup.enabled()
    for off in ("0", "false", "No", " off "):
        monkeypatch.setenv("FRUITMAP_WARMUP", off)
        assert not warmup.enabled()
    monkeypatch.setenv("FRUITMAP_WARMUP", "1")
    assert warmup.enabled()


def test_page_imports_follow_the_page_files():
    explorer = warmup.page_imports("pages/explorer.py")
    assert "ui.map_view" in explorer and "streamlit" in explorer
    assert "__future__" not in explorer
    assert "ui.gap_view" in warmup.page_imports("pages/gap.py")


def test_workspace_problem_names_missing_empty_foreign_and_zoneless(tmp_path, monkeypatch,
                                                                    demo_ws_path):
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "nowhere"))
    assert "missing" in warmup.workspace_problem()
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "empty"))
    assert "empty" in warmup.workspace_problem()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "other"))
    assert "foreign" in warmup.workspace_problem()
    from fruitmap.workspace.starter import start_from_scratch

    start_from_scratch(tmp_path / "scratch")  # boundaries, no zones
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "scratch"))
    assert "no zones" in warmup.workspace_problem() or "no readable" in \
        warmup.workspace_problem()
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(demo_ws_path))
    assert warmup.workspace_problem() is None
    monkeypatch.setenv("FRUITMAP_WORKSPACE", "postgresql://fruitmap_app@127.0.0.1:1/fruitmap")
    assert warmup.workspace_problem() is None  # a database is left to the anonymous session


# Run in a fresh interpreter: what the explorer's first run imports after the warm-up's imports.
_FIRST_RUN_IMPORTS = '''
import json, sys
from streamlit.testing.v1 import AppTest
from ui import first_run, warmup
warmup.import_pages()
marked = sorted(k for k in ("app", "explorer", "overview") if first_run.has_run(k))
before = set(sys.modules)
at = AppTest.from_file("app.py", default_timeout=120)
at.switch_page("pages/explorer.py")
at.run()
new = sorted(m for m in set(sys.modules) - before
             if m.split(".")[0] in ("ui", "fruitmap", "folium", "branca", "plotly", "jinja2",
                                   "streamlit_folium", "geopandas"))
print(json.dumps({"marked": marked, "new": new, "errors": [e.value for e in at.exception],
                  "title": [h.value for h in at.title]}))
'''


def test_the_explorer_s_first_run_imports_nothing_the_warmup_left_out(demo_ws_path):
    # The warm-up marks the router's and the explorer's first runs as done, so a visitor's
    # run goes alongside the warm-up's own: that is safe only if neither imports a module of
    # ours or of the libraries with import cycles (folium, branca, plotly) in that run.
    out = subprocess.run([sys.executable, "-c", _FIRST_RUN_IMPORTS], cwd=ROOT, timeout=300,
                         capture_output=True, text=True,
                         env=dict(os.environ, FRUITMAP_WORKSPACE=str(demo_ws_path)))
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["errors"] == [] and seen["title"] == [t("explorer.title", "vi")]
    assert seen["marked"] == ["app", "explorer"]  # the overview's first run still locks
    assert seen["new"] == []


def test_the_imports_wait_for_a_first_run_in_progress():
    # A session's first run holds the process-wide lock: the warm-up's imports wait for it
    # (and a session arriving during the imports waits for them), never alongside.
    first_run._RAN.discard("warmup")  # as in a fresh process
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def session_first_run():
        with first_run.first_run_alone("test-warmup-page"):
            holding.set()
            release.wait(10)
            order.append("session done")

    session = threading.Thread(target=session_first_run)
    session.start()
    holding.wait(10)
    warm = threading.Thread(target=lambda: (warmup.import_pages(), order.append("imports")))
    warm.start()
    time.sleep(0.3)
    assert order == []  # waiting for the lock
    release.set()
    session.join(10)
    warm.join(60)
    assert order == ["session done", "imports"]
    assert first_run.has_run("warmup")


def test_on_the_shared_server_the_warmup_sees_what_an_anonymous_visitor_sees(
        pg_cluster, pg_db, demo_ws_path, monkeypatch):
    # The demo in a database, no anonymous viewing: before a login only the login page is
    # routed. The warm-up imports the pages' modules but opens none of them (no account).
    from fruitmap.cli import main

    assert main(["db", "load", "--url", pg_cluster.admin_url(pg_db), "--from",
                 str(demo_ws_path)]) == 0
    for name in ("FRUITMAP_ANONYMOUS_VIEW", "FRUITMAP_TRUSTED_HEADER"):
        monkeypatch.delenv(name, raising=False)
    app = RunningApp(pg_cluster.app_url(pg_db), script="serve.py")
    try:
        ready = app.wait_for_log(r"fruitmap warm-up: ready .*")
        assert "modules imported" in app.output()
        assert ready.group(0).count("needs a login") == 3, ready.group(0)
    finally:
        app.stop()


def test_the_warmup_gives_way_while_a_visitor_runs_a_page():
    from types import SimpleNamespace

    from streamlit.runtime.app_session import AppSessionState

    def session(sid, state):
        return SimpleNamespace(session=SimpleNamespace(id=sid, _state=state))

    sessions = [session("warm", AppSessionState.APP_IS_RUNNING)]
    rt = SimpleNamespace(_session_mgr=SimpleNamespace(list_active_sessions=lambda: sessions))
    assert warmup.visitor_running(rt, "warm") is None  # alone: no waiting at all
    assert run_async(lambda: warmup.give_way(rt, "warm", idle_s=0.3)) < 0.05
    visitor = session("visitor", AppSessionState.APP_IS_RUNNING)
    sessions.append(visitor)
    assert warmup.visitor_running(rt, "warm") is True

    def visitor_done():
        time.sleep(0.4)
        visitor.session._state = AppSessionState.APP_NOT_RUNNING

    threading.Thread(target=visitor_done).start()
    waited = run_async(lambda: warmup.give_way(rt, "warm", idle_s=0.3))
    assert 0.6 <= waited < 3  # the visitor's run, then 0.3 s of quiet
    assert warmup.visitor_running(rt, "warm") is False

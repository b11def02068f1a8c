"""Shared fixtures: project paths, the demo workspace, a running app for browser tests."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
NAV = '[data-testid="stSidebarNav"]'
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def root() -> Path:
    """The project folder (where app.py is)."""
    return ROOT


@pytest.fixture(scope="session")
def demo_ws_path(tmp_path_factory) -> Path:
    """A demo workspace written once per test session (read-only by convention).

    Tests that change a workspace must copy it first (see ``demo_ws_copy``).
    """
    from fruitmap.demo import write_demo

    path = tmp_path_factory.mktemp("demo_ws")
    write_demo(path)
    return path


@pytest.fixture()
def demo_ws_copy(demo_ws_path, tmp_path) -> Path:
    """A private copy of the demo workspace that a test may change."""
    dest = tmp_path / "ws"
    shutil.copytree(demo_ws_path, dest)
    return dest


@pytest.fixture(autouse=True)
def _no_build_ahead_grace(monkeypatch):
    """No browser draws what a test's run sent: background builds start as the run ends."""
    from ui import build_ahead

    monkeypatch.setattr(build_ahead, "GRACE_S", 0.0)


@pytest.fixture(autouse=True)
def _background_builds_end(monkeypatch):
    """Work a page queued for the background (``ui.build_ahead``) ends within its test.

    Waited for before the test's patches and workspace are undone (this fixture depends on
    ``monkeypatch``, so it is torn down first): a job never runs under the next test's.
    """
    yield
    ahead = sys.modules.get("ui.build_ahead")
    if ahead is not None:
        assert ahead.wait(180), "background builds still running after 180 s"


def use_workspace(monkeypatch, path: Path) -> Path:
    """Point the app at the workspace in ``path`` and run from the project folder (AppTest)."""
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(path))
    monkeypatch.chdir(ROOT)
    return path


@pytest.fixture()
def app_env(demo_ws_path, monkeypatch):
    """Point the app at the session's demo workspace (for AppTest)."""
    return use_workspace(monkeypatch, demo_ws_path)


@pytest.fixture()
def gap_tiny_env(tmp_path, monkeypatch) -> Path:
    """Point the app at a fresh tiny workspace of tests/gap_fixtures.py (numbers on paper)."""
    from tests.gap_fixtures import write_tiny

    write_tiny(tmp_path / "ws")
    return use_workspace(monkeypatch, tmp_path / "ws")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningApp:
    """A Streamlit server started on 127.0.0.1 for browser tests."""

    def __init__(self, workspace: Path, root: Path | None = None, script: str = "app.py",
                 env: dict[str, str] | None = None):
        # root: another checkout of the app (benchmarks compare two versions in one run).
        # script: "serve.py" starts the app as `make run` does, warming up when it starts
        # (ui/warmup.py); env: more environment variables (FRUITMAP_WARMUP=0, say).
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()  # when the server process was started
        env = dict(os.environ, FRUITMAP_WORKSPACE=str(workspace), **(env or {}))
        # The server's output goes to a file: a pipe nobody reads fills up and stalls the
        # server. No file watcher: tests never edit the code, and inotify queues overflow.
        self.log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=root or ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited: " + Path(self.log.name).read_text())
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        self.healthy = time.perf_counter()  # the server answered
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 60 s")

    def output(self) -> str:
        """What the server has logged so far."""
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 120.0) -> re.Match:
        """Wait until the server's log holds ``pattern`` (a regular expression); return the match."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = re.search(pattern, self.output())
            if found:
                return found
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited: " + self.output())
            time.sleep(0.05)
        raise TimeoutError(f"no {pattern!r} in the server's log after {timeout:.0f} s:\n"
                           + self.output()[-3000:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """A running app on its own copy of the demo workspace, for the whole session."""
    from fruitmap.demo import write_demo

    ws = tmp_path_factory.mktemp("browser_ws")
    write_demo(ws)
    app = RunningApp(ws)
    yield app
    app.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (never a downloaded browser) with the flags this machine needs."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing in CI: run `make test`, which installs it")
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script of the current page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const w = document.querySelector('[data-testid="stStatusWidget"]');
            return !w || !w.innerText.match(/Running|Đang chạy/);
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def assert_no_exception(page) -> None:
    """Fail when Streamlit shows an exception box on the page."""
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def open_page(page, app, url_path: str = "", lang: str | None = None,
              timeout: float = 60_000) -> None:
    """Open ``url_path`` of the running ``app`` and wait until app.py's router has drawn it.

    The page counts as open when the sidebar navigation holds the first page's name in
    ``lang`` (case-sensitive, so Streamlit's own lower-case file names from its old
    pages/-folder mode do not count) and the script has finished. A deep link on a fresh
    server first runs the page on its own, then ui/__init__ reruns it through app.py: this
    waits for that second run.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The browser page.
    app : RunningApp
        The server (``app_server`` or a private :class:`RunningApp`).
    url_path : str
        The page's url path (``""`` for the default page), without a query.
    lang : str, optional
        Adds ``?lang=``; without it the app opens in the default language.
    timeout : float
        Milliseconds to wait for the navigation and again for the script.
    """
    from fruitmap.i18n import DEFAULT_LANG, t

    query = f"?lang={lang}" if lang else ""
    page.goto(f"{app.url}/{url_path}{query}")
    first_page = re.compile(re.escape(t("nav.overview", lang or DEFAULT_LANG)))
    # attached, not visible: presentation mode hides the sidebar but keeps its navigation.
    page.locator(NAV).filter(has_text=first_page).wait_for(state="attached", timeout=timeout)
    wait_for_app(page, timeout=timeout)


def shot(page, name: str, tmp_path: Path, what=None) -> None:
    """Screenshot the whole page (or the element ``what``) as ``<name>.png``.

    The pictures go to ``tmp_path``, or to ``FRUITMAP_SHOTS=/some/dir`` to keep them for
    people to look at.
    """
    folder = Path(os.environ.get("FRUITMAP_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    if what is None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    else:
        what.screenshot(path=str(folder / f"{name}.png"))


# The throw-away PostgreSQL + PostGIS cluster and the two-backend workspace fixtures.
from tests.postgis_fixtures import (  # noqa: E402, F401  (fixtures)
    backend,
    new_workspace,
    pg_app_url,
    pg_cluster,
    pg_db,
)

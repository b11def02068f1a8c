"""Benchmark of every page of the app at the province's real size (issue 9, point 2).

Builds a seeded synthetic Sơn La workspace (:mod:`tests.map_fixtures`: 20,000 zone polygons
and 10,000 plants by default), starts the app on it (``benchmarks/timed_streamlit.py``: the
real ``streamlit run app.py`` with every script run timed in the server) and drives Debian's
Chromium with Playwright. It prints, each against the issue's target:

- every page (overview, explorer, gap, targets, upload, data, meeting pack, present) opened
  **cold** (a fresh server: nothing cached) and **warm** (a new session on the same server
  afterwards, best of ``--warm``): seconds from opening the page's address until it is drawn,
  i.e. no "Running…" indicator, the page's main element present (the explorer's map with every
  zone and plant drawn; the gap page's four charts and its map with the 12 districts) and
  staying so. Beside it, the server's share: the script runs' wall and CPU seconds (from the
  hook) and the CPU seconds of the whole server process (``/proc``). Target: the gap page
  ≤ 5 s warm.
- widget changes that leave the data as it is (the gap page's measure, month and crop, and a
  plain rerun): **server time** = wall seconds of the script run the change caused, measured
  inside the server by the hook (not in the browser); the browser's seconds from the click
  until the page is idle again are printed beside it. Target ≤ 0.3 s.
- memory: resident set size (``VmRSS`` in ``/proc``) of the server process after five browser
  sessions have each opened the explorer and then the gap page (kept open), and its peak
  (``VmHWM``). Target ≤ 1.5 GiB.

Run on demand (not part of the test suite):
``.venv/bin/python benchmarks/bench_pages.py [--zones 20000 --plants 10000] [--pages gap,explorer]``
(``--zones 2000 --plants 1000`` is a quick check).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from browser_cpu import RendererCpu, tree_cpu  # noqa: E402

from fruitmap.i18n import t  # noqa: E402
from fruitmap.workspace.geopackage import Workspace  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, NAV, _free_port  # noqa: E402
from tests.map_fixtures import write_synthetic  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
GIB = 1024 ** 3
TARGET_GAP_WARM_S = 5.0
TARGET_WIDGET_S = 0.3
TARGET_RSS = 1.5 * GIB

# A page is drawn when the router has run (the navigation shows its page names in the app's
# language, which a deep link's first, router-less run does not), Streamlit is not running
# the script, no element is stale, and the page's own main element is there.
READY_JS = """
(names) => {
    const nav = document.querySelector('NAV');
    if (!nav || !names.some(n => nav.innerText.includes(n))) { return false; }
    const w = document.querySelector('[data-testid="stStatusWidget"]');
    if (w && /Running|Đang chạy/.test(w.innerText)) { return false; }
    if (document.querySelector('[data-stale="true"]')) { return false; }
    return (MAIN)();
}
""".replace("NAV", NAV)
MAP_COUNT_JS = """
(doc, classes) => {
    if (!doc) { return -1; }
    var n = doc.querySelectorAll(classes.map(c => 'path.' + c + ', div.' + c).join(', ')).length;
    doc.querySelectorAll('canvas[data-fm-layer]').forEach(function (c) {
        if (classes.includes(c.dataset.fmLayer)) { n += Number(c.dataset.drawn || 0); }
    });
    return doc.querySelector('.leaflet-control-layers') ? n : -1;
}
"""


# Seconds (from the page's navigation start) at which the page first showed: its title, the
# first plotly chart, all its plotly charts so far, the map frame, the map's first canvas or
# path. Polled every 50 ms in the page; read at the end of a visit.
PHASES_JS = """
(() => {
    if (window.top !== window) { return; }
    const seen = window.__fmPhases = {};
    const mark = (name, ok) => { if (!(name in seen) && ok) { seen[name] = performance.now(); } };
    const timer = setInterval(() => {
        mark('title', document.querySelector('h1'));
        const charts = document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg');
        mark('first_chart', charts.length > 0);
        if (charts.length > (window.__fmCharts || 0)) {
            window.__fmCharts = charts.length;
            seen.last_chart = performance.now();
        }
        const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
        mark('map_frame', f);
        const d = f && f.contentDocument;
        mark('map_drawn', d && d.querySelector('canvas[data-fm-layer], path.leaflet-interactive'));
    }, 50);
    setTimeout(() => clearInterval(timer), 600000);
})();
"""


def _map_drawn(classes: list[str], want: int) -> str:
    return ("() => { const f = document.querySelector('" + MAP_FRAME + "');"
            " const doc = f && f.contentDocument;"
            f" return ({MAP_COUNT_JS})(doc, {json.dumps(classes)}) >= {want}; }}")


def _has(selector: str, n: int = 1) -> str:
    return f"() => document.querySelectorAll({json.dumps(selector)}).length >= {n}"


def page_checks(zones: int, plants: int) -> dict[str, str]:
    """url path → JS function (as text) that is true once the page's main element is drawn."""
    charts = '[data-testid="stPlotlyChart"]'
    return {
        "overview": _has(charts, 2),  # crops bar and the province map
        "explorer": _map_drawn(["fm-zone", "fm-zone-point", "fm-facility", "fm-factory"],
                               zones + plants),
        # the glut calendar, the crop's balance, the surplus map and plant utilisation
        # charts, and the gap map's 12 districts
        "gap": "() => (" + _has(charts, 4) + ")() && (" + _map_drawn(["fm-choropleth"], 12)
               + ")()",
        "targets": _has(f'{charts}, [data-testid="stAlert"]'),
        "upload": _has('[data-testid="stFileUploader"]'),
        "data": _has('[data-testid="stDataFrame"]', 2),
        "meeting-pack": _has(".st-key-pack_build button"),
        "present": _has(".st-key-present_body [data-testid='stElementContainer']"),
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` (peak) of process ``pid`` in bytes (``/proc/PID/status``)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


class TimedApp:
    """The app started by ``benchmarks/timed_streamlit.py`` on 127.0.0.1 and a free port."""

    def __init__(self, workspace: Path, folder: Path, script: str = "app.py"):
        # script: "serve.py" starts the app as `make run`/`make server` do (with the warm-up
        # of ui/warmup.py); "app.py" a bare server (what "cold" measures here).
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.runs_log = folder / f"runs-{self.port}.jsonl"
        self.runs_log.touch()
        self.server_log = (folder / f"server-{self.port}.log").open("wb")
        env = dict(os.environ, FRUITMAP_WORKSPACE=str(workspace),
                   FRUITMAP_RUN_LOG=str(self.runs_log))
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "timed_streamlit.py"), "run", script,
             "--server.headless", "true", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.server_log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited; see " + self.server_log.name)
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 120 s")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def runs(self) -> list[dict]:
        """Every script run timed so far (one dict per request, oldest first)."""
        lines = self.runs_log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.server_log.close()


def wait_drawn(page, check: str, timeout_s: float, settle_s: float = 0.5,
               finished=lambda: True) -> float:
    """Wait until the page is drawn and stays so for ``settle_s``; return when it first was.

    A deep link's first run is followed by a rerun through the router (ui/__init__), and a
    page may rerun itself: a drawn state that does not last is not counted. ``finished``
    (called from Python) must also be true: the server has ended the script run the visit
    caused, so that a page drawn before the end of its script (the footer still coming) is
    not taken as drawn.
    """
    first = [t("nav.overview", "vi"), t("nav.overview", "en")]  # a language switch
    ready = READY_JS.replace("MAIN", check)
    deadline = time.perf_counter() + timeout_s
    while True:
        remaining = max(1.0, deadline - time.perf_counter())
        page.wait_for_function(ready, arg=first, polling=50, timeout=remaining * 1000)
        while not finished():
            if time.perf_counter() > deadline:
                raise TimeoutError("the server did not finish the script run")
            page.wait_for_timeout(20)
        drawn = time.perf_counter()
        page.wait_for_timeout(settle_s * 1000)
        if page.evaluate(ready, first):
            return drawn
        if time.perf_counter() > deadline:
            raise TimeoutError("the page did not stay drawn")


def open_timed(context, app: TimedApp, path: str, check: str, timeout_s: float):
    """Open ``path`` in a new tab of ``context``; return (page, seconds, server figures)."""
    page = context.new_page()
    renderer = RendererCpu(page)
    page.add_init_script(PHASES_JS)
    before, cpu0 = len(app.runs()), _cpu_seconds(app.pid)
    tree0 = tree_cpu(os.getpid())
    t0, epoch0 = time.perf_counter(), time.time()
    # The overview is the landing page: its address is the root ("/overview" opens Streamlit's
    # "Page not found" dialog over the overview, which leaves the page inert).
    where = "" if path == "overview" else path
    page.goto(f"{app.url}/{where}", wait_until="commit", timeout=timeout_s * 1000)
    # Phases: the page's title shown; the script's last run ended in the server.
    # (the presentation's slides have no h1: its top bar instead)
    page.wait_for_selector("h1, .st-key-present_body", timeout=timeout_s * 1000)
    title = time.perf_counter() - t0
    ended = []

    def finished() -> bool:
        if len(app.runs()) > before and not ended:
            ended.append(time.perf_counter() - t0)
        return bool(ended)

    seconds = wait_drawn(page, check, timeout_s, finished=finished) - t0
    runs = app.runs()[before:]
    cpu = renderer.read()
    process_cpu = _cpu_seconds(app.pid) - cpu0
    phases = page.evaluate("() => window.__fmPhases || {}")
    server = {"renderer_cpu": cpu["task"], "renderer_js": cpu["script"],
              "browser_cpu": tree_cpu(os.getpid()) - tree0 - process_cpu,
              "phases": {k: v / 1000 for k, v in phases.items()}, "script_wall": sum(r["wall"] for r in runs), "script_cpu": sum(r["cpu"] for r in runs),
              "runs": len(runs), "process_cpu": process_cpu,
              "title": title, "ended": runs[-1]["end"] - epoch0 if runs else float("nan")}
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"/{path} shows an exception: "
                           + page.locator('[data-testid="stException"]').first.inner_text())
    return page, seconds, server


def _server(s: dict) -> str:
    return (f"title shown {s['title']:.2f} s, script ended {s['ended']:.2f} s; script "
            f"{s['script_wall']:.2f} s wall / {s['script_cpu']:.2f} s CPU in {s['runs']} "
            f"run(s), server process CPU {s['process_cpu']:.2f} s; browser: renderer CPU "
            f"{s['renderer_cpu']:.2f} s, of which JS {s['renderer_js']:.2f} s; all browser "
            f"processes {s['browser_cpu']:.2f} s CPU; in the page: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in s["phases"].items()))


def _verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


def bench_page(browser, ws: Path, folder: Path, path: str, check: str, warm: int,
               timeout_s: float) -> tuple[float, float, float, float]:
    """Cold and best warm seconds of one page, each on a new session of a fresh server, and
    the renderer CPU seconds of the cold visit and the least of the warm ones."""
    app = TimedApp(ws, folder)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        if "-" in path:
            # A fresh server's first request for /meeting-pack (file pages/meeting_pack.py)
            # gets Streamlit's "Page not found" and the overview: the root page is opened
            # first (its script run ended), so "cold" here has the workspace read already.
            first = context.new_page()
            first.goto(f"{app.url}/", wait_until="commit", timeout=timeout_s * 1000)
            deadline = time.time() + timeout_s
            while not app.runs() and time.time() < deadline:
                time.sleep(0.2)
            first.close()
            print(f"  /{path:<13} (cold after the root page was opened once)", flush=True)
        _, cold, server = open_timed(context, app, path, check, timeout_s)
        context.close()
        print(f"  /{path:<13} cold {cold:6.2f} s  ({_server(server)})", flush=True)
        best, least = float("inf"), float("inf")
        cold_cpu = server["renderer_cpu"]
        for _ in range(max(1, warm)):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            _, seconds, server = open_timed(context, app, path, check, timeout_s)
            context.close()
            best, least = min(best, seconds), min(least, server["renderer_cpu"])
            print(f"  /{path:<13} warm {seconds:6.2f} s  ({_server(server)})", flush=True)
    finally:
        app.stop()
    return cold, best, cold_cpu, least


def _choose(page, key: str, index: int) -> None:
    """Pick option ``index`` of the select box with widget key ``key``."""
    # Streamlit's select box (react-aria): the arrow key opens its list of options.
    page.locator(f".st-key-{key} input[role='combobox']").click()
    page.keyboard.press("ArrowDown")
    page.locator(f"[role='option'][data-key='{index}']").click()


def widget_change(page, app: TimedApp, action, check: str, timeout_s: float) -> dict:
    """Do ``action`` on ``page``; return the server's and the browser's seconds for it."""
    before, cpu0 = len(app.runs()), _cpu_seconds(app.pid)
    t0 = time.perf_counter()
    action()
    drawn = wait_drawn(page, check, timeout_s, settle_s=0.3,
                       finished=lambda: len(app.runs()) > before)
    runs = app.runs()[before:]
    return {"server_wall": sum(r["wall"] for r in runs), "server_cpu": sum(r["cpu"] for r in runs),
            "runs": len(runs), "browser": drawn - t0,
            "process_cpu": _cpu_seconds(app.pid) - cpu0}


def _radio(page, key: str, index: int) -> None:
    page.locator(f".st-key-{key} [data-testid='stRadioOption']").nth(index).click()


def _language(page, i: int) -> None:
    # vi → en → vi …: the first switch builds the page's pieces in English.
    _radio(page, "lang", (i + 1) % 2)


def _rerun(page) -> None:
    # (a collapsed expander may hold an h1 of its own: the visible title)
    page.locator("h1:visible").first.click()
    page.keyboard.press("r")


def _explorer_filter(page, key: str, i: int) -> None:
    # A filter (first option of multiselect ``key``), then the reset button: the first
    # filter builds its map, later ones (and the reset, back to the unfiltered map) find it
    # built.
    if i % 2:
        page.locator(".st-key-explorer_reset button").click()
    else:
        _choose(page, key, 0)
        page.keyboard.press("Escape")


def widget_actions(page) -> dict[str, list]:
    """url path → (name, action(i)) of the widget changes that leave the data as it is."""
    rerun = ("plain rerun (key R)", lambda i: _rerun(page))
    language = ("language (vi ↔ en)", lambda i: _language(page, i))
    return {
        "gap": [
            ("measure (tonnes ↔ share)",
             lambda i: _radio(page, "gap_measure", (i + 1) % 2)),
            # Back and forth between two values: the first change builds the new month's
            # (or crop's) pieces; later ones find them built.
            ("month of the map", lambda i: _choose(page, "gap_month", 2 + i % 2)),
            ("crop", lambda i: _choose(page, "gap_crop", (i + 1) % 2)),
            rerun, language],
        "explorer": [("crop filter / reset", lambda i: _explorer_filter(page, "explorer_crops", i)),
                     # a new filter of another kind: districts (outlined, the map opens on
                     # them), then plant status (every zone kept)
                     ("district filter / reset",
                      lambda i: _explorer_filter(page, "explorer_districts", i)),
                     ("status filter / reset",
                      lambda i: _explorer_filter(page, "explorer_statuses", i)),
                     ("basemap (none ↔ OSM)", lambda i: _radio(page, "explorer_basemap",
                                                               (i + 1) % 2)),
                     rerun, language],
        "targets": [rerun, language],
        "overview": [rerun, language],
        # slide 1 (headline figures) ↔ slide 2 (the province map)
        "present": [("next / previous slide",
                     lambda i: page.locator(".st-key-present_next button, "
                                            ".st-key-present_prev button").nth((i + 1) % 2)
                     .click())],  # (no sidebar on the slides: no language switch there)
        "meeting-pack": [("format (pptx ↔ pdf)", lambda i: _radio(page, "pack_format",
                                                                   (i + 1) % 2)),
                         rerun, language],
    }


def bench_widgets(page, app: TimedApp, path: str, check: str, timeout_s: float,
                  repeat: int, settle_s: float = 0.0, only: tuple[str, ...] = ()) -> list:
    """Widget changes on an open page that leave the workspace and the balance as they are.

    ``settle_s``: seconds waited before each change (a user's pause; the pages build ahead
    in the background meanwhile). ``only``: the changes whose name holds one of these words
    (all by default).
    """
    rows = []
    for name, act in widget_actions(page)[path]:
        if only and not any(word in name for word in only):
            continue
        name = f"{path}: {name}"
        results = []
        for i in range(repeat):
            if settle_s:
                time.sleep(settle_s)
            results.append(widget_change(page, app, lambda i=i, act=act: act(i), check,
                                         timeout_s))
        best = min(results, key=lambda r: r["server_wall"])
        rows.append((name, results))
        each = ", ".join(f"{r['server_wall']:.2f}/{r['server_cpu']:.2f}/{r['process_cpu']:.2f}"
                         for r in results)
        print(f"  {name:<34} script wall/CPU/process CPU each: {each} s; browser "
              f"{max(r['browser'] for r in results):.2f} s worst  "
              f"[worst {_verdict(max(r['server_wall'] for r in results), TARGET_WIDGET_S)}, "
              f"best {_verdict(best['server_wall'], TARGET_WIDGET_S)} ≤ {TARGET_WIDGET_S} s]",
              flush=True)
    return rows


WIDGET_PAGES = ["gap", "explorer", "targets", "overview", "present", "meeting-pack"]
# The memory figure: every session opens the two heaviest pages and one more, a different
# one per session, each in its own tab (a Streamlit session each), all kept open.
MEMORY_PAGES = ["overview", "meeting-pack", "present", "targets", "data"]


def memory_sessions(browser, app: TimedApp, checks: dict, sessions: int,
                    timeout_s: float) -> dict:
    """RSS of the server after ``sessions`` browser contexts opened pages (kept open)."""
    print(f"memory of the server process ({sessions} browser sessions, each opened /explorer, "
          "/gap and one other page, every tab kept open):")
    contexts = []
    try:
        for i in range(sessions):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts.append(context)
            other = MEMORY_PAGES[i % len(MEMORY_PAGES)]
            for path in ("explorer", "gap", other):
                open_timed(context, app, path, checks[path], timeout_s)
            mem = _memory(app.pid)
            print(f"  after session {i + 1} (+ /{other}): RSS {mem['VmRSS'] / GIB:.2f} GiB "
                  f"(peak {mem['VmHWM'] / GIB:.2f} GiB)", flush=True)
        return _memory(app.pid)
    finally:
        for context in contexts:
            context.close()


class _Skip(Exception):
    """The widget and memory part is not run (``--pages-only``)."""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=20_000)
    parser.add_argument("--plants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--warm", type=int, default=2, help="warm visits per page (best shown)")
    parser.add_argument("--sessions", type=int, default=5, help="sessions for the memory figure")
    parser.add_argument("--repeat", type=int, default=3, help="times each widget is changed")
    parser.add_argument("--pages", default="", help="comma-separated url paths (default: all)")
    parser.add_argument("--no-pages", action="store_true", help="skip the cold/warm page runs")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the cold/warm page runs (no widget changes, no memory)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per page visit")
    parser.add_argument("--settle", type=float, default=0.0,
                        help="seconds waited before each widget change (a user's pause: "
                             "background builds finish meanwhile; default 0)")
    parser.add_argument("--actions", default="",
                        help="comma-separated words: only the widget changes whose name "
                             "holds one (e.g. language,measure; default: all)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; load average at start {_load()}")
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    ws = write_synthetic(folder / "ws", args.zones, args.plants, args.seed)
    layers = Workspace(ws).read_all()
    zones, plants = len(layers["zones"]), len(layers["plants"])
    print(f"workspace: {zones:,} zones, {plants:,} plants, {len(layers['cold_stores'])} cold "
          f"stores (seed {args.seed}); server logs in {folder}")
    del layers
    checks = page_checks(zones, plants)
    chosen = [p for p in args.pages.split(",") if p] or list(checks)
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if not args.no_pages:
            print("pages (cold: fresh server; warm: new session afterwards):")
            for path in chosen:
                results[path] = bench_page(browser, ws, folder, path, checks[path], args.warm,
                                           args.timeout)

        widgets, mem, rss0 = [], None, 0
        app = None if args.pages_only else TimedApp(ws, folder)
        print("" if app is None else "widget changes (server = the script run's wall / CPU "
              f"seconds in the server, each of {args.repeat} changes; the first builds; "
              f"{args.settle:g} s pause before each):")
        try:
            if app is None:
                raise _Skip
            rss0 = _memory(app.pid)["VmRSS"]
            for path in [p for p in WIDGET_PAGES if p in chosen] or WIDGET_PAGES:
                # A browser session per page.
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                # The explorer's filters draw fewer features: any drawn map will do.
                check = _map_drawn(["fm-zone", "fm-zone-point", "fm-facility", "fm-factory"],
                                   1) if path == "explorer" else checks[path]
                page, _, _ = open_timed(context, app, path, checks[path], args.timeout)
                widgets += bench_widgets(page, app, path, check, args.timeout, args.repeat,
                                         args.settle, tuple(w for w in args.actions.split(",")
                                                            if w))
                context.close()
            mem = memory_sessions(browser, app, checks, args.sessions, args.timeout)
        except _Skip:
            pass
        finally:
            if app is not None:
                app.stop()
        browser.close()

    print(f"\nsummary ({zones:,} zones + {plants:,} plants; load average now {_load()}):")
    for path, (cold, warm, cold_cpu, warm_cpu) in results.items():
        target = (f"  [{_verdict(warm, TARGET_GAP_WARM_S)} ≤ {TARGET_GAP_WARM_S:.0f} s warm]"
                  if path == "gap" else "")
        print(f"  /{path:<13} cold {cold:6.2f} s, warm {warm:6.2f} s{target}; renderer CPU "
              f"cold {cold_cpu:.2f} s, warm {warm_cpu:.2f} s (least)")
    for name, runs in widgets:
        worst = max(r["server_wall"] for r in runs)
        later = max((r["server_wall"] for r in runs[1:]), default=float("nan"))
        print(f"  {name:<34} server first {runs[0]['server_wall']:.2f} s / CPU "
              f"{runs[0]['server_cpu']:.2f} s, later ≤ {later:.2f} s  "
              f"[{_verdict(worst, TARGET_WIDGET_S)} ≤ {TARGET_WIDGET_S} s]")
    if mem is None:
        return 0
    print(f"  server RSS, {args.sessions} sessions: {mem['VmRSS'] / GIB:.2f} GiB (at start "
          f"{rss0 / GIB:.2f} GiB, peak {mem['VmHWM'] / GIB:.2f} GiB)  "
          f"[{_verdict(mem['VmRSS'], TARGET_RSS)} ≤ 1.5 GiB]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of the map explorer on a synthetic Sơn La-sized workspace (issue 9).

Builds a seeded synthetic workspace (:mod:`tests.map_fixtures`), then prints:

- ``build_map`` time and the size of the map's HTML (what the app sends to the browser);
- the explorer in Debian's Chromium (Playwright, a real Streamlit server started as ``make
  run`` starts it, ``streamlit run serve.py``): seconds from opening ``/explorer`` to a drawn,
  interactive map (every zone and plant drawn, layer control and legend present) on three
  fresh servers (:func:`cold_starts`): without the warm-up (``FRUITMAP_WARMUP=0``), with it
  and the page opened at the first second (the server answers while it warms up), and with it
  and the page opened only after the server logged "ready"; for each, the seconds from the
  server process's start to its health check answering (and to "ready"), and its CPU; then
  new sessions on the warmed-up server (warm);
- our map exported as one HTML file and opened from disk, timed the same way;
- naive folium (one ``GeoJson`` with a tooltip and one ``CircleMarker`` per plant,
  ``naive.py``), built, saved and opened from disk the same way (its CDN scripts replaced by
  the vendored copies), and drawn by ``st_folium`` in a one-page Streamlit app
  (``naive_page.py``) timed from opening the page to the map drawn, as the explorer is: cold
  (a fresh server) and warm (the layers kept, a new browser profile);
- the ratios, and each figure against the issue's target.

Above ``SUMMARY_FROM`` zones (50,000) the explorer draws hexagons at low zoom: "drawn" then
means every hexagon and plant, and the benchmark also zooms in and times until the zones of
the view (fetched tile by tile) are drawn.

Run: ``.venv/bin/python benchmarks/bench_map.py [--zones 20000 --plants 10000] [--no-naive]``
(``--zones 2000 --plants 1000`` is a quick check; ``--zones 200000 --no-naive --no-file``
the very large case; ``--workspace WS --cold-rounds 2 --compare-root OTHER_CHECKOUT`` times
cold opens only, alternating with another version of the app under the same load).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from browser_cpu import RendererCpu, describe, tree_cpu  # noqa: E402
from naive import naive_html  # noqa: E402

from fruitmap.maps.assets import STATIC_DIR, map_to_standalone_html  # noqa: E402
from fruitmap.maps.build import build_map  # noqa: E402
from fruitmap.maps.channel import externalise, wait_for_files  # noqa: E402
from fruitmap.maps.summary import DETAIL_ZOOM, SUMMARY_FROM, hex_summary  # noqa: E402
from fruitmap.workspace.geopackage import Workspace  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, RunningApp  # noqa: E402
from tests.map_fixtures import write_synthetic  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Counts what the map has drawn: SVG/DOM features by class, plus what canvas layers report
# (data-drawn). ``doc`` is the document holding the map.
COUNT_JS = """
(doc) => {
    if (!doc) { return -1; }
    var n = doc.querySelectorAll('path.fm-zone, path.fm-zone-point, path.fm-facility, ' +
        'div.fm-factory, path.fm-zone-summary').length;
    doc.querySelectorAll('canvas[data-fm-layer]').forEach(function (c) {
        if (/^(fm-zone|fm-zone-point|fm-facility|fm-factory|fm-zone-summary)$/.test(
                c.dataset.fmLayer)) {
            n += Number(c.dataset.drawn || 0);
        }
    });
    var ready = doc.querySelector('.leaflet-control-layers') && doc.querySelector('.fm-legend');
    return ready ? n : -1;
}
"""
EXPLORER_DRAWN = ("(want) => { var f = document.querySelector('" + MAP_FRAME + "');"
                  " var doc = f && f.contentDocument; return (" + COUNT_JS + ")(doc) >= want; }")
STANDALONE_DRAWN = "(want) => (" + COUNT_JS + ")(document) >= want"
NAIVE_DRAWN = "(want) => document.querySelectorAll('path.leaflet-interactive').length >= want"


NAIVE_PAGE_DRAWN = ("(want) => { var f = document.querySelector('" + MAP_FRAME + "');"
                    " return !!f && !!f.contentDocument && f.contentDocument.querySelectorAll("
                    "'path.leaflet-interactive').length >= want; }")


def time_naive_page(browser, ws_path: Path, want: int, timeout_s: float, warm_runs: int = 1):
    """Time naive folium in Streamlit (``naive_page.py``), page opened → every feature drawn.

    A fresh server: the first visit reads the workspace (cold), later visits in new browser
    profiles find its layers kept (warm); each makes the folium map anew.
    Returns ``(cold_seconds, [warm_seconds, ...])``.
    """
    folder = Path(tempfile.mkdtemp(prefix="fm-naive-page-"))
    (folder / "naive_page.py").write_text((ROOT / "benchmarks" / "naive_page.py").read_text())
    (folder / "static").symlink_to(STATIC_DIR)  # served at /app/static/ as the app's are
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text(
        (ROOT / ".streamlit" / "config.toml").read_text())
    app = RunningApp(ws_path, root=folder, script="naive_page.py",
                     env={"FRUITMAP_ROOT": str(ROOT)})
    times = []
    try:
        for _ in range(1 + warm_runs):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(app.url, wait_until="commit", timeout=timeout_s * 1000)
            page.wait_for_function(NAIVE_PAGE_DRAWN, arg=want, polling=100,
                                   timeout=timeout_s * 1000)
            times.append(time.perf_counter() - t0)
            context.close()
    finally:
        app.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return times[0], times[1:]


def _browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def time_file(browser, path: Path, drawn_js: str, want: int, timeout_s: float):
    """Seconds from opening ``path`` to ``drawn_js(want)``, and the renderer's CPU meanwhile
    (:func:`browser_cpu.RendererCpu.read`); outside requests are refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                  else r.abort())
    page = context.new_page()
    cpu = RendererCpu(page)
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
    page.wait_for_function(drawn_js, arg=want, polling=100, timeout=timeout_s * 1000)
    seconds = time.perf_counter() - t0
    renderer = cpu.read()
    context.close()
    return seconds, renderer


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_explorer(browser, url: str, want: int, timeout_s: float, pid: int | None = None,
                  context=None):
    """Time opening the explorer at ``url`` in a new session until the map is drawn.

    A new browser profile (context) each time, unless ``context`` is given: a new tab of that
    browser, which then keeps what its HTTP cache holds (a returning visitor).

    Returns ``(seconds, phases)``: ``phases`` holds the seconds until the page's first element
    (``app``), until the map frame exists (``frame``), until drawn (``drawn``), until the
    largest websocket message (the map's arguments) was received (``map_message``), the CPU
    seconds the server process ``pid`` used meanwhile (``server_cpu``), so that runs on a
    loaded machine can be compared by the work done, not only by the wall clock.
    """
    own = context is None
    if own:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    frames = []  # (seconds since t0, bytes) of every websocket message from the server

    def on_socket(socket):
        socket.on("framereceived", lambda payload: frames.append(
            (time.perf_counter() - t0, len(payload))))

    page.on("websocket", on_socket)
    renderer = RendererCpu(page)
    cpu0 = _cpu_seconds(pid) if pid else 0.0
    browser0 = tree_cpu(os.getpid())
    t0 = time.perf_counter()
    page.goto(url + "/explorer", wait_until="commit", timeout=timeout_s * 1000)
    page.wait_for_selector("h1", timeout=timeout_s * 1000)
    phases = {"app": time.perf_counter() - t0}
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=timeout_s * 1000)
    phases["frame"] = time.perf_counter() - t0
    page.wait_for_function(EXPLORER_DRAWN, arg=want, polling=100, timeout=timeout_s * 1000)
    seconds = time.perf_counter() - t0
    phases["drawn"] = seconds
    if frames:  # the map's arguments arrive in the largest message
        phases["map_message"] = max(frames, key=lambda f: f[1])[0]
    cpu = renderer.read()
    # The page's renderer main thread (it also runs the same-site map frame): its task and
    # script seconds.
    phases["renderer_cpu"], phases["renderer_js"] = cpu["task"], cpu["script"]
    if pid:
        phases["server_cpu"] = _cpu_seconds(pid) - cpu0
        # Minus the server's own share (it runs under this process too).
        phases["browser_cpu"] = tree_cpu(os.getpid()) - browser0 - phases["server_cpu"]
    if own:
        context.close()
    else:
        page.close()
    return seconds, phases


# Zoom onto the middle of the map and wait until the zones' canvas has loaded every tile the
# view asked for and drawn them; returns milliseconds measured in the page.
ZOOM_IN_JS = """
([zoom]) => new Promise((resolve) => {
    var map = Object.values(window).find(v => v instanceof L.Map);
    var t0 = performance.now();
    map.setView(map.getCenter(), zoom, {animate: false});
    (function poll() {
        var c = document.querySelector('canvas[data-fm-layer="fm-zone"]');
        if (c && Number(c.dataset.asked) > 0 && c.dataset.parts === c.dataset.asked &&
                Number(c.dataset.drawn) > 0) {
            resolve([performance.now() - t0, Number(c.dataset.drawn), Number(c.dataset.parts)]);
            return;
        }
        setTimeout(poll, 20);
    })();
})
"""


def time_zoom_in(browser, url: str, timeout_s: float) -> tuple[float, int, int]:
    """Open the explorer, zoom in to DETAIL_ZOOM + 1 and time until the view's zones are drawn.

    Returns ``(seconds in the page, zones drawn, tiles loaded)``.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url + "/explorer", wait_until="commit", timeout=timeout_s * 1000)
    frame = page.locator(MAP_FRAME).element_handle(timeout=timeout_s * 1000).content_frame()
    frame.wait_for_selector(".fm-legend", timeout=timeout_s * 1000)
    frame.wait_for_selector("path.fm-zone-summary, canvas[data-fm-layer=fm-zone-summary]",
                            state="attached", timeout=timeout_s * 1000)
    ms, drawn, parts = frame.evaluate(ZOOM_IN_JS, [DETAIL_ZOOM + 1])
    context.close()
    return ms / 1000, int(drawn), int(parts)


def _phases(phases: dict) -> str:
    return ", ".join(f"{k} {v:.2f} s" for k, v in phases.items())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=20_000)
    parser.add_argument("--plants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--warm", type=int, default=3, help="warm runs (the best is shown)")
    parser.add_argument("--no-naive", action="store_true", help="skip naive folium")
    parser.add_argument("--no-browser", action="store_true", help="only build and size")
    parser.add_argument("--compare-inline", action="store_true",
                        help="also run an app sending the data inside the frame's arguments "
                             "(as before the data files), warm visits alternating")
    parser.add_argument("--compare-only", action="store_true",
                        help="with --compare-inline: stop after the comparison")
    parser.add_argument("--no-file", action="store_true",
                        help="skip our map as one HTML file (slow to write at 200,000 zones)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per browser run")
    parser.add_argument("--cold-starts", type=int, default=1,
                        help="rounds of three fresh servers (no warm-up, a visitor at the first "
                             "second, a visitor after the warm-up); medians are compared")
    parser.add_argument("--workspace", type=Path,
                        help="use this workspace instead of writing a synthetic one")
    parser.add_argument("--cold-rounds", type=int, default=0,
                        help="only time N cold opens (a fresh server each), each followed at "
                             "once by a zoom-in, alternating with --compare-root if given")
    parser.add_argument("--compare-root", type=Path,
                        help="with --cold-rounds: another checkout of the app (e.g. main)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; load average at start "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    ws_path = args.workspace or write_synthetic(tmp / "ws", args.zones, args.plants, args.seed)
    layers = Workspace(ws_path).read_all()
    summarised = len(layers["zones"]) > SUMMARY_FROM
    # What "drawn" means at the opening (province) view: every zone, or every hexagon.
    shown_zones = len(hex_summary(layers["zones"])) if summarised else len(layers["zones"])
    want = shown_zones + len(layers["plants"])
    print(f"workspace: {len(layers['zones']):,} zones, {len(layers['plants']):,} plants, "
          f"{len(layers['cold_stores'])} cold stores, {len(layers['industrial_areas'])} "
          f"industrial areas (seed {args.seed})")
    if summarised:
        print(f"above {SUMMARY_FROM:,} zones: {shown_zones:,} hexagons at the opening view, "
              f"zones from zoom {DETAIL_ZOOM}")

    if args.cold_rounds:
        return cold_rounds(ws_path, want, summarised, args)
    t0, c0 = time.perf_counter(), time.process_time()
    m = build_map(layers, "vi")
    build_s, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    html = m.get_root().render()
    render_s = time.perf_counter() - t0
    print(f"ours : build_map {build_s:.2f} s ({build_cpu:.2f} s CPU), render {render_s:.2f} s "
          f"(with every tile made, at 200,000 zones), "
          f"HTML with the data inline {len(html.encode()) / 1e6:.1f} MB")
    data_dir = tmp / "data"
    m = build_map(layers, "vi")  # again: the map above made its tiles for the inline HTML
    t0, c0 = time.perf_counter(), time.process_time()
    externalise(m, data_dir, "/app/static/cache")
    script = m.get_root().render()
    moved_s = time.perf_counter() - t0
    wait_for_files()
    later_s, later_cpu = time.perf_counter() - t0, time.process_time() - c0
    files = list(data_dir.glob("*.json"))
    print(f"ours, data as files (what the app sends): script {len(script.encode()) / 1e6:.2f} MB "
          f"in {moved_s:.2f} s + {len(files)} data files, "
          f"{sum(f.stat().st_size for f in files) / 1e6:.1f} MB (tiles made and written in the "
          f"background: done {later_s:.2f} s after, {later_cpu:.2f} s CPU)")
    ours_file = tmp / "ours.html"
    ours_make_s = None
    if not args.no_file:
        t0 = time.perf_counter()
        ours_file.write_text(map_to_standalone_html(build_map(layers, "vi")), encoding="utf-8")
        ours_make_s = time.perf_counter() - t0

    naive_make_s = None
    if not args.no_naive:
        t0 = time.perf_counter()
        naive_text = naive_html(layers)
        naive_file = tmp / "naive.html"
        naive_file.write_text(naive_text, encoding="utf-8")
        naive_make_s = time.perf_counter() - t0
        print(f"naive: build + render {naive_make_s:.2f} s, "
              f"HTML {len(naive_text.encode()) / 1e6:.1f} MB")
    if args.no_browser:
        return 0

    with sync_playwright() as p:
        browser = _browser(p)
        ours_total = None
        if ours_make_s is not None:
            ours_draw, cpu = time_file(browser, ours_file, STANDALONE_DRAWN, want, args.timeout)
            ours_total = ours_make_s + ours_draw
            print(f"ours, one HTML file: made in {ours_make_s:.2f} s + drawn in "
                  f"{ours_draw:.2f} s = {ours_total:.2f} s; {describe(cpu)}")
        naive_total = None
        in_app = None  # naive folium in Streamlit: (cold, best warm)
        if naive_make_s is not None:
            naive_draw, naive_cpu = time_file(browser, naive_file, NAIVE_DRAWN, want,
                                              args.timeout)
            naive_total = naive_make_s + naive_draw
            print(f"naive folium, one HTML file: made in {naive_make_s:.2f} s + drawn in "
                  f"{naive_draw:.2f} s = {naive_total:.2f} s; {describe(naive_cpu)}")
        if naive_make_s is not None and not summarised:
            cold_naive, warm_naive = time_naive_page(browser, ws_path, want, args.timeout)
            in_app = (cold_naive, min(warm_naive))
            print(f"naive folium in Streamlit (st_folium, naive_page.py), page opened -> "
                  f"drawn: cold (fresh server) {cold_naive:.2f} s, warm "
                  + ", ".join(f"{x:.2f}" for x in warm_naive) + " s")
        if args.compare_inline:
            compare_inline(browser, ws_path, want, args)
            if args.compare_only:
                return 0
        rounds = [cold_starts(browser, ws_path, want, args,
                              warm_runs=max(1, args.warm) if n == 0 else 0, summarised=summarised)
                  for n in range(max(1, args.cold_starts))]
        browser.close()
    runs = rounds[0]["warm"]
    warm = min(seconds for seconds, _ in runs)
    back = min((seconds for seconds, _ in rounds[0]["returning"]), default=None)
    cold = {kind: statistics.median(r[kind]["drawn"] for r in rounds) for kind in STARTS}
    warm_cpu = min(p["renderer_cpu"] for _, p in runs)
    print(f"explorer renderer CPU: cold (no warm-up) "
          f"{rounds[0]['off']['phases']['renderer_cpu']:.2f} s, warm (least of {len(runs)}) "
          f"{warm_cpu:.2f} s" + (f"; naive folium's drawing {naive_cpu['task']:.2f} s"
                                 if naive_make_s is not None else ""))
    print(f"explorer in Chromium, page opened -> map drawn (median of {len(rounds)} "
          f"start{'s' if len(rounds) > 1 else ''}): " + ", ".join(
              f"{STARTS[kind]} {cold[kind]:.2f} s" for kind in STARTS)
          + f"; warm {warm:.2f} s"
          + (f", warm in a returning browser {back:.2f} s" if back is not None else "")
          + " (load average now "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    if naive_total is not None:
        file_ratio = f"one HTML file {naive_total / ours_total:.1f}x, " if ours_total else ""
        again = (f"explorer warm, returning browser {naive_total / back:.1f}x, "
                 if back is not None else "")
        print(f"naive folium / ours: {file_ratio}explorer warm {naive_total / warm:.1f}x, "
              + again
              + ", ".join(f"{STARTS[kind]} {naive_total / cold[kind]:.1f}x" for kind in STARTS))
    if in_app is not None:
        print(f"naive folium in Streamlit / explorer, page opened -> drawn: warm "
              f"{in_app[1] / warm:.1f}x" + (f", warm in a returning browser "
                                            f"{in_app[1] / back:.1f}x" if back else "")
              + "".join(f", {STARTS[kind]} {in_app[0] / cold[kind]:.1f}x" for kind in STARTS)
              + " (naive's cold: a fresh server, which has nothing to warm up)")
    _targets(summarised, cold, warm, naive_total, back, in_app, ours_total)
    return 0


# The three ways a visitor meets a freshly started server (cold_starts), as printed.
STARTS = {"off": "cold without warm-up (FRUITMAP_WARMUP=0)",
          "first": "cold, visitor at the first second (warm-up running)",
          "ready": "cold, page opened after the warm-up said ready"}
READY = (r"fruitmap warm-up: ready ([0-9.]+) s after the server process started "
         r"\(warm-up ([0-9.]+) s: pages (.*)\)\n")


def cold_starts(browser, ws_path: Path, want: int, args, warm_runs: int = 0,
                summarised: bool = False) -> dict:
    """Start three fresh servers the way ``make run`` does (``serve.py``) and open the explorer.

    - ``off``: ``FRUITMAP_WARMUP=0``, the page opened as soon as the server answers its
      health check (what "cold" meant before the warm-up);
    - ``first``: with the warm-up, the page opened as soon as the server answers: a visitor
      arriving at the very first second, who waits for the warm-up;
    - ``ready``: with the warm-up, the page opened only after the server logged that the
      warm-up is ready; then ``warm_runs`` warm visits (new sessions) on that server.

    Prints for each: server process started → health answers, → warm-up ready (and the
    warm-up's own seconds and CPU), page opened → map drawn, started → drawn, and the server
    CPU seconds before the visit and during it. Returns those per kind, plus ``warm``.
    """
    result: dict = {"warm": [], "returning": []}
    for kind in ("off", "first", "ready"):
        load = os.getloadavg()[0]
        app = RunningApp(ws_path, script="serve.py",
                         env={"FRUITMAP_WARMUP": "0"} if kind == "off" else None)
        try:
            pid = app.proc.pid
            row = {"health": app.healthy - app.started, "load": load}
            if kind == "ready":
                found = app.wait_for_log(READY, timeout=args.timeout)
                row["ready"] = time.perf_counter() - app.started
                row["ready_server"], row["warmup"] = float(found.group(1)), float(found.group(2))
                row["pages"] = found.group(3)
            row["cpu_before"] = _cpu_seconds(pid)
            opened = time.perf_counter()
            row["drawn"], row["phases"] = time_explorer(browser, app.url, want, args.timeout,
                                                        pid)
            row["start_to_drawn"] = opened - app.started + row["drawn"]
            if kind == "ready":
                for _ in range(warm_runs):
                    result["warm"].append(time_explorer(browser, app.url, want, args.timeout,
                                                        pid))
                    print(f"explorer warm: {_phases(result['warm'][-1][1])}", flush=True)
                # A returning visitor: the same browser profile, a new tab (a new session)
                # each time; its first visit fills the HTTP cache and is not counted.
                if warm_runs:
                    returning = browser.new_context(viewport={"width": 1400, "height": 1000})
                    time_explorer(browser, app.url, want, args.timeout, pid, returning)
                    for _ in range(warm_runs):
                        result["returning"].append(time_explorer(
                            browser, app.url, want, args.timeout, pid, returning))
                        print("explorer warm, returning browser (new tab, HTTP cache kept): "
                              f"{_phases(result['returning'][-1][1])}", flush=True)
                    returning.close()
                if summarised and warm_runs:
                    zoom = time_zoom_in(browser, app.url, args.timeout)
                    print(f"explorer zoomed in to {DETAIL_ZOOM + 1}: {zoom[1]:,} zones of "
                          f"{zoom[2]} tiles drawn {zoom[0]:.2f} s after the zoom (no rerun)")
        finally:
            app.stop()
        ready = (f", ready (warm-up done) {row['ready']:.2f} s (the server's own count "
                 f"{row['ready_server']:.2f} s; warm-up {row['warmup']:.2f} s: {row['pages']})"
                 if kind == "ready" else "")
        print(f"{STARTS[kind]}: server started -> health answers {row['health']:.2f} s{ready}; "
              f"server CPU before the visit {row['cpu_before']:.2f} s; page opened -> map drawn "
              f"{row['drawn']:.2f} s; server started -> drawn {row['start_to_drawn']:.2f} s "
              f"(load {load:.1f}; {_phases(row['phases'])})", flush=True)
        result[kind] = row
    return result


def cold_rounds(ws_path: Path, want: int, summarised: bool, args) -> int:
    """Time cold opens of fresh servers, each followed at once by a zoom-in (new session).

    With ``--compare-root`` the rounds alternate between this checkout and the other, so
    both see the same machine load. The zoom-in right after a cold open shows how long the
    tiles take to be there when they are made in the background.
    """
    from playwright.sync_api import sync_playwright

    roots = [("this", None)] + ([("other", args.compare_root)] if args.compare_root else [])
    with sync_playwright() as p:
        browser = _browser(p)
        for round_no in range(args.cold_rounds):
            for label, root in roots:
                app = RunningApp(ws_path, root=root)
                try:
                    load = os.getloadavg()[0]
                    cold, phases = time_explorer(browser, app.url, want, args.timeout,
                                                 app.proc.pid)
                    print(f"round {round_no + 1} {label}: cold {cold:.2f} s ({_phases(phases)}; "
                          f"load {load:.1f})", flush=True)
                    if summarised:
                        t0 = time.perf_counter()
                        seconds, drawn, parts = time_zoom_in(browser, app.url, args.timeout)
                        print(f"round {round_no + 1} {label}: zoomed in to {DETAIL_ZOOM + 1} "
                              f"right after: {drawn:,} zones of {parts} tiles drawn "
                              f"{seconds:.2f} s after the zoom ({time.perf_counter() - t0:.2f} s "
                              f"with opening the page)", flush=True)
                finally:
                    app.stop()
        browser.close()
    return 0


def compare_inline(browser, ws_path: Path, want: int, args) -> None:
    """Time the explorer with the data as files and inside the arguments, alternating.

    Two fresh servers of the same workspace, one with ``FRUITMAP_MAP_DATA_FILES=0``; a cold
    visit each, then ``args.warm`` warm visits each, one after the other, so that both meet
    the same load. Prints the best and median wall time and browser CPU of each.
    """
    os.environ["FRUITMAP_MAP_DATA_FILES"] = "0"
    try:
        inline = RunningApp(ws_path)
    finally:
        os.environ.pop("FRUITMAP_MAP_DATA_FILES")
    files = RunningApp(ws_path)
    try:
        results: dict[str, list] = {"inline": [], "files": []}
        browser_cpu: dict[str, list] = {"inline": [], "files": []}
        for name, app in (("inline", inline), ("files", files)):
            seconds, phases = time_explorer(browser, app.url, want, args.timeout, app.proc.pid)
            print(f"compare {name} cold: {_phases(phases)}")
        for _ in range(max(1, args.warm)):
            for name, app in (("inline", inline), ("files", files)):
                seconds, phases = time_explorer(browser, app.url, want, args.timeout,
                                                app.proc.pid)
                results[name].append(seconds)
                browser_cpu[name].append(phases["browser_cpu"])
                print(f"compare {name} warm: {_phases(phases)}")
        print("compare warm, best / median: " + ", ".join(
            f"{name} {min(v):.2f} / {sorted(v)[len(v) // 2]:.2f} s" for name, v in results.items()))
        print("compare warm browser CPU, best / median: " + ", ".join(
            f"{name} {min(v):.2f} / {sorted(v)[len(v) // 2]:.2f} s"
            for name, v in browser_cpu.items()))
    finally:
        inline.stop()
        files.stop()


def _verdict(value: float, limit: float, more_is_better: bool = False) -> str:
    ok = value >= limit if more_is_better else value <= limit
    return "met" if ok else "NOT met"


def _targets(summarised: bool, cold: dict, warm: float, naive_total: float | None,
             back: float | None = None, in_app: tuple[float, float] | None = None,
             ours_file: float | None = None) -> None:
    """Print the figures against issue 9's targets (wall times depend on the machine's load).

    ``cold`` holds page opened → map drawn for each kind of :data:`STARTS`; ``in_app`` naive
    folium in Streamlit's cold and warm page opened → drawn (:func:`time_naive_page`);
    ``ours_file`` our map as one HTML file, made + drawn.

    Three comparisons with naive folium are printed: file against file and Streamlit page
    against Streamlit page (like for like), and naive's file against our Streamlit page,
    whose time includes Streamlit's own start (≈ 0.6–1.3 s before any map).
    """
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"targets (issue 9; load average now {load}, wall times under load are inflated):")
    limit = 10 if summarised else 3
    print(f"  warm <= {limit} s: {warm:.2f} s {_verdict(warm, limit)}")
    if back is not None:
        print(f"  warm, returning browser <= {limit} s: {back:.2f} s {_verdict(back, limit)}")
    for kind, label in STARTS.items():
        print(f"  {label} <= 10 s: {cold[kind]:.2f} s {_verdict(cold[kind], 10)}")
    if naive_total is not None and not summarised:
        again = "" if back is None else (
            f"warm, returning browser {naive_total / back:.1f}x "
            f"{_verdict(naive_total / back, 10, True)}; ")
        if ours_file:
            print(f"  >= 10x naive folium, one HTML file against one HTML file (made + drawn, "
                  f"like for like): {naive_total / ours_file:.1f}x "
                  f"{_verdict(naive_total / ours_file, 10, True)}")
        print(f"  >= 10x naive folium as one HTML file against the explorer page (not like "
              f"for like: the page includes Streamlit's own start): warm {naive_total / warm:.1f}x "
              f"{_verdict(naive_total / warm, 10, True)}; " + again + "; ".join(
                  f"{label} {naive_total / cold[kind]:.1f}x "
                  f"{_verdict(naive_total / cold[kind], 10, True)}"
                  for kind, label in STARTS.items()))
    if in_app is not None:
        # Like for like: both are Streamlit pages timed from opening to the map drawn.
        again = "" if back is None else (
            f"warm, returning browser {in_app[1] / back:.1f}x "
            f"{_verdict(in_app[1] / back, 10, True)}; ")
        print(f"  >= 10x naive folium in Streamlit (page opened -> drawn, like for like): "
              f"warm {in_app[1] / warm:.1f}x {_verdict(in_app[1] / warm, 10, True)}; " + again
              + "; ".join(f"{label} {in_app[0] / cold[kind]:.1f}x "
                          f"{_verdict(in_app[0] / cold[kind], 10, True)}"
                          for kind, label in STARTS.items()))


if __name__ == "__main__":
    raise SystemExit(main())

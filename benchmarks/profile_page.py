"""Profile what Chromium spends on one page of the app (issue 9: the browser side).

Starts the app on a workspace (``--workspace``, else a seeded synthetic one of ``--zones`` /
``--plants``), opens ``/<page>`` once to fill the caches, then ``--runs`` more times in new
sessions while recording a Chromium trace, and prints per visit: seconds until drawn, the
renderer's CPU (``Performance.getMetrics``), and from the trace the main thread's time by
kind of event and by script URL, the frames, the network bytes by resource, and the count
of Streamlit elements and plotly figures.

``.venv/bin/python benchmarks/profile_page.py --page gap [--zones 20000 --plants 10000]``
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import TimedApp, _load, open_timed, page_checks  # noqa: E402
from browser_cpu import RendererCpu, describe  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.map_fixtures import write_synthetic  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
              "blink", "loading", "netlog"]

COUNT_JS = """() => {
  const q = (s) => document.querySelectorAll(s).length;
  const frames = Array.from(document.querySelectorAll('iframe')).map(f => {
     const d = f.contentDocument; return {title: f.title, src: (f.src || '').slice(0, 80),
       nodes: d ? d.getElementsByTagName('*').length : -1,
       svgPaths: d ? d.querySelectorAll('svg path').length : -1,
       canvases: d ? d.querySelectorAll('canvas').length : -1}; });
  return {elements: q('[data-testid="stElementContainer"]'), nodes: q('*'),
          plotly: q('[data-testid="stPlotlyChart"]'), plotlySvgPaths: q('.js-plotly-plot path'),
          dataframes: q('[data-testid="stDataFrame"]'), expanders: q('[data-testid="stExpander"]'),
          buttons: q('button'), frames};
}"""


def summarise(trace: dict) -> None:
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads = {}
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            threads[(e["pid"], e["tid"])] = e["args"]["name"]
    mains = {k for k, v in threads.items() if v == "CrRendererMain"}
    by_name = collections.Counter()
    by_url = collections.Counter()
    for e in events:
        if (e.get("pid"), e.get("tid")) not in mains or e.get("ph") != "X":
            continue
        dur = e.get("dur", 0) / 1e6
        name = e["name"]
        if name in ("RunTask", "ThreadControllerImpl::RunTask"):
            by_name["(tasks, total)"] += dur
            continue
        by_name[name] += dur
        if name in ("FunctionCall", "EvaluateScript", "v8.compile", "v8.compileModule"):
            data = e.get("args", {}).get("data", {})
            url = data.get("url") or data.get("fileName") or "?"
            by_url[f"{name} {url.split('?')[0][-70:]}"] += dur
    print("    main thread by event (s):")
    for name, s in by_name.most_common(16):
        print(f"      {s:7.3f}  {name}")
    print("    script by url (s):")
    for name, s in by_url.most_common(12):
        print(f"      {s:7.3f}  {name}")


def by_url(profile: dict) -> None:
    """Print the sampled JavaScript self time by script URL (and the top functions)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    urls, funcs = collections.Counter(), collections.Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node_id]["callFrame"]
        url = frame["url"].split("?")[0].rsplit("/", 1)[-1] or frame["functionName"] or "?"
        urls[url] += delta / 1e6
        funcs[f"{frame['functionName'] or '(anon)'} {url}:{frame['lineNumber']}"] += delta / 1e6
    print("    JS self time by script (s):", ", ".join(
        f"{u} {s:.2f}" for u, s in urls.most_common(10)))
    print("    top functions (s):", ", ".join(f"{u} {s:.2f}" for u, s in funcs.most_common(10)))


def visit(browser, app, args, check: str, trace_file: Path, n: int) -> None:
    """One visit in a new browser context: print its time, CPU, counts, bytes and profile."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    sizes, ws_bytes, hold = collections.Counter(), collections.Counter(), {}

    def on_response(r):
        try:
            size = int(r.headers.get("content-length") or 0)
        except ValueError:
            size = 0
        sizes[r.url.split("?")[0].replace(app.url, "")[-60:]] += size

    def on_ws(w):
        w.on("framereceived", lambda payload: ws_bytes.update(
            {"received": len(payload), "messages": 1}))

    ctx.on("response", on_response)
    orig_new_page = ctx.new_page

    def new_page():  # open_timed opens the page: attach the probes before it navigates
        page = orig_new_page()
        page.on("websocket", on_ws)
        hold["cpu"] = RendererCpu(page)
        if args.cpu_profile:
            hold["cpu"].session.send("Profiler.enable")
            hold["cpu"].session.send("Profiler.setSamplingInterval", {"interval": 500})
            hold["cpu"].session.send("Profiler.start")
        if not args.no_trace:
            browser.start_tracing(page=page, categories=CATEGORIES)
        return page

    ctx.new_page = new_page
    page, s, server = open_timed(ctx, app, args.page, check, 600)
    cpu = hold["cpu"].read()
    print(f"  run {n}: drawn {s:.2f} s; script ended {server['ended']:.2f} s, "
          f"server CPU {server['process_cpu']:.2f} s; {describe(cpu)}; load {_load()}")
    if args.cpu_profile:
        by_url(hold["cpu"].session.send("Profiler.stop")["profile"])
    print("    counts:", json.dumps(page.evaluate(COUNT_JS), ensure_ascii=False))
    print(f"    websocket: {ws_bytes['messages']} messages, "
          f"{ws_bytes['received'] / 1e6:.2f} MB received")
    big = [(k, v) for k, v in sizes.most_common(30) if v > 20_000]
    print("    http (content-length):", ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in big))
    if not args.no_trace:
        raw = browser.stop_tracing()
        trace_file.write_bytes(raw)
        summarise(json.loads(raw))
    ctx.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="gap")
    parser.add_argument("--zones", type=int, default=20_000)
    parser.add_argument("--plants", type=int, default=10_000)
    parser.add_argument("--workspace", default="")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-trace", action="store_true")
    parser.add_argument("--cpu-profile", action="store_true",
                        help="sample the renderer's JavaScript and print self time by script")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="profile-page-"))
    ws = Path(args.workspace) if args.workspace else write_synthetic(
        folder / "ws", args.zones, args.plants, 9)
    check = page_checks(args.zones, args.plants)[args.page]
    app = TimedApp(ws, folder)
    print(f"load average {_load()}; logs in {folder}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            _, s, _ = open_timed(ctx, app, args.page, check, 600)
            ctx.close()
            print(f"  fill the caches: {s:.2f} s")
            for i in range(args.runs):
                visit(browser, app, args, check, folder / f"trace-{i + 1}.json", i + 1)
            browser.close()
    finally:
        app.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

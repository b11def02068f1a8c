"""Figures and maps as pictures: plotly figures to PNG/SVG, folium maps to PNG.

Both use Debian's Chromium (``/usr/bin/chromium``) and never download a browser.

* Plotly figures go through kaleido 1.5. Every kaleido session starts a browser (about 2–3 s),
  so :func:`figures_to_images` renders any number of figures and formats in one session.
  MathJax is switched off: kaleido would otherwise load it from a CDN.
* A folium map is first made a standalone HTML page (Leaflet inlined, see
  :func:`fruitmap.maps.assets.map_to_standalone_html`) and then photographed by headless
  Chromium through Playwright, with every request that is not a local file blocked.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from fruitmap.errors import ReportError

CHROMIUM = "/usr/bin/chromium"
# Flags that let Chromium run headless as root in a container with no GPU and no network
# chatter (the browser tests use the same list).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
FORMATS = ("png", "svg")
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 600

T = TypeVar("T")


def chromium_path() -> str:
    """Return the Chromium to use: ``FRUITMAP_CHROMIUM``, else Debian's, else one on PATH.

    Raises
    ------
    ReportError
        ``chromium_missing`` when no Chromium is installed.
    """
    for candidate in (os.environ.get("FRUITMAP_CHROMIUM"), CHROMIUM,
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise ReportError("chromium_missing", path=CHROMIUM)


def _off_the_loop(fn: Callable[[], T]) -> T:
    """Run ``fn`` here, or in a worker thread when this thread already runs an event loop.

    kaleido's sync path and Playwright's sync API both refuse to run inside a running
    asyncio loop (as in Jupyter or some servers).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


# --------------------------------------------------------------------------- plotly
def _size(fig: Any, width: int | None, height: int | None) -> tuple[int, int]:
    layout_h = getattr(getattr(fig, "layout", None), "height", None)
    layout_w = getattr(getattr(fig, "layout", None), "width", None)
    return (int(width or layout_w or DEFAULT_WIDTH), int(height or layout_h or DEFAULT_HEIGHT))


def with_caption(fig: Any, text: str, line_px: int = 15) -> Any:
    """Return a copy of plotly ``fig`` with ``text`` as a small caption below the plot.

    For exported charts (PNG, SVG): the picture then says where its data comes from. The
    text is HTML-escaped (plotly reads ``<b>``, ``<br>`` and links in annotations) and
    wrapped by hand, since plotly does not wrap; the bottom margin grows to make room.
    """
    import html
    import textwrap

    import plotly.graph_objects as go

    out = go.Figure(fig)
    if not text:
        return out
    width = _size(out, None, None)[0]
    # The caption starts at the plot's left edge: wrap to the width left of it (10 px type).
    left = out.layout.margin.l if out.layout.margin.l is not None else 80
    lines = textwrap.wrap(text, max(40, int((width - left - 20) / 5.6)))
    bottom = out.layout.margin.b if out.layout.margin.b is not None else 80
    extra = line_px * len(lines) + 18
    out.update_layout(margin={"b": bottom + extra})
    if out.layout.height:
        out.update_layout(height=out.layout.height + extra)
    out.add_annotation(text="<br>".join(html.escape(line) for line in lines),
                       xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-bottom - 10, showarrow=False, align="left",
                       font={"size": 10, "color": "#555"})
    return out


def figures_to_images(figures: Sequence[Any], formats: Sequence[str] = ("png",),
                      width: int | None = None, height: int | None = None,
                      scale: float = 1.0) -> list[dict[str, bytes]]:
    """Render plotly figures to image bytes in one browser session.

    Parameters
    ----------
    figures : sequence of plotly.graph_objects.Figure
        The figures, in order.
    formats : sequence of {"png", "svg"}
        Formats wanted for every figure.
    width, height : int, optional
        Pixel size; by default the figure's own layout size, else 1200 × 600.
    scale : float
        Pixel density of PNGs (2 doubles the pixels without changing the layout).

    Returns
    -------
    list of dict
        One dict per figure, format → bytes (``{"png": b"\\x89PNG...", "svg": b"<svg..."}``).

    Raises
    ------
    ReportError
        ``bad_image_format`` for an unknown format, ``chromium_missing`` when there is no
        browser, ``image_export_failed`` when the browser fails.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ReportError("bad_image_format", value=fmt, allowed=", ".join(FORMATS))
    figures = list(figures)
    if not figures or not formats:
        return [{} for _ in figures]
    path = chromium_path()

    async def render() -> list[dict[str, bytes]]:
        import kaleido

        out: list[dict[str, bytes]] = []
        async with kaleido.Kaleido(n=1, mathjax=False, path=path) as k:
            for fig in figures:
                w, h = _size(fig, width, height)
                images = {}
                for fmt in formats:
                    opts = {"format": fmt, "width": w, "height": h, "scale": scale}
                    images[fmt] = await k.calc_fig(fig, opts=opts)
                out.append(images)
        return out

    def run() -> list[dict[str, bytes]]:
        from choreographer.protocol import DevtoolsProtocolError
        from kaleido.errors import JavascriptError, KaleidoError

        try:
            return asyncio.run(render())
        except (OSError, RuntimeError, TimeoutError, ValueError, DevtoolsProtocolError,
                JavascriptError, KaleidoError) as exc:
            raise ReportError("image_export_failed", reason=exc) from exc

    return _off_the_loop(run)


def figure_to_png(fig: Any, width: int | None = None, height: int | None = None,
                  scale: float = 1.0) -> bytes:
    """Return one plotly figure as PNG bytes (prefer :func:`figures_to_images` for several)."""
    return figures_to_images([fig], ("png",), width, height, scale)[0]["png"]


def figure_to_svg(fig: Any, width: int | None = None, height: int | None = None) -> bytes:
    """Return one plotly figure as SVG bytes (prefer :func:`figures_to_images` for several)."""
    return figures_to_images([fig], ("svg",), width, height)[0]["svg"]


# --------------------------------------------------------------------------- maps
def html_to_png(html: str | Sequence[str], width: int = 1200, height: int = 800,
                settle_ms: int = 800, ready_selector: str | None = ".leaflet-container",
                script: str | None = None, scale: float = 1.0) -> bytes | list[bytes]:
    """Photograph standalone HTML pages in headless Chromium.

    Every request that is not a ``file:``, ``data:`` or ``blob:`` URL is aborted, so a page
    that still needs the internet shows what it would show offline.

    Parameters
    ----------
    html : str or sequence of str
        One page, or several (all taken in one browser session).
    width, height : int
        Viewport size in CSS pixels.
    scale : float
        Device pixels per CSS pixel (the PNG is ``scale × width`` wide).
    settle_ms : int
        Time left for drawing after the page has loaded (Leaflet animates fitBounds).
    ready_selector : str or None
        An element to wait for before the picture is taken.
    script : str, optional
        A JavaScript function run in each page after it has settled (then ``settle_ms``
        again before the picture).

    Returns
    -------
    bytes or list of bytes
        PNG bytes (a list when a sequence was given).

    Raises
    ------
    ReportError
        ``chromium_missing`` or ``map_export_failed``.
    """
    pages = [html] if isinstance(html, str) else list(html)
    path = chromium_path()

    def run() -> list[bytes]:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        shots: list[bytes] = []
        with tempfile.TemporaryDirectory(prefix="fruitmap-map-") as tmp:
            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                    try:
                        context = browser.new_context(
                            viewport={"width": width, "height": height},
                            device_scale_factor=scale)
                        context.route("**/*", _local_only)
                        page = context.new_page()
                        for i, text in enumerate(pages):
                            file = Path(tmp) / f"map{i}.html"
                            file.write_text(text, encoding="utf-8")
                            page.goto(file.as_uri(), wait_until="load", timeout=60_000)
                            if ready_selector:
                                page.wait_for_selector(ready_selector, timeout=30_000)
                            page.wait_for_timeout(settle_ms)
                            if script:
                                page.evaluate(script)
                                page.wait_for_timeout(settle_ms)
                            shots.append(page.screenshot(type="png", full_page=False))
                    finally:
                        browser.close()
            except PlaywrightError as exc:
                raise ReportError("map_export_failed", reason=exc) from exc
        return shots

    shots = _off_the_loop(run)
    return shots[0] if isinstance(html, str) else shots


def _local_only(route: Any) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


# Zoom buttons and the layer switcher mean nothing on paper or a slide.
_PRINT_CSS = ("<style>.leaflet-control-zoom, .leaflet-control-layers:not(.fm-legend) "
              "{display: none !important;} .fm-legend {max-height: none !important; "
              "overflow: visible !important;}</style>")
# Leaflet snaps to whole zoom levels, which can leave half the picture empty; a finer snap
# lets the map fill the frame.
# (Run once the page has settled: a fit made in the page's load event is undone by
# folium's own initial view.)
# The legend's width is kept free on the right so it never covers the area.
_FIT_JS = """() => {{ var m = {name}; m.options.zoomSnap = 0.1;
  var legend = document.querySelector(".fm-legend");
  var right = (legend ? legend.offsetWidth : 0) + {pad};
  m.fitBounds({bounds}, {{paddingTopLeft: [{pad}, {pad}], paddingBottomRight: [right, {pad}],
                         animate: false}}); }}"""


def map_to_png(m: Any, width: int = 1200, height: int = 800, settle_ms: int = 800,
               hide_controls: bool = True, bounds: Sequence[Sequence[float]] | None = None,
               padding_px: int = 20, scale: float = 1.0) -> bytes:
    """Return a folium map as a PNG, drawn offline from its standalone HTML.

    Parameters
    ----------
    m : folium.Map
        A map built by :mod:`fruitmap.maps.build` (its assets point at ``static/``).
    width, height : int
        Size of the map in CSS pixels.
    settle_ms : int
        Time left for Leaflet to draw after load.
    hide_controls : bool
        Hide the zoom buttons and the layer switcher (the legend stays).
    bounds : [[south, west], [north, east]], optional
        Area to fill the picture with (to a tenth of a zoom level).
    padding_px : int
        Margin kept around ``bounds``.
    scale : float
        Device pixels per CSS pixel (2 gives a sharp picture twice as wide).
    """
    from fruitmap.maps.assets import map_to_standalone_html

    html = map_to_standalone_html(m)
    if hide_controls:
        html = html.replace("</head>", _PRINT_CSS + "</head>", 1)
    script = None
    if bounds is not None:
        box = json.dumps([[float(v) for v in corner] for corner in bounds])
        script = _FIT_JS.format(name=m.get_name(), bounds=box, pad=int(padding_px))
    return html_to_png(html, width=width, height=height, settle_ms=settle_ms, script=script,
                       scale=scale)

"""Offline web assets for folium maps: served by the app, or inlined into a standalone HTML.

folium loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs by default; with no internet
the map never draws. The app serves the vendored copies in ``static/`` at ``/app/static/``
(``server.enableStaticServing``), and :func:`map_to_standalone_html` copies them into the page
so an exported map opens on a machine with no network and no app.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STATIC_URL = "/app/static/"

# (name, path under static/): folium popups need jQuery; nothing here needs Bootstrap.
JS_ASSETS: list[tuple[str, str]] = [
    ("leaflet", "leaflet/leaflet.js"),
    ("jquery", "jquery/jquery.min.js"),
    # Decodes and draws the compact layers of fruitmap.maps.layer (canvas for large ones).
    ("fm_layers", "fruitmap/fm_layers.js"),
]
CSS_ASSETS: list[tuple[str, str]] = [
    ("leaflet_css", "leaflet/leaflet.css"),
]


# The ground under the layers (no tiles offline): set by MapSetup, and on a frame's map as
# soon as it starts (ui.map_frame), before its layers come.
MAP_BACKGROUND = "#f3f1ea"


def static_url(relative: str) -> str:
    """Return the URL at which the app serves ``static/<relative>``."""
    return STATIC_URL + relative


# Styles of popups, tooltips and labels; injected by script so that they reach the map both
# inside the streamlit-folium frame and in a standalone export.
MAP_CSS = """
.fm-pop{min-width:220px;max-width:330px;font:12px/1.35 sans-serif}
.fm-pop .fm-title{font-weight:700;font-size:14px}
.fm-pop .fm-sub{color:#555;margin-bottom:4px}
.fm-pop table,.fm-table{border-collapse:collapse}
.fm-pop th,.fm-table th{text-align:left;font-weight:600;padding:1px 8px 1px 0;vertical-align:top}
.fm-pop td,.fm-table td{padding:1px 0}
.leaflet-tooltip{font:12px/1.35 sans-serif}
.leaflet-control-layers-expanded{font:13px/1.35 sans-serif;padding:4px 8px}
.fm-label{pointer-events:none}
.fm-legend{background:#fff;padding:6px 8px;font:12px/1.35 sans-serif;max-height:55vh;overflow-y:auto}
"""


class MapSetup(MacroElement):
    """Set up the page for fruitmap's layers: styles, popup builders, icon path, background.

    The default icon looks for its images next to the stylesheet and misses them inside the
    streamlit-folium frame (streamlit-folium issue 275), so the path is set explicitly.
    ``fmTip`` and ``fmPopup`` join the already-escaped parts written by
    :mod:`fruitmap.maps.html`; they never insert unescaped data.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.background|tojson }};
        if (!document.getElementById('fm-style')) {
            var fmStyle = document.createElement('style');
            fmStyle.id = 'fm-style';
            fmStyle.textContent = {{ this.css|tojson }};
            document.head.appendChild(fmStyle);
        }
        window.fmTip = function (t) {
            var h = '<b>' + t[0] + '</b>';
            for (var i = 1; i < t.length; i++) { h += '<br>' + t[i]; }
            return h;
        };
        window.fmPopup = function (p, labels) {
            var h = '<div class="fm-pop"><div class="fm-title">' + p[0] +
                '</div><div class="fm-sub">' + p[1] + '</div><table>';
            p[2].forEach(function (r) {
                h += '<tr><th>' + labels[r[0]] + '</th><td>' + r[1] + '</td></tr>';
            });
            return h + '</table></div>';
        };
        {% endmacro %}
        """
    )

    def __init__(self, background: str = MAP_BACKGROUND):
        super().__init__()
        self._name = "MapSetup"
        self.image_path = static_url("leaflet/images/")
        self.background = background
        self.css = MAP_CSS


def use_local_assets(m: folium.Map, background: str = MAP_BACKGROUND) -> folium.Map:
    """Make ``m`` load Leaflet and jQuery from the app's ``static/`` folder instead of CDNs.

    Parameters
    ----------
    m : folium.Map
        The map to change (in place).
    background : str
        CSS colour behind the map, visible where there are no tiles.

    Returns
    -------
    folium.Map
        ``m`` itself.
    """
    # Instance attributes: folium's class-level lists are shared by every map.
    m.default_js = [(name, static_url(path)) for name, path in JS_ASSETS]
    m.default_css = [(name, static_url(path)) for name, path in CSS_ASSETS]
    m.add_child(MapSetup(background))
    return m


_SCRIPT_SRC = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>', re.IGNORECASE)
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


def _static_file(url: str) -> Path:
    if not url.startswith(STATIC_URL):
        raise ValueError(f"not a local asset (CDN links cannot be inlined): {url}")
    path = (STATIC_DIR / url[len(STATIC_URL):]).resolve()
    if STATIC_DIR.resolve() not in path.parents:
        raise ValueError(f"asset outside static/: {url}")
    return path


def _inline_css(path: Path) -> str:
    css = path.read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        image = (path.parent / target).resolve()
        if not image.is_file():
            return "none"
        mime = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:{mime};base64,{encoded})"

    return _CSS_URL.sub(data_uri, css)


@functools.lru_cache(maxsize=32)
def _script_code(path: Path, mtime_ns: int) -> str:
    # mtime in the key: an edited asset is read again (the process may run for weeks).
    code = path.read_text(encoding="utf-8")
    # A literal "</script" inside the code would end an HTML element early.
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return re.sub(r"//# sourceMappingURL=\S+", "", code)


def script_code(url: str) -> str:
    """Return the code of the local script at ``url`` (under :data:`STATIC_URL`), ready to inline.

    Raises
    ------
    ValueError
        When ``url`` is not an asset in ``static/``.
    """
    path = _static_file(url)
    return _script_code(path, path.stat().st_mtime_ns)


def inline_scripts(js_links: list[str]) -> tuple[str, list[str]]:
    """Return the code of a map frame's scripts when every one is a local asset.

    streamlit-folium's frame loads its ``js_links`` one after the other, each a request to the
    app that waits for the previous one (≈ 0.05 s each at 20,000 zones, three in a row, and
    again in a returning browser: the app's static files carry no cache lifetime). Sent at
    the head of the frame's script instead, Leaflet, jQuery and ``fm_layers.js`` cost no
    request (≈ 0.27 MB more in a message of ≈ 4.6 MB).

    Parameters
    ----------
    js_links : list of str
        Script URLs in the order the frame would load them.

    Returns
    -------
    tuple of (str, list of str)
        ``(code, [])`` when every link is under :data:`STATIC_URL`: their code joined in
        order, to run before the map's script; otherwise ``("", js_links)``, unchanged (a
        script from elsewhere would load before the inlined code ran, out of order).
    """
    if not all(url.startswith(STATIC_URL) for url in js_links):
        return "", list(js_links)
    return "".join(script_code(url) + "\n;\n" for url in js_links), []


def map_to_standalone_html(m: folium.Map) -> str:
    """Return ``m`` as one self-contained HTML page with Leaflet and jQuery inlined.

    Parameters
    ----------
    m : folium.Map
        A map whose assets point at ``static/`` (every map from :mod:`fruitmap.maps.build` does).

    Returns
    -------
    str
        HTML that loads no script or stylesheet from any URL; images used by the stylesheet
        are embedded as data URIs. Online tiles, when chosen, still need the internet.

    Raises
    ------
    ValueError
        When the map links to an asset that is not in ``static/`` (such as a CDN URL).
    """
    html = m.get_root().render()

    def inline_script(match: re.Match) -> str:
        return f"<script>{script_code(match.group(1))}</script>"

    def inline_style(match: re.Match) -> str:
        return f"<style>{_inline_css(_static_file(match.group(1)))}</style>"

    html = _SCRIPT_SRC.sub(inline_script, html)
    return _CSS_LINK.sub(inline_style, html)

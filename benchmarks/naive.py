"""Naive folium: the anchor ``bench_map.py`` compares the explorer with (issue 9).

One ``GeoJson`` of the zones with a tooltip and one ``CircleMarker`` per plant, as plain
folium draws them, with nothing of fruitmap's (no canvas, no compact layers). The map loads
the vendored Leaflet and jQuery (the machine has no internet): folium's other CDN scripts
(Bootstrap, Font Awesome, awesome-markers) are not needed by these layers.

Used two ways: rendered into one HTML file opened from disk (:func:`naive_html`), and drawn by
``st_folium`` in a one-page Streamlit app (``naive_page.py``), which is timed from opening the
page to the map drawn exactly as the explorer is.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fruitmap.maps.assets import STATIC_DIR  # noqa: E402

# folium's CDN copies and the vendored ones that replace them
OFFLINE = (("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "leaflet/leaflet.js"),
           ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css", "leaflet/leaflet.css"),
           ("https://code.jquery.com/jquery-3.7.1.min.js", "jquery/jquery.min.js"))


def naive_map(layers: dict):
    """Return plain folium's map of the layers' zones and plants (a ``folium.Map``)."""
    import folium

    zones, plants = layers["zones"], layers["plants"]
    m = folium.Map(location=[21.3, 104.1], zoom_start=8, tiles=None)
    folium.GeoJson(zones[["name", "crop", "area_ha", "geometry"]],
                   tooltip=folium.GeoJsonTooltip(["name", "crop", "area_ha"])).add_to(m)
    for name, geom in zip(plants["name"], plants.geometry, strict=True):
        folium.CircleMarker([geom.y, geom.x], radius=4, tooltip=str(name)).add_to(m)
    return m


def naive_html(layers: dict) -> str:
    """Return the HTML of :func:`naive_map`, loading the vendored scripts from disk."""
    html = naive_map(layers).get_root().render()
    for cdn, local in OFFLINE:
        html = html.replace(cdn, (STATIC_DIR / local).as_uri())
    return html


def served_locally(m, static_url: str = "/app/static/"):
    """Make ``m`` load Leaflet and jQuery from the app's static folder, as the file does."""
    m.default_js = [("leaflet", static_url + "leaflet/leaflet.js"),
                    ("jquery", static_url + "jquery/jquery.min.js")]
    m.default_css = [("leaflet_css", static_url + "leaflet/leaflet.css")]
    return m

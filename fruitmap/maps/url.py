"""Keep a folium map's centre and zoom in the page's address bar, without a round trip.

The map runs in a component frame of the same origin as the app, so its script can reach
the app window. On every pan or zoom made by the user it writes ``lat``, ``lon`` and
``zoom`` into the app's URL with ``history.replaceState`` (no reload, no rerun of the
script); a copied address therefore reopens the map where it was. The server opens the map
on a view read from the URL (see :mod:`fruitmap.permalink`) by passing it here.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from fruitmap.permalink import LAT_RANGE, LON_RANGE, ZOOM_RANGE


class UrlView(MacroElement):
    """Open the map on ``view`` and mirror the map's view into the app's URL.

    Parameters
    ----------
    view : (lat, lon, zoom) or None
        Where to open the map (after the builder's own fit); None keeps the fitted view.
    write : bool
        Whether to mirror the view into the URL (False: only open on ``view``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var view = {{ this.view|tojson }};
            var box = {{ this.box|tojson }};
            // The frame gets its size after this script ran and the map is laid out again
            // then: hold the linked view through that settling, until the user moves the map.
            var touched = false;
            function hold() {
                if (touched || !view) { return; }
                var c = map.getCenter();
                if (Math.abs(c.lat - view[0]) > 1e-4 || Math.abs(c.lng - view[1]) > 1e-4 ||
                    map.getZoom() !== view[2]) {
                    map.invalidateSize(false);
                    map.setView([view[0], view[1]], view[2], {animate: false});
                }
            }
            [0, 100, 300, 700, 1500, 3000].forEach(function (ms) { window.setTimeout(hold, ms); });
            // Only a map the user moved (or one opened on a linked view) writes the URL:
            // the fitting done while the frame lays out is not a view anyone chose.
            var chosen = !!view;
            if (!{{ this.write|tojson }}) { return; }
            var home;
            try { home = window.parent.location.pathname; } catch (e) { return; }
            ['mousedown', 'wheel', 'touchstart', 'keydown', 'dblclick'].forEach(function (n) {
                map.getContainer().addEventListener(n, function () {
                    chosen = true;
                    touched = true;
                }, {passive: true});
            });
            function round(x, places) { var f = Math.pow(10, places); return Math.round(x * f) / f; }
            function write() {
                if (!chosen) { return; }
                try {
                    var loc = window.parent.location;
                    if (loc.pathname !== home) { return; }  // the user went to another page
                    var c = map.getCenter();
                    var lat = round(c.lat, 5), lon = round(c.lng, 5);
                    var zoom = Math.round(map.getZoom() * 4) / 4;
                    var params = new URLSearchParams(loc.search);
                    if (lat < box[0] || lat > box[1] || lon < box[2] || lon > box[3] ||
                        zoom < box[4] || zoom > box[5]) {
                        ['lat', 'lon', 'zoom'].forEach(function (k) { params.delete(k); });
                    } else {
                        if (params.get('lat') === String(lat) && params.get('lon') === String(lon)
                            && params.get('zoom') === String(zoom)) { return; }
                        params.set('lat', String(lat));
                        params.set('lon', String(lon));
                        params.set('zoom', String(zoom));
                    }
                    var search = params.toString();
                    window.parent.history.replaceState(window.parent.history.state, '',
                        loc.pathname + (search ? '?' + search : '') + loc.hash);
                } catch (e) {
                    // The app window is out of reach (another origin): the link simply
                    // carries no map view.
                }
            }
            map.on('moveend', write);
            // The app rewrites its URL when a widget changes; put the map's view back.
            window.setInterval(write, 1000);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, view: tuple[float, float, float] | None = None,
                 write: bool = True) -> None:
        super().__init__()
        self.write = bool(write)
        self._name = "UrlView"
        self.view = None if view is None else [float(view[0]), float(view[1]), float(view[2])]
        self.box = [*LAT_RANGE, *LON_RANGE, *ZOOM_RANGE]


def with_url_view(m, view: tuple[float, float, float] | None = None, write: bool = True):
    """Add :class:`UrlView` to folium map ``m`` (last, so it acts after the builder's fit)."""
    m.add_child(UrlView(view, write))
    return m

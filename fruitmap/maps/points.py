"""Compact point layers for folium: many markers from one JSON array, and text labels.

One folium element per marker would write ~1 kB of script each (560 facilities → hundreds of
kB) and folium's Popup/Tooltip put their HTML inside JavaScript template literals, where a
backtick or ``${`` in a name would break out. Here the data travels as JSON made safe for a
script element (:func:`fruitmap.maps.html.script_json`), and every string in it is already
HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from fruitmap.maps.html import script_json

_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
SHAPES = ("circle", "square", "diamond", "hollow")


class PointMarkers(MacroElement):
    """Markers added to the parent layer (a FeatureGroup) from rows of data.

    Parameters
    ----------
    rows : sequence of (lat, lng, radius_px, color, tip, popup)
        One row per marker; ``tip`` from :func:`fruitmap.maps.html.tip_parts` and ``popup``
        from :class:`fruitmap.maps.html.PopupEncoder` (escaped strings), or None.
    labels : sequence of str
        The encoder's escaped labels.
    shape : {"circle", "square", "diamond", "hollow"}
        ``circle`` is an SVG circle marker (``path.<class_name>``); the others are
        ``div.<class_name>`` icons: a filled square, a turned square, an outlined square.
    class_name : str
        CSS class put on every marker (tests and styling find them by it).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var rows = {{ this.rows_json }};
            var labels = {{ this.labels_json }};
            var shape = {{ this.shape|tojson }};
            var cls = {{ this.class_name|tojson }};
            var parent = {{ this._parent.get_name() }};
            rows.forEach(function (d) {
                var marker;
                if (shape === 'circle') {
                    marker = L.circleMarker([d[0], d[1]], {
                        radius: d[2], color: '#ffffff', weight: 0.8, opacity: 0.9,
                        fillColor: d[3], fillOpacity: 0.8, className: cls
                    });
                } else {
                    var s = Math.round(2 * d[2]);
                    var css = 'width:' + s + 'px;height:' + s + 'px;box-sizing:border-box;';
                    if (shape === 'hollow') {
                        css += 'border:3px solid ' + d[3] + ';background:rgba(255,255,255,.6);';
                    } else {
                        css += 'background:' + d[3] + ';border:2px solid #111;';
                    }
                    if (shape === 'diamond') { css += 'transform:rotate(45deg);'; }
                    marker = L.marker([d[0], d[1]], {icon: L.divIcon({
                        className: cls, html: '<div style="' + css + '"></div>',
                        iconSize: [s, s], iconAnchor: [s / 2, s / 2]
                    })});
                }
                if (d[4]) {
                    marker.bindTooltip(function () { return fmTip(d[4]); }, {direction: 'top'});
                }
                if (d[5]) {
                    marker.bindPopup(function () { return fmPopup(d[5], labels); }, {maxWidth: 360});
                }
                marker.addTo(parent);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: Sequence[Sequence], shape: str = "circle",
                 class_name: str = "fm-point", labels: Sequence[str] = ()):
        super().__init__()
        if shape not in SHAPES:
            raise ValueError(f"shape must be one of {SHAPES}, not {shape!r}")
        self._name = "PointMarkers"
        for row in rows:
            if not _COLOR.match(str(row[3])):
                raise ValueError(f"marker colour must be a hex colour, not {row[3]!r}")
        self.rows_json = script_json([list(r) for r in rows])
        self.labels_json = script_json(list(labels))
        self.shape = shape
        self.class_name = class_name


class LabelMarkers(MacroElement):
    """Non-interactive text labels (such as district names) added to the parent layer.

    Parameters
    ----------
    labels : sequence of (lat, lng, escaped_text)
        Text must already be HTML-escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var parent = {{ this._parent.get_name() }};
            {{ this.labels_json }}.forEach(function (d) {
                L.marker([d[0], d[1]], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: 'fm-label', iconSize: [0, 0],
                    html: '<span style="display:inline-block;transform:translate(-50%,-50%);' +
                          'white-space:nowrap;font:600 12px/1.2 sans-serif;color:#3e2723;' +
                          'text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff">' + d[2] + '</span>'
                })}).addTo(parent);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[Sequence]):
        super().__init__()
        self._name = "LabelMarkers"
        self.labels_json = script_json([list(label) for label in labels])


class CompactGeoJson(MacroElement):
    """A GeoJSON layer written compactly and styled from a shared style table.

    folium's GeoJson writes indented JSON with ``\\u`` escapes and a style object per
    feature; for ~700 zones that was half a megabyte. Here each feature carries the index
    of its style (``properties.s``) and optional tooltip/popup parts (``t``, ``p``).

    Parameters
    ----------
    features : list of dict
        GeoJSON features; ``properties`` hold ``s`` and optionally ``t`` and ``p``.
    styles : list of dict
        Leaflet path styles, referred to by index.
    class_name : str
        CSS class of every path (tests and styling find them by it).
    labels : sequence of str
        Escaped popup labels (see :class:`fruitmap.maps.html.PopupEncoder`).
    interactive : bool
        False for boundaries that must not catch clicks meant for what lies on them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var styles = {{ this.styles_json }};
            var labels = {{ this.labels_json }};
            L.geoJson({{ this.data_json }}, {
                className: {{ this.class_name|tojson }},
                interactive: {{ this.interactive|tojson }},
                style: function (f) { return styles[f.properties.s]; },
                onEachFeature: function (f, layer) {
                    var p = f.properties;
                    if (p.t) {
                        layer.bindTooltip(function () { return fmTip(p.t); }, {sticky: true});
                    }
                    if (p.p) {
                        layer.bindPopup(function () { return fmPopup(p.p, labels); },
                                        {maxWidth: 360});
                    }
                }
            }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, features: list[dict], styles: list[dict], class_name: str,
                 labels: Sequence[str] = (), interactive: bool = True):
        super().__init__()
        self._name = "CompactGeoJson"
        self.data_json = script_json({"type": "FeatureCollection", "features": features})
        self.styles_json = script_json(styles)
        self.labels_json = script_json(list(labels))
        self.class_name = class_name
        self.interactive = interactive
        self._bounds = _bounds_of(features)

    def get_bounds(self):
        """Return ``[[south, west], [north, east]]`` of the features (used by folium)."""
        return self._bounds


def _bounds_of(features: list[dict]):
    lats, lngs = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            lngs.append(coords[0])
            lats.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in features:
        walk(f["geometry"]["coordinates"])
    if not lats:
        return [[None, None], [None, None]]
    return [[min(lats), min(lngs)], [max(lats), max(lngs)]]

"""Compact point layers for folium: many markers from one JSON array, and text labels.

One folium element per marker would write ~1 kB of script each (560 facilities → hundreds of
kB) and folium's Popup/Tooltip put their HTML inside JavaScript template literals, where a
backtick or ``${`` in a name would break out. Here the data travels as JSON made safe for a
script element (:func:`fruitmap.map_html.script_json`), and every string in it is already
HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from fruitmap.map_html import script_json

_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
SHAPES = ("circle", "square", "diamond", "hollow")


class PointMarkers(MacroElement):
    """Markers added to the parent layer (a FeatureGroup) from rows of data.

    Parameters
    ----------
    rows : sequence of (lat, lng, radius_px, color, tip, popup)
        One row per marker; ``tip`` from :func:`fruitmap.map_html.tip_parts` and ``popup``
        from :class:`fruitmap.map_html.PopupEncoder` (escaped strings), or None.
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

"""Let the slide keys work while the map of a slide has the keyboard focus.

A folium map drawn by ``streamlit_folium`` runs in its own frame (same origin as the app):
once someone clicks the map, key presses go to that frame and the presentation's key
handler in the app window never hears them. This element, added to a slide's map, sends the
slide keys (arrows, Page Up/Down, space) on to the app window and turns off Leaflet's own
arrow-key panning, so one key press is one slide and not a pan as well.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

SLIDE_KEYS = ("ArrowRight", "ArrowLeft", "PageDown", "PageUp", " ")


class ForwardSlideKeys(MacroElement):
    """Forward :data:`SLIDE_KEYS` pressed in the map's frame to the app window's document."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var keys = {{ this.keys|tojson }};
            if (map.keyboard) { map.keyboard.disable(); }
            document.addEventListener('keydown', function (e) {
                if (keys.indexOf(e.key) < 0) { return; }
                var target;
                try { target = window.parent.document; } catch (err) { return; }
                if (!target || target === document) { return; }
                e.preventDefault();
                target.dispatchEvent(new KeyboardEvent('keydown', {
                    key: e.key, code: e.code, bubbles: true, cancelable: true}));
            }, true);
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ForwardSlideKeys"
        self.keys = list(SLIDE_KEYS)


def with_slide_keys(m):
    """Add :class:`ForwardSlideKeys` to folium map ``m`` and return ``m``."""
    m.add_child(ForwardSlideKeys())
    return m

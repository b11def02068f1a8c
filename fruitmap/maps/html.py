"""HTML shown on the map: feature tooltips and popups, and the legend control.

Every value that comes from data (names, owners, codes) is passed through ``html.escape``
here, because Leaflet inserts tooltips, popups and the legend as HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from fruitmap.columns import is_missing
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, month_name, t
from fruitmap.schema import (
    BOOL,
    CROP,
    CROP_LIST,
    ENUM,
    FLOAT,
    INT,
    MONTH,
    MONTH_LIST,
    Column,
    Layer,
    value_label,
)

_DECIMALS = {"area_ha": 1, "free_area_ha": 1, "yield_t_ha": 1}
_CAPACITIES = ("capacity_t_day", "capacity_t")


def capacity_text(value: Any, lang: str) -> str:
    """Format a capacity: whole tonnes, but one decimal below 10 (so 0.4 t/day is not "0")."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    return fmt_number(v, lang, 1 if 0 < abs(v) < 10 else 0)


def esc(value: Any) -> str:
    """Return ``value`` as text safe to place in HTML (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def format_value(column: Column, value: Any, lang: str) -> str:
    """Return the display text (not yet escaped) of ``value`` in ``column``.

    Crops, allowed values, months and booleans get their translated labels; numbers follow
    the language's separators; lists are joined with commas.
    """
    if is_missing(value):
        return ""
    kind = column.kind
    if kind == CROP:
        return crop_label(str(value), lang)
    if kind == CROP_LIST:
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        return ", ".join(crop_label(str(v), lang) for v in items)
    if kind == MONTH_LIST:
        items = sorted(int(v) for v in value) if isinstance(value, (list, tuple)) else [value]
        if len(items) == 12:
            return t("map.all_months", lang)
        return ", ".join(month_name(int(v), lang, short=True) for v in items)
    if kind == MONTH:
        return month_name(int(value), lang)
    if kind == BOOL:
        return t("map.yes" if bool(value) else "map.no", lang)
    if kind == ENUM:
        return value_label(value, lang)
    if column.name in _CAPACITIES:
        return capacity_text(value, lang)
    if kind in (FLOAT, INT):
        try:
            return fmt_number(float(value), lang, _DECIMALS.get(column.name, 0 if kind == INT else 1))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def detail_rows(layer: Layer, row: Any, lang: str, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Return ``(label, text)`` of a feature's non-empty columns, in ``lang`` (not escaped)."""
    lines = []
    for column in layer.columns:
        if column.name in skip or column.name not in row:
            continue
        text = format_value(column, row[column.name], lang)
        if text:
            lines.append((column.label(lang), text))
    return lines


def details_table(layer: Layer, row: Any, lang: str, skip: Iterable[str] = ()) -> str:
    """Return an HTML table (escaped) of a feature's non-empty columns with labels in ``lang``."""
    body = "".join(f"<tr><th>{esc(label)}</th><td>{esc(text)}</td></tr>"
                   for label, text in detail_rows(layer, row, lang, skip))
    return f'<table class="fm-table">{body}</table>'


def tip_parts(title: str, *lines: str) -> list[str]:
    """Return a tooltip as escaped parts: a bold title, then one line per non-empty item.

    The browser joins them with ``fmTip`` (see :class:`fruitmap.maps.assets.MapSetup`).
    """
    return [esc(title)] + [esc(line) for line in lines if line]


class PopupEncoder:
    """Encode popups compactly: labels once per layer, then per feature only the values.

    A popup is ``[title, subtitle, [[label_index, value], ...]]`` with every string escaped;
    the browser builds the table with ``fmPopup(popup, labels)`` when the popup opens.
    Writing the full table per feature made the province map several megabytes.
    """

    def __init__(self) -> None:
        self.labels: list[str] = []
        self._index: dict[str, int] = {}

    def encode(self, title: str, subtitle: str, rows: Iterable[tuple[str, str]]) -> list:
        """Return the compact form of one popup (strings escaped here)."""
        cells = []
        for label, text in rows:
            if label not in self._index:
                self._index[label] = len(self.labels)
                self.labels.append(esc(label))
            cells.append([self._index[label], esc(text)])
        return [esc(title), esc(subtitle), cells]


def script_json(value: Any) -> str:
    """Return ``value`` as JSON safe to write inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --- legend -----------------------------------------------------------------------------

def swatch_fill(color: str) -> str:
    """Legend symbol for a filled area."""
    return (f'<span style="display:inline-block;width:14px;height:10px;background:{esc(color)};'
            f'opacity:.8;border:1px solid #333;margin-right:6px"></span>')


def swatch_line(color: str, dashed: bool = False) -> str:
    """Legend symbol for a boundary line."""
    style = "dashed" if dashed else "solid"
    return (f'<span style="display:inline-block;width:14px;height:0;border-top:2px {style} '
            f'{esc(color)};margin:0 6px 3px 0"></span>')


def swatch_circle(color: str, size: int = 10) -> str:
    """Legend symbol for a circle marker."""
    return (f'<span style="display:inline-block;width:{size}px;height:{size}px;border-radius:50%;'
            f'background:{esc(color)};border:1px solid #222;margin-right:6px"></span>')


def swatch_square(color: str, size: int = 10, rotate: bool = False) -> str:
    """Legend symbol for a square (or diamond) marker."""
    turn = "transform:rotate(45deg);" if rotate else ""
    return (f'<span style="display:inline-block;width:{size}px;height:{size}px;'
            f'background:{esc(color)};border:2px solid #111;{turn}margin-right:6px"></span>')


def legend_section(title: str, items: Iterable[tuple[str, str]], columns: int = 1) -> str:
    """Return one legend block: an escaped title and ``(symbol_html, label)`` rows."""
    rows = "".join(f'<div style="white-space:nowrap">{symbol}{esc(label)}</div>'
                   for symbol, label in items)
    grid = (f'<div style="display:grid;grid-template-columns:repeat({int(columns)},auto);'
            f'column-gap:10px">{rows}</div>') if columns > 1 else rows
    head = f'<div style="font-weight:600">{esc(title)}</div>' if title else ""
    return f'<div style="margin-top:4px">{head}{grid}</div>'


class Legend(MacroElement):
    """A legend as a Leaflet control, so it shows in the app frame and in exported HTML.

    Parameters
    ----------
    title : str
        Heading (escaped here).
    sections_html : str
        Body built with :func:`legend_section` (already escaped).
    position : str
        Leaflet control position.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create('div', 'fm-legend leaflet-control-layers');
            div.style.padding = '6px 8px';
            div.style.font = '12px/1.35 sans-serif';
            div.style.maxHeight = '60vh';
            div.style.overflowY = 'auto';
            div.innerHTML = {{ this.body|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, sections_html: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.body = f'<div style="font-weight:700">{esc(title)}</div>{sections_html}'


class SourceNote(MacroElement):
    """A small box at the map's bottom left saying where the data comes from (escaped text).

    Added to exported maps (offline HTML, PNG), so that a map passed on by e-mail or printed
    still says which layers are demo and which come from which file.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: 'bottomleft'});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create('div', 'fm-source-note');
            div.style.cssText = 'background:rgba(255,255,255,0.85);padding:2px 6px;' +
                'font:11px/1.3 sans-serif;color:#333;max-width:60vw;margin:0 0 4px 4px;';
            div.innerHTML = {{ this.body|tojson }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "SourceNote"
        self.body = esc(text)


def add_source_note(m, text: str):
    """Add :class:`SourceNote` with ``text`` to folium map ``m`` (nothing when empty); return ``m``."""
    if text:
        m.add_child(SourceNote(text))
    return m

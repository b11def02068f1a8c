"""HTML shown on the map: feature tooltips and popups, and the legend control.

Every value that comes from data (names, owners, codes) is passed through ``html.escape``
here, because Leaflet inserts tooltips, popups and the legend as HTML.
"""

from __future__ import annotations

import html
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

_DECIMALS = {"area_ha": 1, "free_area_ha": 1, "yield_t_ha": 1, "capacity_t_day": 0}


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
    if kind in (FLOAT, INT):
        try:
            return fmt_number(float(value), lang, _DECIMALS.get(column.name, 0 if kind == INT else 1))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def details_table(layer: Layer, row: Any, lang: str, skip: Iterable[str] = (),
                  extra: Iterable[tuple[str, str]] = ()) -> str:
    """Return an HTML table of a feature's non-empty columns with labels in ``lang``.

    Parameters
    ----------
    layer : fruitmap.schema.Layer
        The layer the feature belongs to (gives labels and kinds).
    row : Mapping
        The feature's values (a pandas row or dict).
    lang : str
        Language of labels and values.
    skip : iterable of str
        Columns not to show.
    extra : iterable of (label, value)
        Further lines (plain text; escaped here).
    """
    lines = []
    for column in layer.columns:
        if column.name in skip or column.name not in row:
            continue
        text = format_value(column, row[column.name], lang)
        if text:
            lines.append((column.label(lang), text))
    lines.extend(extra)
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:8px;font-weight:600;'
        f'vertical-align:top">{esc(label)}</th><td>{esc(text)}</td></tr>'
        for label, text in lines
    )
    return f'<table style="font-size:12px;border-collapse:collapse">{body}</table>'


def popup_html(title: str, subtitle: str, table: str) -> str:
    """Return a popup: an escaped bold title, a grey subtitle and a details table."""
    return (
        f'<div style="min-width:220px;max-width:320px"><div style="font-weight:700;'
        f'font-size:14px">{esc(title)}</div><div style="color:#555;margin-bottom:4px">'
        f"{esc(subtitle)}</div>{table}</div>"
    )


def tooltip_html(title: str, *lines: str) -> str:
    """Return a tooltip: an escaped bold title and escaped further lines."""
    rest = "".join(f"<br>{esc(line)}" for line in lines if line)
    return f"<b>{esc(title)}</b>{rest}"


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


def legend_section(title: str, items: Iterable[tuple[str, str]]) -> str:
    """Return one legend block: an escaped title and ``(symbol_html, label)`` rows."""
    rows = "".join(f'<div style="white-space:nowrap">{symbol}{esc(label)}</div>'
                   for symbol, label in items)
    return f'<div style="margin-top:4px"><div style="font-weight:600">{esc(title)}</div>{rows}</div>'


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

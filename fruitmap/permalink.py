"""Views in the URL: which query parameters a link may carry, how they are read and written.

A view is the page, the language, the explorer's filters, the gap page's choices and the
map's centre and zoom. :func:`parse_query` reads only the parameters listed in
:data:`DEFAULTS`; each value is checked by a small validator (a whitelist, a number range or
a length limit) and never evaluated. A bad value falls back to its default and yields a
:class:`Notice` naming the parameter and the value, so the page can say what it ignored.
:func:`build_query` writes a view back, leaving out what equals the default, and
``parse_query(build_query(view)) == (view, [])`` for every valid view.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fruitmap.crops import CROPS
from fruitmap.i18n import LANGS
from fruitmap.schema import CERTIFICATIONS, STATUSES

# URL paths of the app's pages (app.py's PAGES; a test keeps the two in step).
PAGE_PATHS = ("overview", "explorer", "gap", "targets", "scenarios", "siting", "upload", "data",
              "meeting-pack", "present", "admin", "login")
BASEMAPS = ("none", "osm")
# A box around Viet Nam with some margin: a centre outside it is a typo or an attack.
LAT_RANGE = (8.0, 24.0)
LON_RANGE = (102.0, 110.0)
ZOOM_RANGE = (6, 17)  # the maps' min_zoom and max_zoom
MAX_HAUL_RANGE = (10, 300)  # the gap page's sliders
CIRCUITY_RANGE = (1.0, 2.5)
DAYS_RANGE = (10, 31)
MAX_VALUE_CHARS = 200  # longer values are refused before any parsing
MAX_QUERY_CHARS = 100
MAX_LIST_ITEMS = 50
CAPACITY_MAX = 1_000_000.0
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")  # admin unit codes
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")  # plain decimals only: no 1e308, inf, nan
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

DEFAULTS: dict[str, Any] = {
    "page": "overview",
    "lang": "vi",
    "q": "",
    "crops": (),
    "districts": (),
    "certifications": (),
    "statuses": (),
    "capacity": None,
    "basemap": "none",
    "crop": None,
    "month": None,
    "max_haul_km": 100,
    "circuity": 1.3,
    "operating_days": 26,
    "include_planned": False,
    "lat": None,
    "lon": None,
    "zoom": None,
}
KNOWN = tuple(DEFAULTS)
EXPLORER_PARAMS = ("q", "crops", "districts", "certifications", "statuses", "capacity",
                   "basemap")
GAP_PARAMS = ("crop", "month", "max_haul_km", "circuity", "operating_days", "include_planned")
BALANCE_PARAMS = ("max_haul_km", "circuity", "operating_days", "include_planned")
MAP_PARAMS = ("lat", "lon", "zoom")
# Which parameters belong to which page's view (lang belongs to every page).
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "explorer": EXPLORER_PARAMS + MAP_PARAMS,
    "gap": GAP_PARAMS + MAP_PARAMS,
    "targets": BALANCE_PARAMS,
    "scenarios": BALANCE_PARAMS,
}


@dataclass(frozen=True)
class Notice:
    """A query parameter that was ignored.

    Attributes
    ----------
    param : str
        The parameter's name.
    value : str
        The value as it came (shorten and escape it with :func:`shown_value` before showing).
    reason : str
        A string key (``permalink.reason.<reason>``) saying what was expected.
    """

    param: str
    value: str
    reason: str


class _Bad(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _number(text: str, low: float, high: float) -> float:
    if not _NUMBER.match(text.strip()):
        raise _Bad("number")
    value = float(text)
    if not (math.isfinite(value) and low <= value <= high):
        raise _Bad("range")
    return value


def _choice(options: Sequence[str]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in options:
            raise _Bad("choice")
        return text
    return check


def _items(text: str) -> list[str]:
    items = [i.strip() for i in text.split(",") if i.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise _Bad("too_long")
    return items


def _subset(options: Sequence[str]) -> Callable[[str], tuple[str, ...]]:
    def check(text: str) -> tuple[str, ...]:
        items = _items(text)
        if any(i not in options for i in items):
            raise _Bad("choice")
        return tuple(dict.fromkeys(items))
    return check


def _codes(text: str) -> tuple[str, ...]:
    items = _items(text)
    if any(not _CODE.match(i) for i in items):
        raise _Bad("code")
    return tuple(dict.fromkeys(items))


def _query_text(text: str) -> str:
    text = _CONTROL.sub("", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        raise _Bad("too_long")
    return text


def _capacity(text: str) -> tuple[float, float]:
    low, sep, high = text.partition("~")
    if not sep:
        raise _Bad("capacity")
    a, b = _number(low, 0, CAPACITY_MAX), _number(high, 0, CAPACITY_MAX)
    if a > b:
        raise _Bad("capacity")
    return (a, b)


def _month(text: str) -> int:
    value = _number(text, 1, 12)
    if value != int(value):
        raise _Bad("range")
    return int(value)


def _integer(low: int, high: int) -> Callable[[str], int]:
    def check(text: str) -> int:
        value = _number(text, low, high)
        if value != int(value):
            raise _Bad("integer")
        return int(value)
    return check


def _km(text: str) -> int:
    value = _integer(*MAX_HAUL_RANGE)(text)
    if value % 10:
        raise _Bad("step")
    return value


def _circuity(text: str) -> float:
    value = _number(text, *CIRCUITY_RANGE)
    if abs(value * 20 - round(value * 20)) > 1e-9:
        raise _Bad("step")
    return round(value, 2)


def _flag(text: str) -> bool:
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise _Bad("flag")


def _zoom(text: str) -> float:
    # The maps zoom in quarter steps; whole levels come back as int (8, not 8.0).
    value = _number(text, *ZOOM_RANGE)
    if abs(value * 4 - round(value * 4)) > 1e-9:
        raise _Bad("step")
    return int(value) if value == int(value) else value


def _coordinate(low: float, high: float) -> Callable[[str], float]:
    def check(text: str) -> float:
        return round(_number(text, low, high), 5)
    return check


VALIDATORS: dict[str, Callable[[str], Any]] = {
    "page": _choice(PAGE_PATHS),
    "lang": _choice(LANGS),
    "q": _query_text,
    "crops": _subset(CROPS),
    "districts": _codes,
    "certifications": _subset(CERTIFICATIONS),
    "statuses": _subset(STATUSES),
    "capacity": _capacity,
    "basemap": _choice(BASEMAPS),
    "crop": _choice(CROPS),
    "month": _month,
    "max_haul_km": _km,
    "circuity": _circuity,
    "operating_days": _integer(*DAYS_RANGE),
    "include_planned": _flag,
    "lat": _coordinate(*LAT_RANGE),
    "lon": _coordinate(*LON_RANGE),
    "zoom": _zoom,
}
_LISTS = {"crops", "districts", "certifications", "statuses"}


def _values(raw: object) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Sequence):
        return [v for v in raw if isinstance(v, str)]
    return []


def parse_query(params: Mapping[str, object]) -> tuple[dict[str, Any], list[Notice]]:
    """Read a view from URL query parameters.

    Parameters
    ----------
    params : mapping
        Parameter name → value, or → list of values when the parameter is repeated (as
        ``st.query_params.get_all`` gives them).

    Returns
    -------
    (dict, list of Notice)
        The view (every key of :data:`DEFAULTS`; bad or missing values take the default)
        and one notice per ignored value. Unknown parameters are left out silently.

    Notes
    -----
    Repeated list parameters are merged (``crops=longan&crops=mango``); a repeated single
    value keeps the last one, like ``st.query_params[name]``. Latitude and longitude count
    only as a pair, and the zoom only with them.
    """
    view = dict(DEFAULTS)
    notices: list[Notice] = []
    for name in KNOWN:
        if name not in params:
            continue
        values = _values(params[name])
        if not values:
            continue
        if name not in _LISTS:
            values = values[-1:]
        parsed = []
        for text in values:
            try:
                if len(text) > MAX_VALUE_CHARS:
                    raise _Bad("too_long")
                parsed.append(VALIDATORS[name](text))
            except _Bad as bad:
                notices.append(Notice(name, text, bad.reason))
                parsed = None
                break
        if parsed is None:
            continue
        if name in _LISTS:
            merged = tuple(dict.fromkeys(item for part in parsed for item in part))
            if len(merged) > MAX_LIST_ITEMS:
                notices.append(Notice(name, ",".join(values), "too_long"))
                continue
            view[name] = merged
        else:
            view[name] = parsed[0]
    if (view["lat"] is None) != (view["lon"] is None):
        name = "lon" if view["lat"] is not None else "lat"
        if not any(n.param in MAP_PARAMS for n in notices):  # a bad half was said already
            notices.append(Notice(name, "", "pair"))
        view["lat"] = view["lon"] = None
    if view["lat"] is None and view["zoom"] is not None:
        view["zoom"] = None
    return view, notices


def _text(name: str, value: Any) -> str:
    if name in _LISTS:
        return ",".join(value)
    if name == "capacity":
        return f"{_plain(value[0])}~{_plain(value[1])}"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return _plain(value)
    return str(value)


def _plain(value: float) -> str:
    # No exponent (1e-05) that the parser would refuse, no trailing zeros.
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return text or "0"


def build_query(view: Mapping[str, Any], names: Sequence[str] | None = None) -> dict[str, str]:
    """Return the query parameters of ``view`` (values that differ from the default).

    Parameters
    ----------
    view : mapping
        A view as :func:`parse_query` returns it (missing keys count as default).
    names : sequence of str, optional
        Which parameters to write (default all of :data:`KNOWN`); ``lang`` is always written
        so a link opens in the language it was made in.

    Returns
    -------
    dict
        Parameter name → text, ready for ``st.query_params`` or :func:`urlencode`.
    """
    wanted = set(KNOWN if names is None else names) | {"lang"}
    out: dict[str, str] = {}
    for name in KNOWN:
        value = view.get(name, DEFAULTS[name])
        if name not in wanted or (value == DEFAULTS[name] and name != "lang"):
            continue
        if name in _LISTS and not value:
            continue
        out[name] = _text(name, value)
    return out


def page_names(page: str) -> tuple[str, ...]:
    """Return the parameters that make up a view of ``page`` (besides ``page`` and ``lang``)."""
    return PAGE_PARAMS.get(page, ())


def view_url(view: Mapping[str, Any], base: str = "") -> str:
    """Return a relative link (``/explorer?lang=en&crops=longan``) that opens ``view``.

    Parameters
    ----------
    view : mapping
        A view (see :func:`parse_query`).
    base : str
        Prefix such as ``http://127.0.0.1:8501`` (no trailing slash).
    """
    from urllib.parse import urlencode

    page = view.get("page", DEFAULTS["page"])
    page = page if page in PAGE_PATHS else DEFAULTS["page"]
    query = build_query(view, page_names(page))
    return f"{base}/{page}?{urlencode(query)}"


# Markdown punctuation (and Streamlit's :colour[...] and $maths$); "&" and ";" stay so that the
# HTML entities made by html.escape still show as the characters they stand for.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def shown_value(value: str, limit: int = 60) -> str:
    """Return a URL value shortened and made inert for Markdown and HTML.

    The page shows ignored values back to the user; a value such as ``<script>`` or
    ``![x](http://…)`` must appear as text, never as markup or a request.
    """
    text = _CONTROL.sub("", value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))

"""A map frame's script in two parts: the map, and everything drawn on it.

streamlit-folium runs its ``script`` once, when its frame starts, and afterwards only runs
its ``feature_group`` code, each time that changes. Split this way, a frame can start on the
map alone (Leaflet, our layer code and an empty map, made before the map's data exists: the
frame's own start-up, about half a second of the browser's time, then overlaps the server's
building) and be handed its layers later under the same widget key, without starting again.

- :func:`split_script` cuts a frame script after the statement that makes the map.
- :func:`drawing_code` wraps the rest so that it runs on the map already there, once.
"""

from __future__ import annotations

import re

# What folium (through st_folium, which names the map "map_div") writes to make the map.
_MAKE_MAP = re.compile(r"var map_div = L\.map\(")


def _call_end(text: str, open_at: int) -> int:
    """Return the index just past the ``)`` that closes the ``(`` at ``open_at``."""
    depth = 0
    quote = ""
    i = open_at
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("the map's L.map( call is not closed")


def split_script(script: str) -> tuple[str, str]:
    """Split a frame script into the part that makes the map and the part that draws on it.

    Parameters
    ----------
    script : str
        A streamlit-folium frame script: libraries, then ``var map_div = L.map(...);``, then
        the map's controls and layers.

    Returns
    -------
    (str, str)
        ``opening``: everything up to and including the ``L.map`` statement; ``rest``:
        everything after it, which uses ``map_div``.

    Raises
    ------
    ValueError
        If the script makes no map called ``map_div``.
    """
    found = _MAKE_MAP.search(script)
    if found is None:
        raise ValueError("no 'var map_div = L.map(' in the map's script")
    end = _call_end(script, found.end() - 1)
    if script[end:end + 1] == ";":
        end += 1
    return script[:end], script[end:]


def drawing_code(rest: str) -> str:
    """Return ``rest`` (from :func:`split_script`) as ``feature_group`` code for the frame.

    streamlit-folium evaluates it inside its render handler, after the map exists
    (``window.map``). It runs in a function of its own, so that its names cannot meet the
    handler's, and only once per frame: a frame is given the same layers again when its
    server restarts under an open page, and they must not be drawn twice.
    """
    return ("if (!window.fmDrawn) {\nwindow.fmDrawn = true;\n(function () {\n"
            "var map_div = window.map;\n" + rest + "\n})();\n}\n")

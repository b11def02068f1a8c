"""A map frame's script in two parts: the map, and everything drawn on it.

streamlit-folium runs its ``script`` once, when its frame starts, and afterwards only runs
its ``feature_group`` code, each time that changes. Split this way, a frame can start on the
map alone (Leaflet, our layer code and an empty map, made before the map's data exists: the
frame's own start-up, about half a second of the browser's time, then overlaps the server's
building) and be handed its layers later under the same widget key, without starting again.

- :func:`split_script` cuts a frame script after the statement that makes the map.
- :func:`drawing_code` wraps the rest so that it runs on the map already there, once.
- :func:`same_start` tells whether a frame started on one map can take another's layers.
"""

from __future__ import annotations

import hashlib
import re

# What folium (through st_folium, which names the map "map_div") writes to make the map.
_MAKE_MAP = re.compile(r"var map_div = L\.map\(")
# The map's centre among its L.map options (same_start leaves it out).
_CENTER = re.compile(r"center: \[[^\]]*\],")


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

    streamlit-folium evaluates it inside its render handler (strict mode), after the map
    exists (``window.map``). It runs in a function of its own, so that the names it declares
    stay its own (a name it uses without declaring it is still looked up through the
    handler's closure first: ``data``, ``height``, ``zoom`` … must not be used free).

    It draws once per frame: a frame is handed the same layers again when its server
    restarts under an open page, and they must not be drawn twice. Other layers handed to a
    frame that has drawn (a restarted server whose code or data files changed, under the
    same map key) reload the frame, which then starts on them.
    """
    digest = hashlib.sha256(rest.encode("utf-8")).hexdigest()[:16]
    return ("if (window.fmDrawn === undefined) {\nwindow.fmDrawn = '" + digest + "';\n"
            "(function () {\nvar map_div = window.map;\n" + rest + "\n})();\n"
            "} else if (window.fmDrawn !== '" + digest + "') {\nwindow.location.reload();\n}\n")


def same_start(opening: str, other: str) -> bool:
    """Whether two ``script`` parts (libraries and ``L.map``) start the same frame.

    The map's centre does not count: the drawn part fits the view itself.
    """
    return _CENTER.sub("", opening, count=1) == _CENTER.sub("", other, count=1)


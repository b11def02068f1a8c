"""The layers' data as files beside the map instead of inside its script.

In the app a map reaches the browser as the arguments of the streamlit-folium component,
inside a Streamlit websocket message. At 20,000 zones that message held ~4 MB of layer data
and Streamlit's front end took seconds to pass it to the map frame; at 200,000 zones it
cannot work at all. :func:`externalise` writes each very large layer spec, and every tile of
a tiled layer (:mod:`fruitmap.maps.tiled`), as a JSON file named by
its content (SHA-256) into a folder the app serves (``static/cache/``), and leaves in the
script only ``{"src": url}``, which ``static/fruitmap/fm_layers.js`` fetches. The script
stays small, the same data is written once (same content, same name) and the browser can
keep it in its HTTP cache.

Exports never use this: a standalone HTML map keeps its data inline.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from branca.element import Element

from fruitmap.maps.layer import DataElement

# Ordinary layers smaller than this stay in the script. Measured at 20,000 zones + 10,000
# plants (4 MB of data) on the loaded shared machine, files made warm visits slower (best
# 27.5 s against 20.7 s, alternating visits; docs/maps.md): the Streamlit server sending the
# file competes with the rest. Tiles always go to files (fetched only when in view).
MIN_BYTES = 8_000_000
KEEP_DAYS = 7  # files not written or used for this long are removed ...
_IN_USE: set[str] = set()  # ... except those this process handed out (maps cached in memory)


def _elements(root: Element):
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(element._children.values())


def spec_bytes(spec: dict) -> bytes:
    """Return ``spec`` as compact UTF-8 JSON (what a data file holds)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def store_in(folder: Path, url: str, min_bytes: int = MIN_BYTES):
    """Return a function that writes a spec into ``folder`` and returns its URL.

    The file is ``<sha256 of its bytes>.json`` (written once, atomically); specs under
    ``min_bytes`` are not written (the function returns None: keep inline) unless
    ``store(spec, always=True)`` (tiles: fetched only when in view, whatever their size).
    """
    folder = Path(folder)

    def store(spec: dict, always: bool = False) -> str | None:
        data = spec_bytes(spec)
        if len(data) < min_bytes and not always:
            return None
        name = hashlib.sha256(data).hexdigest()[:32] + ".json"
        path = folder / name
        _IN_USE.add(str(path))
        if path.exists():
            os.utime(path)  # in use: keep it from being pruned
        else:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as f:
                f.write(data)
            os.replace(f.name, path)  # other sessions see the whole file or none
        return url.rstrip("/") + "/" + name

    return store


def externalise(m: Element, folder: Path, url: str, min_bytes: int = MIN_BYTES) -> int:
    """Move the large layer specs of map ``m`` into files under ``folder`` served at ``url``.

    Parameters
    ----------
    m : branca.element.Element
        A map from :mod:`fruitmap.maps.build` (changed in place: its layers then refer to
        the files). Use it on a copy when the map is shared; copies share the specs.
    folder : pathlib.Path
        Where the files go (created when missing).
    url : str
        The URL at which the app serves ``folder``.
    min_bytes : int
        Specs smaller than this stay in the script.

    Returns
    -------
    int
        How many elements had data moved out.
    """
    store = store_in(folder, url, min_bytes)
    moved = 0
    for element in _elements(m):
        if isinstance(element, DataElement):
            element.externalise(store)
            moved += 1
    prune(folder)
    return moved


def prune(folder: Path, keep_days: float = KEEP_DAYS) -> int:
    """Remove data files of ``folder`` unused for ``keep_days``; return how many.

    Files this process handed out are kept: a map whose frame arguments are cached in
    memory may still be opened.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    limit = time.time() - keep_days * 86_400
    removed = 0
    for path in folder.iterdir():
        if (path.suffix in (".json", ".part") and str(path) not in _IN_USE
                and path.stat().st_mtime < limit):
            path.unlink(missing_ok=True)
            removed += 1
    return removed

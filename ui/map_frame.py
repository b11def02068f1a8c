"""The folium map frame, with its arguments kept between reruns.

``st_folium`` turns a folium map into its frame's arguments on every call: it renders the
map, walks its elements and runs ``dedent``, ``re.sub`` and a SHA-256 over the whole script.
For the explorer at 20,000 zones that script is ~4 MB, and this took ~0.5 s of CPU on every
run of the page, for a map that had not changed. Here the arguments are made once per map
(``cache_key``: what the map was built from, plus the view it opens on) with the real
``st_folium``, kept with ``st.cache_resource``, and handed to the same component on later
runs. The frame receives what ``st_folium`` would have sent, with the app's scripts
inlined, the map's script split in two (the map, then what is drawn on it: so that a frame
started on an empty map by :func:`open_frame` can take the drawn map's layers) and, for a
cached map, a key made from ``cache_key`` (:func:`frame_key`).

Before that, the tiles of very large layers (above 50,000 zones) and any layer spec over
8 MB are moved out of the script into files the app serves
(:func:`fruitmap.maps.channel.externalise`, ``static/cache/``), which ``fm_layers.js``
fetches when the view needs them. Tiles not made yet are made and written by a background
thread started here (their names are known before they exist: ``SECRET_FILE``). Ordinary
layers stay inline: at 20,000 zones files were measured slower (docs/maps.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
import streamlit_folium
from streamlit_folium import st_folium

from fruitmap.maps.assets import MAP_BACKGROUND, STATIC_DIR, inline_scripts, static_url
from fruitmap.maps.channel import elements, externalise, secret_in
from fruitmap.maps.frame_split import drawing_code, same_start, split_script
from fruitmap.maps.layer import DataElement, put_data, stand_ins

# Served by Streamlit at /app/static/cache/ (server.enableStaticServing); not in git.
DATA_DIR = STATIC_DIR / "cache"
DATA_URL = static_url("cache")
# FRUITMAP_MAP_DATA_FILES=0 keeps the data inside the frame's arguments, as before
# (benchmarks/bench_map.py --compare-inline measures both in the same run).
DATA_FILES = os.environ.get("FRUITMAP_MAP_DATA_FILES", "1") != "0"
# Goes into the names of tile files made in the background, so that they cannot be worked
# out from a workspace's path and version. Outside static/ (everything there is served);
# .server/ is the app's state folder (not in git).
SECRET_FILE = STATIC_DIR.parent / ".server" / "map-cache.key"


def _move_data(m) -> None:
    if DATA_FILES:
        externalise(m, DATA_DIR, DATA_URL, secret=secret_in(SECRET_FILE))

# The capture swaps streamlit_folium's component function for a moment; every map frame of
# the app is drawn through this module, so holding the lock keeps other sessions' threads
# from calling the swapped function meanwhile.
_SWAP = threading.Lock()


def _options(key: str, height: int) -> dict:
    return {"key": key, "height": height, "use_container_width": True, "returned_objects": []}


def frame_args(m, key: str, height: int) -> dict:
    """Return the arguments ``st_folium`` gives its component for folium map ``m``.

    ``m`` is drawn (and so changed) by ``st_folium``, after its large layer data was moved
    to files under :data:`DATA_DIR`. The ``on_change`` callback is left out: it belongs to
    the run that draws the frame.
    """
    _move_data(m)
    # The layers' data stays out of st_folium's string work (dedent, regular expressions,
    # hash: ~0.2 s for the 4 MB script of 20,000 zones) and is put in afterwards, with the
    # key st_folium would have given the whole script.
    standing = [e for e in elements(m) if isinstance(e, DataElement)]
    data = stand_ins(standing)
    captured: dict = {}

    def capture(**kwargs):
        captured.update(kwargs)

    with _SWAP:
        real = streamlit_folium._component_func
        streamlit_folium._component_func = capture
        try:
            st_folium(m, **_options(key, height))
        finally:
            streamlit_folium._component_func = real
            for element in standing:  # the map writes its data again
                element.stand_in = None
    captured.pop("on_change", None)
    if data:
        # The frame's key changes with the map (st_folium hashes its script): here the
        # hash of the script with stand-ins, and of the data.
        digest = hashlib.sha256(captured["key"].encode())
        for text in data:
            digest.update(hashlib.sha256(text.encode()).digest())
        captured["key"] = digest.hexdigest()
        captured["script"] = put_data(captured["script"], data)
    # Leaflet, jQuery and fm_layers.js at the head of the script, not fetched one after the
    # other by the frame (fruitmap.maps.assets.inline_scripts).
    code, captured["js_links"] = inline_scripts(captured.get("js_links", []))
    # The map in ``script`` (run when the frame starts), what is drawn on it in
    # ``feature_group`` (run on the map once it exists): a frame started on the empty map
    # (open_frame) is handed its layers without starting again (fruitmap.maps.frame_split).
    opening, rest = split_script(captured["script"])
    captured["script"] = code + opening + _GROUND
    captured["feature_group"] = drawing_code(rest)
    return captured


# The map's ground from its start (the layers set it again): not Leaflet's grey while a
# frame started on the empty map waits for them.
_GROUND = f"\nmap_div.getContainer().style.background = {json.dumps(MAP_BACKGROUND)};\n"


def frame_key(cache_key: Hashable, key: str, height: int) -> str:
    """Return the widget key of the frame of the map ``cache_key`` identifies.

    Known before the map is built (an opened frame and the drawn one share it); one map, one
    key, as st_folium's hash of the script gave.
    """
    return "fm-" + hashlib.sha256(repr((cache_key, key, height)).encode()).hexdigest()[:40]


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_args(cache_key: Hashable, key: str, height: int, _make) -> dict:
    # _make is not part of the cache key (Streamlit skips arguments starting with "_"):
    # cache_key says which map it makes. The dict is shared: never changed after this.
    args = frame_args(_make(), key, height)
    args["key"] = frame_key(cache_key, key, height)
    if len(_MADE) > _MADE_MAX:  # a record, not a cache: forgetting only costs an empty map
        _MADE.clear()
    _MADE.add(args["key"])
    return args


# Keys of the frames whose arguments this process has made (open_frame: no empty map first).
_MADE: set[str] = set()
_MADE_MAX = 10_000
# Keys of maps whose frame cannot start on the empty map (other scripts or settings): they
# always get a frame of their own, under the same key run after run.
_OWN: set[str] = set()


@st.cache_resource(show_spinner=False, max_entries=4)
def _opening_args(language: str, key: str, height: int) -> dict:
    # The empty map's frame: the same libraries, styles and map settings as every map of
    # fruitmap.maps.build (base_map), nothing drawn.
    from fruitmap.maps.build import base_map

    args = frame_args(base_map(language), key, height)
    args["feature_group"] = None
    return args


# What the frame's map must have been started with to take the drawn map's layers (and
# ``script``, but for the map's centre: same_start).
_STARTED_WITH = ("html", "header", "css_links", "js_links", "height", "id")


def _can_take(opening: dict, args: dict) -> bool:
    """Whether a frame started on ``opening`` can be handed the drawn map ``args``."""
    return (all(args.get(k) == opening.get(k) for k in _STARTED_WITH)
            and same_start(opening.get("script", ""), args.get("script", "")))


@dataclass
class OpenFrame:
    """A map frame's place on the page, possibly already showing the empty map.

    ``sent``: the empty map was sent in this run under ``key``; ``registered``: the widget
    ids and keys Streamlit recorded for it (see :func:`_unregister`).
    """

    slot: Any
    key: str
    sent: bool = False
    opening: dict = field(default_factory=dict)
    registered: tuple[frozenset, frozenset] = (frozenset(), frozenset())


def _registered() -> tuple[frozenset, frozenset]:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return frozenset(), frozenset()
    return ctx.shared.widget_ids_this_run.snapshot(), ctx.shared.widget_user_keys_this_run.snapshot()


def _unregister(ids: frozenset, user_keys: frozenset) -> None:
    # Streamlit refuses a widget key twice in one run. The frame is sent twice on purpose
    # (empty map, then the drawn one, in the same place: the browser keeps the frame), so
    # its first registration is taken back. Private to Streamlit (pinned in
    # requirements.txt); tests/test_map_frame.py fails if this stops working.
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    for known, drop in ((ctx.shared.widget_ids_this_run, ids),
                        (ctx.shared.widget_user_keys_this_run, user_keys)):
        with known._lock:
            known._data.difference_update(drop)


def open_frame(key: str, height: int, cache_key: Hashable, language: str) -> OpenFrame:
    """Reserve the frame's place; if its map is not made yet, start the frame on an empty map.

    Call before the slow work that makes the map; :func:`draw_frame` with ``opened`` then
    draws the map into the same frame. The browser starts the frame (its scripts, Leaflet,
    the empty map: about half a second) while the server builds.

    Parameters
    ----------
    key, height, cache_key :
        As given to :func:`draw_frame` later.
    language : str
        The map's language. The empty map shows Leaflet's zoom buttons on the map's
        ground; its scale bar, attribution and view come with the drawn map.
    """
    opened = OpenFrame(st.empty(), frame_key(cache_key, key, height))
    if opened.key in _MADE or opened.key in _OWN:
        return opened  # made: drawn at once (nothing built for an empty map either)
    opening = _opening_args(language, key, height)
    # Only with the app's scripts inlined: streamlit-folium drops a render event that comes
    # while it loads script links, and the drawn map's layers would never run.
    if opening["js_links"]:
        return opened
    before = _registered()
    opened.opening = dict(opening, key=opened.key)
    with opened.slot:
        streamlit_folium._component_func(**opened.opening)
    after = _registered()
    opened.registered = (after[0] - before[0], after[1] - before[1])
    opened.sent = True
    return opened


def draw_frame(make: Callable[[], Any], key: str, height: int,
               cache_key: Hashable | None = None, opened: OpenFrame | None = None) -> None:
    """Draw the folium map that ``make()`` returns in its frame under widget ``key``.

    Parameters
    ----------
    make : callable
        Returns the map to draw, which ``st_folium`` may change (so a copy of a shared map).
        Only called when the frame's arguments are not cached.
    key : str
        Widget key of the frame.
    height : int
        Frame height in pixels.
    cache_key : hashable, optional
        Identifies the map completely (data version, language, filters, opening view).
        With it, the frame's arguments are made once and reused; without it, ``st_folium``
        runs every time.
    opened : OpenFrame, optional
        From :func:`open_frame` with the same ``key``, ``height`` and ``cache_key``: the
        frame is drawn in its place (and in its frame, if it was started on the empty map).
    """
    if cache_key is None:
        args = frame_args(make(), key, height)
    else:
        args = _cached_args(cache_key, key, height, make)
    place = contextlib.nullcontext()
    if opened is not None:
        place = opened.slot
        if opened.sent:
            if not _can_take(opened.opening, args):
                _OWN.add(args["key"])  # started otherwise than this map needs
            _unregister(*opened.registered)
    if args["key"] in _OWN:
        args = dict(args, key=args["key"] + "-own")  # a frame of its own

    def on_change():  # what st_folium's own callback does
        st.session_state[key] = st.session_state.get(args["key"], {})

    with place:
        streamlit_folium._component_func(**args, on_change=on_change)


def prepare_frame(make: Callable[[], Any], key: str, height: int, cache_key: Hashable) -> None:
    """Make and keep the arguments :func:`draw_frame` will want, without drawing the frame.

    For work done ahead in the background (:mod:`ui.build_ahead`): a later
    ``draw_frame(make, key, height, cache_key)`` then finds them made.
    """
    _cached_args(cache_key, key, height, make)

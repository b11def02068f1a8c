"""Streamlit glue of the map explorer: filter widgets, counts, and the folium map frame."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import folium
import streamlit as st

from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.maps import filters
from fruitmap.maps.build import BASEMAPS, add_basemap, build_map, prepare_map
from fruitmap.maps.html import capacity_text
from fruitmap.maps.summary import SUMMARY_FROM
from fruitmap.schema import value_label
from ui import state
from ui.common import lang, layers, tr, workspace
from ui.map_frame import draw_frame, open_frame, prepare_frame
from ui.page_cache import data_key, shared

MAP_HEIGHT = 640
# Widget values are copied here after each run: Streamlit forgets a widget's state when its
# page is left, and the filters should still be there when the user comes back.
_SAVED = "_saved_"


@dataclass(frozen=True)
class Filters:
    """What the user chose in the explorer's filter widgets."""

    query: str = ""
    crops: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    capacity: tuple[float, float] | None = None
    basemap: str = "none"

    def apply(self, data: dict) -> dict:
        """Return ``data`` filtered by these choices (see :func:`fruitmap.maps.filters.filter_layers`).

        ``data`` is the current workspace's layers (:func:`ui.common.layers`): the result is
        made once per workspace version and filters and shared (never change it).
        """
        if self.bare() == Filters():
            return self.filter(data)  # nothing filtered: the layers, nothing to keep
        return _shown(*data_key(), self.bare(), data)

    def filter(self, data: dict) -> dict:
        """Return ``data`` filtered by these choices, computed now."""
        codes = district_codes() if self.districts else None
        return filters.filter_layers(data, crops=self.crops, districts=self.districts,
                                     certifications=self.certifications,
                                     statuses=self.statuses, capacity_range=self.capacity,
                                     query=self.query, codes=codes)

    def bare(self) -> Filters:
        """These filters without the basemap: what the map's features depend on."""
        return replace(self, basemap="none")


def _prepare(key: str, default, keep=lambda v: v) -> None:
    # Seed the widget from the saved copy (or the default) before it is drawn, cleaned so
    # that values no longer offered (after an import, say) do not make Streamlit fail.
    if key not in st.session_state:
        st.session_state[key] = keep(st.session_state.get(_SAVED + key, default))
    else:
        st.session_state[key] = keep(st.session_state[key])


def _save(key: str) -> None:
    st.session_state[_SAVED + key] = st.session_state.get(key)


def _reset() -> None:
    for key in state.EXPLORER_KEYS:
        st.session_state.pop(_SAVED + key, None)
        st.session_state.pop(key, None)


def _multiselect(label_key: str, key: str, options: list, format_func) -> tuple:
    allowed = set(options)
    _prepare(key, [], lambda v: [o for o in (v or []) if o in allowed])
    value = st.sidebar.multiselect(tr(label_key), options=options, format_func=format_func,
                                   key=key, placeholder=tr("explorer.placeholder_all"))
    _save(key)
    return tuple(value)


@st.cache_resource(show_spinner=False, max_entries=16)
def _shown(path: str, token: str, chosen: Filters, _data: dict) -> dict:
    # The filtered layers, for every run with these filters (a name search over 30,000
    # rows, the crops of 10,000 plants): own cache, so they never push out the gap maps.
    return chosen.filter(_data)


def district_codes() -> dict:
    """Each filterable layer's district codes (a spatial join), once per workspace version.

    Shared by the district filter and the maps' popups in every language.
    """
    return shared("explorer.district_codes", data_key(),
                  lambda: filters.layer_district_codes(layers()))


def _options(data: dict) -> dict:
    # What the filters offer depends on the data only: listed once per workspace version
    # (at 20,000 zones + 10,000 plants the crop list alone took ≈ 0.07 s on every run).
    return shared("explorer.options", data_key(), lambda: {
        "crops": filters.crop_options(data), "districts": filters.district_options(data),
        "certifications": filters.certification_options(data),
        "statuses": filters.status_options(data), "capacity": filters.capacity_bounds(data)})


def filter_widgets(data: dict) -> Filters:
    """Draw the filter widgets in the sidebar and return the choices.

    Keys come from :mod:`ui.state`, so the choices survive a language switch, and a saved
    copy brings them back after a visit to another page.
    """
    sidebar = st.sidebar
    sidebar.subheader(tr("explorer.filters"))
    _prepare(state.EXPLORER_QUERY, "", lambda v: str(v or ""))
    query = sidebar.text_input(tr("explorer.search"), key=state.EXPLORER_QUERY,
                               help=tr("explorer.search_help"))
    _save(state.EXPLORER_QUERY)
    language = lang()
    offered = _options(data)
    crops = _multiselect("explorer.crops", state.EXPLORER_CROPS, offered["crops"],
                         lambda c: crop_label(c, language))
    names = offered["districts"]
    districts = _multiselect("explorer.districts", state.EXPLORER_DISTRICTS, list(names),
                             lambda c: names.get(c, c))
    certifications = _multiselect("explorer.certifications", state.EXPLORER_CERTIFICATIONS,
                                  offered["certifications"],
                                  lambda v: value_label(v, language))
    statuses = _multiselect("explorer.statuses", state.EXPLORER_STATUSES,
                            offered["statuses"], lambda v: value_label(v, language))
    capacity = None
    low, high = offered["capacity"]
    if high > low:
        def clamp(v):
            if not isinstance(v, (list, tuple)) or len(v) != 2:
                return (low, high)
            a, b = (min(max(float(x), low), high) for x in v)
            return (min(a, b), max(a, b))

        _prepare(state.EXPLORER_CAPACITY, (low, high), clamp)
        chosen = sidebar.slider(tr("explorer.capacity"), min_value=low, max_value=high,
                                step=1.0 if high >= 20 else 0.1,
                                format="%.0f" if high >= 20 else "%.1f",
                                key=state.EXPLORER_CAPACITY)
        _save(state.EXPLORER_CAPACITY)
        capacity = None if tuple(chosen) == (low, high) else (float(chosen[0]), float(chosen[1]))
    _prepare(state.EXPLORER_BASEMAP, "none", lambda v: v if v in BASEMAPS else "none")
    basemap = sidebar.radio(tr("explorer.basemap"), options=list(BASEMAPS),
                            format_func=lambda b: t(f"explorer.basemap.{b}", language),
                            key=state.EXPLORER_BASEMAP)
    _save(state.EXPLORER_BASEMAP)
    sidebar.button(tr("explorer.reset"), on_click=_reset, key=state.EXPLORER_RESET)
    return Filters(query=query, crops=crops, districts=districts,
                   certifications=certifications, statuses=statuses, capacity=capacity,
                   basemap=basemap)


def show_counts(shown: dict) -> None:
    """Show how many zones, plants, cold stores and industrial areas the map draws."""
    language = lang()
    stats = filters.summary(shown)
    cols = st.columns(4)
    cols[0].metric(tr("explorer.count.zones"), fmt_number(stats["zones"], language),
                   help=tr("explorer.count.zones_help",
                           area=fmt_number(stats["zone_area_ha"], language)))
    cols[1].metric(tr("explorer.count.plants"), fmt_number(stats["plants"], language),
                   help=tr("explorer.count.plants_help",
                           factories=fmt_number(stats["factories"], language),
                           capacity=capacity_text(stats["plant_capacity_t_day"], language)))
    cols[2].metric(tr("explorer.count.cold_stores"), fmt_number(stats["cold_stores"], language),
                   help=tr("explorer.count.cold_stores_help",
                           capacity=capacity_text(stats["cold_store_capacity_t"], language)))
    cols[3].metric(tr("explorer.count.industrial_areas"),
                   fmt_number(stats["industrial_areas"], language))


@st.cache_resource(show_spinner=False, max_entries=4)
def _full_map(path: str, token: str, language: str, _progress=None):
    # The map of every feature, and its per-feature work (geometries, districts, texts)
    # that the filtered maps pick from (fruitmap.maps.parts): once per workspace version
    # and language. The key names the zone tiles' data files as before (200,000 zones).
    data = layers()
    zones = data.get("zones")
    # Above SUMMARY_FROM the zones' districts wait for their tiles (made in the background):
    # joining 200,000 zones here (≈ 0.7 s) would come before the first view. The district
    # filter joins them when first asked.
    small = zones is None or len(zones) <= SUMMARY_FROM
    return prepare_map(data, language, codes=district_codes() if small else None,
                       progress=_progress,
                       tiles_key=repr((path, token, language, Filters())))


@st.cache_resource(show_spinner=False, max_entries=24)
def _explorer_map(path: str, token: str, language: str, chosen: Filters,
                  _progress=None) -> folium.Map:
    # The workspace token in the key drops the cached maps as soon as the data changes.
    # cache_resource: the map is shared by every session and never drawn itself (the
    # frame and the downloads work on copies). ``chosen`` has no basemap (added to a copy:
    # another basemap is not another map). _progress (not part of the key) only queues
    # steps: see ui.progress_view.
    if chosen == Filters():
        return _full_map(path, token, language, _progress)[0]
    first = _progress and (lambda fraction, key: _progress(0.8 * fraction, key))
    then = _progress and (lambda fraction, key: _progress(0.8 + 0.2 * fraction, key))
    parts = _full_map(path, token, language, first)[1]
    # The zone tiles' data files (200,000 zones) are named by the key: a restarted app
    # whose workspace has not changed finds them written and makes none.
    tiles_key = repr((path, token, language, chosen))
    return build_map(chosen.apply(layers()), language, highlight=chosen.districts,
                     progress=then, tiles_key=tiles_key, parts=parts)


def _with_basemap(m: folium.Map, basemap: str, language: str | None = None) -> folium.Map:
    # A copy shares the layers' data: about a millisecond, against a second for a new map.
    # (``language``: given in background builds, which read no session)
    return m if basemap == "none" else add_basemap(copy.deepcopy(m), basemap,
                                                   language or lang())


def shared_map(chosen: Filters, progress=None, language: str | None = None) -> folium.Map:
    """Return the explorer's map of the current workspace and language for ``chosen``.

    Built once per workspace version, language and filters and shared by every run, session
    and page (the presentation's map slide draws the same map): never change it, copy it.
    ``language`` defaults to the page's (given in background builds, which read no session).
    """
    ws = workspace()
    language = language or lang()
    return _with_basemap(_explorer_map(str(ws.path), ws.token(), language, chosen.bare(),
                                       progress), chosen.basemap, language)


def _map_finished(chosen: Filters, seconds: str) -> str:
    shown = chosen.apply(layers())
    language = lang()
    zones, plants = shown.get("zones"), shown.get("plants")
    return tr("progress.map.finished", seconds=seconds,
              zones=fmt_number(0 if zones is None else len(zones), language),
              plants=fmt_number(0 if plants is None else len(plants), language))


def show_map(chosen: Filters) -> folium.Map:
    """Draw the explorer map (cached per workspace version, language and filters).

    Returns the map as built (with its basemap), not drawn, for the downloads: it may be
    shared by every session, so it must not be changed (``map_downloads`` works on a copy).
    """
    from ui.progress_view import run_with_status

    ws = workspace()
    key = (str(ws.path), ws.token(), lang(), chosen)
    steps = st.container()  # the build's steps, above the map
    # The frame starts on the empty map while the map is built, when it is to be built.
    opened = open_map(state.EXPLORER_MAP, key)
    # Steps shown only when the map is really built (a cache miss).
    try:
        with steps:
            m = run_with_status(
                lambda progress: _explorer_map(*key[:3], chosen.bare(), progress),
                tr("progress.map.title"), lambda _m, seconds: _map_finished(chosen, seconds),
                shared=("explorer.map", *key[:3], chosen.bare()))
        m = _with_basemap(m, chosen.basemap)
        render_map(m, key=state.EXPLORER_MAP, cache_key=key, opened=opened)
    except Exception:
        opened.slot.empty()  # no empty map left under the error the page shows
        raise
    map_ahead(chosen, key)
    return m


def map_ahead(chosen: Filters, key: tuple) -> None:
    """Queue this map in the other language, with its frame, built after the page is drawn.

    ``key`` is the map's ``(path, token, language, chosen)``. A switch of the language then
    finds both made (:mod:`ui.build_ahead`; 0.5 s of CPU at 20,000 zones otherwise).
    """
    from ui import build_ahead as ahead
    from ui.common import sources_in
    from ui.permalink import url_spot

    path, token, language, _ = key
    other = ahead.other_language(language)
    target = (path, token, other, chosen)  # the frame's cache key in the other language
    spot = url_spot(state.EXPLORER_MAP)  # read here, in the page's run

    def bare():
        return _explorer_map(path, token, other, chosen.bare())

    ahead.ahead(("explorer.language", target, spot), [
        bare,
        lambda: frame_ahead(_with_basemap(bare(), chosen.basemap, other), state.EXPLORER_MAP,
                            target, spot),
        lambda: sources_in(other),
    ], ahead.LANGUAGE, slot="explorer.language")


def open_map(key: str, cache_key, height: int = MAP_HEIGHT):
    """Reserve the place of the map ``render_map(m, key, height, cache_key)`` will draw.

    Returns what to hand ``render_map`` as ``opened``: if the map is not made yet, its frame
    is started now on an empty map (:func:`ui.map_frame.open_frame`).
    """
    from ui.permalink import url_spot

    return open_frame(key, height, (cache_key, url_spot(key)), lang())


def render_map(m, key: str, height: int = MAP_HEIGHT, cache_key=None, opened=None) -> None:
    """Draw a folium map in its frame; panning and zooming send nothing back (no rerun).

    Every page that shows a folium map draws it through here, with the same settings.
    ``cache_key`` (hashable, optional) identifies the map's content: the frame's arguments
    are then made once and reused on later runs (:mod:`ui.map_frame`), and ``m`` is not
    changed. Without it the map is drawn (and changed) by ``st_folium``. ``opened`` (from
    :func:`open_map` with the same key and ``cache_key``): the map goes in that place.
    """
    # The explorer and gap maps keep their view in the URL.
    from ui.permalink import map_in_url, url_spot

    if cache_key is None:
        draw_frame(lambda: map_in_url(m, key), key, height)
        return
    draw_frame(lambda: map_in_url(copy.deepcopy(m), key), key, height,
               cache_key=(cache_key, url_spot(key)), opened=opened)


def frame_ahead(m, key: str, cache_key, spot, height: int = MAP_HEIGHT) -> None:
    """Make the frame arguments ``render_map(m, key, height, cache_key)`` will want.

    For the background (:mod:`ui.build_ahead`): ``spot`` is ``ui.permalink.url_spot(key)``
    read in the page's run (the job reads no session state).
    """
    from fruitmap.maps.url import with_url_view
    from ui.permalink import URL_MAPS

    if key in URL_MAPS:
        def make():
            return with_url_view(copy.deepcopy(m), spot)
    else:
        def make():
            return copy.deepcopy(m)
    prepare_frame(make, key, height, cache_key=(cache_key, spot))

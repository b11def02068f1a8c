"""Streamlit glue of permalinks: the URL seeds the widgets once, then follows them.

app.py calls :func:`sync_from_url` right after ``st.navigation`` (before any page widget is
drawn) and :func:`write_to_url` after the page ran. On a session's first run the known
query parameters are copied into the widget keys of :mod:`ui.state` (the widgets' owners
then clean them against the options they offer); on every run the current view is written
back to ``st.query_params``, so the address bar is always a link to what is on screen. The
map's centre and zoom are written by the map itself (:mod:`fruitmap.maps.url`), with no rerun.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import streamlit as st

from fruitmap.errors import FruitmapError
from fruitmap.maps import filters
from fruitmap.maps.url import with_url_view
from fruitmap.permalink import (
    DEFAULTS,
    KNOWN,
    MAP_PARAMS,
    build_query,
    page_names,
    parse_query,
    shown_value,
    view_url,
)
from fruitmap.workspace.views import delete_view, list_views, read_query, save_view
from ui import state
from ui.auth import may_write, routed_paths
from ui.common import error_boundary, lang, layers, tr, workspace

# st_folium keys of the maps whose view lives in the URL.
URL_MAPS = {state.EXPLORER_MAP: "explorer", "gap_map": "gap"}
_EXPLORER_KEYS = {"q": state.EXPLORER_QUERY, "crops": state.EXPLORER_CROPS,
                  "districts": state.EXPLORER_DISTRICTS,
                  "certifications": state.EXPLORER_CERTIFICATIONS,
                  "statuses": state.EXPLORER_STATUSES, "capacity": state.EXPLORER_CAPACITY,
                  "basemap": state.EXPLORER_BASEMAP}
_BALANCE_KEYS = {"max_haul_km": state.BALANCE_MAX_HAUL_KM, "circuity": state.BALANCE_CIRCUITY,
                 "operating_days": state.BALANCE_OPERATING_DAYS,
                 "include_planned": state.BALANCE_INCLUDE_PLANNED}
_LIST_PARAMS = ("crops", "districts", "certifications", "statuses")


def page_file(url_path: str) -> str:
    """Return the page file of a url path (``meeting-pack`` → ``pages/meeting_pack.py``)."""
    return f"pages/{url_path.replace('-', '_')}.py"


def _url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in KNOWN if name in st.query_params}


def sync_from_url(url_path: str) -> None:
    """On the session's first run, copy the URL's view into the widget keys.

    Parameters
    ----------
    url_path : str
        The url path of the page this run draws (``""`` for the default page).
    """
    page = url_path or DEFAULTS["page"]
    st.session_state[state.PERMALINK_PAGE] = page
    if st.session_state.get(state.PERMALINK_LOADED):
        return
    st.session_state[state.PERMALINK_LOADED] = True
    given = _url_params()
    view, notices = parse_query(given)
    bad = {n.param for n in notices}
    taken = {name for name in given if name not in bad}
    for name, key in {**_EXPLORER_KEYS, **_BALANCE_KEYS}.items():
        if name in taken and view[name] != DEFAULTS[name]:
            value = view[name]
            st.session_state[key] = list(value) if name in _LIST_PARAMS else value
    if view["crop"] is not None:
        st.session_state[state.GAP_CROP] = view["crop"]
        if view["month"] is not None:
            # The gap page's month follows the crop's peak until chosen: this one was chosen.
            # Imported here: ui.balance_view brings scipy, HiGHS and openpyxl, which the
            # other pages (the explorer's cold open, 0.25 s) do not need.
            from ui.balance_view import follow

            follow(state.GAP_MONTH, view["crop"], view["month"])
    target = view["page"] if "page" in taken else page
    st.session_state[state.PERMALINK_NOTICES] = (target, notices)
    if view["lat"] is not None:
        anchor = build_query(view, _names(target, maps=False))
        st.session_state[state.PERMALINK_MAP_VIEW] = (
            target, anchor, (view["lat"], view["lon"], view["zoom"] or 10))
    if target != page and target in routed_paths():  # not a page this person may open
        st.session_state[state.PERMALINK_PAGE] = target
        st.switch_page(page_file(target))


def _names(page: str, maps: bool = True) -> tuple[str, ...]:
    return tuple(n for n in page_names(page) if maps or n not in MAP_PARAMS)


def current_view(page: str | None = None) -> dict:
    """Return the view on screen (map view only as far as the server knows it)."""
    page = page or st.session_state.get(state.PERMALINK_PAGE, DEFAULTS["page"])
    view = dict(DEFAULTS, page=page, lang=lang())
    ss = st.session_state
    if page == "explorer":
        for name, key in _EXPLORER_KEYS.items():
            value = ss.get(key)
            if value is None:
                continue
            view[name] = tuple(value) if name in _LIST_PARAMS else value
        view["q"] = str(view["q"] or "").strip()
        if ss.get(state.EXPLORER_CAPACITY) is not None:
            low, high = filters.capacity_bounds(layers())
            chosen = tuple(float(x) for x in ss[state.EXPLORER_CAPACITY])
            view["capacity"] = None if chosen == (low, high) else chosen
    if page in ("gap", "targets"):
        for name, key in _BALANCE_KEYS.items():
            if ss.get(key) is not None:
                view[name] = ss[key]
        view["circuity"] = round(float(view["circuity"]), 2)
    if page == "gap":
        view["crop"] = ss.get(state.GAP_CROP)
        view["month"] = ss.get(state.GAP_MONTH) if view["crop"] else None
    opened = ss.get(state.PERMALINK_MAP_VIEW)
    if opened and opened[0] == page and opened[1] == build_query(view, _names(page, False)):
        view["lat"], view["lon"], view["zoom"] = opened[2]
    # Whatever the session holds, only what the URL parser accepts is written.
    return parse_query(build_query(view))[0] | {"page": page}


def write_to_url(url_path: str) -> None:
    """Write the current view into ``st.query_params`` when it changed.

    The map parameters are left to the map's own script, which keeps them current as the
    user pans; they are only dropped on pages that have no such map.
    """
    page = url_path or DEFAULTS["page"]
    view = current_view(page)
    desired = build_query(view, _names(page, maps=False))
    incoming = st.query_params.to_dict()
    kept: dict[str, str] = {}
    if any(n in MAP_PARAMS for n in page_names(page)):
        # Keep the map's view as the browser sent it, if it is a valid one.
        spot, _notices = parse_query({k: incoming[k] for k in MAP_PARAMS if k in incoming})
        kept = {k: v for k, v in build_query(spot, MAP_PARAMS).items() if k != "lang"}
    if incoming != {**desired, **kept}:
        st.query_params.from_dict({**desired, **kept})


def show_notices() -> None:
    """Say which values of the opening link were ignored (on the page the link opened)."""
    target, notices = st.session_state.get(state.PERMALINK_NOTICES, (None, []))
    if not notices or target != st.session_state.get(state.PERMALINK_PAGE):
        return
    lines = [tr("permalink.notice.item", param=n.param, value=shown_value(n.value),
                expected=tr(f"permalink.reason.{n.reason}")) for n in notices[:8]]
    st.warning(tr("permalink.notice.title") + "\n\n" + "\n".join(f"- {x}" for x in lines),
               icon="⚠️")


def url_spot(key: str) -> tuple | None:
    """Return the view (lat, lon, zoom) the URL asks map ``key`` to open on, else None."""
    page = URL_MAPS.get(key)
    if page is None:
        return None
    view = current_view(page)
    return None if view["lat"] is None else (view["lat"], view["lon"], view["zoom"] or 10)


def map_in_url(m, key: str):
    """Add the URL sync to a folium map drawn under ``key`` (others are returned as they are)."""
    if key not in URL_MAPS:
        return m
    return with_url_view(m, url_spot(key))


# The map's script keeps lat/lon/zoom in the address bar with history.replaceState: no rerun,
# and Streamlit sends the server neither that query (it sends back the one it last set) nor
# the full address. So as "save" is pressed, this script copies the map's part of the address
# into a hidden text input, committed (Enter) before the click's rerun reads it.
SPOT_SCRIPT = """
<script>
(function () {
  var doc = window.parent.document;
  if (doc.fmViewSpot) { return; }
  doc.fmViewSpot = true;
  doc.addEventListener('pointerdown', function (e) {
    var button = e.target && e.target.closest && e.target.closest('.st-key-views_save button');
    var input = doc.querySelector('.st-key-views_map_spot input');
    if (!button || !input) { return; }
    var params = new URLSearchParams(doc.defaultView.location.search);
    var spot = params.get('lat') === null ? '' : ['lat', 'lon', 'zoom'].map(function (k) {
      return k + '=' + encodeURIComponent(params.get(k) || '');
    }).join('&');
    if (input.value === spot) { return; }
    var setter = Object.getOwnPropertyDescriptor(
      doc.defaultView.HTMLInputElement.prototype, 'value').set;
    setter.call(input, spot);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  }, true);
})();
</script>
"""
HIDE_SPOT = """<style>.st-key-views_map_spot_box { position: absolute !important; height: 0 !important;
overflow: hidden !important; opacity: 0; pointer-events: none; }</style>"""


def with_map_from_url(view: dict) -> dict:
    """Return ``view`` with the map centre and zoom the browser's address bar holds now.

    The map's script writes them into the URL with ``history.replaceState`` (no rerun).
    The server never learns that address by itself; :data:`SPOT_SCRIPT` copies it into a
    hidden input as "save" is pressed, and it is read from there. Without this a view saved
    in a session not opened from a link with a map position would lose the map position.
    """
    if view.get("lat") is not None or not any(
            n in MAP_PARAMS for n in page_names(view["page"])):
        return view
    held = parse_qs(str(st.session_state.get(state.VIEWS_MAP_SPOT) or ""), max_num_fields=10)
    spot, _notices = parse_query({k: v for k, v in held.items() if k in MAP_PARAMS})
    if spot["lat"] is None:
        return view
    return {**view, "lat": spot["lat"], "lon": spot["lon"], "zoom": spot["zoom"]}


def _save() -> None:
    title = st.session_state.get(state.VIEWS_TITLE, "")
    try:
        save_view(workspace(), title, with_map_from_url(current_view()))
    except FruitmapError as exc:
        st.session_state[state.VIEWS_FLASH] = ("error", exc.message(lang()))
        return
    st.session_state[state.VIEWS_FLASH] = ("success", tr("views.saved", title=title.strip()))
    st.session_state[state.VIEWS_TITLE] = ""


def _delete(view_id: str, title: str) -> None:
    try:
        delete_view(workspace(), view_id)
    except FruitmapError as exc:
        st.session_state[state.VIEWS_FLASH] = ("error", exc.message(lang()))
        return
    st.session_state[state.VIEWS_FLASH] = ("success", tr("views.deleted", title=title))


def link_panel() -> None:
    """The sidebar's "link to this view / save this view" control and the saved views.

    Drawn only while open (the expander reruns the page when opened or closed): this panel
    sits on every page, and its ``st.code`` made the browser load and start Streamlit's
    syntax highlighter (a 1.5 MB script, 0.5–1.7 s of the renderer's CPU per page opened at
    20,000 zones, issue 9) for a panel that is closed almost always.
    """
    box = st.sidebar.expander(tr("views.panel"), icon="🔗", key=state.VIEWS_PANEL_OPEN,
                              on_change="rerun")
    if not box.open:
        return
    with box:
        view = current_view()
        base = (st.context.url or "").rsplit("/", 1)[0] if st.context.url else ""
        st.caption(tr("views.link_help"))
        st.code(view_url(view, base), language=None, wrap_lines=True)
        writable = may_write()  # saved views are the workspace's: viewers only follow them
        if writable:
            st.text_input(tr("views.title"), key=state.VIEWS_TITLE, max_chars=120,
                          placeholder=tr("views.title_placeholder"))
            st.button(tr("views.save"), key=state.VIEWS_SAVE, on_click=_save, width="stretch")
        with st.container(key="views_map_spot_box", height=1, border=False):
            st.html(HIDE_SPOT)
            st.text_input("map", key=state.VIEWS_MAP_SPOT, label_visibility="collapsed")
            st.iframe(SPOT_SCRIPT, height=1)
        flash = st.session_state.pop(state.VIEWS_FLASH, None)
        if flash:
            (st.success if flash[0] == "success" else st.error)(flash[1])
        with error_boundary():
            saved = list_views(workspace())
            if len(saved):
                st.markdown(f"**{tr('views.saved_list')}**")
            for _, row in saved.tail(12).iloc[::-1].iterrows():
                linked, _notices = read_query(row["query"])
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.markdown(f"[{shown_value(str(row['title']), 80)}]({view_url(linked)})")
                if writable:
                    right.button("🗑", key=state.VIEWS_DELETE + str(row["view_id"]),
                                 on_click=_delete,
                                 args=(str(row["view_id"]), str(row["title"])),
                                 help=tr("views.delete"))


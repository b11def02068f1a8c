"""Streamlit glue for exports: charts as PNG/SVG, maps as offline HTML/PNG, the meeting pack.

Every picture needs a headless browser, which takes a few seconds to start, so pictures are
drawn only when asked: a "prepare" button per chart or map draws them (PNG and SVG of a chart
in one browser session) and then offers the download buttons. The pictures are cached by the
figure's JSON or the map's HTML, so a second request, or a rerun after another widget
changed, is instant. The offline HTML of a map needs no browser and is made when its download
button is clicked (Streamlit then calls ``data``).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import re
from pathlib import Path
from tempfile import TemporaryDirectory

import streamlit as st

from fruitmap.errors import FruitmapError, ReportError
from fruitmap.text import fold
from ui import state
from ui.common import lang, provenance_line, tr, workspace

MIME = {".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pdf": "application/pdf", ".png": "image/png", ".svg": "image/svg+xml",
        ".html": "text/html"}
PLOT_CONFIG = {"displayModeBar": False}
MAP_PNG_SIZE = (1200, 800)  # CSS pixels of the map picture (drawn at 1.5× for sharpness)


def tools_problem(module: str) -> ReportError | None:
    """Return why pictures cannot be drawn here (no Chromium, or ``module`` missing), or None.

    Parameters
    ----------
    module : {"kaleido", "playwright"}
        The Python package that drives the browser: kaleido for charts, playwright for maps.
    """
    from fruitmap.report.images import chromium_path

    try:
        chromium_path()
    except ReportError as exc:
        return exc
    if importlib.util.find_spec(module) is None:
        return ReportError(f"{module}_missing")
    return None


def file_name(title: object, fallback: str) -> str:
    """Return a file name (no extension) made from a title: ASCII, lower case, hyphens.

    ``"Lịch dư thừa: nhãn"`` → ``"lich-du-thua-nhan"``; an empty title gives ``fallback``.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:80].strip("-")
    return slug or fallback


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()



_SVG_SIZE = re.compile(rb'^(<svg[^>]*?) width="[\d.]+" height="[\d.]+"([^>]*?viewBox="0 0 '
                       rb'([\d.]+) ([\d.]+)")')


def _svg_at_layout_size(svg: bytes) -> bytes:
    # Drawn at scale 2 with the PNG (one browser session), the SVG claims twice the layout's
    # size; its viewBox holds the real one, which documents should use.
    return _SVG_SIZE.sub(rb'\1 width="\3" height="\4"\2', svg, count=1)


@st.cache_data(show_spinner=False, max_entries=32)
def _chart_images(fig_json: str) -> dict[str, bytes]:
    import plotly.io as pio

    from fruitmap.report.images import figures_to_images

    # PNG at twice the pixels: sharp on a projector and in a document.
    images = figures_to_images([pio.from_json(fig_json)], ("png", "svg"), scale=2)[0]
    return {"png": images["png"], "svg": _svg_at_layout_size(images["svg"])}


@st.cache_data(show_spinner=False, max_entries=16)
def _map_png(html_digest: str, bounds_json: str, _m) -> bytes:
    # Keyed on the map's standalone HTML (its content), not on the folium object.
    from fruitmap.report.images import map_to_png

    del html_digest
    bounds = json.loads(bounds_json)
    width, height = MAP_PNG_SIZE
    return map_to_png(copy.deepcopy(_m), width, height, bounds=bounds, padding_px=40, scale=1.5)


def _prepared(key: str, digest, label: str, help_text: str) -> str | None:
    """Return the content's digest once the user has asked for its pictures, else None.

    ``digest`` is called only when needed (hashing a map means rendering it). Pictures asked
    for stay offered over reruns while the content is the same; a new content (other filters,
    crop or language) brings the prepare button back.
    """
    ready = st.session_state.setdefault(state.EXPORTS_READY, {})
    if key in ready:
        value = digest()
        if ready[key] == value:
            return value
        del ready[key]
    slot = st.empty()  # the button gives way to the downloads in the very run it is clicked
    if slot.button(label, key=f"{key}_prepare", help=help_text):
        slot.empty()
        ready[key] = digest()
        return ready[key]
    return None


def _forget(key: str) -> None:
    st.session_state.get(state.EXPORTS_READY, {}).pop(key, None)


def _show_error(exc: FruitmapError) -> None:
    st.error(f"**{tr('app.error_title')}**\n\n" + exc.message(lang()))


def chart_downloads(fig, key: str, name: str | None = None) -> None:
    """PNG and SVG downloads of a plotly figure, drawn when the user asks for them.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure as shown on the page.
    key : str
        Unique prefix of the widget keys on the page.
    name : str, optional
        Title to make the file name from (ASCII, hyphens); by default the figure's title.
    """
    with st.container(horizontal=True):  # buttons side by side, each as wide as its label
        _chart_row(fig, key, name)


def _chart_row(fig, key: str, name: str | None) -> None:
    problem = tools_problem("kaleido")
    if problem is not None:
        st.caption(tr("exports.unavailable", reason=problem.message(lang())))
        return
    from fruitmap.report.images import with_caption

    # The picture says where its data comes from, layer by layer (the page's footer does not
    # travel with it). Its JSON is only made once pictures are asked for: copying and
    # serialising every chart on every run cost ~0.1 s a chart at 20,000 zones.
    made: list[str] = []

    def fig_json() -> str:
        if not made:
            made.append(with_caption(fig, provenance_line(compact=True)).to_json())
        return made[0]

    if not _prepared(key, lambda: _digest(fig_json()), tr("exports.prepare_chart"),
                     tr("exports.prepare_chart_help")):
        return
    try:
        with st.spinner(tr("exports.preparing")):
            images = _chart_images(fig_json())
    except FruitmapError as exc:
        _forget(key)
        _show_error(exc)
        return
    title = getattr(getattr(fig.layout, "title", None), "text", None)
    name = file_name(name or title, tr("exports.chart_name"))
    for fmt in ("png", "svg"):
        # "ignore": a download needs no rerun, so the buttons stay where they are.
        st.download_button(tr(f"export.{fmt}"), images[fmt], file_name=f"{name}.{fmt}",
                           mime=MIME[f".{fmt}"], key=f"{key}_{fmt}", on_click="ignore")


def show_chart(fig, key: str, name: str | None = None, **plotly_kwargs) -> None:
    """Draw a plotly figure full width (no mode bar) with its PNG/SVG downloads below.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure.
    key : str
        Unique prefix of the widget keys on the page.
    name : str, optional
        File name without extension (default: from the figure's title).
    **plotly_kwargs
        Passed on to ``st.plotly_chart`` (``width`` and ``config`` have defaults).
    """
    from fruitmap.display import localise_figure

    plotly_kwargs.setdefault("width", "stretch")
    plotly_kwargs.setdefault("config", PLOT_CONFIG)
    # Every chart's hover text and ticks in the page's separators (12.345,6 in Vietnamese).
    localise_figure(fig, lang())
    st.plotly_chart(fig, **plotly_kwargs)
    chart_downloads(fig, key, name)


def map_html(m) -> str:
    """Return the map as one offline HTML file (Leaflet, jQuery and styles inlined)."""
    from fruitmap.maps.assets import map_to_standalone_html

    # Drawn from a copy: each render of a folium map adds to it (LayerControl repeats its
    # addTo lines), and the same map may be asked for more than once.
    return map_to_standalone_html(copy.deepcopy(m))


# folium names every element with a random uuid; a map built again on the next rerun is the
# same map.
_FOLIUM_ID = re.compile(r"_[0-9a-f]{32}(?![0-9a-f])")


def _map_digest(m) -> str:
    return _digest(_FOLIUM_ID.sub("_", copy.deepcopy(m).get_root().render()))


def _fitted_bounds(m) -> list | None:
    # The area the map builder fitted the view to: the picture is fitted to it again, with
    # the legend's width kept free so that the legend covers none of it.
    from folium.map import FitBounds

    for child in m._children.values():
        if isinstance(child, FitBounds):
            return [[float(v) for v in corner] for corner in child.bounds]
    return None


def map_downloads(m, key: str, name: str | None = None, bounds=None) -> None:
    """Offline HTML and PNG downloads of the folium map shown on the page.

    Parameters
    ----------
    m : folium.Map
        The map as built (by :mod:`fruitmap.maps.build` or :mod:`fruitmap.balance.gap_map`) and not yet
        drawn: ``st_folium`` changes the map it draws (it renames the map and adds to it),
        which would show up in the file. See :func:`map_with_downloads`.
    key : str
        Unique prefix of the widget keys on the page.
    name : str, optional
        File name without extension (default: "ban-do" / "map").
    bounds : [[south, west], [north, east]], optional
        Area the picture should fill; by default the area the map was fitted to.
    """
    from fruitmap.maps.html import add_source_note

    name = file_name(name, tr("exports.map_name"))
    m = copy.deepcopy(m)  # the map as it is now: the page may draw (and so change) it next
    add_source_note(m, provenance_line(compact=True))  # the file says where its data is from
    with st.container(horizontal=True):
        # Made on click: the HTML of a province map is a few megabytes, needed only when asked.
        st.download_button(tr("exports.map_html"), data=lambda: map_html(m),
                           file_name=f"{name}.html", mime=MIME[".html"], key=f"{key}_html",
                           help=tr("exports.map_html_help"), on_click="ignore")
        problem = tools_problem("playwright")
        if problem is not None:
            st.caption(tr("exports.unavailable", reason=problem.message(lang())))
            return
        digest = _prepared(key, lambda: _map_digest(m), tr("exports.prepare_map"),
                           tr("exports.prepare_map_help"))
        if digest is None:
            return
        try:
            with st.spinner(tr("exports.preparing")):
                png = _map_png(digest, json.dumps(bounds or _fitted_bounds(m)), m)
        except FruitmapError as exc:
            _forget(key)
            _show_error(exc)
            return
        st.download_button(tr("export.map_png"), png, file_name=f"{name}.png", mime=MIME[".png"],
                           key=f"{key}_png", on_click="ignore")


def meeting_pack_panel(params=None, balance=None) -> None:
    """Choose PPTX or PDF, build the pack with a progress bar, then offer it for download.

    Parameters
    ----------
    params : fruitmap.balance.solve.BalanceParams, optional
        The balance scenario shown in the pack.
    balance : fruitmap.balance.solve.BalanceResult, optional
        That scenario's balance when already computed (the pages cache it).
    """
    # Imported here: the pack brings plotly and the balance, which pages with downloads
    # but no pack (the explorer's cold open) do not need.
    from fruitmap.report.pack import FORMATS, build_report

    language = lang()
    fmt = st.radio(tr("export.pack.format"), FORMATS, key=state.PACK_FORMAT, horizontal=True,
                   format_func=lambda f: tr(f"export.pack.format{f.replace('.', '_')}"))
    from ui.scenarios_view import pack_options

    scenario, comparison = pack_options(params) if params is not None else (None, None)
    if st.button(tr("export.pack.build"), type="primary", key="pack_build"):
        from ui.progress_view import ProgressBox

        # Each step of the pack (reading, balance, charts, map, writing) in a status box
        # with a bar; the pack reports its steps as text in the page's language.
        box = ProgressBox(tr("progress.pack.title"))
        box.step(0.0, tr("export.pack.starting"))
        ws = workspace()
        name = tr("export.pack.file_name") + fmt
        try:
            with TemporaryDirectory(prefix="fruitmap-pack-") as tmp:
                # The workspace itself (not the cached layers): the pack needs its data date
                # and history to say which values are illustrative.
                out = build_report(ws, Path(tmp) / name, lang=language, progress=box.step,
                                   params=params, balance=balance, scenario=scenario,
                                   comparison=comparison)
                st.session_state[state.PACK_FILE] = (name, out.read_bytes(), language)
        except FruitmapError:
            box.fail()
            raise
        box.complete(tr("progress.pack.finished", name=name, seconds=box.seconds()))
    built = st.session_state.get(state.PACK_FILE)
    if built:
        name, data, built_lang = built
        st.success(tr("export.pack.ready", name=name))
        st.download_button(tr("export.pack.download", name=name), data=data, file_name=name,
                           mime=MIME[Path(name).suffix], key="pack_download")
        if built_lang != language:
            st.caption(tr("export.pack.other_language"))


def map_with_downloads(m, key: str, name: str | None = None, **render_kwargs) -> None:
    """Draw a folium map (``ui.map_view.render_map``) with its HTML and PNG downloads below.

    Parameters
    ----------
    m : folium.Map
        The map, not yet drawn.
    key : str
        Widget key of the map frame, and prefix of the download widgets' keys.
    name : str, optional
        Title to make the file names from.
    **render_kwargs
        Passed on to ``render_map`` (``height``).
    """
    from ui.map_view import render_map

    snapshot = copy.deepcopy(m)
    render_map(m, key=key, **render_kwargs)
    map_downloads(snapshot, key, name)

"""Streamlit glue of presentation mode: projector styling, slide controls, slide bodies.

The figures come from the same builders as the other pages (summary, balance charts, the
explorer's map builder); this module only lays them out full width in large type.
"""

from __future__ import annotations

import copy
import html

import streamlit as st

from fruitmap.balance.charts import glut_calendar_figure, surplus_map_figure, targets_figure
from fruitmap.balance.solve import BalanceParams
from fruitmap.balance.story import district_rows, gap_story, headline_sentence
from fruitmap.balance.summary import headline
from fruitmap.balance.targets import target_progress
from fruitmap.crops import crop_label
from fruitmap.display import plotly_separators
from fruitmap.i18n import month_name
from fruitmap.maps.keys import with_slide_keys
from fruitmap.maps.url import with_url_view
from fruitmap.report.presentation import (
    Slide,
    crop_and_month,
    default_slides,
    headline_figures,
    slides_from_views,
)
from fruitmap.schema import STATUSES
from fruitmap.workspace.history import format_when
from fruitmap.workspace.views import list_views
from ui import build_ahead as ahead
from ui import state
from ui.balance_view import balance
from ui.common import lang, layers, provenance_line, tr, workspace
from ui.map_frame import draw_frame, prepare_frame
from ui.map_view import Filters, shared_map

FIGURE_HEIGHT = 470  # px: a 1280×720 projector keeps title, figure, footer and controls
PLOT = {"displayModeBar": False, "staticPlot": False}
NEXT, PREV = "present_next", "present_prev"

# Streamlit's chrome and the sidebar are hidden on this page only (this CSS is sent by the
# presentation page and disappears with it); fonts are sized for the back of a room.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  padding: 0.5rem 1.6rem 0.2rem 1.6rem !important; max-width: 100% !important; }
.stMarkdown p.fm-title { font-size: 2.4rem !important; font-weight: 700; line-height: 1.15;
  margin: 0 !important; }
.stMarkdown p.fm-sub { font-size: 1.4rem !important; color: #333; margin: 0 !important;
  line-height: 1.3; }
.stMarkdown p.fm-count { font-size: 1.4rem !important; text-align: center; margin: 0 !important;
  color: #444; }
.stMarkdown p.fm-foot { font-size: 0.8rem !important; line-height: 1.35; color: #555;
  border-top: 1px solid #ddd; padding-top: 0.2rem; margin: 0 !important; }
.stMarkdown p.fm-fig-label { font-size: 1.5rem !important; color: #444; margin: 0 !important; }
.stMarkdown p.fm-fig-value { font-size: 3.4rem !important; font-weight: 700; line-height: 1.1;
  color: #1b5e20; margin: 0 !important; }
.stMarkdown p.fm-fig-detail { font-size: 1.2rem !important; color: #555;
  margin: 0 0 1.4rem 0 !important; }
.st-key-present_next button p, .st-key-present_prev button p { font-size: 1.25rem !important; }
"""

# Arrow keys, Page Up/Down (what presenter remotes send) and the space bar turn the slides.
KEYS = """
<script>
(function () {
  var doc = window.parent.document;
  if (doc.fmPresentKeys) { return; }
  doc.fmPresentKeys = true;
  doc.addEventListener('keydown', function (e) {
    var where = doc.defaultView.location.pathname;
    if (!/\\/present\\/?$/.test(where)) { return; }
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') { return; }
    var key = null;
    if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') { key = 'present_next'; }
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') { key = 'present_prev'; }
    var button = key && doc.querySelector('.st-key-' + key + ' button');
    if (button && !button.disabled) { e.preventDefault(); button.click(); }
  });
})();
</script>
"""


def setup() -> None:
    """Send the page's styling and key handling (no user data in either)."""
    st.html(CSS)
    with st.container(key="present_keys", height=1, border=False):
        st.iframe(KEYS, height=1)


def slides() -> list[Slide]:
    """Return the sequence chosen on the page: saved views when asked for, else the default."""
    saved = list_views(workspace())
    if st.session_state.get(state.PRESENT_DECK) == "saved" and len(saved):
        return slides_from_views(saved)
    return default_slides()


def _move(step: int, total: int) -> None:
    current = int(st.session_state.get(state.PRESENT_SLIDE, 0))
    st.session_state[state.PRESENT_SLIDE] = min(max(current + step, 0), total - 1)


def current_index(total: int) -> int:
    """Return the slide shown (kept within the sequence when it gets shorter)."""
    index = min(max(int(st.session_state.get(state.PRESENT_SLIDE, 0)), 0), max(total - 1, 0))
    st.session_state[state.PRESENT_SLIDE] = index
    return index


def top_bar(slide: Slide, index: int, total: int) -> None:
    """The slide's title with the previous/next buttons and the counter beside it."""
    title, prev, count, nxt = st.columns([9, 1.7, 0.9, 1.7], vertical_alignment="center")
    title.markdown(f'<p class="fm-title">{html.escape(slide.heading(lang()))}</p>',
                   unsafe_allow_html=True)
    prev.button("◀ " + tr("present.prev"), key=PREV, on_click=_move, args=(-1, total),
                disabled=index == 0, width="stretch")
    count.markdown(f'<p class="fm-count">{index + 1} / {total}</p>', unsafe_allow_html=True)
    nxt.button(tr("present.next") + " ▶", key=NEXT, on_click=_move, args=(1, total),
               disabled=index >= total - 1, width="stretch")


def subtitle(text: str) -> None:
    st.markdown(f'<p class="fm-sub">{html.escape(text)}</p>', unsafe_allow_html=True)


def footer(has_saved: bool) -> None:
    """Data date, each layer's source and the attribution on every slide; deck choice; exit."""
    ws = workspace()
    when = format_when(ws.last_changed(), lang()) or tr("present.never_changed")
    text = " · ".join(p for p in [tr("present.data_date", when=when),
                                  provenance_line(compact=True), tr("app.attribution")] if p)
    left, right = st.columns([6, 2], vertical_alignment="center")
    left.markdown(f'<p class="fm-foot">{html.escape(text)}</p>', unsafe_allow_html=True)
    if has_saved:
        right.radio(tr("present.deck"), ["default", "saved"], key=state.PRESENT_DECK,
                    format_func=lambda d: tr(f"present.deck.{d}"), horizontal=True,
                    label_visibility="collapsed")
    right.page_link("pages/overview.py", label=tr("present.exit"), icon="✖️")
    right.caption(tr("present.keys_help"))


def _params(view: dict) -> BalanceParams:
    statuses = STATUSES if view["include_planned"] else ("operating",)
    return BalanceParams(max_haul_km=float(view["max_haul_km"]), circuity=float(view["circuity"]),
                         operating_days=float(view["operating_days"]), plant_statuses=statuses)


def _units(view: dict):
    from ui.scenarios_view import scenario_banner, shown_scenario

    scenario = shown_scenario()
    if scenario is not None:  # a scenario's balance is never shown as the data
        scenario_banner(scenario)
    result = balance(_params(view))
    return result, district_rows(result.units, layers().get("admin_units"))


def _big(fig):
    # Projector type: larger title, ticks and labels than on screen.
    # The slide's title says what the figure shows; the figure's own title would repeat it.
    fig.update_layout(height=FIGURE_HEIGHT, font={"size": 17}, title={"text": ""},
                      margin={"t": 20}, separators=plotly_separators(lang()))
    fig.update_xaxes(tickfont={"size": 16})
    fig.update_yaxes(tickfont={"size": 16})
    return fig


def show_headline(slide: Slide) -> None:
    figures = headline_figures(headline(layers()), lang())
    cols = st.columns(3)
    for i, (label, value, detail) in enumerate(figures):
        cols[i % 3].markdown(
            f'<p class="fm-fig-label">{html.escape(label)}</p>'
            f'<p class="fm-fig-value">{html.escape(value)}</p>'
            f'<p class="fm-fig-detail">{html.escape(detail)}</p>', unsafe_allow_html=True)


MAP_KEY = "present_map"  # widget key of the map slide's frame


def _map_parts(slide: Slide, language: str) -> tuple:
    """The map slide's filters, opening view and frame cache key."""
    v = slide.view
    chosen = Filters(query=v["q"], crops=v["crops"], districts=v["districts"],
                     certifications=v["certifications"], statuses=v["statuses"],
                     capacity=v["capacity"], basemap=v["basemap"])
    spot = None if v["lat"] is None else (v["lat"], v["lon"], v["zoom"] or 10)
    ws = workspace()
    return chosen, spot, (MAP_KEY, str(ws.path), ws.token(), language, chosen, spot)


def _slide_map(m, spot):
    return lambda: with_slide_keys(with_url_view(copy.deepcopy(m), spot, write=False))


def show_map(slide: Slide) -> None:
    # The explorer's map of the same filters, shared by every session (st.cache_resource; it
    # was a cache_data copy unpickled on every run), and its frame's arguments made once per
    # view (ui.map_frame) instead of st_folium rendering the whole map on every run.
    chosen, spot, cache_key = _map_parts(slide, lang())
    draw_frame(_slide_map(shared_map(chosen), spot), MAP_KEY, FIGURE_HEIGHT,
               cache_key=cache_key)


def build_ahead(sequence: list[Slide], index: int) -> None:
    """Queue the map slides' maps and frames, nearest first, built after a slide is drawn.

    The first view of a map slide made its frame's arguments on the spot (0.3 s of CPU at
    20,000 zones); the slides before it leave the time to make them (:mod:`ui.build_ahead`).
    The slides have no language switch: only the language shown is built.
    """
    language = lang()
    order = sorted(range(len(sequence)), key=lambda i: (abs(i - index), i))
    for i in order:
        if i == index or sequence[i].kind != "map":
            continue
        chosen, spot, cache_key = _map_parts(sequence[i], language)

        def work(chosen=chosen, spot=spot, cache_key=cache_key):
            m = shared_map(chosen, language=language)
            prepare_frame(_slide_map(m, spot), MAP_KEY, FIGURE_HEIGHT, cache_key)

        ahead.ahead(("present.map", cache_key), work)


def show_calendar(slide: Slide) -> None:
    _result, units = _units(slide.view)
    subtitle(tr("present.calendar.sub"))
    st.plotly_chart(_big(glut_calendar_figure(units, lang(), "tonnes")), width="stretch",
                    config=PLOT)


def show_surplus(slide: Slide) -> None:
    _result, units = _units(slide.view)
    crop, month = crop_and_month(units, slide.view)
    if crop is None:
        st.info(tr("gap.empty"))
        return
    subtitle(headline_sentence(gap_story(units, crop), lang()) + " "
             + tr("present.surplus.sub", crop=crop_label(crop, lang()),
                  month=month_name(month, lang())))
    st.plotly_chart(_big(surplus_map_figure(units, layers().get("admin_units"), crop, month,
                                            lang())), width="stretch", config=PLOT)


def show_targets(slide: Slide) -> None:
    data = layers()
    if data.get("targets") is None or len(data["targets"]) == 0:
        st.info(tr("targets.empty"))
        return
    _result, units = _units(slide.view)
    st.plotly_chart(_big(targets_figure(target_progress(data, units, lang()), lang())),
                    width="stretch", config=PLOT)


BODIES = {"headline": show_headline, "map": show_map, "calendar": show_calendar,
          "surplus": show_surplus, "targets": show_targets}

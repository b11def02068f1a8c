"""Streamlit glue of the siting page: the choices, the run with its progress, the result.

The result is kept in the session with the choices it was computed for (the run takes
seconds to minutes, so it is not redone on every rerun); the page says when the choices on
screen no longer match it.
"""

from __future__ import annotations

import streamlit as st

from fruitmap.crops import crop_label
from fruitmap.errors import FruitmapError
from fruitmap.i18n import fmt_number, t
from fruitmap.planning import candidates as cand
from fruitmap.planning.scenarios import save_scenario
from fruitmap.planning.siting import SitingParams, grown_crops, site, siting_changes
from fruitmap.planning.siting_figures import (
    capacity_text,
    curve_figure,
    drawing_map,
    siting_map,
)
from fruitmap.planning.siting_options import check_costs, chosen_cost, parse_amounts
from ui import state
from ui.auth import may_write, person_input
from ui.common import lang, show_table, tr, workspace
from ui.map_click import clicked_point
from ui.progress_view import run_with_status

SOURCES = ("industrial_areas", "plants", "grid", "file", "drawn")
DEFAULT_CAPACITY = {"plant": "30", "cold_store": "500"}
MAP_HEIGHT = 420


def choices(data: dict) -> dict | None:
    """Draw the siting choices and return them (kind, count or budget, sizes, crops,
    sources...); None, with the reason said in plain words, when a typed list is refused."""
    language = lang()
    c1, c2, c3 = st.columns(3)
    kind = c1.radio(tr("siting.kind"), ["plant", "cold_store"], key=state.SITING_KIND,
                    # The language is bound now: AppTest calls format functions outside the
                    # script run, where the session's language cannot be read.
                    format_func=lambda k: t(f"siting.kind_plural.{k}", language).capitalize(),
                    horizontal=True)
    sizes_text = c2.text_input(tr(f"siting.capacity.{kind}"), value=DEFAULT_CAPACITY[kind],
                               key=f"{state.SITING_CAPACITY}_{kind}")
    # A caption, not ``help=``: the help button would share the input's label.
    c2.caption(tr("siting.capacity.help"))
    limit = c3.radio(tr("siting.limit"), ["count", "budget"], key=state.SITING_LIMIT,
                     format_func=lambda k: t(f"siting.limit.{k}", language), horizontal=True)
    count, costs_text, budget = 2, None, None
    if limit == "count":
        count = st.number_input(tr("siting.count"), min_value=1, max_value=10, value=2, step=1,
                                key=state.SITING_COUNT)
    else:
        b1, b2 = st.columns(2)
        costs_text = b1.text_input(tr("siting.costs"), key=state.SITING_COSTS,
                                   placeholder="40; 55; 80")
        budget = b2.number_input(tr("siting.budget"), min_value=0.0, value=100.0, step=10.0,
                                 format="%g", key=state.SITING_BUDGET)
    grown = list(grown_crops(data))
    crops = grown
    if kind == "plant":
        crops = st.multiselect(tr("siting.crops"), grown, default=grown, key=state.SITING_CROPS,
                               format_func=lambda c: crop_label(c, language),
                               help=tr("siting.crops.help"))
    s1, s2 = st.columns([3, 1])
    sources = s1.multiselect(tr("siting.sources"), list(SOURCES), default=["industrial_areas"],
                             key=state.SITING_SOURCES,
                             format_func=lambda s: t(f"siting.source.{s}", language))
    grid_km = None
    if "grid" in sources:
        grid_km = s2.number_input(tr("siting.grid_km"), min_value=5.0, max_value=100.0,
                                  value=20.0, step=5.0, key=state.SITING_GRID_KM)
    upload = None
    if "file" in sources:
        upload = st.file_uploader(tr("siting.file"), key=state.SITING_FILE)
    if "drawn" in sources:
        draw_points(data)
    try:
        sizes = parse_amounts(sizes_text, "sizes")
        costs = None
        if limit == "budget":
            costs = parse_amounts(costs_text, "costs")
            check_costs(sizes, costs)
    except FruitmapError as exc:
        st.warning(exc.message(language))
        return None
    return {"kind": kind, "count": int(count), "capacities": sizes, "costs": costs,
            "budget": None if budget is None else float(budget),
            "crops": tuple(crops), "sources": tuple(sources), "grid_km": grid_km,
            "upload": upload, "drawn": tuple(drawn_points()) if "drawn" in sources else ()}


def drawn_points() -> list[tuple[float, float]]:
    """The candidate points drawn so far, ``(lon, lat)`` in the order drawn."""
    return list(st.session_state.get(state.SITING_DRAWN, []))


def add_drawn(point: tuple[float, float]) -> None:
    """Add a clicked point to the drawn candidates (the map's click handler)."""
    st.session_state[state.SITING_DRAWN] = [*drawn_points(), tuple(point)]


def drawn_names(n: int) -> list[str]:
    """"Điểm vẽ 1" … / "Drawn point 1" … for ``n`` drawn points."""
    return [tr("siting.drawn.name", k=k + 1) for k in range(n)]


def draw_points(data: dict) -> None:
    """The map on which the official clicks candidate points, the list of them, and the
    buttons that remove one or all."""
    st.subheader(tr("siting.drawn.title"))
    points = drawn_points()
    names = drawn_names(len(points))
    point = clicked_point(drawing_map(data, points, names, lang()), state.SITING_MAP,
                          MAP_HEIGHT)
    if point is not None and point != st.session_state.get(state.SITING_CLICK_SEEN):
        st.session_state[state.SITING_CLICK_SEEN] = point
        add_drawn(point)
        st.rerun()
    if not points:
        st.caption(tr("siting.drawn.none"))
        return
    st.caption(tr("siting.drawn.click"))
    listed = cand.from_points(points, names)
    table = listed.assign(lon=listed.geometry.x.round(5), lat=listed.geometry.y.round(5))
    table = table[["site_id", "name", "lat", "lon"]]
    show_table(table.rename(columns={c: tr(f"siting.col.{c}") for c in table.columns}))
    r1, r2, r3 = st.columns([2, 1, 1])
    ids = list(listed["site_id"])
    pick = r1.selectbox(tr("siting.drawn.pick"), ids, key=state.SITING_DRAWN_PICK,
                        format_func=dict(zip(ids, names, strict=True)).get,
                        label_visibility="collapsed")
    if r2.button(tr("siting.drawn.remove"), key=state.SITING_DRAWN_REMOVE):
        # The later points are renumbered (D3 becomes D2): ids are positions in the list.
        st.session_state[state.SITING_DRAWN] = [p for k, p in enumerate(points)
                                                if ids[k] != pick]
        st.rerun()
    if r3.button(tr("siting.drawn.clear"), key=state.SITING_DRAWN_CLEAR):
        st.session_state[state.SITING_DRAWN] = []
        st.rerun()


def candidates_of(data: dict, picked: dict):
    """The candidate sites the choices name (a file chosen but not given: None, said)."""
    parts = []
    if "industrial_areas" in picked["sources"]:
        parts.append(cand.from_industrial_areas(data))
    if "plants" in picked["sources"]:
        parts.append(cand.from_plants(data))
    if "grid" in picked["sources"] and picked["grid_km"]:
        parts.append(cand.grid(data, picked["grid_km"]))
    if "drawn" in picked["sources"]:
        parts.append(cand.from_points(picked["drawn"], drawn_names(len(picked["drawn"]))))
    if "file" in picked["sources"]:
        upload = picked["upload"]
        if upload is None:
            st.info(tr("siting.no_file"))
            return None
        parts.append(cand.from_upload(upload.name, upload.getvalue(), data.get("admin_units")))
    return cand.combine(*parts)


def signature(picked: dict, params, n_candidates: int) -> tuple:
    """What a result depends on (workspace version, choices, balance parameters)."""
    upload = picked["upload"]
    return (workspace().token() if workspace().exists() else "", picked["kind"],
            picked["count"], picked["capacities"], picked["costs"], picked["budget"],
            picked["crops"], picked["sources"], picked["grid_km"], picked["drawn"], (upload.name, upload.size) if upload else None, params,
            n_candidates)


def run(data: dict, picked: dict, cands, balance_params, sig: tuple) -> None:
    """Run the siting with its steps in a status box (``ui.progress_view``) and keep the
    result."""
    params = SitingParams(kind=picked["kind"], count=picked["count"],
                          capacities=picked["capacities"], costs=picked["costs"],
                          budget=picked["budget"],
                          crops=picked["crops"] if picked["kind"] == "plant" else None,
                          balance=balance_params)
    result = run_with_status(
        lambda progress: site(data, cands, params, progress=progress),
        tr("siting.status.running"),
        finished=lambda _result, seconds: tr("siting.status.done", s=seconds))
    st.session_state[state.SITING_RESULT] = (sig, result, cands)


def show_result(data: dict, result, cands) -> None:
    """Metrics, sentence, map, table of what each site takes, curve, save as scenario."""
    from ui.exports import map_with_downloads, show_chart

    language = lang()
    n = len(result.sites)
    cols = st.columns(4)
    cols[0].metric(tr("siting.metric.before"),
                   f"{fmt_number(result.surplus_before_t, language)} t")
    cols[1].metric(tr("siting.metric.after", n=n),
                   f"{fmt_number(result.surplus_after_t, language)} t")
    cols[2].metric(tr("siting.metric.cut"),
                   f"{fmt_number(result.surplus_before_t - result.surplus_after_t, language)} t")
    cols[3].metric(tr("siting.metric.gap"), f"{fmt_number(100 * result.mip_gap, language, 2)} %")
    if n:
        st.success(tr("siting.sentence", n=n, kind=tr(f"siting.kind_plural.{result.kind}"),
                      places=", ".join(result.sites["name"]),
                      before=fmt_number(result.surplus_before_t, language),
                      after=fmt_number(result.surplus_after_t, language)))
    else:
        st.info(tr("siting.none_helps"))
    if result.exact:
        st.caption(tr("siting.exact", gap=fmt_number(100 * result.mip_gap, language, 2)))
    else:
        st.caption(tr("siting.aggregated", gap=fmt_number(100 * result.mip_gap, language, 2),
                      cell=fmt_number(result.stats.get("cell_km") or 0, language)))
    st.subheader(tr("siting.section.map"))
    map_with_downloads(siting_map(data, result, cands, language), "siting_map",
                       tr("siting.section.map"))
    st.subheader(tr("siting.section.table"))
    table = result.sites.assign(
        capacity=[capacity_text(c, result.kind, language) for c in result.sites["capacity"]],
        source=[tr(f"siting.source.{s}") if s in SOURCES or s == "file" else s
                for s in result.sites["source"]])
    table = table.rename(columns={c: tr(f"siting.col.{c}") for c in table.columns})
    show_table(table)
    st.caption(tr("siting.table.caption"))
    cost = chosen_cost(result)
    if cost is not None:
        st.caption(tr("siting.budget.used", cost=fmt_number(cost, language),
                      budget=fmt_number(result.params.budget, language)))
    if len(result.curve) > 2:
        st.subheader(tr("siting.section.curve"))
        show_chart(curve_figure(result, language), "siting_curve")
        st.caption(tr("siting.curve.caption"))
    if n:
        save_form(result)


def save_form(result) -> None:
    """Name, description and who, and the button that saves the sites as a scenario."""
    flash = st.session_state.pop(state.SITING_FLASH, None)
    if flash:
        st.success(flash)
    if not may_write():  # a viewer may site facilities; saving them is for editors
        return
    st.subheader(tr("siting.save.title"))
    kind = tr(f"siting.kind_plural.{result.kind}")
    name = st.text_input(tr("siting.save.name"), key=state.SITING_SAVE_NAME,
                         value=tr("siting.save.default_name", n=len(result.sites), kind=kind))
    description = st.text_area(tr("siting.save.description"), key=state.SITING_SAVE_DESCRIPTION,
                               value=tr("siting.sentence", n=len(result.sites), kind=kind,
                                        places=", ".join(result.sites["name"]),
                                        before=fmt_number(result.surplus_before_t, lang()),
                                        after=fmt_number(result.surplus_after_t, lang())))
    user = person_input(tr("siting.save.user"), state.SITING_SAVE_USER)
    if st.button(tr("siting.save.button"), key=state.SITING_SAVE):
        if not name.strip():
            st.warning(tr("siting.save.need_name"))
            return
        save_scenario(workspace(), name.strip(), description, siting_changes(result),
                      user or None)
        st.session_state[state.SITING_FLASH] = tr("siting.save.done", name=name.strip())
        st.rerun()

"""Streamlit glue of the siting page: the choices, the run with its progress, the result.

The result is kept in the session with the choices it was computed for (the run takes
seconds to minutes, so it is not redone on every rerun); the page says when the choices on
screen no longer match it.
"""

from __future__ import annotations

import streamlit as st

from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.planning import candidates as cand
from fruitmap.planning.scenarios import save_scenario
from fruitmap.planning.siting import SitingParams, grown_crops, site, siting_changes
from fruitmap.planning.siting_figures import capacity_text, curve_figure, siting_map
from ui import state
from ui.common import lang, show_table, tr, workspace
from ui.progress_view import run_with_status

SOURCES = ("industrial_areas", "plants", "grid", "file")
DEFAULT_CAPACITY = {"plant": 30.0, "cold_store": 500.0}


def choices(data: dict) -> dict:
    """Draw the siting choices and return them (kind, count, capacity, crops, sources...)."""
    language = lang()
    c1, c2, c3 = st.columns(3)
    kind = c1.radio(tr("siting.kind"), ["plant", "cold_store"], key=state.SITING_KIND,
                    # The language is bound now: AppTest calls format functions outside the
                    # script run, where the session's language cannot be read.
                    format_func=lambda k: t(f"siting.kind_plural.{k}", language).capitalize(),
                    horizontal=True)
    count = c2.number_input(tr("siting.count"), min_value=1, max_value=10, value=2, step=1,
                            key=state.SITING_COUNT)
    capacity = c3.number_input(tr(f"siting.capacity.{kind}"), min_value=1.0,
                               max_value=100_000.0, value=DEFAULT_CAPACITY[kind],
                               step=5.0 if kind == "plant" else 50.0, format="%g",
                               key=f"{state.SITING_CAPACITY}_{kind}")
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
    return {"kind": kind, "count": int(count), "capacity": float(capacity),
            "crops": tuple(crops), "sources": tuple(sources), "grid_km": grid_km,
            "upload": upload}


def candidates_of(data: dict, picked: dict):
    """The candidate sites the choices name (a file chosen but not given: None, said)."""
    parts = []
    if "industrial_areas" in picked["sources"]:
        parts.append(cand.from_industrial_areas(data))
    if "plants" in picked["sources"]:
        parts.append(cand.from_plants(data))
    if "grid" in picked["sources"] and picked["grid_km"]:
        parts.append(cand.grid(data, picked["grid_km"]))
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
            picked["count"], picked["capacity"], picked["crops"], picked["sources"],
            picked["grid_km"], (upload.name, upload.size) if upload else None, params,
            n_candidates)


def run(data: dict, picked: dict, cands, balance_params, sig: tuple) -> None:
    """Run the siting with its steps in a status box (``ui.progress_view``) and keep the
    result."""
    params = SitingParams(kind=picked["kind"], count=picked["count"],
                          capacities=(picked["capacity"],),
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
    st.subheader(tr("siting.save.title"))
    kind = tr(f"siting.kind_plural.{result.kind}")
    name = st.text_input(tr("siting.save.name"), key=state.SITING_SAVE_NAME,
                         value=tr("siting.save.default_name", n=len(result.sites), kind=kind))
    description = st.text_area(tr("siting.save.description"), key=state.SITING_SAVE_DESCRIPTION,
                               value=tr("siting.sentence", n=len(result.sites), kind=kind,
                                        places=", ".join(result.sites["name"]),
                                        before=fmt_number(result.surplus_before_t, lang()),
                                        after=fmt_number(result.surplus_after_t, lang())))
    user = st.text_input(tr("siting.save.user"), key=state.SITING_SAVE_USER)
    if st.button(tr("siting.save.button"), key=state.SITING_SAVE):
        if not name.strip():
            st.warning(tr("siting.save.need_name"))
            return
        save_scenario(workspace(), name.strip(), description, siting_changes(result),
                      user.strip() or None)
        st.session_state[state.SITING_FLASH] = tr("siting.save.done", name=name.strip())
        st.rerun()

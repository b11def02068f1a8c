"""Streamlit glue of the scenarios page, and the "Dữ liệu / Kịch bản" choice of balance pages.

The page keeps the scenario being edited in ``state.SCN_DRAFT`` (name, description, changes)
until it is saved; each save goes through :func:`fruitmap.planning.scenarios.save_scenario`
(checked against the data, one change in history). Comparisons are cached here, keyed on the
workspace's token, the scenario's changes and the parameters.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from fruitmap.balance.charts import glut_calendar_figure
from fruitmap.balance.solve import BalanceParams, BalanceResult
from fruitmap.crops import CROPS, crop_label
from fruitmap.errors import FruitmapError
from fruitmap.i18n import fmt_number, t
from fruitmap.planning import compare as cmp
from fruitmap.planning.compare_charts import (
    difference_calendar_figure,
    unit_change_figure,
    yearly_surplus_figure,
)
from fruitmap.planning.describe import describe_change
from fruitmap.planning.scenario_map import scenario_map
from fruitmap.planning.scenarios import (
    Scenario,
    clean_change,
    copy_scenario,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
    scenario_names,
    validate_scenario,
)
from fruitmap.schema import PLANT_KINDS, STATUSES, value_label
from ui import state
from ui.auth import may_write, person_input, person_name
from ui.common import lang, layers, show_table, tr, workspace
from ui.exports import show_chart
from ui.map_click import clicked_point

NEW = "__new__"
KINDS = ("add", "change", "remove", "zones", "params")
MAP_HEIGHT = 460
F = state.SCN_FORM  # prefix of the change forms' widget keys


def _label(prefix: str):
    """A format_func writing ``prefix + value`` in the page's language (bound now: AppTest and
    Streamlit may call it outside the script run)."""
    language = lang()
    return lambda value: t(f"{prefix}{value}", language)


def _or_label(key: str, when: object = ""):
    """A format_func showing ``key``'s text for the value ``when`` and other values as they are."""
    text = tr(key)
    return lambda value: text if value == when else value


# ----------------------------------------------------------------------------- cached balance
@st.cache_data(show_spinner=False, max_entries=16)
def _result(path: str, token: str, changes_json: str, params: tuple, _layers: dict
            ) -> BalanceResult:
    # path + token + changes + parameters identify the result; the layers are not hashed.
    scenario = Scenario("", changes=json.loads(changes_json)) if changes_json else None
    return cmp.scenario_balance(_layers, scenario, BalanceParams(*params))


def scenario_result(scenario: Scenario | None, params: BalanceParams) -> BalanceResult:
    """Return the balance of the workspace with ``scenario`` applied (None: the data)."""
    ws = workspace()
    key = (params.max_haul_km, params.circuity, params.operating_days,
           tuple(params.plant_statuses))
    text = json.dumps(scenario.changes, sort_keys=True) if scenario is not None else ""
    with st.spinner(tr("gap.computing")):
        return _result(str(ws.path), ws.token(), text, key, layers())


# ----------------------------------------------------------------------------- balance pages
def shown_scenario() -> Scenario | None:
    """The scenario the balance pages show (chosen in "Dữ liệu / Kịch bản"), or None."""
    name = st.session_state.get(state.SCN_SHOWN_KEEP)
    ws = workspace()
    if not name or not ws.exists():
        return None
    try:
        return load_scenario(ws, name)
    except FruitmapError:  # deleted or renamed since: back to the data
        st.session_state.pop(state.SCN_SHOWN_KEEP, None)
        return None


def scenario_selector(container=None) -> Scenario | None:
    """Draw "Dữ liệu / Kịch bản" (sidebar) and return the scenario chosen, or None (the data).

    Nothing is drawn while the workspace has no saved scenario. The choice is kept across
    pages (gap, targets, meeting pack, presentation), which show a banner while it holds.
    """
    container = container or st.sidebar
    ws = workspace()
    names = scenario_names(ws) if ws.exists() else []
    if not names:
        st.session_state.pop(state.SCN_SHOWN_KEEP, None)
        return None
    # Set before drawing, every run: a page switch draws a new widget under the same key,
    # which would otherwise start from its default (the data).
    value = st.session_state.get(state.SCN_SHOWN, st.session_state.get(state.SCN_SHOWN_KEEP))
    st.session_state[state.SCN_SHOWN] = value if value in names else ""
    chosen = container.selectbox(tr("scenario.shown"), ["", *names], key=state.SCN_SHOWN,
                                 format_func=_or_label("scenario.shown.data"),
                                 help=tr("scenario.shown.help"))
    st.session_state[state.SCN_SHOWN_KEEP] = chosen
    scenario = shown_scenario()
    if scenario is not None:
        scenario_banner(scenario)
    return scenario


def pack_options(params: BalanceParams):
    """The meeting pack's scenario choices: ``(scenario shown, PackComparison or None)``.

    Draws the multiselect of scenarios to compare with the data (nothing when none is saved);
    their balances come from this module's cache.
    """
    from fruitmap.planning.pack_section import PackComparison

    shown = shown_scenario()
    ws = workspace()
    names = scenario_names(ws) if ws.exists() else []
    if not names:
        return shown, None
    chosen = st.multiselect(tr("compare.pack.pick"), names, key=state.SCN_PACK_COMPARE,
                            help=tr("compare.pack.pick_help"))
    if not chosen:
        return shown, None
    items = [(s, scenario_result(s, params)) for s in (load_scenario(ws, n) for n in chosen)]
    return shown, PackComparison(scenario_result(None, params), items)


def scenario_banner(scenario: Scenario) -> None:
    """The banner that keeps a scenario from being mistaken for the data."""
    st.warning(f"**{tr('scenario.banner', name=scenario.name)}** "
               + tr("scenario.banner.detail", n=len(scenario.changes)), icon="🧪")


def scenario_layers(scenario: Scenario | None) -> dict:
    """The workspace's layers with ``scenario`` applied (the layers themselves when None)."""
    from fruitmap.planning.scenarios import apply_scenario

    data = layers()
    return data if scenario is None else apply_scenario(data, scenario)[0]


# ----------------------------------------------------------------------------- the draft
def _load_draft(pick: str) -> dict:
    if pick == NEW:
        draft = {"pick": NEW, "name": "", "description": "", "changes": []}
    else:
        scenario = load_scenario(workspace(), pick)
        draft = {"pick": pick, "name": scenario.name, "description": scenario.description,
                 "changes": list(scenario.changes)}
    st.session_state[state.SCN_DRAFT] = draft
    st.session_state[state.SCN_NAME] = draft["name"]
    st.session_state[state.SCN_DESCRIPTION] = draft["description"]
    st.session_state.pop(state.SCN_CLICKED, None)
    return draft


def _draft(names: list[str]) -> dict:
    pending = st.session_state.pop(state.SCN_PENDING, None)
    if pending is not None:
        st.session_state[state.SCN_PICK] = pending
        for key in (state.SCN_NEW_NAME, state.SCN_DELETE_CONFIRM):
            st.session_state.pop(key, None)
    if st.session_state.get(state.SCN_PICK) not in [NEW, *names]:
        st.session_state[state.SCN_PICK] = NEW
    pick = st.selectbox(tr("scenario.pick"), [NEW, *names], key=state.SCN_PICK,
                        format_func=_or_label("scenario.pick.new", NEW))
    draft = st.session_state.get(state.SCN_DRAFT)
    if draft is None or draft.get("pick") != pick:
        draft = _load_draft(pick)
    return draft


def _flash() -> None:
    message = st.session_state.pop(state.SCN_FLASH, None)
    if message:
        st.success(message)


def _after_write(message: str, pick: str) -> None:
    # The pick widget is drawn already: its new value is set before it is drawn next run.
    st.session_state[state.SCN_FLASH] = message
    st.session_state[state.SCN_PENDING] = pick
    st.session_state.pop(state.SCN_DRAFT, None)
    st.rerun()


# ----------------------------------------------------------------------------- list and edit
def scenarios_tab() -> None:
    """The saved scenarios, and the editor of one (new or saved)."""
    language = lang()
    ws = workspace()
    _flash()
    table = list_scenarios(ws)
    if table.empty:
        st.info(tr("scenario.none"))
    else:
        shown = table.rename(columns={
            "name": tr("scenario.col.name"), "description": tr("scenario.col.description"),
            "n_changes": tr("scenario.col.n_changes"), "updated": tr("scenario.col.updated"),
            "who": tr("scenario.col.who")}).drop(columns=["created"])
        show_table(shown)
    draft = _draft(list(table["name"]))
    data = layers()
    st.text_input(tr("scenario.name"), key=state.SCN_NAME, max_chars=120)
    st.text_area(tr("scenario.description"), key=state.SCN_DESCRIPTION, height=68)
    st.markdown(f"**{tr('scenario.changes')}**")
    if not draft["changes"]:
        st.caption(tr("scenario.changes.none"))
    for k, change in enumerate(draft["changes"]):
        left, right = st.columns([12, 1], vertical_alignment="center")
        left.markdown(f"{k + 1}. " + _md(describe_change(change, data, language)))
        if right.button("✕", key=f"{F}drop_{k}", help=tr("scenario.change.drop")):
            draft["changes"].pop(k)
            st.rerun()
    with st.container(border=True):
        change_form(draft, data)
    save_panel(draft)
    if draft["pick"] != NEW:
        manage_panel(draft["pick"])


def _md(text: str) -> str:
    from ui.common import markdown_text

    return markdown_text(text)


def save_panel(draft: dict) -> None:
    """Who, and the save button (create or replace)."""
    if not may_write():  # a viewer may try changes; saving is for editors
        st.caption(tr("login.view_only"))
        return
    ws = workspace()
    who = person_input(tr("scenario.who"), state.SCN_WHO, max_chars=80)
    if st.button(tr("scenario.save"), type="primary", key=f"{F}save"):
        name = st.session_state.get(state.SCN_NAME, "")
        try:
            save_scenario(ws, name, st.session_state.get(state.SCN_DESCRIPTION, ""),
                          draft["changes"], who or None)
        except FruitmapError as exc:
            st.error(exc.message(lang()))
            return
        # Saved under a new name, a saved scenario is copied: the old one stays (rename moves).
        saved = load_scenario(ws, name).name
        _after_write(tr("scenario.saved", name=saved), saved)


def manage_panel(name: str) -> None:
    """Copy, rename and delete the saved scenario ``name``."""
    if not may_write():
        return
    ws = workspace()
    who = person_name(state.SCN_WHO) or None
    with st.expander(tr("scenario.manage")):
        new = st.text_input(tr("scenario.new_name"), key=state.SCN_NEW_NAME, max_chars=120)
        a, b, c = st.columns(3)
        try:
            if a.button(tr("scenario.copy"), key=f"{F}copy", disabled=not new.strip()):
                copy_scenario(ws, name, new, who)
                _after_write(tr("scenario.copied", name=name, new=new.strip()), new.strip())
            if b.button(tr("scenario.rename"), key=f"{F}rename", disabled=not new.strip()):
                rename_scenario(ws, name, new, who)
                _after_write(tr("scenario.renamed", name=name, new=new.strip()), new.strip())
            sure = c.checkbox(tr("scenario.delete_confirm"), key=state.SCN_DELETE_CONFIRM)
            if c.button(tr("scenario.delete"), key=f"{F}delete", disabled=not sure):
                delete_scenario(ws, name, who)
                _after_write(tr("scenario.deleted", name=name), NEW)
        except FruitmapError as exc:
            st.error(exc.message(lang()))


# ----------------------------------------------------------------------------- change forms
def change_form(draft: dict, data: dict) -> None:
    """Add one change to the draft: a facility added, changed or removed, zones, parameters."""
    kind = st.radio(tr("scenario.kind"), KINDS, key=state.SCN_KIND, horizontal=True,
                    format_func=_label("scenario.kind."))
    change = {"add": _add_form, "change": _change_form, "remove": _remove_form,
              "zones": _zones_form, "params": _params_form}[kind](draft, data)
    if change is None:
        return
    try:
        clean = clean_change(change, len(draft["changes"]) + 1)
        validate_scenario([*draft["changes"], clean], data)
    except FruitmapError as exc:
        st.error(exc.message(lang()))
        return
    draft["changes"].append(clean)
    st.session_state.pop(state.SCN_CLICKED, None)
    st.rerun()


def _layer_choice(key: str) -> str:
    return st.radio(tr("scenario.layer"), ["plants", "cold_stores"], key=F + key,
                    horizontal=True, format_func=_label("scenario.map."))


def _location(draft: dict, data: dict) -> tuple[float, float] | None:
    mode = st.radio(tr("scenario.where"), ["map", "area", "typed"], key=F + "where",
                    horizontal=True, format_func=_label("scenario.where."))
    if mode == "map":
        clicked = st.session_state.get(state.SCN_CLICKED)
        m = scenario_map(data, draft["changes"], lang(), clicked)
        point = clicked_point(m, state.SCN_MAP, MAP_HEIGHT)
        if point is not None and point != clicked:
            st.session_state[state.SCN_CLICKED] = point
            st.rerun()
        if clicked is None:
            st.caption(tr("scenario.where.click"))
            return None
        st.caption(tr("scenario.where.clicked", lat=fmt_number(clicked[1], lang(), 5),
                      lon=fmt_number(clicked[0], lang(), 5)))
        return clicked
    if mode == "area":
        areas = data.get("industrial_areas")
        if areas is None or areas.empty:
            st.info(tr("scenario.where.no_areas"))
            return None
        labels = dict(zip(areas["area_id"].astype(str), areas["name"].astype(str), strict=True))
        pick = st.selectbox(tr("scenario.where.area"), list(labels), key=F + "area",
                            format_func=lambda a: labels[a])
        point = areas[areas["area_id"].astype(str) == pick].geometry.iloc[0]
        point = point.representative_point()
        return round(point.x, 6), round(point.y, 6)
    left, right = st.columns(2)
    lat = left.number_input(tr("scenario.lat"), -90.0, 90.0, 21.3, format="%.5f", key=F + "lat")
    lon = right.number_input(tr("scenario.lon"), -180.0, 180.0, 103.9, format="%.5f",
                             key=F + "lon")
    return float(lon), float(lat)


def _grown(data: dict) -> list[str]:
    zones = data.get("zones")
    grown = set() if zones is None or zones.empty else set(zones["crop"].dropna().astype(str))
    return [c for c in CROPS if c in grown]


def _facility_fields(layer: str, data: dict, prefix: str, current: dict | None = None) -> dict:
    language = lang()
    current = current or {}
    attrs: dict = {}
    if prefix == "add_":
        attrs["name"] = st.text_input(tr("scenario.f.name"), key=F + prefix + "name",
                                      max_chars=120)
    a, b = st.columns(2)
    if layer == "plants":
        attrs["capacity_t_day"] = a.number_input(
            tr("scenario.f.capacity_t_day"), 0.0, 100000.0,
            float(current.get("capacity_t_day") or 30.0), step=5.0, format="%.0f",
            key=F + prefix + "cap_p")
        attrs["kind"] = b.selectbox(tr("scenario.f.kind"), list(PLANT_KINDS),
                                    index=list(PLANT_KINDS).index(current.get("kind", "factory"))
                                    if current.get("kind") in PLANT_KINDS else 0,
                                    key=F + prefix + "kind",
                                    format_func=lambda v: value_label(v, language))
        attrs["operating_months"] = st.multiselect(
            tr("scenario.f.operating_months"), list(range(1, 13)),
            default=list(current.get("operating_months") or range(1, 13)),
            key=F + prefix + "months")
    else:
        attrs["capacity_t"] = a.number_input(
            tr("scenario.f.capacity_t"), 0.0, 1e7, float(current.get("capacity_t") or 500.0),
            step=50.0, format="%.0f", key=F + prefix + "cap_s")
    default_crops = list(current.get("crops") or (_grown(data) if layer == "plants" else []))
    attrs["crops"] = st.multiselect(tr("scenario.f.crops"), list(CROPS),
                                    default=[c for c in default_crops if c in CROPS],
                                    key=F + prefix + "crops",
                                    format_func=lambda c: crop_label(c, language))
    status = current.get("status") or "operating"
    attrs["status"] = b.selectbox(tr("scenario.f.status"), list(STATUSES),
                                  index=list(STATUSES).index(status)
                                  if status in STATUSES else 0,
                                  key=F + prefix + "status",
                                  format_func=lambda v: value_label(v, language))
    if layer == "cold_stores" and not attrs["crops"]:
        attrs.pop("crops")  # a cold store takes every crop by default
    return attrs


def _add_form(draft: dict, data: dict) -> dict | None:
    layer = _layer_choice("add_layer")
    where = _location(draft, data)
    attrs = _facility_fields(layer, data, "add_")
    if st.button(tr("scenario.add_change"), key=F + "add_go", disabled=where is None):
        return {"op": "add", "layer": layer, "lon": where[0], "lat": where[1], "attrs": attrs}
    return None


def _pick_facility(layer: str, data: dict, key: str) -> tuple[str | None, dict]:
    frame = data.get(layer)
    if frame is None or frame.empty:
        st.info(tr("scenario.no_facilities"))
        return None, {}
    id_column = "plant_id" if layer == "plants" else "store_id"
    ids = frame[id_column].astype(str).tolist()
    names = dict(zip(ids, frame["name"].astype(str), strict=True))
    ident = st.selectbox(tr("scenario.facility"), ids, key=F + key,
                         format_func=lambda i: f"{i} · {names[i]}")
    row = frame[frame[id_column].astype(str) == ident].iloc[0]
    current = {k: row.get(k) for k in ("capacity_t_day", "capacity_t", "kind", "status",
                                       "crops", "operating_months")}
    current = {k: (list(v) if isinstance(v, tuple) else v) for k, v in current.items()
               if not (isinstance(v, float) and v != v) and v is not None}
    return ident, current


def _change_form(draft: dict, data: dict) -> dict | None:
    layer = _layer_choice("change_layer")
    ident, current = _pick_facility(layer, data, f"change_id_{layer}")
    if ident is None:
        return None
    attrs = _facility_fields(layer, data, f"change_{ident}_", current)
    changed = {k: v for k, v in attrs.items() if _differs(current.get(k), v)}
    if st.button(tr("scenario.add_change"), key=F + "change_go", disabled=not changed):
        return {"op": "change", "layer": layer, "id": ident, "attrs": changed}
    return None


def _differs(before, after) -> bool:
    if isinstance(before, (list, tuple)) or isinstance(after, (list, tuple)):
        return sorted(map(str, before or [])) != sorted(map(str, after or []))
    if isinstance(after, float):
        try:
            return before is None or abs(float(before) - after) > 1e-9
        except (TypeError, ValueError):
            return True
    return before != after


def _remove_form(draft: dict, data: dict) -> dict | None:
    layer = _layer_choice("remove_layer")
    ident, _ = _pick_facility(layer, data, f"remove_id_{layer}")
    if ident is not None and st.button(tr("scenario.add_change"), key=F + "remove_go"):
        return {"op": "remove", "layer": layer, "id": ident}
    return None


def _zones_form(draft: dict, data: dict) -> dict | None:
    language = lang()
    crops = _grown(data)
    if not crops:
        st.info(tr("scenario.no_zones"))
        return None
    admin = data.get("admin_units")
    units = [] if admin is None or admin.empty else \
        admin[admin["level"].astype(str) != "province"]
    names = dict(zip(units["unit_code"].astype(str), units["name"].astype(str), strict=True)) \
        if len(units) else {}
    province = tr("scenario.describe.province")
    a, b = st.columns(2)
    crop = a.selectbox(tr("scenario.f.crop"), crops, key=F + "z_crop",
                       format_func=lambda c: crop_label(c, language))
    unit = b.selectbox(tr("scenario.f.unit"), ["", *names], key=F + "z_unit",
                       format_func=lambda u: names.get(u) or province)
    c, d, e = st.columns(3)
    what = c.selectbox(tr("scenario.f.what"), ["area_pct", "area_ha", "yield_pct"],
                       key=F + "z_what", format_func=_label("scenario.f."))
    amount = d.number_input(tr("scenario.f.amount"), -1e6, 1e6, 10.0, step=1.0,
                            key=F + "z_amount")
    season = e.selectbox(tr("scenario.f.season"), ["all", "main", "off"], key=F + "z_season",
                         format_func=_label("scenario.f.season."))
    if st.button(tr("scenario.add_change"), key=F + "zones_go"):
        change = {"op": "zones", "crop": crop, "unit_code": unit or None, what: float(amount)}
        if season != "all":
            change["off_season"] = season == "off"
        return change
    return None


def _params_form(draft: dict, data: dict) -> dict | None:
    a, b, c = st.columns(3)
    km = a.number_input(tr("gap.params.max_haul_km"), 0.0, 1000.0, 100.0, step=10.0,
                        key=F + "p_km")
    circuity = b.number_input(tr("gap.params.circuity"), 1.0, 10.0, 1.3, step=0.05,
                              key=F + "p_circuity")
    days = c.number_input(tr("gap.params.operating_days"), 0.0, 31.0, 26.0, step=1.0,
                          key=F + "p_days")
    planned = st.checkbox(tr("gap.params.include_planned"), key=F + "p_planned")
    if st.button(tr("scenario.add_change"), key=F + "params_go"):
        return {"op": "params", "max_haul_km": float(km), "circuity": round(float(circuity), 2),
                "operating_days": float(days), "count_planned": bool(planned)}
    return None


# ----------------------------------------------------------------------------- compare
def compare_tab(params: BalanceParams) -> None:
    """The baseline against the scenarios chosen, side by side."""
    language = lang()
    ws = workspace()
    names = scenario_names(ws)
    if not names:
        st.info(tr("scenario.none"))
        return
    saved = [n for n in st.session_state.get(state.SCN_COMPARE, []) if n in names]
    st.session_state[state.SCN_COMPARE] = saved or names[:1]
    chosen = st.multiselect(tr("compare.pick"), names, key=state.SCN_COMPARE)
    if not chosen:
        st.info(tr("compare.pick_one"))
        return
    data = layers()
    scenarios = {n: load_scenario(ws, n) for n in chosen}
    base = scenario_result(None, params)
    results = {n: scenario_result(s, params) for n, s in scenarios.items()}
    for n, s in scenarios.items():
        st.info(f"**{n}**: " + cmp.change_sentence(base, results[n], s, data, language),
                icon="🧪")
    yearly = cmp.yearly_table(base, results)
    st.subheader(tr("compare.section.yearly"))
    show_chart(yearly_surplus_figure(yearly, language), "scn_yearly")
    show_table(yearly_for_display(yearly, base, results))
    st.subheader(tr("compare.section.calendar"))
    # One calendar under the other: side by side, the month cells' numbers run into each other.
    st.markdown(f"**{tr('compare.baseline')}**")
    show_chart(glut_calendar_figure(base.units, language), "scn_cal_base")
    for k, (n, r) in enumerate(results.items(), start=1):
        st.markdown(f"**{_md(n)}**")
        show_chart(glut_calendar_figure(r.units, language), f"scn_cal_{k}")
    for k, (n, r) in enumerate(results.items(), start=1):
        show_chart(difference_calendar_figure(cmp.calendar_difference(base, r), language, n),
                   f"scn_diff_{k}")
    st.subheader(tr("compare.section.map"))
    crops = [""] + [c for c in CROPS if c in set(base.units["crop"])]
    crop = st.selectbox(tr("compare.crop"), crops, key=state.SCN_COMPARE_CROP,
                        format_func=lambda c: crop_label(c, language) if c
                        else t("compare.all_crops", language))
    for k, (n, r) in enumerate(results.items(), start=1):
        change = cmp.unit_change(base, r, data.get("admin_units"), crop or None)
        show_chart(unit_change_figure(change, data.get("admin_units"), language, n),
                   f"scn_map_{k}")
    st.subheader(tr("compare.section.plants"))
    for n, r in results.items():
        st.markdown(f"**{_md(n)}**")
        table = cmp.plant_utilisation(base, r)
        moved = table[(table["processed_after_t"] - table["processed_before_t"]).abs() >= 0.5]
        if moved.empty:
            st.caption(tr("compare.plants.none"))
        else:
            show_table(plants_for_display(moved))


def yearly_for_display(yearly: pd.DataFrame, base, results: dict) -> pd.DataFrame:
    """The yearly table with the page's labels (scenario, crop, tonnes, shares)."""
    language = lang()
    out = pd.DataFrame({
        tr("compare.col.scenario"): yearly["scenario"].replace("", tr("compare.baseline")),
        tr("compare.col.crop"): [crop_label(c, language) for c in yearly["crop"]],
        # Whole tonnes and one decimal of a percent, as the gap page shows them: solver
        # decimals ("748,87 t") read as a precision the data does not have.
        tr("compare.col.supply"): yearly["supply_t"].round(0),
        tr("compare.col.processed_pct"): yearly["processed_pct"].round(1),
        tr("compare.col.stored"): yearly["stored_t"].round(0),
        tr("compare.col.surplus"): yearly["surplus_t"].round(0),
        tr("compare.col.change"): yearly["surplus_change_t"].round(0),
    })
    return out


def plants_for_display(table: pd.DataFrame) -> pd.DataFrame:
    """Plant utilisation before and after, with the page's labels."""
    return pd.DataFrame({
        tr("compare.col.plant"): table["plant_id"] + " · " + table["name"].astype(str),
        tr("compare.col.processed_before"): table["processed_before_t"].round(0),
        tr("compare.col.util_before"): table["utilisation_before_pct"].round(1),
        tr("compare.col.processed_after"): table["processed_after_t"].round(0),
        tr("compare.col.util_after"): table["utilisation_after_pct"].round(1),
        tr("compare.col.note"): [t(f"compare.plant.{c}", lang()) if c else ""
                                 for c in table["change"]],
    })

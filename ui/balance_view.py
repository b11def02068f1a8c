"""Streamlit glue of the balance pages (gap and targets): parameters, cached balance, downloads.

The balance is cached here, at the call site, keyed on the workspace's token and the
parameters: the demo's balance is computed once and then shows instantly, and it is
recomputed only when the workspace or a parameter changes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fruitmap.balance.accuracy import accuracy_text
from fruitmap.balance.solve import BalanceParams, BalanceResult, compute_balance
from fruitmap.balance.tables import headers, with_crop_labels
from fruitmap.files.export import table_to_csv_bytes, table_to_xlsx_bytes
from fruitmap.i18n import fmt_number
from fruitmap.schema import STATUSES
from ui import state
from ui.common import lang, layers, show_table, source_lines, tr, workspace
from ui.progress_view import run_with_status

DEFAULTS = {state.BALANCE_MAX_HAUL_KM: 100, state.BALANCE_CIRCUITY: 1.3,
            state.BALANCE_OPERATING_DAYS: 26, state.BALANCE_INCLUDE_PLANNED: False}
# Widget values are copied here after each run: Streamlit forgets a widget's value when the
# page that draws it is left, and both balance pages share these parameters.
_SAVED = "_saved_"


CIRCUITY_STEPS = [round(1.0 + 0.05 * i, 2) for i in range(31)]  # 1,00 … 2,50


def _on_grid(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return DEFAULTS[state.BALANCE_CIRCUITY]
    return min(CIRCUITY_STEPS, key=lambda step: abs(step - number))


def _seed(key: str) -> None:
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(_SAVED + key, DEFAULTS[key])


def _save(*keys: str) -> None:
    for key in keys:
        st.session_state[_SAVED + key] = st.session_state.get(key)


def balance_params(choose_scenario: bool = True) -> BalanceParams:
    """Draw the balance parameters in the sidebar and return them.

    The same widgets (same keys) sit on the gap and the targets page, so a parameter chosen
    on one page holds on the other. With ``choose_scenario``, "Dữ liệu / Kịch bản" follows
    (when scenarios are saved): :func:`balance` then shows the chosen scenario's balance.
    """
    for key in state.BALANCE_KEYS:
        _seed(key)
    side = st.sidebar
    side.subheader(tr("gap.params.title"))
    km = side.slider(tr("gap.params.max_haul_km"), 10, 300, step=10,
                     key=state.BALANCE_MAX_HAUL_KM, help=tr("gap.params.max_haul_km_help"))
    # A select slider, because a slider's printf-style format cannot write "1,30" (vi).
    st.session_state[state.BALANCE_CIRCUITY] = _on_grid(st.session_state[state.BALANCE_CIRCUITY])
    language = lang()
    circuity = side.select_slider(tr("gap.params.circuity"), CIRCUITY_STEPS,
                                  format_func=lambda v: fmt_number(v, language, 2),
                                  key=state.BALANCE_CIRCUITY, help=tr("gap.params.circuity_help"))
    days = side.slider(tr("gap.params.operating_days"), 10, 31, key=state.BALANCE_OPERATING_DAYS)
    planned = side.checkbox(tr("gap.params.include_planned"), key=state.BALANCE_INCLUDE_PLANNED,
                            help=tr("gap.params.include_planned_help"))
    _save(*state.BALANCE_KEYS)
    if choose_scenario:
        from ui.scenarios_view import scenario_selector

        scenario_selector()
    return BalanceParams(max_haul_km=float(km), circuity=round(float(circuity), 2),
                         operating_days=float(days),
                         plant_statuses=STATUSES if planned else ("operating",))


@st.cache_resource(show_spinner=False, max_entries=8)
def _balance(path: str, token: str, max_haul_km: float, circuity: float, days: float,
             statuses: tuple[str, ...], _layers: dict, _progress=None) -> BalanceResult:
    # path + token identify the workspace's content; the layers themselves are not hashed,
    # nor is the progress callback (it only queues steps: see ui.progress_view).
    # cache_resource, not cache_data: one result shared by every run and session (at 20,000
    # zones its zone and plant rows are ~50 MB that cache_data unpickled afresh on each
    # call, per session). Like layers(), it is read-only: copy before changing.
    return compute_balance(_layers, BalanceParams(max_haul_km=max_haul_km, circuity=circuity,
                                                  operating_days=days,
                                                  plant_statuses=statuses),
                           progress=_progress)


def balance(params: BalanceParams) -> BalanceResult:
    """Return the balance of the current workspace (cached per workspace and parameters).

    When it has to be computed (a cache miss) a status box shows the steps as they happen,
    then folds up saying how long it took; a cached balance shows at once, with no box.
    While a scenario is chosen ("Dữ liệu / Kịch bản"), it is the scenario's balance (the
    chooser in :func:`balance_params` shows the banner that says so).

    The result is shared by every session (``st.cache_resource``): never change its frames
    in place.
    """
    from ui.scenarios_view import scenario_result, shown_scenario

    scenario = shown_scenario()
    if scenario is not None:
        return scenario_result(scenario, params)
    ws = workspace()
    data = layers()
    language = lang()

    def finished(result: BalanceResult, seconds: str) -> str:
        zones, plants = data.get("zones"), data.get("plants")
        return tr("progress.balance.finished", seconds=seconds,
                  zones=fmt_number(0 if zones is None else len(zones), language),
                  plants=fmt_number(0 if plants is None else len(plants), language))

    key = (str(ws.path), ws.token(), params.max_haul_km, params.circuity,
           params.operating_days, tuple(params.plant_statuses))
    return run_with_status(lambda progress: _balance(*key, data, progress),
                           tr("progress.balance.title"), finished, shared=("balance", *key))


def balance_layers() -> dict:
    """The layers the balance shown is computed on: the chosen scenario's, else the data's."""
    from ui.scenarios_view import scenario_layers, shown_scenario

    return scenario_layers(shown_scenario())


def balance_key(params: BalanceParams) -> tuple:
    """What the balance shown depends on, as small hashable values (for ``ui.page_cache``).

    The workspace's path and token, the parameters and the changes of the scenario shown
    (empty for the data itself): pieces a page builds from the balance are shared under it.
    """
    import json

    from ui.page_cache import data_key
    from ui.scenarios_view import shown_scenario

    scenario = shown_scenario()
    changes = json.dumps(scenario.changes, sort_keys=True) if scenario is not None else ""
    return (*data_key(), params, changes)


def source_caption(params: BalanceParams, result: BalanceResult | None = None) -> None:
    """Say where the page's numbers come from: the workspace and the parameters."""
    language = lang()
    statuses = tr("gap.status.operating") if tuple(params.plant_statuses) == ("operating",) \
        else tr("gap.status.all")
    text = tr("gap.source", path=str(workspace().path), km=fmt_number(params.max_haul_km, language),
              circuity=fmt_number(params.circuity, language, 2),
              days=fmt_number(params.operating_days, language), statuses=statuses)
    # Which layers are demo, imported or edited is said layer by layer in the page's footer.
    st.caption(text)
    if result is not None and not result.exact:
        # Only an aggregated balance says how far its surplus may be from the exact one.
        st.caption(accuracy_text(result, language))


def downloads(df: pd.DataFrame, name_key: str, key: str, show: bool = True) -> None:
    """Offer ``df`` as CSV and XLSX with headers (and crop names) in the page's language.

    Parameters
    ----------
    df : DataFrame
        A table from :mod:`fruitmap.balance.tables` (plain column names).
    name_key : str
        String key of the file name (without extension) and sheet name.
    key : str
        Unique prefix for the widget keys.
    show : bool
        Whether to show the table itself in a collapsed expander above the buttons (drawn
        when opened; its state is kept under ``f"{key}_table"``).
    """
    language = lang()
    table = with_crop_labels(df, language)
    labels = headers(table.columns, language)
    if show:
        # Drawn only while open (the expander reruns the page when opened or closed): a
        # table of 8,000 plants with the language's decimal marks took seconds per run.
        box = st.expander(tr("gap.table.show"), key=key + state.BALANCE_TABLE_OPEN,
                          on_change="rerun")
        if box.open:
            with box:
                show_table(table.rename(columns=labels))
    name = tr(name_key)
    left, right = st.columns(2)
    source = source_lines()
    # The files are made when a button is clicked (Streamlit calls ``data`` then), not on
    # every run: the XLSX of the plant table alone took seconds at 10,000 plants.
    left.download_button(tr("gap.download.csv"),
                         lambda: table_to_csv_bytes(table, labels, source=source, lang=language),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv",
                         on_click="ignore")
    right.download_button(
        tr("gap.download.xlsx"),
        lambda: table_to_xlsx_bytes(table, name, labels, source=source, lang=language),
        file_name=f"{name}.xlsx", key=f"{key}_xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def choice(label: str, key: str, options: list, default, format_func=str, container=st,
           horizontal: bool = False):
    """A selectbox (or horizontal radio) whose value survives a visit to another page.

    A remembered value no longer offered (another workspace, say) falls back to ``default``.
    """
    saved = st.session_state.get(key, st.session_state.get(_SAVED + key, default))
    st.session_state[key] = saved if saved in options else default
    widget = container.radio if horizontal else container.selectbox
    kwargs = {"horizontal": True} if horizontal else {}
    value = widget(label, options=options, format_func=format_func, key=key, **kwargs)
    st.session_state[_SAVED + key] = value
    return value


def follow(key: str, anchor: object, value: object) -> None:
    """Reset ``key`` to ``value`` whenever ``anchor`` changes (the map's month follows the
    chosen crop's peak month until the user picks another month for that crop)."""
    marker = f"{_SAVED}{key}_anchor"
    if st.session_state.get(marker) != anchor:
        first = marker not in st.session_state
        st.session_state[marker] = anchor
        if first and key in st.session_state:
            return  # a value set before the first run (from a shared link, say) wins
        st.session_state[key] = value
        st.session_state[_SAVED + key] = value

"""What the gap page builds is built once and shared, never changed by a run (issue 9).

``ui.page_cache.shared`` keeps figures, tables and maps per explicit key; the balance itself
is shared from ``st.cache_resource``. These tests check that a rerun which changes nothing
the data depends on builds nothing again, that a new key (another month) does, that the
shared balance is not changed in place by the pages that read it, and that the gap page's
table downloads (made on click) hold the table.
"""

from __future__ import annotations

import io

import pandas as pd
from pandas.testing import assert_frame_equal

from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.workspace.geopackage import Workspace
from tests.test_exports_ui import media  # noqa: F401 (fixture)
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/gap.py"


def test_shared_makes_once_per_name_and_key():
    from ui.page_cache import shared

    made = []

    def make(value):
        made.append(value)
        return {"value": value}

    first = shared("test.thing", ("ws", "token-1", 7), lambda: make(1))
    again = shared("test.thing", ("ws", "token-1", 7), lambda: make(2))
    assert again is first and made == [1]  # the same object, not a copy
    assert shared("test.thing", ("ws", "token-2", 7), lambda: make(3))["value"] == 3
    assert shared("test.other", ("ws", "token-1", 7), lambda: make(4))["value"] == 4
    assert made == [1, 3, 4]


def _warmed(at):
    # Wait for the background builds the page queued (ui.build_ahead).
    from ui import build_ahead

    assert build_ahead.wait(120)
    return at


def test_a_month_change_builds_only_the_month_s_pieces(gap_tiny_env, monkeypatch):
    import threading

    import fruitmap.balance.charts as bc
    import fruitmap.balance.gap_map as gm

    calls = {"glut": 0, "map": 0, "facilities": 0, "surplus": 0}
    on_page = []  # what a page's own run built (the rest was built ahead, in the background)

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            if threading.current_thread().name == "ScriptRunner.scriptThread":
                on_page.append(name)
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(bc, "glut_calendar_figure", counting("glut", bc.glut_calendar_figure))
    monkeypatch.setattr(bc, "surplus_map_figure", counting("surplus", bc.surplus_map_figure))
    monkeypatch.setattr(gm, "gap_map", counting("map", gm.gap_map))
    # The plants, cold stores and boundaries are built once per crop, for every month.
    monkeypatch.setattr(gm, "facility_layers", counting("facilities", gm.facility_layers))
    at = _warmed(run_page(PAGE, "en"))
    assert not at.exception, [e.value for e in at.exception]
    assert sorted(on_page) == ["facilities", "glut", "map", "surplus"]  # July, in tonnes
    # Then, built ahead: the calendar as shares, the eleven other months, and July in
    # Vietnamese (calendar, boundaries and facilities, map).
    assert calls == {"glut": 3, "map": 13, "facilities": 2, "surplus": 13}
    on_page.clear()
    _warmed(at.run())  # a plain rerun builds nothing
    assert calls == {"glut": 3, "map": 13, "facilities": 2, "surplus": 13}
    _warmed(at.selectbox(key="gap_month").set_value(9).run())  # another month: built ahead
    assert not at.exception
    assert any("September" in s.value for s in at.subheader)  # ... and shown
    # (September in Vietnamese is built ahead in turn)
    assert calls == {"glut": 3, "map": 14, "facilities": 2, "surplus": 14}
    _warmed(at.selectbox(key="gap_month").set_value(7).run())  # back: from the cache
    assert calls == {"glut": 3, "map": 14, "facilities": 2, "surplus": 14}
    _warmed(at.radio(key="gap_measure").set_value("share").run())  # built ahead
    # (and the shares in Vietnamese in turn)
    assert calls == {"glut": 4, "map": 14, "facilities": 2, "surplus": 14}
    _warmed(at.radio(key="gap_measure").set_value("tonnes").run())
    _warmed(at.radio(key="lang").set_value("vi").run())  # other language: built ahead
    assert not at.exception
    assert on_page == []  # every change above found its pieces built
    # After it, the Vietnamese page's other months were built ahead.
    assert calls == {"glut": 4, "map": 24, "facilities": 2, "surplus": 24}


def test_the_shared_balance_is_not_changed_by_the_pages(gap_tiny_env):
    import ui.balance_view as view

    for page in (PAGE, "pages/targets.py", PAGE):
        at = run_page(page, "vi")
        assert not at.exception, [e.value for e in at.exception]
    ws = Workspace(gap_tiny_env)
    params = BalanceParams(max_haul_km=100.0, circuity=1.3, operating_days=26.0,
                           plant_statuses=("operating",))
    shared = view._balance(str(ws.path), ws.token(), params.max_haul_km, params.circuity,
                           params.operating_days, params.plant_statuses, ws.read_all())
    fresh = compute_balance(ws.read_all(), params)
    for name in ("units", "zones", "plants"):
        assert_frame_equal(getattr(shared, name), getattr(fresh, name))


def test_table_downloads_are_made_on_click_and_hold_the_table(gap_tiny_env, media):  # noqa: F811
    at = run_page(PAGE, "en")
    assert not at.exception, [e.value for e in at.exception]
    made = {name: data for name, data in media.items() if name.endswith((".csv", ".xlsx"))}
    assert len(made) == 10 and all(callable(d) for d in made.values())  # nothing built yet
    districts = [n for n in made if n.endswith(".csv") and "istrict" in n]
    assert len(districts) == 1, sorted(made)
    text = made[districts[0]]().decode("utf-8-sig")
    assert "Sông Mã" in text
    xlsx = made[districts[0].replace(".csv", ".xlsx")]()
    table = pd.read_excel(io.BytesIO(xlsx), engine="openpyxl")
    assert "Sông Mã" in table.astype(str).to_string()


def test_the_sources_are_read_once_per_workspace_version(gap_tiny_env, monkeypatch):
    # The footer and each table's download buttons (ten on the gap page) say where the data
    # comes from: one table per workspace version and language, not one per call and run.
    import fruitmap.provenance as provenance

    calls = []
    real = provenance.workspace_provenance

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(provenance, "workspace_provenance", counting)
    at = _warmed(run_page(PAGE, "en"))
    assert not at.exception, [e.value for e in at.exception]
    assert len(calls) == 2  # English, then Vietnamese built ahead (ui.build_ahead)
    _warmed(at.run())
    assert len(calls) == 2
    footer = [c.value for c in at.caption if c.value.startswith("Data sources")]
    assert len(footer) == 1 and "Cultivation zones" in footer[0]  # still said, from the cache


def test_the_overview_counts_and_reads_once_per_workspace_version(gap_tiny_env, monkeypatch):
    # The headline figures, the context facts and the last change were made on every run.
    import ui.overview_view as view
    from ui.page_cache import _small

    _small.clear()  # the facts are kept per process: count their first read here
    calls = {"headline": 0, "facts": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(view, "headline", counting("headline", view.headline))
    monkeypatch.setattr(view, "load_facts", counting("facts", view.load_facts))
    at = run_page("pages/overview.py", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert calls == {"headline": 1, "facts": 1}
    at.run()
    at.radio(key="lang").set_value("vi").run()  # the figures do not depend on the language
    assert not at.exception
    assert calls == {"headline": 1, "facts": 1}
    assert len(at.metric) >= 10  # the figures are still shown


def test_the_explorer_lists_its_filter_options_once_per_workspace_version(gap_tiny_env,
                                                                         monkeypatch):
    import fruitmap.maps.filters as filters

    calls = []
    real = filters.crop_options

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(filters, "crop_options", counting)
    at = run_page("pages/explorer.py", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert len(calls) == 1
    crops = at.multiselect(key="explorer_crops")
    assert "longan" in crops.options or "Longan" in crops.options
    crops.select(crops.options[0]).run()  # a filter changes what is drawn, not the options
    assert not at.exception
    assert len(calls) == 1

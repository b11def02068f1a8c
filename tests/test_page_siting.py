"""AppTest of the siting page in Vietnamese and English on the Sơn La demo: run a siting for
two 30 t/day plants at the industrial areas and see two chosen sites with what each takes."""

from __future__ import annotations

import json

import pytest

from fruitmap.i18n import t
from tests.map_fixtures import frame_code
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/siting.py"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_siting_two_plants_on_the_demo(app_env, lang):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("siting.title", lang)
    assert t("siting.empty", lang) in [i.value for i in at.info]
    assert at.number_input(key="siting_count").value == 2
    at.button(key="siting_run").click()
    at.run(timeout=600)
    assert not at.exception, [e.value for e in at.exception]
    # Two chosen sites in the table, each taking more than nothing.
    table = at.dataframe[0].value
    assert len(table) == 2
    gains = table[t("siting.col.used_gain_t", lang)]
    assert (gains > 0).all()
    # The sentence names both sites, and the surplus falls.
    sentence = at.success[0].value
    for name in table[t("siting.col.name", lang)]:
        assert name in sentence
    before, after = (m.value for m in at.metric[:2])
    assert before != after
    assert at.metric[3].value.startswith("0")  # MIP gap 0 %
    # The map shows the two chosen sites; the curve goes N = 0, 1, 2.
    comps = [e for e in at.get("component_instance")
             if "streamlit_folium" in e.proto.component_name]
    script = frame_code(json.loads(comps[0].proto.json_args))
    assert script.count("#d62728") == 2
    curve = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    assert list(curve[0]["data"][0]["x"]) == [0, 1, 2]
    # The save form is there (not clicked: the scenarios module is merged by the lead).
    assert at.button(key="siting_save")
    assert at.text_input(key="siting_save_name").value == t(
        "siting.save.default_name", lang, n=2, kind=t("siting.kind_plural.plant", lang))


def test_siting_saved_as_a_scenario_balances_to_the_same_surplus(demo_ws_copy, monkeypatch):
    """The sites saved from the page are a scenario whose balance, computed afresh from the
    saved changes, leaves exactly the surplus the siting reported."""
    from fruitmap.balance.solve import BalanceParams, compute_balance
    from fruitmap.planning.scenarios import balance_inputs, load_scenario
    from fruitmap.workspace.geopackage import Workspace
    from tests.conftest import use_workspace

    use_workspace(monkeypatch, demo_ws_copy)
    at = run_page(PAGE, "en")
    at.button(key="siting_run").click()
    at.run(timeout=600)
    assert not at.exception, [e.value for e in at.exception]
    result = at.session_state["siting_result"][1]
    at.text_input(key="siting_save_name").set_value("Two new plants")
    at.text_input(key="siting_save_user").set_value("Lò Thị Hoa")
    at.button(key="siting_save").click()
    at.run(timeout=600)
    assert not at.exception, [e.value for e in at.exception]
    assert t("siting.save.done", "en", name="Two new plants") in [s.value for s in at.success]

    ws = Workspace(demo_ws_copy)
    scenario = load_scenario(ws, "Two new plants")
    added = [c for c in scenario.changes if c["op"] == "add"]
    assert len(added) == len(result.sites) == 2
    for change, site_name in zip(added, result.sites["name"], strict=True):
        assert change["attrs"]["name"].endswith(site_name)
    assert all(c["attrs"]["capacity_t_day"] == 30 for c in added)
    layers, params = balance_inputs(ws.read_all(), scenario, BalanceParams())
    after = compute_balance(layers, params).units["surplus_t"].sum()
    before = compute_balance(ws.read_all(), BalanceParams()).units["surplus_t"].sum()
    assert after == pytest.approx(result.surplus_after_t, abs=0.01)
    assert before == pytest.approx(result.surplus_before_t, abs=0.01)
    assert after < before
    assert ws.read("plants").shape[0] == 560  # the data itself unchanged

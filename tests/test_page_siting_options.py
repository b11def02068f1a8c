"""AppTest of the siting page's drawn candidate points, size options and budget, in
Vietnamese and English on the Sơn La demo."""

from __future__ import annotations

import pytest

from fruitmap.i18n import t
from fruitmap.planning.siting_options import chosen_cost
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/siting.py"
# Two points in Sơn La province: near Sơn La city and near Hát Lót (Mai Sơn).
DRAWN = [(103.91, 21.33), (104.11, 21.2)]


def _run(at):
    at.button(key="siting_run").click()
    at.run(timeout=600)
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state["siting_result"][1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_drawn_points_become_candidates(app_env, lang):
    at = run_page(PAGE, lang)
    # What the map's click handler leaves in the session after two clicks.
    at.session_state["siting_drawn"] = list(DRAWN)
    at.multiselect(key="siting_sources").set_value(["drawn"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("siting.n_candidates", lang, n=2) in [c.value for c in at.caption]
    listed = at.dataframe[0].value
    assert list(listed[t("siting.col.site_id", lang)]) == ["D1", "D2"]
    names = [t("siting.drawn.name", lang, k=k) for k in (1, 2)]
    assert list(listed[t("siting.col.name", lang)]) == names
    assert list(listed[t("siting.col.lat", lang)]) == [21.33, 21.2]
    at.number_input(key="siting_count").set_value(1)
    result = _run(at)
    assert len(result.sites) == 1
    assert result.sites["site_id"].iloc[0] in ("D1", "D2")
    assert result.sites["source"].iloc[0] == "drawn"
    assert result.sites["name"].iloc[0] in names
    # Remove D1: D2 becomes D1 (ids are positions); clear: no point left.
    at.selectbox(key="siting_drawn_pick").set_value("D1")
    at.button(key="siting_drawn_remove").click()
    at.run()
    assert at.session_state["siting_drawn"] == [DRAWN[1]]
    assert t("siting.n_candidates", lang, n=1) in [c.value for c in at.caption]
    at.button(key="siting_drawn_clear").click()
    at.run()
    assert at.session_state["siting_drawn"] == []
    assert t("siting.drawn.none", lang) in [c.value for c in at.caption]


def test_drawn_points_join_the_industrial_areas(app_env):
    at = run_page(PAGE, "en")
    at.session_state["siting_drawn"] = list(DRAWN)
    at.multiselect(key="siting_sources").set_value(["industrial_areas"])
    at.run()
    only_areas = [c.value for c in at.caption if c.value.endswith("candidate sites.")]
    at.multiselect(key="siting_sources").set_value(["industrial_areas", "drawn"])
    at.run()
    both = [c.value for c in at.caption if c.value.endswith("candidate sites.")]
    assert int(both[0].split()[0]) == int(only_areas[0].split()[0]) + 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_two_size_options_give_each_site_one(app_env, lang):
    at = run_page(PAGE, lang)
    at.text_input(key="siting_capacity_plant").set_value("10; 60")
    at.run()
    result = _run(at)
    assert len(result.sites) == 2
    assert result.params.capacities == (10.0, 60.0)
    assert set(result.sites["capacity"]) <= {10.0, 60.0}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_budget_run_respects_the_budget(app_env, lang):
    at = run_page(PAGE, lang)
    at.text_input(key="siting_capacity_plant").set_value("20; 40")
    at.radio(key="siting_limit").set_value("budget")
    at.run()
    at.text_input(key="siting_costs").set_value("30; 50")
    at.number_input(key="siting_budget").set_value(60.0)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    result = _run(at)
    # 60 buys two 20 t/day plants (30 + 30) or one 40 t/day plant (50), never more.
    assert 1 <= len(result.sites) <= 2
    cost = chosen_cost(result)
    assert cost <= 60.0
    assert set(result.sites["capacity"]) <= {20.0, 40.0}
    assert t("siting.budget.used", lang, cost=f"{cost:g}", budget="60") in \
        [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_cost_list_says_so_in_plain_words(app_env, lang):
    at = run_page(PAGE, lang)
    at.text_input(key="siting_capacity_plant").set_value("20; 40")
    at.radio(key="siting_limit").set_value("budget")
    at.run()
    at.text_input(key="siting_costs").set_value("30")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("error.siting_costs_count", lang, sizes=2, costs=1) in [w.value for w in at.warning]
    assert "siting_run" not in [b.key for b in at.button]
    at.text_input(key="siting_costs").set_value("30; abc")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("error.siting_bad_costs", lang, value="abc") in [w.value for w in at.warning]
    at.text_input(key="siting_capacity_plant").set_value("0; 40")
    at.run()
    assert t("error.siting_bad_sizes", lang, value="0") in [w.value for w in at.warning]

"""Comparisons of the baseline with scenarios: numbers on paper, and equal to the balance of the
same change made directly in the data (on the demo)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.planning.compare import (
    calendar_difference,
    change_sentence,
    plant_utilisation,
    scenario_balance,
    unit_change,
    yearly_table,
)
from fruitmap.planning.scenarios import Scenario
from fruitmap.workspace.edits import add_feature
from fruitmap.workspace.geopackage import Workspace
from tests.planning_fixtures import PARAMS, deg, planning_layers

BASE = BalanceParams(**PARAMS)
NEW_PLANT = Scenario("Nhà máy mới", changes=[
    {"op": "add", "layer": "plants", "lon": deg(30), "lat": 0.0,
     "attrs": {"name": "Nhà máy mới", "crops": ["longan"], "capacity_t_day": 10.0}}])


@pytest.fixture(scope="module")
def tiny():
    layers = planning_layers()
    base = compute_balance(layers, BASE)
    other = scenario_balance(layers, NEW_PLANT, BASE)
    return layers, base, other


def test_yearly_table_on_paper(tiny):
    _, base, other = tiny
    table = yearly_table(base, {"Nhà máy mới": other}).set_index(["scenario", "crop"])
    # Baseline: 400 t of longan, P1 processes 100 (25 %), 300 left; the new plant takes Z1
    # and Z2: 300 processed (75 %), 100 left.
    assert table.loc[("", "longan"), "surplus_t"] == pytest.approx(300.0)
    assert table.loc[("", "longan"), "processed_pct"] == pytest.approx(25.0)
    assert table.loc[("Nhà máy mới", "longan"), "surplus_t"] == pytest.approx(100.0)
    assert table.loc[("Nhà máy mới", "longan"), "processed_pct"] == pytest.approx(75.0)
    assert table.loc[("Nhà máy mới", "longan"), "surplus_change_t"] == pytest.approx(-200.0)
    assert table.loc[("Nhà máy mới", "mango"), "surplus_change_t"] == pytest.approx(0.0)


def test_calendar_and_units_on_paper(tiny):
    layers, base, other = tiny
    diff = calendar_difference(base, other).set_index(["crop", "month"])
    assert diff.loc[("longan", 7), "change_t"] == pytest.approx(-200.0)
    assert diff["change_t"].drop(("longan", 7)).abs().max() < 1e-6
    units = unit_change(base, other, layers["admin_units"]).set_index("unit_code")
    # Z1 and Z2 are in D1 (Sông Mã): its 250 t (200 longan + 50 mango) fall to 50 t.
    assert units.loc["D1", "change_t"] == pytest.approx(-200.0)
    assert units.loc["D1", "surplus_after_t"] == pytest.approx(50.0)
    assert units.loc["D2", "change_t"] == pytest.approx(0.0)


def test_plant_utilisation_before_after(tiny):
    _, base, other = tiny
    table = plant_utilisation(base, other).set_index("plant_id")
    assert table.loc["SC-1", "change"] == "new"
    assert table.loc["SC-1", "processed_after_t"] == pytest.approx(200.0)
    assert table.loc["SC-1", "capacity_before_t"] == 0.0
    assert table.loc["P1", "utilisation_before_pct"] == pytest.approx(100 * 100 / 3120)
    assert table.index[0] == "SC-1"  # the largest change first
    assert "P2" not in table.index  # planned: counted on neither side


def test_sentence_in_both_languages(tiny):
    layers, base, other = tiny
    vi = change_sentence(base, other, NEW_PLANT, layers, "vi")
    en = change_sentence(base, other, NEW_PLANT, layers, "en")
    assert vi.startswith("Với nhà máy mới ở Sông Mã, lượng nhãn dư tháng 7 giảm từ 300 tấn "
                         "xuống 100 tấn.")
    assert "Cả năm, lượng quả dư giảm 200 tấn (từ 350 xuống 150 tấn)." in vi
    assert en.startswith("With the new plant in Sông Mã, the longan surplus in July falls "
                         "from 300 t to 100 t.")
    same = change_sentence(base, base, Scenario("Không đổi"), layers, "vi")
    assert same.startswith("Với kịch bản «Không đổi», lượng quả dư không thay đổi")


def test_comparison_equals_the_same_change_made_in_the_data(demo_ws_path, demo_ws_copy):
    """A 50 t/day longan plant at the Mai Sơn industrial zone, as a scenario and imported into
    a copy of the demo: every number of the comparison is the balance of the changed data."""
    ws = Workspace(demo_ws_path)
    layers = ws.read_all()
    area = layers["industrial_areas"].set_index("area_id").loc["KCN01"]
    point = area.geometry.representative_point()
    attrs = {"name": "Nhà máy nhãn Mai Sơn", "kind": "factory", "crops": ["longan"],
             "capacity_t_day": 50.0, "status": "operating"}
    scenario = Scenario("Mai Sơn 50 t", changes=[
        {"op": "add", "layer": "plants", "lon": point.x, "lat": point.y, "attrs": attrs}])
    params = BalanceParams()
    base = compute_balance(layers, params)
    other = scenario_balance(layers, scenario, params)

    direct_ws = Workspace(demo_ws_copy)
    add_feature(direct_ws, "plants", point, {"plant_id": "SC-1", **attrs}, base_token=None)
    direct = compute_balance(direct_ws.read_all(), params)

    keys = ["unit_code", "crop", "month"]
    a = other.units.sort_values(keys).reset_index(drop=True)
    b = direct.units.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[keys], b[keys])
    for column in ("supply_t", "fresh_t", "processed_t", "stored_t", "surplus_t"):
        np.testing.assert_allclose(a[column], b[column], atol=0.01)

    table = yearly_table(base, {"s": other}).query("scenario == 's'").set_index("crop")
    expect = direct.yearly_totals().set_index("crop")
    np.testing.assert_allclose(table.loc[expect.index, "surplus_t"], expect["surplus_t"],
                               atol=0.01)
    diff = calendar_difference(base, other).set_index(["crop", "month"])
    expect = direct.province_totals().set_index(["crop", "month"])["surplus_t"]
    np.testing.assert_allclose(diff.loc[expect.index, "surplus_after_t"], expect, atol=0.01)
    units = unit_change(base, other, layers["admin_units"]).set_index("unit_code")
    expect = direct.units.groupby("unit_code")["surplus_t"].sum()
    np.testing.assert_allclose(units.loc[expect.index, "surplus_after_t"], expect, atol=0.01)
    plants = plant_utilisation(base, other).set_index("plant_id")
    expect = direct.plants.groupby("plant_id")["processed_t"].sum()
    np.testing.assert_allclose(plants.loc["SC-1", "processed_after_t"], expect["SC-1"],
                               atol=0.01)
    assert plants.loc["SC-1", "processed_after_t"] > 100  # the new plant does take longan
    sentence = change_sentence(base, other, scenario, layers, "vi")
    assert sentence.startswith("Với nhà máy mới ở Mai Sơn, lượng nhãn dư")


def test_changes_in_words_in_both_languages():
    from fruitmap.planning.describe import describe_change

    layers = planning_layers()
    add = NEW_PLANT.changes[0]
    assert describe_change(add, layers, "vi") == (
        "Thêm nhà máy «Nhà máy mới» (loại quả tiếp nhận Nhãn; công suất (tấn/ngày) 10) tại "
        "vĩ độ 0,0000, kinh độ 0,2698")
    zones = {"op": "zones", "crop": "mango", "unit_code": "D1", "area_ha": 2000.0,
             "off_season": True}
    assert describe_change(zones, layers, "vi") == "Diện tích Xoài (trái vụ) ở Sông Mã: +2.000 ha"
    assert describe_change(zones, layers, "en") == "Mango (off-season) area in Sông Mã: +2,000 ha"
    remove = {"op": "remove", "layer": "plants", "id": "P1"}
    assert describe_change(remove, layers, "en") == "Remove processing plants P1 (Nhà máy P1)"
    params = {"op": "params", "max_haul_km": 80.0, "count_planned": True}
    assert describe_change(params, layers, "en") == (
        "Parameters: max haul 80 km; planned and under-construction facilities count")

"""Scenarios: changes applied exactly, the base data unchanged, saved in the workspace.

The numbers are worked out on paper in ``tests/planning_fixtures.py``.
"""

from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.errors import ScenarioError
from fruitmap.planning.scenarios import (
    Scenario,
    apply_scenario,
    balance_inputs,
    copy_scenario,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)
from fruitmap.workspace.geopackage import Workspace, create
from tests.planning_fixtures import PARAMS, deg, planning_layers

BASE = BalanceParams(**PARAMS)
NEW_PLANT = {"op": "add", "layer": "plants", "lon": deg(30), "lat": 0.0,
             "attrs": {"name": "Nhà máy mới", "kind": "factory", "crops": ["longan"],
                       "capacity_t_day": 10.0}}


def run(layers, changes):
    new, params = balance_inputs(layers, Scenario("s", changes=changes), BASE)
    return compute_balance(new, params)


def surplus(result, crop="longan", unit=None) -> float:
    rows = result.units[result.units["crop"] == crop]
    if unit is not None:
        rows = rows[rows["unit_code"] == unit]
    return round(float(rows["surplus_t"].sum()), 3)


def by_zone(result, column: str) -> dict:
    z = result.zones.groupby("zone_id")[column].sum() if column != "plants_in_reach" else \
        result.zones.groupby("zone_id")[column].max()
    return {k: round(float(v), 3) for k, v in z.items()}


def test_baseline_on_paper():
    result = compute_balance(planning_layers(), BASE)
    assert surplus(result) == 300.0
    assert surplus(result, "mango") == 50.0
    assert by_zone(result, "plants_in_reach") == {"Z1": 0, "Z2": 0, "Z3": 0, "Z4": 1, "M1": 0}


def test_added_plant_reaches_exactly_the_zones_within_haul():
    # New plant at 30 km: Z1 20 km × 1.3 = 26 km, Z2 10 km × 1.3 = 13 km (both in);
    # Z3 40 km × 1.3 = 52 km and Z4 (out); M1 is mango, which the plant does not take.
    result = run(planning_layers(), [NEW_PLANT])
    assert by_zone(result, "plants_in_reach") == {"Z1": 1, "Z2": 1, "Z3": 0, "Z4": 1, "M1": 0}
    assert by_zone(result, "processed_t") == {"Z1": 100.0, "Z2": 100.0, "Z3": 0.0,
                                              "Z4": 100.0, "M1": 0.0}
    assert surplus(result) == 100.0  # only Z3 is left
    assert "SC-1" in set(result.plants["plant_id"])
    sc = result.plants[(result.plants["plant_id"] == "SC-1") & (result.plants["month"] == 7)]
    assert float(sc["capacity_t"].iloc[0]) == 260.0
    assert float(sc["processed_t"].iloc[0]) == pytest.approx(200.0)


def test_removed_factory_capacity_is_gone():
    result = run(planning_layers(), [{"op": "remove", "layer": "plants", "id": "P1"}])
    assert "P1" not in set(result.plants["plant_id"])
    assert surplus(result) == 400.0
    assert float(result.units["processed_t"].sum()) == 0.0


def test_changed_capacity_and_count_planned():
    # P2 (planned) counted: reaches Z2 and Z3, 260 t a month → both processed.
    result = run(planning_layers(), [{"op": "params", "count_planned": True}])
    assert surplus(result) == 100.0  # only Z1
    # P2 counted but cut to 5 t/day (130 t): 130 of Z2 + Z3's 200 t are processed.
    result = run(planning_layers(), [
        {"op": "params", "count_planned": True},
        {"op": "change", "layer": "plants", "id": "P2", "attrs": {"capacity_t_day": 5.0}}])
    assert surplus(result) == 100.0 + 200.0 - 130.0


def test_yield_change_scales_supply_in_the_unit_only():
    result = run(planning_layers(), [{"op": "zones", "crop": "longan", "unit_code": "D2",
                                      "yield_pct": 50.0}])
    supply = result.units.groupby(["unit_code", "crop"])["supply_t"].sum().round(3).to_dict()
    assert supply[("D2", "longan")] == 300.0  # Z3 and Z4: 150 t each
    assert supply[("D1", "longan")] == 200.0
    assert supply[("D1", "mango")] == 50.0


def test_area_changes_in_ha_and_percent():
    layers = planning_layers()
    new, _ = apply_scenario(layers, [
        {"op": "zones", "crop": "longan", "unit_code": "D1", "area_ha": 10.0},
        {"op": "zones", "crop": "mango", "unit_code": None, "area_pct": -50.0}])
    z = new["zones"].set_index("zone_id")
    # +10 ha over Z1 and Z2 (20 ha): ×1.5 each, output with them.
    assert z.loc["Z1", "area_ha"] == 15.0 and z.loc["Z1", "expected_output_t"] == 150.0
    assert z.loc["Z3", "area_ha"] == 10.0 and z.loc["Z3", "expected_output_t"] == 100.0
    # M1 has no expected output: 2.5 ha × 10 t/ha = 25 t.
    assert z.loc["M1", "area_ha"] == 2.5
    result = compute_balance(new, BASE)
    assert surplus(result, "mango") == 25.0


def test_off_season_filter_and_unit_subtree():
    # Province P holds D1 and D2: the off-season filter alone picks Z4.
    new, _ = apply_scenario(planning_layers(), [
        {"op": "zones", "crop": "longan", "unit_code": "P", "off_season": True,
         "area_pct": 100.0}])
    out = new["zones"].set_index("zone_id")["expected_output_t"].to_dict()
    assert out["Z4"] == 200.0 and out["Z3"] == 100.0 and out["Z1"] == 100.0


def test_base_layers_unchanged():
    layers = planning_layers()
    before = copy.deepcopy(layers)
    apply_scenario(layers, [NEW_PLANT, {"op": "remove", "layer": "plants", "id": "P1"},
                            {"op": "change", "layer": "plants", "id": "P2",
                             "attrs": {"status": "operating"}, "lon": deg(50), "lat": 0.0},
                            {"op": "zones", "crop": "longan", "unit_code": "D1",
                             "yield_pct": 20.0}])
    for name in before:
        pd.testing.assert_frame_equal(layers[name], before[name])


def test_params_overrides():
    _, over = apply_scenario(planning_layers(), [
        {"op": "params", "max_haul_km": 80, "circuity": 1.4},
        {"op": "params", "operating_days": 20, "count_planned": True}])
    assert over == {"max_haul_km": 80.0, "circuity": 1.4, "operating_days": 20.0,
                    "plant_statuses": ("operating", "planned", "under_construction")}


@pytest.mark.parametrize("change, field, value", [
    ({"op": "remove", "layer": "plants", "id": "F99"}, "id", "F99"),
    ({"op": "change", "layer": "cold_stores", "id": "P1", "attrs": {}}, "id", "P1"),
    ({**NEW_PLANT, "attrs": {**NEW_PLANT["attrs"], "capacity_t_day": -5}}, "capacity_t_day",
     "-5"),
    ({**NEW_PLANT, "attrs": {**NEW_PLANT["attrs"], "crops": ["durian"]}}, "crops", "durian"),
    ({**NEW_PLANT, "lat": 95.0}, "lat", "95"),
    ({"op": "zones", "crop": "longan", "unit_code": "XX", "area_pct": 5}, "unit_code", "XX"),
    ({"op": "zones", "crop": "mango", "unit_code": "D2", "area_pct": 5}, "crop", "mango"),
    ({"op": "zones", "crop": "longan", "unit_code": "D1", "area_ha": -30}, "area_ha", "-30"),
    ({"op": "params", "circuity": 0.5}, "circuity", "0.5"),
    ({"op": "build"}, "op", "build"),
])
def test_refused_changes_name_change_field_value(change, field, value):
    with pytest.raises(ScenarioError) as info:
        apply_scenario(planning_layers(), [{"op": "params"}, change])
    en, vi = info.value.message("en"), info.value.message("vi")
    assert "Change 2" in en and f"“{field}”" in en and value in en and "expected" in en
    assert "Thay đổi thứ 2" in vi and "cần" in vi


@pytest.fixture()
def ws(tmp_path) -> Workspace:
    return create(tmp_path / "ws", planning_layers())


def test_saved_scenario_survives_reopen(ws):
    save_scenario(ws, "Nhà máy mới", "Thêm 10 t/ngày", [NEW_PLANT], "tester")
    again = Workspace(ws.path)  # a restart: a new object on the same folder
    listed = list_scenarios(again)
    assert list(listed["name"]) == ["Nhà máy mới"] and listed["n_changes"].iloc[0] == 1
    loaded = load_scenario(again, "nhà máy mới")
    assert loaded.description == "Thêm 10 t/ngày"
    assert loaded.changes[0]["attrs"]["crops"] == ["longan"]
    assert loaded.created and loaded.updated
    # The base layers are as they were: the plant is in the scenario only.
    assert list(again.read("plants")["plant_id"]) == ["P1", "P2"]
    assert surplus(run(again.read_all(), loaded.changes)) == 100.0
    hist = again.history()
    assert hist["action"].iloc[0] == "save scenario" and hist["layer"].iloc[0] == "scenarios"


def test_scenario_save_is_rolled_back_with_history(ws):
    save_scenario(ws, "A", "", [NEW_PLANT], "tester")
    save_scenario(ws, "A", "more", [NEW_PLANT, {"op": "params", "count_planned": True}])
    assert len(load_scenario(ws, "A").changes) == 2
    version = ws.history()["version_id"].iloc[0]
    ws.rollback("scenarios", version)
    back = load_scenario(Workspace(ws.path), "A")
    assert len(back.changes) == 1 and back.description == ""


def test_refused_save_writes_nothing(ws):
    n = len(ws.history())
    with pytest.raises(ScenarioError, match="F99"):
        save_scenario(ws, "Bad", "", [{"op": "remove", "layer": "plants", "id": "F99"}])
    with pytest.raises(ScenarioError):
        save_scenario(ws, "  ", "", [])
    assert len(ws.history()) == n
    assert list_scenarios(ws).empty


def test_copy_rename_delete(ws):
    save_scenario(ws, "A", "d", [NEW_PLANT])
    copy_scenario(ws, "A", "B")
    assert load_scenario(ws, "B").changes == load_scenario(ws, "A").changes
    with pytest.raises(ScenarioError):
        rename_scenario(ws, "B", "a")  # taken (names ignore case)
    rename_scenario(ws, "B", "C")
    assert list(list_scenarios(ws)["name"]) == ["A", "C"]
    delete_scenario(ws, "A")
    assert list(list_scenarios(ws)["name"]) == ["C"]
    with pytest.raises(ScenarioError) as info:
        load_scenario(ws, "A")
    assert "C" in info.value.message("en") and "“A”" in info.value.message("en")


def test_changes_stored_as_json(ws):
    save_scenario(ws, "J", "", [{"op": "params", "max_haul_km": 70}])
    stored = ws.read("scenarios")
    assert json.loads(stored["changes"].iloc[0]) == [{"op": "params", "max_haul_km": 70.0}]


def test_scenarios_saved_loaded_and_rolled_back_on_either_backend(new_workspace, backend):
    """The scenarios table works the same in a GeoPackage folder and in PostGIS."""
    ws = new_workspace(planning_layers())
    save_scenario(ws, "Nhà máy mới", "Thêm 10 t/ngày", [NEW_PLANT], "tester")
    save_scenario(ws, "Nhà máy mới", "", [NEW_PLANT, {"op": "params", "count_planned": True}])
    loaded = load_scenario(ws, "nhà máy mới")
    assert len(loaded.changes) == 2 and loaded.changes[0]["attrs"]["crops"] == ["longan"]
    assert surplus(run(ws.read_all(), loaded.changes[:1])) == 100.0
    ws.rollback("scenarios", ws.history()["version_id"].iloc[0])
    back = load_scenario(ws, "Nhà máy mới")
    assert len(back.changes) == 1 and back.description == "Thêm 10 t/ngày"
    assert list(ws.read("plants")["plant_id"]) == ["P1", "P2"]

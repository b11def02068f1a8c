"""The supply–capacity balance on tiny hand-made cases whose answers are worked out on paper.

Every place lies on the equator, so positions are kilometres east of 0°E on the great circle:
with the Earth radius R = 6371.0088 km used by the engine, 1° of longitude there is
2πR/360 = 111.19508 km. Plants work 26 days a month, so 1 t/day is 26 t/month.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from fruitmap.balance.geo import EARTH_RADIUS_KM, great_circle_km
from fruitmap.balance.solve import BalanceParams, compute_balance, roll_up
from fruitmap.errors import BalanceError

KM_PER_DEG = 2 * np.pi * EARTH_RADIUS_KM / 360
ALL = tuple(range(1, 13))
EXACT = dict(aggregate_km=0)


def at(km: float) -> Point:
    """A point ``km`` kilometres east of (0°, 0°) along the equator."""
    return Point(km / KM_PER_DEG, 0.0)


def zones_layer(rows):
    """rows: (zone_id, crop, tonnes, start, end, km, unit_code)."""
    return gpd.GeoDataFrame({
        "zone_id": [r[0] for r in rows], "name": [r[0] for r in rows],
        "crop": [r[1] for r in rows], "area_ha": [1.0] * len(rows),
        "expected_output_t": [float(r[2]) for r in rows],
        "harvest_start": pd.array([r[3] for r in rows], dtype="Int64"),
        "harvest_end": pd.array([r[4] for r in rows], dtype="Int64"),
        "unit_code": [r[6] for r in rows],
    }, geometry=[at(r[5]) for r in rows], crs="EPSG:4326")


def plants_layer(rows):
    """rows: (plant_id, crops, t_day, months, km[, status])."""
    return gpd.GeoDataFrame({
        "plant_id": [r[0] for r in rows], "name": [r[0] for r in rows],
        "kind": ["factory"] * len(rows), "crops": [tuple(r[1]) for r in rows],
        "capacity_t_day": [float(r[2]) for r in rows],
        "operating_months": [tuple(r[3]) for r in rows],
        "status": [r[5] if len(r) > 5 else "operating" for r in rows],
    }, geometry=[at(r[4]) for r in rows], crs="EPSG:4326")


def stores_layer(rows):
    """rows: (store_id, crops, capacity_t, km[, status])."""
    return gpd.GeoDataFrame({
        "store_id": [r[0] for r in rows], "name": [r[0] for r in rows],
        "capacity_t": [float(r[2]) for r in rows], "crops": [tuple(r[1]) for r in rows],
        "status": [r[4] if len(r) > 4 else "operating" for r in rows],
    }, geometry=[at(r[3]) for r in rows], crs="EPSG:4326")


def markets_table(crop, by_month):
    return pd.DataFrame({"crop": [crop] * len(by_month), "month": list(by_month),
                         "fresh_capacity_t": [float(v) for v in by_month.values()]})


def layers(zones, plants=(), stores=(), markets=None, **extra):
    out = {"zones": zones_layer(zones), "plants": plants_layer(plants),
           "cold_stores": stores_layer(stores),
           "markets": markets if markets is not None else markets_table("longan", {})}
    out.update(extra)
    return out


def row(result, unit, month):
    """The balance row of ``unit`` in ``month`` as a dict of rounded tonnes."""
    r = result.units[(result.units["unit_code"] == unit) & (result.units["month"] == month)]
    assert len(r) == 1
    cols = ["supply_t", "released_t", "fresh_t", "processed_t", "stored_t", "surplus_t"]
    return {c.removesuffix("_t"): round(float(r.iloc[0][c]), 3) for c in cols}


def processed(result, plant, month):
    p = result.plants[(result.plants["plant_id"] == plant) & (result.plants["month"] == month)]
    return round(float(p["processed_t"].sum()), 3)


def bal(supply=0, released=0, fresh=0, processed=0, stored=0, surplus=0):
    return dict(supply=supply, released=released, fresh=fresh, processed=processed,
                stored=stored, surplus=surplus)


def test_distance_convention():
    assert great_circle_km(0, 0, 1, 0)[()] == pytest.approx(111.19508, abs=1e-4)
    assert great_circle_km(at(0).x, 0, at(30).x, 0)[()] == pytest.approx(30.0, abs=1e-9)


def test_plant_out_of_reach():
    # Z1 at 0 km: 100 t of longan in July. P1 at 30 km (road 39 km) takes 2 t/day = 52 t;
    # P2 at 45 km great-circle is 58.5 km by road (×1.3) > 50 km: out of reach.
    # Fresh market 20 t in July. 100 = 20 fresh + 52 processed + 28 surplus.
    lay = layers([("Z1", "longan", 100, 7, 7, 0, "D1")],
                 plants=[("P1", ["longan"], 2, ALL, 30), ("P2", ["longan"], 100, ALL, 45)],
                 markets=markets_table("longan", {7: 20}))
    res = compute_balance(lay, BalanceParams(max_haul_km=50, circuity=1.3, **EXACT))
    assert row(res, "D1", 7) == bal(supply=100, fresh=20, processed=52, surplus=28)
    assert processed(res, "P2", 7) == 0
    assert res.zones.loc[res.zones["month"] == 7, "plants_in_reach"].iloc[0] == 1
    # With a straight road (circuity 1) P2 is 45 km away, within reach: nothing is left.
    res = compute_balance(lay, BalanceParams(max_haul_km=50, circuity=1.0, **EXACT))
    assert row(res, "D1", 7) == bal(supply=100, fresh=20, processed=80, surplus=0)
    # Shortest haul first: P1 (30 km) is filled before P2 (45 km).
    assert processed(res, "P1", 7) == 52 and processed(res, "P2", 7) == 28


def test_plant_that_does_not_accept_the_crop():
    # 60 t of mango in June; P1 (longan only) is next door with plenty of capacity;
    # P2 takes mango, 1 t/day = 26 t. No fresh market: 60 = 26 processed + 34 surplus.
    lay = layers([("Z1", "mango", 60, 6, 6, 0, "D1")],
                 plants=[("P1", ["longan"], 50, ALL, 1), ("P2", ["mango", "plum"], 1, ALL, 20)])
    res = compute_balance(lay, BalanceParams(**EXACT))
    assert row(res, "D1", 6) == bal(supply=60, processed=26, surplus=34)
    assert processed(res, "P1", 6) == 0
    assert set(res.plant_crops["plant_id"]) == {"P2"}


def test_plant_closed_that_month():
    # 80 t of plum in May. P1 (5 t/day) only works in June and July; P2 (1 t/day) in May.
    # Fresh 10 t in May. May: 10 fresh + 26 processed at P2 + 44 surplus.
    lay = layers([("Z1", "plum", 80, 5, 5, 0, "D1")],
                 plants=[("P1", ["plum"], 5, (6, 7), 10), ("P2", ["plum"], 1, (5,), 10)],
                 markets=markets_table("plum", {5: 10}))
    res = compute_balance(lay, BalanceParams(**EXACT))
    assert row(res, "D1", 5) == bal(supply=80, fresh=10, processed=26, surplus=44)
    assert processed(res, "P1", 5) == 0
    p1 = res.plants[res.plants["plant_id"] == "P1"].set_index("month")
    assert p1.loc[5, "capacity_t"] == 0 and p1.loc[6, "capacity_t"] == 130


def test_cold_store_shifts_the_peak_into_the_next_month():
    # 100 t of longan in July; P1 takes 52 t a month; fresh 10 t in July and in August;
    # S1 takes in 30 t a month. July: 10 fresh + 52 processed + 30 stored + 8 surplus.
    # August: the 30 t released: 10 sold fresh, 20 processed.
    lay = layers([("Z1", "longan", 100, 7, 7, 0, "D1")],
                 plants=[("P1", ["longan"], 2, ALL, 20)],
                 stores=[("S1", ["longan", "mango"], 30, 5)],
                 markets=markets_table("longan", {7: 10, 8: 10}))
    res = compute_balance(lay, BalanceParams(**EXACT))
    assert row(res, "D1", 7) == bal(supply=100, fresh=10, processed=52, stored=30, surplus=8)
    assert row(res, "D1", 8) == bal(released=30, fresh=10, processed=20)
    s1 = res.stores.set_index("month")
    assert s1.loc[7, "intake_t"] == pytest.approx(30) and s1.loc[8, "released_t"] == \
        pytest.approx(30)
    # Without the store, the 38 t beyond July's capacity are surplus.
    lay["cold_stores"] = stores_layer([])
    res = compute_balance(lay, BalanceParams(**EXACT))
    assert row(res, "D1", 7) == bal(supply=100, fresh=10, processed=52, surplus=38)


def test_december_storage_is_released_in_january():
    # 90 t of orange harvested November to January (window 11–1 wraps): 30 t a month.
    # P1 (2 t/day = 52 t) works only in January and February; no fresh market; S1 40 t/month.
    # Nov: nothing can use fruit stored now in December → 30 surplus.
    # Dec: 30 stored, released in January. Jan: 30 harvested + 30 released; P1 takes 52,
    # 8 stored for February (released fruit is not stored again). Feb: 8 processed.
    lay = layers([("Z1", "orange", 90, 11, 1, 0, "D1")],
                 plants=[("P1", ["orange"], 2, (1, 2), 10)],
                 stores=[("S1", ["orange"], 40, 10)],
                 markets=markets_table("orange", {}))
    res = compute_balance(lay, BalanceParams(**EXACT))
    assert row(res, "D1", 11) == bal(supply=30, surplus=30)
    assert row(res, "D1", 12) == bal(supply=30, stored=30)
    assert row(res, "D1", 1) == bal(supply=30, released=30, processed=52, stored=8)
    assert row(res, "D1", 2) == bal(released=8, processed=8)
    s1 = res.stores.set_index("month")
    assert s1.loc[12, "intake_t"] == pytest.approx(30)
    assert s1.loc[1, "released_t"] == pytest.approx(30)
    assert s1.loc[1, "intake_t"] == pytest.approx(8)


def test_two_zones_compete_for_one_plant():
    # Z1 (0 km) and Z2 (40 km) each harvest 60 t of longan in July. P1 at 10 km (78 t a
    # month) is in reach of both; P2 at 60 km (26 t) only of Z2 (Z1 is 60 km away > 50).
    # Most used: 26 at P2 from Z2, 78 at P1 → 104 of 120; 16 t are left. The shorter haul
    # to P1 is Z1's (10 km against 30 km), so Z1 sells everything and Z2 keeps the 16 t.
    lay = layers([("Z1", "longan", 60, 7, 7, 0, "D1"), ("Z2", "longan", 60, 7, 7, 40, "D2")],
                 plants=[("P1", ["longan"], 3, ALL, 10), ("P2", ["longan"], 1, ALL, 60)])
    res = compute_balance(lay, BalanceParams(max_haul_km=50, circuity=1.0, **EXACT))
    assert row(res, "D1", 7) == bal(supply=60, processed=60)
    assert row(res, "D2", 7) == bal(supply=60, processed=44, surplus=16)
    assert processed(res, "P1", 7) == 78 and processed(res, "P2", 7) == 26
    z = res.zones[res.zones["month"] == 7].set_index("zone_id")
    assert z.loc["Z1", "haul_km"] == pytest.approx(10)
    assert z.loc["Z2", "haul_km"] == pytest.approx((26 * 20 + 18 * 30) / 44)
    assert res.surplus_zones(crop="longan", month=7)["zone_id"].tolist() == ["Z2"]


def test_planned_plants_count_only_in_a_scenario():
    lay = layers([("Z1", "longan", 52, 7, 7, 0, "D1")],
                 plants=[("P1", ["longan"], 2, ALL, 10, "planned")])
    assert row(compute_balance(lay, BalanceParams(**EXACT)), "D1", 7)["surplus"] == 52
    statuses = ("operating", "planned", "under_construction")
    res = compute_balance(lay, BalanceParams(plant_statuses=statuses, **EXACT))
    assert row(res, "D1", 7) == bal(supply=52, processed=52)


def test_crop_calendar_spreads_zones_without_a_window():
    cal = pd.DataFrame({"crop": ["longan"] * 3, "month": [7, 8, 9],
                        "harvest_share": [0.5, 0.3, 0.2]})
    lay = layers([("Z1", "longan", 100, None, None, 0, "D1")], crop_calendar=cal)
    res = compute_balance(lay, BalanceParams())
    supply = res.units.set_index("month")["supply_t"]
    assert supply[7] == pytest.approx(50) and supply[9] == pytest.approx(20)
    assert supply.sum() == pytest.approx(100)
    assert res.units["surplus_t"].sum() == pytest.approx(100)


def test_output_from_area_and_yield():
    lay = layers([("Z1", "longan", 0, 7, 8, 0, "D1")])
    lay["zones"]["expected_output_t"] = np.nan
    lay["zones"]["area_ha"] = [10.0]
    lay["zones"]["yield_t_ha"] = [4.0]
    res = compute_balance(lay, BalanceParams())
    assert res.units["supply_t"].sum() == pytest.approx(40)
    assert row(res, "D1", 8)["supply"] == 20


def test_zones_are_attributed_to_the_finest_unit():
    # A province covering two districts; Z1 names D1 itself, Z2 has no code and lies in D2,
    # Z3 names a code no unit has and lies in D1.
    half = 20 / KM_PER_DEG
    admin = gpd.GeoDataFrame({
        "unit_code": ["14", "D1", "D2"], "name": ["Tỉnh", "Huyện 1", "Huyện 2"],
        "level": ["province", "district", "district"], "parent_code": [None, "14", "14"],
    }, geometry=[box(-half, -1, 2 * half, 1), box(-half, -1, half / 2, 1),
                 box(half / 2, -1, 2 * half, 1)], crs="EPSG:4326")
    lay = layers([("Z1", "longan", 10, 7, 7, 15, "D1"), ("Z2", "longan", 20, 7, 7, 15, None),
                  ("Z3", "longan", 40, 7, 7, 0, "XX")], admin_units=admin)
    res = compute_balance(lay, BalanceParams())
    july = res.units[res.units["month"] == 7].set_index("unit_code")
    assert july.loc["D1", "supply_t"] == pytest.approx(50)
    assert july.loc["D2", "supply_t"] == pytest.approx(20)
    assert july.loc["D2", "unit_name"] == "Huyện 2"
    up = roll_up(res.units, admin, "province")
    assert up.loc[up["month"] == 7, "supply_t"].sum() == pytest.approx(70)
    assert set(up["unit_code"]) == {"14"}


def test_empty_workspace_gives_empty_tables():
    res = compute_balance({}, BalanceParams())
    assert len(res.units) == 0 and list(res.units.columns)[:4] == ["unit_code", "unit_name",
                                                                    "crop", "month"]
    assert len(res.zones) == 0 and len(res.plants) == 0
    assert len(res.province_totals()) == 0


def test_no_fresh_market_no_facilities_everything_is_surplus():
    res = compute_balance(layers([("Z1", "avocado", 12, 8, 10, 0, "D1")]), BalanceParams())
    assert res.units["surplus_t"].sum() == pytest.approx(12)
    assert row(res, "D1", 9) == bal(supply=4, surplus=4)


@pytest.mark.parametrize("params, name", [
    (dict(max_haul_km=-1), "max_haul_km"),
    (dict(circuity=0.9), "circuity"),
    (dict(operating_days=40), "operating_days"),
    (dict(plant_statuses=("closed",)), "plant_statuses"),
])
def test_bad_parameters_are_refused(params, name):
    with pytest.raises(BalanceError) as err:
        compute_balance(layers([("Z1", "longan", 1, 7, 7, 0, "D1")]), BalanceParams(**params))
    assert err.value.code == "balance_bad_param" and name in err.value.message("en")
    assert name in err.value.message("vi")


def test_zone_without_harvest_months_is_refused_in_plain_words():
    with pytest.raises(BalanceError) as err:
        compute_balance(layers([("Z1", "longan", 10, None, None, 0, "D1")]), BalanceParams())
    msg = err.value.message("en")
    assert "Z1" in msg and "longan" in msg and "crop_calendar" in msg


def test_negative_output_and_missing_location_are_refused():
    lay = layers([("Z1", "longan", -5, 7, 7, 0, "D1")])
    with pytest.raises(BalanceError, match="expected_output_t"):
        compute_balance(lay, BalanceParams())
    lay = layers([("Z1", "longan", 5, 7, 7, 0, "D1")])
    lay["zones"] = lay["zones"].set_geometry([None])
    with pytest.raises(BalanceError) as err:
        compute_balance(lay, BalanceParams())
    assert err.value.code == "balance_no_location" and "Z1" in err.value.message("vi")


def test_facility_without_location_is_refused_only_when_it_counts():
    lay = layers([("Z1", "longan", 52, 7, 7, 0, "D1")],
                 plants=[("P1", ["longan"], 2, ALL, 10), ("P2", ["longan"], 2, ALL, 10,
                                                          "planned")])
    lay["plants"] = lay["plants"].set_geometry([at(10), None])
    res = compute_balance(lay, BalanceParams(**EXACT))
    assert row(res, "D1", 7) == bal(supply=52, processed=52)
    statuses = ("operating", "planned")
    with pytest.raises(BalanceError) as err:
        compute_balance(lay, BalanceParams(plant_statuses=statuses, **EXACT))
    assert "P2" in err.value.message("en") and "plants" in err.value.message("en")


def test_aggregated_mode_keeps_totals_and_mass_balance():
    zones = [(f"Z{k}", "longan", 10 + k, 7, 8, k * 0.5, "D1") for k in range(6)]
    lay = layers(zones, plants=[("P1", ["longan"], 1, ALL, 3), ("P2", ["longan"], 1, ALL, 4)],
                 stores=[("S1", ["longan"], 10, 2)], markets=markets_table("longan", {8: 5}))
    exact = compute_balance(lay, BalanceParams(**EXACT))
    agg = compute_balance(lay, BalanceParams(aggregate_km=10))
    assert exact.exact and not agg.exact
    # All six zones and both plants fall in one cell and reach everything: same optimum.
    assert agg.units["surplus_t"].sum() == pytest.approx(exact.units["surplus_t"].sum())
    u = agg.zones
    lhs = u["supply_t"] + u["released_t"]
    rhs = u["fresh_t"] + u["processed_t"] + u["stored_t"] + u["surplus_t"]
    assert np.abs(lhs - rhs).max() < 0.01


def test_demo_glut_is_believable(demo_ws_path):
    """The Son La demo: longan's surplus sits in the July–September peak, most of it in
    Sông Mã, and the demo is solved exactly."""
    from fruitmap.workspace.geopackage import Workspace

    res = compute_balance(Workspace(demo_ws_path).read_all(), BalanceParams())
    assert res.exact
    longan = res.province_totals().query("crop == 'longan'").set_index("month")["surplus_t"]
    assert longan.loc[[7, 8, 9]].sum() > 0.5 * longan.sum() > 0
    peak = res.units[(res.units["crop"] == "longan") & res.units["month"].isin([7, 8, 9])]
    by_unit = peak.groupby("unit_name")["surplus_t"].sum()
    assert by_unit.idxmax() == "Sông Mã"
    u = res.units
    assert (u["supply_t"] + u["released_t"] - u["fresh_t"] - u["processed_t"] - u["stored_t"]
            - u["surplus_t"]).abs().max() < 0.01

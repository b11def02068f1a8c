"""The balance is a function of the data: the order of the rows never moves tonnes.

Among the allocations that use the most fruit, store the least and haul the shortest there
are often many (two zones at the same distance from a plant too small for both; zones that
share a province-wide fresh market). Stage 4 of :func:`fruitmap.balance.lp.solve_network`
picks one by fixed weights computed from the ids, and the inputs are read in a canonical
order, so permuting the rows of any layer leaves every row of the balance as it was.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fruitmap.balance.inputs as balance_inputs
import fruitmap.balance.lp as balance_lp
from fruitmap.balance.solve import BalanceParams, compute_balance, roll_up
from tests.test_balance import ALL, EXACT, layers, markets_table, row
from tests.test_balance_properties import instances

QTY = ["supply_t", "released_t", "fresh_t", "processed_t", "stored_t", "surplus_t"]


def permuted(lay: dict, seed: int) -> dict:
    """Every layer and table with its rows in a random order (seeded)."""
    rng = np.random.default_rng(seed)
    return {name: (df.iloc[rng.permutation(len(df))].reset_index(drop=True)
                   if isinstance(df, pd.DataFrame) and len(df) > 1 else df)
            for name, df in lay.items()}


def reversed_rows(lay: dict) -> dict:
    return {name: (df.iloc[::-1].reset_index(drop=True) if isinstance(df, pd.DataFrame)
                   else df) for name, df in lay.items()}


def keyed(table: pd.DataFrame, keys: list[str], cols=QTY) -> pd.DataFrame:
    return table.set_index(keys).sort_index()[cols]


def assert_same_rows(a, b, tol=0.01):
    """Unit, zone and plant rows of two results agree to ``tol`` tonnes."""
    pairs = [(keyed(a.units, ["unit_code", "crop", "month"]),
              keyed(b.units, ["unit_code", "crop", "month"])),
             (keyed(a.zones, ["zone_id", "month"]), keyed(b.zones, ["zone_id", "month"])),
             (keyed(a.plants, ["plant_id", "month"], ["processed_t"]),
              keyed(b.plants, ["plant_id", "month"], ["processed_t"])),
             (keyed(a.stores, ["store_id", "month"], ["intake_t", "released_t"]),
              keyed(b.stores, ["store_id", "month"], ["intake_t", "released_t"]))]
    for x, y in pairs:
        assert x.index.equals(y.index)
        diff = np.abs(x.to_numpy() - y.to_numpy()).max(initial=0.0)
        assert diff < tol, f"rows moved by {diff:.3f} t"


def assert_mass_balance(result):
    for table in (result.units, result.zones):
        lhs = table["supply_t"] + table["released_t"]
        rhs = table["fresh_t"] + table["processed_t"] + table["stored_t"] + table["surplus_t"]
        assert np.abs((lhs - rhs).to_numpy()).max(initial=0.0) < 0.01


@pytest.fixture()
def no_canonical_order(monkeypatch):
    """Read the layers in the order given, so that only stage 4 can make rows agree."""
    monkeypatch.setattr(balance_inputs, "canonical_order",
                        lambda ids, *keys: np.arange(len(ids)))


def equidistant_pair():
    # Z1 at −10 km (district D1) and Z2 at +10 km (D2) each harvest 60 t of longan in July;
    # the one plant, at 0 km, takes 2 t/day × 26 = 52 t. No market, no store. Used: 52 t
    # either way, same haul (10 km a tonne): every split of the 52 t is optimal for
    # stages 1–3, so only the tie-break decides the district rows.
    return layers([("Z1", "longan", 60, 7, 7, -10, "D1"), ("Z2", "longan", 60, 7, 7, 10, "D2")],
                  plants=[("P1", ["longan"], 2, ALL, 0)])


PARAMS = BalanceParams(max_haul_km=50, circuity=1.0, **EXACT)


@pytest.mark.parametrize("sorted_inputs", [True, False], ids=["canonical", "as-given"])
def test_two_equidistant_zones_and_a_small_plant(sorted_inputs, request):
    if not sorted_inputs:
        request.getfixturevalue("no_canonical_order")
    lay = equidistant_pair()
    first = compute_balance(lay, PARAMS)
    second = compute_balance(reversed_rows(lay), PARAMS)
    assert first.stats["tie_break"] and second.stats["tie_break"]
    assert_same_rows(first, second)
    assert_mass_balance(first)
    d1, d2 = row(first, "D1", 7), row(first, "D2", 7)
    # The optimum is kept: 52 t processed in all, 68 t left, at 10 km a tonne.
    assert d1["processed"] + d2["processed"] == pytest.approx(52)
    assert d1["surplus"] + d2["surplus"] == pytest.approx(68)
    assert first.stats["haul_tkm"] == pytest.approx(520)
    # A vertex: one zone is served first (which one is fixed by the ids, not by the order).
    assert sorted([d1["processed"], d2["processed"]]) == pytest.approx([0, 52])


@pytest.mark.parametrize("sorted_inputs", [True, False], ids=["canonical", "as-given"])
def test_zones_sharing_the_fresh_market(sorted_inputs, request):
    # Three zones of mango, no plant in reach: the fresh market (50 t in June) can go to any
    # of them, a full tie. Their districts must not swap tonnes with the order of the rows.
    if not sorted_inputs:
        request.getfixturevalue("no_canonical_order")
    lay = layers([("ZA", "mango", 30, 6, 6, 0, "D1"), ("ZB", "mango", 30, 6, 6, 200, "D2"),
                  ("ZC", "mango", 30, 6, 6, 400, "D3")],
                 markets=markets_table("mango", {6: 50}))
    results = [compute_balance(lay, PARAMS)] + [compute_balance(permuted(lay, s), PARAMS)
                                                for s in range(4)]
    for other in results[1:]:
        assert_same_rows(results[0], other)
    units = results[0].units[results[0].units["month"] == 6]
    assert units["fresh_t"].sum() == pytest.approx(50)
    assert units["surplus_t"].sum() == pytest.approx(40)


@pytest.mark.parametrize("sorted_inputs", [True, False], ids=["canonical", "as-given"])
def test_two_equidistant_plants_share_one_zone(sorted_inputs, request):
    # One zone (90 t in August) halfway between two plants of 52 t a month: which plant takes
    # what is a tie too; the plant rows must be the same whatever the order.
    if not sorted_inputs:
        request.getfixturevalue("no_canonical_order")
    lay = layers([("Z1", "longan", 90, 8, 8, 0, "D1")],
                 plants=[("P1", ["longan"], 2, ALL, -20), ("P2", ["longan"], 2, ALL, 20)],
                 stores=[("S1", ["longan"], 40, -5), ("S2", ["longan"], 40, 5)],
                 markets=markets_table("longan", {9: 10}))
    a = compute_balance(lay, PARAMS)
    b = compute_balance(reversed_rows(lay), PARAMS)
    assert_same_rows(a, b)
    assert_mass_balance(a)
    # 90 t: 52 + 38 at the plants, nothing left to store; stage 2 stores nothing.
    assert row(a, "D1", 8) == {"supply": 90, "released": 0, "fresh": 0, "processed": 90,
                               "stored": 0, "surplus": 0}


def test_tie_break_keeps_the_three_optima(monkeypatch):
    # With every preference weight 0, stage 4 changes nothing: used, stored and haul of the
    # tie-broken allocation must equal those of stage 3.
    lay = equidistant_pair()
    lay["cold_stores"] = layers([], stores=[("S1", ["longan"], 30, 5)])["cold_stores"]
    lay["markets"] = markets_table("longan", {8: 20})
    with_ties = compute_balance(lay, PARAMS)
    monkeypatch.setattr(balance_lp, "tie_weights",
                        lambda kind, *parts: np.zeros(len(parts[0])))
    plain = compute_balance(lay, PARAMS)
    for key in ("used_t", "stored_t", "haul_tkm"):
        assert with_ties.stats[key] == pytest.approx(plain.stats[key], abs=1e-6)


def test_demo_district_rows_do_not_depend_on_the_order_of_rows():
    from fruitmap.demo import build_demo_layers

    lay = build_demo_layers()
    base = compute_balance(lay, BalanceParams())
    assert base.exact and base.stats["tie_break"]
    district = roll_up(base.units, lay["admin_units"], "district")
    assert len(district)
    for seed in (1, 2):
        other = compute_balance(permuted(lay, seed), BalanceParams())
        assert_same_rows(base, other)
        moved = roll_up(other.units, lay["admin_units"], "district")
        a = keyed(district, ["unit_code", "crop", "month"])
        b = keyed(moved, ["unit_code", "crop", "month"])
        assert a.index.equals(b.index)
        assert np.abs(a.to_numpy() - b.to_numpy()).max() < 0.01
    assert_mass_balance(base)


def test_aggregated_rows_do_not_depend_on_the_order_of_rows():
    from benchmarks.bench_balance import build

    lay = build(n_communes=40, n_zones=1500, n_plants=80, n_stores=20, seed=3)
    params = BalanceParams(aggregate_km=40)
    base = compute_balance(lay, params)
    assert not base.exact and base.stats["tie_break"]
    other = compute_balance(permuted(lay, 5), params)
    assert_same_rows(base, other)
    assert base.surplus_bounds_t == pytest.approx(other.surplus_bounds_t, abs=0.01)
    assert_mass_balance(base)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**31 - 1))
def test_random_permutations_leave_every_row_unchanged(case, seed):
    lay, params, _ = case
    a = compute_balance(lay, params)
    b = compute_balance(permuted(lay, seed), params)
    assert_same_rows(a, b)
    assert_mass_balance(b)
    assert b.stats.get("used_t", 0.0) == pytest.approx(a.stats.get("used_t", 0.0), abs=1e-6)


def test_a_facility_out_of_everyones_reach_changes_no_row():
    # A scenario's difference map must show only what the scenario changed: a plant and a
    # cold store placed where no zone can reach them add rows to the program (their months)
    # but no arc, and every zone, district and facility row stays as it was.
    from shapely.geometry import Point

    from fruitmap.demo import build_demo_layers

    lay = build_demo_layers()
    base = compute_balance(lay, BalanceParams())
    far = dict(lay)
    plant = lay["plants"].iloc[[0]].copy()
    plant["plant_id"] = "AAA-FAR"  # sorts first: every other plant's position moves
    plant = plant.set_geometry([Point(120.0, 30.0)], crs=lay["plants"].crs)
    store = lay["cold_stores"].iloc[[0]].copy()
    store["store_id"] = "AAA-FAR"
    store = store.set_geometry([Point(120.0, 30.0)], crs=lay["cold_stores"].crs)
    far["plants"] = pd.concat([plant, lay["plants"]], ignore_index=True)
    far["cold_stores"] = pd.concat([store, lay["cold_stores"]], ignore_index=True)
    other = compute_balance(far, BalanceParams())
    assert other.stats["n_rows"] > base.stats["n_rows"]
    a = keyed(base.zones, ["zone_id", "month"])
    b = keyed(other.zones, ["zone_id", "month"])
    assert np.abs(a.to_numpy() - b.to_numpy()).max() < 0.01
    pa = keyed(base.plants, ["plant_id", "month"], ["processed_t"])
    pb = keyed(other.plants, ["plant_id", "month"], ["processed_t"]).drop(index="AAA-FAR")
    assert np.abs(pa.to_numpy() - pb.to_numpy()).max() < 0.01


def test_a_failed_tie_break_falls_back_to_stage_3(monkeypatch):
    # If the face fixed from the duals were empty for the solver, the balance keeps stage 3's
    # allocation (and says so) instead of failing. Forced here by making every row tight:
    # both zones would have to ship all 120 t to a plant of 52 t, which is infeasible.
    original = balance_lp._Program.restrict_to_optimal_face

    def every_row_tight(self, cost, tol):
        original(self, cost, tol)
        rows = np.arange(len(self.b), dtype=np.int32)
        self.h.changeRowsBounds(len(rows), rows, self.b, self.b)
        fixed, _, allowed = self._face
        self._face = (fixed, rows, allowed)

    monkeypatch.setattr(balance_lp._Program, "restrict_to_optimal_face", every_row_tight)
    res = compute_balance(equidistant_pair(), PARAMS)
    assert res.stats["tie_break"] is False
    assert res.stats["used_t"] == pytest.approx(52)
    assert res.stats["haul_tkm"] == pytest.approx(520)
    assert_mass_balance(res)

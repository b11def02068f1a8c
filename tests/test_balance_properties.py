"""Properties of the balance on small random instances (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fruitmap.balance.solve import BalanceParams, compute_balance
from tests.test_balance import layers, markets_table

CROPS = ("longan", "mango")
MONTH_SETS = st.sets(st.integers(1, 12), min_size=1, max_size=12).map(lambda s: tuple(sorted(s)))

zone_st = st.tuples(st.sampled_from(CROPS), st.floats(0, 200), st.integers(1, 12),
                    st.integers(1, 12), st.floats(0, 120), st.sampled_from(["D1", "D2"]))
plant_st = st.tuples(st.lists(st.sampled_from(CROPS), min_size=1, max_size=2, unique=True),
                     st.floats(0, 5), MONTH_SETS, st.floats(0, 120),
                     st.sampled_from(["operating", "operating", "planned"]))
store_st = st.tuples(st.lists(st.sampled_from(CROPS), min_size=1, max_size=2, unique=True),
                     st.floats(0, 60), st.floats(0, 120))
market_st = st.dictionaries(st.integers(1, 12), st.floats(0, 40), max_size=6)


@st.composite
def instances(draw):
    zones = [(f"Z{k}", *z[:4], z[4], z[5]) for k, z in
             enumerate(draw(st.lists(zone_st, min_size=1, max_size=5)))]
    zones = [(zid, crop, t, s, e, km, unit) for zid, crop, t, s, e, km, unit in zones]
    plants = [(f"P{k}", p[0], p[1], p[2], p[3], p[4]) for k, p in
              enumerate(draw(st.lists(plant_st, max_size=3)))]
    stores = [(f"S{k}", s[0], s[1], s[2]) for k, s in
              enumerate(draw(st.lists(store_st, max_size=2)))]
    markets = [markets_table(c, draw(market_st)) for c in CROPS]
    lay = layers(zones, plants=plants, stores=stores, markets=pd.concat(markets))
    params = BalanceParams(max_haul_km=draw(st.floats(0, 150)),
                           circuity=draw(st.floats(1, 1.6)), aggregate_km=0)
    return lay, params, plants


SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
QTY = ["supply_t", "released_t", "fresh_t", "processed_t", "stored_t", "surplus_t"]


def _yearly_surplus(lay, params) -> float:
    return float(compute_balance(lay, params).units["surplus_t"].sum())


@SETTINGS
@given(instances())
def test_mass_balance_and_no_negative_tonnes(case):
    lay, params, _ = case
    res = compute_balance(lay, params)
    for table in (res.units, res.zones):
        lhs = table["supply_t"] + table["released_t"]
        rhs = table["fresh_t"] + table["processed_t"] + table["stored_t"] + table["surplus_t"]
        assert np.abs((lhs - rhs).to_numpy()).max(initial=0.0) < 0.01
        assert table[QTY].to_numpy().min(initial=0.0) > -1e-6
    # Every tonne harvested over the year ends fresh, processed or surplus.
    u = res.units
    assert abs(u["supply_t"].sum() - u["fresh_t"].sum() - u["processed_t"].sum()
               - u["surplus_t"].sum()) < 0.01


@SETTINGS
@given(instances())
def test_capacities_crops_months_and_reach_are_respected(case):
    lay, params, plants = case
    res = compute_balance(lay, params)
    p = res.plants
    assert (p["processed_t"] <= p["capacity_t"] + 1e-6).all()
    s = res.stores
    assert (s["intake_t"] <= s["capacity_t"] + 1e-6).all()
    accepts = {pid: (set(crops), set(months), status == "operating")
               for pid, crops, _, months, _, status in plants}
    for _, r in res.plant_crops.iterrows():
        crops, months, counted = accepts[r["plant_id"]]
        assert r["crop"] in crops and r["month"] in months and counted
    shipped = res.flows[res.flows["dest_kind"] != "fresh"]
    assert (shipped["road_km"] <= params.max_haul_km + 1e-6).all()
    fresh = res.flows[res.flows["dest_kind"] == "fresh"].groupby(["crop", "month"])["tonnes"]
    market = lay["markets"].groupby(["crop", "month"])["fresh_capacity_t"].sum()
    for key, tonnes in fresh.sum().items():
        assert tonnes <= market.get(key, 0.0) + 1e-6


@SETTINGS
@given(instances(), st.floats(1.0, 3.0), st.floats(0, 80))
def test_more_capacity_or_reach_never_increases_surplus(case, factor, more_km):
    lay, params, _ = case
    base = _yearly_surplus(lay, params)
    bigger = dict(lay)
    bigger["plants"] = lay["plants"].assign(capacity_t_day=lay["plants"]["capacity_t_day"] * factor)
    bigger["cold_stores"] = lay["cold_stores"].assign(
        capacity_t=lay["cold_stores"]["capacity_t"] * factor)
    assert _yearly_surplus(bigger, params) <= base + 1e-4
    farther = BalanceParams(max_haul_km=params.max_haul_km + more_km, circuity=params.circuity,
                            aggregate_km=0)
    assert _yearly_surplus(lay, farther) <= base + 1e-4


@SETTINGS
@given(instances())
def test_unlimited_capacity_everywhere_leaves_no_surplus(case):
    lay, params, _ = case
    unlimited = dict(lay)
    unlimited["plants"] = lay["plants"].assign(capacity_t_day=1e6, crops=[CROPS] * len(
        lay["plants"]), operating_months=[tuple(range(1, 13))] * len(lay["plants"]),
        status="operating")
    unlimited["markets"] = markets_table("longan", dict.fromkeys(range(1, 13), 1e7))
    unlimited["markets"] = unlimited["markets"].assign(crop="longan")
    unlimited["markets"] = pd.concat([unlimited["markets"],
                                      unlimited["markets"].assign(crop="mango")])
    res = compute_balance(unlimited, params)
    assert res.units["surplus_t"].sum() < 1e-6
    assert res.units["stored_t"].sum() < 1e-6  # nothing needs storing when all is sold


@SETTINGS
@given(instances())
def test_column_generation_reaches_the_optimum_of_the_full_program(case):
    """Starting from every column (no generation) gives the same three optima."""
    import fruitmap.balance.lp as lp

    lay, params, _ = case
    generated = compute_balance(lay, params).stats
    original = lp._nearest
    lp._nearest = lambda group, km, k: np.ones(len(group), dtype=bool)
    try:
        full = compute_balance(lay, params).stats
    finally:
        lp._nearest = original
    for key in ("used_t", "stored_t", "haul_tkm"):
        assert abs(generated[key] - full[key]) <= 1e-5 * max(1.0, abs(full[key]))

"""Bounds of an aggregated balance: the exact yearly surplus lies between them.

Hand-checked case (tests/gap_fixtures.py, everything on the equator, km east of 0°E): Z1
grows 1,200 t of longan at 10 km, Z2 100 t at 80 km, both in July; plant P1 at 81 km takes
260 t a month; the fresh market takes 100 t in July. Reach: 100 km road ÷ 1.3 = 76.9 km.

- Exact: both zones reach P1 (71 km and 1 km): used 100 + 260 → surplus 940 t.
- On a 100 km grid both zones fall in one cell: one supply node at their supply-weighted
  mean, (1,200 × 10 + 100 × 80) / 1,300 = 15.38 km, radius 80 − 15.38 = 64.62 km; P1 is a
  node of its own (radius 0), 65.62 km away. Inner (in reach for every member): 65.62 +
  64.62 > 76.9, no → only the fresh market: surplus 1,300 − 100 = 1,200 t. Outer (in reach
  for some member): 65.62 − 64.62 = 1 ≤ 76.9, yes → surplus 940 t. Bounds (940, 1,200);
  ± (1,200 − 940) / 2 ÷ 1,070 = 12.15 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fruitmap.balance.accuracy import accuracy_text
from fruitmap.balance.solve import BalanceParams, compute_balance
from tests.gap_fixtures import tiny_layers
from tests.test_balance_properties import QTY, SETTINGS, instances


def test_hand_checked_bounds_on_a_100_km_grid():
    lay = tiny_layers()
    exact = compute_balance(lay, BalanceParams(aggregate_km=0))
    agg = compute_balance(lay, BalanceParams(aggregate_km=100))
    assert exact.exact and exact.surplus_bounds_t == pytest.approx((940, 940))
    assert exact.approx_error_t == 0 and exact.approx_error_pct == 0
    assert float(exact.units["surplus_t"].sum()) == pytest.approx(940)
    assert not agg.exact and agg.cell_km == 100
    assert agg.surplus_bounds_t == pytest.approx((940, 1200))
    assert agg.approx_error_t == pytest.approx(260)
    assert agg.approx_error_pct == pytest.approx(100 * 130 / 1070)
    # The tables show the inner allocation: every zone can follow it; nothing is processed.
    assert float(agg.units["surplus_t"].sum()) == pytest.approx(1200)
    assert float(agg.units["processed_t"].sum()) == pytest.approx(0, abs=1e-6)
    assert (agg.zones["plants_in_reach"] == 0).all()  # P1 is not certainly in reach


def test_accuracy_text_in_both_languages():
    lay = tiny_layers()
    agg = compute_balance(lay, BalanceParams(aggregate_km=100))
    assert accuracy_text(agg, "en") == (
        "Approximate result (large workspace, aggregated on a 100 km grid): the yearly "
        "surplus lies between 940 and 1,200 t (±12.1 %). The tables show an allocation that "
        "can be carried out, with 1,200 t of surplus.")
    vi = accuracy_text(agg, "vi")
    assert vi.startswith("Kết quả gần đúng") and "940 – 1.200 tấn (±12,1 %)" in vi
    exact = compute_balance(lay, BalanceParams(aggregate_km=0))
    assert accuracy_text(exact, "en").startswith("Exact result")


def test_a_grid_finer_than_the_spread_of_the_zones_is_tight():
    # On a 1 km grid each zone is its own node (radius 0): inner = outer = exact.
    agg = compute_balance(tiny_layers(), BalanceParams(aggregate_km=1))
    assert not agg.exact
    assert agg.surplus_bounds_t == pytest.approx((940, 940))
    assert agg.approx_error_pct == pytest.approx(0)


@SETTINGS
@given(instances(), st.sampled_from([5.0, 20.0, 60.0, 150.0]))
def test_bounds_bracket_the_exact_surplus_and_rows_balance(case, cell):
    lay, params, _ = case
    exact = compute_balance(lay, params)
    agg = compute_balance(lay, BalanceParams(max_haul_km=params.max_haul_km,
                                             circuity=params.circuity, aggregate_km=cell))
    truth = float(exact.units["surplus_t"].sum())
    low, high = agg.surplus_bounds_t
    tol = 1e-6 * max(1.0, truth) + 1e-4
    assert low - tol <= truth <= high + tol
    # The allocation shown is the inner one: its surplus is the upper bound.
    assert float(agg.units["surplus_t"].sum()) == pytest.approx(high, rel=1e-6, abs=1e-4)
    for table in (agg.units, agg.zones):
        lhs = table["supply_t"] + table["released_t"]
        rhs = table["fresh_t"] + table["processed_t"] + table["stored_t"] + table["surplus_t"]
        assert np.abs((lhs - rhs).to_numpy()).max(initial=0.0) < 0.01
        assert table[QTY].to_numpy().min(initial=0.0) > -1e-6
    p = agg.plants
    assert (p["processed_t"] <= p["capacity_t"] + 1e-6).all()


def test_result_of_an_empty_workspace_is_exact():
    lay = tiny_layers()
    lay["zones"] = lay["zones"].iloc[0:0]
    res = compute_balance(lay, BalanceParams(aggregate_km=50))
    assert res.surplus_bounds_t == (0.0, 0.0) and res.approx_error_pct == 0
    assert isinstance(res.units, pd.DataFrame)

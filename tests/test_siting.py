"""Siting: the chosen set is the best over every subset (brute force with the balance)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from fruitmap.balance.solve import compute_balance
from fruitmap.errors import InputError
from fruitmap.planning.candidates import candidate_sites
from fruitmap.planning.siting import SitingParams, site, siting_changes, with_sites
from tests.siting_fixtures import PARAMS, greedy_trap, random_case


def used(layers) -> float:
    units = compute_balance(layers, PARAMS).units
    return float(units["supply_t"].sum() - units["surplus_t"].sum())


def candidate_rows(cands, idx, capacity):
    pts = cands.geometry.iloc[list(idx)]
    return pd.DataFrame({"site_id": cands["site_id"].iloc[list(idx)].to_numpy(),
                         "name": cands["name"].iloc[list(idx)].to_numpy(),
                         "source": "industrial_areas", "lon": pts.x.to_numpy(),
                         "lat": pts.y.to_numpy(), "capacity": capacity})


def brute_force(layers, cands, kind, capacity, n, crops):
    """Best used tonnes over every subset of at most ``n`` candidates, one balance each."""
    best = used(layers)
    for size in range(1, n + 1):
        for idx in itertools.combinations(range(len(cands)), size):
            rows = candidate_rows(cands, idx, capacity)
            best = max(best, used(with_sites(layers, rows, kind, crops)))
    return best


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("kind,capacity", [("plant", 4.0), ("cold_store", 120.0)])
def test_siting_equals_brute_force(seed, kind, capacity):
    layers = random_case(seed)
    cands = candidate_sites(layers)
    assert 3 <= len(cands) <= 8
    n = 1 + seed % 3
    crops = ("longan", "mango")
    result = site(layers, cands, SitingParams(kind=kind, count=n, capacities=(capacity,),
                                              crops=crops, balance=PARAMS))
    best = brute_force(layers, cands, kind, capacity, n, crops)
    assert result.used_after_t == pytest.approx(best, abs=0.01)
    assert len(result.sites) <= n
    assert result.mip_gap == pytest.approx(0.0, abs=1e-9)
    # Each curve point is the best for its N too (re-checked by the balance).
    for _, point in result.curve.iterrows():
        k = int(point["n"])
        assert point["used_t"] == pytest.approx(
            brute_force(layers, cands, kind, capacity, k, crops), abs=0.01)


def greedy(layers, cands, n, capacity):
    """One site at a time, each the best addition to those already chosen."""
    chosen: list[int] = []
    for _ in range(n):
        gains = {j: used(with_sites(layers, candidate_rows(cands, chosen + [j], capacity),
                                    "plant", ("longan",)))
                 for j in range(len(cands)) if j not in chosen}
        chosen.append(max(gains, key=lambda j: (gains[j], -j)))
    return chosen, gains[chosen[-1]]


def test_greedy_is_not_optimal_but_siting_is():
    layers = greedy_trap()
    cands = candidate_sites(layers)
    chosen, greedy_used = greedy(layers, cands, 2, 100.0)
    assert list(cands["site_id"].iloc[chosen]) == ["M", "L"]
    assert greedy_used == pytest.approx(170.0)
    result = site(layers, cands, SitingParams(count=2, capacities=(100.0,),
                                              balance=PARAMS))
    assert sorted(result.sites["site_id"]) == ["L", "R"]
    assert result.used_after_t == pytest.approx(220.0)
    assert result.surplus_before_t == pytest.approx(220.0)
    assert result.surplus_after_t == pytest.approx(0.0, abs=0.01)
    # What each would take: without L, R and the rest leave Z1, Z2 (110 t) unused.
    assert dict(zip(result.sites["site_id"], result.sites["used_gain_t"], strict=True)) == \
        pytest.approx({"L": 110.0, "R": 110.0})
    assert list(result.curve["used_t"]) == pytest.approx([0.0, 120.0, 220.0])
    assert list(result.curve["site_ids"])[1] == "M"
    # For N = 2 the relaxation spreads z over the three sites, so no rounded set reaches its
    # bound and HiGHS's branch and bound proves the optimum (the other path of the solver).
    assert result.stats["mip_status"] == "Optimal" and result.mip_gap == 0.0


def test_siting_changes_are_the_agreed_format():
    layers = greedy_trap()
    result = site(layers, candidate_sites(layers),
                  SitingParams(count=2, capacities=(100.0,), balance=PARAMS, curve=False))
    changes = siting_changes(result)
    assert [c["op"] for c in changes] == ["add", "add"]
    for c, (_, r) in zip(changes, result.sites.iterrows(), strict=True):
        assert c["layer"] == "plants"
        assert (c["lon"], c["lat"]) == (pytest.approx(r["lon"]), pytest.approx(r["lat"]))
        a = c["attrs"]
        assert a["kind"] == "factory" and a["status"] == "operating"
        assert a["capacity_t_day"] == 100.0 and a["crops"] == ["longan"]
        assert a["operating_months"] == list(range(1, 13))
        assert r["name"] in a["name"]


def test_cold_store_changes_accept_every_crop():
    layers = random_case(2)
    result = site(layers, candidate_sites(layers),
                  SitingParams(kind="cold_store", count=1, capacities=(100.0,),
                               balance=PARAMS, curve=False))
    (c,) = siting_changes(result)
    assert c["layer"] == "cold_stores" and c["attrs"]["capacity_t"] == 100.0
    assert "longan" in c["attrs"]["crops"] and "mango" in c["attrs"]["crops"]


def test_size_options_and_budget_against_brute_force():
    """Sizes 2 and 100 t/day (52 and 2,600 t a month) costing 1 and 5, budget 6: every
    assignment of a size (or none) to L, M, R within the budget is tried with the balance."""
    layers = greedy_trap()
    cands = candidate_sites(layers)
    sizes, costs = (2.0, 100.0), (1.0, 5.0)
    result = site(layers, cands, SitingParams(count=3, capacities=sizes, costs=costs,
                                              budget=6.0, balance=PARAMS))
    best = 0.0
    for pick in itertools.product([None, 0, 1], repeat=len(cands)):
        if sum(costs[o] for o in pick if o is not None) > 6.0:
            continue
        idx = [j for j, o in enumerate(pick) if o is not None]
        rows = candidate_rows(cands, idx, [sizes[pick[j]] for j in idx])
        best = max(best, used(with_sites(layers, rows, "plant", ("longan",))))
    assert best == pytest.approx(170.0)  # M big (Z2 + Z3: 120 t), a small one at L or R (50 t)
    assert result.used_after_t == pytest.approx(best, abs=0.01)
    assert sorted(result.sites["capacity"]) == [2.0, 100.0]
    assert result.sites.loc[result.sites["capacity"] == 100.0, "site_id"].item() == "M"


def test_a_site_that_adds_nothing_is_not_listed():
    """With 3 sites allowed and L + R already using everything, M would take nothing."""
    layers = greedy_trap()
    result = site(layers, candidate_sites(layers),
                  SitingParams(count=3, capacities=(100.0,), balance=PARAMS))
    assert sorted(result.sites["site_id"]) == ["L", "R"]
    assert (result.sites["used_gain_t"] > 0).all()


def test_existing_plants_and_grid_candidates():
    layers = random_case(4)
    cands = candidate_sites(layers, source="none", include_plants=True, grid_km=50)
    assert set(cands["source"]) <= {"plants", "grid"}
    assert (cands["source"] == "grid").sum() >= 5


def test_refusals():
    layers = greedy_trap()
    with pytest.raises(InputError):
        site(layers, candidate_sites(layers, source="none"), SitingParams())
    with pytest.raises(InputError):
        site(layers, candidate_sites(layers), SitingParams(count=0))
    with pytest.raises(InputError):
        site(layers, candidate_sites(layers), SitingParams(capacities=(-1.0,)))
    with pytest.raises(InputError):
        site(layers, candidate_sites(layers), SitingParams(kind="warehouse"))


def test_aggregated_network_gives_sites_and_an_honest_bound():
    """Zones grouped in 40 km cells: the sites come from the "all members in reach" program,
    the bound from the "any member" one; the exact best over every subset lies below it."""
    from dataclasses import replace

    layers = random_case(3)
    cands = candidate_sites(layers)
    grouped = replace(PARAMS, aggregate_km=40.0)
    result = site(layers, cands, SitingParams(count=2, capacities=(4.0,),
                                              crops=("longan", "mango"), balance=grouped))
    assert not result.exact
    assert 0.0 <= result.mip_gap < 1.0
    best = brute_force(layers, cands, "plant", 4.0, 2, ("longan", "mango"))  # exact balance
    assert best <= result.bound_used_t + 0.01
    assert len(result.sites) <= 2


def test_progress_steps_rise_to_one_and_are_translated():
    from fruitmap.i18n import t

    layers = greedy_trap()
    steps = []
    site(layers, candidate_sites(layers), SitingParams(count=2, capacities=(100.0,),
                                                       balance=PARAMS),
         progress=lambda fraction, key: steps.append((fraction, key)))
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    keys = [k for _, k in steps]
    assert keys[0] == "progress.siting.network" and keys[-1] == "progress.siting.done"
    assert {"progress.siting.solve", "progress.siting.check"} <= set(keys)
    for key in set(keys):
        assert t(key, "vi") != key and t(key, "en") != key


def test_siting_map_draws_every_candidate_in_one_compact_layer_with_escaped_names():
    import geopandas as gpd
    from shapely.geometry import Point

    from fruitmap.maps.layer import specs_in, texts_of
    from fruitmap.planning.siting_figures import siting_map

    cands = gpd.GeoDataFrame({"name": ["KCN Mai Sơn", "<b>x</b>", "Lưới 3"]},
                             geometry=[Point(104.0, 21.2), Point(104.1, 21.3),
                                       Point(103.9, 21.1)], crs="EPSG:4326")
    for lang, label in (("vi", "Ứng viên"), ("en", "Candidate")):
        script = siting_map({}, None, cands, lang).get_root().render()
        (spec,) = [s for s in specs_in(script) if s["cls"] == "fm-candidate"]
        assert spec["n"] == 3 and "L.circleMarker" not in script
        assert texts_of(spec, spec["tip"][0]) == [label] * 3
        assert texts_of(spec, spec["tip"][1]) == ["KCN Mai Sơn", "&lt;b&gt;x&lt;/b&gt;",
                                                  "Lưới 3"]

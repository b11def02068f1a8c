"""Siting: where the next plants or cold stores should go to leave the least fruit unused.

Public API::

    cands = candidates.from_industrial_areas(layers)
    result = site(layers, cands, SitingParams(kind="plant", count=2, capacities=(30.0,)))
    result.sites          # site_id, name, source, lon, lat, capacity, used_gain_t
    result.surplus_before_t, result.surplus_after_t, result.curve, result.mip_gap
    siting_changes(result)    # the chosen sites as scenario changes

The choice is the optimum of a mixed-integer program (:mod:`fruitmap.planning.siting_mip`)
over the balance's own network: the tonnes used (the balance's first objective) are
maximised over every set of at most N candidates, not built up one site at a time (greedy
choice is not optimal once sites compete for the same fruit or cold stores feed plants). The
chosen set is then re-checked by the exact balance (:func:`fruitmap.balance.compute_balance`,
with its storage and haul tie-breaks) with the new facilities added to the data, which gives
the surplus before and after and what each site takes.

On a large workspace the balance aggregates zones into groups; the program is then solved
twice on the groups, once counting a group in reach of a site when *any* member is (an upper
bound on the tonnes any set can use) and once only when *all* members are (a set every zone
can follow), and the gap between the two is reported with the MIP gaps.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from fruitmap.balance.inputs import MONTHS, read_fresh, read_plants, read_stores, read_zones, xyz
from fruitmap.balance.lp import Network
from fruitmap.balance.solve import BalanceParams, BalanceResult, compute_balance
from fruitmap.crops import CROPS
from fruitmap.errors import InputError
from fruitmap.planning.siting_mip import MipSolution, SitingMip
from fruitmap.progress import Progress, report_step

KINDS = ("plant", "cold_store")
ALL_MONTHS = list(range(1, MONTHS + 1))
SITE_COLUMNS = ["site_id", "name", "source", "lon", "lat", "capacity", "used_gain_t"]


@dataclass(frozen=True)
class SitingParams:
    """What to site and how.

    Parameters
    ----------
    kind : {"plant", "cold_store"}
    count : int
        At most this many new sites (N ≥ 1).
    capacities : tuple of float
        Size options: t/day for a plant, t for a cold store. Each chosen site gets one.
    crops : tuple of str, optional
        Crops a new plant accepts (default: every crop grown). A cold store accepts all.
    costs : tuple of float, optional
        Cost of each size option; with ``budget`` the total cost replaces the count.
    budget : float, optional
        Largest total cost of the chosen sizes (needs ``costs``).
    curve : bool
        Also solve for N = 1 … count − 1 (the surplus against N).
    balance : BalanceParams
        Haul, circuity, operating days and counted statuses, as in the balance.
    time_limit_s : float
        Time limit of each branch and bound (the gap says how far from proven it stopped).
    """

    kind: str = "plant"
    count: int = 1
    capacities: tuple[float, ...] = (30.0,)
    crops: tuple[str, ...] | None = None
    costs: tuple[float, ...] | None = None
    budget: float | None = None
    curve: bool = True
    balance: BalanceParams = field(default_factory=BalanceParams)
    time_limit_s: float = 300.0

    def validate(self) -> None:
        """Raise :class:`InputError` when a parameter is out of range."""
        self.balance.validate()
        if self.kind not in KINDS:
            raise InputError("siting_bad_param", name="kind", value=self.kind,
                             expected=", ".join(KINDS))
        if int(self.count) != self.count or self.count < 1:
            raise InputError("siting_bad_param", name="count", value=self.count,
                             expected="≥ 1")
        caps = tuple(self.capacities or ())
        if not caps or any(not np.isfinite(c) or c <= 0 for c in caps):
            raise InputError("siting_bad_param", name="capacity", value=caps, expected="> 0")
        if self.budget is not None:
            if self.costs is None or len(self.costs) != len(caps) \
                    or any(c < 0 for c in self.costs) or self.budget < 0:
                raise InputError("siting_bad_param", name="budget", value=self.budget,
                                 expected="costs ≥ 0, one per capacity")
        for c in self.crops or ():
            if c not in CROPS:
                raise InputError("siting_bad_param", name="crops", value=c,
                                 expected=", ".join(CROPS))


@dataclass
class SitingResult:
    """The chosen sites and what they change.

    Attributes
    ----------
    sites : DataFrame
        One row per chosen site: ``site_id, name, source, lon, lat, capacity`` (t/day for a
        plant, t for a cold store) and ``used_gain_t`` (tonnes the balance uses with the site
        minus without it, every other chosen site present), largest gain first.
    kind, crops : str, tuple
        What was sited and which crops a new plant accepts.
    supply_t, used_before_t, used_after_t, surplus_before_t, surplus_after_t : float
        Yearly totals of the balance without and with the chosen sites.
    curve : DataFrame
        ``n, used_t, surplus_t, site_ids`` for N = 0, 1, … count (each the optimum for that
        N, re-checked by the balance).
    mip_gap : float
        Relative gap of the program for N = count (0: proven optimal). When the network was
        aggregated it also covers the aggregation (upper bound of the "any member" program
        against the "all members" set).
    bound_used_t : float
        Proven upper bound on the tonnes used with at most N sites.
    exact : bool
        True when the program was solved zone by zone (no aggregation).
    stats : dict
        Sizes, nodes and seconds.
    before, after : BalanceResult
        The balances without and with the chosen sites.
    """

    sites: pd.DataFrame
    kind: str
    crops: tuple
    supply_t: float
    used_before_t: float
    used_after_t: float
    surplus_before_t: float
    surplus_after_t: float
    curve: pd.DataFrame
    mip_gap: float
    bound_used_t: float
    exact: bool
    stats: dict
    params: SitingParams
    before: BalanceResult | None = None
    after: BalanceResult | None = None


def grown_crops(layers: dict) -> tuple[str, ...]:
    """Every crop grown in the workspace (zones with output), in the canonical order."""
    zones = read_zones(layers.get("zones"), layers.get("crop_calendar"),
                       layers.get("admin_units"))
    grown = {c for c, s in zip(zones.crop, zones.supply.sum(axis=1), strict=True)
             if c is not None and s > 0}
    return tuple(sorted(grown, key=lambda c: (CROPS.index(c) if c in CROPS else len(CROPS), c)))


def _change(row, kind: str, crops: tuple, capacity: float) -> dict:
    """One scenario change adding the facility of a chosen site (the agreed format)."""
    name = str(row["name"])
    if kind == "plant":
        label = f"Mở rộng {name}" if row.get("source") == "plants" else f"Nhà máy mới – {name}"
        attrs = {"name": label, "kind": "factory", "crops": list(crops),
                 "capacity_t_day": float(capacity), "operating_months": list(ALL_MONTHS),
                 "status": "operating"}
        layer = "plants"
    else:
        attrs = {"name": f"Kho lạnh mới – {name}", "crops": list(CROPS),
                 "capacity_t": float(capacity), "status": "operating"}
        layer = "cold_stores"
    return {"op": "add", "layer": layer, "lon": float(row["lon"]), "lat": float(row["lat"]),
            "attrs": attrs}


def siting_changes(result: SitingResult) -> list[dict]:
    """The chosen sites of ``result`` as scenario changes (``op: add``), in its order.

    A plant: ``{"op": "add", "layer": "plants", "lon", "lat", "attrs": {"name", "kind":
    "factory", "crops", "capacity_t_day", "operating_months": [1..12], "status":
    "operating"}}``; a cold store: layer ``cold_stores`` with ``capacity_t`` and every crop.
    """
    return [_change(r, result.kind, result.crops, r["capacity"])
            for r in result.sites.to_dict("records")]


def with_sites(layers: dict, sites: pd.DataFrame, kind: str, crops: tuple) -> dict:
    """The layers with a facility added at every row of ``sites`` (columns ``site_id, name,
    source, lon, lat, capacity``); the input layers are not modified."""
    if len(sites) == 0:
        return layers
    changes = [_change(r, kind, crops, r["capacity"]) for r in sites.to_dict("records")]
    layer = "plants" if kind == "plant" else "cold_stores"
    id_col = "plant_id" if kind == "plant" else "store_id"
    rows = pd.DataFrame([c["attrs"] for c in changes])
    rows[id_col] = ["NEW-" + str(s) for s in sites["site_id"]]
    for col in ("crops", "operating_months"):
        if col in rows:
            rows[col] = [tuple(v) for v in rows[col]]
    new = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(
        [c["lon"] for c in changes], [c["lat"] for c in changes]), crs="EPSG:4326")
    base = layers.get(layer)
    if base is not None and len(base):
        if base.crs is not None and not base.crs.equals("EPSG:4326"):
            base = base.to_crs("EPSG:4326")
        new = gpd.GeoDataFrame(pd.concat([base, new], ignore_index=True), crs="EPSG:4326")
    return {**layers, layer: new}


def _network(layers: dict, cand_lon: np.ndarray, cand_lat: np.ndarray, kind: str,
             crops_new: tuple, cap_month: float, bp: BalanceParams):
    """The balance's network (exact, or aggregated as the balance would) with one node per
    candidate appended (never grouped: each is a point of its own, radius 0)."""
    # The balance's own node and network builders, so the program is the same network.
    from fruitmap.balance import solve as bs

    zones = read_zones(layers.get("zones"), layers.get("crop_calendar"),
                       layers.get("admin_units"))
    plants = read_plants(layers.get("plants"), bp.operating_days, bp.plant_statuses)
    stores = read_stores(layers.get("cold_stores"), bp.plant_statuses)
    crops = sorted({c for c in zones.crop if c is not None},
                   key=lambda c: (CROPS.index(c) if c in CROPS else len(CROPS), c))
    F = read_fresh(layers.get("markets"), crops)
    exact, cell = bs._choose_mode(zones, plants, stores, bp)
    nodes = bs._build_nodes(zones, plants, stores, crops, cell)
    gc = bp.max_haul_km / bp.circuity
    while (bp.aggregate_km is None and not exact and cell < bs.MAX_AUTO_CELL_KM
           and bs._estimated_arcs(nodes, gc) > bp.max_exact_arcs):
        cell *= 2
        nodes = bs._build_nodes(zones, plants, stores, crops, cell)
    n = len(cand_lon)
    cv = xyz(cand_lon, cand_lat)
    if kind == "plant":
        first = len(nodes["K"])
        acc = np.array([c in crops_new for c in crops], dtype=bool)
        nodes["pc"] = np.vstack([nodes["pc"], cv])
        nodes["pr"] = np.concatenate([nodes["pr"], np.zeros(n)])
        nodes["K"] = np.vstack([nodes["K"], np.full((n, MONTHS), cap_month)])
        nodes["acc_p"] = np.vstack([nodes["acc_p"], np.tile(acc, (n, 1))])
    else:
        first = len(nodes["Q"])
        nodes["sc"] = np.vstack([nodes["sc"], cv])
        nodes["sr"] = np.concatenate([nodes["sr"], np.zeros(n)])
        nodes["Q"] = np.concatenate([nodes["Q"], np.full(n, cap_month)])
        nodes["acc_s"] = np.vstack([nodes["acc_s"], np.ones((n, len(crops)), dtype=bool)])
    net: Network = bs._network(nodes, F, bp)
    return net, first + np.arange(n), cell is None, cell


def _roundings(relax: np.ndarray, start: list, limit: float, params: SitingParams,
               tries: int = 3) -> list[list]:
    """Sets of at most ``limit`` sites from the relaxation's z values: the set found for a
    smaller N, then the sites the relaxation leans on most (largest z first); the
    alternatives swap the last site for the next ones in that order."""
    if params.budget is not None:
        return [[]]
    taken = {s for s, _ in start}
    order = [int(s) for s in np.argsort(-relax.max(axis=1), kind="stable")
             if int(s) not in taken and relax[s].max() > 1e-9]
    free = max(int(limit) - len(start), 0)
    if free == 0 or not order:
        return [list(start)]
    head = [(s, int(np.argmax(relax[s]))) for s in order[:free - 1]]
    rest = order[free - 1:]
    return [list(start) + head + [(s, int(np.argmax(relax[s])))] for s in rest[:tries]]


def _solve_one(feasible: SitingMip, outer: SitingMip | None, limit: float, start: list,
               params: SitingParams):
    """The best set for one N: proven from the relaxation when a rounded set reaches its
    bound, else by HiGHS's branch and bound warm-started from that set."""
    bound, relax = feasible.relaxation(limit)
    tol = 1e-7 * max(1.0, bound) + 1e-6
    best, best_value = [], -1.0
    for trial in _roundings(relax, start, limit, params):
        value = feasible.evaluate(trial)
        if value > best_value + tol:
            best, best_value = trial, value
        if best_value >= bound - tol:
            break
    if best_value >= bound - tol:
        sol = MipSolution(best, best_value, bound, 0.0, "Optimal (relaxation)",
                          feasible.n_cols, feasible.n_rows, 0)
    else:
        sol = feasible.solve(limit, best, params.time_limit_s)
    gap, ub = sol.gap, sol.bound_t
    if outer is not None:
        up_bound, _ = outer.relaxation(limit)
        if up_bound - sol.used_t > tol:
            up_bound = outer.solve(limit, sol.chosen, params.time_limit_s).bound_t
        ub = max(up_bound, sol.used_t)
        gap = (ub - sol.used_t) / ub if ub > 0 else 0.0
    return sol, gap, ub


def _yearly(result: BalanceResult) -> tuple[float, float, float]:
    """Supply, used and surplus of a balance over the year (all crops)."""
    supply = float(result.units["supply_t"].sum()) if len(result.units) else 0.0
    surplus = float(result.units["surplus_t"].sum()) if len(result.units) else 0.0
    return supply, supply - surplus, surplus


def site(layers: dict, candidates: gpd.GeoDataFrame, params: SitingParams,
         progress: Progress | None = None) -> SitingResult:
    """Choose at most ``params.count`` candidate sites that maximise the tonnes used.

    Parameters
    ----------
    layers : dict
        The workspace's layers (as :meth:`Workspace.read_all` returns them).
    candidates : GeoDataFrame
        ``site_id, name, source, geometry`` (see :mod:`fruitmap.planning.candidates`).
    params : SitingParams
    progress : callable, optional
        ``progress(fraction, key)`` (:mod:`fruitmap.progress`), told of each step:
        ``progress.siting.network``, ``.solve`` (once per N), ``.check`` (once per balance
        run) and ``.done`` at 1.

    Returns
    -------
    SitingResult

    Raises
    ------
    InputError
        A parameter out of range, or no candidate site with a location.
    BalanceError
        What the balance refuses (a negative number, a zone without location, ...).
    """
    params.validate()

    def say(step: str, n: int = 0, of: int = 1) -> None:
        # The program takes about 60 % of the time, the balance re-checks the rest.
        start, end = {"network": (0.0, 0.05), "solve": (0.05, 0.6), "check": (0.6, 1.0)}[step]
        share = 0.0 if step == "network" else (max(n, 1) - 1) / max(of, 1)
        report_step(progress, start + (end - start) * share, f"progress.siting.{step}")
    t0 = time.perf_counter()
    cands = candidates
    if cands is not None and len(cands):
        cands = cands[~(cands.geometry.isna() | cands.geometry.is_empty)]
    if cands is None or len(cands) == 0:
        raise InputError("siting_no_candidates")
    cands = cands.reset_index(drop=True)
    geo = cands.geometry.to_crs("EPSG:4326") if cands.crs is not None else cands.geometry
    pts = geo.representative_point()
    lon, lat = pts.x.to_numpy(dtype="float64"), pts.y.to_numpy(dtype="float64")
    bp = params.balance
    crops = tuple(params.crops) if params.crops else grown_crops(layers)
    caps = np.asarray(params.capacities, dtype="float64")
    per_month = caps * float(bp.operating_days) if params.kind == "plant" else caps

    say("network")
    net, site_nodes, exact, cell = _network(layers, lon, lat, params.kind, crops,
                                            float(per_month.max()), bp)
    costs = None if params.budget is None else np.asarray(params.costs, dtype="float64")
    t_build = time.perf_counter()
    # Exact: one program. Aggregated: "all members in reach" (feasible) and "any member in
    # reach" (bound).
    feasible = SitingMip(net, site_nodes, params.kind, per_month, costs, inner_only=not exact)
    outer = None if exact else SitingMip(net, site_nodes, params.kind, per_month, costs)

    if params.budget is not None:
        limits = [float(params.budget)]
    else:
        limits = list(range(1 if params.curve else params.count, params.count + 1))
    solutions, chosen_sets = [], []
    start: list = []
    for k, limit in enumerate(limits):
        say("solve", k + 1, len(limits))
        sol, gap, bound = _solve_one(feasible, outer, limit, start, params)
        solutions.append((sol, gap, bound))
        chosen_sets.append(sorted(sol.chosen))
        start = sorted(sol.chosen)
    t_solve = time.perf_counter()

    def site_rows(chosen: list) -> pd.DataFrame:
        idx = [s for s, _ in chosen]
        out = pd.DataFrame({"site_id": cands["site_id"].astype(str).to_numpy()[idx],
                            "name": cands["name"].astype(str).to_numpy()[idx],
                            "source": (cands["source"].astype(str).to_numpy()[idx]
                                       if "source" in cands else "candidates"),
                            "lon": lon[idx], "lat": lat[idx],
                            "capacity": caps[[o for _, o in chosen]]})
        return out

    # Re-check every chosen set with the exact balance (with its tie-breaks).
    n_checks = (1 if exact else len(chosen_sets)) + 1 + len(chosen_sets[-1])
    done = 0
    say("check", done, n_checks)
    before = compute_balance(layers, bp)
    supply, used0, surplus0 = _yearly(before)
    curve = [{"n": 0, "used_t": used0, "surplus_t": surplus0, "site_ids": ""}]
    after = before
    for k, chosen in enumerate(chosen_sets):
        rows = site_rows(chosen)
        last = k == len(chosen_sets) - 1
        if exact and not last:
            # On the exact network the program's optimum is the balance's first stage for
            # that set (tests/test_siting.py checks each point against the balance).
            used = solutions[k][0].used_t
            surplus = supply - used
        else:
            done += 1
            say("check", done, n_checks)
            res = compute_balance(with_sites(layers, rows, params.kind, crops), bp)
            _, used, surplus = _yearly(res)
            after = res
        curve.append({"n": len(chosen) if params.budget is not None else limits[k],
                      "used_t": used, "surplus_t": surplus,
                      "site_ids": ";".join(rows["site_id"])})
    final = site_rows(chosen_sets[-1])
    _, used1, surplus1 = _yearly(after)
    tol = 1e-7 * max(1.0, used1) + 1e-3
    while True:
        gains = []
        for j in range(len(final)):
            done += 1
            say("check", done, max(n_checks, done))
            res = compute_balance(with_sites(layers, final.drop(index=j), params.kind, crops),
                                  bp)
            gains.append(used1 - _yearly(res)[1])
        # A site the others make useless (the program may fill N with one) is left out:
        # the set without it uses as much.
        if not gains or min(gains) > tol:
            break
        final = final.drop(index=final.index[int(np.argmin(gains))]).reset_index(drop=True)
        after = compute_balance(with_sites(layers, final, params.kind, crops), bp)
        _, used1, surplus1 = _yearly(after)
    final["used_gain_t"] = np.asarray(gains, dtype="float64")
    final = final.sort_values(["used_gain_t", "site_id"], ascending=[False, True])
    sol, gap, bound = solutions[-1]
    stats = {"candidates": len(cands), "n_variables": sol.n_variables, "n_rows": sol.n_rows,
             "mip_nodes": sum(s.nodes for s, _, _ in solutions), "mip_status": sol.status,
             "mip_used_t": sol.used_t, "cell_km": cell, "build_s": t_build - t0,
             "solve_s": t_solve - t_build, "check_s": time.perf_counter() - t_solve,
             "total_s": time.perf_counter() - t0,
             "gaps": [g for _, g, _ in solutions]}
    report_step(progress, 1.0, "progress.siting.done")
    return SitingResult(
        sites=final.reset_index(drop=True)[SITE_COLUMNS], kind=params.kind, crops=crops,
        supply_t=supply, used_before_t=used0, used_after_t=used1, surplus_before_t=surplus0,
        surplus_after_t=surplus1, curve=pd.DataFrame(curve), mip_gap=float(gap),
        bound_used_t=float(bound), exact=exact, stats=stats, params=params,
        before=before, after=after)


def with_params(params: SitingParams, **changes) -> SitingParams:
    """A copy of ``params`` with some fields changed (convenience for callers)."""
    return replace(params, **changes)

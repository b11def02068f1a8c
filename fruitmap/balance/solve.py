"""The supply–capacity balance ("the gap") of ``../shared/CONTRACT.md``.

Public API::

    params = BalanceParams(max_haul_km=100, circuity=1.3, operating_days=26)
    result = compute_balance(workspace.read_all(), params)
    result.units          # contract balance rows per admin unit, crop and month
    result.zones          # per zone and month: where its fruit went, mean haul
    result.plants         # per plant and month: capacity, processed, utilisation
    result.plant_crops    # per plant, crop and month: processed tonnes
    result.stores         # per cold store and month: intake, release, utilisation
    result.flows          # per origin, destination and month (exact mode only)
    result.province_totals()   # per crop and month, with the surplus share
    result.surplus_zones(crop="longan", month=7)

The allocation is the optimum of a linear program solved in three lexicographic stages with
HiGHS (see :mod:`fruitmap.balance.lp` and ``docs/balance.md``). Large workspaces are solved
on an aggregated network (see :class:`BalanceParams`), small ones exactly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fruitmap.balance.geo import chord_to_km, count_within, reach_pairs
from fruitmap.balance.inputs import (
    MONTHS,
    Plants,
    Stores,
    Zones,
    read_fresh,
    read_plants,
    read_stores,
    read_zones,
    xyz,
)
from fruitmap.balance.lp import Network, id_keys, solve_network
from fruitmap.crops import CROPS
from fruitmap.errors import BalanceError
from fruitmap.progress import Progress, report_step, within
from fruitmap.schema import STATUSES

UNIT_COLUMNS = ["unit_code", "unit_name", "crop", "month", "supply_t", "released_t", "fresh_t",
                "processed_t", "stored_t", "surplus_t"]
FLOW_COLUMNS = ["origin_kind", "origin_id", "crop", "month", "dest_kind", "dest_id", "tonnes",
                "road_km"]
QUANTITIES = ["supply_t", "released_t", "fresh_t", "processed_t", "stored_t", "surplus_t"]
KM_PER_DEG = 111.19508  # great-circle km per degree of latitude (R = 6371.0088 km)


@dataclass(frozen=True)
class BalanceParams:
    """Parameters of the balance (a scenario).

    Parameters
    ----------
    max_haul_km : float
        Longest road haul from a zone (or a cold store) to a plant or cold store, in km.
    circuity : float
        Road distance ÷ great-circle distance (≥ 1).
    operating_days : float
        Days a plant works in a month it operates (0–31).
    plant_statuses : tuple of str
        Statuses of plants and cold stores that count (``("operating",)`` by default; add
        ``"planned"`` and ``"under_construction"`` for a scenario with future capacity).
    aggregate_km : float or None
        ``None`` (default): solve exactly, zone by zone and facility by facility, unless the
        problem would exceed ``max_exact_arcs`` arcs, in which case aggregate on a grid of
        :data:`AUTO_CELL_KM`. ``0``: always exact. A positive number: aggregate on a grid of
        that many km. See ``docs/balance.md`` for what aggregation approximates.
    max_exact_arcs : int
        Largest estimated number of zone→facility arcs solved exactly in ``None`` mode.
    """

    max_haul_km: float = 100.0
    circuity: float = 1.3
    operating_days: float = 26.0
    plant_statuses: tuple[str, ...] = ("operating",)
    aggregate_km: float | None = None
    max_exact_arcs: int = 400_000

    def validate(self) -> None:
        """Raise :class:`BalanceError` when a parameter is out of range."""
        checks = [
            ("max_haul_km", self.max_haul_km, 0 <= _num(self.max_haul_km) < 1e5, "≥ 0"),
            ("circuity", self.circuity, 1 <= _num(self.circuity) <= 10, "1–10"),
            ("operating_days", self.operating_days, 0 <= _num(self.operating_days) <= 31,
             "0–31"),
            ("aggregate_km", self.aggregate_km,
             self.aggregate_km is None or 0 <= _num(self.aggregate_km) <= 500, "0–500"),
        ]
        for name, value, ok, expected in checks:
            if not ok:
                raise BalanceError("balance_bad_param", name=name, value=value,
                                   expected=expected)
        bad = [s for s in self.plant_statuses if s not in STATUSES]
        if bad:
            raise BalanceError("balance_bad_param", name="plant_statuses", value=bad[0],
                               expected=", ".join(STATUSES))


AUTO_CELL_KM = 10.0
MAX_AUTO_CELL_KM = 80.0


def _estimated_arcs(nodes: dict, gc_km: float) -> float:
    """Estimated number of supply→facility arcs between node points within ``gc_km``
    (pairs × months with supply × share of the facilities accepting the crop)."""
    fac = np.vstack([nodes["pc"], nodes["sc"]])
    if len(nodes["S"]) == 0 or len(fac) == 0:
        return 0.0
    accepts = np.vstack([nodes["acc_p"], nodes["acc_s"]]).mean(axis=0)
    per_node = (nodes["S"] > 0).sum(axis=1) * accepts[nodes["crop"]]
    return count_within(nodes["zc"], fac, gc_km) * float(per_node.mean())


def _inner_share(net) -> float:
    """Share of the supply→facility pairs that are certainly in reach (1 when exact)."""
    n = len(net.zp[0]) + len(net.zs[0])
    inner = int(net.zp[3].sum() + net.zs[3].sum())
    return inner / n if n else 1.0


def _num(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return v


@dataclass
class BalanceResult:
    """The balance: the tables described in :mod:`fruitmap.balance.solve`.

    Attributes
    ----------
    units : DataFrame
        ``unit_code, unit_name, crop, month, supply_t, released_t, fresh_t, processed_t,
        stored_t, surplus_t`` (contract rows; 12 months for every unit and crop grown there).
    zones : DataFrame
        Per zone and month: ``zone_id, name, crop, unit_code, month``, the same quantities,
        ``haul_km`` (tonne-weighted mean road km of the fruit sent to plants and cold stores
        that month; NaN when none), ``plants_in_reach`` and ``stores_in_reach`` (how many
        counted facilities accepting the crop lie within reach of the zone).
    plants : DataFrame
        Per plant and month: ``plant_id, name, month, counted, capacity_t, processed_t,
        utilisation`` (processed ÷ capacity; NaN when the capacity is 0).
    plant_crops : DataFrame
        ``plant_id, name, crop, month, processed_t`` (rows with tonnes only).
    stores : DataFrame
        Per cold store and month: ``store_id, name, month, counted, capacity_t, intake_t,
        released_t, utilisation``.
    flows : DataFrame
        ``origin_kind`` (zone, store), ``origin_id, crop, month, dest_kind`` (fresh, plant,
        store), ``dest_id, tonnes, road_km``. Filled in exact mode only (empty when
        aggregated, where flows exist only between aggregated nodes).
    exact : bool
        True when solved zone by zone and facility by facility.
    cell_km : float or None
        Grid cell size when aggregated.
    stats : dict
        Size of the program, the optimum of each stage and the time taken.
    surplus_bounds_t : tuple of float
        ``(low, high)``: the exact yearly surplus (all crops, t) lies between the two. Equal
        in exact mode. When aggregated, ``high`` is the surplus of the allocation shown (it
        uses only arcs in reach for every member, so every zone could follow it) and ``low``
        that of the relaxation (arcs in reach for some member); see ``docs/balance.md``.
    """

    units: pd.DataFrame
    zones: pd.DataFrame
    plants: pd.DataFrame
    plant_crops: pd.DataFrame
    stores: pd.DataFrame
    flows: pd.DataFrame
    params: BalanceParams
    exact: bool = True
    cell_km: float | None = None
    stats: dict = field(default_factory=dict)
    surplus_bounds_t: tuple[float, float] = (0.0, 0.0)

    @property
    def approx_error_t(self) -> float:
        """Largest possible gap, in tonnes, between the yearly surplus shown and the exact one
        (``high − low`` of :attr:`surplus_bounds_t`; 0 in exact mode)."""
        low, high = self.surplus_bounds_t
        return max(high - low, 0.0)

    @property
    def approx_error_pct(self) -> float:
        """Half the width of :attr:`surplus_bounds_t` as a percentage of its midpoint (the
        ``±`` of "between low and high"); 0 when exact or when both bounds are 0."""
        low, high = self.surplus_bounds_t
        mid = (low + high) / 2
        return 100.0 * (high - low) / 2 / mid if mid > 0 else 0.0

    def province_totals(self) -> pd.DataFrame:
        """Sum of the unit rows per crop and month, with ``surplus_share`` (surplus ÷ supply
        + released, NaN when both are 0)."""
        return totals(self.units, ["crop", "month"])

    def yearly_totals(self) -> pd.DataFrame:
        """Sum of the unit rows per crop over the year, with ``surplus_share``."""
        return totals(self.units, ["crop"])

    def surplus_zones(self, crop: str | None = None, month: int | None = None,
                      min_t: float = 0.5) -> pd.DataFrame:
        """Zones with at least ``min_t`` tonnes of surplus (optionally for one crop and one
        month; over the year when ``month`` is None), largest first, with columns
        ``zone_id, name, crop, unit_code, surplus_t, supply_t, plants_in_reach,
        stores_in_reach``."""
        z = self.zones
        if crop is not None:
            z = z[z["crop"] == crop]
        if month is not None:
            z = z[z["month"] == int(month)]
        keys = ["zone_id", "name", "crop", "unit_code", "plants_in_reach", "stores_in_reach"]
        out = z.groupby(keys, as_index=False, dropna=False)[["surplus_t", "supply_t"]].sum()
        out = out[out["surplus_t"] >= min_t].sort_values("surplus_t", ascending=False)
        return out.reset_index(drop=True)[["zone_id", "name", "crop", "unit_code", "surplus_t",
                                           "supply_t", "plants_in_reach", "stores_in_reach"]]


def totals(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum balance rows (unit or zone rows) by ``keys`` and add ``surplus_share``."""
    if len(rows) == 0:
        return pd.DataFrame(columns=keys + QUANTITIES + ["surplus_share"])
    out = rows.groupby(keys, as_index=False)[QUANTITIES].sum()
    avail = out["supply_t"] + out["released_t"]
    out["surplus_share"] = np.where(avail > 0, out["surplus_t"] / avail.where(avail > 0, 1),
                                    np.nan)
    return out


def roll_up(units: pd.DataFrame, admin_units: pd.DataFrame, level: str) -> pd.DataFrame:
    """Sum unit rows up to the ancestors of ``level`` (via ``parent_code``).

    Rows of units already at ``level`` are kept; rows of finer units are added to their
    ancestor at ``level``; rows whose unit has no ancestor at that level are dropped.
    """
    if len(units) == 0 or admin_units is None or len(admin_units) == 0:
        return units.iloc[0:0]
    info = admin_units[["unit_code", "name", "level", "parent_code"]].astype(object)
    parent = dict(zip(info["unit_code"].astype(str), info["parent_code"], strict=False))
    lvl = dict(zip(info["unit_code"].astype(str), info["level"].astype(str), strict=False))
    name = dict(zip(info["unit_code"].astype(str), info["name"].astype(str), strict=False))

    def ancestor(code: str) -> str | None:
        seen = 0
        while code is not None and seen < 10:
            if lvl.get(code) == level:
                return code
            p = parent.get(code)
            code = None if p is None or (isinstance(p, float) and np.isnan(p)) else str(p)
            seen += 1
        return None

    mapping = {c: ancestor(c) for c in units["unit_code"].astype(str).unique()}
    out = units.assign(unit_code=units["unit_code"].astype(str).map(mapping))
    out = out.dropna(subset=["unit_code"])
    out = out.groupby(["unit_code", "crop", "month"], as_index=False)[QUANTITIES].sum()
    out.insert(1, "unit_name", out["unit_code"].map(name))
    return out[UNIT_COLUMNS]


# ----------------------------------------------------------------------------- engine
def compute_balance(layers: dict, params: BalanceParams | None = None,
                    progress: Progress | None = None) -> BalanceResult:
    """Compute the supply–capacity balance of a workspace.

    Parameters
    ----------
    layers : dict
        Layers and tables as returned by :meth:`fruitmap.workspace.geopackage.Workspace.read_all`
        (``zones``, ``plants``, ``cold_stores``, ``admin_units``, ``markets``,
        ``crop_calendar``; missing keys count as empty).
    params : BalanceParams, optional
        The scenario; defaults to ``BalanceParams()``.
    progress : callable, optional
        ``progress(fraction, key)`` (:mod:`fruitmap.progress`), told of each step:
        ``progress.balance.read``, ``.reach``, ``.solve``, ``.store``, ``.haul``, ``.tables``
        and ``.done`` at 1.

    Returns
    -------
    BalanceResult
        Empty tables (with their columns) when the workspace has no zones.

    Raises
    ------
    BalanceError
        A parameter out of range, a negative number, a zone or facility without location, a
        zone whose harvest months are unknown, or a solver failure.
    """
    params = params or BalanceParams()
    params.validate()
    t0 = time.perf_counter()
    report_step(progress, 0.0, "progress.balance.read")
    zones = read_zones(layers.get("zones"), layers.get("crop_calendar"),
                       layers.get("admin_units"))
    plants = read_plants(layers.get("plants"), params.operating_days, params.plant_statuses)
    stores = read_stores(layers.get("cold_stores"), params.plant_statuses)
    crops = sorted({c for c in zones.crop if c is not None},
                   key=lambda c: (CROPS.index(c) if c in CROPS else len(CROPS), c))
    F = read_fresh(layers.get("markets"), crops)
    t_read = time.perf_counter() - t0

    report_step(progress, 0.1, "progress.balance.reach")
    exact, cell = _choose_mode(zones, plants, stores, params)
    nodes = _build_nodes(zones, plants, stores, crops, cell)
    # Automatic aggregation: coarsen the grid until the program has a workable size (judged
    # from a sample of the nodes, so that no network is built for a grid not used).
    gc = params.max_haul_km / params.circuity
    while (params.aggregate_km is None and not exact and cell < MAX_AUTO_CELL_KM
           and _estimated_arcs(nodes, gc) > params.max_exact_arcs):
        cell *= 2
        nodes = _build_nodes(zones, plants, stores, crops, cell)
    net = _network(nodes, F, params)
    t1 = time.perf_counter()
    sol = solve_network(net, within(progress, 0.3, 0.9))
    t_solve = time.perf_counter() - t1
    report_step(progress, 0.9, "progress.balance.tables")
    result = _tables(zones, plants, stores, crops, nodes, net, sol, params, exact, cell)
    # Yearly surplus = supply − used (released fruit is used or surplus a month later).
    supply = float(net.S.sum())
    high = max(supply - sol.used_t, 0.0)
    low = min(max(supply - sol.used_outer_t, 0.0), high)
    result.surplus_bounds_t = (high, high) if exact else (low, high)
    result.stats.update(
        n_variables=sol.n_variables, n_rows=sol.n_rows, used_t=sol.used_t,
        stored_t=sol.stored_t, haul_tkm=sol.haul_tkm, supply_nodes=len(nodes["S"]),
        columns_generated=sol.n_generated, pricing_rounds=sol.pricing_rounds,
        tie_break=sol.tie_break, stage_s=sol.stage_s,
        used_outer_t=sol.used_outer_t, inner_arcs=_inner_share(net),
        plant_nodes=len(nodes["K"]), store_nodes=len(nodes["Q"]), read_s=t_read,
        solve_s=t_solve, total_s=time.perf_counter() - t0)
    report_step(progress, 1.0, "progress.balance.done")
    return result


def _choose_mode(zones: Zones, plants: Plants, stores: Stores,
                 params: BalanceParams) -> tuple[bool, float | None]:
    if params.aggregate_km is not None:
        return (params.aggregate_km == 0,
                None if params.aggregate_km == 0 else float(params.aggregate_km))
    gc = params.max_haul_km / params.circuity
    active = zones.supply.sum(axis=1) > 0
    if not active.any():
        return True, None
    zx = xyz(zones.lon[active], zones.lat[active])
    fac = np.vstack([xyz(plants.lon[plants.counted], plants.lat[plants.counted]),
                     xyz(stores.lon[stores.counted], stores.lat[stores.counted])])
    months = float((zones.supply[active] > 0).sum(axis=1).mean())
    # Only facilities accepting a zone's crop get arcs from it.
    n_fac = max(len(fac), 1)
    accepting = {c: (sum(c in pc for pc, k in zip(plants.crops, plants.counted, strict=False)
                         if k)
                     + sum(c in sc for sc, k in zip(stores.crops, stores.counted, strict=False)
                           if k)) / n_fac
                 for c in set(zones.crop[active])}
    share = float(np.mean([accepting[c] for c in zones.crop[active]]))
    arcs = count_within(zx, fac, gc) * months * share
    if arcs <= params.max_exact_arcs:
        return True, None
    return False, AUTO_CELL_KM


def _cells(lon: np.ndarray, lat: np.ndarray, lat0: float, cell_km: float) -> np.ndarray:
    """Grid cell of each point on an equirectangular grid of ``cell_km`` (for grouping only;
    every distance is measured on the great circle)."""
    gx = np.floor(lon * KM_PER_DEG * np.cos(np.radians(lat0)) / cell_km).astype("int64")
    gy = np.floor(lat * KM_PER_DEG / cell_km).astype("int64")
    return gx * 1_000_003 + gy


def _group(keys: np.ndarray) -> tuple[np.ndarray, int]:
    if len(keys) == 0:
        return np.zeros(0, dtype="int64"), 0
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    return inverse, int(inverse.max()) + 1


def _centre(vectors: np.ndarray, weights: np.ndarray, node: np.ndarray, n: int) -> np.ndarray:
    """Weighted mean direction of the members of each node (plain mean when weights are 0)."""
    w = np.where(weights > 0, weights, 0.0)
    tot = np.bincount(node, weights=w, minlength=n)
    # Shares of the node's total (not raw weights: tiny tonnages would underflow to a zero
    # vector); equal shares when the node has no weight at all.
    w = np.where(tot[node] > 0, w / np.where(tot[node] > 0, tot[node], 1.0), 1.0)
    out = np.column_stack([np.bincount(node, weights=vectors[:, k] * w, minlength=n)
                           for k in range(3)])
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def _radius(vectors: np.ndarray, centre: np.ndarray, node: np.ndarray, n: int) -> np.ndarray:
    """Great-circle km from each node's point to its farthest member (0 for a single point)."""
    r = np.zeros(n)
    if len(node):
        np.maximum.at(r, node, chord_to_km(np.linalg.norm(vectors - centre[node], axis=1)))
    return r


def _build_nodes(zones: Zones, plants: Plants, stores: Stores, crops: list[str],
                 cell: float | None) -> dict:
    """Supply, plant and store nodes: one per zone/facility (exact) or per grid cell and
    kind (aggregated). Each member's share of its node is also returned."""
    crop_index = {c: k for k, c in enumerate(crops)}
    zcrop = np.array([crop_index.get(c, -1) for c in zones.crop], dtype="int64")
    yearly = zones.supply.sum(axis=1)
    zact = np.flatnonzero((yearly > 0) & (zcrop >= 0))
    pact = np.flatnonzero(plants.K.sum(axis=1) > 0)
    sact = np.flatnonzero(stores.Q > 0)
    acc_p_all = np.array([[c in pc for c in crops] for pc in plants.crops],
                         dtype=bool).reshape(len(plants.crops), len(crops))
    acc_s_all = np.array([[c in sc for c in crops] for sc in stores.crops],
                         dtype=bool).reshape(len(stores.crops), len(crops))
    zv = xyz(zones.lon[zact], zones.lat[zact])
    pv = xyz(plants.lon[pact], plants.lat[pact])
    sv = xyz(stores.lon[sact], stores.lat[sact])
    if cell is None:
        z_node = np.arange(len(zact))
        p_node = np.arange(len(pact))
        s_node = np.arange(len(sact))
        nz, npl, ns = len(zact), len(pact), len(sact)
        zc, pc, sc = zv, pv, sv
        zkey, pkey, skey = (id_keys(zones.zone_id[zact]), id_keys(plants.plant_id[pact]),
                            id_keys(stores.store_id[sact]))
    else:
        lat0 = float(np.mean(zones.lat[zact])) if len(zact) else 0.0
        zcell = _cells(zones.lon[zact], zones.lat[zact], lat0, cell)
        z_node, nz = _group(np.column_stack([zcrop[zact], zcell]))
        pbits = (acc_p_all[pact] * (1 << np.arange(len(crops)))).sum(axis=1) \
            if len(crops) else np.zeros(len(pact), dtype="int64")
        mbits = ((plants.K[pact] > 0) * (1 << np.arange(MONTHS))).sum(axis=1)
        p_node, npl = _group(np.column_stack([
            _cells(plants.lon[pact], plants.lat[pact], lat0, cell), pbits, mbits]))
        sbits = (acc_s_all[sact] * (1 << np.arange(len(crops)))).sum(axis=1) \
            if len(crops) else np.zeros(len(sact), dtype="int64")
        s_node, ns = _group(np.column_stack([
            _cells(stores.lon[sact], stores.lat[sact], lat0, cell), sbits]))
        zc = _centre(zv, yearly[zact], z_node, nz)
        pc = _centre(pv, plants.K[pact].sum(axis=1), p_node, npl)
        sc = _centre(sv, stores.Q[sact], s_node, ns)
        zkey = id_keys(zones.zone_id[zact], z_node, nz)
        pkey = id_keys(plants.plant_id[pact], p_node, npl)
        skey = id_keys(stores.store_id[sact], s_node, ns)
    zr, pr, sr = (_radius(v, c, node, n) for v, c, node, n in
                  ((zv, zc, z_node, nz), (pv, pc, p_node, npl), (sv, sc, s_node, ns)))
    S = np.zeros((nz, MONTHS))
    np.add.at(S, z_node, zones.supply[zact])
    node_crop = np.zeros(nz, dtype="int64")
    node_crop[z_node] = zcrop[zact]
    K = np.zeros((npl, MONTHS))
    np.add.at(K, p_node, plants.K[pact])
    acc_p = np.zeros((npl, len(crops)), dtype=bool)
    acc_p[p_node] = acc_p_all[pact]
    Q = np.zeros(ns)
    np.add.at(Q, s_node, stores.Q[sact])
    acc_s = np.zeros((ns, len(crops)), dtype=bool)
    acc_s[s_node] = acc_s_all[sact]
    return dict(zact=zact, z_node=z_node, pact=pact, p_node=p_node, sact=sact, s_node=s_node,
                S=S, crop=node_crop, K=K, acc_p=acc_p, Q=Q, acc_s=acc_s, zc=zc, pc=pc, sc=sc,
                zr=zr, pr=pr, sr=sr, zcrop=zcrop, zkey=zkey, pkey=pkey, skey=skey)


def _network(nodes: dict, F: np.ndarray, params: BalanceParams) -> Network:
    """The program's network; with aggregated nodes, every pair of nodes that *may* be in
    reach (some member of one within reach of some member of the other) gets an arc, and
    ``inner`` marks the arcs certainly in reach (every member of one within reach of every
    member of the other). Both are judged from node points and radii (triangle inequality),
    so they are conservative: no arc in reach is missed, no marked arc is out of reach."""
    gc = params.max_haul_km / params.circuity

    def pairs(a, b, ra, rb):
        slack = float(ra.max(initial=0.0) + rb.max(initial=0.0))
        i, j, km = reach_pairs(a, b, gc + slack)
        if slack > 0:
            spread = ra[i] + rb[j]
            keep = km - spread <= gc * (1 + 1e-12) + 1e-9
            i, j, km, spread = i[keep], j[keep], km[keep], spread[keep]
            inner = km + spread <= gc * (1 + 1e-12) + 1e-9
        else:
            inner = np.ones(len(i), dtype=bool)
        return i, j, km * params.circuity, inner

    return Network(S=nodes["S"], crop=nodes["crop"], K=nodes["K"], acc_p=nodes["acc_p"],
                   Q=nodes["Q"], acc_s=nodes["acc_s"], F=F,
                   zp=pairs(nodes["zc"], nodes["pc"], nodes["zr"], nodes["pr"]),
                   zs=pairs(nodes["zc"], nodes["sc"], nodes["zr"], nodes["sr"]),
                   sp=pairs(nodes["sc"], nodes["pc"], nodes["sr"], nodes["pr"]),
                   zkey=nodes.get("zkey"), pkey=nodes.get("pkey"), skey=nodes.get("skey"))


def _bincount2(i: np.ndarray, m: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    if n == 0:
        return np.zeros((0, MONTHS))
    return np.bincount(i * MONTHS + m, weights=w, minlength=n * MONTHS).reshape(n, MONTHS)


def _tables(zones: Zones, plants: Plants, stores: Stores, crops: list[str], nodes: dict,
            net: Network, sol, params: BalanceParams, exact: bool,
            cell: float | None) -> BalanceResult:
    n = len(net.S)
    S = net.S
    fresh = _bincount2(sol.f_i, sol.f_m, sol.f, n)
    proc = _bincount2(sol.x_i, sol.x_m, sol.x, n)
    stored = _bincount2(sol.y_i, sol.y_m, sol.y, n)
    haul = (_bincount2(sol.x_i, sol.x_m, sol.x * sol.x_km, n)
            + _bincount2(sol.y_i, sol.y_m, sol.y * sol.y_km, n))
    surplus = S - fresh - proc - stored
    # Release: each class (store, crop, month) is shared out in proportion to what each
    # node put in, since stored fruit of one crop in one store is interchangeable.
    n_k = len(sol.k_s)
    R = np.bincount(sol.y_k, weights=sol.y, minlength=n_k) if n_k else np.zeros(0)
    RX = np.bincount(sol.rx_k, weights=sol.rx, minlength=n_k) if n_k else np.zeros(0)
    RF = sol.rf
    RU = np.maximum(R - RF - RX, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(R[sol.y_k] > 0, sol.y / np.where(R[sol.y_k] > 0, R[sol.y_k], 1), 0.0)
    m_rel = (sol.y_m + 1) % MONTHS
    rel = np.roll(stored, 1, axis=1)
    rel_fresh = _bincount2(sol.y_i, m_rel, share * RF[sol.y_k] if n_k else sol.y, n)
    rel_proc = _bincount2(sol.y_i, m_rel, share * RX[sol.y_k] if n_k else sol.y, n)
    rel_surp = _bincount2(sol.y_i, m_rel, share * RU[sol.y_k] if n_k else sol.y, n)

    # Zones: each member gets its share of its node's tonnes month by month.
    nz_all = len(zones.zone_id)
    zact, z_node = nodes["zact"], nodes["z_node"]
    sh = np.zeros((nz_all, MONTHS))
    if len(zact):
        node_s = S[z_node]
        sh[zact] = np.where(node_s > 0, zones.supply[zact] / np.where(node_s > 0, node_s, 1), 0)
    shp = np.roll(sh, 1, axis=1)
    node_of = np.zeros(nz_all, dtype="int64")
    node_of[zact] = z_node

    def spread(a: np.ndarray, s: np.ndarray) -> np.ndarray:
        return s * a[node_of] if len(a) else np.zeros((nz_all, MONTHS))

    z_released = spread(rel, shp)
    z_fresh = spread(fresh, sh) + spread(rel_fresh, shp)
    z_proc = spread(proc, sh) + spread(rel_proc, shp)
    z_stored = spread(stored, sh)
    z_surplus = np.maximum(spread(surplus, sh), 0.0) + spread(rel_surp, shp)
    z_haul = spread(haul, sh)
    z_ship = spread(proc + stored, sh)
    with np.errstate(invalid="ignore", divide="ignore"):
        z_km = np.where(z_ship > 1e-9, z_haul / np.where(z_ship > 1e-9, z_ship, 1), np.nan)

    in_reach_p = np.zeros(nz_all, dtype="int64")
    in_reach_s = np.zeros(nz_all, dtype="int64")
    if n:
        # Facilities certainly in reach (the arcs the allocation shown may use).
        zi, zpp, _, zin = net.zp
        okp = (net.acc_p[zpp, net.crop[zi]] & zin) if len(zi) else np.zeros(0, bool)
        members_p = np.bincount(nodes["p_node"], minlength=len(net.K))
        cnt_p = np.bincount(zi[okp], weights=members_p[zpp[okp]], minlength=n)
        yi, ys, _, yin = net.zs
        oks = (net.acc_s[ys, net.crop[yi]] & yin) if len(yi) else np.zeros(0, bool)
        members_s = np.bincount(nodes["s_node"], minlength=len(net.Q))
        cnt_s = np.bincount(yi[oks], weights=members_s[ys[oks]], minlength=n)
        in_reach_p[zact] = cnt_p[z_node].astype("int64")
        in_reach_s[zact] = cnt_s[z_node].astype("int64")

    month = np.tile(np.arange(1, MONTHS + 1), nz_all)
    zdf = pd.DataFrame({
        "zone_id": np.repeat(zones.zone_id, MONTHS),
        "name": np.repeat(zones.name, MONTHS),
        "crop": np.repeat(zones.crop, MONTHS),
        "unit_code": np.repeat(zones.unit_code, MONTHS),
        "unit_name": np.repeat(zones.unit_name, MONTHS),
        "month": month.astype("int64"),
        "supply_t": zones.supply.reshape(-1),
        "released_t": z_released.reshape(-1),
        "fresh_t": z_fresh.reshape(-1),
        "processed_t": z_proc.reshape(-1),
        "stored_t": z_stored.reshape(-1),
        "surplus_t": z_surplus.reshape(-1),
        "haul_km": z_km.reshape(-1),
        "plants_in_reach": np.repeat(in_reach_p, MONTHS),
        "stores_in_reach": np.repeat(in_reach_s, MONTHS),
    })
    zdf = zdf[zdf["crop"].notna()]
    if len(zdf):
        units = (zdf.groupby(["unit_code", "unit_name", "crop", "month"], as_index=False,
                             sort=True)[QUANTITIES].sum())
        keep = units.groupby(["unit_code", "crop"])["supply_t"].transform("sum") > 0
        units = units[keep].reset_index(drop=True)[UNIT_COLUMNS]
    else:
        units = pd.DataFrame({c: pd.Series(dtype="float64" if c.endswith("_t") else "object")
                              for c in UNIT_COLUMNS})

    plants_df, plant_crops = _plant_tables(plants, crops, nodes, net, sol)
    stores_df = _store_tables(stores, nodes, sol, R)
    flows = _flows(zones, plants, stores, crops, nodes, net, sol) if exact else \
        pd.DataFrame({c: pd.Series(dtype="object") for c in FLOW_COLUMNS})
    return BalanceResult(units=units, zones=zdf.drop(columns=["unit_name"]).reset_index(
        drop=True), plants=plants_df, plant_crops=plant_crops, stores=stores_df, flows=flows,
        params=params, exact=exact, cell_km=cell, stats={})


def _plant_tables(plants: Plants, crops, nodes, net, sol):
    npl = len(net.K)
    n_c = max(len(crops), 1)
    by = np.zeros((npl, n_c, MONTHS))
    if len(sol.x):
        np.add.at(by, (sol.x_p, net.crop[sol.x_i], sol.x_m), sol.x)
    if len(sol.rx):
        np.add.at(by, (sol.rx_p, sol.k_c[sol.rx_k], sol.k_m[sol.rx_k]), sol.rx)
    n_all = len(plants.plant_id)
    pact, p_node = nodes["pact"], nodes["p_node"]
    share = np.zeros((n_all, MONTHS))
    node_of = np.zeros(n_all, dtype="int64")
    if len(pact):
        node_k = net.K[p_node]
        share[pact] = np.where(node_k > 0, plants.K[pact] / np.where(node_k > 0, node_k, 1), 0)
        node_of[pact] = p_node
    per_crop = share[:, None, :] * by[node_of] if npl else np.zeros((n_all, n_c, MONTHS))
    processed = per_crop.sum(axis=1)
    plants_df = _facility_months("plant_id", plants.plant_id, plants.name, plants.counted,
                                 plants.K, processed_t=processed)
    pi, ci, mi = np.nonzero(per_crop > 1e-9) if len(crops) else (np.zeros(0, int),) * 3
    plant_crops = pd.DataFrame({
        "plant_id": plants.plant_id[pi] if n_all else np.zeros(0, dtype=object),
        "name": plants.name[pi] if n_all else np.zeros(0, dtype=object),
        "crop": np.array(crops, dtype=object)[ci] if len(crops) else np.zeros(0, dtype=object),
        "month": (mi + 1).astype("int64"),
        "processed_t": per_crop[pi, ci, mi],
    })
    return plants_df, plant_crops


def _facility_months(id_column: str, ids: np.ndarray, names: np.ndarray, counted: np.ndarray,
                     cap: np.ndarray, **flows: np.ndarray) -> pd.DataFrame:
    """One row per facility and month: id, name, month, counted, capacity, flows, utilisation.

    ``cap`` and every flow hold one row per facility and one column per month; the first flow
    is what the facility took in, so utilisation is that flow over the capacity (NaN where
    there is no capacity).
    """
    taken = next(iter(flows.values()))
    with np.errstate(invalid="ignore", divide="ignore"):
        util = np.where(cap > 0, taken / np.where(cap > 0, cap, 1), np.nan)
    return pd.DataFrame({
        id_column: np.repeat(ids, MONTHS),
        "name": np.repeat(names, MONTHS),
        "month": np.tile(np.arange(1, MONTHS + 1), len(ids)).astype("int64"),
        "counted": np.repeat(counted, MONTHS).astype(bool),
        "capacity_t": cap.reshape(-1),
        **{column: values.reshape(-1) for column, values in flows.items()},
        "utilisation": util.reshape(-1),
    })


def _store_tables(stores: Stores, nodes, sol, R):
    ns = len(stores.store_id)
    n_nodes = int(nodes["s_node"].max()) + 1 if len(nodes["s_node"]) else 0
    intake = _bincount2(sol.y_s, sol.y_m, sol.y, n_nodes)
    release = _bincount2(sol.k_s, sol.k_m, R, n_nodes) if len(R) else np.zeros((n_nodes,
                                                                                MONTHS))
    sact, s_node = nodes["sact"], nodes["s_node"]
    share = np.zeros(ns)
    node_of = np.zeros(ns, dtype="int64")
    if len(sact):
        tot = np.bincount(s_node, weights=stores.Q[sact], minlength=n_nodes)
        share[sact] = np.where(tot[s_node] > 0, stores.Q[sact] / tot[s_node], 0)
        node_of[sact] = s_node
    st_in = share[:, None] * intake[node_of] if n_nodes else np.zeros((ns, MONTHS))
    st_out = share[:, None] * release[node_of] if n_nodes else np.zeros((ns, MONTHS))
    cap = np.repeat(stores.Q[:, None], MONTHS, axis=1)
    return _facility_months("store_id", stores.store_id, stores.name, stores.counted, cap,
                            intake_t=st_in, released_t=st_out)


def _flows(zones: Zones, plants: Plants, stores: Stores, crops, nodes, net, sol) -> pd.DataFrame:
    """Flows in exact mode (node = zone, plant or store)."""
    zid = zones.zone_id[nodes["zact"]]
    pid = plants.plant_id[nodes["pact"]]
    sid = stores.store_id[nodes["sact"]]
    crop_arr = np.array(crops, dtype=object)
    parts = []

    def part(okind, oid, crop, month, dkind, did, t, km):
        keep = t > 1e-9
        parts.append(pd.DataFrame({
            "origin_kind": okind, "origin_id": np.asarray(oid, dtype=object)[keep],
            "crop": np.asarray(crop, dtype=object)[keep],
            "month": (np.asarray(month)[keep] + 1).astype("int64"), "dest_kind": dkind,
            "dest_id": np.asarray(did, dtype=object)[keep], "tonnes": np.asarray(t)[keep],
            "road_km": np.asarray(km, dtype="float64")[keep]}))

    if not len(crops):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in FLOW_COLUMNS})
    part("zone", zid[sol.f_i], crop_arr[net.crop[sol.f_i]], sol.f_m, "fresh",
         np.full(len(sol.f), "", dtype=object), sol.f, np.full(len(sol.f), np.nan))
    part("zone", zid[sol.x_i], crop_arr[net.crop[sol.x_i]], sol.x_m, "plant", pid[sol.x_p],
         sol.x, sol.x_km)
    part("zone", zid[sol.y_i], crop_arr[net.crop[sol.y_i]], sol.y_m, "store", sid[sol.y_s],
         sol.y, sol.y_km)
    part("store", sid[sol.k_s], crop_arr[sol.k_c], sol.k_m, "fresh",
         np.full(len(sol.k_s), "", dtype=object), sol.rf, np.full(len(sol.k_s), np.nan))
    part("store", sid[sol.k_s[sol.rx_k]], crop_arr[sol.k_c[sol.rx_k]], sol.k_m[sol.rx_k],
         "plant", pid[sol.rx_p], sol.rx, sol.rx_km)
    out = pd.concat(parts, ignore_index=True)
    return out[FLOW_COLUMNS]

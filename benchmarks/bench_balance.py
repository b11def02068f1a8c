"""Benchmark of the supply–capacity balance on a synthetic national-scale workspace.

Builds deterministically (seeded) about 3,300 communes, 200,000 zones, 10,000 plants,
2,000 cold stores and 8 crops over a Vietnam-sized area (≈ 245 km × 1,490 km), runs
:func:`fruitmap.balance.solve.compute_balance` with the default parameters and prints its time and
peak memory, and the time of a bare pandas group-by sum of the same monthly supply rows (the
floor: no reach, no capacities, no optimisation), and the ratio of the two, with the bounds
of the yearly surplus when the national run is aggregated. Then it takes a region of 20,000
zones (the southernmost strip, with its plants and stores and a fresh market scaled to its
harvest), solves it exactly and on the national run's grid, and prints the difference of the
yearly surplus and whether the bounds bracket the exact value. Every figure comes with the
machine's load average and the CPU seconds of the process (the machine may be shared).

Run: ``.venv/bin/python benchmarks/bench_balance.py [--zones N] [--plants N] ...``
The same builder at a smaller size is also a quick smoke test (``--zones 5000``).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fruitmap.balance.solve import BalanceParams, compute_balance  # noqa: E402

CROPS = ("longan", "mango", "plum", "custard_apple", "orange", "pomelo", "passion_fruit",
         "pineapple")
# Harvest windows (start, end) per crop, as in the north's calendars.
WINDOWS = {"longan": (7, 9), "mango": (5, 7), "plum": (5, 6), "custard_apple": (7, 9),
           "orange": (10, 1), "pomelo": (9, 12), "passion_fruit": (6, 11),
           "pineapple": (4, 7)}
# Product lines of plants: the sets of crops a plant takes.
LINES = [("longan",), ("mango",), ("plum",), ("longan", "custard_apple"), ("mango", "plum"),
         ("orange", "pomelo"), ("passion_fruit",), ("pineapple",), ("passion_fruit", "pineapple"),
         ("longan", "mango", "plum"), ("custard_apple",), ("orange",)]
LON0, LON1, LAT0, LAT1 = 104.0, 106.3, 9.5, 22.9


def build(n_communes=3300, n_zones=200_000, n_plants=10_000, n_stores=2_000, seed=7):
    """Return the layers of the synthetic workspace (in-memory form)."""
    rng = np.random.default_rng(seed)
    nx = int(round(np.sqrt(n_communes * (LON1 - LON0) / (LAT1 - LAT0))))
    ny = int(np.ceil(n_communes / nx))
    dx, dy = (LON1 - LON0) / nx, (LAT1 - LAT0) / ny
    cells = [(i, j) for j in range(ny) for i in range(nx)][:n_communes]
    admin = gpd.GeoDataFrame({
        "unit_code": [f"C{k:05d}" for k in range(len(cells))],
        "name": [f"Commune {k}" for k in range(len(cells))],
        "level": "commune", "parent_code": None,
    }, geometry=[box(LON0 + i * dx, LAT0 + j * dy, LON0 + (i + 1) * dx, LAT0 + (j + 1) * dy)
                 for i, j in cells], crs="EPSG:4326")
    # Zones cluster in communes; each commune grows a few crops.
    home = rng.integers(0, len(cells), n_zones)
    ci = np.array([c[0] for c in cells])[home]
    cj = np.array([c[1] for c in cells])[home]
    lon = LON0 + (ci + rng.random(n_zones)) * dx
    lat = LAT0 + (cj + rng.random(n_zones)) * dy
    crop = np.array(CROPS)[(home * 3 + rng.integers(0, 3, n_zones)) % len(CROPS)]
    start = np.array([WINDOWS[c][0] for c in crop])
    end = np.array([WINDOWS[c][1] for c in crop])
    zones = gpd.GeoDataFrame({
        "zone_id": [f"Z{k:06d}" for k in range(n_zones)],
        "name": [f"Zone {k}" for k in range(n_zones)],
        "crop": crop,
        "area_ha": np.round(rng.lognormal(2.0, 0.8, n_zones), 2),
        "yield_t_ha": np.round(rng.uniform(6, 14, n_zones), 1),
        "expected_output_t": np.nan,
        "harvest_start": pd.array(start, dtype="Int64"),
        "harvest_end": pd.array(end, dtype="Int64"),
        "unit_code": None,
    }, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    line = rng.integers(0, len(LINES), n_plants)
    seasonal = rng.random(n_plants) < 0.3
    months = [tuple(range(4, 12)) if s else tuple(range(1, 13)) for s in seasonal]
    plants = gpd.GeoDataFrame({
        "plant_id": [f"P{k:05d}" for k in range(n_plants)],
        "name": [f"Plant {k}" for k in range(n_plants)],
        "kind": np.where(rng.random(n_plants) < 0.05, "factory", "facility"),
        "crops": [LINES[k] for k in line],
        "capacity_t_day": np.round(rng.lognormal(1.0, 1.0, n_plants), 1),
        "operating_months": months,
        "status": np.where(rng.random(n_plants) < 0.9, "operating", "planned"),
    }, geometry=gpd.points_from_xy(rng.uniform(LON0, LON1, n_plants),
                                   rng.uniform(LAT0, LAT1, n_plants)), crs="EPSG:4326")
    stores = gpd.GeoDataFrame({
        "store_id": [f"S{k:04d}" for k in range(n_stores)],
        "name": [f"Store {k}" for k in range(n_stores)],
        "capacity_t": np.round(rng.uniform(50, 500, n_stores)),
        "crops": [tuple(CROPS)] * n_stores,
        "status": "operating",
    }, geometry=gpd.points_from_xy(rng.uniform(LON0, LON1, n_stores),
                                   rng.uniform(LAT0, LAT1, n_stores)), crs="EPSG:4326")
    # The fresh market takes about 60 % of each crop's monthly harvest.
    yearly = zones["area_ha"] * zones["yield_t_ha"]
    rows = []
    for c in CROPS:
        s, e = WINDOWS[c]
        window = [((s - 1 + k) % 12) + 1 for k in range((e - s) % 12 + 1)]
        per_month = yearly[zones["crop"] == c].sum() / len(window)
        rows += [{"crop": c, "month": m, "fresh_capacity_t": round(0.6 * per_month)}
                 for m in window]
    markets = pd.DataFrame(rows)
    return {"zones": zones, "plants": plants, "cold_stores": stores, "admin_units": admin,
            "markets": markets, "crop_calendar": pd.DataFrame(columns=["crop", "month",
                                                                       "harvest_share"])}


def region(layers: dict, n_zones: int) -> dict:
    """The southernmost strip of the workspace holding ``n_zones`` zones, with the plants and
    cold stores in that strip and the fresh market scaled to the strip's share of each crop's
    harvest (a self-contained region at the national density)."""
    zones = layers["zones"]
    lat_max = float(np.sort(zones.geometry.y.to_numpy())[min(n_zones, len(zones)) - 1])
    out = dict(layers)
    for name in ("zones", "plants", "cold_stores"):
        out[name] = layers[name][layers[name].geometry.y <= lat_max].reset_index(drop=True)
    out["zones"] = out["zones"].iloc[:n_zones]
    grown = (zones["area_ha"] * zones["yield_t_ha"]).groupby(zones["crop"]).sum()
    sub = out["zones"]
    here = (sub["area_ha"] * sub["yield_t_ha"]).groupby(sub["crop"]).sum()
    share = (here / grown).reindex(layers["markets"]["crop"]).fillna(0.0).to_numpy()
    out["markets"] = layers["markets"].assign(
        fresh_capacity_t=np.round(layers["markets"]["fresh_capacity_t"].to_numpy() * share))
    return out


def run(layers: dict, params: BalanceParams) -> tuple:
    """``(result, wall s, CPU s)`` of one balance."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = compute_balance(layers, params)
    return result, time.perf_counter() - t0, time.process_time() - c0


def describe(result) -> str:
    """Mode, node counts and LP size of a result, in one line."""
    s = result.stats
    mode = "exact" if result.exact else f"aggregated on a {result.cell_km:g} km grid"
    return (f"{mode}; nodes: {s['supply_nodes']:,} supply, {s['plant_nodes']:,} plant, "
            f"{s['store_nodes']:,} store; LP: {s['n_variables']:,} variables "
            f"({s['columns_generated']:,} generated), {s['n_rows']:,} rows; "
            f"{100 * s['inner_arcs']:.0f} % of the arcs certainly in reach; "
            f"tie-break {'applied' if s.get('tie_break') else 'NOT applied'}; stages (s wall) "
            + ", ".join(f"{k} {v:.1f}" for k, v in s.get("stage_s", {}).items()))


def bounds(result) -> str:
    """The bracket of the yearly surplus, in one line."""
    low, high = result.surplus_bounds_t
    return (f"yearly surplus between {low:,.0f} and {high:,.0f} t "
            f"(±{result.approx_error_pct:.2f} %, width {result.approx_error_t:,.0f} t)")


def load() -> str:
    """The machine's load averages (1, 5, 15 min), as ``uptime`` prints them."""
    return "load average " + ", ".join(f"{x:.2f}" for x in __import__("os").getloadavg())


def compare_region(layers: dict, n_zones: int, cell_km: float) -> None:
    """Solve a region exactly and on the national grid; print both and the difference."""
    reg = region(layers, n_zones)
    print(f"region: {len(reg['zones']):,} zones, {len(reg['plants']):,} plants, "
          f"{len(reg['cold_stores']):,} cold stores (the southernmost strip)")
    exact, w_e, c_e = run(reg, BalanceParams(aggregate_km=0))
    print(f"  exact: {w_e:.1f} s wall, {c_e:.1f} s CPU; {describe(exact)}; {load()}")
    agg, w_a, c_a = run(reg, BalanceParams(aggregate_km=cell_km))
    print(f"  {cell_km:g} km grid: {w_a:.1f} s wall, {c_a:.1f} s CPU; {describe(agg)}; "
          f"{load()}")
    truth = float(exact.units["surplus_t"].sum())
    shown = float(agg.units["surplus_t"].sum())
    low, high = agg.surplus_bounds_t
    print(f"  exact yearly surplus {truth:,.0f} t; aggregated (shown) {shown:,.0f} t: "
          f"difference {shown - truth:+,.0f} t "
          f"({100 * (shown - truth) / max(truth, 1e-9):+.2f} %); "
          f"{bounds(agg)}; bracket holds: {low - 1 <= truth <= high + 1}")


def floor_groupby(result_zones: pd.DataFrame) -> float:
    """Seconds of a bare pandas group-by sum of the monthly supply rows by unit, crop, month."""
    rows = result_zones[["unit_code", "crop", "month", "supply_t"]]
    t0 = time.perf_counter()
    rows.groupby(["unit_code", "crop", "month"], sort=False)["supply_t"].sum()
    return time.perf_counter() - t0


def demo() -> int:
    """Time the balance of the Son La demo as the app computes it (read, then balance)."""
    import tempfile

    from fruitmap.demo import write_demo

    with tempfile.TemporaryDirectory() as tmp:
        ws = write_demo(Path(tmp) / "ws")
        t0 = time.perf_counter()
        layers = ws.read_all()
        t_read = time.perf_counter() - t0
        for run in (1, 2):
            t0, c0 = time.perf_counter(), time.process_time()
            result = compute_balance(layers, BalanceParams())
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            s = result.stats
            print(f"demo run {run}: {wall:.2f} s wall, {cpu:.2f} s CPU; exact={result.exact}; "
                  f"LP {s['n_variables']:,} columns ({s['columns_generated']:,} generated), "
                  f"{s['n_rows']:,} rows; reading the workspace {t_read:.2f} s; "
                  f"load average {__import__('os').getloadavg()[0]:.1f}")
    return 0


def main(argv=None) -> int:
    """Build, run, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=3300)
    ap.add_argument("--zones", type=int, default=200_000)
    ap.add_argument("--plants", type=int, default=10_000)
    ap.add_argument("--stores", type=int, default=2_000)
    ap.add_argument("--aggregate-km", type=float, default=None,
                    help="grid of the aggregation (default: automatic)")
    ap.add_argument("--demo", action="store_true",
                    help="time the Son La demo workspace instead (read from a temporary copy)")
    ap.add_argument("--region-zones", type=int, default=20_000,
                    help="zones of the region solved exactly and aggregated (0: skip)")
    ap.add_argument("--skip-national", action="store_true",
                    help="only the region comparison")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also trace Python allocations (slower; maxrss is always printed)")
    args = ap.parse_args(argv)
    if args.demo:
        return demo()
    t0 = time.perf_counter()
    layers = build(args.communes, args.zones, args.plants, args.stores)
    t_build = time.perf_counter() - t0
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, cpus={__import__('os').cpu_count()}; {load()}")
    print(f"workspace: {len(layers['admin_units'])} communes, {len(layers['zones'])} zones, "
          f"{len(layers['plants'])} plants, {len(layers['cold_stores'])} cold stores, "
          f"{len(CROPS)} crops (built in {t_build:.1f} s)")
    if args.skip_national:
        compare_region(layers, args.region_zones, args.aggregate_km or 40.0)
        return 0
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.tracemalloc:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    result = compute_balance(layers, BalanceParams(aggregate_km=args.aggregate_km))
    t_balance, c_balance = time.perf_counter() - t0, time.process_time() - c0
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t_floor = floor_groupby(result.zones)
    s = result.stats
    print(f"national mode: {describe(result)}")
    print(f"national accuracy: {bounds(result)}")
    print(f"{load()} after the run")
    print(f"balance: {t_balance:.1f} s wall, {c_balance:.1f} s CPU (reading inputs "
          f"{s['read_s']:.1f} s, "
          f"solver {s['solve_s']:.1f} s); peak RSS {rss:,.0f} MiB "
          f"(before the balance {rss0:,.0f} MiB)"
          + (f"; traced Python peak {traced:,.0f} MiB" if traced is not None else ""))
    print(f"floor (pandas group-by sum of {len(result.zones):,} monthly supply rows): "
          f"{t_floor:.3f} s; ratio balance/floor: {t_balance / max(t_floor, 1e-9):,.0f}")
    tot = result.units[["supply_t", "fresh_t", "processed_t", "surplus_t"]].sum()
    print(f"year: supply {tot['supply_t']:,.0f} t, fresh {tot['fresh_t']:,.0f} t, "
          f"processed {tot['processed_t']:,.0f} t, surplus {tot['surplus_t']:,.0f} t")
    if args.region_zones:
        compare_region(layers, args.region_zones, result.cell_km or 40.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

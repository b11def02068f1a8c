"""Benchmark of siting (issue 10): the exact siting program on the demo and on a large workspace.

Two cases, each run in its own process so that its peak memory is its own:

- ``demo``: the Sơn La demo with 50 candidate sites (its 9 industrial areas and 41 points of
  a regular grid inside the province) for 30 t/day plants, N = 1 … 5 (each N solved on its
  own, then every chosen set re-checked by the balance);
- ``large``: a synthetic 20,000-zone workspace (``tests/map_fixtures.write_synthetic``, 1,000
  plants, 30 cold stores) with 200 candidate sites (10 industrial areas and 190 grid points),
  N = 1 … 3.

Each prints the seconds (wall and CPU of the process: the machine may be shared), the peak
memory (resident set), the size of the program, the MIP gap for each N, the surplus curve and
the chosen sites. Aim: ≤ 30 s for the demo case.

Run: ``.venv/bin/python benchmarks/bench_siting.py [--case demo|large|all] [--count N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def spread(cands, k: int):
    """``k`` of the candidates, evenly spread over their order (deterministic)."""
    import numpy as np

    if len(cands) <= k:
        return cands
    idx = np.unique(np.linspace(0, len(cands) - 1, k).round().astype(int))
    return cands.iloc[idx].reset_index(drop=True)


def candidates_for(layers, total: int):
    from fruitmap.planning import candidates as cand

    areas = cand.from_industrial_areas(layers)
    grid = cand.grid(layers, 8.0)
    return cand.combine(areas, spread(grid, total - len(areas)))


def run_case(case: str, count: int) -> None:
    from fruitmap.planning.siting import SitingParams, site
    from fruitmap.workspace.geopackage import Workspace

    t0 = time.perf_counter()
    if case == "demo":
        from fruitmap.demo import build_demo_layers

        layers = build_demo_layers()
        cands = candidates_for(layers, 50)
        params = SitingParams(kind="plant", count=count, capacities=(30.0,))
    else:
        from tests.map_fixtures import write_synthetic

        with tempfile.TemporaryDirectory() as tmp:
            write_synthetic(Path(tmp) / "ws", n_zones=20_000, n_plants=1_000)
            layers = Workspace(Path(tmp) / "ws").read_all()
        cands = candidates_for(layers, 200)
        params = SitingParams(kind="plant", count=count, capacities=(30.0,))
    t_load = time.perf_counter() - t0
    cpu0 = time.process_time()
    t1 = time.perf_counter()
    steps = []
    result = site(layers, cands, params,
                  progress=lambda fraction, key: steps.append((key, time.perf_counter() - t1)))
    wall = time.perf_counter() - t1
    cpu = time.process_time() - cpu0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = result.stats
    print(f"== {case}: {len(layers['zones']):,} zones, {len(layers['plants']):,} plants, "
          f"{len(cands)} candidates, N = 1..{count}")
    print(f"   load {t_load:.1f} s; siting {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"(network {s['build_s']:.1f} s, program {s['solve_s']:.1f} s, "
          f"balance re-checks {s['check_s']:.1f} s); peak RSS {rss_mb:,.0f} MB")
    print(f"   program: {s['n_variables']:,} columns x {s['n_rows']:,} rows; exact network: "
          f"{result.exact} (cell {s['cell_km']} km); status {s['mip_status']}; "
          f"B&B nodes {s['mip_nodes']}")
    print("   MIP gap per N: " + ", ".join(f"N={k + 1}: {100 * g:.4f} %"
                                         for k, g in enumerate(s["gaps"])))
    print("   surplus curve (t/year): " + ", ".join(
        f"N={r.n}: {r.surplus_t:,.0f}" for r in result.curve.itertuples()))
    for r in result.sites.itertuples():
        print(f"   {r.site_id:<8} {r.name:<32} {r.capacity:5.0f} t/day  +{r.used_gain_t:,.0f} t")
    print(f"   load average {os.getloadavg()[0]:.2f} (2 cores shared)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("demo", "large", "all"), default="all")
    parser.add_argument("--count", type=int, default=None,
                        help="largest N (default 5 for the demo, 3 for the large case)")
    args = parser.parse_args()
    if args.case != "all":
        run_case(args.case, args.count or (5 if args.case == "demo" else 3))
        return 0
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    for case in ("demo", "large"):
        cmd = [sys.executable, __file__, "--case", case]
        if args.count:
            cmd += ["--count", str(args.count)]
        subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

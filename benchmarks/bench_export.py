"""Benchmark of layer exports at the province's real sizes (issue 9).

Builds the seeded synthetic Sơn La zones layer (``tests/map_fixtures.py``: irregular 32-vertex
polygons, so each zone is about 1.3 kB of WKT) with 100,000 zones, then times
:func:`fruitmap.files.export.export_layer` as CSV and as XLSX, with Vietnamese headers as the
data page exports them, and prints the time, the size and the XLSX/CSV ratio. The XLSX is read
back (calamine, as the upload page reads it) to check it holds every row.

Run: ``.venv/bin/python benchmarks/bench_export.py [--zones N]``.
The machine may be shared: the load (``os.getloadavg``) is printed with the figures.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fruitmap.files.export import export_layer  # noqa: E402
from tests.map_fixtures import synthetic_layers  # noqa: E402

TARGET_XLSX_S = 30.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main(argv=None) -> None:
    """Build the layer, export it as CSV and XLSX, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zones", type=int, default=100_000)
    args = ap.parse_args(argv)
    load = os.getloadavg()
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, python "
          f"{platform.python_version()}; load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    zones, t_build, _ = _timed(lambda: synthetic_layers(args.zones, 10)["zones"])
    print(f"built {len(zones):,} polygon zones in {t_build:.1f} s\n")
    results = {}
    for fmt in ("csv", "xlsx"):
        steps: list[str] = []
        data, wall, cpu = _timed(lambda f=fmt, s=steps: export_layer(
            zones, "zones", f, lang="vi", source=["Nguồn dữ liệu", "dữ liệu tổng hợp"],
            progress=lambda _fraction, key: s.append(key)))
        results[fmt] = (wall, cpu, len(data))
        print(f"{fmt.upper():5s} {wall:7.2f} s  (cpu {cpu:6.2f} s)  {len(data) / 1e6:7.1f} MB  "
              f"progress steps reported: {len(steps)}")
        if fmt == "xlsx":
            from python_calamine import CalamineWorkbook

            _, t_read, _ = _timed(lambda d=data: CalamineWorkbook.from_filelike(
                io.BytesIO(d)).get_sheet_by_index(0).to_python())
            rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(
                0).to_python()
            print(f"      read back: {len(rows) - 1:,} rows in {t_read:.1f} s "
                  f"({'all rows' if len(rows) - 1 == len(zones) else 'ROWS MISSING'})")
    xlsx, csv = results["xlsx"], results["csv"]
    print(f"\nXLSX / CSV: {xlsx[0] / csv[0]:.1f}× the time, {xlsx[2] / csv[2]:.2f}× the size; "
          f"XLSX target ≤ {TARGET_XLSX_S:g} s: {'OK' if xlsx[0] <= TARGET_XLSX_S else 'OVER'}")
    after = os.getloadavg()
    print(f"load after: {after[0]:.1f} {after[1]:.1f} {after[2]:.1f}; peak RSS {_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()

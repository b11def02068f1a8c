"""Benchmark of imports at the province's real sizes (issue 9, point 3).

Builds deterministically (seeded):

* an XLSX of 100,000 point zones with Vietnamese headers (``Mã vùng``, ``Tên vùng``,
  ``Loại cây`` ..., ``Kinh độ``/``Vĩ độ``), the values repeating as offices' sheets do;
* a GeoJSON of 20,000 polygon zones with ids, and the same without the id column (fruitmap
  then makes the ids).

For each it times reading (:func:`fruitmap.files.readers.read_path`), preparing and validating
(:func:`fruitmap.files.ingest.prepare`) and importing (:func:`fruitmap.files.ingest.import_prepared`,
a replace over a workspace that already holds as many zones, so a version snapshot is saved),
and prints peak RSS, the wall and CPU seconds, and the floor: ``pyogrio.read_dataframe`` +
``to_file`` (GPKG) of the same file, measured in the same run, with the ratio.

Run: ``.venv/bin/python benchmarks/bench_import.py [--points N] [--polygons N]``.
The machine may be shared: the load (``os.getloadavg``) is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fruitmap.files.ingest import import_prepared, prepare  # noqa: E402
from fruitmap.files.readers import read_path  # noqa: E402
from fruitmap.workspace.geopackage import Workspace  # noqa: E402

# Sơn La, roughly
LON0, LON1, LAT0, LAT1 = 103.3, 105.0, 20.7, 22.0
CROPS_VI = ("Nhãn", "Xoài", "Mận", "Na", "Cam", "Bưởi", "Chanh leo", "Dứa")
CERT_VI = ("VietGAP", "GlobalGAP", "Không", "Hữu cơ")
YES_NO = ("Có", "Không")
DISTRICTS = ("Mộc Châu", "Yên Châu", "Mai Sơn", "Sông Mã", "Thuận Châu", "Phù Yên", "Bắc Yên")


def point_table(n: int, seed: int = 11) -> pd.DataFrame:
    """Return ``n`` point zones with Vietnamese headers (as an office's sheet has them)."""
    rng = np.random.default_rng(seed)
    crop = rng.integers(0, len(CROPS_VI), n)
    start = rng.integers(1, 13, n)
    return pd.DataFrame({
        "Mã vùng": [f"SL-{k:06d}" for k in range(n)],
        "Tên vùng": [f"Vùng {DISTRICTS[k % len(DISTRICTS)]} {k}" for k in range(n)],
        "Loại cây": np.array(CROPS_VI)[crop],
        "Diện tích (ha)": np.round(rng.lognormal(1.5, 0.8, n), 2),
        "Năng suất (tấn/ha)": np.round(rng.uniform(6, 14, n), 1),
        "Tháng bắt đầu thu hoạch": start,
        "Tháng kết thúc thu hoạch": (start + rng.integers(1, 4, n) - 1) % 12 + 1,
        "Trái vụ": np.array(YES_NO)[rng.integers(0, 2, n)],
        "Chứng nhận": np.array(CERT_VI)[rng.integers(0, len(CERT_VI), n)],
        "Kinh độ": np.round(rng.uniform(LON0, LON1, n), 6),
        "Vĩ độ": np.round(rng.uniform(LAT0, LAT1, n), 6),
    })


def polygon_frame(n: int, seed: int = 12, with_ids: bool = True):
    """Return ``n`` small square-ish polygon zones (hexagons) as a GeoDataFrame."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    lon = rng.uniform(LON0, LON1, n)
    lat = rng.uniform(LAT0, LAT1, n)
    r = rng.uniform(0.001, 0.004, n)
    angles = np.linspace(0, 2 * np.pi, 7)[:-1]
    ring = np.stack([lon[:, None] + r[:, None] * np.cos(angles),
                     lat[:, None] + r[:, None] * np.sin(angles)], axis=-1)
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    geoms = shapely.polygons(ring)
    crop = rng.integers(0, len(CROPS_VI), n)
    data = {
        "name": [f"Vùng {k}" for k in range(n)],
        "crop": np.array(CROPS_VI)[crop],
        "area_ha": np.round(rng.lognormal(1.5, 0.8, n), 2),
        "harvest_start": rng.integers(1, 13, n),
        "harvest_end": rng.integers(1, 13, n),
    }
    if with_ids:
        data = {"zone_id": [f"SL-P{k:05d}" for k in range(n)], **data}
    return gpd.GeoDataFrame(data, geometry=geoms, crs="EPSG:4326")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def _floor(path: Path, out_dir: Path) -> tuple[float, float]:
    import pyogrio

    def run():
        gdf = pyogrio.read_dataframe(path)
        if "geometry" not in gdf.columns or gdf.geometry.isna().all():
            # An XLSX has no geometry: the floor builds points from the two columns
            import geopandas as gpd

            gdf = gpd.GeoDataFrame(gdf, geometry=gpd.points_from_xy(gdf["Kinh độ"],
                                                                    gdf["Vĩ độ"]),
                                   crs="EPSG:4326")
        gdf.to_file(out_dir / f"floor-{path.stem}.gpkg", driver="GPKG", engine="pyogrio")

    _, wall, cpu = _timed(run)
    return wall, cpu


def bench_file(label: str, path: Path, ws: Workspace, target: float) -> dict:
    """Time read, prepare and import of ``path`` into ``ws``; print one block."""
    raw, t_read, c_read = _timed(lambda: read_path(path))
    prepared, t_prep, c_prep = _timed(lambda: prepare(raw, "zones", province=None))
    if prepared.errors:
        print(f"  {label}: {len(prepared.errors)} errors, first: "
              f"{prepared.errors[0].message('en')}")
    _, t_imp, c_imp = _timed(lambda: import_prepared(ws, prepared, user="bench"))
    total, cpu = t_read + t_prep + t_imp, c_read + c_prep + c_imp
    floor, floor_cpu = _floor(path, ws.path)
    print(f"{label}  ({len(raw.frame):,} rows, {path.stat().st_size / 1e6:.1f} MB)")
    print(f"  read     {t_read:7.2f} s   (cpu {c_read:6.2f} s)")
    print(f"  prepare  {t_prep:7.2f} s   (cpu {c_prep:6.2f} s)   problems: "
          f"{len(prepared.errors)} errors, {len(prepared.warnings)} warnings")
    print(f"  import   {t_imp:7.2f} s   (cpu {c_imp:6.2f} s)")
    print(f"  total    {total:7.2f} s   (cpu {cpu:6.2f} s)   target ≤ {target:g} s  "
          f"{'OK' if total <= target else 'OVER'}")
    print(f"  floor    {floor:7.2f} s   (cpu {floor_cpu:6.2f} s)   pyogrio read_dataframe + "
          f"to_file;  ratio {total / floor:.1f}× (cpu {cpu / floor_cpu:.1f}×)")
    print(f"  peak RSS so far {_rss_mb():,.0f} MB")
    return {"label": label, "read": t_read, "prepare": t_prep, "import": t_imp,
            "total": total, "cpu": cpu, "floor": floor}


def main(argv=None) -> None:
    """Build the files, run the three imports, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--polygons", type=int, default=20_000)
    args = ap.parse_args(argv)
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
          f"python {platform.python_version()}; load {os.getloadavg()[0]:.1f} "
          f"{os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    with tempfile.TemporaryDirectory(prefix="fruitmap-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        xlsx = tmp / "vung_trong_diem.xlsx"
        point_table(args.points).to_excel(xlsx, index=False, engine="openpyxl")
        with_ids = tmp / "vung_trong_co_ma.geojson"
        without = tmp / "vung_trong_khong_ma.geojson"
        polygon_frame(args.polygons).to_file(with_ids, driver="GeoJSON", engine="pyogrio")
        polygon_frame(args.polygons, with_ids=False).to_file(without, driver="GeoJSON",
                                                             engine="pyogrio")
        print(f"built files in {time.perf_counter() - t0:.1f} s\n")
        ws = Workspace(tmp / "ws")
        # The first import fills the workspace; the timed ones replace it (a version saved).
        import_prepared(ws, prepare(read_path(with_ids), "zones", province=None), user="bench")
        bench_file("XLSX point zones", xlsx, ws, 10)
        bench_file("GeoJSON polygons with ids", with_ids, ws, 5)
        bench_file("GeoJSON polygons without ids", without, ws, 5)
    print(f"\nload after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"peak RSS {_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()

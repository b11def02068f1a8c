"""Benchmark of the PostGIS workspace against the GeoPackage one (issue 11).

Builds ``--polygons`` seeded polygon zones (default 20,000) and, on each backend, times: the
first write, a replace (which saves the previous version as a snapshot, and on PostGIS logs
every row deleted and inserted in the audit log) and a read. The PostGIS cluster is a
throw-away one started here (Debian's initdb/pg_ctl, fsync on, as a real server runs), with
``db init`` run on it; the workspace is opened as the app's role ``fruitmap_app``.

Run: ``.venv/bin/python benchmarks/bench_postgis.py [--polygons N]``. The machine may be
shared: the load (``os.getloadavg``) is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def zones(n: int):
    """Return ``n`` seeded polygon zones in Sơn La's extent."""
    import geopandas as gpd
    import numpy as np
    import shapely

    rng = np.random.default_rng(11)
    x, y = 103.5 + rng.random(n) * 1.5, 20.6 + rng.random(n) * 1.2
    return gpd.GeoDataFrame(
        {"zone_id": [f"Z{i:06d}" for i in range(n)], "name": [f"Vùng {i}" for i in range(n)],
         "crop": rng.choice(["longan", "mango", "plum", "orange"], n),
         "area_ha": np.round(rng.random(n) * 20, 2), "off_season": rng.random(n) < 0.2,
         "certification": rng.choice(["none", "VietGAP"], n)},
        geometry=shapely.buffer(shapely.points(x, y), 0.002, quad_segs=4), crs="EPSG:4326")


def timed(label: str, fn) -> object:
    start = time.perf_counter()
    out = fn()
    print(f"  {label:<28} {time.perf_counter() - start:7.2f} s")
    return out


def run_backend(name: str, ws, layer) -> None:
    print(name)
    timed("write", lambda: ws.write({"zones": layer}, action="import", who="bench"))
    timed("replace (version saved)", lambda: ws.write({"zones": layer}, action="import",
                                                      who="bench"))
    read = timed("read", lambda: ws.read("zones"))
    assert len(read) == len(layer)


def main() -> int:
    from fruitmap.server.cluster import free_port, start_cluster, stop_cluster, write_pgpass
    from fruitmap.server.dbadmin import init_database
    from fruitmap.workspace.geopackage import Workspace
    from fruitmap.workspace.location import open_workspace

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polygons", type=int, default=20_000)
    args = parser.parse_args()
    layer = zones(args.polygons)
    print(f"{args.polygons} polygon zones; load average {os.getloadavg()[0]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="fm-bench-", dir="/tmp"))
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(tmp, pg.pw_uid, pg.pw_gid)
    cluster = None
    try:
        run_backend("GeoPackage", Workspace(tmp / "gpkg"), layer)
        superuser, app = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
        cluster = start_cluster(tmp / "data", free_port(), superuser)
        os.environ["PGPASSFILE"] = str(write_pgpass(tmp / "pgpass", cluster.port,
                                                    {"postgres": superuser,
                                                     "fruitmap_app": app}))
        url = init_database(cluster.admin_url("bench"), app, "admin", "bench-admin-pw")[-1]
        # The app's role writes only for an account allowed to: the first admin.
        run_backend("PostGIS (as fruitmap_app, audit on)",
                    open_workspace(url).as_account("admin"), layer)
    finally:
        if cluster is not None:
            from fruitmap.workspace.postgis import dispose_engines

            dispose_engines()
            stop_cluster(cluster, fast=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

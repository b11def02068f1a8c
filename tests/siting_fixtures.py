"""Tiny workspaces for siting tests, laid out on the equator (positions in km east of 0°E).

Road distance = great circle × 1.3; with ``max_haul_km = 78`` a facility reaches every zone
within 60 km on the great circle.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, box

from fruitmap.balance.geo import EARTH_RADIUS_KM
from fruitmap.balance.solve import BalanceParams

KM_PER_DEG = 2 * np.pi * EARTH_RADIUS_KM / 360
ALL = tuple(range(1, 13))
PARAMS = BalanceParams(max_haul_km=78.0, circuity=1.3, aggregate_km=0)


def at(km: float) -> Point:
    return Point(km / KM_PER_DEG, 0.0)


def layers(zones, plants=(), stores=(), fresh=None, sites=()):
    """zones: (id, crop, t, month, km); plants: (id, crops, t_day, months, km);
    stores: (id, capacity_t, km); fresh: {(crop, month): t}; sites: (id, km) as industrial
    areas (the default candidates)."""
    span = max([z[4] for z in zones] + [s[1] for s in sites] + [100.0]) + 100
    out = {
        "admin_units": gpd.GeoDataFrame(
            {"unit_code": ["P"], "name": ["Tỉnh thử"], "level": ["province"],
             "parent_code": [None]},
            geometry=[box(-1, -0.5, span / KM_PER_DEG, 0.5)], crs="EPSG:4326"),
        "zones": gpd.GeoDataFrame({
            "zone_id": [z[0] for z in zones], "name": [z[0] for z in zones],
            "crop": [z[1] for z in zones], "area_ha": [1.0] * len(zones),
            "expected_output_t": [float(z[2]) for z in zones],
            "harvest_start": pd.array([z[3] for z in zones], dtype="Int64"),
            "harvest_end": pd.array([z[3] for z in zones], dtype="Int64"),
            "unit_code": ["P"] * len(zones)}, geometry=[at(z[4]) for z in zones],
            crs="EPSG:4326"),
        "plants": gpd.GeoDataFrame({
            "plant_id": [p[0] for p in plants], "name": [p[0] for p in plants],
            "kind": ["factory"] * len(plants), "crops": [tuple(p[1]) for p in plants],
            "capacity_t_day": [float(p[2]) for p in plants],
            "operating_months": [tuple(p[3]) for p in plants],
            "status": ["operating"] * len(plants)},
            geometry=[at(p[4]) for p in plants], crs="EPSG:4326"),
        "cold_stores": gpd.GeoDataFrame({
            "store_id": [s[0] for s in stores], "name": [s[0] for s in stores],
            "capacity_t": [float(s[1]) for s in stores],
            "crops": [()] * len(stores), "status": ["operating"] * len(stores)},
            geometry=[at(s[2]) for s in stores], crs="EPSG:4326"),
        "industrial_areas": gpd.GeoDataFrame({
            "area_id": [s[0] for s in sites], "name": [f"Khu {s[0]}" for s in sites],
            "kind": ["industrial_zone"] * len(sites)},
            geometry=[at(s[1]) for s in sites], crs="EPSG:4326"),
    }
    fresh = fresh or {}
    out["markets"] = pd.DataFrame(
        [{"crop": c, "month": m, "fresh_capacity_t": float(fresh.get((c, m), 0.0))}
         for c in ("longan", "mango") for m in range(1, 13)])
    return out


def greedy_trap() -> dict:
    """Four zones harvested in July, no market, no plant; three candidate sites.

    Z1 50 t at 0 km, Z2 60 t at 100 km, Z3 60 t at 200 km, Z4 50 t at 300 km.
    L at 50 km reaches Z1, Z2 (110 t); M at 150 km reaches Z2, Z3 (120 t); R at 250 km
    reaches Z3, Z4 (110 t). A 100 t/day plant (2,600 t a month) takes all it reaches.
    Greedy picks M first (120 t), then L or R adds 50 t: 170 t. L + R use all 220 t.
    """
    return layers(
        zones=[("Z1", "longan", 50, 7, 0), ("Z2", "longan", 60, 7, 100),
               ("Z3", "longan", 60, 7, 200), ("Z4", "longan", 50, 7, 300)],
        sites=[("L", 50), ("M", 150), ("R", 250)])


def random_case(seed: int) -> dict:
    """A small random but fixed workspace: 4–7 zones of two crops, 0–2 plants, 0–1 cold
    store, a little fresh market, and 3–8 candidate sites, all on a 300 km line."""
    rng = np.random.default_rng(seed)
    nz = int(rng.integers(4, 8))
    zones = [(f"Z{k}", str(rng.choice(["longan", "mango"])), int(rng.integers(50, 400)),
              int(rng.integers(5, 9)), float(rng.uniform(0, 300))) for k in range(nz)]
    plants = [(f"P{k}", ("longan",) if k == 0 else ("longan", "mango"),
               float(rng.integers(1, 6)), tuple(range(6, 10)), float(rng.uniform(0, 300)))
              for k in range(int(rng.integers(0, 3)))]
    stores = [(f"S{k}", float(rng.integers(50, 200)), float(rng.uniform(0, 300)))
              for k in range(int(rng.integers(0, 2)))]
    fresh = {("longan", 7): float(rng.integers(0, 100)), ("mango", 6): float(rng.integers(0, 100))}
    sites = [(f"C{k}", float(rng.uniform(0, 300))) for k in range(int(rng.integers(3, 9)))]
    return layers(zones, plants, stores, fresh, sites)

"""A tiny workspace for the gap and targets pages, whose balance can be worked out on paper.

Everything lies on the equator, so positions are kilometres east of 0°E (1° = 111.195 km).

- District D1 "Sông Mã" spans 0–60 km, district D2 "Mai Sơn" 60–120 km (province P).
- Zone Z1 (longan, Sông Mã, at 10 km): 1,200 t, all harvested in July; high-tech.
- Zone Z2 (longan, Mai Sơn, at 80 km): 100 t, all in July.
- Plant P1 (longan, at 81 km): 10 t/day × 26 days = 260 t a month, all year.
- Fresh market: 100 t of longan in July.

Road distance = great circle × 1.3: Z1→P1 is 71 km × 1.3 = 92.3 km, Z2→P1 1.3 km.

With max_haul_km = 100 both zones reach P1: 100 t fresh + 260 t processed are used, so
1,300 − 360 = 940 t are left, all in Sông Mã (Z2's 100 t go to P1, the shorter haul).
With max_haul_km = 50 only Z2 reaches P1: Z2's 100 t are processed, Z1 sells 100 t fresh,
and 1,300 − 200 = 1,100 t are left, all in Sông Mã.
Processed share of the harvest: 260 / 1,300 = 20 % (at 100 km).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, box

from fruitmap.balance.geo import EARTH_RADIUS_KM
from fruitmap.workspace.geopackage import create

KM_PER_DEG = 2 * np.pi * EARTH_RADIUS_KM / 360


def deg(km: float) -> float:
    return km / KM_PER_DEG


def at(km: float) -> Point:
    return Point(deg(km), 0.0)


def tiny_layers() -> dict:
    """The layers described in the module docstring."""
    admin = gpd.GeoDataFrame({
        "unit_code": ["P", "D1", "D2"], "name": ["Tỉnh Thử", "Sông Mã", "Mai Sơn"],
        "level": ["province", "district", "district"], "parent_code": [None, "P", "P"],
    }, geometry=[box(0, -deg(30), deg(120), deg(30)), box(0, -deg(30), deg(60), deg(30)),
                 box(deg(60), -deg(30), deg(120), deg(30))], crs="EPSG:4326")
    zones = gpd.GeoDataFrame({
        "zone_id": ["Z1", "Z2"], "name": ["Vùng nhãn Z1", "Vùng nhãn Z2"],
        "crop": ["longan", "longan"], "area_ha": [100.0, 10.0],
        "expected_output_t": [1200.0, 100.0],
        "harvest_start": pd.array([7, 7], dtype="Int64"),
        "harvest_end": pd.array([7, 7], dtype="Int64"),
        "high_tech": [True, False], "unit_code": ["D1", "D2"],
    }, geometry=[at(10), at(80)], crs="EPSG:4326")
    plants = gpd.GeoDataFrame({
        "plant_id": ["P1"], "name": ["Nhà máy P1"], "kind": ["factory"],
        "crops": [("longan",)], "capacity_t_day": [10.0],
        "operating_months": [tuple(range(1, 13))], "status": ["operating"],
    }, geometry=[at(81)], crs="EPSG:4326")
    markets = pd.DataFrame({"crop": ["longan"] * 12, "month": list(range(1, 13)),
                            "fresh_capacity_t": [100.0 if m == 7 else 0.0 for m in range(1, 13)]})
    targets = pd.DataFrame({
        "target_id": ["hightech_zones_2025", "processed_share_2030", "mystery_2030"],
        "label_vi": ["Vùng công nghệ cao", "Tỷ lệ chế biến", "Chỉ tiêu lạ"],
        "label_en": ["High-tech zones", "Share processed", "Odd target"],
        "year": [2025, 2030, 2030], "value": [3.0, 50.0, 7.0],
        "unit": ["vùng / zones", "%", "t"],
        "source": ["Nghị quyết thử 01", "Kế hoạch thử 02", None],
    })
    return {"admin_units": admin, "zones": zones, "plants": plants, "markets": markets,
            "targets": targets}


def write_tiny(path) -> None:
    """Write the tiny workspace into ``path``."""
    create(path, tiny_layers())

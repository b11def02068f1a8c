"""A tiny workspace for scenarios, whose balance can be worked out on paper.

Everything lies on the equator, so positions are kilometres east of 0°E (1° = 111.195 km).
Road distance = great circle × 1.3 and max haul 50 km, so a facility reaches the zones within
50 / 1.3 = 38.5 km.

- Province P; district D1 "Sông Mã" spans 0–60 km, D2 "Mai Sơn" 60–120 km.
- Longan zones of 10 ha, 100 t each (expected output), all harvested in July:
  Z1 at 10 km and Z2 at 40 km (D1), Z3 at 70 km and Z4 at 110 km (D2).
- Mango zone M1 at 20 km (D1): 5 ha × 10 t/ha = 50 t, all in July.
- Plant P1 (longan) at 115 km: 10 t/day × 26 days = 260 t a month; reaches Z4 only (5 km;
  Z3 is 45 km × 1.3 = 58.5 km away).
- Plant P2 (longan) at 70 km, 10 t/day, *planned* (counted only with planned facilities);
  reaches Z2 (30 km × 1.3 = 39 km), Z3 (0 km) and Z4 (40 km × 1.3 = 52 km: no).
- No fresh market, no cold store.

Baseline: P1 processes Z4's 100 t; surplus 300 t of longan (Z1, Z2, Z3) and 50 t of mango.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, box

from fruitmap.balance.geo import EARTH_RADIUS_KM

KM_PER_DEG = 2 * np.pi * EARTH_RADIUS_KM / 360
PARAMS = {"max_haul_km": 50.0, "circuity": 1.3, "operating_days": 26.0}


def deg(km: float) -> float:
    return km / KM_PER_DEG


def at(km: float) -> Point:
    return Point(deg(km), 0.0)


def planning_layers() -> dict:
    """The layers described in the module docstring."""
    admin = gpd.GeoDataFrame({
        "unit_code": ["P", "D1", "D2"], "name": ["Tỉnh Thử", "Sông Mã", "Mai Sơn"],
        "level": ["province", "district", "district"], "parent_code": [None, "P", "P"],
    }, geometry=[box(0, -deg(30), deg(120), deg(30)), box(0, -deg(30), deg(60), deg(30)),
                 box(deg(60), -deg(30), deg(120), deg(30))], crs="EPSG:4326")
    zones = gpd.GeoDataFrame({
        "zone_id": ["Z1", "Z2", "Z3", "Z4", "M1"],
        "name": ["Nhãn Z1", "Nhãn Z2", "Nhãn Z3", "Nhãn Z4", "Xoài M1"],
        "crop": ["longan"] * 4 + ["mango"], "area_ha": [10.0, 10.0, 10.0, 10.0, 5.0],
        "yield_t_ha": [10.0, 10.0, 10.0, 10.0, 10.0],
        "expected_output_t": [100.0, 100.0, 100.0, 100.0, np.nan],
        "harvest_start": pd.array([7] * 5, dtype="Int64"),
        "harvest_end": pd.array([7] * 5, dtype="Int64"),
        "off_season": [False, False, False, True, False],
        "unit_code": ["D1", "D1", "D2", "D2", "D1"],
    }, geometry=[at(10), at(40), at(70), at(110), at(20)], crs="EPSG:4326")
    plants = gpd.GeoDataFrame({
        "plant_id": ["P1", "P2"], "name": ["Nhà máy P1", "Nhà máy P2"],
        "kind": ["factory", "factory"], "crops": [("longan",), ("longan",)],
        "capacity_t_day": [10.0, 10.0],
        "operating_months": [tuple(range(1, 13))] * 2, "status": ["operating", "planned"],
    }, geometry=[at(115), at(70)], crs="EPSG:4326")
    markets = pd.DataFrame({"crop": ["longan"] * 12, "month": list(range(1, 13)),
                            "fresh_capacity_t": [0.0] * 12})
    return {"admin_units": admin, "zones": zones, "plants": plants, "markets": markets}

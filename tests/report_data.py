"""A tiny workspace for the meeting-pack tests, small enough to check on paper.

Two districts of "Tỉnh Sơn La" side by side (0.2° squares near 21.1° N):
Sông Mã (126, west) and Mai Sơn (125, east).

* Z1: longan (nhãn) in Sông Mã, 1,000 t harvested July–August → 500 t a month.
* Z2: mango in Mai Sơn, 400 t harvested in June.
* P1: one factory in Mai Sơn taking longan and mango, 10 t/day × 26 days = 260 t a month,
  about 21 km (27 km by road with circuity 1.3) from Z1.
* Fresh market: longan 100 t in July and in August, mango 50 t in June. No cold store.

So longan: 500 − 100 fresh − 260 processed = 140 t surplus in July and again in August;
mango: 400 − 50 − 260 = 90 t surplus in June. Year: 1,400 t harvested, 370 t surplus
(26.4 %), 780 t processed (55.7 %).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from fruitmap.workspace.geopackage import create

SONG_MA = box(103.8, 21.0, 104.0, 21.2)
MAI_SON = box(104.0, 21.0, 104.2, 21.2)


def tiny_layers() -> dict:
    """The layers described in the module docstring."""
    admin = gpd.GeoDataFrame({
        "unit_code": ["14", "126", "125"],
        "name": ["Tỉnh Sơn La", "Sông Mã", "Mai Sơn"],
        "level": ["province", "district", "district"],
        "parent_code": [None, "14", "14"],
    }, geometry=[box(103.8, 21.0, 104.2, 21.2), SONG_MA, MAI_SON], crs="EPSG:4326")
    zones = gpd.GeoDataFrame({
        "zone_id": ["Z1", "Z2"], "name": ["Vùng nhãn Chiềng Khương", "Vùng xoài Cò Nòi"],
        "crop": ["longan", "mango"], "area_ha": [100.0, 50.0],
        "expected_output_t": [1000.0, 400.0],
        "harvest_start": pd.array([7, 6], dtype="Int64"),
        "harvest_end": pd.array([8, 6], dtype="Int64"),
        "high_tech": [True, False],
        "planting_code": ["VN-SL-001", None],
        "unit_code": ["126", "125"],
    }, geometry=[box(103.89, 21.09, 103.91, 21.11), box(104.09, 21.09, 104.11, 21.11)],
        crs="EPSG:4326")
    plants = gpd.GeoDataFrame({
        "plant_id": ["P1"], "name": ["Nhà máy chế biến Mai Sơn"], "kind": ["factory"],
        "crops": [("longan", "mango")], "capacity_t_day": [10.0],
        "operating_months": [tuple(range(1, 13))], "status": ["operating"],
        "unit_code": ["125"],
    }, geometry=[Point(104.1, 21.1)], crs="EPSG:4326")
    markets = pd.DataFrame({"crop": ["longan", "longan", "mango"], "month": [7, 8, 6],
                            "fresh_capacity_t": [100.0, 100.0, 50.0]})
    calendar = pd.DataFrame({"crop": ["longan", "longan", "mango"], "month": [7, 8, 6],
                             "harvest_share": [0.5, 0.5, 1.0]})
    targets = pd.DataFrame({
        "target_id": ["hightech_zones_2025", "processed_share_2030"],
        "label_vi": ["Vùng ứng dụng công nghệ cao", "Tỷ lệ sản lượng được chế biến"],
        "label_en": ["High-tech zones", "Share of output processed"],
        "year": [2025, 2030], "value": [2.0, 60.0], "unit": ["vùng / zones", "%"],
        "source": ["Founding brief", "Illustrative"],
    })
    return {"admin_units": admin, "zones": zones, "plants": plants, "markets": markets,
            "crop_calendar": calendar, "targets": targets}


def write_tiny(path) -> object:
    """Write :func:`tiny_layers` as a workspace at ``path`` and return it."""
    return create(path, tiny_layers(), who="test")

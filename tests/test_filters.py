"""Filtering the map layers: crop, district (code or spatial), certification, status, capacity,
and the diacritics-insensitive search."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from fruitmap.maps import filters
from fruitmap.maps.filters import district_codes, filter_layers

XSS = "<img src=x onerror=alert(1)>"


def tiny_layers() -> dict:
    """Two square districts side by side in one province, and a few features in each.

    Mai Sơn (125) is the square 104.0–104.4 E, 21.0–21.4 N; Mộc Châu (123) is 104.4–104.8 E,
    20.6–21.0 N. Features without a unit_code are placed by where they lie.
    """
    crs = "EPSG:4326"
    mai_son, moc_chau = box(104.0, 21.0, 104.4, 21.4), box(104.4, 20.6, 104.8, 21.0)
    admin = gpd.GeoDataFrame(
        {"unit_code": ["14", "125", "123"], "name": ["Sơn La", "Mai Sơn", "Mộc Châu"],
         "level": ["province", "district", "district"], "parent_code": [None, "14", "14"]},
        geometry=[box(104.0, 20.6, 104.8, 21.4), mai_son, moc_chau], crs=crs)
    zones = gpd.GeoDataFrame(
        {"zone_id": ["Z1", "Z2", "Z3", "Z4"],
         "name": ["Vùng mận Mộc Châu", "Vùng xoài Mai Sơn", XSS, "Điểm nhãn Chiềng Ban"],
         "crop": ["plum", "mango", "longan", "longan"],
         "area_ha": [120.0, 50.0, 30.0, 8.0],
         "certification": ["VietGAP", "none", "organic", None],
         "off_season": [False, True, False, False],
         "unit_code": ["123", None, "125", None]},
        geometry=[box(104.5, 20.7, 104.55, 20.75), box(104.1, 21.1, 104.15, 21.15),
                  box(104.2, 21.2, 104.25, 21.25), Point(104.3, 21.3)], crs=crs)
    plants = gpd.GeoDataFrame(
        {"plant_id": ["P1", "P2", "P3"],
         "name": ["Nhà máy chế biến Mộc Châu", "Cơ sở sấy nhãn Mai Sơn", "HTX Đức Thắng"],
         "kind": ["factory", "facility", "facility"],
         "crops": [("plum", "passion_fruit"), ("longan",), ("mango", "longan")],
         "capacity_t_day": [300.0, 5.0, 20.0],
         "status": ["operating", "planned", "operating"],
         "unit_code": [None, None, "125"]},
        geometry=[Point(104.6, 20.8), Point(104.2, 21.1), Point(104.3, 21.2)], crs=crs)
    stores = gpd.GeoDataFrame(
        {"store_id": ["C1"], "name": ["Kho lạnh Mai Sơn"], "capacity_t": [500.0],
         "crops": [()], "status": ["under_construction"]},
        geometry=[Point(104.1, 21.3)], crs=crs)
    areas = gpd.GeoDataFrame(
        {"area_id": ["I1"], "name": ["KCN Mai Sơn"], "kind": ["industrial_zone"],
         "area_ha": [150.0], "free_area_ha": [80.0], "status": ["operating"]},
        geometry=[box(104.05, 21.05, 104.08, 21.08)], crs=crs)
    return {"admin_units": admin, "zones": zones, "plants": plants, "cold_stores": stores,
            "industrial_areas": areas, "markets": pd.DataFrame()}


def ids(layers, name):
    col = {"zones": "zone_id", "plants": "plant_id", "cold_stores": "store_id",
           "industrial_areas": "area_id"}[name]
    return sorted(layers[name][col])


def test_no_filter_keeps_everything():
    layers = tiny_layers()
    out = filter_layers(layers)
    assert ids(out, "zones") == ["Z1", "Z2", "Z3", "Z4"]
    assert ids(out, "plants") == ["P1", "P2", "P3"]
    assert out["admin_units"] is layers["admin_units"]


def test_search_ignores_diacritics_and_case():
    out = filter_layers(tiny_layers(), query="moc chau")
    assert ids(out, "zones") == ["Z1"]
    assert ids(out, "plants") == ["P1"]
    assert ids(out, "cold_stores") == []
    # đ is not d-with-a-mark in Unicode; "duc thang" must still find "Đức Thắng".
    assert ids(filter_layers(tiny_layers(), query="DUC thang"), "plants") == ["P3"]
    # every word must occur, in any order
    assert ids(filter_layers(tiny_layers(), query="mai son xoai"), "zones") == ["Z2"]


def test_search_by_id_too():
    assert ids(filter_layers(tiny_layers(), query="z3"), "zones") == ["Z3"]


def test_crop_filter_zones_and_plants_that_accept_the_crop():
    out = filter_layers(tiny_layers(), crops=["longan"])
    assert ids(out, "zones") == ["Z3", "Z4"]
    assert ids(out, "plants") == ["P2", "P3"]
    # a cold store that names no crops takes every crop
    assert ids(out, "cold_stores") == ["C1"]
    # industrial areas have no crop: kept
    assert ids(out, "industrial_areas") == ["I1"]


def test_district_filter_uses_codes_and_places_the_rest_by_location():
    out = filter_layers(tiny_layers(), districts=["125"])
    # Z2 and Z4 have no code but lie in Mai Sơn; Z3 has the code.
    assert ids(out, "zones") == ["Z2", "Z3", "Z4"]
    assert ids(out, "plants") == ["P2", "P3"]
    assert ids(out, "cold_stores") == ["C1"]
    out = filter_layers(tiny_layers(), districts=["123"])
    assert ids(out, "zones") == ["Z1"] and ids(out, "plants") == ["P1"]
    assert ids(out, "industrial_areas") == []


def test_commune_code_counts_for_its_district():
    layers = tiny_layers()
    commune = gpd.GeoDataFrame({"unit_code": ["04000"], "name": ["Chiềng Ban"],
                                "level": ["commune"], "parent_code": ["125"]},
                               geometry=[box(104.0, 21.0, 104.1, 21.1)], crs="EPSG:4326")
    layers["admin_units"] = pd.concat([layers["admin_units"], commune], ignore_index=True)
    # Z1 lies in Mộc Châu but its code says commune 04000 of Mai Sơn: the code wins.
    layers["zones"].loc[0, "unit_code"] = "04000"
    codes = district_codes(layers["zones"], layers["admin_units"])
    assert list(codes) == ["125", "125", "125", "125"]


def test_certification_filter_counts_missing_as_none():
    out = filter_layers(tiny_layers(), certifications=["none"])
    assert ids(out, "zones") == ["Z2", "Z4"]
    assert ids(out, "plants") == ["P1", "P2", "P3"]  # plants have no certification


def test_status_and_capacity_filters():
    out = filter_layers(tiny_layers(), statuses=["operating"])
    assert ids(out, "plants") == ["P1", "P3"]
    assert ids(out, "cold_stores") == []
    assert ids(out, "zones") == ["Z1", "Z2", "Z3", "Z4"]
    out = filter_layers(tiny_layers(), capacity_range=(5, 20))
    assert ids(out, "plants") == ["P2", "P3"]  # bounds are inclusive


def test_filters_combine_and_empty_result_is_detected():
    out = filter_layers(tiny_layers(), crops=["plum"], districts=["125"])
    assert ids(out, "zones") == [] and ids(out, "plants") == []
    assert not filters.is_empty(out)  # the cold store and the industrial area remain
    out = filter_layers(tiny_layers(), query="không có tên này")
    assert filters.is_empty(out)


def test_options_for_the_widgets():
    layers = tiny_layers()
    assert filters.crop_options(layers) == ["longan", "mango", "plum", "passion_fruit"]
    assert filters.district_options(layers) == {"125": "Mai Sơn", "123": "Mộc Châu"}
    assert filters.capacity_bounds(layers) == (0.0, 300.0)
    stats = filters.summary(layers)
    assert stats["zones"] == 4 and stats["zone_area_ha"] == pytest.approx(208.0)
    assert stats["factories"] == 1 and stats["plant_capacity_t_day"] == pytest.approx(325.0)


def test_capacity_bounds_round_up():
    layers = tiny_layers()
    layers["plants"].loc[0, "capacity_t_day"] = 437.0
    assert filters.capacity_bounds(layers) == (0.0, 440.0)

"""Headline figures on tiny hand-made layers whose answers can be checked on paper."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from fruitmap.balance.summary import by_crop, demo_layers, headline, zone_output
from fruitmap.workspace.geopackage import create


def _zones():
    # 10 ha longan at 9 t/ha → 90 t; 20 ha mango with expected 150 t → 150 t;
    # 5 ha plum with nothing → default 10 t/ha → 50 t; 15 ha longan at 8 t/ha → 120 t.
    return gpd.GeoDataFrame({
        "zone_id": ["Z1", "Z2", "Z3", "Z4"],
        "name": ["Nhãn A", "Xoài B", "Mận C", "Nhãn D"],
        "crop": ["longan", "mango", "plum", "longan"],
        "area_ha": [10.0, 20.0, 5.0, 15.0],
        "yield_t_ha": [9.0, 99.0, None, 8.0],  # Z2's yield is ignored: expected output wins
        "expected_output_t": [None, 150.0, None, None],
        "certification": ["VietGAP", "none", "GlobalGAP", "none"],
        "planting_code": ["VN-SL-001", None, "", "VN-SL-002"],
        "high_tech": [True, False, False, True],
        "off_season": [False, True, False, False],
    }, geometry=[Point(104, 21)] * 4, crs="EPSG:4326")


def _plants():
    return gpd.GeoDataFrame({
        "plant_id": ["P1", "P2", "P3", "P4"],
        "name": ["Nhà máy 1", "Cơ sở 2", "Cơ sở 3", "Nhà máy 4"],
        "kind": ["factory", "facility", "facility", "factory"],
        "crops": [("mango",), ("longan",), ("plum",), ("mango", "longan")],
        "capacity_t_day": [300.0, 5.0, 2.5, 100.0],
        "status": ["operating", "operating", None, "planned"],
    }, geometry=[Point(104, 21)] * 4, crs="EPSG:4326")


def _stores():
    return gpd.GeoDataFrame({
        "store_id": ["K1", "K2", "K3"], "name": ["Kho 1", "Kho 2", "Kho 3"],
        "capacity_t": [500.0, 250.0, 1000.0],
        "status": ["operating", "operating", "under_construction"],
    }, geometry=[Point(104, 21)] * 3, crs="EPSG:4326")


def test_zone_output_follows_the_contract_order():
    out = zone_output(_zones())
    assert out["output_t"].tolist() == [90.0, 150.0, 50.0, 120.0]
    assert out["output_source"].tolist() == ["yield", "expected_output", "default_yield", "yield"]


def test_by_crop_sums_area_and_output():
    table = by_crop(_zones())
    assert table["crop"].tolist() == ["longan", "mango", "plum"]  # largest area first
    assert table["area_ha"].tolist() == [25.0, 20.0, 5.0]
    assert table["output_t"].tolist() == [210.0, 150.0, 50.0]
    assert table["zones"].tolist() == [2, 1, 1]
    assert table["area_share"].tolist() == pytest.approx([0.5, 0.4, 0.1])


def test_headline_figures():
    h = headline({"zones": _zones(), "plants": _plants(), "cold_stores": _stores()})
    assert h.zones == 4 and h.area_ha == 50.0 and h.output_t == 410.0
    assert h.certified_ha == 15.0 and h.certified_share == pytest.approx(0.3)  # Z1 + Z3
    assert h.coded_ha == 25.0 and h.coded_share == pytest.approx(0.5)  # blank code ≠ code
    assert (h.high_tech_zones, h.high_tech_ha) == (2, 25.0)
    assert (h.off_season_ha, h.off_season_output_t) == (20.0, 150.0)
    assert (h.plants, h.factories, h.facilities) == (4, 2, 2)
    # Missing status means operating (contract default); the planned factory is pipeline.
    assert h.capacity_t_day == 307.5
    assert (h.pipeline_plants, h.pipeline_capacity_t_day) == (1, 100.0)
    assert (h.cold_stores, h.cold_store_t) == (3, 750.0)
    assert (h.industrial_areas, h.industrial_free_ha) == (0, 0.0)


def test_industrial_areas_count_and_free_land():
    areas = pd.DataFrame({"area_id": ["A", "B"], "name": ["KCN Mai Sơn", "CCN Vân Hồ"],
                          "kind": ["industrial_zone", "industrial_cluster"],
                          "free_area_ha": [40.0, None]})
    h = headline({"industrial_areas": areas})
    assert (h.industrial_areas, h.industrial_free_ha) == (2, 40.0)


def test_empty_workspace_gives_zeros_not_errors():
    h = headline({})
    assert h.zones == 0 and h.area_ha == 0.0 and h.certified_share == 0.0
    assert by_crop(pd.DataFrame(columns=["crop", "area_ha"])).empty


def test_figures_survive_a_workspace_round_trip(tmp_path):
    ws = create(tmp_path / "ws", {"zones": _zones(), "plants": _plants(),
                                  "cold_stores": _stores()})
    h = headline(ws.read_all())
    assert (h.area_ha, h.output_t, h.coded_ha, h.capacity_t_day) == (50.0, 410.0, 25.0, 307.5)
    assert ws.last_changed() is not None


def test_demo_layers_are_those_whose_latest_change_is_the_demo():
    history = pd.DataFrame({
        "change_id": [1, 2, 3, 4, 5],
        "action": ["demo", "demo", "demo", "import", "rollback to abc"],
        "layer": ["zones", "plants", "cold_stores", "zones", "cold_stores"],
    })
    assert demo_layers(history) == ["plants"]  # zones re-imported, cold stores rolled back
    assert demo_layers(history.iloc[:3]) == ["zones", "plants", "cold_stores"]
    assert demo_layers(pd.DataFrame(columns=["change_id", "action", "layer"])) == []

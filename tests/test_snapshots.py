"""Saved versions of a layer: the compact encoding round-trips, GeoJSON ones stay readable."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, Polygon

from fruitmap.schema import get_layer
from fruitmap.workspace.geopackage import _decode_snapshot, _encode_snapshot, create


def zones() -> gpd.GeoDataFrame:
    square = Polygon([(104.0, 21.0), (104.01, 21.0), (104.01, 21.01), (104.0, 21.0)])
    return gpd.GeoDataFrame({
        "zone_id": ["Z1", "Z2"], "name": ["Vùng Mộc Châu", "Điểm 2"], "crop": ["plum", "mango"],
        "area_ha": [12.5, 3.0], "harvest_start": pd.array([5, pd.NA], dtype="Int64"),
    }, geometry=[square, Point(104.1, 21.2)], crs="EPSG:4326")


def test_snapshot_round_trip_keeps_values_and_shapes():
    layer = get_layer("zones")
    text = _encode_snapshot(zones(), layer)
    assert json.loads(text)["fruitmap_snapshot"] == 2
    back = _decode_snapshot(text, layer)
    assert list(back["zone_id"]) == ["Z1", "Z2"]
    assert list(back["name"]) == ["Vùng Mộc Châu", "Điểm 2"]
    assert list(back["area_ha"]) == [12.5, 3.0]
    assert back["harvest_start"].iloc[0] == 5 and pd.isna(back["harvest_start"].iloc[1])
    assert back.geometry.iloc[0].equals(zones().geometry.iloc[0])
    assert back.geometry.iloc[1].equals(Point(104.1, 21.2))
    assert back.crs.equals("EPSG:4326")


def test_snapshot_saved_as_geojson_by_earlier_releases_is_still_read():
    layer = get_layer("zones")
    old = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"zone_id": "Z9", "name": "Cũ", "crop": "longan",
                                           "area_ha": 2.0},
         "geometry": {"type": "Point", "coordinates": [104.5, 21.5]}}]})
    back = _decode_snapshot(old, layer)
    assert list(back["zone_id"]) == ["Z9"] and list(back["crop"]) == ["longan"]
    assert back.geometry.iloc[0].equals(Point(104.5, 21.5))


def test_replaced_layer_is_restored_by_rollback(tmp_path):
    ws = create(tmp_path, {"zones": zones()})
    ws.write({"zones": zones().iloc[:1]}, action="import")
    version = ws.versions("zones")["version_id"].iloc[-1]
    ws.rollback("zones", version)
    back = ws.read("zones")
    assert list(back["zone_id"]) == ["Z1", "Z2"]
    assert back.geometry.iloc[1].equals(Point(104.1, 21.2))

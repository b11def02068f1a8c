"""The overview's plotly figures: crop bars and the small province map (fruitmap.report.charts)."""

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from fruitmap.balance.summary import by_crop
from fruitmap.report.charts import area_by_crop_bar, province_overview_map

EVIL = "<img src=x onerror=alert(1)>"


def _zones():
    return gpd.GeoDataFrame({
        "zone_id": ["Z1", "Z2", "Z3"], "name": [EVIL, "Xoài B", "Nhãn C"],
        "crop": ["longan", "mango", "longan"], "area_ha": [1200.0, 20.0, 300.0],
    }, geometry=[box(104.0, 21.0, 104.1, 21.1), Point(104.3, 21.2), Point(103.9, 21.4)],
        crs="EPSG:4326")


def _units():
    return gpd.GeoDataFrame({
        "unit_code": ["14", "116", "118"], "name": ["Sơn La", "Thành phố Sơn La", EVIL],
        "level": ["province", "district", "district"],
    }, geometry=[box(103.5, 20.5, 105.0, 22.0), box(103.8, 21.0, 104.2, 21.5),
                 box(104.2, 21.0, 104.6, 21.5)], crs="EPSG:4326")


def test_bars_show_crop_names_and_numbers_in_the_language():
    table = by_crop(_zones())
    vi = area_by_crop_bar(table, "vi")
    assert list(vi.data[0].y) == ["Xoài", "Nhãn"]  # largest area drawn on top (last)
    assert list(vi.data[0].text) == ["20", "1.500"]
    en = area_by_crop_bar(table, "en")
    assert list(en.data[0].y) == ["Mango", "Longan"] and list(en.data[0].text) == ["20", "1,500"]


def test_map_draws_districts_and_one_dot_per_zone_by_crop():
    fig = province_overview_map(_units(), _zones(), "en")
    outlines = [d for d in fig.data if d.mode == "lines"]
    dots = {d.name: d for d in fig.data if d.mode == "markers"}
    assert len(outlines) == 2  # the two districts, not the province
    assert set(dots) == {"Longan", "Mango"}
    assert len(dots["Longan"].x) == 2 and len(dots["Mango"].x) == 1
    # The polygon zone is drawn at a point inside it; the biggest zone gets the biggest dot.
    assert 104.0 < dots["Longan"].x[0] < 104.1
    assert dots["Longan"].marker.size[0] > dots["Longan"].marker.size[1]
    # No tiles and no WebGL map: plain axes, so it draws offline.
    assert not any(d.type.endswith("map") or d.type.endswith("mapbox") for d in fig.data)


def test_user_names_are_escaped_in_hover_texts():
    html = province_overview_map(_units(), _zones(), "vi").to_json()
    assert EVIL not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_map_without_boundaries_or_zones_still_builds():
    empty_units = gpd.GeoDataFrame({"unit_code": [], "name": [], "level": []},
                                   geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    fig = province_overview_map(empty_units, _zones(), "vi")
    assert len(fig.data) == 2
    fig = province_overview_map(empty_units, _zones().iloc[0:0], "vi")
    assert len(fig.data) == 0
    assert by_crop(pd.DataFrame(columns=["crop", "area_ha"])).empty


def test_hover_texts_name_the_zone_crop_and_whole_hectares():
    zones = _zones().assign(area_ha=[1234.5, 20.4, 2.5])  # 2.5 rounds to even, as :.0f does
    vi = {d.name: list(d.hovertext) for d in province_overview_map(_units(), zones, "vi").data
          if d.mode == "markers"}
    assert vi == {"Nhãn": ["<b>&lt;img src=x onerror=alert(1)&gt;</b><br>Nhãn, 1.234 ha",
                           "<b>Nhãn C</b><br>Nhãn, 2 ha"],
                  "Xoài": ["<b>Xoài B</b><br>Xoài, 20 ha"]}
    en = {d.name: list(d.hovertext) for d in province_overview_map(_units(), zones, "en").data
          if d.mode == "markers"}
    assert en["Longan"][0].endswith("Longan, 1,234 ha")

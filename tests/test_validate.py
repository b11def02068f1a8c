"""Validation against the contract: numbers, crops, lists, months, enums, ids, geometries."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, Point, Polygon

from fruitmap.files.validate import (
    decimal_comma_column,
    parse_enum,
    parse_month,
    parse_months,
    parse_number,
    validate_frame,
)
from tests.files import BOWTIE, ZONE_POLYGON


@pytest.mark.parametrize("text,comma,value", [
    ("12,5", False, 12.5), ("12.5", False, 12.5), ("1.234,5", False, 1234.5),
    ("1,234.5", False, 1234.5), ("1 234", False, 1234.0), ("1\u00a0234,5", True, 1234.5),
    ("1.234", True, 1234.0), ("1.234", False, 1.234), ("1,234", False, 1234.0),
    ("1.234.567", False, 1234567.0), ("-3", False, -3.0), (7, False, 7.0), (2.5, False, 2.5),
    ("abc", False, None), ("", False, None), ("12,5,3", True, None), ("1e3", False, 1000.0),
    ("nan", False, None), (float("inf"), False, None), (True, False, None),
])
def test_parse_number(text, comma, value):
    assert parse_number(text, comma) == value


def test_decimal_comma_is_decided_per_column():
    assert decimal_comma_column(["12,5", "1.234"])
    assert decimal_comma_column(["1.234.567"])
    assert not decimal_comma_column(["12.5", "1,234"])
    assert not decimal_comma_column([1.5, 2])


@pytest.mark.parametrize("text,month", [
    (7, 7), ("7", 7), ("Tháng 7", 7), ("thang 12", 12), ("T3", 3), ("July", 7), ("13", None),
    ("7.5", None), ("bảy", None)])
def test_parse_month(text, month):
    assert parse_month(text) == month


def test_parse_months_lists_and_ranges():
    assert parse_months("5;6;7") == (5, 6, 7)
    assert parse_months("T5 - T7") == (5, 6, 7)
    assert parse_months("11-2") == (1, 2, 11, 12)
    assert parse_months("5, 13") is None


def test_parse_enum_by_key_and_labels():
    assert parse_enum("Nhà máy", ("factory", "facility")) == "factory"
    assert parse_enum("co so che bien", ("factory", "facility")) == "facility"
    assert parse_enum("Đang hoạt động", ("operating", "planned")) == "operating"
    assert parse_enum("VIETGAP", ("none", "VietGAP")) == "VietGAP"
    assert parse_enum("xyz", ("factory",)) is None


def _plants(**overrides):
    data = {
        "plant_id": ["P1", "P2"], "name": ["A", "B"], "kind": ["Nhà máy", "facility"],
        "crops": ["nhãn; xoài", "mận"], "capacity_t_day": ["12,5", "300"],
    }
    data.update(overrides)
    return gpd.GeoDataFrame(data, geometry=[Point(104.0, 21.0), Point(104.1, 21.1)],
                            crs="EPSG:4326")


def test_clean_plants_are_converted_to_in_memory_form():
    clean, problems = validate_frame(_plants(), "plants", file="p.csv", rows=[2, 3])
    assert problems == []
    row = clean.iloc[0]
    assert row["kind"] == "factory" and row["crops"] == ("longan", "mango")
    assert row["capacity_t_day"] == 12.5
    assert row["operating_months"] == tuple(range(1, 13)) and row["status"] == "operating"
    assert clean.crs.to_epsg() == 4326


def test_every_problem_names_file_row_column_value_and_expectation():
    frame = _plants(plant_id=["P1", "P1"], kind=["Nhà máy", "xưởng"],
                    crops=["nhãn", "sầu riêng"], capacity_t_day=["-5", "nhiều"])
    _, problems = validate_frame(frame, "plants", file="p.csv", rows=[2, 3],
                                 sources={"kind": "Loại hình", "capacity_t_day": "Công suất"})
    got = {(p.code, p.row, p.column, str(p.value)) for p in problems}
    assert got == {
        ("duplicate_id", 3, "plant_id", "P1"),
        ("not_allowed", 3, "Loại hình", "xưởng"),
        ("unknown_crop", 3, "crops", "sầu riêng"),
        ("below_minimum", 2, "Công suất", "-5"),
        ("not_a_number", 3, "Công suất", "nhiều"),
    }
    assert all(p.severity == "error" for p in problems)
    dup = next(p for p in problems if p.code == "duplicate_id")
    assert dup.message("vi") == "tệp p.csv, dòng 3, cột «plant_id», giá trị «P1»: mã này bị " \
                                "trùng (đã có ở dòng 2)."
    assert "expected one of: factory (Nhà máy)" in next(
        p for p in problems if p.code == "not_allowed").message("en")


def test_missing_required_column_and_cells():
    frame = _plants(name=["A", None]).drop(columns=["capacity_t_day"])
    _, problems = validate_frame(frame, "plants", file="p.csv", rows=[2, 3])
    codes = sorted((p.code, p.row, p.column) for p in problems)
    assert codes == [("missing_column", None, "capacity_t_day"), ("missing_value", 3, "name")]
    assert "Công suất (tấn/ngày)" in next(p for p in problems if p.row is None).message("vi")


def test_html_in_text_is_kept_as_text_not_rejected():
    clean, problems = validate_frame(_plants(name=["<script>alert(1)</script>", "B"]), "plants")
    assert problems == []
    assert clean.iloc[0]["name"] == "<script>alert(1)</script>"


def test_excel_number_ids_become_text_without_decimals():
    clean, _ = validate_frame(_plants(plant_id=[101.0, 102.0]), "plants")
    assert clean["plant_id"].tolist() == ["101", "102"]


def _zones(geoms, **extra):
    data = {"zone_id": [f"Z{i}" for i in range(len(geoms))], "name": ["v"] * len(geoms),
            "crop": ["nhãn"] * len(geoms), "area_ha": [1.0] * len(geoms)}
    data.update(extra)
    return gpd.GeoDataFrame(data, geometry=geoms, crs="EPSG:4326")


def test_invalid_polygon_is_repaired_with_a_warning():
    clean, problems = validate_frame(_zones([ZONE_POLYGON, BOWTIE]), "zones", rows=[1, 2])
    assert [(p.code, p.severity, p.row) for p in problems] == [
        ("invalid_geometry_repaired", "warning", 2)]
    assert clean.geometry.iloc[1].is_valid
    # the bow-tie becomes its two triangles, each 0.02 wide and 0.01 high (square degrees)
    assert clean.geometry.iloc[1].geom_type == "MultiPolygon"
    assert clean.geometry.iloc[1].area == pytest.approx(2 * 0.02 * 0.01 / 2)


def test_wrong_and_missing_geometry_and_z_dropped():
    line = LineString([(104, 21), (104.1, 21.1)])
    poly_z = Polygon([(104, 21, 5), (104.1, 21, 5), (104.1, 21.1, 5)])
    clean, problems = validate_frame(
        _zones([line, None, poly_z, MultiPoint([(104, 21)])]), "zones", rows=[1, 2, 3, 4])
    assert [(p.code, p.row) for p in problems] == [("wrong_geometry", 1),
                                                   ("missing_geometry", 2)]
    assert "LineString" in problems[0].message("en")
    assert not clean.geometry.iloc[2].has_z
    assert clean.geometry.iloc[3].geom_type == "Point"


def test_plants_must_be_points():
    frame = _plants()
    frame = frame.set_geometry(gpd.GeoSeries([ZONE_POLYGON, Point(104, 21)], crs=4326))
    _, problems = validate_frame(frame, "plants")
    assert [(p.code, p.row) for p in problems] == [("wrong_geometry", 1)]


def test_booleans_months_and_certification():
    frame = _zones([ZONE_POLYGON] * 3, off_season=["có", "không", "hmm"],
                   harvest_start=["Tháng 7", 8, 13], certification=["VietGAP", None, "ISO"])
    clean, problems = validate_frame(frame, "zones", rows=[2, 3, 4])
    assert clean["off_season"].tolist()[:2] == [True, False]
    assert clean["harvest_start"].tolist()[:2] == [7, 8]
    assert clean["certification"].tolist()[:2] == ["VietGAP", "none"]
    assert sorted((p.code, p.row) for p in problems) == [
        ("not_a_bool", 4), ("not_a_month", 4), ("not_allowed", 4)]


def test_crop_calendar_shares_must_sum_to_one_and_pairs_be_unique():
    frame = pd.DataFrame({"crop": ["nhãn", "nhãn", "xoài", "xoài", "xoài"],
                          "month": [7, 8, 5, 6, 6], "harvest_share": ["0,5", "0,5", 0.5, 0.3, 0.1]})
    _, problems = validate_frame(frame, "crop_calendar", rows=[2, 3, 4, 5, 6])
    codes = sorted((p.code, str(p.value)) for p in problems)
    assert codes == [("calendar_sum", "mango"), ("duplicate_id", "mango / 6")]
    assert "0.9" in next(p for p in problems if p.code == "calendar_sum").message("en")

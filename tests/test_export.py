"""Layers and tables exported to GeoJSON, GeoPackage, CSV and XLSX read back as they were."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

from fruitmap.errors import ReportError
from fruitmap.files.export import (
    FORMATS,
    export_filename,
    export_layer,
    flat_layer,
    safe_sheet_name,
    table_to_csv_bytes,
    table_to_xlsx_bytes,
)
from fruitmap.workspace.history import empty_layer

SQUARE = Polygon([(104.0, 21.0), (104.01, 21.0), (104.01, 21.01), (104.0, 21.01)])


@pytest.fixture()
def plants() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"plant_id": ["P1", "P2"], "name": ["Nhà máy Mộc Châu", "=HYPERLINK(\"x\")"],
         "kind": ["factory", "facility"], "crops": [("longan", "mango"), ("plum",)],
         "capacity_t_day": [200.0, 12.5], "operating_months": [(5, 6, 7), tuple(range(1, 13))],
         "status": ["operating", "planned"]},
        geometry=[Point(104.05, 21.17), Point(104.63, 20.85)], crs="EPSG:4326")


@pytest.fixture()
def zones() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"zone_id": ["Z1", "Z2", "Z3"], "name": ["Vùng nhãn", "Vùng xoài", "Điểm mận"],
         "crop": ["longan", "mango", "plum"], "area_ha": [10.0, 20.0, 3.0],
         "off_season": [True, False, False]},
        geometry=[SQUARE, MultiPolygon([SQUARE]), Point(104.6, 20.9)], crs="EPSG:4326")


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_spatial_formats_round_trip(plants, zones, fmt):
    for name, frame in (("plants", plants), ("zones", zones)):
        data = export_layer(frame, name, fmt)
        back = gpd.read_file(io.BytesIO(data))
        assert back.crs.to_epsg() == 4326
        id_col = f"{name[:-1]}_id" if name == "zones" else "plant_id"
        assert back[id_col].tolist() == frame[id_col].tolist()
        for got, want in zip(back.geometry, frame.geometry, strict=True):
            assert got.equals(want)
    back = gpd.read_file(io.BytesIO(export_layer(plants, "plants", fmt)))
    assert back["crops"].tolist() == ["longan;mango", "plum"]
    assert back["operating_months"].tolist()[0] == "5;6;7"
    assert back["name"].tolist()[0] == "Nhà máy Mộc Châu"


def test_gpkg_holds_one_layer_named_like_the_contract(plants, tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_bytes(export_layer(plants, "plants", "gpkg"))
    import pyogrio

    assert [str(n) for n, _ in pyogrio.list_layers(path)] == ["plants"]


def test_geojson_keeps_vietnamese_letters_readable(plants):
    text = export_layer(plants, "plants", "geojson").decode("utf-8")
    assert "Mộc Châu" in text  # not \\u escapes
    assert json.loads(text)["features"][0]["properties"]["capacity_t_day"] == 200.0


def test_csv_of_points_has_lon_lat_and_lists_as_text(plants):
    data = export_layer(plants, "plants", "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for Vietnamese letters
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(table.columns)[-2:] == ["longitude", "latitude"]
    assert {"plant_id", "crops", "capacity_t_day", "status"} <= set(table.columns)
    assert table["crops"].tolist() == ["longan;mango", "plum"]
    assert table["longitude"].tolist() == [104.05, 104.63]
    assert table["name"].tolist()[0] == "Nhà máy Mộc Châu"
    # A formula-looking text never runs when an official opens the file in Excel.
    assert table["name"].tolist()[1] == "'=HYPERLINK(\"x\")"


def test_csv_of_mixed_shapes_has_wkt(zones):
    table = pd.read_csv(io.BytesIO(export_layer(zones, "zones", "csv")))
    assert "wkt" in table.columns and "longitude" not in table.columns
    assert table["wkt"].iloc[0].startswith("POLYGON")
    assert table["wkt"].iloc[2] == "POINT (104.6 20.9)"
    assert table["off_season"].tolist() == [True, False, False]


def test_csv_with_translated_headers(plants):
    vi = pd.read_csv(io.BytesIO(export_layer(plants, "plants", "csv", lang="vi")))
    en = pd.read_csv(io.BytesIO(export_layer(plants, "plants", "csv", lang="en")))
    assert list(vi.columns)[:2] == ["Mã cơ sở", "Tên cơ sở"]
    assert list(vi.columns)[-2:] == ["Kinh độ", "Vĩ độ"]
    assert list(en.columns)[-2:] == ["Longitude", "Latitude"]
    assert "Capacity (t/day)" in en.columns


def test_xlsx_has_the_columns_and_text_stays_text(plants):
    book = openpyxl.load_workbook(io.BytesIO(export_layer(plants, "plants", "xlsx")))
    sheet = book["plants"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["plant_id", "name", "kind"] and header[-2:] == ["longitude", "latitude"]
    record = dict(zip(header, rows[1], strict=True))
    assert record["crops"] == "longan;mango" and record["capacity_t_day"] == 200
    assert record["latitude"] == pytest.approx(21.17)
    formula_cell = sheet.cell(row=3, column=2)
    assert formula_cell.value == "=HYPERLINK(\"x\")" and formula_cell.data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_tables_export_in_every_format():
    markets = pd.DataFrame({"crop": ["longan", "mango"], "month": [7, 6],
                            "fresh_capacity_t": [3000.0, 1500.0]})
    for fmt in FORMATS:
        assert export_layer(markets, "markets", fmt)
    geo = json.loads(export_layer(markets, "markets", "geojson"))
    assert [f["properties"]["crop"] for f in geo["features"]] == ["longan", "mango"]
    assert geo["features"][0]["geometry"] is None
    import pyogrio

    back = pyogrio.read_dataframe(io.BytesIO(export_layer(markets, "markets", "gpkg")),
                                  read_geometry=False)
    assert back["fresh_capacity_t"].tolist() == [3000.0, 1500.0]
    assert back["month"].tolist() == [7, 6]


def test_empty_layers_export_with_their_columns():
    for fmt in FORMATS:
        assert export_layer(empty_layer("cold_stores"), "cold_stores", fmt)
    table = pd.read_csv(io.BytesIO(export_layer(empty_layer("cold_stores"), "cold_stores",
                                                "csv")))
    assert table.empty and "store_id" in table.columns


def test_unknown_format_is_refused(plants):
    with pytest.raises(ReportError) as err:
        export_layer(plants, "plants", "shp")
    assert err.value.code == "export_format" and "geojson" in err.value.message("vi")


def test_generic_tables_for_other_pages():
    gap = pd.DataFrame({"unit_name": ["Xã Chiềng Mung"], "crop": ["longan"], "month": [8],
                        "surplus_t": [123.456], "crops": [("longan", "mango")]})
    labels = {"unit_name": "Đơn vị", "surplus_t": "Dư thừa (tấn)"}
    csv = pd.read_csv(io.BytesIO(table_to_csv_bytes(gap, labels)))
    assert list(csv.columns) == ["Đơn vị", "crop", "month", "Dư thừa (tấn)", "crops"]
    assert csv.iloc[0]["crops"] == "longan;mango" and csv.iloc[0]["Dư thừa (tấn)"] == 123.456
    book = openpyxl.load_workbook(io.BytesIO(table_to_xlsx_bytes(gap, "Cân đối: T8/2026",
                                                                 labels)))
    assert book.sheetnames == ["Cân đối_ T8_2026"]
    assert book.active["A2"].value == "Xã Chiềng Mung" and book.active["D1"].value == \
        "Dư thừa (tấn)"


def test_flat_layer_and_names(plants):
    flat = flat_layer(plants, "plants", geometry="wkt")
    assert flat["wkt"].tolist()[0] == "POINT (104.05 21.17)"
    assert safe_sheet_name("a" * 40) == "a" * 31 and safe_sheet_name("") == "Sheet"
    assert export_filename("plants", "gpkg", "2026-11-29") == "fruitmap_plants_2026-11-29.gpkg"

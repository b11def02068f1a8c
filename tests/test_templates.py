"""Every layer's input template opens, is bilingual, explains itself and has a valid example."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from fruitmap.columns import is_missing, parse_bool, parse_crop_list, parse_month_list
from fruitmap.crops import normalise_crop
from fruitmap.errors import InputError
from fruitmap.files.templates import (
    EXAMPLES,
    column_label,
    example_frame,
    template_columns,
    template_csv_bytes,
    template_headers,
    template_xlsx_bytes,
)
from fruitmap.schema import (
    BOOL,
    CROP,
    CROP_LIST,
    EDITABLE_LAYERS,
    ENUM,
    FLOAT,
    INT,
    MONTH,
    MONTH_LIST,
    get_layer,
)


@pytest.mark.parametrize("name", EDITABLE_LAYERS)
def test_xlsx_template_opens_with_bilingual_headers_and_example(name):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx_bytes(name)))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    rows = list(book["Dữ liệu"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header == list(template_headers(name).values())
    layer = get_layer(name)
    for col in layer.columns:
        label = column_label(name, col.name)
        assert col.vi in label and col.en in label
        if col.vi != col.en:
            assert label == f"{col.vi} [{col.en}]"
    assert len(rows) - 1 == len(EXAMPLES[name])
    first = dict(zip(template_columns(name), rows[1], strict=True))
    for required in layer.required:
        assert not is_missing(first[required]), (name, required)
    if layer.is_spatial and "Point" in layer.geometry:
        assert header[-2:] == ["Kinh độ [Longitude]", "Vĩ độ [Latitude]"]


@pytest.mark.parametrize("name", EDITABLE_LAYERS)
def test_guide_sheet_explains_every_column(name):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx_bytes(name, lang="en")))
    assert book.sheetnames == ["Data", "Guide"]
    cells = [str(v) for row in book["Guide"].iter_rows(values_only=True) for v in row
             if v is not None]
    for column in template_columns(name):
        assert column in cells
    assert "Chanh leo" in cells and "passion_fruit" in cells  # crop names accepted
    layer = get_layer(name)
    for col in layer.columns:
        for value in col.allowed if col.kind == ENUM else ():
            assert any(value in c for c in cells), value


def test_guide_in_vietnamese_names_units_and_allowed_values():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx_bytes("plants", lang="vi")))
    rows = [r for r in book["Hướng dẫn"].iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r[0] == "Tiêu đề cột"))
    assert rows[header][:3] == ("Tiêu đề cột", "Bắt buộc", "Ví dụ")
    by_name = {r[7]: dict(zip(rows[header], r, strict=True)) for r in rows[header + 1:]
               if r[7]}
    assert by_name["capacity_t_day"]["Bắt buộc"] == "Có"
    assert by_name["capacity_t_day"]["Đơn vị"] == "tấn/ngày"
    assert by_name["capacity_t_day"]["Ví dụ"] == "200"
    assert "factory (Nhà máy)" in by_name["kind"]["Giá trị cho phép"]
    assert "Chanh leo" in by_name["crops"]["Giá trị cho phép"]
    assert by_name["operating_months"]["Mặc định khi để trống"] == "cả 12 tháng"
    assert by_name["status"]["Bắt buộc"] == "Không"


def test_required_header_cells_are_coloured():
    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx_bytes("plants")))["Dữ liệu"]
    colours = {c.value: c.fill.fgColor.rgb for c in sheet[1]}
    assert colours["Mã cơ sở [Plant ID]"] != colours["Chủ sở hữu [Owner]"]


@pytest.mark.parametrize("name", EDITABLE_LAYERS)
def test_csv_template_has_bom_headers_and_example(name):
    data = template_csv_bytes(name)
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == list(template_headers(name).values())
    assert len(table) == len(EXAMPLES[name])


def test_header_languages():
    assert template_headers("cold_stores", "vi")["capacity_t"] == "Sức chứa (tấn)"
    assert template_headers("cold_stores", "en")["capacity_t"] == "Capacity (t)"
    assert "longitude" not in template_headers("admin_units")  # boundaries: a WKT column
    assert template_headers("admin_units")["wkt"] == "Hình học (WKT) [Geometry (WKT)]"
    csv = template_csv_bytes("markets", headers="en").decode("utf-8-sig")
    assert csv.splitlines()[0] == "Crop,Month,Fresh capacity (t)"


def test_history_has_no_template():
    with pytest.raises(InputError) as err:
        template_xlsx_bytes("history")
    assert err.value.code == "template_layer"


def _check_value(col, value) -> str | None:
    """Return why ``value`` breaks the contract for ``col`` (None when it is fine)."""
    if is_missing(value):
        return "missing" if col.required else None
    if col.kind == CROP and normalise_crop(value) is None:
        return "crop"
    if col.kind == CROP_LIST and not parse_crop_list(value):
        return "crop list"
    if col.kind == MONTH_LIST and not parse_month_list(value):
        return "month list"
    if col.kind == ENUM and value not in col.allowed:
        return "enum"
    if col.kind == BOOL and parse_bool(value) is None:
        return "bool"
    if col.kind in (FLOAT, INT, MONTH):
        number = float(value)
        if col.minimum is not None and number < col.minimum:
            return "minimum"
        if col.maximum is not None and number > col.maximum:
            return "maximum"
    return None


@pytest.mark.parametrize("name", EDITABLE_LAYERS)
def test_example_rows_satisfy_the_contract(name):
    layer = get_layer(name)
    frame = example_frame(name)
    problems = [(col.name, v, why) for _, row in frame.iterrows() for col in layer.columns
                if (why := _check_value(col, v := row[col.name]))]
    assert problems == []
    if "longitude" in frame.columns:  # inside Son La (about 103.2–105.0 E, 20.6–22.0 N)
        assert frame["longitude"].between(103.2, 105.0).all()
        assert frame["latitude"].between(20.6, 22.0).all()
    if name == "crop_calendar":
        assert frame["harvest_share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("headers", ["bilingual", "vi", "en"])
@pytest.mark.parametrize("name", EDITABLE_LAYERS)
def test_filled_template_imports_as_it_is(name, headers):
    """The importer maps every template column by itself and finds no problem."""
    ingest = pytest.importorskip("fruitmap.files.ingest")
    for data, file in ((template_xlsx_bytes(name, headers=headers), f"{name}.xlsx"),
                       (template_csv_bytes(name, headers=headers), f"{name}.csv")):
        prepared = ingest.validate_upload(file, data, name)
        assert prepared.problems == [], prepared.report("en")
        assert len(prepared.frame) == len(EXAMPLES[name])
        mapped = {v for v in prepared.mapping.values() if v}
        assert mapped == {c.name for c in get_layer(name).columns} | (
            {"x", "y"} if "longitude" in template_columns(name) else set()) | (
            {"wkt"} if "wkt" in template_columns(name) else set())

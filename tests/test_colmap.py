"""Column-mapping suggestions from Vietnamese and English headers, with or without accents."""

import pytest

from fruitmap.errors import InputError
from fruitmap.files.colmap import (
    apply_mapping,
    header_score,
    normalise_header,
    suggest_mapping,
    target_label,
    targets,
)


@pytest.mark.parametrize("header,layer,target", [
    ("Tên cơ sở", "plants", "name"),
    ("Ten co so", "plants", "name"),
    ("TÊN CƠ SỞ CHẾ BIẾN", "plants", "name"),
    ("Kinh độ", "plants", "x"),
    ("Vĩ độ", "plants", "y"),
    ("lon", "cold_stores", "x"),
    ("lat", "cold_stores", "y"),
    ("X", "zones", "x"),
    ("Y", "zones", "y"),
    ("Diện tích (ha)", "zones", "area_ha"),
    ("Dien tich", "zones", "area_ha"),
    ("Area (ha)", "zones", "area_ha"),
    ("Công suất (tấn/ngày)", "plants", "capacity_t_day"),
    ("cong suat", "plants", "capacity_t_day"),
    ("Loại cây", "zones", "crop"),
    ("loai cay trong", "zones", "crop"),
    ("Mã số vùng trồng", "zones", "planting_code"),
    ("Ma vung", "zones", "zone_id"),
    ("zone_id", "zones", "zone_id"),
    ("Sức chứa (tấn)", "cold_stores", "capacity_t"),
    ("Tháng hoạt động", "plants", "operating_months"),
    ("Tình trạng", "plants", "status"),
    ("Name", "zones", "name"),  # the column LIBKML gives a placemark's name
    ("Tỷ lệ thu hoạch", "crop_calendar", "harvest_share"),
])
def test_single_headers(header, layer, target):
    assert suggest_mapping([header], layer) == {header: target}


def test_a_whole_sheet_maps_each_target_once():
    headers = ["STT", "Mã cơ sở", "Tên cơ sở", "Loại hình", "Loại quả tiếp nhận",
               "Công suất (tấn/ngày)", "Kinh độ", "Vĩ độ", "Ghi chú"]
    assert suggest_mapping(headers, "plants") == {
        "STT": None, "Mã cơ sở": "plant_id", "Tên cơ sở": "name", "Loại hình": "kind",
        "Loại quả tiếp nhận": "crops", "Công suất (tấn/ngày)": "capacity_t_day",
        "Kinh độ": "x", "Vĩ độ": "y", "Ghi chú": None,
    }


def test_exact_match_beats_a_looser_one():
    # "Mã" alone could be the id, but "Mã vùng" names it exactly; "Mã số vùng trồng" is the code.
    m = suggest_mapping(["Mã", "Mã vùng", "Mã số vùng trồng"], "zones")
    assert m == {"Mã": None, "Mã vùng": "zone_id", "Mã số vùng trồng": "planting_code"}


def test_unknown_headers_stay_unmapped_and_tables_have_no_coordinates():
    assert suggest_mapping(["Foo", "Bar"], "zones") == {"Foo": None, "Bar": None}
    assert suggest_mapping(["X"], "markets") == {"X": None}
    assert "x" in targets("plants") and "x" not in targets("markets")


def test_normalise_header_drops_accents_units_and_punctuation():
    assert normalise_header("Diện tích (ha)") == ("dien tich ha", "dien tich")
    assert normalise_header("Công suất (tấn/ngày)") == ("cong suat tan ngay", "cong suat")


def test_header_score_recognises_header_rows_not_titles():
    assert header_score(["Tên cơ sở", "Kinh độ", "Vĩ độ"]) == 3
    assert header_score(["DANH SÁCH CƠ SỞ CHẾ BIẾN NÔNG SẢN TỈNH SƠN LA"]) == 0
    assert header_score([1, 2.5]) == 0


def test_labels_in_both_languages():
    assert target_label("area_ha", "zones", "vi") == "Diện tích (ha)"
    assert target_label("area_ha", "zones", "en") == "Area (ha)"
    assert target_label("x", "zones", "vi").startswith("Kinh độ")


def test_apply_mapping_refuses_two_columns_on_one_target_and_unknown_columns():
    assert apply_mapping(["A", "B"], {"A": "name", "B": None}) == {"name": "A"}
    with pytest.raises(InputError) as info:
        apply_mapping(["A", "B"], {"A": "name", "B": "name"})
    assert info.value.problems[0].code == "mapping_twice"
    with pytest.raises(InputError) as info:
        apply_mapping(["A"], {"Z": "name"})
    assert info.value.problems[0].code == "mapping_unknown_column"


def test_suggest_layer_from_headers():
    from fruitmap.files.colmap import suggest_layer

    plants = ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Loại quả tiếp nhận",
              "Công suất (tấn/ngày)", "Kinh độ", "Vĩ độ"]
    assert suggest_layer(plants) == "plants"
    assert suggest_layer(["Mã vùng", "Tên vùng", "Loại cây", "Diện tích (ha)"], True) == "zones"
    assert suggest_layer(["Loại cây", "Tháng", "Tỷ lệ thu hoạch"]) == "crop_calendar"
    assert suggest_layer(["Mã kho", "Tên kho", "Sức chứa (tấn)", "X", "Y"]) == "cold_stores"
    assert suggest_layer(["foo", "bar"]) is None

"""The upload page in both languages, driven through its real file chooser (AppTest).

Files come from tests/files.py: three plants in an XLSX with title rows and Vietnamese headers,
two zones in a zipped VN-2000 shapefile and in a KMZ, and broken files.
"""

from __future__ import annotations

import pytest
from pyproj import Transformer
from streamlit.testing.v1 import AppTest

from fruitmap.files.templates import template_xlsx_bytes
from fruitmap.schema import EDITABLE_LAYERS
from fruitmap.workspace.geopackage import Workspace
from tests import files
from tests.conftest import ROOT

LABELS = {"vi": {"title": "Tải dữ liệu lên", "layer": "Tệp này chứa",
                 "crs": "Hệ toạ độ của tệp"},
          "en": {"title": "Upload data", "layer": "This file holds",
                 "crs": "Coordinate system of the file"}}


@pytest.fixture()
def private_ws(demo_ws_copy, monkeypatch):
    """The app on a private copy of the demo workspace (these tests import into it)."""
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(demo_ws_copy))
    monkeypatch.chdir(ROOT)
    return Workspace(demo_ws_copy)


def open_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["lang"] = lang
    at.switch_page("pages/upload.py")
    return at.run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    return at.run()


def box(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def metrics(at: AppTest) -> list[int]:
    return [int(m.value.replace(".", "").replace(",", "")) for m in at.metric]


def do_import(at: AppTest, user: str = "Lò Thị Lan", mode: str | None = None) -> AppTest:
    if mode:
        at.radio(key="upload_mode").set_value(mode)
    at.text_input(key="upload_user").input(user)
    at.checkbox(key="upload_confirm").check()
    at.run()
    return at.button(key="upload_import_button").click().run()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_empty_page_in_both_languages(app_env, lang):
    at = open_page(lang)
    assert not at.exception, at.exception
    assert at.title[0].value == LABELS[lang]["title"]
    assert len(at.file_uploader) == 1
    assert "xlsx" in at.file_uploader[0].proto.type or ".xlsx" in at.file_uploader[0].proto.type
    assert at.info, "an empty state tells the user to choose a file"
    assert "50 MB" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_excel_with_title_rows_is_mapped_checked_and_imported(private_ws, lang):
    before = private_ws.read("plants")
    at = upload(open_page(lang), "co_so.xlsx", files.xlsx_bytes())
    assert not at.exception, at.exception
    # step 2: the layer is recognised from the Vietnamese headers
    assert box(at, LABELS[lang]["layer"]).value == "plants"
    # step 3: each header pre-filled; "STT" (a row counter) is skipped
    assert box(at, "Kinh độ").value == "x"
    assert box(at, "Vĩ độ").value == "y"
    assert box(at, "Mã cơ sở").value == "plant_id"
    assert box(at, "STT").value == ""
    # step 4: 3 rows, no errors, 2 warnings (title rows skipped, STT not imported)
    assert metrics(at) == [3, 0, 2]
    # step 5: the preview table holds the rows, the <script> name as plain text
    table = at.dataframe[-1].value
    assert len(table) == 3
    assert "<script>alert(1)</script>" in table.iloc[:, 2].tolist()
    assert table.iloc[0, 0] == "104.63000, 20.85000"  # location first
    crops = {"vi": "Mận, Xoài", "en": "Plum, Mango"}[lang]
    assert crops in table.iloc[:, 4].tolist()  # crop keys shown with their labels
    # step 6: the import button waits for a name and the confirmation
    assert at.button(key="upload_import_button").disabled
    at = do_import(at)
    assert not at.exception, at.exception
    assert at.success and f"{len(before)} → {len(before) + 3}" in at.success[0].value
    after = private_ws.read("plants")
    assert len(after) == len(before) + 3
    assert {"P01", "P02", "P03"} <= set(after["plant_id"])
    history = private_ws.history()
    mine = history[history["source_file"] == "co_so.xlsx"]
    assert mine[["who", "action", "layer", "rows_after"]].values.tolist() == [
        ["Lò Thị Lan", "import (append)", "plants", len(before) + 3]]
    # The file chooser is emptied; uploading again appends the same ids: refused, and the
    # stored count shown comes from the new workspace (the cache follows the write).
    at = upload(at, "co_so.xlsx", files.xlsx_bytes())
    stored = f"{len(before) + 3:,}".replace(",", "." if lang == "vi" else ",")
    assert any(stored in c.value for c in at.caption)
    at = do_import(at, mode="append")
    assert not at.exception, at.exception
    assert any("P01" in e.value for e in at.error)
    assert len(private_ws.read("plants")) == len(before) + 3


def test_changing_a_mapping_changes_the_check(private_ws):
    at = upload(open_page("en"), "co_so.xlsx", files.xlsx_bytes())
    box(at, "Vĩ độ").set_value("")  # latitude skipped: no points can be made
    at.run()
    assert not at.exception, at.exception
    rows, errors, warnings = metrics(at)
    assert errors >= 1 and rows == 3
    assert any("Import is not possible" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "upload_import_button"]
    box(at, "Vĩ độ").set_value("y")
    at.run()
    assert metrics(at)[1] == 0


def test_language_switch_keeps_the_choices(private_ws):
    at = upload(open_page("vi"), "co_so.xlsx", files.xlsx_bytes())
    box(at, "STT").set_value("owner")
    at.run()
    at.session_state["lang"] = "en"  # what the sidebar switch does
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == LABELS["en"]["title"]
    assert box(at, "STT").value == "owner"
    assert box(at, LABELS["en"]["layer"]).value == "plants"


def test_a_new_file_gets_its_own_suggestions(private_ws):
    at = upload(open_page("en"), "co_so.xlsx", files.xlsx_bytes())
    box(at, "STT").set_value("owner")
    at.run()
    at = upload(at, "vung_trong.zip", files.shapefile_zip())
    assert not at.exception, at.exception
    assert box(at, LABELS["en"]["layer"]).value == "zones"
    assert "STT" not in [s.label for s in at.selectbox]
    at = upload(at, "co_so.xlsx", files.xlsx_bytes())
    assert box(at, "STT").value == ""  # the earlier choice belonged to the earlier visit


def test_one_target_for_two_columns_is_explained(private_ws):
    at = upload(open_page("vi"), "co_so.xlsx", files.xlsx_bytes())
    box(at, "STT").set_value("name")  # "Tên cơ sở" is already the name
    at.run()
    assert not at.exception, at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert "STT" in shown and "Tên cơ sở" in shown
    assert not [b for b in at.button if b.key == "upload_import_button"]
    assert box(at, "STT").value == "name"  # the boxes stay, so it can be put right
    box(at, "STT").set_value("")
    at.run()
    assert metrics(at)[1] == 0


def test_vn2000_shapefile_lands_near_moc_chau(private_ws):
    at = upload(open_page("vi"), "vung_trong.zip", files.shapefile_zip())
    assert not at.exception, at.exception
    assert box(at, LABELS["vi"]["layer"]).value == "zones"
    assert box(at, LABELS["vi"]["crs"]).value == "auto"
    assert any("EPSG:9206" in c.value for c in at.caption)  # read from the .prj
    assert metrics(at)[:2] == [2, 0]
    where = at.dataframe[-1].value.iloc[0, 0]  # "Polygon (lon, lat)" of zone Z1
    lon, lat = (float(v) for v in where.split("(")[1].rstrip(")").split(","))
    assert abs(lon - 104.61) < 0.01 and abs(lat - 20.84) < 0.01
    at = do_import(at, mode="replace")
    zones = private_ws.read("zones")
    assert sorted(zones["zone_id"]) == ["Z1", "Z2"]


def test_metres_without_crs_suggest_son_la_zone(private_ws):
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9206", always_xy=True)
    x, y = to_vn2000.transform(104.63, 20.85)
    headers = ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Loại quả tiếp nhận", "Công suất", "X", "Y"]
    rows = [["M1", "Xưởng sấy Mộc Châu", "Cơ sở chế biến", "mận", "5", f"{x:.2f}", f"{y:.2f}"]]
    at = upload(open_page("en"), "toa_do.csv", files.csv_bytes(headers, rows, sep=","))
    assert not at.exception, at.exception
    assert box(at, LABELS["en"]["crs"]).value == "EPSG:9206"
    assert any("EPSG:9206" in i.value for i in at.info)
    assert metrics(at)[1] == 0
    assert at.dataframe[-1].value.iloc[0, 0] == "104.63000, 20.85000"


def test_kmz_from_google_earth_offers_its_folders(private_ws):
    at = upload(open_page("en"), "ve_tay.kmz", files.kmz_bytes())
    assert not at.exception, at.exception
    folders = box(at, "Layer / folder in the file")
    assert folders.value == "" and folders.options[0] == "All folders"
    assert metrics(at)[:2] == [2, 0]
    folders.set_value("Xoài")
    at.run()
    assert metrics(at)[0] == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name, data, words", [
    ("anh.xlsx", files.png_bytes(), {"vi": "không phải", "en": "not what was expected"}),
    ("trong.csv", b"", {"vi": "trống", "en": "empty"}),
    ("hong.xlsx", files.truncated(files.xlsx_bytes()), {"vi": "hỏng", "en": "damaged"}),
    ("bom.zip", files.zip_bomb(), {"vi": "quá giới hạn 1:100", "en": "over the limit of 1:100"}),
    ("thoat.zip", files.zip_with_member("../../etc/passwd"), {"vi": "không an toàn",
                                                              "en": "unsafe"}),
])
def test_broken_files_are_refused_in_plain_words(private_ws, lang, name, data, words):
    token = private_ws.token()
    at = upload(open_page(lang), name, data)
    assert not at.exception, at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")  # Markdown escapes
    assert name in shown
    assert words[lang] in shown
    assert not [b for b in at.button if b.key == "upload_import_button"]
    assert private_ws.token() == token


@pytest.mark.parametrize("layer", [n for n in EDITABLE_LAYERS if n != "admin_units"])
def test_every_template_comes_back_through_the_page(app_env, layer):
    # The data page's template, filled with its example row, is recognised and passes.
    at = upload(open_page("en"), f"mau_{layer}.xlsx", template_xlsx_bytes(layer, "vi"))
    assert not at.exception, at.exception
    assert box(at, LABELS["en"]["layer"]).value == layer
    rows, errors, _ = metrics(at)
    assert rows >= 1 and errors == 0


def test_any_layer_choice_gives_a_report_not_a_crash(app_env):
    at = upload(open_page("vi"), "co_so.xlsx", files.xlsx_bytes())
    seen = {}
    for layer in box(at, LABELS["vi"]["layer"]).options:
        box(at, LABELS["vi"]["layer"]).select(layer).run()
        assert not at.exception, (layer, at.exception)
        seen[layer] = metrics(at)[1]
    assert seen["Cơ sở chế biến (plants)"] == 0
    # A list of names, capacities and locations also reads as cold stores, since ids are
    # made by fruitmap when a file has none (the person chose the layer).
    fine = {"Cơ sở chế biến (plants)", "Kho lạnh (cold_stores)"}
    assert seen["Kho lạnh (cold_stores)"] == 0
    assert all(n > 0 for name, n in seen.items() if name not in fine)

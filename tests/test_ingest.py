"""The pipeline: read → map → locate → validate → import, all or nothing."""

import pytest
from shapely.geometry import Point

from fruitmap.errors import InputError
from fruitmap.files.ingest import import_file, import_prepared, prepare, validate_upload
from fruitmap.files.readers import read_upload
from fruitmap.workspace.geopackage import Workspace
from tests import files as F


def test_vietnamese_csv_becomes_plants_in_wgs84():
    p = validate_upload("co_so.csv", F.csv_bytes(), "plants")
    assert p.ok, p.report("en")
    assert p.crs == "EPSG:4326"
    assert p.frame["capacity_t_day"].tolist() == [12.5, 1234.5, 300.0]
    assert p.frame.geometry.iloc[0].equals(Point(104.63, 20.85))
    assert p.frame["name"].iloc[2] == "<script>alert(1)</script>"
    assert [w.code for w in p.warnings] == ["column_ignored"]  # STT


def test_xlsx_title_rows_row_numbers_in_problems():
    rows = [r[:] for r in F.PLANT_ROWS]
    rows[1][3] = "Xưởng"  # kind on the second data row: sheet row 5
    p = validate_upload("bang.xlsx", F.xlsx_bytes(rows=rows), "plants")
    err = p.errors[0]
    assert (err.code, err.row, err.column, err.value) == ("not_allowed", 5, "Loại hình", "Xưởng")
    assert err.message("vi").startswith("tệp bang.xlsx, dòng 5, cột «Loại hình», giá trị «Xưởng»")


def test_swapped_lon_lat_are_swapped_back_with_a_warning():
    rows = [r[:6] + [r[7], r[6]] for r in F.PLANT_ROWS]
    p = validate_upload("dao.csv", F.csv_bytes(rows=rows), "plants")
    assert "lonlat_swapped" in [w.code for w in p.warnings]
    assert p.frame.geometry.iloc[0].equals(Point(104.63, 20.85))


VN_HEADERS = ["Mã kho", "Tên kho", "Sức chứa (tấn)", "X", "Y"]


def _vn2000_rows(x_first_is_northing=False):
    # Mộc Châu and Sơn La city in VN-2000 / TM-3 104-00 (computed with pyproj from EPSG:4326)
    import pyproj

    tr = pyproj.Transformer.from_crs(4326, 9206, always_xy=True)
    rows = []
    for i, (lon, lat) in enumerate([(104.63, 20.85), (103.91, 21.33)]):
        e, n = tr.transform(lon, lat)
        x, y = (n, e) if x_first_is_northing else (e, n)
        rows.append([f"K{i}", f"Kho {i}", "500", f"{x:.3f}".replace(".", ","),
                     f"{y:.3f}".replace(".", ",")])
    return rows


def test_metre_coordinates_need_a_crs_and_9206_is_suggested():
    data = F.csv_bytes(VN_HEADERS, _vn2000_rows())
    p = validate_upload("kho.csv", data, "cold_stores")
    assert [e.code for e in p.errors] == ["crs_needed"]
    assert p.suggested_crs == "EPSG:9206"
    assert "EPSG:9206" in p.errors[0].message("vi")
    p = validate_upload("kho.csv", data, "cold_stores", crs="9206")
    assert p.ok, p.report("en")
    assert p.frame.geometry.iloc[0].distance(Point(104.63, 20.85)) < 1e-7  # < 1 cm


def test_vietnamese_x_northing_convention_is_detected():
    data = F.csv_bytes(VN_HEADERS, _vn2000_rows(x_first_is_northing=True))
    p = validate_upload("kho.csv", data, "cold_stores", crs="EPSG:9206")
    assert "xy_swapped" in [w.code for w in p.warnings]
    assert p.frame.geometry.iloc[1].distance(Point(103.91, 21.33)) < 1e-7


def test_degrees_with_a_metre_crs_is_an_error():
    p = validate_upload("co_so.csv", F.csv_bytes(), "plants", crs="EPSG:9206")
    assert "crs_mismatch" in [e.code for e in p.errors]


def test_vn2000_shapefile_lands_where_it_belongs():
    p = validate_upload("vung.zip", F.shapefile_zip("EPSG:9206"), "zones")
    assert p.ok, p.report("en")
    assert p.crs == "EPSG:9206"
    assert p.frame.geometry.iloc[0].hausdorff_distance(F.ZONE_POLYGON) < 1e-7  # ~1 cm
    assert p.frame["crop"].tolist() == ["plum", "mango"]


def test_shapefile_without_prj_needs_a_crs():
    data = F.shapefile_zip("EPSG:9206", prj=False)
    p = validate_upload("vung.zip", data, "zones")
    assert [e.code for e in p.errors] == ["crs_needed"]
    p = validate_upload("vung.zip", data, "zones", crs="EPSG:9206")
    assert p.ok and p.frame.geometry.iloc[0].hausdorff_distance(F.ZONE_POLYGON) < 1e-7  # ~1 cm


def test_kmz_from_google_earth_lands_in_son_la():
    p = validate_upload("ve.kmz", F.kmz_bytes(), "zones")
    assert p.ok, p.report("en")
    assert p.frame["name"].tolist() == ["Vùng mận Nà Ka", "Vùng xoài Cò Nòi"]
    assert p.frame["area_ha"].tolist() == [40.5, 12.0]
    assert not p.frame.geometry.iloc[0].has_z
    assert not [w for w in p.warnings if w.code.startswith("outside")]


def test_points_outside_province_and_vietnam_are_warnings():
    rows = [r[:] for r in F.PLANT_ROWS]
    rows[0][6:8] = ["105,85", "21,03"]  # Hà Nội
    rows[1][6:8] = ["2,35", "48,85"]  # Paris
    p = validate_upload("x.csv", F.csv_bytes(rows=rows), "plants")
    assert p.ok
    got = {(w.code, w.row) for w in p.warnings}
    assert {("outside_province", 2), ("outside_vietnam", 3)} <= got


def test_user_mapping_overrides_and_missing_coordinates():
    raw = read_upload("co_so.csv", F.csv_bytes())
    mapping = {c: None for c in raw.columns}
    mapping.update({"Mã cơ sở": "plant_id", "Tên cơ sở": "name"})
    p = prepare(raw, "plants", mapping)
    codes = {e.code for e in p.errors}
    assert {"no_coordinates", "missing_column"} <= codes


def test_non_numeric_coordinate_is_an_error_naming_the_column():
    rows = [r[:] for r in F.PLANT_ROWS]
    rows[2][6] = "gần chợ Mộc Châu"
    p = validate_upload("x.csv", F.csv_bytes(rows=rows), "plants")
    err = next(e for e in p.errors if e.code == "not_a_number")
    assert (err.row, err.column) == (4, "Kinh độ")


def test_history_layer_cannot_be_imported():
    raw = read_upload("co_so.csv", F.csv_bytes())
    with pytest.raises(InputError):
        prepare(raw, "history")


# ------------------------------------------------------------------ import
def test_import_writes_and_records_history(tmp_path):
    ws = Workspace(tmp_path / "ws")
    path = F.write(tmp_path, "co_so.xlsx", F.xlsx_bytes())
    prepared, rows = import_file(ws, path, layer="plants", user="Lan")
    assert prepared.ok and rows[0]["rows_after"] == 3
    stored = ws.read("plants")
    assert stored["crops"].iloc[0] == ("plum", "mango")
    hist = ws.history().iloc[0]
    assert (hist["who"], hist["action"], hist["layer"], hist["source_file"]) == (
        "Lan", "import", "plants", "co_so.xlsx")
    assert hist["source_sha256"] == prepared.sha256


def test_import_with_errors_changes_nothing(tmp_path):
    ws = Workspace(tmp_path / "ws")
    import_file(ws, layer="plants", name="a.csv", data=F.csv_bytes(), user="Lan")
    before = ws.gpkg.read_bytes()
    rows = [r[:] for r in F.PLANT_ROWS]
    rows[0][5] = "nhiều"
    with pytest.raises(InputError) as info:
        import_file(ws, layer="plants", name="b.csv", data=F.csv_bytes(rows=rows))
    assert info.value.code == "import_refused"
    assert "Công suất (tấn/ngày)" in info.value.message("vi")
    assert ws.gpkg.read_bytes() == before


def test_hostile_file_import_changes_nothing(tmp_path):
    ws = Workspace(tmp_path / "ws")
    import_file(ws, layer="plants", name="a.csv", data=F.csv_bytes())
    before = ws.gpkg.read_bytes()
    for name, data in [("bom.zip", F.zip_bomb(20)), ("x.xlsx", F.html_bytes()),
                       ("t.zip", F.zip_with_member("../x.shp"))]:
        with pytest.raises(InputError):
            import_file(ws, layer="zones", name=name, data=data)
    assert ws.gpkg.read_bytes() == before
    assert sorted(p.name for p in ws.path.iterdir() if not p.name.startswith(".")) == [
        "fruitmap.gpkg"]


def test_append_adds_rows_and_refuses_existing_ids(tmp_path):
    ws = Workspace(tmp_path / "ws")
    import_file(ws, layer="plants", name="a.csv", data=F.csv_bytes())
    with pytest.raises(InputError) as info:
        import_file(ws, layer="plants", name="a.csv", data=F.csv_bytes(), mode="append")
    assert info.value.problems[0].code == "id_exists"
    rows = [["9", "P09", "Cơ sở mới", "facility", "na", "5", "104,1", "21,2"]]
    import_file(ws, layer="plants", name="c.csv", data=F.csv_bytes(rows=rows), mode="append")
    assert ws.read("plants")["plant_id"].tolist() == ["P01", "P02", "P03", "P09"]
    assert ws.history().iloc[0]["action"] == "import (append)"


def test_import_prepared_refuses_bad_mode(tmp_path):
    p = validate_upload("a.csv", F.csv_bytes(), "plants")
    with pytest.raises(InputError):
        import_prepared(Workspace(tmp_path), p, mode="merge")


def test_xlsx_numbers_typed_as_text_with_vietnamese_separators():
    p = validate_upload("bang.xlsx", F.xlsx_bytes(numbers_as_text=True), "plants")
    assert p.ok, p.report("en")
    assert p.frame["capacity_t_day"].tolist() == [12.5, 1234.5, 300.0]
    assert p.frame.geometry.iloc[1].equals(Point(103.75, 21.05))


def test_degrees_minutes_seconds_coordinates():
    rows = [r[:6] + ["104°37'48\" E", "20°51'00\" N"] for r in F.PLANT_ROWS[:1]]
    p = validate_upload("dms.csv", F.csv_bytes(rows=rows), "plants")
    assert p.ok, p.report("en")
    assert p.frame.geometry.iloc[0].distance(Point(104.63, 20.85)) < 1e-9


def test_vn2000_prj_without_code_is_transformed_as_epsg_defines():
    p = validate_upload("vung.zip", F.shapefile_zip("EPSG:9206", prj_text=F.VN2000_PRJ_NO_CODE),
                        "zones")
    assert p.ok, p.report("en")
    assert p.crs == "EPSG:9206"
    # EPSG's transformation lands within a centimetre of where the zone was drawn
    assert p.frame.geometry.iloc[0].hausdorff_distance(F.ZONE_POLYGON) < 1e-7


def test_kml_schema_data_and_multigeometry():
    p = validate_upload("song_ma.kml", F.KML_SCHEMA_TEXT.encode(), "zones")
    assert p.ok, p.report("en")
    row = p.frame.iloc[0]
    assert (row["zone_id"], row["name"], row["crop"], row["area_ha"]) == (
        "N1", "Vùng nhãn Sông Mã", "longan", 7.5)
    assert row.geometry.geom_type == "MultiPolygon" and not row.geometry.has_z

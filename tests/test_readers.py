"""Readers: every format from bytes and from a path, and every broken or hostile file refused."""

import io
import zipfile

import pytest

from fruitmap.errors import InputError
from fruitmap.files import readers
from fruitmap.files.readers import read_path, read_upload, sniff
from tests import files as F

PLANT_COLUMNS = F.PLANT_HEADERS


@pytest.mark.parametrize("encoding,sep", [
    ("utf-8", ";"), ("utf-8-sig", ";"), ("utf-16", ","), ("utf-16-le", "\t"),
    ("cp1258", ";"), ("utf-8", ","),
])
def test_csv_encodings_and_separators(encoding, sep):
    rows = [[str(c).replace(",", ".") if sep == "," else c for c in r] for r in F.PLANT_ROWS]
    raw = read_upload("co_so.csv", F.csv_bytes(rows=rows, encoding=encoding, sep=sep))
    assert raw.format == "csv"
    assert raw.columns == PLANT_COLUMNS  # diacritics intact, NFC (cp1258 is decomposed)
    assert raw.frame["Tên cơ sở"].tolist()[:2] == ["Nhà máy chế biến Mộc Châu", "HTX Nhãn Sông Mã"]
    assert raw.rows == [2, 3, 4]
    assert raw.delimiter == sep


def test_cp1258_is_detected_and_composed():
    data = F.csv_bytes(encoding="cp1258")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    raw = read_upload("cu.csv", data)
    assert raw.encoding == "cp1258"
    assert "Vĩ độ" in raw.columns  # precomposed after NFC


def test_csv_title_row_above_header():
    raw = read_upload("t.csv", F.csv_bytes(title="DANH SÁCH CƠ SỞ CHẾ BIẾN"))
    assert raw.columns == PLANT_COLUMNS
    assert raw.rows == [3, 4, 5]
    assert [n.code for n in raw.notes] == ["header_not_first"]


def test_xlsx_with_title_rows_merged_cells_and_sheet_choice():
    raw = read_upload("bang.xlsx", F.xlsx_bytes())
    assert raw.format == "xlsx"
    assert raw.sheet == "Cơ sở chế biến"  # the notes sheet has no header, so is skipped
    assert raw.sheets == ["Ghi chú", "Cơ sở chế biến"]
    assert raw.columns == PLANT_COLUMNS
    assert raw.rows == [4, 5, 6]  # title, subtitle, header, then data
    assert raw.frame["Công suất (tấn/ngày)"].tolist() == [12.5, 1234.5, 300.0]


def test_xlsx_named_sheet_and_missing_sheet():
    data = F.xlsx_bytes(sheets=("A", "B"))
    assert read_upload("b.xlsx", data, sheet="B").sheet == "B"
    with pytest.raises(InputError) as info:
        read_upload("b.xlsx", data, sheet="C")
    assert info.value.problems[0].code == "sheet_missing"
    assert "A, B" in info.value.message("en")


def test_geojson_gpkg_kml_kmz_shapefile():
    gj = read_upload("v.geojson", F.geojson_bytes())
    assert gj.format == "geojson" and gj.crs == "EPSG:4326" and len(gj.frame) == 2
    gp = read_upload("v.gpkg", F.gpkg_bytes())
    # the first layer is empty, so the first one with features is taken
    assert gp.layers == ["trong", "vung_trong", "nha_may"] and gp.source_layer == "vung_trong"
    assert len(read_upload("v.gpkg", F.gpkg_bytes(), source_layer="nha_may").frame) == 1
    kml = read_upload("v.kml", F.kml_bytes())
    assert kml.frame["Name"].tolist() == ["Vùng mận Nà Ka", "Vùng xoài Cò Nòi"]  # both folders
    assert "Diện tích (ha)" in kml.columns and "tessellate" not in kml.columns
    kmz = read_upload("v.kmz", F.kmz_bytes())
    assert kmz.format == "kmz" and kmz.frame["Mã vùng"].tolist() == ["K1", "K2"]
    shp = read_upload("v.zip", F.shapefile_zip())
    assert shp.format == "shapefile" and shp.crs == "EPSG:9206"
    assert shp.frame["ten_vung"].tolist()[0] == "Vùng mận Nà Ka"


def test_shapefile_in_a_subfolder_without_prj_or_cpg():
    raw = read_upload("v.zip", F.shapefile_zip(prj=False, cpg=False, folder="data/vung/"))
    assert raw.crs is None and raw.layers == ["vung_trong"]
    assert raw.frame.geometry.iloc[0].bounds[0] > 1000  # metres, not degrees


def test_read_path_matches_read_upload(tmp_path):
    path = F.write(tmp_path, "co_so.xlsx", F.xlsx_bytes())
    a, b = read_path(path), read_upload("co_so.xlsx", path.read_bytes())
    assert a.sha256 == b.sha256 == readers.sha256(path.read_bytes())
    assert a.frame.equals(b.frame)


def _refusal(name, data):
    with pytest.raises(InputError) as info:
        read_upload(name, data)
    err = info.value
    assert err.code == "file_refused"
    assert name in err.message("vi") and "Traceback" not in err.message("vi")
    return err.problems[0].code, err


@pytest.mark.parametrize("name,data,code", [
    ("rong.csv", b"", "empty_file"),
    ("trang.csv", b"   \n\n", "empty_file"),
    ("anh.csv", F.png_bytes(), "wrong_type"),
    ("trang_web.xlsx", F.html_bytes(), "wrong_type"),
    ("bang.xlsx", b"Ten;Dien tich\nA;1\n", "wrong_type"),  # CSV behind an .xlsx name
    ("bang.gpkg", b"not a geopackage at all", "wrong_type"),
    ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "xls_old"),
    ("tailieu.pdf", b"%PDF-1.4 ...", "wrong_type"),
    ("v.shp", b"\x00\x00\x27\x0a" + b"\x01" * 100, "shp_not_zipped"),
    ("bom.zip", F.zip_bomb(20), "zip_ratio"),
    ("trai.zip", F.zip_with_member("../../etc/evil.shp"), "zip_unsafe_path"),
    ("tuyet_doi.zip", F.zip_with_member("/tmp/evil.shp"), "zip_unsafe_path"),
    ("win.zip", F.zip_with_member("..\\..\\evil.shp"), "zip_unsafe_path"),
    ("khong_co_gi.zip", F.zip_with_member("readme.txt", b"hello"), "zip_no_data"),
    ("thieu.zip", F.zip_with_member("a.shp", b"\0" * 100), "shp_incomplete"),
    ("cut.xlsx", F.truncated(F.xlsx_bytes()), "corrupt"),
    ("cut.gpkg", F.truncated(F.gpkg_bytes(), 0.3), "corrupt"),
    ("cut.geojson", F.truncated(F.geojson_bytes()), "corrupt"),
    ("cut.kml", F.truncated(F.kml_bytes(), 0.6), "corrupt"),
    ("cut.zip", F.truncated(F.shapefile_zip(), 0.6), "corrupt"),
    ("only_header.csv", "Tên cơ sở;Kinh độ;Vĩ độ\n".encode(), "no_rows"),
    ("bomb.kml", b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>',
     "wrong_type"),
])
def test_broken_and_hostile_files_are_refused(name, data, code):
    found, err = _refusal(name, data)
    assert found == code
    assert err.problems[0].message("en") != f"problem.{found}"  # a real sentence exists


def test_zip_bomb_message_names_the_ratio_that_tripped_it():
    data = F.zip_bomb(20)
    _, err = _refusal("bom.zip", data)
    ratio = round((20 * 1024 * 1024 + 200) / len(data))  # about 1000: 20 MB of zeros, deflated
    assert f"1:{ratio}" in err.message("vi") and "quá giới hạn 1:100" in err.message("vi")
    assert f"compressed suspiciously: 1:{ratio}, over the limit of 1:100" in err.message("en")


def test_total_uncompressed_limit(monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNZIPPED_BYTES", 1000)
    code, _ = _refusal("v.zip", F.shapefile_zip())
    assert code == "zip_too_large"


def test_upload_size_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(readers, "MAX_UPLOAD_BYTES", 100)
    code, err = _refusal("lon.csv", F.csv_bytes())
    assert code == "file_too_large"
    # from disk the size is checked before reading
    path = tmp_path / "lon.csv"
    with open(path, "wb") as fh:
        fh.truncate(1000)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert info.value.problems[0].code == "file_too_large"


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "khong_co.csv")
    assert info.value.problems[0].code == "file_missing"


def test_sniff_by_content_not_extension():
    assert sniff("data", F.xlsx_bytes()) == "xlsx"
    assert sniff("upload", F.kmz_bytes()) == "kmz"
    assert sniff("x.json", F.geojson_bytes()) == "geojson"
    assert sniff("x.zip", F.shapefile_zip()) == "shapefile"
    assert sniff("x.zip", F.kmz_bytes()) == "kmz"


def test_nothing_is_extracted_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = F.shapefile_zip(extra_members=[("../escape.txt", b"x")])
    with pytest.raises(InputError):
        read_upload("v.zip", data)
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent / "escape.txt").exists()


def test_zip_member_larger_than_declared_is_refused():
    # A header that understates the size must not let a member unpack past the limit.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.shp", b"\0" * 5000)
        zf.writestr("a.shx", b"\0" * 100)
        zf.writestr("a.dbf", b"\0" * 100)
    data = bytearray(buf.getvalue())
    # patch the uncompressed size of a.shp in the central directory to 10 bytes
    cd = data.rfind(b"PK\x01\x02a.shp"[:4], 0, data.find(b"PK\x05\x06"))
    first_cd = data.find(b"PK\x01\x02")
    data[first_cd + 24:first_cd + 28] = (10).to_bytes(4, "little")
    assert cd != -1
    with pytest.raises(InputError):
        read_upload("a.zip", bytes(data))


def test_xlsx_entity_expansion_is_refused_quickly():
    import time

    start = time.monotonic()
    with pytest.raises(InputError) as info:
        read_upload("bom.xlsx", F.xlsx_with_entity_bomb())
    assert info.value.problems[0].code == "corrupt"
    assert time.monotonic() - start < 10


def test_kml_network_links_are_not_fetched():
    # A KML may point at other URLs; reading it must not make requests (loopback listener).
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    hits = []

    def listen():
        for _ in range(6):
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(100))
            conn.close()

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    kml = F.KML_TEXT.replace(
        "<Document>", f"<Document><NetworkLink><Link><href>http://127.0.0.1:{port}/x.kml</href>"
                      "</Link></NetworkLink>")
    raw = read_upload("link.kml", kml.encode())
    thread.join(timeout=5)
    server.close()
    assert len(raw.frame) == 2
    assert hits == []

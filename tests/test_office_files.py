"""Files as offices make them: no id column, legacy Vietnamese encodings, WKT shapes.

Every sample is built here from known Vietnamese text, so each expected value can be checked
on paper; a few legacy byte sequences are checked against tables written by others (cited).
"""

from __future__ import annotations

import io
import tempfile
import tomllib
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, Polygon

from fruitmap.errors import InputError
from fruitmap.files import legacy_text as L
from fruitmap.files.colmap import suggest_layer, suggest_mapping
from fruitmap.files.coords import province_shape
from fruitmap.files.export import export_layer
from fruitmap.files.ids import make_ids, row_digests, slugs
from fruitmap.files.ingest import import_prepared, prepare, validate_upload
from fruitmap.files.readers import MAX_UPLOAD_BYTES, check_size, read_upload
from fruitmap.schema import get_layer
from fruitmap.workspace.geopackage import Workspace
from tests import files as F

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ["Nhãn Sông Mã", "Xoài Yên Châu", "Mận hậu Mộc Châu", "Kho lạnh Mai Sơn"]


# ------------------------------------------------------------------ files offices send
def kmz_without_ids(names=("Vùng nhãn Chiềng Mung", "Vùng xoài Cò Nòi"),
                    extra: str = "", data=None) -> bytes:
    """A Google Earth KMZ: placemarks with a name and a polygon, no id, no attributes.

    ``data``: one dict per placemark of fields typed in Google Earth's "Edit data" (KML
    ExtendedData), e.g. ``{"Loại cây": "nhãn", "Diện tích (ha)": "25,5"}``.
    """
    marks = []
    for i, name in enumerate(names):
        x = 104.0 + 0.02 * i
        ring = f"{x},21.20,0 {x + 0.01},21.20,0 {x + 0.01},21.21,0 {x},21.21,0 {x},21.20,0"
        label = f"<name>{name}</name>" if name is not None else ""
        fields = "".join(f'<Data name="{k}"><value>{v}</value></Data>'
                         for k, v in (data[i] if data else {}).items())
        label += f"<ExtendedData>{fields}</ExtendedData>" if fields else ""
        marks.append(f"<Placemark>{label}<description>Khảo sát 2025</description><Polygon>"
                     f"<outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>"
                     "</LinearRing></outerBoundaryIs></Polygon></Placemark>")
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
           f"<Document><name>Vùng trồng</name>{''.join(marks)}{extra}</Document></kml>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", kml)
    return buf.getvalue()


def district_shapefile(tcvn3: bool = False) -> bytes:
    """A district's zipped VN-2000 (EPSG:9206) Shapefile: TEN_VUNG, LOAI_CAY, DT_HA, no id.

    ``tcvn3=True``: the DBF holds TCVN3 bytes and no .cpg, as MapInfo/ArcView files typed
    with ABC fonts do.
    """
    names, crops = ["Vùng nhãn Chiềng Mung", "Vùng xoài Cò Nòi"], ["Nhãn", "xoài"]
    if tcvn3:
        names = [L.encode_tcvn3(n).decode("latin-1") for n in names]
        crops = [L.encode_tcvn3(n).decode("latin-1") for n in crops]
    gdf = gpd.GeoDataFrame(
        {"TEN_VUNG": names, "LOAI_CAY": crops, "DT_HA": [25.5, 12.0]},
        geometry=[Polygon([(103.98, 21.20), (103.99, 21.20), (103.99, 21.21), (103.98, 21.21)]),
                  Polygon([(104.30, 21.05), (104.31, 21.05), (104.31, 21.06), (104.30, 21.06)])],
        crs="EPSG:4326").to_crs("EPSG:9206")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vung_trong_mai_son.shp"
        gdf.to_file(path, engine="pyogrio", encoding="ISO-8859-1" if tcvn3 else "UTF-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in sorted(Path(tmp).iterdir()):
                if not (tcvn3 and part.suffix == ".cpg"):
                    zf.write(part, part.name)
        return buf.getvalue()


STORES = [("Kho lạnh Mai Sơn", 500, 104.05, 21.17), ("Kho lạnh Mộc Châu", 1200, 104.63, 20.85),
          ("Kho lạnh Sông Mã", 300, 103.75, 21.05)]


def cold_store_xlsx(encoding: str = "unicode") -> bytes:
    """A commune's Excel list of cold stores: title, names, capacities, lon/lat, no id.

    ``encoding="tcvn3"`` or ``"vni"`` types the text as an office PC with ABC or VNI fonts
    does: Excel keeps the font's bytes as Windows-1252 characters.
    """
    def typed(text: str) -> str:
        if encoding == "tcvn3":
            return L.encode_tcvn3(text).decode("cp1252")
        if encoding == "vni":
            return L.encode_vni(text).decode("cp1252")
        return text

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([typed("DANH SÁCH KHO LẠNH HUYỆN MAI SƠN")])
    ws.append([typed(h) for h in ("STT", "Tên kho", "Công suất (tấn)", "Kinh độ", "Vĩ độ")])
    for i, (name, cap, lon, lat) in enumerate(STORES, start=1):
        ws.append([i, typed(name), cap, lon, lat])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ legacy encodings
@pytest.mark.parametrize("text", SAMPLES)
def test_tcvn3_and_vni_samples_decode_to_the_unicode_text(text):
    tcvn3, vni = L.encode_tcvn3(text), L.encode_vni(text)
    assert tcvn3 != text.encode("utf-8") and vni != text.encode("utf-8")
    assert L.decode_tcvn3(tcvn3.decode("latin-1")) == text
    assert L.decode_tcvn3(tcvn3.decode("cp1252")) == text
    assert L.decode_vni(vni.decode("cp1252")) == text
    assert L.detect_bytes(tcvn3) == (text, L.TCVN3)
    assert L.detect_bytes(vni) == (text, L.VNI)


def test_tcvn3_bytes_match_an_independent_table():
    # Expected letters from glibc's charmap TCVN5712-1 (localedata/charmaps/TCVN5712-1, the
    # TCVN 5712:1993 table shipped with the GNU C Library), typed here by hand.
    assert L.decode_tcvn3(b"Nh\xb7n S\xabng M\xb7".decode("latin-1")) == "Nhãn Sông Mã"
    assert L.decode_tcvn3(b"M\xcbn h\xcbu M\xe9c Ch\xa9u".decode("latin-1")) == \
        "Mận hậu Mộc Châu"
    assert L.decode_tcvn3(b"Kho l\xb9nh Mai S\xacn".decode("latin-1")) == "Kho lạnh Mai Sơn"
    assert L.decode_tcvn3(b"\xa7\xe5ng \xae\xf8c".decode("latin-1")) == "Đồng đức"


def test_tcvn3_whole_table_matches_the_system_iconv_when_present():
    import shutil
    import subprocess

    if shutil.which("iconv") is None:
        pytest.skip("no iconv on this machine")
    data = bytes(range(0xA1, 0x100))
    proc = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data,
                          capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    import unicodedata

    reference = [unicodedata.normalize("NFC", ch) for ch in proc.stdout.decode("utf-8")]
    assert reference == [L.decode_tcvn3(chr(b)) for b in data]


def test_vni_pairs_match_an_independent_table():
    # Pairs from the VNI table of xvnkb (lamdao/xvnkb, vni.h: "aù" á, "aâ" â, "aê" ă, "Ô" Ơ,
    # "Ö" Ư, "Î" Ỵ, "Ñ" Đ), an X11 Vietnamese keyboard by Dao Hai Lam (GPL, 2002).
    for legacy, unicode in (("aù", "á"), ("aø", "à"), ("aû", "ả"), ("aõ", "ã"), ("aï", "ạ"),
                            ("aâ", "â"), ("aá", "ấ"), ("aä", "ậ"), ("aê", "ă"), ("aé", "ắ"),
                            ("oâ", "ô"), ("ô", "ơ"), ("ôï", "ợ"), ("ö", "ư"), ("öø", "ừ"),
                            ("ó", "ĩ"), ("æ", "ỉ"), ("î", "ỵ"), ("ñ", "đ"), ("Ñ", "Đ"),
                            ("AÙ", "Á"), ("EÂ", "Ê"), ("ÖÙ", "Ứ"), ("Î", "Ỵ")):
        assert L.decode_vni(legacy) == unicode, legacy
    assert L.decode_vni("Vieät Nam") == "Việt Nam"


@pytest.mark.parametrize("text", SAMPLES + ["Mai Châu", "Cà phê", "Café São Paulo",
                                            "Ông Bà Tư"])
def test_windows_1258_and_utf8_are_not_mistaken_for_legacy_fonts(text):
    assert L.detect_bytes(F.cp1258(text))[1] == L.CP1258
    assert L.detect_text([text]) is None  # real Unicode (or Latin-1 words) stays as it is
    raw = read_upload("a.csv", F.cp1258(f"Tên kho;Ghi chú\n{text};x\n"))
    assert raw.encoding == "cp1258" and raw.frame["Tên kho"].tolist() == [text]
    assert not [n for n in raw.notes if n.code.startswith("legacy")]
    raw = read_upload("a.csv", f"Tên kho;Ghi chú\n{text};x\n".encode())
    assert raw.encoding == "utf-8" and raw.frame["Tên kho"].tolist() == [text]
    assert not [n for n in raw.notes if n.code.startswith("legacy")]


@pytest.mark.parametrize("encoding,label", [("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI Windows")])
def test_a_legacy_csv_is_converted_and_the_conversion_reported(encoding, label):
    text = "Tên kho;Công suất (tấn);Kinh độ;Vĩ độ\n" + "".join(
        f"{n};{c};{x};{y}\n" for n, c, x, y in STORES)
    data = L.encode_tcvn3(text) if encoding == "tcvn3" else L.encode_vni(text)
    raw = read_upload("kho.csv", data)
    assert raw.encoding == encoding
    assert raw.columns == ["Tên kho", "Công suất (tấn)", "Kinh độ", "Vĩ độ"]
    assert raw.frame["Tên kho"].tolist() == [s[0] for s in STORES]
    [note] = [n for n in raw.notes if n.code == "legacy_encoding"]
    assert label in note.message("vi") and label in note.message("en")


# ------------------------------------------------------------------ ids
def test_slugs_are_accent_free_and_short():
    names = pd.Series(["Kho lạnh Mai Sơn", "  Đồi   Cò Nòi!! ", None, "x" * 80])
    assert slugs(names).tolist() == ["kho-lanh-mai-son", "doi-co-noi", "", "x" * 32]


def test_ids_are_stable_whatever_the_row_order():
    frame = pd.DataFrame({"Tên kho": ["A", "B", "C"], "Sức chứa": [1, 2, 3]})
    ids = make_ids("cold_stores", frame["Tên kho"], row_digests(frame))
    shuffled = frame.iloc[[2, 0, 1]].reset_index(drop=True)
    again = make_ids("cold_stores", shuffled["Tên kho"], row_digests(shuffled))
    assert dict(zip(frame["Tên kho"], ids, strict=True)) == \
        dict(zip(shuffled["Tên kho"], again, strict=True))
    assert ids[0].startswith("a-") and len(ids[0]) == 2 + 8


def test_identical_rows_get_numbered_and_nameless_rows_the_layer_prefix():
    frame = pd.DataFrame({"Tên": ["Kho A", "Kho A", None], "Sức chứa": [5, 5, 7]})
    ids = make_ids("cold_stores", frame["Tên"], row_digests(frame)).tolist()
    assert ids[0] != ids[1] and ids[1] == ids[0] + "-2"
    assert ids[2].startswith("store-")


def test_geometry_changes_the_digest():
    a = gpd.GeoDataFrame({"n": ["x", "x"]}, geometry=[Point(104, 21), Point(104, 21.001)])
    digests = row_digests(a)
    assert digests[0] != digests[1]


def test_ids_for_100000_rows_are_made_column_wise():
    import time

    n = 100_000
    frame = pd.DataFrame({"name": np.where(np.arange(n) % 3, "Kho lạnh Mai Sơn", None),
                          "cap": np.arange(n) % 997})
    start = time.process_time()
    ids = make_ids("cold_stores", frame["name"], row_digests(frame))
    elapsed = time.process_time() - start
    assert ids.is_unique and len(ids) == n
    assert elapsed < 5, elapsed  # about 0.3 s of CPU on the project's machine


def test_kmz_without_ids_prepares_with_ids_made_and_reported():
    raw = read_upload("vung.kmz", kmz_without_ids())
    # names alone do not tell the layer: the person chooses it (points are never cold stores)
    assert suggest_layer(raw.columns, raw.is_spatial, {"Polygon"}) is None
    assert suggest_layer(["Name", "Loại cây", "Diện tích (ha)"], True, {"Polygon"}) == "zones"
    assert suggest_layer(["Tên", "Sức chứa"], True, {"Polygon"}) is None
    assert suggest_mapping(raw.columns, "zones")["Name"] == "name"
    # The KMZ has no crop and area: the person fills them in the file; here, in the frame.
    raw.frame["Loại cây"] = ["nhãn", "xoài"]
    raw.frame["Diện tích (ha)"] = [25.5, 12]
    prepared = prepare(raw, "zones", suggest_mapping(raw.columns, "zones"))
    assert prepared.errors == [], prepared.report("en")
    ids = prepared.frame["zone_id"].tolist()
    assert ids[0].startswith("vung-nhan-chieng-mung-") and ids[1].startswith("vung-xoai-co-noi-")
    [made] = [p for p in prepared.warnings if p.code == "ids_made"]
    assert made.params["n"] == 2 and "2/2" in made.message("vi")
    # the same KMZ read twice gives the same ids (whatever else is wrong with it)
    once = prepare(read_upload("vung.kmz", kmz_without_ids()), "zones").frame["zone_id"]
    twice = prepare(read_upload("vung.kmz", kmz_without_ids()), "zones").frame["zone_id"]
    assert once.tolist() == twice.tolist() and once.is_unique


def test_same_file_same_ids_and_append_twice_is_caught(tmp_path):
    data = F.csv_bytes(headers=["Tên kho", "Sức chứa (tấn)", "Kinh độ", "Vĩ độ"],
                       rows=[[n, c, x, y] for n, c, x, y in STORES], sep=",")
    first = validate_upload("kho.csv", data, "cold_stores", admin_units=None)
    second = validate_upload("kho.csv", data, "cold_stores", admin_units=None)
    assert first.errors == [] and first.frame["store_id"].tolist() == \
        second.frame["store_id"].tolist()
    assert first.frame["store_id"].tolist()[0].startswith("kho-lanh-mai-son-")
    ws = Workspace(tmp_path / "ws")
    import_prepared(ws, first, mode="append", user="Lan")
    with pytest.raises(InputError) as info:
        import_prepared(ws, second, mode="append", user="Lan")
    assert {p.code for p in info.value.problems} == {"id_exists"}
    assert len(info.value.problems) == 3
    assert len(ws.read("cold_stores")) == 3  # nothing written the second time


def test_blank_ids_in_a_mapped_id_column_are_made_and_given_ones_kept():
    data = F.csv_bytes(headers=["Mã kho", "Tên kho", "Sức chứa (tấn)", "Kinh độ", "Vĩ độ"],
                       rows=[["K1", "Kho A", 5, 104.05, 21.17], ["", "Kho B", 6, 104.06, 21.17],
                             ["K3", "Kho C", 7, 104.07, 21.17]], sep=",")
    prepared = validate_upload("kho.csv", data, "cold_stores")
    ids = prepared.frame["store_id"].tolist()
    assert ids[0] == "K1" and ids[2] == "K3" and ids[1].startswith("kho-b-")
    [made] = [p for p in prepared.warnings if p.code == "ids_made"]
    assert made.params == {"n": 1, "total": 3, "example": ids[1]}
    assert made.column == "Mã kho"


def test_a_placemark_without_a_name_is_named_after_its_row():
    raw = read_upload("v.kmz", kmz_without_ids(names=("Vùng nhãn A", None, "Vùng xoài C")))
    raw.frame["Loại cây"] = "nhãn"
    raw.frame["Diện tích (ha)"] = 3.0
    prepared = prepare(raw, "zones")
    assert prepared.errors == [], prepared.report("en")
    assert prepared.frame["name"].tolist() == ["Vùng nhãn A", "Vùng 2", "Vùng xoài C"]
    assert prepared.frame["zone_id"].tolist()[1].startswith("zone-")
    [named] = [p for p in prepared.warnings if p.code == "names_made"]
    assert named.params["rows"] == "2" and "Vùng 2" in named.message("vi")


def test_an_unrecognised_name_column_is_still_an_error_not_made_up_names():
    data = F.csv_bytes(headers=["Tên gọi", "Sức chứa (tấn)", "Kinh độ", "Vĩ độ"],
                       rows=[["Kho A", 5, 104.05, 21.17]], sep=",")
    prepared = validate_upload("kho.csv", data, "cold_stores")
    assert [p.code for p in prepared.errors] == ["missing_column"]
    assert "names_made" not in [p.code for p in prepared.warnings]


def test_zipped_vn2000_shapefile_without_ids_lands_inside_son_la():
    raw = read_upload("vung_trong.zip", district_shapefile())
    assert raw.crs == "EPSG:9206"
    mapping = suggest_mapping(raw.columns, "zones")
    assert mapping == {"TEN_VUNG": "name", "LOAI_CAY": "crop", "DT_HA": "area_ha"}
    prepared = prepare(raw, "zones", mapping)
    assert prepared.errors == [], prepared.report("en")
    assert [p.code for p in prepared.warnings] == ["ids_made"]
    province = province_shape(None)
    assert all(province.contains(g) for g in prepared.frame.geometry)
    centre = prepared.frame.geometry.iloc[0].centroid
    assert centre.x == pytest.approx(103.985, abs=1e-5)
    assert centre.y == pytest.approx(21.205, abs=1e-5)
    assert prepared.frame["crop"].tolist() == ["longan", "mango"]


def test_a_tcvn3_dbf_without_code_page_is_converted():
    raw = read_upload("vung.zip", district_shapefile(tcvn3=True))
    assert raw.frame["TEN_VUNG"].tolist() == ["Vùng nhãn Chiềng Mung", "Vùng xoài Cò Nòi"]
    assert raw.frame["LOAI_CAY"].tolist() == ["Nhãn", "xoài"]
    [note] = raw.notes
    assert note.code == "legacy_encoding_columns" and note.column == "TEN_VUNG, LOAI_CAY"
    prepared = prepare(raw, "zones")
    assert prepared.errors == [], prepared.report("en")


@pytest.mark.parametrize("encoding", ["unicode", "tcvn3", "vni"])
def test_cold_store_xlsx_without_ids_in_office_encodings(encoding):
    raw = read_upload("kho_lanh.xlsx", cold_store_xlsx(encoding))
    assert raw.columns == ["STT", "Tên kho", "Công suất (tấn)", "Kinh độ", "Vĩ độ"]
    assert raw.rows == [3, 4, 5]
    assert suggest_layer(raw.columns) == "cold_stores"
    mapping = suggest_mapping(raw.columns, "cold_stores")
    assert mapping["Tên kho"] == "name" and mapping["Công suất (tấn)"] == "capacity_t"
    prepared = prepare(raw, "cold_stores", mapping)
    assert prepared.errors == [], prepared.report("en")
    assert prepared.frame["name"].tolist() == [s[0] for s in STORES]
    assert prepared.frame["capacity_t"].tolist() == [500, 1200, 300]
    codes = [p.code for p in prepared.warnings]
    assert "ids_made" in codes
    legacy = [p for p in prepared.warnings if p.code.startswith("legacy_encoding")]
    if encoding == "unicode":
        assert legacy == []
    else:  # every column was typed with the font: one note for the file
        assert [p.code for p in legacy] == ["legacy_encoding"]
        assert L.LABELS[encoding] in legacy[0].message("en")


def test_only_the_legacy_columns_are_converted_and_named():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên kho", "Ghi chú", "Công suất (tấn)", "Kinh độ", "Vĩ độ"])
    for name, cap, lon, lat in STORES:
        ws.append([name, L.encode_vni(f"Gần {name}").decode("cp1252"), cap, lon, lat])
    buf = io.BytesIO()
    wb.save(buf)
    raw = read_upload("kho.xlsx", buf.getvalue())
    assert raw.frame["Ghi chú"].tolist() == [f"Gần {s[0]}" for s in STORES]
    assert raw.frame["Tên kho"].tolist() == [s[0] for s in STORES]
    [note] = raw.notes
    assert (note.code, note.column) == ("legacy_encoding_columns", "Ghi chú")
    assert "VNI Windows" in note.message("vi")


def test_cp1258_csv_of_cold_stores_prepares_without_errors():
    data = F.csv_bytes(headers=["Tên kho", "Công suất (tấn)", "Kinh độ", "Vĩ độ"],
                       rows=[[n, c, str(x).replace(".", ","), str(y).replace(".", ",")]
                             for n, c, x, y in STORES], encoding="cp1258")
    prepared = validate_upload("kho.csv", data, "cold_stores")
    assert prepared.errors == [], prepared.report("en")
    assert prepared.frame["name"].tolist() == [s[0] for s in STORES]


@pytest.mark.parametrize("header,layer,target", [
    ("TEN_VUNG", "zones", "name"), ("LOAI_CAY", "zones", "crop"), ("DT_HA", "zones", "area_ha"),
    ("Name", "zones", "name"), ("Tên kho", "cold_stores", "name"),
    ("Công suất (tấn)", "cold_stores", "capacity_t"), ("TEN_KHO", "cold_stores", "name"),
    ("WKT", "admin_units", "wkt"), ("geometry", "zones", "wkt"), ("Geom", "zones", "wkt"),
    ("Hình học (WKT)", "industrial_areas", "wkt"),
])
def test_office_headers_map(header, layer, target):
    assert suggest_mapping([header], layer)[header] == target


def test_cli_validate_and_import_accept_a_file_without_ids(tmp_path):
    import subprocess
    import sys

    path = F.write(tmp_path, "vung.zip", district_shapefile())
    run = [sys.executable, "-m", "fruitmap"]
    proc = subprocess.run(run + ["validate", str(path), "--layer", "zones", "--lang", "en"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "fruitmap made them" in proc.stdout + proc.stderr
    ws = tmp_path / "ws"
    proc = subprocess.run(run + ["import", str(path), "--layer", "zones", "--workspace", str(ws),
                                 "--mode", "append"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert Workspace(ws).read("zones")["zone_id"].str.startswith("vung-").all()
    proc = subprocess.run(run + ["import", str(path), "--layer", "zones", "--workspace", str(ws),
                                 "--mode", "append"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


# ------------------------------------------------------------------ WKT
def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_wkt_column_in_a_csv_gives_the_shapes():
    data = _csv("unit_code,name,level,WKT\n"
                "X1,Xã A,commune,\"POLYGON ((103.9 21.3, 103.95 21.3, 103.95 21.35, 103.9 21.3))\"\n"
                "X2,Xã B,commune,\"POLYGON ((103.96 21.3, 103.99 21.3, 103.99 21.35, "
                "103.96 21.3))\"\n")
    prepared = validate_upload("xa.csv", data, "admin_units")
    assert prepared.errors == [], prepared.report("en")
    assert prepared.frame.geometry.iloc[0].equals(
        Polygon([(103.9, 21.3), (103.95, 21.3), (103.95, 21.35)]))
    assert prepared.crs == "EPSG:4326"


def test_unreadable_wkt_names_row_column_value_and_what_was_expected():
    data = _csv("zone_id,name,crop,area_ha,geometry\n"
                "Z1,A,nhãn,3,POINT (104.0 21.2)\n"
                "Z2,B,nhãn,3,\"POLYGON ((104.0 21.2, oops))\"\n")
    prepared = validate_upload("v.csv", data, "zones")
    [bad] = [p for p in prepared.errors if p.code == "bad_wkt"]
    assert (bad.row, bad.column) == (3, "geometry")
    message = bad.message("vi")
    assert "POLYGON ((104.0 21.2, oops))" in message and "POINT (104.63 20.85)" in message


def test_wkt_in_vn2000_metres_with_a_crs_is_transformed():
    square = Polygon([(103.98, 21.20), (103.99, 21.20), (103.99, 21.21), (103.98, 21.21)])
    metres = gpd.GeoSeries([square], crs="EPSG:4326").to_crs("EPSG:9206").iloc[0]
    data = _csv(f'zone_id,name,crop,area_ha,wkt\nZ1,A,nhãn,3,"{metres.wkt}"\n')
    asked = validate_upload("v.csv", data, "zones")
    assert [p.code for p in asked.errors] == ["crs_needed"] and asked.suggested_crs
    prepared = validate_upload("v.csv", data, "zones", crs="EPSG:9206")
    assert prepared.errors == [], prepared.report("en")
    assert shapely.hausdorff_distance(prepared.frame.geometry.iloc[0], square) < 1e-7


SPATIAL = ("zones", "plants", "cold_stores", "industrial_areas", "admin_units")


@pytest.fixture(scope="module")
def demo_layers(demo_ws_path):
    ws = Workspace(demo_ws_path)
    return {name: ws.read(name) for name in SPATIAL}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("layer", SPATIAL)
def test_csv_and_xlsx_exports_of_every_spatial_layer_import_again(demo_layers, layer, fmt):
    before = demo_layers[layer]
    prepared = validate_upload(f"{layer}.{fmt}", export_layer(before, layer, fmt), layer,
                               admin_units=demo_layers["admin_units"])
    assert prepared.errors == [], prepared.report("en")[:5]
    assert not [p for p in prepared.warnings if p.code in ("ids_made", "names_made")]
    after = prepared.frame
    spec = get_layer(layer)
    assert len(after) == len(before)
    for col in spec.columns:
        left = [_plain(v) for v in before[col.name]]
        right = [_plain(v) for v in after[col.name]]
        assert left == right, col.name
    distance = shapely.hausdorff_distance(before.geometry.to_numpy(), after.geometry.to_numpy())
    points = (before.geometry.geom_type == "Point").all()
    # lon/lat are written to 7 decimals (1 cm); WKT in full, except a shape too long for one
    # Excel cell (the province outline), simplified to fit (tens of metres).
    limit = 1e-7 if points else (0 if fmt == "csv" else 1e-3)
    assert distance.max() <= limit


def _plain(value):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


# ------------------------------------------------------------------ rows, zips, limits
def test_row_numbers_stay_right_after_a_quoted_multiline_cell():
    data = _csv('Tên kho,Ghi chú,Sức chứa (tấn),Kinh độ,Vĩ độ\n'
                'Kho A,"dòng một\ndòng hai\ndòng ba",5,104.05,21.17\n'
                '\n'
                'Kho B,"x",năm,104.06,21.17\n'
                'Kho C,"a\r\nb",7,104.07,21.17\n'
                'Kho D,y,tám,104.08,21.17\n')
    raw = read_upload("kho.csv", data)
    # records as a spreadsheet shows them: header 1, A 2, blank 3, B 4, C 5, D 6
    assert raw.rows == [2, 4, 5, 6]
    prepared = prepare(raw, "cold_stores")
    assert [(p.code, p.row) for p in prepared.errors] == [("not_a_number", 4),
                                                          ("not_a_number", 6)]


def test_upload_limit_is_fruitmaps_translated_refusal():
    check_size("ok.csv", MAX_UPLOAD_BYTES)
    with pytest.raises(InputError) as info:
        check_size("lon.zip", MAX_UPLOAD_BYTES + 1)
    assert info.value.problems[0].code == "file_too_large"
    assert "giới hạn là 50 MB" in info.value.message("vi")
    assert "the limit is 50 MB" in info.value.message("en")


def test_streamlit_limits_agree_and_sit_above_fruitmaps():
    from ui.upload_view import WIDGET_UPLOAD_MB

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == WIDGET_UPLOAD_MB
    # Streamlit's English refusal only for files far beyond fruitmap's own (translated) one.
    assert WIDGET_UPLOAD_MB * 1024 * 1024 >= 10 * MAX_UPLOAD_BYTES
    source = (ROOT / "ui" / "upload_view.py").read_text()
    assert "max_upload_size=WIDGET_UPLOAD_MB" in source

"""Builders of the test corpus: small upload files made by the tests themselves.

Each function returns the file's bytes (and, for :func:`write`, puts it in a folder), so the
corpus never goes stale and every value in it can be checked on paper. Coordinates are in
Sơn La: Mộc Châu is about 104.63 E, 20.85 N; Sơn La city about 103.91 E, 21.33 N.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
from shapely.geometry import Point, Polygon

# Three processing plants, as a provincial sheet would list them (Vietnamese headers).
PLANT_HEADERS = ["STT", "Mã cơ sở", "Tên cơ sở", "Loại hình", "Loại quả tiếp nhận",
                 "Công suất (tấn/ngày)", "Kinh độ", "Vĩ độ"]
PLANT_ROWS = [
    [1, "P01", "Nhà máy chế biến Mộc Châu", "Nhà máy", "mận; xoài", "12,5", "104,63", "20,85"],
    [2, "P02", "HTX Nhãn Sông Mã", "Cơ sở chế biến", "nhãn", "1.234,5", "103,75", "21,05"],
    [3, "P03", "<script>alert(1)</script>", "factory", "chanh leo", "300", "103,91", "21,33"],
]
ZONE_POLYGON = Polygon([(104.60, 20.83), (104.62, 20.83), (104.62, 20.85), (104.60, 20.85)])
BOWTIE = Polygon([(104.60, 20.80), (104.62, 20.82), (104.62, 20.80), (104.60, 20.82),
                  (104.60, 20.80)])


def csv_bytes(headers=None, rows=None, encoding="utf-8", sep=";", title=None) -> bytes:
    """A CSV of the plants (Vietnamese headers, decimal commas) in ``encoding``."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=sep)
    if title:
        writer.writerow([title])
    writer.writerow(headers or PLANT_HEADERS)
    writer.writerows(rows or PLANT_ROWS)
    text = buf.getvalue()
    if encoding == "cp1258":
        return cp1258(text)
    return text.encode(encoding)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode like legacy Vietnamese Windows: base letter (ơ, â...) + combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def xlsx_bytes(headers=None, rows=None, title_rows=2, sheets=("Cơ sở chế biến",),
               numbers_as_text=False) -> bytes:
    """An XLSX with title rows (one merged across the columns) above the header."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    notes = wb.create_sheet("Ghi chú")
    notes["A1"] = "Bảng này do UBND xã lập"
    for name in sheets:
        ws = wb.create_sheet(name)
        headers_ = headers or PLANT_HEADERS
        if title_rows >= 1:
            ws.cell(1, 1, "DANH SÁCH CƠ SỞ CHẾ BIẾN NÔNG SẢN TỈNH SƠN LA")
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers_))
        if title_rows >= 2:
            ws.cell(2, 1, "(Kèm theo báo cáo số 12/BC-SNN)")
        start = title_rows + 1
        for j, h in enumerate(headers_, start=1):
            ws.cell(start, j, h)
        for i, row in enumerate(rows or PLANT_ROWS, start=start + 1):
            for j, value in enumerate(row, start=1):
                if not numbers_as_text and isinstance(value, str):
                    try:
                        value = float(value.replace(".", "").replace(",", "."))
                    except ValueError:
                        pass
                ws.cell(i, j, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zones_gdf(crs="EPSG:4326", invalid=False) -> gpd.GeoDataFrame:
    """Two cultivation zones near Mộc Châu (the second a bow-tie when ``invalid``)."""
    second = BOWTIE if invalid else Polygon([(104.63, 20.83), (104.64, 20.83), (104.64, 20.84),
                                             (104.63, 20.84)])
    gdf = gpd.GeoDataFrame(
        {"ma_vung": ["Z1", "Z2"], "ten_vung": ["Vùng mận Nà Ka", "Vùng xoài Cò Nòi"],
         "loai_cay": ["Mận", "xoai"], "dien_tich": [40.5, 12.0]},
        geometry=[ZONE_POLYGON, second], crs="EPSG:4326")
    return gdf.to_crs(crs) if crs != "EPSG:4326" else gdf


def geojson_bytes(invalid=False) -> bytes:
    return zones_gdf(invalid=invalid).to_json().encode("utf-8")


# How desktop GIS in Vietnam often writes a VN-2000 .prj: no EPSG code, the datum by name
# and the seven parameters copied into TOWGS84.
VN2000_PRJ_NO_CODE = (
    'PROJCS["VN_2000_KT_104_mui_3",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",'
    'SPHEROID["WGS_1984",6378137.0,298.257223563],'
    'TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,'
    '0.252906278]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],'
    'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",104.0],'
    'PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],'
    'UNIT["Meter",1.0]]')


def shapefile_zip(crs="EPSG:9206", prj=True, cpg=True, folder="", extra_members=(),
                  prj_text=None) -> bytes:
    """A zipped Shapefile of the zones in ``crs`` (VN-2000 TM-3 104° by default)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vung_trong.shp"
        zones_gdf(crs).to_file(path, engine="pyogrio", encoding="UTF-8")
        if prj_text is not None:
            path.with_suffix(".prj").write_text(prj_text)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in sorted(Path(tmp).iterdir()):
                if part.suffix == ".prj" and not prj or part.suffix == ".cpg" and not cpg:
                    continue
                zf.write(part, folder + part.name)
            for name, data in extra_members:
                zf.writestr(name, data)
        return buf.getvalue()


def gpkg_bytes() -> bytes:
    """A GeoPackage with an empty layer first, then the zones, then plants (points)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.gpkg"
        empty = zones_gdf().iloc[0:0]
        empty.to_file(path, layer="trong", engine="pyogrio")
        zones_gdf().to_file(path, layer="vung_trong", engine="pyogrio")
        gpd.GeoDataFrame({"ten": ["A"]}, geometry=[Point(104.63, 20.85)],
                         crs="EPSG:4326").to_file(path, layer="nha_may", engine="pyogrio")
        return path.read_bytes()


KML_TEXT = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Vùng trồng</name>
<Folder><name>Mận</name>
<Placemark><name>Vùng mận Nà Ka</name>
<ExtendedData><Data name="Mã vùng"><value>K1</value></Data>
<Data name="Loại cây"><value>mận</value></Data>
<Data name="Diện tích (ha)"><value>40,5</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
104.60,20.83,0 104.62,20.83,0 104.62,20.85,0 104.60,20.85,0 104.60,20.83,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Folder>
<Folder><name>Xoài</name>
<Placemark><name>Vùng xoài Cò Nòi</name>
<ExtendedData><Data name="Mã vùng"><value>K2</value></Data>
<Data name="Loại cây"><value>Xoài</value></Data>
<Data name="Diện tích (ha)"><value>12</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
104.10,21.10,0 104.12,21.10,0 104.12,21.12,0 104.10,21.12,0 104.10,21.10,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Folder>
</Document></kml>
"""


def kml_bytes() -> bytes:
    return KML_TEXT.encode("utf-8")


def kmz_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", KML_TEXT)
        zf.writestr("files/icon.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    return buf.getvalue()


# ------------------------------------------------------------------------ hostile files
def zip_with_member(name: str, data: bytes = b"x") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb(megabytes: int = 20) -> bytes:
    """A zip whose one member unpacks to ``megabytes`` of zeros (ratio about 1000:1)."""
    buf = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("vung_trong.shp", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
        zf.writestr("vung_trong.shx", b"\0" * 100)
        zf.writestr("vung_trong.dbf", b"\0" * 100)
    return buf.getvalue()


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><table><tr><td>Ten</td></tr></table></body></html>"


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def write(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name`` and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def geojson_points_text(points, props) -> bytes:
    feats = [{"type": "Feature", "properties": p,
              "geometry": {"type": "Point", "coordinates": list(xy)}}
             for xy, p in zip(points, props, strict=True)]
    return json.dumps({"type": "FeatureCollection", "features": feats}).encode()


def xlsx_with_entity_bomb() -> bytes:
    """A workbook whose sheet XML declares nested entities (a "billion laughs" attempt)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    buf = io.BytesIO()
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
                      for i in range(9))
            + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol8;</t></is></c></row>'
            '</sheetData></worksheet>')
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = bomb.encode()
            out.writestr(info, data)
    return buf.getvalue()


# Google Earth / QGIS style: a Schema with SimpleData fields and a MultiGeometry with heights.
KML_SCHEMA_TEXT = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Schema name="vung" id="vung"><SimpleField name="Mã vùng" type="string"/>
<SimpleField name="Loại cây" type="string"/><SimpleField name="Diện tích" type="string"/></Schema>
<Placemark><name>Vùng nhãn Sông Mã</name><ExtendedData><SchemaData schemaUrl="#vung">
<SimpleData name="Mã vùng">N1</SimpleData><SimpleData name="Loại cây">Nhãn</SimpleData>
<SimpleData name="Diện tích">7,5</SimpleData></SchemaData></ExtendedData>
<MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>
103.70,21.05,410 103.71,21.05,420 103.71,21.06,415 103.70,21.05,410</coordinates></LinearRing>
</outerBoundaryIs></Polygon><Polygon><outerBoundaryIs><LinearRing><coordinates>
103.72,21.05,0 103.73,21.05,0 103.73,21.06,0 103.72,21.05,0</coordinates></LinearRing>
</outerBoundaryIs></Polygon></MultiGeometry></Placemark></Document></kml>
"""

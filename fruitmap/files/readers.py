"""Reading uploaded files into tables: format detection by content, safe unpacking, decoding.

Every reader takes the file's name and its bytes (what ``st.file_uploader`` gives) so that
the page and the command line share one path; :func:`read_path` reads a file from disk into
the same form. The format is decided by the bytes, never by the extension alone, and a
file that is not what its name says is refused. Zips are inspected in memory (member names,
total uncompressed size, compression ratio) before any member is read, and nothing is ever
extracted to disk. Hostile or broken input ends in :class:`fruitmap.errors.InputError`
naming the file and what was expected, never in a traceback.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import posixpath
import struct
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError
from python_calamine import CalamineError
from shapely.errors import GEOSException

from fruitmap.errors import InputError, Problem
from fruitmap.files.legacy_text import LABELS as LEGACY_LABELS
from fruitmap.files.legacy_text import LEGACY, fix_column, fix_frame

# Limits for uploads (bytes). A Son La zone sheet is a few hundred kB; these leave room.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100  # uncompressed/compressed for the whole archive: beyond it, a zip bomb
MAX_ZIP_MEMBERS = 2000
MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 30

CSV, XLSX, GEOJSON, SHAPEFILE, GPKG, KML, KMZ = (
    "csv", "xlsx", "geojson", "shapefile", "gpkg", "kml", "kmz")
FORMATS = (CSV, XLSX, GEOJSON, SHAPEFILE, GPKG, KML, KMZ)
SPATIAL_FORMATS = (GEOJSON, SHAPEFILE, GPKG, KML, KMZ)
# Extensions a person may give each format; a mismatch between these and the content is refused.
EXTENSIONS = {
    ".csv": (CSV,), ".txt": (CSV,), ".tsv": (CSV,),
    ".xlsx": (XLSX,), ".xlsm": (XLSX,),
    ".geojson": (GEOJSON,), ".json": (GEOJSON,),
    ".zip": (SHAPEFILE, KMZ),
    ".gpkg": (GPKG,),
    ".kml": (KML,), ".kmz": (KMZ,),
}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj", ".sbn", ".sbx")
# Columns LIBKML adds to every placemark that carry no data of the user's.
_KML_NOISE = ("id", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
              "visibility", "drawOrder", "icon", "snippet")

# Exceptions the third-party parsers (openpyxl, GDAL through pyogrio, zipfile, csv) were seen
# to raise on corrupt or hostile bytes; each becomes a plain "cannot read" refusal.
PARSER_ERRORS = (
    ValueError, TypeError, KeyError, IndexError, AttributeError, LookupError, OSError,
    EOFError, UnicodeError, OverflowError, RecursionError, NotImplementedError, AssertionError,
    zipfile.BadZipFile, zipfile.LargeZipFile, csv.Error, ParseError, InvalidFileException,
    CalamineError,
    DataLayerError, DataSourceError, FieldError, GeometryError, MemoryError, zlib.error,
    struct.error, GEOSException,
)



@dataclass
class RawTable:
    """A file as read, before its columns are mapped to the contract.

    Attributes
    ----------
    frame : pandas.DataFrame or geopandas.GeoDataFrame
        The rows; cells keep the file's values (text stays text, Excel numbers stay numbers).
        Spatial formats give a GeoDataFrame with a ``geometry`` column.
    file_name : str
        The name the user gave the file (used in every problem).
    format : str
        One of :data:`FORMATS`.
    sha256 : str
        Hash of the file's bytes (recorded in the workspace history).
    crs : str or None
        The CRS found in the file (``.prj``, GeoPackage metadata); None when it gave none.
    first_row : int
        The row number, as a person counts it in the file, of the first data row (the row
        after the header in CSV/XLSX; 1 for features of spatial files).
    sheets, layers : list of str
        Sheets of an XLSX, layers of a GeoPackage/KML/zip, to choose from.
    sheet, source_layer : str or None
        The sheet or layer that was read.
    encoding, delimiter : str or None
        How a CSV was decoded and split.
    notes : list of Problem
        Warnings found while reading (for example a header not on the first row).
    """

    frame: pd.DataFrame
    file_name: str
    format: str
    sha256: str
    crs: str | None = None
    first_row: int = 1
    sheets: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    sheet: str | None = None
    source_layer: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[Problem] = field(default_factory=list)

    @property
    def is_spatial(self) -> bool:
        """True when the rows carry geometries from the file itself."""
        return "geometry" in self.frame.columns and self.format in SPATIAL_FORMATS

    @property
    def columns(self) -> list[str]:
        """The file's column headers (the geometry of a spatial file excluded).

        A CSV/XLSX column called ``geometry`` is a column like any other (WKT text).
        """
        spatial = self.is_spatial
        return [str(c) for c in self.frame.columns if not (spatial and c == "geometry")]

    @property
    def rows(self) -> list[int]:
        """The file row number of each row of ``frame`` (blank rows were dropped)."""
        return [int(i) for i in self.frame.index]


def _refuse(code: str, file: str, **params) -> InputError:
    return InputError("file_refused", [Problem(code, "error", file=file, params=params)],
                      file=file)


# --------------------------------------------------------------------------- detection
def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _extension(name: str) -> str:
    return Path(str(name)).suffix.lower()


def check_zip(name: str, data: bytes) -> list[zipfile.ZipInfo]:
    """Inspect a zip in memory and return its file members, refusing hostile archives.

    Refused: member names with ``..`` or absolute paths (a classic way to write outside the
    target folder), too many members, a total uncompressed size over
    :data:`MAX_UNZIPPED_BYTES`, or a compression ratio over :data:`MAX_ZIP_RATIO`.

    Raises
    ------
    InputError
        With code ``zip_unsafe_path``, ``zip_too_large``, ``zip_ratio`` (compressed more
        than :data:`MAX_ZIP_RATIO` times: the message names the ratio), ``zip_too_many`` or
        ``corrupt``.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse("corrupt", name, reason=type(exc).__name__) from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _refuse("zip_too_many", name, n=len(infos), limit=MAX_ZIP_MEMBERS)
    total = 0
    for info in infos:
        member = info.filename.replace("\\", "/")
        parts = PurePosixPath(member).parts
        if member.startswith("/") or ".." in parts or (len(member) > 1 and member[1] == ":"):
            raise _refuse("zip_unsafe_path", name, member=info.filename)
        total += info.file_size
    if total > MAX_UNZIPPED_BYTES:
        raise _refuse("zip_too_large", name, size=_mb(total), limit=_mb(MAX_UNZIPPED_BYTES))
    if total > 1024 * 1024 and total > MAX_ZIP_RATIO * max(len(data), 1):
        # The message names the ratio that tripped the check (a zip bomb), not a size.
        ratio = total / max(len(data), 1)
        raise _refuse("zip_ratio", name, ratio=f"1:{ratio:.0f}",
                      limit=f"1:{MAX_ZIP_RATIO}", size=_mb(total))
    return [i for i in infos if not i.is_dir()]


def _read_member(name: str, data: bytes, info: zipfile.ZipInfo) -> bytes:
    # Read at most the declared size (+1 to notice a lie); the header may understate it.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(info) as fh:
            content = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError, zlib.error) as exc:
        raise _refuse("corrupt", name, reason=type(exc).__name__) from exc
    if len(content) > info.file_size:
        raise _refuse("zip_too_large", name, size=">" + _mb(info.file_size),
                      limit=_mb(MAX_UNZIPPED_BYTES))
    return content


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _content_format(name: str, data: bytes) -> str:
    """Return the format the bytes hold, or raise InputError naming what they are."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        members = [i.filename.lower() for i in check_zip(name, data)]
        if "[content_types].xml" in members and any(m.startswith("xl/") for m in members):
            return XLSX
        if any(m.endswith(".kml") for m in members):
            return KMZ
        if any(m.endswith(".shp") for m in members):
            return SHAPEFILE
        if "[content_types].xml" in members:
            raise _refuse("wrong_type", name, found="Word/PowerPoint", expected=_expected())
        raise _refuse("zip_no_data", name)
    if head.startswith(b"SQLite format 3\x00"):
        return GPKG
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse("xls_old", name)
    for magic, what in ((b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"),
                        (b"GIF8", "GIF"), (b"\x1f\x8b", "gzip"), (b"Rar!", "RAR"),
                        (b"7z\xbc\xaf", "7z"), (b"MZ", "exe"), (b"\x7fELF", "ELF")):
        if head.startswith(magic):
            raise _refuse("wrong_type", name, found=what, expected=_expected())
    if _extension(name) == ".shp" or _extension(name) == ".dbf":
        raise _refuse("shp_not_zipped", name)
    text, _ = _decode_head(head)
    if text is None:
        raise _refuse("wrong_type", name, found="binary", expected=_expected())
    stripped = text.lstrip().lower()
    if stripped.startswith("{"):
        return GEOJSON
    if stripped.startswith("<?xml") or stripped.startswith("<kml"):
        if "<kml" in text.lower():
            return KML
        raise _refuse("wrong_type", name, found="XML", expected=_expected())
    if stripped.startswith("<!doctype") or stripped.startswith("<html") or \
            stripped.startswith("<"):
        raise _refuse("wrong_type", name, found="HTML", expected=_expected())
    return CSV


def _expected() -> str:
    return "CSV, XLSX, GeoJSON, Shapefile (.zip), GeoPackage, KML, KMZ"


def check_size(name: str, size: int) -> None:
    """Refuse a file over :data:`MAX_UPLOAD_BYTES`, in the user's language.

    Called before the bytes are read where the size is known first (a path on disk, the
    upload widget's file), so a big file is refused without being copied.

    Raises
    ------
    InputError
        ``file_too_large`` naming the file's size and the limit.
    """
    if size > MAX_UPLOAD_BYTES:
        raise _refuse("file_too_large", name, size=_mb(size), limit=_mb(MAX_UPLOAD_BYTES))


def sniff(name: str, data: bytes) -> str:
    """Return the format of an upload from its bytes, checking it against its extension.

    Parameters
    ----------
    name : str
        The file name as the user gave it (only its extension is looked at).
    data : bytes
        The file's content.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    InputError
        ``empty_file``, ``file_too_large``, ``wrong_type`` (the content is not a supported
        format, or not what the extension says), ``corrupt`` or a zip refusal.
    """
    check_size(name, len(data))
    if not data or not data.strip():
        raise _refuse("empty_file", name)
    found = _content_format(name, data)
    ext = _extension(name)
    if ext in EXTENSIONS and found not in EXTENSIONS[ext]:
        raise _refuse("wrong_type", name, found=found.upper(), expected=ext)
    return found


# --------------------------------------------------------------------------- text
def _decode_head(head: bytes) -> tuple[str | None, str | None]:
    """Decode the first bytes for sniffing; (None, None) when they are not text."""
    try:
        return decode_text(head, partial=True)
    except UnicodeError:
        return None, None


def decode_text(data: bytes, partial: bool = False) -> tuple[str, str]:
    """Decode text bytes and return ``(text, encoding)``, NFC-normalised.

    Tried in order: a byte-order mark (UTF-8, UTF-16), UTF-16 without a mark (every other
    byte zero), UTF-8, then Windows-1258 (the legacy Vietnamese code page) or the legacy
    font encodings TCVN3 and VNI, whichever reads as Vietnamese best (see
    :mod:`fruitmap.files.legacy_text`; the encoding returned is then ``"tcvn3"`` or ``"vni"``).
    Windows-1258 writes tone marks as separate combining characters, so the text is
    NFC-normalised to compare equal to what people type.

    Raises
    ------
    UnicodeError
        When the bytes are not text in any of these encodings (binary content).
    """
    if data.startswith(codecs.BOM_UTF8):
        enc, body = "utf-8-sig", data
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        enc, body = "utf-16", data
    else:
        sample = data[:2000]
        zeros_odd = sample[1::2].count(0)
        zeros_even = sample[0::2].count(0)
        half = max(len(sample) // 2, 1)
        if zeros_odd > 0.3 * half and zeros_even < 0.05 * half:
            enc, body = "utf-16-le", data
        elif zeros_even > 0.3 * half and zeros_odd < 0.05 * half:
            enc, body = "utf-16-be", data
        else:
            enc, body = None, data
    if enc is None:
        if b"\x00" in data:
            raise UnicodeError("binary content")
        try:
            text = body.decode("utf-8")
            enc = "utf-8"
        except UnicodeDecodeError as exc:
            # A sniffing sample may end inside a multi-byte character.
            if partial and exc.start >= len(body) - 3:
                text, enc = body[: exc.start].decode("utf-8"), "utf-8"
            else:
                # Not UTF-8: Windows-1258, or a legacy font encoding (TCVN3, VNI) still
                # used in offices; the reading with the most well-formed words wins.
                from fruitmap.files.legacy_text import detect_bytes

                text, enc = detect_bytes(body)
    else:
        if partial and enc.startswith("utf-16") and len(body) % 2:
            body = body[:-1]
        text = body.decode(enc, errors="strict" if not partial else "ignore")
    bad = sum(1 for ch in text[:5000] if unicodedata.category(ch) == "Cc"
              and ch not in "\r\n\t\f")
    if bad > max(3, len(text[:5000]) // 100):
        raise UnicodeError("control characters: binary content")
    return unicodedata.normalize("NFC", text), enc


def _delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:HEADER_SCAN_ROWS] if ln.strip()]
    best, best_score = ",", -1
    for sep in (";", ",", "\t", "|"):
        counts = [ln.count(sep) for ln in lines]
        # The separator splits most lines into the same, largest number of fields.
        score = max(counts) if counts else 0
        score = score * 2 + sum(1 for c in counts if c and c == max(counts))
        if score > best_score:
            best, best_score = sep, score
    return best


# --------------------------------------------------------------------------- readers
def read_upload(name: str, data: bytes, sheet: str | None = None,
                source_layer: str | None = None) -> RawTable:
    """Read an uploaded file into a :class:`RawTable`.

    Parameters
    ----------
    name : str
        File name as the user gave it (shown in every problem).
    data : bytes
        The file's content.
    sheet : str, optional
        XLSX sheet to read; by default the sheet whose header best matches known columns.
    source_layer : str, optional
        GeoPackage, KML folder or zipped Shapefile layer to read; by default the only one,
        (KML: every folder together; others: the first with features).

    Raises
    ------
    InputError
        Whenever the file cannot be read; the message names the file and the reason.
    """
    name = os.path.basename(str(name)) or "upload"
    fmt = sniff(name, data)
    digest = sha256(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if fmt == CSV:
                raw = _read_csv(name, data)
            elif fmt == XLSX:
                raw = _read_xlsx(name, data, sheet)
            else:
                raw = _read_spatial(name, data, fmt, source_layer)
    except InputError:
        raise
    except PARSER_ERRORS as exc:
        raise _refuse("corrupt", name, reason=type(exc).__name__) from exc
    raw.sha256 = digest
    if raw.frame.empty:
        raise _refuse("no_rows", name)
    if len(raw.frame) > MAX_ROWS:
        raise _refuse("too_many_rows", name, n=len(raw.frame), limit=MAX_ROWS)
    return raw


def read_path(path: str | os.PathLike, sheet: str | None = None,
              source_layer: str | None = None) -> RawTable:
    """Read a file from disk (same checks as :func:`read_upload`, size checked first)."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise _refuse("file_missing", name, path=str(p))
        check_size(name, size)
        data = p.read_bytes()
    except OSError as exc:
        raise _refuse("file_missing", name, path=str(p)) from exc
    return read_upload(name, data, sheet=sheet, source_layer=source_layer)


def _unique(headers: list) -> list[str]:
    out: list[str] = []
    for i, h in enumerate(headers):
        text = "" if h is None else unicodedata.normalize("NFC", str(h)).strip()
        text = " ".join(text.split())
        if not text:
            text = f"column_{i + 1}"
        base, n = text, 2
        while text in out:
            text, n = f"{base} ({n})", n + 1
        out.append(text)
    return out


def find_header_row(rows: list[list]) -> int:
    """Return the 0-based index of the header among the first rows of a sheet.

    The header is the row where most cells look like known column names (see
    :mod:`fruitmap.files.colmap`); title rows and merged cells above it are skipped. Without any
    recognised name, the first row with at least two filled cells is taken.
    """
    from fruitmap.files.colmap import header_score

    best, best_score = None, 0
    first_wide = None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        filled = [c for c in row if c is not None and str(c).strip()]
        if first_wide is None and len(filled) >= 2:
            first_wide = i
        score = header_score(filled)
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 2:
        return best
    return first_wide if first_wide is not None else 0


def _table_from_rows(rows: list[list], name: str, fmt: str, header: int) -> pd.DataFrame:
    headers = _unique(rows[header])
    width = len(headers)
    body = []
    for row in rows[header + 1:]:
        body.append((list(row) + [None] * width)[:width])
    # The index holds the row number as the user sees it in the sheet (header = 1-based).
    frame = pd.DataFrame(body, columns=headers, dtype=object,
                         index=range(header + 2, header + 2 + len(body)))
    # Trailing blank rows (and blank rows in between) carry nothing and are not reported.
    blank = frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).all(axis=1)
    frame = frame[~blank]
    return frame


def _read_csv(name: str, data: bytes) -> RawTable:
    try:
        text, enc = decode_text(data)
    except UnicodeError as exc:
        raise _refuse("wrong_type", name, found="binary", expected=_expected()) from exc
    sep = _delimiter(text)
    csv.field_size_limit(1024 * 1024)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    rows = [[None if c == "" else c for c in r] for r in rows]
    if not rows:
        raise _refuse("no_rows", name)
    converted = _fix_legacy_rows(rows) if enc not in LEGACY else {}
    header = find_header_row(rows)
    frame = _table_from_rows(rows, name, CSV, header)
    notes = []
    if header > 0:
        notes.append(Problem("header_not_first", "warning", file=name, row=header + 1))
    if enc in LEGACY:
        notes.append(Problem("legacy_encoding", "warning", file=name,
                             params={"encoding": LEGACY_LABELS[enc]}))
    notes.extend(_legacy_notes(name, converted, rows[header]))
    return RawTable(frame, name, CSV, "", first_row=header + 2, encoding=enc, delimiter=sep,
                    notes=notes)


def _xlsx_cell(value):
    # calamine gives every number as float, dates as date and empty cells as "": return
    # what openpyxl gave (int for whole numbers, datetime, None) so validation is unchanged.
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is str:
        return value.strip() or None  # text cells are kept stripped, as before
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def _read_xlsx(name: str, data: bytes, sheet: str | None) -> RawTable:
    # calamine (Rust) reads a 100,000-row sheet in about a second; openpyxl's XML parsing in
    # Python took minutes. The zip was checked (size, ratio, names) by check_zip before.
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        names = list(wb.sheet_names)
        if sheet is not None and sheet not in names:
            raise _refuse("sheet_missing", name, sheet=sheet, sheets=", ".join(names))
        candidates = [sheet] if sheet is not None else names
        best = None
        for sheet_name in candidates:
            # skip_empty_area=False: the grid starts at A1, so row numbers are the sheet's
            grid = wb.get_sheet_by_name(sheet_name).to_python(
                skip_empty_area=False, nrows=MAX_ROWS + HEADER_SCAN_ROWS + 1)
            rows = [[_xlsx_cell(c) for c in r] for r in grid]
            while rows and not any(c is not None for c in rows[-1]):
                rows.pop()  # calamine pads to the sheet's dimension; openpyxl stopped here
            if not any(any(c is not None and str(c).strip() for c in r) for r in rows):
                continue
            # Cells typed with a TCVN3/VNI font: converted before the header is looked for.
            fixed = _fix_legacy_rows(rows)
            header = find_header_row(rows)
            from fruitmap.files.colmap import header_score

            score = header_score([c for c in rows[header] if c is not None])
            if best is None or score > best[0]:
                best = (score, sheet_name, rows, header, fixed)
    finally:
        wb.close()
    if best is None:
        raise _refuse("no_rows", name)
    _, sheet_name, rows, header, converted = best
    # Cells typed as text in Excel keep their text (stripped by _xlsx_cell); numbers stay
    # numbers for validation.
    frame = _table_from_rows(rows, name, XLSX, header)
    notes = []
    if header > 0:
        notes.append(Problem("header_not_first", "warning", file=name, row=header + 1))
    notes.extend(_legacy_notes(name, converted, rows[header]))
    return RawTable(frame, name, XLSX, "", first_row=header + 2, sheets=names, sheet=sheet_name,
                    notes=notes)


def _shapefile_zip(name: str, data: bytes, source_layer: str | None
                   ) -> tuple[bytes, list[str], str]:
    """Repack one Shapefile of a zip, flat, in memory; return (zip bytes, layers, chosen)."""
    infos = check_zip(name, data)
    stems: dict[str, dict[str, zipfile.ZipInfo]] = {}
    for info in infos:
        member = info.filename.replace("\\", "/")
        base = posixpath.basename(member)
        if base.startswith("._") or "__macosx" in member.lower():
            continue
        stem, ext = posixpath.splitext(member)
        if ext.lower() in SHAPEFILE_PARTS:
            stems.setdefault(stem, {})[ext.lower()] = info
    layers = {posixpath.basename(s): s for s, parts in stems.items() if ".shp" in parts}
    if not layers:
        raise _refuse("zip_no_data", name)
    chosen = source_layer if source_layer is not None else sorted(layers)[0]
    if chosen not in layers:
        raise _refuse("layer_missing", name, layer=chosen, layers=", ".join(sorted(layers)))
    parts = stems[layers[chosen]]
    missing = [e for e in (".shp", ".shx", ".dbf") if e not in parts]
    if missing:
        raise _refuse("shp_incomplete", name, missing=", ".join(missing))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for ext, info in parts.items():
            out.writestr("layer" + ext, _read_member(name, data, info))
    return buf.getvalue(), sorted(layers), chosen


def _kml_from_kmz(name: str, data: bytes) -> bytes:
    infos = check_zip(name, data)
    kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
    # Google Earth calls the main document doc.kml; otherwise the first KML at the top.
    kmls.sort(key=lambda i: (posixpath.basename(i.filename.lower()) != "doc.kml",
                             i.filename.count("/"), i.filename))
    return _read_member(name, data, kmls[0])


def _read_spatial(name: str, data: bytes, fmt: str, source_layer: str | None) -> RawTable:
    import geopandas as gpd
    import pyogrio

    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO",
                                     "OGR_GEOJSON_MAX_OBJ_SIZE": "200MB"})
    payload = data
    layers: list[str] = []
    chosen = source_layer
    if fmt == SHAPEFILE:
        payload, layers, chosen = _shapefile_zip(name, data, source_layer)
        frames = [pyogrio.read_dataframe(payload, on_invalid="fix")]
    else:
        if fmt == KMZ:
            payload = _kml_from_kmz(name, data)
        if fmt in (KML, KMZ):
            _check_xml(name, payload)
        listed = pyogrio.list_layers(payload)
        layers = [str(row[0]) for row in listed]
        if fmt in (KML, KMZ) and len(layers) == 1:
            layers = []  # an unnamed document: nothing to choose
        if source_layer is not None:
            if source_layer not in layers:
                raise _refuse("layer_missing", name, layer=source_layer,
                              layers=", ".join(layers))
            frames = [pyogrio.read_dataframe(payload, layer=source_layer, on_invalid="fix")]
        elif fmt in (KML, KMZ):
            # Google Earth files keep placemarks in folders: take every folder together.
            frames = [pyogrio.read_dataframe(payload, layer=i, on_invalid="fix")
                      for i in range(len(listed))]
        else:
            frames = []
            for i, _ in enumerate(listed):
                frame = pyogrio.read_dataframe(payload, layer=i, on_invalid="fix")
                if len(frame):
                    frames = [frame]
                    chosen = layers[i]
                    break
            if not frames and len(listed):
                frames = [pyogrio.read_dataframe(payload, layer=0, on_invalid="fix")]
    frames = [f for f in frames if f is not None]
    if not frames:
        raise _refuse("no_rows", name)
    crs = frames[0].crs
    if len(frames) > 1:
        frames = [f.to_crs(crs) if f.crs is not None and crs is not None and f.crs != crs else f
                  for f in frames if len(f)]
        frame = pd.concat(frames, ignore_index=True) if frames else frames[0]
    else:
        frame = frames[0]
    frame = gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=crs)
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    if fmt in (KML, KMZ):
        frame = frame.drop(columns=[c for c in _KML_NOISE if c in frame.columns])
        if "description" in frame.columns and frame["description"].isna().all():
            frame = frame.drop(columns=["description"])
    frame.index = range(1, len(frame) + 1)  # features are counted from 1
    # A DBF or KML typed with TCVN3/VNI fonts: attributes and field names converted.
    frame, converted = fix_frame(frame)
    from fruitmap.files.coords import crs_code

    crs_text = crs_code(crs) if crs is not None else None
    notes = _legacy_frame_notes(name, converted)
    return RawTable(frame, name, fmt, "", crs=crs_text, first_row=1, layers=layers,
                    source_layer=chosen, notes=notes)


def _check_xml(name: str, payload: bytes) -> None:
    # Entity declarations have no business in a KML; refusing them stops expansion bombs.
    head = payload[:65536].lower()
    if b"<!entity" in head or b"<!doctype" in head:
        raise _refuse("wrong_type", name, found="XML DTD", expected="KML")


# --------------------------------------------------------------------------- legacy text
def _fix_legacy_rows(rows: list[list]) -> dict[int, str]:
    """Convert, in place, the columns of ``rows`` typed in TCVN3/VNI; return {index: encoding}.

    Each column is judged on its own (title rows and the header included), because an
    office sheet often mixes a Unicode header with legacy-font data, or the reverse.
    """
    width = max((len(r) for r in rows), default=0)
    converted: dict[int, str] = {}
    for j in range(width):
        column = pd.Series([r[j] if j < len(r) else None for r in rows], dtype=object)
        values, enc = fix_column(column)
        if enc is None:
            continue
        converted[j] = enc
        for row, value in zip(rows, values.tolist(), strict=True):
            if j < len(row):
                row[j] = value
    return converted


def _legacy_notes(name: str, converted: dict[int, str], header: list) -> list[Problem]:
    filled = [j for j, h in enumerate(header) if h is not None and str(h).strip()]
    encodings = set(converted.values())
    if len(encodings) == 1 and filled and set(filled) <= set(converted):
        # the whole sheet was typed with one legacy font: one note for the file
        return [Problem("legacy_encoding", "warning", file=name,
                        params={"encoding": LEGACY_LABELS[encodings.pop()]})]
    by_encoding: dict[str, list[str]] = {}
    for j, enc in converted.items():
        label = header[j] if j < len(header) and header[j] is not None else f"column_{j + 1}"
        by_encoding.setdefault(enc, []).append(str(label))
    return [Problem("legacy_encoding_columns", "warning", file=name, column=", ".join(cols),
                    params={"encoding": LEGACY_LABELS[enc]})
            for enc, cols in by_encoding.items()]


def _legacy_frame_notes(name: str, converted: dict[str, str]) -> list[Problem]:
    by_encoding: dict[str, list[str]] = {}
    for col, enc in converted.items():
        by_encoding.setdefault(enc, []).append(col)
    notes = []
    for enc, cols in by_encoding.items():
        named = [c for c in cols if c]
        notes.append(Problem("legacy_encoding_columns" if named else "legacy_encoding",
                             "warning", file=name, column=", ".join(named) or None,
                             params={"encoding": LEGACY_LABELS[enc]}))
    return notes

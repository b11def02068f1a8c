"""Export layers and tables to files people open elsewhere: GeoJSON, GeoPackage, CSV, XLSX.

Everything returns ``bytes`` so that a page can hand it to a download button and the command
line can write it to disk. Lists are written as text joined by ``;`` (``longan;mango``), the
form the contract uses in the GeoPackage and that an import reads back.

Two helpers are meant for every page that offers a table for download (gap tables, reports):
:func:`table_to_csv_bytes` and :func:`table_to_xlsx_bytes`. Both take an optional mapping of
column name → header label, so a page can export with translated headers.

Spreadsheet programs run a cell that starts with ``=`` as a formula. Uploaded text must never
do that on an official's computer, so text cells are always stored as text in XLSX, and in CSV
a text cell starting with ``=``, ``+``, ``-``, ``@`` (and not a number) gets a leading ``'``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fruitmap.columns import is_missing, to_storage
from fruitmap.errors import ReportError
from fruitmap.files.xlsx_writer import XLSX_MAX_CHARS, XLSX_MAX_ROWS, Sheet, write_xlsx
from fruitmap.i18n import t
from fruitmap.progress import Progress, report_step, within
from fruitmap.schema import get_layer

FORMATS: tuple[str, ...] = ("geojson", "gpkg", "csv", "xlsx")
EXTENSIONS = {"geojson": "geojson", "gpkg": "gpkg", "csv": "csv", "xlsx": "xlsx"}
FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "csv": "CSV", "xlsx": "Excel (XLSX)"}
MIME_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LONGITUDE, LATITUDE, WKT = "longitude", "latitude", "wkt"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = set("[]:*?/\\")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


# ------------------------------------------------------------------ cells
def cell_value(value: object) -> object:
    """Return ``value`` as a plain spreadsheet value.

    Lists and tuples become ``"a;b"``, missing values ``None``, numpy scalars Python numbers,
    dates ISO text (time zones are not supported by spreadsheets), geometries WKT.
    """
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(v) for v in value)
    if is_missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    if hasattr(value, "geom_type"):
        return value.wkt
    if isinstance(value, (int, str)):
        return value
    return str(value)


def _looks_like_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _looks_like_number(
            value):
        return "'" + value
    return value


def _headers(columns, labels: Mapping[str, str] | None) -> list[str]:
    labels = labels or {}
    return [str(labels.get(c, c)) for c in columns]


def plain_column(values: pd.Series) -> list:
    """Return the values of one column as plain spreadsheet values (see :func:`cell_value`).

    Columns of one plain type (numbers, booleans, text) are converted in one vectorised step;
    only columns holding lists, dates or mixed values go value by value.
    """
    series = pd.Series(values)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) and not series.hasnans:
        return series.to_numpy(dtype=bool).tolist()
    if pd.api.types.is_integer_dtype(dtype) and not series.hasnans:
        return series.to_numpy(dtype="int64").tolist()
    if pd.api.types.is_float_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
        numbers = series.to_numpy(dtype="float64", na_value=np.nan)
        whole = pd.api.types.is_integer_dtype(dtype)
        out = numbers.astype(object)
        missing = np.isnan(numbers)
        if whole:  # nullable integers stay whole numbers
            out[~missing] = numbers[~missing].astype("int64").astype(object)
        out[missing] = None
        return out.tolist()
    if pd.api.types.is_string_dtype(dtype) and pd.api.types.infer_dtype(
            series, skipna=True) in ("string", "empty"):
        out = series.to_numpy(dtype=object, copy=True)
        out[pd.isna(out)] = None
        return out.tolist()
    return [cell_value(v) for v in series]


def _plain_frame(df: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    data = pd.DataFrame(df)
    columns = {}
    for position, name in enumerate(data.columns):
        column = data.iloc[:, position]
        if isinstance(df, gpd.GeoDataFrame) and name == df.geometry.name:
            import shapely

            columns[name] = shapely.to_wkt(np.asarray(df.geometry.array, dtype=object),
                                           rounding_precision=-1).tolist()
        else:
            columns[name] = plain_column(column)
    plain = pd.DataFrame(columns, columns=data.columns, dtype="object") if len(columns) else \
        pd.DataFrame(index=data.index, columns=data.columns, dtype="object")
    return yes_no(plain, lang) if lang else plain


def yes_no(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return ``df`` with its yes/no columns written Có/Không (vi) or Yes/No (en).

    A column is yes/no when every value it holds is a boolean (missing values allowed);
    a reader of a spreadsheet should not meet ``True``/``False``. Có/Không import back.
    """
    words = {True: t("template.guide.yes", lang), False: t("template.guide.no", lang)}
    out = df.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_bool_dtype(column.dtype):
            out[name] = column.map(words).astype("object")
            continue
        if column.dtype != object:
            continue
        held = column.dropna()
        if len(held) and held.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            out[name] = column.map(lambda v: words[bool(v)] if isinstance(v, (bool, np.bool_))
                                   else v)
    return out


def _source_lines(source: str | Sequence[str] | None) -> list[str]:
    if source is None:
        return []
    return [source] if isinstance(source, str) else [str(line) for line in source]


# ------------------------------------------------------------------ generic tables
def table_to_csv_bytes(df: pd.DataFrame, labels: Mapping[str, str] | None = None,
                       source: str | Sequence[str] | None = None,
                       lang: str | None = None) -> bytes:
    """Return a table as CSV bytes that Excel opens with Vietnamese letters intact.

    Parameters
    ----------
    df : DataFrame
        Any table. Lists are written ``a;b``; a GeoDataFrame's geometry is written as WKT
        (use :func:`flat_layer` first for longitude/latitude columns).
    labels : mapping, optional
        Column name → header to write (e.g. translated labels). Columns not in the mapping
        keep their name.
    source : str or list of str, optional
        Where the data comes from (:mod:`fruitmap.provenance`): written below the table,
        after an empty line, one line per item in the first column.
    lang : {"vi", "en"}, optional
        Write yes/no columns as Có/Không or Yes/No (see :func:`yes_no`).

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark (so Excel detects the encoding), comma separated,
        one header row.
    """
    plain = _plain_frame(df, lang).map(_csv_safe)
    plain.columns = _headers(plain.columns, labels)
    text = plain.to_csv(index=False, lineterminator="\r\n")
    lines = _source_lines(source)
    if lines:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow([])
        for line in lines:
            writer.writerow([_csv_safe(line)])
        text += buf.getvalue()
    return text.encode("utf-8-sig")


def safe_sheet_name(name: str) -> str:
    """Return ``name`` made acceptable as an Excel sheet name (≤ 31 characters, no ``[]:*?/\\``)."""
    cleaned = "".join("_" if ch in _BAD_SHEET_CHARS else ch for ch in str(name)).strip("'")
    return (cleaned or "Sheet")[:31]


def write_sheet(ws, df: pd.DataFrame, labels: Mapping[str, str] | None = None,
                header_fill: Mapping[str, PatternFill] | None = None,
                lang: str | None = None) -> None:
    """Write ``df`` into the openpyxl worksheet ``ws`` with a bold, frozen header row.

    Text cells are stored as text even when they start with ``=`` (never as formulas).
    ``header_fill`` optionally colours chosen header cells (by column name); with ``lang``,
    yes/no columns are written Có/Không or Yes/No.

    Row by row, with openpyxl's cell objects: for small frames (a template's example rows).
    Layers, which can hold 100,000 rows, go through :func:`write_xlsx`, column by column.
    """
    plain = _plain_frame(df, lang)
    headers = _headers(plain.columns, labels)
    ws.append(headers)
    for number, row in enumerate(plain.itertuples(index=False), start=2):
        ws.append(list(row))
        for cell in ws[number]:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"
    fills = header_fill or {}
    for idx, (name, cell) in enumerate(zip(plain.columns, ws[1], strict=True), start=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = fills.get(name, HEADER_FILL)
        longest = max([len(str(headers[idx - 1]))] +
                      [len(str(v)) for v in plain[name].head(200) if v is not None])
        ws.column_dimensions[get_column_letter(idx)].width = min(max(10, longest + 2), 60)
    ws.freeze_panes = "A2"


def check_xlsx_size(n_rows: int, name: str) -> None:
    """Refuse a table with more rows than an Excel sheet holds (1,048,576 with the header).

    Raises
    ------
    ReportError
        ``export_too_many_rows``, naming the table, its rows, the limit and what to use instead.
    """
    if n_rows + 1 > XLSX_MAX_ROWS:
        raise ReportError("export_too_many_rows", layer=name, rows=n_rows,
                          limit=XLSX_MAX_ROWS - 1)


def _xlsx_sheet(df: pd.DataFrame, name: str, labels: Mapping[str, str] | None,
                lang: str | None) -> Sheet:
    plain = _plain_frame(df, lang)
    headers = _headers(plain.columns, labels)
    columns = [plain.iloc[:, i].tolist() for i in range(plain.shape[1])]
    widths = []
    for header, values in zip(headers, columns, strict=True):
        longest = max([len(str(header))] + [len(str(v)) for v in values[:200] if v is not None])
        widths.append(min(max(10, longest + 2), 60))
    return Sheet(name=name, headers=headers, columns=columns, widths=widths)


def table_to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Data",
                        labels: Mapping[str, str] | None = None,
                        source: str | Sequence[str] | None = None,
                        lang: str | None = None,
                        progress: Progress | None = None) -> bytes:
    """Return a table as an XLSX workbook with one sheet.

    Written column by column (:mod:`fruitmap.files.xlsx_writer`): 100,000 rows take seconds.

    Parameters
    ----------
    df : DataFrame
        Any table (lists are written ``a;b``, geometry as WKT).
    sheet_name : str
        Name of the sheet (made safe for Excel: at most 31 characters, no ``[]:*?/\\``).
    labels : mapping, optional
        Column name → header to write (e.g. translated labels).
    source : str or list of str, optional
        Where the data comes from: written on a second sheet ("Nguồn dữ liệu" / "Sources"),
        one line per row.
    lang : {"vi", "en"}, optional
        Language of that sheet's name and of yes/no cells (Có/Không, Yes/No).
    progress : callable, optional
        ``progress(fraction, key)`` (see :mod:`fruitmap.progress`): ``export.cells`` while the
        values are made plain, then ``export.rows`` as the rows are written.

    Returns
    -------
    bytes
        The workbook. The header row is bold and frozen; text is never run as a formula.

    Raises
    ------
    ReportError
        ``export_too_many_rows`` when the table has more rows than an Excel sheet holds.
    """
    title = safe_sheet_name(sheet_name)
    check_xlsx_size(len(df), title)
    report_step(progress, 0.0, "progress.export.cells")
    sheets = [_xlsx_sheet(df, title, labels, lang)]
    lines = _source_lines(source)
    if lines:
        notes = safe_sheet_name(t("prov.sheet", lang or "vi"))
        notes = notes if notes != title else notes[:27] + " (2)"
        sheets.append(_xlsx_sheet(pd.DataFrame({notes: lines}), notes, None, lang))
    report_step(progress, 0.2, "progress.export.rows")
    return write_xlsx(sheets, progress=lambda f: report_step(progress, 0.2 + 0.8 * f,
                                                             "progress.export.rows"))


# ------------------------------------------------------------------ layers
def _all_points(gdf: gpd.GeoDataFrame) -> bool:
    geoms = [g for g in gdf.geometry if g is not None and not g.is_empty]
    return all(g.geom_type == "Point" for g in geoms)


def flat_layer(df: pd.DataFrame, layer_name: str, geometry: str = "auto",
               max_chars: int | None = None) -> pd.DataFrame:
    """Return a layer as a plain table: contract columns first, lists as ``a;b``.

    Parameters
    ----------
    df : DataFrame or GeoDataFrame
        The layer in its in-memory form.
    layer_name : str
    geometry : {"auto", "lonlat", "wkt"}
        How a spatial layer's geometry becomes columns: ``longitude``/``latitude`` (points
        only; other shapes get their representative point), or ``wkt``. ``"auto"`` uses
        longitude/latitude when every feature is a point, else WKT. An import of the
        table (CSV or XLSX) reads either back (:mod:`fruitmap.files.ingest`).
    max_chars : int, optional
        Longest WKT text written (see :func:`wkt_cells`); for XLSX, Excel's cell limit.
    """
    layer = get_layer(layer_name)
    stored = to_storage(pd.DataFrame(df), layer)
    if not layer.is_spatial or not isinstance(df, gpd.GeoDataFrame):
        return pd.DataFrame(stored.drop(columns=["geometry"], errors="ignore"))
    gdf = df.to_crs("EPSG:4326") if df.crs is not None else df
    table = pd.DataFrame(stored.drop(columns=[df.geometry.name]))
    mode = geometry
    if mode == "auto":
        mode = "lonlat" if _all_points(gdf) else "wkt"
    if mode == "lonlat":
        points = [None if g is None or g.is_empty else
                  (g if g.geom_type == "Point" else g.representative_point())
                  for g in gdf.geometry]
        table[LONGITUDE] = [None if p is None else round(p.x, 7) for p in points]
        table[LATITUDE] = [None if p is None else round(p.y, 7) for p in points]
    else:
        table[WKT] = wkt_cells(gdf.geometry.to_numpy(), max_chars)
    return table


def wkt_cells(geoms, max_chars: int | None = None) -> list:
    """Return each geometry as WKT text (None for a missing or empty one).

    Full precision, so that an import of the export gives the same shapes. With
    ``max_chars`` (Excel holds at most :data:`XLSX_MAX_CHARS` characters in a cell), a
    longer shape is written with 7 decimals (1 cm), then simplified step by step
    (0.1 m, 1 m, 3 m, 10 m, 30 m ... 1 km) until it fits: a province outline stays an outline,
    where a cut cell would not be a shape at all.
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    texts = np.full(len(geoms), None, dtype=object)
    if present.any():
        texts[present] = shapely.to_wkt(geoms[present], rounding_precision=-1, trim=True)
    if max_chars is not None:
        for i in np.flatnonzero(present):
            if len(texts[i]) <= max_chars:
                continue
            text = shapely.to_wkt(geoms[i], rounding_precision=7, trim=True)
            for tolerance in (1e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2):
                if len(text) <= max_chars:
                    break
                text = shapely.to_wkt(shapely.simplify(geoms[i], tolerance),
                                      rounding_precision=7, trim=True)
            texts[i] = text
    return texts.tolist()


def layer_labels(layer_name: str, lang: str) -> dict[str, str]:
    """Return column name → label in ``lang`` for a layer, geometry columns included."""
    layer = get_layer(layer_name)
    labels = {c.name: c.label(lang) for c in layer.columns}
    labels.update({LONGITUDE: t("export.longitude", lang), LATITUDE: t("export.latitude", lang),
                   WKT: t("export.wkt", lang)})
    return labels


def _storage_gdf(df: pd.DataFrame, layer_name: str) -> pd.DataFrame:
    layer = get_layer(layer_name)
    stored = to_storage(pd.DataFrame(df), layer)
    if layer.is_spatial and isinstance(df, gpd.GeoDataFrame):
        return gpd.GeoDataFrame(stored, geometry=df.geometry.name, crs=df.crs or "EPSG:4326")
    return pd.DataFrame(stored.drop(columns=["geometry"], errors="ignore"))


def layer_to_geojson_bytes(df: pd.DataFrame, layer_name: str) -> bytes:
    """Return a layer as GeoJSON (EPSG:4326, UTF-8). Tables get features without geometry."""
    data = _storage_gdf(df, layer_name)
    if isinstance(data, gpd.GeoDataFrame):
        if data.crs is not None and not data.crs.equals("EPSG:4326"):
            data = data.to_crs("EPSG:4326")
        return data.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")
    features = [{"type": "Feature", "properties": {k: cell_value(v) for k, v in rec.items()},
                 "geometry": None} for rec in data.to_dict(orient="records")]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode("utf-8")


def layer_to_gpkg_bytes(df: pd.DataFrame, layer_name: str) -> bytes:
    """Return a layer as a GeoPackage file holding one layer named ``layer_name``."""
    data = _storage_gdf(df, layer_name)
    with tempfile.TemporaryDirectory(prefix="fruitmap-export-") as folder:
        path = Path(folder) / f"{layer_name}.gpkg"
        if isinstance(data, gpd.GeoDataFrame):
            pyogrio.write_dataframe(data, path, layer=layer_name, driver="GPKG",
                                    geometry_type="Unknown", promote_to_multi=False)
        else:
            pyogrio.write_dataframe(data, path, layer=layer_name, driver="GPKG")
        return path.read_bytes()


def export_layer(df: pd.DataFrame, layer_name: str, fmt: str,
                 lang: str | None = None, source: str | Sequence[str] | None = None,
                 progress: Progress | None = None) -> bytes:
    """Return a layer exported as ``fmt``.

    Parameters
    ----------
    df : DataFrame or GeoDataFrame
        The layer in its in-memory form (as :meth:`Workspace.read` returns it).
    layer_name : str
        Contract name of the layer.
    fmt : {"geojson", "gpkg", "csv", "xlsx"}
    lang : {"vi", "en"}, optional
        For CSV and XLSX: write translated headers (and Có/Không, Yes/No) instead of the
        column names. Column names (the default) can be imported back as they are.
    source : str or list of str, optional
        Where the layer comes from. Written on a second XLSX sheet always, and below a CSV
        table only with ``lang`` (a CSV kept for importing back must hold nothing but rows).
    progress : callable, optional
        ``progress(fraction, key)`` (:mod:`fruitmap.progress`): ``progress.export.table``,
        then for XLSX ``progress.export.cells`` and ``progress.export.rows``, and
        ``progress.export.done`` at 1.

    Raises
    ------
    ReportError
        ``export_format`` for an unknown format; ``export_too_many_rows`` for an XLSX of
        more rows than Excel holds (checked first, before any work); ``export_failed`` when
        writing fails.
    """
    if fmt not in FORMATS:
        raise ReportError("export_format", value=fmt, allowed=", ".join(FORMATS))
    if fmt == "xlsx":
        check_xlsx_size(len(df), layer_name)
    try:
        report_step(progress, 0.0, "progress.export.table")
        if fmt == "geojson":
            data = layer_to_geojson_bytes(df, layer_name)
        elif fmt == "gpkg":
            data = layer_to_gpkg_bytes(df, layer_name)
        else:
            table = flat_layer(df, layer_name,
                               max_chars=XLSX_MAX_CHARS if fmt == "xlsx" else None)
            labels = layer_labels(layer_name, lang) if lang else None
            if fmt == "csv":
                report_step(progress, 0.4, "progress.export.rows")
                data = table_to_csv_bytes(table, labels, source=source if lang else None,
                                          lang=lang)
            else:
                data = table_to_xlsx_bytes(table, sheet_name=layer_name, labels=labels,
                                           source=source, lang=lang,
                                           progress=within(progress, 0.3, 1.0))
        report_step(progress, 1.0, "progress.export.done")
        return data
    except (OSError, ValueError, TypeError, pyogrio.errors.DataSourceError,
            pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError) as exc:
        raise ReportError("export_failed", layer=layer_name, format=fmt, reason=exc) from exc


def export_filename(layer_name: str, fmt: str, stamp: str | None = None) -> str:
    """Return a file name for an export: ``fruitmap_plants_2026-11-29.gpkg``."""
    suffix = f"_{stamp}" if stamp else ""
    return f"fruitmap_{layer_name}{suffix}.{EXTENSIONS[fmt]}"

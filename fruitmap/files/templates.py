"""Input templates: one XLSX and one CSV per layer, ready to fill in and import.

A template has one header row with bilingual headers (``Tên cơ sở [Name]``; units are part of
the labels, ``Diện tích (ha) [Area (ha)]``), then example rows that themselves satisfy the
contract. Point layers get ``Kinh độ [Longitude]`` and ``Vĩ độ [Latitude]`` columns. Layers
that are boundaries only (``admin_units``) get a ``Hình học (WKT) [Geometry (WKT)]`` column:
the shape as WKT text, as fruitmap's own CSV/XLSX exports write it (a Shapefile, GeoPackage or
KML with the same columns works too).
The XLSX has a second sheet explaining every column: required or not, type, unit, allowed
values, default, and the crop names accepted.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fruitmap.crops import CROP_LABELS, CROPS
from fruitmap.errors import InputError
from fruitmap.files.export import (
    LATITUDE,
    LONGITUDE,
    WKT,
    safe_sheet_name,
    table_to_csv_bytes,
    write_sheet,
)
from fruitmap.i18n import t
from fruitmap.schema import (
    ALL_MONTHS,
    CROP,
    CROP_LIST,
    EDITABLE_LAYERS,
    ENUM,
    MONTH,
    MONTH_LIST,
    VALUE_LABELS,
    Column,
    get_layer,
)

REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_MODES = ("bilingual", "vi", "en")
GUIDE_COLUMNS = ("header", "required", "example", "unit", "allowed", "default", "type", "name")

# Example rows (contract column names; lon/lat or WKT for the geometry). Illustrative values,
# placed in Son La so that a test import lands inside the province.
EXAMPLES: dict[str, list[dict]] = {
    "zones": [{
        "zone_id": "VT-001", "name": "Vùng nhãn Chiềng Mung", "crop": "nhãn", "area_ha": 25.5,
        "yield_t_ha": 9, "expected_output_t": 229.5, "harvest_start": 7, "harvest_end": 8,
        "off_season": 0, "certification": "VietGAP", "planting_code": "VN-SL-0001",
        "high_tech": 0, "gi_brand": "Nhãn Sông Mã", "unit_code": "",
        LONGITUDE: 103.985, LATITUDE: 21.21,
    }],
    "plants": [{
        "plant_id": "CB-001", "name": "Nhà máy chế biến quả Mai Sơn", "kind": "factory",
        "crops": "nhãn;xoài", "capacity_t_day": 200, "operating_months": "5;6;7;8;9",
        "products": "Quả sấy, nước ép", "status": "operating", "owner": "Công ty TNHH Ví dụ",
        "unit_code": "", LONGITUDE: 104.05, LATITUDE: 21.17,
    }],
    "cold_stores": [{
        "store_id": "KL-001", "name": "Kho lạnh Mộc Châu", "capacity_t": 500,
        "crops": "mận;bơ", "status": "operating", "owner": "HTX Ví dụ", "unit_code": "",
        LONGITUDE: 104.63, LATITUDE: 20.85,
    }],
    "industrial_areas": [{
        "area_id": "KCN-001", "name": "Khu công nghiệp Mai Sơn", "kind": "industrial_zone",
        "area_ha": 150, "free_area_ha": 40, "status": "operating", "unit_code": "",
        LONGITUDE: 104.0, LATITUDE: 21.18,
    }],
    "admin_units": [{
        "unit_code": "VD-001", "name": "Xã Ví Dụ", "level": "commune",
        "name_ascii": "Xa Vi Du", "parent_code": "",
        WKT: "POLYGON ((103.88 21.3, 103.94 21.3, 103.94 21.35, 103.88 21.35, 103.88 21.3))",
    }],
    "markets": [{"crop": "nhãn", "month": 8, "fresh_capacity_t": 3000}],
    "crop_calendar": [
        {"crop": "nhãn", "month": 7, "harvest_share": 0.4},
        {"crop": "nhãn", "month": 8, "harvest_share": 0.6},
    ],
    "targets": [{
        "target_id": "CT-001", "label_vi": "Diện tích cây ăn quả (ví dụ)",
        "label_en": "Fruit tree area (example)", "year": 2030, "value": 1000, "unit": "ha",
        "source": "Ví dụ",
    }],
}

# Unit of a column, from the suffix of its contract name (longest suffix first).
_UNITS = (("_t_day", "unit.t_day"), ("_t_ha", "template.unit.t_ha"), ("_ha", "unit.ha"),
          ("_t", "unit.t"))


def geometry_columns(layer_name: str) -> list[str]:
    """Return the columns that carry the location in a template of ``layer_name``."""
    layer = get_layer(layer_name)
    if not layer.is_spatial:
        return []
    if "Point" in layer.geometry:
        return [LONGITUDE, LATITUDE]
    return [WKT]


def template_columns(layer_name: str) -> list[str]:
    """Return the column names of the template, in order (contract columns, then location)."""
    return [c.name for c in get_layer(layer_name).columns] + geometry_columns(layer_name)


def _extra_label(name: str, lang: str) -> str:
    return t({LONGITUDE: "export.longitude", LATITUDE: "export.latitude",
              WKT: "export.wkt"}[name], lang)


def column_label(layer_name: str, name: str, mode: str = "bilingual") -> str:
    """Return the template header of a column (``"Tên cơ sở [Name]"`` when bilingual)."""
    layer = get_layer(layer_name)
    if name in (LONGITUDE, LATITUDE, WKT):
        vi, en = _extra_label(name, "vi"), _extra_label(name, "en")
    else:
        col = layer.column(name)
        vi, en = col.vi, col.en
    if mode == "vi":
        return vi
    if mode == "en":
        return en
    # English in square brackets: the importer ignores bracketed text when it matches
    # headers, so a filled-in template maps itself ("Diện tích (ha) [Area (ha)]" → area_ha).
    return vi if vi == en else f"{vi} [{en}]"


def template_headers(layer_name: str, mode: str = "bilingual") -> dict[str, str]:
    """Return column name → header text for the template of ``layer_name``."""
    return {name: column_label(layer_name, name, mode) for name in template_columns(layer_name)}


def _check(layer_name: str, mode: str) -> None:
    if layer_name not in EDITABLE_LAYERS:
        raise InputError("template_layer", value=layer_name)
    if mode not in HEADER_MODES:
        raise ValueError(f"headers must be one of {HEADER_MODES}, not {mode!r}")


def example_frame(layer_name: str) -> pd.DataFrame:
    """Return the template's example rows as a table with contract column names."""
    _check(layer_name, "bilingual")
    return pd.DataFrame(EXAMPLES[layer_name], columns=template_columns(layer_name))


def template_csv_bytes(layer_name: str, headers: str = "bilingual") -> bytes:
    """Return the CSV template of ``layer_name``.

    Parameters
    ----------
    layer_name : str
        Any layer a user may import (not ``history``).
    headers : {"bilingual", "vi", "en"}
        Header language. Bilingual headers read ``Tên cơ sở / Name``.

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark (Excel shows Vietnamese letters), comma separated,
        one header row and the example rows.
    """
    _check(layer_name, headers)
    return table_to_csv_bytes(example_frame(layer_name), template_headers(layer_name, headers))


def _unit(name: str, lang: str) -> str:
    for suffix, key in _UNITS:
        if name.endswith(suffix):
            return t(key, lang)
    return ""


def _allowed(col: Column | None, lang: str) -> str:
    if col is None:
        return ""
    if col.kind in (CROP, CROP_LIST):
        return ", ".join(CROP_LABELS[k][lang] for k in CROPS)
    if col.kind == ENUM:
        return "; ".join(f"{v} ({VALUE_LABELS.get(v, {}).get(lang, v)})" for v in col.allowed)
    if col.kind in (MONTH, MONTH_LIST):
        return "1–12"
    if col.minimum is not None and col.maximum is not None:
        return f"{col.minimum:g}–{col.maximum:g}"
    if col.minimum is not None:
        return f"≥ {col.minimum:g}"
    return ""


def _default(col: Column | None, lang: str) -> str:
    if col is None or col.default is None:
        return ""
    if col.kind == MONTH_LIST and tuple(col.default) == ALL_MONTHS:
        return t("template.all_months", lang)
    if col.kind == CROP_LIST and tuple(col.default) == CROPS:
        return t("template.all_crops", lang)
    if isinstance(col.default, bool):
        return t("template.guide.yes" if col.default else "template.guide.no", lang)
    return f"{col.default} ({VALUE_LABELS[col.default][lang]})" \
        if col.default in VALUE_LABELS else str(col.default)


def guide_frame(layer_name: str, lang: str = "vi", headers: str = "bilingual") -> pd.DataFrame:
    """Return the guide table: one row per template column, explained in ``lang``."""
    _check(layer_name, headers)
    layer = get_layer(layer_name)
    example = EXAMPLES[layer_name][0]
    rows = []
    for name in template_columns(layer_name):
        col = layer.column(name) if name not in (LONGITUDE, LATITUDE, WKT) else None
        if col is not None:
            kind = t(f"template.type.{col.kind}", lang)
            required = col.required
        else:
            kind = t("template.type.wkt" if name == WKT else "template.type.coord", lang)
            required = True
        # Ordered by what a person filling the sheet needs first.
        rows.append({
            "header": column_label(layer_name, name, headers),
            "required": t("template.guide.yes" if required else "template.guide.no", lang),
            "example": "" if example.get(name) in (None, "") else str(example.get(name)),
            "unit": _unit(name, lang) if col is not None else (
                "" if name == WKT else t("template.unit.degree", lang)),
            "allowed": _allowed(col, lang),
            "default": _default(col, lang),
            "type": kind,
            "name": name,
        })
    return pd.DataFrame(rows)


def _crop_frame() -> pd.DataFrame:
    return pd.DataFrame([{"key": k, "vi": CROP_LABELS[k]["vi"], "en": CROP_LABELS[k]["en"]}
                         for k in CROPS])


def template_xlsx_bytes(layer_name: str, lang: str = "vi", headers: str = "bilingual") -> bytes:
    """Return the XLSX template of ``layer_name``.

    The first sheet holds the header row (required columns coloured) and the example rows;
    the second sheet explains every column in ``lang`` and lists the crop names accepted.

    Parameters
    ----------
    layer_name : str
        Any layer a user may import (not ``history``).
    lang : {"vi", "en"}
        Language of the guide sheet and of the sheet names.
    headers : {"bilingual", "vi", "en"}
        Header language of the data sheet.
    """
    _check(layer_name, headers)
    layer = get_layer(layer_name)
    book = Workbook()
    data = book.active
    data.title = safe_sheet_name(t("template.sheet.data", lang))
    required = set(layer.required) | set(geometry_columns(layer_name))
    fills = {n: REQUIRED_FILL if n in required else OPTIONAL_FILL
             for n in template_columns(layer_name)}
    write_sheet(data, example_frame(layer_name), template_headers(layer_name, headers), fills)

    guide = book.create_sheet(safe_sheet_name(t("template.sheet.guide", lang)))
    guide.append([t("template.guide.title", lang, layer=layer.label(lang))])
    guide["A1"].font = Font(bold=True, size=13)
    notes = [t("template.guide.intro", lang)]
    if layer.is_spatial and WKT in geometry_columns(layer_name):
        notes.append(t("template.guide.wkt", lang))
    elif layer.is_spatial:
        notes.append(t("template.guide.coords", lang))
        if "Polygon" in layer.geometry:
            notes.append(t("template.guide.polygons_upload", lang))
    for note in filter(None, notes):
        guide.append([note])
    guide.append([])
    keys = list(GUIDE_COLUMNS)
    _append_table(guide, guide_frame(layer_name, lang, headers), keys,
                  [t(f"template.guide.{k}", lang) for k in keys])
    guide.append([])
    guide.append([t("template.guide.crops", lang)])
    guide.cell(guide.max_row, 1).font = Font(bold=True)
    _append_table(guide, _crop_frame(), ["key", "vi", "en"],
                  [t(f"template.guide.crop_{k}", lang) for k in ("key", "vi", "en")])
    for idx, width in enumerate((40, 10, 28, 10, 48, 24, 26, 20), start=1):
        guide.column_dimensions[get_column_letter(idx)].width = width
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _append_table(sheet, df: pd.DataFrame, keys: list[str], headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = OPTIONAL_FILL
    for record in df[keys].itertuples(index=False):  # the guide's tables: columns, crops
        sheet.append([str(v) for v in record])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def template_filename(layer_name: str, fmt: str) -> str:
    """Return the download name of a template: ``mau_nhap_plants.xlsx``."""
    return f"mau_nhap_{layer_name}.{fmt}"

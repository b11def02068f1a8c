"""Validation of an uploaded table against the contract (:mod:`fruitmap.schema`).

Takes a frame whose columns already carry contract names (see :mod:`fruitmap.colmap`) and
returns the cleaned frame in its in-memory form (see :mod:`fruitmap.columns`) together with
every :class:`~fruitmap.errors.Problem` found. Errors make an import impossible; warnings
are shown and the import may go ahead. Each problem names the file, the row as the user
counts it, the column as the file calls it, the value and what was expected.

Text is kept as text: HTML or script in a name is not rejected here, it is escaped wherever
it is displayed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from fruitmap.columns import is_missing, month_span, parse_bool, split_list
from fruitmap.crops import CROPS, normalise_crop
from fruitmap.errors import Problem
from fruitmap.schema import (
    BOOL,
    CROP,
    CROP_LIST,
    ENUM,
    FLOAT,
    INT,
    MONTH,
    MONTH_LIST,
    VALUE_LABELS,
    Layer,
    get_layer,
)
from fruitmap.text import fold

CALENDAR_TOLERANCE = 0.01
MAX_TEXT = 1000  # characters kept of a text cell; longer ones are cut with a warning

_NUMBER_VI = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_MONTH_WORDS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}


# --------------------------------------------------------------------------- numbers
def decimal_comma_column(values) -> bool:
    """Return True when a column writes numbers the Vietnamese way (``12,5``, ``1.234,5``).

    Decided per column, because ``1.234`` alone could be either; any value that is only
    readable with a decimal comma settles it.
    """
    for value in values:
        if isinstance(value, str):
            text = _SPACES.sub("", value.strip())
            if re.fullmatch(r"[+-]?\d+,\d{1,2}", text) or re.fullmatch(r"[+-]?\d+,\d{4,}", text) \
                    or re.fullmatch(r"[+-]?[\d.]+\.\d{3},\d+", text) \
                    or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3}){2,}", text):
                return True
    return False


def parse_number(value: Any, decimal_comma: bool = False) -> float | None:
    """Parse a number as people write it; None when it is not one.

    Parameters
    ----------
    value : Any
        A number, or text such as ``"12.5"``, ``"12,5"``, ``"1.234,5"``, ``"1,234.5"``,
        ``"1 234"``.
    decimal_comma : bool
        Whether the column uses the Vietnamese decimal comma (see
        :func:`decimal_comma_column`): then ``"1.234"`` is 1234, else 1.234.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    if is_missing(value) or not isinstance(value, str):
        return None
    text = _SPACES.sub("", value.strip())
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*([eE][+-]?\d+)?", text):
        return None
    if "," in text and "." in text:
        # Whichever comes last is the decimal separator.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if decimal_comma or text.count(",") == 1 and not re.fullmatch(r"[+-]?\d{1,3},\d{3}", text):
            if text.count(",") > 1:
                return None
            text = text.replace(",", ".")
        elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        else:
            return None
    elif "." in text and decimal_comma:
        if not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
            return None
        text = text.replace(".", "")
    elif text.count(".") > 1:
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        else:
            return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_month(value: Any) -> int | None:
    """Parse a month: ``7``, ``"7"``, ``"Tháng 7"``, ``"T7"``, ``"July"``; None otherwise."""
    if isinstance(value, (datetime, date)):
        return value.month
    number = parse_number(value)
    if number is None and isinstance(value, str):
        folded = fold(value)
        m = re.fullmatch(r"(?:thang|th|t)\s*\.?\s*(\d{1,2})", folded)
        if m:
            number = float(m.group(1))
        elif folded[:3] in _MONTH_WORDS:
            return _MONTH_WORDS[folded[:3]]
    if number is None or number != int(number) or not 1 <= number <= 12:
        return None
    return int(number)


def parse_months(value: Any) -> tuple[int, ...] | None:
    """Parse a list of months (``"5;6;7"``, ``"5-7"``, ``"T5, T6"``, ``"11-2"``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        month = parse_month(value)
        return None if month is None else (month,)
    months: set[int] = set()
    for item in split_list(value):
        if "-" in item or "–" in item:
            lo, _, hi = item.replace("–", "-").partition("-")
            a, b = parse_month(lo), parse_month(hi)
            if a is None or b is None:
                return None
            months.update(month_span(a, b))
            continue
        month = parse_month(item)
        if month is None:
            return None
        months.add(month)
    return tuple(sorted(months))


def parse_enum(value: Any, allowed: tuple) -> str | None:
    """Match ``value`` to an allowed key by key or by its Vietnamese/English label."""
    folded = fold(value)
    for key in allowed:
        names = {fold(key), fold(key).replace("_", " ")}
        names.update(fold(v) for v in VALUE_LABELS.get(key, {}).values())
        if folded in names:
            return key
    extra = {"nha may": "factory", "co so": "facility", "co so che bien": "facility",
             "dang hoat dong": "operating", "hoat dong": "operating", "quy hoach": "planned",
             "du kien": "planned", "dang xay dung": "under_construction",
             "kcn": "industrial_zone", "ccn": "industrial_cluster", "khong": "none",
             "chua co": "none", "huu co": "organic", "xa": "commune", "phuong": "commune",
             "tinh": "province", "huyen": "district"}
    key = extra.get(folded)
    return key if key in allowed else None


def _allowed_text(allowed: tuple) -> str:
    return ", ".join(
        f"{k} ({VALUE_LABELS[k]['vi']})" if k in VALUE_LABELS and VALUE_LABELS[k]["vi"] != k
        else str(k) for k in allowed)


def _text(value: Any) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores codes such as 101 as 101.0
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


# --------------------------------------------------------------------------- the frame
def validate_frame(frame: pd.DataFrame, layer_name: str, *, file: str | None = None,
                   rows: list[int] | None = None, sources: dict[str, str] | None = None
                   ) -> tuple[pd.DataFrame, list[Problem]]:
    """Check ``frame`` against the contract layer and return ``(clean, problems)``.

    Parameters
    ----------
    frame : DataFrame or GeoDataFrame
        Columns named as in the contract (others are dropped); for spatial layers a
        ``geometry`` column in EPSG:4326.
    layer_name : str
        The contract layer.
    file : str, optional
        File name for the problems.
    rows : list of int, optional
        The file row number of each frame row (default 1, 2, ...).
    sources : dict, optional
        Contract column → header in the file, so problems name the column the user sees.

    Returns
    -------
    clean : DataFrame or GeoDataFrame
        Every contract column in its in-memory form (lists as tuples, booleans as bool,
        months as Int64), defaults filled in. Cells with errors are left empty.
    problems : list of Problem
        Errors first, then warnings, each in row order.
    """
    layer = get_layer(layer_name)
    frame = frame.reset_index(drop=True)
    rows = list(rows) if rows is not None else list(range(1, len(frame) + 1))
    sources = dict(sources or {})
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)

    def where(col: str) -> str:
        return sources.get(col, col)

    for col in layer.columns:
        if col.name not in frame.columns:
            if col.required:
                problems.append(Problem("missing_column", file=file, column=col.name,
                                        params={"column": col.name, "label": col.vi}))
            out[col.name] = _default_series(col, len(frame))
            continue
        values, found = _convert_column(frame[col.name], col, file, rows, where(col.name))
        problems.extend(found)
        out[col.name] = values

    if layer.id_column and layer.id_column in frame.columns:
        problems.extend(_duplicates(out, [layer.id_column], file, rows, where))
    if layer.name in ("markets", "crop_calendar") and {"crop", "month"} <= set(frame.columns):
        problems.extend(_duplicates(out, ["crop", "month"], file, rows, where))
    if layer.name == "crop_calendar" and {"crop", "harvest_share"} <= set(frame.columns):
        problems.extend(_calendar_sums(out, file))

    if layer.is_spatial:
        import geopandas as gpd

        geoms = frame["geometry"] if "geometry" in frame.columns else [None] * len(frame)
        clean_geoms, found = check_geometries(list(geoms), layer, file, rows)
        problems.extend(found)
        crs = getattr(frame, "crs", None) or "EPSG:4326"
        out = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(clean_geoms, index=out.index),
                               crs=crs)
    problems.sort(key=lambda p: (p.severity != "error", p.row or 0))
    return out, problems


def _default_series(col, n: int) -> list:
    if col.kind in (CROP_LIST, MONTH_LIST):
        return [tuple(col.default) if col.default is not None else ()] * n
    if col.kind == BOOL:
        return [bool(col.default)] * n
    if col.kind in (INT, MONTH):
        return pd.array([pd.NA] * n, dtype="Int64")
    if col.kind == FLOAT:
        return [np.nan if col.default is None else float(col.default)] * n
    return pd.Series([col.default] * n, dtype="object")


def _convert_column(series: pd.Series, col, file, rows, column) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    values: list[Any] = []
    decimal_comma = col.kind in (FLOAT, INT) and decimal_comma_column(series)

    def problem(code: str, i: int, value: Any, **params) -> None:
        problems.append(Problem(code, "error", file=file, row=rows[i], column=column,
                                value=_shown(value), params=params))

    for i, value in enumerate(series):
        if is_missing(value) or (col.kind in (CROP_LIST, MONTH_LIST) and not split_list(value)):
            if col.required:
                problem("missing_value", i, None)
            values.append(_default_value(col))
            continue
        if col.kind == FLOAT or col.kind == INT:
            number = parse_number(value, decimal_comma)
            if number is None:
                problem("not_a_number", i, value)
                values.append(None)
                continue
            if col.kind == INT and number != int(number):
                problem("not_an_integer", i, value)
                values.append(None)
                continue
            if col.minimum is not None and number < col.minimum:
                problem("below_minimum", i, value, minimum=_num(col.minimum))
            elif col.maximum is not None and number > col.maximum:
                problem("above_maximum", i, value, maximum=_num(col.maximum))
            values.append(number if col.kind == FLOAT else int(number))
        elif col.kind == MONTH:
            month = parse_month(value)
            if month is None:
                problem("not_a_month", i, value)
            values.append(month)
        elif col.kind == MONTH_LIST:
            months = parse_months(value)
            if months is None:
                problem("not_a_month", i, value)
                months = _default_value(col)
            values.append(months)
        elif col.kind == BOOL:
            flag = parse_bool(value)
            if flag is None:
                flag = parse_bool(fold(value).replace(" ", ""))
            if flag is None:
                problem("not_a_bool", i, value)
                flag = bool(col.default)
            values.append(flag)
        elif col.kind == CROP:
            key = normalise_crop(value)
            if key is None:
                problem("unknown_crop", i, value)
            values.append(key)
        elif col.kind == CROP_LIST:
            keys: list[str] = []
            for item in split_list(value):
                key = normalise_crop(item)
                if key is None:
                    problem("unknown_crop", i, item)
                elif key not in keys:
                    keys.append(key)
            values.append(tuple(keys))
        elif col.kind == ENUM:
            key = parse_enum(value, col.allowed)
            if key is None:
                problem("not_allowed", i, value, allowed=_allowed_text(col.allowed))
                key = col.default
            values.append(key)
        else:
            text = _text(value)
            if text is not None and len(text) > MAX_TEXT:
                problems.append(Problem("text_too_long", "warning", file=file, row=rows[i],
                                        column=column, value=_shown(text),
                                        params={"limit": MAX_TEXT}))
                text = text[:MAX_TEXT]
            values.append(text)
    if col.kind in (INT, MONTH):
        return pd.array([pd.NA if v is None else int(v) for v in values], dtype="Int64"), problems
    if col.kind == FLOAT:
        return [np.nan if v is None else float(v) for v in values], problems
    return pd.Series(values, index=series.index, dtype="object"), problems


def _default_value(col) -> Any:
    if col.kind in (CROP_LIST, MONTH_LIST):
        return tuple(col.default) if col.default is not None else ()
    if col.kind == BOOL:
        return bool(col.default)
    if col.kind == FLOAT and col.default is None:
        return None
    return col.default


def _shown(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _duplicates(out: pd.DataFrame, keys: list[str], file, rows, where) -> list[Problem]:
    problems = []
    first: dict[tuple, int] = {}
    for i, combo in enumerate(zip(*(out[k] for k in keys), strict=True)):
        if any(is_missing(v) for v in combo):
            continue
        norm = tuple(str(v).strip().casefold() for v in combo)
        if norm in first:
            problems.append(Problem("duplicate_id", "error", file=file, row=rows[i],
                                    column=where(keys[0]),
                                    value=" / ".join(str(v) for v in combo),
                                    params={"first_row": first[norm]}))
        else:
            first[norm] = rows[i]
    return problems


def _calendar_sums(out: pd.DataFrame, file) -> list[Problem]:
    problems = []
    shares = pd.to_numeric(out["harvest_share"], errors="coerce")
    for crop in [c for c in CROPS if c in set(out["crop"].dropna())]:
        total = float(shares[out["crop"] == crop].sum())
        if abs(total - 1.0) > CALENDAR_TOLERANCE:
            problems.append(Problem("calendar_sum", "error", file=file, column="harvest_share",
                                    value=crop, params={"crop": crop, "total": round(total, 3)}))
    return problems


# --------------------------------------------------------------------------- geometry
def _polygonal(geom):
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    if isinstance(geom, GeometryCollection):
        parts = []
        for g in geom.geoms:
            if isinstance(g, Polygon) and not g.is_empty:
                parts.append(g)
            elif isinstance(g, MultiPolygon):
                parts.extend(p for p in g.geoms if not p.is_empty)
        if parts:
            return parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return None


def check_geometries(geoms: list, layer: Layer, file: str | None, rows: list[int]
                     ) -> tuple[list, list[Problem]]:
    """Check and tidy geometries for ``layer``; return ``(geometries, problems)``.

    Heights (Z, from Google Earth) are dropped; a single point wrapped as MultiPoint, or
    polygons wrapped in a GeometryCollection, are unwrapped. An invalid polygon is repaired
    with :func:`shapely.make_valid` when the repair is still a polygon (reported as a
    warning); otherwise it is an error. A geometry of the wrong type is an error.
    """
    import shapely
    from shapely.errors import GEOSException
    from shapely.geometry import GeometryCollection, MultiPoint, Point
    from shapely.validation import explain_validity

    problems: list[Problem] = []
    out = []
    expected = ", ".join(layer.geometry)
    for geom, row in zip(geoms, rows, strict=True):
        if geom is None or (hasattr(geom, "is_empty") and geom.is_empty):
            problems.append(Problem("missing_geometry", "error", file=file, row=row))
            out.append(None)
            continue
        geom = shapely.force_2d(geom)
        if isinstance(geom, MultiPoint) and len(geom.geoms) == 1:
            geom = geom.geoms[0]
        if isinstance(geom, GeometryCollection) and not isinstance(geom, MultiPoint):
            poly = _polygonal(geom)
            if poly is not None and geom.geom_type == "GeometryCollection" and \
                    all(g.geom_type in ("Polygon", "MultiPolygon") for g in geom.geoms):
                geom = poly
        if isinstance(geom, Point):
            if not (math.isfinite(geom.x) and math.isfinite(geom.y)) or \
                    abs(geom.x) > 180 or abs(geom.y) > 90:
                problems.append(Problem("bad_coordinates", "error", file=file, row=row,
                                        value=f"{geom.x}, {geom.y}"))
                out.append(None)
                continue
        if geom.geom_type not in layer.geometry:
            problems.append(Problem("wrong_geometry", "error", file=file, row=row,
                                    value=geom.geom_type, params={"value": geom.geom_type,
                                                                  "expected": expected}))
            out.append(None)
            continue
        try:
            valid = geom.is_valid
        except GEOSException:
            valid = False
        if not valid:
            try:
                reason = explain_validity(geom)
                repaired = _polygonal(shapely.make_valid(geom))
            except GEOSException as exc:
                reason, repaired = str(exc), None
            if repaired is not None and repaired.is_valid and repaired.area > 0:
                problems.append(Problem("invalid_geometry_repaired", "warning", file=file,
                                        row=row, params={"reason": reason}))
                geom = repaired
            else:
                problems.append(Problem("invalid_geometry", "error", file=file, row=row,
                                        params={"reason": reason}))
                out.append(None)
                continue
        out.append(geom)
    return out, problems

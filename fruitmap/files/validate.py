"""Validation of an uploaded table against the contract (:mod:`fruitmap.schema`).

Takes a frame whose columns already carry contract names (see :mod:`fruitmap.files.colmap`) and
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
    # Offices' columns repeat their values (crops, months, yes/no, certifications): each
    # distinct value (by type and value, so 1, 1.0 and True stay apart) is parsed once and
    # the result mapped to its rows; the problems still name every row.
    decimal_comma = col.kind in (FLOAT, INT) and decimal_comma_column(series)
    cells = series.tolist()
    if col.kind not in _PARSED_KINDS and all(type(v) is str for v in cells):
        return _text_column(cells, col, file, rows, column, series.index)
    try:
        keys = list(zip(map(type, cells), cells, strict=True))
        results = {key: _convert_value(key[1], col, decimal_comma)
                   for key in dict.fromkeys(keys)}
        values = [results[key][0] for key in keys]
        bad = {key for key, (_, found) in results.items() if found}
        found_at = [(i, results[key][1]) for i, key in enumerate(keys) if key in bad] \
            if bad else []
    except TypeError:  # unhashable cells (lists from a GeoJSON property): one by one
        converted = [_convert_value(v, col, decimal_comma) for v in cells]
        values = [v for v, _ in converted]
        found_at = [(i, found) for i, (_, found) in enumerate(converted) if found]
    problems = [Problem(code, severity, file=file, row=rows[i], column=column, value=value,
                        params=dict(params))
                for i, found in found_at for code, severity, value, params in found]
    if col.kind in (INT, MONTH):
        return pd.array([pd.NA if v is None else int(v) for v in values], dtype="Int64"), problems
    if col.kind == FLOAT:
        return [np.nan if v is None else float(v) for v in values], problems
    return pd.Series(values, index=series.index, dtype="object"), problems


_PARSED_KINDS = (FLOAT, INT, MONTH, MONTH_LIST, BOOL, CROP, CROP_LIST, ENUM)


def _text_column(cells: list[str], col, file, rows, column, index
                 ) -> tuple[pd.Series, list[Problem]]:
    # Names and ids are mostly distinct, so parsing each distinct value once saves nothing:
    # strip them all, and send only blank or over-long cells through _convert_value.
    values: list[Any] = [v.strip() for v in cells]
    problems: list[Problem] = []
    for i, text in enumerate(values):
        if not text or len(text) > MAX_TEXT:
            values[i], found = _convert_value(cells[i], col, False)
            problems.extend(Problem(code, severity, file=file, row=rows[i], column=column,
                                    value=value, params=dict(params))
                            for code, severity, value, params in found)
    return pd.Series(values, index=index, dtype="object"), problems


def _convert_value(value: Any, col, decimal_comma: bool) -> tuple[Any, list[tuple]]:
    """Return ``(converted, [(code, severity, shown value, params), ...])`` for one cell."""
    found: list[tuple] = []

    def problem(code: str, shown: Any, **params) -> None:
        found.append((code, "error", _shown(shown), params))

    if is_missing(value) or (col.kind in (CROP_LIST, MONTH_LIST) and not split_list(value)):
        if col.required:
            problem("missing_value", None)
        return _default_value(col), found
    if col.kind == FLOAT or col.kind == INT:
        number = parse_number(value, decimal_comma)
        if number is None:
            problem("not_a_number", value)
            return None, found
        if col.kind == INT and number != int(number):
            problem("not_an_integer", value)
            return None, found
        if col.minimum is not None and number < col.minimum:
            problem("below_minimum", value, minimum=_num(col.minimum))
        elif col.maximum is not None and number > col.maximum:
            problem("above_maximum", value, maximum=_num(col.maximum))
        return (number if col.kind == FLOAT else int(number)), found
    if col.kind == MONTH:
        month = parse_month(value)
        if month is None:
            problem("not_a_month", value)
        return month, found
    if col.kind == MONTH_LIST:
        months = parse_months(value)
        if months is None:
            problem("not_a_month", value)
            months = _default_value(col)
        return months, found
    if col.kind == BOOL:
        flag = parse_bool(value)
        if flag is None:
            flag = parse_bool(fold(value).replace(" ", ""))
        if flag is None:
            problem("not_a_bool", value)
            flag = bool(col.default)
        return flag, found
    if col.kind == CROP:
        key = normalise_crop(value)
        if key is None:
            problem("unknown_crop", value)
        return key, found
    if col.kind == CROP_LIST:
        keys: list[str] = []
        for item in split_list(value):
            key = normalise_crop(item)
            if key is None:
                problem("unknown_crop", item)
            elif key not in keys:
                keys.append(key)
        return tuple(keys), found
    if col.kind == ENUM:
        key = parse_enum(value, col.allowed)
        if key is None:
            problem("not_allowed", value, allowed=_allowed_text(col.allowed))
            key = col.default
        return key, found
    text = _text(value)
    if text is not None and len(text) > MAX_TEXT:
        found.append(("text_too_long", "warning", _shown(text), {"limit": MAX_TEXT}))
        text = text[:MAX_TEXT]
    return text, found


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
    # Column-wise: normalise the keys, find repeats with pandas, then name each repeat's row
    # and the row where the value was first seen.
    given = pd.Series(True, index=out.index)
    norm = pd.Series("", index=out.index, dtype=object)
    for k in keys:
        values = out[k].astype(object)
        text = values.map(lambda v: v if isinstance(v, str) else str(v))
        given &= ~(values.isna() | text.str.strip().eq("")).to_numpy()
        norm = norm + "\x1f" + text.str.strip().str.casefold()
    norm = norm[given]
    repeat = norm.duplicated(keep="first")
    if not repeat.any():
        return []
    firsts = pd.Series(norm.index[~repeat.to_numpy()], index=norm[~repeat].to_numpy())
    problems = []
    for i in norm.index[repeat.to_numpy()]:
        combo = [out[k].iloc[i] for k in keys]
        problems.append(Problem("duplicate_id", "error", file=file, row=rows[i],
                                column=where(keys[0]),
                                value=" / ".join(str(v) for v in combo),
                                params={"first_row": rows[firsts[norm[i]]]}))
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
    problems: list[Problem] = []
    out = np.array(list(geoms) + [None], dtype=object)[:-1]  # [None]: keep a 1-d object array
    expected = ", ".join(layer.geometry)
    # Most shapes need nothing: 2-D points inside lon/lat range and valid polygons of an
    # allowed type. They are recognised with shapely's array functions; only the others go
    # through the careful checks one by one (the problems come out in row order).
    simple = _plainly_fine(out, layer)
    for i in np.flatnonzero(~simple):
        geom, found = _check_one(out[i], layer, file, rows[i], expected)
        out[i] = geom
        problems.extend(found)
    return list(out), problems


def _plainly_fine(geoms: np.ndarray, layer: Layer) -> np.ndarray:
    """Return a mask of geometries that pass every check of :func:`check_geometries` as they are."""
    import shapely
    from shapely.errors import GEOSException

    is_geom = np.array([isinstance(g, shapely.Geometry) for g in geoms], dtype=bool) \
        if len(geoms) else np.zeros(0, bool)
    fine = is_geom.copy()
    if not fine.any():
        return fine
    g = geoms[fine]
    kinds = shapely.get_type_id(g)
    allowed = [k for k, name in ((0, "Point"), (3, "Polygon"), (6, "MultiPolygon"))
               if name in layer.geometry]
    ok = np.isin(kinds, allowed) & ~shapely.is_empty(g) & ~shapely.has_z(g)
    points = ok & (kinds == 0)
    if points.any():
        x, y = shapely.get_x(g[points]), shapely.get_y(g[points])
        ok[points] = np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    polys = ok & (kinds != 0)
    if polys.any():
        try:
            ok[polys] = shapely.is_valid(g[polys])
        except GEOSException:
            ok[polys] = False  # each is then checked on its own
    fine[fine] = ok
    return fine


def _check_one(geom, layer: Layer, file: str | None, row: int, expected: str
               ) -> tuple[Any, list[Problem]]:
    """Check and tidy one geometry; return ``(geometry or None, problems)``."""
    import shapely
    from shapely.errors import GEOSException
    from shapely.geometry import GeometryCollection, MultiPoint, Point
    from shapely.validation import explain_validity

    problems: list[Problem] = []
    if geom is None or (hasattr(geom, "is_empty") and geom.is_empty):
        problems.append(Problem("missing_geometry", "error", file=file, row=row))
        return None, problems
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
            return None, problems
    if geom.geom_type not in layer.geometry:
        problems.append(Problem("wrong_geometry", "error", file=file, row=row,
                                value=geom.geom_type, params={"value": geom.geom_type,
                                                              "expected": expected}))
        return None, problems
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
            return None, problems
    return geom, problems

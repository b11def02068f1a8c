"""Conversion of column values between their in-memory form and the GeoPackage form.

In memory (inside the app and the analysis) lists are Python tuples, booleans are ``bool``,
months are ``int``. In the GeoPackage, as the contract says, a list is text with ``;`` between
items and a boolean is GeoPackage's boolean (0/1). Reading is lenient, because a workspace
edited in QGIS or holding only the required columns must open: what is missing takes its
documented default.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fruitmap.crops import normalise_crop
from fruitmap.schema import BOOL, CROP, FLOAT, INT, LIST_KINDS, MONTH, MONTH_LIST, Layer
from fruitmap.text import fold

_TRUE = {"1", "true", "yes", "y", "co", "x", "dung", "t"}
_FALSE = {"0", "false", "no", "n", "khong", "", "sai", "f"}


def is_missing(value: Any) -> bool:
    """Return True for None, NaN, NaT, pandas NA and blank strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (list, tuple)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_bool(value: Any) -> bool | None:
    """Parse yes/no as people write it (1/0, true/false, có/không); None when unreadable."""
    if isinstance(value, bool):
        return value
    if is_missing(value):
        return None
    if isinstance(value, (int, float)):
        return bool(value) if value in (0, 1) else None
    folded = fold(value)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def split_list(value: Any) -> list[str]:
    """Split a stored or typed list (``"longan;mango"``, ``"5, 6"``, a list) into items."""
    if is_missing(value):
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        text = str(value)
        for sep in (",", "|", "/"):
            text = text.replace(sep, ";")
        items = text.split(";")
    return [i.strip() for i in items if i.strip()]


def month_span(first: int, last: int) -> list[int]:
    """Months from ``first`` to ``last`` (both 1–12) inclusive, wrapping past December.

    ``month_span(5, 7)`` is ``[5, 6, 7]``; ``month_span(11, 2)`` is ``[11, 12, 1, 2]``.
    """
    months = [first]
    while months[-1] != last:
        months.append(months[-1] % 12 + 1)
    return months


def parse_month_list(value: Any) -> tuple[int, ...] | None:
    """Parse ``"5;6;7"`` or ``"5-7"`` (a range may wrap: ``"11-2"``) into sorted months."""
    months: set[int] = set()
    for item in split_list(value):
        if "-" in item:
            lo, _, hi = item.partition("-")
            try:
                a, b = int(float(lo)), int(float(hi))
            except ValueError:
                return None
            if not (1 <= a <= 12 and 1 <= b <= 12):
                return None
            months.update(month_span(a, b))
            continue
        try:
            number = float(item)
        except ValueError:
            return None
        if number != int(number) or not 1 <= number <= 12:
            return None
        months.add(int(number))
    return tuple(sorted(months))


def parse_crop_list(value: Any) -> tuple[str, ...] | None:
    """Parse ``"nhãn; xoài"`` into canonical crop keys; None if any item is unknown."""
    keys = []
    for item in split_list(value):
        key = normalise_crop(item)
        if key is None:
            return None
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def map_distinct(values, fn) -> list:
    """Return ``[fn(v) for v in values]``, calling ``fn`` once per distinct value.

    Layers repeat their values (crops, yes/no, month lists): a 100,000-row column has a few
    dozen distinct ones. Values are told apart by type too (1, 1.0 and True are different
    cells); unhashable values (lists) are converted one by one.
    """
    # Series.tolist() gives the same Python values as iterating, ~10x faster for the
    # Arrow-backed text columns a GeoPackage reads into (200,000 names: 0.04 s, not 0.4 s).
    cells = values.tolist() if isinstance(values, pd.Series) else list(values)
    try:
        keys = list(zip(map(type, cells), cells, strict=True))
        results = {key: fn(key[1]) for key in dict.fromkeys(keys)}
    except TypeError:
        return [fn(v) for v in cells]
    return [results[key] for key in keys]


def _texts(series: pd.Series, default: Any) -> pd.Series:
    # Text cells: missing (None, NaN, NA, blank) -> default (or None), others str(value).
    # One is_missing call per cell cost ~1 s for the text columns of 200,000 zones; pandas
    # finds the missing ones at once and only str() runs per cell.
    if isinstance(series.dtype, pd.StringDtype):
        # Text as a GeoPackage reads it (Arrow-backed): the blanks are found in one pass
        # (20,000 zones' text columns: 0.09 -> 0.01 s), the cells are already str.
        # (notna: with the NaN-semantics "str" dtype a missing cell compares != "" as True)
        keep = (series.notna() & (series.str.strip() != "")).to_numpy(dtype=bool,
                                                                     na_value=False)
        texts = np.full(len(series), default, dtype=object)
        texts[keep] = series.to_numpy(dtype=object)[keep]
        return pd.Series(texts, index=series.index, dtype="object")
    given = np.flatnonzero(~series.isna().to_numpy())
    strings = pd.Series([str(v) for v in series.iloc[given].tolist()], dtype=object)
    filled = (strings.str.strip() != "").to_numpy(dtype=bool)
    texts = np.full(len(series), default, dtype=object)
    texts[given[filled]] = strings.to_numpy()[filled]
    return pd.Series(texts, index=series.index, dtype="object")


def from_storage(df: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """Return ``df`` as read from a GeoPackage, in its in-memory form.

    Missing optional columns are added with their defaults, missing cells of columns with a
    default take it, lists become tuples, booleans ``bool``, months and integers ``Int64``.
    Columns the contract does not name are kept as they are.
    """
    out = df.copy()
    for col in layer.columns:
        if col.name not in out.columns:
            out[col.name] = None
        series = out[col.name]
        if col.kind in LIST_KINDS:
            parse = parse_month_list if col.kind == MONTH_LIST else parse_crop_list
            default = tuple(col.default) if col.default is not None else ()
            out[col.name] = map_distinct(
                series, lambda v, parse=parse, default=default:
                default if is_missing(v) or not split_list(v) else (parse(v) or default))
        elif col.kind == BOOL:
            out[col.name] = map_distinct(
                series, lambda v, col=col:
                bool(col.default) if parse_bool(v) is None else parse_bool(v))
        elif col.kind == FLOAT:
            out[col.name] = pd.to_numeric(series, errors="coerce").astype("float64")
            if col.default is not None:
                out[col.name] = out[col.name].fillna(col.default)
        elif col.kind in (INT, MONTH):
            out[col.name] = pd.to_numeric(series, errors="coerce").round().astype("Int64")
        elif col.kind == CROP:
            out[col.name] = map_distinct(
                series, lambda v: normalise_crop(v) or (None if is_missing(v) else str(v)))
        else:
            out[col.name] = _texts(series, col.default)
    ordered = [c.name for c in layer.columns]
    rest = [c for c in out.columns if c not in ordered]
    return out[ordered + rest]


def to_storage(df: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """Return ``df`` in its GeoPackage form: lists joined by ``;``, booleans as bool."""
    out = df.copy()
    for col in layer.columns:
        if col.name not in out.columns:
            continue
        if col.kind in LIST_KINDS:
            out[col.name] = map_distinct(
                out[col.name], lambda v: None if is_missing(v) else ";".join(
                    str(i) for i in (v if isinstance(v, (list, tuple)) else split_list(v))))
        elif col.kind == BOOL:
            out[col.name] = map_distinct(out[col.name], lambda v: bool(parse_bool(v)))
        elif col.kind in (INT, MONTH):
            out[col.name] = pd.to_numeric(out[col.name], errors="coerce").astype("Int64")
    # Any other list-valued column (user extras) is stored the same way.
    # (The contract's own columns are in their stored form by now: only extras are looked at.)
    contract = {c.name for c in layer.columns}
    for name in out.columns:
        if name == "geometry" or name in contract or out[name].dtype != object:
            continue
        if any(isinstance(v, (list, tuple)) for v in out[name]):
            out[name] = [";".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                         for v in out[name]]
    return out

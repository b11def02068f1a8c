"""Coordinate reference systems of uploads: VN-2000, guessing, transforming, plausibility.

Vietnamese survey data is in VN-2000: geographic (EPSG:4756), UTM (EPSG:3405/3406) or the
provincial 3° TM zones (EPSG:9205–9218; Sơn La uses the 104°00′ zone, EPSG:9206).
Transformations go through pyproj with EPSG codes, so the datum shift is applied exactly as
EPSG defines it (a hand-written ``+towgs84`` with the published parameters lands about
0.7 m off because EPSG uses the coordinate-frame rotation convention). A ``.prj`` written by
desktop GIS often names a VN-2000 projection without an EPSG code; :func:`crs_code` finds
the matching EPSG code from the projection's parameters.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from fruitmap.errors import InputError, Problem

WGS84 = "EPSG:4326"
VN2000_GEOGRAPHIC = "EPSG:4756"
VN2000_UTM = {105.0: "EPSG:3405", 111.0: "EPSG:3406"}
# VN-2000 / TM-3 zones: central meridian → EPSG code (scale 0.9999, false easting 500 km).
VN2000_TM3 = {
    103.0: "EPSG:9205", 104.0: "EPSG:9206", 104.5: "EPSG:9207", 104.75: "EPSG:9208",
    105.5: "EPSG:9209", 105.75: "EPSG:9210", 106.0: "EPSG:9211", 106.25: "EPSG:9212",
    106.5: "EPSG:9213", 107.0: "EPSG:9214", 107.25: "EPSG:9215", 107.5: "EPSG:9216",
    108.25: "EPSG:9217", 108.5: "EPSG:9218",
}
SUGGESTED_PROJECTED = "EPSG:9206"  # VN-2000 / TM-3 104-00, the zone of Sơn La
# Choices offered in the interface, most likely first.
CRS_CHOICES = (WGS84, SUGGESTED_PROJECTED, "EPSG:3405", VN2000_GEOGRAPHIC, "EPSG:32648",
               *[c for c in VN2000_TM3.values() if c != SUGGESTED_PROJECTED], "EPSG:3406")

# Mainland Vietnam with a margin (lon, lat); a point outside is almost surely misplaced.
VIETNAM_BBOX = (102.0, 8.0, 110.0, 23.5)
# Projected VN-2000/UTM coordinates of Vietnam fall in these ranges (metres).
EASTING_RANGE = (100_000.0, 900_000.0)
NORTHING_RANGE = (900_000.0, 2_700_000.0)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROVINCE_FILES = (
    PROJECT_ROOT / "data" / "boundaries" / "son_la_province.geojson",
    PROJECT_ROOT.parent / "shared" / "data" / "boundaries" / "son_la_province.geojson",
)
PROVINCE_MARGIN_M = 2000.0


def parse_crs(text: object, file: str | None = None):
    """Return a :class:`pyproj.CRS` from what a person typed (``"9206"``, ``"EPSG:9206"``).

    Raises
    ------
    InputError
        ``crs_invalid`` when pyproj does not know it.
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    value = str(text).strip()
    if value.isdigit():
        value = f"EPSG:{value}"
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise InputError("crs_invalid", [Problem("crs_invalid", file=file, value=text)],
                         value=text) from exc


def crs_code(crs) -> str | None:
    """Return ``"EPSG:nnnn"`` for a CRS, recognising VN-2000 projections written without code.

    Parameters
    ----------
    crs : pyproj.CRS or str
        The CRS as read from a file.

    Returns
    -------
    str or None
        The EPSG code, or the CRS as WKT when no code fits; None for no CRS.
    """
    if crs is None:
        return None
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(crs)
    except CRSError:
        return None
    vn = _vn2000_code(crs)
    if vn:
        return vn
    code = crs.to_epsg(min_confidence=70)
    if code:
        return f"EPSG:{code}"
    return crs.to_wkt()


def _vn2000_code(crs) -> str | None:
    """Map a CRS on the VN-2000 datum to its EPSG code by its projection parameters."""
    if crs.is_bound:  # a .prj with TOWGS84: judge the CRS, not the hand-written shift
        crs = crs.source_crs
    datum = (crs.datum.name if crs.datum else "") or ""
    folded = datum.lower().replace("-", "").replace("_", "").replace(" ", "")
    if "vn2000" not in folded and "vietnam2000" not in folded:
        return None
    if crs.is_geographic:
        return VN2000_GEOGRAPHIC
    op = crs.coordinate_operation
    if op is None:
        return None
    params = {p.name.lower(): p.value for p in op.params}
    lon0 = next((v for k, v in params.items() if "longitude" in k or "central" in k), None)
    k0 = next((v for k, v in params.items() if "scale" in k), None)
    fe = next((v for k, v in params.items() if "false easting" in k), None)
    if lon0 is None or k0 is None or fe is None or abs(fe - 500000.0) > 1e-3:
        return None
    if abs(k0 - 0.9999) < 1e-7 and float(lon0) in VN2000_TM3:
        return VN2000_TM3[float(lon0)]
    if abs(k0 - 0.9996) < 1e-7 and float(lon0) in VN2000_UTM:
        return VN2000_UTM[float(lon0)]
    return None


def _finite(values) -> np.ndarray:
    arr = np.asarray(values, dtype="float64")
    return arr[np.isfinite(arr)]


def looks_like_degrees(xs, ys) -> bool:
    """True when every coordinate fits longitude/latitude ranges (either order)."""
    x, y = _finite(xs), _finite(ys)
    if not len(x) or not len(y):
        return False
    return bool(np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 180))


def looks_swapped_degrees(xs, ys) -> bool:
    """True when the "longitude" values look like Vietnamese latitudes and vice versa."""
    x, y = _finite(xs), _finite(ys)
    if not len(x) or not len(y):
        return False
    lon0, lat0, lon1, lat1 = VIETNAM_BBOX
    in_vn = np.mean((x >= lon0) & (x <= lon1) & (y >= lat0) & (y <= lat1))
    swapped = np.mean((y >= lon0) & (y <= lon1) & (x >= lat0) & (x <= lat1))
    return bool(swapped > 0.5 and swapped > in_vn)


def looks_swapped_metres(xs, ys) -> bool:
    """True when X holds northings and Y eastings (the Vietnamese survey convention X=north)."""
    x, y = _finite(xs), _finite(ys)
    if not len(x) or not len(y):
        return False
    east = (x >= EASTING_RANGE[0]) & (x <= EASTING_RANGE[1])
    north = (y >= NORTHING_RANGE[0]) & (y <= NORTHING_RANGE[1])
    east_sw = (y >= EASTING_RANGE[0]) & (y <= EASTING_RANGE[1])
    north_sw = (x >= NORTHING_RANGE[0]) & (x <= NORTHING_RANGE[1])
    return bool(np.mean(east_sw & north_sw) > 0.5 and np.mean(east_sw & north_sw)
                > np.mean(east & north))


def guess_crs(xs, ys) -> str | None:
    """Guess the CRS of coordinate columns: WGS84 for degrees, VN-2000 TM-3 104° for metres.

    Returns None when the values fit neither (the user must choose).
    """
    x, y = _finite(xs), _finite(ys)
    if not len(x):
        return None
    if looks_like_degrees(x, y):
        return WGS84
    if np.all(np.abs(x) < 1e7) and np.all(np.abs(y) < 1e7):
        return SUGGESTED_PROJECTED
    return None


def transform_xy(xs, ys, source: str, target: str = WGS84) -> tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays from ``source`` to ``target`` (x=lon/easting first)."""
    transformer = _transformer(str(parse_crs(source).to_string()), target)
    with np.errstate(all="ignore"):
        out_x, out_y = transformer.transform(np.asarray(xs, dtype="float64"),
                                             np.asarray(ys, dtype="float64"))
    return np.asarray(out_x), np.asarray(out_y)


@lru_cache(maxsize=32)
def _transformer(source: str, target: str):
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


@lru_cache(maxsize=4)
def _province_from_file(path: str):
    from shapely.geometry import shape
    from shapely.ops import unary_union

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return unary_union([shape(f["geometry"]) for f in data.get("features", [])
                        if f.get("geometry")])


def province_shape(admin_units=None):
    """Return the province polygon (EPSG:4326) used for the "outside the province" warning.

    Parameters
    ----------
    admin_units : GeoDataFrame, optional
        The workspace's ``admin_units``; its ``province`` row is used when present.

    Returns
    -------
    shapely geometry or None
        None when no boundary is available (the check is then skipped).
    """
    if admin_units is not None and len(admin_units) and "level" in admin_units.columns:
        rows = admin_units[admin_units["level"] == "province"]
        if len(rows):
            geom = rows.geometry.union_all()
            if geom is not None and not geom.is_empty:
                return geom
    for path in PROVINCE_FILES:
        if path.is_file():
            try:
                return _province_from_file(str(path))
            except (OSError, ValueError, KeyError, TypeError):
                continue
    return None


def location_problems(geoms, rows: list[int], file: str | None, province=None,
                      column: str | None = None) -> list[Problem]:
    """Warn about geometries (EPSG:4326) outside Vietnam or outside ``province``.

    Parameters
    ----------
    geoms : sequence of shapely geometries
    rows : list of int
        File row number of each geometry.
    file : str
        File name for the problems.
    province : shapely geometry, optional
        The province; when None only the Vietnam check is done.
    """
    import shapely
    from shapely.geometry import box

    # Column-wise: one representative point per shape and two point-in-polygon tests over
    # arrays; only the rows to warn about are visited one by one.
    n = min(len(geoms), len(rows))
    arr = np.array(list(geoms)[:n] + [None], dtype=object)[:-1]
    present = np.array([isinstance(g, shapely.Geometry) for g in arr], dtype=bool)
    present[present] = ~shapely.is_empty(arr[present])
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if present.any():
        points = shapely.point_on_surface(arr[present])  # = representative_point()
        x[present], y[present] = shapely.get_x(points), shapely.get_y(points)
    finite = np.isfinite(x) & np.isfinite(y)
    outside_vn = np.zeros(n, bool)
    outside_vn[finite] = ~shapely.contains_xy(box(*VIETNAM_BBOX), x[finite], y[finite])
    outside_prov = np.zeros(n, bool)
    if province is not None:
        # ~2 km margin in degrees at Sơn La's latitude: boundary data and GPS both blur.
        near = province.buffer(PROVINCE_MARGIN_M / 111_000.0)
        shapely.prepare(near)
        check = finite & ~outside_vn
        outside_prov[check] = ~shapely.contains_xy(near, x[check], y[check])
    problems: list[Problem] = []
    for i in np.flatnonzero(outside_vn | outside_prov):
        code = "outside_vietnam" if outside_vn[i] else "outside_province"
        problems.append(Problem(code, "warning", file=file, row=rows[i], column=column,
                                value=f"{x[i]:.5f}, {y[i]:.5f}"))
    return problems


_DMS_MARK = re.compile(r"[°º'′\"″]|do|phut|giay", re.IGNORECASE)
_DMS_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def parse_dms(text: object) -> float | None:
    """Parse degrees-minutes-seconds as people write them; None when it is not DMS.

    ``21°19'48"N``, ``104° 30' 15.5" E``, ``21 độ 19 phút 48 giây`` → decimal degrees;
    south and west (S, W, T for Tây) give negative values.
    """
    from fruitmap.text import fold

    if not isinstance(text, str):
        return None
    folded = fold(text)
    if not _DMS_MARK.search(folded):
        return None
    numbers = [float(n.replace(",", ".")) for n in _DMS_NUMBER.findall(folded)]
    if not 1 <= len(numbers) <= 3:
        return None
    numbers += [0.0] * (3 - len(numbers))
    deg, minutes, seconds = numbers
    if minutes >= 60 or seconds >= 60:
        return None
    value = deg + minutes / 60 + seconds / 3600
    letters = re.sub(r"do|phut|giay|[^a-z]", "", folded)
    if folded.strip().startswith("-") or letters in ("s", "w", "t"):
        value = -value
    return value

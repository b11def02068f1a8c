"""Inputs of the supply–capacity balance, read from the workspace layers.

Turns the in-memory layers (see :func:`fruitmap.workspace.geopackage.Workspace.read_all`) into plain
numpy arrays: the monthly supply of every zone, its representative point and admin unit, the
monthly capacity of every plant, the capacity of every cold store and the fresh market.
Every refusal is a :class:`fruitmap.errors.BalanceError` naming the layer, row and value.

Zones, plants and cold stores come back in a **canonical order** (by id, then by crop,
location and tonnes), never in the order of the layer's rows: the program is then built the
same way whatever the order of the rows, so the balance is a function of the data alone
(see ``docs/balance.md``, "Ties"). Errors still name the row of the layer as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from fruitmap.balance.geo import unit_vectors
from fruitmap.columns import is_missing
from fruitmap.crops import CROPS, DEFAULT_YIELD_T_HA
from fruitmap.errors import BalanceError

MONTHS = 12
# Finest level first: zones are attributed to the finest admin level present.
LEVEL_ORDER = ("commune", "district", "province")


@dataclass
class Zones:
    """Zones as arrays, in canonical order (see :func:`canonical_order`)."""

    zone_id: np.ndarray
    name: np.ndarray
    crop: np.ndarray
    supply: np.ndarray  # (n, 12) t
    lon: np.ndarray
    lat: np.ndarray
    unit_code: np.ndarray
    unit_name: np.ndarray


@dataclass
class Plants:
    """Plants as arrays; ``K`` is the monthly capacity counted by the balance (t)."""

    plant_id: np.ndarray
    name: np.ndarray
    crops: list
    K: np.ndarray  # (n, 12)
    counted: np.ndarray
    lon: np.ndarray
    lat: np.ndarray


@dataclass
class Stores:
    """Cold stores as arrays; ``Q`` is the monthly intake capacity counted (t)."""

    store_id: np.ndarray
    name: np.ndarray
    crops: list
    Q: np.ndarray
    counted: np.ndarray
    lon: np.ndarray
    lat: np.ndarray


def _empty(df) -> bool:
    return df is None or len(df) == 0


def canonical_order(ids: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """The permutation that sorts rows by ``ids``, then by each of ``keys`` in turn.

    Ids are unique in a workspace, so the further keys only matter for a layer with
    repeated ids (an upload not yet given ids); with them, two rows that differ in any key
    are never left in the order they were given. A stable sort keeps fully equal rows (which
    are interchangeable) in place.
    """
    frame = pd.DataFrame({"id": np.asarray(ids, dtype=object).astype(str)})
    for k, key in enumerate(keys):
        frame[f"k{k}"] = np.asarray(key)
    return frame.sort_values(list(frame.columns), kind="mergesort",
                             na_position="last").index.to_numpy()


def _points(gdf: gpd.GeoDataFrame, layer: str, id_col: str,
            needed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Representative points (inside polygons, the point itself for points) as lon/lat.

    A row without geometry is refused when ``needed`` marks it (it holds fruit or counted
    capacity); otherwise its coordinates are NaN and the balance leaves it out.
    """
    geom = gdf.geometry
    bad = (geom.isna() | geom.is_empty).to_numpy()
    needed = np.ones(len(gdf), dtype=bool) if needed is None else needed
    if (bad & needed).any():
        row = int(np.flatnonzero(bad & needed)[0])
        raise BalanceError("balance_no_location", layer=layer, row=row + 1,
                           value=gdf[id_col].iloc[row])
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        geom = geom.to_crs("EPSG:4326")
    lon = np.full(len(gdf), np.nan)
    lat = np.full(len(gdf), np.nan)
    if (~bad).any():
        rep = geom[~bad].representative_point()
        lon[~bad] = rep.x.to_numpy(dtype="float64")
        lat[~bad] = rep.y.to_numpy(dtype="float64")
    return lon, lat


def _numbers(df: pd.DataFrame, column: str, layer: str, id_col: str) -> np.ndarray:
    """A numeric column as floats (missing → NaN); refuses negative values."""
    if column not in df.columns:
        return np.full(len(df), np.nan)
    values = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype="float64")
    neg = np.flatnonzero(values < 0)
    if len(neg):
        row = int(neg[0])
        raise BalanceError("balance_negative", layer=layer, row=row + 1, column=column,
                           value=values[row], id=df[id_col].iloc[row])
    return values


def _month_mask(months) -> np.ndarray:
    mask = np.zeros(MONTHS, dtype=bool)
    for m in months or ():
        if 1 <= int(m) <= MONTHS:
            mask[int(m) - 1] = True
    return mask


def _calendar(calendar: pd.DataFrame | None) -> dict[str, np.ndarray]:
    """Harvest shares per crop, each normalised to sum to 1 (crops summing to 0 are left out)."""
    if _empty(calendar):
        return {}
    cal = calendar.dropna(subset=["crop", "month", "harvest_share"])
    out: dict[str, np.ndarray] = {}
    for crop, rows in cal.groupby("crop"):
        shares = np.zeros(MONTHS)
        np.add.at(shares, rows["month"].astype(int).to_numpy() - 1,
                  rows["harvest_share"].astype(float).to_numpy())
        if shares.sum() > 0:
            out[str(crop)] = shares / shares.sum()
    return out


def _window_profile(start: int, end: int) -> np.ndarray:
    prof = np.zeros(MONTHS)
    m = start
    while True:
        prof[m - 1] = 1.0
        if m == end:
            break
        m = m % MONTHS + 1
    return prof / prof.sum()


def read_zones(zones: gpd.GeoDataFrame | None, calendar: pd.DataFrame | None,
               admin_units: gpd.GeoDataFrame | None) -> Zones:
    """Read the zones: yearly output spread over months, location and admin unit.

    Yearly output is ``expected_output_t``, else ``area_ha × yield_t_ha``, else
    ``area_ha ×`` the crop's default yield. It is spread uniformly over the months of the
    harvest window (``harvest_start``..``harvest_end``, wrapping over the new year when
    start > end) when both are given, else by the crop's ``crop_calendar`` shares.

    Raises
    ------
    BalanceError
        A negative number, a zone without location, or a zone with output but neither a
        harvest window nor a crop calendar for its crop.
    """
    if _empty(zones):
        e = np.zeros(0, dtype=object)
        return Zones(e, e, e, np.zeros((0, MONTHS)), np.zeros(0), np.zeros(0), e, e)
    zones = zones.reset_index(drop=True)
    n = len(zones)
    crop = np.array([None if is_missing(c) else str(c) for c in zones["crop"]], dtype=object)
    area = _numbers(zones, "area_ha", "zones", "zone_id")
    yld = _numbers(zones, "yield_t_ha", "zones", "zone_id")
    expected = _numbers(zones, "expected_output_t", "zones", "zone_id")
    default = np.array([DEFAULT_YIELD_T_HA.get(c, DEFAULT_YIELD_T_HA["other"]) for c in crop])
    yearly = np.where(~np.isnan(expected), expected,
                      np.where(~np.isnan(yld), area * yld, area * default))
    yearly = np.nan_to_num(yearly, nan=0.0)

    start = pd.to_numeric(zones.get("harvest_start"), errors="coerce") \
        if "harvest_start" in zones else pd.Series(np.nan, index=zones.index)
    end = pd.to_numeric(zones.get("harvest_end"), errors="coerce") \
        if "harvest_end" in zones else pd.Series(np.nan, index=zones.index)
    s = start.to_numpy(dtype="float64")
    e = end.to_numpy(dtype="float64")
    window = ~np.isnan(s) & ~np.isnan(e) & (s >= 1) & (s <= 12) & (e >= 1) & (e <= 12)
    code = np.where(window, np.nan_to_num(s) * 13 + np.nan_to_num(e), -1).astype("int64")
    profiles = np.zeros((n, MONTHS))
    for c in np.unique(code[window]):
        profiles[code == c] = _window_profile(int(c // 13), int(c % 13))
    cal = _calendar(calendar)
    need = np.flatnonzero(~window)
    for c in pd.unique(crop[need]):
        rows = need[crop[need] == c] if c is not None else need[pd.isna(crop[need])]
        if c in cal:
            profiles[rows] = cal[c]
        else:
            positive = rows[yearly[rows] > 0]
            if len(positive):
                k = int(positive[0])
                raise BalanceError("balance_no_calendar", row=k + 1,
                                   id=zones["zone_id"].iloc[k], crop=c)
    supply = profiles * yearly[:, None]

    lon, lat = _points(zones, "zones", "zone_id", needed=yearly > 0)
    unit_code, unit_name = _attribute_units(zones, lon, lat, admin_units)
    zone_id = zones["zone_id"].astype(str).to_numpy(dtype=object)
    name = zones["name"].astype(str).to_numpy(dtype=object) if "name" in zones else zone_id
    o = canonical_order(zone_id, np.array(["" if c is None else c for c in crop], dtype=object),
                        lon, lat, yearly, name)
    return Zones(zone_id[o], name[o], crop[o], supply[o], lon[o], lat[o], unit_code[o],
                 unit_name[o])


def _attribute_units(zones, lon, lat, admin_units) -> tuple[np.ndarray, np.ndarray]:
    """The admin unit of each zone: its ``unit_code`` when that names a unit of
    ``admin_units``, else the unit of the finest level present whose polygon holds the zone's
    representative point, else its own ``unit_code`` as given, else ``""``."""
    n = len(zones)
    given = np.array(
        ["" if ("unit_code" not in zones or is_missing(v)) else str(v).strip()
         for v in (zones["unit_code"] if "unit_code" in zones else [None] * n)], dtype=object)
    codes = given.copy()
    names: dict[str, str] = {}
    if _empty(admin_units):
        return codes, np.array([c for c in codes], dtype=object)
    # Sorted by code, so that a point on a shared border goes to the smallest code whatever
    # the order of the layer's rows.
    units = admin_units.iloc[canonical_order(
        admin_units["unit_code"].astype(str).to_numpy(dtype=object),
        admin_units["name"].astype(str).to_numpy(dtype=object))].reset_index(drop=True)
    names = dict(zip(units["unit_code"].astype(str), units["name"].astype(str), strict=False))
    known = np.array([c in names for c in given])
    todo = np.flatnonzero(~known)
    if len(todo):
        levels = set(units["level"].astype(str))
        finest = next((lv for lv in LEVEL_ORDER if lv in levels), None)
        polys = units[units["level"].astype(str) == finest] if finest else units
        polys = polys[~(polys.geometry.isna() | polys.geometry.is_empty)]
        if len(polys):
            pts = gpd.GeoSeries(gpd.points_from_xy(lon[todo], lat[todo]), crs="EPSG:4326")
            if polys.crs is not None and not polys.crs.equals("EPSG:4326"):
                polys = polys.to_crs("EPSG:4326")
            inp, tree = polys.sindex.query(pts, predicate="intersects")
            # A point on a shared border touches two units: keep the first in code order
            # (the tree's answer order is not fixed).
            by = np.lexsort((tree, inp))
            inp, tree = inp[by], tree[by]
            first = np.unique(inp, return_index=True)[1]
            hit_codes = polys["unit_code"].astype(str).to_numpy()[tree[first]]
            codes[todo[inp[first]]] = hit_codes
    unit_name = np.array([names.get(c, c) for c in codes], dtype=object)
    return codes, unit_name


def read_plants(plants: gpd.GeoDataFrame | None, operating_days: float,
                statuses: tuple[str, ...]) -> Plants:
    """Read the plants: monthly capacity ``capacity_t_day × operating_days`` in operating
    months, counted only when the plant's status is one of ``statuses``."""
    if _empty(plants):
        e = np.zeros(0, dtype=object)
        return Plants(e, e, [], np.zeros((0, MONTHS)), np.zeros(0, dtype=bool),
                      np.zeros(0), np.zeros(0))
    plants = plants.reset_index(drop=True)
    cap = np.nan_to_num(_numbers(plants, "capacity_t_day", "plants", "plant_id"), nan=0.0)
    status = [("operating" if is_missing(v) else str(v))
              for v in (plants["status"] if "status" in plants else [None] * len(plants))]
    counted = np.array([s in statuses for s in status])
    months = plants["operating_months"] if "operating_months" in plants else [None] * len(plants)
    mask = np.array([_month_mask(m) if (m is not None and len(m)) else np.ones(MONTHS, bool)
                     for m in months]).reshape(len(plants), MONTHS)
    K = cap[:, None] * float(operating_days) * mask * counted[:, None]
    crops = [tuple(c) if isinstance(c, (list, tuple)) else () for c in plants["crops"]]
    lon, lat = _points(plants, "plants", "plant_id", needed=K.sum(axis=1) > 0)
    plant_id = plants["plant_id"].astype(str).to_numpy(dtype=object)
    name = plants["name"].astype(str).to_numpy(dtype=object)
    o = canonical_order(plant_id, lon, lat, K.sum(axis=1),
                        np.array([";".join(sorted(map(str, c))) for c in crops], dtype=object),
                        (K > 0) @ (1 << np.arange(MONTHS)), counted, name)
    return Plants(plant_id[o], name[o], [crops[k] for k in o], K[o], counted[o], lon[o],
                  lat[o])


def read_stores(stores: gpd.GeoDataFrame | None, statuses: tuple[str, ...]) -> Stores:
    """Read the cold stores: monthly intake ``capacity_t`` when their status counts."""
    if _empty(stores):
        e = np.zeros(0, dtype=object)
        return Stores(e, e, [], np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0), np.zeros(0))
    stores = stores.reset_index(drop=True)
    cap = np.nan_to_num(_numbers(stores, "capacity_t", "cold_stores", "store_id"), nan=0.0)
    status = [("operating" if is_missing(v) else str(v))
              for v in (stores["status"] if "status" in stores else [None] * len(stores))]
    counted = np.array([s in statuses for s in status])
    raw = stores["crops"] if "crops" in stores else [None] * len(stores)
    crops = [tuple(c) if isinstance(c, (list, tuple)) and len(c) else CROPS for c in raw]
    lon, lat = _points(stores, "cold_stores", "store_id", needed=cap * counted > 0)
    store_id = stores["store_id"].astype(str).to_numpy(dtype=object)
    name = stores["name"].astype(str).to_numpy(dtype=object)
    o = canonical_order(store_id, lon, lat, cap * counted,
                        np.array([";".join(sorted(map(str, c))) for c in crops], dtype=object),
                        counted, name)
    return Stores(store_id[o], name[o], [crops[k] for k in o], (cap * counted)[o], counted[o],
                  lon[o], lat[o])


def read_fresh(markets: pd.DataFrame | None, crops: list[str]) -> np.ndarray:
    """Fresh-market capacity per crop (rows in the order of ``crops``) and month; a crop and
    month missing from ``markets`` has no fresh market (0 t)."""
    F = np.zeros((len(crops), MONTHS))
    if _empty(markets) or not crops:
        return F
    index = {c: k for k, c in enumerate(crops)}
    m = markets.dropna(subset=["crop", "month"])
    values = pd.to_numeric(m["fresh_capacity_t"], errors="coerce").fillna(0.0).to_numpy()
    if (values < 0).any():
        row = int(np.flatnonzero(values < 0)[0])
        raise BalanceError("balance_negative", layer="markets", row=row + 1,
                           column="fresh_capacity_t", value=values[row], id=m["crop"].iloc[row])
    for crop, month, v in zip(m["crop"].astype(str), m["month"].astype(int), values,
                              strict=False):
        if crop in index and 1 <= month <= MONTHS:
            F[index[crop], month - 1] += v
    return F


def xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors of points (shortcut for :func:`fruitmap.balance.geo.unit_vectors`)."""
    return unit_vectors(lon, lat)

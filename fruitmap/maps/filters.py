"""Filtering the map layers by crop, district, certification, status, capacity and name.

A filter applies to the layers that have the attribute it filters on and leaves the others
alone: certification filters zones only, status filters plants, cold stores and industrial
areas, capacity (t/day) filters processing plants. An empty or ``None`` filter means "all".
Boundaries (``admin_units``) and the tables are never filtered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from fruitmap.columns import is_missing
from fruitmap.crops import CROPS
from fruitmap.schema import CERTIFICATIONS, LAYERS, STATUSES
from fruitmap.text import fold, matches

FILTERABLE = ("zones", "plants", "cold_stores", "industrial_areas")


def _present(frame: Any) -> bool:
    return frame is not None and len(frame) > 0


def districts_of(admin_units: pd.DataFrame | None) -> gpd.GeoDataFrame | None:
    """Return the district rows of ``admin_units`` (level ``district``), or None when absent."""
    if not _present(admin_units) or "level" not in admin_units:
        return None
    districts = admin_units[admin_units["level"].astype(str) == "district"]
    return districts if len(districts) else None


def district_codes(gdf: gpd.GeoDataFrame, admin_units: pd.DataFrame | None) -> pd.Series:
    """Return the district code of every feature of ``gdf``.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Features in EPSG:4326, with or without a ``unit_code`` column.
    admin_units : pandas.DataFrame or None
        The ``admin_units`` layer.

    Returns
    -------
    pandas.Series
        Codes as text, aligned with ``gdf``; None where no district is known. A ``unit_code``
        that names a district is used as it is, a commune's code gives its parent district;
        features without a usable code get the district whose polygon holds their
        representative point.
    """
    codes = pd.Series([None] * len(gdf), index=gdf.index, dtype=object)
    if "unit_code" in gdf:
        codes = gdf["unit_code"].map(lambda v: None if is_missing(v) else str(v)).astype(object)
    districts = districts_of(admin_units)
    if districts is None:
        return codes
    to_district = {str(c): str(c) for c in districts["unit_code"]}
    communes = admin_units[admin_units["level"].astype(str) == "commune"]
    if len(communes) and "parent_code" in communes:
        to_district.update({str(c): str(p) for c, p in
                            zip(communes["unit_code"], communes["parent_code"], strict=False)
                            if not is_missing(p)})
    codes = codes.map(lambda c: to_district.get(c) if c is not None else None).astype(object)
    unknown = codes.isna() & gdf.geometry.notna() & ~gdf.geometry.is_empty
    if unknown.any():
        points = gpd.GeoDataFrame(geometry=gdf.loc[unknown].geometry.representative_point(),
                                  crs=gdf.crs)
        polygons = gpd.GeoDataFrame({"_code": districts["unit_code"].astype(str).values},
                                    geometry=districts.geometry.values, crs=districts.crs)
        if points.crs is not None and polygons.crs is not None and not points.crs.equals(
                polygons.crs):
            polygons = polygons.to_crs(points.crs)
        joined = gpd.sjoin(points, polygons, how="left", predicate="within")
        joined = joined[~joined.index.duplicated(keep="first")]
        codes.loc[unknown] = joined["_code"].where(joined["_code"].notna(), None)
    return codes


def layer_district_codes(layers: Mapping[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Return :func:`district_codes` of every filterable layer of ``layers`` that has rows."""
    admin = layers.get("admin_units")
    return {name: district_codes(layers[name], admin) for name in FILTERABLE
            if _present(layers.get(name))}


def _accepts(value: Any, crops: set[str]) -> bool:
    # A facility that names no crops takes every crop (the contract's default for cold stores).
    if is_missing(value):
        return True
    items = value if isinstance(value, (list, tuple)) else str(value).split(";")
    items = [str(i).strip() for i in items if str(i).strip()]
    return not items or bool(crops.intersection(items))


def _name_matches(gdf: pd.DataFrame, layer: str, query: str) -> pd.Series:
    words = fold(query)
    id_col = LAYERS[layer].id_column
    hit = gdf["name"].map(lambda n: matches(words, n)) if "name" in gdf else False
    if id_col and id_col in gdf:
        hit = hit | gdf[id_col].map(lambda v: matches(words, v))
    return hit


def filter_layers(
    layers: Mapping[str, pd.DataFrame],
    crops: Iterable[str] | None = None,
    districts: Iterable[str] | None = None,
    certifications: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    capacity_range: tuple[float, float] | None = None,
    query: str = "",
    codes: Mapping[str, pd.Series] | None = None,
) -> dict[str, pd.DataFrame]:
    """Return a new layers dict holding only the features that pass every filter.

    Parameters
    ----------
    layers : mapping
        Layers as returned by :meth:`fruitmap.workspace.geopackage.Workspace.read_all`.
    crops : iterable of str, optional
        Crop keys: zones of these crops; plants and cold stores that accept any of them.
    districts : iterable of str, optional
        District codes (``admin_units.unit_code``); features without a code are placed by a
        spatial join to the district polygons.
    certifications : iterable of str, optional
        Certification values of zones (a missing value counts as ``"none"``).
    statuses : iterable of str, optional
        Status of plants, cold stores and industrial areas (missing counts as ``"operating"``).
    capacity_range : (float, float), optional
        Inclusive bounds on plants' ``capacity_t_day``.
    query : str
        Words that must all occur in the name (or ID), ignoring case and diacritics.
    codes : mapping, optional
        :func:`layer_district_codes` of ``layers``, computed once for any number of
        district filters (the spatial join is most of a district filter's time).

    Returns
    -------
    dict
        Same keys as ``layers``; filtered layers are copies, the others the same objects.
    """
    crop_set = set(crops or ())
    district_set = {str(d) for d in districts or ()}
    cert_set = set(certifications or ())
    status_set = set(statuses or ())
    query = (query or "").strip()
    out = dict(layers)
    admin = layers.get("admin_units")
    for name in FILTERABLE:
        gdf = layers.get(name)
        if not _present(gdf):
            continue
        keep = pd.Series(True, index=gdf.index)
        if crop_set:
            if name == "zones":
                keep &= gdf["crop"].isin(crop_set)
            elif "crops" in gdf:
                keep &= gdf["crops"].map(lambda v: _accepts(v, crop_set)).astype(bool)
        if district_set:
            known = (codes or {}).get(name)
            if known is None or not known.index.equals(gdf.index):
                known = district_codes(gdf, admin)
            keep &= known.isin(district_set)
        if cert_set and name == "zones":
            certs = gdf["certification"] if "certification" in gdf else pd.Series("none", gdf.index)
            keep &= certs.map(lambda v: "none" if is_missing(v) else str(v)).isin(cert_set)
        if status_set and name != "zones":
            status = gdf["status"] if "status" in gdf else pd.Series("operating", gdf.index)
            keep &= status.map(lambda v: "operating" if is_missing(v) else str(v)).isin(status_set)
        if capacity_range is not None and name == "plants":
            low, high = capacity_range
            keep &= pd.to_numeric(gdf["capacity_t_day"], errors="coerce").between(low, high)
        if query:
            keep &= _name_matches(gdf, name, query).astype(bool)
        out[name] = gdf.loc[keep.astype(bool)].copy()
    return out


def is_empty(layers: Mapping[str, pd.DataFrame]) -> bool:
    """Return True when none of the filterable layers has a feature left."""
    return not any(_present(layers.get(name)) for name in FILTERABLE)


# --- options the filter widgets offer ----------------------------------------------------

def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def crop_options(layers: Mapping[str, pd.DataFrame]) -> list[str]:
    """Return the crop keys found in zones and plants, in the canonical order."""
    found: set[str] = set()
    zones = layers.get("zones")
    # Distinct values only: iterating 200,000 zones' crops one by one took ~1 s.
    if _present(zones):
        found.update(str(c) for c in zones["crop"].dropna().unique())
    plants = layers.get("plants")
    if _present(plants) and "crops" in plants:
        for value in dict.fromkeys(map(_hashable, plants["crops"].tolist())):
            if not is_missing(value):
                found.update(str(c) for c in (value if isinstance(value, (list, tuple))
                                               else str(value).split(";")))
    return [c for c in CROPS if c in found]


def district_options(layers: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Return ``{district code: name}`` sorted by name (ignoring diacritics)."""
    districts = districts_of(layers.get("admin_units"))
    if districts is None:
        return {}
    pairs = sorted(((str(c), str(n)) for c, n in zip(districts["unit_code"], districts["name"],
                                                     strict=False)),
                   key=lambda p: fold(p[1]))
    return dict(pairs)


def certification_options(layers: Mapping[str, pd.DataFrame]) -> list[str]:
    """Return the certification values zones can have, in the schema's order."""
    return list(CERTIFICATIONS)


def status_options(layers: Mapping[str, pd.DataFrame]) -> list[str]:
    """Return the status values of plants, cold stores and industrial areas."""
    return list(STATUSES)


def capacity_bounds(layers: Mapping[str, pd.DataFrame]) -> tuple[float, float]:
    """Return ``(0, max capacity_t_day)`` of the plants, rounded up to a round number."""
    plants = layers.get("plants")
    if not _present(plants):
        return 0.0, 0.0
    top = pd.to_numeric(plants["capacity_t_day"], errors="coerce").max()
    if pd.isna(top) or top <= 0:
        return 0.0, 0.0
    step = 10 ** max(0, int(math.log10(top)) - 1)
    return 0.0, float(math.ceil(top / step) * step)


def summary(layers: Mapping[str, pd.DataFrame]) -> dict[str, float]:
    """Return counts and totals of what the filtered layers hold (for the page's headline)."""
    zones = layers.get("zones")
    plants = layers.get("plants")
    stores = layers.get("cold_stores")
    areas = layers.get("industrial_areas")

    def total(frame, column):
        if not _present(frame) or column not in frame:
            return 0.0
        return float(pd.to_numeric(frame[column], errors="coerce").fillna(0).sum())

    return {
        "zones": len(zones) if _present(zones) else 0,
        "zone_area_ha": total(zones, "area_ha"),
        "plants": len(plants) if _present(plants) else 0,
        "factories": int((plants["kind"] == "factory").sum()) if _present(plants) else 0,
        "plant_capacity_t_day": total(plants, "capacity_t_day"),
        "cold_stores": len(stores) if _present(stores) else 0,
        "cold_store_capacity_t": total(stores, "capacity_t"),
        "industrial_areas": len(areas) if _present(areas) else 0,
    }

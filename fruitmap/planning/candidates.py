"""Candidate sites for new plants and cold stores.

Candidates are points with an id and a name: the industrial areas' representative points (by
default), the points of a file any importer reads, the existing plants (to expand) and a
regular grid inside the province. Every builder returns a GeoDataFrame in EPSG:4326 with the
columns ``site_id, name, source, geometry``.
"""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from fruitmap.errors import InputError

COLUMNS = ["site_id", "name", "source", "geometry"]
# UTM zone 48N: Sơn La lies in it; grid spacing is measured in metres there.
GRID_CRS = "EPSG:32648"


def _frame(ids, names, source: str, geometry) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"site_id": pd.Series(ids, dtype=object).astype(str).to_numpy(),
                             "name": pd.Series(names, dtype=object).astype(str).to_numpy(),
                             "source": source}, geometry=geometry, crs="EPSG:4326")


def empty() -> gpd.GeoDataFrame:
    """No candidate."""
    return _frame([], [], "none", gpd.GeoSeries([], crs="EPSG:4326"))


def _located(gdf: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if gdf is None or len(gdf) == 0:
        return None
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    return gdf


def from_industrial_areas(layers: dict) -> gpd.GeoDataFrame:
    """The representative point (inside the polygon) of every industrial area."""
    areas = _located(layers.get("industrial_areas"))
    if areas is None:
        return empty()
    return _frame(areas["area_id"], areas["name"], "industrial_areas",
                  areas.geometry.representative_point().to_numpy())


def from_plants(layers: dict) -> gpd.GeoDataFrame:
    """Every existing plant's location, as a site where the plant could be expanded."""
    plants = _located(layers.get("plants"))
    if plants is None:
        return empty()
    return _frame(plants["plant_id"], plants["name"], "plants",
                  plants.geometry.representative_point().to_numpy())


def from_file(path: str | os.PathLike, admin_units=None) -> gpd.GeoDataFrame:
    """The points of a file (any format the importer reads) with an id and a name.

    The file is read as an industrial-area list (so headers such as ``Mã``/``Tên``/``Name``
    and VN-2000 coordinates are understood, and missing ids are made stably); polygons give
    their representative point.

    Raises
    ------
    InputError
        The file cannot be read, or a row has no location (every problem is listed).
    """
    from fruitmap.files.readers import read_path

    return _from_raw(read_path(path), admin_units)


def from_upload(name: str, data: bytes, admin_units=None) -> gpd.GeoDataFrame:
    """The points of an uploaded file (see :func:`from_file`)."""
    from fruitmap.files.readers import read_upload

    return _from_raw(read_upload(name, data), admin_units)


def _from_raw(raw, admin_units) -> gpd.GeoDataFrame:
    from fruitmap.files.colmap import suggest_mapping
    from fruitmap.files.ingest import prepare

    mapping = suggest_mapping(raw.columns, "industrial_areas")
    if "kind" not in mapping.values():
        # A list of sites has no kind of area: give every row one so that only the columns
        # that matter here (id, name, location) can refuse it.
        raw.frame["__kind__"] = "industrial_zone"
        mapping["__kind__"] = "kind"
    prepared = prepare(raw, "industrial_areas", mapping, admin_units=admin_units,
                       province=None)
    if prepared.errors:
        raise InputError("siting_bad_candidates", problems=prepared.problems,
                         file=raw.file_name)
    gdf = _located(prepared.frame)
    if gdf is None:
        raise InputError("siting_bad_candidates", file=raw.file_name)
    return _frame(gdf["area_id"], gdf["name"], "file",
                  gdf.geometry.representative_point().to_numpy())


def from_points(points, names) -> gpd.GeoDataFrame:
    """Points drawn by hand on the map, as candidates ``D1, D2, …`` (source ``drawn``).

    Parameters
    ----------
    points : sequence of (lon, lat)
        In EPSG:4326, in the order they were drawn.
    names : sequence of str
        One name per point (the page gives "Điểm vẽ 1" / "Drawn point 1" …).
    """
    points = list(points)
    if not points:
        return empty()
    xy = np.asarray(points, dtype="float64").reshape(-1, 2)
    ids = [f"D{k + 1}" for k in range(len(xy))]
    return _frame(ids, list(names), "drawn", shapely.points(xy[:, 0], xy[:, 1]))


def grid(layers: dict, spacing_km: float) -> gpd.GeoDataFrame:
    """A regular grid of points every ``spacing_km`` inside the province (projected CRS).

    The province is the ``admin_units`` row of level ``province``, else the union of all
    admin units. No admin units: no grid.
    """
    units = _located(layers.get("admin_units"))
    if units is None or spacing_km <= 0:
        return empty()
    prov = units[units["level"].astype(str) == "province"]
    shape = (prov if len(prov) else units).to_crs(GRID_CRS).geometry.union_all()
    x0, y0, x1, y1 = shape.bounds
    step = float(spacing_km) * 1000.0
    xs = np.arange(x0 + step / 2, x1, step)
    ys = np.arange(y0 + step / 2, y1, step)
    gx, gy = np.meshgrid(xs, ys)
    pts = shapely.points(gx.ravel(), gy.ravel())
    inside = pts[shapely.contains_xy(shape, gx.ravel(), gy.ravel())]
    geo = gpd.GeoSeries(inside, crs=GRID_CRS).to_crs("EPSG:4326")
    ids = [f"G{k + 1:04d}" for k in range(len(geo))]
    return _frame(ids, [f"Ô lưới {k + 1}" for k in range(len(geo))], "grid", geo.to_numpy())


def combine(*parts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Candidates of several sources together; a site id repeated is made unique by its source."""
    parts = [p for p in parts if p is not None and len(p)]
    if not parts:
        return empty()
    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    dup = out["site_id"].duplicated(keep=False)
    out.loc[dup, "site_id"] = out.loc[dup, "source"] + ":" + out.loc[dup, "site_id"]
    return out[COLUMNS].reset_index(drop=True)


def candidate_sites(layers: dict, source: str | os.PathLike = "industrial_areas",
                    include_plants: bool = False, grid_km: float | None = None
                    ) -> gpd.GeoDataFrame:
    """The candidate sites of a siting run.

    Parameters
    ----------
    layers : dict
        The workspace's layers.
    source : str or path
        ``"industrial_areas"`` (default), ``"none"``, or a file of points (any format the
        importer reads, with an id and a name).
    include_plants : bool
        Also every existing plant's location (to expand it).
    grid_km : float, optional
        Also a regular grid of points this many km apart inside the province.
    """
    if str(source) == "industrial_areas":
        base = from_industrial_areas(layers)
    elif str(source) == "none":
        base = empty()
    else:
        base = from_file(source, layers.get("admin_units"))
    return combine(base, from_plants(layers) if include_plants else None,
                   grid(layers, grid_km) if grid_km else None)

"""A seeded synthetic Sơn La-sized workspace for map benchmarks and large-map browser tests.

Zones are irregular 32-vertex polygons of 1–60 ha scattered over the real province (its
boundaries come from the demo's sources), plants are points (5 % factories), plus a few cold
stores and industrial areas. Every value is made up; the same seed gives the same workspace.
One zone is named like an HTML tag so tests can check that names stay text.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from fruitmap.crops import CROPS
from fruitmap.demo import official_admin_units
from fruitmap.schema import CERTIFICATIONS

XSS_NAME = "<img src=x onerror=alert(1)> Vùng `${x}`"
VERTICES = 32
LINES = [("longan",), ("mango",), ("plum",), ("longan", "mango"), ("orange", "pomelo"),
         ("passion_fruit",), ("longan", "mango", "plum")]


def _inside(rng, province, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random points inside ``province`` (rejection sampling, vectorised)."""
    west, south, east, north = province.bounds
    lons, lats = [], []
    got = 0
    while got < n:
        lon = rng.uniform(west, east, 2 * n)
        lat = rng.uniform(south, north, 2 * n)
        keep = shapely.contains_xy(province, lon, lat)
        lons.append(lon[keep])
        lats.append(lat[keep])
        got += int(keep.sum())
    return np.concatenate(lons)[:n], np.concatenate(lats)[:n]


def _blobs(rng, lon, lat, area_ha) -> np.ndarray:
    """Irregular polygons of about ``area_ha`` around each centre (degrees)."""
    n = len(lon)
    radius_m = np.sqrt(area_ha * 10_000 / np.pi)
    angles = np.linspace(0, 2 * np.pi, VERTICES, endpoint=False)
    wobble = 1 + 0.25 * rng.uniform(-1, 1, (n, VERTICES))
    r = radius_m[:, None] * wobble
    dx = r * np.cos(angles)[None, :] / (111_320 * np.cos(np.radians(lat))[:, None])
    dy = r * np.sin(angles)[None, :] / 110_540
    ring = np.stack([lon[:, None] + dx, lat[:, None] + dy], axis=-1)
    ring = np.concatenate([ring, ring[:, :1]], axis=1)  # closed
    return shapely.polygons(ring)


def synthetic_layers(n_zones: int = 2_000, n_plants: int = 1_000, seed: int = 9) -> dict:
    """Return the layers of a synthetic Sơn La workspace (in-memory form)."""
    rng = np.random.default_rng(seed)
    admin = official_admin_units()
    province = admin.loc[admin["level"] == "province"].geometry.iloc[0]
    lon, lat = _inside(rng, province, n_zones)
    area = np.round(rng.uniform(1, 60, n_zones), 1)
    crops = np.array(CROPS)[rng.integers(0, len(CROPS), n_zones)]
    names = np.char.add("Vùng trồng số ", np.arange(n_zones).astype(str)).astype(object)
    if n_zones:
        names[0] = XSS_NAME
    zones = gpd.GeoDataFrame({
        "zone_id": np.char.add("Z", np.arange(n_zones).astype(str)),
        "name": names,
        "crop": crops,
        "area_ha": area,
        "yield_t_ha": np.round(rng.uniform(5, 15, n_zones), 1),
        "harvest_start": pd.array(rng.integers(1, 13, n_zones), dtype="Int64"),
        "harvest_end": pd.array(rng.integers(1, 13, n_zones), dtype="Int64"),
        "certification": np.array(CERTIFICATIONS)[rng.integers(0, len(CERTIFICATIONS), n_zones)],
        "off_season": rng.random(n_zones) < 0.1,
    }, geometry=_blobs(rng, lon, lat, area), crs="EPSG:4326")
    plon, plat = _inside(rng, province, n_plants)
    factory = rng.random(n_plants) < 0.05
    plants = gpd.GeoDataFrame({
        "plant_id": np.char.add("P", np.arange(n_plants).astype(str)),
        "name": np.char.add("Cơ sở sơ chế ", np.arange(n_plants).astype(str)),
        "kind": np.where(factory, "factory", "facility"),
        "crops": [LINES[k] for k in rng.integers(0, len(LINES), n_plants)],
        "capacity_t_day": np.round(rng.lognormal(1.0, 1.0, n_plants), 1),
        "status": np.array(["operating", "planned", "under_construction"])[
            rng.choice(3, n_plants, p=[0.8, 0.1, 0.1])],
        "owner": np.where(rng.random(n_plants) < 0.5, "HTX Nông nghiệp", "Công ty TNHH"),
    }, geometry=gpd.points_from_xy(plon, plat), crs="EPSG:4326")
    slon, slat = _inside(rng, province, 30)
    stores = gpd.GeoDataFrame({
        "store_id": [f"S{k}" for k in range(30)],
        "name": [f"Kho lạnh {k}" for k in range(30)],
        "capacity_t": np.round(rng.uniform(50, 2000, 30)),
    }, geometry=gpd.points_from_xy(slon, slat), crs="EPSG:4326")
    ilon, ilat = _inside(rng, province, 10)
    areas = gpd.GeoDataFrame({
        "area_id": [f"I{k}" for k in range(10)],
        "name": [f"Khu công nghiệp {k}" for k in range(10)],
        "kind": ["industrial_zone" if k % 3 == 0 else "industrial_cluster" for k in range(10)],
        "area_ha": np.round(rng.uniform(20, 200, 10), 1),
    }, geometry=_blobs(rng, ilon, ilat, np.full(10, 100.0)), crs="EPSG:4326")
    return {"admin_units": admin, "zones": zones, "plants": plants, "cold_stores": stores,
            "industrial_areas": areas}


def write_synthetic(path: Path, n_zones: int = 2_000, n_plants: int = 1_000,
                    seed: int = 9) -> Path:
    """Write :func:`synthetic_layers` as a workspace at ``path`` and return ``path``."""
    from fruitmap.workspace.geopackage import create

    create(path, synthetic_layers(n_zones, n_plants, seed), action="synthetic map workspace")
    return Path(path)


def frame_code(args: dict) -> str:
    """All the JavaScript a map frame runs: the map (``script``) and its layers.

    ``ui.map_frame`` hands the layers to the frame as ``feature_group`` code (run on the map
    once it exists; fruitmap.maps.frame_split).
    """
    return args["script"] + (args.get("feature_group") or "")

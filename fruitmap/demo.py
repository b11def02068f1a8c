"""The bundled Son La demo workspace, generated from the text sources in ``data/``.

``data/boundaries/`` holds the real province and district outlines; ``data/demo/`` holds
human-readable CSV/TOML tables (fruit area per district and crop, named factories, cold
stores, industrial areas, the crop calendar, fresh-market capacities, targets and the
generator's parameters). :func:`build_demo_layers` turns them into the contract's layers with
a seeded random generator, so every call gives the same result; :func:`write_demo` stores
them as a workspace. What is sourced and what is illustrative is listed in data/README.md.

Placement happens in a projected CRS (UTM 48N, metres): zones are hexagons whose area equals
their ``area_ha``, kept a margin inside their district and apart from each other; points are
drawn by rejection sampling inside the district shrunk by the same margin.
"""

from __future__ import annotations

import math
import os
import tomllib
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, Polygon, box

from fruitmap.crops import CROPS
from fruitmap.errors import WorkspaceError
from fruitmap.workspace import CRS, GPKG_NAME, PROJECT_ROOT, Workspace, create

DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
DEFAULT_SEED = 2025
PROVINCE_CODE = "14"
MONTHS = tuple(range(1, 13))
DEMO_LAYERS = ("zones", "plants", "cold_stores", "industrial_areas", "admin_units", "markets",
               "crop_calendar", "targets")


# --------------------------------------------------------------------------- sources
def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DEMO_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


def _config() -> dict:
    with open(DEMO_DIR / "generator.toml", "rb") as fh:
        return tomllib.load(fh)


def _months(text: str) -> tuple[int, ...]:
    """``"1-12"`` → 1..12, ``"10-2"`` → 10, 11, 12, 1, 2 (sorted), ``"5;6"`` → 5, 6."""
    from fruitmap.columns import parse_month_list

    months = parse_month_list(text)
    if not months:
        raise ValueError(f"not a month list: {text!r}")
    return months


def _crop_list(text: str) -> tuple[str, ...]:
    items = tuple(i.strip() for i in text.split(";") if i.strip())
    unknown = [i for i in items if i not in CROPS]
    if unknown:
        raise ValueError(f"unknown crop {unknown[0]!r} in data/demo")
    return items


def _monthly_table(name: str, value_column: str) -> pd.DataFrame:
    """Read a wide crop × month CSV (columns ``crop, 1..12``) into long form."""
    wide = _read_csv(name)
    rows = [
        {"crop": r["crop"], "month": m, value_column: float(r[str(m)])}
        for _, r in wide.iterrows() for m in MONTHS
    ]
    out = pd.DataFrame(rows)
    out["month"] = out["month"].astype("Int64")
    return out


# --------------------------------------------------------------------------- boundaries
def _admin_units() -> gpd.GeoDataFrame:
    province = gpd.read_file(BOUNDARIES_DIR / "son_la_province.geojson", engine="pyogrio")
    districts = gpd.read_file(BOUNDARIES_DIR / "son_la_districts.geojson", engine="pyogrio")
    rows = [{
        "unit_code": PROVINCE_CODE, "name": "Tỉnh Sơn La", "level": "province",
        "name_ascii": "Tinh Son La", "parent_code": None, "name_full": "Tỉnh Sơn La",
        "area_km2": float(province["area_km2"].iloc[0]), "geometry": province.geometry.iloc[0],
    }]
    for _, d in districts.sort_values("code").iterrows():
        city = d["unit_type"] == "thành phố"
        rows.append({
            "unit_code": str(d["code"]),
            # The city shares its short name with the province: keep them apart.
            "name": "Thành phố Sơn La" if city else str(d["name"]),
            "level": "district",
            "name_ascii": "Thanh pho Son La" if city else str(d["name_ascii"]),
            "parent_code": PROVINCE_CODE,
            "name_full": str(d["name_full"]),
            "area_km2": float(d["area_km2"]),
            "geometry": d.geometry,
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


class _Districts:
    """District polygons in the projected CRS, shrunk by the margin and prepared."""

    def __init__(self, admin: gpd.GeoDataFrame, crs: str, margin: float) -> None:
        districts = admin[admin["level"] == "district"].to_crs(crs)
        self.inner: dict[str, object] = {}
        self.names: dict[str, str] = {}
        for _, d in districts.iterrows():
            inner = d.geometry.buffer(-margin)
            shapely.prepare(inner)
            self.inner[d["unit_code"]] = inner
            self.names[d["unit_code"]] = d["name"]

    def random_points(self, rng: np.random.Generator, code: str, n: int,
                      near: np.ndarray | None = None, spread: float = 0.0) -> np.ndarray:
        """Return ``n`` points (x, y) inside district ``code``; near given centres if any."""
        inner = self.inner[code]
        minx, miny, maxx, maxy = inner.bounds
        out: list[tuple[float, float]] = []
        for _ in range(200):
            need = n - len(out)
            if need <= 0:
                break
            batch = max(4 * need, 32)
            if near is not None and len(near):
                base = near[rng.integers(0, len(near), batch)]
                xy = base + rng.normal(0.0, spread, (batch, 2))
            else:
                xy = np.column_stack([rng.uniform(minx, maxx, batch),
                                      rng.uniform(miny, maxy, batch)])
            ok = shapely.contains_xy(inner, xy[:, 0], xy[:, 1])
            out.extend(map(tuple, xy[ok][:need]))
        if len(out) < n:
            # Too few hits near the given centres (e.g. a river-side cluster): fall back.
            out.extend(map(tuple, self.random_points(rng, code, n - len(out))))
        return np.asarray(out[:n], dtype=float)


def _hexagon(x: float, y: float, area_m2: float, angle: float) -> tuple[Polygon, float]:
    side = math.sqrt(2.0 * area_m2 / (3.0 * math.sqrt(3.0)))
    pts = [(x + side * math.cos(angle + k * math.pi / 3), y + side * math.sin(angle + k * math.pi / 3))
           for k in range(6)]
    return Polygon(pts), side


def _split_area(rng: np.random.Generator, total: float, lo: float, hi: float) -> list[float]:
    """Split ``total`` ha into parts between ``lo`` and ``hi`` (one part if total < lo)."""
    if total <= hi:
        return [round(total, 1)]
    n = max(1, math.ceil(total / ((lo + hi) / 2)))
    while total / n > hi:
        n += 1
    weights = rng.uniform(0.5, 1.5, n)
    parts = np.clip(weights / weights.sum() * total, lo, hi)
    parts = parts / parts.sum() * total
    parts = np.round(parts, 1)
    parts[-1] = round(total - parts[:-1].sum(), 1)  # exact total after rounding
    return [float(p) for p in parts]


# --------------------------------------------------------------------------- zones
def _zone_segments(rng, areas: pd.DataFrame, crops: pd.DataFrame, cfg: dict) -> list[dict]:
    """Cut each district × crop area into high-tech, off-season and ordinary zone sizes."""
    high_tech: dict[tuple, list[dict]] = {}
    for h in cfg["high_tech"]:
        high_tech.setdefault((h["district_code"], h["crop"]), []).append(h)
    off = {(o["district_code"], o["crop"]): float(o["area_ha"]) for o in cfg["off_season"]}
    segs = []
    for _, row in areas.iterrows():
        key = (row["district_code"], row["crop"])
        total = float(row["area_ha"])
        lo, hi = float(crops.at[row["crop"], "zone_min_ha"]), float(crops.at[row["crop"], "zone_max_ha"])
        for h in high_tech.get(key, []):
            segs.append({"key": key, "area_ha": float(h["area_ha"]), "high_tech": True,
                         "off_season": False, "certification": h["certification"]})
            total -= float(h["area_ha"])
        if key in off:
            for part in _split_area(rng, off[key], lo, hi):
                segs.append({"key": key, "area_ha": part, "high_tech": False,
                             "off_season": True, "certification": None})
            total -= off[key]
        if total < -1e-6:
            raise ValueError(f"data/demo: high-tech and off-season area exceed {key} area")
        if total > 0.05:
            for part in _split_area(rng, total, lo, hi):
                segs.append({"key": key, "area_ha": part, "high_tech": False,
                             "off_season": False, "certification": None})
    return segs


def _place_zones(rng, segs: list[dict], districts: _Districts, cfg: dict) -> list[Polygon]:
    gap, sigma = float(cfg["zone_gap_m"]), float(cfg["cluster_sigma_m"])
    placed: dict[str, list[tuple[float, float, float]]] = {}  # district → (x, y, radius)
    centres: dict[tuple, np.ndarray] = {}
    geoms: list[Polygon] = []
    # Big zones first, so that they still find room.
    order = sorted(range(len(segs)), key=lambda i: -segs[i]["area_ha"])
    result: list[Polygon | None] = [None] * len(segs)
    for i in order:
        seg = segs[i]
        code = seg["key"][0]
        inner = districts.inner[code]
        if seg["key"] not in centres:
            total = sum(s["area_ha"] for s in segs if s["key"] == seg["key"])
            k = int(min(4, 1 + total // 1500))
            centres[seg["key"]] = districts.random_points(rng, code, k)
        others = placed.setdefault(code, [])
        area_m2 = seg["area_ha"] * 1e4
        side = math.sqrt(2.0 * area_m2 / (3.0 * math.sqrt(3.0)))
        for attempt in range(400):
            near = centres[seg["key"]] if attempt < 300 else None
            x, y = districts.random_points(rng, code, 1, near=near, spread=sigma)[0]
            if others:
                arr = np.asarray(others)
                d = np.hypot(arr[:, 0] - x, arr[:, 1] - y)
                if np.any(d < arr[:, 2] + side + gap):
                    continue
            poly, _ = _hexagon(x, y, area_m2, float(rng.uniform(0, math.pi / 3)))
            if inner.contains(poly):
                others.append((x, y, side))
                result[i] = poly
                break
        else:
            raise RuntimeError(f"no room for a {seg['area_ha']} ha zone in district {code}")
    geoms = [g for g in result]
    return geoms


def _zones(rng, areas, crops, cfg, districts: _Districts) -> gpd.GeoDataFrame:
    segs = _zone_segments(rng, areas, crops, cfg)
    geoms = _place_zones(rng, segs, districts, cfg)
    gi = {(g["district_code"], g["crop"]): g["brand"] for g in cfg["gi_brand"]}
    windows = cfg["off_season_window"]
    spread = float(cfg["yield_spread"])
    rows = []
    counters: dict[tuple, int] = {}
    for n, (seg, geom) in enumerate(zip(segs, geoms, strict=True), start=1):
        code, crop = seg["key"]
        counters[seg["key"]] = counters.get(seg["key"], 0) + 1
        crop_vi = crops.at[crop, "zone_name_vi"]
        district = districts.names[code]
        if seg["high_tech"]:
            name = f"Vùng {crop_vi} công nghệ cao {district}"
        elif seg["off_season"]:
            name = f"Vùng {crop_vi} trái vụ {district} {counters[seg['key']]:02d}"
        else:
            name = f"Vùng {crop_vi} {district} {counters[seg['key']]:02d}"
        yield_t_ha = round(float(crops.at[crop, "yield_t_ha"]) * float(rng.uniform(1 - spread, 1 + spread)), 1)
        start = end = None
        if seg["off_season"]:
            start, end = windows[crop]
        rows.append({
            "zone_id": f"SLA-Z{n:04d}", "name": name, "crop": crop, "area_ha": seg["area_ha"],
            "yield_t_ha": yield_t_ha,
            "expected_output_t": round(seg["area_ha"] * yield_t_ha, 1),
            "harvest_start": start, "harvest_end": end,
            "off_season": seg["off_season"], "certification": seg["certification"],
            "planting_code": None, "high_tech": seg["high_tech"],
            "gi_brand": gi.get(seg["key"]), "unit_code": code, "geometry": geom,
        })
    zones = pd.DataFrame(rows)
    _assign_codes_and_certification(rng, zones, cfg)
    zones["harvest_start"] = zones["harvest_start"].astype("Int64")
    zones["harvest_end"] = zones["harvest_end"].astype("Int64")
    return gpd.GeoDataFrame(zones, geometry="geometry", crs=cfg["projected_crs"]).to_crs(CRS)


def _assign_codes_and_certification(rng, zones: pd.DataFrame, cfg: dict) -> None:
    pc = cfg["planting_codes"]
    target = float(pc["target_ha"])
    coded = np.zeros(len(zones), dtype=bool)
    coded[zones["high_tech"].to_numpy()] = True
    total = float(zones.loc[coded, "area_ha"].sum())
    candidates = np.flatnonzero(~coded & zones["crop"].isin(pc["crops"]).to_numpy())
    for i in rng.permutation(candidates):
        if total >= target:
            break
        area = float(zones.at[i, "area_ha"])
        if total + area <= target * 1.01:
            coded[i] = True
            total += area
    codes = [None] * len(zones)
    for k, i in enumerate(np.flatnonzero(coded), start=1):
        codes[i] = f"{pc['prefix']}{k:04d}"
    zones["planting_code"] = codes
    cert = cfg["certification"]
    for i in range(len(zones)):
        if isinstance(zones.at[i, "certification"], str):
            continue
        shares = cert["with_code"] if coded[i] else cert["without_code"]
        keys = list(shares)
        p = np.array([shares[k] for k in keys], dtype=float)
        zones.at[i, "certification"] = keys[int(rng.choice(len(keys), p=p / p.sum()))]


# --------------------------------------------------------------------------- points
def _plants(rng, cfg, districts: _Districts, zones_proj: gpd.GeoDataFrame,
            areas: pd.DataFrame, crops: pd.DataFrame, calendar: pd.DataFrame) -> gpd.GeoDataFrame:
    fac_cfg = cfg["facilities"]
    spread = float(fac_cfg["spread_m"])
    zone_xy = {}
    for key, grp in zones_proj.groupby(["unit_code", "crop"]):
        c = grp.geometry.centroid
        zone_xy[key] = np.column_stack([c.x, c.y])
    rows = []
    for _, f in _read_csv("factories.csv").iterrows():
        code = f["district_code"]
        fcrops = _crop_list(f["crops"])
        near = zone_xy.get((code, fcrops[0]))
        x, y = districts.random_points(rng, code, 1, near=near, spread=spread * 2)[0]
        rows.append({
            "plant_id": f["plant_id"], "name": f["name"], "kind": "factory", "crops": fcrops,
            "capacity_t_day": float(f["capacity_t_day"]),
            "operating_months": _months(f["operating_months"]), "products": f["products"],
            "status": f["status"], "owner": f["owner"], "unit_code": code,
            "geometry": Point(x, y),
        })
    shares = calendar.pivot(index="crop", columns="month", values="harvest_share")
    crop_area = areas.assign(area=areas["area_ha"].astype(float))
    n = 0
    for _, d in _read_csv("facilities.csv").iterrows():
        code = d["district_code"]
        local = crop_area[crop_area["district_code"] == code]
        # "other" fruit is rarely processed by dedicated facilities.
        weights = local["area"].to_numpy() * np.where(local["crop"] == "other", 0.3, 1.0)
        for _ in range(int(d["count"])):
            n += 1
            main = str(local["crop"].iloc[int(rng.choice(len(local), p=weights / weights.sum()))])
            fcrops = [main]
            if rng.random() < float(fac_cfg["second_crop_share"]) and len(local) > 1:
                rest = local[local["crop"] != main]
                w = weights[(local["crop"] != main).to_numpy()]
                fcrops.append(str(rest["crop"].iloc[int(rng.choice(len(rest), p=w / w.sum()))]))
            months = sorted({m for c in fcrops for m in _busy_months(shares.loc[c], fac_cfg)})
            cap = float(np.clip(rng.lognormal(math.log(float(fac_cfg["capacity_median_t_day"])),
                                              float(fac_cfg["capacity_sigma"])),
                                float(fac_cfg["capacity_min_t_day"]),
                                float(fac_cfg["capacity_max_t_day"])))
            x, y = districts.random_points(rng, code, 1, near=zone_xy.get((code, main)),
                                           spread=spread)[0]
            crop_vi = crops.at[main, "zone_name_vi"]
            verb = "sấy" if main in ("longan", "mango", "plum") else "sơ chế"
            rows.append({
                "plant_id": f"SLA-P{n:04d}",
                "name": f"Cơ sở {verb} {crop_vi} {districts.names[code]} {n:03d}",
                "kind": "facility", "crops": tuple(fcrops), "capacity_t_day": round(cap, 1),
                "operating_months": tuple(months),
                "products": crops.at[main, "facility_products_vi"], "status": "operating",
                "owner": "Hộ kinh doanh / HTX (minh hoạ)", "unit_code": code,
                "geometry": Point(x, y),
            })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=cfg["projected_crs"]).to_crs(CRS)


def _busy_months(share: pd.Series, fac_cfg: dict) -> list[int]:
    """Months when a crop's harvest share reaches the threshold (else its three best)."""
    months = [int(m) for m, v in share.items() if v >= float(fac_cfg["min_month_share"])]
    return months or [int(m) for m in share.sort_values(ascending=False, kind="stable").index[:3]]


def _cold_stores(rng, cfg, districts: _Districts) -> gpd.GeoDataFrame:
    rows = []
    for _, s in _read_csv("cold_stores.csv").iterrows():
        code = s["district_code"]
        x, y = districts.random_points(rng, code, 1)[0]
        rows.append({
            "store_id": s["store_id"], "name": s["name"], "capacity_t": float(s["capacity_t"]),
            "crops": _crop_list(s["crops"]) if s["crops"] else tuple(CROPS),
            "status": s["status"], "owner": s["owner"], "unit_code": code,
            "geometry": Point(x, y),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=cfg["projected_crs"]).to_crs(CRS)


def _industrial_areas(rng, cfg, districts: _Districts) -> gpd.GeoDataFrame:
    rows = []
    for _, a in _read_csv("industrial_areas.csv").iterrows():
        code = a["district_code"]
        half = math.sqrt(float(a["area_ha"]) * 1e4) / 2
        inner = districts.inner[code]
        for _attempt in range(500):
            x, y = districts.random_points(rng, code, 1)[0]
            geom = box(x - half, y - half, x + half, y + half)
            if inner.contains(geom):
                break
        else:
            raise RuntimeError(f"no room for industrial area {a['area_id']}")
        rows.append({
            "area_id": a["area_id"], "name": a["name"], "kind": a["kind"],
            "area_ha": float(a["area_ha"]), "free_area_ha": float(a["free_area_ha"]),
            "status": a["status"], "unit_code": code, "geometry": geom,
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=cfg["projected_crs"]).to_crs(CRS)


# --------------------------------------------------------------------------- public API
@lru_cache(maxsize=4)
def _build(seed: int) -> dict[str, pd.DataFrame]:
    cfg = _config()
    rng = np.random.default_rng(seed)
    admin = _admin_units()
    districts = _Districts(admin, cfg["projected_crs"], float(cfg["margin_m"]))
    areas = _read_csv("areas.csv")
    crops = _read_csv("crops.csv").set_index("crop")
    calendar = _monthly_table("crop_calendar.csv", "harvest_share")
    markets = _monthly_table("markets.csv", "fresh_capacity_t")
    targets = _read_csv("targets.csv")
    targets["year"] = targets["year"].astype(int).astype("Int64")
    targets["value"] = targets["value"].astype(float)
    zones = _zones(rng, areas, crops, cfg, districts)
    plants = _plants(rng, cfg, districts, zones.to_crs(cfg["projected_crs"]), areas, crops,
                     calendar)
    return {
        "zones": zones,
        "plants": plants,
        "cold_stores": _cold_stores(rng, cfg, districts),
        "industrial_areas": _industrial_areas(rng, cfg, districts),
        "admin_units": admin,
        "markets": markets,
        "crop_calendar": calendar,
        "targets": targets,
    }


def build_demo_layers(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Build every layer and table of the demo workspace from ``data/``.

    Parameters
    ----------
    seed : int
        Seed of the random generator that places zones and points and draws the
        illustrative details. The same seed always gives the same result.

    Returns
    -------
    dict of str to DataFrame
        ``zones``, ``plants``, ``cold_stores``, ``industrial_areas``, ``admin_units``
        (GeoDataFrames in EPSG:4326) and ``markets``, ``crop_calendar``, ``targets``
        (DataFrames), in their in-memory form (lists as tuples, booleans as bool).
    """
    return {name: df.copy() for name, df in _build(int(seed)).items()}


def write_demo(path: str | os.PathLike, force: bool = False,
               seed: int = DEFAULT_SEED) -> Workspace:
    """Write the demo workspace into the folder ``path``.

    Parameters
    ----------
    path : str or Path
        Target folder (created when missing).
    force : bool
        Overwrite an existing workspace in ``path``.
    seed : int
        See :func:`build_demo_layers`.

    Returns
    -------
    Workspace
        The written workspace.

    Raises
    ------
    WorkspaceError
        ``demo_target_not_empty`` when ``path`` already holds ``fruitmap.gpkg`` and ``force``
        is false; ``workspace_write_failed`` when the folder cannot be written.
    """
    target = Path(path).expanduser()
    if (target / GPKG_NAME).exists() and not force:
        raise WorkspaceError("demo_target_not_empty", path=str(target))
    if target.exists() and not target.is_dir():
        raise WorkspaceError("workspace_write_failed", path=str(target),
                             reason="not a folder")
    return create(target, build_demo_layers(seed), who="fruitmap demo", action="demo",
                  source_file="data/demo")


def summary(layers: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Return the headline numbers of a demo build (used by the CLI and data/README.md)."""
    zones, plants = layers["zones"], layers["plants"]
    operating = plants[plants["status"] == "operating"]
    yearly = sum(float(p["capacity_t_day"]) * 26 * len(p["operating_months"])
                 for _, p in operating.iterrows())
    return {
        "zones": len(zones),
        "area_ha": float(zones["area_ha"].sum()),
        "output_t": float(zones["expected_output_t"].sum()),
        "plants": len(plants),
        "factories": int((plants["kind"] == "factory").sum()),
        "processing_t_year": yearly,
        "cold_store_t": float(layers["cold_stores"]["capacity_t"].sum()),
        "fresh_market_t": float(layers["markets"]["fresh_capacity_t"].sum()),
    }


def harvest_months(start: int, end: int) -> list[int]:
    """Return the months from ``start`` to ``end`` inclusive, wrapping over the new year."""
    months = [int(start)]
    while months[-1] != int(end):
        months.append(months[-1] % 12 + 1)
    return months


def derive_markets(zones: pd.DataFrame, calendar: pd.DataFrame, params: dict) -> pd.DataFrame:
    """Derive illustrative fresh-market capacities (wide: ``crop, 1..12``) from the zones.

    Parameters
    ----------
    zones, calendar : DataFrame
        The demo's zones and crop calendar.
    params : dict
        ``[markets_derivation]`` of ``data/demo/generator.toml``.

    Returns
    -------
    DataFrame
        One row per crop with the tonnes per month (rounded to 100 t) and a ``basis`` column.
    """
    shares = calendar.pivot(index="crop", columns="month", values="harvest_share")
    k, beta = float(params["calendar_weight"]), float(params["off_season_share"])
    off: dict[tuple[str, int], float] = {}
    for _, z in zones[zones["off_season"]].iterrows():
        months = harvest_months(z["harvest_start"], z["harvest_end"])
        for m in months:
            off[(z["crop"], m)] = off.get((z["crop"], m), 0.0) + z["expected_output_t"] / len(months)
    rows = []
    for crop in CROPS:
        share = shares.loc[crop]
        season = share > 0
        alpha = float(params["fresh_share"][crop])
        main = float(zones.loc[zones["crop"] == crop, "expected_output_t"].sum()) \
            - sum(v for (c, _), v in off.items() if c == crop)
        row = {"crop": crop}
        for m in MONTHS:
            even = (1.0 / season.sum()) if season[m] else 0.0
            value = alpha * main * (k * share[m] + (1 - k) * even) + beta * off.get((crop, m), 0.0)
            row[str(m)] = int(round(value, -2))
        basis = (f"illustrative: {alpha:.0%} of the main-season output, {k:.0%} spread by the "
                 f"crop calendar and {1 - k:.0%} evenly over the harvest months")
        if any(c == crop for c, _ in off):
            basis += f", plus {beta:.0%} of the off-season output in its months"
        row["basis"] = basis
        rows.append(row)
    return pd.DataFrame(rows)


def _main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m fruitmap.demo",
                                     description="maintenance of the demo's source tables")
    parser.add_argument("--derive-markets", action="store_true",
                        help="rewrite data/demo/markets.csv from the zones (see generator.toml)")
    args = parser.parse_args(argv)
    if args.derive_markets:
        layers = _build.__wrapped__(DEFAULT_SEED)
        table = derive_markets(layers["zones"], layers["crop_calendar"],
                               _config()["markets_derivation"])
        table.to_csv(DEMO_DIR / "markets.csv", index=False, encoding="utf-8")
        print(f"wrote {DEMO_DIR / 'markets.csv'}")
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(_main())


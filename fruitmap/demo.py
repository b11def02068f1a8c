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

import csv
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

from fruitmap.columns import parse_month_list
from fruitmap.crops import CROPS
from fruitmap.errors import InputError, Problem, WorkspaceError
from fruitmap.workspace.geopackage import CRS, GPKG_NAME, PROJECT_ROOT, Workspace, create

DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
DEFAULT_SEED = 2025
PROVINCE_CODE = "14"
MONTHS = tuple(range(1, 13))
DEMO_LAYERS = ("zones", "plants", "cold_stores", "industrial_areas", "admin_units", "markets",
               "crop_calendar", "targets")
# Operating days a month assumed by the contract's balance (used only for the summary).
OPERATING_DAYS = 26


# --------------------------------------------------------------------------- sources
class _Source:
    """Rows of one CSV file of ``data/demo`` with checked accessors.

    A person edits these files; a mistake is reported as an :class:`InputError` naming the
    file, the row (the header is row 1, as in a spreadsheet), the column and the value.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        with open(DEMO_DIR / name, newline="", encoding="utf-8") as fh:
            self.rows = list(csv.DictReader(fh))

    def __iter__(self):
        return iter(enumerate(self.rows, start=2))

    def fail(self, row: int, column: str, code: str, **params) -> InputError:
        value = self.rows[row - 2].get(column) if row >= 2 else None
        problem = Problem(code, file=f"data/demo/{self.name}", row=row, column=column,
                          value=value, params=params)
        return InputError("demo_source_invalid", [problem], file=f"data/demo/{self.name}")

    def text(self, row: int, column: str) -> str:
        value = (self.rows[row - 2].get(column) or "").strip()
        if not value:
            raise self.fail(row, column, "missing_value")
        return value

    def number(self, row: int, column: str, minimum: float = 0.0) -> float:
        try:
            value = float(self.text(row, column))
        except ValueError:
            raise self.fail(row, column, "not_a_number") from None
        if not math.isfinite(value) or value < minimum:
            raise self.fail(row, column, "below_minimum", minimum=minimum)
        return value

    def crop(self, row: int, column: str = "crop") -> str:
        value = self.text(row, column)
        if value not in CROPS:
            raise self.fail(row, column, "not_allowed", allowed=", ".join(CROPS))
        return value

    def crops(self, row: int, column: str = "crops") -> tuple[str, ...]:
        items = tuple(i.strip() for i in (self.rows[row - 2].get(column) or "").split(";")
                      if i.strip())
        if any(i not in CROPS for i in items):
            raise self.fail(row, column, "not_allowed", allowed=", ".join(CROPS))
        return items

    def months(self, row: int, column: str) -> tuple[int, ...]:
        months = parse_month_list(self.text(row, column))
        if not months:
            raise self.fail(row, column, "not_a_month")
        return months

    def district(self, row: int, codes: dict, column: str = "district_code") -> str:
        value = self.text(row, column)
        if value not in codes:
            raise self.fail(row, column, "not_allowed", allowed=", ".join(sorted(codes)))
        return value


def _config() -> dict:
    with open(DEMO_DIR / "generator.toml", "rb") as fh:
        return tomllib.load(fh)


def _monthly(name: str, column: str) -> tuple[pd.DataFrame, dict[str, dict[int, float]]]:
    """Read a wide crop × month CSV (``crop, 1..12``) into long form and a nested dict."""
    src = _Source(name)
    nested: dict[str, dict[int, float]] = {}
    for row, _ in src:
        crop = src.crop(row)
        nested[crop] = {m: src.number(row, str(m)) for m in MONTHS}
    missing = [c for c in CROPS if c not in nested]
    if missing:
        raise InputError("demo_source_invalid", [Problem(
            "demo_crop_missing", file=f"data/demo/{name}", value=missing[0])],
            file=f"data/demo/{name}")
    long = pd.DataFrame([{"crop": c, "month": m, column: nested[c][m]}
                         for c in CROPS for m in MONTHS])
    long["month"] = long["month"].astype("Int64")
    return long, nested


def _calendar() -> tuple[pd.DataFrame, dict[str, dict[int, float]]]:
    long, shares = _monthly("crop_calendar.csv", "harvest_share")
    for crop, months in shares.items():
        total = sum(months.values())
        if abs(total - 1.0) > 1e-6:
            raise InputError("demo_source_invalid", [Problem(
                "calendar_sum", file="data/demo/crop_calendar.csv", params={
                    "crop": crop, "total": round(total, 4)})],
                file="data/demo/crop_calendar.csv")
    return long, shares


# --------------------------------------------------------------------------- boundaries
def _admin_units() -> gpd.GeoDataFrame:
    province = gpd.read_file(BOUNDARIES_DIR / "son_la_province.geojson", engine="pyogrio")
    districts = gpd.read_file(BOUNDARIES_DIR / "son_la_districts.geojson", engine="pyogrio")
    rows = [{
        "unit_code": PROVINCE_CODE, "name": "Tỉnh Sơn La", "level": "province",
        "name_ascii": "Tinh Son La", "parent_code": None, "name_full": "Tỉnh Sơn La",
        "area_km2": float(province["area_km2"].iloc[0]), "geometry": province.geometry.iloc[0],
    }]
    for rec in districts.sort_values("code").to_dict("records"):
        city = rec["unit_type"] == "thành phố"
        rows.append({
            "unit_code": str(rec["code"]),
            # The city shares its short name with the province: keep them apart.
            "name": "Thành phố Sơn La" if city else str(rec["name"]),
            "level": "district",
            "name_ascii": "Thanh pho Son La" if city else str(rec["name_ascii"]),
            "parent_code": PROVINCE_CODE,
            "name_full": str(rec["name_full"]),
            "area_km2": float(rec["area_km2"]),
            "geometry": rec["geometry"],
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


class _Districts:
    """District polygons in the projected CRS, shrunk by the margin and prepared."""

    def __init__(self, admin: gpd.GeoDataFrame, crs: str, margin: float) -> None:
        districts = admin[admin["level"] == "district"].to_crs(crs)
        self.inner: dict[str, object] = {}
        self.names: dict[str, str] = {}
        for code, name, geom in zip(districts["unit_code"], districts["name"],
                                    districts.geometry, strict=True):
            inner = geom.buffer(-margin)
            shapely.prepare(inner)
            self.inner[code] = inner
            self.names[code] = name

    def random_points(self, rng: np.random.Generator, code: str, n: int,
                      near: np.ndarray | None = None, spread: float = 0.0) -> np.ndarray:
        """Return ``n`` points (x, y) inside district ``code``; near given centres if any."""
        inner = self.inner[code]
        minx, miny, maxx, maxy = inner.bounds
        out: list[np.ndarray] = []
        have = 0
        for _ in range(200):
            if have >= n:
                break
            batch = max(4 * (n - have), 32)
            if near is not None and len(near):
                xy = near[rng.integers(0, len(near), batch)] + rng.normal(0.0, spread, (batch, 2))
            else:
                xy = np.column_stack([rng.uniform(minx, maxx, batch),
                                      rng.uniform(miny, maxy, batch)])
            hit = xy[shapely.contains_xy(inner, xy[:, 0], xy[:, 1])][: n - have]
            out.append(hit)
            have += len(hit)
        points = np.concatenate(out) if out else np.empty((0, 2))
        if len(points) < n:
            # Too few hits near the given centres (e.g. a cluster at the border): fall back.
            points = np.concatenate([points, self.random_points(rng, code, n - len(points))])
        return points[:n]


def _hexagon_side(area_m2: float) -> float:
    return math.sqrt(2.0 * area_m2 / (3.0 * math.sqrt(3.0)))


def _hexagon(x: float, y: float, side: float, angle: float) -> Polygon:
    return Polygon([(x + side * math.cos(angle + k * math.pi / 3),
                     y + side * math.sin(angle + k * math.pi / 3)) for k in range(6)])


def _split_area(rng: np.random.Generator, total: float, lo: float, hi: float) -> list[float]:
    """Split ``total`` ha into parts between ``lo`` and ``hi`` (one part if total <= hi)."""
    if total <= hi:
        return [round(total, 1)]
    n = max(1, math.ceil(total / ((lo + hi) / 2)))
    while total / n > hi:
        n += 1
    weights = rng.uniform(0.5, 1.5, n)
    parts = np.clip(weights / weights.sum() * total, lo, hi)
    parts = np.round(parts / parts.sum() * total, 1)
    parts[-1] = round(total - parts[:-1].sum(), 1)  # exact total after rounding
    return [float(p) for p in parts]


# --------------------------------------------------------------------------- zones
def _zone_segments(rng, cfg: dict, crops: dict, districts: _Districts) -> list[dict]:
    """Cut each district × crop area into high-tech, off-season and ordinary zone sizes."""
    high_tech: dict[tuple, list[dict]] = {}
    for h in cfg["high_tech"]:
        high_tech.setdefault((h["district_code"], h["crop"]), []).append(h)
    off = {(o["district_code"], o["crop"]): float(o["area_ha"]) for o in cfg["off_season"]}
    src = _Source("areas.csv")
    segs = []
    for row, _ in src:
        key = (src.district(row, districts.names), src.crop(row))
        total = src.number(row, "area_ha")
        lo, hi = crops[key[1]]["zone_min_ha"], crops[key[1]]["zone_max_ha"]
        for h in high_tech.get(key, []):
            segs.append({"key": key, "area_ha": float(h["area_ha"]), "high_tech": True,
                         "off_season": False, "certification": h["certification"]})
            total -= float(h["area_ha"])
        if key in off:
            segs += [{"key": key, "area_ha": part, "high_tech": False, "off_season": True,
                      "certification": None} for part in _split_area(rng, off[key], lo, hi)]
            total -= off[key]
        if total < -1e-6:
            raise src.fail(row, "area_ha", "demo_area_exceeded")
        if total > 0.05:
            segs += [{"key": key, "area_ha": part, "high_tech": False, "off_season": False,
                      "certification": None} for part in _split_area(rng, total, lo, hi)]
    return segs


def _place_zones(rng, segs: list[dict], districts: _Districts, cfg: dict) -> list[Polygon]:
    """Place one hexagon per segment inside its district, apart from the others."""
    gap, sigma = float(cfg["zone_gap_m"]), float(cfg["cluster_sigma_m"])
    placed: dict[str, list[tuple[float, float, float]]] = {}  # district → (x, y, side)
    centres: dict[tuple, np.ndarray] = {}
    totals: dict[tuple, float] = {}
    for seg in segs:
        totals[seg["key"]] = totals.get(seg["key"], 0.0) + seg["area_ha"]
    result: list[Polygon | None] = [None] * len(segs)
    # Big zones first, so that they still find room.
    for i in sorted(range(len(segs)), key=lambda i: -segs[i]["area_ha"]):
        seg = segs[i]
        code = seg["key"][0]
        if seg["key"] not in centres:
            # Orchards of one crop cluster in a few places of a district (1 to 4).
            k = int(min(4, 1 + totals[seg["key"]] // 1500))
            centres[seg["key"]] = districts.random_points(rng, code, k)
        others = placed.setdefault(code, [])
        side = _hexagon_side(seg["area_ha"] * 1e4)
        for attempt in range(400):
            near = centres[seg["key"]] if attempt < 300 else None
            x, y = districts.random_points(rng, code, 1, near=near, spread=sigma)[0]
            if others:
                arr = np.asarray(others)
                if np.any(np.hypot(arr[:, 0] - x, arr[:, 1] - y) < arr[:, 2] + side + gap):
                    continue
            poly = _hexagon(x, y, side, float(rng.uniform(0, math.pi / 3)))
            if districts.inner[code].contains(poly):
                others.append((x, y, side))
                result[i] = poly
                break
        else:
            raise InputError("demo_source_invalid", [Problem(
                "demo_no_room", file="data/demo/areas.csv", value=seg["area_ha"],
                params={"district": districts.names[code]})], file="data/demo/areas.csv")
    return result


def _zones(rng, cfg: dict, crops: dict, districts: _Districts) -> gpd.GeoDataFrame:
    segs = _zone_segments(rng, cfg, crops, districts)
    geoms = _place_zones(rng, segs, districts, cfg)
    gi = {(g["district_code"], g["crop"]): g["brand"] for g in cfg["gi_brand"]}
    windows = cfg["off_season_window"]
    spread = float(cfg["yield_spread"])
    rows = []
    counters: dict[tuple, int] = {}
    for n, (seg, geom) in enumerate(zip(segs, geoms, strict=True), start=1):
        code, crop = seg["key"]
        counters[seg["key"]] = counters.get(seg["key"], 0) + 1
        label = f"{crops[crop]['zone_name_vi']}"
        district = districts.names[code]
        if seg["high_tech"]:
            name = f"Vùng {label} công nghệ cao {district}"
        elif seg["off_season"]:
            name = f"Vùng {label} trái vụ {district} {counters[seg['key']]:02d}"
        else:
            name = f"Vùng {label} {district} {counters[seg['key']]:02d}"
        yield_t_ha = round(crops[crop]["yield_t_ha"] * float(rng.uniform(1 - spread, 1 + spread)),
                           1)
        start, end = windows[crop] if seg["off_season"] else (None, None)
        rows.append({
            "zone_id": f"SLA-Z{n:04d}", "name": name, "crop": crop, "area_ha": seg["area_ha"],
            "yield_t_ha": yield_t_ha,
            "expected_output_t": round(seg["area_ha"] * yield_t_ha, 1),
            "harvest_start": start, "harvest_end": end,
            "off_season": seg["off_season"], "certification": seg["certification"],
            "planting_code": None, "high_tech": seg["high_tech"],
            "gi_brand": gi.get(seg["key"]), "unit_code": code, "geometry": geom,
        })
    _assign_codes_and_certification(rng, rows, cfg)
    zones = _to_wgs84(rows, cfg)
    zones["harvest_start"] = zones["harvest_start"].astype("Int64")
    zones["harvest_end"] = zones["harvest_end"].astype("Int64")
    return zones


def _assign_codes_and_certification(rng, rows: list[dict], cfg: dict) -> None:
    """Give planting-area codes up to the target area, then draw certifications."""
    pc = cfg["planting_codes"]
    target = float(pc["target_ha"])
    coded = [r["high_tech"] for r in rows]  # high-tech zones always have a code
    total = sum(r["area_ha"] for r in rows if r["high_tech"])
    candidates = [i for i, r in enumerate(rows) if not coded[i] and r["crop"] in pc["crops"]]
    for i in rng.permutation(candidates):
        if total >= target:
            break
        if total + rows[i]["area_ha"] <= target * 1.01:
            coded[i] = True
            total += rows[i]["area_ha"]
    k = 0
    for i, row in enumerate(rows):
        if coded[i]:
            k += 1
            row["planting_code"] = f"{pc['prefix']}{k:04d}"
        if row["certification"] is None:
            shares = cfg["certification"]["with_code" if coded[i] else "without_code"]
            keys = list(shares)
            p = np.array([shares[key] for key in keys], dtype=float)
            row["certification"] = keys[int(rng.choice(len(keys), p=p / p.sum()))]


# --------------------------------------------------------------------------- points
def _busy_months(share: dict[int, float], threshold: float) -> list[int]:
    """Months when a crop's harvest share reaches ``threshold`` (else its three best)."""
    months = [m for m in MONTHS if share[m] >= threshold]
    return months or sorted(sorted(MONTHS, key=lambda m: -share[m])[:3])


def _plants(rng, cfg, districts: _Districts, zones_proj: gpd.GeoDataFrame, areas: list[dict],
            crops: dict, shares: dict) -> gpd.GeoDataFrame:
    fac = cfg["facilities"]
    spread = float(fac["spread_m"])
    cent = zones_proj.geometry.centroid
    zone_xy: dict[tuple, np.ndarray] = {}
    for key, idx in zones_proj.groupby(["unit_code", "crop"]).indices.items():
        zone_xy[key] = np.column_stack([cent.x.to_numpy()[idx], cent.y.to_numpy()[idx]])
    rows = []
    src = _Source("factories.csv")
    for row, rec in src:
        code = src.district(row, districts.names)
        fcrops = src.crops(row)
        x, y = districts.random_points(rng, code, 1, near=zone_xy.get((code, fcrops[0])),
                                       spread=spread * 2)[0]
        rows.append({
            "plant_id": src.text(row, "plant_id"), "name": src.text(row, "name"),
            "kind": "factory", "crops": fcrops,
            "capacity_t_day": src.number(row, "capacity_t_day"),
            "operating_months": src.months(row, "operating_months"),
            "products": rec["products"], "status": src.text(row, "status"),
            "owner": rec["owner"], "unit_code": code, "geometry": Point(x, y),
        })
    src = _Source("facilities.csv")
    n = 0
    for row, _ in src:
        code = src.district(row, districts.names)
        local = [a for a in areas if a["district_code"] == code]
        names = [a["crop"] for a in local]
        # "other" fruit is rarely processed by dedicated facilities.
        weights = np.array([a["area_ha"] * (0.3 if a["crop"] == "other" else 1.0)
                            for a in local])
        for _ in range(int(src.number(row, "count"))):
            n += 1
            main = names[int(rng.choice(len(names), p=weights / weights.sum()))]
            fcrops = [main]
            if rng.random() < float(fac["second_crop_share"]) and len(names) > 1:
                w = np.where(np.array(names) == main, 0.0, weights)
                fcrops.append(names[int(rng.choice(len(names), p=w / w.sum()))])
            months = sorted({m for c in fcrops
                             for m in _busy_months(shares[c], float(fac["min_month_share"]))})
            # Most are household kilns at the minimum; a long tail are workshops.
            extra = rng.lognormal(math.log(float(fac["capacity_extra_median_t_day"])),
                                  float(fac["capacity_sigma"]))
            cap = min(float(fac["capacity_min_t_day"]) + float(extra),
                      float(fac["capacity_max_t_day"]))
            x, y = districts.random_points(rng, code, 1, near=zone_xy.get((code, main)),
                                           spread=spread)[0]
            verb = "sấy" if main in ("longan", "mango", "plum") else "sơ chế"
            rows.append({
                "plant_id": f"SLA-P{n:04d}",
                "name": f"Cơ sở {verb} {crops[main]['zone_name_vi']} {districts.names[code]} "
                        f"{n:03d}",
                "kind": "facility", "crops": tuple(fcrops), "capacity_t_day": round(cap, 1),
                "operating_months": tuple(months),
                "products": crops[main]["facility_products_vi"], "status": "operating",
                "owner": "Hộ kinh doanh / HTX (minh hoạ)", "unit_code": code,
                "geometry": Point(x, y),
            })
    return _to_wgs84(rows, cfg)


def _placed(name: str, cfg: dict, districts: _Districts, feature) -> gpd.GeoDataFrame:
    """One feature per row of the demo source ``name``, in WGS 84.

    ``feature(src, row, rec, code)`` returns the feature's columns, its geometry in the
    projected CRS; ``code`` is the district the row names.
    """
    src = _Source(name)
    rows = [feature(src, row, rec, src.district(row, districts.names)) for row, rec in src]
    return _to_wgs84(rows, cfg)


def _to_wgs84(rows: list[dict], cfg: dict) -> gpd.GeoDataFrame:
    """Rows whose geometry is in the demo's projected CRS, as a frame in WGS 84."""
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=cfg["projected_crs"]).to_crs(CRS)


def _cold_stores(rng, cfg, districts: _Districts) -> gpd.GeoDataFrame:
    def store(src: _Source, row, rec, code: str) -> dict:
        x, y = districts.random_points(rng, code, 1)[0]
        return {
            "store_id": src.text(row, "store_id"), "name": src.text(row, "name"),
            "capacity_t": src.number(row, "capacity_t"),
            "crops": src.crops(row) or tuple(CROPS),
            "status": src.text(row, "status"), "owner": rec["owner"], "unit_code": code,
            "geometry": Point(x, y),
        }

    return _placed("cold_stores.csv", cfg, districts, store)


def _industrial_areas(rng, cfg, districts: _Districts) -> gpd.GeoDataFrame:
    def area(src: _Source, row, _rec, code: str) -> dict:
        area_ha = src.number(row, "area_ha")
        half = math.sqrt(area_ha * 1e4) / 2
        for _attempt in range(500):
            x, y = districts.random_points(rng, code, 1)[0]
            geom = box(x - half, y - half, x + half, y + half)
            if districts.inner[code].contains(geom):
                break
        else:
            raise src.fail(row, "area_ha", "demo_no_room", district=districts.names[code])
        return {
            "area_id": src.text(row, "area_id"), "name": src.text(row, "name"),
            "kind": src.text(row, "kind"), "area_ha": area_ha,
            "free_area_ha": src.number(row, "free_area_ha"),
            "status": src.text(row, "status"), "unit_code": code, "geometry": geom,
        }

    return _placed("industrial_areas.csv", cfg, districts, area)


def _targets() -> pd.DataFrame:
    src = _Source("targets.csv")
    rows = [{
        "target_id": src.text(row, "target_id"), "label_vi": src.text(row, "label_vi"),
        "label_en": src.text(row, "label_en"), "year": int(src.number(row, "year")),
        "value": src.number(row, "value"), "unit": src.text(row, "unit"),
        "source": src.text(row, "source"),
    } for row, _ in src]
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    return out


def _crops() -> dict[str, dict]:
    src = _Source("crops.csv")
    out = {}
    for row, rec in src:
        out[src.crop(row)] = {
            "yield_t_ha": src.number(row, "yield_t_ha"),
            "zone_min_ha": src.number(row, "zone_min_ha"),
            "zone_max_ha": src.number(row, "zone_max_ha"),
            "zone_name_vi": src.text(row, "zone_name_vi"),
            "facility_products_vi": rec["facility_products_vi"],
        }
    return out


# --------------------------------------------------------------------------- public API
def official_admin_units() -> gpd.GeoDataFrame:
    """Return the ``admin_units`` layer built from the real outlines in ``data/boundaries/``.

    The province (``unit_code`` "14") and its 12 former districts (3-digit GSO codes), with
    ``name``, ``name_ascii``, ``parent_code``, ``name_full`` and ``area_km2``; CC BY-SA 4.0
    (see ``data/boundaries/LICENCE.md``). The demo and :mod:`fruitmap.workspace.starter` both use it.
    """
    return _admin_units()


def default_crop_calendar() -> pd.DataFrame:
    """Return ``data/demo/crop_calendar.csv`` as the ``crop_calendar`` table (long form).

    The harvest months are FACTS.md's typical seasons for Sơn La; the shares within them are
    illustrative (each row's ``basis`` says so in the file).

    Raises
    ------
    InputError
        ``demo_source_invalid`` when a crop's shares do not sum to 1 or a value is unusable.
    """
    return _calendar()[0]


def bundled_targets() -> pd.DataFrame:
    """Return ``data/demo/targets.csv`` as the ``targets`` table, each row with its ``source``."""
    return _targets()


@lru_cache(maxsize=4)
def _build(seed: int) -> dict[str, pd.DataFrame]:
    cfg = _config()
    rng = np.random.default_rng(seed)
    admin = _admin_units()
    districts = _Districts(admin, cfg["projected_crs"], float(cfg["margin_m"]))
    crops = _crops()
    calendar, shares = _calendar()
    markets, _ = _monthly("markets.csv", "fresh_capacity_t")
    src = _Source("areas.csv")
    areas = [{"district_code": src.text(r, "district_code"), "crop": src.crop(r),
              "area_ha": src.number(r, "area_ha")} for r, _ in src]
    zones = _zones(rng, cfg, crops, districts)
    plants = _plants(rng, cfg, districts, zones.to_crs(cfg["projected_crs"]), areas, crops,
                     shares)
    return {
        "zones": zones,
        "plants": plants,
        "cold_stores": _cold_stores(rng, cfg, districts),
        "industrial_areas": _industrial_areas(rng, cfg, districts),
        "admin_units": admin,
        "markets": markets,
        "crop_calendar": calendar,
        "targets": _targets(),
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

    Raises
    ------
    InputError
        ``demo_source_invalid`` when a file of ``data/demo`` holds a value the generator
        cannot use (the problem names the file, row, column and value).
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
        is false; ``folder_other_files`` (or another refusal of
        :func:`fruitmap.workspace.starter.inspect_folder`) when ``path`` holds other files and
        ``force`` is false; ``workspace_write_failed`` when ``path`` is not a writable folder.
    """
    from fruitmap.workspace.starter import FolderState, inspect_folder

    target = Path(path).expanduser()
    if (target / GPKG_NAME).exists() and not force:
        raise WorkspaceError("demo_target_not_empty", path=str(target))
    check = inspect_folder(target)
    if check.state is FolderState.FOREIGN and not force:
        # A folder of someone's other files (or a GeoPackage that is not ours): writing the
        # demo there would mix it with them, so it is refused as the app's start screen does.
        raise check.refusal()
    if target.exists() and not target.is_dir():
        raise WorkspaceError("workspace_write_failed", path=str(target), reason="not a folder")
    layers = build_demo_layers(seed)
    try:
        return create(target, layers, who="fruitmap demo", action="demo",
                      source_file="data/demo")
    except OSError as exc:  # e.g. the parent folder is read-only
        raise WorkspaceError("workspace_write_failed", path=str(target), reason=exc) from exc


def summary(layers: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Return the headline numbers of a demo build (used by the CLI and data/README.md).

    ``processing_t_year`` is what the operating plants could take in a year at
    ``OPERATING_DAYS`` days in each of their operating months.
    """
    zones, plants = layers["zones"], layers["plants"]
    operating = plants[plants["status"] == "operating"]
    yearly = float(sum(cap * OPERATING_DAYS * len(months) for cap, months in
                       zip(operating["capacity_t_day"], operating["operating_months"],
                           strict=True)))
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
    offz = zones[zones["off_season"]]
    for crop, start, end, out in zip(offz["crop"], offz["harvest_start"], offz["harvest_end"],
                                     offz["expected_output_t"], strict=True):
        months = harvest_months(start, end)
        for m in months:
            off[(crop, m)] = off.get((crop, m), 0.0) + out / len(months)
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
    if not args.derive_markets:
        parser.print_help()
        return 2
    layers = _build.__wrapped__(DEFAULT_SEED)
    table = derive_markets(layers["zones"], layers["crop_calendar"],
                           _config()["markets_derivation"])
    table.to_csv(DEMO_DIR / "markets.csv", index=False, encoding="utf-8")
    print(f"wrote {DEMO_DIR / 'markets.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())

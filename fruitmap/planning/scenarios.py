"""Saved scenarios: named sets of changes over a workspace's data, applied in memory only.

A scenario never touches the base layers. It is stored in the workspace table ``scenarios``
(one row per scenario, its changes as JSON text) through
:meth:`fruitmap.workspace.geopackage.Workspace.write`, so every save, rename, copy or delete is
one all-or-nothing change in ``history`` that :meth:`~Workspace.rollback` undoes.

A change is a JSON-ready dict with key ``"op"``::

    {"op": "add", "layer": "plants" | "cold_stores", "lon": 104.1, "lat": 21.2,
     "attrs": {"name": ..., "kind": ..., "crops": [...], "capacity_t_day": 50,
               "operating_months": [...], "status": ...}}       # optional "id"
    {"op": "change", "layer": ..., "id": "F01", "attrs": {...}}   # optional "lon"/"lat"
    {"op": "remove", "layer": ..., "id": "F01"}
    {"op": "zones", "crop": "mango", "unit_code": "124" | None,
     "area_pct" | "area_ha" | "yield_pct": 10.0, "off_season": True}   # off_season optional
    {"op": "params", "max_haul_km": 80, "circuity": 1.4, "operating_days": 24,
     "count_planned": True}                                        # every key optional

Changes apply in order, so a later change may change or remove a facility an earlier one
added. New facilities get the ids ``SC-1``, ``SC-2``, … (the next free ones) unless the change
names one. :func:`apply_scenario` returns new layers and the
:class:`~fruitmap.balance.solve.BalanceParams` fields the scenario overrides.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from fruitmap.columns import is_missing
from fruitmap.crops import CROPS, DEFAULT_YIELD_T_HA
from fruitmap.errors import ScenarioError
from fruitmap.schema import (
    CROP_LIST,
    ENUM,
    FLOAT,
    MONTH_LIST,
    SCENARIOS,
    STATUSES,
    TEXT,
    get_layer,
)

TABLE = SCENARIOS.name
COLUMNS = [c.name for c in SCENARIOS.columns]
FACILITY_LAYERS = ("plants", "cold_stores")
OPS = ("add", "change", "remove", "zones", "params")
ZONE_AMOUNTS = ("area_pct", "area_ha", "yield_pct")
PARAM_KEYS = ("max_haul_km", "circuity", "operating_days", "count_planned")
NEW_ID_PREFIX = "SC-"
MAX_NAME_CHARS = 120
MAX_CHANGES = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Layer keys the app reads besides the facilities (zones need admin units to be placed).
NEEDED_LAYERS = ("zones", "plants", "cold_stores", "admin_units")


@dataclass
class Scenario:
    """A saved scenario.

    Attributes
    ----------
    name : str
    description : str
    changes : list of dict
        The changes, in the order they apply (see the module's docstring).
    created, updated : str
        ISO times of the first and the latest save ("" for a scenario not saved yet).
    """

    name: str
    description: str = ""
    changes: list = field(default_factory=list)
    created: str = ""
    updated: str = ""


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


# ----------------------------------------------------------------------------- validation
def _fail(n: int | None, op: object, field_name: str, value: object, expect: str,
          **expect_params: object) -> None:
    """Raise ``scenario_change``: change ``n``, its ``op``, the field, the value, and what was
    expected (``scenario.expect.<expect>`` in the reader's language)."""
    raise ScenarioError("scenario_change", n=n if n is not None else "–", op=op,
                        field=field_name, value="—" if value is None else value,
                        expect=expect, expect_params=expect_params)


def _number(n, op, key, value, low=None, high=None) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    number = float(value) if ok else float("nan")
    if not ok or not math.isfinite(number) or (low is not None and number < low) or \
            (high is not None and number > high):
        if low is None and high is None:
            _fail(n, op, key, value, "number")
        if high is None:
            _fail(n, op, key, value, "number_min", low=f"{low:g}")
        _fail(n, op, key, value, "number_range", low=f"{low:g}", high=f"{high:g}")
    return number


def _clean_attr(n: int, op: str, layer_name: str, key: str, value: object) -> object:
    """Check one attribute of a facility against the contract's column; return it clean."""
    layer = get_layer(layer_name)
    names = [c.name for c in layer.columns if c.name not in (layer.id_column, "unit_code")]
    if key not in names:
        _fail(n, op, "attrs", key, "one_of", values=", ".join(names))
    column = layer.column(key)
    if column.kind == TEXT:
        if value is None:
            return None
        if not isinstance(value, str) or (key == "name" and not value.strip()):
            _fail(n, op, key, value, "name" if key == "name" else "text")
        return _CONTROL.sub(" ", value).strip()
    if column.kind == ENUM:
        if value not in column.allowed:
            _fail(n, op, key, value, "one_of", values=", ".join(column.allowed))
        return value
    if column.kind == FLOAT:
        return _number(n, op, key, value, column.minimum, column.maximum)
    if column.kind == CROP_LIST:
        items = value.split(";") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not items or \
                any(str(c).strip() not in CROPS for c in items):
            _fail(n, op, key, value, "crops", values=", ".join(CROPS))
        return [str(c).strip() for c in items]
    if column.kind == MONTH_LIST:
        items = value.split(";") if isinstance(value, str) else value
        try:
            months = sorted({int(str(m).strip()) for m in items})
        except (TypeError, ValueError):
            months = []
        if not months or months[0] < 1 or months[-1] > 12:
            _fail(n, op, key, value, "months")
        return months
    return value  # pragma: no cover - every facility column kind is handled above


def _clean_attrs(n: int, op: str, layer_name: str, attrs: object) -> dict:
    if attrs is None:
        return {}
    if not isinstance(attrs, dict):
        _fail(n, op, "attrs", attrs, "mapping")
    return {str(k): _clean_attr(n, op, layer_name, str(k), v) for k, v in attrs.items()}


def _lon_lat(n: int, op: str, change: dict) -> tuple[float, float]:
    lon = _number(n, op, "lon", change.get("lon"), -180, 180)
    lat = _number(n, op, "lat", change.get("lat"), -90, 90)
    return lon, lat


def clean_change(change: object, n: int | None = None) -> dict:
    """Check the form of one change and return it normalised (JSON-ready).

    This checks fields and values only; ids and zones are checked against the data by
    :func:`apply_scenario`.

    Parameters
    ----------
    change : dict
        One change (see the module's docstring).
    n : int, optional
        Its 1-based position, named in errors.

    Raises
    ------
    ScenarioError
        ``scenario_change`` naming the change, the field, the value and what was expected.
    """
    if not isinstance(change, dict):
        _fail(n, "?", "op", change, "change")
    op = change.get("op")
    if op not in OPS:
        _fail(n, op, "op", op, "one_of", values=", ".join(OPS))
    out: dict = {"op": op}
    if op in ("add", "change", "remove"):
        layer = change.get("layer")
        if layer not in FACILITY_LAYERS:
            _fail(n, op, "layer", layer, "one_of", values=", ".join(FACILITY_LAYERS))
        out["layer"] = layer
        if op != "add" or change.get("id") is not None:
            ident = change.get("id")
            if not isinstance(ident, (str, int)) or isinstance(ident, bool) or \
                    not str(ident).strip():
                _fail(n, op, "id", ident, "id")
            out["id"] = str(ident).strip()
        if op == "add":
            out["lon"], out["lat"] = _lon_lat(n, op, change)
            attrs = _clean_attrs(n, op, layer, change.get("attrs"))
            need = ("name", "capacity_t_day") if layer == "plants" else ("name", "capacity_t")
            for key in need:
                if is_missing(attrs.get(key)):
                    _fail(n, op, key, None, "required")
            out["attrs"] = attrs
        elif op == "change":
            if change.get("lon") is not None or change.get("lat") is not None:
                out["lon"], out["lat"] = _lon_lat(n, op, change)
            out["attrs"] = _clean_attrs(n, op, layer, change.get("attrs"))
    elif op == "zones":
        crop = change.get("crop")
        if crop not in CROPS:
            _fail(n, op, "crop", crop, "one_of", values=", ".join(CROPS))
        out["crop"] = crop
        unit = change.get("unit_code")
        out["unit_code"] = None if unit is None or str(unit).strip() == "" else str(unit).strip()
        given = [k for k in ZONE_AMOUNTS if change.get(k) is not None]
        if len(given) != 1:
            _fail(n, op, "area_pct/area_ha/yield_pct", ", ".join(given) or None,
                  "one_amount")
        key = given[0]
        out[key] = _number(n, op, key, change[key], -100 if key.endswith("pct") else None)
        if change.get("off_season") is not None:
            if not isinstance(change["off_season"], bool):
                _fail(n, op, "off_season", change["off_season"], "bool")
            out["off_season"] = change["off_season"]
    else:  # params
        unknown = [k for k in change if k not in ("op", *PARAM_KEYS)]
        if unknown:
            _fail(n, op, unknown[0], change[unknown[0]], "one_of", values=", ".join(PARAM_KEYS))
        if change.get("max_haul_km") is not None:
            out["max_haul_km"] = _number(n, op, "max_haul_km", change["max_haul_km"], 0, 1e5)
        if change.get("circuity") is not None:
            out["circuity"] = _number(n, op, "circuity", change["circuity"], 1, 10)
        if change.get("operating_days") is not None:
            out["operating_days"] = _number(n, op, "operating_days", change["operating_days"],
                                            0, 31)
        if change.get("count_planned") is not None:
            if not isinstance(change["count_planned"], bool):
                _fail(n, op, "count_planned", change["count_planned"], "bool")
            out["count_planned"] = change["count_planned"]
    return out


# ----------------------------------------------------------------------------- applying
def apply_scenario(layers: dict, scenario) -> tuple[dict, dict]:
    """Apply a scenario's changes to layers, in memory.

    Parameters
    ----------
    layers : dict
        Layers as :meth:`~fruitmap.workspace.geopackage.Workspace.read_all` returns them. They
        are not changed: changed layers are new frames, the others are shared.
    scenario : Scenario or list of dict
        The scenario, or its changes.

    Returns
    -------
    (dict, dict)
        The new layers, and the :class:`~fruitmap.balance.solve.BalanceParams` fields the
        scenario sets (``max_haul_km``, ``circuity``, ``operating_days``,
        ``plant_statuses``); apply them with ``dataclasses.replace(params, **overrides)``.

    Raises
    ------
    ScenarioError
        A change that is malformed, names an id the layer does not hold (or adds one it
        holds), or changes zones that do not exist.
    """
    changes = scenario.changes if isinstance(scenario, Scenario) else list(scenario or [])
    out = dict(layers)
    overrides: dict = {}
    counter = [0]
    for n, raw in enumerate(changes, start=1):
        change = clean_change(raw, n)
        op = change["op"]
        if op == "params":
            for key in ("max_haul_km", "circuity", "operating_days"):
                if key in change:
                    overrides[key] = change[key]
            if "count_planned" in change:
                overrides["plant_statuses"] = STATUSES if change["count_planned"] \
                    else ("operating",)
        elif op == "zones":
            out["zones"] = _apply_zones(out, change, n)
        else:
            out[change["layer"]] = _apply_facility(out, change, n, counter)
    return out, overrides


def _facilities(layers: dict, name: str) -> gpd.GeoDataFrame:
    from fruitmap.workspace.geopackage import empty_layer

    frame = layers.get(name)
    return empty_layer(name) if frame is None else frame


def _position(frame: pd.DataFrame, id_column: str, ident: str, n: int, op: str) -> int:
    ids = frame[id_column].astype(str).str.strip().to_numpy()
    hits = np.flatnonzero(ids == ident)
    if not len(hits):
        _fail(n, op, "id", ident, "known_id", rows=len(ids))
    return int(hits[0])


def _crops_grown(layers: dict) -> list[str]:
    zones = layers.get("zones")
    grown = set() if zones is None or not len(zones) else set(zones["crop"].dropna().astype(str))
    return [c for c in CROPS if c in grown] or list(CROPS)


def _apply_facility(layers: dict, change: dict, n: int, counter: list) -> gpd.GeoDataFrame:
    name, op = change["layer"], change["op"]
    layer = get_layer(name)
    frame = _facilities(layers, name)
    id_col = layer.id_column
    if op == "add":
        taken = set(frame[id_col].astype(str).str.strip())
        ident = change.get("id")
        if ident is not None and ident in taken:
            _fail(n, op, "id", ident, "free_id")
        while ident is None:
            counter[0] += 1
            candidate = f"{NEW_ID_PREFIX}{counter[0]}"
            ident = candidate if candidate not in taken else None
        record = {c.name: c.default for c in layer.columns}
        if name == "plants":
            record.update(kind="factory", crops=_crops_grown(layers))
        record.update({k: list(v) if isinstance(v, tuple) else v for k, v in record.items()})
        record.update(change["attrs"])
        record[id_col] = ident
        row = gpd.GeoDataFrame({k: pd.Series([v], dtype=object) for k, v in record.items()},
                               geometry=gpd.GeoSeries([Point(change["lon"], change["lat"])],
                                                      crs="EPSG:4326"), crs="EPSG:4326")
        combined = pd.concat([frame, row[[c for c in row.columns if c in frame.columns
                                          or c == "geometry"]]], ignore_index=True)
        return gpd.GeoDataFrame(combined, geometry="geometry", crs="EPSG:4326")
    pos = _position(frame, id_col, change["id"], n, op)
    if op == "remove":
        return frame.drop(index=frame.index[pos]).reset_index(drop=True)
    new = frame.copy()
    for key, value in change["attrs"].items():
        values = list(new[key]) if key in new.columns else [None] * len(new)
        values[pos] = value
        new[key] = pd.Series(values, index=new.index, dtype=object)
        if key in ("capacity_t_day", "capacity_t"):
            new[key] = pd.to_numeric(new[key], errors="coerce")
    if "lon" in change:
        geoms = new.geometry.to_numpy(dtype=object).copy()
        geoms[pos] = Point(change["lon"], change["lat"])
        new = new.set_geometry(gpd.GeoSeries(geoms, index=new.index, crs="EPSG:4326"))
    return new


def zone_units(zones: pd.DataFrame, admin_units: pd.DataFrame | None) -> np.ndarray:
    """Return the admin unit code of each zone, by the balance's own rule.

    The zone's ``unit_code`` when it names a unit of ``admin_units``, else the unit of the
    finest level whose polygon holds the zone's representative point (see
    :func:`fruitmap.balance.inputs.read_zones`).
    """
    from fruitmap.balance.inputs import _attribute_units

    if zones is None or not len(zones):
        return np.zeros(0, dtype=object)
    geom = zones.geometry
    bad = (geom.isna() | geom.is_empty).to_numpy()
    lon = np.full(len(zones), np.nan)
    lat = np.full(len(zones), np.nan)
    if (~bad).any():
        rep = geom[~bad].representative_point()
        lon[~bad], lat[~bad] = rep.x.to_numpy(), rep.y.to_numpy()
    codes, _ = _attribute_units(zones.reset_index(drop=True), lon, lat, admin_units)
    return codes


def unit_and_below(admin_units: pd.DataFrame | None, unit_code: str) -> set[str]:
    """Return ``unit_code`` and the codes of every unit under it (via ``parent_code``)."""
    found = {str(unit_code)}
    if admin_units is None or not len(admin_units) or "parent_code" not in admin_units:
        return found
    codes = admin_units["unit_code"].astype(str).to_numpy()
    parents = np.array(["" if is_missing(p) else str(p) for p in admin_units["parent_code"]],
                       dtype=object)
    while True:
        more = set(codes[np.isin(parents, list(found))]) - found
        if not more:
            return found
        found |= more


def _apply_zones(layers: dict, change: dict, n: int) -> pd.DataFrame:
    zones = layers.get("zones")
    op = "zones"
    if zones is None or not len(zones):
        _fail(n, op, "crop", change["crop"], "zones")
    admin = layers.get("admin_units")
    mask = (zones["crop"].astype(str) == change["crop"]).to_numpy().copy()
    if change["unit_code"] is not None:
        known = set() if admin is None else set(admin["unit_code"].astype(str))
        if change["unit_code"] not in known:
            _fail(n, op, "unit_code", change["unit_code"], "unit")
        mask &= np.isin(zone_units(zones, admin).astype(str),
                        list(unit_and_below(admin, change["unit_code"])))
    if "off_season" in change:
        off = zones["off_season"].fillna(False).astype(bool).to_numpy() \
            if "off_season" in zones else np.zeros(len(zones), dtype=bool)
        mask &= off == change["off_season"]
    if not mask.any():
        _fail(n, op, "crop", change["crop"],
              "zones_off" if change.get("off_season") else "zones")
    new = zones.copy()
    area = pd.to_numeric(new["area_ha"], errors="coerce").to_numpy(dtype="float64")
    if "area_ha" in change:
        total = float(np.nansum(area[mask]))
        if total <= 0 or total + change["area_ha"] < 0:
            _fail(n, op, "area_ha", change["area_ha"], "area_min", total=f"{total:g}")
        factor = (total + change["area_ha"]) / total
    else:
        factor = 1 + change.get("area_pct", change.get("yield_pct", 0.0)) / 100
    expected = pd.to_numeric(new.get("expected_output_t"), errors="coerce").to_numpy(
        dtype="float64") if "expected_output_t" in new else np.full(len(new), np.nan)
    # Yearly output is expected_output_t, else area × yield, else area × the crop's default
    # yield (read_zones): scaling what is used scales the output by ``factor``.
    expected = np.where(mask, expected * factor, expected)
    new["expected_output_t"] = expected
    if "yield_pct" in change:
        yld = pd.to_numeric(new.get("yield_t_ha"), errors="coerce").to_numpy(dtype="float64") \
            if "yield_t_ha" in new else np.full(len(new), np.nan)
        default = np.array([DEFAULT_YIELD_T_HA.get(c, DEFAULT_YIELD_T_HA["other"])
                            for c in new["crop"].astype(str)])
        yld = np.where(mask, np.where(np.isnan(yld), default, yld) * factor, yld)
        new["yield_t_ha"] = yld
    else:
        new["area_ha"] = np.where(mask, area * factor, area)
    return new


def balance_inputs(layers: dict, scenario, params):
    """Return ``(layers, params)`` with a scenario applied (``scenario`` None: unchanged).

    ``params`` is a :class:`~fruitmap.balance.solve.BalanceParams`; the scenario's own
    parameters replace its fields.
    """
    from dataclasses import replace

    if scenario is None:
        return layers, params
    new, overrides = apply_scenario(layers, scenario)
    return new, replace(params, **overrides)


# ----------------------------------------------------------------------------- storage
def clean_name(name: object) -> str:
    """Return a scenario name without control characters and outer spaces.

    Raises
    ------
    ScenarioError
        ``scenario_name_empty`` or ``scenario_name_long`` (more than 120 characters).
    """
    text = _CONTROL.sub(" ", str(name or "")).strip()
    if not text:
        raise ScenarioError("scenario_name_empty")
    if len(text) > MAX_NAME_CHARS:
        raise ScenarioError("scenario_name_long", value=text, limit=MAX_NAME_CHARS)
    return text


def _table(ws) -> pd.DataFrame:
    if not ws.exists() or TABLE not in ws.layer_names():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    table = ws.read(TABLE)
    for c in COLUMNS:
        if c not in table.columns:
            table[c] = None
    return table[COLUMNS].dropna(subset=["name"]).reset_index(drop=True)


def _find(table: pd.DataFrame, name: str) -> int | None:
    folded = table["name"].astype(str).str.strip().str.casefold().to_numpy()
    hits = np.flatnonzero(folded == str(name).strip().casefold())
    return int(hits[0]) if len(hits) else None


def _missing(table: pd.DataFrame, name: str) -> ScenarioError:
    names = ", ".join(sorted(table["name"].astype(str))) or "—"
    return ScenarioError("scenario_missing", value=name, names=names)


def _parse(text: object, name: str) -> list:
    try:
        changes = json.loads(str(text))
    except (TypeError, ValueError):
        raise ScenarioError("scenario_unreadable", value=name) from None
    if not isinstance(changes, list):
        raise ScenarioError("scenario_unreadable", value=name)
    return changes


def list_scenarios(ws) -> pd.DataFrame:
    """Return the saved scenarios of workspace ``ws``, by name.

    Columns: ``name``, ``description``, ``n_changes``, ``created``, ``updated``, ``who``.
    """
    table = _table(ws)
    counts = []
    for text, name in zip(table["changes"], table["name"], strict=False):
        try:
            counts.append(len(_parse(text, name)))
        except ScenarioError:
            counts.append(None)
    out = table.assign(n_changes=counts)[["name", "description", "n_changes", "created",
                                          "updated", "who"]]
    order = out["name"].astype(str).str.casefold().argsort(kind="stable")
    return out.iloc[order].reset_index(drop=True)


def scenario_names(ws) -> list[str]:
    """Return the names of the saved scenarios, sorted."""
    return list(list_scenarios(ws)["name"].astype(str))


def load_scenario(ws, name: str) -> Scenario:
    """Return the saved scenario called ``name`` (case-insensitive).

    Raises
    ------
    ScenarioError
        ``scenario_missing`` (naming the scenarios there are) or ``scenario_unreadable``.
    """
    table = _table(ws)
    pos = _find(table, name)
    if pos is None:
        raise _missing(table, name)
    row = table.iloc[pos]
    return Scenario(name=str(row["name"]),
                    description="" if is_missing(row["description"]) else str(row["description"]),
                    changes=_parse(row["changes"], str(row["name"])),
                    created=str(row["created"]), updated=str(row["updated"]))


def _read_for_check(ws) -> dict:
    return {name: ws.read(name) for name in NEEDED_LAYERS} if ws.exists() else {}


def validate_scenario(changes: list, layers: dict) -> list:
    """Return the changes normalised, after applying them to ``layers`` (which stay as they
    are); raise :class:`ScenarioError` at the first change that is refused."""
    if not isinstance(changes, (list, tuple)):
        _fail(None, "–", "changes", changes, "list")
    if len(changes) > MAX_CHANGES:
        _fail(None, "–", "changes", len(changes), "at_most", limit=MAX_CHANGES)
    clean = [clean_change(c, n) for n, c in enumerate(changes, start=1)]
    apply_scenario(layers, clean)
    return clean


def _write(ws, table: pd.DataFrame, action: str, who: str | None) -> None:
    ws.write({TABLE: table[COLUMNS].astype(object).reset_index(drop=True)}, action=action,
             who=who)


def save_scenario(ws, name: str, description: str, changes: list,
                  user: str | None = None) -> None:
    """Create the scenario ``name``, or replace the one of that name (case-insensitive).

    The changes are checked against the workspace's data first (every id must exist, every
    zone change must find zones); nothing is written when one is refused.

    Parameters
    ----------
    ws : fruitmap.workspace.geopackage.Workspace
    name, description : str
    changes : list of dict
        See the module's docstring.
    user : str, optional
        Recorded in the table and in ``history``.

    Raises
    ------
    ScenarioError
        A bad name or a change refused (naming the change, field, value and what was
        expected).
    WorkspaceError
        The workspace cannot be written (nothing changes then).
    """
    name = clean_name(name)
    clean = validate_scenario(changes, _read_for_check(ws))
    table = _table(ws)
    pos = _find(table, name)
    now = _now()
    row = {"scenario_id": uuid.uuid4().hex[:10], "name": name,
           "description": _CONTROL.sub(" ", str(description or "")).strip(),
           "changes": json.dumps(clean, ensure_ascii=False), "created": now, "updated": now,
           "who": user}
    if pos is not None:
        row["scenario_id"] = table.iloc[pos]["scenario_id"]
        row["created"] = table.iloc[pos]["created"]
        table = table.drop(index=table.index[pos])
    table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    _write(ws, table, "save scenario", user)


def delete_scenario(ws, name: str, user: str | None = None) -> None:
    """Delete the scenario ``name`` (kept recoverable in the workspace's saved versions)."""
    table = _table(ws)
    pos = _find(table, name)
    if pos is None:
        raise _missing(table, name)
    _write(ws, table.drop(index=table.index[pos]), "delete scenario", user)


def rename_scenario(ws, old: str, new: str, user: str | None = None) -> None:
    """Rename scenario ``old`` to ``new`` (refused when ``new`` names another scenario)."""
    table = _table(ws)
    pos = _find(table, old)
    if pos is None:
        raise _missing(table, old)
    new = clean_name(new)
    other = _find(table, new)
    if other is not None and other != pos:
        raise ScenarioError("scenario_name_taken", value=new)
    table.loc[table.index[pos], ["name", "updated"]] = [new, _now()]
    _write(ws, table, "rename scenario", user)


def copy_scenario(ws, name: str, new: str, user: str | None = None) -> None:
    """Save a copy of scenario ``name`` under the name ``new`` (which must be free)."""
    table = _table(ws)
    pos = _find(table, name)
    if pos is None:
        raise _missing(table, name)
    new = clean_name(new)
    if _find(table, new) is not None:
        raise ScenarioError("scenario_name_taken", value=new)
    now = _now()
    row = table.iloc[pos].to_dict()
    row.update(scenario_id=uuid.uuid4().hex[:10], name=new, created=now, updated=now, who=user)
    _write(ws, pd.concat([table, pd.DataFrame([row])], ignore_index=True), "copy scenario",
           user)

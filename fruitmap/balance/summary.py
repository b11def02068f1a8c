"""Headline figures of a workspace: fruit area and output by crop, processing and cold storage.

Every figure here is computed from the workspace's layers (never typed in), so the overview
can say where each number came from. Output follows the contract's rule for a zone's yearly
output: ``expected_output_t``, else ``area_ha × yield_t_ha``, else ``area_ha ×`` the crop's
default yield (:data:`fruitmap.crops.DEFAULT_YIELD_T_HA`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from fruitmap.columns import is_missing, parse_bool
from fruitmap.crops import CROPS, DEFAULT_YIELD_T_HA
from fruitmap.schema import LAYERS

# Output sources, in the order the contract tries them.
FROM_EXPECTED, FROM_YIELD, FROM_DEFAULT = "expected_output", "yield", "default_yield"


def _numbers(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        return pd.Series(float("nan"), index=df.index, dtype="float64")
    return pd.to_numeric(df[column], errors="coerce").astype("float64")


def _flags(df: pd.DataFrame, column: str) -> pd.Series:
    # Lenient: layers straight from a file may still hold "có"/"1"/None instead of bool.
    if column not in df.columns:
        return pd.Series(False, index=df.index)
    return pd.Series([bool(parse_bool(v)) for v in df[column]], index=df.index)


def zone_output(zones: pd.DataFrame) -> pd.DataFrame:
    """Return each zone's yearly output and which rule gave it.

    Parameters
    ----------
    zones : DataFrame
        The ``zones`` layer (``crop``, ``area_ha``; optionally ``yield_t_ha``,
        ``expected_output_t``).

    Returns
    -------
    DataFrame
        Same index as ``zones``, columns ``output_t`` and ``output_source`` (one of
        ``"expected_output"``, ``"yield"``, ``"default_yield"``).
    """
    area = _numbers(zones, "area_ha").fillna(0.0)
    expected = _numbers(zones, "expected_output_t")
    yields = _numbers(zones, "yield_t_ha")
    default = pd.Series([DEFAULT_YIELD_T_HA.get(c, DEFAULT_YIELD_T_HA["other"])
                         for c in zones.get("crop", pd.Series(index=zones.index))],
                        index=zones.index, dtype="float64")
    output = expected.where(expected.notna(), area * yields)
    source = pd.Series(FROM_EXPECTED, index=zones.index, dtype="object")
    source[expected.isna() & yields.notna()] = FROM_YIELD
    source[output.isna()] = FROM_DEFAULT
    output = output.where(output.notna(), area * default)
    return pd.DataFrame({"output_t": output, "output_source": source}, index=zones.index)


def by_crop(zones: pd.DataFrame) -> pd.DataFrame:
    """Return area, output and number of zones per crop, largest area first.

    Returns
    -------
    DataFrame
        Columns ``crop``, ``zones``, ``area_ha``, ``output_t``, ``area_share`` (0–1 of the
        total fruit area). Crops with no zone are left out.
    """
    cols = ["crop", "zones", "area_ha", "output_t", "area_share"]
    if zones is None or len(zones) == 0:
        return pd.DataFrame(columns=cols)
    frame = pd.DataFrame({
        "crop": [c if c in CROPS else "other" for c in zones["crop"]],
        "area_ha": _numbers(zones, "area_ha").fillna(0.0).to_numpy(),
        "output_t": zone_output(zones)["output_t"].to_numpy(),
    })
    table = (frame.groupby("crop", sort=False)
             .agg(zones=("crop", "size"), area_ha=("area_ha", "sum"), output_t=("output_t", "sum"))
             .reset_index())
    total = table["area_ha"].sum()
    table["area_share"] = table["area_ha"] / total if total > 0 else 0.0
    return table.sort_values(["area_ha", "crop"], ascending=[False, True],
                             ignore_index=True)[cols]


@dataclass(frozen=True)
class Headline:
    """The overview's headline figures (all computed from the workspace).

    Areas in ha, tonnes in t, capacities in t/day; shares are 0–1 of the total fruit area
    (0 when there is no area). Plant and cold-store capacities count only facilities with
    status ``operating``; the ``pipeline`` figures count ``planned`` and
    ``under_construction`` ones.
    """

    zones: int
    area_ha: float
    output_t: float
    certified_ha: float
    certified_share: float
    coded_ha: float
    coded_share: float
    high_tech_zones: int
    high_tech_ha: float
    off_season_ha: float
    off_season_output_t: float
    plants: int
    factories: int
    facilities: int
    capacity_t_day: float
    pipeline_plants: int
    pipeline_capacity_t_day: float
    cold_stores: int
    cold_store_t: float
    industrial_areas: int
    industrial_free_ha: float

    def as_dict(self) -> dict:
        """Return the figures as a plain dict (for tables and JSON)."""
        return asdict(self)


def _operating(df: pd.DataFrame) -> pd.Series:
    if "status" not in df.columns:
        return pd.Series(True, index=df.index)
    return df["status"].map(lambda s: is_missing(s) or str(s) == "operating")


def headline(layers: dict[str, pd.DataFrame]) -> Headline:
    """Compute the headline figures from a workspace's layers.

    Parameters
    ----------
    layers : dict
        Layer name → DataFrame, as :meth:`fruitmap.workspace.geopackage.Workspace.read_all` returns.
        Missing layers count as empty.

    Returns
    -------
    Headline
    """
    empty = pd.DataFrame()
    zones = layers.get("zones", empty)
    plants = layers.get("plants", empty)
    stores = layers.get("cold_stores", empty)
    areas = layers.get("industrial_areas", empty)

    area = _numbers(zones, "area_ha").fillna(0.0)
    output = zone_output(zones)["output_t"] if len(zones) else pd.Series(dtype="float64")
    total = float(area.sum())
    certified = zones.get("certification", pd.Series("none", index=zones.index)).map(
        lambda c: not is_missing(c) and str(c) != "none")
    coded = zones.get("planting_code", pd.Series(None, index=zones.index)).map(
        lambda c: not is_missing(c))
    high_tech = _flags(zones, "high_tech")
    off_season = _flags(zones, "off_season")

    def share(part: float) -> float:
        return part / total if total > 0 else 0.0

    certified_ha = float(area[certified].sum())
    coded_ha = float(area[coded].sum())
    kinds = plants.get("kind", pd.Series(dtype="object"))
    plant_cap = _numbers(plants, "capacity_t_day").fillna(0.0)
    plant_on = _operating(plants)
    store_on = _operating(stores)
    return Headline(
        zones=len(zones),
        area_ha=total,
        output_t=float(output.sum()),
        certified_ha=certified_ha,
        certified_share=share(certified_ha),
        coded_ha=coded_ha,
        coded_share=share(coded_ha),
        high_tech_zones=int(high_tech.sum()),
        high_tech_ha=float(area[high_tech].sum()),
        off_season_ha=float(area[off_season].sum()),
        off_season_output_t=float(output[off_season].sum()) if len(zones) else 0.0,
        plants=len(plants),
        factories=int((kinds == "factory").sum()),
        facilities=int((kinds == "facility").sum()),
        capacity_t_day=float(plant_cap[plant_on].sum()),
        pipeline_plants=int((~plant_on).sum()),
        pipeline_capacity_t_day=float(plant_cap[~plant_on].sum()),
        cold_stores=len(stores),
        cold_store_t=float(_numbers(stores, "capacity_t").fillna(0.0)[store_on].sum()),
        industrial_areas=len(areas),
        industrial_free_ha=float(_numbers(areas, "free_area_ha").fillna(0.0).sum()),
    )


def demo_layers(history: pd.DataFrame) -> list[str]:
    """Return the layers whose current content still comes from the bundled demo.

    Parameters
    ----------
    history : DataFrame
        The workspace's ``history`` table (``change_id``, ``action``, ``layer``).

    Returns
    -------
    list of str
        Layer names, in the order of the contract, whose latest recorded change is the demo
        (action ``"demo"``); an import, edit or rollback after it makes a layer the user's own.
    """
    if history is None or history.empty:
        return []
    ordered = history.assign(_order=pd.to_numeric(history["change_id"], errors="coerce"))
    latest = ordered.sort_values("_order", kind="stable").groupby("layer").tail(1)
    from_demo = set(latest.loc[latest["action"].astype(str) == "demo", "layer"])
    return [name for name in LAYERS if name in from_demo]

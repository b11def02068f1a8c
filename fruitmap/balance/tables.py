"""Tables of the gap and targets pages, ready to show and to download.

Every builder returns plain columns (English snake_case, numbers as numbers) and
:func:`headers` gives the translated header of each column, so the same table can be
shown on screen and written to CSV/XLSX (:mod:`fruitmap.files.export`) with headers in the
reader's language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fruitmap.balance.charts import crop_order, monthly_by_crop
from fruitmap.crops import crop_label
from fruitmap.i18n import month_name, t

MONTHS = tuple(range(1, 13))
SATURATED = 0.98  # utilisation from which a plant counts as full (same as the heat map's red)
IDLE = 0.02  # utilisation up to which an operating plant counts as idle that month


def headers(columns, lang: str) -> dict[str, str]:
    """Return ``column -> translated header`` for the columns these tables use.

    Month columns ``m1`` … ``m12`` become month names; unknown columns keep their name.
    """
    out = {}
    for col in columns:
        col = str(col)
        if col.startswith("m") and col[1:].isdigit() and 1 <= int(col[1:]) <= 12:
            out[col] = month_name(int(col[1:]), lang)
        else:
            label = t(f"gapcol.{col}", lang)
            out[col] = col if label == f"gapcol.{col}" else label
    # Two columns must never share a header (Arrow and Excel readers refuse it).
    seen: dict[str, int] = {}
    for col, label in out.items():
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            out[col] = f"{label} ({col})"
    return out


def with_crop_labels(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return ``df`` with its ``crop`` keys replaced by their names in ``lang``."""
    if "crop" not in df.columns:
        return df
    return df.assign(crop=[crop_label(str(c), lang) for c in df["crop"]])


def glut_table(units: pd.DataFrame, measure: str = "tonnes") -> pd.DataFrame:
    """Crop × month surplus: one row per crop, columns ``crop, m1 … m12, year``.

    ``measure="share"`` gives the surplus as a percentage of the fruit available that month
    (harvest plus cold-store release); the year column then is the yearly share.
    """
    table = monthly_by_crop(units)
    cols = [f"m{m}" for m in MONTHS]
    if table.empty:
        return pd.DataFrame(columns=["crop", *cols, "year"])
    crops = crop_order(table["crop"])
    table = table.assign(avail=table["supply_t"] + table["released_t"])
    surplus = table.pivot(index="crop", columns="month", values="surplus_t").reindex(crops)
    if measure == "share":
        avail = table.pivot(index="crop", columns="month", values="avail").reindex(crops)
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(avail > 0, 100.0 * surplus / avail, np.nan)
            year = np.where(avail.sum(axis=1) > 0,
                            100.0 * surplus.sum(axis=1) / avail.sum(axis=1), np.nan)
    else:
        values, year = surplus.to_numpy(), surplus.sum(axis=1).to_numpy()
    out = pd.DataFrame(np.round(values, 1), columns=cols)
    out.insert(0, "crop", crops)
    out["year"] = np.round(year, 1)
    return out


def crop_month_table(units: pd.DataFrame, crop: str, capacity: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """Monthly balance of one crop (province-wide), with the capacity open to it if given."""
    table = monthly_by_crop(units)
    rows = table[table["crop"] == crop].drop(columns="crop").reset_index(drop=True)
    if capacity is not None and len(rows):
        cap = capacity.set_index("month")["capacity_t"]
        rows["capacity_t"] = rows["month"].map(cap).fillna(0.0)
    return rows.round(1)


def district_table(units: pd.DataFrame, crop: str, month: int) -> pd.DataFrame:
    """Balance rows of one crop and month by admin unit, largest surplus first."""
    keep = (units["crop"].astype(str) == crop) & (
        pd.to_numeric(units["month"], errors="coerce") == int(month))
    cols = ["unit_code", "unit_name", "supply_t", "released_t", "fresh_t", "processed_t",
            "stored_t", "surplus_t"]
    out = units.loc[keep, cols].sort_values("surplus_t", ascending=False, kind="stable")
    return out.reset_index(drop=True).round(1)


def unabsorbed_zones(zone_rows: pd.DataFrame, crop: str, month: int,
                     min_t: float = 0.5) -> pd.DataFrame:
    """Zones of ``crop`` whose fruit finds no buyer within reach in ``month``.

    Parameters
    ----------
    zone_rows : DataFrame
        The balance's zone rows (``BalanceResult.zones``).
    crop, month
        The crop key and the month (1–12).
    min_t : float
        Smallest surplus (t) that counts; smaller remainders are rounding.

    Returns
    -------
    DataFrame
        ``zone_id, name, unit_code, supply_t, surplus_t, surplus_share, plants_in_reach,
        stores_in_reach, no_facility`` (True when no counted plant or cold store accepting
        the crop lies within reach at all), largest surplus first.
    """
    z = zone_rows[(zone_rows["crop"].astype(str) == crop)
                  & (pd.to_numeric(zone_rows["month"], errors="coerce") == int(month))]
    z = z[pd.to_numeric(z["surplus_t"], errors="coerce").fillna(0.0) >= min_t]
    avail = z["supply_t"] + z["released_t"]
    out = pd.DataFrame({
        "zone_id": z["zone_id"].astype(str), "name": z["name"].astype(str),
        "unit_code": z["unit_code"], "supply_t": z["supply_t"], "surplus_t": z["surplus_t"],
        "surplus_share": np.where(avail > 0, 100.0 * z["surplus_t"] / avail.where(avail > 0, 1),
                                  np.nan),
        "plants_in_reach": z["plants_in_reach"].astype(int),
        "stores_in_reach": z["stores_in_reach"].astype(int),
    })
    out["no_facility"] = (out["plants_in_reach"] == 0) & (out["stores_in_reach"] == 0)
    return out.sort_values("surplus_t", ascending=False, kind="stable").reset_index(drop=True)


def plant_summary(plant_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per counted plant: yearly capacity and use, idle and saturated months.

    A month is *idle* when the plant operates (capacity > 0) but uses at most 2 % of it, and
    *saturated* when it uses at least 98 %. Rows are sorted with the most idle plants first,
    then the largest.

    Returns
    -------
    DataFrame
        ``plant_id, name, capacity_t, processed_t, utilisation`` (yearly, %),
        ``idle_months`` and ``saturated_months`` (month numbers as text, e.g. ``"1, 2, 12"``),
        ``n_idle``, ``n_saturated``.
    """
    cols = ["plant_id", "name", "capacity_t", "processed_t", "utilisation", "idle_months",
            "saturated_months", "n_idle", "n_saturated"]
    if plant_rows is None or len(plant_rows) == 0:
        return pd.DataFrame(columns=cols)
    p = plant_rows[plant_rows["counted"].astype(bool)] if "counted" in plant_rows else plant_rows
    p = p[p["capacity_t"] > 0]
    if p.empty:
        return pd.DataFrame(columns=cols)
    use = p["processed_t"] / p["capacity_t"]
    p = p.assign(idle=use <= IDLE, full=use >= SATURATED)
    keys = ["plant_id", "name"]
    out = p.groupby(keys, sort=False).agg(capacity_t=("capacity_t", "sum"),
                                          processed_t=("processed_t", "sum"),
                                          n_idle=("idle", "sum"), n_saturated=("full", "sum"))

    def months(flag: str) -> pd.Series:
        listed = (p[p[flag]].sort_values("month").groupby(keys, sort=False)["month"]
                  .agg(lambda ms: ", ".join(str(int(m)) for m in ms)))
        return listed.reindex(out.index).astype(object).fillna("")

    out["idle_months"] = months("idle")
    out["saturated_months"] = months("full")
    out["utilisation"] = 100.0 * out["processed_t"] / out["capacity_t"]
    out = out.reset_index().astype({"n_idle": int, "n_saturated": int}).round(
        {"capacity_t": 1, "processed_t": 1, "utilisation": 1})
    out = out[cols].sort_values(["utilisation", "capacity_t"], ascending=[True, False],
                                kind="stable")
    return out.reset_index(drop=True)


def in_language(text: object, lang: str) -> object:
    """Pick one language from a bilingual text written ``"vi text / en text"``.

    Only a text with exactly one `` / `` (spaces around the slash) counts as bilingual, so a
    URL or a date such as 2025/2030 is left whole.
    """
    if not isinstance(text, str) or text.count(" / ") != 1:
        return text
    vi, en = (part.strip() for part in text.split(" / "))
    return vi if lang == "vi" else en


def targets_table(progress: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Progress rows (:func:`fruitmap.balance.targets.target_progress`) with the gap.

    With ``lang``, a bilingual source (``"vi / en"``) keeps only that language.

    Columns ``label, target_year, current, target, unit, gap, percent, source``: ``gap`` is
    target − current (0 once reached; NaN when not measurable) and ``percent`` is
    current ÷ target × 100.
    """
    cols = ["label", "target_year", "current", "target", "unit", "gap", "percent", "source"]
    if progress is None or len(progress) == 0:
        return pd.DataFrame(columns=cols)
    target = pd.to_numeric(progress["target"], errors="coerce")
    current = pd.to_numeric(progress["current"], errors="coerce")
    out = progress.assign(
        target_year=pd.to_numeric(progress["year"], errors="coerce").astype("Int64"),
        gap=(target - current).clip(lower=0),
        percent=np.where(target > 0, 100.0 * current / target.where(target > 0, 1), np.nan),
    )
    if lang is not None:
        out["source"] = out["source"].map(lambda text: in_language(text, lang))
    return out[cols].round({"current": 1, "gap": 1, "percent": 1})

"""The balance of the data (the baseline) against one or more scenarios, side by side.

Every number here is read from :class:`~fruitmap.balance.solve.BalanceResult` tables computed
by :func:`compute_balance` on the layers a scenario gives (:func:`scenario_balance`), so a
comparison says exactly what the balance of the same change made in the data would say
(``tests/test_compare.py`` checks that on the demo)::

    base = compute_balance(layers, params)
    other = scenario_balance(layers, load_scenario(ws, "Mai Sơn 50 t"), params)
    yearly_table(base, {"Mai Sơn 50 t": other})
    calendar_difference(base, other)
    unit_change(base, other, layers["admin_units"])
    plant_utilisation(base, other)
    change_sentence(base, other, scenario, layers, "vi")
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from fruitmap.balance.solve import QUANTITIES, BalanceResult, compute_balance
from fruitmap.balance.story import crop_words, district_rows, month_words
from fruitmap.i18n import fmt_number, t
from fruitmap.planning.scenarios import Scenario, balance_inputs

MIN_T = 0.5  # below half a tonne a change is solver crumbs, not a result


def scenario_balance(layers: dict, scenario: Scenario | None, params) -> BalanceResult:
    """Return the balance of ``layers`` with ``scenario`` applied (None: the data itself).

    Parameters
    ----------
    layers : dict
        The workspace's layers (not changed).
    scenario : Scenario or None
    params : BalanceParams
        The parameters chosen; the scenario's own parameters replace them.
    """
    new, p = balance_inputs(layers, scenario, params)
    return compute_balance(new, p)


def yearly_table(base: BalanceResult, others: dict[str, BalanceResult]) -> pd.DataFrame:
    """Yearly totals by crop for the baseline and each scenario, one row per scenario and crop.

    Columns: ``scenario`` ("" for the baseline), ``crop``, the balance quantities
    (``supply_t`` … ``surplus_t``), ``processed_pct`` (processed ÷ supply, %),
    ``stored_pct`` (stored ÷ supply, % : the cold stores' part) and ``surplus_change_t``
    (the scenario's surplus minus the baseline's; 0 for the baseline).
    """
    parts = []
    ref = base.yearly_totals().set_index("crop")["surplus_t"] if len(base.units) else \
        pd.Series(dtype="float64")
    for name, result in [("", base), *others.items()]:
        year = result.yearly_totals()
        if not len(year):
            continue
        supply = year["supply_t"].where(year["supply_t"] > 0)
        year = year.assign(scenario=name,
                           processed_pct=100 * year["processed_t"] / supply,
                           stored_pct=100 * year["stored_t"] / supply,
                           surplus_change_t=year["surplus_t"]
                           - year["crop"].map(ref).fillna(0.0))
        parts.append(year)
    columns = ["scenario", "crop", *QUANTITIES, "processed_pct", "stored_pct",
               "surplus_change_t"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def calendar(result: BalanceResult) -> pd.DataFrame:
    """Province surplus per crop and month (``crop, month, surplus_t``)."""
    if not len(result.units):
        return pd.DataFrame(columns=["crop", "month", "surplus_t"])
    return result.province_totals()[["crop", "month", "surplus_t"]]


def calendar_difference(base: BalanceResult, other: BalanceResult) -> pd.DataFrame:
    """Surplus per crop and month before and after: ``crop, month, surplus_before_t,
    surplus_after_t, change_t`` (after − before; a crop grown in one only counts 0 in the
    other)."""
    before = calendar(base).rename(columns={"surplus_t": "surplus_before_t"})
    after = calendar(other).rename(columns={"surplus_t": "surplus_after_t"})
    out = before.merge(after, on=["crop", "month"], how="outer")
    out[["surplus_before_t", "surplus_after_t"]] = out[
        ["surplus_before_t", "surplus_after_t"]].fillna(0.0)
    out["change_t"] = out["surplus_after_t"] - out["surplus_before_t"]
    return out.sort_values(["crop", "month"], kind="stable").reset_index(drop=True)


def unit_change(base: BalanceResult, other: BalanceResult, admin_units,
                crop: str | None = None) -> pd.DataFrame:
    """Yearly surplus by admin unit (districts when the data has them) before and after.

    Columns: ``unit_code, unit_name, surplus_before_t, surplus_after_t, change_t``; one crop
    or every crop (``crop=None``).
    """
    def by_unit(result: BalanceResult) -> pd.DataFrame:
        rows = district_rows(result.units, admin_units)
        if crop is not None and len(rows):
            rows = rows[rows["crop"] == crop]
        if not len(rows):
            return pd.DataFrame(columns=["unit_code", "unit_name", "surplus_t"])
        return rows.groupby(["unit_code", "unit_name"], as_index=False, dropna=False)[
            "surplus_t"].sum()

    before = by_unit(base).rename(columns={"surplus_t": "surplus_before_t"})
    after = by_unit(other).rename(columns={"surplus_t": "surplus_after_t"})
    out = before.merge(after, on=["unit_code", "unit_name"], how="outer")
    out[["surplus_before_t", "surplus_after_t"]] = out[
        ["surplus_before_t", "surplus_after_t"]].fillna(0.0)
    out["change_t"] = out["surplus_after_t"] - out["surplus_before_t"]
    return out.sort_values("unit_code", kind="stable").reset_index(drop=True)


def plant_utilisation(base: BalanceResult, other: BalanceResult) -> pd.DataFrame:
    """Each counted plant's year before and after: ``plant_id, name, capacity_before_t,
    processed_before_t, utilisation_before_pct``, the same ``…_after…``, and ``change``
    (``"new"``, ``"removed"`` or ``""``). A plant not counted (or absent) on one side has no
    capacity there. Sorted by the change in processed tonnes, largest first."""
    def year(result: BalanceResult) -> pd.DataFrame:
        p = result.plants
        if not len(p):
            return pd.DataFrame(columns=["plant_id", "name", "capacity_t", "processed_t"])
        p = p[p["counted"].astype(bool)]
        return p.groupby(["plant_id", "name"], as_index=False)[
            ["capacity_t", "processed_t"]].sum()

    b, a = year(base), year(other)
    out = b.merge(a, on="plant_id", how="outer", suffixes=("_before", "_after"))
    out["name"] = out["name_after"].fillna(out["name_before"])
    for side in ("before", "after"):
        cap = out[f"capacity_t_{side}"].fillna(0.0)
        done = out[f"processed_t_{side}"].fillna(0.0)
        out[f"capacity_{side}_t"] = cap
        out[f"processed_{side}_t"] = done
        out[f"utilisation_{side}_pct"] = np.where(cap > 0, 100 * done / cap.where(cap > 0, 1),
                                                  np.nan)
    out["change"] = np.where(out["capacity_t_before"].isna(), "new",
                             np.where(out["capacity_t_after"].isna(), "removed", ""))
    out["_delta"] = (out["processed_after_t"] - out["processed_before_t"]).abs()
    out = out.sort_values(["_delta", "plant_id"], ascending=[False, True], kind="stable")
    return out[["plant_id", "name", "capacity_before_t", "processed_before_t",
                "utilisation_before_pct", "capacity_after_t", "processed_after_t",
                "utilisation_after_pct", "change"]].reset_index(drop=True)


def store_use(result: BalanceResult) -> float:
    """Share of the counted cold stores' yearly intake capacity used (%; NaN without any)."""
    s = result.stores
    if not len(s):
        return float("nan")
    s = s[s["counted"].astype(bool)]
    cap = float(s["capacity_t"].sum())
    return 100 * float(s["intake_t"].sum()) / cap if cap > 0 else float("nan")


def _unit_at(lon: float, lat: float, admin_units) -> str | None:
    """Name of the district (else any unit below the province) holding a point."""
    if admin_units is None or not len(admin_units):
        return None
    point = shapely.Point(lon, lat)
    for level in ("district", "commune"):
        units = admin_units[admin_units["level"].astype(str) == level]
        units = units[units.geometry.notna()]
        hits = units[units.geometry.contains(point)]
        if len(hits):
            return str(hits["name"].iloc[0])
    return None


def _lead(scenario: Scenario | None, name: str, layers: dict, lang: str) -> str:
    changes = [] if scenario is None else [c for c in scenario.changes if c.get("op") != "params"]
    if len(changes) == 1 and changes[0].get("op") == "add":
        add = changes[0]
        where = _unit_at(float(add["lon"]), float(add["lat"]), layers.get("admin_units"))
        kind = "plant" if add.get("layer") == "plants" else "store"
        key = f"compare.lead.new_{kind}" + ("_at" if where else "")
        return t(key, lang, unit=where or "")
    return t("compare.lead.scenario", lang, name=name)


def change_sentence(base: BalanceResult, other: BalanceResult, scenario: Scenario | None,
                    layers: dict, lang: str, name: str | None = None) -> str:
    """One plain sentence of what the scenario changes, for an official to read out.

    The crop and month whose surplus changes most, then the year: "Với nhà máy mới ở Mai
    Sơn, lượng nhãn dư tháng 8 giảm từ 4.210 tấn xuống 1.950 tấn. Cả năm, lượng quả dư giảm
    2.260 tấn (từ 9.800 xuống 7.540 tấn)."

    Parameters
    ----------
    base, other : BalanceResult
        The baseline and the scenario's balance.
    scenario : Scenario or None
        Its changes name the new facility (a scenario that only adds one plant or cold store
        is told as "the new plant in <district>").
    layers : dict
        The workspace's layers (admin units name the new facility's district).
    lang : str
    name : str, optional
        The scenario's name (defaults to ``scenario.name``).
    """
    name = name or (scenario.name if scenario is not None else "")
    lead = _lead(scenario, name, layers, lang)
    diff = calendar_difference(base, other)
    if not len(diff) or float(diff["change_t"].abs().max()) < MIN_T:
        return t("compare.sentence.none", lang, lead=lead)
    row = diff.loc[diff["change_t"].abs().idxmax()]
    before, after = float(row["surplus_before_t"]), float(row["surplus_after_t"])
    month = month_words(int(row["month"]), lang)
    text = t("compare.sentence.down" if after < before else "compare.sentence.up", lang,
             lead=lead, crop=crop_words(str(row["crop"]), lang), month=month,
             before=fmt_number(before, lang), after=fmt_number(after, lang))
    year_before, year_after = float(diff["surplus_before_t"].sum()), \
        float(diff["surplus_after_t"].sum())
    change = year_after - year_before
    if abs(change) >= MIN_T:
        text += " " + t("compare.sentence.year_down" if change < 0 else
                        "compare.sentence.year_up", lang,
                        change=fmt_number(abs(change), lang),
                        before=fmt_number(year_before, lang),
                        after=fmt_number(year_after, lang))
    return text

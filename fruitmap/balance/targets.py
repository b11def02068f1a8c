"""Progress of a workspace against its ``targets`` table.

The targets table says what to reach (``value`` in ``unit`` by ``year``) but not how to
measure it, so each target is matched by its ``target_id`` to a figure computed from the
workspace (see :data:`MEASURES`): the number of high-tech zones, the off-season area and
output, the area with planting-area codes, the total fruit area and output, and the share of
the harvest that the balance sends to processing. A target no rule matches is shown as "not
measurable from the data" rather than guessed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from fruitmap.balance.summary import Headline, headline

# (pattern on target_id, measure name). The first match wins, so specific patterns come first.
MEASURES: list[tuple[str, str]] = [
    (r"high_?tech.*zone|zone.*high_?tech", "high_tech_zones"),
    (r"high_?tech.*(area|ha)", "high_tech_ha"),
    (r"off_?season.*(output|production|tonne)", "off_season_output_t"),
    (r"off_?season", "off_season_ha"),
    (r"planting_?code|coded|area_code", "coded_ha"),
    (r"certif", "certified_ha"),
    (r"processed_?share|processing_?share|share.*process", "processed_share_pct"),
    (r"(fruit_)?output|production", "output_t"),
    (r"(fruit_)?area", "area_ha"),
]
COLUMNS = ["target_id", "label", "year", "target", "current", "unit", "measure", "source"]


def measure_of(target_id: str) -> str | None:
    """Return the name of the workspace figure that measures ``target_id`` (None if none)."""
    key = str(target_id).lower()
    for pattern, name in MEASURES:
        if re.search(pattern, key):
            return name
    return None


def processed_share_pct(units: pd.DataFrame | None) -> float:
    """Percentage of the year's harvest that the balance sends to plants (NaN without one)."""
    if units is None or len(units) == 0:
        return float("nan")
    supply = float(pd.to_numeric(units["supply_t"], errors="coerce").fillna(0).sum())
    processed = float(pd.to_numeric(units["processed_t"], errors="coerce").fillna(0).sum())
    return 100.0 * processed / supply if supply > 0 else float("nan")


def target_progress(layers: dict, units: pd.DataFrame | None, lang: str,
                    figures: Headline | None = None) -> pd.DataFrame:
    """Return one row per target with the value reached now.

    Parameters
    ----------
    layers : dict
        The workspace's layers (``targets``, ``zones``, ``plants`` ...).
    units : DataFrame or None
        Balance rows (for the processed share); None leaves that target unmeasured.
    lang : str
        Picks ``label_vi`` or ``label_en``.
    figures : Headline, optional
        Headline figures already computed (else computed here).

    Returns
    -------
    DataFrame
        Columns ``target_id, label, year, target, current, unit, measure, source``;
        ``current`` is NaN when the workspace cannot measure the target.
    """
    targets = layers.get("targets")
    if targets is None or len(targets) == 0:
        return pd.DataFrame(columns=COLUMNS)
    figures = figures or headline(layers)
    values = figures.as_dict()
    values["processed_share_pct"] = processed_share_pct(units)
    rows = []
    for _, row in targets.iterrows():  # the province's targets: a few dozen rows
        measure = measure_of(row["target_id"])
        label = row.get("label_vi") if lang == "vi" else row.get("label_en")
        if label is None or (isinstance(label, float) and np.isnan(label)) or not str(label):
            label = row["target_id"]
        rows.append({
            "target_id": str(row["target_id"]),
            "label": str(label),
            "year": row.get("year"),
            "target": pd.to_numeric(row.get("value"), errors="coerce"),
            "current": float(values[measure]) if measure else float("nan"),
            "unit": _unit(row.get("unit"), lang),
            "measure": measure,
            "source": row.get("source"),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def _unit(unit: object, lang: str) -> str:
    """Pick one language from a bilingual unit such as ``"vùng / zones"``."""
    text = "" if unit is None or (isinstance(unit, float) and np.isnan(unit)) else str(unit)
    if " / " in text:
        vi, en = text.split(" / ", 1)
        return vi.strip() if lang == "vi" else en.strip()
    if text == "t" and lang == "vi":
        return "tấn"
    return text

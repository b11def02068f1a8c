"""The gap in plain words: the sentence an official can read out, and what it rests on.

From the balance rows (see :mod:`fruitmap.balance.solve`) this finds, for one crop, the month with
the largest surplus and the district with the largest surplus in that month, and words it:
"In August, Sông Mã will have about 4,200 t of longan that nothing can absorb".
Everything is computed from the rows given; nothing here is specific to the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fruitmap.balance.charts import monthly_by_crop, peak_surplus_month
from fruitmap.balance.solve import roll_up
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, t

MIN_T = 0.5  # smallest surplus worth a sentence, in tonnes
MONTHS_EN_FULL = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


@dataclass(frozen=True)
class GapStory:
    """The facts behind the headline sentence of one crop.

    Attributes
    ----------
    crop : str
        Canonical crop key.
    month : int or None
        Month (1–12) with the crop's largest province-wide surplus; None without surplus.
    unit_name : str or None
        Unit (district) with the largest surplus of the crop in ``month``.
    unit_surplus_t : float
        That unit's surplus in ``month``, in tonnes.
    month_surplus_t : float
        The province-wide surplus of the crop in ``month``.
    year_surplus_t : float
        The crop's surplus over the year.
    year_supply_t : float
        The crop's harvest over the year.
    """

    crop: str
    month: int | None
    unit_name: str | None
    unit_surplus_t: float
    month_surplus_t: float
    year_surplus_t: float
    year_supply_t: float

    @property
    def year_share(self) -> float:
        """Yearly surplus ÷ yearly harvest (NaN without harvest)."""
        return self.year_surplus_t / self.year_supply_t if self.year_supply_t > 0 else float("nan")


def district_rows(units: pd.DataFrame, admin_units: pd.DataFrame | None) -> pd.DataFrame:
    """Return balance rows summed to districts when the workspace has district boundaries.

    Zones may carry commune codes; officials talk about districts, so commune rows are added
    up to their district (via ``parent_code``). Rows are returned unchanged when there are no
    districts to roll up to, or when rolling up would lose rows.
    """
    if units is None or len(units) == 0 or admin_units is None or len(admin_units) == 0:
        return units
    levels = admin_units["level"].astype(str)
    if not (levels == "district").any():
        return units
    level_of = dict(zip(admin_units["unit_code"].astype(str), levels, strict=False))
    if all(level_of.get(str(c)) == "district" for c in units["unit_code"].unique()):
        return units
    rolled = roll_up(units, admin_units, "district")
    kept = float(pd.to_numeric(rolled["supply_t"], errors="coerce").sum())
    total = float(pd.to_numeric(units["supply_t"], errors="coerce").sum())
    return rolled if np.isclose(kept, total, rtol=1e-6, atol=0.01) else units


def gap_story(units: pd.DataFrame, crop: str) -> GapStory:
    """Return the facts of the headline sentence of ``crop`` from balance rows.

    Parameters
    ----------
    units : DataFrame
        Balance rows (``unit_name``, ``crop``, ``month``, ``supply_t``, ``surplus_t`` ...),
        best summed to districts first (see :func:`district_rows`).
    crop : str
        Canonical crop key.
    """
    table = monthly_by_crop(units)
    rows = table[table["crop"] == crop]
    year_surplus = float(rows["surplus_t"].sum()) if len(rows) else 0.0
    year_supply = float(rows["supply_t"].sum()) if len(rows) else 0.0
    month = peak_surplus_month(units, crop) if len(rows) else None
    month_surplus = float(rows.loc[rows["month"] == month, "surplus_t"].sum()) if month else 0.0
    if month is None or month_surplus < MIN_T:
        # The solver leaves crumbs of 1e-6 t: below half a tonne there is nothing to say.
        return GapStory(crop, None, None, 0.0, 0.0, max(year_surplus, 0.0), year_supply)
    here = units[(units["crop"].astype(str) == crop)
                 & (pd.to_numeric(units["month"], errors="coerce") == month)]
    names = here["unit_name"].where(here["unit_name"].notna(), here["unit_code"]).astype(str)
    by_unit = (pd.to_numeric(here["surplus_t"], errors="coerce").fillna(0.0)
               .groupby(names).sum().sort_values(ascending=False, kind="stable"))
    unit = str(by_unit.index[0]) if len(by_unit) else None
    return GapStory(crop, int(month), unit, float(by_unit.iloc[0]) if len(by_unit) else 0.0,
                    month_surplus, year_surplus, year_supply)


def about(tonnes: float) -> float:
    """Round a tonnage the way one says it aloud: to 2 significant figures (at least 1 t).

    >>> about(4237.4), about(812.6), about(47.2), about(3.4)
    (4200.0, 810.0, 47.0, 3.0)
    """
    value = float(tonnes)
    if not np.isfinite(value) or value <= 0:
        return 0.0
    digits = max(int(np.floor(np.log10(value))) - 1, 0)
    return float(round(value / 10 ** digits) * 10 ** digits)


def month_words(month: int, lang: str) -> str:
    """Return a month as it is written in a sentence: "tháng 7" or "July"."""
    return f"tháng {int(month)}" if lang == "vi" else MONTHS_EN_FULL[int(month) - 1]


def crop_words(crop: str, lang: str) -> str:
    """Return the crop's name as it reads inside a sentence (lower case)."""
    label = crop_label(crop, lang)
    return label[:1].lower() + label[1:]


def headline_sentence(story: GapStory, lang: str) -> str:
    """Return the sentence an official can read out about ``story``'s crop.

    Examples (demo-like numbers): "Tháng 8, Sông Mã sẽ có khoảng 4.200 tấn nhãn không nơi nào
    tiêu thụ được." / "In August, Sông Mã will have about 4,200 t of longan that nothing can
    absorb." Without surplus it says the crop finds a buyer all year.
    """
    crop = crop_words(story.crop, lang)
    if story.month is None or story.unit_name is None or about(story.unit_surplus_t) <= 0:
        return t("gap.story.none", lang, crop=crop)
    month = month_words(story.month, lang)
    return t("gap.story.sentence", lang, month=month[:1].upper() + month[1:],
             unit=story.unit_name, tonnes=fmt_number(about(story.unit_surplus_t), lang),
             crop=crop)


def context_sentence(story: GapStory, lang: str) -> str:
    """Return the sentence that puts the headline in context (province month and year)."""
    if story.month is None:
        return ""
    share = story.year_share
    return t("gap.story.context", lang, month=month_words(story.month, lang),
             month_t=fmt_number(about(story.month_surplus_t), lang),
             year_t=fmt_number(about(story.year_surplus_t), lang),
             share=fmt_number(100 * share if np.isfinite(share) else 0.0, lang),
             crop=crop_words(story.crop, lang))

"""Presentation mode: which slides play, in what order, and the figures each one shows.

A slide is one of five kinds (headline figures, the map, the glut calendar, the surplus map
of a crop in a month, progress against targets). The default sequence plays each kind once;
saved views (:mod:`fruitmap.workspace.views`) play as slides of the kind their page suggests, with the
view's filters, crop, month and map position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from fruitmap.balance.charts import main_crops, monthly_by_crop, peak_surplus_month
from fruitmap.balance.summary import Headline
from fruitmap.i18n import fmt_number, t
from fruitmap.permalink import DEFAULTS
from fruitmap.workspace.views import read_query

KINDS = ("headline", "map", "calendar", "surplus", "targets")
# The kind of slide a saved view of each page becomes (other pages show the headline).
PAGE_KIND = {"overview": "headline", "explorer": "map", "gap": "surplus", "targets": "targets"}


@dataclass(frozen=True)
class Slide:
    """One slide: its kind, its title (None: the kind's own title) and the view it shows."""

    kind: str
    title: str | None = None
    view: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))

    def heading(self, lang: str) -> str:
        """Return the slide's title in ``lang`` (a saved view keeps the title it was given)."""
        return self.title if self.title else t(f"present.kind.{self.kind}", lang)


def default_slides() -> list[Slide]:
    """Return the default sequence: one slide of each kind, in :data:`KINDS` order."""
    return [Slide(kind, view=dict(DEFAULTS, page=page))
            for kind, page in zip(KINDS, ("overview", "explorer", "gap", "gap", "targets"),
                                  strict=True)]


def slides_from_views(views: pd.DataFrame) -> list[Slide]:
    """Return one slide per saved view, oldest first (bad stored values take defaults)."""
    slides = []
    for _, row in views.iterrows():  # saved views: a slide each, a few dozen at most
        view, _notices = read_query(row["query"])
        slides.append(Slide(PAGE_KIND.get(view["page"], "headline"), str(row["title"]), view))
    return slides


def crop_and_month(units: pd.DataFrame, view: dict[str, Any]) -> tuple[str | None, int | None]:
    """Return the crop and month a surplus slide shows.

    The view's choices when given (and the crop is in the balance); else the crop with the
    largest harvest and the month of its largest surplus (of its largest harvest when it has
    no surplus).
    """
    crops = main_crops(units, limit=99) if units is not None and len(units) else []
    if not crops:
        return None, None
    crop = view.get("crop") if view.get("crop") in crops else crops[0]
    month = view.get("month") if view.get("crop") == crop else None
    if month is None:
        month = peak_surplus_month(units, crop)
    if month is None:
        rows = monthly_by_crop(units).query("crop == @crop")
        month = int(rows.loc[rows["supply_t"].idxmax(), "month"])
    return crop, int(month)


def headline_figures(h: Headline, lang: str) -> list[tuple[str, str, str]]:
    """Return the headline slide's figures as (label, value, detail), large-type friendly."""
    def n(value: float) -> str:
        return fmt_number(value, lang)

    def pct(share: float) -> str:
        return fmt_number(100 * share, lang, 1) + "\u00a0%"

    return [
        (t("overview.metric.area", lang), n(h.area_ha),
         t("present.detail.zones", lang, n=n(h.zones))),
        (t("overview.metric.output", lang), n(h.output_t),
         t("overview.metric.output_caption", lang)),
        (t("overview.metric.plants", lang), n(h.plants),
         t("overview.metric.plants_detail", lang, factories=n(h.factories),
           facilities=n(h.facilities))),
        (t("overview.metric.capacity", lang), n(h.capacity_t_day),
         t("overview.metric.operating", lang)),
        (t("overview.metric.cold", lang), n(h.cold_store_t),
         t("overview.metric.stores", lang, n=n(h.cold_stores))),
        (t("overview.metric.certified", lang), pct(h.certified_share),
         f"{n(h.certified_ha)} {t('unit.ha', lang)}"),
    ]

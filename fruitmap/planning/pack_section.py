"""The meeting pack's scenario-comparison section: slides comparing the data with scenarios.

One slide with the yearly surplus by crop of the data and every scenario, then per scenario a
slide with its sentence, the glut calendar's difference and the map of the change by district,
and a slide listing its changes. Figures come from :mod:`fruitmap.planning.compare_charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fruitmap.i18n import t


@dataclass
class PackComparison:
    """What the section compares.

    Attributes
    ----------
    base : BalanceResult
        The balance of the data.
    items : list of (Scenario, BalanceResult)
        Each scenario and its balance (same parameters as ``base``, the scenario's own
        parameters applied).
    """

    base: Any
    items: list = field(default_factory=list)


FULL = (1050, 440)
HALF = (560, 450)


def comparison_slides(layers: dict, comparison: PackComparison, lang: str, picture,
                      for_slide, scale: float) -> list:
    """Return the section's slides (``fruitmap.report.layout.Slide``).

    Parameters
    ----------
    layers : dict
        The workspace's layers (the data, not a scenario's).
    comparison : PackComparison
    lang : str
    picture, for_slide : callable
        The pack's own helpers: PNG bytes → Picture, and a figure sized for a slide.
    scale : float
        Rendering scale of the pictures.
    """
    from fruitmap.planning import compare as cmp
    from fruitmap.planning.compare_charts import (
        difference_calendar_figure,
        unit_change_figure,
        yearly_surplus_figure,
    )
    from fruitmap.planning.describe import describe_change
    from fruitmap.report.images import figures_to_images
    from fruitmap.report.layout import Slide

    if not comparison.items:
        return []
    base = comparison.base
    others = {s.name: r for s, r in comparison.items}
    figures = [for_slide(yearly_surplus_figure(cmp.yearly_table(base, others), lang), FULL)]
    for scenario, result in comparison.items:
        figures.append(for_slide(difference_calendar_figure(
            cmp.calendar_difference(base, result), lang, scenario.name), HALF))
        figures.append(for_slide(unit_change_figure(
            cmp.unit_change(base, result, layers.get("admin_units")),
            layers.get("admin_units"), lang, scenario.name), HALF))
    images = [picture(i["png"]) for i in figures_to_images(figures, ("png",), scale=scale)]
    sentences = [cmp.change_sentence(base, r, s, layers, lang) for s, r in comparison.items]
    # A sentence led by "the new plant in <district>" does not name its scenario; on the
    # summary slide, next to the others, it must.
    named = [text if s.name in text else t("compare.pack.named", lang, name=s.name, sentence=text)
             for (s, _), text in zip(comparison.items, sentences, strict=True)]
    slides = [Slide("pictures", t("compare.pack.title", lang),
                    caption=" ".join(named), pictures=[images[0]])]
    for k, (scenario, _) in enumerate(comparison.items):
        slides.append(Slide("pictures", t("compare.pack.scenario", lang, name=scenario.name),
                            caption=sentences[k],
                            pictures=[images[1 + 2 * k], images[2 + 2 * k]]))
        lines = [describe_change(c, layers, lang) for c in scenario.changes[:12]]
        if len(scenario.changes) > 12:
            lines.append(t("compare.pack.more", lang, n=len(scenario.changes) - 12))
        if scenario.description:
            lines.insert(0, scenario.description)
        slides.append(Slide("text", t("compare.pack.changes", lang, name=scenario.name),
                            lines=lines or [t("scenario.changes.none", lang)]))
    return slides

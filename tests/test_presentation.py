"""Presentation logic: which crop and month a surplus slide shows, the headline figures."""

from __future__ import annotations

import pandas as pd

from fruitmap.balance.summary import headline
from fruitmap.permalink import DEFAULTS
from fruitmap.report.presentation import crop_and_month, headline_figures


def units(rows):
    # (unit, crop, month, supply, surplus): two districts, hand-checkable sums.
    return pd.DataFrame([{"unit_code": u, "unit_name": u, "crop": c, "month": m, "supply_t": s,
                          "released_t": 0.0, "fresh_t": s - x, "processed_t": 0.0,
                          "stored_t": 0.0, "surplus_t": x} for u, c, m, s, x in rows])


TINY = units([("A", "longan", 8, 100, 30), ("B", "longan", 8, 50, 20),  # longan: 150 t, Aug
              ("A", "longan", 7, 40, 45 - 45), ("A", "mango", 6, 90, 10), ("B", "mango", 5, 20, 15)])


def test_default_slide_picks_the_biggest_crop_and_its_worst_month():
    # longan 190 t > mango 110 t; longan's surplus peaks in August (50 t).
    assert crop_and_month(TINY, DEFAULTS) == ("longan", 8)


def test_a_saved_view_keeps_its_crop_and_month():
    assert crop_and_month(TINY, dict(DEFAULTS, crop="mango", month=5)) == ("mango", 5)
    # Without a month: mango's worst month (15 t in May beats 10 t in June).
    assert crop_and_month(TINY, dict(DEFAULTS, crop="mango")) == ("mango", 5)
    # A crop the balance does not have falls back to the default choice.
    assert crop_and_month(TINY, dict(DEFAULTS, crop="avocado", month=3)) == ("longan", 8)


def test_a_crop_without_surplus_shows_its_harvest_peak():
    no_surplus = units([("A", "plum", 5, 10, 0), ("A", "plum", 6, 25, 0)])
    assert crop_and_month(no_surplus, DEFAULTS) == ("plum", 6)
    assert crop_and_month(units([]), DEFAULTS) == (None, None)


def test_headline_figures_in_both_languages(demo_ws_path):
    from fruitmap.workspace.geopackage import Workspace

    h = headline(Workspace(demo_ws_path).read_all())
    vi = headline_figures(h, "vi")
    en = headline_figures(h, "en")
    assert len(vi) == len(en) == 6
    assert vi[0][0] == "Diện tích (ha)" and en[0][0] == "Fruit area (ha)"
    big = round(h.area_ha)
    assert vi[0][1] == f"{big:,}".replace(",", ".") and en[0][1] == f"{big:,}"
    assert vi[5][1].endswith("\u00a0%")

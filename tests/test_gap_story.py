"""The gap page's logic on the tiny workspace of tests/gap_fixtures.py (answers on paper)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from fruitmap.balance.gap_map import gap_map, surplus_breaks
from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.balance.story import (
    about,
    context_sentence,
    district_rows,
    gap_story,
    headline_sentence,
)
from fruitmap.balance.tables import (
    crop_month_table,
    district_table,
    glut_table,
    headers,
    in_language,
    plant_summary,
    targets_table,
    unabsorbed_zones,
)
from fruitmap.balance.targets import target_progress
from tests.gap_fixtures import tiny_layers


@pytest.fixture(scope="module")
def layers():
    return tiny_layers()


@pytest.fixture(scope="module")
def near(layers):
    return compute_balance(layers, BalanceParams(max_haul_km=100))


@pytest.fixture(scope="module")
def far(layers):
    return compute_balance(layers, BalanceParams(max_haul_km=50))


def test_story_names_the_peak_month_and_the_district(near, far):
    story = gap_story(near.units, "longan")
    assert (story.month, story.unit_name) == (7, "Sông Mã")
    assert story.unit_surplus_t == pytest.approx(940, abs=0.01)
    assert story.year_surplus_t == pytest.approx(940, abs=0.01)
    assert story.year_share == pytest.approx(940 / 1300)
    assert gap_story(far.units, "longan").unit_surplus_t == pytest.approx(1100, abs=0.01)


def test_headline_sentence_in_both_languages(near, far):
    assert headline_sentence(gap_story(near.units, "longan"), "vi") == (
        "Tháng 7, Sông Mã sẽ có khoảng 940 tấn nhãn không nơi nào tiêu thụ được.")
    assert headline_sentence(gap_story(far.units, "longan"), "en") == (
        "In July, Sông Mã will have about 1,100 t of longan that nothing can absorb.")
    context = context_sentence(gap_story(near.units, "longan"), "en")
    assert "about 940 t of longan is left over in July" in context
    assert "(72 % of the harvest)" in context  # 940 / 1300 = 72.3 %


def test_no_surplus_is_said_in_plain_words(layers):
    unlimited = dict(layers)
    unlimited["markets"] = layers["markets"].assign(fresh_capacity_t=10_000.0)
    result = compute_balance(unlimited, BalanceParams())
    story = gap_story(result.units, "longan")
    assert story.month is None
    assert headline_sentence(story, "vi") == (
        "Với các tham số này, nhãn được tiêu thụ hết quanh năm: không tháng nào dư.")
    assert context_sentence(story, "en") == ""


@pytest.mark.parametrize("tonnes, said", [(4237.4, 4200), (812.6, 810), (47.2, 47), (3.4, 3),
                                          (0.2, 0), (0, 0), (float("nan"), 0), (99.5, 100)])
def test_about_rounds_to_two_significant_figures(tonnes, said):
    assert about(tonnes) == said


def test_commune_rows_are_summed_to_their_district(near, layers):
    admin = layers["admin_units"]
    communes = pd.concat([admin, admin.iloc[[1]].assign(unit_code="C1", name="Xã Một",
                                                        level="commune", parent_code="D1")])
    rows = near.units.assign(unit_code=near.units["unit_code"].replace({"D1": "C1"}),
                             unit_name=near.units["unit_name"].replace({"Sông Mã": "Xã Một"}))
    rolled = district_rows(rows, communes)
    july = rolled[rolled["month"] == 7].set_index("unit_code")
    assert july.loc["D1", "unit_name"] == "Sông Mã"
    assert july.loc["D1", "surplus_t"] == pytest.approx(940, abs=0.01)
    # already at district level: unchanged
    assert district_rows(near.units, admin) is near.units


def test_glut_table_in_tonnes_and_share(near):
    tonnes = glut_table(near.units).set_index("crop")
    assert tonnes.loc["longan", "m7"] == pytest.approx(940, abs=0.1)
    assert tonnes.loc["longan", "m6"] == 0
    assert tonnes.loc["longan", "year"] == pytest.approx(940, abs=0.1)
    share = glut_table(near.units, "share").set_index("crop")
    assert share.loc["longan", "m7"] == pytest.approx(72.3, abs=0.05)
    assert np.isnan(share.loc["longan", "m6"])  # nothing available: no share


def test_month_district_and_zone_tables(near, far, layers):
    month = crop_month_table(near.units, "longan").set_index("month")
    assert month.loc[7, ["supply_t", "fresh_t", "processed_t", "surplus_t"]].tolist() == [
        1300, 100, 260, 940]
    districts = district_table(near.units, "longan", 7)
    assert districts["unit_name"].tolist() == ["Sông Mã", "Mai Sơn"]  # largest surplus first
    zones = unabsorbed_zones(near.zones, "longan", 7)
    assert zones["zone_id"].tolist() == ["Z1"]
    assert zones.loc[0, "surplus_share"] == pytest.approx(100 * 940 / 1200)
    assert not zones.loc[0, "no_facility"]  # P1 is 92 km away, within 100 km
    isolated = unabsorbed_zones(far.zones, "longan", 7)
    assert isolated.loc[0, "no_facility"]  # ... but not within 50 km
    assert unabsorbed_zones(near.zones, "longan", 8).empty


def test_plant_summary_idle_and_saturated_months(near):
    summary = plant_summary(near.plants).set_index("plant_id")
    # P1 works every month (260 t) but only has fruit in July, where it is full.
    assert summary.loc["P1", "saturated_months"] == "7"
    assert summary.loc["P1", "n_idle"] == 11
    assert summary.loc["P1", "utilisation"] == pytest.approx(100 * 260 / (12 * 260), abs=0.05)


def test_targets_table_gap_and_headers(near, layers):
    progress = target_progress(layers, near.units, "en")
    table = targets_table(progress).set_index("label")
    assert table.loc["High-tech zones", "current"] == 1
    assert table.loc["High-tech zones", "gap"] == 2
    assert table.loc["Share processed", "current"] == pytest.approx(20.0)
    assert table.loc["Share processed", "gap"] == pytest.approx(30.0)
    assert table.loc["Share processed", "target_year"] == 2030
    assert np.isnan(table.loc["Odd target", "gap"])  # not measurable, no invented gap
    labels = headers(targets_table(progress).columns, "vi")
    assert len(set(labels.values())) == len(labels)  # no two columns share a header
    assert headers(["m7", "surplus_t"], "vi") == {"m7": "Tháng 7", "surplus_t": "Dư thừa (tấn)"}


@pytest.mark.parametrize("text, vi, en", [
    ("Nghị quyết 01 / Resolution 01", "Nghị quyết 01", "Resolution 01"),
    ("https://example.org/a/b", "https://example.org/a/b", "https://example.org/a/b"),
    ("Kế hoạch 2025 / 2030 / Plan", "Kế hoạch 2025 / 2030 / Plan", "Kế hoạch 2025 / 2030 / Plan"),
])
def test_bilingual_sources_keep_the_page_language(text, vi, en):
    assert (in_language(text, "vi"), in_language(text, "en")) == (vi, en)
    assert in_language(None, "vi") is None


def test_surplus_breaks_keep_a_none_class():
    assert surplus_breaks([0, 0, 0]) == [0.0, 0.5]
    edges = surplus_breaks([0, 10, 20, 30, 40])
    assert edges[:2] == [0.0, 0.5] and edges[-1] == 40


def test_gap_map_highlights_the_zones_left_with_fruit(near, far, layers):
    zones = unabsorbed_zones(far.zones, "longan", 7)
    hostile = dict(layers)
    hostile["zones"] = layers["zones"].assign(
        name=["<script>alert(1)</script>", "Vùng nhãn Z2"])
    zones = zones.assign(name=["<script>alert(1)</script>"])
    m = gap_map(hostile, district_table(far.units, "longan", 7), zones, "longan", 7, "en", 50)
    html = m.get_root().render()
    assert "fm-unabsorbed" in html and "fm-choropleth" in html
    assert "No plant or cold store within 50 km" in html
    assert "1,100 t of longan left over in July" in html
    assert "<script>alert(1)" not in html  # names are escaped
    assert not re.search(r"https?://(cdn|unpkg|code\.jquery|cdnjs|maxcdn)", html)


def _script(m) -> str:
    # folium names elements by random ids: compare the scripts with the ids taken out.
    return re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render())


def test_facility_layers_built_once_serve_every_month(near, layers):
    from fruitmap.balance.gap_map import facility_layers

    facilities = facility_layers(layers, "longan", "en")
    assert facilities and all(e._parent is None for e in facilities)  # attached to no map
    for month in (7, 8):
        args = (layers, district_table(near.units, "longan", month),
                unabsorbed_zones(near.zones, "longan", month), "longan", month, "en", 100)
        reused = gap_map(*args, facilities=facilities)
        assert _script(reused) == _script(gap_map(*args))  # the same map as built in place
        assert "fm-factory" in _script(reused) or "fm-facility" in _script(reused)
    assert all(e._parent is None for e in facilities)  # copies went into the maps

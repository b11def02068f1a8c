"""Issue 10's journey in Chromium, in Vietnamese, with no internet: "where should two new
30 t/day plants go to cut the most surplus?" asked on the siting page and saved as a scenario;
a hand-made scenario with a plant clicked on the map; both compared with the data; the
comparison put in a PPTX meeting pack. The surplus the page shows for the siting scenario is
checked against the siting's own "after" figure and against ``compute_balance`` of the saved
scenario's changes applied directly to the data.

The app writes (scenarios are saved in the workspace): it runs on a private copy of the demo.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pptx import Presentation

from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.i18n import fmt_number, t
from fruitmap.planning.scenarios import balance_inputs, load_scenario, scenario_names
from tests.browser.test_scenarios_browser import (  # noqa: F401  (fixture)
    click_on_scenario_map,
    private_app,
)
from tests.conftest import assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser
LANG = "vi"
SITED = "Hai nhà máy 30 tấn/ngày"
BY_HAND = "Nhà máy bấm trên bản đồ"


def metric_value(page, label: str) -> str:
    """The number of the metric labelled ``label`` (its " t" unit dropped)."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip().removesuffix(" t")


def pick(page, label: str, option: str) -> None:
    """Add ``option`` to the multiselect labelled ``label``."""
    page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).locator(
        "input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page, timeout=180_000)


def slide_texts(slide):
    """Every text of a slide: its text boxes and the cells of its tables."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape.text_frame.text
        if shape.has_table:
            yield from (cell.text for row in shape.table.rows for cell in row.cells)


def success(page, text: str):
    return page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=text)


def test_site_two_plants_save_compare_with_a_hand_made_one_and_pack_it(
        private_app, offline_page, tmp_path):  # noqa: F811
    app, ws = private_app
    page, foreign = offline_page

    # 1. Siting: two new 30 t/day processing plants (the page's defaults), saved as a scenario.
    open_page(page, app, "siting", LANG)
    assert_no_exception(page)
    assert page.get_by_label(t("siting.count", LANG)).input_value() == "2"
    assert page.get_by_label(t("siting.capacity.plant", LANG)).input_value() == "30"
    page.get_by_role("button", name=t("siting.run", LANG)).click()
    page.get_by_text(t("siting.section.table", LANG)).wait_for(timeout=300_000)
    wait_for_app(page, timeout=120_000)
    assert_no_exception(page)
    before = metric_value(page, t("siting.metric.before", LANG))
    after = metric_value(page, t("siting.metric.after", LANG, n=2))
    assert re.fullmatch(r"[\d.]+", after) and after != before
    shot(page, "planning_1_siting_vi", tmp_path)
    name = page.get_by_label(t("siting.save.name", LANG))
    name.fill(SITED)
    name.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name=t("siting.save.button", LANG)).click()
    expect(success(page, t("siting.save.done", LANG, name=SITED))).to_be_visible(
        timeout=60_000)
    assert_no_exception(page)
    shot(page, "planning_2_siting_saved_vi", tmp_path)
    sited = load_scenario(ws, SITED)
    assert [c["op"] for c in sited.changes] == ["add", "add"]
    assert all(c["attrs"]["capacity_t_day"] == 30.0 for c in sited.changes)

    # The same changes made directly in the data leave the surplus the page showed.
    layers, params = balance_inputs(ws.read_all(), sited, BalanceParams())
    direct = float(compute_balance(layers, params).units["surplus_t"].sum())
    assert fmt_number(direct, LANG) == after

    # 2. A hand-made scenario: a new plant placed by a click on the map.
    open_page(page, app, "scenarios", LANG)
    assert_no_exception(page)
    scenario_name = page.get_by_label(t("scenario.name", LANG))
    scenario_name.fill(BY_HAND)
    scenario_name.press("Enter")
    wait_for_app(page)
    click_on_scenario_map(page)
    page.get_by_label(t("scenario.f.name", LANG)).fill("Nhà máy nhãn Mai Sơn")
    capacity = page.get_by_label(t("scenario.f.capacity_t_day", LANG))
    capacity.fill("50")
    capacity.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name=t("scenario.add_change", LANG)).click()
    wait_for_app(page)
    expect(page.get_by_text("Thêm nhà máy «Nhà máy nhãn Mai Sơn»")).to_be_visible(
        timeout=30_000)
    page.get_by_role("button", name=t("scenario.save", LANG)).click()
    expect(success(page, t("scenario.saved", LANG, name=BY_HAND))).to_be_visible(
        timeout=60_000)
    assert_no_exception(page)
    wait_for_app(page, timeout=60_000)
    shot(page, "planning_3_hand_made_vi", tmp_path)
    assert set(scenario_names(ws)) == {SITED, BY_HAND}

    # 3. The data against both scenarios, side by side.
    page.get_by_role("tab", name=t("scenario.tab.compare", LANG)).click()
    wait_for_app(page, timeout=180_000)
    pick(page, t("compare.pick", LANG), SITED if scenario_names(ws)[0] != SITED else BY_HAND)
    sentences = page.locator('[data-testid="stAlertContentInfo"]')
    sited_sentence = sentences.filter(has_text=SITED)
    hand_sentence = sentences.filter(has_text=BY_HAND)
    expect(sited_sentence).to_be_visible(timeout=180_000)
    expect(hand_sentence).to_be_visible(timeout=180_000)
    wait_for_app(page, timeout=180_000)
    assert_no_exception(page)
    year = re.search(r"Cả năm, lượng quả dư giảm ([\d.]+) tấn \(từ ([\d.]+) xuống ([\d.]+) tấn\)",
                     sited_sentence.inner_text())
    assert year, sited_sentence.inner_text()
    assert (year[2], year[3]) == (before, after)
    assert "Cả năm, lượng quả dư" in hand_sentence.inner_text()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    # yearly bars, three glut calendars, two differences, two maps of the change
    expect(charts).to_have_count(8, timeout=180_000)
    wait_for_app(page, timeout=180_000)
    shot(page, "planning_4_compare_vi", tmp_path)
    for k in range(8):  # each chart on its own, to look at
        charts.nth(k).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        shot(page, f"planning_4_compare_chart{k}_vi", tmp_path, charts.nth(k))

    # 4. The meeting pack with both scenarios in its comparison section, as PPTX.
    open_page(page, app, "meeting-pack", LANG)
    assert_no_exception(page)
    page.get_by_text(t("export.pack.format_pptx", LANG)).click()
    wait_for_app(page)
    for scenario in (SITED, BY_HAND):
        pick(page, t("compare.pack.pick", LANG), scenario)
    shot(page, "planning_5_pack_choices_vi", tmp_path)
    page.get_by_role("button", name=t("export.pack.build", LANG)).click()
    file_name = t("export.pack.file_name", LANG) + ".pptx"
    button = page.get_by_role("button", name=t("export.pack.download", LANG, name=file_name))
    button.wait_for(timeout=600_000)
    assert_no_exception(page)
    shot(page, "planning_6_pack_built_vi", tmp_path)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = tmp_path / file_name
    info.value.save_as(path)
    # The pack breaks long lines: compare the words, not the line breaks.
    slides = [" ".join(" ".join(slide_texts(slide)).split())
              for slide in Presentation(str(path)).slides]
    title = t("compare.pack.title", LANG)
    comparison = [s for s in slides if title in s]
    assert comparison, [s[:80] for s in slides]
    assert any(SITED in s for s in comparison) and any(BY_HAND in s for s in comparison)
    for scenario in (SITED, BY_HAND):
        assert any(t("compare.pack.scenario", LANG, name=scenario) in s for s in slides)
    own = [s for s in slides if t("compare.pack.scenario", LANG, name=SITED) in s]
    assert f"(từ {before} xuống {after} tấn)" in own[0]
    assert foreign == []

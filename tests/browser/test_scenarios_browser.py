"""The scenarios page in Chromium, with no internet: a new plant placed by a click on the map,
the scenario saved, and compared with the data (the sentence, the charts, the map of the
change). The app runs on its own copy of the demo workspace."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.planning.scenarios import load_scenario
from fruitmap.workspace.geopackage import Workspace
from tests.browser.test_upload_browser import MAP_FRAME
from tests.conftest import RunningApp, assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture()
def private_app(demo_ws_copy):
    app = RunningApp(demo_ws_copy)
    try:
        yield app, Workspace(demo_ws_copy)
    finally:
        app.stop()


def click_on_scenario_map(page) -> None:
    """Click the scenarios page's map until the page says which point was chosen."""
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.leaflet-interactive")).not_to_have_count(0, timeout=60_000)
    wait_for_app(page)
    clicked = page.get_by_text("Vị trí đã chọn: vĩ độ")
    # A click that lands while the frame is still settling is lost: try another spot.
    for x, y in ((420, 300), (450, 330), (380, 280)):
        frame.locator(".leaflet-container").click(position={"x": x, "y": y})
        try:
            expect(clicked).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            continue
    expect(clicked).to_be_visible(timeout=20_000)
    wait_for_app(page)


def test_click_a_new_plant_on_the_map_save_and_compare(private_app, offline_page, tmp_path):
    app, ws = private_app
    page, foreign = offline_page
    plants_before = len(ws.read("plants"))
    open_page(page, app, "scenarios", "vi")
    assert_no_exception(page)
    name = page.get_by_label(t("scenario.name", "vi"))
    name.fill("Nhà máy nhãn mới")
    name.press("Enter")
    wait_for_app(page)
    click_on_scenario_map(page)
    page.get_by_label(t("scenario.f.name", "vi")).fill("Nhà máy mới bấm trên bản đồ")
    capacity = page.get_by_label(t("scenario.f.capacity_t_day", "vi"))
    capacity.fill("80")
    capacity.press("Tab")
    wait_for_app(page)
    shot(page, "scenario_map_clicked_vi", tmp_path)
    page.get_by_role("button", name=t("scenario.add_change", "vi")).click()
    wait_for_app(page)
    expect(page.get_by_text("Thêm nhà máy «Nhà máy mới bấm trên bản đồ»")).to_be_visible(
        timeout=30_000)
    page.get_by_role("button", name=t("scenario.save", "vi")).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=t("scenario.saved", "vi", name="Nhà máy nhãn mới"))).to_be_visible(
        timeout=60_000)
    assert_no_exception(page)
    saved = load_scenario(ws, "Nhà máy nhãn mới")
    add = saved.changes[0]
    assert add["op"] == "add" and add["attrs"]["capacity_t_day"] == 80.0
    assert 103 < add["lon"] < 106 and 20 < add["lat"] < 23
    assert len(ws.read("plants")) == plants_before  # the data itself is unchanged

    page.get_by_role("tab", name=t("scenario.tab.compare", "vi")).click()
    sentence = page.locator('[data-testid="stAlertContentInfo"]').filter(
        has_text="Với nhà máy mới")
    expect(sentence).to_be_visible(timeout=120_000)
    wait_for_app(page, timeout=120_000)
    assert_no_exception(page)
    text = sentence.inner_text()
    assert "lượng" in text and "tấn" in text
    charts = page.locator('[data-testid="stPlotlyChart"]')
    # yearly bars, the two glut calendars, their difference, the map of the change
    expect(charts.nth(4)).to_be_attached(timeout=120_000)
    wait_for_app(page, timeout=120_000)
    shot(page, "scenario_compare_vi", tmp_path)
    for k, what in ((3, "difference"), (4, "map")):
        charts.nth(k).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        shot(page, f"scenario_compare_{what}_vi", tmp_path, charts.nth(k))
    assert foreign == []

"""The siting page in Chromium: two candidate points drawn by clicks on the map, listed as
D1 and D2, and a run that chooses among them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from tests.browser.test_planning_journey_browser import pick
from tests.conftest import assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LANG = "vi"


def click_until(page, spots, shown) -> None:
    """Click the drawing map at the first of ``spots`` that makes ``shown`` visible (a click
    landing while the frame still settles is lost)."""
    frame = page.frame_locator(MAP_FRAME).first
    for x, y in spots:
        frame.locator(".leaflet-container").click(position={"x": x, "y": y})
        try:
            expect(shown).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            continue
    expect(shown).to_be_visible(timeout=20_000)
    wait_for_app(page)


def test_two_points_drawn_then_sited(page, app_server, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, app_server, "siting", LANG)
    assert_no_exception(page)
    # Only the drawn points: Backspace drops the default source (industrial areas).
    sources = page.locator('[data-testid="stMultiSelect"]').filter(
        has_text=t("siting.sources", LANG))
    sources.locator("input").click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    wait_for_app(page)
    pick(page, t("siting.sources", LANG), t("siting.source.drawn", LANG))
    expect(sources).not_to_contain_text(t("siting.source.industrial_areas", LANG))
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator("path.leaflet-interactive")).not_to_have_count(0, timeout=60_000)
    wait_for_app(page)
    click_until(page, ((420, 200), (450, 230), (380, 180)),
                page.get_by_text(t("siting.n_candidates", LANG, n=1)))
    # The drawn point is listed (with the box that removes it) and drawn on the map.
    expect(page.get_by_role("combobox", name=t("siting.drawn.pick", LANG))).to_be_visible()
    expect(frame.locator('path[fill="#7b1fa2"]')).to_have_count(1, timeout=20_000)
    click_until(page, ((600, 260), (630, 290), (560, 240)),
                page.get_by_text(t("siting.n_candidates", LANG, n=2)))
    assert_no_exception(page)
    expect(frame.locator('path[fill="#7b1fa2"]')).to_have_count(2, timeout=20_000)
    page.get_by_text(t("siting.kind", LANG)).scroll_into_view_if_needed()
    shot(page, "siting_drawn_choices", tmp_path)
    count = page.get_by_label(t("siting.count", LANG))
    count.fill("1")
    count.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name=t("siting.run", LANG)).click()
    page.get_by_text(t("siting.section.table", LANG)).wait_for(timeout=300_000)
    wait_for_app(page, timeout=120_000)
    assert_no_exception(page)
    sentence = page.locator('[data-testid="stAlertContentSuccess"]').first
    expect(sentence).to_contain_text("Điểm vẽ", timeout=30_000)
    shot(page, "siting_drawn", tmp_path)

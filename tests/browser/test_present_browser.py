"""Presentation mode in Chromium at projector size: next and previous (buttons and keys)
move between slides; the sidebar is hidden; every slide carries attribution and date."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from tests.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser
KINDS = ["headline", "map", "calendar", "surplus", "targets"]


@pytest.fixture(scope="module")
def served(app_server, browser):
    first = browser.new_page()
    first.goto(app_server.url)
    first.locator('[data-testid="stSidebarNav"]').filter(
        has_text=t("nav.overview", "vi")).wait_for(timeout=90_000)
    wait_for_app(first)
    first.close()
    return app_server


def at_slide(page, n: int, lang: str) -> None:
    page.locator(".fm-count", has_text=f"{n} / 5").wait_for(timeout=90_000)
    page.locator(".fm-title", has_text=t(f"present.kind.{KINDS[n - 1]}", lang)).wait_for(
        timeout=30_000)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_next_and_previous_move_between_slides(served, page, lang, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{served.url}/present?lang={lang}")
    at_slide(page, 1, lang)
    # The page's own CSS hides the sidebar once its first run has drawn.
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=30_000)
    shots = Path(os.environ.get("FRUITMAP_SHOTS", tmp_path))
    for n in range(1, 6):
        at_slide(page, n, lang)
        assert_no_exception(page)
        foot = page.locator(".fm-foot").inner_text()
        assert t("present.data_date", lang, when="")[:8] in foot and "CC BY-SA 4.0" in foot
        assert t("prov.demo", lang) in foot  # each layer's source, the demo here
        page.screenshot(path=str(shots / f"present_{lang}_{n}.png"))
        if n < 5:
            page.locator(".st-key-present_next button").click()
    assert page.locator(".st-key-present_next button").is_disabled()
    page.locator(".st-key-present_prev button").click()
    at_slide(page, 4, lang)
    # Keys: what a presenter's remote sends.
    page.locator(".fm-title").click()
    page.keyboard.press("PageUp")
    at_slide(page, 3, lang)
    page.keyboard.press("ArrowRight")
    at_slide(page, 4, lang)
    page.keyboard.press("ArrowLeft")
    at_slide(page, 3, lang)
    wait_for_app(page)
    # The slide fits the projector: nothing below the fold.
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    assert height <= 760


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.mark.parametrize("lang", ["en"])
def test_arrow_keys_turn_slides_while_the_map_has_focus(served, page, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{served.url}/present?lang={lang}")
    at_slide(page, 1, lang)
    page.locator(".st-key-present_next button").click()
    at_slide(page, 2, lang)
    wait_for_app(page)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the map settles in its frame

    def focus_map():
        # A click inside the map puts the keyboard focus in its frame.
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
        page.wait_for_timeout(300)
        focused = page.evaluate("() => document.activeElement && document.activeElement.title")
        assert focused == "streamlit_folium.st_folium"

    frame = next(f for f in page.frames if "streamlit_folium" in (f.url or ""))
    centre = frame.evaluate("""() => {
        const k = Object.keys(window).find(k => k.startsWith('map_') && window[k].getCenter);
        return window[k].getCenter(); }""")
    focus_map()
    page.keyboard.press("ArrowRight")
    at_slide(page, 3, lang)
    page.locator(".st-key-present_prev button").click()
    at_slide(page, 2, lang)
    wait_for_app(page)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    frame = next(f for f in page.frames if "streamlit_folium" in (f.url or ""))
    focus_map()
    page.keyboard.press("ArrowLeft")
    at_slide(page, 1, lang)
    assert centre["lat"] != 0  # the map was drawn (a blank frame would have no centre)

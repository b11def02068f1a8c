"""The gap page draws its charts and its offline surplus map in Chromium (Sơn La demo)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from tests.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.browser
# The first visit computes the demo balance (cached afterwards): allow for a slow machine.
SLOW = 240_000


def open_gap(page, app, lang: str) -> None:
    open_page(page, app, "gap", lang, timeout=SLOW)
    # The page is done when its last section (plant utilisation) is on screen.
    page.get_by_text(t("gap.section.plants", lang)).wait_for(timeout=SLOW)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_page_draws_charts_and_surplus_map(page, app_server, lang):
    open_gap(page, app_server, lang)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == t("gap.title", lang)
    # glut calendar, crop balance, surplus map, plant utilisation: four plotly figures drawn
    # (each plot has several .main-svg layers, so wait for the plots themselves)
    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=60_000)
    heat = page.locator(".js-plotly-plot").first
    assert heat.locator("text", has_text=t("bchart.glut.title_tonnes", lang)).count() == 1
    # the folium map: districts shaded by surplus and the zones left with fruit, drawn offline
    frame_el = page.locator('iframe[title="streamlit_folium.st_folium"]')
    frame_el.scroll_into_view_if_needed()
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    frame.locator("path.fm-choropleth").first.wait_for(timeout=60_000)
    assert frame.locator("path.fm-choropleth").count() == 12  # the 12 districts of Sơn La
    assert frame.locator("path.fm-unabsorbed").count() > 0
    assert frame_el.bounding_box()["height"] > 400
    # the headline sentence an official can read out
    alert = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert ("nhãn" if lang == "vi" else "longan") in alert

"""The siting page in Chromium: two new 30 t/day plants on the demo, shown on the map."""

from __future__ import annotations

import pytest

from fruitmap.i18n import t
from tests.conftest import assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_siting_two_plants_drawn_on_the_map(page, app_server, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, app_server, "siting", "vi")
    assert_no_exception(page)
    page.get_by_role("button", name=t("siting.run", "vi")).click()
    # The run takes seconds to a minute on a shared machine; its status box says when done.
    page.get_by_text(t("siting.section.table", "vi")).wait_for(timeout=300_000)
    wait_for_app(page, timeout=120_000)
    assert_no_exception(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30_000)
    frame = page.frame_locator(MAP_FRAME).first
    # The two chosen sites: red circles drawn by Leaflet in the map frame.
    frame.locator('path[fill="#d62728"]').first.wait_for(timeout=30_000)
    assert frame.locator('path[fill="#d62728"]').count() == 2
    assert page.get_by_text(t("siting.section.curve", "vi")).count() == 1
    shot(page, "siting_result", tmp_path)
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    shot(page, "siting_map", tmp_path)
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    shot(page, "siting_curve", tmp_path)

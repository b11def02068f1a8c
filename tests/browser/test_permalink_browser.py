"""Permalinks in Chromium: a URL built from a view reopens it (language, filters, crop and
month, map centre and zoom); panning writes the map's view into the address bar without a
rerun; hostile query values are ignored with a notice and never become markup."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.maps.filters import filter_layers
from fruitmap.permalink import DEFAULTS, view_url
from fruitmap.workspace.geopackage import Workspace
from tests.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LEAFLET = """() => {
    const k = Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom);
    const m = window[k];
    return {lat: m.getCenter().lat, lon: m.getCenter().lng, zoom: m.getZoom()};
}"""


@pytest.fixture(scope="module")
def served(app_server, browser):
    first = browser.new_page()
    first.goto(app_server.url)
    first.locator('[data-testid="stSidebarNav"]').filter(
        has_text=t("nav.overview", "vi")).wait_for(timeout=90_000)
    wait_for_app(first)
    first.close()
    return app_server


def map_frame(page):
    page.frame_locator(MAP_FRAME).locator("path.fm-zone").first.wait_for(timeout=60_000)
    return next(f for f in page.frames if "streamlit_folium" in (f.url or ""))


def query(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_explorer_link_reopens_language_filters_and_map_view(served, page, demo_ws_path):
    view = dict(DEFAULTS, page="explorer", lang="en", crops=("longan",), lat=21.2, lon=104.0,
                zoom=10)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(view_url(view, served.url))
    page.get_by_role("heading", name=t("explorer.title", "en")).wait_for(timeout=90_000)
    wait_for_app(page, timeout=60_000)
    frame = map_frame(page)
    assert_no_exception(page)
    # The crop filter holds the linked crop, in English.
    crops = page.locator(".st-key-explorer_crops").inner_text()
    assert "Longan" in crops and "Mango" not in crops
    longan = len(filter_layers(Workspace(demo_ws_path).read_all(), crops=["longan"])["zones"])
    expect(page.frame_locator(MAP_FRAME).locator("path.fm-zone")).to_have_count(longan)
    page.wait_for_timeout(3500)  # the map settles in its frame
    spot = frame.evaluate(LEAFLET)
    assert abs(spot["lat"] - 21.2) < 1e-3 and abs(spot["lon"] - 104.0) < 1e-3
    assert spot["zoom"] == 10
    assert {"lang": "en", "crops": "longan"}.items() <= query(page).items()

    # Panning writes the new centre into the address bar, and the script does not rerun:
    # a marker left in the map's frame survives (a rerun would rebuild the frame).
    frame.evaluate("() => { window.fmMarker = 1; }")
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 200, y + 120, steps=8)
    page.mouse.up()
    page.wait_for_timeout(1500)
    moved = frame.evaluate(LEAFLET)
    assert abs(moved["lon"] - 104.0) > 0.01
    q = query(page)
    assert abs(float(q["lat"]) - moved["lat"]) < 1e-4
    assert abs(float(q["lon"]) - moved["lon"]) < 1e-4
    assert float(q["zoom"]) == moved["zoom"]
    assert frame.evaluate("() => window.fmMarker") == 1

    # The copied address opens the moved view in a new session.
    again = page.context.new_page()
    again.set_viewport_size({"width": 1400, "height": 1000})
    again.goto(page.url)
    again.get_by_role("heading", name=t("explorer.title", "en")).wait_for(timeout=90_000)
    other = map_frame(again)
    again.wait_for_timeout(3500)
    spot = other.evaluate(LEAFLET)
    assert abs(spot["lat"] - moved["lat"]) < 1e-3 and abs(spot["lon"] - moved["lon"]) < 1e-3
    again.close()


def test_gap_link_reopens_crop_and_month(served, page):
    view = dict(DEFAULTS, page="gap", lang="vi", crop="mango", month=6, max_haul_km=150)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(view_url(view, served.url))
    page.get_by_role("heading", name=t("gap.title", "vi")).wait_for(timeout=90_000)
    wait_for_app(page, timeout=90_000)
    assert_no_exception(page)
    crop = page.locator(".st-key-gap_crop")
    month = page.locator(".st-key-gap_month")
    # A select box shows its value as the combobox's value (the balance is computed first).
    expect(crop.get_by_role("combobox")).to_match_aria_snapshot(
        f'- combobox "{t("gap.crop", "vi")}": Xoài', timeout=90_000)
    expect(month.get_by_role("combobox")).to_match_aria_snapshot(
        f'- combobox "{t("gap.month", "vi")}": Tháng 6', timeout=30_000)
    assert {"crop": "mango", "month": "6", "max_haul_km": "150"}.items() <= query(page).items()


def test_hostile_values_are_ignored_safely_with_a_notice(served, page):
    page.goto(served.url + "/gap?month=13&crops=longan,%3Cscript%3Ewindow.fmHacked=1%3C/script%3E"
              "&lat=1e308&zoom=__import__('os')&lang=en&q=%3Cimg%20src=x%20onerror=alert(1)%3E")
    page.get_by_role("heading", name=t("gap.title", "en")).wait_for(timeout=90_000)
    wait_for_app(page, timeout=90_000)
    assert_no_exception(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="month").first
    text = alert.inner_text()
    assert "13" in text and "<script>window.fmHacked=1</script>" in text.replace("\n", "")
    assert "__import__('os')" in text.replace("\\", "")
    assert page.evaluate("() => window.fmHacked") is None
    assert page.locator("script:has-text('fmHacked')").count() == 0
    # The address bar is rewritten with the valid part of the view only.
    page.wait_for_function("() => !location.search.includes('month=13')", timeout=90_000)
    q = query(page)
    assert "zoom" not in q and "lat" not in q and "crops" not in q
    assert q["lang"] == "en"


def test_saved_view_keeps_the_map_position_of_a_session_opened_without_one(
        browser, demo_ws_copy):
    """Opened from the bare page (no lat/lon/zoom in the link), panned, then saved."""
    from urllib.parse import parse_qs as parse

    from tests.conftest import RunningApp, open_page

    app = RunningApp(demo_ws_copy)  # its own workspace: the saved view stays out of others'
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_page(page, app, "explorer", lang="en", timeout=90_000)
        assert "lat" not in query(page)
        frame = map_frame(page)
        page.wait_for_timeout(2500)
        box = page.locator(MAP_FRAME).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 180, y - 100, steps=8)
        page.mouse.up()
        page.wait_for_function("() => location.search.includes('lat=')", timeout=10_000)
        page.wait_for_timeout(2500)  # the pan's inertia ends and the URL follows (1 s timer)
        moved = frame.evaluate(LEAFLET)
        assert abs(float(query(page)["lat"]) - moved["lat"]) < 1e-4
        panel = page.locator('[data-testid="stSidebar"] [data-testid="stExpander"]').filter(
            has_text=t("views.panel", "en"))
        panel.locator("summary").click()
        page.get_by_label(t("views.title", "en")).fill("Panned map")
        page.get_by_label(t("views.title", "en")).press("Tab")
        wait_for_app(page)
        panel.get_by_role("button", name=t("views.save", "en")).click()
        page.get_by_text(t("views.saved", "en", title="Panned map")).wait_for(timeout=30_000)
        views = Workspace(demo_ws_copy).read("views")
        saved = parse(views.loc[views["title"] == "Panned map", "query"].iloc[0])
        assert abs(float(saved["lat"][0]) - moved["lat"]) < 1e-3
        assert abs(float(saved["lon"][0]) - moved["lon"]) < 1e-3
        assert float(saved["zoom"][0]) == moved["zoom"]
    finally:
        page.close()
        app.stop()

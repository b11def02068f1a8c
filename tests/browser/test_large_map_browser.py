"""The explorer and gap maps at a size drawn on canvas (issue 9), in Chromium, offline.

A seeded synthetic workspace of 5,000 zones and 1,000 plants (tests/map_fixtures.py) is
served by its own app. Above ``CANVAS_FROM`` features a layer is one canvas, hit-tested by
``static/fruitmap/fm_layers.js``: the test checks that every feature is drawn, that hovering
a zone shows its tooltip and clicking it opens its popup (with the HTML-like name shown as
text), and that nothing is asked of the internet. Not timed: benchmarks/bench_map.py is.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.maps.layer import CANVAS_FROM
from fruitmap.workspace.geopackage import Workspace
from tests.conftest import RunningApp, assert_no_exception, open_page, shot
from tests.map_fixtures import XSS_NAME, write_synthetic

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ZONES, PLANTS = 5_000, 1_000
FIND_MAP = "Object.values(window).find(v => v instanceof L.Map)"


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """(running app, layers) of the synthetic 5,000-zone workspace."""
    path = write_synthetic(tmp_path_factory.mktemp("large_ws") / "ws", ZONES, PLANTS)
    app = RunningApp(path)
    yield app, Workspace(path).read_all()
    app.stop()


@pytest.fixture()
def offline_page(browser):
    """A page whose requests to anything but the app are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def app_only(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", app_only)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page, blocked, dialogs
    context.close()



def canvas(frame, cls: str):
    return frame.locator(f'canvas[data-fm-layer="{cls}"]')


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle(timeout=120_000).content_frame()


def test_explorer_draws_every_feature_and_its_tooltip_and_popup_work(large, offline_page,
                                                                     tmp_path):
    app, layers = large
    page, blocked, dialogs = offline_page
    open_page(page, app, "explorer", "en", timeout=180_000)
    frame = page.frame_locator(MAP_FRAME)
    facilities = int((layers["plants"]["kind"] == "facility").sum())
    assert ZONES > CANVAS_FROM
    # At the province view every zone and facility is drawn on its layer's canvas.
    expect(canvas(frame, "fm-zone")).to_have_attribute("data-drawn", str(ZONES), timeout=120_000)
    expect(canvas(frame, "fm-zone")).to_have_attribute("data-features", str(ZONES))
    expect(frame.locator("path.fm-zone")).to_have_count(0)  # not as 5,000 SVG elements
    expect(frame.locator('canvas[data-fm-layer="fm-facility"], path.fm-facility')).not_to_have_count(0)
    if facilities > CANVAS_FROM:
        expect(canvas(frame, "fm-facility")).to_have_attribute("data-drawn", str(facilities))
    else:
        expect(frame.locator("path.fm-facility")).to_have_count(facilities)
    expect(frame.locator(".fm-legend")).to_contain_text(t("map.legend.title", "en"))
    expect(frame.locator(".leaflet-control-layers:not(.fm-legend)")).to_contain_text(
        t("map.layer.zones", "en"))
    shot(page, "large_explorer_province", tmp_path)

    # Zone 0 is named like an HTML tag: zoom onto it, hover, click.
    inner = map_frame(page)
    spot = layers["zones"].geometry.iloc[0].representative_point()
    inner.evaluate(f"([lat, lng]) => {FIND_MAP}.setView([lat, lng], 15, {{animate: false}})",
                   [spot.y, spot.x])
    expect(canvas(frame, "fm-zone")).not_to_have_attribute("data-drawn", str(ZONES))
    point = inner.evaluate(
        f"([lat, lng]) => {{ var p = {FIND_MAP}.latLngToContainerPoint([lat, lng]);"
        " return [p.x, p.y]; }", [spot.y, spot.x])
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + point[0], box["y"] + point[1]
    page.mouse.move(x - 4, y - 4)
    page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(XSS_NAME)  # shown as text
    expect(tooltip).to_contain_text(" ha")
    popup = frame.locator(".leaflet-popup-content")
    # The page's "map drawn" status box may appear meanwhile and move the map down: find the
    # zone on screen again before each try.
    for _ in range(3):
        point = inner.evaluate(
            f"([lat, lng]) => {{ var p = {FIND_MAP}.latLngToContainerPoint([lat, lng]);"
            " return [p.x, p.y]; }", [spot.y, spot.x])
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        try:
            expect(popup).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            continue
    expect(popup).to_contain_text(XSS_NAME)
    expect(popup).to_contain_text(t("explorer.districts", "en"))
    expect(popup).to_contain_text("Zone ID")
    assert frame.locator('img[src="x"]').count() == 0 and dialogs == []
    shot(page, "large_explorer_popup", tmp_path)
    assert_no_exception(page)
    assert blocked == []


def test_gap_page_draws_the_large_workspace(large, offline_page, tmp_path):
    app, _layers = large
    page, blocked, _dialogs = offline_page
    open_page(page, app, "gap", "vi", timeout=240_000)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.fm-choropleth")).to_have_count(12, timeout=120_000)
    drawn = frame.locator('path.fm-unabsorbed, canvas[data-fm-layer="fm-unabsorbed"]')
    expect(drawn.first).to_be_attached(timeout=60_000)
    shot(page, "large_gap", tmp_path, page.locator(MAP_FRAME))
    # The four charts (glut calendar, crop balance, surplus map, plant utilisation) are
    # drawn; a table is drawn when its expander is opened (not on every run).
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4, timeout=60_000)
    plants = page.locator(".st-key-dl_plants_table")
    expect(plants.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    plants.locator("summary").click()
    expect(plants.locator('[data-testid="stDataFrame"]')).to_have_count(1, timeout=120_000)
    shot(page, "large_gap_page", tmp_path)
    assert_no_exception(page)
    assert blocked == []

"""The explorer above the summary threshold, in Chromium, offline (issue 9, 200,000 zones).

A synthetic workspace of 3,000 zones is served by an app whose threshold is moved down to
1,000 zones (``FRUITMAP_MAP_SUMMARY_FROM``), so it takes the path 200,000 zones take:
hexagons at the province view, the zones themselves once zoomed in, fetched tile by tile
from the app's static files with no rerun. The test checks what is drawn at each zoom, that
a hexagon's and a zone's tooltip and popup work (names shown as text), that the layer data
came as files from the app, and that nothing is asked of the internet. Not timed:
benchmarks/bench_map.py is.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.maps.summary import DETAIL_ZOOM, hex_summary
from fruitmap.workspace.geopackage import Workspace
from tests.browser.test_large_map_browser import (
    FIND_MAP,
    MAP_FRAME,
    canvas,
    map_frame,
    offline_page,  # noqa: F401  (fixture)
)
from tests.conftest import RunningApp, assert_no_exception, open_page, shot
from tests.map_fixtures import XSS_NAME, write_synthetic

pytestmark = pytest.mark.browser
ZONES, PLANTS, THRESHOLD = 3_000, 500, 1_000


@pytest.fixture(scope="module")
def summarised(tmp_path_factory):
    """(running app, layers) of a 3,000-zone workspace, summarised above 1,000 zones."""
    path = write_synthetic(tmp_path_factory.mktemp("summary_ws") / "ws", ZONES, PLANTS)
    before = os.environ.get("FRUITMAP_MAP_SUMMARY_FROM")
    os.environ["FRUITMAP_MAP_SUMMARY_FROM"] = str(THRESHOLD)
    try:
        app = RunningApp(path)  # the server gets a copy of this environment
    finally:
        if before is None:
            os.environ.pop("FRUITMAP_MAP_SUMMARY_FROM")
        else:
            os.environ["FRUITMAP_MAP_SUMMARY_FROM"] = before
    yield app, Workspace(path).read_all()
    app.stop()


def _screen(page, inner, lat: float, lng: float) -> tuple[float, float]:
    point = inner.evaluate(
        f"([lat, lng]) => {{ var p = {FIND_MAP}.latLngToContainerPoint([lat, lng]);"
        " return [p.x, p.y]; }", [lat, lng])
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def _hover(page, x: float, y: float) -> None:
    page.mouse.move(x - 4, y - 4)
    page.mouse.move(x, y)


def _click_for_popup(page, inner, frame, lat: float, lng: float):
    """Click the map at (lat, lng) until a popup shows (a late rerun may move or redraw it)."""
    popup = frame.locator(".leaflet-popup-content")
    for _ in range(3):
        x, y = _screen(page, inner, lat, lng)
        page.mouse.click(x, y)
        try:
            expect(popup).to_be_visible(timeout=5_000)
            return popup
        except AssertionError:
            continue
    expect(popup).to_be_visible()
    return popup


def test_summary_at_low_zoom_zones_on_zoom_in_with_tooltips_and_popups(
        summarised, offline_page, tmp_path):  # noqa: F811
    app, layers = summarised
    page, blocked, dialogs = offline_page
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    open_page(page, app, "explorer", "en", timeout=180_000)
    frame = page.frame_locator(MAP_FRAME)
    cells = hex_summary(layers["zones"])

    # Province view: one hexagon per occupied cell, no zone drawn one by one.
    expect(frame.locator("path.fm-zone-summary")).to_have_count(len(cells), timeout=120_000)
    expect(canvas(frame, "fm-zone")).to_have_count(0)
    expect(frame.locator(".fm-legend")).to_contain_text("hexagon")
    expect(frame.locator(".leaflet-control-layers:not(.fm-legend)")).to_contain_text(
        t("map.layer.zones", "en"))
    shot(page, "summary_low_zoom", tmp_path)

    # A hexagon's tooltip and popup: how many zones, their area, the main crop.
    inner = map_frame(page)
    busiest = cells.loc[cells["zones"].idxmax()]
    centre = busiest.geometry.centroid
    x, y = _screen(page, inner, centre.y, centre.x)
    _hover(page, x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(f"{int(busiest['zones'])} zones in this cell")
    expect(tooltip).to_contain_text("Zoom in to see each zone")
    popup = _click_for_popup(page, inner, frame, centre.y, centre.x)
    expect(popup).to_contain_text("Main crop")
    expect(popup).to_contain_text(str(int(busiest["zones"])))
    inner.evaluate(f"() => {FIND_MAP}.closePopup()")

    # Tiles are made in the background after the first view: a tile file may not exist yet
    # when asked for. Here each tile's first request is answered 404 (as while it is being
    # made); the map must ask again and draw it.
    missing_once: set[str] = set()
    loaded: list[str] = []

    def not_yet(route):
        if route.request.url not in missing_once:
            missing_once.add(route.request.url)
            route.fulfill(status=404, body="not yet")
        else:
            route.fallback()

    page.route("**/app/static/cache/*.json", not_yet)
    page.on("response", lambda r: loaded.append(r.url)
            if "/app/static/cache/" in r.url and r.status == 200 else None)

    # Zoomed in: the zones of the view, from their tiles, on one canvas; no hexagons.
    spot = layers["zones"].geometry.iloc[0].representative_point()
    inner.evaluate(f"([lat, lng]) => {FIND_MAP}.setView([lat, lng], 15, {{animate: false}})",
                   [spot.y, spot.x])
    assert 15 >= DETAIL_ZOOM
    zones = canvas(frame, "fm-zone")
    expect(zones).to_have_count(1, timeout=60_000)
    expect(zones).not_to_have_attribute("data-parts", "0", timeout=60_000)
    expect(zones).not_to_have_attribute("data-drawn", "0", timeout=60_000)
    expect(frame.locator("path.fm-zone-summary")).to_have_count(0)
    assert int(zones.get_attribute("data-features")) < ZONES  # only the tiles in view
    assert any("/app/static/cache/" in url for url in fetched)  # the tiles came as files
    expect(zones).to_have_attribute("data-parts", zones.get_attribute("data-asked"),
                                    timeout=60_000)
    assert missing_once and missing_once <= set(loaded)  # each 404 was asked again, and came
    x, y = _screen(page, inner, spot.y, spot.x)
    _hover(page, x, y)
    expect(tooltip).to_contain_text(XSS_NAME)  # shown as text
    expect(tooltip).to_contain_text(" ha")
    popup = _click_for_popup(page, inner, frame, spot.y, spot.x)
    expect(popup).to_contain_text(XSS_NAME)
    expect(popup).to_contain_text("Zone ID")
    assert frame.locator('img[src="x"]').count() == 0 and dialogs == []
    shot(page, "summary_high_zoom", tmp_path)

    # Back out: the hexagons again.
    inner.evaluate(f"() => {FIND_MAP}.setZoom(9, {{animate: false}})")
    expect(frame.locator("path.fm-zone-summary")).to_have_count(len(cells), timeout=60_000)
    assert_no_exception(page)
    assert blocked == []

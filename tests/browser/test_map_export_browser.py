"""Maps and charts downloaded from the running app (issue 5, item 3) work away from it.

The explorer's map and the gap page's surplus map are downloaded as standalone HTML through
the real download buttons, then opened from ``file://`` in Chromium with every request that
is not a local file blocked: Leaflet must draw every layer from what is inside the file. The
PNG of the map and the PNG/SVG of a chart are downloaded the same way and checked.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import Workspace
from tests.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo_layers(demo_ws_path):
    """The demo's layers (the app server runs on the same deterministic demo)."""
    return Workspace(demo_ws_path).read_all()


@pytest.fixture(scope="module")
def served(app_server, browser):
    # Until app.py has run once Streamlit serves pages/ in its old multipage mode; land on
    # the root first as a user would.
    first = browser.new_page()
    first.goto(app_server.url)
    first.locator('[data-testid="stSidebarNav"]').filter(
        has_text=t("nav.overview", "vi")).wait_for(timeout=60_000)
    wait_for_app(first)
    first.close()
    return app_server


def keep(path: Path, name: str) -> None:
    # FRUITMAP_SHOTS=/some/dir keeps the downloads and screenshots for people to look at.
    folder = os.environ.get("FRUITMAP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(path.read_bytes())


def open_page(page, app, url_path: str, lang: str, ready: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app.url}/{url_path}?lang={lang}")
    wait_for_app(page, timeout=90_000)
    page.frame_locator(MAP_FRAME).locator(ready).first.wait_for(timeout=90_000)
    assert_no_exception(page)


def download(page, key: str, tmp_path: Path, timeout: float = 120_000) -> Path:
    """Click the download button with widget key ``key`` and return the saved file."""
    button = page.locator(f".st-key-{key} button").first
    button.wait_for(timeout=timeout)
    with page.expect_download(timeout=timeout) as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def open_offline(browser, path: Path):
    """Open a file in a fresh context where every non-file request is blocked and recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    tried: list[str] = []

    def local_only(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            tried.append(url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector(".leaflet-container", timeout=30_000)
    page.wait_for_timeout(800)
    return context, page, tried, errors


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_explorer_map_html_draws_offline(page, browser, served, demo_layers, lang, tmp_path):
    open_page(page, served, "explorer", lang, "path.fm-zone")
    saved = download(page, "explorer_export_html", tmp_path)
    assert saved.suffix == ".html" and saved.stat().st_size > 100_000
    context, offline, tried, errors = open_offline(browser, saved)
    try:
        plants = demo_layers["plants"]
        assert offline.locator("path.leaflet-interactive").count() > 0
        expect(offline.locator("path.fm-zone")).to_have_count(len(demo_layers["zones"]))
        expect(offline.locator("path.fm-facility")).to_have_count(
            int((plants["kind"] == "facility").sum()))
        expect(offline.locator("div.fm-factory")).to_have_count(
            int((plants["kind"] == "factory").sum()))
        expect(offline.locator("div.fm-cold-store")).to_have_count(len(demo_layers["cold_stores"]))
        expect(offline.locator(".fm-legend")).to_contain_text(t("map.legend.title", lang))
        expect(offline.locator(".fm-label").filter(has_text="Mộc Châu")).to_have_count(1)
        assert tried == [] and errors == []
        offline.screenshot(path=str(tmp_path / "offline.png"))
        keep(tmp_path / "offline.png", f"map_html_offline_{lang}.png")
    finally:
        context.close()


def test_gap_map_html_draws_offline(page, browser, served, tmp_path):
    open_page(page, served, "gap", "vi", "path.fm-choropleth")
    saved = download(page, "gap_map_html", tmp_path)
    assert saved.name.startswith("du-thua-theo-dia-ban-")  # "Dư thừa theo địa bàn …"
    context, offline, tried, errors = open_offline(browser, saved)
    try:
        assert offline.locator("path.fm-choropleth").count() == 12  # Sơn La's 12 districts
        assert offline.locator("path.fm-unabsorbed").count() > 0
        assert offline.locator("path.leaflet-interactive").count() > 12
        assert tried == [] and errors == []
    finally:
        context.close()


def test_map_png_downloads(page, served, tmp_path):
    open_page(page, served, "explorer", "vi", "path.fm-zone")
    page.locator(".st-key-explorer_export_prepare button").first.click()
    saved = download(page, "explorer_export_png", tmp_path, timeout=180_000)
    data = saved.read_bytes()
    assert data.startswith(PNG)
    from PIL import Image

    with Image.open(BytesIO(data)) as image:
        assert image.size == (1800, 1200)  # 1200 × 800 CSS pixels at 1.5×
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # a drawn map, not a blank frame
    keep(saved, "explorer_map_vi.png")


def test_chart_png_and_svg_download(page, served, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{served.url}/targets?lang=en")
    wait_for_app(page, timeout=90_000)
    page.locator(".st-key-targets_chart_prepare button").first.click()
    png = download(page, "targets_chart_png", tmp_path, timeout=180_000)
    svg = download(page, "targets_chart_svg", tmp_path)
    assert png.read_bytes().startswith(PNG)
    assert svg.read_bytes().lstrip().startswith((b"<svg", b"<?xml"))
    assert t("bchart.targets.title", "en").encode() in svg.read_bytes()
    assert_no_exception(page)
    keep(png, "targets_chart_en.png")
    keep(svg, "targets_chart_en.svg")

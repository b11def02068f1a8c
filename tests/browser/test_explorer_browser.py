"""The map explorer in Chromium: the map draws, filters change it, it needs no internet,
the language switch keeps the filters, and user strings never become HTML."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.maps.assets import map_to_standalone_html
from fruitmap.maps.build import build_map
from fruitmap.maps.filters import filter_layers
from fruitmap.workspace.geopackage import Workspace
from tests.conftest import assert_no_exception, open_page, shot, wait_for_app
from tests.test_filters import XSS, tiny_layers

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def demo_layers(demo_ws_path):
    """The demo's layers (the app server runs on the same deterministic demo)."""
    return Workspace(demo_ws_path).read_all()


def open_explorer(page, app, lang: str = "vi"):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, app, "explorer", lang)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.fm-zone").first.wait_for(timeout=30_000)
    return frame



def sidebar_widget(page, testid: str, label: str):
    return page.locator(f'[data-testid="stSidebar"] [data-testid="{testid}"]').filter(
        has_text=label)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_map_draws_zones_and_facilities(page, app_server, demo_layers, lang, tmp_path):
    frame = open_explorer(page, app_server, lang)
    plants = demo_layers["plants"]
    expect(frame.locator("path.fm-zone")).to_have_count(len(demo_layers["zones"]))
    expect(frame.locator("path.fm-facility")).to_have_count(int((plants["kind"] == "facility").sum()))
    expect(frame.locator("div.fm-factory")).to_have_count(int((plants["kind"] == "factory").sum()))
    expect(frame.locator("div.fm-cold-store")).to_have_count(len(demo_layers["cold_stores"]))
    expect(frame.locator(".fm-legend")).to_contain_text(t("map.legend.title", lang))
    expect(frame.locator(".fm-label").filter(has_text="Mộc Châu")).to_have_count(1)
    expect(page.get_by_role("heading", name=t("explorer.title", lang))).to_be_visible()
    assert_no_exception(page)
    shot(page, f"explorer_{lang}", tmp_path)


def test_tooltip_and_popup_show_translated_details(page, app_server, demo_layers):
    frame = open_explorer(page, app_server, "en")
    factory = frame.locator("div.fm-factory").first
    factory.hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("t/day")
    factory.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Capacity (t/day)")
    expect(popup).to_contain_text("Factory")
    expect(popup).to_contain_text("District")


def test_search_filter_draws_fewer_zones(page, app_server, demo_layers):
    frame = open_explorer(page, app_server, "vi")
    everything = len(demo_layers["zones"])
    expected = filter_layers(demo_layers, query="moc chau")
    assert 0 < len(expected["zones"]) < everything
    box = sidebar_widget(page, "stTextInput", t("explorer.search", "vi")).locator("input")
    box.fill("moc chau")
    box.press("Enter")
    wait_for_app(page)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.fm-zone")).to_have_count(len(expected["zones"]), timeout=30_000)
    expect(frame.locator("path.fm-facility")).to_have_count(
        int((expected["plants"]["kind"] == "facility").sum()))
    assert_no_exception(page)


def test_map_renders_with_every_outside_request_blocked(page, app_server, demo_layers, tmp_path):
    blocked: list[str] = []

    def only_local(route):
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    frame = open_explorer(page, app_server, "vi")
    expect(frame.locator("path.fm-zone")).to_have_count(len(demo_layers["zones"]))
    expect(frame.locator("div.fm-factory").first).to_be_visible()
    assert blocked == []  # the explorer asks nothing of the internet in the first place
    shot(page, "explorer_offline", tmp_path)


def test_language_switch_keeps_the_crop_filter(page, app_server, demo_layers, tmp_path):
    frame = open_explorer(page, app_server, "vi")
    crops = sidebar_widget(page, "stMultiSelect", t("explorer.crops", "vi"))
    crops.locator("input").click()
    page.get_by_role("option", name="Xoài", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    mango = len(filter_layers(demo_layers, crops=["mango"])["zones"])
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.fm-zone")).to_have_count(mango, timeout=30_000)

    page.locator('[data-testid="stSidebar"] [role="radiogroup"] label').filter(
        has_text="English").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=t("explorer.title", "en"))).to_be_visible()
    crops_en = sidebar_widget(page, "stMultiSelect", t("explorer.crops", "en"))
    expect(crops_en).to_contain_text("Mango")
    # The map in the other language is a new frame; the old one stays until the run ends.
    expect(page.locator(MAP_FRAME)).to_have_count(1, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.fm-zone")).to_have_count(mango, timeout=30_000)
    expect(frame.locator(".fm-legend")).to_contain_text("Mango")
    assert_no_exception(page)
    shot(page, "explorer_en_filtered", tmp_path)


def test_exported_html_is_offline_and_escapes_names(page, tmp_path):
    layers = tiny_layers()
    path = tmp_path / "map.html"
    path.write_text(map_to_standalone_html(build_map(layers, "en")), encoding="utf-8")
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    expect(page.locator("path.fm-zone")).to_have_count(len(layers["zones"]) - 1)  # Z4 a point
    expect(page.locator("path.fm-zone-point")).to_have_count(1)
    # Z3 is the zone named like an HTML tag: open its popup. A DOM click on the path itself,
    # not a mouse click at its box: the box is stale while the map is still fitting its bounds.
    page.locator("path.fm-zone").nth(2).dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(XSS)
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []

"""The whole app works with no internet (issue 5, item 5).

Every page of the app (from ``PAGES`` in app.py, so a new page is covered too) is opened in
Chromium, with the explorer's basemap left at "none", in a browser context that records every
request and blocks every one that does not go to the app itself (127.0.0.1). The app must not
even try another host, and each page must still draw: no exception, its title, and for the
pages with figures the figures themselves (the folium maps inside their frames, the plotly
charts).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from fruitmap.i18n import t
from tests.conftest import assert_no_exception, wait_for_app
from tests.test_pages_apptest import page_entries
from ui.auth import ADMIN_PATHS, LOGIN_PATH

pytestmark = pytest.mark.browser
# On one machine the login and account pages are routed (they say no login is needed and
# that accounts need a server) but not listed in the sidebar.
UNLISTED = {LOGIN_PATH, *ADMIN_PATHS}
ENTRIES = page_entries()  # (file, title key, url path, icon)
# st.navigation serves the default (first) page at the app's root, not at its url path.
URLS = {entry[2]: ("" if i == 0 else entry[2]) for i, entry in enumerate(ENTRIES)}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
APP_HOST = "127.0.0.1"
# What each page must have drawn, besides its title: (frame or page, selector, at least).
DRAWN = {
    "overview": [("page", '[data-testid="stPlotlyChart"] .main-svg', 2)],
    "explorer": [("frame", "path.fm-zone", 100), ("frame", "div.fm-factory", 1),
                 ("frame", ".fm-legend", 1)],
    "gap": [("page", '[data-testid="stPlotlyChart"] .main-svg', 4),
            ("frame", "path.fm-choropleth", 12), ("frame", "path.fm-unabsorbed", 1)],
    "targets": [("page", '[data-testid="stPlotlyChart"] .main-svg', 1)],
}


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


@pytest.fixture()
def offline(browser):
    """A page in a context with no internet: (page, every URL requested, URLs blocked)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    blocked: list[str] = []

    def app_only(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname == APP_HOST:
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", app_only)
    page = context.new_page()
    # Requests of the page and of every frame in it (the folium map's frame included).
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, requested, blocked, errors
    context.close()


def foreign(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).hostname != APP_HOST]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entry", ENTRIES, ids=[e[2] for e in ENTRIES])
def test_page_needs_only_the_app(served, offline, entry, lang):
    page, requested, blocked, errors = offline
    _, title_key, url_path, _ = entry
    page.goto(f"{served.url}/{URLS[url_path]}?lang={lang}")
    wait_for_app(page, timeout=90_000)
    for where, selector, least in DRAWN.get(url_path, []):
        scope = page.frame_locator(MAP_FRAME) if where == "frame" else page
        scope.locator(selector).nth(least - 1).wait_for(state="attached", timeout=90_000)
        assert scope.locator(selector).count() >= least, selector
    if url_path == "explorer":
        # The basemap is "none": no tile layer at all, so no tile server is asked.
        assert page.frame_locator(MAP_FRAME).locator(".leaflet-tile").count() == 0
    page.wait_for_timeout(1500)  # late requests (fonts, icons) would show up here
    assert_no_exception(page)
    if url_path not in UNLISTED:  # routed, not listed, on one machine
        assert t(title_key, lang) in page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert page.locator('[data-testid="stMain"]').inner_text().strip()  # drew its content
    assert requested, "no request was recorded"
    assert any(urlparse(u).hostname == APP_HOST for u in requested)
    assert foreign(requested) == [], foreign(requested)[:5]
    assert blocked == []
    assert errors == []

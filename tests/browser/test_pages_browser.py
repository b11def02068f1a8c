"""Every page loads in Chromium without a Streamlit exception; the language switch works.

Pages come from ``PAGES`` in app.py, so a page added there later is tested automatically.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import LANG_NAMES, t
from tests.conftest import RunningApp, assert_no_exception, wait_for_app
from tests.conftest import open_page as open_url
from tests.test_pages_apptest import page_entries
from ui.auth import ADMIN_PATHS, LOGIN_PATH

pytestmark = pytest.mark.browser
# On one machine the login and account pages are routed (they say no login is needed and
# that accounts need a server) but not listed in the sidebar.
UNLISTED = {LOGIN_PATH, *ADMIN_PATHS}
ENTRIES = page_entries()  # (file, title key, url path, icon)
# st.navigation serves the default (first) page at the app's root, not at its url path.
URLS = {entry[2]: ("" if i == 0 else entry[2]) for i, entry in enumerate(ENTRIES)}


def open_page(page, app, url_path: str, lang: str | None = None) -> None:
    open_url(page, app, URLS.get(url_path, url_path), lang)


def language_radio(page, lang: str):
    return page.locator('[data-testid="stSidebar"] [role="radiogroup"] label').filter(
        has_text=LANG_NAMES[lang])


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("entry", ENTRIES, ids=[e[2] for e in ENTRIES])
def test_every_page_loads_without_exception(page, app_server, entry, lang):
    _, title_key, url_path, _ = entry
    open_page(page, app_server, url_path, lang)
    assert_no_exception(page)
    # The page drew its own content, in the requested language, with the sidebar switch.
    # Presentation mode draws its slide title as its own large type (p.fm-title), not an h1.
    assert page.locator("h1, p.fm-title").first.inner_text().strip()
    nav = page.locator('[data-testid="stSidebarNav"]')
    if url_path not in UNLISTED:  # routed, not listed, on one machine
        assert t(title_key, lang) in nav.inner_text()
    assert language_radio(page, lang).locator("input").is_checked()


def test_overview_draws_figures_chart_and_map(page, app_server):
    open_page(page, app_server, "overview", "en")
    assert page.locator("h1").first.inner_text() == t("overview.title", "en")
    # The figures arrive while the script runs: wait for the eighth, not the first.
    expect(page.locator('[data-testid="stMetric"]').nth(7)).to_be_attached(timeout=90_000)
    wait_for_app(page, timeout=90_000)
    # Two plotly figures (area by crop, province map) with their SVG drawn.
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=90_000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
    assert page.locator('[data-testid="stPlotlyChart"] .scatterlayer .point').count() > 50
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Báo Sơn La" in body  # a context figure's source
    assert t("prov.demo", "en") in body  # the footer: each layer's source, the demo here


def test_language_switch_keeps_the_page(page, app_server):
    open_page(page, app_server, "overview")  # Vietnamese by default
    assert page.locator("h1").first.inner_text() == t("overview.title", "vi")
    path = page.url.split("?")[0]
    language_radio(page, "en").click()
    page.wait_for_function(
        "t => document.querySelector('h1') && document.querySelector('h1').innerText === t",
        arg=t("overview.title", "en"), timeout=90_000)
    wait_for_app(page)
    assert page.url.split("?")[0] == path
    assert_no_exception(page)
    language_radio(page, "vi").click()
    page.wait_for_function(
        "t => document.querySelector('h1') && document.querySelector('h1').innerText === t",
        arg=t("overview.title", "vi"), timeout=90_000)


def test_language_switch_keeps_the_explorer_filters(page, app_server):
    if not any(e[2] == "explorer" for e in ENTRIES):
        pytest.skip("no explorer page")
    open_page(page, app_server, "explorer", "vi")
    search = page.locator(".st-key-explorer_query input")
    search.fill("moc chau")
    search.press("Enter")
    wait_for_app(page)
    language_radio(page, "en").click()
    page.wait_for_function(
        "t => document.querySelector('h1') && document.querySelector('h1').innerText === t",
        arg=t("explorer.title", "en"), timeout=90_000)
    wait_for_app(page)
    assert page.url.split("?")[0].endswith("/explorer")
    assert page.locator(".st-key-explorer_query input").input_value() == "moc chau"
    assert_no_exception(page)


def test_deep_link_on_a_fresh_server_runs_through_app_py(page, demo_ws_path):
    app = RunningApp(demo_ws_path)
    try:
        # A page that keeps the sidebar (presentation mode hides it), deep-linked first thing.
        url_path = "explorer"
        open_page(page, app, url_path, "en")
        # ui/__init__ clears the old-mode flag and reruns through app.py: wait for that run.
        language_radio(page, "en").wait_for(timeout=60_000)
        assert language_radio(page, "en").count() == 1
        assert t(ENTRIES[0][1], "en") in page.locator('[data-testid="stSidebarNav"]').inner_text()
    finally:
        app.stop()

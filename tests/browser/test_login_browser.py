"""Logging in on a shared server in Chromium: the form, the pages of the role, logout.

The app runs on a PostGIS database of the session's throw-away cluster, holding the demo,
the first admin of ``db init`` and a viewer.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fruitmap.cli import main
from fruitmap.i18n import t
from fruitmap.server.dbadmin import add_user
from tests.browser.conftest import VIEWER, VIEWER_PASSWORD
from tests.conftest import RunningApp, assert_no_exception, shot, wait_for_app
from tests.postgis_fixtures import FIRST_ADMIN, FIRST_ADMIN_PASSWORD

pytestmark = pytest.mark.browser
NAV = '[data-testid="stSidebarNav"]'


def log_in(page, name: str, password: str, lang: str = "vi") -> None:
    page.get_by_label(t("login.name", lang)).fill(name)
    page.get_by_label(t("login.password", lang)).fill(password)
    page.get_by_role("button", name=t("login.submit", lang)).click()
    wait_for_app(page, timeout=60_000)


def nav_text(page) -> str:
    """The sidebar's page list ("" when a single page is routed: Streamlit draws none)."""
    return " ".join(page.locator(NAV).all_inner_texts())


def test_logging_in_through_the_form_shows_the_pages_of_the_role(page, server_app, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    # An address of a page is no way around the login.
    # (A fresh server's first deep link reruns through app.py: see ui/__init__.py.)
    page.goto(server_app.url + "/data?lang=vi")
    expect(page.get_by_role("heading", name=t("login.title", "vi"))).to_be_visible(
        timeout=60_000)
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_role("heading", name=t("data.title", "vi"))).to_have_count(0)
    assert t("nav.overview", "vi") not in nav_text(page)

    log_in(page, FIRST_ADMIN, "sai mật khẩu")
    expect(page.get_by_text(t("error.login_failed", "vi"))).to_be_visible()
    shot(page, "login_refused_vi", tmp_path)

    log_in(page, FIRST_ADMIN, FIRST_ADMIN_PASSWORD)
    expect(page.get_by_role("heading", name=t("overview.title", "vi"))).to_be_visible(
        timeout=60_000)
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(t("login.role.admin", "vi"))).to_be_visible()
    for key in ("nav.upload", "nav.data", "nav.gap", "nav.admin"):
        assert t(key, "vi") in nav_text(page)
    assert t("nav.login", "vi") not in nav_text(page)
    assert_no_exception(page)
    shot(page, "login_admin_vi", tmp_path)

    # Logout, then a viewer: read-only pages only, no upload or data page.
    sidebar.get_by_role("button", name=t("login.logout", "vi")).click()
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_role("heading", name=t("login.title", "vi"))).to_be_visible()
    log_in(page, VIEWER, VIEWER_PASSWORD)
    expect(page.get_by_role("heading", name=t("overview.title", "vi"))).to_be_visible(
        timeout=60_000)
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=60_000)
    expect(sidebar.get_by_text(t("login.role.viewer", "vi"))).to_be_visible()
    shown = nav_text(page)
    assert t("nav.gap", "vi") in shown and t("nav.explorer", "vi") in shown
    assert t("nav.upload", "vi") not in shown and t("nav.data", "vi") not in shown
    assert t("nav.admin", "vi") not in shown
    assert_no_exception(page)
    shot(page, "login_viewer_vi", tmp_path)


def test_a_trusted_proxy_header_logs_in_without_a_form(browser, pg_cluster, pg_db, demo_ws_path,
                                                       monkeypatch, tmp_path):
    """``FRUITMAP_TRUSTED_HEADER``: the header of the request (as a proxy would set it) names
    the account; a name without an account gets the plain message and only the login page."""
    admin_url = pg_cluster.admin_url(pg_db)
    assert main(["db", "load", "--url", admin_url, "--from", str(demo_ws_path)]) == 0
    add_user(admin_url, "minh", "area_editor", VIEWER_PASSWORD, "116")
    monkeypatch.delenv("FRUITMAP_ANONYMOUS_VIEW", raising=False)
    monkeypatch.setenv("FRUITMAP_TRUSTED_HEADER", "X-Remote-User")
    app = RunningApp(pg_cluster.app_url(pg_db))
    try:
        for name, known in (("minh", True), ("nobody", False)):
            context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                          extra_http_headers={"X-Remote-User": name})
            page = context.new_page()
            page.goto(app.url + "/?lang=en")
            title = t("overview.title" if known else "login.title", "en")
            expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=60_000)
            wait_for_app(page, timeout=60_000)
            assert_no_exception(page)
            if known:
                sidebar = page.locator('[data-testid="stSidebar"]')
                expect(sidebar.get_by_text(t("login.role.area_editor", "en"))).to_be_visible()
                assert t("nav.upload", "en") in nav_text(page)
                shot(page, "login_header_en", tmp_path)
            else:
                expect(page.get_by_text(t("error.login_no_account", "en", value=name))
                       ).to_be_visible()
                assert t("nav.overview", "en") not in nav_text(page)
            context.close()
    finally:
        app.stop()

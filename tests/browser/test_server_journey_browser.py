"""Issue 11's "done when", in Chromium: one shared PostGIS server and three people at once.

An admin logs in and creates an area editor for one former district (the demo's admin units are
the 12 former districts); the editor logs in in a second browser, replaces that district's
zones with a file (one zone more), and is refused a file of the neighbouring district; a viewer
in a third browser sees the new count on the explorer; the admin sees the change and its author
in the history. Every number checked here is counted from the files and the database.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from fruitmap.i18n import fmt_number, t
from fruitmap.schema import LAYERS
from fruitmap.workspace.location import open_workspace
from tests.browser.conftest import VIEWER, VIEWER_PASSWORD
from tests.browser.test_login_browser import log_in
from tests.browser.test_upload_browser import choose
from tests.conftest import assert_no_exception, shot, wait_for_app
from tests.postgis_fixtures import FIRST_ADMIN, FIRST_ADMIN_PASSWORD

pytestmark = pytest.mark.browser
EDITOR, EDITOR_PASSWORD = "Lò Văn Minh", "mật khẩu của Minh 116"
AREA, NEIGHBOUR = "116", "118"
NEW_ZONE = "Vùng nhãn mới Chiềng Cơi"
SIDEBAR = '[data-testid="stSidebar"]'
ZONES = LAYERS["zones"].label("vi")


def zones_file(zones: gpd.GeoDataFrame, unit: str, path, add_one: bool) -> int:
    """Write the zones of ``unit`` (and, if asked, one new zone there) as GeoJSON; return
    the number of rows written."""
    mine = zones[zones["unit_code"].astype(str).str.strip() == unit].copy()
    if add_one:
        new = mine.iloc[[0]].copy()
        new["zone_id"], new["name"] = "Z-MOI-116", NEW_ZONE
        mine = gpd.GeoDataFrame(
            gpd.pd.concat([mine, new], ignore_index=True), geometry="geometry", crs=mine.crs)
    mine.to_file(path, driver="GeoJSON")
    return len(mine)


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    return context, context.new_page()


def upload(page, path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text(t("upload_page.layer", "vi")).first.wait_for(timeout=60_000)
    wait_for_app(page, timeout=60_000)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=t("upload_page.layer", "vi"))
    if ZONES not in box.inner_text():
        choose(page, t("upload_page.layer", "vi"), f"{ZONES} (zones)")
    expect(page.get_by_text(t("upload_page.no_errors", "vi"))).to_be_visible(timeout=60_000)


def import_replacing(page, n: int) -> None:
    page.get_by_text(t("upload_page.mode.replace", "vi")).click()
    wait_for_app(page, timeout=60_000)
    page.get_by_text(t("upload_page.confirm", "vi", n=fmt_number(n, "vi"),
                       layer=ZONES)).click()
    wait_for_app(page, timeout=60_000)
    page.get_by_role("button", name=t("upload_page.import", "vi")).click()
    wait_for_app(page, timeout=120_000)


def go(page, nav_key: str) -> None:
    """Open a page through the sidebar: an address typed anew would start a new session,
    and a new session is not logged in."""
    page.locator(SIDEBAR).get_by_role("link", name=t(nav_key, "vi")).click()
    wait_for_app(page, timeout=60_000)


def zone_count(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(
        has_text=t("explorer.count.zones", "vi")).first
    metric.wait_for(timeout=60_000)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_admin_editor_and_viewer_on_one_shared_server(browser, server_app, pg_cluster, pg_db,
                                                      tmp_path):
    """The app on a database with the demo, the first admin and a viewer (server_app)."""
    app, app_url = server_app, pg_cluster.app_url(pg_db)
    zones = open_workspace(app_url).read("zones")
    before = len(zones)
    in_area = int((zones["unit_code"].astype(str).str.strip() == AREA).sum())

    # A viewer watches the explorer from the start.
    viewer_ctx, viewer = new_page(browser)
    viewer.goto(app.url + "/?lang=vi")
    wait_for_app(viewer, timeout=60_000)
    log_in(viewer, VIEWER, VIEWER_PASSWORD)
    go(viewer, "nav.explorer")
    assert zone_count(viewer) == fmt_number(before, "vi")
    assert t("nav.upload", "vi") not in viewer.locator(SIDEBAR).inner_text()

    # The admin creates the area editor through the account page.
    admin_ctx, admin = new_page(browser)
    admin.goto(app.url + "/?lang=vi")
    wait_for_app(admin, timeout=60_000)
    log_in(admin, FIRST_ADMIN, FIRST_ADMIN_PASSWORD)
    go(admin, "nav.admin")
    form = admin.locator('[data-testid="stForm"]').filter(
        has=admin.get_by_role("button", name=t("admin.create", "vi")))
    form.get_by_label(t("admin.name", "vi")).fill(EDITOR)
    form.locator('[data-testid="stMultiSelect"]').click()
    admin.get_by_role("option").filter(has_text=f"({AREA})").first.click()
    admin.keyboard.press("Escape")
    form.get_by_label(t("admin.password", "vi", minimum=8)).fill(EDITOR_PASSWORD)
    form.get_by_label(t("admin.password_again", "vi")).fill(EDITOR_PASSWORD)
    form.get_by_role("button", name=t("admin.create", "vi")).click()
    wait_for_app(admin, timeout=60_000)
    expect(admin.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=EDITOR)).to_be_visible(timeout=30_000)
    assert_no_exception(admin)
    shot(admin, "journey_admin_created_vi", tmp_path)

    # The editor logs in in a second browser and replaces the district's zones.
    editor_ctx, editor = new_page(browser)
    editor.goto(app.url + "/?lang=vi")
    wait_for_app(editor, timeout=60_000)
    log_in(editor, EDITOR, EDITOR_PASSWORD)
    expect(editor.locator(SIDEBAR).get_by_text(t("login.role.area_editor", "vi"))).to_be_visible()
    go(editor, "nav.upload")
    own = tmp_path / "vung_trong_116.geojson"
    n_own = zones_file(zones, AREA, own, add_one=True)
    assert n_own == in_area + 1
    upload(editor, own)
    import_replacing(editor, n_own)
    expect(editor.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=f"{fmt_number(before, 'vi')} → {fmt_number(before + 1, 'vi')}")
    ).to_be_visible(timeout=60_000)
    assert_no_exception(editor)
    shot(editor, "journey_editor_imported_vi", tmp_path)

    # The neighbour's district is refused, and nothing changes.
    go(editor, "nav.overview")
    go(editor, "nav.upload")
    other = tmp_path / "vung_trong_118.geojson"
    n_other = zones_file(zones, NEIGHBOUR, other, add_one=False)
    upload(editor, other)
    import_replacing(editor, n_other)
    refusal = editor.locator('[data-testid="stAlert"]').filter(has_text=EDITOR).filter(
        has_text=AREA)
    expect(refusal.first).to_be_visible(timeout=60_000)
    assert_no_exception(editor)
    shot(editor, "journey_editor_refused_vi", tmp_path)
    after = open_workspace(app_url).read("zones")
    assert len(after) == before + 1
    assert (after["name"] == NEW_ZONE).sum() == 1

    # The viewer sees the change on the explorer.
    go(viewer, "nav.overview")
    go(viewer, "nav.explorer")
    expect(viewer.locator('[data-testid="stMetric"]').filter(
        has_text=t("explorer.count.zones", "vi")).first).to_contain_text(
        fmt_number(before + 1, "vi"), timeout=60_000)
    assert_no_exception(viewer)
    shot(viewer, "journey_viewer_sees_vi", tmp_path)

    # The admin sees the change and its author in the history.
    go(admin, "nav.data")
    admin.get_by_role("tab", name=t("data.tab.changes", "vi")).click()
    # The change picker opens on the latest change: the editor's, named with its author.
    picker = admin.locator('[data-testid="stSelectbox"]').filter(
        has_text=t("data.diff.pick", "vi")).first
    chosen = picker.get_by_role("combobox")
    expect(chosen).to_have_value(re.compile(re.escape(f"{own.name} · {EDITOR} (")),
                                 timeout=60_000)
    expect(chosen).to_have_value(re.compile(re.escape(
        f"({fmt_number(before, 'vi')} → {fmt_number(before + 1, 'vi')}")))
    assert_no_exception(admin)
    shot(admin, "journey_admin_history_vi", tmp_path)
    for ctx in (viewer_ctx, admin_ctx, editor_ctx):
        ctx.close()

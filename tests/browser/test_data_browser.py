"""The data page in Chromium: exports and templates really download and open."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from fruitmap.i18n import t
from tests.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser


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


def open_tab(page, app, lang: str, tab: str):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app.url}/data?lang={lang}")
    wait_for_app(page, timeout=60_000)
    page.get_by_role("tab", name=t(tab, lang)).click()
    wait_for_app(page)
    assert_no_exception(page)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_download_is_a_readable_geojson(page, served, lang):
    open_tab(page, served, lang, "data.tab.export")
    button = page.get_by_role("button", name=t("data.export.button", lang, format="GeoJSON"))
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("fruitmap_zones_")
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert len(data["features"]) > 100
    assert data["features"][0]["properties"]["zone_id"]


def test_template_download_opens_in_excel_form(page, served):
    open_tab(page, served, "vi", "data.tab.templates")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=t("data.templates.xlsx", "vi")).click()
    download = info.value
    assert download.suggested_filename == "mau_nhap_zones.xlsx"
    with open(download.path(), "rb") as fh:
        book = openpyxl.load_workbook(io.BytesIO(fh.read()))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    assert book["Dữ liệu"]["A1"].value == "Mã vùng [Zone ID]"

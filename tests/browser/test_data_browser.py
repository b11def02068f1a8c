"""The data page in Chromium: exports and templates really download and open."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from fruitmap.i18n import t
from tests.conftest import assert_no_exception, open_page, wait_for_app

pytestmark = pytest.mark.browser


def open_tab(page, app, lang: str, tab: str):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, app, "data", lang)
    page.get_by_role("tab", name=t(tab, lang)).click()
    wait_for_app(page)
    assert_no_exception(page)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_download_is_a_readable_geojson(page, app_server, lang):
    open_tab(page, app_server, lang, "data.tab.export")
    button = page.get_by_role("button", name=t("data.export.button", lang, format="GeoJSON"))
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("fruitmap_zones_")
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert len(data["features"]) > 100
    assert data["features"][0]["properties"]["zone_id"]


def test_template_download_opens_in_excel_form(page, app_server):
    open_tab(page, app_server, "vi", "data.tab.templates")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=t("data.templates.xlsx", "vi")).click()
    download = info.value
    assert download.suggested_filename == "mau_nhap_zones.xlsx"
    with open(download.path(), "rb") as fh:
        book = openpyxl.load_workbook(io.BytesIO(fh.read()))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    assert book["Dữ liệu"]["A1"].value == "Mã vùng [Zone ID]"

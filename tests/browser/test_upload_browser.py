"""The upload page in Chromium: a file through the real file chooser, one column mapped by hand,
the preview map, the import, and the new features on the explorer map.

The app runs on its own copy of the demo workspace (the shared ``app_server`` must keep the
demo as it is for the other browser tests).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import Workspace
from tests import files
from tests.conftest import RunningApp, assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Three plants near Mộc Châu, Sông Mã and Sơn La city; "Tên gọi" is not recognised, so the
# user has to match it to the name column by hand.
HEADERS = ["STT", "Mã cơ sở", "Tên gọi", "Loại hình", "Loại quả tiếp nhận",
           "Công suất (tấn/ngày)", "Kinh độ", "Vĩ độ"]
ROWS = [
    [1, "UP1", "Nhà máy chế biến Mộc Châu", "Nhà máy", "mận; xoài", "12,5", "104,63", "20,85"],
    [2, "UP2", "HTX Nhãn Sông Mã", "Cơ sở chế biến", "nhãn", "1.234,5", "103,75", "21,05"],
    [3, "UP3", "Xưởng chanh leo Chiềng Sinh", "Nhà máy", "chanh leo", "300", "103,91", "21,33"],
]


@pytest.fixture()
def private_app(demo_ws_copy):
    app = RunningApp(demo_ws_copy)
    try:
        yield app, Workspace(demo_ws_copy)
    finally:
        app.stop()



def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit select box labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    wanted = page.get_by_role("option", name=option, exact=True)
    # A click that lands while Streamlit is still re-rendering the box does not open it:
    # try again rather than wait 30 s on a list that will never show.
    for _ in range(5):
        box.click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    wait_for_app(page, timeout=60_000)


def test_upload_map_a_column_import_and_see_it_on_the_map(page, private_app, tmp_path):
    app, ws = private_app
    plants = ws.read("plants")
    factories = int((plants["kind"] == "factory").sum())
    facilities = int((plants["kind"] == "facility").sum())
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, app, "upload", "vi")
    path = files.write(tmp_path, "danh_sach_co_so.xlsx", files.xlsx_bytes(HEADERS, ROWS))
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Tên gọi").wait_for(
        timeout=60_000)
    wait_for_app(page, timeout=60_000)
    # Without a name column the file is refused; matching "Tên gọi" by hand fixes it.
    expect(page.get_by_text(t("upload_page.import_blocked", "vi"))).to_be_visible()
    choose(page, "Tên gọi", "Tên cơ sở")
    expect(page.get_by_text(t("upload_page.no_errors", "vi"))).to_be_visible(timeout=30_000)
    preview = page.frame_locator(MAP_FRAME)
    expect(preview.locator("div.fm-factory")).to_have_count(2, timeout=30_000)
    expect(preview.locator("path.fm-facility")).to_have_count(1)
    assert_no_exception(page)
    shot(page, "upload_preview_vi", tmp_path)

    page.get_by_label(t("upload_page.user", "vi")).fill("Lò Thị Lan")
    page.get_by_label(t("upload_page.user", "vi")).press("Enter")
    wait_for_app(page)
    page.get_by_text(t("upload_page.confirm", "vi", n=3, layer="Cơ sở chế biến")).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("upload_page.import", "vi")).click()
    done = page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="UP") \
        .or_(page.locator('[data-testid="stAlertContentSuccess"]').filter(
            has_text=f"{len(plants)} → {len(plants) + 3}"))
    expect(done.first).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    assert len(ws.read("plants")) == len(plants) + 3
    shot(page, "upload_done_vi", tmp_path)

    page.get_by_role("link", name=t("upload_page.goto_map", "vi")).click()
    wait_for_app(page, timeout=60_000)
    explorer = page.frame_locator(MAP_FRAME)
    explorer.locator("path.fm-zone").first.wait_for(timeout=60_000)
    expect(explorer.locator("div.fm-factory")).to_have_count(factories + 2, timeout=30_000)
    expect(explorer.locator("path.fm-facility")).to_have_count(facilities + 1)
    assert_no_exception(page)
    shot(page, "upload_explorer_vi", tmp_path)

"""A new user's first session in Chromium, with no internet (issue 8): an empty folder,
"start from scratch", a Google Earth KMZ of zones without ids through the real file chooser,
the zones on the explorer map, one zone's area changed in the data editor, saved, seen in the
history and undone.

Every request that leaves 127.0.0.1 is blocked and recorded; none may be made.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.history import describe_action
from fruitmap.workspace.starter import FolderState, inspect_folder
from tests import files
from tests.browser.test_edit_browser import open_edit_tab, success, type_first_area_and_save
from tests.browser.test_upload_browser import MAP_FRAME, choose
from tests.conftest import assert_no_exception, open_page, shot, wait_for_app
from tests.test_journey_own_data import KMZ_NAMES, USER, kmz

pytestmark = pytest.mark.browser
LANG = "vi"



def test_empty_folder_kmz_on_the_map_edit_an_area_and_undo_it(empty_app, offline_page,
                                                              tmp_path):
    app, folder = empty_app
    page, foreign = offline_page

    # 1. An empty folder: the two starts.
    open_page(page, app, "", LANG)
    scratch = page.get_by_role("button", name=t("start.scratch.button", LANG))
    expect(scratch).to_be_visible()
    assert_no_exception(page)
    shot(page, "journey_1_empty", tmp_path)
    assert inspect_folder(folder).state is FolderState.EMPTY
    scratch.click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=t("start.done.scratch", LANG, path=str(folder)))).to_be_visible(timeout=60_000)
    wait_for_app(page, timeout=60_000)
    shot(page, "journey_2_started", tmp_path)
    ws = Workspace(folder)
    assert ws.read("zones").empty

    # 2. The KMZ through the real file chooser, as zones, imported.
    open_page(page, app, "upload", LANG)
    path = files.write(tmp_path / "files", "vung_trong.kmz", kmz())
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    layer_label = t("upload_page.layer", LANG)
    page.locator('[data-testid="stSelectbox"]').filter(has_text=layer_label).wait_for(
        timeout=60_000)
    wait_for_app(page, timeout=60_000)
    choose(page, layer_label, "Vùng trồng (zones)")
    expect(page.get_by_text(t("upload_page.no_errors", LANG))).to_be_visible(timeout=30_000)
    expect(page.frame_locator(MAP_FRAME).locator("path.fm-zone")).to_have_count(
        2, timeout=30_000)
    assert_no_exception(page)
    shot(page, "journey_3_preview", tmp_path)
    who = page.get_by_label(t("upload_page.user", LANG))
    who.fill(USER)
    who.press("Enter")
    wait_for_app(page)
    page.get_by_text(t("upload_page.confirm", LANG, n=2, layer="Vùng trồng")).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("upload_page.import", LANG)).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text="0 → 2")).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    wait_for_app(page)  # the footer of the run before stays until this run ends
    footer = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=t("prov.line", LANG, sources=""))
    expect(footer).to_have_count(1)
    expect(footer).to_contain_text("Vùng trồng: vung_trong.kmz (")
    expect(footer).not_to_contain_text("demo")
    shot(page, "journey_4_imported", tmp_path)
    zones = ws.read("zones")
    assert zones["name"].tolist() == list(KMZ_NAMES)
    assert zones["area_ha"].tolist() == [40.5, 12.0]

    # 3. The zones on the explorer's map, by name.
    open_page(page, app, "explorer", LANG)
    explorer = page.frame_locator(MAP_FRAME)
    expect(explorer.locator("path.fm-zone")).to_have_count(2, timeout=60_000)
    # The map's first answer to Streamlit (its bounds) can rerun the page while the click lands;
    # a popup lost that way is not a fault of the map, so the click is tried again.
    name = explorer.locator(".leaflet-popup-content").get_by_text(KMZ_NAMES[0])
    for _ in range(3):
        wait_for_app(page)
        explorer.locator("path.fm-zone").first.dispatch_event("click")
        try:
            name.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    expect(name).to_be_visible()
    assert_no_exception(page)
    page.wait_for_timeout(1000)  # let the map finish drawing before the picture
    shot(page, "journey_5_explorer", tmp_path)

    # 4. The first zone's area changed in the data editor and saved (technique of
    # tests/browser/test_edit_browser.py: the grid is a canvas).
    open_edit_tab(page, app, LANG, USER)
    summary = t("data.action.edit_summary", LANG, parts=t("edit.summary.changed", LANG, n=1))
    saved = success(page, summary)
    type_first_area_and_save(page, "41.5", LANG, saved, current=40.5)
    assert_no_exception(page)
    assert ws.read("zones")["area_ha"].tolist() == [41.5, 12.0]
    last = ws.history().iloc[0]
    assert (last["who"], last["action"]) == (USER, "edit: 0 added, 0 removed, 1 changed")
    wait_for_app(page)
    expect(footer).to_have_count(1)
    expect(footer).to_contain_text(t("prov.edited", LANG, date=""))
    shot(page, "journey_6_saved", tmp_path)

    # 5. The history says it in words.
    page.get_by_role("tab", name=t("data.tab.layers", LANG)).click()
    history = page.locator('[data-testid="stDataFrame"]').nth(1)
    expect(history).to_be_visible()
    # The grid is a canvas; its accessible table holds the same cells.
    said = describe_action(last["action"], LANG)
    expect(history.locator('table[role="grid"] td').filter(has_text=said)).to_have_count(1)
    page.wait_for_timeout(500)
    shot(page, "journey_7_history", tmp_path)

    # 6. Undone: the area is back.
    page.get_by_role("tab", name=t("data.tab.edit", LANG)).click()
    page.get_by_role("button", name=t("edit.undo", LANG)).click()
    change = int(last["change_id"])
    expect(success(page, t("edit.undone", LANG, change=change, rollback=change + 1))) \
        .to_be_visible(timeout=60_000)
    assert_no_exception(page)
    assert ws.read("zones")["area_ha"].tolist() == [40.5, 12.0]
    assert ws.history().iloc[0]["action"].startswith("rollback to ")
    wait_for_app(page)
    expect(footer).to_have_count(1)
    expect(footer).to_contain_text("Vùng trồng: vung_trong.kmz (")
    expect(footer).not_to_contain_text(t("prov.edited", LANG, date=""))
    shot(page, "journey_8_undone", tmp_path)
    assert foreign == []

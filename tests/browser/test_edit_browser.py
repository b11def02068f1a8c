"""The edit tab in Chromium, with no internet: a zone's area changed in the data editor and
saved (then seen in the history and undone), and a new plant placed on the map with the
Draw toolbar and saved through its form.

The app runs on its own copy of the demo workspace; every request that leaves 127.0.0.1 is
blocked and recorded, so the vendored Leaflet.draw is shown to load from the app.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import Workspace
from tests.browser.test_upload_browser import MAP_FRAME, choose
from tests.conftest import RunningApp, assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture()
def private_app(demo_ws_copy):
    app = RunningApp(demo_ws_copy)
    try:
        yield app, Workspace(demo_ws_copy)
    finally:
        app.stop()


def open_edit_tab(page, app, lang: str, name: str) -> None:
    open_page(page, app, "data", lang)
    page.get_by_role("tab", name=t("data.tab.edit", lang)).click()
    wait_for_app(page)
    who = page.get_by_label(t("edit.who", lang))
    who.fill(name)
    who.press("Enter")
    wait_for_app(page)
    assert_no_exception(page)


def success(page, text: str):
    return page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=text)


def _number(text: str) -> float | None:
    # A number as a cell's editor shows it ("40.5"; "40,5" with a decimal comma), else None.
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def type_first_area_and_save(page, value: str, lang: str, saved, current: float) -> None:
    """Type ``value`` into row 1's area cell (now ``current``) of the editing grid and save.

    Glide's grid is a canvas: row 1's id cell is clicked (after the row number), the
    selection steps right to the area column (id → name → crop → area), Enter opens the
    cell's editor. Waits for ``saved``. A click that lands while the grid is drawn again
    (a rerun) picks another cell: 41.5 once went into row 2's yield (journey test, 1 run in
    ≈ 6 under load), so the editor must show ``current`` before anything is typed; else it
    is closed and the cell picked again. On a loaded machine a typed cell was also sometimes
    lost before it reached the app (the save then says "nothing changed": CI of 2 December
    2026, twice that day): the edit is typed again, at most twice.
    """
    nothing = page.get_by_text(t("edit.nothing", lang))
    for _ in range(3):
        for _ in range(5):
            wait_for_app(page)
            grid = page.locator('[data-testid="stDataFrame"]').last
            grid.wait_for()
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 120, box["y"] + 35 + 17)
            for _ in range(3):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            overlay = page.locator("#portal input, #portal textarea").first
            overlay.wait_for(timeout=10_000)  # the cell's editor, drawn over the canvas
            if _number(overlay.input_value()) == current:
                break
            page.keyboard.press("Escape")  # another cell: leave it as it was
            overlay.wait_for(state="detached", timeout=10_000)
        else:
            raise AssertionError(f"row 1's area cell ({current}) could not be picked")
        overlay.fill(value)
        overlay.press("Enter")
        # The editor sends its edit a moment later, in a rerun of its own: let it land first.
        page.wait_for_timeout(2000)
        wait_for_app(page)
        page.get_by_role("button", name=t("edit.save", lang)).click()
        expect(saved.or_(nothing)).to_be_visible(timeout=60_000)
        if saved.is_visible():
            break
    expect(saved).to_be_visible(timeout=60_000)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_change_a_zone_area_in_the_table_save_see_history_and_undo(private_app, offline_page,
                                                                   lang, tmp_path):
    app, ws = private_app
    page, foreign = offline_page
    first = ws.read("zones").iloc[0]
    open_edit_tab(page, app, lang, "Lò Thị Lan")
    summary = t("data.action.edit_summary", lang, parts=t("edit.summary.changed", lang, n=1))
    type_first_area_and_save(page, "150.5", lang, success(page, summary),
                             current=float(first["area_ha"]))
    assert_no_exception(page)
    zones = ws.read("zones")
    assert zones.iloc[0]["area_ha"] == 150.5 and first["area_ha"] != 150.5
    assert zones.iloc[1:]["area_ha"].tolist() == ws.read_version(
        ws.history().iloc[0]["version_id"]).iloc[1:]["area_ha"].tolist()
    last = ws.history().iloc[0]
    assert (last["who"], last["action"]) == ("Lò Thị Lan", "edit: 0 added, 0 removed, 1 changed")
    shot(page, f"edit_table_saved_{lang}", tmp_path)

    # The first tab's history says it in words.
    page.get_by_role("tab", name=t("data.tab.layers", lang)).click()
    history = page.locator('[data-testid="stDataFrame"]').nth(1)
    expect(history).to_be_visible()
    shot(page, f"edit_history_{lang}", tmp_path)

    page.get_by_role("tab", name=t("data.tab.edit", lang)).click()
    page.get_by_role("button", name=t("edit.undo", lang)).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=t("edit.undone", lang, change=int(last["change_id"]),
                   rollback=int(last["change_id"]) + 1))).to_be_visible(timeout=60_000)
    assert ws.read("zones").iloc[0]["area_ha"] == first["area_ha"]
    assert ws.history().iloc[0]["action"].startswith("rollback to ")
    assert_no_exception(page)
    assert foreign == []


def test_place_a_new_plant_on_the_map_and_save_it(private_app, offline_page, tmp_path):
    app, ws = private_app
    page, foreign = offline_page
    before = len(ws.read("plants"))
    open_edit_tab(page, app, "vi", "Lò Thị Lan")
    choose(page, t("edit.layer", "vi"), "Cơ sở chế biến (plants)")
    page.get_by_text(t("edit.mode.map", "vi"), exact=True).click()
    wait_for_app(page, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    tool = frame.locator("a.leaflet-draw-draw-marker")
    tool.wait_for(timeout=60_000)
    expect(frame.locator("path.leaflet-interactive")).not_to_have_count(0, timeout=30_000)
    wait_for_app(page)
    shot(page, "edit_map_vi", tmp_path)
    heading = page.get_by_text(t("edit.map.new_header", "vi"))
    # A click that lands while the frame is still settling places nothing: try once more.
    for x in (300, 330):
        tool.click()
        frame.locator(".leaflet-container").hover(position={"x": x - 10, "y": 250})
        frame.locator(".leaflet-container").click(position={"x": x, "y": 260})
        try:
            expect(heading).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    expect(heading).to_be_visible(timeout=30_000)
    wait_for_app(page)
    page.get_by_label("Tên cơ sở *").fill("Xưởng sấy nhãn mới")
    crops = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Loại quả tiếp nhận")
    longan = page.get_by_role("option", name="Nhãn", exact=True)
    for _ in range(5):  # a click during a re-render does not open the list: try again
        crops.click()
        try:
            longan.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    longan.click()
    page.keyboard.press("Escape")
    page.get_by_label("Công suất (tấn/ngày) *").fill("12.5")
    page.get_by_label("Công suất (tấn/ngày) *").press("Tab")
    shot(page, "edit_map_form_vi", tmp_path)
    page.get_by_role("button", name=t("edit.map.add", "vi")).click()
    summary = t("data.action.edit_summary", "vi", parts=t("edit.summary.added", "vi", n=1))
    expect(success(page, summary)).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    plants = ws.read("plants")
    assert len(plants) == before + 1
    new = plants.iloc[-1]
    assert (new["plant_id"], new["name"], new["crops"], new["capacity_t_day"]) == \
        (f"plant-{before + 1:04d}", "Xưởng sấy nhãn mới", ("longan",), 12.5)
    assert 103 < new.geometry.x < 106 and 20 < new.geometry.y < 23
    wait_for_app(page)
    expect(heading).to_have_count(0)  # a fresh map, no drawing pending
    shot(page, "edit_map_saved_vi", tmp_path)
    assert foreign == []

"""Starting a workspace from the app in Chromium: an empty folder, "start from scratch", and the
real boundaries on the explorer map.

The app runs on its own empty folder (the shared ``app_server`` keeps the demo).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.starter import FolderState, inspect_folder
from tests.conftest import assert_no_exception, open_page, shot, wait_for_app

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'




def test_start_from_scratch_shows_the_boundaries_on_the_map(page, empty_app, tmp_path):
    app, folder = empty_app
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, app, "explorer", "vi")
    expect(page.get_by_text(t("start.title", "vi"))).to_be_visible()
    expect(page.get_by_role("button", name=t("start.demo.button", "vi"))).to_be_visible()
    assert page.locator(MAP_FRAME).count() == 0  # no map of nothing
    assert_no_exception(page)
    shot(page, "start_empty_vi", tmp_path)
    assert inspect_folder(folder).state is FolderState.EMPTY

    page.get_by_role("button", name=t("start.scratch.button", "vi")).click()
    done = page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=t("start.done.scratch", "vi", path=str(folder)))
    expect(done).to_be_visible(timeout=60_000)
    wait_for_app(page, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    # The province outline and its 12 former districts, with their names.
    frame.locator("path.fm-boundary").first.wait_for(timeout=60_000)
    assert frame.locator("path.fm-boundary").count() >= 13
    for name in ("Sông Mã", "Mộc Châu", "Quỳnh Nhai"):
        expect(frame.get_by_text(name, exact=True)).to_be_visible()
    expect(frame.locator("path.fm-zone")).to_have_count(0)
    expect(page.get_by_text(t("start.needs_layer", "vi", layer="Vùng trồng",
                                page=t("nav.upload", "vi")))).to_be_visible()
    assert_no_exception(page)
    page.wait_for_timeout(1500)  # let the map finish drawing before the picture
    shot(page, "start_done_vi", tmp_path)
    ws = Workspace(folder)
    assert len(ws.read("admin_units")) == 13
    assert set(ws.history()["action"]) == {"start"}

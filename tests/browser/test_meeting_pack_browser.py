"""The meeting-pack page in Chromium: the progress bar runs and the PDF really downloads."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from fruitmap.i18n import t
from tests.conftest import RunningApp, assert_no_exception, wait_for_app
from tests.report_data import write_tiny

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory, browser):
    ws = tmp_path_factory.mktemp("pack_browser_ws")
    write_tiny(ws)
    app = RunningApp(ws)
    # Land on the root first so Streamlit runs app.py's navigation once.
    first = browser.new_page()
    first.goto(app.url)
    first.locator('[data-testid="stSidebarNav"]').filter(
        has_text=t("nav.meeting_pack", "vi")).wait_for(timeout=60_000)
    wait_for_app(first)
    first.close()
    yield app
    app.stop()


def test_pack_builds_and_downloads(page, tiny_server, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{tiny_server.url}/meeting-pack?lang=en")
    wait_for_app(page, timeout=60_000)
    assert_no_exception(page)
    page.get_by_text("PDF (.pdf)").click()
    wait_for_app(page)
    page.get_by_role("button", name="Build the meeting pack").click()
    button = page.get_by_role("button", name="Download fruitmap-meeting-pack.pdf")
    button.wait_for(timeout=300_000)
    page.screenshot(path=str(tmp_path / "meeting_pack.png"), full_page=True)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = tmp_path / "pack.pdf"
    info.value.save_as(path)
    reader = PdfReader(str(path))
    assert len(reader.pages) == 9
    assert "Sơn La" in reader.pages[0].extract_text()

"""Long work shows what it is doing in Chromium (issue 9, point 5): the meeting pack's build
shows its steps and bar, then the download; the gap page of a large workspace shows the
balance's steps while it computes (screenshots kept in ``FRUITMAP_SHOTS`` when set)."""

from __future__ import annotations

import pytest

from fruitmap.i18n import t
from tests.conftest import RunningApp, assert_no_exception, open_page, shot, wait_for_app
from tests.map_fixtures import write_synthetic
from tests.report_data import write_tiny

pytestmark = pytest.mark.browser
STATUS = '[data-testid="stExpander"]'
BAR = '[data-testid="stProgress"]'


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory, browser):
    ws = tmp_path_factory.mktemp("progress_pack_ws")
    write_tiny(ws)
    app = RunningApp(ws)
    # Land on the root first so Streamlit runs app.py's navigation once.
    first = browser.new_page()
    open_page(first, app)
    first.close()
    yield app
    app.stop()


def test_meeting_pack_build_shows_its_steps_then_the_download(page, tiny_server, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{tiny_server.url}/meeting-pack?lang=en")
    wait_for_app(page, timeout=60_000)
    assert_no_exception(page)
    shot(page, "meeting_pack_open", tmp_path)
    page.get_by_role("button", name=t("export.pack.build", "en")).click()
    # While the pack is built: the status box with its title, a bar, and the steps so far.
    running = page.locator(STATUS).filter(has_text=t("progress.pack.title", "en"))
    running.wait_for(timeout=60_000)
    page.locator(BAR).first.wait_for(timeout=30_000)
    page.get_by_text(t("report.step.charts", "en")).first.wait_for(timeout=120_000)
    shot(page, "meeting_pack_building", tmp_path)
    name = t("export.pack.file_name", "en") + ".pptx"
    button = page.get_by_role("button", name=t("export.pack.download", "en", name=name))
    button.wait_for(timeout=300_000)
    wait_for_app(page)
    assert_no_exception(page)
    done = page.locator(STATUS).filter(
        has_text=t("progress.pack.finished", "en", name=name, seconds="").split("(")[0])
    assert done.count() == 1
    shot(page, "meeting_pack_built", tmp_path)


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    path = write_synthetic(tmp_path_factory.mktemp("progress_large") / "ws", 20_000, 2_000)
    app = RunningApp(path)
    yield app
    app.stop()


def test_gap_page_of_a_large_workspace_shows_the_balance_steps(page, large_server, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{large_server.url}/gap?lang=vi")
    running = page.locator(STATUS).filter(has_text=t("progress.balance.title", "vi"))
    running.wait_for(timeout=120_000)
    page.get_by_text(t("progress.balance.read", "vi")).first.wait_for(timeout=30_000)
    shot(page, "gap_computing", tmp_path)
    # Then the balance is done: the box folds up saying so, and the page goes on.
    finished = t("progress.balance.finished", "vi", zones="20.000", plants="2.000",
                 seconds="").split("(")[0]
    page.locator(STATUS).filter(has_text=finished).wait_for(timeout=300_000)
    wait_for_app(page, timeout=300_000)
    assert_no_exception(page)
    assert page.get_by_text(t("gap.section.calendar", "vi")).count() >= 1
    shot(page, "gap_computed", tmp_path)

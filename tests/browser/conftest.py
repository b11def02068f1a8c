"""Fixtures shared by the browser tests."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.conftest import RunningApp


@pytest.fixture()
def offline_page(browser):
    """A page whose requests may only reach the app: (page, foreign URLs asked for)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    foreign: list[str] = []

    def app_only(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            foreign.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", app_only)
    yield context.new_page(), foreign
    context.close()


@pytest.fixture()
def empty_app(tmp_path):
    """A running app on an empty folder, as a department starts: (app, folder)."""
    folder = tmp_path / "so_nong_nghiep"
    folder.mkdir()
    app = RunningApp(folder)
    try:
        yield app, folder
    finally:
        app.stop()

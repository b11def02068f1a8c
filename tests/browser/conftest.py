"""Fixtures shared by the browser tests."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from tests.conftest import RunningApp

# The viewer account of the shared-server app (server_app).
VIEWER, VIEWER_PASSWORD = "Người xem", "mật khẩu người xem"


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


@pytest.fixture()
def server_app(pg_cluster, pg_db, demo_ws_path, monkeypatch):
    """The app on a database with the demo, an admin and a viewer (no anonymous viewing)."""
    from fruitmap.cli import main
    from fruitmap.server.dbadmin import add_user

    admin_url = pg_cluster.admin_url(pg_db)
    assert main(["db", "load", "--url", admin_url, "--from", str(demo_ws_path)]) == 0
    add_user(admin_url, VIEWER, "viewer", VIEWER_PASSWORD)
    for name in ("FRUITMAP_ANONYMOUS_VIEW", "FRUITMAP_TRUSTED_HEADER"):
        monkeypatch.delenv(name, raising=False)
    assert os.environ.get("PGPASSFILE")  # the app finds the database password there
    app = RunningApp(pg_cluster.app_url(pg_db))
    yield app
    app.stop()

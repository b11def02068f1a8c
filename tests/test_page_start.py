"""Starting a workspace from the app (AppTest, both languages).

Every page on an empty folder shows the two start choices; a click writes the workspace and the
page shows it. Every page on a workspace started from scratch (boundaries, no zones or plants)
runs without an error box. A folder holding something else is refused on every page and left
exactly as it was.
"""

from __future__ import annotations

import json

import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import LANGS, t
from fruitmap.schema import LAYERS
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.starter import FolderState, inspect_folder, start_from_scratch
from tests import files
from tests.conftest import ROOT, use_workspace
from tests.test_pages_apptest import PAGES, _NavigationOnly
from tests.test_starter import snapshot

APP = str(ROOT / "app.py")
UPLOAD = "pages/upload.py"
# The admin page manages the shared server's accounts and the login page logs into it: on a
# folder they only say that there are none / no login is needed (tests/test_page_admin.py,
# tests/test_login.py), whatever the folder holds.
SERVER_ONLY = ("pages/admin.py", "pages/login.py")
ON_FOLDERS = [p for p in PAGES if p not in SERVER_ONLY]
GATED = [p for p in ON_FOLDERS if p != UPLOAD]  # pages that need a workspace to show anything
DISTRICTS = ("Sông Mã", "Mộc Châu", "Yên Châu")


@pytest.fixture(autouse=True)
def route_through_app_py(monkeypatch):
    """Run pages through app.py's router (see tests/test_pages_apptest.py)."""
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)


@pytest.fixture(scope="module")
def scratch_path(tmp_path_factory):
    """A workspace started from scratch, shared read-only by the page tests."""
    path = tmp_path_factory.mktemp("scratch") / "ws"
    start_from_scratch(path, who="tester")
    return path


def run_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def start_buttons(at: AppTest, lang: str) -> dict:
    wanted = {t("start.demo.button", lang): "demo", t("start.scratch.button", lang): "scratch"}
    return {wanted[b.label]: b for b in at.button if b.label in wanted}


def figure_texts(at: AppTest) -> str:
    return " ".join(json.dumps(json.loads(e.proto.spec)["data"], ensure_ascii=False)
                    for e in at.get("plotly_chart"))


# ------------------------------------------------------------------ empty or missing folder
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", GATED)
def test_every_page_on_an_empty_folder_offers_the_two_starts(tmp_path, monkeypatch, page,
                                                             lang):
    use_workspace(monkeypatch, tmp_path)
    at = run_page(page, lang)
    assert not at.error, [e.value for e in at.error]
    assert at.subheader[0].value == t("start.title", lang)
    assert set(start_buttons(at, lang)) == {"demo", "scratch"}
    text = " ".join(m.value for m in at.markdown)
    assert t("start.demo.help", lang) in text and t("start.scratch.help", lang) in text
    assert str(tmp_path) in text  # says which folder it is about
    assert inspect_folder(tmp_path).state is FolderState.EMPTY  # showing writes nothing


@pytest.mark.parametrize("lang", LANGS)
def test_upload_page_on_a_missing_folder_is_ready_to_import(tmp_path, monkeypatch, lang):
    use_workspace(monkeypatch, tmp_path / "new")
    at = run_page(UPLOAD, lang)
    assert not at.error
    assert len(at.file_uploader) == 1
    assert any(t("start.upload_new", lang, path=str(tmp_path / "new")) == i.value
               for i in at.info)
    assert not (tmp_path / "new").exists()


def test_first_import_creates_the_workspace(tmp_path, monkeypatch):
    from tests.test_page_upload import do_import, open_page, upload

    target = use_workspace(monkeypatch, tmp_path / "new")
    at = upload(open_page("en"), "co_so.xlsx", files.xlsx_bytes())
    at = do_import(at)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    ws = Workspace(target)
    assert inspect_folder(target).state is FolderState.WORKSPACE
    assert {"P01", "P02", "P03"} == set(ws.read("plants")["plant_id"])
    history = ws.history()  # the page's default mode is append: same thing on a new folder
    assert history["layer"].tolist() == ["plants"]
    assert history["action"].str.startswith("import").all()


@pytest.mark.parametrize("lang", LANGS)
def test_start_from_scratch_button_writes_the_boundaries(tmp_path, monkeypatch, lang):
    target = use_workspace(monkeypatch, tmp_path / "new")  # missing: created by the click
    at = run_page("pages/overview.py", lang)
    start_buttons(at, lang)["scratch"].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    ws = Workspace(target)
    assert inspect_folder(target).state is FolderState.WORKSPACE
    assert len(ws.read("admin_units")) == 13 and ws.read("zones").empty
    assert set(ws.history()["action"]) == {"start"}
    # The page reran on the new workspace: what was done, and the province with its districts.
    assert t("start.done.scratch", lang, path=str(target)) in [s.value for s in at.success]
    assert not start_buttons(at, lang)
    assert t("overview.section.map", lang) in [s.value for s in at.subheader]
    shown = figure_texts(at)
    assert all(name in shown for name in DISTRICTS)
    assert any(t("overview.empty", lang, page=t("nav.upload", lang)) == i.value for i in at.info)


def test_demo_button_loads_the_demo(tmp_path, monkeypatch):
    use_workspace(monkeypatch, tmp_path)
    at = run_page("pages/explorer.py", "en")
    start_buttons(at, "en")["demo"].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    ws = Workspace(tmp_path)
    assert len(ws.read("zones")) == 739 and len(ws.read("plants")) == 560
    assert set(ws.history()["action"]) == {"demo"}
    assert t("start.done.demo", "en", path=str(tmp_path)) in [s.value for s in at.success]
    maps = [e for e in at.get("component_instance")
            if "streamlit_folium" in e.proto.component_name]
    assert len(maps) == 1 and "fm-zone" in maps[0].proto.json_args  # the explorer's map


# ------------------------------------------------------------------ started from scratch
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_a_scratch_workspace_has_no_error_box(scratch_path, monkeypatch, page,
                                                            lang):
    use_workspace(monkeypatch, scratch_path)
    before = snapshot(scratch_path)
    at = run_page(page, lang)
    assert not at.error, [e.value for e in at.error]
    assert not start_buttons(at, lang)
    assert len(at.main.children) > 0
    needs_zones = t("start.needs_layer", lang, layer=LAYERS["zones"].label(lang),
                    page=t("nav.upload", lang))
    if page in ("pages/explorer.py", "pages/gap.py", "pages/targets.py",
                "pages/meeting_pack.py", "pages/present.py"):
        assert needs_zones in [i.value for i in at.info]
    assert snapshot(scratch_path) == before  # looking changes nothing


@pytest.mark.parametrize("lang", LANGS)
def test_overview_of_a_scratch_workspace_shows_the_province(scratch_path, monkeypatch, lang):
    use_workspace(monkeypatch, scratch_path)
    at = run_page("pages/overview.py", lang)
    shown = figure_texts(at)
    assert all(name in shown for name in DISTRICTS)
    assert not at.metric  # no zones: no made-up figures


# ------------------------------------------------------------------ something else
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ON_FOLDERS)
def test_a_folder_holding_something_else_is_refused_and_untouched(tmp_path, monkeypatch,
                                                                  page, lang):
    (tmp_path / "bao_cao_2025.xlsx").write_bytes(b"PK\x03\x04 someone's report")
    before = snapshot(tmp_path)
    use_workspace(monkeypatch, tmp_path)
    at = run_page(page, lang)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and str(tmp_path) in errors[0] and "bao_cao_2025.xlsx" in errors[0]
    assert not start_buttons(at, lang)
    assert not at.file_uploader  # the upload page offers no import into it either
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao_2025.xlsx"]

"""A new user's journey with only their own files (AppTest, both languages; issue 8).

From an empty folder: every page offers the two starts, "start from scratch", then through the
upload page a Google Earth KMZ of zones without ids, a district's VN-2000 shapefile of zones
without ids (TEN_VUNG, LOAI_CAY, DT_HA) appended to them, and a commune's TCVN3 Excel list of
cold stores without ids, none edited by hand. The zones are on the explorer's map; one zone's
area is corrected in the data page's edit tab, shows in the history, and is undone.

AppTest cannot type into a data editor: the test seeds the editor's edit state the way the
browser sends it (see tests/test_page_edit.py), then presses the real save button.
"""

from __future__ import annotations

import html

import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import LANGS, t
from fruitmap.provenance import format_date
from fruitmap.schema import LAYERS
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.history import describe_action
from fruitmap.workspace.starter import FolderState, inspect_folder
from tests.conftest import ROOT, use_workspace
from tests.test_office_files import STORES, cold_store_xlsx, district_shapefile, kmz_without_ids
from tests.test_page_explorer import map_script, zone_count
from tests.test_page_start import GATED, start_buttons
from tests.test_page_upload import do_import, upload
from tests.test_pages_apptest import PAGES, _NavigationOnly

APP = str(ROOT / "app.py")
USER = "Lò Thị Lan"
# The zones as the office drew them in Google Earth: a name, a polygon and the two fields
# typed in "Edit data"; no id anywhere.
KMZ_NAMES = ("Vùng mận Chiềng Hặc", "Vùng nhãn Hát Lót")
KMZ_DATA = [{"Loại cây": "mận", "Diện tích (ha)": "40,5"},
            {"Loại cây": "Nhãn", "Diện tích (ha)": "12"}]
SHP_NAMES = ["Vùng nhãn Chiềng Mung", "Vùng xoài Cò Nòi"]  # tests.test_office_files


@pytest.fixture(autouse=True)
def route_through_app_py(monkeypatch):
    """Run pages through app.py's router (see tests/test_pages_apptest.py)."""
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)


def kmz() -> bytes:
    return kmz_without_ids(names=KMZ_NAMES, data=KMZ_DATA)


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def import_file(at: AppTest, name: str, data: bytes, layer: str, lang: str) -> AppTest:
    """Upload ``name`` on the upload page, choose ``layer``, import it as an append."""
    at = goto(at, "pages/upload.py")
    at = upload(at, name, data)
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="upload_layer").set_value(layer).run()
    ids_info = {"vi": "fruitmap sẽ tự tạo mã", "en": "fruitmap will make the ids"}[lang]
    assert any(ids_info in i.value for i in at.info), [i.value for i in at.info]
    at = do_import(at, user=USER, mode="append")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def sources_shown(at: AppTest, lang: str) -> str:
    """The page's "where the data comes from" line: the footer's caption, or on the
    presentation page the slide's footer; Markdown and HTML escapes undone."""
    prefix = t("prov.line", lang, sources="")
    texts = [html.unescape(e.value).replace("\\", "") for e in [*at.caption, *at.markdown]]
    lines = [x[x.index(prefix):] for x in texts if prefix in x]
    assert len(lines) == 1, texts
    return lines[0]


def zone_editor(at: AppTest):
    [editor] = [e for e in at.data_editor if e.key.startswith("edit_table_zones_")]
    return editor


def start_from_scratch(tmp_path, monkeypatch, lang: str) -> tuple[AppTest, Workspace]:
    """An empty folder, every gated page offering the starts, then the scratch button."""
    folder = use_workspace(monkeypatch, tmp_path / "so_nong_nghiep")
    folder.mkdir()
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    for page in GATED:
        goto(at, page)
        assert set(start_buttons(at, lang)) == {"demo", "scratch"}, page
    assert inspect_folder(folder).state is FolderState.EMPTY
    start_buttons(at, lang)["scratch"].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("start.done.scratch", lang, path=str(folder)) in [s.value for s in at.success]
    ws = Workspace(folder)
    assert ws.read("zones").empty and len(ws.read("admin_units")) == 13
    return at, ws


@pytest.mark.parametrize("lang", LANGS)
def test_empty_folder_kmz_on_the_map_edit_an_area_and_undo_it(tmp_path, monkeypatch, lang):
    at, ws = start_from_scratch(tmp_path, monkeypatch, lang)

    at = import_file(at, "vung_trong.kmz", kmz(), "zones", lang)
    zones = ws.read("zones")
    assert zones["name"].tolist() == list(KMZ_NAMES)
    assert zones["crop"].tolist() == ["plum", "longan"]
    assert zones["area_ha"].tolist() == [40.5, 12.0]
    assert zones["zone_id"].str.startswith("vung-man-chieng-hac-").iloc[0]

    at = goto(at, "pages/explorer.py")
    script = map_script(at)
    assert zone_count(script) == 2
    assert all(name in script for name in KMZ_NAMES)

    at = goto(at, "pages/data.py")
    at.text_input(key="edit_who").input(USER)
    at.run()
    editor = zone_editor(at)
    row = editor.value["name"].tolist().index("Vùng nhãn Hát Lót")
    at.session_state[editor.key] = {"edited_rows": {row: {"area_ha": 15.0}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="edit_table_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert ws.read("zones")["area_ha"].tolist() == [40.5, 15.0]
    edit = ws.history().iloc[0]
    assert (edit["who"], edit["layer"], edit["action"]) == \
        (USER, "zones", "edit: 0 added, 0 removed, 1 changed")
    said = describe_action(edit["action"], lang)
    assert any(said in s.value for s in at.success)
    action_col = {"vi": "Thao tác", "en": "Action"}[lang]  # the history table's header
    history = next(d.value for d in at.dataframe if action_col in d.value.columns)
    assert history[action_col].iloc[0] == said
    assert history[action_col].iloc[-1] == t("data.action.start", lang)  # not the raw "start"
    before, after = t("data.diff.before", lang), t("data.diff.after", lang)
    cells = next(d.value for d in at.dataframe if before in d.value.columns)
    assert cells[[before, after]].values.tolist() == [["12", "15"]]
    assert zone_editor(at).value["area_ha"].tolist() == [40.5, 15.0]
    imported = format_date(ws.history().iloc[1]["when"], lang)
    edited = t("prov.edited", lang, date=format_date(edit["when"], lang))
    zones_label = LAYERS["zones"].label(lang)
    assert f"{zones_label}: vung_trong.kmz ({imported}), {edited}" in sources_shown(at, lang)

    at.button(key="edit_table_undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert ws.read("zones")["area_ha"].tolist() == [40.5, 12.0]
    assert ws.history().iloc[0]["action"].startswith("rollback to ")
    assert zone_editor(at).value["area_ha"].tolist() == [40.5, 12.0]
    shown = sources_shown(at, lang)  # the file's content again, not an edit
    assert f"{zones_label}: vung_trong.kmz ({imported})" in shown and edited not in shown


@pytest.mark.parametrize("lang", LANGS)
def test_all_three_office_files_come_in_through_the_app(tmp_path, monkeypatch, lang):
    at, ws = start_from_scratch(tmp_path, monkeypatch, lang)
    at = import_file(at, "vung_trong.kmz", kmz(), "zones", lang)
    at = import_file(at, "vung_trong_mai_son.zip", district_shapefile(), "zones", lang)
    at = import_file(at, "kho_lanh.xlsx", cold_store_xlsx("tcvn3"), "cold_stores", lang)

    zones = ws.read("zones")
    assert zones["name"].tolist() == list(KMZ_NAMES) + SHP_NAMES
    assert zones["area_ha"].tolist() == [40.5, 12.0, 25.5, 12.0]
    assert zones["zone_id"].is_unique and zones["zone_id"].str.len().gt(0).all()
    # VN-2000 metres came back to Sơn La's longitudes and latitudes.
    x, y = zones.geometry.iloc[2].centroid.x, zones.geometry.iloc[2].centroid.y
    assert abs(x - 103.985) < 0.001 and abs(y - 21.205) < 0.001
    stores = ws.read("cold_stores")
    assert stores["name"].tolist() == [s[0] for s in STORES]  # TCVN3 converted
    assert stores["store_id"].str.startswith("kho-lanh-").all()
    sources = ws.history()[["layer", "source_file"]].dropna()
    assert set(sources[sources["layer"] == "zones"]["source_file"]) == \
        {"vung_trong.kmz", "vung_trong_mai_son.zip"}
    assert set(sources[sources["layer"] == "cold_stores"]["source_file"]) == {"kho_lanh.xlsx"}

    at = goto(at, "pages/explorer.py")
    script = map_script(at)
    assert zone_count(script) == 4
    assert all(name in script for name in list(KMZ_NAMES) + SHP_NAMES)
    assert all(s[0] in script for s in STORES)

    # Every page runs on the user's data and names the user's files as its source.
    zones_from = (f"{LAYERS['zones'].label(lang)}: vung_trong.kmz + vung_trong_mai_son.zip"
                  f" ({format_date(ws.history().iloc[0]['when'], lang)})")
    stores_from = f"{LAYERS['cold_stores'].label(lang)}: kho_lanh.xlsx"
    for page in [p for p in PAGES if p != "pages/login.py"]:  # login: no data shown
        at = goto(at, page)
        assert not start_buttons(at, lang), page
        shown = sources_shown(at, lang)
        assert zones_from in shown and stores_from in shown, (page, shown)
        assert "demo" not in shown and t("prov.demo_short", lang) not in shown, (page, shown)

"""The edit tab of the data page in both languages (AppTest): a cell edited in the data
editor is saved as one change, shows in the history, and is undone; a bad value is refused
with its row and column and nothing is written.

AppTest cannot type into a data editor; it seeds the editor's edit state (``edited_rows``,
``added_rows``, ``deleted_rows``, keyed by the editor's widget key) the way the browser
sends it, then presses the real save button.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import Workspace, create
from fruitmap.workspace.history import describe_action
from tests.conftest import ROOT, use_workspace
from tests.test_edits import zones
from tests.test_workspace_safety import plants, sha256

EDITOR = "edit_table_zones_0"  # ui.state.EDIT_TABLE + layer + nonce (0 until the first save)


@pytest.fixture()
def tiny(tmp_path, monkeypatch) -> Workspace:
    """Zones Z1 (12.5 ha) and Z2 (30 ha), plants P1 and P2: changes 1 and 2."""
    ws = create(tmp_path / "ws", {"zones": zones(), "plants": plants(2)})
    use_workspace(monkeypatch, ws.path)
    return ws


def open_tab(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if lang == "en":
        at.session_state["lang"] = "en"
    at.switch_page("pages/data.py")
    return at.run()


def edit_cells(at: AppTest, key: str, edited_rows: dict, name: str = "Lan") -> AppTest:
    at.text_input(key="edit_who").input(name)
    at.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    at.run()
    return at.button(key="edit_table_save").click().run()


@pytest.mark.parametrize("lang, saved, undone, history_action", [
    ("vi", "Đã lưu thay đổi số 3: Sửa trong ứng dụng: sửa 1 dòng.", "Đã hoàn tác",
     "Thao tác"),
    ("en", "Saved as change no. 3: Edited in the app: 1 row changed.", "Undone", "Action"),
])
def test_edit_one_area_save_see_it_in_history_and_undo(tiny, lang, saved, undone,
                                                       history_action):
    at = open_tab(lang)
    assert not at.exception, at.exception
    editor = at.data_editor(key=EDITOR)
    assert editor.editing_mode == "dynamic"
    assert editor.value["zone_id"].tolist() == ["Z1", "Z2"]
    assert at.button(key="edit_table_save").disabled  # no name yet

    at = edit_cells(at, EDITOR, {1: {"area_ha": 44.0}})  # row 2 on screen: Z2
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [saved]
    assert tiny.read("zones")["area_ha"].tolist() == [12.5, 44.0]
    last = tiny.history().iloc[0]
    assert (last["who"], last["layer"], last["action"]) == \
        ("Lan", "zones", "edit: 0 added, 0 removed, 1 changed")
    # The history table of the first tab says it in words; the edit tab shows the cell.
    history = at.dataframe[1].value
    assert history[history_action].iloc[0] == describe_action(last["action"], lang)
    before, after = t("data.diff.before", lang), t("data.diff.after", lang)
    cells = next(d.value for d in at.dataframe if before in d.value.columns)
    assert cells[[before, after]].values.tolist() == [["30", "44"]]
    # A fresh editor on the saved data.
    assert at.data_editor(key="edit_table_zones_1").value["area_ha"].tolist() == [12.5, 44.0]

    at.button(key="edit_table_undo").click().run()
    assert not at.exception, at.exception
    assert any(undone in s.value for s in at.success)
    assert tiny.read("zones")["area_ha"].tolist() == [12.5, 30.0]
    newest = tiny.history().iloc[0]
    assert newest["action"].startswith("rollback to ") and newest["who"] == "Lan"


@pytest.mark.parametrize("lang, message", [
    ("vi", "dòng 1, cột «Diện tích (ha)», giá trị «-5»"),
    ("en", "row 1, column “Area (ha)”, value “-5”"),
])
def test_bad_value_is_refused_with_row_and_column_and_nothing_written(tiny, lang, message):
    before = sha256(tiny.gpkg)
    at = open_tab(lang)
    at = edit_cells(at, EDITOR, {0: {"area_ha": -5.0}})
    assert not at.exception, at.exception
    errors = "\n".join(e.value for e in at.error)
    assert message in errors.replace("\\", ""), errors
    assert sha256(tiny.gpkg) == before
    # The edit is kept in the editor so it can be corrected.
    assert at.session_state[EDITOR]["edited_rows"]


def test_save_on_data_imported_since_is_refused_with_a_reload(tiny):
    at = open_tab("vi")
    tiny.write({"zones": zones().assign(area_ha=[1.0, 2.0])}, action="import",
               source_file="moi.xlsx")
    at = edit_cells(at, EDITOR, {0: {"name": "Sửa muộn"}})
    assert not at.exception, at.exception
    warnings = "\n".join(w.value for w in at.warning)
    assert "đã thay đổi từ khi bạn mở bảng" in warnings
    assert tiny.read("zones")["name"].tolist() == ["Vùng nhãn", "Vùng xoài"]
    assert tiny.read("zones")["area_ha"].tolist() == [1.0, 2.0]
    at.button(key="edit_table_reload").click().run()
    assert not at.exception, at.exception
    assert at.data_editor(key="edit_table_zones_1").value["area_ha"].tolist() == [1.0, 2.0]
    assert not [w for w in at.warning if "đã thay đổi" in w.value]


def test_map_mode_draws_the_offline_draw_toolbar(tiny):
    at = open_tab("en")
    at.selectbox(key="edit_layer").set_value("plants").run()
    at.radio(key="edit_mode").set_value("map").run()
    assert not at.exception, at.exception
    maps = [e for e in at.get("component_instance")]
    script = maps[-1].proto.json_args
    assert "L.Control.Draw" in script and "P1" in script
    assert "cdnjs" not in script and "cdn.jsdelivr" not in script

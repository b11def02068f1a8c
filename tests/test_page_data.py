"""The data page in both languages: layers, history, what changed, rollback, downloads."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from fruitmap.workspace.geopackage import Workspace, create
from tests.conftest import ROOT


def plants(n: int, capacity: float = 10.0) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"plant_id": [f"P{i}" for i in range(1, n + 1)],
         "name": [f"Xưởng <b>{i}</b>" for i in range(1, n + 1)],
         "kind": ["factory"] * n, "crops": [("longan",)] * n,
         "capacity_t_day": [capacity] * n},
        geometry=[Point(104.0 + i / 100, 21.3) for i in range(n)], crs="EPSG:4326")


def run_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang == "en":
        at.session_state["lang"] = "en"
    at.switch_page("pages/data.py")
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + \
        [s.value for s in at.subheader] + [i.value for i in at.info] + \
        [s.value for s in at.success] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


@pytest.fixture()
def tiny_ws(tmp_path, monkeypatch) -> Workspace:
    """Change 1 creates 2 plants; change 2 replaces them with 5 (P1, P2 kept, capacity up)."""
    ws = create(tmp_path / "ws", {"plants": plants(2)}, action="demo")
    ws.write({"plants": plants(5, 20.0)}, action="import", source_file="co_so.xlsx", who="Lan")
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(ws.path))
    monkeypatch.chdir(ROOT)
    return ws


@pytest.mark.parametrize("lang, title, layer_header", [
    ("vi", "Quản lý dữ liệu", "Lớp dữ liệu"), ("en", "Data management", "Layer")])
def test_demo_page_renders_in_both_languages(app_env, lang, title, layer_header):
    at = run_page(lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    layers = at.dataframe[0].value
    assert layer_header in layers.columns
    rows = dict(zip(layers.iloc[:, 1], layers.iloc[:, 2], strict=True))
    demo = Workspace(app_env)
    assert rows["zones"] == len(demo.read("zones")) > 0
    assert rows["plants"] == len(demo.read("plants")) > 0
    history = at.dataframe[1].value
    assert len(history) == len(demo.history())
    assert len(at.tabs) == 6  # layers, changes, restore, templates, export, edit


def test_what_changed_and_rollback_restore_row_counts(tiny_ws):
    at = run_page("vi")
    assert not at.exception, at.exception
    # Newest change first: the import of co_so.xlsx.
    history = at.dataframe[1].value
    assert history["Số thứ tự"].tolist() == [2, 1]
    assert history["Tệp nguồn"].tolist()[0] == "co_so.xlsx"
    assert history["Thao tác"].tolist() == ["Nhập dữ liệu", "Tạo dữ liệu minh hoạ"]
    picker = at.selectbox(key="data_change")
    assert picker.value == 2
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Dòng thêm mới": "3", "Dòng bị xoá": "0", "Dòng bị sửa": "2",
                       "Dòng giữ nguyên": "0"}

    restore = at.button[0]
    assert restore.disabled  # nothing happens before the confirmation is ticked
    confirm = [c for c in at.checkbox if c.key.startswith("data_rollback_confirm")][0]
    assert "5 dòng" in confirm.label and "2 dòng" in confirm.label
    confirm.check().run()
    assert at.button[0].disabled  # ... and before a name for the history is given
    assert "Hãy nhập tên" in texts(at)
    at.text_input(key="data_rollback_who").input("Minh").run()
    assert not at.button[0].disabled
    at.button[0].click().run()
    assert not at.exception, at.exception

    assert len(tiny_ws.read("plants")) == 2
    last = tiny_ws.history().iloc[0]
    assert last["action"].startswith("rollback to ") and last["who"] == "Minh"
    assert "nay có 2 dòng" in at.success[0].value
    layers = at.dataframe[0].value
    assert dict(zip(layers.iloc[:, 1], layers.iloc[:, 2], strict=True))["plants"] == 2
    assert at.dataframe[1].value["Số thứ tự"].tolist() == [3, 2, 1]


def test_english_diff_of_the_first_change(tiny_ws):
    at = run_page("en")
    at.selectbox(key="data_change").select(1).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows added"] == "2" and metrics["Rows removed"] == "0"
    added = at.dataframe[2].value
    assert list(added.columns)[:2] == ["Plant ID", "Name"]
    assert added["Name"].tolist() == ["Xưởng <b>1</b>", "Xưởng <b>2</b>"]  # text, not HTML
    assert "Restore" in [b.label for b in at.button]


def test_empty_states(tmp_path, monkeypatch):
    ws = create(tmp_path / "ws", {"markets": plants(0).drop(columns="geometry").iloc[:0]
                                  .reindex(columns=["crop", "month", "fresh_capacity_t"])})
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(ws.path))
    monkeypatch.chdir(ROOT)
    at = run_page("en")
    assert not at.exception, at.exception
    shown = texts(at)
    assert "No earlier version of this layer has been saved." in shown
    assert "This layer is empty; there is nothing to export." in shown


def test_missing_workspace_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "nowhere"))
    monkeypatch.chdir(ROOT)
    at = run_page("vi")
    assert not at.exception, at.exception
    # The shared start choices (tests/test_page_start.py tests them on every page).
    assert "Thư mục này chưa có dữ liệu" in texts(at)


def test_english_rollback_with_preview(tiny_ws):
    at = run_page("en")
    assert "brings back 0 rows, drops 3, changes 2" in texts(at)
    confirm = [c for c in at.checkbox if c.key.startswith("data_rollback_confirm")][0]
    assert "now 5 rows" in confirm.label and "with 2 rows" in confirm.label
    at.text_input(key="data_rollback_who").input("Ann")
    confirm.check().run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "it now has 2 rows (change #3)" in at.success[0].value
    assert len(tiny_ws.read("plants")) == 2
    # The restore is itself undoable: its own saved version is offered next.
    versions = at.selectbox(key="data_rollback_version").options
    assert len(versions) == 2 and "5 rows" in versions[0] and "change #3" in versions[0]


def test_history_rows_without_change_number_do_not_break_the_page(tmp_path, monkeypatch):
    import pandas as pd
    import pyogrio

    folder = tmp_path / "qgis"
    folder.mkdir()
    pyogrio.write_dataframe(plants(1), folder / "fruitmap.gpkg", layer="plants", driver="GPKG")
    pyogrio.write_dataframe(pd.DataFrame({
        "when": ["2026-01-05T09:00:00+07:00"], "who": ["qgis"], "action": ["edit"],
        "layer": ["plants"], "rows_before": [0], "rows_after": [1]}),
        folder / "fruitmap.gpkg", layer="history", driver="GPKG")
    Workspace(folder).write({"plants": plants(3)}, action="import", source_file="a.csv")
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(folder))
    monkeypatch.chdir(ROOT)
    at = run_page("vi")
    assert not at.exception, at.exception
    assert at.dataframe[1].value["Thao tác"].tolist() == ["Nhập dữ liệu", "Chỉnh sửa"]
    options = at.selectbox(key="data_change").options
    assert len(options) == 1 and options[0].startswith("#1 ")


def test_switching_the_rollback_layer_offers_that_layers_versions(tiny_ws):
    stores = gpd.GeoDataFrame({"store_id": ["S1"], "name": ["Kho"], "capacity_t": [50.0]},
                              geometry=[Point(104.6, 20.9)], crs="EPSG:4326")
    tiny_ws.write({"cold_stores": stores}, action="import")
    tiny_ws.write({"cold_stores": stores.assign(capacity_t=[70.0])}, action="import")
    at = run_page("en")
    layer = at.selectbox(key="data_rollback_layer")
    assert layer.options == ["Processing plants (plants)", "Cold stores (cold_stores)"]
    layer.select("cold_stores").run()
    assert not at.exception, at.exception
    versions = at.selectbox(key="data_rollback_version").options
    assert len(versions) == 1 and "– 1 row (" in versions[0]  # singular in English
    assert "changes 1 and keeps 0" in texts(at)

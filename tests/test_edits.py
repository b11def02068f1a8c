"""Editing in place (fruitmap.workspace.edits): validated like an upload, one recorded change each,
undone like an import, and never overwriting an import that landed in between."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from fruitmap.errors import InputError, WorkspaceError
from fruitmap.workspace.edits import (
    add_feature,
    apply_table,
    change_geometries,
    editor_frame,
    new_ids,
)
from fruitmap.workspace.geopackage import Workspace, create
from fruitmap.workspace.history import describe_action, diff_change, history_for_display
from tests.conftest import ROOT
from tests.test_workspace_safety import _child_env, assert_same, plants, snapshot


def zones() -> gpd.GeoDataFrame:
    square = Polygon([(104.0, 21.0), (104.01, 21.0), (104.01, 21.01), (104.0, 21.01)])
    return gpd.GeoDataFrame(
        {"zone_id": ["Z1", "Z2"], "name": ["Vùng nhãn", "Vùng xoài"],
         "crop": ["longan", "mango"], "area_ha": [12.5, 30.0]},
        geometry=[square, Point(104.2, 21.2)], crs="EPSG:4326")


@pytest.fixture()
def gpkg_ws(tmp_path) -> Workspace:
    """Change 1: two plants P1 (10 t/day at 104.00, 21.3), P2 (11 t/day at 104.01, 21.3);
    change 2: zones Z1 (a 12.5 ha polygon) and Z2 (a 30 ha point)."""
    return create(tmp_path / "ws", {"plants": plants(2), "zones": zones()})


@pytest.fixture()
def ws(new_workspace):
    """The workspace of ``gpkg_ws`` on each backend (a GeoPackage folder, a PostGIS database)."""
    return new_workspace({"plants": plants(2), "zones": zones()})


def table(ws: Workspace, layer: str, lang: str = "vi") -> pd.DataFrame:
    return editor_frame(ws.read(layer), layer, lang).astype(object)


# ------------------------------------------------------------------ the editor's table
def test_editor_frame_shows_rows_from_one_lists_as_text_and_points_as_lon_lat(ws):
    vi = table(ws, "plants")
    assert list(vi.index) == [1, 2]
    assert vi.loc[1, "crops"] == "Nhãn; Xoài"
    assert table(ws, "plants", "en").loc[1, "crops"] == "Longan; Mango"
    assert (vi.loc[2, "lon"], vi.loc[2, "lat"]) == (104.01, 21.3)
    assert vi.loc[1, "operating_months"] == ";".join(str(m) for m in range(1, 13))
    assert "lon" not in table(ws, "zones").columns  # polygons are not edited as numbers


def test_new_ids_follow_the_highest_number_of_the_prefix():
    assert new_ids(pd.Series(["P1", "P2"]), "plants", 2) == ["plant-0003", "plant-0004"]
    assert new_ids(pd.Series(["plant-0560", "plant-0007", "X"]), "plants", 1) == ["plant-0561"]
    assert new_ids(pd.Series(["store-0001"]), "cold_stores", 1) == ["store-0002"]


# ------------------------------------------------------------------ refused edits
def test_bad_values_are_refused_with_row_column_value_and_nothing_written(ws):
    before = snapshot(ws)
    edited = table(ws, "plants")
    edited.loc[1, "capacity_t_day"] = "abc"  # shown as row 1
    edited.loc[2, "crops"] = "Nhãn; banana"  # shown as row 2
    with pytest.raises(InputError) as info:
        apply_table(ws, "plants", edited, base_token=ws.layer_token("plants"), who="Lan")
    problems = {(p.row, p.column, str(p.value), p.code) for p in info.value.problems}
    assert problems == {(1, "Công suất (tấn/ngày)", "abc", "not_a_number"),
                        (2, "Loại quả tiếp nhận", "banana", "unknown_crop")}
    text = info.value.message("vi")
    assert "- dòng 1, cột «Công suất (tấn/ngày)», giá trị «abc»" in text
    assert_same(before, snapshot(ws))


def test_english_problems_name_the_english_column_label(ws):
    edited = table(ws, "zones", "en")
    edited.loc[2, "crop"] = "banana"
    edited.loc[2, "area_ha"] = -3
    with pytest.raises(InputError) as info:
        apply_table(ws, "zones", edited, base_token=None, lang="en")
    found = {(p.row, p.column, str(p.value), p.code) for p in info.value.problems}
    assert found == {(2, "Crop", "banana", "unknown_crop"),
                     (2, "Area (ha)", "-3", "below_minimum")}
    assert "row 2" in info.value.message("en")


def test_a_row_added_in_the_table_without_a_place_is_refused(ws):
    edited = table(ws, "plants")
    edited.loc[3] = {**edited.loc[1].to_dict(), "plant_id": None, "lon": None, "lat": None}
    with pytest.raises(InputError) as info:
        apply_table(ws, "plants", edited, base_token=None)
    assert [(p.row, p.code) for p in info.value.problems] == [(3, "missing_geometry")]


# ------------------------------------------------------------------ a good edit
def test_an_edit_is_one_change_with_cells_before_after_and_can_be_rolled_back(ws):
    token = ws.layer_token("plants")
    untouched = ws.read("zones")
    edited = table(ws, "plants")
    edited.loc[2, "capacity_t_day"] = 25.5
    result = apply_table(ws, "plants", edited, base_token=token, who="Lan")
    assert (result.added, result.removed, result.changed) == ([], [], ["P2"])

    hist = ws.history()
    assert len(hist) == 3  # create (2 layers) + the edit
    last = hist.iloc[0]
    assert (last["who"], last["layer"], last["rows_before"], last["rows_after"]) == \
        ("Lan", "plants", 2, 2)
    assert last["action"] == "edit: 0 added, 0 removed, 1 changed"
    assert describe_action(last["action"], "vi") == "Sửa trong ứng dụng: sửa 1 dòng"
    assert describe_action(last["action"], "en") == "Edited in the app: 1 row changed"
    shown = history_for_display(hist, "en")
    assert shown.iloc[0]["Action"] == "Edited in the app: 1 row changed"

    diff = diff_change(ws, result.change_id)
    assert diff.counts == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    cells = diff.details.to_dict("records")
    assert cells == [{"plant_id": "P2", "column": "capacity_t_day", "before": "11.0",
                      "after": "25.5"}]
    assert ws.read("plants")["capacity_t_day"].tolist() == [10.0, 25.5]
    pd.testing.assert_frame_equal(ws.read("zones"), untouched)

    ws.rollback("plants", result.version_id, who="Lan", expected=ws.layer_token("plants"))
    assert ws.read("plants")["capacity_t_day"].tolist() == [10.0, 11.0]
    newest = ws.history().iloc[0]
    assert newest["action"] == f"rollback to {result.version_id}" and newest["who"] == "Lan"
    undo = diff_change(ws, int(newest["change_id"]))
    assert undo.details[["column", "before", "after"]].values.tolist() == \
        [["capacity_t_day", "25.5", "11.0"]]


def test_an_unchanged_table_writes_nothing(ws):
    before = snapshot(ws)
    result = apply_table(ws, "plants", table(ws, "plants"), base_token=ws.layer_token("plants"))
    assert result.is_empty and result.history == []
    assert_same(before, snapshot(ws))


def test_lists_booleans_and_columns_the_editor_does_not_show_survive_an_edit(ws):
    # A column added in QGIS (not in the contract) must not be lost by an edit in the app.
    extra = ws.read("plants").assign(ghi_chu=["giữ", "lại"])
    ws.write({"plants": extra}, action="import")
    edited = table(ws, "plants")
    edited.loc[1, "crops"] = "nhãn; mận"
    edited.loc[1, "operating_months"] = "5-7"
    result = apply_table(ws, "plants", edited, base_token=ws.layer_token("plants"))
    assert result.changed == ["P1"]
    stored = ws.read("plants")
    assert stored.loc[0, "crops"] == ("longan", "plum")
    assert stored.loc[0, "operating_months"] == (5, 6, 7)
    assert stored["ghi_chu"].tolist() == ["giữ", "lại"]
    assert stored.loc[1, "crops"] == ("longan", "mango")


def test_table_rows_deleted_added_and_moved_by_lon_lat_are_one_change(ws):
    edited = table(ws, "plants").drop(index=[1])
    edited.loc[2, "lon"] = 104.5
    edited.loc[3] = {"plant_id": None, "name": "Xưởng mới", "kind": "facility",
                     "crops": "xoài", "capacity_t_day": 4, "operating_months": "",
                     "status": None, "lon": 104.3, "lat": 21.4}
    result = apply_table(ws, "plants", edited, base_token=ws.layer_token("plants"), who="Lan")
    assert (result.added, result.removed, result.changed) == (["plant-0003"], ["P1"], ["P2"])
    stored = ws.read("plants")
    assert stored["plant_id"].tolist() == ["P2", "plant-0003"]
    assert (stored.geometry.iloc[0].x, stored.geometry.iloc[1].y) == (104.5, 21.4)
    assert stored.loc[1, "status"] == "operating"  # the contract's default
    assert len(ws.history()) == 3
    assert ws.history().iloc[0]["action"] == "edit: 1 added, 1 removed, 1 changed"


# ------------------------------------------------------------------ the map's operations
def test_add_move_and_delete_on_the_map_are_one_change_each(ws):
    added = add_feature(ws, "plants", Point(104.2, 21.35),
                        {"name": "Nhà máy mới", "kind": "Nhà máy", "crops": "nhãn",
                         "capacity_t_day": "12,5"},
                        base_token=ws.layer_token("plants"), who="Minh")
    assert added.added == ["plant-0003"]
    row = ws.read("plants").iloc[-1]
    assert (row["kind"], row["crops"], row["capacity_t_day"]) == ("factory", ("longan",), 12.5)
    assert (row.geometry.x, row.geometry.y) == (104.2, 21.35)

    moved = change_geometries(ws, "plants", {"P1": Point(104.05, 21.31)},
                              base_token=ws.layer_token("plants"), who="Minh")
    assert moved.changed == ["P1"]
    assert ws.read("plants").geometry.iloc[0].equals(Point(104.05, 21.31))
    diff = diff_change(ws, moved.change_id)
    assert diff.details["column"].tolist() == ["geometry"]

    deleted = change_geometries(ws, "plants", {}, ["P2"], base_token=ws.layer_token("plants"))
    assert deleted.removed == ["P2"]
    assert ws.read("plants")["plant_id"].tolist() == ["P1", "plant-0003"]
    actions = ws.history()["action"].tolist()[:3]
    assert actions == ["edit: 0 added, 1 removed, 0 changed",
                       "edit: 0 added, 0 removed, 1 changed",
                       "edit: 1 added, 0 removed, 0 changed"]
    # Each can be undone like an import: undo the deletion.
    ws.rollback("plants", deleted.version_id)
    assert ws.read("plants")["plant_id"].tolist() == ["P1", "P2", "plant-0003"]


def test_a_zone_drawn_as_a_polygon_is_added_and_a_polygon_plant_refused(ws):
    shape = Polygon([(104.3, 21.3), (104.31, 21.3), (104.31, 21.31)])
    result = add_feature(ws, "zones", shape, {"name": "Vùng mới", "crop": "na",
                                              "area_ha": 7}, base_token=None)
    assert result.added == ["zone-0003"]
    assert ws.read("zones").iloc[-1]["crop"] == "custard_apple"
    before = snapshot(ws)
    with pytest.raises(InputError) as info:
        add_feature(ws, "plants", shape, {"name": "X", "kind": "factory", "crops": "nhãn",
                                          "capacity_t_day": 1}, base_token=None)
    assert [p.code for p in info.value.problems] == ["wrong_geometry"]
    with pytest.raises(InputError) as info:
        add_feature(ws, "plants", Point(104, 21), {"name": "", "kind": "factory",
                                                   "crops": "nhãn", "capacity_t_day": 1},
                    base_token=None, lang="en")
    assert [(p.code, p.column, p.row) for p in info.value.problems] == \
        [("missing_value", "Name", None)]
    with pytest.raises(InputError):
        change_geometries(ws, "plants", {"P9": Point(104, 21)}, base_token=None)
    assert_same(before, snapshot(ws))


# ------------------------------------------------------------------ an import in between
def test_an_edit_based_on_data_that_changed_since_is_refused(ws):
    token = ws.layer_token("plants")
    edited = table(ws, "plants")
    edited.loc[1, "name"] = "Sửa cũ"
    # Someone imports plants after the table was opened; a saved view does not count.
    ws.write({"plants": plants(3, 50.0)}, action="import", source_file="moi.xlsx")
    before = snapshot(ws)
    with pytest.raises(WorkspaceError) as info:
        apply_table(ws, "plants", edited, base_token=token, who="Lan")
    assert info.value.code == "layer_changed"
    assert "tải lại" in info.value.message("vi") and "reload" in info.value.message("en")
    assert_same(before, snapshot(ws))
    # Another layer's change does not make the plants table stale.
    token = ws.layer_token("plants")
    ws.write({"zones": zones()}, action="import")
    edited = table(ws, "plants")
    edited.loc[1, "name"] = "Sửa mới"
    assert apply_table(ws, "plants", edited, base_token=token).changed == ["P1"]


# A child that imports 5 plants and stops while holding the lock, until "go" exists.
IMPORT_HOLDING_THE_LOCK = textwrap.dedent("""
    import sys, time, pathlib
    import fruitmap.workspace.geopackage as w
    from tests.test_workspace_safety import plants
    ready, go = pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    original = w._write_layer
    def slow(path, name, df, layer):
        original(path, name, df, layer)
        ready.write_text("ready")
        while not go.exists():
            time.sleep(0.02)
    w._write_layer = slow
    w.Workspace(sys.argv[1]).write({"plants": plants(5, 99.0)}, action="import",
                                   source_file="race.xlsx")
""")


def test_an_edit_racing_an_import_in_another_process_is_refused_not_half_written(gpkg_ws,
                                                                                 tmp_path):
    """The edit reads the layer and validates while the import is mid-write; it then waits
    for the lock, sees that the layer changed and writes nothing."""
    ws = gpkg_ws
    token = ws.layer_token("plants")
    edited = table(ws, "plants")
    edited.loc[2, "capacity_t_day"] = 77
    ready, go = tmp_path / "ready", tmp_path / "go"
    child = subprocess.Popen([sys.executable, "-c", IMPORT_HOLDING_THE_LOCK, str(ws.path),
                              str(ready), str(go)], cwd=ROOT, env=_child_env(),
                             stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while not ready.exists():
            assert child.poll() is None, child.stderr.read().decode()
            assert time.time() < deadline
            time.sleep(0.05)
        outcome: dict = {}

        def save():
            try:
                outcome["result"] = apply_table(ws, "plants", edited, base_token=token,
                                                 who="Lan")
            except WorkspaceError as exc:
                outcome["error"] = exc

        saver = threading.Thread(target=save)
        saver.start()
        time.sleep(1.0)  # the edit has read the old layer and now waits for the lock
        assert saver.is_alive()
        go.write_text("go")
        assert child.wait(60) == 0, child.stderr.read().decode()
        saver.join(60)
    finally:
        if child.poll() is None:
            child.kill()
    assert outcome["error"].code == "layer_changed"
    stored = ws.read("plants")
    assert stored["capacity_t_day"].tolist() == [99.0, 100.0, 101.0, 102.0, 103.0]
    hist = ws.history()
    assert hist.iloc[0]["source_file"] == "race.xlsx" and hist.iloc[0]["rows_after"] == 5
    assert not hist["action"].str.startswith("edit").any()
    assert list(ws.path.glob(".fruitmap.tmp-*.gpkg")) == []


def test_edits_and_imports_at_the_same_moment_leave_history_and_layer_agreeing(ws):
    """Threads: an editor saves repeatedly (reopening after each refusal) while imports land.
    Every save either lands in order or is refused; history and the layer always agree."""
    imports_done = threading.Event()
    refused, landed, unexpected = [], [], []

    def editor():
        n = 0
        try:
            while not imports_done.is_set() or not landed:
                token = ws.layer_token("plants")
                edited = table(ws, "plants")
                n += 1
                edited.iloc[0, edited.columns.get_loc("name")] = f"Sửa {n}"
                try:
                    landed.append(apply_table(ws, "plants", edited, base_token=token).change_id)
                except WorkspaceError as exc:
                    assert exc.code == "layer_changed", exc.code
                    refused.append(n)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            unexpected.append(exc)

    def importer():
        try:
            for k in range(1, 7):
                ws.write({"plants": plants(2 + k % 3, 10.0 * k)}, action="import")
                time.sleep(0.4)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            unexpected.append(exc)
        finally:
            imports_done.set()

    threads = [threading.Thread(target=editor), threading.Thread(target=importer)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not unexpected, unexpected
    assert landed, "no edit landed at all"
    hist = ws.history()
    ids = pd.to_numeric(hist["change_id"]).tolist()
    assert ids == sorted(set(ids), reverse=True)  # unique, in order
    mine = hist[hist["layer"] == "plants"]
    assert int(mine.iloc[0]["rows_after"]) == len(ws.read("plants"))
    # Each landed edit changed one row of what was there just before it, nothing else.
    for change_id in landed:
        diff = diff_change(ws, change_id)
        assert diff.counts["changed"] == 1 and diff.counts["added"] == 0
        assert diff.counts["removed"] == 0
        assert diff.details["column"].tolist() == ["name"]
    if hasattr(ws, "gpkg"):
        assert list(ws.path.glob(".fruitmap.tmp-*.gpkg")) == []

"""What changed between two versions of a layer, and the history as people read it."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from fruitmap.errors import WorkspaceError
from fruitmap.workspace.history import (
    change_label,
    describe_action,
    diff_change,
    diff_frames,
    format_when,
    history_for_display,
    version_label,
    versions_of_change,
)


def plants(rows: list[tuple]) -> gpd.GeoDataFrame:
    """rows: (plant_id, capacity_t_day, crops, lon)."""
    return gpd.GeoDataFrame(
        {"plant_id": [r[0] for r in rows], "name": [f"Xưởng {r[0]}" for r in rows],
         "kind": ["factory"] * len(rows), "crops": [r[2] for r in rows],
         "capacity_t_day": [r[1] for r in rows]},
        geometry=[Point(r[3], 21.3) for r in rows], crs="EPSG:4326")


BEFORE = plants([("P1", 10.0, ("longan",), 104.0), ("P2", 11.0, ("mango",), 104.1),
                 ("P3", 12.0, ("plum",), 104.2)])
AFTER = plants([("P1", 10.0, ("longan",), 104.0), ("P2", 20.0, ("mango",), 104.15),
                ("P4", 5.0, ("plum", "mango"), 104.3)])


def test_added_removed_changed_by_id():
    diff = diff_frames(BEFORE, AFTER, "plants")
    assert diff.counts == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert diff.added["plant_id"].tolist() == ["P4"]
    assert diff.removed["plant_id"].tolist() == ["P3"]
    assert diff.changed["plant_id"].tolist() == ["P2"]
    assert diff.changed["changed_columns"].iloc[0] == ("capacity_t_day", "geometry")
    detail = diff.details.set_index("column")
    assert detail.loc["capacity_t_day", "before"] == "11.0"
    assert detail.loc["capacity_t_day", "after"] == "20.0"
    assert detail.loc["geometry", "after"] == "POINT (104.15 21.3)"
    assert isinstance(diff.removed, gpd.GeoDataFrame) and not diff.is_empty


def test_identical_versions_give_an_empty_diff():
    diff = diff_frames(BEFORE, BEFORE.copy(), "plants")
    assert diff.is_empty and diff.counts["unchanged"] == 3


def test_list_change_and_row_order_do_not_confuse_matching():
    after = BEFORE.iloc[::-1].copy()
    after.loc[after["plant_id"] == "P1", "crops"] = pd.Series(
        [("longan", "mango")], index=after.index[after["plant_id"] == "P1"])
    diff = diff_frames(BEFORE, after, "plants")
    assert diff.counts == {"added": 0, "removed": 0, "changed": 1, "unchanged": 2}
    assert diff.details.iloc[0].to_dict() == {"plant_id": "P1", "column": "crops",
                                              "before": "longan", "after": "longan;mango"}


def test_duplicated_ids_are_matched_occurrence_by_occurrence():
    before = plants([("P1", 1.0, (), 104.0), ("P1", 2.0, (), 104.0)])
    after = plants([("P1", 1.0, (), 104.0)])
    diff = diff_frames(before, after, "plants")
    assert diff.counts == {"added": 0, "removed": 1, "changed": 0, "unchanged": 1}
    assert diff.removed["capacity_t_day"].tolist() == [2.0]


def test_ids_written_as_numbers_or_text_match():
    before = pd.DataFrame({"target_id": [5, 6], "label_vi": ["a", "b"], "label_en": ["a", "b"],
                           "year": [2030, 2030], "value": [1.0, 2.0], "unit": ["ha", "ha"]})
    after = before.assign(target_id=["5", "6"], value=[1.0, 3.0])
    diff = diff_frames(before, after, "targets")
    assert diff.counts == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    assert diff.details["column"].tolist() == ["value"]


def test_tables_without_id_use_crop_and_month():
    before = pd.DataFrame({"crop": ["longan", "longan"], "month": [7, 8],
                           "harvest_share": [0.5, 0.5]})
    after = pd.DataFrame({"crop": ["longan", "longan", "mango"], "month": [8, 7, 6],
                          "harvest_share": [0.6, 0.4, 1.0]})
    diff = diff_frames(before, after, "crop_calendar")
    assert diff.key == ("crop", "month")
    assert diff.counts == {"added": 1, "removed": 0, "changed": 2, "unchanged": 0}
    assert diff.added["crop"].tolist() == ["mango"]


@pytest.fixture()
def ws(new_workspace):
    # On each backend: a GeoPackage folder and a PostGIS database.
    ws = new_workspace({"plants": BEFORE}, who="demo", action="demo")  # change 1
    ws.write({"plants": AFTER}, action="import", source_file="sheet.xlsx", who="Lan")  # 2
    ws.write({"plants": AFTER.iloc[:1]}, action="import", source_file="one.csv")  # 3
    return ws


def test_diff_of_a_history_entry_uses_saved_versions(ws):
    first = diff_change(ws, 1)  # created from nothing
    assert first.counts == {"added": 3, "removed": 0, "changed": 0, "unchanged": 0}
    second = diff_change(ws, 2)  # before: version saved by 2; after: version saved by 3
    assert second.counts == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    third = diff_change(ws, 3)  # after: the current layer
    assert third.counts == {"added": 0, "removed": 2, "changed": 0, "unchanged": 1}
    before, after = versions_of_change(ws, 3)
    assert (len(before), len(after)) == (3, 1)


def test_diff_after_rollback_shows_the_restore(ws):
    vid = ws.history().set_index("change_id").loc[3, "version_id"]
    ws.rollback("plants", vid)  # change 4
    assert diff_change(ws, 4).counts == {"added": 2, "removed": 0, "changed": 0,
                                         "unchanged": 1}


def test_unknown_change_is_a_clear_error(ws):
    with pytest.raises(WorkspaceError) as err:
        diff_change(ws, 99)
    assert err.value.code == "change_missing"
    assert "99" in err.value.message("vi")


def test_history_for_display_is_newest_first_and_translated(ws):
    vid = ws.history().set_index("change_id").loc[2, "version_id"]
    ws.rollback("plants", vid, who="Minh")
    vi = history_for_display(ws.history(), "vi")
    en = history_for_display(ws.history(), "en")
    assert vi["Số thứ tự"].tolist() == [4, 3, 2, 1]
    assert en["Change no."].tolist() == [4, 3, 2, 1]
    assert vi["Thao tác"].tolist() == [f"Khôi phục phiên bản {vid}", "Nhập dữ liệu",
                                       "Nhập dữ liệu", "Tạo dữ liệu minh hoạ"]
    assert en["Action"].iloc[0] == f"Restored version {vid}"
    assert vi["Lớp"].iloc[0] == "Cơ sở chế biến" and en["Layer"].iloc[0] == "Processing plants"
    assert en["Rows before"].tolist() == [1, 3, 3, 0]
    assert en["Who"].tolist()[0] == "Minh" and en["Source file"].tolist()[2] == "sheet.xlsx"


def test_labels_for_select_boxes(ws):
    row = ws.history().set_index("change_id").loc[2].to_dict() | {"change_id": 2}
    assert "#2" in change_label(row, "vi") and "sheet.xlsx" in change_label(row, "vi")
    assert "3 → 3 rows" in change_label(row, "en")
    assert f"· {row['who']} (" in change_label(row, "en")
    version = ws.versions("plants").iloc[0]
    text = version_label(version, ws.history(), "en")
    assert "3 rows" in text and "change #2" in text


def test_small_formatters():
    assert describe_action("import (append)", "vi") == "Nhập dữ liệu (nối thêm)"
    assert describe_action("something new", "en") == "something new"
    assert format_when("2026-11-29T15:26:13+07:00", "vi") == "29/11/2026 15:26"
    assert format_when("2026-11-29T15:26:13+07:00", "en") == "2026-11-29 15:26"
    assert format_when("not a time", "en") == "not a time"


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in requirements-dev.txt
    given = None

if given is not None:
    ROWS = st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3", "P4"]),
                              st.sampled_from([1.0, 2.0]),
                              st.sampled_from([("longan",), ("mango", "plum")]),
                              st.sampled_from([104.0, 104.5])), max_size=6)

    @settings(max_examples=60, deadline=None)
    @given(ROWS, ROWS)
    def test_diff_counts_add_up(before_rows, after_rows):
        before, after = plants(before_rows), plants(after_rows)
        diff = diff_frames(before, after, "plants")
        c = diff.counts
        assert c["added"] + c["changed"] + c["unchanged"] == len(after)
        assert c["removed"] + c["changed"] + c["unchanged"] == len(before)
        assert diff_frames(before, before, "plants").is_empty
        back = diff_frames(after, before, "plants").counts  # the reverse swaps added/removed
        assert (back["added"], back["removed"], back["changed"]) == (
            c["removed"], c["added"], c["changed"])


@pytest.mark.parametrize(("lang", "before", "after"), [("vi", "11", "20,5"), ("en", "11", "20.5")])
def test_changed_cells_are_written_in_the_readers_language(lang, before, after):
    from fruitmap.workspace.history import details_for_display

    changed = plants([("P1", 10.0, ("longan",), 104.0), ("P2", 20.5, ("mango",), 104.1),
                      ("P3", 12.0, ("plum",), 104.2)])
    shown = details_for_display(diff_frames(BEFORE, changed, "plants"), lang)
    assert shown.iloc[:, -2:].values.tolist() == [[before, after]]


def test_column_equality_agrees_with_the_cell_rule():
    from fruitmap.workspace.history import _equal_cells, _values_equal

    a = np.array([None, float("nan"), "", "x", ["a"], 1, 2.0, Point(1, 2), ("a",), 5, "y"],
                 dtype=object)
    b = np.array([float("nan"), None, " ", "x", ("a",), 1.0, 2.0 + 1e-12, Point(1, 2), ["b"],
                  "5", "z"], dtype=object)
    assert _equal_cells(a, b).tolist() == [_values_equal(x, y) for x, y in zip(a, b, strict=True)]
    assert _equal_cells(a, b).tolist() == [True] * 8 + [False] * 3

"""Folder classification and the start-from-scratch workspace (fruitmap.workspace.starter)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fruitmap.errors import WorkspaceError
from fruitmap.workspace.geopackage import LOCK_NAME, Workspace
from fruitmap.workspace.starter import (
    SOURCED_TARGETS,
    START_SOURCES,
    FolderState,
    inspect_folder,
    start_demo,
    start_from_scratch,
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name → bytes), to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scratch_ws(tmp_path_factory) -> Workspace:
    return start_from_scratch(tmp_path_factory.mktemp("scratch") / "ws", who="tester")


def test_missing_folder(tmp_path):
    check = inspect_folder(tmp_path / "new")
    assert check.state is FolderState.MISSING and check.startable
    assert check.refusal() is None


def test_empty_folder_and_own_leftovers_count_as_empty(tmp_path):
    assert inspect_folder(tmp_path).state is FolderState.EMPTY
    # A lock and a killed writer's temporary copy are fruitmap's own, not user data.
    (tmp_path / LOCK_NAME).write_text("")
    (tmp_path / ".fruitmap.tmp-123-abcd.gpkg").write_bytes(b"partial")
    (tmp_path / ".fruitmap.create-xyz").mkdir()
    check = inspect_folder(tmp_path)
    assert check.state is FolderState.EMPTY and check.startable


def test_workspace_folder(scratch_ws):
    check = inspect_folder(scratch_ws.path)
    assert check.state is FolderState.WORKSPACE and not check.startable
    # The user's own files beside fruitmap.gpkg do not make it something else.
    (scratch_ws.path / "notes.txt").write_text("mine")
    try:
        assert inspect_folder(scratch_ws.path).state is FolderState.WORKSPACE
    finally:
        (scratch_ws.path / "notes.txt").unlink()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_folder_with_a_stray_file_is_refused_and_untouched(tmp_path, lang):
    (tmp_path / "bao_cao.xlsx").write_bytes(b"PK\x03\x04 not ours")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.csv").write_text("x,y\n1,2\n")
    before = snapshot(tmp_path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    check = inspect_folder(tmp_path)
    assert check.state is FolderState.FOREIGN and not check.startable
    assert check.found == ("bao_cao.xlsx", "sub")
    message = check.refusal().message(lang)
    assert str(tmp_path) in message and "bao_cao.xlsx" in message
    with pytest.raises(WorkspaceError) as err:
        start_from_scratch(tmp_path)
    assert err.value.code == "folder_other_files"
    with pytest.raises(WorkspaceError):
        start_demo(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no lock, no temp left
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("content", [b"hello", b""])
def test_gpkg_that_is_not_a_geopackage_is_refused_and_untouched(tmp_path, content):
    (tmp_path / "fruitmap.gpkg").write_bytes(content)
    before = snapshot(tmp_path)
    check = inspect_folder(tmp_path)
    assert check.state is FolderState.FOREIGN and check.reason == "not_a_geopackage"
    assert "fruitmap.gpkg" in check.refusal().message("vi")
    with pytest.raises(WorkspaceError):
        start_from_scratch(tmp_path)
    assert snapshot(tmp_path) == before


def test_sqlite_file_that_is_not_a_geopackage_is_refused(tmp_path):
    con = sqlite3.connect(tmp_path / "fruitmap.gpkg")
    con.execute("create table t (x)")
    con.commit()
    con.close()
    before = snapshot(tmp_path)
    assert inspect_folder(tmp_path).state is FolderState.FOREIGN
    assert snapshot(tmp_path) == before


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    target = tmp_path / "ws"
    target.write_text("not a folder")
    check = inspect_folder(target)
    assert check.state is FolderState.FOREIGN and check.reason == "not_a_folder"
    with pytest.raises(WorkspaceError):
        start_from_scratch(target)
    assert target.read_text() == "not a folder"


def test_long_listing_is_shortened(tmp_path):
    for i in range(8):
        (tmp_path / f"f{i}.txt").write_text("")
    message = inspect_folder(tmp_path).refusal().message("en")
    assert "f0.txt, f1.txt, f2.txt, f3.txt, f4.txt … (+3)" in message


def test_start_from_scratch_holds_the_real_boundaries(scratch_ws):
    admin = scratch_ws.read("admin_units")
    assert len(admin) == 13
    assert (admin["level"] == "province").sum() == 1
    assert set(admin.loc[admin["level"] == "province", "unit_code"]) == {"14"}
    districts = admin[admin["level"] == "district"]
    assert len(districts) == 12 and set(districts["parent_code"]) == {"14"}
    assert {"Sông Mã", "Mộc Châu", "Vân Hồ", "Thành phố Sơn La"} <= set(districts["name"])
    assert admin.crs.to_epsg() == 4326 and admin.geometry.is_valid.all()
    # Sơn La lies around 103–105° E, 20.5–22° N.
    minx, miny, maxx, maxy = admin.total_bounds
    assert 103 < minx < maxx < 105.5 and 20.5 < miny < maxy < 22.1


def test_start_from_scratch_has_no_illustrative_layers(scratch_ws):
    for name in ("zones", "plants", "cold_stores", "industrial_areas", "markets"):
        assert scratch_ws.read(name).empty, name
    targets = scratch_ws.read("targets")
    assert sorted(targets["target_id"]) == sorted(SOURCED_TARGETS)
    # The illustrative targets (processed share 2030, 1,000,000 t) stay out.
    assert not targets["source"].str.contains("llustrat|minh hoạ").any()
    calendar = scratch_ws.read("crop_calendar")
    sums = calendar.groupby("crop")["harvest_share"].sum()
    assert len(sums) == 10 and ((sums - 1).abs() < 1e-9).all()


def test_start_from_scratch_is_recorded_as_start(scratch_ws):
    history = scratch_ws.history()
    assert set(history["action"]) == {"start"}
    assert set(history["layer"]) == {"admin_units", "crop_calendar", "targets"}
    assert set(history["who"]) == {"tester"}
    source = history["source_file"].iloc[0]
    assert all(name in source for name in START_SOURCES)
    assert int(history.loc[history["layer"] == "admin_units", "rows_after"].iloc[0]) == 13


def test_start_refuses_an_existing_workspace(scratch_ws):
    before = snapshot(scratch_ws.path)
    with pytest.raises(WorkspaceError) as err:
        start_from_scratch(scratch_ws.path)
    assert err.value.code == "start_target_not_empty"
    assert snapshot(scratch_ws.path) == before


def test_start_in_an_empty_folder_with_a_leftover_lock(tmp_path):
    (tmp_path / LOCK_NAME).write_text("")
    ws = start_from_scratch(tmp_path)
    assert inspect_folder(tmp_path).state is FolderState.WORKSPACE
    assert len(ws.read("admin_units")) == 13

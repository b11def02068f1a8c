"""A change to the workspace is all or nothing, is recorded, can be undone, and survives
crashes, killed processes, concurrent writers and GeoPackages edited in QGIS."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from filelock import FileLock
from shapely.geometry import Point, Polygon

from fruitmap.errors import InputError, WorkspaceError
from fruitmap.workspace.geopackage import LOCK_NAME, Workspace, create
from tests.conftest import ROOT


# ------------------------------------------------------------------ tiny hand-made layers
def plants(n: int, capacity: float = 10.0) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"plant_id": [f"P{i}" for i in range(1, n + 1)],
         "name": [f"Nhà máy {i}" for i in range(1, n + 1)],
         "kind": ["factory"] * n,
         "crops": [("longan", "mango")] * n,
         "capacity_t_day": [capacity + i for i in range(n)]},
        geometry=[Point(104.0 + i / 100, 21.3) for i in range(n)], crs="EPSG:4326")


def stores(n: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"store_id": [f"S{i}" for i in range(1, n + 1)], "name": [f"Kho {i}" for i in range(n)],
         "capacity_t": [100.0 * (i + 1) for i in range(n)]},
        geometry=[Point(104.6, 20.8 + i / 100) for i in range(n)], crs="EPSG:4326")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(ws) -> dict:
    """Everything a reader sees: the file's hash (the database's token), row counts, the
    saved versions and the frames themselves."""
    frames = ws.read_all()
    return {"sha": sha256(ws.gpkg) if hasattr(ws, "gpkg") else ws.token(),
            "rows": {k: len(v) for k, v in frames.items()},
            "versions": ws.versions(), "frames": frames}


def assert_same(before: dict, after: dict) -> None:
    assert after["sha"] == before["sha"]
    assert after["rows"] == before["rows"]
    pd.testing.assert_frame_equal(after["versions"], before["versions"])
    for name, frame in before["frames"].items():
        pd.testing.assert_frame_equal(pd.DataFrame(after["frames"][name]), pd.DataFrame(frame))


@pytest.fixture()
def ws(tmp_path) -> Workspace:
    return create(tmp_path / "ws", {"plants": plants(2), "cold_stores": stores(1)})


@pytest.fixture()
def any_ws(new_workspace):
    """The same two-layer workspace as ``ws``, on each backend (GeoPackage and PostGIS)."""
    return new_workspace({"plants": plants(2), "cold_stores": stores(1)})


def backend_module(ws):
    """The module of ``ws``'s backend (to break its layer writer in a test)."""
    return sys.modules[type(ws).__module__]


def _child_env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT))


@contextmanager
def killed_when_ready(script: str, *args: object, ready: Path):
    """Run ``script`` in a child Python with ``args`` and ``ready`` as its arguments.

    Yields once the child has written ``ready`` (it is then paused mid-change), and on
    leaving the block kills it with SIGKILL, as a power cut or a killed terminal would.
    """
    with subprocess.Popen([sys.executable, "-c", script, *map(str, args), str(ready)],
                          cwd=ROOT, env=_child_env(), stderr=subprocess.PIPE) as proc:
        try:
            deadline = time.time() + 60
            while not ready.exists():
                assert proc.poll() is None, ("the child ended before it was killed: "
                                             + proc.stderr.read().decode())
                assert time.time() < deadline, "the child never reached its pause"
                time.sleep(0.05)
            yield
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(30) == -signal.SIGKILL
        finally:
            if proc.poll() is None:
                proc.kill()


# Child-script lines: once the first layer is in the temporary copy, write "ready" to the file
# named by the last argument and wait to be killed.
PAUSE_AFTER_FIRST_LAYER = textwrap.dedent("""
    import sys, time, pathlib
    import fruitmap.workspace.geopackage as w
    ready = pathlib.Path(sys.argv[-1])
    original = w._write_layer
    def slow(path, name, df, layer):
        original(path, name, df, layer)
        ready.write_text("ready")
        time.sleep(120)
    w._write_layer = slow
""")


# ------------------------------------------------------------------ killed mid-write
KILLED_WRITER = textwrap.dedent("""
    import sys, time, pathlib
    import fruitmap.workspace.geopackage as w
    from tests.test_workspace_safety import plants
    stage, ready = sys.argv[2], pathlib.Path(sys.argv[3])

    def pause():
        ready.write_text("ready")
        time.sleep(120)

    if stage == "copy":  # killed while copying the GeoPackage to its temporary file
        def slow_copy(src, dst, *args, **kwargs):
            data = pathlib.Path(src).read_bytes()
            pathlib.Path(dst).write_bytes(data[: len(data) // 2])
            pause()
        w.shutil.copy2 = slow_copy
    elif stage == "layer":
        original = w._write_layer
        def slow(path, name, df, layer):
            original(path, name, df, layer)
            pause()
        w._write_layer = slow
    else:  # after the history rows went into the copy, just before the rename
        original = w._append_table
        def slow(path, name, df):
            original(path, name, df)
            if name == "history":
                pause()
        w._append_table = slow
    w.Workspace(sys.argv[1]).write({"plants": plants(5, 99.0)}, action="import",
                                   source_file="killed.xlsx")
""")


@pytest.mark.parametrize("stage", ["copy", "layer", "history"])
def test_killed_import_leaves_workspace_as_before(ws, tmp_path, stage):
    before = snapshot(ws)
    with killed_when_ready(KILLED_WRITER, ws.path, stage, ready=tmp_path / "ready"):
        # The writer is mid-change: its temporary copy exists (and holds the new rows).
        temps = list(ws.path.glob(".fruitmap.tmp-*.gpkg"))
        assert len(temps) == 1
        if stage != "copy":
            assert len(pyogrio.read_dataframe(temps[0], layer="plants")) == 5

    assert_same(before, snapshot(ws))
    # The lock died with the process, the leftover copy is cleaned, the next write works.
    rows = ws.write({"plants": plants(3)}, action="import", source_file="next.csv",
                    lock_timeout=5)
    assert rows[0]["rows_before"] == 2 and rows[0]["rows_after"] == 3
    assert list(ws.path.glob(".fruitmap.tmp-*.gpkg")) == []
    hist = ws.history()
    assert list(hist["source_file"].fillna("")) == ["next.csv", "", ""]  # create: 2 layers
    assert "killed.xlsx" not in set(hist["source_file"].dropna())


KILLED_CLI_IMPORT = PAUSE_AFTER_FIRST_LAYER + textwrap.dedent("""
    from fruitmap.cli import main
    sys.exit(main(["import", sys.argv[2], "--layer", "plants", "--workspace", sys.argv[1],
                   "--user", "killed"]))
""")


def test_killed_command_line_import_of_a_template_changes_nothing(ws, tmp_path):
    """The real import path (python -m fruitmap import) killed while writing."""
    pytest.importorskip("fruitmap.commands.import_")
    from fruitmap.files.templates import template_csv_bytes

    sheet = tmp_path / "co_so.csv"
    sheet.write_bytes(template_csv_bytes("plants"))
    before = snapshot(ws)
    with killed_when_ready(KILLED_CLI_IMPORT, ws.path, sheet, ready=tmp_path / "ready"):
        pass
    assert_same(before, snapshot(ws))
    # The same import run to its end lands and is recorded with the file's name and hash.
    from fruitmap.cli import main

    assert main(["import", str(sheet), "--layer", "plants", "--workspace", str(ws.path),
                 "--user", "Lan"]) == 0
    last = ws.history().iloc[0]
    assert last["source_file"] == "co_so.csv" and last["who"] == "Lan"
    assert last["source_sha256"] == hashlib.sha256(sheet.read_bytes()).hexdigest()
    assert ws.read("plants")["plant_id"].tolist() == ["CB-001"]


# ------------------------------------------------------------------ failures inside write
def test_unwritable_frame_changes_nothing(any_ws):
    ws = any_ws
    before = snapshot(ws)
    broken = pd.DataFrame(plants(1)).assign(geometry=["not a shape"])
    with pytest.raises(WorkspaceError) as err:
        ws.write({"plants": broken}, action="import", source_file="broken.csv")
    assert err.value.code == "workspace_write_failed"
    assert "unchanged" in err.value.message("en")
    assert_same(before, snapshot(ws))
    if hasattr(ws, "gpkg"):
        assert list(ws.path.glob(".fruitmap.tmp-*")) == []


def test_failure_in_second_layer_undoes_the_first(any_ws, monkeypatch):
    ws = any_ws
    before = snapshot(ws)
    original = backend_module(ws)._write_layer

    def fail_on_stores(path, name, df, layer):
        if name == "cold_stores":
            raise OSError(28, "No space left on device")
        original(path, name, df, layer)

    monkeypatch.setattr(backend_module(ws), "_write_layer", fail_on_stores)
    with pytest.raises(WorkspaceError, match="No space left"):
        ws.write({"plants": plants(7), "cold_stores": stores(4)}, action="import")
    after = snapshot(ws)
    assert after["rows"]["plants"] == 2  # the first layer of the change did not land either
    assert_same(before, after)


def test_unknown_layer_in_a_change_changes_nothing(any_ws):
    ws = any_ws
    before = snapshot(ws)
    with pytest.raises(InputError):
        ws.write({"plants": plants(4), "orchards": plants(1)}, action="import")
    assert_same(before, snapshot(ws))


KILLED_CREATE = PAUSE_AFTER_FIRST_LAYER + textwrap.dedent("""
    from tests.test_workspace_safety import plants
    w.create(sys.argv[1], {"plants": plants(8)}, action="demo")
""")


def test_overwriting_a_workspace_is_all_or_nothing_too(ws, tmp_path):
    """create() (used by demo --force) replaces a workspace; failing or killed, it must
    leave the previous one readable."""
    before = snapshot(ws)
    with pytest.raises(WorkspaceError):
        create(ws.path, {"plants": pd.DataFrame(plants(1)).assign(geometry=["x"])})
    assert_same(before, snapshot(ws))

    with killed_when_ready(KILLED_CREATE, ws.path, ready=tmp_path / "ready"):
        pass
    assert_same(before, snapshot(ws))

    create(ws.path, {"plants": plants(8)}, action="demo")
    assert len(ws.read("plants")) == 8 and ws.read("cold_stores").empty
    assert ws.history()["action"].tolist() == ["demo"]


# ------------------------------------------------------------------ concurrent writers
CONCURRENT_WRITER = textwrap.dedent("""
    import sys, time, pathlib
    import fruitmap.workspace.geopackage as w
    from tests.test_workspace_safety import plants, stores
    folder, who, go = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    original = w._write_layer
    def slow(path, name, df, layer):
        time.sleep(0.15)  # widen the window in which the two writers could interleave
        original(path, name, df, layer)
    w._write_layer = slow
    while not go.exists():
        time.sleep(0.01)
    for n in (1, 2, 3):
        if who == "A":
            w.Workspace(folder).write({"plants": plants(n)}, action="import", who="A",
                                      source_file=f"a{n}.csv")
        else:
            w.Workspace(folder).write({"cold_stores": stores(n)}, action="import", who="B",
                                      source_file=f"b{n}.csv")
""")


def test_two_concurrent_imports_both_land_in_order(ws, tmp_path):
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(ws.path), who,
                               str(go)], cwd=ROOT, env=_child_env(),
                              stderr=subprocess.PIPE) for who in ("A", "B")]
    time.sleep(1.0)  # both children have imported fruitmap and wait at the barrier
    go.write_text("go")
    for proc in procs:
        assert proc.wait(120) == 0, proc.stderr.read().decode()

    assert ws.read("plants")["plant_id"].tolist() == ["P1", "P2", "P3"]
    assert ws.read("cold_stores")["store_id"].tolist() == ["S1", "S2", "S3"]
    hist = ws.history().sort_values("change_id")
    assert hist["change_id"].tolist() == list(range(1, 9))  # 2 (create) + 6, none lost
    assert hist[hist["who"] == "A"]["source_file"].tolist() == ["a1.csv", "a2.csv", "a3.csv"]
    assert hist[hist["who"] == "B"]["source_file"].tolist() == ["b1.csv", "b2.csv", "b3.csv"]
    # Each change saw the content the previous one of its layer left behind.
    a = hist[hist["who"] == "A"]
    assert a["rows_before"].tolist() == [2, 1, 2] and a["rows_after"].tolist() == [1, 2, 3]
    assert len(ws.versions()) == 6


HOLD_LOCK = textwrap.dedent("""
    import sys, time, pathlib
    from filelock import FileLock
    with FileLock(sys.argv[1]):
        pathlib.Path(sys.argv[2]).write_text("held")
        time.sleep(60)
""")


def test_busy_workspace_refuses_and_changes_nothing(ws, tmp_path):
    before = snapshot(ws)
    held = tmp_path / "held"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(ws.path / LOCK_NAME),
                             str(held)], env=_child_env())
    try:
        deadline = time.time() + 30
        while not held.exists():
            assert time.time() < deadline and proc.poll() is None
            time.sleep(0.05)
        with pytest.raises(WorkspaceError) as err:
            ws.write({"plants": plants(9)}, action="import", lock_timeout=0.3)
        assert err.value.code == "workspace_busy"
        assert "try again" in err.value.message("en")
    finally:
        proc.kill()
        proc.wait(10)
    assert_same(before, snapshot(ws))
    # Once the other writer is gone, the write goes through.
    ws.write({"plants": plants(9)}, action="import", lock_timeout=5)
    assert len(ws.read("plants")) == 9


def test_lock_in_this_process_is_also_respected(ws):
    with FileLock(str(ws.path / LOCK_NAME)):
        with pytest.raises(WorkspaceError, match="Someone else"):
            ws.write({"plants": plants(1)}, action="import", lock_timeout=0.2)
    assert len(ws.read("plants")) == 2


# ------------------------------------------------------------------ recover and roll back
def test_previous_version_is_recoverable_and_rollback_is_recorded(any_ws):
    ws = any_ws
    original = ws.read("plants")
    rows = ws.write({"plants": plants(5, 50.0)}, action="import", source_file="new.xlsx",
                    source_sha256="ab" * 32, who="Lan")
    vid = rows[0]["version_id"]
    assert rows[0]["rows_before"] == 2 and rows[0]["rows_after"] == 5 and vid
    saved = ws.read_version(vid)
    pd.testing.assert_frame_equal(pd.DataFrame(saved), pd.DataFrame(original))
    assert ws.versions("plants")["rows"].tolist() == [2]

    back = ws.rollback("plants", vid, who="Minh")
    restored = ws.read("plants")
    pd.testing.assert_frame_equal(pd.DataFrame(restored), pd.DataFrame(original))
    assert back[0]["action"] == f"rollback to {vid}" and back[0]["who"] == "Minh"
    assert back[0]["rows_before"] == 5 and back[0]["rows_after"] == 2
    hist = ws.history()
    assert hist["action"].tolist()[:2] == [f"rollback to {vid}", "import"]
    assert hist.iloc[1]["source_sha256"] == "ab" * 32 and hist.iloc[1]["who"] == "Lan"
    # The rollback saved what it replaced, so the rollback itself can be undone.
    undo = back[0]["version_id"]
    ws.rollback("plants", undo)
    assert ws.read("plants")["capacity_t_day"].tolist() == [50.0, 51.0, 52.0, 53.0, 54.0]


def test_append_keeps_previous_rows_and_is_recoverable(any_ws):
    ws = any_ws
    rows = ws.write({"plants": plants(1, 77.0).assign(plant_id=["P9"])}, action="import",
                    mode="append")
    assert rows[0]["action"] == "import (append)" and rows[0]["rows_after"] == 3
    assert ws.read("plants")["plant_id"].tolist() == ["P1", "P2", "P9"]
    ws.rollback("plants", rows[0]["version_id"])
    assert ws.read("plants")["plant_id"].tolist() == ["P1", "P2"]


def test_rollback_to_unknown_or_other_layers_version_is_refused(any_ws):
    ws = any_ws
    rows = ws.write({"plants": plants(3)}, action="import")
    before = snapshot(ws)
    with pytest.raises(WorkspaceError) as err:
        ws.rollback("cold_stores", rows[0]["version_id"])
    assert err.value.code == "version_missing"
    with pytest.raises(WorkspaceError):
        ws.rollback("plants", "nope'; DROP TABLE history; --")
    assert_same(before, snapshot(ws))


# ------------------------------------------------------------------ GeoPackages edited in QGIS
def test_qgis_style_geopackage_opens_with_defaults(tmp_path):
    folder = tmp_path / "qgis"
    folder.mkdir()
    gpkg = folder / "fruitmap.gpkg"
    # Only required columns, an extra column, QGIS's geometry column name "geom", booleans as
    # 0/1 integers, a layer saved in UTM 48N, and no history, markets or calendar at all.
    plants_min = gpd.GeoDataFrame(
        {"plant_id": ["P1"], "name": ["Xưởng A"], "kind": ["facility"],
         "crops": ["longan;mango"], "capacity_t_day": [12.5], "ghi_chu": ["thêm bởi QGIS"]},
        geometry=gpd.GeoSeries([Point(104.05, 21.17)], crs="EPSG:4326"))
    pyogrio.write_dataframe(plants_min.rename_geometry("geom"), gpkg, layer="plants",
                            driver="GPKG")
    zones_min = gpd.GeoDataFrame(
        {"zone_id": ["Z1"], "name": ["Vùng 1"], "crop": ["xoài"], "area_ha": [4.0],
         "off_season": [1]},
        geometry=[Polygon([(104.0, 21.0), (104.01, 21.0), (104.01, 21.01)])], crs="EPSG:4326")
    pyogrio.write_dataframe(zones_min, gpkg, layer="zones", driver="GPKG")
    store_utm = gpd.GeoDataFrame({"store_id": ["S1"], "name": ["Kho"], "capacity_t": [80.0]},
                                 geometry=[Point(104.63, 20.85)], crs="EPSG:4326")
    pyogrio.write_dataframe(store_utm.to_crs("EPSG:32648"), gpkg, layer="cold_stores",
                            driver="GPKG")

    ws = Workspace(folder)
    frames = ws.read_all()
    p = frames["plants"]
    assert p.loc[0, "crops"] == ("longan", "mango")
    assert p.loc[0, "operating_months"] == tuple(range(1, 13))  # default: all year
    assert p.loc[0, "status"] == "operating"
    assert p.loc[0, "ghi_chu"] == "thêm bởi QGIS"  # columns the contract does not name stay
    assert p.geometry.iloc[0].equals(Point(104.05, 21.17))
    z = frames["zones"]
    assert z.loc[0, "crop"] == "mango" and bool(z.loc[0, "off_season"]) is True
    assert z.loc[0, "certification"] == "none" and bool(z.loc[0, "high_tech"]) is False
    s = frames["cold_stores"]
    assert s.crs.to_epsg() == 4326
    assert s.geometry.iloc[0].x == pytest.approx(104.63, abs=1e-7)
    assert s.loc[0, "crops"][0] == "longan" and len(s.loc[0, "crops"]) == 10
    assert frames["markets"].empty and list(frames["markets"].columns)[:3] == [
        "crop", "month", "fresh_capacity_t"]
    assert ws.history().empty and ws.versions().empty

    # The first change through fruitmap works on it and starts the history.
    rows = ws.write({"plants": plants(2)}, action="import", source_file="p.csv")
    assert rows[0]["change_id"] == 1 and rows[0]["rows_before"] == 1
    assert len(ws.read("zones")) == 1
    assert ws.read_version(rows[0]["version_id"]).loc[0, "ghi_chu"] == "thêm bởi QGIS"


def test_qgis_layer_without_a_required_column_is_reported(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    gdf = gpd.GeoDataFrame({"plant_id": ["P1"], "name": ["A"]}, geometry=[Point(104, 21)],
                           crs="EPSG:4326")
    pyogrio.write_dataframe(gdf, folder / "fruitmap.gpkg", layer="plants", driver="GPKG")
    with pytest.raises(WorkspaceError) as err:
        Workspace(folder).read("plants")
    assert err.value.code == "layer_invalid_column"
    assert "plants" in err.value.message("vi") and "kind" in err.value.message("vi")


def test_history_table_written_by_another_tool_does_not_block_writes(tmp_path):
    """The contract names history's columns but not change_id/version_id: a history made
    elsewhere (QGIS, a script) must not make every later import fail."""
    folder = tmp_path / "other"
    folder.mkdir()
    gpkg = folder / "fruitmap.gpkg"
    pyogrio.write_dataframe(plants(1), gpkg, layer="plants", driver="GPKG")
    pyogrio.write_dataframe(pd.DataFrame({
        "when": ["2026-01-05T09:00:00+07:00"], "who": ["qgis"], "action": ["edit"],
        "layer": ["plants"], "source_file": [None], "rows_before": [0], "rows_after": [1]}),
        gpkg, layer="history", driver="GPKG")
    ws = Workspace(folder)
    rows = ws.write({"plants": plants(4)}, action="import", source_file="p.csv")
    assert rows[0]["change_id"] == 1 and rows[0]["version_id"]
    hist = ws.history()
    assert hist["who"].tolist()[-1] == "qgis"  # the earlier row is kept
    assert hist["version_id"].tolist()[0] == rows[0]["version_id"]
    ws.rollback("plants", rows[0]["version_id"])
    assert len(ws.read("plants")) == 1
    assert ws.history()["change_id"].tolist()[:2] == [2, 1]

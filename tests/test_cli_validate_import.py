"""``python -m fruitmap validate`` and ``import`` in a real subprocess: exit codes, no traceback."""

import json
import subprocess
import sys

import pytest

from fruitmap.workspace.geopackage import Workspace
from tests import files as F
from tests.conftest import ROOT


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "fruitmap", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout
    return proc


def test_validate_clean_file_exits_0(tmp_path):
    path = F.write(tmp_path, "co_so.csv", F.csv_bytes())
    proc = run("validate", path, "--layer", "plants")
    assert proc.returncode == 0
    assert "0 lỗi" in proc.stdout and "Tệp hợp lệ" in proc.stdout


def test_validate_json_lists_problems_and_exits_1(tmp_path):
    rows = [r[:] for r in F.PLANT_ROWS]
    rows[1][4] = "sầu riêng"
    path = F.write(tmp_path, "co_so.xlsx", F.xlsx_bytes(rows=rows))
    proc = run("validate", path, "--layer", "plants", "--json", "--lang", "en")
    assert proc.returncode == 1
    items = json.loads(proc.stdout)
    err = next(i for i in items if i["severity"] == "error")
    assert (err["code"], err["file"], err["row"], err["column"], err["value"]) == (
        "unknown_crop", "co_so.xlsx", 5, "Loại quả tiếp nhận", "sầu riêng")
    assert "crop is not recognised" in err["message"]


def test_validate_crs_and_map_options(tmp_path):
    import pyproj

    e, n = pyproj.Transformer.from_crs(4326, 9206, always_xy=True).transform(104.63, 20.85)
    rows = [["K1", "Kho Mộc Châu", "500", f"{e:.2f}", f"{n:.2f}"]]
    path = F.write(tmp_path, "kho.csv", F.csv_bytes(["Ma", "Ten", "Suc chua", "Dong", "Bac"],
                                                     rows))
    proc = run("validate", path, "--layer", "cold_stores", "--json",
               "--map", "Dong=x", "Bac=y", "Ma=store_id")
    assert proc.returncode == 1
    assert [i["code"] for i in json.loads(proc.stdout) if i["severity"] == "error"] == [
        "crs_needed"]
    proc = run("validate", path, "--layer", "cold_stores", "--crs", "EPSG:9206",
               "--map", "Dong=x", "Bac=y", "Ma=store_id")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name,data,phrase", [
    ("rong.csv", b"", "tệp trống"),
    ("bom.zip", F.zip_bomb(20), "quá giới hạn 1:100"),
    ("trai.zip", F.zip_with_member("../evil.shp"), "không an toàn"),
    ("anh.xlsx", F.png_bytes(), "nội dung tệp là PNG"),
    ("cut.gpkg", F.truncated(F.gpkg_bytes(), 0.3), "bị hỏng"),
])
def test_hostile_files_get_a_plain_refusal(tmp_path, name, data, phrase):
    path = F.write(tmp_path, name, data)
    proc = run("validate", path, "--layer", "zones")
    assert proc.returncode == 1
    assert phrase in proc.stderr
    assert name in proc.stderr
    proc = run("validate", path, "--layer", "zones", "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)[0]["severity"] == "error"


def test_import_then_refused_import_changes_nothing(tmp_path):
    ws_dir = tmp_path / "ws"
    good = F.write(tmp_path, "ve.kmz", F.kmz_bytes())
    proc = run("import", good, "--layer", "zones", "--workspace", ws_dir, "--user", "Minh")
    assert proc.returncode == 0, proc.stderr
    assert "Đã nhập 2 dòng" in proc.stdout
    ws = Workspace(ws_dir)
    assert ws.read("zones")["zone_id"].tolist() == ["K1", "K2"]
    assert ws.history().iloc[0]["who"] == "Minh"
    before = ws.gpkg.read_bytes()
    bad = F.write(tmp_path, "xau.csv", "Mã vùng;Tên vùng\nK9;\n".encode())
    proc = run("import", bad, "--layer", "zones", "--workspace", ws_dir, "--lang", "en")
    assert proc.returncode == 1
    assert "ERROR" in proc.stderr and "Nothing was changed" in proc.stderr
    assert ws.gpkg.read_bytes() == before


def test_import_append_mode(tmp_path):
    ws_dir = tmp_path / "ws"
    run("import", F.write(tmp_path, "a.csv", F.csv_bytes()), "--layer", "plants",
        "--workspace", ws_dir)
    rows = [["9", "P09", "Cơ sở mới", "facility", "na", "5", "104,1", "21,2"]]
    proc = run("import", F.write(tmp_path, "b.csv", F.csv_bytes(rows=rows)), "--layer",
               "plants", "--workspace", ws_dir, "--mode", "append")
    assert proc.returncode == 0, proc.stderr
    assert len(Workspace(ws_dir).read("plants")) == 4


def test_usage_errors_exit_2(tmp_path):
    proc = run("validate", tmp_path / "x.csv", "--layer", "nope")
    assert proc.returncode == 2

"""``python -m fruitmap site`` on the greedy-trap workspace (tests/siting_fixtures.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from fruitmap.cli import main
from fruitmap.workspace.geopackage import create
from tests.siting_fixtures import greedy_trap

ROOT = Path(__file__).resolve().parents[1]
TRAP = ["--max-haul-km", "78", "--circuity", "1.3"]


@pytest.fixture()
def trap_ws(tmp_path):
    path = tmp_path / "ws"
    create(path, greedy_trap())
    return path


def test_two_plants_written_with_the_contract_columns(trap_ws, tmp_path, capsys):
    out = tmp_path / "sites.csv"
    code = main(["site", "--workspace", str(trap_ws), "--kind", "plant", "--count", "2",
                 "--capacity-t-day", "100", *TRAP, "--out", str(out), "--lang", "en"])
    assert code == 0
    sites = pd.read_csv(out)
    assert list(sites.columns) == ["site_id", "name", "lon", "lat", "capacity", "used_gain_t"]
    assert sorted(sites["site_id"]) == ["L", "R"]
    assert list(sites["capacity"]) == [100.0, 100.0]
    assert list(sites["used_gain_t"]) == pytest.approx([110.0, 110.0])
    text = capsys.readouterr().out
    assert "Yearly surplus: before 220 t, after 0 t (cut by 220 t)" in text
    assert "MIP gap): 0.00 %" in text
    assert "N = 1: 100 t" in text  # M alone takes 120 of 220 t


def test_cold_store_and_vietnamese_output(trap_ws, capsys):
    code = main(["site", "--workspace", str(trap_ws), "--kind", "cold_store", "--count", "1",
                 "--capacity-t", "50", *TRAP])
    assert code == 0
    text = capsys.readouterr().out
    # No market and no plant: stored fruit finds no use, nothing changes.
    assert "Lượng dư cả năm: trước 220 t, sau 220 t" in text


def test_candidates_from_a_file(trap_ws, tmp_path):
    from tests.siting_fixtures import at

    f = tmp_path / "diem.csv"
    pts = [at(50), at(250)]
    f.write_text("Mã,Tên,Kinh độ,Vĩ độ\n" + "".join(
        f"A{k},Điểm {k},{p.x:.8f},{p.y:.8f}\n" for k, p in enumerate(pts)), encoding="utf-8")
    out = tmp_path / "s.csv"
    code = main(["site", "--workspace", str(trap_ws), "--kind", "plant", "--count", "1",
                 "--capacity-t-day", "100", *TRAP, "--candidates", str(f), "--out", str(out)])
    assert code == 0
    sites = pd.read_csv(out)
    assert len(sites) == 1 and sites["site_id"].iloc[0] in {"A0", "A1"}
    assert sites["used_gain_t"].iloc[0] == pytest.approx(110.0)


@pytest.mark.parametrize("args", [
    ["--kind", "plant", "--count", "0"],
    ["--kind", "plant", "--count", "two"],
    ["--kind", "warehouse", "--count", "1"],
    ["--count", "1"],
    ["--kind", "plant", "--count", "1", "--capacity-t", "500"],
    ["--kind", "cold_store", "--count", "1", "--capacity-t-day", "30"],
    ["--kind", "plant", "--count", "1", "--capacity-t-day", "30", "--capacity-t", "5"],
    ["--kind", "plant", "--count", "1", "--capacity-t-day", "-3"],
    ["--kind", "plant", "--count", "1", "--crops", "chuối tiêu"],
    ["--kind", "plant", "--count", "1", "--circuity", "0.5"],
])
def test_usage_errors_exit_2(trap_ws, args, capsys):
    assert main(["site", "--workspace", str(trap_ws), *args]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_refusals_exit_1_in_plain_words(tmp_path):
    empty = greedy_trap()
    empty["industrial_areas"] = empty["industrial_areas"].iloc[0:0]
    create(tmp_path / "ws", empty)
    run = [sys.executable, "-m", "fruitmap", "site", "--workspace", str(tmp_path / "ws"),
           "--kind", "plant", "--count", "1", "--lang", "en"]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "no candidate site" in done.stderr and "Traceback" not in done.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("Mã,Tên,Kinh độ,Vĩ độ\nA1,Điểm 1,abc,xyz\n", encoding="utf-8")
    done = subprocess.run(run + ["--candidates", str(bad)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1
    assert "bad.csv" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(run + ["--candidates", str(tmp_path / "missing.csv")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr

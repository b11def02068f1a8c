"""``python -m fruitmap balance`` on a tiny workspace written to disk."""

from __future__ import annotations

import pandas as pd
import pytest

from fruitmap.cli import main
from fruitmap.workspace.geopackage import create
from tests.test_balance import layers, markets_table

ALL = tuple(range(1, 13))


@pytest.fixture()
def tiny_ws(tmp_path):
    # The cold-store case of test_balance: July 10 fresh + 52 processed + 30 stored + 8
    # surplus; August 30 released: 10 fresh + 20 processed. A planned plant next door would
    # take the 8 t left in July.
    lay = layers([("Z1", "longan", 100, 7, 7, 0, "D1")],
                 plants=[("P1", ["longan"], 2, ALL, 20), ("P9", ["longan"], 1, ALL, 5,
                                                          "planned")],
                 stores=[("S1", ["longan"], 30, 5)],
                 markets=markets_table("longan", {7: 10, 8: 10}))
    path = tmp_path / "ws"
    create(path, lay)
    return path


def test_writes_the_three_tables(tiny_ws, tmp_path, capsys):
    out, plants, zones = (tmp_path / n for n in ("units.csv", "plants.csv", "zones.csv"))
    code = main(["balance", "--workspace", str(tiny_ws), "--out", str(out), "--plants-out",
                 str(plants), "--zones-out", str(zones), "--lang", "en"])
    assert code == 0
    units = pd.read_csv(out)
    assert list(units.columns) == ["unit_code", "unit_name", "crop", "month", "supply_t",
                                   "released_t", "fresh_t", "processed_t", "stored_t",
                                   "surplus_t"]
    july = units[units["month"] == 7].iloc[0]
    assert (july["fresh_t"], july["processed_t"], july["stored_t"], july["surplus_t"]) == \
        pytest.approx((10, 52, 30, 8), abs=0.001)
    aug = units[units["month"] == 8].iloc[0]
    assert (aug["released_t"], aug["fresh_t"], aug["processed_t"]) == \
        pytest.approx((30, 10, 20), abs=0.001)
    p = pd.read_csv(plants)
    assert set(p["plant_id"]) == {"P1", "P9"} and len(p) == 24
    assert len(pd.read_csv(zones)) == 12
    assert "Wrote 12 rows" in capsys.readouterr().out


def test_summary_without_out_and_planned_scenario(tiny_ws, capsys):
    assert main(["balance", "--workspace", str(tiny_ws), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Longan" in text and "Surplus" in text and "Jul" in text
    assert main(["balance", "--workspace", str(tiny_ws), "--include-planned"]) == 0
    text = capsys.readouterr().out
    assert "Nhãn" in text and "Không có sản lượng dư thừa" in text


@pytest.mark.parametrize("args", [["--max-haul-km", "-5"], ["--circuity", "0.8"],
                                  ["--operating-days", "40"], ["--max-haul-km", "abc"]])
def test_bad_parameters_are_usage_errors(tiny_ws, args, capsys):
    assert main(["balance", "--workspace", str(tiny_ws), *args]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_missing_workspace_is_refused_in_plain_words(tmp_path, capsys):
    assert main(["balance", "--workspace", str(tmp_path / "nowhere"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "nowhere" in err and "Traceback" not in err


def test_empty_workspace_prints_an_empty_balance(tmp_path, capsys):
    path = tmp_path / "empty"
    create(path, {"markets": markets_table("longan", {7: 5})})
    assert main(["balance", "--workspace", str(path), "--lang", "en"]) == 0
    assert "no zone with output" in capsys.readouterr().out


def test_says_whether_the_result_is_exact_or_approximate(tiny_ws, capsys):
    # Exact on the tiny workspace; on a 100 km grid the zone and the plant share one cell,
    # each a single point (radius 0), so the bounds coincide: 8 t of surplus (July).
    assert main(["balance", "--workspace", str(tiny_ws), "--lang", "en"]) == 0
    assert "Exact result" in capsys.readouterr().out
    assert main(["balance", "--workspace", str(tiny_ws), "--lang", "en",
                 "--aggregate-km", "100"]) == 0
    out = capsys.readouterr().out
    assert "Approximate result (large workspace, aggregated on a 100 km grid)" in out
    assert "between 8 and 8 t (±0.00 %)" in out

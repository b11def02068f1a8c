"""``python -m fruitmap balance --scenario NAME`` on the hand-made planning workspace."""

from __future__ import annotations

import pandas as pd
import pytest

from fruitmap.cli import main
from fruitmap.planning.scenarios import save_scenario
from fruitmap.workspace.geopackage import Workspace, create
from tests.planning_fixtures import deg, planning_layers

OPTIONS = ["--max-haul-km", "50", "--circuity", "1.3"]


@pytest.fixture()
def ws(tmp_path) -> Workspace:
    ws = create(tmp_path / "ws", planning_layers())
    save_scenario(ws, "Nhà máy mới", "", [
        {"op": "add", "layer": "plants", "lon": deg(30), "lat": 0.0,
         "attrs": {"name": "Mới", "crops": ["longan"], "capacity_t_day": 10.0}}])
    save_scenario(ws, "Quy hoạch", "", [{"op": "params", "count_planned": True}])
    return ws


def surplus(path) -> float:
    units = pd.read_csv(path)
    return round(float(units.loc[units["crop"] == "longan", "surplus_t"].sum()), 3)


def test_scenario_changes_the_balance_not_the_data(ws, tmp_path, capsys):
    base, new = tmp_path / "base.csv", tmp_path / "new.csv"
    assert main(["balance", "--workspace", str(ws.path), *OPTIONS, "--out", str(base)]) == 0
    assert "Scenario" not in capsys.readouterr().out
    assert main(["balance", "--workspace", str(ws.path), *OPTIONS, "--out", str(new),
                 "--scenario", "Nhà máy mới", "--lang", "en"]) == 0
    assert "Scenario “Nhà máy mới” (1 change) applied" in capsys.readouterr().out
    # On paper (tests/planning_fixtures.py): 300 t left, then only Z3's 100 t.
    assert surplus(base) == 300.0 and surplus(new) == 100.0
    assert list(pd.read_csv(base).columns) == list(pd.read_csv(new).columns)
    assert list(Workspace(ws.path).read("plants")["plant_id"]) == ["P1", "P2"]


def test_scenario_parameters_apply(ws, tmp_path, capsys):
    out = tmp_path / "planned.csv"
    assert main(["balance", "--workspace", str(ws.path), *OPTIONS, "--out", str(out),
                 "--scenario", "quy hoạch", "--lang", "en"]) == 0
    assert "operating, planned, under_construction" in capsys.readouterr().out
    assert surplus(out) == 100.0  # P2 counted: Z2 and Z3 processed, Z1 left


def test_unknown_scenario_is_refused_with_the_names(ws, capsys):
    code = main(["balance", "--workspace", str(ws.path), "--scenario", "Không có",
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1
    assert "no scenario called “Không có”" in err and "Nhà máy mới, Quy hoạch" in err
    assert "Traceback" not in err

"""A chosen scenario on the balance pages (gap, targets, meeting pack): labelled, never taken
for the data; and the meeting pack's scenario-comparison section.

Numbers on paper (tests/planning_fixtures.py at the app's default 100 km haul, circuity 1.3,
reach 76.9 km): P1 at 115 km reaches Z2, Z3 and Z4 (300 t) with 260 t a month, Z1 is out of
reach: 140 t of longan left. Without P1 all 400 t are left.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.i18n import t
from fruitmap.planning.compare import scenario_balance
from fruitmap.planning.pack_section import PackComparison
from fruitmap.planning.scenarios import Scenario, save_scenario
from fruitmap.workspace.geopackage import create
from tests.conftest import use_workspace
from tests.planning_fixtures import deg, planning_layers
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)
from ui import state

LOSE_P1 = [{"op": "remove", "layer": "plants", "id": "P1"}]


@pytest.fixture()
def planning_env(tmp_path, monkeypatch):
    ws = create(tmp_path / "ws", planning_layers())
    save_scenario(ws, "Lose P1", "", LOSE_P1)
    use_workspace(monkeypatch, ws.path)
    return ws


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_page_shows_a_chosen_scenario_under_a_banner(planning_env, lang):
    at = run_page("pages/gap.py", lang)
    label = t("gap.metric.year_surplus", lang, crop="Nhãn" if lang == "vi" else "Longan")
    assert metrics(at)[label] == ("140 tấn" if lang == "vi" else "140 t")
    assert not at.warning or "Lose P1" not in " ".join(w.value for w in at.warning)
    at.sidebar.selectbox(key=state.SCN_SHOWN).set_value("Lose P1").run()
    assert not at.exception, [e.value for e in at.exception]
    banner = t("scenario.banner", lang, name="Lose P1")
    assert any(banner in w.value for w in at.warning)
    assert metrics(at)[label] == ("400 tấn" if lang == "vi" else "400 t")
    # Back to the data: no banner, the data's numbers.
    at.sidebar.selectbox(key=state.SCN_SHOWN).set_value("").run()
    assert not any(banner in w.value for w in at.warning)
    assert metrics(at)[label] == ("140 tấn" if lang == "vi" else "140 t")


def test_the_choice_holds_on_the_meeting_pack_page(planning_env):
    at = run_page("pages/gap.py", "en")
    at.sidebar.selectbox(key=state.SCN_SHOWN).set_value("Lose P1").run()
    at.switch_page("pages/meeting_pack.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(t("scenario.banner", "en", name="Lose P1") in w.value for w in at.warning)
    assert at.multiselect(key=state.SCN_PACK_COMPARE).options == ["Lose P1"]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="kaleido needs Chromium")
def test_meeting_pack_labels_the_scenario_and_compares(tmp_path):
    from fruitmap.report.pack import collect_pack

    layers = planning_layers()
    params = BalanceParams(max_haul_km=50.0)
    new_plant = Scenario("Nhà máy mới", changes=[
        {"op": "add", "layer": "plants", "lon": deg(30), "lat": 0.0,
         "attrs": {"name": "Nhà máy mới", "crops": ["longan"], "capacity_t_day": 10.0}}])
    lose = Scenario("Lose P1", changes=LOSE_P1)
    base = compute_balance(layers, params)
    comparison = PackComparison(base, [(new_plant, scenario_balance(layers, new_plant, params)),
                                       (lose, scenario_balance(layers, lose, params))])
    pack = collect_pack(layers, "vi", params=params, scenario=lose, comparison=comparison,
                        today=date(2026, 12, 2))
    assert pack.slides[0].lines[0].startswith("KỊCH BẢN «Lose P1»")
    assert pack.footer.startswith("Kịch bản «Lose P1»")
    titles = [s.title for s in pack.slides]
    at = titles.index(t("compare.pack.title", "vi"))
    assert titles[at + 1:at + 5] == [
        "Kịch bản «Nhà máy mới» so với dữ liệu", "Kịch bản «Nhà máy mới»: các thay đổi",
        "Kịch bản «Lose P1» so với dữ liệu", "Kịch bản «Lose P1»: các thay đổi"]
    # The summary slide holds both sentences: each one names its scenario.
    summary = pack.slides[at].caption
    assert summary.startswith("«Nhà máy mới»: Với nhà máy mới ở Sông Mã, lượng nhãn dư tháng 7")
    assert " Với kịch bản «Lose P1», lượng nhãn dư tháng 7 tăng" in summary
    assert "«Lose P1»: " not in summary  # already named by its sentence
    assert pack.slides[at + 2].lines[0].startswith("Thêm nhà máy «Nhà máy mới»")
    slide = pack.slides[at + 1]
    assert slide.caption.startswith("Với nhà máy mới ở Sông Mã, lượng nhãn dư tháng 7 giảm từ "
                                    "300 tấn xuống 100 tấn.")
    assert len(slide.pictures) == 2 and all(p.png[:4] == b"\x89PNG" for p in slide.pictures)
    assert pack.slides[at + 3].caption.startswith(
        "Với kịch bản «Lose P1», lượng nhãn dư tháng 7 tăng từ 300 tấn lên 400 tấn.")
    assert titles[-1] == t("report.src.title", "vi")

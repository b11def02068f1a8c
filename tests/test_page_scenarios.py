"""AppTest of the scenarios page in Vietnamese and English, on the hand-made workspace of
tests/planning_fixtures.py (max haul set to 50 km in the sidebar, so the numbers are the
ones worked out there: 300 t of longan left, 100 t with a new plant at 30 km)."""

from __future__ import annotations

import pytest

from fruitmap.i18n import t
from fruitmap.planning.scenarios import list_scenarios, load_scenario, save_scenario
from fruitmap.workspace.geopackage import Workspace, create
from tests.conftest import use_workspace
from tests.planning_fixtures import deg, planning_layers
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)
from ui import state

PAGE = "pages/scenarios.py"
F = state.SCN_FORM


@pytest.fixture()
def planning_env(tmp_path, monkeypatch) -> Workspace:
    ws = create(tmp_path / "ws", planning_layers())
    use_workspace(monkeypatch, ws.path)
    return ws


def infos(at) -> str:
    return "\n".join(i.value for i in at.info)


def open_page(lang: str):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    at.sidebar.slider(key="balance_max_haul_km").set_value(50).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_vi_create_a_scenario_with_typed_coordinates_and_see_it_compared(planning_env):
    at = open_page("vi")
    assert at.title[0].value == t("scenario.title", "vi")
    assert t("scenario.none", "vi") in infos(at)
    at.text_input(key=state.SCN_NAME).input("Nhà máy nhãn Sông Mã")
    at.radio(key=state.SCN_KIND).set_value("add").run()
    at.radio(key=F + "where").set_value("typed").run()
    at.number_input(key=F + "lat").set_value(0.0)
    at.number_input(key=F + "lon").set_value(round(deg(30), 5))
    at.text_input(key=F + "add_name").input("Nhà máy mới")
    at.number_input(key=F + "add_cap_p").set_value(10.0)
    at.multiselect(key=F + "add_crops").set_value(["longan"])
    at.button(key=F + "add_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    listed = "\n".join(m.value for m in at.markdown)
    assert "Thêm nhà máy «Nhà máy mới»" in listed
    at.button(key=F + "save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("scenario.saved", "vi", name="Nhà máy nhãn Sông Mã") in \
        "\n".join(s.value for s in at.success)
    saved = load_scenario(planning_env, "Nhà máy nhãn Sông Mã")
    assert saved.changes[0]["attrs"]["capacity_t_day"] == 10.0
    # The comparison (second tab) tells the result on paper.
    assert ("Với nhà máy mới ở Sông Mã, lượng nhãn dư tháng 7 giảm từ 300 tấn xuống 100 tấn."
            in infos(at))
    assert list(Workspace(planning_env.path).read("plants")["plant_id"]) == ["P1", "P2"]


def test_en_compare_copy_and_refused_change(planning_env):
    save_scenario(planning_env, "Lose P1", "P1 closes", [
        {"op": "remove", "layer": "plants", "id": "P1"}])
    at = open_page("en")
    # Baseline 300 t of longan left; without P1 Z4's 100 t too: 400 t.
    assert ("With the scenario “Lose P1”, the longan surplus in July rises from 300 t to "
            "400 t." in infos(at))
    at.selectbox(key=state.SCN_PICK).set_value("Lose P1").run()
    assert at.text_input(key=state.SCN_NAME).value == "Lose P1"
    at.text_input(key=state.SCN_NEW_NAME).input("Lose P1 (copy)").run()
    at.button(key=F + "copy").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(list_scenarios(planning_env)["name"]) == ["Lose P1", "Lose P1 (copy)"]
    # A zone change where no zone matches is refused in plain words, nothing added.
    at.radio(key=state.SCN_KIND).set_value("zones").run()
    at.selectbox(key=F + "z_crop").set_value("mango")
    at.selectbox(key=F + "z_unit").set_value("D2")
    at.button(key=F + "zones_go").click().run()
    errors = "\n".join(e.value for e in at.error)
    assert "Change 2 (zones) of the scenario was refused" in errors
    assert "zones of this crop in the chosen unit" in errors

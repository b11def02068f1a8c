"""Long work shows its steps on the page (issue 9, point 5): the balance on the gap and
meeting-pack pages on a cold cache only, the meeting pack's build, a big layer's export."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import create
from tests.conftest import ROOT
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

CHROMIUM = Path("/usr/bin/chromium").exists()


def labels(at) -> list[str]:
    return [s.label for s in at.main.status]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_page_shows_the_balance_steps_on_a_cold_cache_only(gap_tiny_env, lang):
    at = run_page("pages/gap.py", lang)  # a new workspace: the balance is not cached
    assert not at.exception, [e.value for e in at.exception]
    boxes = at.main.status
    assert len(boxes) == 1 and boxes[0].state == "complete"
    done = t("progress.balance.finished", lang, zones="2", plants="1", seconds="X")
    assert boxes[0].label.startswith(done.split("(")[0])  # "… 2 zones, 1 plants ("
    steps = [m.value for m in boxes[0].markdown]
    assert steps[0] == "1. " + t("progress.balance.read", lang)
    assert "3. " + t("progress.balance.solve", lang) in steps
    assert steps[-1] == f"{len(steps)}. " + t("progress.balance.done", lang)
    assert boxes[0].get("progress")  # the bar
    # The page itself follows (the story, the charts): the box did not stop it.
    assert at.warning and at.get("plotly_chart")
    at.run()  # a widget change or a rerun: the balance is cached, no box
    assert not at.exception and labels(at) == []


@pytest.fixture()
def pack_env(tmp_path, monkeypatch):
    from tests.report_data import write_tiny

    write_tiny(tmp_path / "ws")
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_meeting_pack_page_shows_the_balance_steps_then_the_pack_build(pack_env, lang):
    at = run_page("pages/meeting_pack.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    boxes = at.main.status
    assert len(boxes) == 1 and boxes[0].state == "complete"
    assert boxes[0].label.startswith(t("progress.balance.finished", lang, zones="",
                                       plants="", seconds="").split(":")[0])
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed: the pack's pictures cannot be drawn")
    at.radio(key="pack_format").set_value(".pdf")
    at.button(key="pack_build").click().run(timeout=600)
    assert not at.exception, [e.value for e in at.exception]
    boxes = at.main.status  # the balance is cached now: only the pack's box
    assert len(boxes) == 1 and boxes[0].state == "complete"
    name = t("export.pack.file_name", lang) + ".pdf"
    assert boxes[0].label.startswith(t("progress.pack.finished", lang, name=name,
                                       seconds="").split("(")[0])
    steps = [m.value for m in boxes[0].markdown]
    assert "2. " + t("report.step.read", lang) in steps
    assert any(t("report.step.charts", lang) in s for s in steps)
    assert steps[-1].endswith(t("report.step.done", lang))
    assert at.get("download_button")[-1].proto.label == t("export.pack.download", lang,
                                                           name=name)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_big_layer_is_exported_on_request_with_its_steps(tmp_path, monkeypatch, lang):
    plants = gpd.GeoDataFrame(
        {"plant_id": [f"P{i}" for i in range(30)], "name": [f"Xưởng {i}" for i in range(30)],
         "kind": ["factory"] * 30, "crops": [("longan",)] * 30, "capacity_t_day": [5.0] * 30},
        geometry=[Point(104.0 + i / 100, 21.3) for i in range(30)], crs="EPSG:4326")
    create(tmp_path / "ws", {"plants": plants})
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("ui.data_view.BIG_EXPORT_ROWS", 10)  # 30 rows count as big here
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.switch_page("pages/data.py")
    at.run()
    at.selectbox(key="data_export_layer").set_value("plants").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="data_prepare_xlsx").label == t("progress.export.prepare", lang,
                                                         format="Excel (XLSX)")
    assert not [b for b in at.get("download_button") if b.proto.label.endswith("(XLSX)")]
    at.button(key="data_prepare_xlsx").click().run()
    assert not at.exception, [e.value for e in at.exception]
    box = [s for s in at.status if t("progress.export.finished", lang, rows="30",
                                      format="Excel (XLSX)", size="", seconds="")
           .split(":")[0] in s.label]
    assert len(box) == 1 and box[0].state == "complete"
    steps = [m.value for m in box[0].markdown]
    assert steps[0] == "1. " + t("progress.export.table", lang)
    assert "3. " + t("progress.export.rows", lang) in steps
    buttons = [b.proto.label for b in at.get("download_button")]
    assert t("data.export.button", lang, format="Excel (XLSX)") in buttons
    at.run()  # still offered on the next run, from the cache: no box
    assert t("data.export.button", lang, format="Excel (XLSX)") in \
        [b.proto.label for b in at.get("download_button")]
    assert not [s for s in at.status if "XLSX" in s.label]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_explorer_shows_the_map_steps_when_it_builds_the_map(gap_tiny_env, lang):
    at = run_page("pages/explorer.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    box = [s for s in at.main.status
           if s.label.startswith(t("progress.map.finished", lang, zones="", plants="",
                                   seconds="").split(":")[0])]
    assert len(box) == 1 and box[0].state == "complete"
    steps = [m.value for m in box[0].markdown]
    assert steps[0] == "1. " + t("progress.map.base", lang)
    assert "3. " + t("progress.map.zones", lang) in steps
    assert at.get("component_instance")  # the map itself is drawn below
    at.run()  # the same map again: from the cache, no box
    assert not [s for s in at.main.status if s.label == box[0].label]

"""AppTest of the gap page in Vietnamese and English, on the tiny workspace (numbers on paper,
see tests/gap_fixtures.py) and once on the Sơn La demo."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import create
from tests.conftest import ROOT, use_workspace
from tests.map_fixtures import frame_code
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/gap.py"


def figures(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def titles(at) -> list[str]:
    return [f["layout"].get("title", {}).get("text", "") for f in figures(at)]


def folium_script(at) -> str:
    comps = [e for e in at.get("component_instance")
             if "streamlit_folium" in e.proto.component_name]
    assert len(comps) == 1
    script = frame_code(json.loads(comps[0].proto.json_args))
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script)


SENTENCE = {
    "vi": "Tháng 7, Sông Mã sẽ có khoảng 940 tấn nhãn không nơi nào tiêu thụ được.",
    "en": "In July, Sông Mã will have about 940 t of longan that nothing can absorb.",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_page_tells_the_story_with_charts_map_and_downloads(gap_tiny_env, lang):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("gap.title", lang)
    assert SENTENCE[lang] in at.warning[0].value
    shown = titles(at)
    assert t("bchart.glut.title_tonnes", lang) in shown  # the glut calendar
    assert any(t("bchart.plants.title", lang) in x for x in shown)  # plant utilisation
    assert len(shown) == 4  # glut calendar, crop balance, surplus map, plants
    script = folium_script(at)
    assert "fm-unabsorbed" in script and "fm-choropleth" in script
    frame = json.loads([e for e in at.get("component_instance")][0].proto.json_args)
    assert frame["js_links"] == [] and "Leaflet 1.9.4" in frame["script"]  # inlined, no CDN
    # Every table downloadable as CSV and XLSX: calendar, crop, districts, zones, plants.
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count(t("gap.download.csv", lang)) == 5
    assert labels.count(t("gap.download.xlsx", lang)) == 5
    captions = " ".join(c.value for c in at.caption)
    assert str(gap_tiny_env) in captions and "100 km" in captions  # where the numbers come from
    # The tiny workspace was written by a script (no file, no demo): its source is unknown.
    assert t("prov.unknown", lang) in captions.replace("\\", "")
    assert t("prov.demo", lang) not in captions.replace("\\", "")


def test_longer_reach_leaves_less_surplus(gap_tiny_env):
    at = run_page(PAGE, "en")
    label = t("gap.metric.year_surplus", "en", crop="Longan")
    assert {m.label: m.value for m in at.metric}[label] == "940 t"
    at.sidebar.slider(key="balance_max_haul_km").set_value(50).run()
    assert not at.exception
    assert "about 1,100 t of longan" in at.warning[0].value
    assert {m.label: m.value for m in at.metric}[label] == "1,100 t"
    assert "50 km" in " ".join(c.value for c in at.caption)
    # Z1 now has nothing within reach: the page and the map's tooltip say so.
    assert "Zones left with fruit: 1, holding 1,100 t in all; of these, 1 have no" in " ".join(
        m.value for m in at.markdown)
    assert "No plant or cold store within 50 km" in folium_script(at)


def test_share_toggle_and_parameters_survive_a_language_switch(gap_tiny_env):
    at = run_page(PAGE, "vi")
    at.radio(key="gap_measure").set_value("share").run()
    assert t("bchart.glut.title_share", "vi") in titles(at)
    at.sidebar.slider(key="balance_max_haul_km").set_value(50).run()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == t("gap.title", "en")
    assert "about 1,100 t" in at.warning[0].value
    assert t("bchart.glut.title_share", "en") in titles(at)


def test_empty_workspace_shows_a_message(tmp_path, monkeypatch):
    empty = gpd.GeoDataFrame({"zone_id": [], "name": [], "crop": [], "area_ha": []},
                             geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    create(tmp_path / "ws", {"zones": empty})
    use_workspace(monkeypatch, tmp_path / "ws")
    at = run_page(PAGE, "vi")
    assert not at.exception
    # No zones at all: the page says which layer to upload, and where.
    assert at.info[0].value == t("start.needs_layer", "vi", layer="Vùng trồng",
                                 page=t("nav.upload", "vi"))
    assert not at.get("plotly_chart")


def test_demo_glut_is_longan_in_summer(app_env):
    at = run_page(PAGE, "en")
    assert not at.exception, [e.value for e in at.exception]
    sentence = at.warning[0].value
    # Longan (the largest crop) peaks in the July–September harvest.
    assert re.search(r"In (July|August|September), .+ will have about [\d,]+ t of longan",
                     sentence), sentence


def test_balance_is_computed_once_per_workspace_and_parameters(gap_tiny_env, monkeypatch):
    import ui.balance_view as view

    calls = []
    real = view.compute_balance

    def counting(layers, params, progress=None):
        calls.append(params.max_haul_km)
        return real(layers, params, progress=progress)

    monkeypatch.setattr(view, "compute_balance", counting)
    at = run_page(PAGE, "vi")
    assert calls == [100.0]
    at.sidebar.radio[0].set_value("en").run()  # a rerun in another language: from the cache
    at.radio(key="gap_measure").set_value("share").run()
    assert calls == [100.0]
    at.sidebar.slider(key="balance_max_haul_km").set_value(50).run()
    at.sidebar.slider(key="balance_max_haul_km").set_value(100).run()
    assert calls == [100.0, 50.0]  # a new parameter computes; going back is instant
    assert not at.exception


def test_map_month_follows_the_peak_unless_set_before(gap_tiny_env):
    from streamlit.testing.v1 import AppTest

    at = run_page(PAGE, "en")
    assert at.selectbox(key="gap_month").value == 7  # the crop's peak month
    linked = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    linked.session_state["lang"] = "en"
    linked.session_state["gap_month"] = 9  # as a shared link would seed it
    linked.run()
    linked.switch_page(PAGE)
    linked.run()
    assert not linked.exception
    assert linked.selectbox(key="gap_month").value == 9
    assert any(x.endswith("September") for x in titles(linked))  # the surplus map shows September


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_approximate_balance_says_between_which_bounds_the_surplus_lies(
        gap_tiny_env, monkeypatch, lang):
    # Forced onto a 100 km grid, the tiny workspace's surplus is bracketed by 940 t (exact)
    # and 1,200 t (see tests/test_balance_bounds.py for the arithmetic).
    import dataclasses

    import ui.balance_view as view

    real = view.compute_balance
    monkeypatch.setattr(view, "compute_balance", lambda layers, params, progress=None: real(
        layers, dataclasses.replace(params, aggregate_km=100), progress=progress))
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    approx = [c for c in captions if c.startswith(t("balance_accuracy.approx", lang)[:15])]
    assert len(approx) == 2  # next to the source, at the top and at the bottom of the page
    expected = {"vi": "940 – 1.200 tấn (±12,1 %)", "en": "between 940 and 1,200 t (±12.1 %)"}
    assert expected[lang] in approx[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_exact_balance_shows_no_approximation_note(gap_tiny_env, lang):
    at = run_page(PAGE, lang)
    captions = " ".join(c.value for c in at.caption)
    assert t("balance_accuracy.approx", lang)[:15] not in captions

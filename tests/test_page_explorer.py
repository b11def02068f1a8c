"""AppTest of the map explorer in Vietnamese and English."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from fruitmap.maps.layer import features_in
from tests.conftest import ROOT
from tests.map_fixtures import frame_code

APP = str(ROOT / "app.py")


def run_explorer(lang: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if lang:
        at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/explorer.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def map_args(at: AppTest) -> dict:
    """The arguments streamlit-folium hands to its frame (script, links, ...)."""
    comps = [e for e in at.get("component_instance")
             if "streamlit_folium" in e.proto.component_name]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def map_script(at: AppTest) -> str:
    """The folium script of the map, with JSON escapes undone as the browser does."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)),
                  frame_code(map_args(at)))


def zone_count(script: str) -> int:
    """Zones drawn: the features of the zone layers (polygons and points) in the script."""
    return features_in(script, "fm-zone") + features_in(script, "fm-zone-point")


@pytest.mark.parametrize("lang, title, layer", [
    ("vi", "Bản đồ vùng trồng và chế biến", "Vùng trồng"),
    ("en", "Map of fruit zones and processing", "Cultivation zones"),
])
def test_explorer_draws_every_layer(app_env, lang, title, layer):
    at = run_explorer(lang)
    assert at.title[0].value == title
    script = map_script(at)
    assert layer in script
    for css_class in ("fm-zone", "fm-facility", "fm-factory", "fm-cold-store", "fm-boundary"):
        assert css_class in script
    # no CDN: Leaflet and jQuery come inside the frame's script (the app's static copies,
    # not fetched one after the other), the stylesheet from the app's static folder
    args = map_args(at)
    assert args["js_links"] == []
    assert args["script"].index("Leaflet 1.9.4") < args["script"].index("L.map(")
    assert "jQuery v3" in args["script"]
    assert all(link.startswith("/app/static/") for link in args["css_links"])


def test_crop_filter_changes_the_drawn_zones(app_env):
    at = run_explorer("en")
    everything = map_script(at)
    at.sidebar.multiselect(key="explorer_crops").set_value(["plum"]).run()
    assert not at.exception
    only_plum = map_script(at)
    assert zone_count(only_plum) < zone_count(everything)
    assert "Plum · " in only_plum and "Longan · " not in only_plum
    # the count above the map follows the filter
    assert int(at.metric[0].value.replace(",", "")) == zone_count(only_plum)


def test_search_ignores_accents_and_empty_state_shows(app_env):
    at = run_explorer("vi")
    at.sidebar.text_input(key="explorer_query").set_value("moc chau").run()
    script = map_script(at)
    assert "Mộc Châu" in script
    at.sidebar.text_input(key="explorer_query").set_value("zzz không có").run()
    assert not at.exception
    assert any("Không có đối tượng nào khớp" in i.value for i in at.info)
    assert "fm-boundary" in map_script(at)  # the boundaries stay


def test_language_switch_keeps_filters(app_env):
    at = run_explorer("vi")
    at.sidebar.multiselect(key="explorer_crops").set_value(["mango"]).run()
    at.session_state["lang"] = "en"  # what the sidebar switch does
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="explorer_crops").value == ["mango"]
    assert at.title[0].value == "Map of fruit zones and processing"
    assert "Mango · " in map_script(at) and "Plum · " not in map_script(at)


def test_names_from_the_data_reach_the_map_escaped(demo_ws_copy, monkeypatch):
    from fruitmap.workspace.geopackage import Workspace

    ws = Workspace(demo_ws_copy)
    zones = ws.read("zones")
    zones.loc[zones.index[0], "name"] = "<img src=x onerror=alert(1)>"
    ws.write({"zones": zones}, action="test: hostile name", who="test")
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(demo_ws_copy))
    monkeypatch.chdir(ROOT)
    at = run_explorer("en")
    at.sidebar.text_input(key="explorer_query").set_value("onerror").run()
    script = map_script(at)
    assert zone_count(script) == 1
    assert "&lt;img src=x onerror=alert(1)&gt;" in script
    assert "<img" not in script


def test_clear_button_removes_every_filter(app_env):
    at = run_explorer("en")
    everything = zone_count(map_script(at))
    at.sidebar.multiselect(key="explorer_crops").set_value(["plum"]).run()
    at.sidebar.text_input(key="explorer_query").set_value("moc").run()
    assert zone_count(map_script(at)) < everything
    at.sidebar.button(key="explorer_reset").click().run()
    assert at.sidebar.multiselect(key="explorer_crops").value == []
    assert at.sidebar.text_input(key="explorer_query").value == ""
    assert zone_count(map_script(at)) == everything


def test_a_map_that_cannot_be_built_leaves_no_empty_map_under_the_error(app_env, monkeypatch):
    # The frame starts on an empty map while the map is built; if the building fails, the
    # page shows the error in plain words and no empty map.
    import ui.map_view
    from fruitmap.errors import WorkspaceError

    def broken(*args, **kwargs):
        raise WorkspaceError("workspace_unreadable", path="ws", reason="a test")

    monkeypatch.setattr(ui.map_view, "_explorer_map", broken)
    at = run_explorer("en")
    assert not [e for e in at.get("component_instance")
                if "streamlit_folium" in e.proto.component_name]
    assert any("a test" in e.value for e in at.error)

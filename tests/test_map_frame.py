"""ui.map_frame: the map frame's arguments made once per map and reused on later runs."""

import json

from streamlit.testing.v1 import AppTest

MADE: list[str] = []  # what the test scripts' map makers were called for


def _script(cache_key):
    import folium

    import tests.test_map_frame as probe
    from ui.map_frame import draw_frame

    def make():
        probe.MADE.append("map")
        m = folium.Map(location=[21.3, 104.0], zoom_start=9, tiles=None)
        folium.CircleMarker([21.3, 104.0], radius=5, tooltip="Mận <b>").add_to(m)
        return m

    draw_frame(make, "tiny_map", 300, cache_key=cache_key)


def _args(at: AppTest) -> dict:
    comps = [e for e in at.get("component_instance")
             if "streamlit_folium" in e.proto.component_name]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def _run(cache_key, runs: int = 1) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60, args=(cache_key,))
    for _ in range(runs):
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def test_cached_frame_gets_what_st_folium_gives():
    plain, cached = _args(_run(None)), _args(_run(("tiny", 1)))
    assert "Mận &lt;b&gt;" in plain["script"] or "Mận <b>" in plain["script"]
    for name in ("script", "html", "header", "css_links", "js_links", "height", "default"):
        assert cached[name] == plain[name], name


def test_the_map_is_made_once_for_many_runs():
    MADE.clear()
    _run(("tiny", 2), runs=3)
    assert MADE == ["map"]
    MADE.clear()
    _run(None, runs=3)
    assert MADE == ["map", "map", "map"]


def _st_folium_args(m) -> dict:
    import streamlit_folium
    from streamlit_folium import st_folium

    captured: dict = {}
    real = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: captured.update(kwargs)
    try:
        st_folium(m, key="k", height=300, use_container_width=True, returned_objects=[])
    finally:
        streamlit_folium._component_func = real
    return captured


def test_layer_data_kept_out_of_st_folium_comes_back_in_the_script():
    # frame_args lets st_folium work on a script whose layer data are stand-ins, then puts
    # the data back: the frame gets the script st_folium makes of the whole map.
    import copy

    from fruitmap.maps.build import build_map
    from tests.test_filters import tiny_layers
    from ui.map_frame import frame_args

    m = build_map(tiny_layers(), "en")
    args, plain = frame_args(copy.deepcopy(m), "k", 300), _st_folium_args(copy.deepcopy(m))
    assert "<fm-data" not in str(args) and "fmLayer(" in args["script"]
    # ... with the app's scripts (Leaflet, jQuery, fm_layers.js) at its head, in the order
    # st_folium would have had the frame fetch them, instead of fetched
    from fruitmap.maps.assets import inline_scripts

    assert [u.rsplit("/", 1)[1] for u in plain["js_links"]] == [
        "leaflet.js", "jquery.min.js", "fm_layers.js"]
    code, links = inline_scripts(plain["js_links"])
    assert args["script"] == code + plain["script"] and args["js_links"] == links == []
    assert code.index("Leaflet 1.9.4") < code.index("jQuery v3") < code.index("fmLayer")
    # The frame's key follows the map's content, as st_folium's does.
    assert args["key"] == frame_args(copy.deepcopy(m), "k", 300)["key"]
    other = build_map(tiny_layers(), "vi")
    assert frame_args(copy.deepcopy(other), "k", 300)["key"] != args["key"]


def test_inline_scripts_only_when_every_script_is_the_apps_own():
    from fruitmap.maps.assets import inline_scripts

    assert inline_scripts([]) == ("", [])
    code, links = inline_scripts(["/app/static/leaflet/leaflet.js"])
    assert links == [] and code.startswith("/* @preserve\n * Leaflet 1.9.4")
    # One script from elsewhere would load before inlined code ran: nothing is inlined.
    mixed = ["/app/static/leaflet/leaflet.js", "https://example.org/plugin.js"]
    assert inline_scripts(mixed) == ("", mixed)

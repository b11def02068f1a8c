"""ui.map_frame: the map frame's arguments made once per map and reused on later runs."""

import hashlib
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
    # The map in the script, what is drawn on it in the feature group code
    assert "L.map(" in plain["script"] and "Mận" not in plain["script"]
    assert "Mận &lt;b&gt;" in plain["feature_group"] or "Mận <b>" in plain["feature_group"]
    for name in ("script", "feature_group", "html", "header", "css_links", "js_links",
                 "height", "default"):
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
    assert "<fm-data" not in str(args) and "fmLayer(" in args["feature_group"]
    # ... with the app's scripts (Leaflet, jQuery, fm_layers.js) at its head, in the order
    # st_folium would have had the frame fetch them, instead of fetched
    from fruitmap.maps.assets import inline_scripts

    assert [u.rsplit("/", 1)[1] for u in plain["js_links"]] == [
        "leaflet.js", "jquery.min.js", "fm_layers.js"]
    code, links = inline_scripts(plain["js_links"])
    # ... and what st_folium's script draws on the map handed over as feature group code
    from fruitmap.maps.frame_split import drawing_code, split_script

    opening, rest = split_script(plain["script"])
    from ui.map_frame import _GROUND

    assert args["script"] == code + opening + _GROUND and args["js_links"] == links == []
    assert _GROUND == '\nmap_div.getContainer().style.background = "#f3f1ea";\n'
    assert args["feature_group"] == drawing_code(rest) and "fmLayer(" in rest
    assert code.index("Leaflet 1.9.4") < code.index("jQuery v3") < code.index("fmLayer")
    # Without a cache key, the frame's key follows the map's content, as st_folium's does.
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


def test_split_script_cuts_after_the_map_is_made():
    import pytest

    from fruitmap.maps.frame_split import drawing_code, split_script

    made = 'var map_div = L.map(\n "map_div", {center: [1, 2], note: "a ) b", ...{"zoom": 8}}\n);'
    script = "LIB();\n" + made + "\nL.control.scale().addTo(map_div);\n"
    assert split_script(script) == ("LIB();\n" + made, "\nL.control.scale().addTo(map_div);\n")
    with pytest.raises(ValueError, match="no 'var map_div"):
        split_script("var m = L.map('x');")
    with pytest.raises(ValueError, match="not closed"):
        split_script("var map_div = L.map('map_div', {")
    # The rest runs once, in a function of its own, on the map already made; other layers
    # handed to a frame that has drawn reload it.
    code = drawing_code("\nL.control.scale().addTo(map_div);\n")
    mark = hashlib.sha256(b"\nL.control.scale().addTo(map_div);\n").hexdigest()[:16]
    assert code == ("if (window.fmDrawn === undefined) {\nwindow.fmDrawn = '" + mark + "';\n"
                    "(function () {\nvar map_div = window.map;\n"
                    "\nL.control.scale().addTo(map_div);\n\n})();\n"
                    "} else if (window.fmDrawn !== '" + mark + "') {\n"
                    "window.location.reload();\n}\n")


def test_same_start_ignores_the_centre_only():
    from fruitmap.maps.frame_split import same_start

    made = ('LIB();var map_div = L.map("map_div", {center: [21.3, 104.1], crs: L.CRS.EPSG3857, '
            '...{"zoom": 8, "zoomSnap": 0.25}});')
    assert same_start(made, made.replace("21.3, 104.1", "20.9, 103.2"))
    assert not same_start(made, made.replace('"zoomSnap": 0.25', '"zoomSnap": 1'))
    assert not same_start(made, made.replace("LIB();", "OTHER();"))


OPENED: list[bool] = []  # whether open_frame sent the empty map, run by run


def _opened_script(cache_key):
    import folium

    import tests.test_map_frame as probe
    from fruitmap.maps.build import base_map
    from ui.map_frame import draw_frame, open_frame

    def make():
        probe.MADE.append("map")
        m = base_map("en")
        folium.CircleMarker([21.3, 104.0], radius=5, tooltip="Mận <b>").add_to(m)
        return m

    opened = open_frame("tiny_map", 300, cache_key, "en")
    probe.OPENED.append(opened.sent)
    draw_frame(make, "tiny_map", 300, cache_key=cache_key, opened=opened)


def test_a_map_not_made_yet_starts_its_frame_on_the_empty_map_then_draws_into_it():
    import uuid

    from ui.map_frame import frame_key

    cache_key = ("opened", uuid.uuid4().hex)  # never made in this process
    MADE.clear()
    OPENED.clear()
    at = AppTest.from_function(_opened_script, default_timeout=60, args=(cache_key,))
    at.run()
    # Sent twice under one key in one run (no duplicate-key error): the drawn map is what
    # the page holds at the end, in the frame the empty map started.
    assert not at.exception, [e.message for e in at.exception]
    args = _args(at)
    assert OPENED == [True] and MADE == ["map"]
    assert args["key"] == frame_key(cache_key, "tiny_map", 300)
    assert "Mận" in args["feature_group"] and "L.map(" in args["script"]
    at.run()  # made now: the frame is drawn at once, no empty map first
    assert not at.exception, [e.message for e in at.exception]
    assert OPENED == [True, False] and MADE == ["map"]
    assert _args(at)["key"] == args["key"]


def test_the_empty_map_is_started_like_the_maps_of_the_app():
    # The frame keeps the libraries, styles and settings it started with: the empty map's
    # must be those of the maps drawn into it (else the map gets a frame of its own).
    from fruitmap.maps.build import build_map
    from tests.test_filters import tiny_layers
    from ui.map_frame import _STARTED_WITH, _can_take, _opening_args, frame_args

    for lang in ("vi", "en"):
        opening = _opening_args(lang, "k", 300)
        drawn = frame_args(build_map(tiny_layers(), lang), "k", 300)
        assert opening["feature_group"] is None
        for name in _STARTED_WITH:
            assert opening[name] == drawn[name], name
        assert _can_take(opening, drawn)


def _other_start_script(cache_key):
    import folium

    from ui.map_frame import draw_frame, open_frame

    def make():  # not base_map's settings: no scale bar, whole zoom steps
        m = folium.Map(location=[21.3, 104.0], zoom_start=9, tiles=None)
        folium.CircleMarker([21.3, 104.0], radius=5, tooltip="Mận").add_to(m)
        return m

    opened = open_frame("tiny_map", 300, cache_key, "en")
    draw_frame(make, "tiny_map", 300, cache_key=cache_key, opened=opened)


def test_a_map_the_empty_map_cannot_take_gets_a_frame_of_its_own_run_after_run():
    import uuid

    from ui.map_frame import frame_key

    cache_key = ("other start", uuid.uuid4().hex)
    at = AppTest.from_function(_other_start_script, default_timeout=60, args=(cache_key,))
    own = frame_key(cache_key, "tiny_map", 300) + "-own"
    for _ in range(2):  # the same frame on the next run: no second start
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        args = _args(at)
        assert args["key"] == own and "Mận" in args["feature_group"]

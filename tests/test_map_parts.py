"""Filtered maps drawn from the per-feature work kept from the full map (fruitmap.maps.parts),
the basemap added to a built map, and the layers' data kept out of st_folium's string work."""

import copy
import re

import pytest
from shapely.geometry import Point

from fruitmap.maps.build import add_basemap, build_map, prepare_map
from fruitmap.maps.filters import filter_layers
from fruitmap.maps.layer import FeatureLayer, put_data, specs_in, stand_ins, texts_of
from tests.test_filters import XSS, tiny_layers

FILTERS = [dict(crops=["longan"]), dict(districts=["125"]), dict(statuses=["planned"]),
           dict(query="mai son"), dict(certifications=["VietGAP", "organic"]),
           dict(capacity_range=(10, 400)), dict(crops=["plum"], districts=["123"])]


def specs(m) -> list[dict]:
    return specs_in(m.get_root().render())


@pytest.fixture(scope="module")
def prepared():
    layers = tiny_layers()
    m, parts = prepare_map(layers, "en")
    return layers, m, parts


def test_the_full_map_is_the_plain_map(prepared):
    layers, m, _ = prepared
    assert specs(m) == specs(build_map(layers, "en"))


@pytest.mark.parametrize("chosen", FILTERS)
def test_a_filtered_map_from_the_parts_is_the_plain_filtered_map(prepared, chosen):
    layers, _, parts = prepared
    shown = filter_layers(layers, **chosen)
    assert specs(build_map(shown, "en", parts=parts)) == specs(build_map(shown, "en"))


def _by_class(m) -> dict:
    return {spec["cls"]: spec for spec in specs(m)}


def test_longan_zones_keep_their_texts_and_districts(prepared):
    # Longan: Z3 (the XSS name, code 125) is a polygon, Z4 a point placed in Mai Sơn (125)
    # by where it lies (no unit_code): the district join of the full layer, picked by row.
    layers, _, parts = prepared
    found = _by_class(build_map(filter_layers(layers, crops=["longan"]), "en", parts=parts))
    polygon, point = found["fm-zone"], found["fm-zone-point"]
    assert (polygon["n"], point["n"]) == (1, 1)
    assert texts_of(polygon, polygon["popup"]["title"]) == [XSS.replace("<", "&lt;")
                                                            .replace(">", "&gt;")]
    assert texts_of(point, point["popup"]["title"]) == ["Điểm nhãn Chiềng Ban"]
    district_rows = [row for row in point["popup"]["rows"] if row[0] == "District"]
    assert [texts_of(point, col) for _, col in district_rows] == [["Mai Sơn"]]
    # Plants that take longan: P2 (facility, Mai Sơn by place), P3 (facility, code 125).
    facilities = found["fm-facility"]
    assert texts_of(facilities, facilities["popup"]["title"]) == ["Cơ sở sấy nhãn Mai Sơn",
                                                                  "HTX Đức Thắng"]
    assert "fm-factory" not in found  # P1 (plum, passion fruit) is filtered out


def test_a_layer_left_whole_reuses_the_recorded_spec(prepared):
    # A plant status filters no zone: the zones' layer is the full map's, not encoded again.
    layers, m, parts = prepared
    full = {e.spec["cls"]: e.spec for e in _elements(m) if isinstance(e, FeatureLayer)}
    shown = filter_layers(layers, statuses=["planned"])
    again = {e.spec["cls"]: e.spec for e in _elements(build_map(shown, "en", parts=parts))
             if isinstance(e, FeatureLayer)}
    assert again["fm-zone"] is full["fm-zone"]
    assert again["fm-facility"] is not full["fm-facility"]  # P2 only: a new layer
    assert again["fm-facility"]["n"] == 1


def _elements(m):
    stack = [m]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(element._children.values())


def test_parts_of_another_language_are_not_used(prepared):
    layers, _, parts = prepared
    shown = filter_layers(layers, crops=["longan"])
    vi = specs(build_map(shown, "vi", parts=parts))
    assert vi == specs(build_map(shown, "vi"))
    assert any("Huyện" in str(spec["popup"]) or "huyện" in str(spec["popup"]).lower()
               for spec in vi if spec.get("popup"))


def test_rows_not_in_the_recorded_layers_are_computed(prepared):
    # A zones layer that does not come from the recorded one (its index is not found).
    layers, _, parts = prepared
    other = dict(layers)
    zones = layers["zones"].iloc[[3]].copy()
    zones.index = [99]
    zones["geometry"] = [Point(104.6, 20.7)]  # in Mộc Châu now
    other["zones"] = zones
    found = _by_class(build_map(other, "en", parts=parts))
    point = found["fm-zone-point"]
    rows = [col for label, col in point["popup"]["rows"] if label == "District"]
    assert texts_of(point, rows[0]) == ["Mộc Châu"]


def _no_ids(html: str) -> str:
    return re.sub(r"_[0-9a-f]{32}", "_ID", html)


def test_a_basemap_added_to_a_built_map_is_the_map_built_with_it():
    layers = tiny_layers()
    built = build_map(layers, "en", basemap="osm")
    added = add_basemap(copy.deepcopy(build_map(layers, "en")), "osm", "en")
    html = _no_ids(added.get_root().render())
    assert html == _no_ids(built.get_root().render())
    assert "tile.openstreetmap.org" in html
    # The layer control lists it as a base layer.
    assert re.search(r'base_layers\s*:\s*\{\s*"OpenStreetMap background"\s*:\s*tile_layer_ID',
                     html)
    with pytest.raises(ValueError):
        add_basemap(build_map(layers, "en"), "satellite", "en")
    assert add_basemap(built, "none", "en") is built


def test_stand_ins_keep_the_data_out_of_the_script_until_put_back():
    m = build_map(tiny_layers(), "en")
    clone = copy.deepcopy(m)  # (a map not rendered yet, as the frame's copies are)
    whole = m.get_root().render()
    data = stand_ins([e for e in _elements(clone) if isinstance(e, FeatureLayer)])
    short = clone.get_root().render()
    assert "<fm-data 0>" in short and "fmLayer" in short
    assert len(short) < len(whole) - sum(len(d) for d in data) / 2
    assert _no_ids(put_data(short, data)) == _no_ids(whole)
    # The map it was copied from still writes its data.
    assert "<fm-data" not in m.get_root().render()


def test_district_codes_given_once_serve_the_map_and_the_filter():
    from fruitmap.maps.filters import layer_district_codes

    layers = tiny_layers()
    codes = layer_district_codes(layers)
    # Z4 (no unit_code) lies in Mai Sơn: the join gives 125.
    assert codes["zones"].tolist() == ["123", "125", "125", "125"]
    m, parts = prepare_map(layers, "en", codes=codes)
    assert specs(m) == specs(build_map(layers, "en"))
    shown = filter_layers(layers, districts=["123"], codes=codes)
    assert sorted(shown["zones"]["zone_id"]) == ["Z1"]
    assert specs(build_map(shown, "en", parts=parts)) == specs(build_map(shown, "en"))
    # The codes given are the ones used (here deliberately wrong for Z4: Mộc Châu).
    wrong = dict(codes, zones=codes["zones"].where(codes["zones"].index != 3, "123"))
    found = _by_class(prepare_map(layers, "en", codes=wrong)[0])
    point = found["fm-zone-point"]
    rows = [col for label, col in point["popup"]["rows"] if label == "District"]
    assert texts_of(point, rows[0]) == ["Mộc Châu"]
    assert sorted(filter_layers(layers, districts=["123"], codes=wrong)["zones"]["zone_id"]) \
        == ["Z1", "Z4"]


@pytest.mark.parametrize("chosen", [dict(statuses=["planned"]), dict(crops=["longan", "mango"]),
                                    dict(crops=["longan"])])
def test_zones_in_tiles_are_drawn_as_without_parts(chosen):
    # Above summary_from the zones are hexagons + tiles (not recorded in the parts); the
    # other layers still come from the parts. Either way the map is the plain one.
    layers = tiny_layers()
    _, parts = prepare_map(layers, "en", summary_from=2)
    shown = filter_layers(layers, **chosen)
    with_parts = build_map(shown, "en", summary_from=2, parts=parts).get_root().render()
    plain = build_map(shown, "en", summary_from=2).get_root().render()
    assert _no_ids(with_parts) == _no_ids(plain)
    assert ("fmTiled(" in plain) == (len(shown["zones"]) > 2)

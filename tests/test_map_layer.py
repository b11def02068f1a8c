"""The compact map layers (fruitmap.maps.layer): encodings small enough to check on paper."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from fruitmap.maps.build import build_map
from fruitmap.maps.layer import (
    CANVAS_FROM,
    TextColumns,
    decode_coordinates,
    encode_coordinates,
    kinds,
    point_layer,
    polygon_layer,
    polygon_structure,
    radii,
    specs_in,
    texts_of,
    varint_b64,
    varint_decode,
    zigzag,
)
from tests.map_fixtures import XSS_NAME, synthetic_layers


def raw(text: str) -> list[int]:
    return list(base64.b64decode(text))


def test_varints_are_leb128():
    # 1 → 01; 127 → 7f; 128 → 80 01; 300 = 0b10_0101100 → ac 02
    assert raw(varint_b64(np.array([1, 127, 128, 300]))) == [0x01, 0x7F, 0x80, 0x01, 0xAC, 0x02]
    big = np.array([0, 2**35 + 5, 16_384])
    assert varint_decode(varint_b64(big)).tolist() == big.tolist()
    with pytest.raises(ValueError):
        varint_b64(np.array([-1]))


def test_zigzag_keeps_small_numbers_small():
    assert zigzag(np.array([0, -1, 1, -2, 2])).tolist() == [0, 1, 2, 3, 4]


def test_coordinates_are_deltas_of_1e5_degrees():
    xy = np.array([[104.00001, 21.0], [104.00003, 20.99999]])
    # first point from 0: 10400001 and 2100000; then +2 and -1 (zigzag 4 and 1)
    values = varint_decode(encode_coordinates(xy)).tolist()
    assert values == [2 * 10_400_001, 2 * 2_100_000, 4, 1]
    assert decode_coordinates(encode_coordinates(xy)) == pytest.approx(xy)


def test_polygon_structure_counts_rings_and_drops_closing_vertices():
    square_with_hole = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)],
                               [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    two_triangles = MultiPolygon([Polygon([(10, 0), (11, 0), (10, 1)]),
                                  Polygon([(20, 0), (21, 0), (20, 1)])])
    rings, sizes, coords = polygon_structure(np.array([square_with_hole, two_triangles]))
    assert rings.tolist() == [2, 2]  # outer + hole; two parts
    assert sizes.tolist() == [4, 4, 3, 3]
    assert coords[:4].tolist() == [[0, 0], [4, 0], [4, 4], [0, 4]]
    assert len(coords) == 14


def test_text_columns_format_each_distinct_value_once_and_escape():
    calls = []

    def fmt(v):
        calls.append(v)
        return f"<{v}>"

    cols = TextColumns(5)
    ref = cols.add(pd.Series(["a", "b", "a", "a", "b"]), fmt)
    assert sorted(calls) == ["a", "b"]
    spec = {"n": 5, "cols": cols.columns}
    assert texts_of(spec, ref) == ["&lt;a&gt;", "&lt;b&gt;", "&lt;a&gt;", "&lt;a&gt;", "&lt;b&gt;"]
    unique = cols.add(["x", "y", "z", "w", "v"])
    assert cols.columns[unique] == {"v": ["x", "y", "z", "w", "v"]}
    same = cols.add([1.5] * 5, lambda v: f"{v} ha")
    assert cols.columns[same] == {"k": "1.5 ha"}
    joint = cols.add_joint(pd.DataFrame({"a": [1, 1, 2, 2, 1], "b": ["x", "x", "x", "y", "x"]}),
                           lambda a, b: f"{a}{b}")
    assert texts_of(spec, joint) == ["1x", "1x", "2x", "2y", "1x"]
    assert texts_of(spec, cols.constant("R&D")) == ["R&amp;D"] * 5
    with pytest.raises(ValueError):
        cols.add(["too", "short"])


def test_layers_choose_canvas_by_size_and_keep_only_used_styles():
    polys = np.array([box(0, 0, 1, 1), box(2, 2, 3, 3)])
    styles = [{"color": "#111111"}, {"color": "#222222"}, {"color": "#333333"}]
    spec = polygon_layer(polys, "fm-x", styles, [2, 2]).spec
    assert spec["styles"] == [{"color": "#333333"}] and "style" not in spec
    assert spec["canvasFrom"] == CANVAS_FROM and spec["n"] == 2
    assert polygon_layer(polys, "fm-x", styles).get_bounds() == [[0.0, 0.0], [3.0, 3.0]]
    points = point_layer(np.array([[104.0, 21.0], [104.1, 21.1]]), "fm-p",
                         ["#ff0000", "#00ff00"], [2.5, 14.0])
    assert points.spec["styles"] == [{"fillColor": "#ff0000"}, {"fillColor": "#00ff00"}]
    assert varint_decode(points.spec["radius"]).tolist() == [25, 140]
    with pytest.raises(ValueError):
        point_layer(np.array([[0.0, 0.0]]), "fm-p", ["red;background:url(x)"], [3])


def test_radii_and_kinds():
    assert radii([0, 4, 100, None, -3], 1.0, 2.5, 9).tolist() == [2.5, 2.5, 9.0, 2.5, 2.5]
    assert radii([16], 1.0, 2.5, 9).tolist() == [4.0]
    geoms = np.array([box(0, 0, 1, 1), Point(1, 1), None, Polygon()], dtype=object)
    polygonal, point = kinds(geoms)
    assert polygonal.tolist() == [True, False, False, False]
    assert point.tolist() == [False, True, False, False]


def test_large_workspace_map_holds_every_feature_once_with_escaped_names():
    layers = synthetic_layers(2_000, 600, seed=3)
    html = build_map(layers, "en").get_root().render()
    specs = {s["cls"]: s for s in specs_in(html)}
    zones = specs["fm-zone"]
    assert zones["n"] == 2_000 > CANVAS_FROM  # drawn on the canvas
    assert specs["fm-facility"]["n"] + specs["fm-factory"]["n"] == 600
    names = texts_of(zones, zones["tip"][0])
    assert names[0] == "&lt;img src=x onerror=alert(1)&gt; Vùng `${x}`"
    assert XSS_NAME not in html
    assert len(set(names)) == 2_000
    # rings per feature add up to the vertices sent
    rings = varint_decode(zones["rings"])
    sizes = varint_decode(zones["sizes"])
    assert rings.sum() == len(sizes)
    assert len(decode_coordinates(zones["xy"])) == sizes.sum()
    # the first zone is where its polygon is, to about a metre
    first = decode_coordinates(zones["xy"])[:sizes[0]]
    original = shapely.get_coordinates(layers["zones"].geometry.iloc[0])
    assert abs(first[:, 0].mean() - original[:-1, 0].mean()) < 1e-3


def test_names_that_look_like_templates_stay_text():
    # branca compiles a MacroElement's output as Jinja; the layers bypass that.
    layers = synthetic_layers(3, 2, seed=1)
    layers["zones"].loc[1, "name"] = "{{ 7*7 }} {% if 1 %}x{% endif %}"
    html = build_map(layers, "en").get_root().render()
    zones = next(s for s in specs_in(html) if s["cls"] == "fm-zone")
    assert texts_of(zones, zones["tip"][0])[1] == "{{ 7*7 }} {% if 1 %}x{% endif %}"

"""Very large maps: hexagon summary, tiles and the data files (fruitmap.maps.summary, tiled,
channel), on tiny hand-made data whose answers can be checked on paper.

Hexagons here have a circumradius of 1,000 m and are pointy-top: cell (0, 0) is centred on
the origin, its corners at (0, ±1000) and (±866, ±500); its neighbour (1, 0) is centred at
(1732, 0) and (0, 1) at (866, 1500).
"""

import copy
import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from fruitmap.maps.build import build_map
from fruitmap.maps.channel import externalise, spec_bytes
from fruitmap.maps.layer import TextColumns, specs_in, texts_of
from fruitmap.maps.summary import hex_cells, hex_centres, hex_summary, hexagons
from fruitmap.maps.tiled import TiledLayer, polygon_tiles, tile_groups
from tests.map_fixtures import synthetic_layers

UTM = "EPSG:32648"


def square(x, y, side):
    h = side / 2
    return shapely.box(x - h, y - h, x + h, y + h)


def test_points_fall_in_the_hexagon_that_holds_them():
    x = np.array([0, 800, 900, 0, 500, -900, 1732])
    y = np.array([0, 0, 0, 950, 900, 0, 10])
    q, r = hex_cells(x, y, 1000)
    # 800 m east is inside (the flat side is 866 m away), 900 m is in the east neighbour;
    # 950 m north is under the top corner (1000 m); (500, 900) is past the upper-right edge.
    assert list(zip(q.tolist(), r.tolist(), strict=True)) == [
        (0, 0), (0, 0), (1, 0), (0, 0), (0, 1), (-1, 0), (1, 0)]
    cx, cy = hex_centres(np.array([1, 0]), np.array([0, 1]), 1000)
    assert np.allclose(cx, [1732.05, 866.03], atol=0.01) and np.allclose(cy, [0, 1500])


def test_hexagon_has_six_corners_and_the_textbook_area():
    hexagon = hexagons(np.array([0.0]), np.array([0.0]), 1000)[0]
    assert len(hexagon.exterior.coords) == 7
    assert hexagon.area == pytest.approx(3 * np.sqrt(3) / 2 * 1000**2)  # 2.598 km²
    assert hexagon.contains(shapely.Point(800, 0)) and not hexagon.contains(shapely.Point(900, 0))


def test_summary_counts_areas_and_main_crop_per_cell():
    ax, ay = 0.0, 0.0  # cell (0, 0)
    bx, by = hex_centres(np.array([1]), np.array([0]), 1000)  # cell (1, 0)
    zones = gpd.GeoDataFrame({
        "crop": ["mango", "longan", "mango", "plum", "longan"],
        "area_ha": [2.0, 5.0, 4.0, np.nan, 1.0],
    }, geometry=[square(ax, ay, 100), square(ax + 300, ay, 100), square(ax, ay - 300, 100),
                 square(bx[0], by[0], 200), None], crs=UTM)
    cells = hex_summary(zones, size=1000, crs=UTM)
    assert list(zip(cells["q"], cells["r"], strict=True)) == [(0, 0), (1, 0)]
    a, b = cells.iloc[0], cells.iloc[1]
    # Cell A: three zones, 2 + 5 + 4 = 11 ha; mango has 6 ha against longan's 5.
    assert (a["zones"], a["area_ha"], a["crop"], a["crop_area_ha"], a["crops"]) == \
        (3, 11.0, "mango", 6.0, 2)
    # Cell B: area_ha missing, so the polygon's own area: 200 m x 200 m = 4 ha.
    assert b["zones"] == 1 and b["area_ha"] == pytest.approx(4.0) and b["crop"] == "plum"
    # The zone without a geometry is left out; hexagons come back in degrees.
    assert cells["zones"].sum() == 4 and cells.crs.to_epsg() == 4326
    back = cells.to_crs(UTM).geometry.iloc[0]
    assert back.area == pytest.approx(3 * np.sqrt(3) / 2 * 1000**2, rel=1e-6)
    assert back.contains(shapely.Point(ax + 300, ay))


def test_text_subset_keeps_each_features_text():
    texts = TextColumns(4)
    names = texts.add(["A", "B <b>", "C", "D"])
    crops = texts.add(["mango", "plum", "mango", "plum"])
    same = texts.constant("x")
    part = texts.subset(np.array([3, 1]))
    assert texts_of({"n": 2, "cols": part.columns}, names) == ["D", "B &lt;b&gt;"]
    assert texts_of({"n": 2, "cols": part.columns}, crops) == ["plum", "plum"]
    assert texts_of({"n": 2, "cols": part.columns}, same) == ["x", "x"]
    part = texts.subset(np.array([2, 1, 0]))
    assert texts_of({"n": 3, "cols": part.columns}, crops) == ["mango", "plum", "mango"]


def test_tiles_group_features_by_cell_and_keep_their_texts():
    assert [g.tolist() for g in tile_groups(np.array(
        [[104.01, 21.01], [104.2, 21.01], [104.02, 21.1]]), 0.125)] == [[0, 2], [1]]
    geoms = np.array([square(104.01, 21.01, 0.001), square(104.2, 21.01, 0.001),
                      square(104.02, 21.1, 0.001)], dtype=object)
    texts = TextColumns(3)
    name = texts.add(["Z0", "Z1", "Z2"])
    tiles = polygon_tiles(geoms, "fm-zone", [{"color": "#111111"}, {"color": "#222222"}],
                          np.array([1, 0, 1]), texts, [name], None, 0.125)
    assert [t["n"] for t in tiles] == [2, 1]
    assert texts_of(tiles[0]["spec"], name) == ["Z0", "Z2"]
    assert tiles[0]["spec"]["styles"] == [{"color": "#222222"}]  # only the style in use
    west, south, east, north = tiles[0]["b"]
    assert west == pytest.approx(104.0095) and north == pytest.approx(21.1005)


def test_large_workspace_map_has_summary_tiles_and_legend_note():
    layers = synthetic_layers(300, 20, seed=3)
    m = build_map(layers, "en", summary_from=100)
    tiled = [e for e in _elements(m) if isinstance(e, TiledLayer)]
    assert len(tiled) == 1 and tiled[0].features == 300
    assert tiled[0].summary["n"] == len(hex_summary(layers["zones"]))
    html = m.get_root().render()
    assert "fmTiled(" in html and "Zoom in to see each zone" in html
    assert "hexagon" in html  # the legend says how to read the hexagons
    # Below the threshold the zones are one ordinary layer, as before.
    small = build_map(layers, "en", summary_from=1000).get_root().render()
    assert "fmTiled(" not in small
    assert sum(s["n"] for s in specs_in(small) if s["cls"] == "fm-zone") == 300


def _elements(root):
    stack = [root]
    while stack:
        e = stack.pop()
        yield e
        stack.extend(e._children.values())


def test_externalised_data_goes_to_files_and_copies_keep_theirs(tmp_path):
    layers = synthetic_layers(300, 20, seed=3)
    m = build_map(layers, "en", summary_from=100)
    snapshot = copy.deepcopy(m)  # what the downloads use
    moved = externalise(m, tmp_path, "/app/static/cache", min_bytes=2_000)
    assert moved >= 2
    script = m.get_root().render()
    files = sorted(tmp_path.glob("*.json"))
    assert files and all(f'/app/static/cache/{f.name}' in script for f in files)
    # A file holds the spec it replaces, named by its content: the same map writes no more.
    tiled = next(e for e in _elements(m) if isinstance(e, TiledLayer))
    big = max(range(len(tiled.tiles)), key=lambda i: tiled.tiles[i]["n"])
    name = tiled.srcs[big].rsplit("/", 1)[1]
    assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == tiled.tiles[big]["spec"]
    assert (tmp_path / name).read_bytes() == spec_bytes(tiled.tiles[big]["spec"])
    # Every tile goes to a file, however small (fetched only when in view) ...
    assert all(tiled.srcs[i] for i in range(len(tiled.tiles)))
    # ... while small ordinary layers stay in the script.
    assert '"cls": "fm-cold-store"' in script or '"cls":"fm-cold-store"' in script
    externalise(copy.deepcopy(snapshot), tmp_path, "/app/static/cache", min_bytes=2_000)
    assert sorted(tmp_path.glob("*.json")) == files
    # The copy taken before keeps its data inline (an export must work offline).
    inline = snapshot.get_root().render()
    assert "/app/static/cache/" not in inline and "fmTiled(" in inline
    assert len(inline) > len(script)


def test_texts_are_escaped_all_at_once_like_one_by_one():
    from fruitmap.maps.html import esc
    from fruitmap.maps.layer import esc_all

    values = ['a<b', None, '"x\'&', "", "nul\x00inside", 3]
    assert esc_all(values) == [esc(v) for v in values]
    assert esc_all([]) == [] and esc_all([""]) == [""]


def test_old_unused_data_files_are_pruned_but_not_those_in_use(tmp_path):
    import os
    import time

    from fruitmap.maps.channel import prune, store_in

    url = store_in(tmp_path, "/d", min_bytes=0)({"n": 1})
    used = tmp_path / url.rsplit("/", 1)[1]
    stale = tmp_path / "0123.json"
    stale.write_text("{}")
    fresh = tmp_path / "4567.json"
    fresh.write_text("{}")
    month_ago = time.time() - 30 * 86_400
    for path in (used, stale):
        os.utime(path, (month_ago, month_ago))
    assert prune(tmp_path) == 1
    assert used.exists() and fresh.exists() and not stale.exists()

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
from fruitmap.maps.channel import externalise, spec_bytes, store_in, wait_for_files
from fruitmap.maps.layer import TextColumns, specs_in, texts_of
from fruitmap.maps.summary import hex_cells, hex_centres, hex_summary, hexagons
from fruitmap.maps.tiled import LazyTiles, TiledLayer, polygon_tiles, tile_groups, tile_index
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


def test_tile_index_groups_by_box_centre_and_bounds_whole_features():
    # Tiles of 0.125°: box 0 (centre 104.01, 21.01) and box 2 (centre 104.1, 21.1) are in
    # cell (832, 168); box 1 (centre 104.2, 21.01) in cell (833, 168). Box 2 reaches past
    # its cell (to 104.13): its tile's bounds include all of it.
    boxes = np.array([[104.00, 21.00, 104.02, 21.02],
                      [104.19, 21.00, 104.21, 21.02],
                      [104.07, 21.09, 104.13, 21.11]])
    groups, bounds = tile_index(boxes, 0.125)
    assert [g.tolist() for g in groups] == [[0, 2], [1]]
    assert bounds.tolist() == [[104.00, 21.00, 104.13, 21.11], [104.19, 21.00, 104.21, 21.02]]
    empty_groups, empty_bounds = tile_index(np.empty((0, 4)))
    assert empty_groups == [] and empty_bounds.shape == (0, 4)


def test_lazy_tiles_are_made_once_and_only_when_asked():
    made = []

    def make():
        made.append(1)
        return [{"b": [0, 0, 1, 1], "n": 2, "spec": {"kind": "polygon", "cls": "c", "n": 2}}]

    lazy = LazyTiles([{"b": [0, 0, 1, 1], "n": 2, "kind": "polygon", "cls": "c"}], make, "k")
    layer = TiledLayer("c", {"kind": "polygon", "cls": "s", "n": 0}, lazy, 12,
                       [[0, 0], [1, 1]])
    assert layer.features == 2 and made == []
    # A store that writes later: the script refers to the files, nothing is made now.
    layer.externalise(_LaterStore())
    assert '"src":"/later/0"' in layer.spec_json.replace(" ", "") and made == []
    assert layer.tiles[0]["n"] == 2 and lazy.specs() == [{"kind": "polygon", "cls": "c",
                                                           "n": 2}]
    assert made == [1]  # made once, kept
    assert lazy.key == "tiles-v1|k"
    wrong = LazyTiles(lazy.index * 2, make)
    with pytest.raises(ValueError):
        wrong.tiles()  # the index said two tiles, make gave one


class _LaterStore:
    def __call__(self, spec, always=False):
        return None

    def later(self, key, count, make):
        return [f"/later/{i}" for i in range(count)]


def test_lazy_tiles_of_a_map_hold_the_zones_of_their_index():
    from fruitmap.maps.html import esc

    layers = synthetic_layers(300, 20, seed=3)
    tiled = next(e for e in _elements(build_map(layers, "en", summary_from=100))
                 if isinstance(e, TiledLayer))
    index, tiles = tiled.lazy.index, tiled.tiles
    assert [e["n"] for e in index] == [t["n"] for t in tiles] and sum(e["n"] for e in index) \
        == 300
    for entry, tile in zip(index, tiles, strict=True):
        assert entry["cls"] == tile["spec"]["cls"] == "fm-zone"
        # The index bounds (raw boxes) and the drawn tile's (rounded to 1e-5°) agree.
        assert entry["b"] == pytest.approx(tile["b"], abs=2e-5)
    names = [n for t in tiles for n in texts_of(t["spec"], t["spec"]["tip"][0])]
    assert sorted(names) == sorted(esc(n) for n in layers["zones"]["name"].astype(str))


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
    m = build_map(layers, "en", summary_from=100, tiles_key="ws|v1|en|no filter")
    snapshot = copy.deepcopy(m)  # what the downloads use
    tiled = next(e for e in _elements(m) if isinstance(e, TiledLayer))
    assert not tiled.lazy.built  # building the map made the index and hexagons only
    moved = externalise(m, tmp_path, "/app/static/cache", min_bytes=2_000, secret="s3cret")
    assert moved >= 2
    script = m.get_root().render()
    assert wait_for_files(60)  # the background thread has written every tile
    files = sorted(tmp_path.glob("*.json"))
    assert files and all(f'/app/static/cache/{f.name}' in script for f in files)
    # Every tile goes to a file, however small (fetched only when in view), named from the
    # secret, the key and its number, and holding the spec it replaces ...
    names = store_in(tmp_path, "/x", secret="s3cret").names(tiled.lazy.key, len(tiled.tiles))
    assert [tiled.srcs[i].rsplit("/", 1)[1] for i in range(len(tiled.tiles))] == names
    big = max(range(len(tiled.tiles)), key=lambda i: tiled.tiles[i]["n"])
    assert (tmp_path / names[big]).read_bytes() == spec_bytes(tiled.tiles[big]["spec"])
    # ... which another secret could not have named.
    assert not set(store_in(tmp_path, "/x", secret="other").names(tiled.lazy.key, 3)) & set(names)
    # ... while small ordinary layers stay in the script.
    assert '"cls": "fm-cold-store"' in script or '"cls":"fm-cold-store"' in script
    externalise(copy.deepcopy(snapshot), tmp_path, "/app/static/cache", min_bytes=2_000,
                secret="s3cret")
    assert wait_for_files(60) and sorted(tmp_path.glob("*.json")) == files
    # The copy taken before keeps its data inline (an export must work offline).
    inline = snapshot.get_root().render()
    assert "/app/static/cache/" not in inline and "fmTiled(" in inline
    assert len(inline) > len(script)


def test_tile_files_of_a_known_key_are_reused_not_made_again(tmp_path):
    # An app started again: the files of the same key exist, so nothing is made.
    store = store_in(tmp_path, "/d", secret="k")
    made = []

    def make():
        made.append(1)
        return [{"n": 1}, {"n": 2}]

    urls = store.later("ws|v1", 2, make)
    assert wait_for_files(30) and made == [1]
    assert [json.loads((tmp_path / u.rsplit("/", 1)[1]).read_text()) for u in urls] == \
        [{"n": 1}, {"n": 2}]
    assert store_in(tmp_path, "/d", secret="k").later("ws|v1", 2, make) == urls
    assert wait_for_files(30) and made == [1]
    # Another version of the workspace names other files.
    assert store.later("ws|v2", 2, make) != urls
    assert wait_for_files(30) and made == [1, 1]


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

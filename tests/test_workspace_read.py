"""Reading a workspace through Arrow gives the frames the plain read gave (issue 9).

``Workspace.read`` asks pyogrio for Arrow data (about 2.5x less CPU for 200,000 zones). The
pages rely on the columns, dtypes and values being what they were: every stored layer and
table of the demo, and a layer with extra columns holding gaps (an integer, a date, a text),
must come back the same as through the plain read.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from fruitmap.columns import from_storage
from fruitmap.schema import LAYERS, get_layer
from fruitmap.workspace.geopackage import Workspace


def _plain(ws: Workspace, name: str) -> pd.DataFrame:
    layer = get_layer(name)
    if layer.is_spatial:
        raw = gpd.read_file(ws.gpkg, layer=name, engine="pyogrio", use_arrow=False)
        out = from_storage(raw, layer)
        return gpd.GeoDataFrame(out, geometry="geometry", crs=raw.crs)
    return from_storage(pyogrio.read_dataframe(ws.gpkg, layer=name, read_geometry=False,
                                               use_arrow=False), layer)


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    from fruitmap.demo import write_demo

    path = tmp_path_factory.mktemp("arrow") / "ws"
    write_demo(path)
    return Workspace(path)


def test_every_demo_layer_reads_as_before(demo_ws):
    stored = set(demo_ws.layer_names())
    for name in LAYERS:
        if name in stored:
            pd.testing.assert_frame_equal(demo_ws.read(name), _plain(demo_ws, name))


def test_extra_columns_with_gaps_read_as_before(demo_ws, tmp_path):
    zones = demo_ws.read("zones").head(3).copy()
    zones["plots"] = pd.array([4, None, 6], dtype="Int64")
    zones["surveyed"] = pd.to_datetime(["2024-01-05", None, "2024-03-01"])
    zones["note"] = ["dốc", None, ""]
    zones["geometry"] = [shapely.Point(104.0, 21.3), None, shapely.Point(104.1, 21.2)]
    path = tmp_path / "ws"
    path.mkdir()
    gpd.GeoDataFrame(zones, geometry="geometry", crs=4326).assign(
        zone_id=["A", "B", "C"], off_season=[True, False, np.nan]
    ).drop(columns=["certification"]).to_file(path / "fruitmap.gpkg", layer="zones")
    ws = Workspace(path)
    pd.testing.assert_frame_equal(ws.read("zones"), _plain(ws, "zones"))

"""ui.common.layers(): frames shared from st.cache_resource, and no page changes them."""

import geopandas as gpd
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from streamlit.testing.v1 import AppTest

from fruitmap.workspace.geopackage import Workspace
from tests.test_pages_apptest import (  # noqa: F401  (the fixture routes pages through app.py)
    APP,
    PAGES,
    route_through_app_py,
    run_page,
)


def test_layers_are_shared_not_copied(app_env):
    from ui.common import layers

    first, second = layers(), layers()
    assert first is not second  # a new dict: a caller may add or replace keys
    assert set(first) == set(second)
    for name in first:
        assert first[name] is second[name], name  # the same frames: no copy per call


def test_a_new_dict_does_not_leak_keys(app_env):
    from ui.common import layers

    data = layers()
    data["zones"] = data["zones"].iloc[:0]
    data["extra"] = None
    again = layers()
    assert "extra" not in again
    assert len(again["zones"]) > 0



def _assert_same(cached, fresh, name):
    assert list(cached.columns) == list(fresh.columns), name
    if isinstance(fresh, gpd.GeoDataFrame):
        assert_geodataframe_equal(cached, fresh, check_like=False)
    else:
        pd.testing.assert_frame_equal(cached, fresh)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_page_changes_the_shared_frames(app_env, lang):
    from ui.common import layers

    assert "pages/explorer.py" in PAGES and "pages/gap.py" in PAGES
    for page in PAGES:
        at = run_page(page, lang)
        assert not at.exception, (page, [e.message for e in at.exception])
    # The explorer once more with filters, so that the filtering code runs on the frames.
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["explorer_query"] = "a"
    at.session_state["explorer_crops"] = ["plum"]
    at.run()
    at.switch_page("pages/explorer.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    cached = layers()
    fresh = Workspace(app_env).read_all()
    assert set(cached) == set(fresh)
    for name in fresh:
        _assert_same(cached[name], fresh[name], name)

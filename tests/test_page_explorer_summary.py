"""AppTest of the explorer above the summary threshold (hexagons + tiles), vi and en.

The demo workspace (739 zones) is made to take the 200,000-zone path by lowering the
threshold to 100 zones: the frame's script then holds the hexagons and references to tile
files (written to a temporary folder), not the zones themselves.
"""

import pytest
import streamlit as st

from fruitmap.i18n import t
from fruitmap.maps.channel import wait_for_files
from tests.test_page_explorer import map_script, run_explorer, zone_count


@pytest.fixture()
def summarised_env(app_env, monkeypatch, tmp_path):
    monkeypatch.setattr("fruitmap.maps.build.SUMMARY_FROM", 100)
    monkeypatch.setattr("ui.map_frame.DATA_DIR", tmp_path)
    st.cache_resource.clear()  # maps built with the usual threshold by other tests
    yield tmp_path
    st.cache_resource.clear()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_explorer_sends_hexagons_and_tile_references(summarised_env, lang):
    at = run_explorer(lang)
    script = map_script(at)
    assert "fmTiled(" in script
    assert zone_count(script) == 0  # no zone layer in the script itself
    assert t("map.summary.zoom", lang) in script  # the hexagons' tooltips, in the language
    assert t("map.summary.legend", lang, km="5").split("(")[0] in script  # the legend note
    # The tiles are made and written by a background thread; their names are in the script
    # at once.
    assert wait_for_files(60)
    tiles = list(summarised_env.glob("*.json"))
    assert tiles and all(f"/app/static/cache/{f.name}" in script for f in tiles)

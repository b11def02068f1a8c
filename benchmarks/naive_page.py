"""Naive folium in Streamlit: ``st_folium`` of plain folium's map (see ``naive.py``).

What a first version of the explorer would be, and the like-for-like anchor of
``bench_map.py``: timed from opening the page to the map drawn, as the explorer is, on the
same workspace (``FRUITMAP_WORKSPACE``). The workspace's layers are kept between runs
(``st.cache_resource``), so a second visit is "warm" as the explorer's is; the folium map is
made on every run, as plain folium pages do.

``bench_map.py`` runs this file from a folder of its own holding a link to the app's
``static/`` (Streamlit serves ``static/`` next to the main script).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, os.environ["FRUITMAP_ROOT"])
sys.path.insert(0, str(Path(os.environ["FRUITMAP_ROOT"]) / "benchmarks"))

from naive import naive_map, served_locally  # noqa: E402

from fruitmap.workspace.geopackage import Workspace  # noqa: E402


@st.cache_resource(show_spinner=False)
def _layers(path: str) -> dict:
    return Workspace(Path(path)).read_all()


st.title("naive folium")
# Made anew on every run: st_folium changes the map it draws, and a folium map drawn once
# draws nothing the second time (tried: the frame stays empty).
m = served_locally(naive_map(_layers(os.environ["FRUITMAP_WORKSPACE"])))
st_folium(m, height=640, use_container_width=True, returned_objects=[])

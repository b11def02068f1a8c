"""Create the default workspace from the bundled demo on first run."""

from __future__ import annotations

import os

import streamlit as st

from fruitmap.workspace import default_workspace_path


def ensure_workspace() -> None:
    """Write the demo workspace to the default folder when no workspace exists yet.

    Only the default folder is filled automatically; a folder named by ``FRUITMAP_WORKSPACE``
    that holds no workspace is reported instead, so a typo never silently shows demo data.
    """
    path = default_workspace_path()
    if (path / "fruitmap.gpkg").exists() or os.environ.get("FRUITMAP_WORKSPACE"):
        return
    from fruitmap.demo import write_demo

    with st.spinner("Đang tạo dữ liệu minh hoạ… / Creating the demo workspace…"):
        write_demo(path)

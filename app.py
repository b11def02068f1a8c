"""fruitmap: entry point and router. Run with ``streamlit run app.py``."""

from __future__ import annotations

import streamlit as st

from ui.common import error_boundary, language_selector, tr
from ui.workspace_setup import ensure_workspace

st.set_page_config(page_title="fruitmap – Sơn La", page_icon="🥭", layout="wide")

language_selector()
with error_boundary():
    ensure_workspace()

# (file, title key, url path). Emoji icons: material icons are fetched from the internet.
PAGES = [
    ("pages/overview.py", "nav.overview", "overview", "🏠"),
    ("pages/explorer.py", "nav.explorer", "explorer", "🗺️"),
    ("pages/data.py", "nav.data", "data", "🗂️"),
    ("pages/upload.py", "nav.upload", "upload", "📤"),
    ("pages/gap.py", "nav.gap", "gap", "📉"),
    ("pages/targets.py", "nav.targets", "targets", "🎯"),
    ("pages/meeting_pack.py", "nav.meeting_pack", "meeting-pack", "📑"),
]

navigation = st.navigation(
    [st.Page(path, title=tr(key), url_path=url, icon=icon, default=(i == 0))
     for i, (path, key, url, icon) in enumerate(PAGES)]
)
navigation.run()

"""Streamlit glue shared by the pages: language, cached workspace loading, the error boundary.

This package is the only place besides ``app.py`` and ``pages/`` that imports streamlit; the
``fruitmap`` library stays free of it. Session-state keys are declared in ``ui.state`` and each
has one owner.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

# A folder called pages/ beside app.py makes a freshly started Streamlit server run a
# deep-linked page (say /explorer) on its own, in the old multipage mode, skipping app.py
# (no language switch, raw file names in the menu) until someone opens the root URL.
# app.py's st.navigation clears this flag for good; when a page is the first thing a server
# runs, clear it here and rerun, so the request goes through app.py's router like any other.
# (The server's warm-up, ui.warmup, imports this package outside any session: no rerun then.)
if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    if get_script_run_ctx(suppress_warning=True) is not None:
        st.rerun()

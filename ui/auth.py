"""Who is using the app: the logged-in account of a shared (PostGIS) server.

On a one-machine GeoPackage workspace nobody logs in and :func:`current_account` is None;
pages then behave as they always did (everything allowed, the person typed by hand).
"""

from __future__ import annotations

import streamlit as st

from ui import state


def current_account():
    """Return the logged-in :class:`fruitmap.server.accounts.Account`, or None."""
    return st.session_state.get(state.ACCOUNT)

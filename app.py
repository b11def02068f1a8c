"""fruitmap: entry point and router. Run with ``streamlit run app.py``."""

from __future__ import annotations

from ui.first_run import first_run_alone

# A fresh server's first sessions import everything at once; one at a time (ui.first_run).
with first_run_alone("app"):
    import streamlit as st

    from ui.auth import account_sidebar, may_view, navigation
    from ui.common import error_boundary, language_selector
    from ui.permalink import link_panel, show_notices, sync_from_url, write_to_url
    from ui.workspace_setup import ensure_workspace

st.set_page_config(page_title="fruitmap – Sơn La", page_icon="🥭", layout="wide")

language_selector()

# (file, title key, url path). Emoji icons: material icons are fetched from the internet.
PAGES = [
    ("pages/overview.py", "nav.overview", "overview", "🏠"),
    ("pages/explorer.py", "nav.explorer", "explorer", "🗺️"),
    ("pages/gap.py", "nav.gap", "gap", "📉"),
    ("pages/targets.py", "nav.targets", "targets", "🎯"),
    ("pages/scenarios.py", "nav.scenarios", "scenarios", "🧪"),
    ("pages/siting.py", "nav.siting", "siting", "📍"),
    ("pages/upload.py", "nav.upload", "upload", "📤"),
    ("pages/data.py", "nav.data", "data", "🗂️"),
    ("pages/meeting_pack.py", "nav.meeting_pack", "meeting-pack", "📑"),
    ("pages/present.py", "nav.present", "present", "📽️"),
    ("pages/admin.py", "nav.admin", "admin", "🔑"),
    ("pages/login.py", "nav.login", "login", "👤"),
]
# Sidebar sections: url path → section title key (pages not listed go under "explore").
SECTIONS = {"upload": "nav.section.data", "data": "nav.section.data",
            "meeting-pack": "nav.section.present", "present": "nav.section.present"}

# Navigation is declared before the (possibly slow) first-run demo set-up, so the sidebar
# shows the translated page names from the first moment. On a shared (PostGIS) server it
# follows the account's role (ui.auth.pages_for): a page left out has no address either.
navigation = navigation(PAGES, SECTIONS)
sync_from_url(navigation.url_path)  # a link's view seeds the widgets before they are drawn
with error_boundary():
    ensure_workspace()
account_sidebar()
show_notices()
with first_run_alone(navigation.url_path):
    navigation.run()
write_to_url(navigation.url_path)  # the address bar stays a link to what is on screen
if may_view():  # before a login nothing of the workspace shows, saved views included
    link_panel()

"""The workspace folder on first run: the default demo, the start choices, the refusal.

The default folder (no ``FRUITMAP_WORKSPACE``) is filled with the demo on first run. A folder
named by ``FRUITMAP_WORKSPACE`` is never filled behind the user's back (a typo must not show
demo data): while it is missing or empty every page shows :func:`start_choices`, and a folder
that holds something else is refused in plain words and left untouched.
"""

from __future__ import annotations

import os

import streamlit as st

from fruitmap.errors import FruitmapError
from fruitmap.schema import LAYERS
from fruitmap.workspace.dburl import is_database_url
from fruitmap.workspace.geopackage import Workspace, default_workspace_path
from fruitmap.workspace.location import default_location
from fruitmap.workspace.starter import (
    FolderCheck,
    FolderState,
    inspect_folder,
    start_demo,
    start_from_scratch,
)
from ui import state
from ui.auth import page_link
from ui.common import error_boundary, lang, tr, workspace

UPLOAD_PAGE = "pages/upload.py"


def ensure_workspace() -> None:
    """Write the demo workspace to the default folder when it is missing or empty.

    Only the default folder is filled automatically; a folder named by ``FRUITMAP_WORKSPACE``
    that holds no workspace gets the start choices instead (see :func:`require_workspace`).
    """
    if os.environ.get("FRUITMAP_WORKSPACE"):
        return
    check = folder_check()
    if not check.startable:
        return  # a workspace already, or something else that require_workspace refuses
    with st.spinner("Đang tạo dữ liệu minh hoạ… / Creating the demo workspace…"):
        start_demo(check.path)


@st.cache_data(show_spinner=False, max_entries=8)
def _inspect_gpkg_folder(path: str, token: str) -> FolderCheck:
    # Opening the GeoPackage to check it costs tens of ms on every rerun of every page; the
    # answer only changes with the file, which token follows.
    return inspect_folder(path)


def folder_check() -> FolderCheck:
    """Return what the app's workspace folder holds (see :func:`fruitmap.workspace.starter.inspect_folder`)."""
    ws = Workspace(default_workspace_path())
    if ws.gpkg.is_file():
        return _inspect_gpkg_folder(str(ws.path), ws.token())
    return inspect_folder(ws.path)  # a listing only: cheap, and must see a new stray file


def workspace_ready() -> bool:
    """Return True when the app's folder holds a workspace; else say what to do about it.

    A missing or empty folder shows :func:`start_choices`; a folder that holds something else
    shows the refusal naming the folder and what it holds. After a start, the message saying
    what was created is shown once.
    """
    if is_database_url(default_location()):
        return _database_ready(need_data=True)
    check = folder_check()
    if check.state is FolderState.WORKSPACE:
        flash = st.session_state.pop(state.START_FLASH, None)
        if flash:
            st.success(flash, icon="✅")
        return True
    if check.startable:
        start_choices(check)
    else:
        refuse(check)
    return False


def require_workspace() -> None:
    """Let the page go on only when its folder holds a workspace (see :func:`workspace_ready`).

    Otherwise the page stops after the start choices or the refusal.
    """
    if not workspace_ready():
        st.stop()


def _database_ready(need_data: bool) -> bool:
    """The same question for a PostGIS workspace: reachable, set up and (if ``need_data``)
    holding data. Otherwise say why (unreachable, not set up, or still empty: ``db load``)."""
    ws = workspace()
    try:
        if ws.exists() or (not need_data and ws.initialised()):
            return True
        if ws.initialised():
            st.info(tr("server.empty", path=str(ws.path)), icon="ℹ️")
            return False
        ws.read("history")  # raises database_not_initialised with its plain words
    except FruitmapError as exc:
        st.error(f"**{tr('app.error_title')}**\n\n" + exc.message(lang()))
    return False


def refuse(check: FolderCheck) -> None:
    """Show why the folder of ``check`` is not used (it is left as it is)."""
    st.error(f"**{tr('app.error_title')}**\n\n" + check.refusal().message(lang()))


def upload_allowed() -> bool:
    """Tell the upload page whether it may run: on a workspace, or a missing/empty folder.

    On a missing or empty folder it says that the first import creates the workspace; on a
    folder that holds something else it shows the refusal and returns False.
    """
    if is_database_url(default_location()):
        return _database_ready(need_data=False)
    check = folder_check()
    if check.state is FolderState.WORKSPACE:
        return True
    if check.startable:
        st.info(tr("start.upload_new", path=str(check.path)), icon="ℹ️")
        return True
    refuse(check)
    return False


def start_choices(check: FolderCheck) -> None:
    """The shared empty state: load the demo, or start from scratch with the boundaries.

    A click writes the workspace (refused, and nothing written, if the folder changed into
    something else meanwhile) and reruns, so the page shows the new data.
    """
    st.subheader(tr("start.title"))
    st.write(tr("start.intro", path=str(check.path)))
    demo, scratch = st.columns(2, gap="large")
    with demo.container(border=True):
        st.markdown(tr("start.demo.help"))
        if st.button(tr("start.demo.button"), key=state.START_DEMO, icon="🥭",
                     width="stretch"):
            _start(start_demo, "start.done.demo", check)
    with scratch.container(border=True):
        st.markdown(tr("start.scratch.help"))
        if st.button(tr("start.scratch.button"), key=state.START_SCRATCH, icon="🗺️",
                     type="primary", width="stretch"):
            _start(start_from_scratch, "start.done.scratch", check)
    st.page_link(UPLOAD_PAGE, label=tr("start.upload_link"), icon="📤")


def _start(action, done_key: str, check: FolderCheck) -> None:
    # Caches key on the workspace file's token, which the write changes: no clearing needed.
    with error_boundary(), st.spinner(tr("start.spinner")):
        ws = action(check.path)
        st.session_state[state.START_FLASH] = tr(done_key, path=str(ws.path))
        st.rerun()


def missing_layer(layer: str) -> None:
    """Say that the workspace has no ``layer`` yet, with a link to the upload page.

    For pages that can show nothing useful without it (a workspace started from scratch
    has boundaries but no zones or plants).
    """
    st.info(tr("start.needs_layer", layer=LAYERS[layer].label(lang()), page=tr("nav.upload")),
            icon="ℹ️")
    page_link(UPLOAD_PAGE, label=tr("nav.upload"), icon="📤")

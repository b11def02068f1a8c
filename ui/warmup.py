"""The app prepares itself when the server starts: a warm-up before the first visitor.

A freshly started server spends seconds on its first page: importing streamlit's session
machinery, geopandas, folium, plotly and the ``ui`` modules, reading the workspace, building
the explorer's map and its frame arguments. Without a warm-up the first official to open the
dashboard after a restart waits for all of it. Streamlit's own server-start hook is the
lifespan of ``st.App`` (``serve.py``, what ``make run`` and ``make server`` start): it calls
:func:`lifespan`, which starts :func:`warm_up` on the server's event loop and returns at once,
so the server listens while the warm-up runs. ``streamlit run app.py`` still works and simply
does not warm up.

The warm-up

1. imports what the router (``app.py``) and the first opening page (the explorer) import
   (their top-level imports, read from the files, and :data:`FIRST_PAGE_LIBRARIES`) in a
   worker thread, under :func:`ui.first_run.first_run_alone`'s process-wide lock, so a
   session arriving meanwhile waits instead of meeting Python's import deadlock. Those first
   runs then need the lock no more (:func:`ui.first_run.mark_run`): a visitor opening the
   explorer while the warm-up builds its map runs alongside, sends the page and the empty
   map at once and waits only for the map itself. The other opening pages' modules are
   imported by their own runs in step 3: imported here, they kept the first visitor waiting
   ≈ 0.3 s longer for the lock (benchmarks/bench_map.py);
2. checks the workspace folder without Streamlit: missing, empty or not a workspace → it logs
   and stops there (the first visitor then gets what they get today: the demo written, the
   start choices or the refusal). A database is not read here;
3. opens the opening pages (:data:`PAGES`: the explorer's unfiltered map, the overview, the gap
   page's default month), giving way to visitors (:func:`give_way`: while a visitor's page
   runs, and for :data:`GIVE_WAY_S` after, it waits), in one **headless session** made inside
   this process (``Runtime.connect_session`` with a client that keeps no messages), in the
   default language, exactly as a visitor's browser asks for them. Every cache is filled by
   the pages' own code, with the keys a visitor's run uses;
4. waits for the background work those pages started (:func:`finish_background_work`).

Rights: the headless session carries no cookie, no header and no account, so it sees what an
anonymous visitor sees. On the shared server that is the login page only (or the viewer's
pages with ``FRUITMAP_ANONYMOUS_VIEW``); what it builds is then what every viewer sees, and
never more. It never logs in.

``FRUITMAP_WARMUP=0`` switches it off (to measure a cold server). Log lines (``fruitmap
warm-up: …``) say what was done and how long it took; the last one is ``ready`` (or
``stopped``) with the seconds since the server process started.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from ui.first_run import first_run_alone, mark_run

ROOT = Path(__file__).resolve().parent.parent
# What the first visitors open, in this order: the explorer (issue 9's target), the
# dashboard's landing page, the gap page. (url path in app.py's PAGES, page file)
PAGES = (("explorer", "pages/explorer.py"), ("overview", "pages/overview.py"),
         ("gap", "pages/gap.py"))
# app.py's first page is its home: its address is the site's root, not its url path.
HOME = "overview"
ROUTER = "app.py"
# What the first page's run imports inside functions (libraries and our own modules),
# imported with its top-level imports: its first run then imports nothing of these alongside
# another session's (tests/test_warmup.py checks that the explorer's run imports none).
FIRST_PAGE_LIBRARIES = ("geopandas", "pyogrio", "folium", "branca", "streamlit_folium",
                        "ui.progress_view", "ui.permalink", "ui.build_ahead",
                        "fruitmap.strings", "fruitmap.provenance", "fruitmap.report.images")
PAGE_TIMEOUT_S = 600.0
# The warm-up gives way to visitors: before each page it waits until no visitor's script has
# run for this long (their browser is still busy drawing what it just received).
GIVE_WAY_S = 2.0
_LOG_NAME = "fruitmap.warmup"


def enabled() -> bool:
    """Whether the warm-up runs (``FRUITMAP_WARMUP=0``/``false``/``no``/``off`` stops it)."""
    return os.environ.get("FRUITMAP_WARMUP", "1").strip().lower() not in (
        "0", "false", "no", "off")


def _log():
    from streamlit.logger import get_logger

    return get_logger(_LOG_NAME)


def _since_start() -> float:
    """Seconds since this server process started (Linux ``/proc``; else since import)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


_IMPORTED = time.monotonic()


def page_imports(page_file: str | Path) -> list[str]:
    """Return the modules a page file imports at its top level (``import x``, ``from x import``,
    and ``from ui import gap_view`` as ``ui.gap_view``).

    Read from the file's syntax tree, so the warm-up follows the pages as they change.
    """
    tree = ast.parse(Path(ROOT / page_file).read_text(encoding="utf-8"))
    names: list[str] = []
    # The router imports inside ``with first_run_alone("app"):``.
    body = [n for top in tree.body for n in (top.body if isinstance(top, ast.With) else [top])]
    for node in body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            # ``from ui import gap_view``: a module of ours, which importing ``ui`` skips.
            folder = ROOT.joinpath(*node.module.split("."))
            names += [f"{node.module}.{alias.name}" for alias in node.names
                      if (folder / f"{alias.name}.py").is_file()]
    return [n for n in dict.fromkeys(names) if n != "__future__"]


def import_pages(pages=PAGES[:1], libraries=FIRST_PAGE_LIBRARIES) -> list[str]:
    """Import the router's and ``pages``' modules and ``libraries`` under the first-run lock.

    Returns the modules imported (those already imported included). A module that fails to
    import is logged and skipped: the page will show the same failure to its visitor. The
    router's and the pages' first runs are then marked as done (:func:`ui.first_run.mark_run`)
    when every module they import came in, and the string tables are loaded.
    """
    wanted = page_imports(ROUTER) + [m for _, f in pages for m in page_imports(f)]
    wanted += list(libraries)
    done = []
    # declare_component warns once per component that it runs outside a session: expected
    # here, and the components are registered below.
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    with first_run_alone("warmup"):
        quiet.setLevel(logging.ERROR)
        before = set(sys.modules)
        try:
            for name in dict.fromkeys(wanted):
                try:
                    importlib.import_module(name)
                    done.append(name)
                except ImportError as exc:
                    _log().warning("fruitmap warm-up: cannot import %s: %s", name, exc)
            if len(done) == len(dict.fromkeys(wanted)):  # none failed
                from fruitmap.i18n import catalog

                catalog()  # every string table, imported once here rather than by two runs
                mark_run("app", *(url_path for url_path, _ in pages))
        finally:
            quiet.setLevel(level)
            register_components(set(sys.modules) - before)
    return done


def register_components(module_names) -> list[str]:
    """Register the custom components that ``module_names`` declared, as a session would.

    ``declare_component`` registers a component (whose files the server then serves at
    ``/component/NAME/``) only when it runs inside a session's script run. Imported here,
    outside any session, ``streamlit_folium`` would declare its map frame unregistered, and
    every visitor's map frame would get 404 for its files. Returns the names registered.
    """
    from streamlit import runtime
    from streamlit.components.v1.custom_component import CustomComponent

    if not runtime.exists():
        return []
    registry = runtime.get_instance().component_registry
    names = []
    for module_name in sorted(module_names):
        module = sys.modules.get(module_name)
        for value in list(getattr(module, "__dict__", {}).values()):
            if isinstance(value, CustomComponent) and value.name not in names:
                registry.register_component(value)
                names.append(value.name)
    return names


def workspace_problem() -> str | None:
    """Say why the workspace should not be warmed up, or None when it may be.

    A folder must hold a workspace (GeoPackage) with at least one zone; a database is left to
    the headless session (it reads only what an anonymous visitor may read).
    """
    from fruitmap.workspace.dburl import is_database_url
    from fruitmap.workspace.location import default_location
    from fruitmap.workspace.starter import FolderState, inspect_folder

    location = default_location()
    if is_database_url(str(location)):
        return None
    check = inspect_folder(location)
    if check.state is not FolderState.WORKSPACE:
        return f"the workspace folder {check.path} is {check.state.name.lower()}"
    import pyogrio

    from fruitmap.workspace.geopackage import GPKG_NAME

    # The feature count GeoPackage keeps for each layer: no rows are read here.
    try:
        zones = pyogrio.read_info(check.path / GPKG_NAME, layer="zones")["features"]
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        return f"the workspace {check.path} has no readable zones layer ({exc})"
    if zones == 0:
        return f"the workspace {check.path} holds no zones"
    return None


class HeadlessClient:
    """A session client that keeps no messages: it notes errors and when a run finished.

    ``write_forward_msg`` is called from the session's script thread and the event loop; the
    finish is handed to the loop thread-safely.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self.finished = asyncio.Event()
        self.errors: list[str] = []
        self.shown: str | None = None  # the script hash of the page the router ran

    @property
    def client_context(self):
        return None  # no request: no header, no cookie, no address

    def write_forward_msg(self, msg) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if msg.WhichOneof("type") == "navigation":
            # Which page the router runs: the shared server routes an anonymous visitor to
            # the login page, whatever was asked (ui.auth.pages_for).
            self.shown = msg.navigation.page_script_hash
        if (error := message_error(msg)) and error != "page not found":
            # "page not found": the router's answer to an anonymous visitor asking for a page
            # that needs a login (it shows the login page instead); seen through ``shown``.
            self.errors.append(error)
        if msg.WhichOneof("type") == "script_finished" and \
                msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
            self._loop.call_soon_threadsafe(self.finished.set)


def message_error(msg) -> str | None:
    """The error a ForwardMsg shows (exception, error box, compile error, no page), else None."""
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            return f"exception {element.exception.type}: {element.exception.message[:300]}"
        if which == "alert" and element.alert.format == element.alert.ERROR:
            return "error box: " + element.alert.body[:300]
    if kind == "page_not_found":
        return "page not found"
    if kind == "session_event" and \
            msg.session_event.WhichOneof("type") == "script_compilation_exception":
        return "script compilation exception"
    return None


async def open_pages(pages=PAGES, timeout_s: float = PAGE_TIMEOUT_S) -> dict[str, float | None]:
    """Open ``pages`` one after the other in one headless session; return seconds per page.

    A page an anonymous visitor may not open (the shared server's pages before a login) gets
    None: the router showed the login page instead, and nothing of the workspace was read.
    Stops at the first page that shows an error (logged): the visitors will see it too.
    Must run on the server's event loop (``Runtime`` is not thread-safe).
    """
    from streamlit import runtime
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.util import calc_hash  # st.Page's script hash is that of its url path

    rt = runtime.get_instance()
    client = HeadlessClient(asyncio.get_running_loop())
    session_id = rt.connect_session(client=client, user_info={})
    seconds: dict[str, float | None] = {}
    try:
        for url_path, _ in pages:
            waited = await give_way(rt, session_id)
            if waited > 0.05:
                _log().info("fruitmap warm-up: gave way to visitors for %.2f s before the %s "
                            "page", waited, url_path)
            client.finished.clear()
            client.shown = None
            request = BackMsg()
            request.rerun_script.query_string = ""
            request.rerun_script.page_name = "" if url_path == HOME else url_path
            t0 = time.perf_counter()
            rt.handle_backmsg(session_id, request)
            await asyncio.wait_for(client.finished.wait(), timeout_s)
            ran = client.shown == calc_hash(url_path)
            seconds[url_path] = time.perf_counter() - t0 if ran else None
            if client.errors:
                _log().warning("fruitmap warm-up: the %s page showed an error, stopping: %s",
                               url_path, client.errors[0])
                break
    finally:
        rt.close_session(session_id)
    return seconds


def finish_background_work(timeout_s: float = PAGE_TIMEOUT_S) -> float:
    """Wait for the app's background threads (named ``fruitmap-…``) to end; return seconds.

    The pages queue what their next widget changes show (other months and crops, the other
    language) for ``ui.build_ahead``'s worker once drawn, the largest maps write their tiles:
    work the warm-up's pages started, which "ready" must include (a visitor's page would
    otherwise share the CPU with it). The build-ahead worker lives as long as the server:
    its queue is waited for, not the thread.
    """
    t0 = time.perf_counter()
    deadline = t0 + timeout_s
    ahead = sys.modules.get("ui.build_ahead")
    if ahead is not None:
        ahead.wait(max(0.0, deadline - time.perf_counter()))
    for thread in threading.enumerate():
        if (thread.name.startswith("fruitmap-") and thread is not threading.current_thread()
                and thread.name != "fruitmap-build-ahead"):
            thread.join(max(0.0, deadline - time.perf_counter()))
    return time.perf_counter() - t0


def visitor_running(rt, own_session_id: str) -> bool | None:
    """Whether another session (a visitor) is running a script now; None: nobody else is here.

    Reads the session manager's sessions (Streamlit's own objects; pinned version).
    """
    from streamlit.runtime.app_session import AppSessionState

    others = [info.session for info in rt._session_mgr.list_active_sessions()
              if info.session.id != own_session_id]
    if not others:
        return None
    return any(getattr(s, "_state", None) == AppSessionState.APP_IS_RUNNING for s in others)


async def give_way(rt, own_session_id: str, idle_s: float = GIVE_WAY_S) -> float:
    """Wait while visitors are busy: until none has run a script for ``idle_s`` seconds.

    Returns the seconds waited (0 when no visitor is connected). The warm-up's pages after the
    first would otherwise take CPU and the GIL from the first visitor's own page.
    """
    t0 = quiet = time.monotonic()
    while True:
        busy = visitor_running(rt, own_session_id)
        now = time.monotonic()
        if busy is None or (not busy and now - quiet >= idle_s):
            return now - t0
        if busy:
            quiet = now
        await asyncio.sleep(0.1)


async def warm_up() -> bool:
    """Prepare the app (see the module's description); return True when every page ran.

    Never raises: whatever goes wrong is logged and the app behaves as without a warm-up.
    """
    log = _log()
    if not enabled():
        log.info("fruitmap warm-up: off (FRUITMAP_WARMUP=0)")
        return False
    t0 = time.perf_counter()
    try:
        modules = await asyncio.to_thread(import_pages)
        log.info("fruitmap warm-up: %d modules imported in %.2f s", len(modules),
                 time.perf_counter() - t0)
        problem = await asyncio.to_thread(workspace_problem)
        if problem:
            log.info("fruitmap warm-up: stopped after the imports (%.2f s since the server "
                     "started): %s", _since_start(), problem)
            return False
        seconds = await open_pages()
        background = await asyncio.to_thread(finish_background_work)
    except Exception as exc:  # noqa: BLE001  (a warm-up must never stop the server)
        log.warning("fruitmap warm-up: stopped (%.2f s since the server started): %r",
                    _since_start(), exc)
        return False
    pages = ", ".join(f"{name} {s:.2f} s" if s is not None else f"{name} needs a login"
                      for name, s in seconds.items())
    complete = len(seconds) == len(PAGES)
    log.info("fruitmap warm-up: %s %.2f s after the server process started (warm-up "
             "%.2f s: pages %s; then %.2f s for the work they started in the background)",
             "ready" if complete else "stopped", _since_start(), time.perf_counter() - t0,
             pages, background)
    return complete


# The task is kept here so that it is not garbage-collected while it runs.
_TASKS: set[asyncio.Task] = set()


@asynccontextmanager
async def lifespan(app) -> AsyncIterator[None]:
    """``st.App``'s lifespan: start :func:`warm_up` in the background, then serve.

    The server answers (health, pages) while the warm-up runs; a visitor arriving meanwhile
    waits for the pages' first-run lock rather than doing the same work alongside.
    """
    from streamlit.runtime.pages_manager import PagesManager

    # app.py routes every page with st.navigation. Left undecided, the first session would
    # find pages/ beside app.py and run a deep-linked page on its own, without the router
    # (and so without ui.auth's login routing); ui/__init__ undoes that with a rerun, but only
    # when it is first imported inside a session, and the warm-up imports it before any.
    # Decided here, before the server accepts a connection.
    PagesManager.uses_pages_directory = False
    loop = asyncio.get_running_loop()
    # uvicorn runs on uvloop when it is installed (requirements.txt): the page's ≈ 130
    # scripts and the map's message go out faster (a warm explorer 1.37 s against 1.73 s).
    _log().info("fruitmap: the server's event loop is %s", type(loop).__module__.split(".")[0])
    task = loop.create_task(warm_up(), name="fruitmap-warm-up")
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    try:
        yield
    finally:
        task.cancel()

"""Build in the background what a page will likely be asked for next, once it is drawn.

A widget change that does not change the data should cost little of the server's time, but
its first occurrence still had to build what it shows: another month or crop of the gap
page, or the whole page again in the other language (figures, tables and maps are built per
language: 0.5 s of CPU at 20,000 zones). Pages hand such work to :func:`ahead` after they are
drawn; it runs in one background thread into the same shared caches the page reads
(:mod:`ui.page_cache`, ``st.cache_resource``), so that the change finds it built.

- One daemon thread for the whole server works through a priority queue: :data:`NEXT` (what
  the page's next widget change most likely shows) before :data:`LANGUAGE` (the same page in
  the other language), first come first served within a priority.
- It waits while a script run is going on in the server (a page being drawn), so that it
  competes with no user's run for the interpreter; a run that starts during a job still
  shares the interpreter with it, which is why pages queue many small jobs, not one big one.
- Each job is queued once per key (what it builds, stated like a cache key). The record of
  keys is bounded (:data:`MAX_JOBS`): the oldest finished keys are forgotten first, and a job
  offered while the record is full of waiting jobs is dropped. A job forgotten and offered
  again runs again, and then finds its pieces in the caches.
- A failing job is logged (never shown: no page is drawing it) and the next job runs; the page
  that later asks for the same piece builds it itself and reports what is wrong.

The job runs with the script-run context of the run that queued it (Streamlit's caches then
work as in the page); it must draw nothing and read the session's state as little as it can:
pages pass the language and the map view in explicitly.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import SCRIPT_RUN_CONTEXT_ATTR_NAME

from fruitmap.errors import FruitmapError

NEXT = 0
LANGUAGE = 1
MAX_JOBS = 256  # keys remembered (finished or waiting)
# A job waits at most this long for the script runs going on to end, then runs anyway (on a
# server always busy, the built-ahead pieces would otherwise never come).
MAX_PAUSE_S = 5.0
_POLL_S = 0.05
# Streamlit's script threads (a page being drawn) carry this name.
_SCRIPT_THREAD = "ScriptRunner.scriptThread"

_LOG = logging.getLogger(__name__)
_lock = threading.Condition()
_record: OrderedDict[Hashable, bool] = OrderedDict()  # key → finished
_queue: list = []  # heap of (priority, order, key, context, work)
_order = itertools.count()
_running = 0  # jobs taken by the worker and not yet finished
_worker: threading.Thread | None = None


def other_language(language: str) -> str:
    """Return the interface's other language (``"en"`` for ``"vi"`` and back)."""
    return "en" if language == "vi" else "vi"


def ahead(key: Hashable, work: Callable[[], object], priority: int = NEXT) -> bool:
    """Queue ``work()`` to run in the background, once per ``key``; never wait for it.

    Parameters
    ----------
    key : hashable
        What the job builds, as small values (``("gap.language", data key, crop, "en")``):
        a key already queued or done is not queued again.
    work : callable
        Builds into the shared caches; draws nothing. Its result is dropped.
    priority : int
        :data:`NEXT` or :data:`LANGUAGE` (run after every :data:`NEXT` job queued).

    Returns
    -------
    bool
        True when queued; False when known already, or when the record is full of jobs
        still waiting (dropped: the page builds it on the spot if it is ever asked for).
    """
    global _worker
    with _lock:
        if key in _record:
            _record.move_to_end(key)
            return False
        if len(_record) >= MAX_JOBS and not _forget_finished():
            _LOG.info("build-ahead queue full: %r dropped", key)
            return False
        _record[key] = False
        heapq.heappush(_queue, (priority, next(_order), key, get_script_run_ctx(
            suppress_warning=True), work))
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work_loop, name="fruitmap-build-ahead",
                                       daemon=True)
            _worker.start()
        _lock.notify_all()
    return True


def _forget_finished() -> bool:
    # Under _lock: drop the oldest finished key; False when every key is still waiting.
    for key, finished in _record.items():
        if finished:
            del _record[key]
            return True
    return False


def wait(timeout: float | None = None) -> bool:
    """Block until every queued job has run; return False if ``timeout`` seconds passed first.

    For tests and benchmarks: pages never wait.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    with _lock:
        while _queue or _running:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            _lock.wait(left)
    return True


def pending() -> int:
    """Return how many jobs are queued or running."""
    with _lock:
        return len(_queue) + _running


def recorded() -> int:
    """Return how many job keys are remembered (at most :data:`MAX_JOBS`)."""
    with _lock:
        return len(_record)


def _scripts_running() -> bool:
    return any(t.name == _SCRIPT_THREAD and t.is_alive() for t in threading.enumerate())


def _work_loop() -> None:
    try:  # the lowest CPU priority for this thread (Linux: per thread); nothing if refused
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass
    global _running
    while True:
        with _lock:
            while not _queue:
                _lock.wait()
        # Let the page that queued the job (and any other run) finish first.
        waited = 0.0
        while _scripts_running() and waited < MAX_PAUSE_S:
            time.sleep(_POLL_S)
            waited += _POLL_S
        with _lock:
            if not _queue:
                continue
            _priority, _n, key, context, work = heapq.heappop(_queue)
            _running += 1
        try:
            _run(key, context, work)
        finally:
            with _lock:
                _running -= 1
                if key in _record:
                    _record[key] = True
                _lock.notify_all()


def _run(key: Hashable, context, work: Callable[[], object]) -> None:
    if context is not None:
        # The queuing run's context: Streamlit's caches work as in the page (no warnings).
        add_script_run_ctx(threading.current_thread(), context)
    started = time.perf_counter()
    try:
        work()
    except FruitmapError as exc:
        # The page says what is wrong when that piece is asked for.
        _LOG.info("build-ahead job %r: %s", key, exc.message("en"))
    except Exception:  # noqa: BLE001 - a background job must never end the worker
        # Logged, not shown: no page is drawing this; the page that asks for the piece
        # builds it itself and shows what goes wrong there.
        _LOG.warning("build-ahead job %r failed", key, exc_info=True)
    else:
        _LOG.debug("build-ahead job %r: %.2f s", key, time.perf_counter() - started)
    finally:
        # Keep no session alive through this thread between jobs.
        setattr(threading.current_thread(), SCRIPT_RUN_CONTEXT_ATTR_NAME, None)

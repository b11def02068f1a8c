"""Build in the background what a page will likely be asked for next, once it is drawn.

A widget change that does not change the data should cost little of the server's time, but
its first occurrence still had to build what it shows: another month or crop of the gap
page, or the whole page again in the other language (figures, tables and maps are built per
language: 0.5 s of CPU at 20,000 zones). Pages hand such work to :func:`ahead` after they are
drawn; it runs in one background thread into the same shared caches the page reads
(:mod:`ui.page_cache`, ``st.cache_resource``), so that the change finds it built.

- One daemon thread for the whole server works through a priority queue: :data:`NEXT` (what
  the page's next widget change most likely shows, and cheap), then :data:`LANGUAGE` (the
  same page in the other language), then :data:`LATER` (likely but costly: the gap page's
  other crops, ≈ 3 s of CPU at 20,000 zones, which kept the other language from being ready
  within 8 s of a page opened on a loaded server); first come first served within a
  priority.
- Before each step of a job it waits while a script run is going on in the server (a page
  being drawn), and for :data:`GRACE_S` after the last run it saw, so that it competes with
  no user's run for the interpreter, nor with the sending of what a run just drew (at most
  :data:`MAX_PAUSE_S`, or a busy server would never get its pieces). A run that starts
  during a step still shares the interpreter with it: jobs come in small steps.
- Each job is queued once per key (what it builds, stated like a cache key). The record of
  keys is bounded (:data:`MAX_JOBS`): the oldest finished keys are forgotten first, and a job
  offered while the record is full of waiting jobs is dropped. A job forgotten and offered
  again runs again, and then finds its pieces in the caches.
- A job queued in a ``slot`` replaces the same session's job still waiting in that slot:
  only the page as it is now is worth building in the other language, not every state the
  user clicked through.
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
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import SCRIPT_RUN_CONTEXT_ATTR_NAME

from fruitmap.errors import FruitmapError

NEXT = 0
LANGUAGE = 1
LATER = 2
MAX_JOBS = 256  # keys remembered (finished or waiting)
# A step waits at most this long for the script runs going on to end, then runs anyway (on
# a server always busy, the built-ahead pieces would otherwise never come).
MAX_PAUSE_S = 5.0
# A step also waits until no script run has been seen for this long. A run's last message is
# still being sent when its thread ends (the explorer's map at 20,000 zones: 5 MB, ≈ 0.3 s of
# the event loop's time) and its browser then draws it: a job started at once took the
# interpreter from that send (a fresh server's first map drawn ≈ 0.15 s later, measured with
# benchmarks/bench_map.py). Tests without a browser set it to 0 (tests/conftest.py).
GRACE_S = 1.0
_POLL_S = 0.05
# Streamlit's script threads (a page being drawn) carry this name.
_SCRIPT_THREAD = "ScriptRunner.scriptThread"

_LOG = logging.getLogger(__name__)


@dataclass(eq=False)
class _Job:
    key: Hashable
    steps: Sequence[Callable[[], object]]
    context: object = None
    slot: Hashable = None
    dropped: bool = field(default=False)


_lock = threading.Condition()
_record: OrderedDict[Hashable, bool] = OrderedDict()  # key → finished
_queue: list = []  # heap of (priority, order, _Job); order is unique, so jobs never compare
_slots: dict[Hashable, _Job] = {}  # (session, slot) → its job still waiting
_order = itertools.count()
_running = 0  # jobs taken by the worker and not yet finished
_worker: threading.Thread | None = None


def other_language(language: str) -> str:
    """Return the interface's other language (``"en"`` for ``"vi"`` and back)."""
    return "en" if language == "vi" else "vi"


def ahead(key: Hashable, work: Callable[[], object] | Sequence[Callable[[], object]],
          priority: int = NEXT, slot: Hashable = None) -> bool:
    """Queue ``work`` to run in the background, once per ``key``; never wait for it.

    Parameters
    ----------
    key : hashable
        What the job builds, as small values (``("gap.language", data key, crop, "en")``):
        a key already queued or done is not queued again.
    work : callable or sequence of callables
        Builds into the shared caches and draws nothing; results are dropped. Several
        callables are steps, run in order, with a pause between them while a page is drawn.
    priority : int
        :data:`NEXT`, :data:`LANGUAGE` or :data:`LATER`: a job runs after every job of a
        lower number queued.
    slot : hashable, optional
        A job of the same session still waiting in this slot is replaced by this one.

    Returns
    -------
    bool
        True when queued; False when known already, or when the record is full of jobs
        still waiting (dropped: the page builds it on the spot if it is ever asked for).
    """
    global _worker
    context = get_script_run_ctx(suppress_warning=True)
    steps = tuple(work) if isinstance(work, Sequence) else (work,)
    with _lock:
        if key in _record:
            _record.move_to_end(key)
            return False
        place = None
        if slot is not None:
            place = (getattr(context, "session_id", None), slot)
            _drop(_slots.pop(place, None))
        if len(_record) >= MAX_JOBS and not _forget_finished():
            _LOG.info("build-ahead queue full: %r dropped", key)
            return False
        job = _Job(key, steps, context, place)
        _record[key] = False
        if place is not None:
            _slots[place] = job
        heapq.heappush(_queue, (priority, next(_order), job))
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work_loop, name="fruitmap-build-ahead",
                                       daemon=True)
            _worker.start()
        _lock.notify_all()
    return True


def _drop(job: _Job | None) -> None:
    # Under _lock: a waiting job replaced in its slot; its key may come again later.
    if job is not None:
        job.dropped = True
        _record.pop(job.key, None)


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
        while _pending():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            _lock.wait(left)
    return True


def _pending() -> int:
    # Under _lock.
    return sum(not job.dropped for _p, _n, job in _queue) + _running


def pending() -> int:
    """Return how many jobs are queued or running."""
    with _lock:
        return _pending()


def recorded() -> int:
    """Return how many job keys are remembered (at most :data:`MAX_JOBS`)."""
    with _lock:
        return len(_record)


def _scripts_running() -> bool:
    return any(t.name == _SCRIPT_THREAD and t.is_alive() for t in threading.enumerate())


def _pause() -> None:
    # Let the page that queued the job (and any other run going on) finish first, and what
    # it drew go out: GRACE_S after the last run seen here. A step with no run in sight goes
    # at once (a job's later steps on a quiet server).
    waited = 0.0
    quiet = None  # seconds since a run was last seen; None: none seen by this pause
    while waited < MAX_PAUSE_S:
        if _scripts_running():
            quiet = 0.0
        elif quiet is None or quiet >= GRACE_S:
            return
        time.sleep(_POLL_S)
        waited += _POLL_S
        quiet += _POLL_S


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
        _pause()
        with _lock:
            if not _queue:
                continue
            job = heapq.heappop(_queue)[2]
            if job.dropped:
                _lock.notify_all()
                continue
            if job.slot is not None and _slots.get(job.slot) is job:
                del _slots[job.slot]
            _running += 1
        try:
            _run(job)
        finally:
            with _lock:
                _running -= 1
                if job.key in _record:
                    _record[job.key] = True
                _lock.notify_all()


def _run(job: _Job) -> None:
    if job.context is not None:
        # The queuing run's context: Streamlit's caches work as in the page (no warnings).
        add_script_run_ctx(threading.current_thread(), job.context)
    started = time.perf_counter()
    try:
        for i, step in enumerate(job.steps):
            if i:
                _pause()
            step()
    except FruitmapError as exc:
        # The page says what is wrong when that piece is asked for.
        _LOG.info("build-ahead job %r: %s", job.key, exc.message("en"))
    except Exception:  # noqa: BLE001 - a background job must never end the worker
        # Logged, not shown: no page is drawing this; the page that asks for the piece
        # builds it itself and shows what goes wrong there.
        _LOG.warning("build-ahead job %r failed", job.key, exc_info=True)
    else:
        _LOG.debug("build-ahead job %r: %.2f s", job.key, time.perf_counter() - started)
    finally:
        # Keep no session alive through this thread between jobs.
        setattr(threading.current_thread(), SCRIPT_RUN_CONTEXT_ATTR_NAME, None)

"""Progress of long work on a page: a status box with the steps and a bar, never a frozen page.

The library reports steps through a ``progress(fraction, key)`` callback
(:mod:`fruitmap.progress`); this module turns them into ``st.status`` + ``st.progress``.

Work cached with ``st.cache_data``/``st.cache_resource`` must show its progress only when it
really computes. Streamlit records every element drawn inside a cached function and draws it
again on each cache hit (and refuses elements drawn into a container made outside it), so
the cached function itself must draw nothing. :func:`run_with_status` therefore calls it in a
worker thread with a callback that only queues the steps; the script's thread draws them. On a
cache hit the function body never runs, no step arrives, and no box is drawn at all.

A run that finds the same work already being done by another session (the warm-up's, or
another official's) waits on Streamlit's per-key cache lock, and its own callback never
hears a step. Work named by ``shared`` publishes its steps process-wide, so such a run shows
the other run's steps in its own box instead of a silent page.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from fruitmap.i18n import fmt_number
from fruitmap.progress import Progress
from ui.common import lang, tr

T = TypeVar("T")
_DONE = object()  # put on the queue when the work has ended, whichever way
# The latest step of work being done under a ``shared`` name, by whichever session does it:
# name → (owner, fraction, key). Written by the doing run's worker thread, read by waiters.
_RUNNING: dict[Hashable, tuple[object, float, str]] = {}
_RUNNING_LOCK = threading.Lock()
# How often a run whose own work is silent looks at the steps published under its name.
WAIT_POLL_S = 0.2


class ProgressBox:
    """A status box drawn on the first step: a label, one line per step, a progress bar.

    Parameters
    ----------
    title : str
        The box's label while the work runs.
    expanded : bool
        Whether the steps are shown while the work runs (the box folds up when complete).
    """

    def __init__(self, title: str, expanded: bool = True) -> None:
        self.title = title
        self.expanded = expanded
        self.started = time.perf_counter()
        self.box = None
        self.bar = None
        self.steps: list[str] = []

    @property
    def shown(self) -> bool:
        """Whether the box has been drawn (some step was reported)."""
        return self.box is not None

    def step(self, fraction: float, text: str) -> None:
        """Show ``text`` as the current step and move the bar to ``fraction`` (0–1)."""
        if self.box is None:
            self.box = st.status(self.title, expanded=self.expanded, state="running")
            self.bar = self.box.progress(0.0)
        if text not in self.steps:
            self.steps.append(text)
            self.box.write(f"{len(self.steps)}. {text}")
        self.bar.progress(min(max(float(fraction), 0.0), 1.0), text=text)

    def step_key(self, fraction: float, key: str) -> None:
        """:meth:`step` with a string key of :mod:`fruitmap.strings.progress` (translated)."""
        self.step(fraction, tr(key))

    def seconds(self) -> str:
        """Time since the box was made, in the page's number format."""
        return fmt_number(time.perf_counter() - self.started, lang(), decimals=1)

    def complete(self, label: str | None = None) -> None:
        """Fold the box up in its complete state, with ``label`` (e.g. what was done, how long)."""
        if self.box is not None:
            self.bar.progress(1.0)
            self.box.update(label=label or self.title, state="complete", expanded=False)

    def fail(self) -> None:
        """Leave the box in its error state (the caller shows why)."""
        if self.box is not None:
            self.box.update(state="error", expanded=False)


def run_with_status(work: Callable[[Progress], T], title: str,
                    finished: Callable[[T, str], str] | None = None,
                    shared: Hashable | None = None) -> T:
    """Run ``work(progress)`` and show its steps in a status box if it reports any.

    Parameters
    ----------
    work : callable
        Called with a ``progress(fraction, key)`` callback; typically a cached function that
        passes it on to the library (as an argument whose name starts with ``_``, so that it
        is not part of the cache key). It runs in a worker thread and must draw nothing.
    title : str
        The box's label while the work runs.
    finished : callable, optional
        ``finished(result, seconds)`` → the box's label once complete.
    shared : hashable, optional
        What names this work across sessions (the cache key of ``work``'s cached function).
        Its steps are published under it; a run waiting for another session doing the same
        work shows that session's steps.

    Returns
    -------
    The result of ``work``. Its exception, if any, is raised here (the box shows an error).
    """
    events: queue.SimpleQueue = queue.SimpleQueue()
    outcome: dict[str, object] = {}
    owner = object()  # this run, as the publisher of its steps under ``shared``

    def report(fraction: float, key: str) -> None:
        events.put((fraction, key))
        if shared is not None:
            with _RUNNING_LOCK:
                _RUNNING[shared] = (owner, fraction, key)

    def target() -> None:
        try:
            outcome["value"] = work(report)
        except BaseException as exc:  # noqa: BLE001 - handed to the script's thread as it is
            outcome["error"] = exc
        finally:
            if shared is not None:
                with _RUNNING_LOCK:
                    if _RUNNING.get(shared, (None,))[0] is owner:
                        del _RUNNING[shared]
            events.put(_DONE)

    thread = threading.Thread(target=target, name="fruitmap-progress", daemon=True)
    ctx = get_script_run_ctx()
    if ctx is not None:
        add_script_run_ctx(thread, ctx)  # cache lookups in the thread see the session
    box = ProgressBox(title)
    thread.start()
    heard = False  # whether this run's own work reported a step
    mirrored = None  # the other session's step shown last
    while True:
        try:
            event = events.get(timeout=None if shared is None or heard else WAIT_POLL_S)
        except queue.Empty:
            # Silent so far: another session may be doing this work while ours waits on
            # the cache's lock. Show its latest step (ours would have come by the queue).
            with _RUNNING_LOCK:
                other = _RUNNING.get(shared)
            if other is not None and other[0] is not owner and other[1:] != mirrored:
                mirrored = other[1:]
                box.step_key(*mirrored)
            continue
        if event is _DONE:
            break
        heard = True
        box.step_key(*event)
    thread.join()
    if "error" in outcome:
        box.fail()
        raise outcome["error"]
    value = outcome["value"]
    if box.shown:
        box.complete(finished(value, box.seconds()) if finished else None)
    return value

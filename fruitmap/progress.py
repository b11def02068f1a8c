"""Progress of long work (a balance, an export, a map), reported through a plain callback.

The library never draws anything: a function that may take more than a second takes an
optional ``progress(fraction, key)`` callback and calls it at each step, with ``fraction``
rising from 0 to 1 and ``key`` a string key of :mod:`fruitmap.strings.progress` (say
``"progress.balance.solve"``) that the caller translates and shows (the app turns it into
``st.status``/``st.progress``, see ``ui/progress_view.py``). Without a callback nothing is
reported and nothing costs anything.

A step inside a larger job reports through :func:`within`, which maps its 0–1 onto a share
of the caller's bar (the balance inside the meeting pack, say).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]


def report_step(progress: Progress | None, fraction: float, key: str) -> None:
    """Call ``progress(fraction, key)`` when there is a callback (``fraction`` clipped to 0–1)."""
    if progress is not None:
        progress(min(max(float(fraction), 0.0), 1.0), key)


def within(progress: Progress | None, start: float, end: float) -> Progress | None:
    """Return a callback that reports a sub-task's 0–1 as ``start``–``end`` of ``progress``.

    Parameters
    ----------
    progress : callable or None
        The caller's callback; None gives None (nothing to report to).
    start, end : float
        The share of the caller's bar the sub-task fills.
    """
    if progress is None:
        return None

    def step(fraction: float, key: str) -> None:
        report_step(progress, start + (end - start) * min(max(fraction, 0.0), 1.0), key)

    return step

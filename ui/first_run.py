"""One session at a time through a page's first run in a freshly started server process.

Streamlit runs every session's script in its own thread. When twenty people open a freshly
started server at once, twenty threads import folium, branca, plotly and our ``ui`` modules
at the same moment, and Python's per-module import locks meet a cycle inside those packages:
one thread gets ``_DeadlockError`` and the others see half-initialised modules
("cannot import name 'ENV' from 'branca.element'") -- the page fails for everyone who came
in that second (seen in ``benchmarks/bench_load.py`` with 20 sessions). Serialising each
page's *first* run in the process makes those imports happen once, in one thread; every
later run goes straight through without taking the lock.

This module imports nothing but the standard library, so ``app.py`` can take the lock
before its own imports.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Re-entrant: a page's first run happens inside the router's, in the same thread.
_LOCK = threading.RLock()
_RAN: set[str] = set()


@contextmanager
def first_run_alone(key: str) -> Iterator[None]:
    """Run the block alone while ``key`` has not yet run once in this process.

    Parameters
    ----------
    key : str
        What runs: ``"app"`` for the router's imports, a page's url path for the page.

    Notes
    -----
    The key counts as run once the block is left, whether it finished, stopped or was
    interrupted by a rerun: by then its module-level imports have been done (or have failed
    in the open, which a lock would not cure).
    """
    if key in _RAN:
        yield
        return
    with _LOCK:
        try:
            yield
        finally:
            _RAN.add(key)


def mark_run(*keys: str) -> None:
    """Count ``keys`` as run: their imports were done by someone else (``ui.warmup``).

    Their first runs then go through without the lock, alongside other sessions' runs.
    """
    _RAN.update(keys)


def has_run(key: str) -> bool:
    """Whether ``key`` has been through its first run in this process."""
    return key in _RAN

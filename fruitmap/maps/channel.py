"""The layers' data as files beside the map instead of inside its script.

In the app a map reaches the browser as the arguments of the streamlit-folium component,
inside a Streamlit websocket message. At 20,000 zones that message held ~4 MB of layer data
and Streamlit's front end took seconds to pass it to the map frame; at 200,000 zones it
cannot work at all. :func:`externalise` writes each very large layer spec, and every tile of
a tiled layer (:mod:`fruitmap.maps.tiled`), as a JSON file named by
its content (SHA-256) into a folder the app serves (``static/cache/``), and leaves in the
script only ``{"src": url}``, which ``static/fruitmap/fm_layers.js`` fetches. The script
stays small, the same data is written once (same content, same name) and the browser can
keep it in its HTTP cache.

Tiles that are not made yet (:class:`fruitmap.maps.tiled.LazyTiles`) are named before they
exist: ``sha256(secret | key | tile number)``, where ``key`` says what they are made from
(workspace, its version, language, filters, tile format) and ``secret`` is the app's own
(:func:`secret_in`, kept outside the served folder). The script refers to those names at
once, a background thread makes the tiles and writes the files (``fm_layers.js`` asks again
while a file is missing), and an app started again finds the files and makes nothing. Without
the secret nobody can work the names out from the workspace's path and version.

Exports never use this: a standalone HTML map keeps its data inline.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from branca.element import Element

from fruitmap.maps.layer import DataElement, spec_bytes  # noqa: F401 (spec_bytes: used here, and imported from here)

# Ordinary layers smaller than this stay in the script. Measured at 20,000 zones + 10,000
# plants (4 MB of data) on the loaded shared machine, files made warm visits slower (best
# 27.5 s against 20.7 s, alternating visits; docs/maps.md): the Streamlit server sending the
# file competes with the rest. Tiles always go to files (fetched only when in view).
MIN_BYTES = 8_000_000
KEEP_DAYS = 7  # files not written or used for this long are removed ...
_IN_USE: set[str] = set()  # ... except those this process handed out (maps cached in memory)
_BUILDING: dict[str, threading.Thread] = {}  # tile sets being made, by file-name key
_BUILDING_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def elements(root: Element):
    """Yield ``root`` and every element below it."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(element._children.values())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as f:
        f.write(data)
    os.replace(f.name, path)  # other sessions see the whole file or none


def secret_in(path: Path) -> str:
    """Return the secret kept in file ``path``, making it (mode 600) on the first call.

    Keep ``path`` outside the folder the app serves: the secret makes the names of tile
    files (:meth:`Store.later`) impossible to work out.
    """
    path = Path(path)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, (secrets.token_hex(16) + "\n").encode("ascii"))
        os.chmod(path, 0o600)
    return path.read_text(encoding="ascii").strip()


class Store:
    """Writes specs into ``folder`` and returns their URLs (see :func:`store_in`)."""

    def __init__(self, folder: Path, url: str, min_bytes: int = MIN_BYTES,
                 secret: str = "") -> None:
        self.folder = Path(folder)
        self.url = url.rstrip("/")
        self.min_bytes = min_bytes
        self.secret = secret

    def __call__(self, spec: dict, always: bool = False,
                 data: bytes | None = None) -> str | None:
        """Write ``spec`` as ``<sha256 of its bytes>.json``; None (keep inline) when small.

        ``data``: ``spec_bytes(spec)`` when the caller has it already.
        """
        data = spec_bytes(spec) if data is None else data
        if len(data) < self.min_bytes and not always:
            return None
        name = hashlib.sha256(data).hexdigest()[:32] + ".json"
        path = self.folder / name
        _IN_USE.add(str(path))
        if path.exists():
            os.utime(path)  # in use: keep it from being pruned
        else:
            _write(path, data)
        return f"{self.url}/{name}"

    def names(self, key: str, count: int) -> list[str]:
        """The file names of ``count`` specs made from ``key`` (:meth:`later`)."""
        return [hashlib.sha256(f"{self.secret}|{key}|{i}".encode()).hexdigest()[:32] + ".json"
                for i in range(count)]

    def later(self, key: str, count: int, make: Callable[[], list[dict]]) -> list[str]:
        """Return the URLs of ``count`` specs that ``make()`` returns, written in the background.

        Parameters
        ----------
        key : str
            What the specs are made from; with the secret it names the files.
        count : int
            How many specs ``make`` returns.
        make : callable
            Returns the specs (in file order). Not called when every file exists already
            (an app started again), nor while another thread is making the same key.

        Returns
        -------
        list of str
            The URLs, in the order of the specs; the files may not exist yet
            (:func:`wait_for_files` waits for them).
        """
        paths = [self.folder / name for name in self.names(key, count)]
        _IN_USE.update(str(p) for p in paths)
        missing = [p for p in paths if not p.exists()]
        for path in paths:
            if path not in missing:
                os.utime(path)  # in use: keep it from being pruned
        if missing:
            with _BUILDING_LOCK:
                thread = _BUILDING.get(str(paths[0]))
                if thread is None or not thread.is_alive():
                    thread = threading.Thread(target=_make_files, args=(paths, make),
                                              name="fruitmap-tiles", daemon=True)
                    _BUILDING[str(paths[0])] = thread
                    thread.start()
        return [f"{self.url}/{p.name}" for p in paths]


def _make_files(paths: list[Path], make: Callable[[], list[dict]]) -> None:
    started = time.perf_counter()
    specs = make()
    if len(specs) != len(paths):
        raise ValueError(f"made {len(specs)} specs for {len(paths)} files")
    for path, spec in zip(paths, specs, strict=True):
        if not path.exists():
            _write(path, spec_bytes(spec))
    log.info("wrote %d tile files in %.2f s", len(paths), time.perf_counter() - started)


def wait_for_files(timeout: float | None = None) -> bool:
    """Wait for the threads making files in the background; True when none still runs.

    A thread whose ``make`` failed has ended too (its error is in the server's log); the
    files it did not write stay missing.
    """
    with _BUILDING_LOCK:
        threads = list(_BUILDING.values())
    deadline = None if timeout is None else time.monotonic() + timeout
    for thread in threads:
        thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in threads)


def store_in(folder: Path, url: str, min_bytes: int = MIN_BYTES, secret: str = "") -> Store:
    """Return a :class:`Store`: ``store(spec)`` writes a spec into ``folder``, returns its URL.

    The file is ``<sha256 of its bytes>.json`` (written once, atomically); specs under
    ``min_bytes`` are not written (the function returns None: keep inline) unless
    ``store(spec, always=True)`` (tiles: fetched only when in view, whatever their size).
    ``store.later(key, count, make)`` names files before their specs exist and writes them
    in the background (lazy tiles); ``secret`` goes into those names.
    """
    return Store(folder, url, min_bytes, secret)


def externalise(m: Element, folder: Path, url: str, min_bytes: int = MIN_BYTES,
                secret: str = "") -> int:
    """Move the large layer specs of map ``m`` into files under ``folder`` served at ``url``.

    Parameters
    ----------
    m : branca.element.Element
        A map from :mod:`fruitmap.maps.build` (changed in place: its layers then refer to
        the files). Use it on a copy when the map is shared; copies share the specs.
    folder : pathlib.Path
        Where the files go (created when missing).
    url : str
        The URL at which the app serves ``folder``.
    min_bytes : int
        Specs smaller than this stay in the script.
    secret : str
        Goes into the names of tile files written in the background (:meth:`Store.later`).

    Returns
    -------
    int
        How many elements had data moved out.
    """
    store = store_in(folder, url, min_bytes, secret)
    moved = 0
    for element in elements(m):
        if isinstance(element, DataElement):
            element.externalise(store)
            moved += 1
    prune(folder)
    return moved


def prune(folder: Path, keep_days: float = KEEP_DAYS) -> int:
    """Remove data files of ``folder`` unused for ``keep_days``; return how many.

    Files this process handed out are kept: a map whose frame arguments are cached in
    memory may still be opened.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    limit = time.time() - keep_days * 86_400
    removed = 0
    for path in folder.iterdir():
        if (path.suffix in (".json", ".part") and str(path) not in _IN_USE
                and path.stat().st_mtime < limit):
            path.unlink(missing_ok=True)
            removed += 1
    return removed

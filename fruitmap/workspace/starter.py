"""Starting a workspace: what a folder holds, and a first workspace with the real boundaries.

A department that points the app at a new folder must be able to begin there without the
command line. :func:`inspect_folder` tells a folder that is missing or empty (nothing but
fruitmap's own lock and temporary files) from one that holds a workspace and from one that
holds something else; :func:`start_from_scratch` and :func:`start_demo` fill a missing or
empty folder, and refuse anything else without writing into it.

The starter workspace holds only what is real or documented as a default:

* ``admin_units``: the province and its 12 former districts from ``data/boundaries/``
  (built by :func:`fruitmap.demo.official_admin_units`, the same layer as the demo's);
* ``crop_calendar``: the typical harvest seasons of FACTS.md (shares within the season are a
  default the department should check; the balance needs a calendar for zones that give no
  harvest window);
* ``targets``: the rows of ``data/demo/targets.csv`` taken from the provincial planning
  article (:data:`SOURCED_TARGETS`), not the illustrative ones.

Zones, plants, cold stores, industrial areas and fresh-market capacities are the
department's to upload.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd
import pyogrio

from fruitmap.errors import WorkspaceError
from fruitmap.workspace.geopackage import GPKG_NAME, LOCK_NAME, Workspace, create

# Files fruitmap itself leaves in a folder (lock, a killed writer's temporary copy, a killed
# create's staging folder), and the desktop's own bookkeeping: none of them is user data.
OWN_PREFIXES = (".fruitmap.tmp-", ".fruitmap.create-")
OWN_NAMES = frozenset({LOCK_NAME})
SYSTEM_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})

START_ACTION = "start"
START_LAYERS = ("admin_units", "crop_calendar", "targets")
START_SOURCES = ("data/boundaries/son_la_province.geojson",
                 "data/boundaries/son_la_districts.geojson",
                 "data/demo/crop_calendar.csv", "data/demo/targets.csv")
# Targets of data/demo/targets.csv quoted from the provincial planning article (see
# data/README.md); the 2030 processed share and the 1,000,000 t reading of "millions of
# tonnes" are illustrative and stay out of a department's own workspace.
SOURCED_TARGETS = ("hightech_zones_2025", "offseason_area_2025", "offseason_output_2025",
                   "planting_code_area_2025")
_SHOWN_FOUND = 5  # names listed in a refusal before "and N more"


class FolderState(StrEnum):
    """What a workspace folder holds."""

    MISSING = "missing"  # the folder does not exist
    EMPTY = "empty"  # nothing but fruitmap's own lock/temporary files
    WORKSPACE = "workspace"  # a readable fruitmap.gpkg
    FOREIGN = "foreign"  # something that is not a workspace: never written into


@dataclass(frozen=True)
class FolderCheck:
    """The result of :func:`inspect_folder`.

    Attributes
    ----------
    path : Path
        The folder, resolved.
    state : FolderState
    found : tuple of str
        For a ``FOREIGN`` folder, the names that are not fruitmap's (sorted); empty otherwise.
    reason : str or None
        For a ``FOREIGN`` folder, ``"not_a_folder"``, ``"not_a_geopackage"`` or
        ``"other_files"``.
    """

    path: Path
    state: FolderState
    found: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def startable(self) -> bool:
        """True when a workspace may be created here (the folder is missing or empty)."""
        return self.state in (FolderState.MISSING, FolderState.EMPTY)

    def refusal(self) -> WorkspaceError | None:
        """Return the error that explains why a ``FOREIGN`` folder is refused (else None)."""
        if self.state is not FolderState.FOREIGN:
            return None
        shown = ", ".join(self.found[:_SHOWN_FOUND])
        if len(self.found) > _SHOWN_FOUND:
            shown += f" … (+{len(self.found) - _SHOWN_FOUND})"
        return WorkspaceError(f"folder_{self.reason}", path=str(self.path), found=shown)


def _is_own(name: str) -> bool:
    return name in OWN_NAMES or name in SYSTEM_NAMES or name.startswith(OWN_PREFIXES)


def _readable_geopackage(path: Path) -> bool:
    try:
        with warnings.catch_warnings():
            # GDAL warns (and then refuses) about a SQLite file that is not a GeoPackage.
            warnings.simplefilter("ignore", RuntimeWarning)
            pyogrio.list_layers(path)
    except (pyogrio.errors.DataSourceError, OSError):
        return False
    return True


def inspect_folder(path: str | os.PathLike) -> FolderCheck:
    """Say what the folder ``path`` holds, reading nothing but its listing and GeoPackage header.

    Parameters
    ----------
    path : str or Path
        The workspace folder.

    Returns
    -------
    FolderCheck
        ``MISSING`` when nothing is at ``path``; ``EMPTY`` when it is a folder holding only
        fruitmap's lock/temporary files (or the desktop's ``.DS_Store``/``Thumbs.db``/
        ``desktop.ini``); ``WORKSPACE`` when ``fruitmap.gpkg`` is a GeoPackage GDAL can open
        (other files beside it are the user's and do not matter); ``FOREIGN`` otherwise.
    """
    folder = Path(path).expanduser().resolve()
    if not folder.exists():
        return FolderCheck(folder, FolderState.MISSING)
    if not folder.is_dir():
        return FolderCheck(folder, FolderState.FOREIGN, (folder.name,), "not_a_folder")
    gpkg = folder / GPKG_NAME
    if gpkg.exists():
        if gpkg.is_file() and _readable_geopackage(gpkg):
            return FolderCheck(folder, FolderState.WORKSPACE)
        return FolderCheck(folder, FolderState.FOREIGN, (GPKG_NAME,), "not_a_geopackage")
    found = tuple(sorted(entry.name for entry in folder.iterdir() if not _is_own(entry.name)))
    if found:
        return FolderCheck(folder, FolderState.FOREIGN, found, "other_files")
    return FolderCheck(folder, FolderState.EMPTY)


def require_startable(path: str | os.PathLike) -> FolderCheck:
    """Return the check of ``path`` when a workspace may be created there, else raise.

    Raises
    ------
    WorkspaceError
        ``folder_other_files``, ``folder_not_a_geopackage`` or ``folder_not_a_folder`` for a
        folder that holds something else (nothing is written); ``start_target_not_empty``
        when it already holds a workspace.
    """
    check = inspect_folder(path)
    if check.state is FolderState.WORKSPACE:
        raise WorkspaceError("start_target_not_empty", path=str(check.path))
    refusal = check.refusal()
    if refusal is not None:
        raise refusal
    return check


def starter_layers() -> dict[str, pd.DataFrame]:
    """Return the layers of a starter workspace (see the module's description).

    Returns
    -------
    dict of str to DataFrame
        ``admin_units`` (GeoDataFrame in EPSG:4326: province and 12 former districts),
        ``crop_calendar`` and ``targets`` (the rows named in :data:`SOURCED_TARGETS`).
    """
    from fruitmap.demo import bundled_targets, default_crop_calendar, official_admin_units

    targets = bundled_targets()
    targets = targets[targets["target_id"].isin(SOURCED_TARGETS)].reset_index(drop=True)
    return {"admin_units": official_admin_units(), "crop_calendar": default_crop_calendar(),
            "targets": targets}


def start_from_scratch(path: str | os.PathLike, who: str | None = None) -> Workspace:
    """Create a workspace in a missing or empty folder with Sơn La's real boundaries in place.

    Parameters
    ----------
    path : str or Path
        The folder (created when missing).
    who : str, optional
        User name recorded in ``history`` (default: the login name).

    Returns
    -------
    Workspace
        The new workspace; its ``history`` has one row per layer with action ``"start"`` and
        ``source_file`` naming the bundled files (:data:`START_SOURCES`).

    Raises
    ------
    WorkspaceError
        When the folder holds a workspace or something else (see :func:`require_startable`;
        nothing is written then), or cannot be written.
    """
    check = require_startable(path)
    try:
        # who=None lets Workspace.write record the login name.
        return create(check.path, starter_layers(), who=who, action=START_ACTION,
                      source_file=";".join(START_SOURCES))
    except OSError as exc:  # e.g. the parent folder is read-only
        raise WorkspaceError("workspace_write_failed", path=str(check.path),
                             reason=exc) from exc


def start_demo(path: str | os.PathLike) -> Workspace:
    """Write the Sơn La demo into a missing or empty folder (see :func:`fruitmap.demo.write_demo`).

    Raises
    ------
    WorkspaceError
        As :func:`require_startable`: a folder holding a workspace or something else is
        refused and left as it was.
    """
    from fruitmap.demo import write_demo

    check = require_startable(path)
    return write_demo(check.path)


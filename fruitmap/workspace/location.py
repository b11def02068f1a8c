"""Which workspace a location names: a folder (GeoPackage) or a database URL (PostGIS).

Every page, command and helper opens its workspace through :func:`open_workspace`, so
``FRUITMAP_WORKSPACE`` and ``--workspace`` accept either form. Both backends offer the same
API (``read``, ``read_all``, ``write``, ``history``, ``versions``, ``read_version``,
``rollback``, ``token``, ``layer_token``, ``exists``) and a ``path`` that is safe to show and
to use as a cache key: the folder, or the URL without its password.
"""

from __future__ import annotations

import os
from pathlib import Path

from fruitmap.workspace.dburl import is_database_url


def open_workspace(location: str | os.PathLike | object):
    """Return the workspace named by ``location``.

    Parameters
    ----------
    location : str, Path or workspace
        A folder (GeoPackage workspace), a ``postgresql://USER@HOST:PORT/DB`` URL (PostGIS
        workspace; its password, if any, is taken out of the URL and kept in the process), or
        a workspace already open (returned as it is).

    Returns
    -------
    fruitmap.workspace.geopackage.Workspace or fruitmap.workspace.postgis.PostgisWorkspace
    """
    if hasattr(location, "read_all") and hasattr(location, "write"):
        return location
    if is_database_url(location):
        from fruitmap.workspace.postgis import PostgisWorkspace

        return PostgisWorkspace(str(location))
    from fruitmap.workspace.geopackage import Workspace

    return Workspace(location)


def default_location() -> str | Path:
    """Return ``FRUITMAP_WORKSPACE`` (a folder or a database URL), else ``<project>/workspace``."""
    env = os.environ.get("FRUITMAP_WORKSPACE", "").strip()
    if env and is_database_url(env):
        return env
    from fruitmap.workspace.geopackage import default_workspace_path

    return default_workspace_path()


def is_database(ws: object) -> bool:
    """True when the workspace ``ws`` (or location) lives in a database, not a folder."""
    return is_database_url(getattr(ws, "path", ws))

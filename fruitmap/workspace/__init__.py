"""Workspace backends: where a workspace's layers, tables, history and versions live.

Modules
-------
geopackage
    The one-folder GeoPackage workspace (:class:`Workspace`): read, all-or-nothing write under a
    lock, history, versions, rollback, layer tokens.
postgis, pg_tables
    The same workspace in a PostgreSQL + PostGIS database (:class:`PostgisWorkspace`), and its
    tables, grants, row-level security and audit log.
location, dburl
    :func:`open_workspace` (a folder or a ``postgresql://`` URL) and URLs kept password-free.
history
    Diffs between versions of a layer, and history rows for display.
starter
    What a folder holds, and starting a workspace from scratch or from the demo.
views
    Saved views (a title and a link's query parameters).
edits
    Editing a layer in place (table edits, points added, moved or deleted) through validation.
"""

from __future__ import annotations

from fruitmap.lazy_api import lazy_api

# Public API: name -> module of this package that defines it.
_API = {
    'Workspace': 'geopackage',
    'create': 'geopackage',
    'default_workspace_path': 'geopackage',
    'PostgisWorkspace': 'postgis',
    'open_workspace': 'location',
    'default_location': 'location',
    'is_database_url': 'dburl',
    'redact': 'dburl',
    'diff_change': 'history',
    'history_for_display': 'history',
    'describe_action': 'history',
    'inspect_folder': 'starter',
    'start_from_scratch': 'starter',
    'start_demo': 'starter',
    'FolderState': 'starter',
    'list_views': 'views',
    'save_view': 'views',
    'delete_view': 'views',
    'apply_table': 'edits',
    'add_feature': 'edits',
    'change_geometries': 'edits',
    'EditResult': 'edits',
}
__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, _API)

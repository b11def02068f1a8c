"""Saved views: a title and a link's query parameters, kept in the workspace table ``views``.

Every save and delete goes through :meth:`fruitmap.workspace.geopackage.Workspace.write`, so it is all
or nothing and recorded in ``history`` like any other change. A stored query is read back
through :func:`fruitmap.permalink.parse_query`, because the table may have been edited
outside the app (in QGIS, say): what it holds is checked, never trusted or evaluated.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode

import pandas as pd

from fruitmap.errors import InputError
from fruitmap.permalink import DEFAULTS, Notice, build_query, page_names, parse_query
from fruitmap.schema import VIEWS

TABLE = VIEWS.name
COLUMNS = [c.name for c in VIEWS.columns]
MAX_TITLE_CHARS = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def view_query(view: Mapping[str, Any]) -> str:
    """Return the stored (URL-encoded) query of ``view``: its page and that page's parameters."""
    page = view.get("page", DEFAULTS["page"])
    return urlencode(build_query(view, ("page", *page_names(page))))


def read_query(query: str) -> tuple[dict[str, Any], list[Notice]]:
    """Return the view held by a stored query, checked like a URL (see ``parse_query``)."""
    params = parse_qs(str(query or ""), keep_blank_values=False, max_num_fields=100)
    return parse_query(params)


def clean_title(title: object) -> str:
    """Return ``title`` without control characters and outer spaces.

    Raises
    ------
    InputError
        ``view_title_empty`` or ``view_title_long`` (more than 120 characters).
    """
    text = _CONTROL.sub(" ", str(title or "")).strip()
    if not text:
        raise InputError("view_title_empty")
    if len(text) > MAX_TITLE_CHARS:
        raise InputError("view_title_long", value=text, limit=MAX_TITLE_CHARS)
    return text


def list_views(ws) -> pd.DataFrame:
    """Return the saved views of workspace ``ws``, oldest first.

    Columns: ``view_id``, ``title``, ``query``, ``created``, ``who``. An absent table gives
    an empty frame.
    """
    if not ws.exists() or TABLE not in ws.layer_names():
        return pd.DataFrame(columns=COLUMNS)
    table = ws.read(TABLE)[COLUMNS]
    table = table.dropna(subset=["view_id", "query"])
    return table.sort_values("created", kind="stable").reset_index(drop=True)


def save_view(ws, title: str, view: Mapping[str, Any], who: str | None = None) -> str:
    """Save ``view`` under ``title`` in workspace ``ws`` and return its new ``view_id``.

    Parameters
    ----------
    ws : fruitmap.workspace.geopackage.Workspace
    title : str
        What the view is called in lists and in presentation mode.
    view : mapping
        A view as :func:`fruitmap.permalink.parse_query` returns it.
    who : str, optional
        Recorded in the table and in ``history`` (defaults to the login name).

    Raises
    ------
    InputError
        When the title is empty or too long.
    WorkspaceError
        When the workspace cannot be written (nothing changes then).
    """
    row = {"view_id": uuid.uuid4().hex[:10], "title": clean_title(title),
           "query": view_query(view),
           "created": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
           "who": who}
    table = pd.concat([list_views(ws), pd.DataFrame([row])], ignore_index=True)
    ws.write({TABLE: table.astype(object)}, action="save view", who=who)
    return row["view_id"]


def delete_view(ws, view_id: str, who: str | None = None) -> None:
    """Delete the saved view ``view_id`` (kept recoverable in the workspace's versions).

    Raises
    ------
    InputError
        ``view_missing`` when there is no such view.
    """
    table = list_views(ws)
    if str(view_id) not in set(table["view_id"].astype(str)):
        raise InputError("view_missing", value=view_id)
    kept = table[table["view_id"].astype(str) != str(view_id)]
    ws.write({TABLE: kept.astype(object).reset_index(drop=True)}, action="delete view", who=who)

"""Saved views: stored in the workspace table ``views`` through Workspace.write (atomic, in
history), listed oldest first, deleted, and re-checked when read back."""

from __future__ import annotations

import pandas as pd
import pytest

from fruitmap.errors import InputError, WorkspaceError
from fruitmap.i18n import t
from fruitmap.permalink import DEFAULTS
from fruitmap.report.presentation import default_slides, slides_from_views
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.views import delete_view, list_views, read_query, save_view, view_query


@pytest.fixture()
def ws(demo_ws_copy) -> Workspace:
    return Workspace(demo_ws_copy)


def explorer_view(**kw):
    return dict(DEFAULTS, page="explorer", lang="en", crops=("longan",), lat=21.3, lon=104.1,
                zoom=9) | kw


def test_no_views_at_first(ws):
    assert list(list_views(ws).columns) == ["view_id", "title", "query", "created", "who"]
    assert len(list_views(ws)) == 0


def test_save_list_and_read_back(ws):
    before = len(ws.history())
    first = save_view(ws, "  Nhãn ở Sông Mã  ", explorer_view(), who="Lan")
    second = save_view(ws, "Xoài, tháng 6", dict(DEFAULTS, page="gap", crop="mango", month=6))
    views = list_views(ws)
    assert list(views["view_id"]) == [first, second]
    assert list(views["title"]) == ["Nhãn ở Sông Mã", "Xoài, tháng 6"]
    assert views["who"].iloc[0] == "Lan"
    # Only the page's own parameters are kept: the gap view forgets explorer filters.
    assert views["query"].iloc[0] == "page=explorer&lang=en&crops=longan&lat=21.3&lon=104.1&zoom=9"
    assert views["query"].iloc[1] == "page=gap&lang=vi&crop=mango&month=6"
    view, notices = read_query(views["query"].iloc[0])
    assert notices == [] and view == explorer_view()
    history = ws.history()
    assert len(history) == before + 2
    assert list(history["action"][:2]) == ["save view", "save view"]
    assert set(history["layer"][:2]) == {"views"}
    # The contract's layers are untouched.
    assert len(ws.read("zones")) > 0


def test_delete_keeps_the_others_and_is_recorded(ws):
    a = save_view(ws, "A", explorer_view())
    b = save_view(ws, "B", explorer_view(crops=("mango",)))
    delete_view(ws, a)
    assert list(list_views(ws)["view_id"]) == [b]
    assert ws.history()["action"].iloc[0] == "delete view"
    delete_view(ws, b)
    assert len(list_views(ws)) == 0
    with pytest.raises(InputError) as err:
        delete_view(ws, "nope")
    assert "nope" in err.value.message("en")


@pytest.mark.parametrize("title", ["", "   ", "\n\t", "x" * 121])
def test_bad_titles_are_refused_and_nothing_is_written(ws, title):
    token = ws.token()
    with pytest.raises(InputError) as err:
        save_view(ws, title, explorer_view())
    assert ws.token() == token
    assert err.value.message("vi") != f"error.{err.value.code}"


def test_a_failed_write_leaves_the_workspace_as_it_was(ws, monkeypatch):
    save_view(ws, "A", explorer_view())
    token = ws.token()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("fruitmap.workspace.geopackage._write_layer", broken)
    with pytest.raises(WorkspaceError):
        save_view(ws, "B", explorer_view())
    assert ws.token() == token
    assert list(list_views(ws)["title"]) == ["A"]


def test_hostile_stored_queries_are_checked_on_reading(ws):
    # The table can be edited outside the app (QGIS): what it holds is parsed, never trusted.
    save_view(ws, "ok", explorer_view())
    table = list_views(ws)
    bad = pd.DataFrame([{"view_id": "x1", "title": "<b>hi</b>", "created": "2026-01-01",
                         "who": None,
                         "query": "page=explorer&month=13&crops=longan,%3Cscript%3E&zoom=__import__"}])
    ws.write({"views": pd.concat([table, bad], ignore_index=True).astype(object)}, action="edit")
    view, notices = read_query(list_views(ws)["query"].iloc[0])
    assert view["page"] == "explorer" and view["crops"] == ()
    assert {n.param for n in notices} == {"month", "crops", "zoom"}


def test_view_query_is_page_scoped():
    assert view_query(dict(DEFAULTS, page="targets", crops=("longan",), max_haul_km=50)) == \
        "page=targets&lang=vi&max_haul_km=50"


def test_slides_from_saved_views_and_the_default_sequence(ws):
    assert [s.kind for s in default_slides()] == ["headline", "map", "calendar", "surplus",
                                                  "targets"]
    assert default_slides()[0].heading("vi") == t("present.kind.headline", "vi")
    save_view(ws, "Bản đồ nhãn", explorer_view())
    save_view(ws, "Xoài", dict(DEFAULTS, page="gap", crop="mango", month=6))
    save_view(ws, "Tải lên", dict(DEFAULTS, page="upload"))
    slides = slides_from_views(list_views(ws))
    assert [(s.kind, s.title) for s in slides] == [("map", "Bản đồ nhãn"), ("surplus", "Xoài"),
                                                   ("headline", "Tải lên")]
    assert slides[0].view["crops"] == ("longan",) and slides[0].view["zoom"] == 9
    assert (slides[1].view["crop"], slides[1].view["month"]) == ("mango", 6)
    assert slides[1].heading("en") == "Xoài"  # a saved title is shown as given

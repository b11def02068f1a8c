"""What a page builds from the workspace (figures, tables, maps), built once and shared.

A rerun that changes nothing the data depends on (another month on the gap map, the
calendar in shares, a table opened, another session) should not rebuild what an earlier run
already built. :func:`shared` keeps each result in ``st.cache_resource`` under a key the
page gives: what the result was made from, stated explicitly (the workspace's path and
token from :func:`data_key`, the balance parameters, the crop, month and language). Nothing
big is hashed (no DataFrame), and the results are the same objects for every run and every
session (no copy, as ``st.cache_data`` would make): **never change them in place**.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from ui.common import workspace

T = TypeVar("T")


@st.cache_resource(show_spinner=False, max_entries=512)
def _small(name: str, key: Hashable, _make: Callable[[], T]) -> T:
    # _make is not hashed (leading underscore): ``name`` and ``key`` say what it makes.
    return _make()


# 64: a crop's twelve month maps and each other crop's opening map and facilities, in both
# languages (built ahead, ui.build_ahead), with room to spare; at 32 the two languages' built-
# ahead pieces pushed each other out and a switch back rebuilt them.
@st.cache_resource(show_spinner=False, max_entries=64)
def _large(name: str, key: Hashable, _make: Callable[[], T]) -> T:
    return _make()


def data_key() -> tuple[str, str]:
    """Return ``(path, token)`` of the current workspace: changes whenever its data changes."""
    ws = workspace()
    return str(ws.path), ws.token()


def shared(name: str, key: Hashable, make: Callable[[], T], large: bool = False) -> T:
    """Return ``make()``, made once per ``(name, key)`` and shared by every run and session.

    Parameters
    ----------
    name : str
        What is made (``"gap.glut_figure"``): results of different ``make`` never mix.
    key : hashable
        Everything the result depends on, as small values: start it with :func:`data_key`
        (or a key that holds it) so that a change of the workspace makes it again.
    make : callable
        Builds the result; called only when ``(name, key)`` is not kept yet.
    large : bool
        For results of megabytes (maps of the whole province): at most 64 are kept, instead
        of 512 (a crop's twelve gap maps share its plants layer, see
        :func:`ui.gap_view.month_pieces`).

    Returns
    -------
    object
        The shared result: read it, copy it before changing it.
    """
    return (_large if large else _small)(name, key, make)

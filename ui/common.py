"""Helpers every page uses: current language, translation, workspace, error boundary, footer."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from fruitmap.errors import FruitmapError
from fruitmap.i18n import LANG_NAMES, LANGS, normalise_lang, t
from fruitmap.schema import LAYERS
from fruitmap.workspace.dburl import is_database_url, remember_password
from fruitmap.workspace.geopackage import empty_layer
from fruitmap.workspace.location import default_location, open_workspace
from ui import state


def lang() -> str:
    """Return the current interface language (``"vi"`` by default)."""
    return normalise_lang(st.session_state.get(state.LANG))


def tr(key: str, **params: object) -> str:
    """Translate ``key`` into the current language."""
    return t(key, lang(), **params)


def language_selector() -> str:
    """Draw the language switch in the sidebar and return the chosen language.

    The first value comes from ``?lang=`` in the URL when valid; afterwards the widget owns
    the key, so the language survives page changes and reruns.
    """
    if state.LANG not in st.session_state:
        st.session_state[state.LANG] = normalise_lang(st.query_params.get("lang"))
    st.sidebar.radio(
        t("app.language_both", lang()),
        options=list(LANGS),
        format_func=LANG_NAMES.get,
        key=state.LANG,
        horizontal=True,
    )
    return lang()


def workspace():
    """Return the workspace the app works on (``FRUITMAP_WORKSPACE`` or the default).

    ``FRUITMAP_WORKSPACE`` may be a folder or a ``postgresql://`` URL without password; the
    database password then comes from ``PGPASSWORD``, ``~/.pgpass`` or Streamlit's secrets
    (``[postgres] password = "…"``), never from the URL that pages show and caches key on.
    """
    location = default_location()
    if is_database_url(location):
        remember_password(str(location), _secret_password())
    return open_workspace(location)


def _secret_password() -> str | None:
    try:
        section = st.secrets.get("postgres") or {}
        return section.get("password") if hasattr(section, "get") else None
    except FileNotFoundError:  # no secrets.toml: libpq's PGPASSWORD or ~/.pgpass then
        return None


@st.cache_resource(show_spinner=False, max_entries=2)
def _read_all(path: str, token: str) -> dict:
    # token changes whenever the GeoPackage changes, so a new import invalidates the cache.
    # cache_resource, not cache_data: cache_data hands out an unpickled copy of every frame
    # on each call (~0.2-1 s at 20,000 zones, several calls per run); these frames are
    # shared by every session instead, hence the read-only contract of layers().
    return open_workspace(path).read_all()


def layers() -> dict:
    """Return every layer of the current workspace (cached until the workspace changes).

    Before the first import into a new folder (the upload page) there is no workspace yet:
    every layer then comes back empty, as a stored workspace gives a layer it lacks.

    The frames are shared by every session and every call (no copy is made): **never change
    them in place** (no new or assigned columns, ``inplace=True``, ``.loc[...] =``); make a
    copy first. The dict itself is a new one on each call, so adding or replacing a key is
    fine. ``tests/test_layers_cache.py`` runs every page and checks the frames are unchanged.
    """
    ws = workspace()
    if not ws.exists():
        return {name: empty_layer(name) for name in LAYERS}
    return dict(_read_all(str(ws.path), ws.token()))


@contextmanager
def error_boundary():
    """Show fruitmap's typed errors as a plain-words message instead of a traceback."""
    try:
        yield
    except FruitmapError as exc:
        st.error(f"**{tr('app.error_title')}**\n\n" + exc.message(lang()))


# Styling every cell costs time; pandas refuses beyond 262,144 cells. Larger tables show
# Streamlit's plain numbers.
_STYLED_CELLS = 200_000


def show_table(df, **kwargs) -> None:
    """``st.dataframe`` with decimals written in the page's language (1.234,5 in Vietnamese).

    Parameters
    ----------
    df : DataFrame
        The table; numbers stay numbers (sorting still works).
    **kwargs
        Passed on to ``st.dataframe`` (``hide_index=True`` and ``width="stretch"`` by default).
    """
    from fruitmap.display import number_formatters

    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    formats = number_formatters(df, lang()) if df.size <= _STYLED_CELLS else {}
    st.dataframe(df.style.format(formats) if formats else df, **kwargs)


@st.cache_resource(show_spinner=False, max_entries=8)
def _provenance(path: str, token: str, language: str):
    # Asked for by the footer and by every table's download buttons (a dozen times per run
    # of the gap page, each reading the GeoPackage's layer list): once per workspace
    # version and language. Shared and read-only, like layers().
    from fruitmap.provenance import workspace_provenance

    del path, token  # they key the cache
    return workspace_provenance(layers(), language)


def _workspace_provenance():
    return sources_in(lang())


def sources_in(language: str):
    """Return the table of where each layer's data comes from, in ``language`` (shared).

    Read once per workspace version and language; pages build the other language's ahead
    (:mod:`ui.build_ahead`).
    """
    ws = workspace()
    return _provenance(str(ws.path), ws.token(), language)


def provenance_line(compact: bool = False) -> str:
    """Return where the data shown comes from, layer by layer, in one line (plain text).

    Empty when there is no workspace to read (the page says so itself).
    """
    from fruitmap.provenance import provenance_line as line

    if not workspace().exists():
        return ""
    try:
        table = _workspace_provenance()
    except FruitmapError:
        return ""
    return line(table, lang(), compact=compact)


def source_lines(only: tuple[str, ...] | None = None) -> list[str]:
    """Return "Nguồn dữ liệu", then "Layer: source" per layer and the attribution, for exports.

    Parameters
    ----------
    only : tuple of str, optional
        Layers the exported table comes from (default: every layer holding data).
    """
    from fruitmap.provenance import provenance_lines

    if not workspace().exists():
        return []
    try:
        table = _workspace_provenance()
    except FruitmapError:
        return []
    if only is not None:
        table = table[table["layer"].isin(only)]
    return [tr("prov.sheet"), *provenance_lines(table, lang()), tr("app.attribution")]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def markdown_text(text: str) -> str:
    """Return ``text`` with Markdown's special characters escaped (file names in captions)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def footer() -> None:
    """Show where each layer's data comes from and the attribution (CC BY-SA licence)."""
    st.divider()
    sources = provenance_line()
    if sources:
        st.caption(markdown_text(sources))
    st.caption(tr("app.attribution"))


def project_root() -> Path:
    """Return the folder that holds app.py."""
    return Path(__file__).resolve().parent.parent

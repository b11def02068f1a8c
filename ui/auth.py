"""Who is using the app, what they may open and which buttons they see.

On a one-machine GeoPackage workspace nobody logs in: :func:`current_account` is None,
every page is routed (the login page only by its address, saying no login is needed) and
every button shows, with the person typed by hand, as the app always did.

On a shared server (``FRUITMAP_WORKSPACE=postgresql://…``) the navigation follows the
account's role (:func:`pages_for`): a page a role may not use is not routed at all, so its
address leads nowhere either. Buttons a role may not use are not drawn (:func:`may_write`,
:func:`may_rollback`), and the person recorded for a change is the account's name
(:func:`person_input`). The database refuses what a role may not do anyway (row-level
security); hiding only spares people a refusal.

Besides the password form (``ui.login_view``) an account can be found from a name checked
elsewhere (:func:`sign_in_from_identity`): a trusted reverse proxy's header
(``FRUITMAP_TRUSTED_HEADER``) or Streamlit's ``st.login`` (an ``[auth]`` section in
``.streamlit/secrets.toml``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import streamlit as st

from fruitmap.errors import FruitmapError
from fruitmap.workspace.dburl import is_database_url
from fruitmap.workspace.location import default_location
from ui import state

LOGIN_PATH = "login"
ADMIN_PATHS = frozenset({"admin"})  # the account page: for admins only (on a server)
# What a viewer (and an anonymous visitor, when allowed) may open. The scenarios and siting
# pages let anyone try a change; saving it is hidden (may_write).
VIEW_PATHS = frozenset({"overview", "explorer", "gap", "targets", "scenarios", "siting",
                        "meeting-pack", "present"})
WRITE_ROLES = frozenset({"admin", "provincial_editor", "area_editor"})
# Every editor may restore: an area editor's restore puts back its area's rows only
# (PostgisWorkspace.rollback, docs/server-rights.md).
ROLLBACK_ROLES = WRITE_ROLES
AREA_ROLE = "area_editor"
ROLES = ("admin", "provincial_editor", "area_editor", "viewer")
# Session keys that survive a logout (the interface language is the machine's, not the
# person's).
KEPT_ON_LOGOUT = (state.LANG,)


# ----------------------------------------------------------------------------- who
def current_account():
    """Return the logged-in :class:`fruitmap.server.accounts.Account`, or None."""
    return st.session_state.get(state.ACCOUNT)


def shared_server() -> bool:
    """True when the app works on a PostGIS workspace (accounts and roles apply)."""
    return is_database_url(default_location())


def _secret(section: str, name: str):
    try:
        part = st.secrets.get(section)
    except FileNotFoundError:  # no secrets.toml at all
        return None
    return part.get(name) if hasattr(part, "get") else None


def anonymous_view_allowed() -> bool:
    """True when visitors may view without logging in.

    ``FRUITMAP_ANONYMOUS_VIEW=1`` (or ``true``/``yes``) in the environment, or
    ``[fruitmap] anonymous_view = true`` in ``.streamlit/secrets.toml``.
    """
    env = os.environ.get("FRUITMAP_ANONYMOUS_VIEW", "").strip().lower()
    if env:
        return env in ("1", "true", "yes", "on")
    return _secret("fruitmap", "anonymous_view") is True


def role_label(role: str) -> str:
    """Return the role's name in the interface language (``area_editor`` → "area editor")."""
    from ui.common import tr

    return tr(f"login.role.{role}") if role in ROLES else role


# ----------------------------------------------------------------------------- pages
def pages_for(account, shared: bool, urls: Sequence[str],
              anonymous: bool = False) -> dict[str, bool]:
    """Return the pages routed for ``account``: url path → shown in the sidebar.

    Parameters
    ----------
    account : Account or None
        The logged-in account (None: nobody, or a one-machine app).
    shared : bool
        True on a shared (PostGIS) server; False on a one-machine GeoPackage workspace.
    urls : sequence of str
        The url paths of app.py's pages, in their order. ``"admin"`` may be missing (the
        account page is added by another branch): nothing then changes.
    anonymous : bool
        Whether visitors may view without logging in (:func:`anonymous_view_allowed`).

    Returns
    -------
    dict
        In the order of ``urls``, the url paths routed this run; True when shown in the
        sidebar, False when reachable only by address (the login and account pages of a
        one-machine app, which say that no login is needed and that accounts need a server;
        the login page once logged in). Pages left out are not routed: their address leads
        to the first page instead.

    Examples
    --------
    >>> urls = ["overview", "upload", "data", "present", "login", "admin"]
    >>> pages_for(None, False, urls)
    {'overview': True, 'upload': True, 'data': True, 'present': True, 'login': False, \
'admin': False}
    >>> pages_for(None, True, urls)
    {'login': True}
    >>> pages_for(None, True, urls, anonymous=True)
    {'overview': True, 'present': True, 'login': True}
    """
    role = getattr(account, "role", None)
    routed: dict[str, bool] = {}
    for url in urls:
        if url == LOGIN_PATH:
            routed[url] = shared and account is None
        elif url in ADMIN_PATHS:
            if not shared:
                routed[url] = False  # by its address only: it says accounts need a server
            elif role == "admin":
                routed[url] = True
        elif not shared or role in WRITE_ROLES:
            routed[url] = True
        elif url in VIEW_PATHS and (role == "viewer" or (account is None and anonymous)):
            routed[url] = True
    return routed


def navigation(pages: Sequence[tuple], sections: dict[str, str]):
    """Build the app's ``st.navigation`` for the person using it and return it.

    Parameters
    ----------
    pages : sequence of (file, title key, url path, icon)
        app.py's ``PAGES``.
    sections : dict
        url path → section title key (others go under ``nav.section.main``).
    """
    from ui.common import tr

    shared = shared_server()
    account = sign_in_from_identity() if shared else None
    routed = pages_for(account, shared, [p[2] for p in pages], anonymous_view_allowed())
    home = next(url for url, shown in routed.items() if shown)
    grouped: dict[str, list] = {}
    for path, key, url, icon in pages:
        if url not in routed:
            continue
        section = tr(sections.get(url, "nav.section.main"))
        grouped.setdefault(section, []).append(st.Page(
            path, title=tr(key), url_path=url, icon=icon, default=(url == home),
            visibility="visible" if routed[url] else "hidden"))
        if url == home:
            st.session_state[state.AUTH_HOME] = path
    st.session_state[state.AUTH_ROUTED] = tuple(routed)
    return st.navigation(grouped)


def routed_paths() -> tuple[str, ...]:
    """Return the url paths routed in this session's last run (see :func:`navigation`)."""
    return st.session_state.get(state.AUTH_ROUTED, ())


def page_link(page: str, **kwargs) -> None:
    """``st.page_link`` to the page file ``page``, drawn only when it is routed for this person
    (a link to a page the role may not open would be an error)."""
    url = page.removeprefix("pages/").removesuffix(".py").replace("_", "-")
    if url in routed_paths() or state.AUTH_ROUTED not in st.session_state:
        st.page_link(page, **kwargs)


def go_home() -> None:
    """Switch to the first page of this person's navigation (after a login)."""
    st.switch_page(st.session_state.get(state.AUTH_HOME, "pages/overview.py"))


# ----------------------------------------------------------------------------- buttons
def may_view() -> bool:
    """True when this person may see the workspace: a one-machine app, a logged-in account,
    or an anonymous visitor where anonymous viewing is allowed."""
    return (not shared_server() or current_account() is not None
            or anonymous_view_allowed())


def may_write() -> bool:
    """True when this person may change data (edit, import, save scenarios).

    Always on a one-machine app; on a shared server for admins and editors only (an area
    editor's changes are then limited to their area by the database).
    """
    if not shared_server():
        return True
    return getattr(current_account(), "role", None) in WRITE_ROLES


def may_rollback() -> bool:
    """True when this person may restore an earlier version of a layer (an area editor:
    the rows of its area)."""
    if not shared_server():
        return True
    return getattr(current_account(), "role", None) in ROLLBACK_ROLES


def area_limited() -> bool:
    """True when this person's changes reach only the rows of their area (area editor)."""
    return getattr(current_account(), "role", None) == AREA_ROLE


def person_input(label: str, key: str, container=None, **kwargs) -> str:
    """The person a change is recorded under: typed on a one-machine app, else the account.

    Parameters
    ----------
    label : str
        Label of the text box (one-machine app).
    key : str
        Its session-state key.
    container : streamlit container, optional
        Where to draw (default: the page).
    **kwargs
        Passed on to ``st.text_input`` (``max_chars``…).

    Returns
    -------
    str
        The name, stripped ("" while none is typed).
    """
    from ui.common import tr

    where = container if container is not None else st
    account = current_account()
    if account is not None:
        where.caption(tr("login.recorded_as", name=account.name))
        return account.name
    return (where.text_input(label, key=key, **kwargs) or "").strip()


def person_name(key: str) -> str:
    """The account's name when logged in, else what the text box ``key`` holds (stripped)."""
    account = current_account()
    if account is not None:
        return account.name
    return (st.session_state.get(key) or "").strip()


# ----------------------------------------------------------------------------- log in and out
def log_in(account) -> None:
    """Keep ``account`` as this session's person (after a password or identity check)."""
    st.session_state[state.ACCOUNT] = account
    st.session_state.pop(state.AUTH_IDENTITY_ERROR, None)


def log_out() -> None:
    """Forget the account and everything the person did in this session, then rerun.

    Drafts, previews, unsaved edits, chosen files and results all live in session state:
    every key but the language goes, so the next person at this browser starts clean. After
    ``st.login`` the identity provider's cookie is removed as well (``st.logout``).
    """
    for key in list(st.session_state.keys()):
        if key not in KEPT_ON_LOGOUT:
            del st.session_state[key]
    if provider_configured() and _user_logged_in():
        st.logout()  # reruns in a new session
    st.rerun()


def trusted_header() -> str | None:
    """The request header a trusted reverse proxy puts the person's name in, if configured
    (``FRUITMAP_TRUSTED_HEADER=X-Remote-User``)."""
    return os.environ.get("FRUITMAP_TRUSTED_HEADER", "").strip() or None


def provider_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (``st.login``)."""
    try:
        return bool(st.secrets.get("auth"))
    except FileNotFoundError:
        return False


def _user_logged_in() -> bool:
    try:
        return bool(st.user.get("is_logged_in"))
    except (AttributeError, KeyError):
        return False


def _request_headers():
    return st.context.headers


def identity_names() -> list[str] | None:
    """The names an identity checked elsewhere gives this session, best first, or None.

    The trusted header's value when ``FRUITMAP_TRUSTED_HEADER`` is set; else, when
    ``st.login`` is configured and the person logged in there, ``st.user``'s e-mail address
    and name.
    """
    header = trusted_header()
    if header:
        value = (_request_headers() or {}).get(header)
        return [value] if value and value.strip() else None
    if provider_configured() and _user_logged_in():
        return [st.user.get("email"), st.user.get("name"), st.user.get("preferred_username")]
    return None


def sign_in_from_identity():
    """Return this session's account, logging in from an identity checked elsewhere.

    Each identity is looked up once per session: an unknown one leaves the person on the
    login page with the "no account" message (:func:`identity_error`).
    """
    account = current_account()
    if account is not None:
        return account
    names = identity_names()
    if not names:
        return None
    tried = tuple(str(n) for n in names if n)
    if st.session_state.get(state.AUTH_IDENTITY_TRIED) == tried:
        return None
    st.session_state[state.AUTH_IDENTITY_TRIED] = tried
    from fruitmap.server.identity import account_for_names
    from ui.common import workspace

    try:
        account = account_for_names(workspace(), names)
    except FruitmapError as exc:
        st.session_state[state.AUTH_IDENTITY_ERROR] = exc
        return None
    log_in(account)
    return account


def identity_error() -> FruitmapError | None:
    """Why the identity from the proxy or the provider did not log in (None if it did)."""
    return st.session_state.get(state.AUTH_IDENTITY_ERROR)


def account_sidebar() -> None:
    """Sidebar: who is logged in and their role, with the logout button (shared server)."""
    from ui.common import tr

    if not shared_server():
        return
    account = current_account()
    box = st.sidebar.container(border=True)
    if account is None:
        if anonymous_view_allowed():
            box.caption(tr("login.sidebar.anonymous"))
        return
    box.markdown(tr("login.sidebar.who", name=_md(account.name), role=role_label(account.role)))
    if account.units:
        box.caption(tr("login.sidebar.units", units=_md("; ".join(unit_names(account.units)))))
    if trusted_header() is None and box.button(tr("login.logout"), key=state.AUTH_LOGOUT,
                                               icon="🚪"):
        log_out()


def unit_names(codes: Sequence[str]) -> list[str]:
    """Return "Name (code)" for each admin-unit code (the code alone when it is not found)."""
    from ui.common import layers

    try:
        units = layers()["admin_units"]
        names = dict(zip(units["unit_code"].astype(str), units["name"].astype(str),
                         strict=True))
    except (FruitmapError, KeyError):
        names = {}
    return [f"{names[c]} ({c})" if c in names else c for c in codes]


def _md(text: str) -> str:
    from ui.common import markdown_text

    return markdown_text(text)

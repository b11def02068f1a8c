"""The login page of a shared server: name and password, or the department's identity provider.

A wrong password and an unknown name get the same plain message (the page must not tell
which names exist); a locked account gets the time it opens again. After a login the page
reruns, and the next run (whose navigation now follows the account's role) goes to the first
page of that role.
"""

from __future__ import annotations

import streamlit as st

from fruitmap.errors import FruitmapError, WorkspaceError
from ui import state
from ui.auth import (
    anonymous_view_allowed,
    current_account,
    go_home,
    identity_error,
    log_in,
    provider_configured,
    role_label,
    shared_server,
)
from ui.common import lang, tr, workspace


def login_page() -> None:
    """Draw the login page (on a one-machine app it only says that no login is needed)."""
    st.title(tr("login.title"))
    if not shared_server():
        st.info(tr("login.single_machine"), icon="ℹ️")
        return
    account = current_account()
    if account is not None:  # the run after a login, or the page's address typed again
        st.success(tr("login.already", name=account.name, role=role_label(account.role)))
        go_home()
        return
    st.caption(tr("login.intro"))
    if not database_ready():
        return
    problem = identity_error()
    if problem is not None:
        st.error(problem.message(lang()), icon="🚫")
    if anonymous_view_allowed():
        st.info(tr("login.anonymous"), icon="👁️")
    if provider_configured():
        provider_button()
        st.caption(tr("login.provider_or"))
    password_form()


def database_ready() -> bool:
    """True when the database answers and holds fruitmap's schema; else say why, plainly."""
    try:
        ws = workspace()
        if ws.initialised():
            return True
        problem = WorkspaceError("database_not_initialised", path=str(ws.path))
    except FruitmapError as exc:  # unreachable, wrong password…
        problem = exc
    st.error(f"**{tr('app.error_title')}**\n\n" + problem.message(lang()))
    return False


def provider_button() -> None:
    """The button that logs in through Streamlit's ``st.login`` (OIDC, from secrets)."""
    from streamlit.errors import StreamlitMissingAuthlibError

    if st.button(tr("login.provider"), key=state.LOGIN_PROVIDER, icon="🏢", type="primary"):
        try:
            st.login()
        except StreamlitMissingAuthlibError:
            st.error(tr("login.provider_missing"))


def password_form() -> None:
    """Name, password and the button; on success keep the account and rerun."""
    with st.form(state.LOGIN_FORM, border=True, width=420):
        name = st.text_input(tr("login.name"), key=state.LOGIN_NAME, max_chars=120,
                             autocomplete="username")
        password = st.text_input(tr("login.password"), key=state.LOGIN_PASSWORD, max_chars=200,
                                 type="password", autocomplete="current-password")
        pressed = st.form_submit_button(tr("login.submit"), type="primary", icon="🔑")
    if not pressed:
        return
    if not name.strip() or not password:
        st.warning(tr("login.need_both"))
        return
    from fruitmap.server.accounts import authenticate

    try:
        account = authenticate(workspace(), name, password)
    except FruitmapError as exc:  # login_failed, login_locked, or the database unreachable
        st.error(exc.message(lang()), icon="🚫")
        return
    log_in(account)
    st.rerun()

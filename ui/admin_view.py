"""Streamlit glue of the admin page (pages/admin.py): accounts, their roles and areas.

Everything is done by :mod:`fruitmap.server.account_admin` as the logged-in admin; the
database refuses it anyway for anyone else. Widgets whose values must be emptied after a
change carry a nonce in their key (bumped after every change), so a fresh form appears and
no password stays in a field. Account names reach Markdown (messages, labels) escaped.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fruitmap.columns import split_list
from fruitmap.i18n import t
from fruitmap.server import account_admin as admin
from fruitmap.server.accounts import AREA_ROLE, MIN_PASSWORD_CHARS
from fruitmap.workspace.location import is_database
from fruitmap.workspace.pg_tables import ROLES
from ui import state
from ui.auth import current_account
from ui.common import error_boundary, lang, markdown_text, tr, workspace


def role_name(role: str, language: str | None = None) -> str:
    """Return the role's name in ``language`` (the page's by default)."""
    return t(f"account_admin.role.{role}", language or lang()) if role in ROLES else str(role)


def _role_names():
    # Widgets keep their format function beyond the run: bind the run's language now.
    language = lang()
    return lambda role: role_name(role, language)


def admin_or_refusal():
    """Return the logged-in admin's account, or show why the page is refused and return None.

    Refused on a one-machine (GeoPackage) app, where there are no accounts, and for anyone
    not logged in as an admin.
    """
    if not is_database(workspace()):
        st.info(admin.AccountError("accounts_need_server").message(lang()))
        return None
    account = current_account()
    if account is None or account.role != admin.ADMIN_ROLE:
        st.warning(tr("admin.not_admin"))
        return None
    return account


@st.cache_data(show_spinner=False, max_entries=4)
def _unit_labels(path: str, token: str) -> dict[str, str]:
    # token changes when admin_units is rewritten, so a new import shows at once.
    from fruitmap.workspace.location import open_workspace

    return admin.unit_labels(open_workspace(path).read("admin_units"))


def unit_labels() -> dict[str, str]:
    """Return ``{code: "name (code)"}`` of the districts and communes of the workspace."""
    ws = workspace()
    return _unit_labels(str(ws.path), ws.layer_token("admin_units"))


def show_flash() -> None:
    """Show, once, what the last change did (it was made before the page was drawn again)."""
    message = st.session_state.pop(state.ADMIN_FLASH, None)
    if message:
        st.success(message)


def _done(message: str) -> None:
    st.session_state[state.ADMIN_FLASH] = message
    st.session_state[state.ADMIN_NONCE] = st.session_state.get(state.ADMIN_NONCE, 0) + 1
    st.rerun()


def _nonce() -> int:
    return st.session_state.setdefault(state.ADMIN_NONCE, 0)


def accounts_table(accounts: pd.DataFrame, labels: dict[str, str]) -> None:
    """Show the accounts: name, role, area with unit names, locked until, created."""
    area = accounts["units"].map(lambda units: admin.units_shown(units, labels))
    table = pd.DataFrame({
        tr("admin.col.name"): accounts["name"],
        tr("admin.col.role"): accounts["role"].map(role_name),
        tr("admin.col.units"): area.where(accounts["role"] == AREA_ROLE,
                                          tr("admin.everywhere")),
        tr("admin.col.locked_until"): accounts["locked_until"].dt.strftime("%Y-%m-%d %H:%M")
        .where(accounts["locked"], tr("admin.not_locked")),
        tr("admin.col.created"): accounts["created"].dt.strftime("%Y-%m-%d %H:%M"),
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(tr("admin.count", n=len(accounts)))


def _passwords(key: str, label: str) -> tuple[str, str]:
    first = st.text_input(tr(label, minimum=MIN_PASSWORD_CHARS), type="password",
                          key=f"{key}_1")
    again = st.text_input(tr("admin.password_again"), type="password", key=f"{key}_2")
    return first, again


def _units_widget(labels: dict[str, str], key: str, default=()) -> list[str]:
    options = list(labels) + [c for c in default if c not in labels]  # keep unknown codes
    if not labels:
        st.caption(tr("admin.no_units"))
    return st.multiselect(tr("admin.units"), options, default=list(default), key=key,
                          format_func=lambda code: labels.get(code, code),
                          placeholder=tr("admin.units_placeholder"), help=tr("admin.units_help"))


def create_form(by: str, labels: dict[str, str]) -> None:
    """The form creating an account: name, role, units, password twice."""
    nonce = _nonce()
    with st.form(f"{state.ADMIN_CREATE}_{nonce}"):
        name = st.text_input(tr("admin.name"), key=f"{state.ADMIN_NAME}_{nonce}")
        role = st.selectbox(tr("admin.role"), ROLES, index=ROLES.index(AREA_ROLE),
                            format_func=_role_names(), key=f"{state.ADMIN_ROLE}_{nonce}")
        units = _units_widget(labels, f"{state.ADMIN_UNITS}_{nonce}")
        password, again = _passwords(f"{state.ADMIN_PASSWORD}_{nonce}", "admin.password")
        if not st.form_submit_button(tr("admin.create"), type="primary"):
            return
    if password != again:
        st.error(tr("admin.password_mismatch"))
        return
    with error_boundary():
        made = admin.create_account(workspace(), by, name, role, units, password)
        _done(tr("admin.created", name=markdown_text(made.name), role=role_name(made.role)))


def manage_panel(by: str, accounts: pd.DataFrame, labels: dict[str, str]) -> None:
    """Change one account: role and units, password, lock, deletion (with confirmation)."""
    names = list(accounts["name"])
    roles = dict(zip(accounts["name"], accounts["role"], strict=True))
    named = _role_names()
    name = st.selectbox(tr("admin.pick"), names, key=state.ADMIN_PICK,
                        format_func=lambda n: f"{n} — {named(roles.get(n, ''))}")
    if name is None:
        return
    row = accounts.set_index("name").loc[name]
    if name == by:
        st.caption(tr("admin.yourself", name=markdown_text(name)))
    suffix = f"{name}_{_nonce()}"
    if row["locked"]:
        st.warning(tr("admin.locked", until=row["locked_until"].strftime("%Y-%m-%d %H:%M")))
        if st.button(tr("admin.unlock"), key=f"{state.ADMIN_UNLOCK}_{suffix}"):
            with error_boundary():
                admin.unlock(workspace(), by, name)
                _done(tr("admin.unlocked", name=markdown_text(name)))
    with st.form(f"{state.ADMIN_EDIT}_{suffix}"):
        role = st.selectbox(tr("admin.role"), ROLES, index=ROLES.index(row["role"]),
                            format_func=_role_names(), key=f"{state.ADMIN_EDIT_ROLE}_{suffix}")
        units = _units_widget(labels, f"{state.ADMIN_EDIT_UNITS}_{suffix}",
                              split_list(row["units"]))
        if st.form_submit_button(tr("admin.save")):
            with error_boundary():
                done = admin.update_account(workspace(), by, name, role=role, units=units)
                _done(tr("admin.saved", name=markdown_text(done.name), role=role_name(done.role)))
    with st.form(f"{state.ADMIN_RESET}_{suffix}"):
        st.markdown(f"**{tr('admin.reset_password')}**")
        password, again = _passwords(f"{state.ADMIN_NEW_PASSWORD}_{suffix}",
                                     "admin.new_password")
        if st.form_submit_button(tr("admin.reset_password")):
            if password != again:
                st.error(tr("admin.password_mismatch"))
            else:
                with error_boundary():
                    admin.set_password(workspace(), by, name, password)
                    _done(tr("admin.password_set", name=markdown_text(name)))
    if name == by:  # refused anyway (account_admin_self): not offered
        return
    with st.container(border=True):
        sure = st.checkbox(tr("admin.delete_confirm", name=markdown_text(name)),
                           key=f"{state.ADMIN_DELETE_CONFIRM}_{suffix}")
        if st.button(tr("admin.delete"), key=f"{state.ADMIN_DELETE}_{suffix}"):
            if not sure:
                st.warning(tr("admin.delete_needs_confirm"))
                return
            with error_boundary():
                admin.delete_account(workspace(), by, name)
                st.session_state.pop(state.ADMIN_PICK, None)
                _done(tr("admin.deleted", name=markdown_text(name)))

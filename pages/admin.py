"""Admin page: the shared server's accounts, their roles and areas (admins only)."""

from __future__ import annotations

import streamlit as st

from fruitmap.server.account_admin import list_accounts
from ui.admin_view import (
    accounts_table,
    admin_or_refusal,
    create_form,
    manage_panel,
    show_flash,
    unit_labels,
)
from ui.common import error_boundary, footer, tr, workspace

st.title(tr("admin.title"))
st.caption(tr("admin.intro"))

with error_boundary():
    account = admin_or_refusal()  # one-machine app or not an admin: says why, shows nothing
    if account is not None:
        show_flash()
        labels = unit_labels()
        accounts = list_accounts(workspace())
        st.subheader(tr("admin.section.list"))
        accounts_table(accounts, labels)
        st.subheader(tr("admin.section.create"))
        create_form(account.name, labels)
        st.subheader(tr("admin.section.manage"))
        manage_panel(account.name, accounts, labels)
footer()

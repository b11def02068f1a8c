"""Accounts found by a name someone else has checked: a LAN identity provider or a proxy.

With a password login (:func:`fruitmap.server.accounts.authenticate`) fruitmap checks who
someone is itself. A shared server may leave that to its network instead: an OpenID Connect
identity provider (Streamlit's ``st.login``, which hands over an e-mail address and a name)
or a trusted reverse proxy that logs people in and passes their name in a header. Then only
the account remains to be found, by name, with no password: :func:`account_for_names`.
"""

from __future__ import annotations

from collections.abc import Iterable

from fruitmap.columns import split_list
from fruitmap.errors import InputError
from fruitmap.server.accounts import Account
from fruitmap.workspace.pg_tables import ACCOUNTS, table

MAX_NAME_CHARS = 200  # longer "names" from a header are refused before any query


def clean_names(names: Iterable[object]) -> list[str]:
    """Return the distinct non-blank names of ``names``, stripped, in order (None skipped).

    Examples
    --------
    >>> clean_names([" lan@sonla.gov.vn ", None, "", "Lan", "Lan"])
    ['lan@sonla.gov.vn', 'Lan']
    """
    out: list[str] = []
    for name in names:
        text = str(name).strip() if name is not None else ""
        if text and len(text) <= MAX_NAME_CHARS and text not in out:
            out.append(text)
    return out


def account_for_names(ws, names: Iterable[object]) -> Account:
    """Return the account named by the first of ``names`` that has one.

    Parameters
    ----------
    ws : PostgisWorkspace
        The shared server's workspace (the app's role reads the accounts table).
    names : iterable of str
        What the identity provider or the proxy says the person is called, best first (for
        ``st.login``: the e-mail address, then the name).

    Raises
    ------
    InputError
        ``login_no_account`` when none of the names has an account (the first name is
        shown); ``login_locked`` while the account is locked after wrong passwords.
    """
    candidates = clean_names(names)
    if candidates:
        with ws.transaction() as cur:
            cur.execute(f"SELECT name, role, units, locked_until > now(), "
                        f"to_char(locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                        f"FROM {table(ACCOUNTS)} WHERE name = ANY(%s)", (candidates,))
            rows = {r[0]: r for r in cur.fetchall()}
        for name in candidates:
            if name in rows:
                _, role, units, locked, until = rows[name]
                if locked:
                    raise InputError("login_locked", value=name, until=f"{until} UTC")
                return Account(name, role, tuple(split_list(units)))
    raise InputError("login_no_account", value=candidates[0] if candidates else "")

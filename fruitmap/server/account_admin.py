"""Managing the accounts of the shared server: what the admin page does, as a library.

Every change runs in one transaction whose person (``fruitmap.user``) is the acting admin
``by``: the database's row-level security lets it through only when ``by`` is an admin (see
:mod:`fruitmap.server.accounts_ddl`), and the audit log records ``by`` as its author. The
checks here come first so that a refusal is a plain sentence, not a database error:

- a role must be one of :data:`fruitmap.workspace.pg_tables.ROLES`;
- an area editor needs units, and every unit must be in the ``admin_units`` layer;
- a password needs at least :data:`fruitmap.server.accounts.MIN_PASSWORD_CHARS` characters;
- a name may be used once (not even with other upper/lower case);
- an admin may neither delete nor demote themself, so the last admin stays an admin.

Units are kept only for area editors; other roles write (or read) everywhere, so their
units would mean nothing and are cleared.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

import pandas as pd

from fruitmap.columns import split_list
from fruitmap.errors import InputError, WorkspaceError
from fruitmap.server.accounts import AREA_ROLE, MIN_PASSWORD_CHARS, Account, hash_password
from fruitmap.text import fold
from fruitmap.workspace.pg_tables import ACCOUNTS, ROLES, table

ADMIN_ROLE = "admin"
MAX_NAME_CHARS = 60
UNIT_LEVELS = ("district", "commune")  # what an area editor is given (the form's choices)
ACCOUNTS_LOCK_KEY = 0x66726D61  # "frma": advisory lock of account changes
LIST_COLUMNS = ["name", "role", "units", "created", "locked_until", "locked", "failed_logins"]


class AccountError(InputError):
    """An account change was refused (plain words in ``message``); nothing was changed."""


# ---------------------------------------------------------------- reading
def list_accounts(ws) -> pd.DataFrame:
    """Return every account of the PostGIS workspace ``ws`` (never a password hash).

    Returns
    -------
    DataFrame
        Columns :data:`LIST_COLUMNS`: ``units`` as stored (``"C1;C2"``, empty for roles
        without units), ``created`` and ``locked_until`` as UTC timestamps (``NaT`` when not
        locked), ``locked`` True while ``locked_until`` is in the future. Sorted by name,
        ignoring case.

    Raises
    ------
    AccountError
        ``accounts_need_server`` when ``ws`` is a GeoPackage folder.
    """
    _require_database(ws)
    with _database_errors(ws), ws.transaction() as cur:
        cur.execute(f"SELECT name, role, coalesce(units, ''), created, locked_until, "
                    f"coalesce(locked_until > now(), false), failed_logins "
                    f"FROM {table(ACCOUNTS)} ORDER BY lower(name), name")
        rows = cur.fetchall()
    frame = pd.DataFrame(rows, columns=LIST_COLUMNS)
    for column in ("created", "locked_until"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame.astype({"locked": bool, "failed_logins": "int64"})


def unit_labels(admin_units: pd.DataFrame, levels: Iterable[str] = UNIT_LEVELS) -> dict[str, str]:
    """Return ``{unit_code: "name (code)"}`` of the admin units an area editor can be given.

    Parameters
    ----------
    admin_units : DataFrame
        The ``admin_units`` layer (``unit_code``, ``name``, optional ``level``).
    levels : iterable of str
        The levels offered (districts and communes); every unit when there is no ``level``.

    Returns
    -------
    dict
        Ordered by level as given, then by name (diacritics ignored).
    """
    if admin_units is None or not len(admin_units) or "unit_code" not in admin_units:
        return {}
    levels = list(levels)
    frame = pd.DataFrame({"code": admin_units["unit_code"].astype("string").str.strip()})
    names = admin_units["name"] if "name" in admin_units else frame["code"]
    frame["name"] = names.astype("string").str.strip().fillna(frame["code"])
    level = admin_units["level"].astype("string").str.strip() if "level" in admin_units \
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    frame["rank"] = level.map({lv: i for i, lv in enumerate(levels)}).astype("Float64")
    if "level" in admin_units:
        frame = frame[frame["rank"].notna()]
    frame = frame.dropna(subset=["code"]).drop_duplicates("code")
    # Names sorted without diacritics, as a person reads them (Đ next to D, not after Z).
    frame["key"] = frame["name"].map(fold)
    frame = frame.sort_values(["rank", "key", "code"], na_position="last")
    return dict(zip(frame["code"], frame["name"] + " (" + frame["code"] + ")", strict=True))


def units_shown(units: str | Iterable[str] | None, labels: dict[str, str]) -> str:
    """Return an account's units as ``"name (code); …"`` (a code without a name stays as is)."""
    return "; ".join(labels.get(code, code) for code in split_list(units))


# ---------------------------------------------------------------- changing
def create_account(ws, by: str, name: str, role: str, units, password: str) -> Account:
    """Create an account, acting as the admin ``by``.

    Parameters
    ----------
    ws : PostgisWorkspace
    by : str
        The acting admin's account name (the transaction's person, in the audit log).
    name, role : str
        The new account; ``role`` one of ``admin``, ``provincial_editor``, ``area_editor``,
        ``viewer``.
    units : str or list of str or None
        Admin-unit codes (``"C1;C2"`` or a list); needed for an area editor, dropped for the
        other roles.
    password : str
        At least :data:`MIN_PASSWORD_CHARS` characters; only its argon2 hash is stored.

    Returns
    -------
    Account

    Raises
    ------
    AccountError
        For a blank or long name, an unknown role, an area editor without units, unknown
        units, a short password, a name already used, or ``by`` not being an admin.
    """
    name = _clean_name(name)
    _check_password(password)
    with _admin_transaction(ws, by) as cur:
        codes = _checked_units(cur, role, units)
        cur.execute(f"SELECT name FROM {table(ACCOUNTS)} WHERE lower(name) = lower(%s)",
                    (name,))
        taken = cur.fetchone()
        if taken:
            raise AccountError("account_exists", value=taken[0])
        cur.execute(f"INSERT INTO {table(ACCOUNTS)} (name, role, units, password_hash) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO NOTHING",
                    (name, role, ";".join(codes) or None, hash_password(password)))
        if cur.rowcount != 1:  # made by someone else in the meantime
            raise AccountError("account_exists", value=name)
    return Account(name, role, codes)


def update_account(ws, by: str, name: str, role: str | None = None, units=None) -> Account:
    """Change the role and/or units of the account ``name``, acting as the admin ``by``.

    ``role=None`` keeps the role; ``units=None`` keeps the units (an area editor's) — an
    account made area editor without units given keeps none and is refused.

    Returns
    -------
    Account
        The account as it is now.

    Raises
    ------
    AccountError
        ``account_unknown``; ``account_admin_self`` when ``by`` demotes themself (which
        also keeps the last admin, see :func:`_not_yourself`); and as :func:`create_account` for the role and units.
    """
    with _admin_transaction(ws, by) as cur:
        current = _locked_row(cur, name)
        new_role = current[1] if role is None else role
        codes = _checked_units(cur, new_role, current[2] if units is None else units)
        if current[1] == ADMIN_ROLE and new_role != ADMIN_ROLE:
            _not_yourself(by, current[0])
        cur.execute(f"UPDATE {table(ACCOUNTS)} SET role = %s, units = %s WHERE name = %s",
                    (new_role, ";".join(codes) or None, current[0]))
    return Account(current[0], new_role, codes)


def set_password(ws, by: str, name: str, password: str) -> None:
    """Give the account ``name`` a new password, acting as the admin ``by``.

    A reset also clears the count of wrong passwords and a lock: the person is told the new
    password and can log in at once.

    Raises
    ------
    AccountError
        ``account_unknown``; ``account_password_short``; ``account_admin_only``.
    """
    _check_password(password)
    with _admin_transaction(ws, by) as cur:
        current = _locked_row(cur, name)
        cur.execute(f"UPDATE {table(ACCOUNTS)} SET password_hash = %s, failed_logins = 0, "
                    "locked_until = NULL WHERE name = %s", (hash_password(password), current[0]))


def unlock(ws, by: str, name: str) -> None:
    """Open the account ``name`` locked after wrong passwords, acting as the admin ``by``.

    Raises
    ------
    AccountError
        ``account_unknown``; ``account_admin_only``.
    """
    with _admin_transaction(ws, by) as cur:
        current = _locked_row(cur, name)
        cur.execute(f"UPDATE {table(ACCOUNTS)} SET failed_logins = 0, locked_until = NULL "
                    "WHERE name = %s", (current[0],))


def delete_account(ws, by: str, name: str) -> None:
    """Delete the account ``name``, acting as the admin ``by``.

    The history keeps the name as the author of its changes; only the login goes.

    Raises
    ------
    AccountError
        ``account_unknown``; ``account_admin_self`` when ``by`` deletes themself (which
        also keeps the last admin); ``account_admin_only``.
    """
    with _admin_transaction(ws, by) as cur:
        current = _locked_row(cur, name)
        _not_yourself(by, current[0])
        cur.execute(f"DELETE FROM {table(ACCOUNTS)} WHERE name = %s", (current[0],))
        if cur.rowcount != 1:  # the database refused it (row-level security)
            raise AccountError("account_admin_only", value=by)


# ---------------------------------------------------------------- checks
def _require_database(ws) -> None:
    from fruitmap.workspace.location import is_database

    if not is_database(ws):
        raise AccountError("accounts_need_server")


@contextmanager
def _database_errors(ws):
    import psycopg

    from fruitmap.workspace import dburl

    try:
        yield
    except psycopg.errors.InsufficientPrivilege as exc:  # row-level security said no
        raise AccountError("account_refused_by_database",
                           reason=dburl.redact(str(exc).strip())) from exc
    except psycopg.Error as exc:
        raise WorkspaceError("workspace_write_failed", path=str(ws.path),
                             reason=dburl.redact(str(exc).strip())) from exc


@contextmanager
def _admin_transaction(ws, by: str):
    """Yield a cursor of one transaction whose person is ``by``, refused unless an admin."""
    _require_database(ws)
    by = str(by or "").strip()
    with _database_errors(ws), ws.transaction(who=by) as cur:
        # One account change at a time: ``by``'s role, read next, is then not outdated by
        # another admin's change waiting to commit (see _not_yourself).
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (ACCOUNTS_LOCK_KEY,))
        cur.execute("SELECT fruitmap.session_role()")
        if not by or cur.fetchone()[0] != ADMIN_ROLE:
            raise AccountError("account_admin_only", value=by)
        yield cur


def _clean_name(name: str) -> str:
    name = str(name or "").strip()
    if not name:
        raise AccountError("account_name_empty")
    if len(name) > MAX_NAME_CHARS or any(not ch.isprintable() for ch in name):
        raise AccountError("account_name_bad", value=name, maximum=MAX_NAME_CHARS)
    return name


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise AccountError("account_password_short", minimum=MIN_PASSWORD_CHARS)


def _checked_units(cur, role: str, units) -> tuple[str, ...]:
    """Return the units stored for ``role`` (none unless area editor), checked."""
    if role not in ROLES:
        raise AccountError("account_role_unknown", value=role, allowed=", ".join(ROLES))
    if role != AREA_ROLE:
        return ()
    codes = tuple(dict.fromkeys(split_list(units)))
    if not codes:
        raise AccountError("account_area_units_needed")
    cur.execute(f"SELECT DISTINCT btrim(unit_code) FROM {table('admin_units')} "
                "WHERE btrim(unit_code) = ANY(%s)", (list(codes),))
    known = {row[0] for row in cur.fetchall()}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise AccountError("account_units_not_in_layer", value="; ".join(unknown))
    return codes


def _locked_row(cur, name: str) -> tuple:
    """Return (name, role, units) of the account ``name``, locked until the commit."""
    cur.execute(f"SELECT name, role, units FROM {table(ACCOUNTS)} WHERE name = %s FOR UPDATE",
                (str(name or "").strip(),))
    row = cur.fetchone()
    if row is None:
        raise AccountError("account_unknown", value=name)
    return row


def _not_yourself(by: str, name: str) -> None:
    """Refuse ``by`` deleting or demoting their own account.

    That also keeps the last admin: only an admin may demote or delete an admin, and that
    admin is another one, who stays. Account changes run one at a time (an advisory lock)
    and ``by``'s role is read after taking it, so two admins demoting each other at once
    cannot leave none: the second is no admin any more when its turn comes. The database
    refuses a change that leaves no admin as well (:mod:`fruitmap.server.accounts_ddl`).
    """
    if name == by:
        raise AccountError("account_admin_self", value=name)

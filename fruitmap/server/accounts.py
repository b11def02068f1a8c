"""Accounts of the shared server: name, role, admin units, argon2 password hash.

Accounts live in the database table ``fruitmap.accounts`` (see
:mod:`fruitmap.workspace.pg_tables`). Passwords are only ever stored as argon2id hashes
(``argon2-cffi``'s defaults) and read from files, never from the command line, where other
users of the machine could see them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fruitmap.columns import split_list
from fruitmap.errors import InputError
from fruitmap.workspace.pg_tables import ACCOUNTS, ROLES, table

MIN_PASSWORD_CHARS = 8
AREA_ROLE = "area_editor"


def read_password_file(path: str | os.PathLike, minimum: int = 1) -> str:
    """Return the password held by the first line of ``path`` (its line ending removed).

    Raises
    ------
    InputError
        ``password_file_missing`` when the file cannot be read, ``password_too_short`` when
        the password has fewer than ``minimum`` characters.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("password_file_missing", file=str(path), reason=exc) from exc
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if len(password) < minimum:
        raise InputError("password_too_short", file=str(path), minimum=minimum)
    return password


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password`` (salted; its parameters are inside it)."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Return True when ``password`` matches the argon2 ``stored_hash``."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def clean_units(role: str, units: str | None) -> tuple[str, ...]:
    """Return the admin-unit codes of an account (``"C1;C2"``), checked against its role.

    Raises
    ------
    InputError
        ``account_role_unknown`` for a role not in :data:`ROLES`; ``account_units_needed``
        for an area editor without units.
    """
    if role not in ROLES:
        raise InputError("account_role_unknown", value=role, allowed=", ".join(ROLES))
    codes = tuple(dict.fromkeys(split_list(units)))
    if role == AREA_ROLE and not codes:
        raise InputError("account_units_needed", value=role)
    return codes


def add_account(cur, name: str, role: str, password: str, units: str | None = None) -> None:
    """Insert an account through the open cursor ``cur`` (an admin's connection).

    Unit codes must be in ``admin_units`` when that layer holds rows.

    Raises
    ------
    InputError
        For an unknown role, an area editor without units, unknown unit codes, an empty or
        short password, a blank name, or a name that already has an account.
    """
    name = str(name).strip()
    if not name:
        raise InputError("account_name_empty")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError("password_too_short", file="-", minimum=MIN_PASSWORD_CHARS)
    codes = clean_units(role, units)
    if codes:
        cur.execute(f"SELECT unit_code FROM {table('admin_units')}")
        known = {str(r[0]) for r in cur.fetchall()}
        unknown = [c for c in codes if known and c not in known]
        if unknown:
            raise InputError("account_units_unknown", value=";".join(unknown))
    cur.execute(f"SELECT 1 FROM {table(ACCOUNTS)} WHERE name = %s", (name,))
    if cur.fetchone():
        raise InputError("account_exists", value=name)
    cur.execute(f"INSERT INTO {table(ACCOUNTS)} (name, role, units, password_hash) "
                "VALUES (%s, %s, %s, %s)",
                (name, role, ";".join(codes) or None, hash_password(password)))


def upsert_admin(cur, name: str, password: str) -> None:
    """Create the account ``name`` as an admin, or make it one with this password."""
    name = str(name).strip()
    if not name:
        raise InputError("account_name_empty")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError("password_too_short", file="-", minimum=MIN_PASSWORD_CHARS)
    cur.execute(f"INSERT INTO {table(ACCOUNTS)} (name, role, units, password_hash) "
                "VALUES (%s, 'admin', NULL, %s) ON CONFLICT (name) DO UPDATE SET "
                "role = 'admin', units = NULL, password_hash = EXCLUDED.password_hash, "
                "failed_logins = 0, locked_until = NULL", (name, hash_password(password)))



MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
# Verified against when the name is unknown, so that an unknown name takes as long to refuse
# as a wrong password (the answer must not tell which names exist).
_DUMMY_HASH = None


@dataclass(frozen=True)
class Account:
    """A logged-in account: its name, role and admin-unit codes (area editors)."""

    name: str
    role: str
    units: tuple[str, ...] = ()


def authenticate(ws, name: str, password: str) -> Account:
    """Check a login against the accounts of the PostGIS workspace ``ws``.

    After :data:`MAX_FAILED_LOGINS` wrong passwords in a row the account is locked for
    :data:`LOCK_MINUTES` minutes (counted in the database, so every app process sees it);
    a right password resets the count.

    Raises
    ------
    InputError
        ``login_failed`` for an unknown name or a wrong password (the same words for both),
        ``login_locked`` while the account is locked (with the time it opens again).
    """
    global _DUMMY_HASH

    with ws.transaction() as cur:
        cur.execute(f"SELECT password_hash, role, units, locked_until > now(), "
                    f"to_char(locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                    f"FROM {table(ACCOUNTS)} WHERE name = %s FOR UPDATE", (str(name).strip(),))
        row = cur.fetchone()
        if row is None:
            _DUMMY_HASH = _DUMMY_HASH or hash_password("not an account")
            verify_password(_DUMMY_HASH, password)
            raise InputError("login_failed")
        stored, role, units, locked, until = row
        if locked:
            raise InputError("login_locked", value=name, until=f"{until} UTC")
        if not verify_password(stored, password):
            # The right-hand sides read the values before the update.
            cur.execute(f"UPDATE {table(ACCOUNTS)} SET "
                        "locked_until = CASE WHEN failed_logins + 1 >= %s "
                        "THEN now() + make_interval(mins => %s) ELSE locked_until END, "
                        "failed_logins = CASE WHEN failed_logins + 1 >= %s THEN 0 "
                        "ELSE failed_logins + 1 END WHERE name = %s",
                        (MAX_FAILED_LOGINS, LOCK_MINUTES, MAX_FAILED_LOGINS, name))
            failed = InputError("login_failed")
        else:
            cur.execute(f"UPDATE {table(ACCOUNTS)} SET failed_logins = 0, locked_until = NULL "
                        "WHERE name = %s", (name,))
            failed = None
    if failed is not None:  # raised after the commit: the count must be kept
        raise failed
    return Account(str(name).strip(), role, tuple(split_list(units)))

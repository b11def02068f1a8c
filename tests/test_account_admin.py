"""Managing accounts (fruitmap.server.account_admin) and what the database enforces on them.

A fresh database per test, holding a province P with districts D1 (communes C1, C2) and D2
(commune C3), and the first admin of ``db init`` (FIRST_ADMIN).
"""

from __future__ import annotations

import pandas as pd
import psycopg
import pytest

from fruitmap.errors import InputError
from fruitmap.server.account_admin import (
    AccountError,
    create_account,
    delete_account,
    list_accounts,
    set_password,
    unit_labels,
    units_shown,
    unlock,
    update_account,
)
from fruitmap.server.accounts import MAX_FAILED_LOGINS, Account, authenticate
from fruitmap.workspace.location import open_workspace
from tests.postgis_fixtures import FIRST_ADMIN, FIRST_ADMIN_PASSWORD, admin_sql

UNITS = pd.DataFrame({
    "unit_code": ["P", "D1", "D2", "C1", "C2", "C3"],
    "name": ["Sơn La", "Mộc Châu", "Yên Châu", "Đông Sang", "Mường Sang", "Chiềng Hặc"],
    "level": ["province", "district", "district", "commune", "commune", "commune"],
    "parent_code": [None, "P", "P", "D1", "D1", "D2"],
})
PW = "mật khẩu dài 1"


def add_units(cluster, db) -> None:
    """Write UNITS into ``admin_units`` as the superuser, each a small square (pages draw them)."""
    rows = ", ".join(f"({i}, '{r.unit_code}', '{r.name}', '{r.level}', "
                     + ("NULL" if r.parent_code is None else f"'{r.parent_code}'")
                     + f", ST_MakeEnvelope({104 + i / 10}, 21, {104.05 + i / 10}, 21.05, 4326))"
                     for i, r in enumerate(UNITS.itertuples()))
    admin_sql(cluster, "INSERT INTO fruitmap.admin_units (fm_row, unit_code, name, level, "
              f"parent_code, geometry) VALUES {rows}", db=db)


@pytest.fixture()
def ws(pg_cluster, pg_db, pg_app_url):
    """The app's view of a fresh database with admin units (the app's role, no password)."""
    add_units(pg_cluster, pg_db)
    return open_workspace(pg_app_url)


def accounts(cluster, db) -> list[tuple]:
    return admin_sql(cluster, "SELECT name, role, units FROM fruitmap.accounts ORDER BY name",
                     db=db)


def code_of(call) -> str:
    with pytest.raises(AccountError) as caught:
        call()
    assert caught.value.message("vi") and caught.value.message("en")
    return caught.value.code


# ---------------------------------------------------------------- the library
def test_an_admin_creates_an_area_editor_who_then_logs_in(pg_cluster, pg_db, ws):
    made = create_account(ws, FIRST_ADMIN, " Minh ", "area_editor", "C1", PW)
    assert made == Account("Minh", "area_editor", ("C1",))
    assert authenticate(ws, "Minh", PW) == Account("Minh", "area_editor", ("C1",))
    # The database agrees on the new account's area: the commune alone.
    with ws.transaction(who="Minh") as cur:
        cur.execute("SELECT fruitmap.session_role(), fruitmap.session_area()")
        assert cur.fetchone() == ("area_editor", ["C1"])
    table = list_accounts(ws)
    assert list(table["name"]) == [FIRST_ADMIN, "Minh"]
    assert "password_hash" not in table and not table["locked"].any()
    assert table.set_index("name").loc["Minh", "units"] == "C1"
    # The audit log names the admin who made it, and never holds a password hash.
    rows = admin_sql(pg_cluster, "SELECT who, db_role, op, before, after FROM fruitmap.audit "
                     "WHERE table_name = 'accounts' ORDER BY audit_id", db=pg_db)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == \
        [(FIRST_ADMIN, "fruitmap_app", "INSERT", None)]
    assert rows[0][4] == {"name": "Minh", "role": "area_editor", "units": "C1",
                          "locked_until": None}


def test_other_roles_keep_no_units_and_a_district_covers_its_communes(ws):
    assert create_account(ws, FIRST_ADMIN, "Lan", "viewer", "C1", PW).units == ()
    assert create_account(ws, FIRST_ADMIN, "Hà", "area_editor", ["D1", "C3", "D1"], PW).units \
        == ("D1", "C3")
    with ws.transaction(who="Hà") as cur:
        cur.execute("SELECT fruitmap.session_area()")
        assert sorted(cur.fetchone()[0]) == ["C1", "C2", "C3", "D1"]
    table = list_accounts(ws).set_index("name")
    assert table.loc["Lan", "units"] == "" and table.loc["Hà", "units"] == "D1;C3"


def test_refusals_change_nothing(pg_cluster, pg_db, ws):
    create_account(ws, FIRST_ADMIN, "Minh", "area_editor", "C1", PW)
    before = accounts(pg_cluster, pg_db)
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "Tuấn", "area_editor", "C9;C1",
                                          PW)) == "account_units_not_in_layer"
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "Tuấn", "area_editor", "",
                                          PW)) == "account_area_units_needed"
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "Tuấn", "viewer", None,
                                          "ngắn")) == "account_password_short"
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "Minh", "viewer", None,
                                          PW)) == "account_exists"
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "MINH", "viewer", None,
                                          PW)) == "account_exists"
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "  ", "viewer", None,
                                          PW)) == "account_name_empty"
    assert code_of(lambda: create_account(ws, FIRST_ADMIN, "Tuấn", "boss", None,
                                          PW)) == "account_role_unknown"
    # Only an admin manages accounts: an editor, a stranger, nobody.
    for by in ("Minh", "nobody", ""):
        assert code_of(lambda by=by: create_account(ws, by, "Tuấn", "viewer", None,
                                                    PW)) == "account_admin_only"
        assert code_of(lambda by=by: delete_account(ws, by, FIRST_ADMIN)) == \
            "account_admin_only"
    # Yourself (and so the last admin): neither deleted nor demoted.
    assert code_of(lambda: delete_account(ws, FIRST_ADMIN, FIRST_ADMIN)) == "account_admin_self"
    assert code_of(lambda: update_account(ws, FIRST_ADMIN, FIRST_ADMIN, role="viewer")) == \
        "account_admin_self"
    assert code_of(lambda: update_account(ws, FIRST_ADMIN, "Minh", units="C7")) == \
        "account_units_not_in_layer"
    assert code_of(lambda: update_account(ws, FIRST_ADMIN, "Ai", role="viewer")) == \
        "account_unknown"
    assert code_of(lambda: set_password(ws, FIRST_ADMIN, "Minh", "short")) == \
        "account_password_short"
    assert accounts(pg_cluster, pg_db) == before
    assert authenticate(ws, FIRST_ADMIN, FIRST_ADMIN_PASSWORD).role == "admin"


def test_change_role_and_units_reset_password_unlock_delete(pg_cluster, pg_db, ws):
    create_account(ws, FIRST_ADMIN, "Minh", "area_editor", "C1", PW)
    assert update_account(ws, FIRST_ADMIN, "Minh", units="C2;C3") == \
        Account("Minh", "area_editor", ("C2", "C3"))
    assert update_account(ws, FIRST_ADMIN, "Minh", role="provincial_editor") == \
        Account("Minh", "provincial_editor", ())
    # Back to area editor: units must be given again (none were kept).
    assert code_of(lambda: update_account(ws, FIRST_ADMIN, "Minh", role="area_editor")) == \
        "account_area_units_needed"
    update_account(ws, FIRST_ADMIN, "Minh", role="area_editor", units=["D2"])
    assert authenticate(ws, "Minh", PW).units == ("D2",)
    # Locked after wrong passwords; the admin unlocks; a reset password works at once.
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(InputError):
            authenticate(ws, "Minh", "sai mật khẩu")
    assert list_accounts(ws).set_index("name").loc["Minh", "locked"]
    unlock(ws, FIRST_ADMIN, "Minh")
    assert not list_accounts(ws).set_index("name").loc["Minh", "locked"]
    assert authenticate(ws, "Minh", PW).name == "Minh"
    set_password(ws, FIRST_ADMIN, "Minh", "mật khẩu mới 22")
    with pytest.raises(InputError):
        authenticate(ws, "Minh", PW)
    assert authenticate(ws, "Minh", "mật khẩu mới 22").role == "area_editor"
    # A second admin may delete the first (who is not the last); then the first is gone.
    create_account(ws, FIRST_ADMIN, "Hoa", "admin", None, PW)
    delete_account(ws, "Hoa", FIRST_ADMIN)
    delete_account(ws, "Hoa", "Minh")
    assert accounts(pg_cluster, pg_db) == [("Hoa", "admin", None)]
    # Every change is in the audit log under the admin's name; the hash never is.
    log = admin_sql(pg_cluster, "SELECT who, op, before->>'name', after->>'role', "
                    "after->>'password_changed', (after ? 'password_hash') OR "
                    "(before ? 'password_hash') FROM fruitmap.audit "
                    "WHERE table_name = 'accounts' ORDER BY audit_id", db=pg_db)
    assert not any(r[5] for r in log)
    ops = [(r[0], r[1]) for r in log]
    assert (None, "UPDATE") in ops  # the lock after the fifth wrong password: nobody's
    assert ops[-2:] == [("Hoa", "DELETE"), ("Hoa", "DELETE")]
    assert (FIRST_ADMIN, "UPDATE", "Minh", "area_editor", "true") in [r[:5] for r in log]
    # A failed login alone (the counter going up) is not an account change.
    assert sum(1 for r in log if r[:2] == (None, "UPDATE")) == 1


def test_accounts_live_only_on_the_shared_server(tmp_path):
    from fruitmap.workspace.geopackage import Workspace

    assert code_of(lambda: list_accounts(Workspace(tmp_path))) == "accounts_need_server"
    assert code_of(lambda: create_account(Workspace(tmp_path), "a", "b", "viewer", None,
                                          PW)) == "accounts_need_server"


def test_unit_labels_offer_districts_and_communes_by_name():
    labels = unit_labels(UNITS)
    assert list(labels) == ["D1", "D2", "C3", "C1", "C2"]  # districts first, then by name
    assert labels["C1"] == "Đông Sang (C1)"
    assert units_shown("D1;C9", labels) == "Mộc Châu (D1); C9"
    assert unit_labels(UNITS.drop(columns="level"))["P"] == "Sơn La (P)"
    assert unit_labels(UNITS.iloc[0:0]) == {}


# ---------------------------------------------------------------- the database itself
def _as_app(cluster, db, who, sql, params=None):
    with psycopg.connect(cluster.app_url(db)) as conn:
        if who is not None:
            conn.execute("SELECT set_config('fruitmap.user', %s, true)", (who,))
        return conn.execute(sql, params).rowcount


@pytest.mark.parametrize("who", [None, "Minh", "Lan", "nobody"])
def test_raw_sql_as_the_app_role_writes_accounts_only_for_an_admin(pg_cluster, pg_db, ws, who):
    create_account(ws, FIRST_ADMIN, "Minh", "area_editor", "C1", PW)
    create_account(ws, FIRST_ADMIN, "Lan", "viewer", None, PW)
    before = admin_sql(pg_cluster, "SELECT * FROM fruitmap.accounts ORDER BY name", db=pg_db)
    refused = psycopg.errors.InsufficientPrivilege
    with pytest.raises(refused):
        _as_app(pg_cluster, pg_db, who, "INSERT INTO fruitmap.accounts (name, role, "
                "password_hash) VALUES ('Tuấn', 'admin', 'x')")
    # Raising one's own rights, or anyone's: refused, not silently skipped.
    for change in ("role = 'admin'", "units = 'P'", "password_hash = 'x'"):
        with pytest.raises(refused):
            _as_app(pg_cluster, pg_db, who, f"UPDATE fruitmap.accounts SET {change} "
                    "WHERE name = %s", ("Lan" if who == "Lan" else "Minh",))
    with pytest.raises(refused):  # no right at all on the name
        _as_app(pg_cluster, pg_db, who, "UPDATE fruitmap.accounts SET name = 'x'")
    assert _as_app(pg_cluster, pg_db, who, "DELETE FROM fruitmap.accounts") == 0
    assert admin_sql(pg_cluster, "SELECT * FROM fruitmap.accounts ORDER BY name",
                     db=pg_db) == before
    # The login counters stay writable by anyone: logins happen before anyone is known.
    assert _as_app(pg_cluster, pg_db, who, "UPDATE fruitmap.accounts SET failed_logins = 1 "
                   "WHERE name = 'Minh'") == 1


def test_raw_sql_as_an_admin_writes_but_never_leaves_no_admin(pg_cluster, pg_db, ws):
    assert _as_app(pg_cluster, pg_db, FIRST_ADMIN, "INSERT INTO fruitmap.accounts (name, "
                   "role, password_hash) VALUES ('Tuấn', 'viewer', 'x')") == 1
    assert _as_app(pg_cluster, pg_db, FIRST_ADMIN, "UPDATE fruitmap.accounts SET role = "
                   "'provincial_editor' WHERE name = 'Tuấn'") == 1
    for sql in ("DELETE FROM fruitmap.accounts",
                f"UPDATE fruitmap.accounts SET role = 'viewer' WHERE name = '{FIRST_ADMIN}'"):
        with pytest.raises(psycopg.errors.CheckViolation, match="last admin"):
            _as_app(pg_cluster, pg_db, FIRST_ADMIN, sql)
    assert accounts(pg_cluster, pg_db) == [("Tuấn", "provincial_editor", None),
                                           (FIRST_ADMIN, "admin", None)]


def test_db_init_runs_again_and_the_rules_still_hold(pg_cluster, pg_db, ws):
    from fruitmap.server.dbadmin import init_database
    from tests.postgis_fixtures import APP_PASSWORD

    create_account(ws, FIRST_ADMIN, "Minh", "area_editor", "C1", PW)
    init_database(pg_cluster.admin_url(pg_db), APP_PASSWORD, FIRST_ADMIN, FIRST_ADMIN_PASSWORD)
    assert authenticate(ws, "Minh", PW).units == ("C1",)  # accounts kept
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _as_app(pg_cluster, pg_db, "Minh", "UPDATE fruitmap.accounts SET role = 'admin' "
                "WHERE name = 'Minh'")
    create_account(ws, FIRST_ADMIN, "Lan", "viewer", None, PW)
    policies = admin_sql(pg_cluster, "SELECT count(*) FROM pg_policies WHERE schemaname = "
                         "'fruitmap' AND tablename = 'accounts'", db=pg_db)
    assert policies == [(5,)]


def test_two_admins_demoting_each_other_at_once_leave_one_admin(pg_cluster, pg_db, ws):
    """The second change waits for the first, then finds its admin no admin any more."""
    import threading

    from fruitmap.server.account_admin import ACCOUNTS_LOCK_KEY

    create_account(ws, FIRST_ADMIN, "Hoa", "admin", None, PW)
    outcome = {}

    def hoa_demotes_the_first_admin():
        try:
            update_account(ws, "Hoa", FIRST_ADMIN, role="viewer")
            outcome["code"] = "done"
        except AccountError as exc:
            outcome["code"] = exc.code

    # The first admin's change, as update_account makes it, held open while Hoa's starts.
    with psycopg.connect(pg_cluster.app_url(pg_db)) as first:
        first.execute("SELECT set_config('fruitmap.user', %s, true)", (FIRST_ADMIN,))
        first.execute("SELECT pg_advisory_xact_lock(%s)", (ACCOUNTS_LOCK_KEY,))
        first.execute("UPDATE fruitmap.accounts SET role = 'viewer' WHERE name = 'Hoa'")
        other = threading.Thread(target=hoa_demotes_the_first_admin)
        other.start()
        other.join(timeout=2)
        assert other.is_alive()  # waiting for the first change
    other.join(timeout=30)
    assert outcome == {"code": "account_admin_only"}
    assert accounts(pg_cluster, pg_db) == [("Hoa", "viewer", None), (FIRST_ADMIN, "admin", None)]

"""The SQL functions the row-level security policies use to know the transaction's person."""

from __future__ import annotations

import psycopg

from tests.postgis_fixtures import admin_sql


def _session(cluster, db, who):
    with psycopg.connect(cluster.app_url(db)) as conn:
        if who is not None:
            conn.execute("SELECT set_config('fruitmap.user', %s, true)", (who,))
        row = conn.execute("SELECT fruitmap.session_role(), fruitmap.session_area()").fetchone()
        return row[0], None if row[1] is None else sorted(row[1])


def test_session_role_and_area_follow_the_account_named_for_the_transaction(pg_cluster, pg_db):
    # A province P, districts D1 (communes C1, C2) and D2 (commune C3).
    admin_sql(pg_cluster, "INSERT INTO fruitmap.admin_units (fm_row, unit_code, parent_code) "
              "VALUES (0, 'P', NULL), (1, 'D1', 'P'), (2, 'D2', 'P'), (3, 'C1', 'D1'), "
              "(4, 'C2', 'D1'), (5, 'C3', 'D2')", db=pg_db)
    admin_sql(pg_cluster, "INSERT INTO fruitmap.accounts (name, role, units, password_hash) "
              "VALUES ('an', 'area_editor', 'D1; C3', 'x'), ('bình', 'viewer', NULL, 'x'), "
              "('chi', 'provincial_editor', NULL, 'x')", db=pg_db)
    assert _session(pg_cluster, pg_db, "an") == ("area_editor", ["C1", "C2", "C3", "D1"])
    assert _session(pg_cluster, pg_db, "bình") == ("viewer", None)
    assert _session(pg_cluster, pg_db, "chi") == ("provincial_editor", None)
    assert _session(pg_cluster, pg_db, "nobody") == (None, None)
    assert _session(pg_cluster, pg_db, None) == (None, None)

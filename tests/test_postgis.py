"""The PostGIS workspace and the ``db`` commands, on the session's throw-away cluster.

What the GeoPackage workspace promises is tested on both backends in
``test_workspace_safety.py`` and ``test_history.py``; here is what only a database has: the
stored column types, the app's powerless role and row-level security, passwords kept out of
URLs, readers during a write, ``db init|load|dump|user add``, and the app's pages on a
database.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner
from shapely.geometry import Point, Polygon

from fruitmap.cli import main
from fruitmap.errors import WorkspaceError
from fruitmap.server.accounts import Account, verify_password
from fruitmap.workspace import dburl
from fruitmap.workspace import postgis as pgmod
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.location import open_workspace
from tests.conftest import ROOT
from tests.postgis_fixtures import (
    APP_PASSWORD,
    FIRST_ADMIN,
    FIRST_ADMIN_PASSWORD,
    admin_sql,
    drop_database,
    fresh_database,
)
from tests.test_pages_apptest import _NavigationOnly, run_page
from tests.test_workspace_safety import plants, stores

# The pages of a shared server open after a login (tests/test_login.py logs in by the form).
ADMIN_SESSION = {"account": Account(FIRST_ADMIN, "admin")}
DATA_TABLES = {"zones", "plants", "cold_stores", "industrial_areas", "admin_units", "markets",
               "crop_calendar", "targets", "history", "views", "layer_versions", "scenarios"}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def frames_equal(a: dict, b: dict, names) -> None:
    for name in names:
        pd.testing.assert_frame_equal(pd.DataFrame(a[name]), pd.DataFrame(b[name]),
                                      obj=name)


# ---------------------------------------------------------------- stored form
def test_columns_are_stored_as_the_geopackage_stores_them(pg_cluster, pg_db, pg_app_url):
    ws = open_workspace(pg_app_url).as_account(FIRST_ADMIN)
    zones = pd.DataFrame({"zone_id": ["Z1", "Z2"], "name": ["Vùng 1", "Vùng 2"],
                          "crop": ["longan", "mango"], "area_ha": [12.5, 30.0],
                          "off_season": [True, False], "harvest_start": [6, None],
                          "farmer_group": ["HTX Chiềng Hặc", None]})  # not in the contract
    zones = gpd.GeoDataFrame(zones, geometry=[
        Polygon([(104.0, 21.0), (104.01, 21.0), (104.01, 21.01)]), Point(104.2, 21.1)],
        crs="EPSG:4326")
    ws.write({"zones": zones, "plants": plants(2).assign(operating_months=[(5, 6, 7), (1, 12)])},
             action="import", who="Lan")
    rows = admin_sql(pg_cluster, "SELECT crops, operating_months, ST_SRID(geometry), "
                     "pg_typeof(capacity_t_day)::text FROM fruitmap.plants ORDER BY fm_row",
                     db=pg_db)
    assert [r[:2] for r in rows] == [("longan;mango", "5;6;7"), ("longan;mango", "1;12")]
    assert rows[0][2] == 4326 and rows[0][3] == "double precision"
    rows = admin_sql(pg_cluster, "SELECT off_season, pg_typeof(off_season)::text, "
                     "harvest_start, fm_extra::text, GeometryType(geometry) "
                     "FROM fruitmap.zones ORDER BY fm_row", db=pg_db)
    assert rows[0] == (True, "boolean", 6, '{"farmer_group":"HTX Chiềng Hặc"}', "POLYGON")
    assert rows[1][0] is False and rows[1][2] is None and rows[1][4] == "POINT"
    assert ws.read("plants")["operating_months"].tolist() == [(5, 6, 7), (1, 12)]
    back = ws.read("zones")
    assert back["off_season"].tolist() == [True, False]
    # Extras come back (a blank as a gap, as the GeoPackage gives it).
    assert back["farmer_group"].iloc[0] == "HTX Chiềng Hặc" and pd.isna(back["farmer_group"][1])
    assert back.crs.to_epsg() == 4326 and back.geometry.iloc[1].equals(Point(104.2, 21.1))


# ---------------------------------------------------------------- changes
def test_a_stale_token_or_a_busy_workspace_changes_nothing(pg_cluster, pg_db, pg_app_url):
    ws = open_workspace(pg_app_url).as_account(FIRST_ADMIN)
    ws.write({"plants": plants(2)}, action="import")
    seen = ws.layer_token("plants")
    token = ws.token()
    ws.write({"cold_stores": stores(1)}, action="import")  # another layer: plants' token stays
    assert ws.layer_token("plants") == seen and ws.token() != token
    ws.write({"plants": plants(3)}, action="import", who="B")  # someone else's import
    with pytest.raises(WorkspaceError) as err:
        ws.write({"plants": plants(7)}, action="edit", expected={"plants": seen})
    assert err.value.code == "layer_changed"
    assert len(ws.read("plants")) == 3
    # Another writer holds the write lock: refused after lock_timeout, nothing written.
    with psycopg.connect(pg_cluster.admin_url(pg_db)) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (pgmod.WRITE_LOCK_KEY,))
        with pytest.raises(WorkspaceError) as err:
            ws.write({"plants": plants(9)}, action="import", lock_timeout=0.3)
        assert err.value.code == "workspace_busy"
    assert len(ws.read("plants")) == 3 and len(ws.history()) == 3


def test_a_reader_never_sees_a_half_written_change(pg_app_url, monkeypatch):
    ws = open_workspace(pg_app_url).as_account(FIRST_ADMIN)
    ws.write({"plants": plants(2), "cold_stores": stores(1)}, action="import")
    first_done, release = threading.Event(), threading.Event()
    original = pgmod._write_layer

    def pausing(cur, name, df, layer):
        original(cur, name, df, layer)
        if name == "plants":
            first_done.set()
            assert release.wait(30)

    monkeypatch.setattr(pgmod, "_write_layer", pausing)
    errors = []

    def writer():
        try:
            ws.write({"plants": plants(5), "cold_stores": stores(4)}, action="import")
        except WorkspaceError as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert first_done.wait(30)
        # The plants are written inside the open transaction: readers still see the old state.
        seen = open_workspace(pg_app_url).read_all()
        assert len(seen["plants"]) == 2 and len(seen["cold_stores"]) == 1
        assert len(seen["history"]) == 2
    finally:
        release.set()
        thread.join(60)
    assert not errors
    after = ws.read_all()
    assert len(after["plants"]) == 5 and len(after["cold_stores"]) == 4


# ---------------------------------------------------------------- passwords
def test_a_password_in_the_url_is_used_but_never_shown(pg_cluster, pg_db, monkeypatch,
                                                       tmp_path):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))  # only the URL's password
    monkeypatch.setattr(dburl, "_PASSWORDS", {})
    pgmod.dispose_engines()
    url = f"postgresql://fruitmap_app:{APP_PASSWORD}@127.0.0.1:{pg_cluster.port}/{pg_db}"
    ws = open_workspace(url).as_account(FIRST_ADMIN)
    ws.write({"plants": plants(1)}, action="import")
    for shown in (str(ws.path), repr(ws), ws.token(), ws.layer_token("plants")):
        assert APP_PASSWORD not in shown
    assert str(ws.path) == pg_cluster.app_url(pg_db)
    # Caches re-open the workspace from its shown, password-free path: that works too.
    assert len(open_workspace(str(ws.path)).read("plants")) == 1
    # A refused connection names the database, never the password.
    bad = f"postgresql://nobody:{APP_PASSWORD}x@127.0.0.1:{pg_cluster.port}/{pg_db}"
    with pytest.raises(WorkspaceError) as err:
        open_workspace(bad).read("plants")
    assert err.value.code == "database_unreachable"
    assert APP_PASSWORD not in err.value.message("en") and "nobody@127.0.0.1" in \
        err.value.message("en")
    assert dburl.redact(f"see {bad} now") == \
        f"see postgresql://nobody@127.0.0.1:{pg_cluster.port}/{pg_db} now"
    pgmod.dispose_engines()


# ---------------------------------------------------------------- db init: roles and RLS
def test_db_init_makes_a_powerless_app_role_bound_by_row_level_security(pg_cluster, tmp_path,
                                                                        capsys):
    name = "init_check"
    (tmp_path / "app.pw").write_text(APP_PASSWORD + "\n")
    (tmp_path / "admin.pw").write_text("Mật khẩu quản trị 1\n")
    try:
        code, out, err = cli(capsys, "db", "init", "--url", pg_cluster.admin_url(name),
                             "--app-password-file", tmp_path / "app.pw", "--admin", "Hoa",
                             "--admin-password-file", tmp_path / "admin.pw")
        assert code == 0, err
        lines = out.strip().splitlines()
        assert lines[-1] == f"postgresql://fruitmap_app@127.0.0.1:{pg_cluster.port}/{name}"
        assert APP_PASSWORD not in out + err and "Mật khẩu" not in out + err
        role = admin_sql(pg_cluster, "SELECT rolsuper, rolbypassrls, rolcreaterole, "
                         "rolcreatedb FROM pg_roles WHERE rolname = 'fruitmap_app'", db=name)
        assert role == [(False, False, False, False)]
        owned = admin_sql(pg_cluster, "SELECT count(*) FROM pg_class c JOIN pg_roles r "
                          "ON r.oid = c.relowner WHERE r.rolname = 'fruitmap_app'", db=name)
        assert owned == [(0,)]
        assert admin_sql(pg_cluster, "SELECT pg_get_userbyid(datdba) FROM pg_database "
                         "WHERE datname = %s", db=name, params=(name,)) == [("postgres",)]
        rls = admin_sql(pg_cluster, "SELECT relname FROM pg_class WHERE relnamespace = "
                        "'fruitmap'::regnamespace AND relkind = 'r' AND relrowsecurity "
                        "AND relforcerowsecurity", db=name)
        assert {r[0] for r in rls} == DATA_TABLES | {"accounts"}
        account = admin_sql(pg_cluster, "SELECT role, password_hash FROM fruitmap.accounts "
                            "WHERE name = 'Hoa'", db=name)
        assert account[0][0] == "admin" and account[0][1].startswith("$argon2id$")
        assert verify_password(account[0][1], "Mật khẩu quản trị 1")
        assert not verify_password(account[0][1], "wrong password")
        # As the app's role: row-level security cannot be switched off, the tables cannot
        # be altered, policies cannot be dropped, accounts cannot be written.
        with psycopg.connect(pg_cluster.app_url(name), autocommit=True) as app:
            app.execute("SET row_security = off")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level"):
                app.execute("SELECT * FROM fruitmap.zones")
            app.execute("SET row_security = on")
            for stmt in ("ALTER TABLE fruitmap.zones DISABLE ROW LEVEL SECURITY",
                         "ALTER TABLE fruitmap.zones NO FORCE ROW LEVEL SECURITY",
                         "DROP POLICY fruitmap_app_insert ON fruitmap.zones",
                         "UPDATE fruitmap.accounts SET password_hash = 'x'",
                         "DELETE FROM fruitmap.history",
                         "CREATE TABLE fruitmap.mine (x int)"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(stmt)
    finally:
        drop_database(pg_cluster, name)


# ---------------------------------------------------------------- db user add
def test_db_user_add(pg_cluster, pg_db, tmp_path, capsys):
    url = pg_cluster.admin_url(pg_db)
    pw = tmp_path / "pw"
    pw.write_text("mật khẩu dài 123\n")
    code, out, _ = cli(capsys, "db", "user", "add", "Minh", "--url", url, "--role",
                       "area_editor", "--units", "SL-MC;SL-YC", "--password-file", pw,
                       "--lang", "en")
    assert code == 0 and "Minh" in out
    row = admin_sql(pg_cluster, "SELECT role, units, password_hash FROM fruitmap.accounts "
                    "WHERE name = 'Minh'", db=pg_db)
    assert row[0][:2] == ("area_editor", "SL-MC;SL-YC")
    assert verify_password(row[0][2], "mật khẩu dài 123")
    # Refusals: exit 1 with plain words, nothing added.
    code, _, err = cli(capsys, "db", "user", "add", "Minh", "--url", url, "--role", "viewer",
                       "--password-file", pw, "--lang", "en")
    assert code == 1 and "already exists" in err
    code, _, err = cli(capsys, "db", "user", "add", "Tuan", "--url", url, "--role",
                       "area_editor", "--password-file", pw, "--lang", "en")
    assert code == 1 and "--units" in err
    (tmp_path / "short").write_text("abc\n")
    code, _, err = cli(capsys, "db", "user", "add", "Tuan", "--url", url, "--role", "viewer",
                       "--password-file", tmp_path / "short", "--lang", "en")
    assert code == 1 and "at least 8" in err
    code, _, err = cli(capsys, "db", "user", "add", "Tuan", "--url", url, "--role", "boss",
                       "--password-file", pw)
    assert code == 2  # a usage error: argparse names the roles
    assert admin_sql(pg_cluster, "SELECT name FROM fruitmap.accounts ORDER BY name",
                     db=pg_db) == [("Minh",), (FIRST_ADMIN,)]  # C collation
    assert verify_password(admin_sql(pg_cluster, "SELECT password_hash FROM fruitmap.accounts "
                                     "WHERE name = %s", db=pg_db, params=(FIRST_ADMIN,))[0][0],
                           FIRST_ADMIN_PASSWORD)


# ---------------------------------------------------------------- load, dump, restore
@pytest.fixture(scope="module")
def demo_db(pg_cluster, demo_ws_path):
    """A database holding the demo, loaded with ``db load`` (read-only by convention)."""
    name = fresh_database(pg_cluster)
    assert main(["db", "load", "--url", pg_cluster.admin_url(name), "--from",
                 str(demo_ws_path)]) == 0
    yield name
    drop_database(pg_cluster, name)


def test_load_dump_restore_reads_back_equal(pg_cluster, demo_db, demo_ws_path, tmp_path,
                                            capsys):
    from fruitmap.schema import LAYERS

    demo = Workspace(demo_ws_path).read_all()
    db = open_workspace(pg_cluster.app_url(demo_db))
    loaded = db.read_all()
    data = [n for n in LAYERS if n != "history"]
    frames_equal(demo, loaded, data)
    # The load is recorded after the demo's own history, with the GeoPackage as its source.
    hist = loaded["history"]
    n_demo = len(demo["history"])
    assert hist["action"].iloc[:n_demo].tolist() == demo["history"]["action"].tolist()
    load_rows = hist.iloc[n_demo:]
    assert set(load_rows["action"]) == {"load"} and set(load_rows["who"]) == {"db load"}
    assert load_rows["source_file"].iloc[0].endswith("fruitmap.gpkg")
    assert set(load_rows["layer"]) == {n for n in data if len(demo[n])}
    # Dump: a GeoPackage workspace equal to the database, history included.
    code, out, err = cli(capsys, "db", "dump", "--url", pg_cluster.admin_url(demo_db),
                         "--to", tmp_path / "backup", "--lang", "en")
    assert code == 0, err
    backup = Workspace(tmp_path / "backup")
    frames_equal(loaded, backup.read_all(), LAYERS)
    pd.testing.assert_frame_equal(backup.versions(), db.versions())
    # A second dump into the same folder is refused, the backup untouched.
    code, _, err = cli(capsys, "db", "dump", "--url", pg_cluster.admin_url(demo_db), "--to",
                       tmp_path / "backup", "--lang", "en")
    assert code == 1 and "already holds" in err
    # Restore into a new database: the same layers again.
    other = fresh_database(pg_cluster)
    try:
        assert main(["db", "load", "--url", pg_cluster.admin_url(other), "--from",
                     str(tmp_path / "backup")]) == 0
        frames_equal(demo, open_workspace(pg_cluster.app_url(other)).read_all(), data)
    finally:
        drop_database(pg_cluster, other)


def test_commands_take_the_apps_url_as_workspace(pg_cluster, demo_db, demo_ws_path, tmp_path,
                                                 capsys):
    url = pg_cluster.app_url(demo_db)
    assert main(["balance", "--workspace", url, "--out", str(tmp_path / "db.csv")]) == 0
    assert main(["balance", "--workspace", str(demo_ws_path), "--out",
                 str(tmp_path / "gpkg.csv")]) == 0
    capsys.readouterr()
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "db.csv"),
                                  pd.read_csv(tmp_path / "gpkg.csv"))


def test_demo_and_import_commands_write_into_the_database(pg_cluster, pg_db, pg_app_url,
                                                          tmp_path, capsys):
    from tests import files as F

    # The app's URL writes only for a logged-in account: refused in plain words, exit 1.
    code, out, err = cli(capsys, "demo", "--workspace", pg_app_url, "--lang", "en")
    assert code == 1 and "--login NAME --password-file F, or use the admin URL" in err
    assert "Traceback" not in err and not open_workspace(pg_app_url).exists()
    admin_url = pg_cluster.admin_url(pg_db)
    code, out, err = cli(capsys, "demo", "--workspace", admin_url, "--lang", "en")
    assert code == 0 and admin_url in out, err
    code, _, err = cli(capsys, "demo", "--workspace", admin_url, "--lang", "en")
    assert code == 1 and "already holds data" in err  # nothing overwritten without --force
    ws = open_workspace(pg_app_url)
    before = len(ws.read("plants"))
    token = ws.token()
    path = F.write(tmp_path, "co_so.csv", F.csv_bytes())
    # --user names the admin account, but is no login: refused, nothing written.
    code, out, err = cli(capsys, "import", path, "--layer", "plants", "--workspace",
                         pg_app_url, "--mode", "append", "--user", FIRST_ADMIN, "--lang", "en")
    assert code == 1 and "log in with --login NAME --password-file F" in err
    assert ws.token() == token
    code, out, err = cli(capsys, "import", path, "--layer", "plants", "--workspace",
                         admin_url, "--mode", "append", "--user", "Lan", "--lang", "en")
    assert code == 0, err
    latest = ws.history().iloc[0]
    assert (latest["who"], latest["action"], latest["source_file"]) == \
        ("Lan", "import (append)", "co_so.csv")
    assert latest["rows_before"] == before and len(ws.read("plants")) == latest["rows_after"]
    assert latest["rows_after"] > before


# ---------------------------------------------------------------- the app on a database
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", ["pages/overview.py", "pages/explorer.py", "pages/gap.py",
                                  "pages/data.py"])
def test_pages_run_on_a_postgis_workspace(pg_cluster, demo_db, monkeypatch, page, lang):
    from fruitmap.i18n import t

    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    url = pg_cluster.app_url(demo_db)
    monkeypatch.setenv("FRUITMAP_WORKSPACE", url)
    monkeypatch.chdir(ROOT)
    at = run_page(page, lang, session=ADMIN_SESSION)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(at.main.children) > 0
    captions = " ".join(c.value for c in at.caption)
    if page == "pages/overview.py":
        assert at.title[0].value == t("overview.title", lang)
        assert at.metric  # the figures are computed from the database
        assert url in captions  # …and say where they come from, without password
    if page == "pages/data.py":
        assert t("data.workspace_database", lang, path=url) in captions
    assert APP_PASSWORD not in captions


def test_an_empty_database_says_how_to_load_it(pg_app_url, monkeypatch):
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    monkeypatch.setenv("FRUITMAP_WORKSPACE", pg_app_url)
    monkeypatch.chdir(ROOT)
    at = run_page("pages/explorer.py", "en", session=ADMIN_SESSION)
    assert not at.exception
    assert any("db load" in box.value for box in at.info)


# ---------------------------------------------------------------- make server
def test_make_server_sets_up_a_cluster_with_admin_and_demo_and_reuses_it(tmp_path, monkeypatch):
    """``python -m fruitmap.server.local --no-app`` twice: the second run reuses everything."""
    import os
    import pwd
    import subprocess
    import sys

    from fruitmap.server.cluster import LocalCluster, free_port, stop_cluster

    folder = Path(tempfile.mkdtemp(prefix="fm-srv-", dir="/tmp"))
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
    port = free_port()
    command = [sys.executable, "-m", "fruitmap.server.local", "--no-app", "--port", str(port),
               "--data", str(folder / "data"), "--state", str(tmp_path / "state")]
    env = {k: v for k, v in os.environ.items() if k != "PGPASSFILE"}
    try:
        first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=300)
        assert first.returncode == 0, first.stderr
        url = f"postgresql://fruitmap_app@127.0.0.1:{port}/fruitmap"
        assert f"FRUITMAP_WORKSPACE={url}" in first.stdout
        admin_pw = (tmp_path / "state" / "admin.pw").read_text().strip()
        assert admin_pw not in first.stdout + first.stderr
        assert oct((tmp_path / "state" / "admin.pw").stat().st_mode)[-3:] == "600"
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "state" / "pgpass"))
        ws = open_workspace(url)
        zones = len(ws.read("zones"))
        assert zones > 0 and ws.history()["action"].eq("demo").any()
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/fruitmap") as conn:
            stored = conn.execute("SELECT password_hash FROM fruitmap.accounts "
                                  "WHERE name = 'admin' AND role = 'admin'").fetchone()[0]
        assert verify_password(stored, admin_pw)
        changes = len(ws.history())
        again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=300)
        assert again.returncode == 0, again.stderr
        assert len(ws.read("zones")) == zones
        assert len(ws.history()) == changes  # the demo was not written twice
    finally:
        pgmod.dispose_engines()
        stop_cluster(LocalCluster(folder / "data", port), fast=True)
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- audit
def test_the_audit_log_keeps_every_row_changed_with_the_person_and_the_app_cannot_touch_it(
        pg_cluster, pg_db, pg_app_url):
    # Lan and Minh are accounts: the person of a write must be one.
    admin_sql(pg_cluster, "INSERT INTO fruitmap.accounts (name, role, password_hash) VALUES "
              "('Lan', 'provincial_editor', 'x'), ('Minh', 'provincial_editor', 'x')", db=pg_db)
    ws = open_workspace(pg_app_url)
    ws.write({"plants": plants(2)}, action="import", who="Lan")
    ws.write({"plants": plants(1, 50.0)}, action="import", who="Minh")
    rows = admin_sql(pg_cluster, "SELECT who, db_role, table_name, op, before->>'plant_id', "
                     "after->>'plant_id', (after->>'capacity_t_day')::float "
                     "FROM fruitmap.audit WHERE table_name = 'plants' ORDER BY audit_id",
                     db=pg_db)  # (the accounts made above are audited too)
    assert rows == [
        ("Lan", "fruitmap_app", "plants", "INSERT", None, "P1", 10.0),
        ("Lan", "fruitmap_app", "plants", "INSERT", None, "P2", 11.0),
        ("Minh", "fruitmap_app", "plants", "DELETE", "P1", None, None),
        ("Minh", "fruitmap_app", "plants", "DELETE", "P2", None, None),
        ("Minh", "fruitmap_app", "plants", "INSERT", None, "P1", 50.0),
    ]
    # The person is set for the write's transaction only: a later statement has none.
    with psycopg.connect(pg_app_url, autocommit=True) as app:
        assert app.execute("SELECT current_setting('fruitmap.user', true)").fetchone()[0] \
            in (None, "")
        for stmt in ("SELECT * FROM fruitmap.audit",
                     "INSERT INTO fruitmap.audit (db_role, table_name, op) "
                     "VALUES ('x', 'plants', 'INSERT')",
                     "UPDATE fruitmap.audit SET who = 'someone else'",
                     "DELETE FROM fruitmap.audit",
                     "TRUNCATE fruitmap.audit",
                     "ALTER TABLE fruitmap.plants DISABLE TRIGGER audit_delete",
                     "DROP TRIGGER audit_insert ON fruitmap.plants",
                     "SET session_replication_role = replica"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(stmt)
    assert len(admin_sql(pg_cluster, "SELECT 1 FROM fruitmap.audit WHERE table_name = "
                         "'plants'", db=pg_db)) == 5


# ---------------------------------------------------------------- logins
def test_logins_check_the_argon2_hash_and_lock_after_repeated_failures(pg_cluster, pg_db,
                                                                       pg_app_url, tmp_path):
    from fruitmap.errors import InputError
    from fruitmap.server.accounts import MAX_FAILED_LOGINS, Account, authenticate

    pw = tmp_path / "pw"
    pw.write_text("mật khẩu của Minh\n")
    assert main(["db", "user", "add", "Minh", "--url", pg_cluster.admin_url(pg_db), "--role",
                 "area_editor", "--units", "SL-MC", "--password-file", str(pw)]) == 0
    ws = open_workspace(pg_app_url)  # the app's role checks logins
    assert authenticate(ws, "Minh", "mật khẩu của Minh") == \
        Account("Minh", "area_editor", ("SL-MC",))
    with pytest.raises(InputError) as unknown:
        authenticate(ws, "Nobody", "mật khẩu của Minh")
    with pytest.raises(InputError) as wrong:
        authenticate(ws, "Minh", "sai")
    # The same words for an unknown name and a wrong password.
    assert unknown.value.message("vi") == wrong.value.message("vi")
    for _ in range(MAX_FAILED_LOGINS - 1):  # the 5th wrong password in a row locks
        with pytest.raises(InputError):
            authenticate(ws, "Minh", "sai")
    with pytest.raises(InputError) as locked:
        authenticate(ws, "Minh", "mật khẩu của Minh")  # even the right one, while locked
    assert locked.value.code == "login_locked" and "UTC" in locked.value.message("en")
    admin_sql(pg_cluster, "UPDATE fruitmap.accounts SET locked_until = now() - interval '1 s'",
              db=pg_db)  # fifteen minutes later
    assert authenticate(ws, "Minh", "mật khẩu của Minh").role == "area_editor"
    assert admin_sql(pg_cluster, "SELECT failed_logins, locked_until FROM fruitmap.accounts "
                     "WHERE name = 'Minh'", db=pg_db) == [(0, None)]
    # The first admin of db init logs in as well.
    assert authenticate(ws, FIRST_ADMIN, FIRST_ADMIN_PASSWORD).role == "admin"


def test_the_app_takes_the_database_password_from_streamlit_secrets(pg_cluster, demo_db,
                                                                     monkeypatch, tmp_path):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))  # no ~/.pgpass, no PGPASSWORD
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr(dburl, "_PASSWORDS", {})
    pgmod.dispose_engines()
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    url = pg_cluster.app_url(demo_db)
    monkeypatch.setenv("FRUITMAP_WORKSPACE", url)
    monkeypatch.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["postgres"] = {"password": APP_PASSWORD}
    at.session_state["lang"] = "en"
    at.session_state["account"] = ADMIN_SESSION["account"]
    at.run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    assert at.metric  # the overview's figures, read from the database
    assert APP_PASSWORD not in " ".join(c.value for c in at.caption)
    # Without the secret the same page says it cannot connect, in plain words.
    pgmod.dispose_engines()
    monkeypatch.setattr(dburl, "_PASSWORDS", {})
    bare = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    bare.session_state["lang"] = "en"
    bare.session_state["account"] = ADMIN_SESSION["account"]
    bare.run()
    assert not bare.exception
    assert any("Cannot connect to the database" in e.value for e in bare.error)
    pgmod.dispose_engines()


# ---------------------------------------------------------------- import --login
MC_ZONES = ("zone_id,name,crop,area_ha,unit_code,lon,lat\n"
            "MC-1,Vùng Mộc Châu 1,plum,12.5,116,104.6,20.85\n"
            "MC-2,Vùng Mộc Châu 2,plum,8,116,104.62,20.86\n")
MIXED_ZONES = ("zone_id,name,crop,area_ha,unit_code,lon,lat\n"
               "MC-3,Vùng Mộc Châu 3,plum,3,116,104.61,20.84\n"
               "YC-1,Vùng Yên Châu,mango,5,118,104.3,21.05\n")


def test_import_with_login_writes_with_the_accounts_rights(pg_cluster, pg_db, pg_app_url,
                                                           tmp_path, capsys):
    """An area editor of district 116 replaces only its district's zones; a row of district
    118 is refused (exit 1, the row and the allowed units named); a viewer writes nothing;
    history and the audit log name the account."""
    admin = pg_cluster.admin_url(pg_db)
    assert main(["demo", "--workspace", pg_cluster.admin_url(pg_db)]) == 0
    pw = tmp_path / "pw"
    pw.write_text("mật khẩu dài 123\n")
    for name, role, units in (("Minh", "area_editor", "116"), ("Xem", "viewer", None)):
        extra = ["--units", units] if units else []
        assert main(["db", "user", "add", name, "--url", admin, "--role", role,
                     "--password-file", str(pw), *extra]) == 0
    ws = open_workspace(pg_app_url)
    before = ws.read("zones")
    mine = before["unit_code"].astype(str) == "116"
    assert mine.sum() > 0 and (~mine).sum() > 0
    (tmp_path / "mc.csv").write_text(MC_ZONES)
    capsys.readouterr()
    code, out, err = cli(capsys, "import", tmp_path / "mc.csv", "--layer", "zones",
                         "--workspace", pg_app_url, "--login", "Minh", "--password-file", pw,
                         "--lang", "en")
    assert code == 0, err
    after = ws.read("zones")
    # District 116 now holds exactly the file's two zones; every other zone is as it was.
    assert sorted(after.loc[after["unit_code"] == "116", "zone_id"]) == ["MC-1", "MC-2"]
    others = before[~mine.to_numpy()].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(after[after["unit_code"] != "116"]).reset_index(drop=True),
        pd.DataFrame(others))
    latest = ws.history().iloc[0]
    assert (latest["who"], latest["source_file"]) == ("Minh", "mc.csv")
    who = admin_sql(pg_cluster, "SELECT DISTINCT who FROM fruitmap.audit WHERE "
                    "table_name = 'zones' AND audit_id > (SELECT min(audit_id) FROM "
                    "fruitmap.audit WHERE who = 'Minh')", db=pg_db)
    assert who == [("Minh",)]
    # A neighbour's row: refused with the row and the allowed units, nothing written.
    (tmp_path / "mixed.csv").write_text(MIXED_ZONES)
    token = ws.token()
    code, out, err = cli(capsys, "import", tmp_path / "mixed.csv", "--layer", "zones",
                         "--workspace", pg_app_url, "--login", "Minh", "--password-file", pw,
                         "--lang", "en", "--mode", "append")
    assert code == 1
    assert "row 2" in err and "118" in err and "allowed units: 116" in err
    assert "row 1" not in err  # the district's own row is fine
    assert ws.token() == token
    # A viewer, a wrong password, --login on a folder: refused, nothing written.
    code, _, err = cli(capsys, "import", tmp_path / "mc.csv", "--layer", "zones",
                       "--workspace", pg_app_url, "--login", "Xem", "--password-file", pw,
                       "--lang", "en")
    assert code == 1 and "may only view" in err
    (tmp_path / "bad").write_text("sai mật khẩu\n")
    code, _, err = cli(capsys, "import", tmp_path / "mc.csv", "--layer", "zones",
                       "--workspace", pg_app_url, "--login", "Minh", "--password-file",
                       tmp_path / "bad", "--lang", "en")
    assert code == 1 and "password is wrong" in err
    code, _, err = cli(capsys, "import", tmp_path / "mc.csv", "--layer", "zones",
                       "--workspace", tmp_path / "folder", "--login", "Minh",
                       "--password-file", pw, "--lang", "en")
    assert code == 1 and "shared database" in err
    assert ws.token() == token


def test_two_area_editors_replacing_their_own_districts_at_once_both_land(
        pg_cluster, pg_db, pg_app_url, tmp_path):
    from fruitmap.files.ingest import prepare
    from fruitmap.files.readers import read_path
    from fruitmap.server.accounts import Account
    from fruitmap.server.rights import import_as

    assert main(["demo", "--workspace", pg_cluster.admin_url(pg_db)]) == 0
    admin_sql(pg_cluster, "INSERT INTO fruitmap.accounts (name, role, units, password_hash) "
              "VALUES ('Minh', 'area_editor', '116', 'x'), ('Lan', 'area_editor', '118', 'x')",
              db=pg_db)
    ws = open_workspace(pg_app_url)
    admin = ws.read("admin_units")
    (tmp_path / "a.csv").write_text(MC_ZONES)
    (tmp_path / "b.csv").write_text("zone_id,name,crop,area_ha,unit_code,lon,lat\n"
                                    "YC-1,Vùng Yên Châu,mango,5,118,104.3,21.05\n")
    jobs = {"Minh": (("116",), tmp_path / "a.csv"), "Lan": (("118",), tmp_path / "b.csv")}
    errors, start = [], threading.Barrier(2)

    def run(name):
        units, path = jobs[name]
        prepared = prepare(read_path(path), "zones", None, admin_units=admin)
        start.wait(30)
        try:
            import_as(ws, Account(name, "area_editor", units), prepared)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors, errors
    zones = ws.read("zones")
    assert sorted(zones.loc[zones["unit_code"] == "116", "zone_id"]) == ["MC-1", "MC-2"]
    assert zones.loc[zones["unit_code"] == "118", "zone_id"].tolist() == ["YC-1"]
    assert set(ws.history()["who"].iloc[:2]) == {"Minh", "Lan"}

"""Backup and restore of the shared server: exactly the README's commands, on the test cluster.

The commands are read from the README's "Backup and restore" block (so the documentation is
tested against the code) and run with the test cluster's port and database names: the
backup role made by ``db backup-role``, ``pg_dump --format=custom`` as that role,
``pg_restore`` as the admin into a new database. The restored database must read back equal
through ``open_workspace`` (layers, history, saved versions, views, accounts, audit log),
keep row-level security, its policies, grants and audit triggers, and take a new change that
the audit log names; the backup role must not be able to write anything.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import uuid
from pathlib import Path

import pandas as pd
import psycopg
import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner

from fruitmap.cli import main
from fruitmap.server.accounts import Account
from fruitmap.server.backup import BACKUP_ROLE
from fruitmap.server.cluster import write_pgpass
from fruitmap.workspace.location import open_workspace
from fruitmap.workspace.pg_tables import data_tables
from tests.conftest import ROOT
from tests.postgis_fixtures import (
    ADMIN_PASSWORD,
    APP_PASSWORD,
    FIRST_ADMIN,
    admin_sql,
    drop_database,
    fresh_database,
)
from tests.test_pages_apptest import _NavigationOnly, run_page

README = ROOT / "README.md"
BACKUP_PASSWORD = "sao-lưu-" + uuid.uuid4().hex[:8]
EDITOR_PASSWORD = "mật khẩu dài 123"
# The README writes a server on 127.0.0.1:5432 with the database fruitmap.
README_PORT, README_DB, README_RESTORED = "5432", "fruitmap", "fruitmap_restored"
MC_ZONES = ("zone_id,name,crop,area_ha,unit_code,lon,lat\n"
            "MC-1,Vùng Mộc Châu 1,plum,12.5,123,104.63,20.85\n"
            "MC-2,Vùng Mộc Châu 2,plum,8,123,104.62,20.86\n")


def readme_backup_commands() -> list[str]:
    """The command lines of the README's backup block, comments and blank lines left out."""
    section = README.read_text(encoding="utf-8").split("### Backup and restore", 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def for_test_cluster(line: str, port: int, db: str, restored: str) -> str:
    """The README's line with the test cluster's port and database names."""
    line = line.replace(README_RESTORED, restored)
    line = re.sub(rf":{README_PORT}/{README_DB}\b", f":{port}/{db}", line)
    return line.replace(f":{README_PORT}/", f":{port}/")


def run_line(line: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    argv = shlex.split(line)
    if argv[0] == "python":
        argv[0] = sys.executable
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def rows(cluster, db: str, sql: str) -> list[tuple]:
    return admin_sql(cluster, sql, db=db)


SECURITY_SQL = {
    "tables": "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
              "pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.relnamespace = "
              "'fruitmap'::regnamespace AND c.relkind = 'r' ORDER BY 1",
    "policies": "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check "
                "FROM pg_policies WHERE schemaname = 'fruitmap' ORDER BY 1, 2",
    "triggers": "SELECT c.relname, t.tgname, t.tgenabled, p.proname, p.prosecdef, "
                "pg_get_userbyid(p.proowner) FROM pg_trigger t JOIN pg_class c "
                "ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = 'fruitmap'::regnamespace "
                "ORDER BY 1, 2",
    "grants": "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
              "WHERE grantee = 'fruitmap_app' AND table_schema = 'fruitmap' ORDER BY 1, 2",
    "column_grants": "SELECT table_name, column_name, privilege_type FROM "
                     "information_schema.column_privileges WHERE grantee = 'fruitmap_app' "
                     "AND table_schema = 'fruitmap' ORDER BY 1, 2, 3",
    "accounts": "SELECT name, role, units, password_hash FROM fruitmap.accounts ORDER BY 1",
    "audit": "SELECT audit_id, at, who, db_role, table_name, op, before, after "
             "FROM fruitmap.audit ORDER BY audit_id",
}


@pytest.fixture()
def backup_env(pg_cluster, tmp_path):
    """A database holding the demo, an area editor's import and a saved version; the
    environment the README's commands run in (PGPASSFILE with the backup role's password,
    its password file, the project on PYTHONPATH); cleaned up afterwards."""
    db = fresh_database(pg_cluster)
    restored = "r_" + uuid.uuid4().hex[:10]
    admin = pg_cluster.admin_url(db)
    demo = tmp_path / "demo"
    assert main(["demo", "--workspace", str(demo)]) == 0
    assert main(["db", "load", "--url", admin, "--from", str(demo)]) == 0
    pw = tmp_path / "editor.pw"
    pw.write_text(EDITOR_PASSWORD + "\n")
    assert main(["db", "user", "add", "Minh", "--url", admin, "--role", "area_editor",
                 "--units", "123", "--password-file", str(pw)]) == 0
    (tmp_path / "mc.csv").write_text(MC_ZONES)
    # A replace by the area editor: a history row naming a person, a saved version, audit rows.
    assert main(["import", str(tmp_path / "mc.csv"), "--layer", "zones", "--workspace",
                 pg_cluster.app_url(db), "--login", "Minh", "--password-file", str(pw)]) == 0
    (tmp_path / "backup.pw").write_text(BACKUP_PASSWORD + "\n")
    pgpass = write_pgpass(tmp_path / "pgpass", pg_cluster.port,
                          {"postgres": ADMIN_PASSWORD, "fruitmap_app": APP_PASSWORD,
                           BACKUP_ROLE: BACKUP_PASSWORD})
    env = dict(os.environ, PGPASSFILE=str(pgpass), PGCONNECT_TIMEOUT="10",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    previous = os.environ["PGPASSFILE"]
    os.environ["PGPASSFILE"] = str(pgpass)  # this process too (the backup role's checks)
    try:
        yield {"db": db, "restored": restored, "env": env, "cwd": tmp_path, "pw": pw}
    finally:
        os.environ["PGPASSFILE"] = previous
        drop_database(pg_cluster, restored)
        drop_database(pg_cluster, db)
        # The role belongs to the whole (session's) cluster: leave it as it was found.
        admin_sql(pg_cluster, f"DROP ROLE IF EXISTS {BACKUP_ROLE}")


def test_the_readmes_backup_and_restore_commands_restore_an_equal_secured_database(
        pg_cluster, backup_env, monkeypatch):
    db, restored, env, cwd = (backup_env[k] for k in ("db", "restored", "env", "cwd"))
    lines = readme_backup_commands()
    assert [shlex.split(x)[0] for x in lines] == \
        ["python", "pg_dump", "psql", "pg_restore", "psql", "FRUITMAP_WORKSPACE=" +
         f"postgresql://fruitmap_app@127.0.0.1:{README_PORT}/{README_RESTORED}"]
    original = open_workspace(pg_cluster.app_url(db))
    before = {"stored": original.read_stored(), "history": original.history(),
              "versions": original.versions_with_data(), "token": original.token()}
    assert len(before["versions"]) > 0 and "Minh" in set(before["history"]["who"])
    *commands, app_line = [for_test_cluster(x, pg_cluster.port, db, restored) for x in lines]
    for line in commands:
        done = run_line(line, cwd, env)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
        if line.startswith("python"):  # backup-role prints the role's URL last
            assert done.stdout.splitlines()[-1] == \
                f"postgresql://{BACKUP_ROLE}@127.0.0.1:{pg_cluster.port}/{db}"
    dump = cwd / "fruitmap-2026-12-02.dump"
    assert dump.stat().st_size > 100_000

    # The restored database reads back equal through the app's own reading.
    copy = open_workspace(pg_cluster.app_url(restored))
    stored = copy.read_stored()
    assert sorted(stored) == sorted(before["stored"])
    for name, frame in before["stored"].items():
        pd.testing.assert_frame_equal(pd.DataFrame(stored[name]), pd.DataFrame(frame),
                                      obj=name)
    pd.testing.assert_frame_equal(copy.history(), before["history"])
    pd.testing.assert_frame_equal(copy.versions_with_data(), before["versions"])
    vid = before["versions"]["version_id"].iloc[-1]
    pd.testing.assert_frame_equal(pd.DataFrame(copy.read_version(vid)),
                                  pd.DataFrame(original.read_version(vid)))
    assert copy.token() == before["token"]
    # Accounts (argon2 hashes), the audit log, row-level security (enabled and forced on every
    # data table), policies, grants, triggers and their SECURITY DEFINER functions: the same.
    for what, sql in SECURITY_SQL.items():
        assert rows(pg_cluster, restored, sql) == rows(pg_cluster, db, sql), what
    tables = {r[0]: r for r in rows(pg_cluster, restored, SECURITY_SQL["tables"])}
    for name in data_tables():
        assert tables[name][1:3] == (True, True), name
        assert tables[name][3] != "fruitmap_app"  # the app's role still owns nothing
    triggers = rows(pg_cluster, restored, SECURITY_SQL["triggers"])
    assert {(r[0], r[1]) for r in triggers} >= {("zones", "audit_insert"),
                                                ("zones", "audit_delete"),
                                                ("zones", "audit_update")}
    assert all(r[4] for r in triggers)  # the audit functions still run as their owner

    # The app works on it: the README's last line names the app's URL of the restored
    # database; a page runs there, and a new change lands and is audited under its author.
    name, url = shlex.split(app_line)[0].split("=", 1)
    assert (name, url) == ("FRUITMAP_WORKSPACE", pg_cluster.app_url(restored))
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    monkeypatch.setenv("FRUITMAP_WORKSPACE", url)
    monkeypatch.chdir(ROOT)
    # A shared server's pages open after a login: as the first admin.
    at = run_page("pages/explorer.py", "en", session={"account": Account(FIRST_ADMIN, "admin")})
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    last = rows(pg_cluster, restored, "SELECT max(audit_id) FROM fruitmap.audit")[0][0]
    (cwd / "mc2.csv").write_text(MC_ZONES.replace("12.5", "13.5"))
    assert main(["import", str(cwd / "mc2.csv"), "--layer", "zones", "--workspace", url,
                 "--login", "Minh", "--password-file", str(backup_env["pw"])]) == 0
    assert copy.history().iloc[0]["who"] == "Minh"
    audited = rows(pg_cluster, restored, "SELECT DISTINCT who FROM fruitmap.audit WHERE "
                   f"audit_id > {last}")
    assert audited == [("Minh",)]
    assert original.token() == before["token"]  # the original is untouched

    # The backup role: reads every row despite row-level security, writes nothing.
    attrs = rows(pg_cluster, db, "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, "
                 "rolreplication, rolcanlogin, ARRAY(SELECT b.rolname FROM pg_auth_members m "
                 "JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid) FROM pg_roles r "
                 f"WHERE rolname = '{BACKUP_ROLE}'")
    assert attrs == [(False, True, False, False, False, True, ["pg_read_all_data"])]
    backup_url = f"postgresql://{BACKUP_ROLE}@127.0.0.1:{pg_cluster.port}/{db}"
    with psycopg.connect(backup_url, autocommit=True) as conn:
        n = conn.execute("SELECT count(*) FROM fruitmap.zones").fetchone()[0]
        assert n == len(before["stored"]["zones"]) > 0
        for sql in ("INSERT INTO fruitmap.zones (fm_row, zone_id) VALUES (1, 'X')",
                    "UPDATE fruitmap.zones SET area_ha = 0",
                    "DELETE FROM fruitmap.history",
                    "TRUNCATE fruitmap.layer_versions",
                    "UPDATE fruitmap.accounts SET role = 'admin'",
                    "DELETE FROM fruitmap.audit",
                    "ALTER TABLE fruitmap.zones DISABLE ROW LEVEL SECURITY",
                    "ALTER TABLE fruitmap.zones DISABLE TRIGGER audit_delete",
                    "CREATE TABLE fruitmap.x (a int)",
                    "CREATE TABLE public.x (a int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    assert original.token() == before["token"]


def test_without_bypassrls_pg_dump_stops_or_silently_dumps_no_rows(pg_cluster, backup_env):
    """Why the backup role bypasses row-level security (the README says so): a role with
    ``pg_read_all_data`` only is refused by ``pg_dump``, and ``--enable-row-security`` makes
    a dump that succeeds without a single zone."""
    db, env, cwd = backup_env["db"], backup_env["env"], backup_env["cwd"]
    reader = "fm_reader_" + uuid.uuid4().hex[:6]
    admin_sql(pg_cluster, f"CREATE ROLE {reader} LOGIN PASSWORD '{BACKUP_PASSWORD}'")
    try:
        admin_sql(pg_cluster, f"GRANT pg_read_all_data TO {reader}")
        env = dict(env, PGPASSWORD=BACKUP_PASSWORD)
        url = f"postgresql://{reader}@127.0.0.1:{pg_cluster.port}/{db}"
        refused = run_line(f"pg_dump --format=custom --file=a.dump {url}", cwd, env)
        assert refused.returncode != 0
        assert "row-level security" in refused.stderr
        silent = run_line(f"pg_dump --format=custom --enable-row-security --file=b.dump {url}",
                          cwd, env)
        assert silent.returncode == 0, silent.stderr
        data = run_line("pg_restore --data-only --table=zones --file=- b.dump", cwd, env)
        copy_block = data.stdout.split("COPY fruitmap.zones", 1)[1].split("\\.", 1)[0]
        assert copy_block.count("\n") == 1  # the COPY line itself: no row follows it
    finally:
        admin_sql(pg_cluster, f"DROP OWNED BY {reader}", db=db)
        admin_sql(pg_cluster, f"DROP ROLE {reader}")


def test_backup_role_is_made_by_a_superuser_only_and_made_again_harmlessly(
        pg_cluster, pg_db, pg_app_url, tmp_path, capsys):
    admin = pg_cluster.admin_url(pg_db)
    short, good = tmp_path / "short.pw", tmp_path / "good.pw"
    short.write_text("abc\n")
    good.write_text(BACKUP_PASSWORD + "\n")
    exists = f"SELECT count(*) FROM pg_roles WHERE rolname = '{BACKUP_ROLE}'"
    assert admin_sql(pg_cluster, exists) == [(0,)]
    # A short password, or a URL of a role that may not create roles: exit 1, nothing made,
    # no traceback, no password shown.
    assert main(["db", "backup-role", "--url", admin, "--password-file", str(short),
                 "--lang", "en"]) == 1
    assert main(["db", "backup-role", "--url", pg_app_url, "--password-file", str(good),
                 "--lang", "en"]) == 1
    _, err = capsys.readouterr()
    assert "too short" in err and "must be superuser" in err and "Traceback" not in err
    assert BACKUP_PASSWORD not in err and APP_PASSWORD not in err
    assert admin_sql(pg_cluster, exists) == [(0,)]
    try:
        assert main(["db", "backup-role", "--url", admin, "--password-file", str(good)]) == 0
        first = capsys.readouterr().out.splitlines()
        assert "created" in first[0] and BACKUP_PASSWORD not in "".join(first)
        # Again with another password: updated, and only the new password logs in.
        good.write_text(BACKUP_PASSWORD + "-mới\n")
        assert main(["db", "backup-role", "--url", admin, "--password-file", str(good)]) == 0
        assert "updated" in capsys.readouterr().out
        url = f"postgresql://{BACKUP_ROLE}@127.0.0.1:{pg_cluster.port}/{pg_db}"
        with psycopg.connect(url, password=BACKUP_PASSWORD + "-mới") as conn:
            assert conn.execute("SELECT current_user").fetchone() == (BACKUP_ROLE,)
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url, password=BACKUP_PASSWORD).close()
    finally:
        if admin_sql(pg_cluster, exists) != [(0,)]:  # its CONNECT right first, then the role
            admin_sql(pg_cluster, f"DROP OWNED BY {BACKUP_ROLE}", db=pg_db)
            admin_sql(pg_cluster, f"DROP ROLE {BACKUP_ROLE}")

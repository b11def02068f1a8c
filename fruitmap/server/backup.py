"""The backup role of the shared server: reads every row for ``pg_dump``, writes nothing.

``python -m fruitmap db backup-role --url ADMIN_URL --password-file F`` makes (or updates) the
login role ``fruitmap_backup``. The README's deployment section then backs up with
``pg_dump --format=custom`` as that role and restores with ``pg_restore`` as the admin; the
tests run exactly those commands (``tests/test_backup.py``).

Why ``BYPASSRLS``: every data table has row-level security enabled and *forced*, and
``pg_read_all_data`` gives ``SELECT`` but does not lift row-level security. ``pg_dump`` runs
with ``row_security = off`` and therefore stops ("query would be affected by row-level
security policy") on the first table whose policies bind it. ``pg_dump
--enable-row-security`` would instead dump the rows the policies show, and a role no policy
names sees none: the dump succeeds, silently without the data. A role that bypasses
row-level security reads every row of every table, present and future, and ``pg_dump``
refuses loudly when it cannot. It gets no write right anywhere (``pg_read_all_data`` is
``SELECT`` and schema ``USAGE`` only), so it cannot change, add or delete a row, create a
table, or touch the audit log. Only a superuser may give ``BYPASSRLS`` (as ``db init``'s
``CREATE EXTENSION postgis`` already needs).
"""

from __future__ import annotations

from fruitmap.errors import WorkspaceError
from fruitmap.workspace import dburl

BACKUP_ROLE = "fruitmap_backup"


def backup_url(admin_url: str, role: str = BACKUP_ROLE) -> str:
    """Return ``postgresql://fruitmap_backup@HOST:PORT/DB`` (no password) for ``admin_url``."""
    from fruitmap.server.dbadmin import DEFAULT_DB

    info = dburl.parts(admin_url)
    return (f"postgresql://{role}@{info['host'] or 'localhost'}:{info['port'] or 5432}/"
            f"{info['dbname'] or DEFAULT_DB}")


def create_backup_role(admin_url: str, password: str, role: str = BACKUP_ROLE) -> list[str]:
    """Create (or update) the read-only login role ``pg_dump`` runs as.

    The role logs in with ``password`` (only its SCRAM verifier reaches the server), is not a
    superuser, creates no database or role, bypasses row-level security, is made a member of
    ``pg_read_all_data`` (and given nothing else), and may connect to the database of
    ``admin_url``. Running it again resets the password and keeps the rest.

    Returns
    -------
    list of str
        What was done, one line each; the last is the role's URL without password.

    Raises
    ------
    WorkspaceError
        When the server cannot be reached or refuses (e.g. ``admin_url``'s role is not a
        superuser, which ``BYPASSRLS`` needs); nothing of the role is left half-made.
    """
    import psycopg
    from psycopg import sql

    from fruitmap.server.dbadmin import DEFAULT_DB, _connect

    clean = dburl.remember_password(admin_url, None)
    dbname = dburl.parts(clean)["dbname"] or DEFAULT_DB
    try:
        with _connect(clean, dbname) as conn, conn.transaction():
            verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(),
                                                    b"scram-sha-256").decode()
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  (role,)).fetchone()
            conn.execute(sql.SQL(
                ("ALTER" if exists else "CREATE") + " ROLE {} LOGIN NOSUPERUSER BYPASSRLS "
                "NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(verifier)))
            conn.execute(sql.SQL("GRANT pg_read_all_data TO {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(dbname), sql.Identifier(role)))
    except psycopg.Error as exc:
        raise WorkspaceError("workspace_write_failed", path=clean,
                             reason=dburl.redact(str(exc).strip())) from exc
    return [f"role {role} {'updated' if exists else 'created'}: reads every row "
            "(pg_read_all_data, BYPASSRLS), writes nothing",
            backup_url(clean, role)]

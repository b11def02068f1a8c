"""What the database itself enforces on ``fruitmap.accounts``: admins write, everyone logs in.

The app's role ``fruitmap_app`` may insert, update and delete accounts, but row-level
security (enabled and forced) lets the write through only when the transaction's person
(``fruitmap.user``, see :func:`fruitmap.workspace.pg_tables.account_functions_ddl`) is an
admin:

- ``INSERT``: the new row is checked (``WITH CHECK``): refused for anyone but an admin.
- ``DELETE``: only an admin's transaction sees rows to delete; for anyone else a delete
  finds nothing and removes nothing.
- ``UPDATE``: an admin may change anything but the name and the creation time (no column
  right on them). Anyone else may change the **login counters only** (``failed_logins``,
  ``locked_until``), which :func:`fruitmap.server.accounts.authenticate` does before anyone
  is logged in. The policy's check compares the new row with the stored one through
  :func:`account_settings_kept` (a policy cannot read its own table directly: PostgreSQL
  calls that infinite recursion), so a non-admin's change of a role, units or password
  hash is refused with an error, not skipped.

Why a column-limited policy rather than a SECURITY DEFINER login function: the login code
stays as it is, and the rule "non-admins only touch the counters" sits next to the other
rules in one place. What it allows is what the app's role could already do (count a wrong
password, reset the count after a right one): only the Python code can check an argon2
password, so the database has to trust the app with the counters either way.

A change that would leave no admin account is refused (a statement trigger), whoever makes
it.

Every change of an account leaves a row in the append-only ``fruitmap.audit`` (who is the
transaction's person, before and after as JSON): name, role, units, lock and whether the
password changed; **never the password hash**. A bare increase of ``failed_logins`` is not
logged (every wrong password would be), the lock it leads to is.
"""

from __future__ import annotations

from fruitmap.workspace.pg_tables import (
    ACCOUNTS,
    APP_ROLE,
    SCHEMA,
    audit_trigger_ddl,
    quoted,
    table,
)

# What the audit log keeps of an account (never password_hash).
AUDITED = ("name", "role", "units", "locked_until")
# Columns the app's role may update (an admin any of them, others the last two only).
UPDATABLE = ("role", "units", "password_hash", "failed_logins", "locked_until")
IS_ADMIN = f"{SCHEMA}.session_role() IS NOT DISTINCT FROM 'admin'"


def _json(alias: str) -> str:
    return "jsonb_build_object(" + ", ".join(f"'{c}', {alias}.{quoted(c)}" for c in AUDITED) + ")"


def _policies() -> list[str]:
    app, accounts = quoted(APP_ROLE), table(ACCOUNTS)
    kept = f"{SCHEMA}.account_settings_kept(name, role, units, password_hash)"
    policies = {
        "accounts_read": f"FOR SELECT TO {app} USING (true)",
        "accounts_insert": f"FOR INSERT TO {app} WITH CHECK ({IS_ADMIN})",
        "accounts_update": f"FOR UPDATE TO {app} USING (true) WITH CHECK ({IS_ADMIN} OR {kept})",
        "accounts_delete": f"FOR DELETE TO {app} USING ({IS_ADMIN})",
        # FORCE binds the owner too: db init, db user add (the admin URL's role).
        "accounts_owner_all": "TO CURRENT_USER USING (true) WITH CHECK (true)",
    }
    stmts = [f"ALTER TABLE {accounts} ENABLE ROW LEVEL SECURITY",
             f"ALTER TABLE {accounts} FORCE ROW LEVEL SECURITY"]
    for name, body in policies.items():
        stmts += [f"DROP POLICY IF EXISTS {name} ON {accounts}",
                  f"CREATE POLICY {name} ON {accounts} {body}"]
    return stmts


def _kept_function() -> str:
    # STABLE: it reads the table as it was when the UPDATE began, i.e. the row before it.
    return f"""CREATE OR REPLACE FUNCTION {SCHEMA}.account_settings_kept(
  p_name text, p_role text, p_units text, p_hash text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
  SELECT EXISTS (SELECT 1 FROM {table(ACCOUNTS)} a WHERE a.name = p_name
                 AND a.role IS NOT DISTINCT FROM p_role
                 AND a.units IS NOT DISTINCT FROM p_units
                 AND a.password_hash IS NOT DISTINCT FROM p_hash)
$fn$"""


def _audit() -> list[str]:
    changed = " OR ".join(f"o.{quoted(c)} IS DISTINCT FROM n.{quoted(c)}"
                          for c in (*AUDITED, "password_hash"))
    sources = {
        "INSERT": ("new_rows n", "NULL", _json("n"), None),
        "DELETE": ("old_rows o", _json("o"), "NULL", None),
        "UPDATE": ("old_rows o JOIN new_rows n ON o.name = n.name", _json("o"),
                   _json("n") + " || jsonb_build_object('password_changed', "
                   "o.password_hash IS DISTINCT FROM n.password_hash)", changed),
    }
    stmts = []
    for op, (source, before, after, where) in sources.items():
        stmts += audit_trigger_ddl(ACCOUNTS, op, source, before, after, where)
    return stmts


def _keep_an_admin() -> list[str]:
    # After every update or delete: the table may not be left without an admin (whoever
    # writes; the library refuses it before, in plain words). Owner's rights: sees every row.
    function = f"{SCHEMA}.accounts_keep_an_admin"
    stmts = [f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM {table(ACCOUNTS)} WHERE role = 'admin') THEN
    RAISE EXCEPTION 'fruitmap: the last admin account cannot be deleted or demoted'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$fn$""", f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC"]
    for op in ("update", "delete"):
        trigger = f"keep_an_admin_{op}"
        stmts += [f"DROP TRIGGER IF EXISTS {trigger} ON {table(ACCOUNTS)}",
                  f"CREATE TRIGGER {trigger} AFTER {op.upper()} ON {table(ACCOUNTS)} "
                  f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"]
    return stmts


def accounts_ddl() -> list[str]:
    """Return the statements of the accounts' rights, policies and audit (idempotent).

    Run by ``db init`` after the schema, the grants, the session functions and the audit
    table exist; each item is one statement (function bodies hold ``;``).
    """
    app, accounts = quoted(APP_ROLE), table(ACCOUNTS)
    kept = f"{SCHEMA}.account_settings_kept(text, text, text, text)"
    return [
        _kept_function(),
        f"REVOKE ALL ON FUNCTION {kept} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {kept} TO {app}",
        f"GRANT INSERT, DELETE ON {accounts} TO {app}",
        f"GRANT UPDATE ({', '.join(UPDATABLE)}) ON {accounts} TO {app}",
        *_policies(),
        *_audit(),
        *_keep_an_admin(),
    ]

"""The PostGIS form of a workspace: one table per layer, in the schema ``fruitmap``.

Every layer and table of the contract (and the app's ``views``) is a table of that name whose
columns are the contract's, typed as the GeoPackage stores them: text (lists as ``a;b``),
double precision, bigint, boolean, and ``geometry(Geometry, 4326)`` for layers with shapes.
Two bookkeeping columns are added: ``fm_row`` keeps the order of the rows as they were
written, and ``fm_extra`` (``json``, which keeps key order) holds the columns a layer brings
that the contract does not name, as the GeoPackage keeps them as extra fields. The schema is
fixed (made by ``db init``), so the app's role never needs to create, alter or own a table.
"""

from __future__ import annotations

from fruitmap.schema import APP_TABLES, BOOL, FLOAT, INT, LAYERS, MONTH, Layer

SCHEMA = "fruitmap"
ROW = "fm_row"
EXTRA = "fm_extra"
UNITS = "fm_units"
VERSIONS = "layer_versions"
ACCOUNTS = "accounts"
META = "meta"
APP_ROLE = "fruitmap_app"
ROLES = ("admin", "provincial_editor", "area_editor", "viewer")

_SQL_TYPES = {FLOAT: "double precision", INT: "bigint", MONTH: "bigint", BOOL: "boolean"}


def workspace_layers() -> dict[str, Layer]:
    """Return every layer and table kept as a table of its own (contract + app tables)."""
    return {**LAYERS, **APP_TABLES}


def sql_type(kind: str) -> str:
    """Return the PostgreSQL type storing a column of ``kind`` (text unless numeric/bool)."""
    return _SQL_TYPES.get(kind, "text")


def quoted(name: str) -> str:
    """Return ``name`` as a quoted SQL identifier (``when`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def table(name: str) -> str:
    """Return the qualified, quoted name of table ``name``."""
    return f"{SCHEMA}.{quoted(name)}"


def layer_ddl(layer: Layer) -> str:
    """Return the ``CREATE TABLE`` statement of ``layer`` (idempotent)."""
    cols = [f"{ROW} bigint NOT NULL"]
    cols += [f"{quoted(c.name)} {sql_type(c.kind)}" for c in layer.columns]
    cols.append(f"{EXTRA} json")
    if layer.is_spatial:
        cols.append("geometry geometry(Geometry, 4326)")
    body = ",\n  ".join(cols)
    out = [f"CREATE TABLE IF NOT EXISTS {table(layer.name)} (\n  {body}\n)"]
    out.append(f"CREATE INDEX IF NOT EXISTS {layer.name}_row_idx ON {table(layer.name)} ({ROW})")
    if layer.is_spatial:
        out.append(f"CREATE INDEX IF NOT EXISTS {layer.name}_geom_idx "
                   f"ON {table(layer.name)} USING gist (geometry)")
    return ";\n".join(out)


def schema_ddl() -> list[str]:
    """Return the statements that create the schema, its tables and the accounts table."""
    stmts = [f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"]
    stmts += [layer_ddl(layer) for layer in workspace_layers().values()]
    stmts.append(f"CREATE INDEX IF NOT EXISTS history_layer_idx ON {table('history')} "
                 "(layer, change_id)")
    # The admin units whose rows a change touched (';'-joined; NULL: the whole layer), so
    # that a preview goes stale only when its own area changed (fruitmap.server.rights).
    stmts.append(f"ALTER TABLE {table('history')} ADD COLUMN IF NOT EXISTS {UNITS} text")
    stmts.append(f"""CREATE TABLE IF NOT EXISTS {table(VERSIONS)} (
  version_id text PRIMARY KEY,
  {ROW} bigint NOT NULL,
  layer text NOT NULL,
  saved_at text,
  rows bigint,
  data text NOT NULL
)""")
    stmts.append(f"""CREATE TABLE IF NOT EXISTS {table(META)} (
  key text PRIMARY KEY,
  value text
)""")
    stmts.append(f"INSERT INTO {table(META)} (key, value) "
                 "VALUES ('workspace_id', md5(random()::text || clock_timestamp()::text)) "
                 "ON CONFLICT (key) DO NOTHING")
    role_list = ", ".join(f"'{r}'" for r in ROLES)
    stmts.append(f"""CREATE TABLE IF NOT EXISTS {table(ACCOUNTS)} (
  name text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ({role_list})),
  units text,
  password_hash text NOT NULL,
  created timestamptz NOT NULL DEFAULT now(),
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz
)""")
    return stmts


AUDIT = "audit"
# Set per transaction (set_config(..., true)) by every write: the person, not the database login.
USER_SETTING = "fruitmap.user"
AUDITED_OPS = ("INSERT", "UPDATE", "DELETE")


def _row_json(layer: Layer, alias: str) -> str:
    """Return a ``jsonb_build_object`` of one row of ``layer`` (shapes as hex EWKB).

    Built column by column: ``to_jsonb(row)`` would write every shape as GeoJSON, which cost
    eight seconds for 20,000 polygons where hex EWKB costs a fraction of one.
    """
    pairs = [f"'{c.name}', {alias}.{quoted(c.name)}" for c in layer.columns]
    pairs.append(f"'{EXTRA}', {alias}.{EXTRA}")
    if layer.is_spatial:
        pairs.append(f"'geometry', encode(ST_AsEWKB({alias}.geometry), 'hex')")
    return "jsonb_build_object(" + ", ".join(pairs) + ")"


TRANSITION_TABLES = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                     "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}


def audit_trigger_ddl(name: str, op: str, source: str, before: str, after: str,
                      where: str | None = None) -> list[str]:
    """Return the function and statement-level trigger copying ``op`` on table ``name`` into
    the audit log.

    ``source`` is the FROM clause over the transition tables (``new_rows n``, ``old_rows o``),
    ``before``/``after`` the SQL of the logged JSON, ``where`` an optional filter of the rows
    logged. The function runs as its owner, so the app's role needs no right on the log.
    """
    function = f"{SCHEMA}.audit_{name}_{op.lower()}"
    condition = f" WHERE {where}" if where else ""
    trigger = f"audit_{op.lower()}"
    return [f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
  INSERT INTO {table(AUDIT)} (who, db_role, table_name, op, before, after)
  SELECT nullif(current_setting('{USER_SETTING}', true), ''), session_user, TG_TABLE_NAME,
         '{op}', {before}, {after}
  FROM {source}{condition};
  RETURN NULL;
END
$fn$""",
            f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC",
            f"DROP TRIGGER IF EXISTS {trigger} ON {table(name)}",
            f"CREATE TRIGGER {trigger} AFTER {op} ON {table(name)} "
            f"REFERENCING {TRANSITION_TABLES[op]} FOR EACH STATEMENT EXECUTE FUNCTION "
            f"{function}()"]


def audit_ddl() -> list[str]:
    """Return the statements of the append-only audit log and its triggers.

    Every row inserted, updated or deleted in a layer table or ``views`` is copied into
    ``fruitmap.audit`` (before and after, as JSON) with the person set for the transaction
    (``fruitmap.user``) and the database role. Statement-level triggers with transition
    tables do it in one ``INSERT … SELECT`` per statement. The functions run as their owner
    (the admin running ``db init``): the app's role has no right at all on the audit table, so
    it can neither write, change nor delete what is logged, nor turn the triggers off (only
    the owner may).
    """
    stmts = [f"""CREATE TABLE IF NOT EXISTS {table(AUDIT)} (
  audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  who text,
  db_role text NOT NULL,
  table_name text NOT NULL,
  op text NOT NULL,
  before jsonb,
  after jsonb
)""", f"REVOKE ALL ON {table(AUDIT)} FROM PUBLIC"]
    for name, layer in workspace_layers().items():
        if name == "history":
            continue  # history is only ever added to, and is its own record
        for op in AUDITED_OPS:
            source = {"INSERT": "new_rows n", "DELETE": "old_rows o",
                      "UPDATE": "old_rows o FULL JOIN new_rows n ON false"}[op]
            before = _row_json(layer, "o") if op != "INSERT" else "NULL"
            after = _row_json(layer, "n") if op != "DELETE" else "NULL"
            stmts += audit_trigger_ddl(name, op, source, before, after)
    return stmts


def account_functions_ddl() -> list[str]:
    """Return the SQL functions that tell policies who the transaction's person is.

    ``fruitmap.session_role()`` is the role of the account named by ``fruitmap.user`` (set
    per transaction by the app after a login), NULL when no account has that name.
    ``fruitmap.session_area()`` is that account's admin units and every unit under them
    (through ``admin_units.parent_code``), NULL for an account that is not an area editor.
    Both run as their owner (SECURITY DEFINER), so the app's role needs no right on the
    password hashes to use them; they are STABLE, so a policy evaluates them once per
    statement, not once per row.
    """
    user = f"nullif(current_setting('{USER_SETTING}', true), '')"
    role_fn = f"""CREATE OR REPLACE FUNCTION {SCHEMA}.session_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
  SELECT role FROM {table(ACCOUNTS)} WHERE name = {user}
$fn$"""
    area_fn = f"""CREATE OR REPLACE FUNCTION {SCHEMA}.session_area() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
  WITH RECURSIVE account AS (
    SELECT units FROM {table(ACCOUNTS)} WHERE name = {user} AND role = 'area_editor'
  ), area(code) AS (
    SELECT btrim(u) FROM account, unnest(string_to_array(account.units, ';')) AS u
    WHERE btrim(u) <> ''
    UNION
    SELECT btrim(a.unit_code) FROM {table('admin_units')} a JOIN area
      ON btrim(a.parent_code) = area.code
  )
  SELECT CASE WHEN EXISTS (SELECT 1 FROM account)
              THEN coalesce((SELECT array_agg(code) FROM area), '{{}}'::text[]) END
$fn$"""
    stmts = [role_fn, area_fn]
    for fn in ("session_role", "session_area"):
        stmts += [f"REVOKE ALL ON FUNCTION {SCHEMA}.{fn}() FROM PUBLIC",
                  f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{fn}() TO {quoted(APP_ROLE)}"]
    return stmts


def data_tables() -> list[str]:
    """Names of the tables the app reads and writes (layers, views, versions)."""
    return [*workspace_layers(), VERSIONS]


# Tables whose rows carry a ``unit_code``: an area editor writes the rows of its area there.
AREA_TABLES = ("zones", "plants", "cold_stores", "industrial_areas")
# App tables any writer may write (saved map views, planning scenarios): they hold no one's
# area data, and an area editor plans and saves views as everyone does.
SHARED_TABLES = ("views", "scenarios")
WRITER_ROLES = ("admin", "provincial_editor", "area_editor")
EDITOR_ROLES = ("admin", "provincial_editor")
# Policies of the app's role, by name (db init drops them all before making them again).
APP_POLICIES = ("fruitmap_app_all", "fruitmap_app_read", "fruitmap_app_insert",
                "fruitmap_app_update", "fruitmap_app_delete")


def _role_in(roles: tuple[str, ...]) -> str:
    # (SELECT f()) is computed once per statement (an InitPlan), not once per row.
    listed = ", ".join(f"'{r}'" for r in roles)
    return f"(SELECT {SCHEMA}.session_role()) IN ({listed})"


def write_condition(name: str) -> str:
    """Return the SQL condition under which the app's role may write a row of table ``name``.

    The person is the account named by the transaction's ``fruitmap.user`` (see
    :func:`account_functions_ddl`); without a known account, or for a viewer, it is false.
    """
    if name in AREA_TABLES:
        return (f"({_role_in(EDITOR_ROLES)} OR ((SELECT {SCHEMA}.session_role()) = "
                f"'area_editor' AND btrim(unit_code) = ANY ((SELECT {SCHEMA}.session_area())::text[])))")
    if name in SHARED_TABLES or name in ("history", VERSIONS):
        return _role_in(WRITER_ROLES)
    return _role_in(EDITOR_ROLES)


def policies_ddl(name: str) -> list[str]:
    """Return the statements (re)making the app's row-level security policies on ``name``.

    Every row may be read. Writes follow :func:`write_condition`: on the area tables an admin
    or provincial editor writes every row and an area editor the rows whose ``unit_code`` is
    in its area (an update may neither take a row from outside nor move one out); ``views``
    and ``scenarios`` any writer; ``history`` and ``layer_versions`` are only added to, by any
    writer; every other table (admin units, markets, crop calendar, targets) only by an admin
    or provincial editor.
    """
    app = quoted(APP_ROLE)
    where = table(name)
    cond = write_condition(name)
    stmts = [f"DROP POLICY IF EXISTS {p} ON {where}" for p in APP_POLICIES]
    stmts += [f"CREATE POLICY fruitmap_app_read ON {where} FOR SELECT TO {app} USING (true)",
              f"CREATE POLICY fruitmap_app_insert ON {where} FOR INSERT TO {app} "
              f"WITH CHECK ({cond})"]
    if name not in ("history", VERSIONS):  # only ever added to: no update, no delete
        stmts += [f"CREATE POLICY fruitmap_app_update ON {where} FOR UPDATE TO {app} "
                  f"USING ({cond}) WITH CHECK ({cond})",
                  f"CREATE POLICY fruitmap_app_delete ON {where} FOR DELETE TO {app} "
                  f"USING ({cond})"]
    return stmts


def grants_ddl() -> list[str]:
    """Return the statements giving the app's role what it needs, and no more.

    Row-level security is enabled and forced on every data table, with the policies of
    :func:`policies_ddl`: the app's role reads every row and writes only what the
    transaction's account may write. The app's role owns nothing, so the policies bind it.
    The role running ``db init`` (the owner) keeps a policy letting it do everything
    (``db load``, ``db dump``).
    """
    app = quoted(APP_ROLE)
    stmts = [f"GRANT USAGE ON SCHEMA {SCHEMA} TO {app}",
             f"GRANT SELECT ON {table(META)} TO {app}",
             f"GRANT SELECT ON {table(ACCOUNTS)} TO {app}",
             f"GRANT UPDATE (failed_logins, locked_until) ON {table(ACCOUNTS)} TO {app}"]
    for name in data_tables():
        # history and versions are only ever added to by the app.
        rights = "SELECT, INSERT" if name in ("history", VERSIONS) else \
            "SELECT, INSERT, UPDATE, DELETE"
        stmts += [f"GRANT {rights} ON {table(name)} TO {app}",
                  f"ALTER TABLE {table(name)} ENABLE ROW LEVEL SECURITY",
                  f"ALTER TABLE {table(name)} FORCE ROW LEVEL SECURITY",
                  *policies_ddl(name),
                  # FORCE binds the owner too: the admin role running db init/load/dump.
                  f"DROP POLICY IF EXISTS fruitmap_owner_all ON {table(name)}",
                  f"CREATE POLICY fruitmap_owner_all ON {table(name)} TO CURRENT_USER "
                  "USING (true) WITH CHECK (true)"]
    return stmts

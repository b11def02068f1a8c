"""``python -m fruitmap db init|load|dump|backup-role|user add``: the shared PostGIS server.

``--url`` is an ADMIN_URL (a role that may create roles, databases and PostGIS); passwords
are read from files (``--app-password-file``, ``--admin-password-file``,
``--password-file``) or, for the URL's own role, from ``PGPASSWORD`` / ``~/.pgpass``. No
password is ever printed.
"""

from __future__ import annotations

import argparse

from fruitmap.i18n import LANGS, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``db`` sub-commands."""
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION")
    sub.required = True

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                       help="language of messages")
        p.add_argument("--url", required=True, metavar="ADMIN_URL",
                       help="postgresql://USER@HOST:PORT/DB of a role allowed to create roles "
                            "and databases (password from PGPASSWORD or ~/.pgpass)")
        return p

    init = action("init", "create PostGIS, the schema, the app's role fruitmap_app and the "
                          "first admin; prints the app's URL last")
    init.add_argument("--app-password-file", required=True, metavar="F",
                      help="file whose first line is the password of fruitmap_app")
    init.add_argument("--admin", required=True, metavar="NAME", help="first admin account")
    init.add_argument("--admin-password-file", required=True, metavar="F2",
                      help="file whose first line is the admin's password")
    load = action("load", "copy a GeoPackage workspace folder into the database (recorded "
                          "in history)")
    load.add_argument("--from", dest="source", required=True, metavar="DIR",
                      help="workspace folder holding fruitmap.gpkg")
    dump = action("dump", "write the database's workspace into a folder as a GeoPackage "
                          "workspace")
    dump.add_argument("--to", dest="target", required=True, metavar="DIR",
                      help="folder to write fruitmap.gpkg into (must not hold one)")

    backup = action("backup-role", "create (or update) the login role fruitmap_backup that "
                                   "pg_dump runs as: reads every row, writes nothing; prints "
                                   "its URL last")
    backup.add_argument("--password-file", required=True, metavar="F",
                        help="file whose first line is the password of fruitmap_backup")

    user = sub.add_parser("user", help="manage accounts", description="manage accounts")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION")
    user_sub.required = True
    add = user_sub.add_parser("add", help="create an account", description="create an account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                     help="language of messages")
    add.add_argument("--url", required=True, metavar="ADMIN_URL", help="as for db init")
    add.add_argument("--role", required=True,
                     choices=("admin", "provincial_editor", "area_editor", "viewer"))
    add.add_argument("--units", metavar='"CODE;CODE"',
                     help="admin units an area editor may edit (and the units under them)")
    add.add_argument("--password-file", required=True, metavar="F",
                     help="file whose first line is the account's password")


def run(args: argparse.Namespace) -> int:
    """Run the chosen ``db`` action; 0 on success, 1 when refused."""
    from fruitmap.server import accounts, backup, dbadmin

    lang = getattr(args, "lang", "vi")
    if args.db_command == "init":
        app_pw = accounts.read_password_file(args.app_password_file)
        admin_pw = accounts.read_password_file(args.admin_password_file,
                                               accounts.MIN_PASSWORD_CHARS)
        for line in dbadmin.init_database(args.url, app_pw, args.admin, admin_pw):
            print(line)
    elif args.db_command == "load":
        rows = dbadmin.load_workspace(args.url, args.source)
        for row in rows:
            print(t("db.loaded", lang, layer=row["layer"], rows=row["rows_after"]))
    elif args.db_command == "dump":
        path = dbadmin.dump_workspace(args.url, args.target)
        print(t("db.dumped", lang, path=str(path)))
    elif args.db_command == "backup-role":
        password = accounts.read_password_file(args.password_file,
                                               accounts.MIN_PASSWORD_CHARS)
        for line in backup.create_backup_role(args.url, password):
            print(line)
    else:  # user add
        password = accounts.read_password_file(args.password_file,
                                               accounts.MIN_PASSWORD_CHARS)
        dbadmin.add_user(args.url, args.name, args.role, password, args.units)
        print(t("db.user_added", lang, name=args.name.strip(), role=args.role))
    return 0

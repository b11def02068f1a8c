"""``python -m fruitmap import FILE --layer LAYER --workspace DIR``: validate, then write."""

from __future__ import annotations

import argparse
import sys

from fruitmap.commands.validate import add_common, merged_mapping, parse_map, print_report
from fruitmap.i18n import normalise_lang, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``import``."""
    add_common(parser)
    parser.add_argument("--workspace", required=True, metavar="DIR",
                        help="the workspace folder (created if missing), or the app's "
                             "postgresql://USER@HOST:PORT/DB URL (password from PGPASSWORD "
                             "or ~/.pgpass)")
    parser.add_argument("--mode", choices=("replace", "append"), default="replace",
                        help="replace the layer (default) or append the rows")
    parser.add_argument("--user", help="name recorded in the history (default: login name)")
    parser.add_argument("--login", metavar="NAME",
                        help="write with this account's rights (a database workspace only); "
                             "its password from --password-file")
    parser.add_argument("--password-file", metavar="F",
                        help="file whose first line is the --login account's password")


def run(args: argparse.Namespace) -> int:
    """Validate and import; 0 when imported, 1 when refused (nothing changed)."""
    from fruitmap.errors import WorkspaceError
    from fruitmap.files.ingest import import_prepared, prepare
    from fruitmap.files.readers import read_path
    from fruitmap.workspace.location import open_workspace

    lang = normalise_lang(getattr(args, "lang", "vi"))
    if args.login and not args.password_file:
        print("import: --login needs --password-file F", file=sys.stderr)
        return 2  # a usage error, as argparse's own
    ws = open_workspace(args.workspace)
    if args.login and not hasattr(ws, "transaction"):
        from fruitmap.errors import InputError

        raise InputError("login_needs_database")
    if not args.login and hasattr(ws, "needs_account") and ws.needs_account():
        # The app's URL: the database writes only for an account, and --user is no proof.
        raise WorkspaceError("import_needs_login")
    raw = read_path(args.file, sheet=args.sheet, source_layer=args.source_layer)
    mapping = merged_mapping(raw, args.layer, parse_map(args.mapping))
    admin = None
    if ws.exists() and args.layer != "admin_units":
        try:
            admin = ws.read("admin_units")
        except WorkspaceError:
            admin = None
    prepared = prepare(raw, args.layer, mapping, crs=args.crs, admin_units=admin)
    if not prepared.ok:
        print_report(prepared, lang, stream=sys.stderr)
        print(t("upload.invalid", lang), file=sys.stderr)
        return 1
    if args.login:
        rows = _import_with_login(ws, prepared, args)
    else:
        rows = import_prepared(ws, prepared, mode=args.mode, user=args.user)
    print_report(prepared, lang)
    for row in rows:
        print(t("upload.imported", lang, rows=row["rows_after"], layer=row["layer"],
                mode=t(f"upload.mode_{args.mode}", lang), before=row["rows_before"]))
    return 0


def _import_with_login(ws, prepared, args) -> list[dict]:
    """Check the login, then import with that account's rights (refused rows: exit 1)."""
    from fruitmap.server.accounts import authenticate, read_password_file
    from fruitmap.server.rights import import_as

    account = authenticate(ws, args.login, read_password_file(args.password_file))
    return import_as(ws, account, prepared, mode=args.mode)

"""``python -m fruitmap demo --workspace DIR [--force]``: write the bundled Son La demo."""

from __future__ import annotations

import argparse

from fruitmap.i18n import fmt_number, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the ``demo`` command to ``parser``."""
    parser.add_argument("--workspace", required=True, metavar="DIR",
                        help="folder to write the demo workspace into (created when missing), "
                             "or the postgresql:// admin URL of a database set up by db init "
                             "(the app's URL writes only for a logged-in account)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite a workspace that already exists in DIR")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the generator (default: the bundled demo's seed)")


def run(args: argparse.Namespace) -> int:
    """Write the demo workspace and print where it went and a one-line summary."""
    from fruitmap.demo import DEFAULT_SEED, build_demo_layers, summary, write_demo
    from fruitmap.server.dbadmin import write_demo_to_database
    from fruitmap.workspace.dburl import is_database_url

    seed = DEFAULT_SEED if args.seed is None else args.seed
    if is_database_url(args.workspace):
        ws = write_demo_to_database(args.workspace, force=args.force, seed=seed)
        where = str(ws.path)
    else:
        ws = write_demo(args.workspace, force=args.force, seed=seed)
        where = str(ws.gpkg)
    s = summary(build_demo_layers(seed))
    print(t("demo.cli_written", args.lang, path=where))
    lang = args.lang
    print(t("demo.cli_summary", lang, zones=s["zones"], area=fmt_number(s["area_ha"], lang),
            output=fmt_number(s["output_t"], lang), plants=s["plants"],
            factories=s["factories"], cold=fmt_number(s["cold_store_t"], lang)))
    return 0


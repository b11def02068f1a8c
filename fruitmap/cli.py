"""``python -m fruitmap COMMAND ...``: the command line of the contract.

Each command lives in ``fruitmap/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``. This module only dispatches and is the one place where fruitmap's
typed errors become plain-words messages: exit 0 on success, 1 when the input is refused,
2 on a usage error; never a Python traceback for a refused input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from fruitmap.errors import FruitmapError
from fruitmap.i18n import LANGS, normalise_lang

# command name → module under fruitmap.commands (import is deferred to keep --help fast)
COMMANDS = {
    "demo": "demo",
    "validate": "validate",
    "import": "import_",
    "balance": "balance",
    "report": "report",
    "site": "site",
    "db": "db",
}

HELP = {
    "demo": "write the bundled Son La demo workspace into DIR",
    "validate": "read FILE as LAYER and report every problem; changes nothing",
    "import": "validate FILE, then write it into the workspace and record it in history",
    "balance": "compute the supply-capacity balance per admin unit, crop and month",
    "report": "write the meeting pack (PPTX or PDF)",
    "site": "choose at most N sites for new plants or cold stores that leave the least surplus",
    "db": "the shared PostGIS server: init, load, dump, user add",
}


def _available() -> dict[str, object]:
    modules = {}
    for name, module in COMMANDS.items():
        try:
            modules[name] = importlib.import_module(f"fruitmap.commands.{module}")
        except ModuleNotFoundError as exc:
            # A command whose module is not written yet is simply not offered.
            if exc.name != f"fruitmap.commands.{module}":
                raise
    return modules


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available command."""
    parser = argparse.ArgumentParser(
        prog="python -m fruitmap",
        description="fruitmap: Son La fruit supply, processing and storage on maps.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in _available().items():
        p = sub.add_parser(name, help=HELP[name], description=HELP[name])
        p.add_argument("--lang", choices=LANGS, default="vi",
                       help="language of messages (and of outputs where they have text)")
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 refused, 2 usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message already
        return int(exc.code or 0)
    lang = normalise_lang(getattr(args, "lang", "vi"))
    try:
        return int(args._run(args) or 0)
    except FruitmapError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

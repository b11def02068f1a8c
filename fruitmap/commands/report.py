"""``python -m fruitmap report --workspace DIR --out FILE.pptx|FILE.pdf [--lang vi|en]``."""

from __future__ import annotations

import argparse
import sys

from fruitmap.errors import ReportError
from fruitmap.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the ``report`` command to ``parser``."""
    parser.add_argument("--workspace", required=True, metavar="DIR",
                        help="workspace folder (holding fruitmap.gpkg)")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="file to write: FILE.pptx (PowerPoint) or FILE.pdf")
    parser.add_argument("--max-haul-km", type=float, default=100.0, metavar="KM",
                        help="longest haul to a plant or cold store in the balance (default 100)")
    parser.add_argument("--circuity", type=float, default=1.3,
                        help="road distance / straight-line distance (default 1.3)")
    parser.add_argument("--quiet", action="store_true", help="do not print progress")


def run(args: argparse.Namespace) -> int:
    """Build the meeting pack; exit 2 (usage error) for an output that is not .pptx/.pdf."""
    from fruitmap.balance.solve import BalanceParams
    from fruitmap.report.pack import build_report, report_format

    try:
        report_format(args.out)
    except ReportError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2

    def progress(fraction: float, message: str) -> None:
        if not args.quiet:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    params = BalanceParams(max_haul_km=args.max_haul_km, circuity=args.circuity)
    out = build_report(args.workspace, args.out, lang=args.lang, progress=progress,
                       params=params)
    print(t("report.cli_written", args.lang, path=str(out)))
    return 0

"""``python -m fruitmap balance --workspace DIR``: the supply–capacity balance.

With ``--scenario NAME`` the saved scenario's changes and parameters are applied to the data
in memory first (the scenario's parameters win over the options); an unknown name is refused
(exit 1) with the names of the saved scenarios.

Writes the balance rows per admin unit, crop and month with ``--out`` (and the plant and zone
rows with ``--plants-out`` / ``--zones-out``); without ``--out`` prints a short summary per
crop. Bad parameter values are a usage error (exit 2), as argparse reports them.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from fruitmap.i18n import fmt_number, month_name, normalise_lang, t


def _non_negative(text: str) -> float:
    value = _float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _circuity(text: str) -> float:
    value = _float(text)
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError(f"must be between 1 and 10, got {text}")
    return value


def _days(text: str) -> float:
    value = _float(text)
    if not 0 <= value <= 31:
        raise argparse.ArgumentTypeError(f"must be between 0 and 31, got {text}")
    return value


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the ``balance`` command to ``parser``."""
    parser.add_argument("--workspace", required=True, metavar="DIR", help="the workspace folder")
    parser.add_argument("--max-haul-km", type=_non_negative, default=100.0, metavar="KM",
                        help="longest road haul to a plant or cold store (default 100)")
    parser.add_argument("--circuity", type=_circuity, default=1.3,
                        help="road distance / great-circle distance, 1-10 (default 1.3)")
    parser.add_argument("--operating-days", type=_days, default=26.0, metavar="DAYS",
                        help="days a plant works in a month it operates (default 26)")
    parser.add_argument("--include-planned", action="store_true",
                        help="also count planned and under-construction plants and stores")
    parser.add_argument("--aggregate-km", type=_non_negative, default=None, metavar="KM",
                        help="0: always exact; KM: aggregate on a KM grid "
                             "(default: exact unless the workspace is very large)")
    parser.add_argument("--scenario", metavar="NAME",
                        help="apply the saved scenario NAME (its changes and parameters) to "
                             "the data first; the workspace itself is not changed")
    parser.add_argument("--out", metavar="FILE.csv",
                        help="write the balance rows (admin unit, crop, month) to this CSV")
    parser.add_argument("--plants-out", metavar="FILE.csv",
                        help="write the plant rows (plant, month, capacity, processed)")
    parser.add_argument("--zones-out", metavar="FILE.csv",
                        help="write the zone rows (zone, month, where the fruit went)")


def run(args: argparse.Namespace) -> int:
    """Compute the balance; write CSV files or print a summary. Returns 0."""
    from fruitmap.balance.accuracy import accuracy_text
    from fruitmap.balance.solve import BalanceParams, compute_balance
    from fruitmap.schema import STATUSES
    from fruitmap.workspace.location import open_workspace

    lang = normalise_lang(getattr(args, "lang", "vi"))
    ws = open_workspace(args.workspace)
    layers = ws.read_all()
    statuses = STATUSES if args.include_planned else ("operating",)
    params = BalanceParams(max_haul_km=args.max_haul_km, circuity=args.circuity,
                           operating_days=args.operating_days, plant_statuses=statuses,
                           aggregate_km=args.aggregate_km)
    if getattr(args, "scenario", None):
        from fruitmap.planning.scenarios import balance_inputs, load_scenario

        scenario = load_scenario(ws, args.scenario)
        layers, params = balance_inputs(layers, scenario, params)
        statuses = params.plant_statuses
        print(t("scenario.cli.applied", lang, name=scenario.name, n=len(scenario.changes)))
    result = compute_balance(layers, params)
    print(t("balance.params", lang, km=fmt_number(params.max_haul_km, lang, 0),
            circuity=fmt_number(params.circuity, lang, 2),
            days=fmt_number(params.operating_days, lang, 0), statuses=", ".join(statuses)))
    print(accuracy_text(result, lang))
    for path, table in ((args.out, result.units), (args.plants_out, result.plants),
                        (args.zones_out, result.zones)):
        if path:
            _write_csv(table, Path(path))
            print(t("balance.written", lang, rows=len(table), path=path))
    if not args.out:
        print_summary(result, lang)
    return 0


def _write_csv(table, path: Path) -> None:
    from fruitmap.errors import BalanceError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, float_format="%.3f")
    except OSError as exc:
        raise BalanceError("balance_write", path=str(path), reason=exc.strerror or exc) from exc


def print_summary(result, lang: str) -> None:
    """Print the year's totals per crop and the month with the largest surplus."""
    from fruitmap.crops import crop_label

    yearly = result.yearly_totals()
    if len(yearly) == 0 or yearly["supply_t"].sum() <= 0:
        print(t("balance.empty", lang))
        return
    heads = [t(f"balance.col.{k}", lang) for k in
             ("crop", "supply", "fresh", "processed", "stored", "surplus", "surplus_share")]
    rows = []
    for _, r in yearly.iterrows():
        rows.append([crop_label(r["crop"], lang)] + [
            fmt_number(r[c], lang, 0) for c in ("supply_t", "fresh_t", "processed_t",
                                                 "stored_t", "surplus_t")]
            + [_pct(r["surplus_share"], lang)])
    tot = yearly[["supply_t", "fresh_t", "processed_t", "stored_t", "surplus_t"]].sum()
    rows.append([t("balance.total", lang)] + [fmt_number(v, lang, 0) for v in tot]
                + [_pct(tot["surplus_t"] / tot["supply_t"], lang)])
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(heads)]
    print(t("balance.summary_title", lang))
    line = "  ".join(h.ljust(widths[0]) if k == 0 else h.rjust(widths[k])
                     for k, h in enumerate(heads))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(v.ljust(widths[0]) if k == 0 else v.rjust(widths[k])
                        for k, v in enumerate(r)))
    monthly = result.province_totals()
    peak = monthly.loc[monthly["surplus_t"].idxmax()]
    if peak["surplus_t"] >= 0.5:
        print(t("balance.peak", lang, crop=crop_label(peak["crop"], lang),
                month=month_name(int(peak["month"]), lang),
                tonnes=fmt_number(peak["surplus_t"], lang, 0)))
    else:
        print(t("balance.no_surplus", lang))


def _pct(value: float, lang: str) -> str:
    if value is None or value != value:
        return "–"
    return fmt_number(100 * value, lang, 1) + " %"

"""``python -m fruitmap site --workspace DIR --kind plant|cold_store --count N``: where the
next plants or cold stores should go.

Chooses at most N candidate sites (the industrial areas' representative points, or the points
of ``--candidates FILE``) that maximise the tonnes the balance uses, prints the yearly surplus
before and after and writes ``site_id, name, lon, lat, capacity, used_gain_t`` with ``--out``.
Bad option values are a usage error (exit 2); a workspace or candidate file that cannot be
used is refused (exit 1).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fruitmap.commands.balance import _circuity, _days, _float, _non_negative
from fruitmap.i18n import fmt_number, normalise_lang, t

OUT_COLUMNS = ["site_id", "name", "lon", "lat", "capacity", "used_gain_t"]
DEFAULT_CAPACITY = {"plant": 30.0, "cold_store": 500.0}


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text}")
    return value


def _positive(text: str) -> float:
    value = _float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def _crops(text: str) -> tuple[str, ...]:
    from fruitmap.crops import normalise_crop

    out = []
    for item in str(text).split(";"):
        if not item.strip():
            continue
        key = normalise_crop(item.strip())
        if key is None:
            raise argparse.ArgumentTypeError(f"unknown crop: {item.strip()}")
        if key not in out:
            out.append(key)
    if not out:
        raise argparse.ArgumentTypeError("no crop given")
    return tuple(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the ``site`` command to ``parser``."""
    parser.add_argument("--workspace", required=True, metavar="DIR", help="the workspace folder")
    parser.add_argument("--kind", required=True, choices=("plant", "cold_store"),
                        help="what to site: a processing plant or a cold store")
    parser.add_argument("--count", required=True, type=_count, metavar="N",
                        help="at most this many new sites")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--capacity-t-day", type=_positive, metavar="X",
                      help="capacity of a new plant in t/day (default 30)")
    size.add_argument("--capacity-t", type=_positive, metavar="X",
                      help="capacity of a new cold store in t (default 500)")
    parser.add_argument("--crops", type=_crops, metavar='"a;b"',
                        help="crops a new plant accepts (default: every crop grown)")
    parser.add_argument("--candidates", default="industrial_areas",
                        metavar="industrial_areas|FILE",
                        help="candidate sites: the industrial areas (default) or a file of "
                             "points with an id and a name (any format the importer reads)")
    parser.add_argument("--include-plants", action="store_true",
                        help="also offer every existing plant's site (to expand it)")
    parser.add_argument("--grid-km", type=_positive, default=None, metavar="KM",
                        help="also offer a regular grid of points KM apart inside the province")
    parser.add_argument("--max-haul-km", type=_non_negative, default=100.0, metavar="KM",
                        help="longest road haul to a plant or cold store (default 100)")
    parser.add_argument("--circuity", type=_circuity, default=1.3,
                        help="road distance / great-circle distance, 1-10 (default 1.3)")
    parser.add_argument("--operating-days", type=_days, default=26.0, metavar="DAYS",
                        help="days a plant works in a month it operates (default 26)")
    parser.add_argument("--include-planned", action="store_true",
                        help="also count planned and under-construction plants and stores")
    parser.add_argument("--time-limit", type=_positive, default=300.0, metavar="S",
                        help="time limit of each branch and bound in seconds (default 300)")
    parser.add_argument("--out", metavar="FILE.csv",
                        help="write the chosen sites (site_id, name, lon, lat, capacity, "
                             "used_gain_t) to this CSV")


def run(args: argparse.Namespace) -> int:
    """Choose the sites; print the surplus before and after; write the CSV. Returns 0."""
    from fruitmap.balance.solve import BalanceParams
    from fruitmap.planning.candidates import candidate_sites
    from fruitmap.planning.siting import SitingParams, site
    from fruitmap.schema import STATUSES
    from fruitmap.workspace.geopackage import Workspace

    lang = normalise_lang(getattr(args, "lang", "vi"))
    if args.kind == "plant" and args.capacity_t is not None:
        return _usage("--capacity-t is for a cold store; use --capacity-t-day")
    if args.kind == "cold_store" and args.capacity_t_day is not None:
        return _usage("--capacity-t-day is for a plant; use --capacity-t")
    if args.kind == "cold_store" and args.crops:
        return _usage("--crops is for a plant; a new cold store accepts every crop")
    capacity = (args.capacity_t_day if args.kind == "plant" else args.capacity_t) \
        or DEFAULT_CAPACITY[args.kind]
    layers = Workspace(args.workspace).read_all()
    statuses = STATUSES if args.include_planned else ("operating",)
    balance = BalanceParams(max_haul_km=args.max_haul_km, circuity=args.circuity,
                            operating_days=args.operating_days, plant_statuses=statuses)
    cands = candidate_sites(layers, args.candidates, include_plants=args.include_plants,
                            grid_km=args.grid_km)
    params = SitingParams(kind=args.kind, count=args.count, capacities=(capacity,),
                          crops=args.crops, balance=balance, time_limit_s=args.time_limit)
    result = site(layers, cands, params)
    _print(result, len(cands), lang)
    if args.out:
        _write_csv(result, Path(args.out))
        print(t("site.cli_written", lang, rows=len(result.sites), path=args.out))
    return 0


def _usage(message: str) -> int:
    import sys

    print(f"python -m fruitmap site: error: {message}", file=sys.stderr)
    return 2


def _print(result, n_candidates: int, lang: str) -> None:
    unit = "t/ngày" if result.kind == "plant" and lang == "vi" else \
        ("t/day" if result.kind == "plant" else "t")
    print(t("site.cli_summary", lang, n=len(result.sites), candidates=n_candidates,
            kind=t(f"site.kind.{result.kind}", lang)))
    print(t("site.cli_surplus", lang, before=fmt_number(result.surplus_before_t, lang),
            after=fmt_number(result.surplus_after_t, lang),
            cut=fmt_number(result.surplus_before_t - result.surplus_after_t, lang)))
    print(t("site.cli_gap", lang, gap=fmt_number(100 * result.mip_gap, lang, 2)))
    for r in result.sites.itertuples():
        print(f"  {r.site_id}  {r.name}  ({r.lon:.5f}, {r.lat:.5f})  "
              f"{fmt_number(r.capacity, lang, 1)} {unit}  "
              f"+{fmt_number(r.used_gain_t, lang)} t")
    if len(result.curve) > 2:
        print(t("site.cli_curve", lang))
        for r in result.curve.itertuples():
            print(f"  N = {r.n}: {fmt_number(r.surplus_t, lang)} t")


def _write_csv(result, path: Path) -> None:
    from fruitmap.errors import BalanceError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        result.sites[OUT_COLUMNS].to_csv(path, index=False, float_format="%.6f")
    except OSError as exc:
        raise BalanceError("balance_write", path=str(path), reason=exc.strerror or exc) from exc

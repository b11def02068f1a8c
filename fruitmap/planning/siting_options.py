"""The siting page's typed lists: size options ("20; 30; 50") and their costs.

Numbers are separated by ``;`` so that a Vietnamese decimal comma (``12,5``) stays a decimal.
"""

from __future__ import annotations

import math

from fruitmap.errors import InputError


def parse_amounts(text: str, what: str) -> tuple[float, ...]:
    """The numbers of a list such as ``"20; 30; 50"`` (``12,5`` and ``12.5`` both read 12.5).

    Parameters
    ----------
    text : str
        The list as typed.
    what : {"sizes", "costs"}
        What the list holds, to name it in the message when it is refused.

    Raises
    ------
    InputError
        ``siting_bad_list``: empty, a part is not a number, or a number is negative (or zero
        for a size).
    """
    parts = [p.strip() for p in str(text or "").split(";") if p.strip()]
    if not parts:
        raise InputError(f"siting_bad_{what}", value=text)
    values = []
    for part in parts:
        try:
            value = float(part.replace(",", "."))  # "20, 30" stays refused
        except ValueError:
            raise InputError(f"siting_bad_{what}", value=part) from None
        if not math.isfinite(value) or value < 0 or (what == "sizes" and value == 0):
            raise InputError(f"siting_bad_{what}", value=part)
        values.append(value)
    return tuple(values)


def check_costs(sizes: tuple[float, ...], costs: tuple[float, ...]) -> None:
    """Refuse a cost list that does not give exactly one cost per size option.

    Raises
    ------
    InputError
        ``siting_costs_count`` naming how many sizes and costs were given.
    """
    if len(costs) != len(sizes):
        raise InputError("siting_costs_count", sizes=len(sizes), costs=len(costs))


def chosen_cost(result) -> float | None:
    """Total cost of the sizes a budget run chose (None when the run was limited by N)."""
    params = result.params
    if params.budget is None or params.costs is None:
        return None
    cost_of = dict(zip(params.capacities, params.costs, strict=True))
    return float(sum(cost_of[float(c)] for c in result.sites["capacity"]))

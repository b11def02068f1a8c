"""How exact a balance is, in words (for the gap page and the ``balance`` command)."""

from __future__ import annotations

from fruitmap.i18n import fmt_number, t


def accuracy_text(result, lang: str) -> str:
    """Say whether ``result`` is exact or approximate and, if approximate, between which
    bounds the exact yearly surplus lies.

    Parameters
    ----------
    result : fruitmap.balance.solve.BalanceResult
        A computed balance.
    lang : str
        ``"vi"`` or ``"en"``.

    Returns
    -------
    str
        One sentence for an exact result; for an approximate one the bounds of the yearly
        surplus (all crops) in tonnes and their half-width as a percentage of the midpoint.
    """
    if result.exact:
        return t("balance_accuracy.exact", lang)
    low, high = result.surplus_bounds_t
    pct = result.approx_error_pct
    return t("balance_accuracy.approx", lang, km=fmt_number(result.cell_km or 0, lang),
             low=fmt_number(low, lang), high=fmt_number(high, lang),
             pct=fmt_number(pct, lang, 2 if pct < 1 else 1))

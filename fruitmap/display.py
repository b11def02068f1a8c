"""Numbers in on-screen tables as readers of each language write them (12.345,6 / 12,345.6).

Streamlit's tables print floats the programmer's way (``1234.5``) whatever the page's
language; :func:`number_formatters` gives, per decimal column, a function that writes a value
with :func:`fruitmap.i18n.fmt_number`, for ``DataFrame.style.format``. Values keep their
type, so a table still sorts as numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pandas as pd

from fruitmap.i18n import fmt_number

MAX_DECIMALS = 3
# Years and codes are numbers nobody groups in thousands ("2.025" would read as a quantity).
_PLAIN = re.compile(r"^(năm|year)\b|(^|_)year$|_id$|^id$|^mã\b|code|^(tháng|month)\b|_month$",
                    re.IGNORECASE)


def number_text(value: object, lang: str) -> str:
    """Return ``value`` with the decimals it needs (at most 3) in ``lang``'s separators.

    ``1234.5`` → ``"1.234,5"`` (vi) / ``"1,234.5"`` (en); ``2.0`` → ``"2"``; missing → ``""``.
    """
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return ""
    decimals = next((d for d in range(MAX_DECIMALS) if abs(number - round(number, d)) < 1e-9),
                    MAX_DECIMALS)
    return fmt_number(number, lang, decimals)


def number_formatters(df: pd.DataFrame, lang: str) -> dict[str, Callable[[object], str]]:
    """Return column → formatter for the decimal columns of ``df`` (years and codes left out)."""
    return {name: (lambda v, _lang=lang: number_text(v, _lang))
            for name in df.columns
            if not _PLAIN.search(str(name)) and _decimal_column(df[name])}


def _decimal_column(column: pd.Series) -> bool:
    if pd.api.types.is_float_dtype(column.dtype):
        return True
    if column.dtype != object:
        return False
    # Tables made for display hold numbers in object columns (beside blanks for gaps).
    held = column.dropna()
    held = held[held.map(lambda v: v != "")]
    return bool(len(held)) and bool(held.map(
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all()) and bool(
        held.map(lambda v: isinstance(v, float)).any())


def plotly_separators(lang: str) -> str:
    """Return plotly's ``layout.separators`` for ``lang``: decimal mark, then thousands mark.

    With it, hover text and ticks formatted by d3 (``%{y:,.1f}``) read 12.345,6 in Vietnamese.
    """
    return ",." if lang == "vi" else ".,"


def localise_figure(fig, lang: str):
    """Set ``fig``'s number separators for ``lang`` (in place) and return ``fig``."""
    fig.update_layout(separators=plotly_separators(lang))
    return fig

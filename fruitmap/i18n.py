"""One translation function for every string the interface, the CLI and the reports show.

Strings live in ``fruitmap/strings/<domain>.py`` as ``STRINGS = {key: {"vi": ..., "en": ...}}``
so that each part of the app owns its own table. Vietnamese is the default language.
A test checks that every key has both languages and every ``t("...")`` in the code exists.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

LANGS: tuple[str, ...] = ("vi", "en")
DEFAULT_LANG = "vi"
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """Return every string table merged into one dict ``key -> {lang: text}``.

    Raises
    ------
    ValueError
        When two string modules define the same key (a programming error).
    """
    from fruitmap import strings

    merged: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(strings.__path__):
        module = importlib.import_module(f"{strings.__name__}.{info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in merged:
                raise ValueError(f"string key {key!r} is defined twice (in {info.name})")
            merged[key] = texts
    return merged


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """Translate ``key`` into ``lang`` and fill in ``params``.

    Parameters
    ----------
    key : str
        A key of the string tables, such as ``"nav.overview"``.
    lang : str
        ``"vi"`` or ``"en"``; anything else falls back to Vietnamese.
    **params
        Values for ``{name}`` placeholders.

    Returns
    -------
    str
        The text; an unknown key is returned as ``key`` itself so that a missing string is
        visible instead of crashing a page (the test suite catches it first).
    """
    texts = catalog().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get(DEFAULT_LANG) or key
    if params:
        try:
            text = text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
        if lang == "en":
            text = singular_counts(text)
    return text


# English nouns that follow a count in the string tables ("{n} rows"); Vietnamese has no plural.
_ONE_PLURAL = re.compile(r"(?<![\d.,])1 (?:(row|column|error|warning|zone|plant|layer|change|"
                         r"value|file|crop|district|month|view|store|target|point)s|(facilit)ies)\b")


def singular_counts(text: str) -> str:
    """Return English ``text`` with "1 rows" written "1 row" (and "1 facilities" "1 facility").

    Strings say ``"{n} rows"``; filled with 1 that reads wrong. Counts such as 11, 1.5 or
    1,000 are left alone.
    """
    return _ONE_PLURAL.sub(lambda m: f"1 {m.group(1)}" if m.group(1) else f"1 {m.group(2)}y",
                           text)


def normalise_lang(value: object) -> str:
    """Return ``value`` if it is a supported language code, else the default (``"vi"``)."""
    return value if value in LANGS else DEFAULT_LANG


def fmt_number(value: float, lang: str, decimals: int = 0) -> str:
    """Format a number the way readers of ``lang`` expect.

    Vietnamese groups thousands with ``.`` and uses ``,`` for decimals (12.345,6);
    English uses ``,`` and ``.`` (12,345.6).
    """
    if value is None or value != value:
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def month_name(month: int, lang: str, short: bool = False) -> str:
    """Return the name of ``month`` (1–12).

    Vietnamese: ``"Tháng 7"`` (short ``"T7"``); English: ``"July"`` (short ``"Jul"``).
    """
    month = int(month)
    if lang == "vi":
        return f"T{month}" if short else f"Tháng {month}"
    name = _MONTHS_EN[month - 1]
    return name[:3] if short else name

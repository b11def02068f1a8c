"""Text helpers: diacritics-insensitive folding and matching of Vietnamese names."""

from __future__ import annotations

import re
import unicodedata

# đ/Đ are letters of their own in Unicode, not d with a combining mark, so NFD leaves them.
_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"[\s_\-]+")


def fold(text: object) -> str:
    """Return ``text`` lower-cased, without diacritics and with runs of spaces folded.

    Parameters
    ----------
    text : object
        Any value; ``None`` and NaN give ``""``.

    Returns
    -------
    str
        ``"Mộc Châu"`` → ``"moc chau"``; ``"Đường"`` → ``"duong"``.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def matches(query: str, text: object) -> bool:
    """Return True when every word of ``query`` occurs in ``text``, ignoring case and accents.

    An empty query matches everything.
    """
    words = fold(query).split()
    haystack = fold(text)
    return all(w in haystack for w in words)

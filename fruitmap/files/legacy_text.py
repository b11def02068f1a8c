"""Vietnamese text typed with the legacy font encodings still used in offices: TCVN3 and VNI.

Before Unicode, Vietnamese offices typed with 8-bit *font* encodings: **TCVN3** (the "ABC"
fonts, ``.VnTime``; TCVN 5712:1993 VN3) and **VNI** (``VNI-Times``). The bytes are what a
Western code page holds, and the font draws them as Vietnamese letters. So:

- a CSV saved from such a sheet holds the font's bytes (neither UTF-8 nor Windows-1258);
- an XLSX or a Shapefile's DBF holds text that *looks* Western in Unicode ("Nh·n S«ng M·"
  for TCVN3, "Nhaõn Soâng Maõ" for VNI), because the program stored the bytes' Windows-1252
  or Latin-1 characters.

This module converts both back to Unicode and detects which encoding a text is in, by
counting how many of its words are well-formed Vietnamese syllables under each reading
(a wrong reading gives words with two tone marks, stray symbols or impossible vowels).

TCVN3 is one byte per letter. VNI writes many letters as two bytes: a base letter and a
mark (``a`` + ``ù`` = ``á``; ``o`` + ``â`` = ``ô``; ``ô`` alone is ``ơ``).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

CP1258, TCVN3, VNI = "cp1258", "tcvn3", "vni"
LEGACY = (TCVN3, VNI)
LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI Windows", CP1258: "Windows-1258"}

# TCVN 5712:1993 bytes 0x80–0xFF. VN3 (the ABC fonts) has the lower-case letters, the base
# upper-case letters (0xA1–0xA7) and the combining tones; upper-case letters *with* tones are
# typed with the "H" fonts (.VnTimeH) using the lower-case codes, so they read back lower-case.
# The other positions carry VN1's upper-case letters, a superset that does no harm.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"   # 0x80–0x9F
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"                 # 0xA0–0xAF
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0–0xBF
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"                       # 0xC0–0xCF
    "éẹềểễếệìỉỄẾỒĩíịò"                       # 0xD0–0xDF
    "Ổỏõóọồổỗốộờởỡớợù"                       # 0xE0–0xEF
    "ỖủũúụừửữứựỳỷỹýỵỐ"                       # 0xF0–0xFF
)
assert len(_TCVN3_HIGH) == 128


def _byte_of_char() -> dict[str, int]:
    # A legacy byte reaches us as its Latin-1 character (DBF read without a code page) or as
    # its Windows-1252 character (Excel, Windows programs): accept both.
    out: dict[str, int] = {}
    for b in range(0x80, 0x100):
        out[chr(b)] = b
        try:
            out[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    return out


_BYTE_OF_CHAR = _byte_of_char()
# Characters a legacy text may hold beyond ASCII; anything else means real Unicode.
LEGACY_CHARS = frozenset(_BYTE_OF_CHAR)
_TCVN3_TABLE = str.maketrans({ch: _TCVN3_HIGH[b - 0x80] for ch, b in _BYTE_OF_CHAR.items()})


def decode_tcvn3(text: str) -> str:
    """Return TCVN3 text (bytes read as Latin-1 or Windows-1252 characters) in Unicode, NFC.

    ``decode_tcvn3("Nh·n S«ng M·")`` gives ``"Nhãn Sông Mã"``.
    """
    decoded = unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))
    return _CAPS_WORD.sub(_upper_if_caps, decoded) if decoded != text else decoded


# A word typed in capitals with a ".VnTimeH" font comes back with lower-case toned letters
# ("đồNG"): a word whose ASCII letters are all capitals is upper-cased whole.
_CAPS_WORD = re.compile(r"[^\W\d_]{2,}")


def _upper_if_caps(match: re.Match) -> str:
    word = match.group()
    ascii_letters = [c for c in word if c.isascii()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters) and \
            not word.isupper() and any(not c.isascii() for c in word):
        return word.upper()
    return word


# VNI marks, as Windows-1252 characters (lower case; upper-case marks are the upper-case
# characters): tone after a plain vowel, tone after the circumflex, tone after the breve.
_TONE_MARKS = "\u0301\u0300\u0309\u0303\u0323"  # acute, grave, hook, tilde, dot below
_VNI_TONE = "ùøûõï"
_VNI_CIRC_TONE = "áàåãä"
_VNI_BREVE_TONE = "éèúüë"
_VNI_CIRC, _VNI_BREVE = "â", "ê"
# Letters VNI writes as one character: ơ ư đ and i/y with tones.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ",
               "ò": "ị", "î": "ỵ"}


def _vni_map() -> dict[str, str]:
    nfc = unicodedata.normalize
    out: dict[str, str] = {}

    def add(key: str, value: str) -> None:
        value = nfc("NFC", value)
        for k, v in ((key, value), (key.upper(), value.upper())):
            out.setdefault(k, v)
        # a lower-case letter with an upper-case mark (or the reverse) still means the letter
        out.setdefault(key[0] + key[1:].upper(), value)
        out.setdefault(key[0].upper() + key[1:], value.upper())

    for base in ("a", "e", "o", "u", "y", "ơ", "ư"):
        written = {"ơ": "ô", "ư": "ö"}.get(base, base)
        for mark, tone in zip(_VNI_TONE, _TONE_MARKS, strict=True):
            add(written + mark, base + tone)
    for base in ("a", "e", "o"):
        add(base + _VNI_CIRC, nfc("NFC", base + "\u0302"))
        for mark, tone in zip(_VNI_CIRC_TONE, _TONE_MARKS, strict=True):
            add(base + mark, base + "\u0302" + tone)
    add("a" + _VNI_BREVE, "ă")
    for mark, tone in zip(_VNI_BREVE_TONE, _TONE_MARKS, strict=True):
        add("a" + mark, "a\u0306" + tone)
    for key, value in _VNI_SINGLE.items():
        out.setdefault(key, value)
        out.setdefault(key.upper(), value.upper())
    return out


_VNI_MAP = _vni_map()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI_MAP, key=len,
                                                                  reverse=True)))


def decode_vni(text: str) -> str:
    """Return VNI Windows text (as Windows-1252 characters) in Unicode, NFC.

    ``decode_vni("Nhaõn Soâng Maõ")`` gives ``"Nhãn Sông Mã"``.
    """
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_MAP[m.group()], text))


def legacy_chars(data: bytes) -> str:
    """Return bytes as Windows-1252 characters (Latin-1 for the five bytes 1252 lacks)."""
    text = data.decode("latin-1")
    table = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
             if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
    return text.translate(table)


DECODERS = {TCVN3: decode_tcvn3, VNI: decode_vni}


# ------------------------------------------------------------------------ detection
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
# Nuclei ending in a glide (ai, ao, ...) close the syllable; the others may take a coda.
_GLIDE_NUCLEUS = ("iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uyu|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|"
                  "ơi|ui|ưi|ưu")
_NUCLEUS = "uyê|uya|ia|iê|oa|oă|oe|oo|ua|uâ|uê|uô|uơ|uy|ưa|ươ|yê|a|ă|â|e|ê|i|y|o|ô|ơ|u|ư"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"{_ONSET}(?:(?:{_GLIDE_NUCLEUS})|(?:{_NUCLEUS}){_CODA})")
_TONES = frozenset(_TONE_MARKS)
# A "word" for scoring: ASCII letters and anything non-ASCII that is not a space or
# punctuation, so that stray symbols of a wrong reading ("¸", "«") stay inside the word.
_TOKEN = re.compile(r"[A-Za-z\u0080-\uffff]+")
_SCORE_CHARS = 200_000


def _syllable_ok(word: str) -> bool:
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in nfd) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str) -> tuple[int, int]:
    """Return ``(valid, invalid)``: words with non-ASCII letters that are / are not syllables.

    Only words holding a non-ASCII character count: plain ASCII reads the same in every
    encoding and says nothing.
    """
    valid = invalid = 0
    for word in _TOKEN.findall(text[:_SCORE_CHARS]):
        if word.isascii():
            continue
        if _syllable_ok(word):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


def _better(candidate: tuple[int, int], current: tuple[int, int]) -> bool:
    return candidate[0] - candidate[1] > current[0] - current[1] and candidate[0] > 0


def detect_bytes(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 text bytes as Windows-1258, TCVN3 or VNI, whichever reads best.

    Returns
    -------
    (text, encoding)
        NFC text and one of :data:`CP1258`, :data:`TCVN3`, :data:`VNI`. Windows-1258 wins
        unless a legacy reading has clearly more well-formed Vietnamese words.
    """
    plain = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    best, best_score = (plain, CP1258), vietnamese_score(plain)
    chars = legacy_chars(data)
    for enc, decode in DECODERS.items():
        text = decode(chars)
        score = vietnamese_score(text)
        if _better(score, best_score):
            best, best_score = (text, enc), score
    return best


def detect_text(values: list[str]) -> str | None:
    """Return the legacy encoding a list of texts is in (TCVN3 or VNI), or None.

    Texts holding any character a legacy font could not have produced (ơ, ạ, ...) are real
    Unicode: then None. Otherwise a legacy reading must give more well-formed Vietnamese
    words than the text as it is.
    """
    sample = [v for v in values if not v.isascii()]
    if not sample:
        return None
    joined = "\n".join(sample)
    if not set(joined) <= LEGACY_CHARS | _ASCII:
        return None
    best, best_score = None, vietnamese_score(joined)
    for enc, decode in DECODERS.items():
        score = vietnamese_score(decode(joined))
        if _better(score, best_score):
            best, best_score = enc, score
    return best


_ASCII = frozenset(chr(i) for i in range(128))
_DETECT_VALUES = 2000


def fix_column(values: pd.Series) -> tuple[pd.Series, str | None]:
    """Convert a column whose text is TCVN3 or VNI to Unicode; return ``(values, encoding)``.

    Works on the column's distinct texts (at most :data:`_DETECT_VALUES` looked at to decide),
    so a 100,000-row column costs one pass; non-text cells are left as they are.
    """
    is_text = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    if not is_text.any():
        return values, None
    texts = pd.unique(values[is_text])
    enc = detect_text([str(v) for v in texts[:_DETECT_VALUES]])
    if enc is None:
        return values, None
    decode = DECODERS[enc]
    table = {v: decode(v) for v in texts}
    out = values.copy()
    out[is_text] = values[is_text].map(table)
    return out, enc


def fix_frame(frame: pd.DataFrame, skip: tuple[str, ...] = ("geometry",)
              ) -> tuple[pd.DataFrame, dict[str, str]]:
    """Convert every TCVN3/VNI text column of ``frame``, and its headers; return what changed.

    Returns
    -------
    (frame, converted)
        The frame (a copy when anything changed) and ``{column (new name): encoding}``;
        headers converted are listed under the key ``""``.
    """
    converted: dict[str, str] = {}
    out = frame
    for col in frame.columns:
        dtype = frame[col].dtype
        if col in skip or not (pd.api.types.is_object_dtype(dtype)
                               or pd.api.types.is_string_dtype(dtype)):
            continue
        values, enc = fix_column(frame[col])
        if enc is not None:
            if out is frame:
                out = frame.copy()
            out[col] = values
            converted[col] = enc
    headers = [str(c) for c in out.columns if c not in skip]
    enc = detect_text(headers)
    if enc is not None:
        decode = DECODERS[enc]
        renamed = {c: decode(str(c)) for c in out.columns if c not in skip}
        out = out.rename(columns=renamed)
        converted = {renamed.get(c, c): e for c, e in converted.items()}
        converted[""] = enc
    return out, converted


# ------------------------------------------------------------------------ encoding (samples)
def _inverse(table: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        out.setdefault(value, key)  # the first key written is the canonical one
    return out


_TCVN3_INVERSE = {ch: bytes([0x80 + i]) for i, ch in reversed(list(enumerate(_TCVN3_HIGH)))}
_VNI_INVERSE = _inverse(_VNI_MAP)
_VN3_CAPITALS = frozenset("ĂÂÊÔƠƯĐ")  # the only capitals with marks VN3 itself has


def encode_tcvn3(text: str) -> bytes:
    """Return ``text`` as TCVN3 bytes, as an ABC-font office file holds it.

    Upper-case letters with tones are written with the lower-case codes (what the ".VnTimeH"
    capital fonts do). Used to build test samples and to explain the encoding.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out += ch.encode("ascii")
        elif ch.islower() or ch in _VN3_CAPITALS:
            out += _TCVN3_INVERSE[ch]
        elif ch.lower() in _TCVN3_INVERSE:
            out += _TCVN3_INVERSE[ch.lower()]
        else:
            raise UnicodeEncodeError("tcvn3", ch, 0, 1, "not in TCVN3")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Return ``text`` as VNI Windows bytes (base letter + mark, Windows-1252)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(ch if ch.isascii() else _VNI_INVERSE[ch])
    return "".join(out).encode("cp1252")

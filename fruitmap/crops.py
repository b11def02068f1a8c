"""Canonical crop keys, their names in Vietnamese and English, map colours and default yields.

The keys are fixed by the contract (``../shared/CONTRACT.md``). Default yields are
illustrative planning values (t/ha/year), used only when a zone gives neither
``expected_output_t`` nor ``yield_t_ha``; they are labelled as such in data/README.md.
"""

from __future__ import annotations

from fruitmap.text import fold

CROPS: tuple[str, ...] = (
    "longan",
    "mango",
    "plum",
    "custard_apple",
    "orange",
    "pomelo",
    "passion_fruit",
    "pineapple",
    "avocado",
    "other",
)

CROP_LABELS: dict[str, dict[str, str]] = {
    "longan": {"vi": "Nhãn", "en": "Longan"},
    "mango": {"vi": "Xoài", "en": "Mango"},
    "plum": {"vi": "Mận", "en": "Plum"},
    "custard_apple": {"vi": "Na", "en": "Custard apple"},
    "orange": {"vi": "Cam", "en": "Orange"},
    "pomelo": {"vi": "Bưởi", "en": "Pomelo"},
    "passion_fruit": {"vi": "Chanh leo", "en": "Passion fruit"},
    "pineapple": {"vi": "Dứa", "en": "Pineapple"},
    "avocado": {"vi": "Bơ", "en": "Avocado"},
    "other": {"vi": "Cây ăn quả khác", "en": "Other fruit"},
}

# Colour-blind-friendly-ish palette, distinct on a projector.
CROP_COLORS: dict[str, str] = {
    "longan": "#8c564b",
    "mango": "#ff9f1c",
    "plum": "#d81b60",
    "custard_apple": "#2ca02c",
    "orange": "#f4511e",
    "pomelo": "#c0ca33",
    "passion_fruit": "#5e35b1",
    "pineapple": "#fdd835",
    "avocado": "#33691e",
    "other": "#78909c",
}

# Illustrative default yields (t/ha/year) for bearing orchards in the north-west uplands.
DEFAULT_YIELD_T_HA: dict[str, float] = {
    "longan": 9.0,
    "mango": 10.0,
    "plum": 10.0,
    "custard_apple": 9.0,
    "orange": 12.0,
    "pomelo": 11.0,
    "passion_fruit": 20.0,
    "pineapple": 30.0,
    "avocado": 8.0,
    "other": 8.0,
}

# Names people write in sheets, folded (see fruitmap.text.fold) → canonical key.
_ALIASES: dict[str, str] = {
    "nhan": "longan",
    "nhan long": "longan",
    "nhan chin muon": "longan",
    "xoai": "mango",
    "man": "plum",
    "man hau": "plum",
    "man tam hoa": "plum",
    "mo": "plum",
    "na": "custard_apple",
    "mang cau": "custard_apple",
    "custard apple": "custard_apple",
    "sugar apple": "custard_apple",
    "cam": "orange",
    "quyt": "orange",
    "citrus": "orange",
    "cay co mui": "orange",
    "buoi": "pomelo",
    "chanh leo": "passion_fruit",
    "chanh day": "passion_fruit",
    "passion fruit": "passion_fruit",
    "passionfruit": "passion_fruit",
    "dua": "pineapple",
    "thom": "pineapple",
    "khom": "pineapple",
    "bo": "avocado",
    "khac": "other",
    "cay an qua khac": "other",
    "other fruit": "other",
}


def crop_label(key: str, lang: str) -> str:
    """Return the display name of crop ``key`` in ``lang``; unknown keys are returned as is."""
    return CROP_LABELS.get(key, {}).get(lang, str(key))


def normalise_crop(value: object) -> str | None:
    """Map a crop name as people write it to its canonical key.

    Parameters
    ----------
    value : object
        A key (``"custard_apple"``), an English name (``"Custard apple"``) or a Vietnamese
        name with or without diacritics (``"Nhãn"``, ``"chanh leo"``, ``"xoai"``).

    Returns
    -------
    str or None
        The canonical key, or None when the name is not recognised.
    """
    folded = fold(value)
    if not folded:
        return None
    key = folded.replace(" ", "_")
    if key in CROPS:
        return key
    if folded in _ALIASES:
        return _ALIASES[folded]
    for prefix in ("cay ", "qua ", "trai "):
        if folded.startswith(prefix) and folded[len(prefix):] in _ALIASES:
            return _ALIASES[folded[len(prefix):]]
    return None

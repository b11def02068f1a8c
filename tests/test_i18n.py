"""Every string has both languages, and every key the code uses exists."""

import re

from fruitmap.i18n import LANGS, catalog, fmt_number, month_name, t
from tests.conftest import ROOT

KEY_CALL = re.compile(r"""\b(?:t|tr)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


def test_every_key_has_every_language():
    missing = [(k, lang) for k, texts in catalog().items() for lang in LANGS
               if not str(texts.get(lang, "")).strip()]
    assert missing == []


def test_every_key_used_in_code_exists():
    used = set()
    for path in list(ROOT.glob("fruitmap/**/*.py")) + list(ROOT.glob("pages/*.py")) + \
            list(ROOT.glob("ui/*.py")) + [ROOT / "app.py"]:
        used.update(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    unknown = sorted(k for k in used if k not in catalog())
    assert unknown == []


def test_placeholders_match_between_languages():
    field = re.compile(r"{(\w+)}")
    diff = [k for k, texts in catalog().items()
            if set(field.findall(texts["vi"])) != set(field.findall(texts["en"]))]
    assert diff == []


def test_translation_and_fallback():
    assert t("nav.overview", "vi") == "Tổng quan"
    assert t("nav.overview", "en") == "Overview"
    assert t("nav.overview", "fr") == "Tổng quan"  # unknown language → Vietnamese
    assert t("no.such.key", "en") == "no.such.key"


def test_numbers_follow_the_language():
    assert fmt_number(12345.6, "en", 1) == "12,345.6"
    assert fmt_number(12345.6, "vi", 1) == "12.345,6"


def test_month_names():
    assert month_name(7, "vi") == "Tháng 7"
    assert month_name(7, "en") == "July"
    assert month_name(9, "en", short=True) == "Sep"
    assert month_name(1, "vi", short=True) == "T1"

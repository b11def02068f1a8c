"""The context figures of FACTS.md: complete, consistent in both languages, checked on load."""

import pandas as pd
import pytest

from fruitmap.errors import InputError
from fruitmap.facts import GROUPS, fact_value, facts_for, load_facts
from fruitmap.i18n import fmt_number


def test_bundled_facts_load_with_both_languages_and_a_source():
    facts = load_facts()
    assert len(facts) >= 15
    assert set(facts["group"]) == set(GROUPS)
    for col in ("label_vi", "label_en", "value_vi", "value_en", "source_vi", "source_en"):
        assert facts[col].str.strip().ne("").all(), col


def test_key_figures_of_the_brief_are_there():
    assert fact_value("processing_plants") == 560
    assert fact_value("target_off_season") == 8000
    assert fact_value("target_planting_codes") == 15000
    assert fact_value("target_high_tech_zones") == 10
    assert fact_value("fruit_area") == 84752
    assert fact_value("weaknesses") is None  # a fact with no single number


def test_numbers_are_written_the_way_each_language_reads_them():
    # The headline number must appear in both texts, with Vietnamese 85.000 / English 85,000.
    facts = load_facts().dropna(subset=["value"])
    for _, row in facts.iterrows():
        assert fmt_number(row["value"], "vi") in row["value_vi"], row["fact_id"]
        assert fmt_number(row["value"], "en") in row["value_en"], row["fact_id"]


def test_facts_for_a_language_picks_its_texts():
    vi, en = facts_for("vi"), facts_for("en")
    assert list(vi.columns) == ["fact_id", "group", "label", "value", "source"]
    row_vi = vi.set_index("fact_id").loc["processing_plants"]
    row_en = en.set_index("fact_id").loc["processing_plants"]
    assert row_vi["value"] == "560, trong đó 17 nhà máy"
    assert row_en["value"] == "560, of which 17 factories"
    assert "Báo Sơn La" in en.set_index("fact_id").loc["fruit_area", "source"]


def _write(tmp_path, rows):
    path = tmp_path / "facts.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


GOOD = {"fact_id": "a", "group": "brief", "label_vi": "Nhãn", "label_en": "Longan",
        "value": "1", "unit": "ha", "value_vi": "1 ha", "value_en": "1 ha",
        "source_vi": "Báo", "source_en": "Press"}


def test_a_broken_facts_file_names_row_column_and_value(tmp_path):
    bad = [GOOD, {**GOOD, "fact_id": "b", "value": "nhiều"},
           {**GOOD, "fact_id": "a", "group": "rumour", "source_en": ""}]
    with pytest.raises(InputError) as err:
        load_facts(_write(tmp_path, bad))
    text = err.value.message("en")
    assert "facts.csv" in text
    assert "row 3, column “value”, value “nhiều”: a number was expected" in text
    assert "row 4, column “group”, value “rumour”" in text
    assert "row 4, column “source_en”: this required cell is empty" in text
    assert "row 4, column “fact_id”, value “a”: this ID is duplicated" in text


def test_a_missing_column_is_reported(tmp_path):
    row = {k: v for k, v in GOOD.items() if k != "source_vi"}
    with pytest.raises(InputError) as err:
        load_facts(_write(tmp_path, [row]))
    assert "source_vi" in err.value.message("vi")

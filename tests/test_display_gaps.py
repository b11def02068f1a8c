"""The small display gaps of issue 8, point 6: decimals, plurals, history names, chart hovers."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from fruitmap.display import localise_figure, number_formatters, number_text
from fruitmap.i18n import singular_counts, t
from fruitmap.workspace.history import describe_action, history_for_display, layer_label
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)


# ---------------------------------------------------------------- decimal commas
def test_numbers_take_the_languages_marks_and_only_the_decimals_they_need():
    assert number_text(1234.5, "vi") == "1.234,5"
    assert number_text(1234.5, "en") == "1,234.5"
    assert number_text(2.0, "vi") == "2"
    assert number_text(0.125, "vi") == "0,125"
    assert number_text(1 / 3, "vi") == "0,333"
    assert number_text(float("nan"), "vi") == "" and number_text(None, "en") == ""


def test_only_decimal_columns_are_formatted_not_years_ids_or_text():
    df = pd.DataFrame({"area_ha": [1.5, 2.25], "Năm": [2025.0, 2030.0], "zone_id": [1.0, 2.0],
                       "name": ["a", "b"], "rows": [3, 4],
                       "Sản lượng (tấn/năm)": [10.5, None],
                       "shown": pd.Series([1.5, ""], dtype=object)})
    formats = number_formatters(df, "vi")
    assert set(formats) == {"area_ha", "Sản lượng (tấn/năm)", "shown"}
    assert formats["area_ha"](2.25) == "2,25"


def test_charts_hover_and_ticks_use_the_languages_separators():
    fig = go.Figure(go.Bar(x=[1], y=[1234.5], hovertemplate="%{y:,.1f}"))
    assert localise_figure(fig, "vi").layout.separators == ",."
    assert localise_figure(fig, "en").layout.separators == ".,"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_page_tables_slider_and_charts_in_the_languages_numbers(gap_tiny_env, lang):
    at = run_page("pages/gap.py", lang)
    assert not at.exception, at.exception
    # The circuity slider reads 1,30 in Vietnamese, 1.30 in English.
    circuity = at.select_slider(key="balance_circuity")
    assert circuity.value == 1.3
    assert ("1,30" if lang == "vi" else "1.30") in list(circuity.proto.options)
    # Every chart on the page carries the language's separators (hover text, ticks).
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert specs and all(s["layout"]["separators"] == (",." if lang == "vi" else ".,")
                         for s in specs)
    # The tables are drawn only once their expander is opened (issue 9: a closed table
    # costs nothing per run).
    assert not at.dataframe
    for prefix in ("dl_glut", "dl_crop", "dl_districts", "dl_plants"):
        at.session_state[prefix + "_table"] = True
    at.run()
    assert not at.exception, at.exception
    assert len(at.dataframe) == 4
    # Tables show decimals with the language's mark (their values stay numbers).
    styled = [d for d in at.dataframe if d.proto.arrow_data.styler.display_values]
    assert styled
    shown = " ".join(convert_arrow_bytes_to_pandas_df(d.proto.arrow_data.styler.display_values)
                     .astype(str).to_string() for d in styled)
    numbers = [v for d in styled for v in d.value.select_dtypes("number").to_numpy().ravel()
               if v == v and v != int(v)]
    assert numbers  # the tiny workspace has decimals to show
    assert number_text(numbers[0], lang) in shown


def test_an_off_grid_circuity_is_snapped_onto_the_sliders_steps():
    from ui.balance_view import CIRCUITY_STEPS, _on_grid

    assert CIRCUITY_STEPS[0] == 1.0 and CIRCUITY_STEPS[-1] == 2.5 and len(CIRCUITY_STEPS) == 31
    assert _on_grid(1.33) == 1.35 and _on_grid(1.3) == 1.3 and _on_grid(9) == 2.5
    assert _on_grid("x") == 1.3  # unreadable: the default


# ---------------------------------------------------------------- "1 row" in English
def test_one_row_is_singular_in_english():
    assert singular_counts("1 rows, 1 errors, 1 warnings") == "1 row, 1 error, 1 warning"
    assert singular_counts("11 rows; 1,001 rows; 1.5 rows; 21 rows") == \
        "11 rows; 1,001 rows; 1.5 rows; 21 rows"
    assert singular_counts("1 facilities") == "1 facility"
    assert singular_counts("1 points moved, 2 points deleted") == "1 point moved, 2 points deleted"
    assert t("data.rows_change", "en", before=2, after=1) == "2 → 1 row"
    assert t("data.rows_change", "en", before=1, after=2) == "1 → 2 rows"
    assert t("data.rows_change", "vi", before=2, after=1) == "2 → 1 dòng"


# ---------------------------------------------------------------- history names
def test_history_names_the_views_table_and_its_actions():
    assert layer_label("views", "vi") == "Góc nhìn đã lưu"
    assert layer_label("views", "en") == "Saved views"
    assert describe_action("save view", "en") == "View saved"
    assert describe_action("delete view", "vi") == "Xoá góc nhìn"
    history = pd.DataFrame([{"change_id": 1, "when": "2026-12-01T10:00:00", "who": "a",
                             "action": "save view", "layer": "views", "source_file": None,
                             "source_sha256": None, "rows_before": 0, "rows_after": 1,
                             "version_id": None}])
    shown = history_for_display(history, "en")
    assert "Saved views" in shown.to_numpy().ravel().tolist()
    assert "views" not in shown.to_numpy().ravel().tolist()

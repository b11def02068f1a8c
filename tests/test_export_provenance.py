"""Exports carry where their data comes from, and yes/no as words (issue 8, points 5 and 6)."""

from __future__ import annotations

import io
import json
import re

import folium
import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from fruitmap.files.export import export_layer, table_to_csv_bytes, table_to_xlsx_bytes, yes_no
from fruitmap.maps.html import add_source_note
from fruitmap.report.images import with_caption

SOURCE = ["Nguồn dữ liệu", "Vùng trồng: zones.csv (01/12/2026)",
          "Cơ sở chế biến: dữ liệu minh hoạ (demo)", "=cmd|' /C calc'!A0"]


def table():
    return pd.DataFrame({"zone_id": ["z1", "z2", "z3"], "surplus_t": [1.5, 2.0, 0.0],
                         "no_facility": [True, False, None]})


def test_csv_has_the_sources_below_the_table_and_words_for_yes_no():
    text = table_to_csv_bytes(table(), source=SOURCE, lang="vi").decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "zone_id,surplus_t,no_facility"
    assert lines[1:4] == ["z1,1.5,Có", "z2,2.0,Không", "z3,0.0,"]
    assert lines[4] == ""  # an empty line between the table and its sources
    assert lines[5:8] == SOURCE[:3]
    assert lines[8] == "'=cmd|' /C calc'!A0"  # never a formula, even in a source line
    assert "True" not in text and "False" not in text
    english = table_to_csv_bytes(table(), lang="en").decode("utf-8-sig")
    assert "z1,1.5,Yes" in english and "z2,2.0,No" in english
    # Without a language the values stay as stored (for files imported back).
    assert "True" in table_to_csv_bytes(table()).decode("utf-8-sig")


def test_xlsx_has_a_sources_sheet_and_words_for_yes_no():
    book = load_workbook(io.BytesIO(table_to_xlsx_bytes(table(), "Vùng", source=SOURCE,
                                                        lang="en")))
    assert book.sheetnames == ["Vùng", "Sources"]
    data = [[c.value for c in row] for row in book["Vùng"].iter_rows()]
    assert data[1] == ["z1", 1.5, "Yes"] and data[2] == ["z2", 2, "No"]
    notes = [row[0].value for row in book["Sources"].iter_rows()]
    assert notes[1:] == SOURCE
    assert book["Sources"]["A5"].data_type == "s"  # stored as text, not a formula


def test_yes_no_leaves_other_columns_alone():
    df = pd.DataFrame({"flag": pd.Series([True, False], dtype="bool"), "n": [1, 0],
                       "mixed": [True, "x"]})
    out = yes_no(df, "vi")
    assert list(out["flag"]) == ["Có", "Không"]
    assert list(out["n"]) == [1, 0] and list(out["mixed"]) == [True, "x"]


def test_layer_export_source_and_yes_no(demo_ws_path):
    from fruitmap.workspace.geopackage import Workspace

    zones = Workspace(demo_ws_path).read("zones").head(3)
    line = ["Sources", "Cultivation zones: demo (illustrative), not official statistics"]
    labelled = export_layer(zones, "zones", "csv", lang="en", source=line).decode("utf-8-sig")
    assert labelled.rstrip().endswith(f'"{line[1]}"')  # quoted: it holds a comma
    assert ",No," in labelled or ",Yes," in labelled
    # Column names (for importing back): the CSV holds rows only; XLSX keeps a sources sheet.
    plain = export_layer(zones, "zones", "csv", source=line).decode("utf-8-sig")
    assert "demo" not in plain and len(plain.strip().split("\r\n")) == 4
    book = load_workbook(io.BytesIO(export_layer(zones, "zones", "xlsx", source=line)))
    assert book.sheetnames[0] == "zones" and len(book.sheetnames) == 2
    assert book.worksheets[1]["A3"].value == line[1]


def test_map_html_export_carries_an_escaped_source_note():
    from fruitmap.maps.assets import map_to_standalone_html, use_local_assets

    m = use_local_assets(folium.Map(location=[21.3, 103.9], zoom_start=8, tiles=None))
    add_source_note(m, "Nguồn dữ liệu: Vùng trồng: <img src=x onerror=alert(1)>.csv (01/12/2026)")
    page = map_to_standalone_html(m)
    assert "fm-source-note" in page
    body = json.loads(re.search(r"div\.innerHTML = (\"[^\n]*\");", page).group(1))
    assert body == ("Nguồn dữ liệu: Vùng trồng: &lt;img src=x onerror=alert(1)&gt;.csv "
                    "(01/12/2026)")
    assert "<img src=x" not in page
    assert add_source_note(folium.Map(tiles=None), "") is not None  # nothing to add: no box


def test_chart_caption_is_escaped_wrapped_and_below_the_plot():
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"width": 600, "height": 400,
                                                    "margin": {"b": 50}})
    text = "Data sources: Zones: <b>z</b>.csv (2026-12-01) · " + "Plants: demo " * 20
    out = with_caption(fig, text)
    note = out.layout.annotations[-1]
    assert "&lt;b&gt;z&lt;/b&gt;.csv" in note.text and "<br>" in note.text
    assert out.layout.margin.b > 50 and out.layout.height > 400
    assert note.yshift == -60 and note.yanchor == "top"  # below the old margin
    assert fig.layout.annotations == ()  # the figure on the page is left as it was


@pytest.mark.skipif(__import__("shutil").which("chromium") is None, reason="no Chromium")
def test_chart_svg_shows_the_caption():
    from fruitmap.report.images import figure_to_svg

    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"width": 500, "height": 300})
    svg = figure_to_svg(with_caption(fig, "Data sources: zones.csv (2026-12-01)")).decode()
    assert "zones.csv (2026-12-01)" in svg

"""The column-wise XLSX writer: cells by type, text never a formula, limits, progress."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from fruitmap.errors import ReportError
from fruitmap.files.export import export_layer, plain_column, table_to_xlsx_bytes
from fruitmap.files.xlsx_writer import XLSX_MAX_CHARS, Sheet, column_cells, write_xlsx


def test_cells_of_each_type_are_written_as_that_type():
    sheet = Sheet("T", ["text", "number", "flag", "mixed"],
                  [["a & <b>", "=1+1", None], [1.5, None, float("nan")], [True, False, None],
                   [3, "x", True]])
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx([sheet])))
    ws = book["T"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["text", "number", "flag", "mixed"]
    assert rows[1] == ["a & <b>", 1.5, True, 3]
    assert rows[2] == ["=1+1", None, False, "x"]
    assert rows[3] == [None, None, None, True]
    assert ws["A3"].data_type == "s"  # a text that looks like a formula stays text
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    assert ws.dimensions == "A1:D4"


def test_illegal_xml_characters_and_overlong_text():
    sheet = Sheet("T", ["t"], [["bell\x07 here", "x" * (XLSX_MAX_CHARS + 10), " padded "]])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(write_xlsx([sheet]))).get_sheet_by_index(
        0).to_python()
    assert rows[1][0] == "bell\x07 here"  # written as Excel's escape _x0007_, read back as it was
    assert len(rows[2][0]) == XLSX_MAX_CHARS  # cut at Excel's limit, as xlsxwriter does
    assert rows[3][0] == " padded "  # spaces kept


def test_column_cells_skip_empty_cells_and_number_rows():
    cells = column_cells([1, None, 2.5], "B", 7)
    assert cells == ['<c r="B7"><v>1</v></c>', "", '<c r="B9"><v>2.5</v></c>']


def test_empty_sheet_and_sheet_without_rows():
    data = write_xlsx([Sheet("A", ["x", "y"], [[], []]), Sheet("B", [], [])])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [[c.value for c in r] for r in book["A"].iter_rows()] == [["x", "y"]]
    assert book.sheetnames == ["A", "B"]
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_rows_written_in_chunks_report_rising_progress(monkeypatch):
    import fruitmap.files.xlsx_writer as xw

    monkeypatch.setattr(xw, "CHUNK_ROWS", 3)
    seen: list[float] = []
    data = write_xlsx([Sheet("T", ["n"], [list(range(10))])], progress=seen.append)
    assert seen == pytest.approx([0.3, 0.6, 0.9, 1.0, 1.0])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:]] == list(range(10))


def test_plain_column_is_the_same_as_cell_by_cell():
    from fruitmap.files.export import cell_value

    cases = [pd.Series([1.5, np.nan]), pd.Series([1, 2]), pd.Series([True, False]),
             pd.Series(pd.array([4, None], dtype="Int64")), pd.Series(["a", None], dtype="str"),
             pd.Series(["a", np.nan], dtype=object), pd.Series([("a", "b"), None]),
             pd.Series([True, "x"], dtype=object), pd.Series([pd.Timestamp("2026-01-02")])]
    for series in cases:
        got = plain_column(series)
        assert got == [cell_value(v) for v in series]
        assert [type(v) for v in got] == [type(cell_value(v)) for v in series]


def test_export_reports_its_steps_in_order():
    table = pd.DataFrame({"crop": ["longan", "mango"], "month": [7, 6],
                          "fresh_capacity_t": [3000.0, 1500.0]})
    seen: list[tuple[float, str]] = []
    export_layer(table, "markets", "xlsx", progress=lambda f, key: seen.append((f, key)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    keys = [k for _, k in seen]
    assert keys[0] == "progress.export.table" and keys[-1] == "progress.export.done"
    assert "progress.export.rows" in keys
    from fruitmap.i18n import t

    for key in set(keys):  # every step has words in both languages
        assert t(key, "vi") != key and t(key, "en") != key


def test_a_table_too_long_for_excel_is_refused_in_plain_words():
    rows = 1_048_576  # one more than a sheet holds below its header row
    table = pd.DataFrame({"crop": np.full(rows, "longan", dtype=object),
                          "month": np.ones(rows, dtype="int64")})
    with pytest.raises(ReportError) as err:
        export_layer(table, "markets", "xlsx")
    assert err.value.code == "export_too_many_rows"
    assert "1048576" in err.value.message("vi") and "Excel" in err.value.message("vi")
    assert "CSV" in err.value.message("en") and "markets" in err.value.message("en")
    with pytest.raises(ReportError):
        table_to_xlsx_bytes(table)
    assert export_layer(table.head(3), "markets", "xlsx")  # a short one is fine

"""The upload page shows what it is doing while it reads, checks and writes (AppTest, vi/en).

Each long step draws an ``st.status`` box with its steps; when the work is done the box is in
its complete state and says what was done (rows, time taken).
"""

from __future__ import annotations

import pytest

from fruitmap.workspace.geopackage import Workspace
from tests import files
from tests.conftest import ROOT
from tests.test_page_upload import do_import, open_page, upload


@pytest.fixture()
def private_ws(demo_ws_copy, monkeypatch):
    """The app on a private copy of the demo workspace (the test imports into it)."""
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(demo_ws_copy))
    monkeypatch.chdir(ROOT)
    return Workspace(demo_ws_copy)


# the file name is shown as typed: Markdown characters escaped in the label
WORDS = {"vi": {"read": "Đã đọc co\\_so\\.xlsx: 3 dòng", "check": "Đã kiểm tra 3 dòng: 0 lỗi",
                "columns": "Ghép các cột", "rows": "Kiểm tra 3 dòng",
                "write": "Đã ghi 3 dòng vào không gian làm việc", "unit": "giây"},
         "en": {"read": "Read co\\_so\\.xlsx: 3 rows", "check": "Checked 3 rows: 0 errors",
                "columns": "Matching the file's columns", "rows": "Checking 3 rows",
                "write": "Wrote 3 rows into the workspace", "unit": " s)"}}


def _texts(block) -> str:
    return " ".join(m.value for m in block.markdown)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_reading_checking_and_writing_show_their_steps_and_end_complete(private_ws, lang):
    words = WORDS[lang]
    at = upload(open_page(lang), "co_so.xlsx", files.xlsx_bytes())
    assert not at.exception, at.exception
    boxes = list(at.status)
    labels = [b.label for b in boxes]
    assert any(label.startswith(words["read"]) for label in labels), labels
    check = next(b for b in boxes if b.label.startswith(words["check"]))
    assert words["unit"] in check.label
    assert words["columns"] in _texts(check) and words["rows"] in _texts(check)
    assert all(b.state == "complete" for b in boxes), [b.state for b in boxes]
    # a rerun with nothing new to read or check draws no box (the work is not redone)
    at.run()
    assert not list(at.status)
    at = do_import(at)
    assert not at.exception, at.exception
    written = [b for b in at.status if b.label.startswith(words["write"])]
    assert len(written) == 1 and written[0].state == "complete"
    assert words["unit"] in written[0].label

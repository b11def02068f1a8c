"""``python -m fruitmap report``: exit codes and plain messages, and one real pack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from fruitmap.cli import main
from tests.conftest import ROOT
from tests.report_data import write_tiny


def test_bad_extension_is_a_usage_error(tmp_path, capsys):
    code = main(["report", "--workspace", str(tmp_path), "--out", str(tmp_path / "pack.docx"),
                 "--lang", "en"])
    assert code == 2
    err = capsys.readouterr().err
    assert "pack.docx" in err and ".pptx, .pdf" in err
    assert "Traceback" not in err
    assert not (tmp_path / "pack.docx").exists()


def test_missing_workspace_is_refused_in_plain_words(tmp_path, capsys):
    code = main(["report", "--workspace", str(tmp_path / "none"), "--out",
                 str(tmp_path / "pack.pdf"), "--quiet"])
    assert code == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy dữ liệu" in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                    reason="Debian's chromium is not installed (make test)")
def test_command_writes_a_pdf(tmp_path):
    write_tiny(tmp_path / "ws")
    out = tmp_path / "họp.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "fruitmap", "report", "--workspace", str(tmp_path / "ws"),
         "--out", str(out), "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(out) in proc.stdout
    assert "[100%]" in proc.stderr  # progress was printed
    reader = PdfReader(str(out))
    assert len(reader.pages) == 9
    assert "Longan" in reader.pages[4].extract_text()

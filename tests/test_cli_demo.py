"""``python -m fruitmap demo``: exit codes and messages, run as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fruitmap", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_demo_writes_a_workspace(tmp_path):
    target = tmp_path / "demo ws"
    done = _run("demo", "--workspace", str(target), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert (target / "fruitmap.gpkg").is_file()
    assert str(target) in done.stdout
    assert "560 processing plants (17 factories)" in done.stdout
    assert "84,752 ha" in done.stdout


def test_missing_workspace_option_is_a_usage_error(tmp_path):
    done = _run("demo")
    assert done.returncode == 2
    assert "--workspace" in done.stderr
    assert "Traceback" not in done.stderr


def test_existing_workspace_is_refused_in_plain_words(tmp_path):
    assert _run("demo", "--workspace", str(tmp_path)).returncode == 0
    before = (tmp_path / "fruitmap.gpkg").stat().st_mtime_ns
    done = _run("demo", "--workspace", str(tmp_path), "--lang", "en")
    assert done.returncode == 1
    assert "already holds a workspace" in done.stderr and "--force" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "fruitmap.gpkg").stat().st_mtime_ns == before


def test_force_overwrites(tmp_path):
    assert _run("demo", "--workspace", str(tmp_path)).returncode == 0
    done = _run("demo", "--workspace", str(tmp_path), "--force")
    assert done.returncode == 0, done.stderr
    assert "Đã ghi" in done.stdout
    assert "84.752 ha" in done.stdout  # Vietnamese digit grouping


def test_a_file_as_target_is_refused_in_plain_words(tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    done = _run("demo", "--workspace", str(target), "--lang", "en")
    assert done.returncode == 1
    assert "not a folder" in done.stderr and str(target) in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "x"


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "bao_cao.docx").write_bytes(b"PK\x03\x04 a report")
    done = _run("demo", "--workspace", str(tmp_path), "--lang", "en")
    assert done.returncode == 1
    assert "bao_cao.docx" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.docx"]

"""AppTest of the meeting-pack page in both languages, building a real pack from the tiny
workspace of ``tests/report_data.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.report_data import write_tiny


@pytest.fixture()
def tiny_app(tmp_path, monkeypatch):
    write_tiny(tmp_path / "ws")
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.chdir(ROOT)


def open_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if lang == "en":
        at.session_state["lang"] = "en"
    # The first run registers app.py's navigation; only then is the page switch honoured
    # in a fresh process.
    at.run()
    at.switch_page("pages/meeting_pack.py")
    return at.run()


@pytest.mark.parametrize("lang, title, button", [
    ("vi", "Tài liệu họp", "Tạo tài liệu họp"),
    ("en", "Meeting pack", "Build the meeting pack"),
])
def test_page_offers_both_formats(tiny_app, lang, title, button):
    at = open_page(lang)
    assert not at.exception
    assert at.title[0].value == title
    assert at.button(key="pack_build").label == button
    assert list(at.radio(key="pack_format").options) == ["PowerPoint (.pptx)", "PDF (.pdf)"]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                    reason="Debian's chromium is not installed (make test)")
def test_building_the_pack_offers_the_file(tiny_app):
    at = open_page("en")
    at.radio(key="pack_format").set_value(".pdf")
    at.button(key="pack_build").click().run(timeout=600)
    assert not at.exception
    assert at.success[0].value == "fruitmap-meeting-pack.pdf is ready."
    name, data, lang = at.session_state["pack_file"]
    assert name == "fruitmap-meeting-pack.pdf" and lang == "en"
    assert data.startswith(b"%PDF")

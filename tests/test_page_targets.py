"""AppTest of the targets page in Vietnamese and English on the tiny workspace of
tests/gap_fixtures.py: 1 of 3 high-tech zones, 20 % of 50 % processed, one odd target."""

from __future__ import annotations

import json

import pytest

from fruitmap.i18n import t
from fruitmap.workspace.geopackage import create
from tests.conftest import use_workspace
from tests.gap_fixtures import tiny_layers
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/targets.py"


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


EXPECTED = {
    "vi": ["**Vùng công nghệ cao** — Chỉ tiêu đến năm 2025", "### 1 / 3 vùng",
           ":red[còn thiếu 2 vùng]", "### 20 / 50 %", ":red[còn thiếu 30 %]",
           "**Chỉ tiêu lạ**", "Chưa đo được từ dữ liệu hiện có."],
    "en": ["**High-tech zones** — Target for 2025", "### 1 / 3 zones", ":red[2 zones to go]",
           "### 20 / 50 %", ":red[30 % to go]", "**Odd target**",
           "Cannot be measured from the workspace."],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_target_shows_progress_gap_and_source(gap_tiny_env, lang):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("targets.title", lang)
    shown = texts(at)
    for piece in EXPECTED[lang]:
        assert piece in shown, piece
    # one bar per target, filled to the share reached (1/3, 20/50, none)
    # The balance's status box (a cold cache) has its own bar, full: the targets' bars follow.
    in_box = [p.value for box in at.main.status for p in box.progress]
    assert in_box in ([], [100])
    assert [p.value for p in at.progress][len(in_box):] == [33, 40, 0]  # percent
    captions = " ".join(c.value for c in at.caption)
    assert t("targets.source", lang, source="Nghị quyết thử 01") in captions
    assert t("targets.no_source", lang) in captions  # the odd target has none: said so
    assert t("targets.measure.processed_share_pct", lang) in captions
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == t("bchart.targets.title", lang)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [t("gap.download.csv", lang), t("gap.download.xlsx", lang)]


def test_processed_share_follows_the_balance_parameters(gap_tiny_env):
    at = run_page(PAGE, "en")
    assert "### 20 / 50 %" in texts(at)
    # Within 50 km only Z2's 100 t reach the plant: 100 / 1,300 = 7.7 %.
    at.sidebar.slider(key="balance_max_haul_km").set_value(50).run()
    assert not at.exception
    assert "### 7.7 / 50 %" in texts(at)
    assert ":red[42.3 % to go]" in texts(at)


def test_no_targets_table_shows_a_message(tmp_path, monkeypatch):
    layers = tiny_layers()
    del layers["targets"]
    create(tmp_path / "ws", layers)
    use_workspace(monkeypatch, tmp_path / "ws")
    at = run_page(PAGE, "vi")
    assert not at.exception
    assert at.info[0].value == t("targets.empty", "vi")
    assert not at.get("plotly_chart")

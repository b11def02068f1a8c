"""Provenance follows the data: per layer, from the workspace's history (issue 8, point 5)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import t
from fruitmap.provenance import (
    DATA_LAYERS,
    describe,
    layer_sources,
    provenance_line,
    provenance_lines,
    provenance_table,
    split_action,
    workspace_provenance,
)
from fruitmap.schema import LAYERS
from fruitmap.workspace.edits import edit_action
from fruitmap.workspace.history import describe_action
from tests.conftest import ROOT, use_workspace

HEADS = ["change_id", "when", "who", "action", "layer", "source_file", "source_sha256",
         "rows_before", "rows_after", "version_id"]


def hist(*rows) -> pd.DataFrame:
    """History rows ``(change_id, when, action, layer, source_file, version_id)``."""
    return pd.DataFrame([{"change_id": c, "when": w, "who": "x", "action": a, "layer": layer,
                          "source_file": f, "source_sha256": None, "rows_before": 0,
                          "rows_after": 1, "version_id": v}
                         for c, w, a, layer, f, v in rows], columns=HEADS)


def demo_rows(when="2026-11-01T08:00:00") -> list[tuple]:
    return [(i + 1, when, "demo", name, "data/demo", None) for i, name in enumerate(DATA_LAYERS)]


def text(history, layer, lang="en", present=None):
    table = provenance_table(history, lang, present)
    return table.set_index("layer").loc[layer, "text"]


# ---------------------------------------------------------------- unit, hand-made history
def test_demo_workspace_says_demo_for_every_data_layer_and_bundled_boundaries():
    table = provenance_table(hist(*demo_rows()), "en")
    kinds = dict(zip(table["layer"], table["kind"], strict=True))
    assert list(table["layer"]) == list(DATA_LAYERS)
    assert {k for n, k in kinds.items() if n != "admin_units"} == {"demo"}
    # The boundaries written by the demo are the real ones (their licence is on every page).
    assert kinds["admin_units"] == "bundled"
    assert text(hist(*demo_rows()), "zones") == "demo (illustrative), not official statistics"


def test_import_names_its_file_and_date_others_stay_demo():
    h = hist(*demo_rows(), (20, "2026-12-01T10:30:00", "import", "zones", "zones.csv", "v1"))
    assert text(h, "zones") == "zones.csv (2026-12-01)"
    assert text(h, "zones", "vi") == "zones.csv (01/12/2026)"
    assert text(h, "plants") == t("prov.demo", "en")


def test_append_names_earlier_sources_too():
    h = hist((1, "2026-11-01T00:00:00", "import", "plants", "a.xlsx", None),
             (2, "2026-12-02T00:00:00", "import (append)", "plants", "b.kmz", "v1"))
    assert text(h, "plants") == "a.xlsx + b.kmz (2026-12-02)"
    on_demo = hist(*demo_rows(), (30, "2026-12-02T00:00:00", "import (append)", "plants",
                                  "b.kmz", "v1"))
    assert text(on_demo, "plants") == "demo (illustrative) + b.kmz (2026-12-02)"


def test_an_area_editors_import_names_the_earlier_sources_too():
    # The whole layer came from a.xlsx; a district's editor then replaced its own district's
    # rows from b.xlsx: the other districts' rows still come from a.xlsx.
    h = hist((1, "2026-11-01T00:00:00", "import", "zones", "a.xlsx", None),
             (2, "2026-12-02T00:00:00", "import (area)", "zones", "b.xlsx", "v1"))
    assert text(h, "zones") == "a.xlsx + b.xlsx (2026-12-02)"
    assert split_action("import (area)") == ("import", "area")
    assert split_action("import (append)") == ("import", "append")
    assert split_action(" rollback to ab12 ") == ("rollback to ab12", "")
    assert describe_action("import (area)", "en") == "Import (own area only)"
    assert describe_action("import (area)", "vi").endswith("(chỉ khu vực được giao)")


def test_edit_keeps_the_file_it_came_from():
    h = hist((1, "2026-11-20T09:00:00", "import", "zones", "zones.kmz", None),
             (2, "2026-12-01T09:00:00", "edit", "zones", None, "v1"))
    assert text(h, "zones") == "zones.kmz (2026-11-20), edited in the app 2026-12-01"
    assert text(h, "zones", "vi") == "zones.kmz (20/11/2026), sửa trong ứng dụng 01/12/2026"
    # The action as fruitmap.workspace.edits writes it, with its counts.
    counted = hist((1, "2026-11-20T09:00:00", "import", "zones", "zones.kmz", None),
                   (2, "2026-12-01T09:00:00", edit_action(0, 0, 1), "zones", None, "v1"))
    assert text(counted, "zones") == "zones.kmz (2026-11-20), edited in the app 2026-12-01"
    # An edit of something of unknown origin says only that it was edited.
    alone = hist((5, "2026-12-01T09:00:00", "edit", "zones", None, None))
    assert text(alone, "zones") == "Edited in the app 2026-12-01"


def test_start_from_scratch_names_each_layers_own_bundled_files():
    files = ("data/boundaries/son_la_province.geojson;data/boundaries/son_la_districts.geojson;"
             "data/demo/crop_calendar.csv;data/demo/targets.csv")
    h = hist(*[(i, "2026-12-01T00:00:00", "start", name, files, None)
               for i, name in enumerate(("admin_units", "crop_calendar", "targets"), start=1)])
    assert text(h, "admin_units") == \
        "son_la_province.geojson + son_la_districts.geojson (2026-12-01)"
    assert text(h, "crop_calendar") == "crop_calendar.csv (2026-12-01)"
    assert text(h, "targets", "vi") == "targets.csv (01/12/2026)"
    assert layer_sources(h)["admin_units"].kind == "file"


def test_rollback_gives_the_restored_versions_provenance():
    # 2 replaced the demo (saving it as "v1"), 3 replaced b.csv's rows (saving "v2").
    h = hist((1, "2026-11-01T00:00:00", "demo", "zones", "data/demo", None),
             (2, "2026-11-10T00:00:00", "import", "zones", "a.csv", "v1"),
             (3, "2026-11-20T00:00:00", "import", "zones", "b.csv", "v2"),
             (4, "2026-12-01T00:00:00", "rollback to v2", "zones", None, "v3"))
    assert text(h, "zones") == "a.csv (2026-11-10)"  # v2 was what a.csv wrote
    back_to_demo = hist((1, "2026-11-01T00:00:00", "demo", "zones", "data/demo", None),
                        (2, "2026-11-10T00:00:00", "import", "zones", "a.csv", "v1"),
                        (3, "2026-12-01T00:00:00", "rollback to v1", "zones", None, "v2"))
    assert layer_sources(back_to_demo)["zones"].kind == "demo"
    # A version whose origin history cannot tell (saved before any recorded change).
    unknown = hist((7, "2026-12-03T00:00:00", "rollback to zz", "zones", None, "v9"))
    assert text(unknown, "zones") == "restored earlier version (2026-12-03)"


def test_qgis_workspace_without_history_is_unknown_source():
    table = provenance_table(pd.DataFrame(columns=HEADS), "en", present=["zones", "plants"])
    assert list(table["layer"]) == ["zones", "plants"]
    assert set(table["text"]) == {"unknown source"}
    # A history without change numbers (written by another tool) still reads.
    h = hist((None, "2026-12-01T00:00:00", "import", "zones", "z.gpkg", None))
    assert text(h, "zones", present=["zones", "markets"]) == "z.gpkg (2026-12-01)"
    assert text(h, "markets", present=["zones", "markets"]) == "unknown source"


def test_layers_never_written_or_empty_are_not_shown():
    h = hist((1, "2026-12-01T00:00:00", "import", "zones", "z.csv", None))
    assert list(provenance_table(h, "en")["layer"]) == ["zones"]
    assert list(provenance_table(h, "en", present=[])["layer"]) == []
    assert provenance_line(provenance_table(h, "en", present=[]), "en") == "Data sources: no data"


def test_one_line_groups_layers_with_the_same_source():
    h = hist((1, "2026-11-01T00:00:00", "demo", "plants", "data/demo", None),
             (2, "2026-11-01T00:00:00", "demo", "cold_stores", "data/demo", None),
             (3, "2026-12-01T00:00:00", "import", "zones", "z.csv", None))
    table = provenance_table(h, "en")
    line = provenance_line(table, "en")
    assert line == ("Data sources: Cultivation zones: z.csv (2026-12-01) · "
                    f"{LAYERS['plants'].label('en')}, {LAYERS['cold_stores'].label('en')}: "
                    "demo (illustrative), not official statistics")
    demo_only = provenance_table(h.head(2), "vi")
    assert provenance_line(demo_only, "vi", compact=True) == \
        "Nguồn dữ liệu: " + t("prov.demo", "vi")
    assert provenance_lines(table, "en")[0] == "Cultivation zones: z.csv (2026-12-01)"


def test_describe_unknown_kind_never_empty():
    from fruitmap.provenance import Source

    assert describe(Source("file"), "vi") == t("prov.unknown", "vi")


# ---------------------------------------------------------------- a real workspace
def small_markets_csv(tmp_path):
    path = tmp_path / "cho_dau_moi.csv"
    path.write_text("crop,month,fresh_capacity_t\nlongan,7,100\nlongan,8,120\n", encoding="utf-8")
    return path


def test_real_workspace_after_import(demo_ws_copy, tmp_path):
    from fruitmap.files.ingest import import_file
    from fruitmap.workspace.geopackage import Workspace

    ws = Workspace(demo_ws_copy)
    import_file(ws, small_markets_csv(tmp_path), layer="markets")
    table = workspace_provenance(ws.read_all(), "en").set_index("layer")
    assert table.loc["markets", "text"] == f"cho_dau_moi.csv ({date.today().isoformat()})"
    others = table.drop(index=["markets", "admin_units"])
    assert set(others["kind"]) == {"demo"}


# ---------------------------------------------------------------- the footer (AppTest)
class _NavigationOnly:
    uses_pages_directory = False


def footer_captions(lang: str) -> str:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return " ".join(c.value for c in at.caption).replace("\\", "")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_footer_demo_then_imported_layer(demo_ws_copy, tmp_path, monkeypatch, lang):
    from fruitmap.files.ingest import import_file
    from fruitmap.workspace.geopackage import Workspace

    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    use_workspace(monkeypatch, demo_ws_copy)
    captions = footer_captions(lang)
    demo_layers = ", ".join(LAYERS[n].label(lang) for n in DATA_LAYERS if n != "admin_units")
    assert f"{demo_layers}: {t('prov.demo', lang)}" in captions
    assert t("app.attribution", lang) in captions

    import_file(Workspace(demo_ws_copy), small_markets_csv(tmp_path), layer="markets")
    captions = footer_captions(lang)
    day = date.today().strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")
    assert f"{LAYERS['markets'].label(lang)}: cho_dau_moi.csv ({day})" in captions
    still = ", ".join(LAYERS[n].label(lang) for n in DATA_LAYERS
                      if n not in ("admin_units", "markets"))
    assert f"{still}: {t('prov.demo', lang)}" in captions


def test_footer_escapes_markdown_in_file_names(demo_ws_copy, tmp_path, monkeypatch):
    from fruitmap.files.ingest import import_file
    from fruitmap.workspace.geopackage import Workspace

    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    use_workspace(monkeypatch, demo_ws_copy)
    data = small_markets_csv(tmp_path).read_bytes()
    import_file(Workspace(demo_ws_copy), name="[x](javascript:alert(1))_*b*.csv", data=data,
                layer="markets")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    raw = [c.value for c in at.caption if "javascript" in c.value]
    assert raw and r"\[x\]\(javascript\:alert\(1\)\)\_\*b\*" in raw[0]

"""The upload page with files as offices make them (AppTest, both languages): no id column,
TCVN3 text; the ids made show in the preview and the import lands them in the workspace."""

from __future__ import annotations

import pytest

from fruitmap.workspace.geopackage import Workspace
from tests.test_office_files import STORES, cold_store_xlsx
from tests.test_page_upload import LABELS, box, do_import, metrics, open_page, upload


@pytest.fixture()
def private_ws(demo_ws_copy, monkeypatch):
    """The app on a private copy of the demo workspace (the test imports into it)."""
    from tests.conftest import ROOT

    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(demo_ws_copy))
    monkeypatch.chdir(ROOT)
    return Workspace(demo_ws_copy)


IDS_INFO = {"vi": "fruitmap sẽ tự tạo mã", "en": "fruitmap will make the ids"}
ID_HEADER = {"vi": "Mã kho", "en": "Store ID"}
MADE = {"vi": "fruitmap đã tự tạo mã", "en": "so fruitmap made them"}
CONVERTED = {"vi": "TCVN3 (ABC)", "en": "TCVN3 (ABC)"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tcvn3_cold_store_list_without_ids_is_previewed_and_imported(private_ws, lang):
    at = upload(open_page(lang), "kho_lanh.xlsx", cold_store_xlsx("tcvn3"))
    assert not at.exception, at.exception
    assert box(at, LABELS[lang]["layer"]).value == "cold_stores"
    assert any(IDS_INFO[lang] in i.value for i in at.info)
    assert metrics(at)[1] == 0  # no errors
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown escapes
    assert MADE[lang] in warnings and CONVERTED[lang] in warnings
    preview = at.dataframe[-1].value
    header = next(c for c in preview.columns if c.startswith(ID_HEADER[lang]))
    ids = preview[header].tolist()
    assert ids[0].startswith("kho-lanh-mai-son-") and len(set(ids)) == 3
    names = [c for c in preview.columns if c in ("Tên kho", "Name")]
    assert preview[names[0]].tolist() == [s[0] for s in STORES]
    before = len(private_ws.read("cold_stores"))
    at = do_import(at)
    assert not at.exception, at.exception
    stored = private_ws.read("cold_stores")
    assert len(stored) == before + 3
    assert set(ids) <= set(stored["store_id"])

"""The meeting pack in both formats and both languages, from the tiny workspace of
``tests/report_data.py`` (longan 140 t surplus in July and August, mango 90 t in June).

Each pack is collected once per language (rendering is the slow part) and written in both
formats; the tests then read the files back as a person's software would.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from fruitmap.errors import ReportError
from fruitmap.i18n import t
from fruitmap.report import layout as rl
from fruitmap.report.layout import Box, fit_text
from fruitmap.report.pack import build_report, collect_pack, illustrative_notes, write_pack
from fruitmap.schema import LAYERS
from tests.report_data import write_tiny

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="Debian's chromium is not installed (make test)")

# cover, headline figures, map, glut calendar, longan, mango, plants, targets, sources
SLIDES = 9
PICTURE_SLIDES = {2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 1, 8: 1}  # slide number → pictures
TODAY = date(2026, 11, 29)


def distinct_colours(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as im:
        found = im.convert("RGB").getcolors(maxcolors=1_000_000)
    return len(found) if found is not None else 1_000_000


@pytest.fixture(scope="module")
def tiny_ws(tmp_path_factory):
    return write_tiny(tmp_path_factory.mktemp("report_ws"))


@pytest.fixture(scope="module")
def packs(tiny_ws, tmp_path_factory):
    """lang → (Pack, progress calls, {".pdf": path, ".pptx": path})."""
    out = tmp_path_factory.mktemp("packs")
    result = {}
    for lang in ("vi", "en"):
        calls: list[tuple[float, str]] = []
        pack = collect_pack(tiny_ws, lang, progress=lambda f, m, c=calls: c.append((f, m)),
                            today=TODAY)
        files = {fmt: write_pack(pack, out / f"pack_{lang}{fmt}") for fmt in (".pdf", ".pptx")}
        result[lang] = (pack, calls, files)
    return result


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pptx_has_every_slide_with_its_pictures(packs, lang):
    prs = Presentation(str(packs[lang][2][".pptx"]))
    assert len(prs.slides) == SLIDES
    for number, slide in enumerate(prs.slides, start=1):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == PICTURE_SLIDES.get(number, 0), number
        for picture in pictures:
            assert distinct_colours(picture.image.blob) > 10, number
        # Nothing leaves the slide.
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width, (number, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (number, shape.name)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pdf_has_every_page_with_its_pictures(packs, lang):
    reader = PdfReader(str(packs[lang][2][".pdf"]))
    assert len(reader.pages) == SLIDES
    for number, page in enumerate(reader.pages, start=1):
        assert float(page.mediabox.width) == pytest.approx(13.333 * 72, abs=0.5)
        found = list(page.images)
        assert len(found) == PICTURE_SLIDES.get(number, 0), number
        for image in found:
            assert distinct_colours(image.data) > 10, number


def test_vietnamese_pdf_text_is_correctly_encoded(packs):
    reader = PdfReader(str(packs["vi"][2][".pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Sơn La" in text
    assert "nhãn" in text
    assert "Lịch dư thừa" in text
    assert "Nguồn dữ liệu và ghi chú" in text
    assert "CC BY-SA 4.0" in text
    fonts = {str(f) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts  # text is drawn with embedded fonts
    raw = packs["vi"][2][".pdf"].read_bytes()
    assert b"DejaVu" in raw


def test_pptx_text_is_unicode_in_a_font_with_vietnamese(packs):
    prs = Presentation(str(packs["vi"][2][".pptx"]))
    runs = [run for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs]
    text = "\n".join(run.text for run in runs)
    assert "Sơn La" in text and "nhãn" in text and "Lịch dư thừa" in text
    assert {run.font.name for run in runs} == {rl.PPTX_FONT}


def test_english_pack_is_in_english(packs):
    reader = PdfReader(str(packs["en"][2][".pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Glut calendar by crop and month" in text
    assert "Longan: surplus by area, Jul" in text or "Longan: surplus by area, Aug" in text
    assert "Nguồn" not in text


def test_slide_texts_follow_the_hand_computed_balance(packs):
    pack = packs["vi"][0]
    titles = [s.title for s in pack.slides]
    # July and August tie at 140 t: the solver's last decimals pick the peak.
    assert titles[4] in ("Nhãn: dư thừa theo địa bàn, Tháng 7",
                         "Nhãn: dư thừa theo địa bàn, Tháng 8")
    assert pack.slides[4].caption.startswith(titles[4][-7:])
    assert titles[5] == "Xoài: dư thừa theo địa bàn, Tháng 6"
    assert "khoảng 140 tấn nhãn" in pack.slides[4].caption
    assert "Sông Mã (140 tấn)" in pack.slides[4].caption
    assert "370 tấn" in pack.slides[3].caption           # yearly surplus
    figures = dict(pack.slides[1].table)
    assert figures["Sản lượng dư thừa cả năm"] == "370 tấn (26,4 %)"
    assert figures["Tỷ lệ sản lượng được chế biến"] == "55,7 %"
    assert figures["Diện tích cây ăn quả"] == "150 ha"
    assert pack.slides[0].lines[1] == "Ngày lập: 29/11/2026"
    assert "Tỉnh Sơn La" in pack.slides[0].title
    assert "Tỉnh Sơn La" in pack.footer


def test_sources_slide_names_licence_and_illustrative_values(packs):
    lines = packs["en"][0].slides[-1].lines
    text = "\n".join(lines)
    assert "CC BY-SA 4.0" in text and "geoBoundaries" in text
    assert "Illustrative targets: Share of output processed" in text
    assert "great-circle" in text


def test_progress_is_reported_in_order(packs):
    calls = packs["vi"][1]
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and len(calls) >= 5
    assert all(message for _, message in calls)
    # The balance computed for the pack shows its own steps, inside the pack's 5–35 %.
    messages = [m for _, m in calls]
    solve = messages.index(t("progress.balance.solve", "vi"))
    assert 0.05 <= calls[solve][0] <= 0.35
    assert messages.index(t("report.step.balance", "vi")) < solve < \
        messages.index(t("report.step.charts", "vi"))


def test_build_report_refuses_other_formats_before_working(tiny_ws, tmp_path):
    with pytest.raises(ReportError) as err:
        build_report(tiny_ws, tmp_path / "pack.docx")
    assert err.value.code == "report_bad_format"
    assert not (tmp_path / "pack.docx").exists()


def test_demo_layers_are_flagged_illustrative():
    import pandas as pd

    history = pd.DataFrame({"change_id": [1, 2, 3], "layer": ["zones", "plants", "zones"],
                            "action": ["demo", "demo", "import"],
                            "when": ["2026-11-01T00:00:00"] * 2 + ["2026-12-01T08:00:00"],
                            "source_file": ["data/demo", "data/demo", "vung_trong.xlsx"]})
    notes = illustrative_notes({}, history, "en")
    # Layer by layer: the demo layer says illustrative, the imported one names its file.
    assert "• Processing plants: demo (illustrative), not official statistics" in notes
    assert "• Cultivation zones: vung_trong.xlsx (2026-12-01)" in notes


def test_text_is_fitted_inside_its_box():
    box = Box(0, 0, 4.0, 1.0)
    short = fit_text("Sơn La", box, 28)
    assert short.size == 28 and short.lines == ("Sơn La",)
    long = fit_text("Cân đối sản lượng quả và năng lực chế biến " * 20, box, 28, 10)
    assert long.size == 10
    line_h = long.size * rl.LINE_SPACING / 72
    assert len(long.lines) * line_h <= box.h - 0.2 + 1e-9
    assert long.lines[-1].endswith("…")
    assert all(rl.text_width(line, long.size) <= box.w - 0.2 + 1e-9 for line in long.lines)


def test_map_falls_back_to_a_static_picture_without_a_browser_driver(monkeypatch):
    # Without Playwright (a test-only dependency until the app ships it) the map slide is
    # drawn by plotly from the same layers instead of failing the whole pack.
    import fruitmap.report.images
    from fruitmap.report.pack import _map_png
    from tests.report_data import tiny_layers

    def no_browser(*args, **kwargs):
        raise ReportError("map_export_failed", reason="no driver")

    monkeypatch.setattr(fruitmap.report.images, "map_to_png", no_browser)
    png = _map_png(tiny_layers(), "vi")
    assert png.startswith(b"\x89PNG")
    assert distinct_colours(png) > 10


def test_a_workspace_without_fruit_gives_a_short_pack_with_messages(tmp_path):
    from tests.report_data import tiny_layers

    layers = {"admin_units": tiny_layers()["admin_units"]}
    pack = collect_pack(layers, "en", today=TODAY)
    # No main crop, so no surplus-map slides: cover, figures, map, glut, plants, targets, sources.
    assert len(pack.slides) == SLIDES - 2
    assert pack.slides[3].caption == "No balance figures to draw yet."
    assert dict(pack.slides[1].table)["Yearly surplus"] == "0 t (–)"
    assert "Data as of –" in pack.footer
    out = write_pack(pack, tmp_path / "empty.pdf")
    assert len(PdfReader(str(out)).pages) == SLIDES - 2


def _pptx_texts(path) -> list[str]:
    prs = Presentation(str(path))
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            for slide in prs.slides]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_names_where_the_data_comes_from(packs, lang):
    # The tiny workspace was made by a script (action "create", no file): unknown source.
    short = t("prov.short", lang, sources=t("prov.unknown", lang))
    for texts in (_pptx_texts(packs[lang][2][".pptx"]),
                  [p.extract_text() for p in PdfReader(str(packs[lang][2][".pdf"])).pages]):
        assert len(texts) == SLIDES
        for number, text in enumerate(texts, start=1):
            assert short in " ".join(text.split()), (number, text[-200:])
    sources = packs[lang][0].slides[-1].lines
    assert f"• {LAYERS['zones'].label(lang)}: {t('prov.unknown', lang)}" in sources


def test_pack_after_an_import_names_the_file_layer_by_layer(tiny_ws, tmp_path):
    import shutil

    from fruitmap.files.ingest import import_file
    from fruitmap.workspace.geopackage import Workspace

    ws_path = tmp_path / "ws"
    shutil.copytree(tiny_ws.path, ws_path)
    csv = tmp_path / "cho.csv"
    csv.write_text("crop,month,fresh_capacity_t\nlongan,7,10\n", encoding="utf-8")
    import_file(Workspace(ws_path), csv, layer="markets")
    pack = collect_pack(ws_path, "en", today=TODAY)
    day = date.today().isoformat()
    assert f"• {LAYERS['markets'].label('en')}: cho.csv ({day})" in pack.slides[-1].lines
    assert f"• {LAYERS['zones'].label('en')}: unknown source" in pack.slides[-1].lines
    assert f"cho.csv ({day})" in pack.footer and "unknown source" in pack.footer
    assert any(f"cho.csv ({day})" in line for line in pack.slides[0].lines)  # cover

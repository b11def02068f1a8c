"""AppTest of the chart and map downloads on the pages (issue 5, item 3), in vi and en.

Every chart on the overview, gap and targets pages has a "prepare PNG / SVG" button that
turns into PNG and SVG downloads; the explorer's map and the gap page's surplus map offer an
offline HTML file and a PNG. What a click produces is read back from Streamlit's media file
manager (bytes of the download buttons, and the callable of the deferred HTML download).
"""

from __future__ import annotations

import importlib.util
import re
from io import BytesIO

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

import ui.exports
from fruitmap.errors import ReportError
from fruitmap.i18n import LANGS, t
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PNG = b"\x89PNG\r\n\x1a\n"
# Widget key prefixes of every picture offered, per page.
CHARTS = {"pages/overview.py": ["ov_crop", "ov_map"],
          "pages/gap.py": ["gap_glut", "gap_crop", "gap_surplus", "gap_plants"],
          "pages/targets.py": ["targets_chart"]}
MAPS = {"pages/explorer.py": "explorer_export", "pages/gap.py": "gap_map"}
REMOTE = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                    re.IGNORECASE)
CDN = re.compile(r"(?:https?:)?//[\w.-]*(?:jsdelivr|cdnjs|unpkg|code\.jquery|bootstrapcdn|"
                 r"googleapis|gstatic)", re.IGNORECASE)


@pytest.fixture()
def media(monkeypatch) -> dict:
    """Record what the download buttons hand to Streamlit: file name → bytes or callable."""
    files: dict = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            files[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, **kwargs)

    def record_deferred(self, fn, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = fn
        return add_deferred(self, fn, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


def keys(at, kind: str) -> set[str]:
    return {w.key for w in at.get(kind) if w.key}


def one(files: dict, suffix: str, exclude: set[str] = frozenset()) -> tuple[str, object]:
    found = [(n, d) for n, d in files.items() if n.endswith(suffix) and n not in exclude]
    assert len(found) == 1, sorted(files)
    return found[0]


def not_one_colour(png: bytes) -> bool:
    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        extrema = image.convert("RGB").getextrema()  # (low, high) per channel
    return any(high - low > 40 for low, high in extrema)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", sorted(set(CHARTS) | set(MAPS)))
def test_every_chart_and_map_offers_its_pictures(app_env, page, lang):
    at = run_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    buttons = {w.key: w.label for w in at.get("button")}
    for chart in CHARTS.get(page, []):
        assert buttons[f"{chart}_prepare"] == t("exports.prepare_chart", lang)
    if page in MAPS:
        key = MAPS[page]
        assert buttons[f"{key}_prepare"] == t("exports.prepare_map", lang)
        html = {w.key: w.label for w in at.get("download_button")}[f"{key}_html"]
        assert html == t("exports.map_html", lang)
    # Charts are only drawn as pictures on request: no browser started for a page view.
    assert not {k for k in keys(at, "download_button") if k.endswith(("_png", "_svg"))}


@pytest.mark.parametrize(("page", "chart", "lang", "name"), [
    ("pages/overview.py", "ov_crop", "vi", "dien-tich-va-san-luong-theo-loai-cay"),
    ("pages/targets.py", "targets_chart", "en", None),
    ("pages/gap.py", "gap_glut", "en", None),
])
def test_prepare_gives_png_and_svg(app_env, media, page, chart, lang, name):
    at = run_page(page, lang)
    at.button(key=f"{chart}_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"{chart}_prepare" not in keys(at, "button")  # gave way to the downloads
    labels = {w.key: w.label for w in at.get("download_button")}
    assert labels[f"{chart}_png"] == t("export.png", lang)
    assert labels[f"{chart}_svg"] == t("export.svg", lang)
    png_name, png = one(media, ".png")
    svg_name, svg = one(media, ".svg")
    assert png.startswith(PNG) and len(png) > 5_000 and not_one_colour(png)
    assert svg.lstrip().startswith((b"<svg", b"<?xml")) and b"</svg>" in svg[-200:]
    assert png_name[:-4] == svg_name[:-4]
    assert re.fullmatch(r"[a-z0-9-]+", png_name[:-4]), png_name  # ASCII, no diacritics
    if name:
        assert png_name == f"{name}.png"
    # The pictures stay offered over the next rerun without another click.
    at.run()
    assert {f"{chart}_png", f"{chart}_svg"} <= keys(at, "download_button")
    assert f"{chart}_prepare" not in keys(at, "button")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", sorted(MAPS))
def test_map_html_is_offline(app_env, media, page, lang):
    run_page(page, lang)
    name, make = one(media, ".html")
    assert callable(make)  # made on click, not on every page view
    html = make()
    assert len(html) > 100_000  # Leaflet itself is inlined
    assert not REMOTE.findall(html), REMOTE.findall(html)[:3]
    assert not CDN.findall(html), CDN.findall(html)[:3]
    assert "L.map(" in html and "leaflet-interactive" not in name
    assert "fm-legend" in html


@pytest.mark.parametrize(("page", "lang"), [("pages/gap.py", "vi"),
                                            ("pages/explorer.py", "en")])
def test_prepare_map_png(app_env, media, page, lang):
    key = MAPS[page]
    at = run_page(page, lang)
    html_name, _ = one(media, ".html")
    at.button(key=f"{key}_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert {w.key: w.label for w in at.get("download_button")}[f"{key}_png"] == \
        t("export.map_png", lang)
    name, png = one(media, ".png")
    assert name[:-4] == html_name[:-5]
    assert png.startswith(PNG) and not_one_colour(png)
    at.run()  # a rerun builds the map again (new folium ids): still the same map
    assert f"{key}_png" in keys(at, "download_button")


def test_no_chromium_says_so_in_plain_words(app_env, monkeypatch):
    import fruitmap.report.images

    monkeypatch.setattr(fruitmap.report.images, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("FRUITMAP_CHROMIUM", raising=False)
    monkeypatch.setattr("shutil.which", lambda name, *a, **k: None)
    at = run_page("pages/gap.py", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert not {k for k in keys(at, "button") if k.endswith("_prepare")}
    message = t("exports.unavailable", "en", reason=t(
        "error.chromium_missing", "en", path="/nonexistent/chromium"))
    captions = [c.value for c in at.caption]
    assert captions.count(message) == len(CHARTS["pages/gap.py"]) + 1  # charts and map
    assert "gap_map_html" in keys(at, "download_button")  # the HTML needs no browser


def test_no_kaleido_says_so_in_plain_words(app_env, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "kaleido" else find_spec(name, *a))
    at = run_page("pages/targets.py", "vi")
    assert not at.exception
    assert t("exports.unavailable", "vi", reason=t("error.kaleido_missing", "vi")) in \
        [c.value for c in at.caption]
    assert "targets_chart_prepare" not in keys(at, "button")


def test_failed_export_is_a_message_not_a_traceback(app_env, monkeypatch):
    import fruitmap.report.images

    def fail(*args, **kwargs):
        raise ReportError("image_export_failed", reason="browser crashed")

    ui.exports._chart_images.clear()
    monkeypatch.setattr(fruitmap.report.images, "figures_to_images", fail)
    at = run_page("pages/targets.py", "vi")
    at.button(key="targets_chart_prepare").click().run()
    assert not at.exception
    assert any(t("error.image_export_failed", "vi", reason="browser crashed") in e.value
               for e in at.error)
    assert "targets_chart_png" not in keys(at, "download_button")
    at.run()  # asked again only when the user clicks again
    assert "targets_chart_prepare" in keys(at, "button")

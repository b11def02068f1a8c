"""Figures to PNG/SVG through kaleido and maps to PNG through headless Chromium, offline."""

from __future__ import annotations

import io
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image

from fruitmap.errors import ReportError
from fruitmap.report import images
from tests.report_data import tiny_layers

needs_chromium = pytest.mark.skipif(not Path(images.CHROMIUM).exists(),
                                    reason="Debian's chromium is not installed (make test)")


def colours(png: bytes) -> int:
    """Number of distinct colours in a PNG (1 means a blank picture)."""
    with Image.open(io.BytesIO(png)) as im:
        found = im.convert("RGB").getcolors(maxcolors=1_000_000)
    return len(found) if found is not None else 1_000_000


def size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as im:
        return im.size


@needs_chromium
def test_several_figures_and_formats_in_one_session():
    figs = [go.Figure(go.Bar(x=["Nhãn", "Xoài"], y=[3, 1]), layout_title_text="Sơn La"),
            go.Figure(go.Scatter(x=[1, 2, 3], y=[2, 1, 3]), layout_height=300)]
    out = images.figures_to_images(figs, ("png", "svg"), width=400, scale=2)
    assert len(out) == 2
    assert out[0]["png"].startswith(b"\x89PNG")
    assert size(out[0]["png"]) == (800, 1200)  # 400 × the default 600, scaled ×2
    assert size(out[1]["png"]) == (800, 600)   # the figure's own height × 2
    assert colours(out[0]["png"]) > 10
    svg = out[0]["svg"].decode("utf-8")
    assert svg.startswith("<svg") and "Sơn La" in svg and "Nhãn" in svg


def test_unknown_format_is_refused_before_starting_a_browser():
    with pytest.raises(ReportError) as err:
        images.figures_to_images([go.Figure()], ("gif",))
    assert err.value.code == "bad_image_format"
    assert "gif" in err.value.message("en")


def test_missing_browser_is_a_plain_error(monkeypatch):
    monkeypatch.setattr(images, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("FRUITMAP_CHROMIUM", "/nonexistent/too")
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    with pytest.raises(ReportError) as err:
        images.figure_to_png(go.Figure())
    assert err.value.code == "chromium_missing"
    assert "apt-get install -y chromium" in err.value.message("en")


@needs_chromium
def test_html_to_png_blocks_the_internet():
    # The remote picture must not load (requests are aborted), the local drawing must.
    page = ("<html><body style='margin:0;background:#fff'>"
            "<div class='leaflet-container' style='width:200px;height:100px;"
            "background:#c00'></div><img src='https://example.com/x.png'></body></html>")
    png = images.html_to_png(page, width=300, height=200, settle_ms=50)
    with Image.open(io.BytesIO(png)) as im:
        rgb = im.convert("RGB")
        assert rgb.size == (300, 200)
        assert rgb.getpixel((50, 50)) == (204, 0, 0)
        assert rgb.getpixel((250, 150)) == (255, 255, 255)


@needs_chromium
def test_map_to_png_draws_the_layers_offline():
    from fruitmap.maps.build import build_map, province_bounds

    layers = tiny_layers()
    m = build_map(layers, "vi")
    png = images.map_to_png(m, 600, 400, bounds=province_bounds(layers), settle_ms=300)
    assert size(png) == (600, 400)
    assert colours(png) > 20  # boundaries, zones, plant symbol, legend text

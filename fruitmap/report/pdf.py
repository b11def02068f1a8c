"""Write a meeting pack (:class:`fruitmap.report.layout.Pack`) as a PDF with fpdf2.

Pages have the slides' 16:9 size. DejaVu Sans (Debian's ``fonts-dejavu-core``) is embedded,
so Vietnamese diacritics render and can be searched and copied on any machine. Text goes
line by line at the sizes and breaks chosen by :mod:`fruitmap.report.layout`.
"""

from __future__ import annotations

import io

from fpdf import FPDF

from fruitmap.errors import ReportError
from fruitmap.report.layout import (
    BODY_BOX,
    CAPTION_BOX,
    COVER_LINES_BOX,
    COVER_TITLE_BOX,
    FONT_BOLD,
    FONT_REGULAR,
    FOOTER_BOX,
    LINE_SPACING,
    SLIDE_H,
    SLIDE_W,
    TEXT_PAD,
    TITLE_BOX,
    Box,
    FittedText,
    Pack,
    Slide,
    body_text,
    cover_text,
    header_text,
    picture_boxes,
    table_layout,
)

DARK = (0x1F, 0x2D, 0x3D)
GREY = (0x55, 0x5F, 0x6B)
ACCENT = (0x2E, 0x7D, 0x32)
RULE = (0xDD, 0xDD, 0xDD)
PAD = TEXT_PAD
FAMILY = "DejaVu"


def _text(pdf: FPDF, box: Box, fitted: FittedText, color=DARK, align: str = "L",
          anchor: str = "top") -> None:
    pdf.set_font(FAMILY, "B" if fitted.bold else "", fitted.size)
    pdf.set_text_color(*color)
    line_h = fitted.size * LINE_SPACING / 72
    used = line_h * len(fitted.lines)
    top = box.y + PAD
    if anchor == "middle":
        top = box.y + (box.h - used) / 2
    elif anchor == "bottom":
        top = box.y + box.h - PAD - used
    for i, line in enumerate(fitted.lines):
        pdf.set_xy(box.x + PAD, top + i * line_h)
        pdf.cell(box.w - 2 * PAD, line_h, line, align=align)


def _header(pdf: FPDF, spec: Slide, pack: Pack, number: int, total: int) -> None:
    texts = header_text(spec, pack, number, total)
    _text(pdf, TITLE_BOX, texts.title, anchor="middle")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(2 / 72)
    pdf.line(TITLE_BOX.x, 1.08, TITLE_BOX.x + TITLE_BOX.w, 1.08)
    if texts.caption is not None:
        _text(pdf, CAPTION_BOX, texts.caption, color=GREY)
    _text(pdf, FOOTER_BOX, texts.footer, color=GREY)


def _pictures(pdf: FPDF, spec: Slide) -> None:
    for picture, box in picture_boxes(spec):
        pdf.image(io.BytesIO(picture.png), x=box.x, y=box.y, w=box.w, h=box.h)


def _table(pdf: FPDF, spec: Slide) -> None:
    layout = table_layout(spec)
    if layout is None:
        return
    box, row_h = layout.box, layout.row_h
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.75 / 72)
    for r, (label_fit, value_fit) in enumerate(layout.cells):
        y = box.y + r * row_h
        _cell(pdf, Box(box.x, y, layout.label_w, row_h), label_fit, "L")
        _cell(pdf, Box(box.x + layout.label_w, y, layout.value_w, row_h), value_fit, "R")
        pdf.line(box.x, y + row_h, box.x + box.w, y + row_h)


def _cell(pdf: FPDF, box: Box, fitted: FittedText, align: str) -> None:
    pdf.set_font(FAMILY, "B" if fitted.bold else "", fitted.size)
    pdf.set_text_color(*DARK)
    pdf.set_xy(box.x + 0.08, box.y)
    pdf.cell(box.w - 0.16, box.h, fitted.text, align=align)


def write_pdf(pack: Pack) -> bytes:
    """Return the pack as the bytes of a PDF (one 13.333 × 7.5 in page per slide).

    Raises
    ------
    ReportError
        ``font_missing`` when DejaVu Sans is not installed.
    """
    for font in (FONT_REGULAR, FONT_BOLD):
        if not font.is_file():
            raise ReportError("font_missing", path=str(font))
    pdf = FPDF(orientation="L", unit="in", format=(SLIDE_H, SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FAMILY, "", str(FONT_REGULAR))
    pdf.add_font(FAMILY, "B", str(FONT_BOLD))
    pdf.set_title(pack.slides[0].title if pack.slides else "fruitmap")
    pdf.set_creator("fruitmap")
    pdf.set_lang("vi" if pack.lang == "vi" else "en")
    total = len(pack.slides)
    for number, spec in enumerate(pack.slides, start=1):
        pdf.add_page()
        if spec.kind == "cover":
            texts = cover_text(spec, pack)
            _text(pdf, COVER_TITLE_BOX, texts.title, anchor="bottom")
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(4 / 72)
            pdf.line(COVER_TITLE_BOX.x, 3.9, COVER_TITLE_BOX.x + 4, 3.9)
            _text(pdf, COVER_LINES_BOX, texts.lines, color=GREY)
            _text(pdf, FOOTER_BOX, texts.footer, color=GREY)
            continue
        _header(pdf, spec, pack, number, total)
        if spec.kind == "figures":
            _table(pdf, spec)
            _pictures(pdf, spec)
        elif spec.kind == "pictures":
            _pictures(pdf, spec)
        else:
            _text(pdf, BODY_BOX, body_text(spec))
    return bytes(pdf.output())

"""Write a meeting pack (:class:`fruitmap.report.layout.Pack`) as a PowerPoint file.

Text is Unicode in Arial (Vietnamese glyphs on every office PC); sizes and line breaks come
from :mod:`fruitmap.report.layout`, and auto-fit is switched off so PowerPoint and
LibreOffice draw the boxes exactly as laid out.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from fruitmap.report.layout import (
    BODY_BOX,
    CAPTION_BOX,
    CELL_PAD,
    COVER_LINES_BOX,
    COVER_TITLE_BOX,
    FOOTER_BOX,
    PPTX_FONT,
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

DARK = RGBColor(0x1F, 0x2D, 0x3D)
GREY = RGBColor(0x55, 0x5F, 0x6B)
ACCENT = RGBColor(0x2E, 0x7D, 0x32)
PAD = TEXT_PAD


def _text(slide, box: Box, fitted: FittedText, color: RGBColor = DARK,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP) -> None:
    shape = slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Inches(PAD))
    for i, line in enumerate(fitted.lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        para.line_spacing = 1.0
        run = para.add_run()
        run.text = line
        run.font.name = PPTX_FONT
        run.font.size = Pt(fitted.size)
        run.font.bold = fitted.bold
        run.font.color.rgb = color


def _header(slide, spec: Slide, pack: Pack, number: int, total: int) -> None:
    texts = header_text(spec, pack, number, total)
    _text(slide, TITLE_BOX, texts.title, anchor=MSO_ANCHOR.MIDDLE)
    if texts.caption is not None:
        _text(slide, CAPTION_BOX, texts.caption, color=GREY)
    _text(slide, FOOTER_BOX, texts.footer, color=GREY)
    line = slide.shapes.add_connector(1, Inches(TITLE_BOX.x), Inches(1.08),
                                      Inches(TITLE_BOX.x + TITLE_BOX.w), Inches(1.08))
    line.line.color.rgb = ACCENT
    line.line.width = Pt(2)


def _pictures(slide, spec: Slide) -> None:
    for picture, box in picture_boxes(spec):
        slide.shapes.add_picture(io.BytesIO(picture.png), Inches(box.x), Inches(box.y),
                                 Emu(int(Inches(box.w))), Emu(int(Inches(box.h))))


def _table(slide, spec: Slide) -> None:
    layout = table_layout(spec)
    if layout is None:
        return
    box, row_h, rows = layout.box, layout.row_h, len(layout.cells)
    shape = slide.shapes.add_table(rows, 2, Inches(box.x), Inches(box.y), Inches(box.w),
                                   Inches(row_h * rows))
    table = shape.table
    table.first_row = False  # label/value rows, no header row
    table.horz_banding = True
    table.columns[0].width = Inches(layout.label_w)
    table.columns[1].width = Inches(layout.value_w)
    for r, pair in enumerate(layout.cells):
        table.rows[r].height = Inches(row_h)
        for c, fitted in enumerate(pair):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(CELL_PAD)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            frame = cell.text_frame
            frame.word_wrap = False
            para = frame.paragraphs[0]
            para.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.RIGHT
            run = para.add_run()
            run.text = fitted.text
            run.font.name = PPTX_FONT
            run.font.size = Pt(fitted.size)
            run.font.bold = fitted.bold
            run.font.color.rgb = DARK


def write_pptx(pack: Pack) -> bytes:
    """Return the pack as the bytes of a 16:9 PPTX file (one slide per pack slide)."""
    prs = Presentation()
    prs.slide_width = Inches(SLIDE_W)
    prs.slide_height = Inches(SLIDE_H)
    blank = prs.slide_layouts[6]
    total = len(pack.slides)
    for number, spec in enumerate(pack.slides, start=1):
        slide = prs.slides.add_slide(blank)
        if spec.kind == "cover":
            texts = cover_text(spec, pack)
            _text(slide, COVER_TITLE_BOX, texts.title, anchor=MSO_ANCHOR.BOTTOM)
            _text(slide, COVER_LINES_BOX, texts.lines, color=GREY)
            bar = slide.shapes.add_connector(1, Inches(COVER_TITLE_BOX.x), Inches(3.9),
                                             Inches(COVER_TITLE_BOX.x + 4), Inches(3.9))
            bar.line.color.rgb = ACCENT
            bar.line.width = Pt(4)
            _text(slide, FOOTER_BOX, texts.footer, color=GREY)
            continue
        _header(slide, spec, pack, number, total)
        if spec.kind == "figures":
            _table(slide, spec)
            _pictures(slide, spec)
        elif spec.kind == "pictures":
            _pictures(slide, spec)
        else:
            _text(slide, BODY_BOX, body_text(spec))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

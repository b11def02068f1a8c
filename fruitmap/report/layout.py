"""The meeting pack's page model and fixed layout, shared by the PPTX and the PDF writers.

Every slide is 13.333 × 7.5 in (16:9). Text is placed in fixed boxes; before it is written
its font size is chosen and its lines are broken here, measured with DejaVu Sans (whose
glyphs are at least as wide as Arial's), so nothing runs out of its box in either format and
both formats break lines in the same places. Text that would not fit even at the smallest
size is cut with "…".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
PPTX_FONT = "Arial"  # on every office PC, with Vietnamese glyphs; narrower than DejaVu

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches
MARGIN = 0.5
LINE_SPACING = 1.2


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from the top-left corner."""

    x: float
    y: float
    w: float
    h: float


TITLE_BOX = Box(MARGIN, 0.3, SLIDE_W - 2 * MARGIN, 0.8)
CAPTION_BOX = Box(MARGIN, 1.1, SLIDE_W - 2 * MARGIN, 0.55)
BODY_BOX = Box(MARGIN, 1.7, SLIDE_W - 2 * MARGIN, 5.15)
FOOTER_BOX = Box(MARGIN, 6.98, SLIDE_W - 2 * MARGIN, 0.36)
# Title slide
COVER_TITLE_BOX = Box(0.9, 1.9, SLIDE_W - 1.8, 1.9)
COVER_LINES_BOX = Box(0.9, 4.0, SLIDE_W - 1.8, 2.4)


@dataclass(frozen=True)
class Picture:
    """A PNG and its pixel size."""

    png: bytes
    width: int
    height: int


@dataclass
class Slide:
    """One slide (one PDF page).

    ``kind`` is ``"cover"``, ``"pictures"`` (one or two pictures side by side),
    ``"figures"`` (a table of headline figures beside a picture) or ``"text"``.
    """

    kind: str
    title: str
    caption: str = ""
    pictures: list[Picture] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Pack:
    """Everything the writers need: slides and the footer text."""

    lang: str
    slides: list[Slide]
    footer: str


@dataclass(frozen=True)
class FittedText:
    """Text broken into lines at a chosen size (points)."""

    lines: tuple[str, ...]
    size: float
    bold: bool

    @property
    def text(self) -> str:
        """The lines joined with newlines."""
        return "\n".join(self.lines)


@lru_cache(maxsize=64)
def _font(bold: bool, size_tenths: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size_tenths / 10)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in inches at ``size`` points."""
    # Measure at 10× to avoid rounding in small sizes; 72 points per inch.
    return _font(bold, int(round(size * 100))).getlength(text) / 10 / 72


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break ``text`` (which may hold newlines) into lines no wider than ``width`` inches."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        words = para.split(" ")
        line = ""
        for word in words:
            candidate = word if not line else f"{line} {word}"
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            # A single word wider than the box is cut character by character.
            while text_width(word, size, bold) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size, bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit_text(text: str, box: Box, max_size: float, min_size: float = 8.0,
             bold: bool = False, max_lines: int | None = None, pad: float = 0.1) -> FittedText:
    """Choose the largest size (``max_size`` down to ``min_size``) at which ``text`` fits ``box``.

    Parameters
    ----------
    text : str
        The text (newlines start new paragraphs).
    box : Box
        Where it goes; ``pad`` inches are kept free on every side.
    max_size, min_size : float
        Font sizes in points to try, in steps of 0.5 pt.
    bold : bool
        Measure the bold face.
    max_lines : int, optional
        Never use more lines than this.
    pad : float
        Inner margin in inches (the writers use the same).

    Returns
    -------
    FittedText
        At ``min_size`` the lines that do not fit are dropped and the last kept line ends
        with "…".
    """
    width, height = box.w - 2 * pad, box.h - 2 * pad
    size = max_size
    while True:
        lines = wrap(text, size, width, bold)
        room = int(height // (size * LINE_SPACING / 72))
        if max_lines is not None:
            room = min(room, max_lines)
        if len(lines) <= room or size <= min_size:
            break
        size -= 0.5
    if len(lines) > max(room, 1):
        lines = lines[: max(room, 1)]
        last = lines[-1]
        while last and text_width(last + "…", size, bold) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return FittedText(tuple(lines), size, bold)


def fit_picture(picture: Picture, box: Box) -> Box:
    """Return the largest box inside ``box`` with the picture's aspect ratio, centred."""
    ratio = picture.width / picture.height if picture.height else 1.0
    w, h = box.w, box.w / ratio
    if h > box.h:
        h, w = box.h, box.h * ratio
    return Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)


def split_box(box: Box, shares: list[float], gap: float = 0.25) -> list[Box]:
    """Split ``box`` into side-by-side boxes with widths proportional to ``shares``."""
    free = box.w - gap * (len(shares) - 1)
    total = sum(shares)
    out, x = [], box.x
    for share in shares:
        w = free * share / total
        out.append(Box(x, box.y, w, box.h))
        x += w + gap
    return out


def picture_boxes(slide: Slide) -> list[tuple[Picture, Box]]:
    """Where each picture of a ``"pictures"`` or ``"figures"`` slide goes."""
    if slide.kind == "figures":
        _, right = split_box(BODY_BOX, [0.5, 0.5])
        return [(p, fit_picture(p, right)) for p in slide.pictures[:1]]
    if not slide.pictures:
        return []
    shares = [p.width / p.height for p in slide.pictures]
    boxes = split_box(BODY_BOX, shares)
    return [(p, fit_picture(p, b)) for p, b in zip(slide.pictures, boxes, strict=True)]


def table_box() -> Box:
    """The box of the headline-figures table (left half of the body)."""
    return split_box(BODY_BOX, [0.5, 0.5])[0]


MAX_TABLE_ROWS = 10
MAX_TEXT_LINES = 14

# Inner margin of every text box in inches; both writers draw with it.
TEXT_PAD = 0.1
CELL_PAD = 0.08
LABEL_SHARE, VALUE_SHARE = 0.55, 0.45


@dataclass(frozen=True)
class CoverText:
    """The cover slide's texts, fitted to their boxes."""

    title: FittedText
    lines: FittedText
    footer: FittedText


@dataclass(frozen=True)
class HeaderText:
    """A content slide's title, caption (``None`` when it has none) and numbered footer."""

    title: FittedText
    caption: FittedText | None
    footer: FittedText


@dataclass(frozen=True)
class TableLayout:
    """The headline-figures table: its box, row height, column widths and fitted cells."""

    box: Box
    row_h: float
    label_w: float
    value_w: float
    cells: list[tuple[FittedText, FittedText]]


def cover_text(slide: Slide, pack: Pack) -> CoverText:
    """Fit the cover's title (bold, up to three lines), its lines and the pack's footer."""
    return CoverText(
        title=fit_text(slide.title, COVER_TITLE_BOX, 40, 20, bold=True, max_lines=3,
                       pad=TEXT_PAD),
        lines=fit_text("\n".join(slide.lines), COVER_LINES_BOX, 20, 10, pad=TEXT_PAD),
        footer=fit_text(pack.footer, FOOTER_BOX, 10, 6, max_lines=1, pad=TEXT_PAD),
    )


def header_text(slide: Slide, pack: Pack, number: int, total: int) -> HeaderText:
    """Fit a content slide's title, caption and footer ending in "``number``/``total``"."""
    caption = None
    if slide.caption:
        caption = fit_text(slide.caption, CAPTION_BOX, 15, 9, max_lines=2, pad=TEXT_PAD)
    return HeaderText(
        title=fit_text(slide.title, TITLE_BOX, 28, 16, bold=True, max_lines=2, pad=TEXT_PAD),
        caption=caption,
        footer=fit_text(f"{pack.footer} · {number}/{total}", FOOTER_BOX, 10, 6, max_lines=1,
                        pad=TEXT_PAD),
    )


def body_text(slide: Slide) -> FittedText:
    """Fit a ``"text"`` slide's lines (a blank line between them) to the body box."""
    return fit_text("\n\n".join(slide.lines), BODY_BOX, 18, 8, pad=TEXT_PAD)


def table_layout(slide: Slide) -> TableLayout | None:
    """Lay out the first :data:`MAX_TABLE_ROWS` rows of the slide's table; ``None`` if empty.

    Labels take 55 % of the table's width, values (bold, right-aligned by the writers) 45 %;
    rows are at most 0.5 in high and each cell keeps to one line.
    """
    rows = slide.table[:MAX_TABLE_ROWS]
    if not rows:
        return None
    box = table_box()
    row_h = min(box.h / len(rows), 0.5)
    label_w, value_w = box.w * LABEL_SHARE, box.w * VALUE_SHARE
    cells = [
        (fit_text(label, Box(0, 0, label_w, row_h), 14, 8, max_lines=1, pad=CELL_PAD),
         fit_text(value, Box(0, 0, value_w, row_h), 14, 8, bold=True, max_lines=1,
                  pad=CELL_PAD))
        for label, value in rows
    ]
    return TableLayout(box, row_h, label_w, value_w, cells)

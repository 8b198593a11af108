"""Does a page's text layer hold all the text a reader sees?

Some PDFs draw part of their text as pictures: the corpus's jiangsu_nanjing_2026_budget_report
has every page's Han body text as small images, with only digits and a few headings in the
text layer. Such a page passes the quality check (what text there is reads fine) yet loses
most of its words. The check here renders the page cheaply (72 dpi, gray), blanks out the
boxes of the text layer's characters and the table rulings, and measures the ink that is
left in text-shaped blobs: rows of glyph-sized marks. When that uncovered text-like ink is a
large share of all text-like ink, the text layer covers only part of the page and the page
goes to OCR.

Only pages that carry images are checked: text drawn as images is what this catches, and a
render costs a few milliseconds, too much for every page of a text PDF.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from extractor.model import Page

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# Render resolution of the check: 1 px per point; body text (10.5-16 pt) is 8-16 px tall.
CHECK_DPI = 72
# A pixel darker than this is ink (gray, 0 black .. 255 white). Thin 宋体 strokes rendered at
# 72 dpi are light gray: a strict level breaks glyphs apart.
INK_LEVEL = 200
# Char boxes are grown by this share of their height before blanking: glyph ink overshoots
# the font box a little, and antialiasing spreads it.
CHAR_PAD_EM = 0.15
RULING_PAD_PT = 1.5
# Marks closer than this (points) along a row are one blob: the glyphs of one line of text.
JOIN_PT = 8.0
# A line of prose: its height is near the body size of the page (the median height of the
# text layer's chars), it is at least this many times as wide as tall (8+ glyphs), and its
# box is not mostly ink. Chart labels, legends and axis values are shorter, bars and photos
# are solid or of another height, so a page of charts with a text body is not flagged.
LINE_HEIGHT_EM = (0.6, 1.8)
MIN_LINE_ASPECT = 8.0
MAX_FILL = 0.75
# A line is uncovered when most of its ink lies outside the text layer's chars.
UNCOVERED_LINE_SHARE = 0.5
# The layer is incomplete when at least this many prose lines, and this share of all prose
# lines on the page, are uncovered. Measured on the corpus's 106 image-bearing pages with a
# usable text layer (scripts/measure_ocr.py --coverage): the 30 pages of jiangsu_nanjing whose
# text is drawn as images have shares 0.73-1.00; every other page (charts, photos, seals,
# logos) is at or below 0.43.
MIN_UNCOVERED_LINES = 3
MIN_UNCOVERED_SHARE = 0.6
# Below this many chars the text layer does not tell the body size; lines of any common
# type size (6-30 pt) count then.
MIN_CHARS_FOR_BODY_SIZE = 50
ANY_TEXT_HEIGHT_PT = (6.0, 30.0)
# Pages whose images cover less than this share of the page are not rendered: a logo, a seal
# or a signature holds no body text. The corpus's pages with text drawn as images have
# 0.16-0.37 of their area under images.
MIN_IMAGE_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Coverage:
    """Prose lines seen on the rendered page, and how many of them the text layer lacks."""

    lines: int
    uncovered_lines: int

    @property
    def uncovered_share(self) -> float:
        return self.uncovered_lines / self.lines if self.lines else 0.0

    @property
    def incomplete(self) -> bool:
        return (
            self.uncovered_lines >= MIN_UNCOVERED_LINES
            and self.uncovered_share >= MIN_UNCOVERED_SHARE
        )


def text_layer_incomplete(doc: pdfium.PdfDocument, index: int, page: Page) -> bool:
    """True when page ``index`` (0-based) of ``doc`` shows text its text layer (``page``)
    lacks. Pages without images, or whose images cover little of the page, are not rendered
    (False)."""
    if page.images <= 0 or importlib.util.find_spec("cv2") is None:
        return False  # without opencv (the OCR extra) there is no OCR to route to either
    if image_share(doc, index) < MIN_IMAGE_SHARE:
        return False
    return page_coverage(doc, index, page).incomplete


def image_share(doc: pdfium.PdfDocument, index: int) -> float:
    """The share of the page's area under image objects (overlaps counted twice; capped at 1)."""
    import pypdfium2.raw as pdfium_c

    pdf_page = doc[index]
    try:
        width, height = pdf_page.get_size()
        area = 0.0
        for obj in pdf_page.get_objects(max_depth=3):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                left, bottom, right, top = obj.get_bounds()
                area += max(0.0, right - left) * max(0.0, top - bottom)
    finally:
        pdf_page.close()
    return min(1.0, area / (width * height)) if width > 0 and height > 0 else 0.0


def page_coverage(doc: pdfium.PdfDocument, index: int, page: Page) -> Coverage:
    pdf_page = doc[index]
    try:
        bitmap = pdf_page.render(scale=CHECK_DPI / 72.0, grayscale=True)
        try:
            gray = bitmap.to_numpy()
        finally:
            bitmap.close()
    finally:
        pdf_page.close()
    if gray.ndim == 3:
        gray = gray[:, :, 0]
    if page.turn:  # chars on the page turned upright: turn the rendering with them
        gray = np.ascontiguousarray(np.rot90(gray, page.turn))
    return gray_to_coverage(gray, page, CHECK_DPI / 72.0)


def gray_to_coverage(gray: np.ndarray, page: Page, scale: float) -> Coverage:
    """Count the prose lines of the rendered page and those the text layer does not cover."""
    import cv2

    ink = gray < INK_LEVEL
    under_chars = np.zeros(ink.shape, dtype=bool)
    h, w = ink.shape
    for c in page.chars:
        pad = CHAR_PAD_EM * max(c.bottom - c.top, 1.0)
        _fill(under_chars, c.x0 - pad, c.top - pad, c.x1 + pad, c.bottom + pad, scale, w, h)
    for r in page.rulings:
        p = RULING_PAD_PT
        _fill(ink, r.x0 - p, r.top - p, r.x1 + p, r.bottom + p, scale, w, h, value=False)
    u8 = ink.astype(np.uint8) * 255
    join = max(1, int(round(JOIN_PT * scale)))
    rows = cv2.dilate(u8, cv2.getStructuringElement(cv2.MORPH_RECT, (join, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(rows, connectivity=8)
    ink_px = np.bincount(labels[ink], minlength=n)
    outside_px = np.bincount(labels[ink & ~under_chars], minlength=n)
    bw = stats[:, cv2.CC_STAT_WIDTH]
    bh = stats[:, cv2.CC_STAT_HEIGHT]
    low, high = line_height_range_pt(page)
    prose = (
        (bh >= low * scale)
        & (bh <= high * scale)
        & (bw >= MIN_LINE_ASPECT * bh)
        & (ink_px <= MAX_FILL * bw * bh)
        & (ink_px > 0)
    )
    prose[0] = False  # label 0 is the background
    uncovered = prose & (outside_px >= UNCOVERED_LINE_SHARE * ink_px)
    return Coverage(lines=int(prose.sum()), uncovered_lines=int(uncovered.sum()))


def line_height_range_pt(page: Page) -> tuple[float, float]:
    """Heights a line of the page's prose may have: around the text layer's typical glyph
    height (loose boxes ≈ font size), or any common type size when the layer holds too few
    chars to tell (a caption over a pasted picture, an empty layer)."""
    heights = sorted(c.bottom - c.top for c in page.chars if c.bottom > c.top)
    if len(heights) < MIN_CHARS_FOR_BODY_SIZE:
        return ANY_TEXT_HEIGHT_PT
    body = heights[len(heights) // 2]
    return LINE_HEIGHT_EM[0] * body, LINE_HEIGHT_EM[1] * body


def _fill(
    mask: np.ndarray,
    x0: float,
    top: float,
    x1: float,
    bottom: float,
    scale: float,
    w: int,
    h: int,
    value: bool = True,
) -> None:
    a = max(0, int(x0 * scale))
    b = min(w, int(np.ceil(x1 * scale)))
    t = max(0, int(top * scale))
    u = min(h, int(np.ceil(bottom * scale)))
    if a < b and t < u:
        mask[t:u, a:b] = value

"""Pages whose text layer lies on its side: a landscape table set on a portrait page a quarter
turn round, with no /Rotate entry to say so (银川 2025 and 青岛 2025 print over a hundred such
pages between them). Read as they lie, every glyph stands on its own line and the tables come
out one character a row.

``text_turn`` finds the turn from the glyphs' angles; ``turn_page`` gives the page's chars and
rulings the coordinates of the page as its text reads, the way OCR turns a scan upright.
``Page.turn`` keeps the turn (numpy's ``rot90`` k, as for OCR), so that boxes can be mapped
back to the PDF page and the coverage check can turn its rendering the same way.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

import pypdfium2.raw as pdfium_c

from extractor.model import Char, Page, Ruling

# Glyphs sampled per page to tell its text's angle: enough for a clear majority, cheap.
SAMPLE = 48
# The share of the sampled visible glyphs that must lie at one angle for the page to turn.
SIDEWAYS_SHARE = 0.6
# pdfium's angle of a glyph (degrees, clockwise on the page as seen) → quarter turns (numpy
# rot90 k) that set the text upright: a line reading bottom to top stands at 270 and the page
# turns back clockwise (-1).
_TURN_OF_ANGLE = {90: 1, 180: 2, 270: -1}


def text_turn(textpage: object, count: int) -> int:
    """Quarter turns that set the page's text upright (0 when it already is)."""
    raw = getattr(textpage, "raw", textpage)
    step = max(1, count // SAMPLE)
    angles: Counter[int] = Counter()
    for i in range(0, count, step):
        if pdfium_c.FPDFText_GetUnicode(raw, i) <= 32:
            continue  # spaces and generated line breaks carry no angle
        angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
        if angle >= 0:
            angles[round(math.degrees(angle) / 90) * 90 % 360] += 1
    total = sum(angles.values())
    if not total:
        return 0
    angle, n = angles.most_common(1)[0]
    return _TURN_OF_ANGLE.get(angle, 0) if n >= SIDEWAYS_SHARE * total else 0


def upright_page_number(textpage: object, count: int, turn: int) -> set[int]:
    """Indices of the glyphs of a sideways page that stand upright and spell a page number
    (—57—, -62-): the portrait page's template, which the turned page would read as a column
    of single characters. Every such glyph in the corpus is a page number; other upright text
    is kept and turned with the page."""
    raw = getattr(textpage, "raw", textpage)
    angle = {turn: a for a, turn in _TURN_OF_ANGLE.items()}[turn]
    out = set()
    for i in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code <= 32 or chr(code) not in _PAGE_NUMBER_CHARS:
            continue
        if round(math.degrees(pdfium_c.FPDFText_GetCharAngle(raw, i)) / 90) * 90 % 360 != angle:
            out.add(i)
    return out


# What a printed page number is made of: - 62 -, —57—, 第 3 页.
_PAGE_NUMBER_CHARS = frozenset("0123456789-—–－ 第页共")


def turn_page(page: Page, turn: int) -> None:
    """Give ``page`` (in place) the coordinates of the page turned ``turn`` quarter turns."""
    if not turn % 4:
        return
    width, height = page.width, page.height
    page.chars = [_turn_char(c, turn, width, height) for c in page.chars]
    page.rulings = [
        Ruling(*_turn_box(r.x0, r.top, r.x1, r.bottom, turn, width, height)) for r in page.rulings
    ]
    if turn % 2:
        page.width, page.height = height, width
    page.turn = turn


def _turn_char(c: Char, turn: int, width: float, height: float) -> Char:
    x0, top, x1, bottom = _turn_box(c.x0, c.top, c.x1, c.bottom, turn, width, height)
    return replace(c, x0=x0, top=top, x1=x1, bottom=bottom, size=bottom - top)


def _turn_box(
    x0: float, top: float, x1: float, bottom: float, turn: int, width: float, height: float
) -> tuple[float, float, float, float]:
    """A box (top-left origin) on a ``width`` × ``height`` page, on the turned page."""
    k = turn % 4
    if k == 3:  # clockwise: the left edge becomes the top
        return height - bottom, x0, height - top, x1
    if k == 1:  # counter-clockwise: the right edge becomes the top
        return top, width - x1, bottom, width - x0
    return width - x1, height - bottom, width - x0, height - top

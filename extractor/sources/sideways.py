"""Pages whose text layer lies on its side: a landscape table set on a portrait page a quarter
turn round, with no /Rotate entry to say so (银川 2025 and 青岛 2025 print over a hundred such
pages between them). Read as they lie, every glyph stands on its own line and the tables come
out one character a row.

``text_angle`` finds the angle of the page's text from its glyphs; ``turn_page`` gives the
page's chars and rulings the coordinates of the page as its text reads, the way OCR turns a
scan upright.
``Page.turn`` keeps the turn (numpy's ``rot90`` k, as for OCR), so that boxes can be mapped
back to the PDF page and the coverage check can turn its rendering the same way.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from extractor.model import Char, Page, Ruling
from extractor.sources import pdfium_calls as calls

# Glyphs sampled per page to tell its text's angle: enough for a clear majority, cheap.
SAMPLE = 48
# The share of the sampled visible glyphs that must lie at one angle for the page to turn.
SIDEWAYS_SHARE = 0.6
# pdfium's angle of a glyph (degrees, clockwise on the page as seen) → quarter turns (numpy
# rot90 k) that set the text upright: a line reading bottom to top stands at 270 and the page
# turns back clockwise (-1).
_TURN_OF_ANGLE = {90: 1, 180: 2, 270: -1}
# Degrees a glyph may stand off a quarter turn and still count as set at it.
SQUARE_SLACK = 10.0
# A page number is at most this many glyphs (第 123 页 / — 123 —).
MAX_PAGE_NUMBER = 10
# What a printed page number is made of: - 62 -, —57—, 第 3 页.
_PAGE_NUMBER_CHARS = frozenset("0123456789-—–－ 第页共")


def text_angle(textpage: object, count: int) -> int | None:
    """The angle (0, 90, 180 or 270) most of the page's glyphs stand at; None for a page
    without text or without a clear majority."""
    raw = calls.address(getattr(textpage, "raw", textpage))
    step = max(1, count // SAMPLE)
    angles: Counter[int] = Counter()
    for i in range(0, count, step):
        if calls.get_unicode(raw, i) <= 32:
            continue  # spaces and generated line breaks carry no angle
        angle = _angle(raw, i)
        if angle is not None:
            angles[angle] += 1
    total = sum(angles.values())
    if not total:
        return None
    angle, n = angles.most_common(1)[0]
    return angle if n >= SIDEWAYS_SHARE * total else None


def angle_to_turn(angle: int | None) -> int:
    """Quarter turns that set text standing at ``angle`` upright (0 when it already is)."""
    return _TURN_OF_ANGLE.get(angle, 0) if angle is not None else 0


def page_number_off_angle(textpage: object, count: int, angle: int) -> set[int]:
    """Indices of the glyphs that stand at another angle than the page's text, when all of
    them together spell no more than a page number (—57—, -62-). That is the portrait
    template's page number on a page whose content is set sideways (银川, 青岛; 广东 2024's
    pages rotated by /Rotate): read with the content, it becomes a column of single
    characters. Any other text off the page's angle (a header set vertically) keeps them all."""
    raw = calls.address(getattr(textpage, "raw", textpage))
    off: list[int] = []
    for i in range(count):
        code = calls.get_unicode(raw, i)
        if code <= 32:
            continue
        glyph_angle = _angle(raw, i)
        if glyph_angle is None or glyph_angle == angle:
            continue
        if chr(code) not in _PAGE_NUMBER_CHARS or len(off) >= MAX_PAGE_NUMBER:
            return set()
        off.append(i)
    return set(off)


def _angle(raw: int, index: int) -> int | None:
    """The glyph's angle when it is a quarter turn's (0, 90, 180, 270, give or take
    SQUARE_SLACK degrees); None for a slanted glyph (a diagonal watermark) or no angle."""
    radians = calls.get_char_angle(raw, index)
    if radians < 0:
        return None
    degrees = math.degrees(radians)
    quarter = round(degrees / 90) * 90
    return quarter % 360 if abs(degrees - quarter) <= SQUARE_SLACK else None


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

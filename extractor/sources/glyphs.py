"""Private-use glyphs that stand for a decimal point, read back from the company they keep.

Some PDFs map one glyph of a font to a private-use code point instead of its character (the
font's ToUnicode map has no entry for it while it has one for the rest). The corpus's
tianjin_2025_budget_report.pdf prints every decimal point that way: ３７２１<U+1001B0>３亿元 read
as it stands is two numbers, 3721 and 3 亿元, and 215 of its metrics came out wrong. Nothing in
the code point says what it is, but it is the same code point throughout the document, and its
neighbours give it away: a glyph that nearly always follows a digit, and is mostly followed by
one, is a decimal point — unless what follows is mostly three digits (a thousands separator,
which is left alone: a wrong guess there would change values silently).

`repair_decimal_points` rewrites such glyphs in place (one character for one, so offsets keep)
and says so in a document warning; glyphs that do not meet every test are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractor import records as rec
from extractor.model import Char, Page

# A code point seen fewer times than this says too little about itself.
MIN_OCCURRENCES = 3
# Shares of its occurrences: right after a digit; between two digits (of all occurrences); and,
# of those between digits, followed by exactly three digits (a thousands separator's company).
AFTER_DIGIT_SHARE = 0.9
BETWEEN_DIGITS_SHARE = 0.5
THREE_DIGITS_SHARE = 0.5

_HALF_DIGITS = frozenset("0123456789")
_FULL_DIGITS = frozenset("０１２３４５６７８９")
_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def is_private_use(text: str) -> bool:
    return len(text) == 1 and any(low <= ord(text) <= high for low, high in _PRIVATE_USE)


def _is_digit(char: Char | None) -> bool:
    return char is not None and (char.text in _HALF_DIGITS or char.text in _FULL_DIGITS)


@dataclass
class GlyphUse:
    """Where one private-use code point stands in a document."""

    occurrences: int = 0
    after_digit: int = 0
    between_digits: int = 0
    three_digits: int = 0  # between digits, and exactly three digits follow

    def is_decimal_point(self) -> bool:
        return (
            self.occurrences >= MIN_OCCURRENCES
            and self.after_digit >= AFTER_DIGIT_SHARE * self.occurrences
            and self.between_digits >= BETWEEN_DIGITS_SHARE * self.occurrences
            and self.three_digits < THREE_DIGITS_SHARE * self.between_digits
        )


def _same_line(a: Char, b: Char) -> bool:
    """``b`` follows ``a`` on its line: their boxes share most of their height, no wide gap."""
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    height = min(a.bottom - a.top, b.bottom - b.top)
    size = max(a.size, b.size, height)
    return height > 0 and overlap >= 0.5 * height and a.x0 <= b.x0 <= a.x1 + size


def _neighbour(chars: Sequence[Char], i: int, step: int) -> Char | None:
    j = i + step
    if not 0 <= j < len(chars):
        return None
    a, b = (chars[j], chars[i]) if step < 0 else (chars[i], chars[j])
    return chars[j] if _same_line(a, b) else None


def _digits_after(chars: Sequence[Char], i: int) -> int:
    count = 0
    while True:
        following = _neighbour(chars, i + count, 1)
        if not _is_digit(following):
            return count
        count += 1


def pages_to_glyph_uses(pages: Sequence[Page]) -> dict[str, GlyphUse]:
    """Each private-use code point of the pages' text with the company it keeps."""
    uses: dict[str, GlyphUse] = {}
    for page in pages:
        chars = page.chars
        for i, char in enumerate(chars):
            # The string comparison first: it passes over nearly every glyph at C speed.
            if char.text < "\ue000" or not is_private_use(char.text):
                continue
            use = uses.setdefault(char.text, GlyphUse())
            use.occurrences += 1
            if not _is_digit(_neighbour(chars, i, -1)):
                continue
            use.after_digit += 1
            run = _digits_after(chars, i)
            if run:
                use.between_digits += 1
                use.three_digits += run == 3
    return uses


def repair_decimal_points(pages: Sequence[Page]) -> list[dict]:
    """Rewrite, in place, the private-use glyphs that stand for a decimal point: ． after a
    full-width digit, . otherwise. Returns one warning per code point rewritten."""
    uses = pages_to_glyph_uses(pages)
    points = {text: use for text, use in uses.items() if use.is_decimal_point()}
    if not points:
        return []
    for page in pages:
        chars = page.chars
        for i, char in enumerate(chars):
            if char.text in points:
                before = _neighbour(chars, i, -1)
                char.text = "．" if before is not None and before.text in _FULL_DIGITS else "."
    return [
        rec.warning(
            "private_use_decimal_point",
            f"U+{ord(text):04X}, a private-use code point the font gives no character, read as a"
            f" decimal point: {use.occurrences} times, {use.between_digits} of them between"
            " digits",
        )
        for text, use in points.items()
    ]

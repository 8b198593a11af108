"""Characters into table cells, and a cell's characters into its text.

A character belongs to the cell holding the centre of its box. A cell's characters are
grouped into visual lines (vertical overlap), each line read left to right; lines are joined
without a space (cells wrap inside words and numbers: 产出指标（5 | 0分）), except between two
Latin letters. Inside a line a space is kept only between two Latin/digit
characters set apart by a visible gap (``GDP 2022``), never inside numbers (``15, 873. 00``
in some fonts is ``15,873.00`` drawn with wide glyphs).
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from extractor.layout.overprint import is_ghost
from extractor.model import Char

# Gap (as a fraction of the glyph height) between two Latin/digit glyphs that reads as a space.
WORD_GAP = 0.45
# Two glyphs are on one line when their vertical overlap exceeds this share of the smaller one.
SAME_LINE = 0.5


def locate(lines: list[float], value: float) -> int:
    """Index i with lines[i] <= value < lines[i + 1], or -1 outside."""
    if value < lines[0] or value >= lines[-1]:
        return -1
    return bisect_right(lines, value) - 1


def _x0(ch: Char) -> float:
    return ch.x0


def _centre(ch: Char) -> float:
    return (ch.top + ch.bottom) / 2


def chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """Visual lines, top to bottom, each sorted left to right."""
    if not chars:
        return []
    first = chars[0]
    top, bottom, shortest = first.top, first.bottom, first.bottom - first.top
    for ch in chars:  # one pass: this runs for every cell of every table
        if ch.top < top:
            top = ch.top
        if ch.bottom > bottom:
            bottom = ch.bottom
        if ch.bottom - ch.top < shortest:
            shortest = ch.bottom - ch.top
    if bottom - top < 1.5 * shortest:
        return [sorted(chars, key=_x0)]  # one line: the common case in cells
    lines: list[list[Char]] = []
    # A line's extent is its shortest glyph box placed at its highest and lowest glyph centre,
    # not the union of its boxes: some fonts give digits boxes twice the height of the
    # characters beside them (石家庄 2018 p. 34: 26.4 pt digits in 12.5 pt text, lines 16.4 pt
    # apart), and the union would reach into the next line and take it in.
    # Only the last line is ever extended: its highest centre, lowest centre and shortest box.
    high = low = short = 0.0
    for ch in sorted(chars, key=_centre):
        height = ch.bottom - ch.top
        if height < 0.1:
            height = 0.1
        centre = (ch.top + ch.bottom) / 2
        if lines:
            top, bottom = high - short / 2, low + short / 2
            # min and max written out: builtin calls were a third of this loop's time.
            overlap = (ch.bottom if ch.bottom < bottom else bottom) - (
                ch.top if ch.top > top else top
            )
            if overlap > SAME_LINE * (bottom - top if bottom - top < height else height):
                lines[-1].append(ch)
                if centre < high:
                    high = centre
                if centre > low:
                    low = centre
                if height < short:
                    short = height
                continue
        lines.append([ch])
        high = low = centre
        short = height
    for line in lines:
        line.sort(key=_x0)
    return lines


def _letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x3000 <= code <= 0x303F
        or ch in "“”‘’…—·"
    )


def line_to_text(line: list[Char], digit_gap: float | None = None) -> str:
    """A line's text (glyphs sorted by x), a glyph drawn twice in place read once, a space
    between Latin words. Digits are never parted inside a cell (a
    figure drawn letter-spaced stays one); for a line outside the table, ``digit_gap`` (in
    digit widths: the digits of one number touch) is the gap that parts two numbers (1-1
    2026年… above a table)."""
    parts: list[str] = []
    prev: Char | None = None
    prev_latin = False  # whether the glyph before ends in a Latin letter or digit
    for ch in line:
        # drop_ghosts inline: prev is the last glyph kept, and only a glyph of the same text can
        # be its copy, so most glyphs cost one string comparison here.
        if prev is not None and ch.text == prev.text and is_ghost(prev, ch):
            continue
        # An ASCII letter or digit on both sides, tested inline: this runs for every glyph of
        # every cell, and most are Han.
        first, last = ch.text[0], ch.text[-1]
        latin = first.isascii() and first.isalnum()
        if prev_latin and latin and prev is not None:
            gap = ch.x0 - prev.x1
            height = max(ch.bottom - ch.top, 1.0)
            digits = prev.text[-1].isdigit() and first.isdigit()
            width = max(ch.x1 - ch.x0, prev.x1 - prev.x0, 1.0)
            if (gap > WORD_GAP * height and not digits) or (
                digits and digit_gap is not None and gap > digit_gap * width
            ):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
        prev_latin = last.isascii() and last.isalnum()
    return "".join(parts)


# Whitespace next to a Han character or CJK punctuation is spacing, not a word break: files
# space out 项  目 or 预 算 科 目 to fill a header cell. Between two Latin words or numbers it
# stays one space, as a PDF cell's text keeps it (line_to_text).
_WIDE = r"[\p{Han}\p{Ps}\p{Pe}\p{Po}&&[^\x00-\x7f]]"
_CJK_GAP = regex.compile(rf"(?<={_WIDE})\s+|\s+(?={_WIDE})", regex.V1)


def squash_spaces(text: str) -> str:
    """A cell line's text spaced as a PDF cell's would be (see _CJK_GAP)."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def join_lines(texts: list[str]) -> str:
    out = ""
    for text in texts:
        if not text:
            continue
        # Cells wrap by width, inside words and numbers alike (产出指标（5 | 0分）): only two
        # Latin letters across a break were two words.
        if out and _letter(out[-1]) and _letter(text[0]):
            out += " "
        out += text
    return out


def chars_to_text(chars: list[Char]) -> str:
    return join_lines([line_to_text(line) for line in chars_to_lines(chars)])

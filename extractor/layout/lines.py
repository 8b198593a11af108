"""Characters → visual lines, the CJK way.

One sort of the page's characters by vertical centre, one pass to cut that order into lines,
then a sort of each line by x. No space is ever put next to a Han character or full-width
punctuation; between Latin letters/digits a space is put back where the gap is as wide as a
space, over and above the line's letter spacing (a line spread to its full width). Whitespace
glyphs from the PDF are ignored (pdfium synthesises them, often with degenerate boxes): the
gaps tell the truth.
"""

from __future__ import annotations

import string
from dataclasses import replace
from operator import attrgetter, itemgetter

from extractor.layout.overprint import drop_ghosts
from extractor.model import Char, Line, Page

# Two chars sit on the same line when their vertical centres differ by less than this share
# of the font size. Glyph boxes from pdfium are tight ("一" is 2pt tall, "、" sits low), so
# centres wander by up to ~0.35 em within one line; neighbouring lines are >= 1 em apart.
SAME_LINE_EM = 0.5

# A horizontal gap wider than this many ems cuts a line into two fragments: a right-aligned
# page number or a date beside a signature is not part of the sentence to its left.
FRAGMENT_GAP_EM = 3.0

# Between two ASCII letters/digits a gap this wide (in ems) is a word space.
WORD_GAP_EM = 0.22

# Neighbouring Han glyph pairs a row needs before its letter spacing is read from them.
MIN_TRACKING_PAIRS = 3

# A superscript: at most this many glyphs, at most this share of its line's size, within this
# many of its line's ems of one of the line's glyphs, and one of these characters.
RAISED_MAX_CHARS = 3
RAISED_SIZE_SHARE = 0.75
RAISED_TOUCH_EM = 0.3
RAISED_TEXT = frozenset(string.digits + string.ascii_letters + "¹²³⁴⁵⁶⁷⁸⁹⁰*+-①②③④⑤⑥⑦⑧⑨⑩")


def chars_to_lines(page: Page) -> list[Line]:
    """Group a page's characters into visual lines in reading order (top to bottom, left to
    right). Pages that already carry lines (text dumps, OCR) are returned as they are."""
    if not page.chars:
        return list(page.lines)
    keyed = [(c.top + c.bottom, c) for c in page.chars if not c.text.isspace() and c.text]
    keyed.sort(key=itemgetter(0))
    rows: list[list[Char]] = []
    row: list[Char] = []
    # The line's reference centre is that of its tallest glyph so far: quotes sit high and
    # commas low, a full-height Han character is where the line really is.
    ref = tol = ref_h = 0.0
    for mid2, c in keyed:
        h = c.bottom - c.top
        if row and abs(mid2 - ref) <= tol:
            row.append(c)
            if h > ref_h:
                ref, ref_h = mid2, h
            continue
        if row:
            rows.append(row)
        row = [c]
        ref, ref_h = mid2, h
        # mid2 is twice the centre, so the tolerance doubles too.
        tol = 2.0 * SAME_LINE_EM * _em(c)
    if row:
        rows.append(row)
    rows = _raised_marks_to_rows(rows)
    lines: list[Line] = []
    for r in rows:
        r.sort(key=_x0)
        lines.extend(_row_to_lines(drop_ghosts(r), page.number))
    return lines


def _raised_marks_to_rows(rows: list[list[Char]]) -> list[list[Char]]:
    """Rows with each superscript put back into the row it is set on.

    A superscript (μg/m³, m², a footnote mark) is small and set high, so its centre lies above
    its line's by more than its own small tolerance and the pass above opens a row with it:
    the text then reads 53μg/m on one line and 3 on the line before (jingzhou 2025 统计公报).
    """
    out: list[list[Char]] = []
    for i, row in enumerate(rows):
        if i + 1 < len(rows) and _is_raised_mark(row, rows[i + 1]):
            rows[i + 1] = row + rows[i + 1]  # x-sorted with the rest of the row below
        else:
            out.append(row)
    return out


def _is_raised_mark(marks: list[Char], row: list[Char]) -> bool:
    """Whether ``marks`` (a row of its own) are superscripts of ``row``, the row below them: at
    most three small Latin letters, digits, superscript glyphs or circled footnote numbers, each
    overlapping the row's height and right after one of its characters; a Latin one not right
    before a digit (a chart's small label beside a figure, 4 before 24.3, would make 424.3)."""
    if len(marks) > RAISED_MAX_CHARS or not all(c.text in RAISED_TEXT for c in marks):
        return False
    ems = sorted(map(_em, row))
    em = ems[len(ems) // 2]
    top = min(map(_TOP, row))
    touch = RAISED_TOUCH_EM * em
    return all(
        _em(c) <= RAISED_SIZE_SHARE * em
        and c.bottom > top
        and any(abs(c.x0 - d.x1) <= touch for d in row)
        and not (
            c.text.isascii() and any(abs(d.x0 - c.x1) <= touch and d.text.isdigit() for d in row)
        )
        for c in marks
    )


def _x0(c: Char) -> float:
    return c.x0


def _em(c: Char) -> float:
    size = c.size
    height = c.bottom - c.top
    # A size of 1 or 0 is what pdfium reports for synthetic or Type3 glyphs; trust the box then.
    if size > 2.0:
        return size
    return height if height > 2.0 else 10.0


def _row_to_lines(row: list[Char], page_no: int) -> list[Line]:
    """Cut one row of x-sorted chars into fragments at wide gaps and build their text."""
    out: list[Line] = []
    sizes = sorted(map(_SIZE, row))
    em = sizes[len(sizes) // 2]
    if em <= 2.0:
        sizes = sorted(map(_em, row))
        em = sizes[len(sizes) // 2]
    frag_gap = FRAGMENT_GAP_EM * em
    word_gap = WORD_GAP_EM * em
    tracking: float | None = None  # read only when a Latin gap asks for it
    start = 0
    parts: list[str] = []
    prev = row[0]
    parts.append(prev.text)
    for i in range(1, len(row)):
        c = row[i]
        if _is_footnote_mark(prev, c, em):
            c = replace(c, text=c.text.translate(SUPERSCRIPT_DIGITS))
        gap = c.x0 - prev.x1
        if gap > frag_gap:
            out.append(_make_line(row[start:i], "".join(parts), page_no))
            start = i
            parts = [c.text]
        else:
            if gap > word_gap and _latin_end(prev.text) and _latin_start(c.text):
                if tracking is None:
                    tracking = _tracking(row)
                if gap > word_gap + tracking:
                    parts.append(" ")
            parts.append(c.text)
        prev = c
    out.append(_make_line(row[start:], "".join(parts), page_no))
    return out


# A footnote mark set as a small raised digit after Han text (广州 2025 p. 135: 国有土地使用权
# 出让收入783.2亿元¹、支出558.3亿元) reads as a superscript digit, not as a figure's next digit.
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FOOTNOTE_RAISE_EM = 0.2


def _is_footnote_mark(prev: Char, c: Char, em: float) -> bool:
    if not (c.text.isascii() and c.text.isdigit() and _em(c) <= RAISED_SIZE_SHARE * em):
        return False
    if prev.text in "⁰¹²³⁴⁵⁶⁷⁸⁹":  # the mark's next digit (¹¹), set as high as the first
        return abs(prev.bottom - c.bottom) < FOOTNOTE_RAISE_EM * em
    return "\u4e00" <= prev.text <= "\u9fff" and prev.bottom - c.bottom >= FOOTNOTE_RAISE_EM * em


def _tracking(row: list[Char]) -> float:
    """The letter spacing of a row: the median gap between neighbouring Han glyphs, whose boxes
    touch in text set solid. A line spread to its full width (湘西 2025's bulletin: 占G D P比重
    为6 4%) spaces its digits and letters as far, and that gap is no word space."""
    gaps = sorted(
        b.x0 - a.x1
        for a, b in zip(row, row[1:], strict=False)
        if "\u4e00" <= a.text <= "\u9fff" and "\u4e00" <= b.text <= "\u9fff"
    )
    return max(0.0, gaps[len(gaps) // 2]) if len(gaps) >= MIN_TRACKING_PAIRS else 0.0


def _latin_end(s: str) -> bool:
    ch = s[-1]
    return ch.isascii() and (ch.isalnum() or ch in ")]%")


def _latin_start(s: str) -> bool:
    ch = s[0]
    return ch.isascii() and (ch.isalnum() or ch in "([")


_X1 = attrgetter("x1")
_TOP = attrgetter("top")
_BOTTOM = attrgetter("bottom")
_SIZE = attrgetter("size")
_BOLD = attrgetter("bold")


def _make_line(chars: list[Char], text: str, page_no: int) -> Line:
    # chars are sorted by x0; map over attrgetter keeps the per-char work in C.
    bbox = (chars[0].x0, min(map(_TOP, chars)), max(map(_X1, chars)), max(map(_BOTTOM, chars)))
    # Digits and Latin letters often come from a font with very different ascent metrics
    # (loose boxes twice as tall), so the line's size is that of its wide characters; full-width
    # digits and letters (１２３) are Latin glyphs too (tianjin 2025 sets them 35 pt tall in
    # 16 pt text).
    wide = [c for c in chars if c.text >= "\u2e80" and not "\uff01" <= c.text <= "\uff5e"]
    # The reader asks the weight of CJK glyphs only (digits always read as regular).
    voters = wide or chars
    sizes = [c.size for c in wide] or list(map(_SIZE, chars))
    sizes.sort()
    # OCR chars carry their line's score; a line is as sure as its least sure part.
    conf = chars[0].conf
    if conf is not None:
        conf = min(c.conf for c in chars if c.conf is not None)
    return Line(
        text=text,
        page=page_no,
        bbox=bbox,
        # The lower median: on a short line (长23.3%。) a 。 from the digits' font is half.
        size=sizes[(len(sizes) - 1) // 2],
        bold=sum(map(_BOLD, voters)) * 2 > len(voters),
        chars=chars,
        conf=conf,
    )

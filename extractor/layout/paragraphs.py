"""Visual lines → reflowed paragraphs.

A wrapped line joins the next one without a break (no space between Han characters, one
space between two Latin words), so a number split from its unit across a line break comes
back whole (`915.38` / `万元` → `915.38万元`). A paragraph ends where the evidence says so:

- the next line is indented (PDF geometry, or two or more leading spaces in a dump),
- this line is short compared with the document's typical line (the last line of a
  paragraph rarely reaches the right margin), unless the figure opening the next line was
  too wide to fit after it (…预算执行数增加 / 28.89%。), or the character opening it was, with
  the punctuation no line may open on (…当年度无“三 / 公”经费支出), measured in the line's
  own character width where its type is set apart,
- the next line starts with heading or list numbering (一、 （一） 1. （1） ① 第一章 一是),
- the font size or weight changes, or the vertical gap is wider than the usual line pitch,
- a blank line in a dump whose lines are not all separated by blank lines (a line of
  zero-width marks is no break at all); in a dump whose lines do not wrap, every line, except
  in a plain-text file whose blank lines part the paragraphs: there a line with none before it
  carries on a sentence the line above left open (a wiki dump breaks its lines at each link:
  细颗粒物（PM / 2.5 / ）平均浓度下降9.1%). A Word document's lines are its paragraphs.

Paragraphs continue across page breaks, also past the footnotes at the foot of a page (its
last few lines, in a smaller font, opening with ①, [1] or a superscript number): those become
paragraphs of their own after the paragraph they interrupted. Each paragraph keeps anchors:
where each source line starts in its text, on which page, with which box, so positions map
back to pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from extractor.model import Anchor, Line, Paragraph

# Numbering that starts a heading or a list item; a line starting with it starts a paragraph.
NUMBERED_START = re.compile(
    r"""^\s*(?:
        第[一二三四五六七八九十百零〇\d]+[章节部分篇]        # 第一章 第二节 第三部分
      | [一二三四五六七八九十]{1,3}[、．.]                # 一、
      | [（(][一二三四五六七八九十]{1,3}[）)]              # （一）
      | \d{1,2}[、．.](?![\d.．])                         # 1.  1、   (not 1.5, not 1..)
      | [（(]\d{1,2}[）)]                                  # （1）
      | [①-⑳⑴-⒇❶-❿]                                       # ① ⑴ ❶
      | [一二三四五六七八九十]{1,2}是                       # 一是 二是
    )""",
    re.VERBOSE,
)

# A line ending in 第 leaves an ordinal open; the numeral opening the next line closes it,
# whatever numbering it looks like (居全省第 / 一、第二).
_ORDINAL_OPEN = re.compile(r"第\s*$")
_NUMERAL_START = re.compile(r"^\s*[一二三四五六七八九十百千\d]")

# Han ideographs, CJK punctuation and full-width forms: no space is kept next to these.
_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2014\u2018-\u201d\u2026"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_CJK}])")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# The mark of a Markdown heading in a dump (# 一、基本情况); the caption lines over a markup
# table drop it too (extractor/layout/tables_markup.py).
MD_HEADING = re.compile(r"^#{1,6}\s*")
# Zero-width marks: a line of nothing else is a wiki dump's page-break marker set inside a
# paragraph (…未明确禁入的行业和 / U+200B / 领域，都要…), not a paragraph end.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_WIDE = re.compile(r"[\u2e80-\u9fff]")
# What ends a sentence or a clause at the end of a line (。 ； ：, and 。” as a quote closes).
_SENTENCE_END = re.compile(r"(?:[。！？；：…!?;:]|[。！？][”’」』)）])$")
# A line ending in a digit followed by one starting with a unit or measure word is one
# quantity cut by the wrap, whatever the widths say.
_ENDS_WITH_DIGIT = re.compile(r"\d\s*$")
_UNIT_START = re.compile(
    r"^\s*(?:[万亿千百]|元|%|％|‰|个|家|件|项|人|名|次|倍|亩|吨|户|所|座|套|台|辆|支|位|篇)"
)
# A unit caption (单位：万元) is a line of its own, however far right it reaches: it sits
# over a table's right edge, where the margins of a page of tables say nothing.
_UNIT_CAPTION = re.compile(r"^[（(]?单位\s*[:：]\s*[^\s，。；]{1,8}[)）]?$")

# A footnote opens with its mark: ① … ⑳, ⑴, [1] as statistical bulletins number theirs, or a
# superscript number, which reads as a plain one (淮安 2026 p. 2: 1指1个总牵头…; 南京 p. 32:
# 11 2025年调整预算后…), but not a date or a figure with its unit.
_FOOTNOTE_START = re.compile(
    r"^\s*(?:[①-⑳⑴-⒇]|[\[［]\d{1,2}[\]］]|\d{1,2}(?:\s+|(?=[\u4e00-\u9fff“《]))(?![年月日号时万亿千百元个人次件项家%]))"
)

# A PDF line ending this many ems before the right margin is short (ends its paragraph).
SHORT_LINE_EM = 1.6
# A figure with its unit, as it opens a line: 28.89%, 24,558.18万元, 1025亿元。 Not a list
# number (9.2026年…, 15、2023年…, 3.5关于…): those have no unit after them.
_FIGURE_START = re.compile(
    r"^\s*[\d０-９][\d０-９,，.．]*(?:[%％‰]|[万亿]?元|万|亿|个|家|件|项|人|名|次|倍|亩|吨|户|所|套|台|辆)"
)
# Characters set apart by letter spacing are read as this many ems at most: a wider line holds
# gaps (a table row), not spacing.
MAX_SPACING = 1.25
# A Han character with the closing punctuation that no line may open on: the two wrap together.
_HELD_START = re.compile(r"^\s*[\u4e00-\u9fff][”’）)》」』、，。；：！？]+")
# A PDF line starting this many ems right of the left margin is indented.
INDENT_EM = 1.0
# The left margin is the leftmost line start shared by at least this share of the lines.
LEFT_EDGE_SHARE = 0.2
# A gap above a line wider than this multiple of the usual line pitch separates paragraphs.
GAP_PITCH = 1.6
# Dumps: a line narrower than this share of the typical line width is short.
SHORT_LINE_SHARE = 0.88
# Dumps: the typical width must be shared (±1) by this share of longer lines to count as a
# wrap width at all; otherwise the dump has one paragraph per line.
WRAP_SHARE = 0.3
# Dumps: blank lines are only separators when they are not between (nearly) every line.
BLANK_INTERLEAVED = 0.6
# Font size changes larger than this (points) start a new paragraph.
SIZE_STEP = 1.0
# Footnotes take at most this share of their page's lines.
FOOTNOTE_SHARE = 0.4
# OCR gives no font size, only box heights, which vary by a sixth from line to line with what
# the line holds (张家界 2025: 16.4 to 19.9 pt in one paragraph of 16.5 pt text): between OCR
# lines a change must be this share of the body size.
OCR_SIZE_SHARE = 0.2
# …and both lines must hold this many wide characters.
OCR_SIZE_CHARS = 6
# Titles set larger than the body and centred, wrapped over lines, are joined back when the
# lines are this close (in line heights).
TITLE_JOIN_GAP = 1.2


@dataclass(slots=True)
class _Metrics:
    """Document-level line statistics that tell full lines from short ones."""

    body_size: float
    left: dict[int, float]  # page → left margin of body text
    right: dict[int, float]  # page → right margin
    pitch: float  # usual distance between tops of consecutive body lines
    wrap_width: float  # dumps: typical visual width of a full line, 0 when lines do not wrap
    blanks_break: bool  # dumps: a blank line ends a paragraph
    # Plain-text dumps whose blank lines part the paragraphs: a line with none before it that
    # carries on an open sentence continues it (Word's lines are paragraphs by themselves).
    open_lines_join: bool


def normalize_line_text(text: str) -> str:
    """Trim a line and drop spaces next to Han characters or full-width punctuation."""
    return _SPACE_NEAR_CJK.sub("", text.strip())


def visual_width(text: str) -> float:
    """Width in ems: wide (Han, full-width) and ambiguous (“” in a Chinese font) characters
    count 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def lines_to_paragraphs(
    pages_lines: list[list[Line]], widths: list[float] | None = None, plain_text: bool = False
) -> list[Paragraph]:
    """Reflow the lines of all pages (in reading order) into paragraphs. ``widths`` (one per
    page) keeps the margins of portrait and landscape pages apart; ``plain_text``: the lines
    are a text file's, whose line breaks may fall inside a sentence."""
    metrics = _measure(pages_lines, widths, plain_text)
    notes = {id(line) for lines in pages_lines for line in _footnotes(lines, metrics)}
    deferred: list[Line] = []  # footnotes waiting for the paragraph they interrupt to end
    paragraphs: list[Paragraph] = []
    cur: _Builder | None = None
    prev: Line | None = None
    blank_before = False
    after_md_heading = False
    glued = False
    for lines in pages_lines:
        for line in lines:
            if id(line) in notes:
                deferred.append(line)
                continue
            text = normalize_line_text(line.text)
            if not text:
                blank_before = True
                continue
            if not _ZERO_WIDTH.sub("", text):
                glued = True  # a line of zero-width marks stands inside a paragraph
                continue
            md_heading = line.bbox is None and MD_HEADING.match(text)
            if md_heading:
                # A Markdown heading ("# 一、基本情况") is one paragraph, set as a heading.
                text = text[md_heading.end() :]
                if not text:
                    continue
            if (
                cur is None
                or prev is None
                or md_heading
                or after_md_heading
                or (not glued and _breaks(prev, line, text, blank_before, metrics))
            ):
                if cur is not None:
                    paragraphs.append(cur.build())
                paragraphs.extend(_notes_to_paragraphs(deferred, metrics))
                deferred = []
                cur = _Builder(line, text, metrics, bold=bool(md_heading))
            else:
                cur.add(line, text)
            prev = line
            blank_before = glued = False
            after_md_heading = bool(md_heading)
    if cur is not None:
        paragraphs.append(cur.build())
    return paragraphs + _notes_to_paragraphs(deferred, metrics)


def _footnotes(lines: list[Line], m: _Metrics) -> list[Line]:
    """The footnotes closing a PDF page: its last lines, all set smaller than the body, the
    first of them opening with a footnote mark (鄂州 2025 p. 4: ⑦国有资本经营预算是…, under a
    sentence that goes on at the top of p. 5)."""
    run: list[Line] = []
    for line in reversed(lines):
        if line.bbox is None or not line.text.strip() or not _smaller(line, m):
            break
        run.append(line)
    run.reverse()
    # Notes are a few lines under the body: a page all in small type (a table of contents,
    # 广州 2025 p. 3: 45 2026年市级国有资本经营预算支出表…213) has none.
    if not run or len(run) > FOOTNOTE_SHARE * len(lines) or not _FOOTNOTE_START.match(run[0].text):
        return []
    return run


def _smaller(line: Line, m: _Metrics) -> bool:
    """Set in smaller type than the body; by a fifth, when OCR measured it."""
    if line.conf is not None:
        return line.size < (1 - OCR_SIZE_SHARE) * m.body_size
    return line.size < m.body_size - SIZE_STEP


def _notes_to_paragraphs(lines: list[Line], m: _Metrics) -> list[Paragraph]:
    """Footnote lines reflowed: a note starts at its mark or where a line ends short."""
    out: list[Paragraph] = []
    cur: _Builder | None = None
    prev: Line | None = None
    for line in lines:
        text = normalize_line_text(line.text)
        if not text:
            continue
        if (
            cur is None
            or prev is None
            or _FOOTNOTE_START.match(text)
            or _breaks(prev, line, text, False, m)
        ):
            if cur is not None:
                out.append(cur.build())
            cur = _Builder(line, text, m)
        else:
            cur.add(line, text)
        prev = line
    return out + ([cur.build()] if cur is not None else [])


class _Builder:
    """Accumulates the lines of one paragraph."""

    def __init__(self, line: Line, text: str, metrics: _Metrics, bold: bool = False) -> None:
        self.parts = [text]
        self.length = len(text)
        self.anchors: list[Anchor] = [(0, line.page, line.bbox, line.index)]
        self.first = line
        self.last_page = line.page
        self.metrics = metrics
        self.bold = bold or line.bold

    def add(self, line: Line, text: str) -> None:
        # A space only between two Latin words; digits, Han and punctuation join directly.
        if _LATIN_LETTER.fullmatch(self.parts[-1][-1]) and _LATIN_LETTER.fullmatch(text[0]):
            self.parts.append(" ")
            self.length += 1
        self.anchors.append((self.length, line.page, line.bbox, line.index))
        self.parts.append(text)
        self.length += len(text)
        self.last_page = line.page

    def build(self) -> Paragraph:
        first = self.first
        return Paragraph(
            text="".join(self.parts),
            page_start=first.page,
            page_end=self.last_page,
            anchors=self.anchors,
            size=first.size,
            bold=self.bold,
            indent=_indented(first, self.metrics),
            centered=_centered(first, self.metrics),
        )


def _breaks(prev: Line, line: Line, text: str, blank_before: bool, m: _Metrics) -> bool:
    """Does ``line`` start a new paragraph after ``prev``?"""
    if _ORDINAL_OPEN.search(prev.text) and _NUMERAL_START.match(text):
        return False  # 分别居全省第 / 一、第二: an ordinal cut by the wrap, no list item
    if NUMBERED_START.match(text):
        return True
    if _UNIT_START.match(text) and _ENDS_WITH_DIGIT.search(prev.text):
        return False  # `915.38` / `万元`: a number split from its unit
    if prev.bbox is None or line.bbox is None:
        return _dump_breaks(prev, line, blank_before, m)
    if _UNIT_CAPTION.match(prev.text.strip()) or _UNIT_CAPTION.match(text):
        return True
    if _title_continues(prev, line, m):
        return False
    # Sizes are only comparable between lines with wide characters: digit-only lines take
    # their size from fonts with odd metrics.
    if prev.conf is not None or line.conf is not None:
        # OCR: sizes are box heights, comparable between lines of text only (a line ending a
        # sentence in 25件。 stands taller), and weights are guessed from stroke widths, which a
        # few digits thicken: a heading shows itself by its place and length instead.
        texty = min(len(_WIDE.findall(prev.text)), len(_WIDE.findall(text))) >= OCR_SIZE_CHARS
        if texty and abs(prev.size - line.size) > OCR_SIZE_SHARE * m.body_size:
            return True
    elif _WIDE.search(prev.text) and _WIDE.search(text):
        if abs(prev.size - line.size) > SIZE_STEP or prev.bold != line.bold:
            return True
    if _indented(line, m) or (_short(prev, m) and not _opening_wrapped(prev, text, m)):
        return True
    if prev.page == line.page and line.bbox[1] - prev.bbox[1] > GAP_PITCH * m.pitch:
        return True
    return False


def _dump_breaks(prev: Line, line: Line, blank_before: bool, m: _Metrics) -> bool:
    if blank_before and m.blanks_break:
        return True
    if m.wrap_width <= 0:
        # One paragraph per line, unless blank lines part the paragraphs and this line, with
        # none before it, carries on what the line above left mid-sentence.
        return blank_before or not m.open_lines_join or not _open_sentence(prev.text)
    if _dump_indent(line.text):
        return True
    # Measured on the raw text: the dump's spaces stand for real gaps on the printed line.
    return visual_width(prev.text.strip()) < SHORT_LINE_SHARE * m.wrap_width


def _open_sentence(text: str) -> bool:
    """A dump line that stops mid-sentence: no closing punctuation, and not a heading."""
    text = _ZERO_WIDTH.sub("", text).strip()
    return bool(text) and not (
        _SENTENCE_END.search(text) or NUMBERED_START.match(text) or MD_HEADING.match(text)
    )


def _dump_indent(raw: str) -> bool:
    # Two full-width spaces or four ASCII ones; a single stray space is dump noise.
    lead = raw[: len(raw) - len(raw.lstrip())]
    return lead.count("\u3000") >= 2 or lead.count(" ") + 2 * lead.count("\u3000") >= 4


def _short(line: Line, m: _Metrics) -> bool:
    assert line.bbox is not None
    em = line.size or m.body_size
    right = m.right.get(line.page, 0.0)
    return right > 0 and line.bbox[2] < right - SHORT_LINE_EM * em


def _opening_wrapped(prev: Line, text: str, m: _Metrics) -> bool:
    """``prev`` ends short only because what opens the next line did not fit after it: a
    figure, never broken across lines (…比2023年预算执行数增加 / 28.89%。), or a character with
    the punctuation no line may open on (…当年度无“三 / 公”经费支出)."""
    if prev.bbox is None:
        return False
    room = m.right.get(prev.page, 0.0) - prev.bbox[2]
    held = _HELD_START.match(text)
    if held:
        return room < visual_width(held.group().strip()) * _advance(prev, m)
    figure = _FIGURE_START.match(text)
    if figure is None or _ENDS_WITH_DIGIT.search(prev.text):
        return False  # two figures on two lines (chart labels 7 / 100%) never make one
    return room < (visual_width(figure.group()) + 1) * _advance(prev, m)


def _advance(line: Line, m: _Metrics) -> float:
    """The width one wide character takes on ``line``: its font size, or more where the
    characters are set apart (普陀区财政局 2024 决算: 12 pt a character in 11 pt type, so
    …完成预算的 / 0%，其中 left 22 pt, too little for 0%，)."""
    assert line.bbox is not None
    size = line.size or m.body_size
    ems = visual_width(normalize_line_text(line.text))
    if ems < 10:
        return size
    return min(max(size, (line.bbox[2] - line.bbox[0]) / ems), MAX_SPACING * size)


def _indented(line: Line, m: _Metrics) -> bool:
    if line.bbox is None:
        return _dump_indent(line.text)
    left = m.left.get(line.page)
    if left is None:
        return False
    em = line.size or m.body_size
    return line.bbox[0] > left + INDENT_EM * em and not _centered(line, m)


def _centered(line: Line, m: _Metrics) -> bool:
    if line.bbox is None:
        return False
    left, right = m.left.get(line.page), m.right.get(line.page)
    if left is None or right is None or right <= left:
        return False
    em = line.size or m.body_size
    x0, _, x1, _ = line.bbox
    # Centred: further from the left margin than a 2-em paragraph indent, away from the
    # right margin, middle near the text block's middle.
    return (
        x0 > left + 2.5 * em
        and x1 < right - 2.5 * em
        and abs((x0 + x1) / 2 - (left + right) / 2) < 1.0 * em
    )


def _title_continues(prev: Line, line: Line, m: _Metrics) -> bool:
    """A large centred title wrapped over two lines is one paragraph."""
    if prev.page != line.page or prev.bbox is None or line.bbox is None:
        return False
    if abs(prev.size - line.size) > 0.5 or prev.size < m.body_size * 1.15:
        return False
    # Centred on the page, or on each other: a page's margins can be set by a stray mark.
    same_axis = abs((prev.bbox[0] + prev.bbox[2]) - (line.bbox[0] + line.bbox[2])) < line.size
    if not (same_axis or _centered(prev, m) or _centered(line, m)):
        return False
    return line.bbox[1] - prev.bbox[3] < TITLE_JOIN_GAP * line.size


def _measure(
    pages_lines: list[list[Line]], widths: list[float] | None = None, plain_text: bool = False
) -> _Metrics:
    sizes: Counter[float] = Counter()
    dump_widths: list[float] = []
    nonblank = blank = 0
    for lines in pages_lines:
        for line in lines:
            text = line.text.strip()
            if not text:
                blank += 1
                continue
            nonblank += 1
            if line.bbox is None:
                dump_widths.append(visual_width(text))
            else:
                sizes[round(line.size * 2) / 2] += len(text)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    left, right, pitch = _margins(pages_lines, body_size, widths)
    wrap_width = _wrap_width(dump_widths)
    interleaved = blank >= BLANK_INTERLEAVED * nonblank
    blanks_break = not (wrap_width > 0 and interleaved)
    open_lines_join = plain_text and interleaved
    return _Metrics(body_size, left, right, pitch, wrap_width, blanks_break, open_lines_join)


def _margins(
    pages_lines: list[list[Line]], body_size: float, widths: list[float] | None = None
) -> tuple[dict[int, float], dict[int, float], float]:
    """Left and right edges of the body text per page, and the usual line pitch. A page with
    too few lines to show its own margins takes those of the pages as wide as it."""
    per_page: dict[int, tuple[list[float], list[float]]] = {}
    shape: dict[int, int] = {}  # page → its width, rounded: portrait and landscape apart
    pitches: Counter[int] = Counter()
    for k, lines in enumerate(pages_lines):
        prev_top = None
        for line in lines:
            if line.bbox is None:
                continue
            shape.setdefault(line.page, round(widths[k]) if widths else 0)
            x0, top, x1, _ = line.bbox
            # Margins from every line of the page (notes under a table are set smaller than
            # the body but share its margins); the pitch from body lines only.
            xs0, xs1 = per_page.setdefault(line.page, ([], []))
            xs0.append(x0)
            xs1.append(x1)
            if abs(line.size - body_size) > SIZE_STEP:
                prev_top = None
                continue
            if prev_top is not None and top > prev_top:
                pitches[round(top - prev_top)] += 1
            prev_top = top
    if not per_page:
        return {}, {}, 0.0
    defaults: dict[int, tuple[float, float]] = {}
    for width in {shape[p] for p in per_page}:
        all0 = [x for p, (xs0, _) in per_page.items() if shape[p] == width for x in xs0]
        all1 = [x for p, (_, xs1) in per_page.items() if shape[p] == width for x in xs1]
        defaults[width] = _left_edge(all0), _right_edge(all1, min(all0))
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    for page, (xs0, xs1) in per_page.items():
        d_left, d_right = defaults[shape[page]]
        left[page] = _left_edge(xs0) if len(xs0) >= 5 else d_left
        long_ones = _long_line_ends(xs1, left[page])
        right[page] = _right_edge(xs1, left[page]) if len(long_ones) >= 3 else d_right
    pitch = float(pitches.most_common(1)[0][0]) if pitches else body_size * 1.5
    return left, right, pitch


def _left_edge(xs0: list[float]) -> float:
    """The left margin: the leftmost start shared (±1pt) by a fair share of the lines. Not
    the most common start: a page of short paragraphs has more indented first lines than
    continuation lines."""
    counts = Counter(round(x) for x in xs0)
    need = max(2.0, LEFT_EDGE_SHARE * len(xs0))
    for x in sorted(counts):
        if counts[x - 1] + counts[x] + counts[x + 1] >= need:
            return float(x)
    return _edge(xs0, low=True)


def _long_line_ends(xs1: list[float], left: float) -> list[float]:
    """Right ends of the longer lines: a page of short headings of equal width (一、项目概述)
    must not make their common end look like the margin."""
    far = max(xs1)
    return [x for x in xs1 if x >= far - 0.3 * (far - left)]


def _right_edge(xs1: list[float], left: float) -> float:
    return _edge(_long_line_ends(xs1, left), low=False)


def _edge(xs: list[float], low: bool) -> float:
    """The margin: the most common edge position (±1pt), which justified text shares."""
    counts = Counter(round(x) for x in xs)
    best, best_n = 0, -1
    for x in counts:
        n = counts[x - 1] + counts[x] + counts[x + 1]
        if n > best_n or (n == best_n and (x < best if low else x > best)):
            best, best_n = x, n
    return float(best)


def _wrap_width(widths: list[float]) -> float:
    """Typical width of a full line in a dump, or 0 when the dump's lines do not wrap.

    The most common width, provided that it and its neighbours (±1) hold a good share of the
    longer lines: a wrapped dump has many lines of the same width, an unwrapped one has not.
    First lines of indented paragraphs are two ems shorter, so the single most common width
    (the continuation lines) is the full width, not the middle of the cluster.
    """
    long_ones = [round(w) for w in widths if w >= 10]
    if len(long_ones) < 5:
        return 0.0
    counts = Counter(long_ones)
    mode, _ = counts.most_common(1)[0]
    near = counts[mode - 1] + counts[mode] + counts[mode + 1]
    if near < WRAP_SHARE * len(long_ones):
        return 0.0
    return float(mode)

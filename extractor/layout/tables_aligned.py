"""Rows that the rules do not draw: tables ruled only by a few horizontal lines (三线表: a rule
above and below the header, one at the bottom) put many text rows into one drawn row. Those
rows are found from the text: lines that sit side by side in several columns, each starting
in the row's first column, are rows of their own. So is every line holding a figure, once
one cell of the drawn row holds two figures on separate lines: a figure never wraps onto a
second line of its cell, so two of them stacked in one column are two rows, whichever column
their labels start in (a total row without a subject code under coded rows; the last rows of a
page whose bottom rule is on the next page; the right half of a side-by-side table). In a drawn
row cut so, a line holding a label only is a row too when the label line above it stops short
of the cell's edge: a label wraps only when its line is full (rows printed without figures).
A full line still ends its row when the next line opens with an item number (二、, （三）, 4.)
or 其中, or is set a row's pitch below it (the narrowest gap between two rows found, over a
glyph's height) while it does not break off mid-list (、): tables that shade every other row
and rule none (广州 2025 pp. 115-196) show rows only so.

Lines that start no row belong to the row above, or, in a table that sets its labels and
figures in the middle of their rows, to the row whose label they are centred on: over the
label when a clearly wider gap parts them from the row above, and by counting (as many lines
under a label as over it) once a label stands between two lines of a cell beside it.

``split_aligned_rows(lattice, chars)`` returns the lattice with such rows cut at the gaps
between text lines; rows of a fully ruled table (one text row per drawn row, or wrapped
cells whose lines do not start in the first column) come back unchanged.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from extractor.layout.tables_check import cell_decimal
from extractor.layout.tables_header import DASH
from extractor.layout.tables_lattice import Lattice, LatticeCell
from extractor.layout.tables_text import chars_to_lines, locate
from extractor.model import Char

# Rows found by the first column: the drawn row must be at least this many text lines tall,
MIN_LINES = 2.5
# and hold at least this many text lines side by side with the first column.
MIN_ROWS = 3
# The only characters a figure or a dash is made of.
_FIGURE_CHARS = frozenset("0123456789,.，-−—–－─ ")
# Text lines overlapping by more than this share of the lower line's height are one band.
OVERLAP = 0.3
# A label line ending this many glyph heights before its cell's right edge did not wrap.
SHORT_LINE = 2.0
# Two figures stacked in one cell need a drawn row at least this many text lines tall.
STACK_LINES = 1.8
# Rows of a drawn row set further apart than this many glyph heights are told from wrapped
# label lines by their spacing (广州 2025 p. 119: rows 10 to 16 pt apart, glyphs 9.3 pt, the
# lines of a wrapped label 1.5 pt).
LOOSE_GAP = 1.0
# A gap between two text lines above a row's label line marks where that row begins when it is
# this much wider than the gap just above the label, and wider by this share of a glyph height.
CENTRED_GAP = 2.0
CENTRED_MARGIN = 0.3
# Glyph centres of one cell this many glyph heights apart are on two lines.
LINE_APART = 0.8
# A label line ending so breaks off mid-list: the next line carries it on, however far.
_OPEN_ENDS = ("、", "，", ",", "（", "(")
# A label line opening so is a new item, never the rest of the label above: 二、, （三）, 4.,
# 其中.
_ITEM_OPENING = regex.compile(
    r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、](?!\d)|其中"
)


def split_aligned_rows(lattice: Lattice, chars: list[Char]) -> Lattice:
    xs, ys = lattice.xs, lattice.ys
    single_row = {
        (r, c)
        for cell in lattice.cells
        if cell.rowspan == 1
        for r in [cell.row]
        for c in range(cell.col, cell.col + cell.colspan)
    }
    if not chars:
        return lattice
    heights = sorted(ch.bottom - ch.top for ch in chars[:: max(1, len(chars) // 50)])
    line = heights[len(heights) // 2]
    # Only rows tall enough for two lines are worth a look (most rows hold one).
    tall = {r for r in range(len(ys) - 1) if ys[r + 1] - ys[r] >= STACK_LINES * line}
    if not tall:
        return lattice
    by_row: list[list[Char]] = [[] for _ in range(len(ys) - 1)]
    for ch in chars:
        # bisect, not locate: a position outside the grid gives -1 or the last line's index,
        # neither of which is a row in ``tall`` or a column in ``single_row``.
        r = bisect_right(ys, (ch.top + ch.bottom) / 2) - 1
        if r not in tall:
            continue
        if (r, bisect_right(xs, (ch.x0 + ch.x1) / 2) - 1) in single_row:
            by_row[r].append(ch)
    new_ys = [ys[0]]
    cuts_by_row: list[list[float]] = []
    for r, row_chars in enumerate(by_row):
        cuts = row_to_cuts(row_chars, xs, ys[r], ys[r + 1], lattice.owner[r])
        cuts_by_row.append(cuts)
        new_ys.extend(cuts)
        new_ys.append(ys[r + 1])
    if len(new_ys) == len(ys):
        return lattice
    return _rebuild(lattice, new_ys, cuts_by_row)


def row_to_cuts(
    chars: list[Char], xs: list[float], top: float, bottom: float, owners: list[int]
) -> list[float]:
    """y positions cutting one drawn row into text rows (empty when it is one row). Columns
    are told apart by the cell holding the glyph (``owners``: cell index per column), so the
    lines of one wide cell never look like several columns."""
    if len(chars) < 2:
        return []
    height = sorted(ch.bottom - ch.top for ch in chars)[len(chars) // 2]
    if bottom - top < STACK_LINES * height:
        return []
    by_first_column = bottom - top >= MIN_LINES * height and len(chars) >= 2 * MIN_ROWS
    if not by_first_column and not _has_stacked_figures(chars, xs, owners, height):
        return []  # the common case: one cell's text wrapped onto two lines
    bands = _row_to_bands(chars, xs, owners)
    # The label cell: the leftmost glyph's (locate keeps x order, so one search is enough).
    first = owners[locate(xs, min((ch.x0 + ch.x1) / 2 for ch in chars))]
    right = xs[max(c for c, owner in enumerate(owners) if owner == first) + 1]
    starts = set(_first_column_starts(bands, first)) if by_first_column else set()
    if starts and any(len(band.cols) > 1 for band in bands):
        # Beside columns of values, label lines opening with an item number are rows too,
        # figures or not (广东 2024 p. 226: 合计 0 0 over 一、返还性支出, 二、一般性转移支付,
        # 三、专项转移支付, all empty), and so are label lines under one that ends short (p. 234:
        # 合计 0 0 over 国家电影事业发展资金, 大中型水库移民后期扶持基金 …). A cell of numbered
        # sentences with no values beside it (东莞 2025's 年度目标: 1.… 2.… 3.…) stays one cell.
        starts |= {
            i
            for i, band in enumerate(bands)
            if _ITEM_OPENING.match(_label_text(band, first)) and not _heads(bands, i, first)
        }
        if len(starts) < MIN_ROWS:
            starts |= _unwrapped_label_starts(bands, first, right, height, float("inf"))[0]
    if len(starts) < MIN_ROWS:
        starts = set()
    starts |= _stacked_figure_starts(bands)
    if starts:
        pitch = _row_gap(bands, starts, height)
        labels, heads = _unwrapped_label_starts(bands, first, right, height, pitch)
        # A full label line starting a row heads the row whose figures come on the next line
        # (提前下达中央专项彩票公益金支持地 / 方社会公益事业发展…资金预算 1,812): no cut there,
        # unless the next line is set a row's pitch below it.
        starts -= {
            i + 1
            for i in heads
            if i + 1 < len(bands) and i + 1 not in labels and not _apart(bands, i + 1, first, pitch)
        }
        starts |= labels
        # The lines above the first row found are a whole row too, not the head of that row,
        # when the label line above it ended short or it is set a row's pitch below them
        # (广州 2025 p. 183: 广州白云国际机场…治理 / 融资地块 over 广州大学城排涝片区管网完善工程).
        lowest = min(starts)
        if lowest > 0 and (lowest in labels or _apart(bands, lowest, first, pitch)):
            starts.add(0)
    ordered = sorted(starts)
    over = _centred_lines_over(bands, ordered, first, height)
    if over is not None:
        return [
            (bands[i - n - 1].bottom + bands[i - n].top) / 2
            for i, n in zip(ordered[1:], over[1:], strict=True)
        ]
    # Lines before the first start and lines that start no row (a wrapped label) stay with the
    # text row above them, unless a clearly wider gap above the start parts them (a label set in
    # the middle of its row: its cell's first lines stand above it).
    cuts = []
    # Lines of the row above standing over its label line, once a wider gap has shown that the
    # labels are set in the middle of their rows: that row has as many lines under its label
    # (广东 2024 p. 174, three-line project names with their figures beside the middle line, set
    # with no padding between rows).
    above: int | None = None
    for before, i in zip(ordered, ordered[1:], strict=False):
        j = _widest_gap(bands, before, i, height)
        if j == i and above is not None and before + 1 + above <= i:
            j = before + 1 + above
        # Only a row with lines over its label shows where its label sits; one that starts at
        # its label could have any number of lines under it.
        above = i - j if j != i else None
        cuts.append((bands[j - 1].bottom + bands[j].top) / 2)
    return cuts


def _centred_lines_over(
    bands: list[_Band], starts: list[int], first: int, height: float
) -> list[int] | None:
    """How many lines of each row stand over its label line, when the drawn row sets every
    label and figure in the middle of its row; None when it does not show that.

    It shows it by a label set between two lines of a cell beside it (广东 2024 p. 176: 省供销社
    and its figures between 南雄供销高标准农田建设运营示范项 / 目), which a label at the top of
    its row never is. Then every row has as many lines under its label as over it, so the lines
    between two labels are counted out from the first row down, and the count must come out
    even with the lines left under the last label; a table that breaks off there (its bottom
    rule on the next page) or holds a row set otherwise is left to the gaps between lines."""
    if len(starts) < 2 or not any(_label_between_lines(bands[i], first, height) for i in starts):
        return None
    over = [starts[0]]
    for before, i in zip(starts, starts[1:], strict=False):
        n = i - before - 1 - over[-1]
        if n < 0:
            return None
        over.append(n)
    return over if over[-1] == len(bands) - 1 - starts[-1] else None


def _label_between_lines(band: _Band, first: int, height: float) -> bool:
    """Whether the band's label stands between two lines of another cell of the band (a
    wrapped cell whose label and figures are centred on it)."""
    label = band.by_cell.get(first)
    if not label:
        return False
    centre = sum(ch.top + ch.bottom for ch in label) / (2 * len(label))
    for cell, glyphs in band.by_cell.items():
        if cell == first:
            continue
        centres = [(ch.top + ch.bottom) / 2 for ch in glyphs]
        low, high = min(centres), max(centres)
        if high - low > LINE_APART * height and low + height / 4 < centre < high - height / 4:
            return True
    return False


def _widest_gap(bands: list[_Band], before: int, start: int, height: float) -> int:
    """Where the text row that ``start`` belongs to begins, between the start of the row above
    (``before``) and it: at ``start``, unless a gap between two lines above it is clearly wider
    than the one just above it. A label centred in a tall row (广州 2025 p. 253: 序号 and 项目名称
    in the middle of a 工作内容 cell of five lines) stands below its cell's first lines, and the
    padding around the row's border is the widest gap between them."""

    def gap(j: int) -> float:
        return bands[j].top - bands[j - 1].bottom

    widest = max(range(before + 1, start + 1), key=lambda j: (gap(j), j))
    if gap(widest) > CENTRED_GAP * max(gap(start), 0.0) + CENTRED_MARGIN * height:
        return widest
    return start


@dataclass(slots=True)
class _Band:
    """One text line of a drawn row (lines that overlap vertically are one band)."""

    top: float
    bottom: float
    by_cell: dict[int, list[Char]] = field(default_factory=dict)  # glyphs by cell (owner index)

    @property
    def cols(self) -> set[int]:
        return set(self.by_cell)


def _row_to_bands(chars: list[Char], xs: list[float], owners: list[int]) -> list[_Band]:
    bands: list[_Band] = []
    previous = (0.0, 0.0)  # top and bottom of the line before
    for line in chars_to_lines(chars):
        top, bottom = _line_extent(line)
        # Lines that overlap by more than OVERLAP of their height are one band: the lines of a
        # wrapped label with its figures set between them (广东 2024: 国有资源(资产)有偿使用收 /
        # 1,524,674 / 入). Measured against the lines' own glyphs, not the row's: glyph boxes
        # taller than the line pitch (石家庄 2018) overlap a little from every line to the next
        # and must not chain a whole table into one band.
        overlap = previous[1] - top
        if not bands or overlap <= OVERLAP * min(bottom - top, previous[1] - previous[0]):
            bands.append(_Band(top, bottom))
        band = bands[-1]
        band.bottom = max(band.bottom, bottom)
        previous = (top, bottom)
        for ch in line:  # the row's glyphs are all inside the grid: no bounds to check
            owner = owners[bisect_right(xs, (ch.x0 + ch.x1) / 2) - 1]
            band.by_cell.setdefault(owner, []).append(ch)
    return bands


def _line_extent(line: list[Char]) -> tuple[float, float]:
    """A text line's top and bottom, as its shortest glyph box placed at the highest and at
    the lowest glyph centre. Some fonts give digits boxes twice the height of the characters
    beside them (石家庄 2018 p. 26: 26.4 pt digits, 12.5 pt characters, lines 17.9 pt apart),
    which would make every line overlap the next."""
    centres = [(ch.top + ch.bottom) / 2 for ch in line]
    half = min(ch.bottom - ch.top for ch in line) / 2
    return min(centres) - half, max(centres) + half


def _first_column_starts(bands: list[_Band], first: int) -> list[int]:
    """Bands side by side with the row's first column (cell ``first``): each starts a row."""
    return [i for i, band in enumerate(bands) if first in band.cols and len(band.cols) >= 2]


def _stacked_figure_starts(bands: list[_Band]) -> set[int]:
    """Every band holding a figure, when some cell holds figures on two of the bands (宁夏 2018
    p. 12: 资源勘探信息等支出 451,684 over 资源勘探开发 24,760, the bottom rule on the next
    page). A dash standing for an empty value counts as a figure: it never wraps either. Only
    figures of two or more characters count as the evidence: a single digit a line is what
    text set sideways looks like (银川 2025's rotated tables)."""
    figures: list[tuple[int, set[int]]] = []
    for i, band in enumerate(bands):
        # Most cells hold words: skipped unread. A band is one line, so a cell's figure is its
        # glyphs left to right.
        texts = {
            c: "".join(ch.text for ch in sorted(cs, key=lambda ch: ch.x0))
            for c, cs in band.by_cell.items()
            if all(ch.text in _FIGURE_CHARS for ch in cs)
        }
        cols = {c for c, text in texts.items() if _figure(text)}
        if cols:
            figures.append((i, {c for c in cols if len(texts[c]) >= 2 or DASH.match(texts[c])}))
    stacked = any(a & b for k, (_, a) in enumerate(figures) for _, b in figures[k + 1 :])
    return {i for i, _ in figures} if stacked else set()


def _unwrapped_label_starts(
    bands: list[_Band], first: int, right: float, height: float, pitch: float
) -> tuple[set[int], set[int]]:
    """In a drawn row already known to hold several rows, a line with text in the label
    column only starts a row of its own when the label line above it stops short of the
    cell's right edge: a label wraps only when its line is full (四、社会保障和就业支出 under
    三、文化旅游体育与传媒支出, a row whose figures sit on another line or are not printed) —
    or when it is set a row's ``pitch`` below (广州 2025 p. 119: 其中：城乡免费义务教育市财政
    补助（课本费） over 广州市教育局农村教师队伍建设专项经费). ``first`` is the label cell,
    ``right`` its right edge. Returns those lines, and the ones among them that are full
    themselves (wrapped on)."""

    def short(band: _Band) -> bool:
        # The band's last line in the cell: a band may hold a wrapped label's two lines with
        # its figures set between them (2008年及以后…津贴补 / 334 / 助).
        glyphs = band.by_cell[first]
        last = max(ch.top + ch.bottom for ch in glyphs)
        end = max(ch.x1 for ch in glyphs if ch.top + ch.bottom > last - height)
        return right - end > SHORT_LINE * height

    starts, heads = set(), set()
    for i in range(1, len(bands)):
        band, above = bands[i], bands[i - 1]
        if band.cols != {first} or first not in above.by_cell:
            continue
        if not short(above) and not _apart(bands, i, first, pitch):
            continue
        starts.add(i)
        if not short(band):
            heads.add(i)
    return starts, heads


def _gap(bands: list[_Band], i: int) -> float:
    """The white space between band ``i`` and the band above it."""
    return bands[i].top - bands[i - 1].bottom


def _row_gap(bands: list[_Band], starts: set[int], height: float) -> float:
    """How far apart this drawn row sets two of its rows: the narrowest gap over LOOSE_GAP
    glyph heights between two consecutive lines that each start a row; infinite when there is
    none (rows set as close as wrapped lines tell nothing). Narrower gaps are lines whose
    glyph boxes reach into each other (a label wrapped around its figures)."""
    gaps = [_gap(bands, i) for i in starts if i > 0 and i - 1 in starts]
    return min((g for g in gaps if g > LOOSE_GAP * height), default=float("inf"))


def _apart(bands: list[_Band], i: int, first: int, pitch: float) -> bool:
    """Whether band ``i`` starts a row rather than carrying on the label above: its label opens
    with an item number or 其中 (济南 2025 p. 24: 一、教育支出, a row without figures, over
    二、科学技术支出), or it is set a row's ``pitch`` below the band above, whose label does not
    break off mid-list (泰安 2025 sets 其他国有资本经营预算企业股利、/ 股息收入 a row apart)."""
    if _ITEM_OPENING.match(_label_text(bands[i], first)):
        return True
    return _gap(bands, i) >= pitch and not _label_text(bands[i - 1], first).endswith(_OPEN_ENDS)


def _heads(bands: list[_Band], i: int, first: int) -> bool:
    """Whether label-only band ``i`` begins the label of the next band's row: the next band
    holds figures beside a label that opens no item (泰安 2025 p. 103: 一、行政事业 /
    性收费收入（教育收费） 38878 …)."""
    if bands[i].cols != {first} or i + 1 >= len(bands):
        return False
    below = bands[i + 1]
    return len(below.cols) > 1 and not _ITEM_OPENING.match(_label_text(below, first))


def _label_text(band: _Band, first: int) -> str:
    return "".join(ch.text for ch in sorted(band.by_cell.get(first, ()), key=_x0)).strip()


def _x0(ch: Char) -> float:
    return ch.x0


def _has_stacked_figures(
    chars: list[Char], xs: list[float], owners: list[int], height: float
) -> bool:
    """Whether some cell holds nothing but figure characters (digits, separators, dashes), on
    more than one line."""
    span: dict[int, tuple[float, float]] = {}
    other: set[int] = set()
    for ch in chars:
        owner = owners[locate(xs, (ch.x0 + ch.x1) / 2)]
        if ch.text not in _FIGURE_CHARS:
            other.add(owner)
        elif owner in span:
            top, bottom = span[owner]
            span[owner] = (min(top, ch.top), max(bottom, ch.bottom))
        else:
            span[owner] = (ch.top, ch.bottom)
    return any(
        bottom - top > STACK_LINES * height
        for owner, (top, bottom) in span.items()
        if owner not in other
    )


def _figure(text: str) -> bool:
    return cell_decimal(text) is not None or bool(DASH.match(text))


def _rebuild(lattice: Lattice, new_ys: list[float], cuts_by_row: list[list[float]]) -> Lattice:
    # Old row r becomes new rows start[r] .. start[r] + len(cuts_by_row[r]).
    start: list[int] = []
    index = 0
    for cuts in cuts_by_row:
        start.append(index)
        index += len(cuts) + 1
    start.append(index)
    cells: list[LatticeCell] = []
    for cell in lattice.cells:
        first, last = start[cell.row], start[cell.row + cell.rowspan]
        if cell.rowspan == 1:
            for r in range(first, last):
                cells.append(LatticeCell(r, cell.col, 1, cell.colspan))
        else:
            cells.append(LatticeCell(first, cell.col, last - first, cell.colspan))
    owner = [[-1] * (len(lattice.xs) - 1) for _ in range(len(new_ys) - 1)]
    for i, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                owner[r][c] = i
    return Lattice(list(lattice.xs), new_ys, cells, owner)

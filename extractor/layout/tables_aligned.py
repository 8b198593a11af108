"""Rows that the rules do not draw: tables ruled only by a few horizontal lines (三线表: a rule
above and below the header, one at the bottom) put many text rows into one drawn row. Those
rows are found from the text: lines that sit side by side in several columns, each starting
in the row's first column, are rows of their own.

``split_aligned_rows(lattice, chars)`` returns the lattice with such rows cut at the gaps
between text lines; rows of a fully ruled table (one text row per drawn row, or wrapped
cells whose lines do not start in the first column) come back unchanged.
"""

from __future__ import annotations

from extractor.layout.tables_lattice import Lattice, LatticeCell
from extractor.layout.tables_text import chars_to_lines, locate
from extractor.model import Char

# A drawn row must be at least this many text lines tall to be looked at.
MIN_LINES = 2.5
# And hold at least this many text lines side by side with the first column.
MIN_ROWS = 3


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
    # Only rows tall enough for MIN_ROWS lines are worth a look (most rows hold one or two).
    tall = {r for r in range(len(ys) - 1) if ys[r + 1] - ys[r] >= MIN_ROWS * line}
    if not tall:
        return lattice
    by_row: list[list[Char]] = [[] for _ in range(len(ys) - 1)]
    for ch in chars:
        r = locate(ys, (ch.top + ch.bottom) / 2)
        if r not in tall:
            continue
        c = locate(xs, (ch.x0 + ch.x1) / 2)
        if r >= 0 and c >= 0 and (r, c) in single_row:
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
    if len(chars) < 2 * MIN_ROWS:
        return []
    height = sorted(ch.bottom - ch.top for ch in chars)[len(chars) // 2]
    if bottom - top < MIN_LINES * height:
        return []
    bands: list[tuple[float, float, set[int]]] = []
    for line in chars_to_lines(chars):
        cols = {owners[locate(xs, (ch.x0 + ch.x1) / 2)] for ch in line}
        line_top = min(ch.top for ch in line)
        line_bottom = max(ch.bottom for ch in line)
        if bands and line_top < bands[-1][1] - 0.3 * height:  # overlapping: one band
            t, b, c = bands[-1]
            bands[-1] = (t, max(b, line_bottom), c | cols)
        else:
            bands.append((line_top, line_bottom, cols))
    first = owners[min(locate(xs, (ch.x0 + ch.x1) / 2) for ch in chars)]
    starts = [i for i, (_, _, cols) in enumerate(bands) if first in cols and len(cols) >= 2]
    if len(starts) < MIN_ROWS:
        return []
    # Lines before the first start and single-column lines (a wrapped label) stay with the
    # text row above them.
    return [(bands[i - 1][1] + bands[i][0]) / 2 for i in starts[1:]]


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

"""Tables too wide for a page, printed over two facing pages: the left page holds the row
labels and the first columns, the right page the other columns of the same rows, with no label
column of its own (广州 2025 pp. 115/116: 项目 | 越秀区 … 天河区, then 白云区 … 增城区).

Read alone, the right half is a captionless table of bare numbers. Here it is set beside its
left half, row by row, before pages are joined into whole tables; its cells keep their own page.

A grid is the right half of the last grid of the page before when
- it is the first grid of its page and has no title of its own,
- both start at the same height (facing pages are printed alike),
- its top row is a header (texts, no numbers) and its body's first column holds no labels
  (numbers or nothing), while the left half's first column does hold labels, and
- the text of each of its rows stands inside a different row of the left half, in order.

Rows are matched by height, not one for one: the right page may draw fewer rules (广州 p. 118
leaves out the boundaries between its unshaded rows), so a right row goes to the left row that
holds its middle.
"""

from __future__ import annotations

import dataclasses

from extractor.layout.tables import TableGrid, texts_by_row
from extractor.layout.tables_header import caption_of, clean, is_numeric
from extractor.layout.tables_text import locate

# The two halves' tops may differ by this share of the left half's first row.
TOP_TOLERANCE = 0.5
# Of the left half's first-column body cells with text, at least this share must be labels.
LABEL_SHARE = 0.5


def join_facing_halves(grids_by_page: list[list[TableGrid]]) -> list[list[TableGrid]]:
    """The same grids, a right half moved beside its left half (see the module docstring)."""
    out = [list(grids) for grids in grids_by_page]
    for i in range(1, len(out)):
        if not out[i - 1] or not out[i]:
            continue
        left, right = out[i - 1][-1], out[i][0]
        rows = right_half_rows(left, right)
        if rows is not None:
            out[i - 1][-1] = side_by_side(left, right, rows)
            del out[i][0]
    return out


def right_half_rows(left: TableGrid, right: TableGrid) -> dict[int, int] | None:
    """For each row of ``right`` holding text, the row of ``left`` it continues; None when
    ``right`` is not the right half of ``left``."""
    if left.bbox is None or right.bbox is None or right.page != last_page(left) + 1:
        return None
    if left.n_rows < 2 or right.n_rows < 2 or caption_of(right.above):
        return None
    if abs(left.ys[0] - right.ys[0]) > TOP_TOLERANCE * (left.ys[1] - left.ys[0]):
        return None
    right_rows, left_rows = texts_by_row(right.cells), texts_by_row(left.cells)
    if not _is_header(right_rows.get(0, [])) or right_rows[0] in left_rows.values():
        return None
    right_labels = [t for r, ts in right_rows.items() if r > 0 for t in ts[:1] if t]
    if any(not is_numeric(t) for t in right_labels):
        return None
    if not any(is_numeric(t) for r, ts in right_rows.items() if r > 0 for t in ts):
        return None
    left_labels = [t for r, ts in left_rows.items() if r > 0 for t in ts[:1] if t]
    labels = [t for t in left_labels if not is_numeric(t)]
    if not labels or len(labels) < LABEL_SHARE * len(left_labels):
        return None
    # Each right row goes where its text stands: its cells' boxes may be drawn taller than
    # the row (an unruled band of empty rows above the first figure, 广州 p. 186).
    rows: dict[int, int] = {}
    for cell in right.cells:
        if cell.middle is None:
            continue
        at = locate(left.ys, cell.middle)
        if at < 0 or rows.setdefault(cell.row, at) != at:
            return None  # outside the left half, or one row's texts in two of its rows
    placed = [rows[r] for r in sorted(rows)]
    if rows.get(0) != 0 or any(b <= a for a, b in zip(placed, placed[1:], strict=False)):
        return None
    return rows


def side_by_side(left: TableGrid, right: TableGrid, rows: dict[int, int]) -> TableGrid:
    """One grid: ``left``'s columns, then ``right``'s, its rows moved to ``rows``. A right row
    without text has no place and is left out (nothing was printed in it). The column
    boundaries go on from the left half's right border (they order columns; each cell's own
    box stays on its page). ``char_ids`` stay the left page's."""
    shift = left.xs[-1] - right.xs[0]
    cells = [c.copy() for c in left.cells]
    for cell in right.cells:
        if cell.row in rows:
            cells.append(
                dataclasses.replace(cell, row=rows[cell.row], rowspan=1, col=cell.col + left.n_cols)
            )
    return dataclasses.replace(
        left,
        xs=[*left.xs, *(x + shift for x in right.xs[1:])],
        cells=cells,
        below=[*left.below, *right.below],
    )


def last_page(grid: TableGrid) -> int:
    """The last page a grid has cells on (the right page of a table joined from halves)."""
    return max((c.page for c in grid.cells), default=grid.page)


def _is_header(texts: list[str]) -> bool:
    filled = [clean(t) for t in texts if t.strip()]
    return len(filled) >= 2 and not any(is_numeric(t) for t in filled)

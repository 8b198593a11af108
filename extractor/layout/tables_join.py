"""Page grids → whole tables: halves printed over facing pages set side by side
(``tables_facing``), continuation across page breaks, then header rows, unit captions, total
rows, key-value fields and invariant warnings.

A grid continues the table of the previous page when
- it is the first grid of its page and the other one was the last grid of the page before,
- the column boundaries of the rows at the break agree (same x within ``ALIGN`` points, or the
  same relative positions when the page was scaled), or the new page starts with a repetition
  of one of the table's header rows, and
- no new title sits above it (a title equal to the table's caption, e.g. 项目绩效目标表
  repeated on every page, or one starting with 续表, does not count), and nothing but a page
  number sits under the previous piece — unless the new piece repeats both the table's title
  and a header row, which settles it.

At the break a merged label cell cut in two (一级 产出指标 over two pages) is put back
together when both halves carry the same text, one is empty, or the two pieces read together
as a known label (产出 + 指标).
"""

from __future__ import annotations

import regex

from extractor.layout.tables import Cell, Table, TableGrid, texts_by_row
from extractor.layout.tables_facing import join_facing_halves, last_page
from extractor.layout.tables_fields import table_to_fields
from extractor.layout.tables_header import (
    TOP_ROWS,
    caption_of,
    clean,
    find_header_rows,
    find_total_rows,
    is_header_row,
    is_numeric,
    is_subtitle,
    is_total_row,
    top_header_rows,
    unit_of_caption,
    units_of_columns,
)

# Column boundaries closer than this (points) are the same column on two pages.
ALIGN = 3.0
# Same, as a share of the table width, for continuation pages drawn at another scale.
ALIGN_RELATIVE = 0.01
# Text below a table that still allows it to continue: page numbers and short footers.
_FOOTER = regex.compile(r"^[-—–－\s第页]*[\d０-９]{1,4}[-—–－\s页]*(共\s*\d+\s*页)?$|^\S{0,3}$")
_TITLE = regex.compile(r"表$|表[(（].{0,12}[)）]$")
_CONTINUED = regex.compile(r"^[（(]?续表|^续[：:]?$|续$")
# The row of column numbers (1 2 3 …) under a header is looked for in this many top rows.
NUMBERS_ROWS = 6


def grids_to_tables(grids_by_page: list[list[TableGrid]]) -> list[Table]:
    tables: list[Table] = []
    open_: tuple[Table, TableGrid] | None = None
    for page_grids in join_facing_halves(grids_by_page):
        for k, grid in enumerate(page_grids):
            last_on_page = k == len(page_grids) - 1
            if (
                k == 0
                and grid.kind != "markup"  # a file that states its tables states their ends
                and open_ is not None
                and last_page(open_[1]) == grid.page - 1
                and continues(open_[0], open_[1], grid)
            ):
                append_grid(open_[0], open_[1], grid)
                open_ = (open_[0], grid) if last_on_page else None
                continue
            table = grid_to_table(grid, f"t{len(tables) + 1}")
            tables.append(table)
            open_ = (table, grid) if last_on_page else None
    for table in tables:
        finish_table(table)
    return tables


def grid_to_table(grid: TableGrid, table_id: str) -> Table:
    cells = [c.copy() for c in grid.cells]
    table = Table(
        table_id=table_id,
        n_rows=grid.n_rows,
        n_cols=grid.n_cols,
        cells=cells,
        row_pages=[grid.page] * grid.n_rows,
        bbox=grid.bbox,
        kind=grid.kind,
        caption=caption_of(grid.above) or caption_of(title_rows(grid)),
        unit=unit_of_caption(grid.above),
        line=grid.line,
        origin=dict(grid.origin),
    )
    table.xs = list(grid.xs)
    return table


def row_boundaries(cells: list[Cell], xs: list[float], row: int) -> list[float]:
    """x positions of the cell walls crossing ``row`` (left edges plus the right border)."""
    lefts = sorted({xs[c.col] for c in cells if c.row <= row < c.row + c.rowspan})
    return [*lefts, xs[-1]]


def _same_walls(a: list[float], b: list[float]) -> bool:
    if len(a) != len(b) or len(a) < 2:
        return False
    if all(abs(p - q) <= ALIGN for p, q in zip(a, b, strict=True)):
        return True
    wa, wb = a[-1] - a[0], b[-1] - b[0]
    if wa <= 0 or wb <= 0:
        return False
    return all(
        abs((p - a[0]) / wa - (q - b[0]) / wb) <= ALIGN_RELATIVE for p, q in zip(a, b, strict=True)
    )


def _row_texts(cells: list[Cell], row: int) -> list[str]:
    return [c.text for c in sorted((c for c in cells if c.row == row), key=lambda c: c.col)]


def continues(table: Table, last: TableGrid, grid: TableGrid) -> bool:
    """Whether ``grid`` (top of a page) carries on ``table`` (whose last piece is ``last``)."""
    title = caption_of(grid.above)
    if (
        title
        and title == table.caption
        and _repeats_header(table, _row_texts(grid.cells, 0))
        and not _opens_with_title(grid)
    ):
        # The same title and header again: a continuation whatever was printed under the
        # previous piece (广州 2025 p. 103 ends with a page number read as 110000).
        return True
    if any(not _FOOTER.match(line) for line in last.below):
        return False
    if title and title != table.caption and not _CONTINUED.search(title):
        return False
    if _opens_with_title(grid):
        return False
    xs = table.xs
    if _repeats_header(table, _row_texts(grid.cells, 0)):
        return True
    before = row_boundaries(table.cells, xs, table.n_rows - 1)
    after = row_boundaries(grid.cells, grid.xs, 0)
    if _same_walls(before, after):
        return True
    # A first row merging some columns (合计 over the code columns) keeps a subset of the walls;
    # with no title above and numbers in it, it is data of the same table.
    return (
        not title
        and _subset_walls(after, before)
        and any(is_numeric(t) for t in _row_texts(grid.cells, 0))
    )


def _subset_walls(a: list[float], b: list[float]) -> bool:
    """Every wall of ``a`` is one of ``b``'s, outer borders included."""
    if len(a) < 2 or abs(a[0] - b[0]) > ALIGN or abs(a[-1] - b[-1]) > ALIGN:
        return False
    return all(any(abs(p - q) <= ALIGN for q in b) for p in a)


def _opens_with_title(grid: TableGrid) -> bool:
    """A first row that is one full-width cell naming a table (…表) starts a new table."""
    return bool(title_rows(grid))


def title_rows(grid: TableGrid) -> list[str]:
    """The title a table draws inside its border: a first row of one full-width cell naming a
    table (…表), and a full-width subtitle row under it (（2023年度）); empty otherwise.
    上海 万里街道 2023 pp. 31-35 and 云浮 2025 p. 83 print their titles so."""
    rows = [[c for c in grid.cells if c.row == r] for r in (0, 1)]
    texts = [
        clean(row[0].text) if len(row) == 1 and row[0].colspan == grid.n_cols else ""
        for row in rows
    ]
    if not _TITLE.search(texts[0]):
        return []
    return texts if is_subtitle(texts[1]) else texts[:1]


def _repeats_header(table: Table, first: list[str]) -> bool:
    """Whether a continuation page's first row repeats one of the table's header rows."""
    if not any(first):
        return False
    # Header rows hold no numbers (bar the 1 2 3 … row): a first row of data is settled here.
    if any(is_numeric(t) for t in first if t.strip()) and not _numbers_row(first):
        return False
    # The header rows are those of find_header_rows, read without the whole table, which
    # would be read again on every page of a long one: the rows at the top, the row of column
    # numbers (1 2 3 …) some templates print under the header, and, anywhere, rows of header
    # words, which are header rows by their own texts — so by `first`'s.
    n = min(max(TOP_ROWS, NUMBERS_ROWS), table.n_rows)
    head = texts_by_row(table.cells, below=n)
    top = [head.get(r, []) for r in range(n)]
    candidates = top_header_rows(top)
    candidates += [r for r, texts in enumerate(top[:NUMBERS_ROWS]) if _numbers_row(texts)]
    if any(first == top[r] for r in candidates):
        return True
    return is_header_row(first) and first in texts_by_row(table.cells).values()


def _repeats_total(table: Table, first: list[str]) -> bool:
    """Whether a continuation page's row repeats a total row the table already holds."""
    return is_total_row(first) and first in texts_by_row(table.cells).values()


def _numbers_row(texts: list[str]) -> bool:
    filled = [clean(t) for t in texts if t.strip()]
    return len(filled) >= 3 and filled == [str(i + 1) for i in range(len(filled))]


def _union_xs(xs: list[float], other: list[float]) -> tuple[list[float], list[int], list[int]]:
    """Merged column boundaries and, for each list, the index of each boundary in the union.
    ``other`` is first moved so that both tables share their left border. Walls that match one
    for one (as ``continues`` compares them: within ALIGN, or at the same share of the width)
    are the same columns, whatever the outer borders' few points of difference (河南 2024
    p. 30, whose outer borders are not drawn, only read from its text)."""
    same = list(range(len(xs)))
    if _same_walls(xs, other):
        return list(xs), same, same
    shift = xs[0] - other[0]
    moved = [x + shift for x in other]
    union: list[float] = []
    for x in sorted([*xs, *moved]):
        if union and x - union[-1] <= ALIGN:
            continue
        union.append(x)

    def index(x: float) -> int:
        return min(range(len(union)), key=lambda i: abs(union[i] - x))

    return union, [index(x) for x in xs], [index(x) for x in moved]


def _remap(cells: list[Cell], mapping: list[int]) -> None:
    if mapping == list(range(len(mapping))):
        return  # the same columns: nothing moves (most pages of a long table)
    for cell in cells:
        start = mapping[cell.col]
        end = mapping[min(cell.col + cell.colspan, len(mapping) - 1)]
        cell.col, cell.colspan = start, max(end - start, 1)


def append_grid(table: Table, last: TableGrid, grid: TableGrid) -> None:
    """Add ``grid``'s rows under ``table``; drop a repeated header row; mend cut cells."""
    xs = table.xs
    union, old_map, new_map = _union_xs(xs, grid.xs)
    cells = [c.copy() for c in grid.cells]
    _remap(table.cells, old_map)
    _remap(cells, new_map)
    table.xs = union
    table.n_cols = len(union) - 1
    # Header rows (and a row of column numbers) printed again on the continuation page.
    skip = 0
    while skip < grid.n_rows - 1 and _repeats_header(table, _row_texts(cells, skip)):
        skip += 1
    # A total printed again under the repeated header (广州 2025 p. 270, 部门收入总体情况表).
    if skip and skip < grid.n_rows - 1 and _repeats_total(table, _row_texts(cells, skip)):
        skip += 1
    if skip:
        cells = [c for c in cells if c.row + c.rowspan > skip]
        for c in cells:
            if c.row < skip:
                c.rowspan -= skip - c.row
                c.row = skip
    offset = table.n_rows - skip
    for c in cells:
        c.row += offset
    boundary = table.n_rows
    table.cells.extend(cells)
    table.n_rows += grid.n_rows - skip
    table.row_pages.extend([grid.page] * (grid.n_rows - skip))
    table.continued_pages += 1
    mend_cut_cells(table, boundary)


# Labels of merged cells that are neither 一级 nor 二级 indicator labels.
_BLOCK_LABELS = frozenset({"绩效指标", "项目资金", "年度总体目标", "总体绩效目标"})


def _is_label(text: str) -> bool:
    """A complete label: a 一级/二级 indicator label or a block label (绩效指标)."""
    if clean(text) in _BLOCK_LABELS:
        return True
    try:
        from extractor.indicators.labels import normalize_level1, normalize_level2
    except ImportError:  # pragma: no cover - labels ship with the package
        return False
    return bool(normalize_level1(text) or normalize_level2(text))


def mend_cut_cells(table: Table, boundary: int) -> None:
    """Join a cell ending at row ``boundary - 1`` with the one starting at ``boundary`` in the
    same columns when they are one merged cell cut by the page break."""
    above = {(c.col, c.colspan): c for c in table.cells if c.row + c.rowspan == boundary}
    drop: list[int] = []
    for index, cell in enumerate(table.cells):
        if cell.row != boundary:
            continue
        top = above.get((cell.col, cell.colspan))
        if top is None:
            continue
        spanning = top.rowspan > 1 or cell.rowspan > 1
        joined = top.text + cell.text
        if top.text and cell.text and top.text != cell.text:
            if not (_is_label(joined) and not (_is_label(top.text) and _is_label(cell.text))):
                continue
            text = joined
        elif spanning:
            text = top.text or cell.text
        else:
            continue
        top.text = text
        top.rowspan += cell.rowspan
        drop.append(index)
    for index in reversed(drop):
        del table.cells[index]


def finish_table(table: Table) -> None:
    """Header rows, units, totals and fields, once all rows are in."""
    table.cells.sort(key=lambda c: (c.row, c.col))
    table.header_rows = find_header_rows(table)
    table.column_units = units_of_columns(table)
    table.total_rows = find_total_rows(table)
    table.fields, table.funds = table_to_fields(table)
    from extractor.layout.tables_check import check_table

    table.warnings.extend(check_table(table))

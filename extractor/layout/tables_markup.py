"""Markup tables (cells the file states: HTML in a dump, a sheet, a Word table) → ``TableGrid``.

Nothing is found here, only laid out: each cell goes to the first free grid position of its
row, the way a browser places ``<td>``s under the ``rowspan``s of the rows above. The grid
then goes through the same joins, header, total and indicator stages as a ruled table. It has
no geometry: ``xs``/``ys`` count columns and rows, boxes stay None, and ``line`` (the page line
the table stands before) places it between the paragraphs around it.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from extractor.layout.paragraphs import MD_HEADING
from extractor.layout.tables import Cell, TableGrid
from extractor.layout.tables_text import join_lines, squash_spaces
from extractor.model import Line, MarkupCell, MarkupTable, Page

# Context lines looked at above / below a markup table for its caption (title, 表号, 编制单位,
# 单位：万元 — a sheet gives each its own line).
CONTEXT_LINES = 5
# Points per indent level of the file (Excel's alignment indent, Word's character indent): cell
# indents are in points everywhere else (tables_check nests rows by them), so a level counts as
# one 12-point character.
POINTS_PER_LEVEL = 12.0
# A context line longer than this is prose, not a caption.
CAPTION_CHARS = 60


def page_to_markup_grids(page: Page) -> list[TableGrid]:
    """The grids of a page's markup tables, in order, each with the caption lines around it."""
    grids: list[TableGrid] = []
    beside: set[int] = set()  # grids set beside the one before them (same title)
    for table in join_split_tables(page):
        pieces = split_at_titles(table)
        for titles, piece in pieces:
            for k, grid in enumerate(split_side_by_side(markup_to_grid(piece, page.number))):
                grid.above = list(titles)  # the first gets the page's caption lines in front
                if any(cell.text for cell in grid.cells):
                    if k:
                        beside.add(len(grids))
                    grids.append(grid)
    for k, grid in enumerate(grids):
        if k in beside:
            grid.above, grid.below = list(grids[k - 1].above), list(grids[k - 1].below)
            continue
        if k > 0 and grids[k - 1].line == grid.line:
            continue  # a piece of a table split at a title row
        ceiling = grids[k - 1].line if k > 0 else 0
        later = [g.line for g in grids[k + 1 :] if g.line != grid.line]
        floor = later[0] if later else len(page.lines)
        grid.above = _captions(page.lines[ceiling : grid.line][::-1])[::-1] + grid.above
        same = [g for g in grids if g.line == grid.line]
        same[-1].below = _captions(page.lines[grid.line : floor])
    return grids


def split_at_titles(table: MarkupTable) -> list[tuple[list[str], MarkupTable]]:
    """The table cut at its title rows, each piece with the titles printed over it.

    Word and HTML tables often carry their title and unit as rows of their own (附表1 /
    2025年全市一般公共预算收支表 / 单位：万元), and a Word file may stack several appendix
    tables, each under such rows, in one table. A title row holds one or two texts and no
    figure, a lone text spans half the table or more (or reads as a 表号 or 单位 caption), and
    no merged cell reaches across it.
    """
    width = _width(table)
    crossing = _crossed_rows(table)
    pieces: list[tuple[list[str], MarkupTable]] = []
    title_rows: list[list[MarkupCell]] = []
    rows: list[list[MarkupCell]] = []
    for r, row in enumerate(table.rows):
        if r not in crossing and _is_title_row(row, width):
            if rows:
                pieces.append((_texts_of(title_rows), MarkupTable(rows, table.index, table.origin)))
                title_rows, rows = [], []
            title_rows.append(row)
            continue
        rows.append(row)
    if rows:
        pieces.append((_texts_of(title_rows), MarkupTable(rows, table.index, table.origin)))
    elif pieces:
        # Title-like rows under the last rows are its notes, not a new table: they stay rows.
        titles, last = pieces[-1]
        pieces[-1] = (titles, MarkupTable(last.rows + title_rows, table.index, table.origin))
    else:
        pieces.append(([], table))  # nothing but title-like rows: keep the table as it is
    return pieces


# Share of labelled rows whose label a side-by-side block repeats (lijiang '45': every row).
SIDE_BY_SIDE_SHARE = 0.8


def split_side_by_side(grid: TableGrid) -> list[TableGrid]:
    """The grid cut into the tables a sheet sets side by side, or [grid].

    A workbook sheet may hold two or three tables next to each other, each with its own label
    column (项目 | 全市 … | 项目 | 市本级 …, the rows' labels repeated in each). A column whose
    header repeats the first column's header, and whose rows repeat its labels, starts a new
    table; no cell may straddle the cut.
    """
    matrix = grid.matrix()
    if grid.n_rows < 3 or grid.n_cols < 4:
        return [grid]
    head = _cell_text(matrix[0][0])
    labelled = [r for r in range(1, grid.n_rows) if _cell_text(matrix[r][0])]
    cuts = [
        c
        for c in range(2, grid.n_cols - 1)
        if head
        and _starts(matrix[0][c], c)
        and _cell_text(matrix[0][c]) == head
        and labelled
        and sum(_cell_text(matrix[r][c]) == _cell_text(matrix[r][0]) for r in labelled)
        >= SIDE_BY_SIDE_SHARE * len(labelled)
        and not any(cell.col < c < cell.col + cell.colspan for cell in grid.cells)
    ]
    if not cuts:
        return [grid]
    bounds = [0, *cuts, grid.n_cols]
    return [_columns(grid, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _columns(grid: TableGrid, first: int, end: int) -> TableGrid:
    cells = [
        replace(cell, col=cell.col - first)
        for cell in grid.cells
        if first <= cell.col < end
    ]
    origin = {**grid.origin, "col_offset": first} if first else dict(grid.origin)
    return replace(
        grid,
        xs=[float(c) for c in range(end - first + 1)],
        cells=cells,
        origin=origin,
    )


def _cell_text(cell: Cell | None) -> str:
    return "".join(cell.text.split()) if cell is not None else ""


def _starts(cell: Cell | None, col: int) -> bool:
    return cell is not None and cell.col == col


def _texts_of(rows: list[list[MarkupCell]]) -> list[str]:
    return [c.text.replace("\n", "") for row in rows for c in row if c.text.strip()]


_CAPTION = regex.compile(r"^(附件|附表|表|续表)\s*[\d\-—一二三四五六七八九十]*|单位\s*[:：]|表$")


def _is_title_row(row: list[MarkupCell], width: int) -> bool:
    texts = [c for c in row if c.text.strip()]
    if not texts or len(texts) > 2 or any(c.rowspan > 1 for c in row):
        return False
    if any(regex.search(r"\d\.\d|^[\d,，.]+$", c.text.strip()) for c in texts):
        return False
    if len(texts) == 1 and texts[0].colspan >= 2 and texts[0].colspan * 2 >= width:
        return True
    return all(_CAPTION.search(c.text.strip()) for c in texts)


def _crossed_rows(table: MarkupTable) -> set[int]:
    """Rows a cell merged down from an earlier row reaches into."""
    out: set[int] = set()
    for r, row in enumerate(table.rows):
        for cell in row:
            out.update(range(r + 1, r + cell.rowspan))
    return out


def join_split_tables(page: Page) -> list[MarkupTable]:
    """Tables that follow each other with nothing but blank lines between, as one table.

    OCR-to-Markdown tools write a table a page break cut as two tables, one after the other,
    the second usually repeating the header row (最佳报告范例's 9-column 评分表 comes as 21
    tables). A second piece with the first piece's column count carries the table on; its
    repeated header row is dropped.
    """
    out: list[MarkupTable] = []
    for table in page.tables:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not any(line.text.strip() for line in page.lines[prev.index : table.index])
            and _width(prev) == _width(table)
        ):
            repeated = _texts(table.rows[0]) == _texts(prev.rows[0])
            out[-1] = MarkupTable(
                rows=prev.rows + table.rows[1 if repeated else 0 :],
                index=prev.index,
                origin=prev.origin,
            )
            continue
        out.append(table)
    return out


def _width(table: MarkupTable) -> int:
    return markup_to_grid(table, 0).n_cols


def _texts(row: list[MarkupCell]) -> list[str]:
    return ["".join(cell.text.split()) for cell in row]


def markup_to_grid(table: MarkupTable, page: int) -> TableGrid:
    n_rows = len(table.rows)
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(table.rows):
        c = 0
        for source in row:
            while (r, c) in taken:
                c += 1
            # A rowspan past the last row is cut there, as a browser does; a colspan running
            # into a cell merged down from above stops before it (the file's spans overlap).
            rowspan = min(source.rowspan, n_rows - r)
            colspan = 1
            while colspan < source.colspan and (r, c + colspan) not in taken:
                colspan += 1
            cells.append(
                Cell(
                    row=r,
                    col=c,
                    rowspan=rowspan,
                    colspan=colspan,
                    text=join_lines([squash_spaces(t) for t in source.text.split("\n")]),
                    bbox=None,
                    page=page,
                    indent=source.indent * POINTS_PER_LEVEL,
                )
            )
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            c += colspan
    n_cols = max((c for _, c in taken), default=-1) + 1
    # Short rows leave holes; later stages expect every position covered.
    cells += [
        Cell(row=r, col=c, rowspan=1, colspan=1, text="", bbox=None, page=page)
        for r in range(n_rows)
        for c in range(n_cols)
        if (r, c) not in taken
    ]
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return TableGrid(
        page=page,
        bbox=None,
        xs=[float(c) for c in range(n_cols + 1)],
        ys=[float(r) for r in range(n_rows + 1)],
        cells=cells,
        kind="markup",
        line=table.index,
        origin=dict(table.origin),
    )


def _captions(lines: list[Line]) -> list[str]:
    """The caption lines next to a table, nearest first: up to CONTEXT_LINES non-blank short
    lines, stopping at a long one (prose)."""
    out: list[str] = []
    for line in lines:
        text = MD_HEADING.sub("", line.text.strip())  # # 表2-1：…: a heading of the dump
        if not text:
            continue
        if len(text) > CAPTION_CHARS or len(out) == CONTEXT_LINES:
            break
        out.append(text)
    return out

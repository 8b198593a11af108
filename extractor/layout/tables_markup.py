"""Markup tables (cells the file states: HTML in a dump, a sheet, a Word table) → ``TableGrid``.

Nothing is found here, only laid out: each cell goes to the first free grid position of its
row, the way a browser places ``<td>``s under the ``rowspan``s of the rows above. The grid
then goes through the same joins, header, total and indicator stages as a ruled table. It has
no geometry: ``xs``/``ys`` count columns and rows, boxes stay None, and ``line`` (the page line
the table stands before) places it between the paragraphs around it.
"""

from __future__ import annotations

from extractor.layout.tables import Cell, TableGrid
from extractor.layout.tables_text import join_lines
from extractor.model import Line, MarkupCell, MarkupTable, Page

# Context lines looked at above / below a markup table for its caption (title, 单位：万元).
CONTEXT_LINES = 3
# A context line longer than this is prose, not a caption.
CAPTION_CHARS = 60


def page_to_markup_grids(page: Page) -> list[TableGrid]:
    """The grids of a page's markup tables, in order, each with the caption lines around it."""
    grids = [markup_to_grid(table, page.number) for table in join_split_tables(page)]
    grids = [grid for grid in grids if any(cell.text for cell in grid.cells)]
    for k, grid in enumerate(grids):
        ceiling = grids[k - 1].line if k > 0 else 0
        floor = grids[k + 1].line if k + 1 < len(grids) else len(page.lines)
        grid.above = _captions(page.lines[ceiling : grid.line][::-1])[::-1]
        grid.below = _captions(page.lines[grid.line : floor])
    return grids


def join_split_tables(page: Page) -> list[MarkupTable]:
    """Tables that follow each other with nothing but blank lines between, as one table.

    OCR-to-Markdown tools write a table a page break cut as two tables, one after the other,
    the second usually repeating the header row (a 9-column 评分表 over 20 pages comes as 20
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
            # A rowspan past the last row is cut there, as a browser does.
            rowspan = min(source.rowspan, n_rows - r)
            cells.append(
                Cell(
                    row=r,
                    col=c,
                    rowspan=rowspan,
                    colspan=source.colspan,
                    text=join_lines(source.text.split("\n")),
                    bbox=None,
                    page=page,
                    indent=source.indent,
                )
            )
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(source.colspan))
            c += source.colspan
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
        text = line.text.strip()
        if not text:
            continue
        if len(text) > CAPTION_CHARS or len(out) == CONTEXT_LINES:
            break
        out.append(text)
    return out

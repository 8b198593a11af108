"""Tables: ruled grids found on each page, then joined across pages into ``Table`` records.

Public interface (what ``extractor.pipeline`` wires):

``page_to_tables(page: Page) -> list[TableGrid]``
    The tables of one page, top to bottom: a rows × cols grid of ``Cell`` (row, col, rowspan,
    colspan, text, bbox), the table's bbox, the indices into ``page.chars`` it consumed, and
    the short text lines just above/below it (captions such as ``单位：万元``, repeated titles).
    Pages without rulings cost one ``if``. Tables a dump or office file states as cells
    (``Page.tables``) are laid out by ``tables_markup`` instead.

``chars_outside_tables(page: Page, grids: list[TableGrid]) -> list[Char]``
    The page's characters minus those consumed by tables, for prose layout.

``grids_to_tables(grids_by_page: list[list[TableGrid]]) -> list[Table]``
    Tables continuing across pages joined (same column signature at the break, a repeated
    header row dropped, a merged label cell cut by the break put back together), header rows,
    unit captions, total rows, invariant warnings; ``table_id`` "t1", "t2" … in reading order.
    Halves of a wide table printed over facing pages are set side by side first
    (``tables_facing``). Each row keeps its page (``Table.row_pages``, the left page of a row
    in halves; every cell keeps its own); ``Table.page`` and ``Table.top`` place the table for
    the section lookup.

``Table.to_record(doc_id) -> dict``
    The ``table`` record (DESIGN.md); the lead adds ``section_id``.

The stages live in small modules: ``tables_lattice`` (rulings → cell lattice, with the top
and bottom borders a continuation page drawn with column lines only leaves out),
``tables_text`` (chars → cell text), ``tables_aligned`` (sparsely ruled tables — 三线表,
rules without side borders — whose drawn rows hold several text rows: rows from text
alignment), ``tables_facing`` (halves on facing pages), ``tables_join`` (pages → tables),
``tables_header`` (captions, units, header and total rows), ``tables_fields`` (项目名称 /
项目资金 blocks), ``tables_check`` (totals).

Not handled: tables with no vertical line at all (measured: none in the corpus besides
two-rule 抄送 blocks), and tables without any rulings (text-only layouts).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

from extractor.layout.furniture import MARGIN_BAND, is_page_number
from extractor.layout.tables_aligned import split_aligned_rows
from extractor.layout.tables_header import caption_of, is_subtitle, is_title_tail
from extractor.layout.tables_lattice import Lattice, open_column_borders, rulings_to_lattices
from extractor.layout.tables_text import chars_to_lines, chars_to_text, line_to_text
from extractor.model import BBox, Char, Page

# ruled: a lattice of drawn lines; aligned: rows from text alignment (tables_aligned);
# markup: cells the file states (HTML in a dump, a sheet, a Word table), no geometry.
TableKind = Literal["ruled", "aligned", "markup"]

# How far above/below a table (points) captions and titles are looked for.
CONTEXT_SPAN = 60.0
# How far above a title is looked for when only a unit line is within CONTEXT_SPAN.
TITLE_SPAN = 100.0
# In a caption line, a gap this wide (digit widths) between two digits parts two numbers.
CONTEXT_DIGIT_GAP = 0.5
# A glyph whose centre lies outside the top/bottom border by less than this share of its
# height, its box crossing the border, was clipped by the border: it belongs to the table.
OVERFLOW = 0.5
# A glyph drawn across a column ruling runs on from a glyph this close beside it (a share of its
# height; a little overlap allowed): the cell's text overflowed its box and the ruling clipped it.
RUN_GAP = 0.5
RUN_OVERLAP = 0.2
# Widest gap (a share of the glyph height) inside a page number 第 66 页 set with spaces.
FOLIO_GAP = 1.5
SCHEMA_VERSION = "1"


@dataclass(slots=True)
class Cell:
    """One cell: top-left position in the table's grid, spans, text and box (on ``page``;
    None for markup tables, whose files give no geometry)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    bbox: BBox | None
    page: int
    indent: float = 0.0  # left edge of the text minus the cell's (nested budget rows)
    middle: float | None = None  # the text's vertical middle on the page; None when empty

    def copy(self) -> Cell:
        """A copy to edit (joining pages renumbers rows). ``dataclasses.replace`` took 8% of
        the table stage's time on five table-heavy documents (cProfile)."""
        return Cell(
            self.row,
            self.col,
            self.rowspan,
            self.colspan,
            self.text,
            self.bbox,
            self.page,
            self.indent,
            self.middle,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "col": self.col,
            "rowspan": self.rowspan,
            "colspan": self.colspan,
            "text": self.text,
            "page": self.page,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
        }


@dataclass(slots=True)
class TableGrid:
    """A table as found on one page. A markup table has no bbox: ``line`` places it (the
    index of the page line it stands before), and its ``xs``/``ys`` count columns and rows."""

    page: int
    bbox: BBox | None
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    cells: list[Cell]
    char_ids: list[int] = field(default_factory=list)
    above: list[str] = field(default_factory=list)  # text lines above, nearest last
    below: list[str] = field(default_factory=list)  # text lines below, nearest first
    kind: TableKind = "ruled"
    line: int = 0
    origin: dict[str, Any] = field(default_factory=dict)  # MarkupTable.origin (sheet, cell)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def matrix(self) -> list[list[Cell | None]]:
        return cells_to_matrix(self.cells, self.n_rows, self.n_cols)


@dataclass(slots=True)
class Table:
    """A whole table, possibly over several pages. Rows are numbered over the whole table."""

    table_id: str
    n_rows: int
    n_cols: int
    cells: list[Cell]
    row_pages: list[int]
    bbox: BBox | None  # on the first page; None for markup tables
    kind: TableKind = "ruled"
    caption: str = ""  # title line above the table, e.g. 项目绩效目标表
    unit: str = ""  # table-wide unit caption, e.g. 万元 from 单位：万元
    column_units: dict[int, str] = field(default_factory=dict)
    header_rows: list[int] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # key-value blocks (项目名称 …)
    # 项目资金 block of a 自评表: row label → column header → value text.
    funds: dict[str, dict[str, str]] = field(default_factory=dict)
    xs: list[float] = field(default_factory=list)  # column boundaries (first page's x)
    warnings: list[str] = field(default_factory=list)
    continued_pages: int = 0  # how many page breaks the table crosses
    line: int = 0  # markup tables: the page line the table stands before
    origin: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.row_pages[0] if self.row_pages else 0

    @property
    def pages(self) -> list[int]:
        """Every page the table has cells on: a row's right half may sit on the facing page."""
        return sorted(set(self.row_pages) | {c.page for c in self.cells})

    @property
    def top(self) -> float:
        """Where the table starts on its page, in the unit its page's lines are placed by:
        points, or for markup tables just above the line it stands before."""
        return self.bbox[1] if self.bbox else self.line - 0.5  # as grid_place

    def matrix(self) -> list[list[Cell | None]]:
        return cells_to_matrix(self.cells, self.n_rows, self.n_cols)

    def text_rows(self) -> list[list[str]]:
        """Cell texts by row; a spanned cell's text appears at its top-left position only."""
        rows = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text
        return rows

    def prose_cells(self) -> list[Cell]:
        """Body cells that hold sentences rather than a value: 项目概况, 绩效目标描述, 年度总体目标
        完成情况, the 评价意见 of a 评分表. Their figures are stated the way prose states them."""
        header = set(self.header_rows)
        return [cell for cell in self.cells if cell.row not in header and is_prose(cell.text)]

    def column_names(self) -> list[str]:
        """Each column's name from the top header rows, levels joined by " / " (收入预算 /
        财政拨款收入); "" for columns without a header."""
        top = []
        for r in range(self.n_rows):
            if r not in self.header_rows:
                break
            top.append(r)
        matrix = self.matrix()
        names = []
        for c in range(self.n_cols):
            parts: list[str] = []
            for r in top:
                cell = matrix[r][c]
                text = cell.text.strip() if cell is not None else ""
                if text and (not parts or parts[-1] != text):
                    parts.append(text)
            names.append(" / ".join(parts))
        return names

    def to_record(self, doc_id: str) -> dict[str, Any]:
        return {
            "type": "table",
            "schema_version": SCHEMA_VERSION,
            "doc_id": doc_id,
            "table_id": self.table_id,
            "page": self.page,
            "pages": self.pages,
            "top": round(self.top, 2) if self.bbox else None,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
            "origin": dict(self.origin) or None,
            "kind": self.kind,
            "caption": self.caption,
            "unit": self.unit,
            "column_units": {str(k): v for k, v in sorted(self.column_units.items())},
            "n_rows": self.n_rows,
            "n_cols": self.n_cols,
            "header_rows": list(self.header_rows),
            "columns": self.column_names(),
            "total_rows": list(self.total_rows),
            "row_pages": list(self.row_pages),
            "fields": dict(self.fields),
            "funds": {k: dict(v) for k, v in self.funds.items()},
            "cells": [cell.to_dict() for cell in self.cells],
            "warnings": list(self.warnings),
        }


# A cell is prose when it reads as a sentence: enough Han characters, a clause mark, a figure.
PROSE_MIN_HAN = 10
_CLAUSE_MARKS = frozenset("，。；：")


def is_prose(text: str) -> bool:
    if not any(ch.isdigit() for ch in text) or not any(ch in _CLAUSE_MARKS for ch in text):
        return False
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= PROSE_MIN_HAN


def texts_by_row(cells: list[Cell], below: int | None = None) -> dict[int, list[str]]:
    """Each row's cell texts, left to right, of the cells that start in it; only the rows
    above ``below`` when given."""
    by_row: dict[int, list[Cell]] = {}
    for cell in cells:
        if below is None or cell.row < below:
            by_row.setdefault(cell.row, []).append(cell)
    return {r: [c.text for c in sorted(cs, key=lambda c: c.col)] for r, cs in by_row.items()}


def cells_to_matrix(cells: list[Cell], n_rows: int, n_cols: int) -> list[list[Cell | None]]:
    """Every grid position → the cell covering it (a spanned cell fills all its positions)."""
    matrix: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for cell in cells:
        if cell.rowspan == 1 and cell.colspan == 1:  # most cells: no loops (tables of 600 rows)
            if cell.row < n_rows and cell.col < n_cols:
                matrix[cell.row][cell.col] = cell
            continue
        for r in range(cell.row, min(cell.row + cell.rowspan, n_rows)):
            row = matrix[r]
            for c in range(cell.col, min(cell.col + cell.colspan, n_cols)):
                row[c] = cell
    return matrix


def page_to_tables(page: Page) -> list[TableGrid]:
    """The tables of one page (see the module docstring). Never raises on page content."""
    if page.tables:
        from extractor.layout.tables_markup import page_to_markup_grids

        return page_to_markup_grids(page)
    if not page.rulings or not page.chars:
        return []  # the common case: prose pages carry no rulings at all
    grids = []
    folio = folio_glyphs(page)
    rulings = page.rulings + open_column_borders(page.rulings, page.chars)
    for lattice in rulings_to_lattices(rulings):
        inside = [i for i in _chars_in(page.chars, lattice.bbox) if i not in folio]
        if not inside:
            continue
        lattice = split_aligned_rows(lattice, [page.chars[i] for i in inside])
        grid = lattice_to_grid(lattice, page, folio)
        if sum(1 for cell in grid.cells if cell.text) >= 2:
            grids.append(grid)
    if grids:
        attach_context(grids, page)
    return grids


def _chars_in(chars: list[Char], bbox: BBox) -> list[int]:
    """Indices of the glyphs whose centre lies in ``bbox``."""
    x0, top, x1, bottom = bbox
    x0, top, x1, bottom = 2 * x0, 2 * top, 2 * x1, 2 * bottom  # compare doubled centres
    return [
        i
        for i, ch in enumerate(chars)
        if top <= ch.top + ch.bottom < bottom and x0 <= ch.x0 + ch.x1 < x1
    ]


def folio_glyphs(page: Page) -> frozenset[int]:
    """Indices of the glyphs spelling a page number (第 66 页) in the top or bottom band of
    the page, where a table drawn to the page's edge may lie under it (朝阳 2025 p. 93: the
    folio over the last row had read 22860第 | 2286066页). They are left to the prose, whose
    furniture pass drops them."""
    if not page.height:
        return frozenset()
    band = MARGIN_BAND * page.height
    edge = [ch for ch in page.chars if ch.bottom < band or ch.top > page.height - band]
    found: set[int] = set()
    for start in edge:
        if start.text != "第":
            continue
        height = start.bottom - start.top
        line = sorted(
            (
                ch
                for ch in edge
                if ch.x0 > start.x0 and abs(ch.top + ch.bottom - start.top - start.bottom) < height
            ),
            key=lambda ch: ch.x0,
        )
        run, last = [start], start
        for ch in line:
            if ch.x0 - last.x1 > FOLIO_GAP * height or not (ch.text.isdigit() or ch.text == "页"):
                break
            run.append(ch)
            last = ch
            if ch.text == "页":
                if is_page_number("".join(c.text for c in run)):
                    found.update(id(c) for c in run)
                break
    return frozenset(i for i, ch in enumerate(page.chars) if id(ch) in found)


def lattice_to_grid(lattice: Lattice, page: Page, skip: frozenset[int] = frozenset()) -> TableGrid:
    xs, ys = lattice.xs, lattice.ys
    x0, top, x1, bottom = lattice.bbox
    members: list[list[int]] = [[] for _ in lattice.cells]
    overflow: list[list[int]] = [[] for _ in lattice.cells]
    char_ids: list[int] = []
    straddling: list[tuple[int, int, int]] = []  # (glyph, row, col) drawn across a column ruling
    owner = lattice.owner
    for index, ch in enumerate(page.chars):
        # This loop meets every glyph of the page once per table on it: the cheap tests first,
        # and the grid lines searched directly (inside the bbox a glyph is always in the grid).
        cx = (ch.x0 + ch.x1) / 2
        if cx < x0 or cx >= x1 or index in skip:
            continue
        cy = (ch.top + ch.bottom) / 2
        bucket = members
        if cy < top or cy >= bottom:
            # A label cut by a page break is drawn across the table's edge and clipped: a glyph
            # whose box straddles the top or bottom border may belong to the edge row.
            reach = OVERFLOW * (ch.bottom - ch.top)
            if top - reach <= cy < top and ch.bottom > top:
                cy = top
            elif bottom <= cy < bottom + reach and ch.top < bottom:
                cy = bottom - 0.01
            else:
                continue
            bucket = overflow
        r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
        bucket[owner[r][c]].append(index)
        if bucket is members and (ch.x0 < xs[c] or ch.x1 > xs[c + 1]) and not ch.text.isspace():
            straddling.append((index, r, c))
    _straddlers_to_their_run(page.chars, members, straddling, lattice)
    # Straddling glyphs go only into cells that are otherwise empty, and only when their word
    # lies in one cell: a page number printed over the bottom border must not join the last
    # row's text (广州 2025 p. 269: the last 6 of "266" fell into an empty cell).
    split = _words_across_cells(page.chars, overflow)
    for k, (ids, extra) in enumerate(zip(members, overflow, strict=True)):
        if extra and not ids and k not in split:
            ids.extend(extra)
        char_ids.extend(ids)
    cells = []
    for lc, ids in zip(lattice.cells, members, strict=True):
        chars = [page.chars[i] for i in ids]
        middle = (min(c.top for c in chars) + max(c.bottom for c in chars)) / 2 if chars else None
        cells.append(
            Cell(
                lc.row,
                lc.col,
                lc.rowspan,
                lc.colspan,
                chars_to_text(chars) if chars else "",
                (xs[lc.col], ys[lc.row], xs[lc.col + lc.colspan], ys[lc.row + lc.rowspan]),
                page.number,
                min(ch.x0 for ch in chars) - xs[lc.col] if chars else 0.0,
                middle,
            )
        )
    return TableGrid(page.number, lattice.bbox, list(xs), list(ys), cells, char_ids)


def _straddlers_to_their_run(
    chars: list[Char],
    members: list[list[int]],
    straddling: list[tuple[int, int, int]],
    lattice: Lattice,
) -> None:
    """Move a glyph drawn across a column ruling to the cell whose text it runs on from.

    Text too long for its cell overflows it, and a spreadsheet export clips it at the ruling:
    the last glyph that shows in part is drawn across the line (迪庆 2025 p. 66: 公共体育场馆免费
    或低收|费, the 费 read into the next cell as "=费", which spoiled both). A cell's own text
    keeps clear of its rulings, so a glyph across one belongs to the side where the glyph just
    beside it stands; when both sides or neither have one, its centre decides as before.
    """
    xs, owner = lattice.xs, lattice.owner
    for index, r, c in straddling:
        ch = chars[index]
        here = owner[r][c]
        sides = []
        if ch.x0 < xs[c] and c > 0 and owner[r][c - 1] != here:
            sides.append((owner[r][c - 1], True))
        if ch.x1 > xs[c + 1] and c + 1 < len(owner[r]) and owner[r][c + 1] != here:
            sides.append((owner[r][c + 1], False))
        for there, left in sides:
            if _runs_on(chars, members[there], ch, before=left) and not _runs_on(
                chars, members[here], ch, before=not left
            ):
                members[here].remove(index)
                members[there].append(index)
                break


def _runs_on(chars: list[Char], ids: list[int], ch: Char, before: bool) -> bool:
    """Whether a glyph among ``ids`` stands on ``ch``'s line just before (or after) it."""
    height = ch.bottom - ch.top
    for i in ids:
        other = chars[i]
        if other is ch or other.text.isspace():
            continue
        overlap = min(other.bottom, ch.bottom) - max(other.top, ch.top)
        if overlap < 0.5 * min(height, other.bottom - other.top):
            continue
        gap = ch.x0 - other.x1 if before else other.x0 - ch.x1
        if -RUN_OVERLAP * height <= gap <= RUN_GAP * height:
            return True
    return False


def _words_across_cells(chars: list[Char], overflow: list[list[int]]) -> set[int]:
    """Cells whose straddling glyphs run on, without a gap, into another cell's."""
    placed = sorted(
        ((chars[i], k) for k, ids in enumerate(overflow) for i in ids), key=lambda p: p[0].x0
    )
    split: set[int] = set()
    for (a, ka), (b, kb) in zip(placed, placed[1:], strict=False):
        same_line = abs((a.top + a.bottom) - (b.top + b.bottom)) < (a.bottom - a.top)
        if ka != kb and same_line and b.x0 - a.x1 < 0.5 * (a.bottom - a.top):
            split.update((ka, kb))
    return split


def attach_context(grids: list[TableGrid], page: Page) -> None:
    """Give each grid the text lines just above and below it (between it and its neighbours
    or the page edge, at most CONTEXT_SPAN points away)."""
    used: set[int] = set()
    for grid in grids:
        used.update(grid.char_ids)
    free = [ch for i, ch in enumerate(page.chars) if i not in used]
    lines = [(line[0].top, line[-1].bottom, line) for line in chars_to_lines(free)]
    boxes = [_drawn_bbox(grid) for grid in grids]
    for k, grid in enumerate(grids):
        ceiling = boxes[k - 1][3] if k > 0 else 0.0
        floor = boxes[k + 1][1] if k + 1 < len(grids) else page.height or 1e9
        top, bottom = boxes[k][1], boxes[k][3]
        grid.above = _lines_above(lines, top, max(ceiling, top - CONTEXT_SPAN))
        caption = caption_of(grid.above)
        if not caption or is_subtitle(caption) or is_title_tail(caption):
            # Only a unit line (单位：万元), a subtitle ((按经济分类)) or the last line of a
            # wrapped title (付息情况表) close above: the title stands over it, further up.
            grid.above = _lines_above(lines, top, max(ceiling, top - TITLE_SPAN))
        grid.below = [
            line_to_text(chars, CONTEXT_DIGIT_GAP)
            for t, b, chars in lines
            if t >= bottom - 1 and b <= min(floor, bottom + CONTEXT_SPAN)
        ]


def _lines_above(
    lines: list[tuple[float, float, list[Char]]], top: float, limit: float
) -> list[str]:
    """The texts of the lines between ``limit`` and a table's ``top``, top to bottom."""
    return [
        line_to_text(chars, CONTEXT_DIGIT_GAP)
        for t, b, chars in lines
        if b <= top + 1 and t >= limit
    ]


def _drawn_bbox(grid: TableGrid) -> BBox:
    if grid.bbox is None:
        raise ValueError(f"table on page {grid.page} has no box: markup tables have no layout")
    return grid.bbox


def grid_place(grid: TableGrid) -> tuple[int, float]:
    """(page, top) of a grid, in the unit its page's lines are placed by (``Table.top``)."""
    return (grid.page, grid.bbox[1] if grid.bbox else grid.line - 0.5)


def chars_outside_tables(page: Page, grids: list[TableGrid]) -> list[Char]:
    """The page's characters not consumed by any of ``grids`` (in page order)."""
    if not grids:
        return list(page.chars)
    used: set[int] = set()
    for grid in grids:
        used.update(grid.char_ids)
    return [ch for i, ch in enumerate(page.chars) if i not in used]


def grids_to_tables(grids_by_page: list[list[TableGrid]]) -> list[Table]:
    """Join page grids into tables (see the module docstring)."""
    from extractor.layout.tables_join import grids_to_tables as join

    return join(grids_by_page)

"""Tables a file states that are no tables: one column of cells is layout, read as text.

Web pages set whole articles in one-column layout tables, and Word files box an imprint or a
signature block (承德市十五届人大七次会议秘书处 2026年2月5日印) in a one-cell table. Such a table
has no rows and columns to read: its cells are lines of prose, at the table's place.
"""

from __future__ import annotations

from dataclasses import replace

from extractor.model import Line, MarkupTable, Page


def is_layout_table(table: MarkupTable) -> bool:
    """One column: every row holds at most one cell, and no cell spans columns."""
    return all(len(row) <= 1 and all(cell.colspan == 1 for cell in row) for row in table.rows)


def lift_layout_tables(page: Page) -> Page:
    """The page with its one-column tables turned into lines where they stood."""
    if not any(is_layout_table(t) for t in page.tables):
        return page
    texts = [line.text for line in page.lines]
    inserted: list[tuple[int, list[str]]] = []  # (line index, lines) per lifted table
    kept: list[MarkupTable] = []
    for table in page.tables:
        if is_layout_table(table):
            cells = [cell.text for row in table.rows for cell in row]
            inserted.append((table.index, ["", *(t for c in cells for t in c.split("\n")), ""]))
        else:
            kept.append(table)
    out: list[str] = []
    shift: list[tuple[int, int]] = []  # (old index, lines inserted before it)
    added = 0
    queue = sorted(inserted, key=lambda x: x[0])
    for i in range(len(texts) + 1):
        while queue and queue[0][0] == i:
            _, lifted = queue.pop(0)
            out += lifted
            added += len(lifted)
        shift.append((i, added))
        if i < len(texts):
            out.append(texts[i])
    offsets = dict(shift)
    tables = [replace(t, index=t.index + offsets[t.index]) for t in kept]
    lines = [Line(text=t, page=page.number, index=i) for i, t in enumerate(out)]
    return replace(page, lines=lines, tables=tables)

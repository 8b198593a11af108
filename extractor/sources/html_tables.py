"""HTML tables inside text dumps (.md, .txt) and web pages (.html) as ``MarkupTable``.

OCR-to-Markdown tools write the tables they recognise as HTML (``<table><tr><td rowspan="15">…``)
in the middle of the Markdown, one table per line or spread over lines. The cells and their
spans are stated, so the table needs no layout: it is cut out of the text and handed on as
cells, and the prose around it stays prose.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import regex

from extractor.layout.tables_text import squash_spaces
from extractor.model import MarkupCell, MarkupTable

# One table, from its opening tag to the matching close (tables holding tables are unwrapped
# first, so none is nested any more).
TABLE = regex.compile(r"<table\b[^>]*>.*?</table\s*>", regex.IGNORECASE | regex.DOTALL)
# The tags that build a table's grid.
_GRID_TAG = regex.compile(
    r"<(/?)(table|tbody|thead|tfoot|tr|td|th|caption|colgroup|col)\b[^>]*>", regex.IGNORECASE
)

# Tags whose end is a line break inside a cell's text.
_BREAKS = frozenset({"br", "p", "div", "li"})


def split_tables(text: str) -> list[str | MarkupTable]:
    """The text cut at its HTML tables: prose pieces and tables, in order.

    A "table" without any cell (``<table></table>``) is dropped; it says nothing.
    """
    text = unwrap_layout_tables(text)
    out: list[str | MarkupTable] = []
    pos = 0
    for match in TABLE.finditer(text):
        out.append(text[pos : match.start()])
        table = html_to_table(match.group())
        if table.rows:
            out.append(table)
        pos = match.end()
    out.append(text[pos:])
    return out


def unwrap_layout_tables(html: str) -> str:
    """The HTML with the grid tags of every table that holds another table taken out.

    Web pages set their whole layout in tables (a banner row, a menu column, the article with
    its data tables inside one cell). A table holding tables is that layout: its cells are
    text, each ending a line, and the tables inside it are the tables.
    """
    holding: set[int] = set()
    stack: list[int] = []
    for match in _GRID_TAG.finditer(html):
        if match.group(2).lower() != "table":
            continue
        if not match.group(1):
            if stack:
                holding.add(stack[-1])
            stack.append(match.start())
        elif stack:
            stack.pop()
    if not holding:
        return html
    out: list[str] = []
    pos = 0
    stack = []
    for match in _GRID_TAG.finditer(html):
        is_table, closing = match.group(2).lower() == "table", bool(match.group(1))
        if is_table and not closing:
            stack.append(match.start())
            owner: int | None = match.start()
        elif is_table:
            owner = stack.pop() if stack else None
        else:
            owner = stack[-1] if stack else None
        if owner in holding:
            out.append(html[pos : match.start()])
            out.append("\n")
            pos = match.end()
    out.append(html[pos:])
    return "".join(out)


# What a web page (or an Excel/Word "save as web page" export) holds besides text and tables.
_INVISIBLE = regex.compile(
    r"<(head|script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->",
    regex.IGNORECASE | regex.DOTALL,
)
# Tags that end a line of text: blocks and line breaks.
_BLOCK_END = regex.compile(
    r"<br\s*/?>|</?(p|div|h[1-6]|li|ul|ol|section|article|header|footer|title|tr|blockquote)\b[^>]*>",
    regex.IGNORECASE,
)
_TAG = regex.compile(r"<[^>]*>")


def html_document_to_text(html: str) -> str:
    """A web page as a dump: its text as lines, its tables left in place as markup.

    Head, scripts, styles and comments are dropped; block tags end lines; other tags go; the
    entities are decoded (outside tables here, inside them by the table parser).
    """
    html = unwrap_layout_tables(_INVISIBLE.sub("", html))
    out: list[str] = []
    pos = 0
    for match in TABLE.finditer(html):
        out.append(_html_to_lines(html[pos : match.start()]))
        out.append("\n" + match.group() + "\n")
        pos = match.end()
    out.append(_html_to_lines(html[pos:]))
    return "".join(out)


def _html_to_lines(fragment: str) -> str:
    text = unescape(_TAG.sub("", _BLOCK_END.sub("\n", fragment)))
    # Spaced as a table cell's text is: no spaces next to Han (职 责 is 职责).
    lines = "\n".join(squash_spaces(line) for line in text.split("\n"))
    return regex.sub(r"\n{3,}", "\n\n", lines)  # one blank line is a paragraph end


def html_to_table(html: str) -> MarkupTable:
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    # An empty <tr> is a row only where a rowspan from above covers it.
    rows: list[list[MarkupCell]] = []
    reach = 0  # rows up to here are covered by a rowspan
    for row in parser.rows:
        if row or len(rows) < reach:
            reach = max([reach] + [len(rows) + cell.rowspan for cell in row])
            rows.append(row)
    return MarkupTable(rows=rows)


def _span(value: str | None) -> int:
    # Converters write spans as digits; anything else (rowspan="", "0", "2.0") counts as 1,
    # as a browser reads it.
    try:
        return max(1, min(int(value or "1"), 1000))
    except ValueError:
        return 1


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[MarkupCell]] = []
        self._cell: MarkupCell | None = None
        self._parts: list[str] = []
        self._depth = 0  # nesting of <table> (inner tables' text joins the outer cell)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
        elif self._depth > 1:
            if tag in _BREAKS:
                self._parts.append("\n")
        elif tag == "tr":
            self._close_cell()
            self.rows.append([])
        elif tag in ("td", "th"):
            self._close_cell()
            if not self.rows:
                self.rows.append([])
            named = dict(attrs)
            self._cell = MarkupCell(
                text="", rowspan=_span(named.get("rowspan")), colspan=_span(named.get("colspan"))
            )
        elif tag in _BREAKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
            if self._depth == 0:
                self._close_cell()
        elif self._depth <= 1 and tag in ("td", "th"):
            self._close_cell()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._parts.append(data)

    def _close_cell(self) -> None:
        if self._cell is None:
            return
        # Spacing inside a line is layout's to settle (tables_text.squash_spaces).
        lines = (" ".join(part.split()) for part in "".join(self._parts).split("\n"))
        self._cell.text = "\n".join(line for line in lines if line)
        self.rows[-1].append(self._cell)
        self._cell = None
        self._parts = []

"""Spreadsheets (.xlsx via openpyxl, .xls via xlrd) as pages of lines and ``MarkupTable``.

One page per visible worksheet, in workbook order; the page number is the sheet's place among
the pages written (1-based). Hidden and very hidden sheets are skipped, and so is a sheet with
nothing in it. A workbook where no sheet holds anything raises ``EmptyDocument``.

What a sheet becomes, as a person reading it (on screen or printed) sees it:

- Only cells inside the sheet's print area when it defines one (budget workbooks keep helper
  columns such as 打印 是/否 or 类-款-项 beside it), and only rows and columns that are not
  hidden (the 否 rows an autofilter hides, hidden 科目编码 columns). Empty rows and columns at
  the edges are dropped; an empty row in the middle of a table stays a row.
- Leading rows holding a single text (a title across the table, 单位：万元), or a table number
  and a unit (表一 | 单位：万元), are lines above the table: its caption and unit. Trailing rows
  holding a single note (注：…, 说明…, or a text merged across the table) are lines after it.
  A sheet of such rows only (a cover, a contents list) is lines without a table.
- Merged ranges become rowspan/colspan, counted over the visible rows and columns they cover.
- Cell text as displayed: the number format applied with Decimal arithmetic
  (``excel_formats.format_value``); a formula cell shows its cached value, and a formula saved
  without one shows "" (no warning: the file simply holds no value there).
- ``MarkupCell.indent`` = the cell's alignment indent plus its leading spaces, one level per
  4 half-width spaces (2 full-width ones), fractions kept: budget sheets indent 款/项 with 2-6
  spaces and only the order of the levels matters. The text itself is stripped.

Not handled: several tables side by side or stacked in one sheet are one table; conditional
formats, fraction formats (# ?/?) and [DBNum] Chinese numerals show the plain number.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from dataclasses import dataclass, field

import regex

from extractor.errors import DamagedFile, EmptyDocument
from extractor.model import Line, MarkupCell, MarkupTable, Page
from extractor.sources.excel_formats import BUILTIN_ZH, format_value, is_date_format
from extractor.sources.load import OLE_MAGIC, ZIP_MAGIC

# ---------------------------------------------------------------------------------------------
# Sheets as read, before layout: cells by (row, col), 1-based as Excel numbers them.


@dataclass(slots=True)
class RawSheet:
    title: str
    texts: dict[tuple[int, int], str] = field(default_factory=dict)  # non-empty cells only
    indents: dict[tuple[int, int], float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    area: tuple[int, int, int, int] | None = None  # print area r0, c0, r1, c1


def xlsx_to_pages(data: bytes) -> list[Page]:
    """Pages of an .xlsx workbook (see the module docstring); raises ExtractError only."""
    if data.startswith(OLE_MAGIC):
        raise DamagedFile(
            "this is an OLE compound file (an .xls workbook, or a password-protected .xlsx), "
            "not an .xlsx zip; read it as .xls, or save it unprotected as .xlsx"
        )
    if not data.startswith(ZIP_MAGIC):
        raise DamagedFile("not an .xlsx workbook (no zip header); check the file type")
    return sheets_to_pages(xlsx_to_sheets(data))


def xls_to_pages(data: bytes) -> list[Page]:
    """Pages of an .xls (BIFF) workbook (see the module docstring); raises ExtractError only."""
    if data.startswith(ZIP_MAGIC):
        raise DamagedFile(
            "this is a zip file (an .xlsx workbook or another Office Open XML file), not an "
            ".xls workbook; read it as .xlsx"
        )
    if not data.startswith(OLE_MAGIC):
        if data.lstrip()[:1] == b"<":
            raise DamagedFile(
                "an HTML or XML table saved under an .xls name, not an .xls workbook; open it "
                "in Excel/WPS and save it as .xlsx"
            )
        raise DamagedFile("not an .xls workbook (no OLE compound-file header); check the file type")
    return sheets_to_pages(xls_to_sheets(data))


def sheets_to_pages(sheets: list[RawSheet]) -> list[Page]:
    pages: list[Page] = []
    for sheet in sheets:
        page = sheet_to_page(sheet, len(pages) + 1)
        if page is not None:
            pages.append(page)
    if not pages:
        raise EmptyDocument("workbook has no visible sheet with any text or number in it")
    return pages


# ---------------------------------------------------------------------------------------------
# .xlsx


def xlsx_to_sheets(data: bytes) -> list[RawSheet]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = set(archive.namelist())
    except Exception as exc:  # BadZipFile, and NotImplementedError for a garbled version field
        raise DamagedFile(
            f"the .xlsx zip is damaged ({exc}); the download may be truncated: fetch it again "
            "or re-save it in Excel/WPS"
        ) from exc
    if "xl/workbook.xml" not in parts:
        raise DamagedFile(
            "a zip without xl/workbook.xml: not an .xlsx workbook (a .docx, .pptx or plain zip?); "
            "check the file type"
        )
    try:
        # read_only=False: merged ranges, hidden rows and print areas need the full model.
        with warnings.catch_warnings():
            # "Data Validation extension is not supported" and the like: noise for a batch.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except zipfile.BadZipFile as exc:
        raise DamagedFile(
            f"the .xlsx zip is damaged ({exc}); the download may be truncated: fetch it again "
            "or re-save it in Excel/WPS"
        ) from exc
    except Exception as exc:  # openpyxl raises whatever its XML parsing meets
        raise DamagedFile(
            f"openpyxl cannot read this .xlsx ({type(exc).__name__}: {exc}); re-save it in "
            "Excel/WPS or export the sheets to PDF"
        ) from exc
    try:
        return [
            _xlsx_sheet(ws, book.epoch) for ws in book.worksheets if ws.sheet_state == "visible"
        ]
    except Exception as exc:
        raise DamagedFile(
            f"a sheet of this .xlsx cannot be read ({type(exc).__name__}: {exc}); re-save it "
            "in Excel/WPS"
        ) from exc


def _xlsx_sheet(ws, epoch: dt.datetime) -> RawSheet:  # noqa: ANN001 (openpyxl Worksheet)
    from openpyxl.utils.datetime import from_excel

    sheet = RawSheet(title=str(ws.title))
    sheet.merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    sheet.hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            sheet.hidden_cols.update(range(dim.min, min(dim.max, 16384) + 1))
    sheet.area = _print_area(ws.print_area)
    merged_tops = {(r0, c0) for r0, c0, _, _ in sheet.merges}
    # The stored cells only: ws.iter_rows would make every cell of the used range, and a
    # stray format in column XFB makes that range 16,000 columns wide.
    for (r, c), cell in ws._cells.items():
        value = cell.value
        if value is None or not (_shown(sheet, r, c) or (r, c) in merged_tops):
            continue
        fmt = cell.number_format or "General"
        builtin = getattr(getattr(cell, "_style", None), "numFmtId", None)
        if builtin in BUILTIN_ZH:
            fmt = BUILTIN_ZH[builtin]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try:
                    value = from_excel(value, epoch)
                except (ValueError, OverflowError, TypeError):
                    pass
        text, indent = cell_text(value, fmt)
        if not text:
            continue
        sheet.texts[r, c] = text
        level = cell.alignment.indent if cell.has_style else 0
        sheet.indents[r, c] = float(level or 0) + indent
    return sheet


def _shown(sheet: RawSheet, r: int, c: int) -> bool:
    """Whether a cell is on screen and in print: in the print area, row and column visible."""
    if sheet.area is not None:
        r_lo, c_lo, r_hi, c_hi = sheet.area
        if not (r_lo <= r <= r_hi and c_lo <= c <= c_hi):
            return False
    return r not in sheet.hidden_rows and c not in sheet.hidden_cols


# A print-area range as openpyxl states it: 'Sheet 1'!$B$1:$H$41 (several joined by commas).
_AREA = regex.compile(r"\$?([A-Z]{1,3})?\$?(\d+)?:\$?([A-Z]{1,3})?\$?(\d+)?$")


def _print_area(text: str | None) -> tuple[int, int, int, int] | None:
    """The box around a sheet's print ranges, or None when it has none we can read."""
    from openpyxl.utils import column_index_from_string

    if not text:
        return None
    boxes = []
    for part in text.split(","):
        match = _AREA.search(part.rsplit("!", 1)[-1].strip())
        if not match:
            return None
        c0, r0, c1, r1 = match.groups()
        boxes.append(
            (
                int(r0) if r0 else 1,
                column_index_from_string(c0) if c0 else 1,
                int(r1) if r1 else 1_048_576,
                column_index_from_string(c1) if c1 else 16_384,
            )
        )
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# ---------------------------------------------------------------------------------------------
# .xls


def xls_to_sheets(data: bytes) -> list[RawSheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=False, logfile=io.StringIO()
        )
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, IndexError …
        raise DamagedFile(
            f"xlrd cannot read this .xls ({type(exc).__name__}: {exc}); it may be truncated, "
            "password-protected or another format: re-save it in Excel/WPS"
        ) from exc
    try:
        areas = _xls_print_areas(book)
        return [
            _xls_sheet(book, book.sheet_by_index(i), areas.get(i))
            for i in range(book.nsheets)
            if book.sheet_by_index(i).visibility == 0
        ]
    except Exception as exc:
        raise DamagedFile(
            f"a sheet of this .xls cannot be read ({type(exc).__name__}: {exc}); re-save it "
            "in Excel/WPS"
        ) from exc


def _xls_sheet(book, sh, area) -> RawSheet:  # noqa: ANN001 (xlrd Book, Sheet)
    import xlrd

    sheet = RawSheet(title=str(sh.name), area=area)
    sheet.merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sh.merged_cells]
    sheet.hidden_rows = {r + 1 for r, info in sh.rowinfo_map.items() if info.hidden}
    sheet.hidden_cols = {c + 1 for c, info in sh.colinfo_map.items() if info.hidden}
    merged_tops = {(r0, c0) for r0, c0, _, _ in sheet.merges}
    for r in range(sh.nrows):
        for c, cell in enumerate(sh.row(r)):
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if not (_shown(sheet, r + 1, c + 1) or (r + 1, c + 1) in merged_tops):
                continue
            xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
            fmt, level = "General", 0
            if xf is not None:
                level = xf.alignment.indent_level
                if xf.format_key in BUILTIN_ZH:
                    fmt = BUILTIN_ZH[xf.format_key]
                elif xf.format_key in book.format_map:
                    fmt = book.format_map[xf.format_key].format_str
            value: object = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    pass
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(cell.value, "#N/A")
            elif cell.ctype == xlrd.XL_CELL_NUMBER and xf is not None and is_date_format(fmt):
                try:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    pass
            text, indent = cell_text(value, fmt)
            if text:
                sheet.texts[r + 1, c + 1] = text
                sheet.indents[r + 1, c + 1] = float(level or 0) + indent
    return sheet


def _xls_print_areas(book) -> dict[int, tuple[int, int, int, int]]:  # noqa: ANN001
    """Sheet index → print-area box, from the workbook's built-in Print_Area names."""
    out: dict[int, tuple[int, int, int, int]] = {}
    for name in book.name_obj_list:
        if name.name.lower() != "print_area":
            continue
        try:
            sheet_index, r0, r1, c0, c1 = name.area2d(clipped=False)
        except Exception:  # noqa: BLE001 — a print area xlrd cannot evaluate is just ignored
            continue
        out[sheet_index] = (r0 + 1, c0 + 1, r1, c1)
    return out


# ---------------------------------------------------------------------------------------------
# Cell text: leading spaces are an indent, not text.

# Width of the characters people type to indent a label: half-width 1, full-width 2.
_INDENT_WIDTH = {" ": 1, "\u00a0": 1, "\u3000": 2, "\t": 4}
# Half-width spaces per indent level (2 full-width spaces, what Chinese budget sheets type).
SPACES_PER_LEVEL = 4


def cell_text(value: object, fmt: str) -> tuple[str, float]:
    """The text a cell shows, stripped, and the indent level its leading spaces make (typed
    text only: spaces a number format pads with are not an indent)."""
    text = format_value(value, fmt).replace("\r\n", "\n").replace("\r", "\n")
    width = 0
    if isinstance(value, str):
        for ch in text:
            if ch not in _INDENT_WIDTH:
                break
            width += _INDENT_WIDTH[ch]
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n".join(line for line in lines if line), width / SPACES_PER_LEVEL


# ---------------------------------------------------------------------------------------------
# Layout of one sheet: visible grid → title lines, table, note lines.


@dataclass(slots=True)
class _Anchor:
    text: str
    indent: float
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class _Grid:
    """The visible cells, positions counted over the visible rows/columns (0-based)."""

    rows: list[int]  # sheet row of each grid row
    cols: list[int]
    anchors: dict[tuple[int, int], _Anchor]
    cover: dict[tuple[int, int], tuple[int, int]]  # position → anchor covering it (not itself)
    pieces: dict[int, list[tuple[int, _Anchor]]] = field(default_factory=dict)  # texts by row
    text_spanned: set[int] = field(default_factory=set)  # rows a text merged from above reaches
    span_top: dict[int, int] = field(default_factory=dict)  # row → top row of merges reaching it

    def index(self) -> None:
        for (i, j), anchor in sorted(self.anchors.items()):
            if anchor.text:
                self.pieces.setdefault(i, []).append((j, anchor))
        for (i, _), owner in self.cover.items():
            if owner[0] < i:
                self.span_top[i] = min(self.span_top.get(i, i), owner[0])
                if self.anchors[owner].text:
                    self.text_spanned.add(i)


def sheet_to_grid(sheet: RawSheet) -> _Grid | None:
    r_lo, c_lo, r_hi, c_hi = sheet.area or (1, 1, 1_048_576, 16_384)
    # Cells whose text is displayed: visible ones, and merges shown through a visible part.
    places = [(r, c) for (r, c) in sheet.texts if _shown(sheet, r, c)]
    merges = []
    for r0, c0, r1, c1 in sheet.merges:
        if r1 < r0 or c1 < c0 or (r1 - r0 + 1) * (c1 - c0 + 1) > 1_000_000:
            continue
        rows = [r for r in range(max(r0, r_lo), min(r1, r_hi) + 1) if r not in sheet.hidden_rows]
        cols = [c for c in range(max(c0, c_lo), min(c1, c_hi) + 1) if c not in sheet.hidden_cols]
        if rows and cols:
            merges.append((r0, c0, rows, cols))
            if (r0, c0) in sheet.texts:
                places.append((rows[0], cols[0]))
    if not places:
        return None
    content_rows = {r for r, _ in places}
    content_cols = {c for _, c in places}
    for r0, c0, rows, cols in merges:  # a text merged down/right keeps the rows it covers
        if (r0, c0) in sheet.texts:
            content_rows.update(rows)
            content_cols.update(cols)
    grid_rows = _close_gaps(
        [r for r in range(min(content_rows), max(content_rows) + 1) if r not in sheet.hidden_rows],
        content_rows,
    )
    grid_cols = _close_gaps(
        [c for c in range(min(content_cols), max(content_cols) + 1) if c not in sheet.hidden_cols],
        content_cols,
    )
    row_at = {r: i for i, r in enumerate(grid_rows)}
    col_at = {c: j for j, c in enumerate(grid_cols)}

    anchors: dict[tuple[int, int], _Anchor] = {}
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, rows, cols in merges:
        ii = [row_at[r] for r in rows if r in row_at]
        jj = [col_at[c] for c in cols if c in col_at]
        if not ii or not jj:
            continue
        spots = [(i, j) for i in ii for j in jj]
        if any(spot in anchors or spot in cover for spot in spots):
            continue  # overlapping merges (a damaged file): the first one wins
        anchor = (ii[0], jj[0])
        anchors[anchor] = _Anchor(
            sheet.texts.get((r0, c0), ""), sheet.indents.get((r0, c0), 0.0), len(ii), len(jj)
        )
        cover.update((spot, anchor) for spot in spots[1:])
    for (r, c), text in sheet.texts.items():
        spot = (row_at.get(r), col_at.get(c))
        if None in spot or spot in anchors or spot in cover or not _shown(sheet, r, c):
            continue
        anchors[spot] = _Anchor(text, sheet.indents.get((r, c), 0.0))  # type: ignore[index]
    grid = _Grid(grid_rows, grid_cols, anchors, cover)
    grid.index()
    return grid


# More blank rows (columns) than this in a row are one blank: a stray value a thousand rows
# under the table must not make a thousand empty table rows.
MAX_BLANK_RUN = 50


def _close_gaps(lines: list[int], content: set[int]) -> list[int]:
    """``lines`` (rows or columns) with each run of over MAX_BLANK_RUN blank ones cut to one."""
    out: list[int] = []
    run: list[int] = []
    for line in lines:
        if line in content:
            out.extend(run if len(run) <= MAX_BLANK_RUN else run[:1])
            run = []
            out.append(line)
        else:
            run.append(line)
    return out  # the edges are content, so no run is left over


# Captions that share a title row with the title or each other: 单位：万元, 表一, 附表1-3,
# 编制单位：…, a date.
_CAPTION_PIECE = regex.compile(
    r"""^[（(]?\s*(?:金额)?单位\s*[:：]            # 单位：万元, （单位：元）
      | ^(?:附表|附件|表)\s*[\d一二三四五六七八九十百零〇]+(?:\s*[-－—.]\s*\d+)*\s*$
                                                  # 表一, 附表1-3
      | ^(?:编制|填报|报送|预算|主管)(?:部门|单位)\s*[:：]   # 编制单位：…
      | ^\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$  # 2025年3月
    """,
    regex.VERBOSE,
)
# A row after the table that opens a note: 注：…, 说明：…, 备注…, 资料来源…
_NOTE_START = regex.compile(
    r"^[（(]?\s*(?:注|说明|备注|附注|资料来源|数据来源|填表说明|填报说明|制表|填表人|审核人|负责人)"
)


def _row_pieces(grid: _Grid, i: int) -> list[tuple[int, _Anchor]]:
    return grid.pieces.get(i, [])


def _row_text(pieces: list[tuple[int, _Anchor]]) -> list[str]:
    seen: list[str] = []
    for _, anchor in pieces:
        if anchor.text not in seen:  # a title repeated over side-by-side tables counts once
            seen.append(anchor.text)
    return seen


def _is_title_row(grid: _Grid, i: int) -> bool | None:
    """True for a title row, None for a blank one, False for a table row."""
    pieces = _row_pieces(grid, i)
    if not pieces:
        return False if i in grid.text_spanned else None
    if any(anchor.rowspan > 1 for _, anchor in pieces):
        return False  # a label merged down is a header cell
    texts = _row_text(pieces)
    plain = [t for t in texts if not _CAPTION_PIECE.search(t)]
    return len(plain) <= 1


def _note_rows(grid: _Grid, first: int, last: int, width: int) -> int:
    """Index of the first note row at the bottom (last + 1 when there is none)."""
    block: list[int] = []
    for i in range(last, first - 1, -1):
        if len(_row_text(_row_pieces(grid, i))) > 1:
            break
        block.append(i)
    start = last + 1
    for i in reversed(block):  # top to bottom: the first note opener starts the notes
        pieces = _row_pieces(grid, i)
        if not pieces:
            continue
        anchor = pieces[0][1]
        if _NOTE_START.match(anchor.text) or anchor.colspan >= max(2, width // 2):
            start = i
            break
    # A cell merged down from a table row into the notes would be cut: then there are none.
    if any(grid.span_top.get(i, start) < start for i in range(start, last + 1)):
        return last + 1
    return start


def sheet_to_page(sheet: RawSheet, number: int) -> Page | None:
    grid = sheet_to_grid(sheet)
    if grid is None:
        return None
    n_rows = len(grid.rows)
    kinds = [_is_title_row(grid, i) for i in range(n_rows)]

    head = 0  # rows before the table: title rows and blank rows between them
    while head < n_rows and kinds[head] is not False:
        head += 1
    lines_above = _lines_of(grid, range(head))
    if head == n_rows:  # a cover or a contents list: lines only
        return _page(number, lines_above, None, [])

    tail = n_rows - 1
    while kinds[tail] is None:
        tail -= 1
    notes = _note_rows(grid, head, tail, len(grid.cols))
    lines_below = _lines_of(grid, range(notes, tail + 1))
    table = _table_of(grid, sheet.title, head, notes - 1)
    return _page(number, lines_above, table, lines_below)


def _lines_of(grid: _Grid, rows: range) -> list[str]:
    """Text rows as lines, one per cell text and line break in it (表四十四 | 单位：万元 are two
    captions, not one); blank rows between them as one empty line, none at the ends."""
    out: list[str] = []
    for i in rows:
        texts = _row_text(_row_pieces(grid, i))
        if not texts:
            if out and out[-1]:
                out.append("")
            continue
        for text in texts:
            out.extend(text.split("\n"))
    while out and not out[-1]:
        out.pop()
    return out


def _table_of(grid: _Grid, title: str, first: int, last: int) -> MarkupTable | None:
    while last >= first and _is_title_row(grid, last) is None:
        last -= 1
    if last < first:
        return None
    used = [
        j + k
        for (i, j), a in grid.anchors.items()
        if first <= i <= last and a.text
        for k in range(a.colspan)
    ]
    left, right = min(used), max(used)
    rows: list[list[MarkupCell]] = []
    for i in range(first, last + 1):
        row: list[MarkupCell] = []
        for j in range(left, right + 1):
            anchor = grid.anchors.get((i, j))
            if anchor is not None:
                row.append(
                    MarkupCell(
                        text=anchor.text,
                        rowspan=min(anchor.rowspan, last - i + 1),
                        colspan=min(anchor.colspan, right - j + 1),
                        indent=anchor.indent,
                    )
                )
                continue
            owner = grid.cover.get((i, j))
            if owner is not None and first <= owner[0] and left <= owner[1]:
                continue  # covered by a span inside the table
            row.append(MarkupCell(text=""))
        rows.append(row)
    origin = {"sheet": title, "row": grid.rows[first], "col": grid.cols[left]}
    return MarkupTable(rows=rows, origin=origin)


def _page(number: int, above: list[str], table: MarkupTable | None, below: list[str]) -> Page:
    texts = above + below
    lines = [Line(text=text, page=number, index=i) for i, text in enumerate(texts)]
    tables = []
    if table is not None:
        table.index = len(above)
        tables.append(table)
    return Page(number=number, origin="dump", lines=lines, tables=tables)

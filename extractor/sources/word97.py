"""Word 97-2003 binary documents (.doc) as pages of prose lines and ``MarkupTable``s.

The file is an OLE compound file (read with olefile). Its ``WordDocument`` stream starts with
the FIB, which says where the piece table (the CLX, in the ``0Table`` or ``1Table`` stream)
is and how many characters the main text has (``ccpText``; footnotes, headers and text boxes
follow it and are not read — page furniture). Each piece of text is either "compressed"
(8-bit: cp1252, where the bytes 0x82-0x9F are the cp1252 punctuation MS-DOC lists) or
UTF-16LE.

The text carries its structure in control characters:
- ``\\r`` ends a paragraph (one Line), ``\\x0b`` is a manual line break (a Line too), ``\\x0c``
  a page or section break (a new page: .doc files keep no rendered page breaks, so the
  pages are the author's explicit breaks, and a file without any is page 1);
- ``\\x07`` ends a table cell, and a ``\\x07`` paragraph whose properties say "table
  terminating paragraph" (TTP, read from the paragraph FKPs, or from the Data stream when
  the properties are too large for the FKP) ends a row. The row end's table definition
  (sprmTDefTable) gives the cells' boundaries — a cell spans the grid columns between its
  boundaries, the grid being every row's boundaries — and their vertical/horizontal merge
  flags (rowspans, HTML model). Nested tables' text stays in the outer cell. If the
  paragraph properties cannot be read, a cell mark right after an empty cell-end is taken
  for the row end (empty cells then cut rows short), and there are no spans;
- automatic numbering (sprmPIlfo/sprmPIlvl on a paragraph; lists in PlfLst, instances in
  PlfLfo) is rebuilt as printed ("一、") and put in front of the paragraph, with the same
  counting as the .docx reader; numbering stated only in a paragraph style is not read;
- a cell's indent is its first paragraph's left + first-line indent, in characters (twips
  over a 10.5 pt character when only twips are given), else its leading spaces;
- fields ``\\x13 code \\x14 result \\x15`` keep only their result (a TOC's entries, a
  PAGEREF's page number); a field without a result leaves nothing;
- other control characters (pictures ``\\x01``, drawn objects ``\\x08``, note marks) are
  dropped, tabs are written as one space, the non-breaking hyphen ``\\x1e`` as "-".

Every failure on any input is an ``ExtractError`` subclass.
"""

from __future__ import annotations

import bisect
import io
import struct
from dataclasses import dataclass, field

from extractor.errors import (
    DamagedFile,
    EmptyDocument,
    EncryptedFile,
    ExtractError,
    damaged_unless_read,
)
from extractor.model import MarkupCell, MarkupTable, Page
from extractor.sources.docx import Block, blocks_to_pages, docx_to_pages
from extractor.sources.load import ZIP_MAGIC
from extractor.sources.word_numbering import Numbering, NumberLevel

# The FIB's magic number (wIdent) of Word 97 and later binary documents.
WORD97_IDENT = 0xA5EC
# nFib below this is Word 6/95, whose FIB and text differ.
MIN_NFIB = 101
# FibRgFcLcb97 pairs (fc, lcb): the piece table and the paragraph property bin table.
FC_CLX = 33
FC_PLCF_BTE_PAPX = 13
FC_PLF_LST = 73  # list definitions (LSTF array, then the levels' LVLs)
FC_PLF_LFO = 74  # list instances (LFO array, then their overrides)
FKP_SIZE = 512

# Sprms (property modifiers) of paragraphs read here.
SPRM_IN_TABLE = 0x2416
SPRM_TTP = 0x2417
SPRM_ITAP = 0x6649
SPRM_ILFO = 0x460B  # the paragraph's list instance (1-based; 0 and negatives: none)
SPRM_ILVL = 0x260A
SPRM_DXA_LEFT = (0x845E, 0x840F)  # twips; Word 2000+ sprm first, then Word 97's
SPRM_DXA_LEFT1 = (0x8460, 0x8411)
SPRM_DXC_LEFT = 0x4456  # hundredths of a character
SPRM_DXC_LEFT1 = 0x4457
SPRM_TDEF_TABLE = (0xD608, 0xD606)
SPRM_HUGE_PAPX = (0x6646, 0x6645)
SPRM_CHG_TABS = 0xC615
# Operand size by the sprm's spra field (6 is variable, 7 is three bytes).
_SPRA_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
# Twips of one character when the font size is not read: 10.5 pt (五号).
CHAR_TWIPS = 210

# Control characters.
PARA, CELL, PAGE, LINE = "\r", "\x07", "\x0c", "\x0b"
FIELD_BEGIN, FIELD_SEP, FIELD_END = "\x13", "\x14", "\x15"
_KEEP_CONTROL = {"\t": " ", "\x1e": "-", "\x1f": ""}


def _cp1252_table() -> str:
    # MS-DOC: compressed text is cp1252; its five unassigned bytes stand for themselves.
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


_CP1252 = _cp1252_table()


def ole_streams(data: bytes) -> set[str]:
    """Names of the top-level streams of an OLE compound file."""
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError, …
        raise DamagedFile(
            f"not a readable OLE compound file ({type(exc).__name__}: {exc}); the .doc is "
            "truncated or of another type — check the download"
        ) from exc


def doc_to_pages(data: bytes) -> list[Page]:
    """Pages of lines and markup tables from the bytes of a Word 97-2003 .doc file.

    Raises ``EncryptedFile`` for a password-protected file, ``EmptyDocument`` when it holds
    no text, ``DamagedFile`` for anything else that cannot be read as a Word 97 document.
    A .docx saved under a .doc name is read as the .docx it is.
    """
    if data.startswith(ZIP_MAGIC):
        return docx_to_pages(data)
    with damaged_unless_read("the .doc file", "open it in Word or WPS and save it as .docx"):
        doc = _open(data)
        blocks = _Reader(doc).blocks()
    return blocks_to_pages(blocks)


@dataclass
class _Doc:
    word: bytes  # the WordDocument stream
    table: bytes  # the 0Table / 1Table stream
    text: str  # the main document text, control characters included
    starts: list[int]  # piece table: first CP of each piece (sorted)
    fcs: list[tuple[int, bool]]  # each piece's stream offset and whether it is 8-bit
    fib_pairs: list[tuple[int, int]]
    data: bytes = b""  # the Data stream: where oversized paragraph properties live


def _open(data: bytes) -> _Doc:
    if not data:
        raise EmptyDocument("empty .doc file: 0 bytes")
    other = _other_kind(data)
    if other:
        raise DamagedFile(
            f"not a Word 97-2003 .doc: the file is {other} with a .doc name; open it in Word "
            "or WPS and save it as .docx"
        )
    try:
        import olefile
    except ImportError as exc:
        raise ExtractError(
            "reading .doc files needs the olefile package: pip install olefile", stage="read"
        ) from exc
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:
        raise DamagedFile(
            f"not a Word .doc (not an OLE compound file: {exc}); the file is truncated or "
            "of another type — check the download"
        ) from exc
    with ole:
        streams = {"/".join(e) for e in ole.listdir(streams=True, storages=False)}
        if "EncryptedPackage" in streams:
            raise EncryptedFile(
                "the Word file is password-protected (encrypted); save an unprotected copy "
                "and rerun"
            )
        if "WordDocument" not in streams:
            raise DamagedFile(
                "OLE compound file without a WordDocument stream: not a Word .doc "
                f"(streams: {', '.join(sorted(streams)[:6])})"
            )
        word = ole.openstream("WordDocument").read()
        ident, n_fib = struct.unpack_from("<HH", word, 0)
        if ident != WORD97_IDENT:
            raise DamagedFile(f"WordDocument stream has no Word FIB (magic {ident:#06x})")
        if n_fib < MIN_NFIB:
            raise DamagedFile(
                f"Word 6/95 document (nFib {n_fib}): only Word 97-2003 .doc is read; "
                "save it as .docx"
            )
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100 or flags & 0x8000:  # fEncrypted, fObfuscated
            raise EncryptedFile(
                "the .doc file is password-protected (encrypted); save an unprotected copy "
                "and rerun"
            )
        name = "1Table" if flags & 0x0200 else "0Table"
        if name not in streams:
            raise DamagedFile(f"the .doc has no {name} stream (its FIB points to one)")
        table = ole.openstream(name).read()
        extra = ole.openstream("Data").read() if "Data" in streams else b""
    ccp_text, pairs = _fib(word)
    starts, fcs, text = _pieces(word, table, pairs)
    return _Doc(word, table, text[:ccp_text], starts, fcs, pairs, extra)


def _other_kind(data: bytes) -> str:
    """What a file named .doc is when it is no OLE file: sites save RTF, HTML and MHT as .doc."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "RTF (rich text)"
    if head.startswith((b"<html", b"<!doctype html", b"<?xml", b"<meta")):
        return "HTML/XML (a web page)"
    if head.startswith(b"mime-version"):
        return "MHT (a saved web page)"
    return ""


def _fib(word: bytes) -> tuple[int, list[tuple[int, int]]]:
    """ccpText and the (fc, lcb) pairs of the FIB."""
    pos = 32  # FibBase
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    ccp_text = struct.unpack_from("<i", word, pos + 2 + 12)[0]
    pos += 2 + 4 * cslw
    count = struct.unpack_from("<H", word, pos)[0]
    pairs = [struct.unpack_from("<II", word, pos + 2 + 8 * k) for k in range(count)]
    if len(pairs) <= FC_CLX or ccp_text < 0:
        raise DamagedFile("the .doc FIB is too short to locate the text (damaged file)")
    return ccp_text, pairs


def _pieces(
    word: bytes, table: bytes, pairs: list[tuple[int, int]]
) -> tuple[list[int], list[tuple[int, bool]], str]:
    fc_clx, lcb_clx = pairs[FC_CLX]
    clx = table[fc_clx : fc_clx + lcb_clx]
    if len(clx) != lcb_clx or not lcb_clx:
        raise DamagedFile("the .doc piece table lies outside its table stream (damaged file)")
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise DamagedFile("the .doc piece table is malformed (no Pcdt)")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise DamagedFile("the .doc piece table is empty (damaged file)")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    starts: list[int] = []
    fcs: list[tuple[int, bool]] = []
    parts: list[str] = []
    for k in range(n):
        raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)[0]
        compressed = bool(raw & 0x40000000)
        count = cps[k + 1] - cps[k]
        if count < 0 or cps[k] != sum(len(p) for p in parts):
            raise DamagedFile("the .doc piece table is out of order (damaged file)")
        if compressed:
            fc = (raw & 0x3FFFFFFF) // 2
            chunk = word[fc : fc + count]
            text = chunk.decode("latin-1").translate(_TRANSLATE)
        else:
            fc = raw & 0x3FFFFFFF
            chunk = word[fc : fc + 2 * count]
            text = chunk.decode("utf-16-le", errors="replace")
        if len(text) != count:
            raise DamagedFile("a .doc text piece lies outside the WordDocument stream")
        starts.append(cps[k])
        fcs.append((fc, compressed))
        parts.append(text)
    return starts, fcs, "".join(parts)


_TRANSLATE = {b: _CP1252[b] for b in range(0x80, 0xA0)}


# --- paragraph properties -------------------------------------------------------------------


@dataclass(slots=True)
class ParaProps:
    in_table: bool = False
    ttp: bool = False  # the paragraph ends a table row
    depth: int = 0  # table nesting (itap)
    indent: float = 0.0  # first-line start, in characters
    # A row end's table definition: cell boundaries (twips) and each cell's merge flags.
    bounds: tuple[int, ...] = ()
    merges: tuple[int, ...] = ()
    list_id: int = 0  # ilfo: Word's automatic numbering instance
    list_level: int = 0


class _Papx:
    """Paragraph properties by stream offset, from the PAPX FKPs."""

    def __init__(self, doc: _Doc) -> None:
        self.bounds: list[int] = []  # run starts (stream offsets), sorted
        self.ends: list[int] = []
        self.props: list[ParaProps] = []
        fc, lcb = doc.fib_pairs[FC_PLCF_BTE_PAPX]
        plc = doc.table[fc : fc + lcb]
        n = (len(plc) - 4) // 8
        runs: list[tuple[int, int, ParaProps]] = []
        for k in range(max(0, n)):
            pn = struct.unpack_from("<I", plc, 4 * (n + 1) + 4 * k)[0] & 0x3FFFFF
            page = doc.word[pn * FKP_SIZE : (pn + 1) * FKP_SIZE]
            if len(page) == FKP_SIZE:
                runs += _fkp_runs(page, doc.data)
        runs.sort(key=lambda run: run[0])
        for start, end, props in runs:
            self.bounds.append(start)
            self.ends.append(end)
            self.props.append(props)

    def at(self, fc: int) -> ParaProps | None:
        k = bisect.bisect_right(self.bounds, fc) - 1
        if k < 0 or fc >= self.ends[k]:
            return None
        return self.props[k]


def _fkp_runs(page: bytes, data: bytes) -> list[tuple[int, int, ParaProps]]:
    crun = page[FKP_SIZE - 1]
    if 4 * (crun + 1) + 13 * crun > FKP_SIZE - 1:
        return []
    fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
    out = []
    for i in range(crun):
        offset = 2 * page[4 * (crun + 1) + 13 * i]
        props = ParaProps()
        if offset:
            cb = page[offset]
            if cb:
                body = page[offset + 1 : offset + 2 * cb]
            else:
                body = page[offset + 2 : offset + 2 + 2 * page[offset + 1]]
            props = _props(body[2:], data)  # the first two bytes are the style (istd)
        out.append((fcs[i], fcs[i + 1], props))
    return out


def _props(grpprl: bytes, data: bytes = b"", nested: bool = False) -> ParaProps:
    props = ParaProps()
    left = left1 = 0
    chars_left = chars_left1 = 0
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra == 6:
            if pos >= len(grpprl):
                break
            if sprm == SPRM_CHG_TABS and grpprl[pos] == 255:
                break  # a tab-stop change sized by its content: nothing after it is read
            if sprm in SPRM_TDEF_TABLE and pos + 2 <= len(grpprl):
                size = 2 + struct.unpack_from("<H", grpprl, pos)[0] - 1
            else:
                size = 1 + grpprl[pos]
        else:
            size = _SPRA_SIZE[spra]
        operand = grpprl[pos : pos + size]
        pos += size
        if len(operand) < size:
            break
        if sprm in SPRM_HUGE_PAPX and not nested:
            # Properties too large for the FKP (a wide row's table definition) are in the
            # Data stream: a 2-byte size, then the sprms.
            at = struct.unpack_from("<I", operand)[0]
            if at + 2 <= len(data):
                size = struct.unpack_from("<H", data, at)[0]
                return _props(data[at + 2 : at + 2 + size], data, nested=True)
        elif sprm in SPRM_TDEF_TABLE:
            props.bounds, props.merges = _table_def(operand)
        elif sprm == SPRM_IN_TABLE:
            props.in_table = bool(operand[0])
        elif sprm == SPRM_ILFO:
            props.list_id = struct.unpack_from("<h", operand)[0]
        elif sprm == SPRM_ILVL:
            props.list_level = min(operand[0], 8)
        elif sprm == SPRM_TTP:  # (a nested table's row end, sprmPFInnerTtp, is not one)
            props.ttp = bool(operand[0])
        elif sprm == SPRM_ITAP:
            props.depth = struct.unpack_from("<i", operand)[0]
        elif sprm in SPRM_DXA_LEFT:
            left = struct.unpack_from("<h", operand)[0]
        elif sprm in SPRM_DXA_LEFT1:
            left1 = struct.unpack_from("<h", operand)[0]
        elif sprm == SPRM_DXC_LEFT:
            chars_left = struct.unpack_from("<h", operand)[0]
        elif sprm == SPRM_DXC_LEFT1:
            chars_left1 = struct.unpack_from("<h", operand)[0]
    # Character units win over twips, as in Word.
    indent = (chars_left / 100 if chars_left else left / CHAR_TWIPS) + (
        chars_left1 / 100 if chars_left1 else left1 / CHAR_TWIPS
    )
    props.indent = max(0.0, round(indent, 1))
    if props.depth > 0:
        props.in_table = True
    return props


# --- text to blocks --------------------------------------------------------------------------


@dataclass
class _Table:
    rows: list[list[MarkupCell]] = field(default_factory=list)
    defs: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    row: list[MarkupCell] = field(default_factory=list)
    cell: list[str] = field(default_factory=list)
    indent: float | None = None


class _Reader:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        try:
            self.papx: _Papx | None = _Papx(doc)
        except (struct.error, IndexError, ValueError):
            self.papx = None  # tables then fall back on the cell-mark pattern
        self.page = 1
        self.written = False
        self.out: list[Block] = []
        self.table: _Table | None = None
        self.tables = 0
        self.numbers = doc_numbering(doc)

    def fc_of(self, cp: int) -> int:
        k = bisect.bisect_right(self.doc.starts, cp) - 1
        fc, compressed = self.doc.fcs[k]
        return fc + (cp - self.doc.starts[k]) * (1 if compressed else 2)

    def props(self, cp: int) -> ParaProps | None:
        return self.papx.at(self.fc_of(cp)) if self.papx is not None else None

    def blocks(self) -> list[Block]:
        line: list[str] = []
        stack: list[bool] = []  # open fields: True while in the field's code
        in_code = 0  # open fields still in their code: their text is not shown
        prev_cell_end = False
        para_out = 0  # where the current paragraph's first line went in self.out
        for cp, ch in enumerate(self.doc.text):
            if ch == FIELD_BEGIN:
                stack.append(True)
                in_code += 1
                continue
            if ch == FIELD_SEP:
                if stack and stack[-1]:
                    stack[-1] = False
                    in_code -= 1
                continue
            if ch == FIELD_END:
                if stack and stack.pop():
                    in_code -= 1
                continue
            if in_code:
                continue
            if ch == PARA or ch == CELL:
                props = self.props(cp)
                text = self.numbered("".join(line), props, para_out)
                line = []
                if ch == CELL:
                    ttp = props.ttp if props is not None else (prev_cell_end and not text)
                    self.cell_mark(text, props, ttp)
                    prev_cell_end = not ttp
                else:
                    prev_cell_end = False
                    table = self.table
                    if props is not None:
                        in_table = props.in_table
                    else:  # unknown: in a table only in the middle of a row
                        in_table = table is not None and bool(table.row or table.cell)
                    if in_table:
                        self.cell_line(text, props)
                    else:
                        self.prose(text)
                para_out = len(self.out)
            elif ch == LINE:
                self.prose_or_cell("".join(line))
                line = []
            elif ch == PAGE:
                self.prose_or_cell("".join(line))
                line = []
                if self.table is not None and not (self.table.row or self.table.cell):
                    self.close_table()  # the table ended on the page this break closes
                if self.written:
                    self.page += 1
                    self.written = False
            elif ch < " ":
                line.append(_KEEP_CONTROL.get(ch, ""))
            else:
                line.append(ch)
        if line:
            self.prose("".join(line))
        self.close_table()
        return self.out

    def numbered(self, text: str, props: ParaProps | None, para_out: int) -> str:
        """The paragraph's last line with its automatic number in front (or the number put
        before the paragraph's first line, when line breaks cut it and that line is out)."""
        if props is None or props.list_id <= 0:
            return text
        label = self.numbers.label(str(props.list_id), props.list_level)
        if not label:
            return text
        if self.table is None and para_out < len(self.out):
            first = self.out[para_out]
            if first.text is not None:
                first.text = label + first.text
                return text
        return label + text

    def prose_or_cell(self, text: str) -> None:
        """A line cut by a manual line break or a page break, in a cell or in prose."""
        if not text:
            return
        if self.table is not None:
            self.table.cell.append(text)
        else:
            self.prose(text)

    def prose(self, text: str) -> None:
        self.close_table()
        self.out.append(Block(self.page, text=text))
        self.written = self.written or bool(text.strip())

    def cell_line(self, text: str, props: ParaProps | None) -> None:
        table = self.table or self.open_table()
        if not table.cell and props is not None:
            table.indent = props.indent
        table.cell.append(text)

    def cell_mark(self, text: str, props: ParaProps | None, ttp: bool) -> None:
        table = self.table or self.open_table()
        if ttp:
            table.rows.append(table.row)
            table.defs.append((props.bounds, props.merges) if props is not None else ((), ()))
            table.row = []
            table.cell = []
            return
        if not table.cell and props is not None:
            table.indent = props.indent
        table.cell.append(text)
        lines = [line.strip() for line in table.cell]
        first = table.cell[0]
        indent = table.indent or 0.0
        if not indent and first.strip():
            lead = first[: len(first) - len(first.lstrip())]
            indent = sum(1.0 if ch == "\u3000" else 0.5 for ch in lead)
        table.row.append(MarkupCell(text="\n".join(x for x in lines if x), indent=indent))
        table.cell = []
        table.indent = None

    def open_table(self) -> _Table:
        self.table = _Table()
        return self.table

    def close_table(self) -> None:
        table, self.table = self.table, None
        if table is None:
            return
        if table.row:  # a row the file did not end
            table.rows.append(table.row)
            table.defs.append(((), ()))
        rows = [row for row in spans(table.rows, table.defs) if row]
        if any(cell.text for row in rows for cell in row):
            self.tables += 1
            self.out.append(
                Block(self.page, table=MarkupTable(rows=rows, origin={"table": self.tables}))
            )
            self.written = True


# --- spans from the rows' table definitions --------------------------------------------------

# TC80 tcgrf bits (MS-DOC TCGRF): horizontal merge (1 first cell, 2/3 merged with the
# previous one) and vertical merge (3 first cell of a set, 1 merged with the cell above).
_HORZ_MERGE = 0x0003
_VERT_MERGE = 0x0060
_VERT_CONTINUE = 0x0020
_TC80_SIZE = 20
# Cell boundaries of two rows closer than this (twips) are one grid line.
BOUND_SLACK = 30


def _table_def(operand: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Cell boundaries and TC80 merge flags of sprmTDefTable's operand."""
    if len(operand) < 3:
        return (), ()
    count = operand[2]
    need = 3 + 2 * (count + 1)
    if len(operand) < need:
        return (), ()
    bounds = struct.unpack_from(f"<{count + 1}h", operand, 3)
    flags = []
    for i in range(count):
        at = need + _TC80_SIZE * i
        flags.append(struct.unpack_from("<H", operand, at)[0] if at + 2 <= len(operand) else 0)
    return tuple(bounds), tuple(flags)


def spans(
    rows: list[list[MarkupCell]], defs: list[tuple[tuple[int, ...], tuple[int, ...]]]
) -> list[list[MarkupCell]]:
    """Rows with colspans from the cell boundaries every row states (a cell spans the grid
    columns between its boundaries, the grid being all rows' boundaries) and rowspans from
    the vertical merge flags; cells merged into a neighbour are dropped (HTML model). A row
    whose definition does not match its cells keeps spans of 1."""
    grid = sorted({b for bounds, _ in defs for b in bounds})
    lines: list[int] = []
    for b in grid:
        if not lines or b - lines[-1] > BOUND_SLACK:
            lines.append(b)

    def column(x: int) -> int:  # the nearest grid line
        k = bisect.bisect_left(lines, x)
        if k == len(lines) or (k > 0 and x - lines[k - 1] <= lines[k] - x):
            return k - 1
        return k

    out: list[list[MarkupCell]] = []
    above: dict[int, MarkupCell] = {}  # grid column → the cell a vertical merge started
    for row, (bounds, flags) in zip(rows, defs, strict=True):
        if len(bounds) != len(row) + 1 or not lines:
            out.append(row)
            above = {}
            continue
        kept: list[MarkupCell] = []
        merged: dict[int, MarkupCell] = {}
        for k, cell in enumerate(row):
            first, last = column(bounds[k]), column(bounds[k + 1])
            cell.colspan = max(1, last - first)
            flag = flags[k] if k < len(flags) else 0
            if flag & _VERT_MERGE == _VERT_CONTINUE and first in above:
                above[first].rowspan += 1
                merged[first] = above[first]
            elif flag & _HORZ_MERGE >= 2 and kept:
                kept[-1].colspan += cell.colspan
            else:
                if flag & _VERT_MERGE == _VERT_MERGE:
                    merged[first] = cell
                kept.append(cell)
        above = merged
        out.append(kept)
    return out


# --- automatic numbering -------------------------------------------------------------------

# MSONFC number formats, as the WordprocessingML numFmt names format_number knows.
NFC_FORMATS = {
    0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter",
    14: "decimalFullWidth", 18: "decimalEnclosedCircle", 19: "decimalFullWidth",
    22: "decimalZero", 23: "bullet", 26: "decimalEnclosedFullstop",
    27: "decimalEnclosedParen", 28: "decimalEnclosedCircleChinese",
    30: "ideographTraditional", 31: "ideographZodiac", 33: "taiwaneseCounting",
    35: "taiwaneseCountingThousand", 37: "chineseCounting", 38: "chineseLegalSimplified",
    39: "chineseCountingThousand", 255: "none",
}
_FOLLOW = {0: "tab", 1: "space", 2: "nothing"}
_LSTF_SIZE, _LVLF_SIZE, _LFO_SIZE = 28, 28, 16


def _lvl(table: bytes, pos: int) -> tuple[NumberLevel, int]:
    """One LVL (LVLF, its property groups, the number text) at ``pos``; and where it ends."""
    start, nfc, flags = struct.unpack_from("<iBB", table, pos)
    follow = table[pos + 15]
    cb_chpx, cb_papx = table[pos + 24], table[pos + 25]
    at = pos + _LVLF_SIZE + cb_papx + cb_chpx
    cch = struct.unpack_from("<H", table, at)[0]
    raw = table[at + 2 : at + 2 + 2 * cch]
    if len(raw) != 2 * cch:
        raise ValueError("list level text outside the table stream")
    # The number text holds each level's number as the character 0-8 (the level index).
    text = "".join(f"%{ord(ch) + 1}" if ord(ch) < 9 else ch for ch in raw.decode("utf-16-le"))
    level = NumberLevel(
        start=start,
        fmt=NFC_FORMATS.get(nfc, "decimal"),
        text=text,
        suffix=_FOLLOW.get(follow, "tab"),
        legal=bool(flags & 0x04),
    )
    return level, at + 2 + 2 * cch


def doc_numbering(doc: _Doc) -> Numbering:
    """The lists (PlfLst + LVLs) and list instances (PlfLfo) of a .doc, as a ``Numbering``
    keyed by ilfo. Unreadable list tables give no numbers, never an error."""
    numbering = Numbering(None, "")
    table = doc.table
    try:
        fc, lcb = doc.fib_pairs[FC_PLF_LST]
        fc_lfo, lcb_lfo = doc.fib_pairs[FC_PLF_LFO]
        if not lcb or not lcb_lfo:
            return numbering
        count = struct.unpack_from("<h", table, fc)[0]
        lists = []
        for k in range(max(0, count)):
            at = fc + 2 + _LSTF_SIZE * k
            lsid = struct.unpack_from("<i", table, at)[0]
            lists.append((lsid, 1 if table[at + 26] & 0x01 else 9))
        pos = fc + lcb  # the LVLs follow the PlfLst
        for lsid, n_levels in lists:
            levels = {}
            for level in range(n_levels):
                levels[level], pos = _lvl(table, pos)
            numbering.abstract[str(lsid)] = levels
        lfo_mac = struct.unpack_from("<i", table, fc_lfo)[0]
        pos = fc_lfo + 4 + _LFO_SIZE * max(0, lfo_mac)
        for k in range(max(0, lfo_mac)):
            at = fc_lfo + 4 + _LFO_SIZE * k
            lsid = struct.unpack_from("<i", table, at)[0]
            overrides = table[at + 12]
            starts: dict[int, int] = {}
            own: dict[int, NumberLevel] = {}
            pos += 4  # LFOData: a CP, then one LFOLVL per override
            for _ in range(overrides):
                start_at, bits = struct.unpack_from("<iI", table, pos)
                pos += 8
                level = bits & 0x0F
                if bits & 0x20:  # fFormatting: a whole LVL replaces the list's level
                    own[level], pos = _lvl(table, pos)
                if bits & 0x10:  # fStartAt
                    starts[level] = start_at
            numbering.instances[str(k + 1)] = (str(lsid), own, starts)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        pass  # what was read so far stands
    return numbering

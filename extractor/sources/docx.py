"""Word .docx (OOXML) as pages of prose lines and ``MarkupTable``s.

The package is read with the standard library only (zipfile + ElementTree). The document part
is walked in body order: a paragraph (``w:p``) is a ``Line``, a table (``w:tbl``) a
``MarkupTable``; structured-document tags and custom-XML wrappers are looked through.

What a reader of the document sees, and nothing else:
- deleted text (``w:del``, ``w:moveFrom``, ``w:delText``) and hidden text (``w:vanish``) are
  skipped, inserted text (``w:ins``, ``w:moveTo``) kept; field codes (``w:instrText``) are
  skipped and their results kept;
- ``w:tab`` is a gap on the printed line, written as one space (spaces next to Han characters
  are dropped by paragraph layout); ``w:br``/``w:cr`` end a visual line, so the text after
  one is a Line of its own; empty paragraphs are empty Lines (paragraph breaks);
- Word's automatic numbering (``w:numPr``) is not in the text: the printed number ("四、",
  "（一）", "1.", "[1]") is rebuilt from numbering.xml and put in front, bullets excepted;
- text boxes (``w:txbxContent``) follow the paragraph that anchors them, one Line per
  paragraph (only the ``mc:Choice`` of an ``mc:AlternateContent``: its fallback repeats it);
- headers, footers, footnotes, endnotes and comments are page furniture and are not read;
  neither are embedded objects (an Excel sheet pasted as an object is only a picture here)
  nor altChunk imports.

Tables: ``w:gridSpan`` is a colspan, ``w:vMerge`` restart/continue a rowspan (continued cells
are left out, the HTML model), ``w:gridBefore`` an empty leading cell, the legacy
``w:hMerge`` a colspan; a cell's paragraphs are its lines ("\\n"), a nested table's cells
more lines of the outer cell. A cell's indent (``MarkupCell.indent``, in characters) is its
first paragraph's ``w:ind`` (direct or from its style: left + first line, the ``*Chars``
attributes first, else twips over the font size), else the spaces typed before its text.

Pages. A .docx stores no pages; Word writes ``<w:lastRenderedPageBreak/>`` where it last broke
the pages when it saved the file, and the author's explicit breaks are ``w:br w:type="page"``,
``w:pageBreakBefore`` and section breaks (``w:sectPr`` in a paragraph; the break's kind is the
next section's ``w:type``, nextPage when absent). Both kinds number the pages: a break starts
page n+1. Word also writes a rendered break at the top of the page an explicit break began, so
a break with nothing written since the previous one is the same page break and counts once.
A block belongs to the page where it starts: a paragraph or a table that Word broke across
pages stays whole on its first page (splitting a sentence in two would cut it into two
paragraphs), and what follows goes on the next. Files written by WPS and generators carry no
rendered breaks: their pages are only the explicit breaks, and a file with none is page 1.

Safety: OOXML never has a DTD, so a part declaring one (or naming an encoding other than UTF-8
/UTF-16, in which the check could not see it) is refused before parsing — without a DTD no
entity can be declared, and Python's expat refuses undefined entities and never fetches
external ones. Parts larger than ``MAX_PART_BYTES`` uncompressed are refused (zip bombs).
Every failure on any input is an ``ExtractError`` subclass.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from posixpath import dirname, normpath
from posixpath import join as join_path

from extractor.errors import (
    DamagedFile,
    EmptyDocument,
    EncryptedFile,
    ExtractError,
    damaged_unless_read,
)
from extractor.model import Line, MarkupCell, MarkupTable, Page
from extractor.sources.load import OLE_MAGIC
from extractor.sources.word_numbering import OFF, Numbering, Styles

# Uncompressed size above which a part is not read: the largest document part in the corpus
# is 1.5 MB; a zip bomb inflates a few KB to gigabytes.
MAX_PART_BYTES = 200 * 1024 * 1024


_MAIN_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def docx_to_pages(data: bytes) -> list[Page]:
    """Pages of lines and markup tables from the bytes of a .docx (or .docm) file.

    Raises ``EncryptedFile`` for a password-protected file, ``EmptyDocument`` when the
    document holds no text, ``DamagedFile`` for anything that is not a readable Word package
    (an .xlsx, a truncated zip). A Word 97-2003 file saved under a .docx name is read as the
    .doc it is.
    """
    if data.startswith(OLE_MAGIC):
        return _ole_to_pages(data)
    with damaged_unless_read("the .docx file", "open it in Word or WPS and save it again as .docx"):
        package = _open_zip(data)
        doc = _read_document(package)
        blocks = _Walker(doc).walk_body()
    return blocks_to_pages(blocks)


# --- package ------------------------------------------------------------------------------


def _ole_to_pages(data: bytes) -> list[Page]:
    """An OLE compound file given as .docx: encrypted OOXML, or a legacy .doc."""
    from extractor.sources.word97 import doc_to_pages, ole_streams

    streams = ole_streams(data)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise EncryptedFile(
            "the .docx file is password-protected (encrypted); save an unprotected copy "
            "(File → Info → Protect Document → remove the password) and rerun"
        )
    if "WordDocument" in streams:
        return doc_to_pages(data)
    raise DamagedFile(
        "the file is an OLE compound file but not a Word document "
        f"(streams: {', '.join(sorted(streams)[:6])}); check its type"
    )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise EmptyDocument("empty .docx file: 0 bytes")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DamagedFile(
            f"not a .docx package (not a readable zip file: {exc}); the file is truncated or "
            "of another type — check the download"
        ) from exc


@dataclass
class _Document:
    root: ET.Element
    ns: str
    numbering: ET.Element | None
    styles: ET.Element | None


def _read_document(package: zipfile.ZipFile) -> _Document:
    names = set(package.namelist())
    main = _main_part(package, names)
    if main is None or main not in names:
        kind = _other_office_kind(names)
        raise DamagedFile(
            "zip package is not a Word document (no word/document.xml)"
            + (f"; it looks like {kind}" if kind else "")
            + " — give the reader for that format, or check the file"
        )
    root = parse_part(package, main)
    ns = root.tag[1 : root.tag.index("}")] if root.tag.startswith("{") else ""
    if ns not in _MAIN_NS or root.tag != f"{{{ns}}}document":
        kind = _other_office_kind(names)
        raise DamagedFile(
            f"zip package is not a Word document: its main part {main} holds "
            f"{root.tag.rsplit('}', 1)[-1]!r}, not a Word body"
            + (f"; it looks like {kind}" if kind else "")
        )
    targets = _relationship_targets(package, main, names)
    numbering = targets.get("numbering")
    styles = targets.get("styles")
    return _Document(
        root=root,
        ns=ns,
        numbering=_optional_part(package, numbering),
        styles=_optional_part(package, styles),
    )


def _optional_part(package: zipfile.ZipFile, name: str | None) -> ET.Element | None:
    """A part the text does not depend on (numbering, styles): a broken one is left out, and
    the document is read without automatic numbers or style indents."""
    if name is None:
        return None
    try:
        return parse_part(package, name)
    except (ExtractError, ET.ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError,
            ValueError, NotImplementedError):
        return None


def _main_part(package: zipfile.ZipFile, names: set[str]) -> str | None:
    if "_rels/.rels" in names:
        for rel in parse_part(package, "_rels/.rels").iter(_REL):
            if rel.get("Type", "").endswith("/officeDocument"):
                return _resolve("", rel.get("Target", ""))
    return "word/document.xml" if "word/document.xml" in names else None


def _relationship_targets(package: zipfile.ZipFile, part: str, names: set[str]) -> dict:
    """The numbering and styles parts the document part points to (by relationship type)."""
    base = dirname(part)
    rels = join_path(base, "_rels", part.rsplit("/", 1)[-1] + ".rels")
    out: dict[str, str] = {}
    if rels in names:
        for rel in parse_part(package, rels).iter(_REL):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = _resolve(base, rel.get("Target", ""))
            if kind in ("numbering", "styles") and target in names:
                out[kind] = target
    for kind in ("numbering", "styles"):
        fallback = join_path(base, f"{kind}.xml")
        if kind not in out and fallback in names:
            out[kind] = fallback
    return out


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return normpath(target.lstrip("/"))
    return normpath(join_path(base, target)) if base else normpath(target)


def _other_office_kind(names: set[str]) -> str:
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint deck (.pptx)"
    if "content.xml" in names and "mimetype" in names:
        return "an OpenDocument file (.odt/.ods)"
    return ""


# XML declaration encodings the DTD check can see through (OOXML allows only these).
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_OK_ENCODINGS = frozenset({b"utf-8", b"utf8", b"utf-16", b"utf16"})
_DOCTYPE = ("<!DOCTYPE", "<!ENTITY")


def parse_part(package: zipfile.ZipFile, name: str) -> ET.Element:
    """A part of the package parsed, refusing DTDs (entity expansion) and oversized parts."""
    info = package.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise DamagedFile(
            f"{name} inflates to {info.file_size} bytes (over {MAX_PART_BYTES}); "
            "refusing a possible zip bomb"
        )
    return parse_xml(package.read(info), name)


def parse_xml(raw: bytes, name: str = "part") -> ET.Element:
    declared = _XML_ENCODING.match(raw[:200])
    if declared and declared.group(1).lower() not in _OK_ENCODINGS:
        raise DamagedFile(
            f"{name} declares encoding {declared.group(1).decode()!r}; OOXML parts are "
            "UTF-8 or UTF-16 — the file was not written by an office program"
        )
    for marker in _DOCTYPE:
        for codec in ("utf-8", "utf-16-le", "utf-16-be"):
            if marker.encode(codec) in raw:
                raise DamagedFile(
                    f"{name} declares a DTD ({marker}); Word never writes one, and entity "
                    "declarations can expand without bound — refusing the file"
                )
    return ET.fromstring(raw)


# --- blocks and pages ----------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """One Line of text or one table, on the page where it starts (1-based)."""

    page: int
    text: str | None = None
    table: MarkupTable | None = None


def blocks_to_pages(blocks: list[Block]) -> list[Page]:
    """Pages 1..n of the blocks; trailing blank lines and empty trailing pages are dropped.

    A page between two others with nothing on it (a page of images) is kept, empty, so page
    numbers stay those of the document.
    """
    last = max(
        (b.page for b in blocks if b.table is not None or (b.text and b.text.strip())), default=0
    )
    if last == 0:
        raise EmptyDocument(
            "the Word document holds no text or tables (only images or empty paragraphs); "
            "a scanned document must be OCRed from its PDF"
        )
    pages = [Page(number=n, origin="dump") for n in range(1, last + 1)]
    for block in blocks:
        if block.page > last:
            continue
        page = pages[block.page - 1]
        if block.table is not None:
            block.table.index = len(page.lines)
            page.tables.append(block.table)
        else:
            text = (block.text or "").rstrip()
            page.lines.append(Line(text=text, page=page.number, index=len(page.lines)))
    return pages


# --- the walk -------------------------------------------------------------------------------

# Elements whose content the reader of the document never sees.
_SKIPPED = frozenset(
    {
        "del", "moveFrom", "delText", "instrText", "pPr", "rPr", "tblPr", "trPr", "tcPr",
        "sectPr", "footnoteReference", "endnoteReference", "commentReference",
        "annotationRef", "proofErr", "bookmarkStart", "bookmarkEnd", "fldChar",
    }
)
# Wrappers whose children stand where the wrapper stands.
_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"})


# Leading whitespace in a cell's first line, as an indent: widths in characters.
_SPACE_WIDTH = {" ": 0.5, "\u00a0": 0.5, "\t": 2.0, "\u3000": 1.0}


@dataclass
class _Pager:
    """The page counter. A break with nothing written since the previous one is the same
    page break seen twice (an explicit break and the rendered break Word wrote after it)."""

    page: int = 1
    written: bool = False  # text or a table placed since the last break

    def brk(self) -> None:
        if self.written:
            self.page += 1
            self.written = False


@dataclass
class _Para:
    """A paragraph's visual lines, and the page breaks met among them."""

    lines: list[str] = field(default_factory=list)  # set by finish()
    # (line k, characters of line k before the break, "rendered" | "explicit")
    breaks: list[tuple[int, int, str]] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)  # text box paragraphs, one line each
    # Pieces of the lines being read (joined once: a paragraph may have thousands of runs).
    parts: list[list[str]] = field(default_factory=lambda: [[]])
    length: int = 0  # characters of the line being read

    def add(self, text: str) -> None:
        self.parts[-1].append(text)
        self.length += len(text)

    def newline(self) -> None:
        self.parts.append([])
        self.length = 0

    def mark(self, kind: str) -> None:
        self.breaks.append((len(self.parts) - 1, self.length, kind))

    def finish(self) -> _Para:
        self.lines = ["".join(pieces) for pieces in self.parts]
        return self

    def placement(self) -> list[tuple[bool, int]]:
        """Per line: whether a break comes before its text (the line starts a page), and how
        many rendered breaks fall after some of its text (the line stays on its first page;
        what follows moves)."""
        before = [False] * len(self.lines)
        within = [0] * len(self.lines)
        lead = [len(line) - len(line.lstrip()) for line in self.lines]
        for at, offset, kind in self.breaks:
            if kind == "explicit" or offset <= lead[at]:
                before[at] = True
            else:
                within[at] += 1
        return list(zip(before, within, strict=True))


class _Walker:
    def __init__(self, doc: _Document) -> None:
        self.w = f"{{{doc.ns}}}"
        self.doc = doc
        self.pager = _Pager()
        self.blocks: list[Block] = []
        self.tables = 0
        self.styles = Styles(doc.styles, self.w)
        self.numbers = Numbering(doc.numbering, self.w)
        body = doc.root.find(f"{self.w}body")
        if body is None:
            raise DamagedFile("the Word document has no body (w:body); the file is damaged")
        self.body = body
        self.section_breaks = iter(self._section_break_kinds())

    def tag(self, el: ET.Element) -> str:
        t = el.tag
        return t[len(self.w) :] if isinstance(t, str) and t.startswith(self.w) else ""

    def on(self, prop: ET.Element | None) -> bool:
        return prop is not None and prop.get(f"{self.w}val", "1").lower() not in OFF

    # body --------------------------------------------------------------------------------

    def walk_body(self) -> list[Block]:
        for el in self.block_children(self.body):
            if self.tag(el) == "p":
                self.paragraph_block(el)
            else:
                self.table_block(el)
        return self.blocks

    def block_children(self, parent: ET.Element) -> Iterator[ET.Element]:
        """Paragraphs and tables in order, looking through sdt/customXml/ins wrappers."""
        for el in parent:
            kind = self.tag(el)
            if kind in ("p", "tbl"):
                yield el
            elif kind in _WRAPPERS:
                yield from self.block_children(el)

    def children(self, parent: ET.Element, kind: str) -> Iterator[ET.Element]:
        for el in parent:
            k = self.tag(el)
            if k == kind:
                yield el
            elif k in _WRAPPERS:
                yield from self.children(el, kind)

    def _section_break_kinds(self) -> list[str]:
        """For each section that ends in a paragraph, in order, the kind of break after it:
        the ``w:type`` of the section that follows (nextPage when absent)."""
        w = self.w
        sects = [
            sect
            for el in self.block_children(self.body)
            if (sect := el.find(f"{w}pPr/{w}sectPr")) is not None
        ]
        final = self.body.find(f"{w}sectPr")
        sects += [final] if final is not None else []
        kinds = []
        for sect in sects[1:]:
            kind = sect.find(f"{self.w}type")
            kinds.append(kind.get(f"{self.w}val", "nextPage") if kind is not None else "nextPage")
        return kinds

    def paragraph_block(self, p: ET.Element) -> None:
        if self.on(p.find(f"{self.w}pPr/{self.w}pageBreakBefore")):
            self.pager.brk()
        para = self.paragraph(p)
        for line, (before, within) in zip(para.lines, para.placement(), strict=True):
            if before:
                self.pager.brk()
            self.blocks.append(Block(self.pager.page, text=line))
            self.pager.written = self.pager.written or bool(line.strip())
            for _ in range(within):
                self.pager.brk()
                self.pager.written = True  # the rest of the paragraph is on the new page
        for box in para.boxes:
            self.blocks.append(Block(self.pager.page, text=box))
        if p.find(f"{self.w}pPr/{self.w}sectPr") is not None:
            kind = next(self.section_breaks, "nextPage")
            if kind not in ("continuous", "nextColumn"):
                self.pager.brk()

    # paragraphs --------------------------------------------------------------------------

    def paragraph(self, p: ET.Element) -> _Para:
        para = _Para()
        self.inline(p, para)
        para.finish()
        # The automatic number goes in front once the breaks are placed, so a rendered break
        # before the paragraph's first run still reads as "before any text".
        number = self.numbers.label(*self.styles.num_pr(p))
        if number:
            para.lines[0] = number + para.lines[0]
            para.breaks = [
                (at, offset + len(number) if at == 0 and offset else offset, kind)
                for at, offset, kind in para.breaks
            ]
        return para

    def inline(self, el: ET.Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            kind = self.tag(child)
            if kind == "t":
                para.add(child.text or "")
            elif kind in _SKIPPED or kind in ("p", "tbl"):
                continue
            elif kind == "r":
                if not self.on(child.find(f"{self.w}rPr/{self.w}vanish")):
                    self.inline(child, para)
            elif kind in ("tab", "ptab"):
                para.add(" ")
            elif kind in ("br", "cr"):
                para.newline()
                if child.get(f"{self.w}type") == "page":
                    para.mark("explicit")
            elif kind == "lastRenderedPageBreak":
                para.mark("rendered")
            elif kind == "noBreakHyphen":
                para.add("-")
            elif kind == "txbxContent":
                para.boxes.extend(self.box_lines(child))
            elif tag == f"{_MC}AlternateContent":
                # Choice and Fallback hold the same content; the first choice is read.
                first = next(iter(child), None)
                if first is not None:
                    self.inline(first, para)
            elif tag == _MATH_T:
                para.add(child.text or "")
            else:
                self.inline(child, para)  # hyperlink, fldSimple, sdt, ins, drawing, …

    def box_lines(self, box: ET.Element) -> list[str]:
        out = []
        for p in box.iter(f"{self.w}p"):
            para = _Para()
            self.inline(p, para)
            out += [line for line in para.finish().lines if line.strip()]
            out += para.boxes
        return out

    # tables ------------------------------------------------------------------------------

    def table_block(self, tbl: ET.Element) -> None:
        rows, breaks = self.table_rows(tbl)
        if not any(cell.text for row in rows for cell in row):
            return
        self.tables += 1
        # A table whose first row starts a page belongs to that page; a break in a later row
        # moves what follows the table.
        if breaks and breaks[0]:
            self.pager.brk()
        table = MarkupTable(rows=rows, origin={"table": self.tables})
        self.blocks.append(Block(self.pager.page, table=table))
        self.pager.written = True
        for _ in range(sum(breaks[1:])):
            self.pager.brk()
            self.pager.written = True

    def table_rows(self, tbl: ET.Element) -> tuple[list[list[MarkupCell]], list[int]]:
        """The rows (HTML model: cells covered by a vertical merge skipped) and, per row, the
        page breaks Word rendered in it (a row's cells all carry the same break: counted
        once)."""
        w = self.w
        rows: list[list[MarkupCell]] = []
        breaks: list[int] = []
        merges: dict[int, MarkupCell] = {}  # grid column → the cell whose vMerge started there
        for tr in self.children(tbl, "tr"):
            tr_pr = tr.find(f"{w}trPr")
            if tr_pr is not None and tr_pr.find(f"{w}del") is not None:
                continue  # a row deleted with tracked changes
            row: list[MarkupCell] = []
            col = self.grid_value(tr_pr, "gridBefore")
            if col:
                row.append(MarkupCell(text="", colspan=col))
            merged: set[int] = set()
            row_breaks = 0
            for tc in self.children(tr, "tc"):
                tc_pr = tc.find(f"{w}tcPr")
                span = self.grid_value(tc_pr, "gridSpan") or 1
                text, indent, cell_breaks = self.cell(tc)
                row_breaks = max(row_breaks, cell_breaks)
                v_merge = tc_pr.find(f"{w}vMerge") if tc_pr is not None else None
                state = None if v_merge is None else v_merge.get(f"{w}val", "continue")
                h_merge = tc_pr.find(f"{w}hMerge") if tc_pr is not None else None
                if state == "continue" and col in merges:
                    merges[col].rowspan += 1
                    merged.add(col)
                elif row and h_merge is not None and h_merge.get(f"{w}val") != "restart":
                    row[-1].colspan += span  # the legacy horizontal merge
                else:
                    cell = MarkupCell(text=text, colspan=span, indent=indent)
                    if state == "restart":
                        merges[col] = cell
                        merged.add(col)
                    row.append(cell)
                col += span
            # A merge ends at the first row that does not continue it.
            merges = {c: cell for c, cell in merges.items() if c in merged}
            if row:
                rows.append(row)
                breaks.append(row_breaks)
        return rows, breaks

    def grid_value(self, props: ET.Element | None, name: str) -> int:
        el = props.find(f"{self.w}{name}") if props is not None else None
        if el is None:
            return 0
        try:
            return max(0, min(int(el.get(f"{self.w}val", "0")), 1000))
        except ValueError:
            return 0

    def cell(self, tc: ET.Element) -> tuple[str, float, int]:
        """A cell's text (its lines joined by newlines), its indent in characters, and the
        page breaks rendered in it."""
        lines: list[str] = []
        breaks = 0
        first: ET.Element | None = None
        for el in self.block_children(tc):
            if self.tag(el) == "p":
                first = el if first is None else first
                para = self.paragraph(el)
                breaks += len(para.breaks)
                lines += para.lines + para.boxes
            else:  # a nested table: its text belongs to this cell
                rows, _ = self.table_rows(el)
                lines += [cell.text for row in rows for cell in row]
        indent = self.styles.indent(first) if first is not None else 0.0
        if not indent and lines:
            # Spaces typed before a label ("  其中：食品烟酒") are the author's indent.
            lead = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
            indent = sum(_SPACE_WIDTH.get(ch, 1.0) for ch in lead) if lines[0].strip() else 0.0
        text = "\n".join(line.strip() for line in lines if line.strip())
        return text, indent, breaks

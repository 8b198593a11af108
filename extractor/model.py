"""Typed values that cross stage boundaries (see DESIGN.md, "The flow").

Coordinates are PDF points with the origin at the page's top-left corner and y growing
downwards, whatever the source (text layer, OCR, generated fixture). Text dumps and office
files have no geometry: their lines carry ``bbox=None`` and their place on the page is the
line's ``index``; their tables come already cut into cells (``MarkupTable``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

SourceKind = Literal["pdf", "text", "html", "xlsx", "xls", "docx", "doc"]
PageOrigin = Literal["text_layer", "ocr", "dump"]


@dataclass(frozen=True, slots=True)
class Source:
    """A file as loaded: bytes plus identity. ``doc_id`` is the first 16 hex of sha256."""

    path: str
    data: bytes
    sha256: str
    kind: SourceKind

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


# Not frozen: a page has thousands of chars and a frozen dataclass costs 4x to build. Chars
# compare and hash by identity, so sets of consumed chars (tables) work.
@dataclass(slots=True, eq=False)
class Char:
    """One glyph of a page with its box. ``conf`` is set only for OCR output."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    conf: float | None = None


@dataclass(frozen=True, slots=True)
class Ruling:
    """A horizontal or vertical line segment drawn on the page (table borders).

    Thin filled rectangles (what Word/WPS export) are reduced to their centre line, so the
    table finder sees one kind of ruling whatever the PDF drew.
    """

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class PageQuality:
    """Whether the text layer can be trusted, and why not."""

    usable: bool
    reason: str = ""  # e.g. "empty text layer", "Latin-1 mojibake (han ratio 0.00)"
    han_ratio: float = 0.0
    chars: int = 0


@dataclass(slots=True)
class Line:
    """A visual line of text. ``chars`` is empty for dumps; ``bbox`` is None for dumps."""

    text: str
    page: int
    bbox: BBox | None = None
    size: float = 0.0
    bold: bool = False
    chars: list[Char] = field(default_factory=list)
    conf: float | None = None
    # Place among its page's lines as read (dumps, office files): what puts a table read from
    # markup between the paragraphs around it. Layout lines are placed by their bbox.
    index: int = 0


@dataclass(slots=True)
class MarkupCell:
    """A cell as the file states it: text and spans (HTML <td>, Word table cell, sheet cell)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    indent: float = 0.0  # the file's own indent level (Excel alignment indent), nested rows


@dataclass(slots=True)
class MarkupTable:
    """A table whose cells the file itself delimits, so no layout has to find them.

    ``rows`` lists each row's cells left to right, skipping positions covered by a span from
    above (the HTML table model). ``index`` is the page line the table stands before; the
    lines just above it are its caption. ``origin`` says where it was read, for provenance:
    {"sheet": name, "row": r, "col": c} (1-based, the table's top-left cell) for spreadsheets.
    """

    rows: list[list[MarkupCell]]
    index: int = 0
    origin: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """One page as read. ``number`` is 1-based.

    PDF pages fill ``chars`` and ``rulings``; text dumps and office files fill ``lines`` (the
    prose) and ``tables`` directly. The layout stage turns chars into lines when ``lines`` is
    empty.
    """

    number: int
    origin: PageOrigin
    width: float = 0.0
    height: float = 0.0
    chars: list[Char] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[MarkupTable] = field(default_factory=list)  # dumps and office files only
    images: int = 0
    quality: PageQuality | None = None
    conf: float | None = None  # mean OCR confidence
    # Quarter turns (numpy rot90 k: 1 counter-clockwise, -1 clockwise, 2 half) from the PDF
    # page to the page as read, when its text lies on its side; boxes are on the turned page.
    turn: int = 0


# An anchor ties a position in a reflowed text back to the page it came from: (offset into
# the text where a source line starts, page number, that line's bbox or None, its index).
Anchor = tuple[int, int, "BBox | None", int]


@dataclass(slots=True)
class Paragraph:
    """Reflowed text of consecutive lines, possibly across a page break.

    The cues (size, bold, indent, centered) are those of the paragraph's first line, for the
    heading rules of the structure stage.
    """

    text: str
    page_start: int
    page_end: int
    anchors: list[Anchor] = field(default_factory=list)
    size: float = 0.0
    bold: bool = False
    indent: bool = False
    centered: bool = False


@dataclass(slots=True)
class Section:
    """A node of the section tree. ``level`` 0 is the untitled front matter before any heading."""

    section_id: str
    parent_id: str | None
    level: int
    number: str  # as printed: "六、", "（一）", "1.", "" for front matter
    title: str
    path: list[str]
    page_start: int
    page_end: int
    text: str = ""
    anchors: list[Anchor] = field(default_factory=list)
    # Where the heading itself was printed: a heading with no body text still has a place.
    heading: Anchor | None = None


@dataclass(slots=True)
class DocumentMeta:
    title: str = ""
    issuer: str = ""
    year: int | None = None
    doc_kind: str = "other"

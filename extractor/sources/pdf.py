"""PDF pages through pypdfium2's text layer: every character with its box, font size and weight.

Why pypdfium2 and not pdfminer.six: on the same Chinese pages it returns identical text at
10–40x the speed (README, "Choosing the PDF library"), and it renders pages for OCR too.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.errors import DamagedPDF, EmptyDocument, EncryptedPDF, TruncatedPDF
from extractor.model import Char, Page
from extractor.sources import pdfium_calls as calls
from extractor.sources.fonts import use_bundled_fonts
from extractor.sources.glyphs import repair_decimal_points
from extractor.sources.pdf_salvage import Salvage, truncated_pdf_to_salvage
from extractor.sources.sideways import (
    angle_to_turn,
    page_number_off_angle,
    text_angle,
    turn_page,
)

# pdfium reports these when asked to open a file it cannot use; map them to messages a person
# can act on.
ENCRYPTED_MESSAGE = (
    "文件已加密，需要密码 (encrypted PDF: a password is required to open it; decrypt it, e.g. "
    "`qpdf --password=... --decrypt in.pdf out.pdf`, and rerun)"
)

# A page object (not the /Pages tree node) in the raw bytes.
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")
_ZERO_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")

# Whitespace pdfium reports as characters (ideographic space, no-break space, BOM, the
# "unknown" marker U+FFFE); the layout stage derives spaces from the gaps between boxes.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SKIP = frozenset("\u3000\u00a0\ufeff\ufffe\u200b")

# Glyph weights at or above this are treated as bold (400 regular, 700 bold in font tables).
_BOLD_WEIGHT = 600


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes, turning pdfium's terse failures into actionable errors."""
    if not data:
        raise EmptyDocument("empty file (0 bytes); download it again")
    if b"%PDF-" not in data[:1024]:
        # Government sites often serve an HTML error page under a .pdf name.
        head = data[:200].lstrip().lower()
        what = "an HTML page" if head.startswith((b"<!doctype", b"<html")) else "not a PDF"
        raise DamagedPDF(f"file is {what} (no %PDF header); the download failed — fetch it again")
    use_bundled_fonts()  # the same fonts on every machine (sources/fonts.py)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise pdfium_error_to_extract_error(str(exc), data) from None
    if len(doc) == 0:
        doc.close()
        raise EmptyDocument("PDF has no pages (zero-page document); nothing to extract")
    return doc


def pdfium_error_to_extract_error(detail: str, data: bytes) -> Exception:
    """pdfium says only "Data format error"; look at the bytes to say what is wrong."""
    if "password" in detail.lower():
        return EncryptedPDF(ENCRYPTED_MESSAGE)
    # pdfium refuses a well-formed PDF whose page tree is empty; that is not damage.
    if _ZERO_COUNT.search(data) and not _PAGE_OBJECT.search(data):
        return EmptyDocument("PDF has no pages (zero-page document); nothing to extract")
    if is_cut(data):
        return TruncatedPDF(
            f"truncated PDF: the file ends after {len(data):,} bytes without the %%EOF end "
            "marker, so it was cut off (an interrupted download?); fetch it again"
        )
    return DamagedPDF(
        f"damaged PDF: pdfium could not parse it ({detail}); fetch the file again or repair it "
        "(e.g. `qpdf in.pdf out.pdf`)"
    )


@dataclass(frozen=True)
class Opened:
    doc: pdfium.PdfDocument
    cut: bool  # the file ends without its %%EOF marker: something after the cut is lost
    salvage: Salvage | None  # what was rebuilt when pdfium could not open the cut file itself


def open_pdf_or_salvage(data: bytes) -> Opened:
    """``open_pdf``, but a truncated PDF pdfium refuses opens as the whole pages before its
    cut; one with none left is still an error. (pdfium opens some cut files itself: a
    linearized one, or one whose earlier revision ends before the cut.)"""
    cut = is_cut(data)
    try:
        return Opened(open_pdf(data), cut, None)
    except TruncatedPDF as exc:
        salvage = truncated_pdf_to_salvage(data)
        if salvage is None:
            raise TruncatedPDF(f"{exc} (no whole page precedes the cut)") from None
        return Opened(open_pdf(salvage.data), cut, salvage)


def is_cut(data: bytes) -> bool:
    """No %%EOF marker in the last 2 KB: the file was cut off (no whole PDF in the corpus
    lacks one there)."""
    return b"%%EOF" not in data[-2048:]


def read_pdf(data: bytes) -> list[Page]:
    """All pages of a PDF as ``Page`` objects with chars (and rulings) in top-left coordinates,
    private-use decimal points read back as the pipeline's reader does (sources/glyphs.py)."""
    doc = open_pdf_or_salvage(data).doc
    try:
        pages = list(_pages(doc))
    finally:
        doc.close()
    repair_decimal_points(pages)
    return pages


def _pages(doc: pdfium.PdfDocument) -> Iterator[Page]:
    for index in range(len(doc)):
        page = doc[index]
        try:
            yield pdfium_page_to_page(page, index + 1)
        finally:
            page.close()


def pdfium_page_to_page(page: pdfium.PdfPage, number: int) -> Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(textpage.raw)
        angle = text_angle(textpage, count)
        turn = angle_to_turn(angle)
        # A page set sideways, in its text layer or by /Rotate, may carry its template's page
        # number at another angle.
        furniture = (
            page_number_off_angle(textpage, count, angle)
            if angle is not None and (turn or page.get_rotation())
            else set()
        )
        chars = textpage_to_chars(textpage, height, furniture)
    finally:
        textpage.close()
    from extractor.sources.rulings import page_to_rulings  # tables: vector rulings

    rulings, images = page_to_rulings(page, height)
    out = Page(
        number=number,
        origin="text_layer",
        width=width,
        height=height,
        chars=chars,
        rulings=rulings,
        images=images,
    )
    turn_page(out, turn)  # a landscape table set sideways on a portrait page
    return out


def _units_to_text(codes: list[int]) -> str:
    """One character per char index: a surrogate pair becomes the astral character at its
    first index and a skipped marker at its second; a lone surrogate (seen in tianjin_2025's
    private glyphs) is skipped, since it cannot be encoded in the output."""
    out = []
    i = 0
    while i < len(codes):
        code = codes[i]
        nxt = codes[i + 1] if i + 1 < len(codes) else 0
        if 0xD800 <= code <= 0xDBFF and 0xDC00 <= nxt <= 0xDFFF:
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (nxt - 0xDC00)))
            out.append("\ufffe")
            i += 2
            continue
        out.append("\ufffe" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code))
        i += 1
    return "".join(out)


def textpage_to_chars(
    textpage: pdfium.PdfTextPage, height: float, skip: set[int] | frozenset[int] = frozenset()
) -> list[Char]:
    """Every visible character with its loose box (font ascent to descent), height and weight,
    but those whose index is in ``skip``.

    Whitespace and pdfium's generated line breaks are dropped: the layout stage decides where
    spaces belong from the gaps between boxes.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    # One call for the whole text instead of one per char. pdfium gives one UTF-16 unit per
    # char index, so astral characters (two units) would shift the indexes: fall back then.
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count or _SURROGATE.search(text):
        text = _units_to_text([pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)])
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.addressof(rect)
    page_p = calls.address(raw)
    get_box = calls.get_loose_char_box
    get_weight = calls.get_font_weight
    chars: list[Char] = []
    append = chars.append
    for i, ch in enumerate(text):
        if ch <= " " or ch in _SKIP or (skip and i in skip) or not get_box(page_p, i, rect_p):
            continue
        top = rect.top
        bottom = rect.bottom
        # The nominal font size is often 1 or 200 with the scale in the text matrix; the
        # loose box height is what a reader sees.
        # Weight is asked for CJK glyphs only: headings are told by their Han characters, and
        # the call per digit of a number table cost a tenth of reading the page.
        append(
            Char(
                ch,
                rect.left,
                height - top,
                rect.right,
                height - bottom,
                top - bottom,
                ch >= "\u2e80" and get_weight(page_p, i) >= _BOLD_WEIGHT,
            )
        )
    return chars

"""Read a source into pages, choosing text layer or OCR page by page.

Routing (``--ocr``): ``never`` trusts no OCR, ``always`` OCRs every PDF page, ``auto`` OCRs
only pages whose text layer is missing or garbled (``quality.page_quality``) or shows only part
of the visible text (``coverage.text_layer_incomplete``: body text drawn as images). A page that
needs OCR when OCR is not installed, or whose OCR fails, keeps no text and gets a warning:
nothing garbled reaches a section, and one bad page never sinks the document.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from extractor import records as rec
from extractor.model import Page, Source
from extractor.settings import Settings
from extractor.sources.coverage import text_layer_incomplete
from extractor.sources.glyphs import repair_decimal_points
from extractor.sources.markup import lift_layout_tables
from extractor.sources.ocr import low_confidence_reason, ocr_available, ocr_page
from extractor.sources.pdf import Opened, open_pdf_or_salvage, pdfium_page_to_page
from extractor.sources.quality import page_quality
from extractor.sources.text import read_text


@dataclass
class PagesRead:
    pages: list[Page]
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    ocr_missing: bool = False


def source_to_pages(source: Source, settings: Settings) -> PagesRead:
    if source.kind == "pdf":
        return pdf_to_pages(source.data, settings)
    if source.kind in ("text", "html"):
        pages = read_text(source.data, html=source.kind == "html")
        return PagesRead(pages=[lift_layout_tables(page) for page in pages])
    pages = [lift_layout_tables(page) for page in office_to_pages(source)]
    return PagesRead(pages=pages, warnings=word_page_warnings(source, pages))


def office_to_pages(source: Source) -> list[Page]:
    """Pages of a spreadsheet or Word file: prose lines and the tables it states as cells.

    Their readers are imported here, when such a file comes: a PDF-only run never loads them.
    """
    if source.kind in ("xlsx", "xls"):
        from extractor.sources.sheets import xls_to_pages, xlsx_to_pages

        return (xlsx_to_pages if source.kind == "xlsx" else xls_to_pages)(source.data)
    if source.kind == "docx":
        from extractor.sources.docx import docx_to_pages

        return docx_to_pages(source.data)
    from extractor.sources.word97 import doc_to_pages

    return doc_to_pages(source.data)


# What Word writes where it broke pages when it last saved the file (WPS writes nothing).
_RENDERED_BREAK = b"lastRenderedPageBreak"


def word_page_warnings(source: Source, pages: list[Page]) -> list[dict[str, Any]]:
    """A warning when a Word file's page numbers are not the printed pages.

    A .docx saved by Word records its rendered page breaks and its pages are the printed ones;
    a .doc, or a .docx saved by WPS, has only the breaks its author typed.
    """
    if source.kind not in ("docx", "doc"):
        return []
    if source.kind == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(source.data)) as package:
                if _RENDERED_BREAK in package.read("word/document.xml"):
                    return []
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            pass  # the reader has read it; this check only decides a warning
    breaks = len(pages) - 1
    counted = f"only the {breaks} page breaks typed into the file" if breaks else "no page break"
    return [
        rec.warning(
            "pages_approximate",
            f"page numbers count {counted}: the file keeps no printed pages (saved by WPS or as "
            ".doc), so one page here may be several printed ones",
        )
    ]


def pdf_to_pages(data: bytes, settings: Settings) -> PagesRead:
    opened = open_pdf_or_salvage(data)
    doc = opened.doc
    out = PagesRead(pages=[])
    if opened.cut:
        out.warnings.append(rec.warning("truncated_pdf", cut_message(data, opened, len(doc))))
    try:
        for index in range(len(doc)):
            out.pages.append(_read_page(doc, index, settings, out))
    finally:
        doc.close()
    # Decided over the whole document: one page holds too few of a font's odd glyphs.
    out.warnings.extend(repair_decimal_points(out.pages))
    return out


def cut_message(data: bytes, opened: Opened, pages: int) -> str:
    what = (
        f"read anyway: the {pages} whole pages found before the cut, numbered here in the "
        "order the surviving page tree gives (not necessarily the printed numbers); pages "
        "after the cut are lost"
        if opened.salvage is not None
        else f"pdfium read {pages} pages from what is there, but what came after the cut is lost"
    )
    return (
        f"truncated PDF: the file ends after {len(data):,} bytes without the %%EOF end marker "
        f"(an interrupted download?); {what} — fetch the file again"
    )


def _read_page(doc: Any, index: int, settings: Settings, out: PagesRead) -> Page:
    number = index + 1
    try:
        pdf_page = doc[index]
        try:
            page = pdfium_page_to_page(pdf_page, number)
        finally:
            pdf_page.close()
    except Exception as exc:  # a broken page object: keep the page number, lose its text
        out.warnings.append(
            rec.warning("page_unreadable", f"page could not be read: {exc}", number)
        )
        return Page(number=number, origin="text_layer")
    page.quality = page_quality(page)
    if _wants_ocr(doc, index, page, settings):
        ocr = _ocr_or_none(doc, index, settings, out)
        if ocr is not None:
            out.ocr_pages.append(number)
            reason = low_confidence_reason(ocr)
            if reason:
                out.warnings.append(rec.warning("ocr_low_confidence", reason, number))
            return ocr
    if not page.quality.usable:
        image_only = page.quality.chars == 0
        out.warnings.append(
            rec.warning(
                "image_only_page" if image_only else "garbled_text_layer",
                f"{page.quality.reason}; page text withheld"
                + ("" if settings.ocr != "never" else " (--ocr never)"),
                number,
            )
        )
        page.chars = []
    return page


def _wants_ocr(doc: Any, index: int, page: Page, settings: Settings) -> bool:
    if settings.ocr != "auto":
        return settings.ocr == "always"
    assert page.quality is not None
    if not page.quality.usable:
        return True
    try:
        return text_layer_incomplete(doc, index, page)
    except Exception:  # the check is an optimisation of routing, never a reason to fail
        return False


def _ocr_or_none(doc: Any, index: int, settings: Settings, out: PagesRead) -> Page | None:
    number = index + 1
    if not ocr_available():
        if not out.ocr_missing:
            out.warnings.append(
                rec.warning(
                    "ocr_unavailable",
                    "pages need OCR but RapidOCR is not installed: pip install 'govextract[ocr]'",
                )
            )
        out.ocr_missing = True
        return None
    try:
        return ocr_page(doc, index, dpi=settings.ocr_dpi)
    except Exception as exc:
        out.warnings.append(rec.warning("ocr_failed", f"OCR failed on this page: {exc}", number))
        return None

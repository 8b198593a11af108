"""Record builders: the JSONL contract of DESIGN.md, ``schema_version`` "1".

Every record has ``type``, ``schema_version`` and ``doc_id`` (first 16 hex of the file's
sha256). A document's records come in a fixed order: document, sections in reading order,
tables, indicators, metrics — each sorted by page and position. The document record counts its
document's records (``record_count``) so a reader can tell a complete block from one cut short
by a crash.
"""

from __future__ import annotations

from typing import Any

from extractor.errors import ExtractError
from extractor.model import DocumentMeta, Page, Section, Source

SCHEMA_VERSION = "1"


def document_record(
    source: Source,
    meta: DocumentMeta,
    *,
    pages: int,
    ocr_pages: list[int],
    turned_pages: list[dict[str, float]],
    warnings: list[dict[str, Any]],
    record_count: int,
) -> dict[str, Any]:
    return {
        "type": "document",
        "schema_version": SCHEMA_VERSION,
        "doc_id": source.doc_id,
        "source": source.path,
        "sha256": source.sha256,
        "bytes": len(source.data),
        "pages": pages,
        "ocr_pages": ocr_pages,
        "turned_pages": turned_pages,
        "title": meta.title,
        "issuer": meta.issuer,
        "year": meta.year,
        "doc_kind": meta.doc_kind,
        "warnings": warnings,
        "record_count": record_count,
    }


def turned_page(page: Page) -> dict[str, float]:
    """Where a page read turned upright came from: degrees clockwise, and the size of the
    turned page its boxes are on."""
    return {
        "page": page.number,
        "clockwise": (-page.turn % 4) * 90,
        "width": round(page.width, 2),
        "height": round(page.height, 2),
    }


def section_record(section: Section, doc_id: str) -> dict[str, Any]:
    return {
        "type": "section",
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc_id,
        "section_id": section.section_id,
        "parent_id": section.parent_id,
        "level": section.level,
        "number": section.number,
        "title": section.title,
        "path": section.path,
        "page_start": section.page_start,
        "page_end": section.page_end,
        "text": section.text,
        # Where each page's text begins in ``text``: [offset, page] pairs, so any character
        # offset maps back to its page.
        "page_offsets": page_offsets(section),
    }


def page_offsets(section: Section) -> list[list[int]]:
    out: list[list[int]] = []
    for offset, page, *_ in section.anchors:
        if not out or out[-1][1] != page:
            out.append([offset, page])
    return out


def error_record(
    path: str, sha256: str | None, exc: BaseException, *, stage: str | None = None
) -> dict[str, Any]:
    """An error a person can act on: the file, the step, the error class and what to do."""
    if isinstance(exc, ExtractError):
        stage = stage or exc.stage
        message = str(exc)
    else:
        # An unexpected failure is a bug of ours, not of the file: say so, and where.
        stage = stage or "pipeline"
        message = (
            f"internal error while processing this file ({type(exc).__name__}: {exc}); "
            "please report it with the file attached"
        )
    return {
        "type": "error",
        "schema_version": SCHEMA_VERSION,
        "doc_id": sha256[:16] if sha256 else None,
        "source": path,
        "sha256": sha256,
        "stage": stage,
        "error": type(exc).__name__,
        "message": message,
    }


def warning(code: str, message: str, page: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "message": message}
    if page is not None:
        out["page"] = page
    return out

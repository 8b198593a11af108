"""The flow of DESIGN.md in one visible place: path → records. Nothing else lives here.

    load → read (text layer / OCR per page) → tables → lines → furniture → paragraphs
         → sections + document meta → indicators → metrics → classify → records
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from extractor import records as rec
from extractor.layout.furniture import remove_furniture
from extractor.layout.lines import chars_to_lines
from extractor.layout.paragraphs import lines_to_paragraphs
from extractor.model import Line, Page, Source
from extractor.settings import Settings
from extractor.sources.load import path_to_source
from extractor.sources.read import source_to_pages
from extractor.structure.document import document_meta
from extractor.structure.sections import paragraphs_to_sections


@dataclass
class Extraction:
    """One document's records (exactly what the CLI writes) and what it cost."""

    path: str
    records: list[dict[str, Any]] = field(default_factory=list)
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.records) and self.records[0]["type"] != "error"


def extract(path: str, settings: Settings | dict[str, Any] | None = None) -> Extraction:
    """All records of one file. Never raises for a bad file: it yields an ``error`` record."""
    started = time.perf_counter()
    settings = Settings.resolve(settings)
    source: Source | None = None
    try:
        source = path_to_source(path)
        out = source_to_extraction(source, settings)
    except Exception as exc:  # one bad document never sinks a batch
        sha = source.sha256 if source is not None else None
        out = Extraction(path=str(path), records=[rec.error_record(str(path), sha, exc)])
    out.seconds = time.perf_counter() - started
    return out


def source_to_extraction(source: Source, settings: Settings) -> Extraction:
    read = source_to_pages(source, settings)
    pages = read.pages
    page_lines = [page_to_lines(page) for page in pages]
    page_lines = remove_furniture(page_lines, [(p.width, p.height) for p in pages])
    paragraphs = lines_to_paragraphs(page_lines)
    sections = paragraphs_to_sections(paragraphs)
    meta = document_meta(paragraphs, source.path)

    body = [rec.section_record(section, source.doc_id) for section in sections]
    document = rec.document_record(
        source,
        meta,
        pages=len(pages),
        ocr_pages=read.ocr_pages,
        warnings=read.warnings,
        record_count=len(body) + 1,
    )
    return Extraction(
        path=source.path,
        records=[document, *body],
        pages=len(pages),
        ocr_pages=len(read.ocr_pages),
    )


def page_to_lines(page: Page) -> list[Line]:
    return page.lines if page.origin == "dump" else chars_to_lines(page)

"""The flow of DESIGN.md in one visible place: path → records. Nothing else lives here.

    load → read (text layer or OCR, per page) → tables → lines → furniture → paragraphs
         → sections + document meta → indicators + metrics → classify → records
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from extractor import records as rec
from extractor.errors import DocumentTimeout
from extractor.indicators.assign import assign_types
from extractor.indicators.tables import check_indicators, table_to_indicators
from extractor.layout.furniture import remove_furniture
from extractor.layout.lines import chars_to_lines
from extractor.layout.paragraphs import lines_to_paragraphs
from extractor.layout.tables import (
    Table,
    TableGrid,
    chars_outside_tables,
    grid_place,
    grids_to_tables,
    page_to_tables,
)
from extractor.link import (
    cell_metric_record,
    metric_record,
    ocr_confidence,
    row_label_to_unnamed,
    section_at,
    this_indicator_to_row_name,
    title_metric_record,
)
from extractor.model import Line, Page, Section, Source
from extractor.nlp.heading_owner import budget_of_path, owner_of_heading
from extractor.nlp.metrics import Years, text_to_metrics
from extractor.settings import Settings
from extractor.sources.load import data_to_source, path_to_source
from extractor.sources.read import source_to_pages
from extractor.structure.document import document_meta, spoken_year, year_of_path
from extractor.structure.sections import paragraphs_to_sections


@dataclass
class Extraction:
    """One document's records (exactly what the CLI writes) and what it cost."""

    path: str
    records: list[dict[str, Any]] = field(default_factory=list)
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.records) and self.records[0]["type"] != "error"


def extract(
    path: str, settings: Settings | dict[str, Any] | None = None, data: bytes | None = None
) -> Extraction:
    """All records of one file. Never raises for a bad file: it yields an ``error`` record.

    ``data``: the file's bytes when they were read elsewhere (a cluster worker gets them sent).
    """
    started = time.perf_counter()
    settings = Settings.resolve(settings)
    source: Source | None = None
    try:
        source = path_to_source(path) if data is None else data_to_source(path, data)
        out = source_to_extraction(source, settings)
    except Exception as exc:  # one bad document never sinks a batch
        sha = source.sha256 if source is not None else None
        out = Extraction(path=str(path), records=[rec.error_record(str(path), sha, exc)])
    out.seconds = time.perf_counter() - started
    return out


def source_to_extraction(source: Source, settings: Settings) -> Extraction:
    clock = StageClock()
    read = source_to_pages(source, settings)
    pages = read.pages
    clock.lap("read")
    # Optional stages fail soft: a table, a metric or a type prediction that breaks a rule
    # costs a warning, not the document. (Reading, layout and structure have nothing to fall
    # back on.)
    soft = SoftFail()
    grids = [soft.call("tables", page_to_tables, [], page, page=page.number) for page in pages]
    prose_pages = [page_without_tables(p, g) for p, g in zip(pages, grids, strict=True)]
    clock.lap("tables")
    page_lines = [page_to_lines(page) for page in prose_pages]
    page_lines = remove_furniture(page_lines, [(p.width, p.height) for p in pages])
    paragraphs = lines_to_paragraphs(
        page_lines, [p.width for p in pages], plain_text=source.kind == "text"
    )
    clock.lap("layout")
    sections = paragraphs_to_sections(paragraphs, [grid_place(g) for gs in grids for g in gs])
    meta = document_meta(paragraphs, source.path)
    clock.lap("structure")
    tables = soft.call("tables", grids_to_tables, [], grids)
    indicators = [
        (table, soft.call("indicators", table_to_indicators, [], table, page=table.page))
        for table in tables
    ]
    clock.lap("tables")

    doc_id = source.doc_id
    warnings = list(read.warnings) + table_warnings(tables, indicators)
    section_records = [rec.section_record(section, doc_id) for section in sections]
    table_records = [
        {**table.to_record(doc_id), "section_id": section_at(sections, table.page, table.top)}
        for table in tables
    ]
    by_number = {page.number: page for page in pages}
    indicator_records = [
        {
            **ind.to_record(doc_id),
            "section_id": section_at(sections, ind.page, ind.bbox[1] if ind.bbox else table.top),
            "ocr_confidence": ocr_confidence(by_number, ind.page, ind.bbox),
        }
        for table, table_indicators in indicators
        for ind in table_indicators
    ]
    # 本年 and 年末 are those of the year a section is about, 今年 of the year the report speaks in.
    spoken = spoken_year(meta.title, meta.year)
    years = {s.section_id: year_of_path(s.path, meta.year) for s in sections}
    metric_records = [
        record
        for section in sections
        for record in section_to_metric_records(
            section, (years[section.section_id], spoken), doc_id, by_number, soft
        )
    ]
    metric_records += [
        cell_metric_record(metric, table.table_id, cell, record["section_id"], doc_id, by_number)
        for table, record in zip(tables, table_records, strict=True)
        for cell in table.prose_cells()
        for metric in soft.call(
            "metrics",
            text_to_metrics,
            [],
            cell.text,
            year=years.get(record["section_id"], meta.year),
            spoken=spoken,
            page=cell.page,
        )
    ]
    this_indicator_to_row_name(
        metric_records, {(r["table_id"], r["row"]): r["name"] for r in indicator_records}
    )
    row_label_to_unnamed(metric_records, table_records)
    # Prose metrics come in reading order; a cell's join them at its page.
    metric_records.sort(key=lambda r: r["page"])
    clock.lap("metrics")
    warnings += soft.call("classify", assign_types, [], indicator_records, metric_records)
    warnings += soft.warnings
    clock.lap("classify")

    body = section_records + table_records + indicator_records + metric_records
    document = rec.document_record(
        source,
        meta,
        pages=len(pages),
        ocr_pages=read.ocr_pages,
        turned_pages=[rec.turned_page(page) for page in pages if page.turn],
        warnings=warnings,
        record_count=len(body) + 1,
    )
    return Extraction(
        path=source.path,
        records=[document, *body],
        pages=len(pages),
        ocr_pages=len(read.ocr_pages),
        stage_seconds=clock.seconds,
    )


class SoftFail:
    """Runs an optional stage; on an exception returns a fallback and records a warning."""

    def __init__(self) -> None:
        self.warnings: list[dict[str, Any]] = []

    def call(self, stage: str, fn: Any, fallback: Any, *args: Any, page: int | None = None,
             **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DocumentTimeout:
            raise
        except Exception as exc:
            self.warnings.append(
                rec.warning(
                    f"{stage}_failed",
                    f"{stage} skipped here after an internal error ({type(exc).__name__}: "
                    f"{exc}); the rest of the document is kept — please report it",
                    page,
                )
            )
            return fallback


class StageClock:
    """Seconds spent per stage, for scripts/bench; two perf_counter calls per stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def section_to_metric_records(
    section: Section,
    years: Years,
    doc_id: str,
    pages: dict[int, Page],
    soft: SoftFail,
) -> list[dict[str, Any]]:
    """The metrics a heading states (（一）均衡性转移支付143.82亿元), then those of its text, a
    bare 收入 or 支出 there owned by the budget the section path names (``owner_of_heading``).
    ``years``: the year the section is about and the year its report speaks in."""
    year, spoken = years
    records = [
        title_metric_record(metric, section, doc_id, pages)
        for metric in soft.call(
            "metrics",
            text_to_metrics,
            [],
            section.title,
            year=year,
            spoken=spoken,
            page=section.page_start,
        )
    ]
    if section.text:
        metrics = soft.call(
            "metrics",
            text_to_metrics,
            [],
            section.text,
            year=year,
            spoken=spoken,
            heading=section.title,
            page=section.page_start,
        )
        owner_of_heading(metrics, budget_of_path(section.path), section.text)
        records += [metric_record(metric, section, doc_id, pages) for metric in metrics]
    return records


def page_without_tables(page: Page, grids: list[TableGrid]) -> Page:
    """The page as prose layout sees it: table characters belong to the tables."""
    return replace(page, chars=chars_outside_tables(page, grids)) if grids else page


def page_to_lines(page: Page) -> list[Line]:
    return page.lines if page.origin == "dump" else chars_to_lines(page)


def table_warnings(tables: list[Table], indicators: list[tuple[Table, list[Any]]]) -> list[dict]:
    out = [
        rec.warning("table_check", _named(table, message), table.page)
        for table in tables
        for message in table.warnings
    ]
    out += [
        rec.warning("indicator_check", _named(table, message), table.page)
        for table, rows in indicators
        if rows
        for message in check_indicators(table, rows)
    ]
    return out


def _named(table: Table, message: str) -> str:
    # The checks name their table already ("t5: row 22 …"); others get the id in front.
    named = message.startswith((f"{table.table_id}:", f"{table.table_id} "))
    return message if named else f"{table.table_id}: {message}"

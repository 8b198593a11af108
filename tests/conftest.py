"""Shared test fixtures. Real documents come from ../shared/corpus and are never copied here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GOVEXTRACT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "zhuzhou-kjj-2022-self-evaluation.txt"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_ROWS = ROOT / "corpora" / "indicators" / "seed_self_evaluation.tsv"


def case_rows(path: Path, width: int) -> list[list[str]]:
    """The cases of a tab-separated corpus file: lines starting with # and the header (the
    first other line) left out; rows padded to ``width`` fields (trailing columns may be
    left off when empty). A row with more fields is a mistake in the file."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = [line.split("\t") for line in lines[1:] if line]
    for row in rows:
        if len(row) > width:
            raise ValueError(f"{path.name}: {len(row)} fields, not {width}: {row[0]!r}")
    return [row + [""] * (width - len(row)) for row in rows]


def corpus_file(relpath: str) -> Path:
    """Path of a corpus document, skipping the test when the corpus is not beside the repo."""
    path = CORPUS / relpath
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


def pdf_pages(data: bytes, numbers: list[int]) -> list:
    """Pages ``numbers`` (1-based) of a PDF, read as the pipeline reads a text layer."""
    from extractor.sources.pdf import open_pdf, pdfium_page_to_page

    doc = open_pdf(data)
    try:
        return [pdfium_page_to_page(doc[n - 1], n) for n in numbers]
    finally:
        doc.close()


def corpus_pages(relpath: str, *numbers: int) -> list:
    """Pages of a corpus document (skipping the test when the corpus is not beside the repo)."""
    return pdf_pages(corpus_file(relpath).read_bytes(), list(numbers))


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed report not available: {SEED}")
    return SEED


def seed_rows(with_cells: bool = False) -> list:
    """The seed 自评表's rows (corpora/indicators/seed_self_evaluation.tsv) as pytest params
    (name, target, level1, level2, cell); a row the tsv says the model gets wrong (from its own
    fields, or also knowing the 二级 cells) is a strict xfail."""
    rows = []
    for line in SEED_ROWS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("name\t"):
            continue
        name, target, level1, level2, cell, failure, failure_with_cells = (
            line.split("\t") + [""] * 7
        )[:7]
        reason = failure_with_cells if with_cells else failure
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        rows.append(pytest.param(name, target, level1, level2, cell, marks=marks, id=name))
    return rows


def seed_table(variant: str):  # -> extractor.layout.tables.Table
    """The seed 自评表 drawn as tests/fixtures/tables/seed_self_evaluation_<variant>.pdf, read
    by the table stage."""
    from extractor.layout.tables import grids_to_tables, page_to_tables
    from extractor.sources.pdf import read_pdf

    pages = read_pdf((FIXTURES / "tables" / f"seed_self_evaluation_{variant}.pdf").read_bytes())
    (table,) = grids_to_tables([page_to_tables(page) for page in pages])
    return table

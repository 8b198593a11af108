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

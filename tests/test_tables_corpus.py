"""Every PDF of the corpus goes through table finding without an exception (slow)."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from extractor.errors import ExtractError
from extractor.indicators.tables import table_to_indicators
from extractor.layout.tables import chars_outside_tables, grids_to_tables, page_to_tables
from extractor.sources.pdf import read_pdf

PDFS = sorted(CORPUS.rglob("*.pdf")) if CORPUS.exists() else []


@pytest.mark.slow
@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_corpus_pdf_tables_do_not_crash(path) -> None:
    try:
        pages = read_pdf(path.read_bytes())
    except ExtractError:
        pytest.skip("the reader refuses this file (damaged or empty): not a table matter")
    grids = [page_to_tables(page) for page in pages]
    for page, page_grids in zip(pages, grids, strict=True):
        assert len(chars_outside_tables(page, page_grids)) <= len(page.chars)
    for table in grids_to_tables(grids):
        table.to_record("doc")
        for indicator in table_to_indicators(table):
            indicator.to_record("doc")

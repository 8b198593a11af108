"""Text rows the table reader must cut out of one drawn row, and wrapped cells it must leave
whole: the cases of corpora/tables/row_cases.tsv, each on its page of a real document."""

from __future__ import annotations

import functools

import pytest
from conftest import ROOT, case_rows, corpus_pages

from extractor.layout.tables import grids_to_tables, page_to_tables

CASES = ROOT / "corpora" / "tables" / "row_cases.tsv"


def read_cases() -> list:
    cases = []
    for source, page, cells, _case, failure in case_rows(CASES, 5):
        marks = [pytest.mark.xfail(strict=True, reason=failure)] if failure else []
        row = cells.split(" | ")
        cases.append(pytest.param(source, int(page), row, marks=marks, id=f"{page}-{row[0]}"))
    return cases


@functools.lru_cache(maxsize=4)
def page_rows(source: str, number: int) -> list[list[str]]:
    """The non-empty cells of every text row of every table on one page."""
    (page,) = corpus_pages(source, number)
    tables = grids_to_tables([page_to_tables(page)])
    return [[text for text in row if text] for table in tables for row in table.text_rows()]


@pytest.mark.parametrize(("source", "page", "cells"), read_cases())
def test_row_is_read_whole_and_alone(source: str, page: int, cells: list[str]) -> None:
    rows = page_rows(source, page)
    assert cells in rows, f"no row reads {cells}; rows holding its first cell: " + repr(
        [row for row in rows if cells[0] in " ".join(row)]
    )

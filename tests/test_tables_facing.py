"""Wide tables printed over two facing pages: the cases of corpora/tables/facing_pages.tsv, each
on its pair of pages of a real document, and pairs that must be left apart."""

from __future__ import annotations

import functools

import pytest
from conftest import ROOT, case_rows, corpus_pages

from extractor.layout.tables import Table, grids_to_tables, page_to_tables
from extractor.layout.tables_facing import right_half_rows

CASES = ROOT / "corpora" / "tables" / "facing_pages.tsv"
GUANGZHOU = "china-local-debt-atlas/guangzhou_2025_budget_report.pdf"


def read_cases() -> list:
    cases = []
    for source, pages, row, column, value, value_page, _case in case_rows(CASES, 7):
        left, right = (int(p) for p in pages.split(","))
        cases.append(
            pytest.param(
                source, left, right, row, column, value, int(value_page), id=f"{pages}-{row}"
            )
        )
    return cases


@functools.lru_cache(maxsize=4)
def pair_tables(source: str, left: int, right: int) -> list[Table]:
    pages = corpus_pages(source, left, right)
    return grids_to_tables([page_to_tables(page) for page in pages])


@pytest.mark.parametrize(
    ("source", "left", "right", "row", "column", "value", "value_page"), read_cases()
)
def test_value_sits_under_its_column_in_its_row(
    source: str, left: int, right: int, row: str, column: str, value: str, value_page: int
) -> None:
    (table,) = pair_tables(source, left, right)
    assert table.pages == [left, right]
    col = table.column_names().index(column)
    by_pos = {(c.row, c.col): c for c in table.cells}
    (r,) = [r for r, texts in enumerate(table.text_rows()) if texts[0] == row]
    cell = by_pos[(r, col)]
    assert (cell.text, cell.page) == (value, value_page)


def test_the_halves_of_four_pages_are_one_table() -> None:
    # 广州 2025 pp. 115-118: two pairs, the second repeating the title and header of the first.
    pages = corpus_pages(GUANGZHOU, 115, 116, 117, 118)
    (table,) = grids_to_tables([page_to_tables(page) for page in pages])
    assert table.pages == [115, 116, 117, 118]
    assert table.n_cols == 12 and table.header_rows == [0]
    assert table.row_pages == [115] * 26 + [117] * 25  # rows are placed by their labels' page


def test_a_right_half_whose_rows_do_not_match_one_to_one_is_left_apart() -> None:
    # 广州 2025 p. 119 reads two of its printed rows as one (白云山派出所…补助 over 华侨事业费:
    # no rule between them), so two rows of p. 120 fall into it: no place for each value, so
    # the pages stay two tables rather than put a value beside the wrong label.
    left, right = (page_to_tables(page) for page in corpus_pages(GUANGZHOU, 119, 120))
    assert right_half_rows(left[-1], right[0]) is None


def test_a_continuation_page_is_no_right_half() -> None:
    # 东莞 2025 pp. 150/151: a 绩效目标表 carried on to the next page (labels in its first
    # column, no header repeated) is joined under its first page, not beside it.
    left, right = (
        page_to_tables(page)
        for page in corpus_pages("china-local-debt-atlas/dongguan_2025_budget_report.pdf", 150, 151)
    )
    assert right_half_rows(left[-1], right[0]) is None

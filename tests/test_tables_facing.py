"""Wide tables printed over two facing pages: the cases of corpora/tables/facing_pages.tsv, each
on its pair of pages of a real document, and pairs that must be left apart."""

from __future__ import annotations

import functools

import pytest
from conftest import ROOT, case_rows, corpus_pages

from extractor.layout.tables import Cell, Table, TableGrid, grids_to_tables, page_to_tables
from extractor.layout.tables_check import check_totals
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


@pytest.mark.parametrize(("first", "last", "rows"), [(115, 134, 242), (177, 196, 199)])
def test_a_table_over_ten_page_pairs_adds_up_in_every_column(
    first: int, last: int, rows: int
) -> None:
    # 广州 2025 转移支付表(按项目分地区): 10 pairs of facing pages, title and header repeated
    # on every left page. Read whole, its 合计 row is the sum of the top-level rows in each of
    # the 11 district columns: every value is under its district and beside its label.
    pages = corpus_pages(GUANGZHOU, *range(first, last + 1))
    (table,) = [t for t in grids_to_tables([page_to_tables(p) for p in pages]) if t.n_cols == 12]
    assert table.pages == list(range(first, last + 1)) and table.n_rows == rows
    checks = check_totals(table)
    assert sorted(c.col for c in checks if c.ok) == list(range(1, 12))
    assert table.warnings == []


def _grid(page: int, ys: list[float], rows: list[list[str]]) -> TableGrid:
    xs = [10.0 + 60.0 * c for c in range(len(rows[0]) + 1)]
    cells = [
        Cell(r, c, 1, 1, text, (xs[c], ys[r], xs[c + 1], ys[r + 1]), page, 0.0, middle)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        for middle in [(ys[r] + ys[r + 1]) / 2 if text else None]
    ]
    return TableGrid(page, (xs[0], ys[0], xs[-1], ys[-1]), xs, ys, cells)


def test_two_right_rows_in_one_left_row_leave_the_halves_apart() -> None:
    # Synthetic: no pair of the corpus shows it since p. 119 of 广州 2025 reads its rows
    # right. A left half that reads two printed rows as one would get two values of a column;
    # the pages stay two tables rather than put a value beside the wrong label.
    left = _grid(
        1, [0, 20, 60, 80], [["项目", "甲区"], ["一、税收返还二、转移支付", "5"], ["合计", "9"]]
    )
    right = _grid(2, [0, 20, 40, 60, 80], [["乙区", "丙区"], ["1", "2"], ["3", "4"], ["5", "6"]])
    assert right_half_rows(left, right) is None
    whole = _grid(
        1, [0, 20, 40, 60, 80], [["项目", "甲区"], ["一", "5"], ["二", "4"], ["合计", "9"]]
    )
    assert right_half_rows(whole, right) == {0: 0, 1: 1, 2: 2, 3: 3}


def test_a_continuation_page_is_no_right_half() -> None:
    # 东莞 2025 pp. 150/151: a 绩效目标表 carried on to the next page (labels in its first
    # column, no header repeated) is joined under its first page, not beside it.
    left, right = (
        page_to_tables(page)
        for page in corpus_pages("china-local-debt-atlas/dongguan_2025_budget_report.pdf", 150, 151)
    )
    assert right_half_rows(left[-1], right[0]) is None

"""Ruled tables: lattice from rulings, cell text, the seed 自评表 fixtures round-trip, joining
across pages, captions, totals."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import FIXTURES, ROOT, corpus_file, corpus_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.layout import tables_join
from extractor.layout.tables import (
    Cell,
    Table,
    chars_outside_tables,
    grids_to_tables,
    page_to_tables,
)
from extractor.layout.tables_check import cell_decimal, check_table, check_totals
from extractor.layout.tables_fields import is_key_value_row
from extractor.layout.tables_header import (
    caption_of,
    find_header_rows,
    find_total_rows,
    is_numeric,
    unit_of_caption,
)
from extractor.layout.tables_lattice import Edge, merge_edges, rulings_to_lattices, snap_edges
from extractor.layout.tables_text import chars_to_text
from extractor.model import Char, Page, Ruling
from extractor.sources.pdf import read_pdf

TABLES = FIXTURES / "tables"
SEED = json.loads((TABLES / "seed_self_evaluation.json").read_text(encoding="utf-8"))


def only_table(relpath: str, page: int) -> Table:
    """The one table a page of a corpus document holds, read on that page alone."""
    (pdf_page,) = corpus_pages(relpath, page)
    (table,) = grids_to_tables([page_to_tables(pdf_page)])
    return table


def hline(y: float, x0: float, x1: float) -> Ruling:
    return Ruling(x0, y, x1, y)


def vline(x: float, top: float, bottom: float) -> Ruling:
    return Ruling(x, top, x, bottom)


def test_snap_and_merge_join_pieces_of_one_border() -> None:
    edges = [Edge(100.0, 0, 50), Edge(100.8, 50.5, 120), Edge(140.0, 0, 10)]
    merged = merge_edges(snap_edges(edges))
    assert [(round(e.pos, 1), e.lo, e.hi) for e in merged] == [(100.4, 0, 120), (140.0, 0, 10)]


def test_lattice_finds_merged_cell() -> None:
    # 3 columns × 2 rows; the left column is one cell over both rows.
    rulings = [hline(y, 10, 310) for y in (10, 40, 70)]
    rulings[1] = hline(40, 110, 310)  # no border under the left cell
    rulings += [vline(x, 10, 70) for x in (10, 110, 210, 310)]
    (lattice,) = rulings_to_lattices(rulings)
    spans = sorted((c.row, c.col, c.rowspan, c.colspan) for c in lattice.cells)
    assert spans == [(0, 0, 2, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)]


def test_a_lone_frame_is_not_a_table() -> None:
    frame = [hline(10, 10, 500), hline(800, 10, 500), vline(10, 10, 800), vline(500, 10, 800)]
    assert rulings_to_lattices(frame) == []


def test_page_without_rulings_has_no_tables() -> None:
    page = Page(1, "text_layer", 595, 842, chars=[Char("字", 10, 10, 20, 20, 10)])
    assert page_to_tables(page) == []


def _char(text: str, x0: float, top: float, size: float = 10.0) -> Char:
    return Char(text, x0, top, x0 + size, top + size, size)


def test_wrapped_cell_text_joins_without_spaces() -> None:
    chars = [_char(c, 10 + 10 * i, 10) for i, c in enumerate("产出指标（5")]
    chars += [_char(c, 10 + 10 * i, 22) for i, c in enumerate("0分）")]
    assert chars_to_text(chars) == "产出指标（50分）"


def test_space_kept_between_latin_words_only() -> None:
    line = [_char("G", 0, 0), _char("D", 6, 0), _char("P", 12, 0), _char("2", 30, 0)]
    assert chars_to_text(line) == "GDP 2"
    spaced_value = [_char("≥", 0, 0), _char("3", 16, 0), _char("0", 22, 0), _char("家", 40, 0)]
    assert chars_to_text(spaced_value) == "≥30家"


@pytest.mark.parametrize("variant", ["rects", "lines", "boxes", "split"])
def test_seed_self_evaluation_round_trips(variant: str) -> None:
    pages = read_pdf((TABLES / f"seed_self_evaluation_{variant}.pdf").read_bytes())
    tables = grids_to_tables([page_to_tables(page) for page in pages])
    assert len(tables) == 1
    (table,) = tables
    got = sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells)
    expected = sorted(tuple(cell[:5]) for cell in SEED["cells"])
    assert got == expected
    assert (table.n_rows, table.n_cols) == (SEED["n_rows"], len(SEED["col_widths"]))
    assert table.caption == "2022年度项目支出绩效自评表"
    assert table.total_rows == [SEED["n_rows"] - 1]
    assert table.fields == SEED["fields"]
    assert table.funds == SEED["funds"]
    if variant == "split":
        assert table.pages == [1, 2]
        break_row = SEED["split_variant"]["break_after_row"]
        assert table.row_pages[break_row] == 1 and table.row_pages[break_row + 1] == 2


def test_table_chars_are_left_out_of_prose() -> None:
    (page,) = read_pdf((TABLES / "seed_self_evaluation_rects.pdf").read_bytes())
    grids = page_to_tables(page)
    outside = "".join(c.text for c in chars_outside_tables(page, grids))
    assert outside == "附件1-32022年度项目支出绩效自评表备注：一个一级项目支出一张表。"
    assert grids[0].above == SEED["above"] and grids[0].below == SEED["below"]


def test_table_record() -> None:
    pages = read_pdf((TABLES / "seed_self_evaluation_split.pdf").read_bytes())
    (table,) = grids_to_tables([page_to_tables(page) for page in pages])
    record = table.to_record("abc")
    assert record["type"] == "table" and record["table_id"] == "t1"
    assert record["pages"] == [1, 2] and record["page"] == 1
    assert record["top"] == round(table.bbox[1], 2)
    assert len(record["cells"]) == len(SEED["cells"])
    assert record["fields"]["项目名称"] == "打造科技创新高地工作经费"


@pytest.mark.parametrize(
    ("lines", "unit", "caption"),
    [
        (
            ["2026年东莞市一般公共预算收入表", "单位：万元"],
            "万元",
            "2026年东莞市一般公共预算收入表",
        ),
        (["表13", "项目绩效目标表"], "", "项目绩效目标表"),
        (["部门收支总表", "编制单位：东莞市财政局 单位:元"], "元", "部门收支总表"),
        (["编制部门:上海市普陀区司法局"], "", ""),
        # a title wrapped onto a second line (henan 2024 p. 33), and a heading over a title
        # that is none of its lines (上海 部门决算 p. 7)
        (["2024年政府一般债务限额和余额情", "况表（13）", "单位：万元"], "万元",
         "2024年政府一般债务限额和余额情况表(13)"),
        (["上海市规划和自然资源局2024年度部门决算表", "收入支出决算总表", "单位：万元"], "万元",
         "收入支出决算总表"),
        # a line with only the table's number and unit, or a form number (lincang, ningxia)
        (["2026年临沧市一般公共预算收入情况表", "表1-1 单位：万元"], "万元",
         "2026年临沧市一般公共预算收入情况表"),
        (["2019年全区工伤保险基金预算表", "社预 15 表", "单位：万元"], "万元",
         "2019年全区工伤保险基金预算表"),
        # a unit line whose colon the table's border took (fangchenggang 2025 p. 46)
        (
            [
                "市本级一般公共预算2026年支出预算(草案）",
                "（按政府预算支出经济分类科目）",
                "单位万元",
            ],
            "万元",
            "市本级一般公共预算2026年支出预算(草案)(按政府预算支出经济分类科目)",
        ),
    ],
)
def test_caption_and_unit(lines: list[str], unit: str, caption: str) -> None:
    assert unit_of_caption(lines) == unit
    assert caption_of(lines) == caption


def caption_cases() -> list[tuple[str, int, str]]:
    path = ROOT / "corpora" / "tables" / "captions.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = [line.split("\t") for line in lines[1:]]
    return [(r[0], int(r[1]), r[2]) for r in rows]


@pytest.mark.parametrize(("relpath", "page", "caption"), caption_cases())
def test_captions_of_real_tables(relpath: str, page: int, caption: str) -> None:
    # With the page before: a table that only continued the one there would start on neither
    # (shandong 2023's 表33 and 表34 were once read as one table, both titled 使用情况表).
    pages = corpus_pages(relpath, page - 1, page)
    tables = grids_to_tables([page_to_tables(p) for p in pages])
    assert caption in [t.caption for t in tables if t.page == page]


def _table(rows: list[list[str]], header: int = 1) -> Table:
    cells = [
        Cell(r, c, 1, 1, text, (0, 0, 0, 0), 1)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    table = Table("t1", len(rows), len(rows[0]), cells, [1] * len(rows), (0, 0, 0, 0))
    table.header_rows = list(range(header))
    table.total_rows = find_total_rows(table)
    return table


def test_totals_by_subject_code_level() -> None:
    table = _table(
        [
            ["科目编码", "科目名称", "金额"],
            ["201", "一般公共服务支出", "1,200.50"],
            ["20106", "财政事务", "1,200.50"],
            ["208", "社会保障和就业支出", "99.50"],
            ["合 计", "", "1,300.00"],
        ]
    )
    (check,) = check_totals(table)
    assert check.ok and check.rule == "top" and check.total == Decimal("1300.00")


def test_total_that_does_not_add_up_is_reported() -> None:
    table = _table([["项目", "金额"], ["甲", "1.00"], ["乙", "2.00"], ["合计", "3.02"]])
    (check,) = check_totals(table)
    assert not check.ok and check.expected == Decimal("3.00")
    assert table.warnings == [] and check_table(table)  # warnings come from finish_table


def test_a_total_warning_names_its_table_once() -> None:
    from extractor.pipeline import table_warnings

    table = _table([["项目", "金额"], ["甲", "1.00"], ["乙", "2.00"], ["合计", "3.02"]])
    table.warnings = check_table(table)
    (warning,) = table_warnings([table], [])
    assert warning["message"] == "t1: row 3 column 1 total 3.02 != sum of rows 3.00"


def test_totals_allow_rounding_of_each_row() -> None:
    # Rows and total rounded to whole 万元: the sum may be off by half a unit a row, and the
    # total by another half.
    rows = [["项目", "金额"], *[[f"项{i}", "3"] for i in range(4)], ["合计", "14"]]
    (check,) = check_totals(_table(rows))
    assert check.ok
    rows[-1][1] = "15"
    (check,) = check_totals(_table(rows))
    assert not check.ok
    # 宁夏 2018 社预14表: 本年收入 26,869 + 上年结余 28,647, 总计 printed 55,517.
    rows = [["项目", "金额"], ["本年收入", "26,869"], ["上年结余", "28,647"]]
    (check,) = check_totals(_table([*rows, ["总计", "55,517"]]))
    assert check.ok


def test_a_numbered_subtotal_holds_the_numbered_rows_above_it() -> None:
    # 宁夏 2018 社预05表: 七、本年收入小计 sums 一 … 六; 十、本年收入合计 = 七 + 八 + 九.
    rows = [
        ["项目", "执行数"],
        ["一、基本养老保险费收入", "1,402,804"],
        ["二、利息收入", "26,510"],
        ["其中：滞纳金", "7,550"],
        ["三、财政补贴收入", "379,121"],
        ["七、本年收入小计", "1,808,435"],
        ["八、上级补助收入", "335,246"],
        ["九、下级上解收入", ""],
        ["十、本年收入合计", "2,143,681"],
    ]
    (check,) = check_totals(_table(rows))
    assert (check.ok, check.rule) == (True, "numbered_subtotal")


def test_totals_over_a_hierarchy_the_values_show() -> None:
    # Names flush left, no codes: 人大事务 is the sum of the two rows under it, 政协事务 of the
    # one under it; the total is the sum of the 类 rows only.
    # (Names of no 类 of the classification, which the `classes` rule would take first.)
    rows = [
        ["项目", "金额"],
        ["一般公共服务", "30"],
        ["人大事务", "20"],
        ["行政运行", "12"],
        ["人大会议", "8"],
        ["政协事务", "10"],
        ["行政运行", "10"],
        ["国防", "5"],
        ["合计", "35"],
    ]
    (check,) = check_totals(_table(rows))
    assert check.ok and check.rule == "nested" and check.rows == 2


def test_totals_over_the_classes_of_the_classification() -> None:
    # 青岛 2025 市级一般公共预算支出草案表: 类, 款 and 项 flush left with no codes, and one 类
    # whose 款 do not add up to it (人大事务 9 under 一般公共服务支出 30), so the values show no
    # hierarchy; the total still adds the 类 rows, named as the classification names them. An
    # echo of a 类 name as a 款 (其他支出 under 其他支出) is no second 类.
    rows = [
        ["项目", "金额"],
        ["合计", "47"],
        ["一般公共服务支出", "30"],
        ["人大事务", "9"],
        ["行政运行", "9"],
        ["政协事务", "10"],
        ["行政运行", "10"],
        ["国防支出", "5"],
        ["其他支出", "12"],
        ["其他支出", "12"],
    ]
    (check,) = check_totals(_table(rows))
    assert check.ok and check.rule == "classes" and check.summed == (2, 7, 8)


def test_a_running_total_adds_the_lines_that_fill_its_gap() -> None:
    # 山东 2023 社会保险基金预算支出决算表: 支出合计 = 支出小计 + 上解上级支出, with part of the
    # 小计's breakdown under 其中 between (not all of it: 64 + 3 + 7 is not 76).
    rows = [
        ["项目", "金额"],
        ["养老保险基金支出", "70"],
        ["失业保险基金支出", "6"],
        ["社会保险基金支出小计", "76"],
        ["其中：社会保险待遇支出", "64"],
        ["转移支出", "3"],
        ["其他支出", "7"],
        ["上解上级支出", "5"],
        ["其中：企业职工基本养老保险中央调剂金", "5"],
        ["社会保险基金支出合计", "81"],
    ]
    (check,) = check_totals(_table(rows))  # a 小计 is no total row: it stands for one here
    assert (check.row, check.ok, check.rule, check.summed) == (9, True, "running_gap", (3, 7))


def test_the_same_title_and_header_continue_a_table_past_stray_text() -> None:
    # 广州 2025 表16 runs over pp. 86-108, title and header repeated on every page; under p. 103
    # the page number is read as "110000", which used to end the table there, leaving the
    # categories of pp. 104-108 out of its 合计.
    path = corpus_file("china-local-debt-atlas/guangzhou_2025_budget_report.pdf")
    pages = read_pdf(path.read_bytes())
    tables = grids_to_tables([page_to_tables(page) for page in pages[85:108]])
    (table,) = [t for t in tables if t.caption == "2026年市本级一般公共预算支出表(按功能分类)"]
    assert table.pages == list(range(86, 109))
    checks = check_totals(table)
    assert checks and all(c.ok for c in checks)


def test_totals_over_a_subtotal_printed_below_its_items() -> None:
    # 固原 2025 p. 42: the fund rows, then their subtotal (政府性基金收入), then 转移性收入 over
    # its own breakdown, then 总计.
    table = only_table("china-local-debt-atlas/guyuan_2025_budget_report.pdf", 42)
    checks = check_totals(table)
    assert checks and all(c.ok and c.rule == "nested_subtotals" for c in checks)


def test_footnote_marks_against_a_figure_are_no_digits_of_it() -> None:
    # 江苏 2018 p. 21: ③26,932,005 and ⑤75,871,618 point to notes under the table; NFKC reads
    # ③ as 3, and the 全省支出合计 did not add up.
    table = only_table("china-local-debt-atlas/jiangsu_2018.pdf", 21)
    assert table.text_rows()[1][1] == "③26,932,005"  # the cell keeps what is printed
    checks = check_totals(table)
    assert checks and all(c.ok for c in checks)
    assert [cell_decimal(t) for t in ("③26,932,005", "1,234①", "⑴12", "①")] == [
        Decimal("26932005"),
        Decimal("1234"),
        Decimal("12"),
        None,
    ]


def test_totals_stacked_under_a_total_are_its_parts() -> None:
    # 江苏 2018 pp. 41-43: 省级支出合计 over 省本级支出合计 and 专项转移支付合计, which add up
    # to it; 省级支出总计 then carries on from 省级支出合计, not from the last part.
    pages = corpus_pages("china-local-debt-atlas/jiangsu_2018.pdf", 41, 42, 43)
    (table,) = [
        t
        for t in grids_to_tables([page_to_tables(p) for p in pages])
        if t.caption == "2019年省级一般公共预算支出表"
    ]
    rows = table.text_rows()
    checks = {rows[c.row][0]: c for c in check_totals(table) if c.col == 1}
    assert checks["省本级支出合计"].rule == checks["专项转移支付合计"].rule == "split"
    assert checks["省级支出总计"].ok and checks["省级支出合计"].ok


def test_totals_stacked_without_adding_up_are_named_figures() -> None:
    # 广州 2025 p. 221: 资产总额合计, 负债总额合计, 所有者权益合计, 利润总额合计, 净利润合计 —
    # each the name of a figure, none the sum of rows of the table.
    table = only_table("china-local-debt-atlas/guangzhou_2025_budget_report.pdf", 221)
    assert len(table.total_rows) == 5 and check_totals(table) == []


def test_the_years_balance_is_not_added_into_the_spending_sides_total() -> None:
    # 宁夏 2018 社预05表 (p. 127), income and spending side by side: 总计 = 九、本年支出合计 +
    # 十一、年末滚存结余; 十、本年收支结余 (income less spending) stands between them.
    table = only_table("china-local-debt-atlas/ningxia_2018.pdf", 127)
    checks = check_totals(table)
    assert checks and all(c.ok for c in checks)
    assert {c.rule for c in checks if c.row == 17 and c.col in (4, 5)} == {"running_balance"}


def test_a_total_label_after_group_labels_makes_a_total_row() -> None:
    # 山东 2023 p. 126: 全省 (over eight rows) | | 合计 7766.41 … heads the 一般债券 block,
    # then 合计 for 专项债券; the same for 省级. Every 合计 sums the rows under it.
    table = only_table("china-local-debt-atlas/shandong_2023.pdf", 126)
    assert table.total_rows == [2, 6, 10, 14]
    checks = check_totals(table)
    assert checks and all(c.ok for c in checks)


def test_a_total_label_over_a_block_of_rows_is_no_total_row() -> None:
    # 固原 2025 p. 45: 合计 (one cell over four rows) beside 期初余额, 当期新增, 当期减少,
    # 期末余额, then the same block for 一般债务 and 专项债务. No row sums the rows below it.
    table = only_table("china-local-debt-atlas/guyuan_2025_budget_report.pdf", 45)
    assert table.text_rows()[2][:2] == ["合计", "期初余额"]
    assert table.total_rows == [] and check_totals(table) == []


def test_a_subtotal_below_its_items_takes_all_of_them() -> None:
    rows = [
        ["项目", "金额"],
        ["甲", "3"],
        ["乙", "4"],
        ["小计", "7"],  # not a 合计 row: read from the values only
        ["丙", "5"],
        ["丁", "6"],
        ["合计", "18"],
    ]
    (check,) = check_totals(_table(rows))
    assert check.ok and check.rule == "nested_subtotals" and check.rows == 3


def test_totals_over_the_rows_a_sparse_column_fills() -> None:
    # 预算数 printed for the 类 rows only; the 款 rows under them do not add up to their 类
    # (a partial breakdown), so only the sparse column tells the levels apart.
    rows = [
        ["项目", "决算数", "预算数"],
        ["一般公共服务支出", "30", "31"],
        ["人大事务", "7", ""],
        ["政协事务", "9", ""],
        ["国防支出", "5", "6"],
        ["合计", "35", "37"],
    ]
    checks = check_totals(_table(rows))
    assert [(c.ok, c.rule) for c in checks] == [(True, "sparse_level"), (True, "all")]


def _ningxia_2018_table(page: int) -> Table:
    (pdf_page,) = corpus_pages("china-local-debt-atlas/ningxia_2018.pdf", page)
    grids = page_to_tables(pdf_page)
    (table,) = [t for t in grids_to_tables([grids]) if "栏次" in str(t.text_rows())]
    return table


def test_a_row_numbering_the_columns_is_header() -> None:
    # 宁夏 2018 p. 152, 国有资本经营预算支出表: 栏次 | 1 | 2 … | 19 under a three-row header.
    table = _ningxia_2018_table(152)
    assert table.text_rows()[3][1:4] == ["栏次", "1", "2"]
    assert 3 in table.header_rows
    checks = check_totals(table)
    assert len(checks) >= 16 and [c for c in checks if not c.ok] == []


def test_a_column_numbering_the_rows_is_not_summed() -> None:
    # 宁夏 2018 p. 50, 功能分类科目表: 科目代码 | 功能科目名称 | 栏次 | 预算额度, 合计 in 栏次 1.
    table = _ningxia_2018_table(50)
    assert table.column_names()[2] == "栏次"
    assert {c.col for c in check_totals(table)} == {3}


def test_subtotals_above_their_rows_under_a_first_row_that_is_no_total() -> None:
    # 济南 2025 p. 215: 济南市 (the whole city, not labelled 合计), then 市级合计 over the city's
    # own units and 区县合计 over the districts.
    rows = [
        ["级次", "还本"],
        ["济南市", "100"],
        ["市级合计", "60"],
        ["市本级", "50"],
        ["济南高新区", "10"],
        ["区县合计", "40"],
        ["历下区", "15"],
        ["市中区", "25"],
    ]
    checks = check_totals(_table(rows))
    assert [(c.row, c.ok, c.rule) for c in checks] == [(2, True, "below"), (5, True, "below")]


def test_a_total_repeated_on_the_next_page_and_the_page_number_are_left_out() -> None:
    # 广州 2025 部门收入总体情况表 (pp. 269-270): p. 270 repeats the header and then the 合计 row;
    # p. 269's page number "266" is printed across the bottom border, its last 6 over an empty
    # cell of the last row.
    pages = corpus_pages("china-local-debt-atlas/guangzhou_2025_budget_report.pdf", 269, 270)
    (table,) = [
        t for t in grids_to_tables([page_to_tables(p) for p in pages]) if t.row_pages[-1] == 270
    ]
    rows = table.text_rows()
    assert [r for r, texts in enumerate(rows) if texts[1] == "合计"] == table.total_rows
    assert len(table.total_rows) == 1
    assert rows[table.total_rows[0]][2] == "13,722,554.22"
    assert rows[table.row_pages.index(270) - 1][5:7] == ["108,479.60", ""]
    checks = check_totals(table)
    assert len(checks) == 8 and [c for c in checks if not c.ok] == []


def test_a_balance_table_opening_with_a_carried_total() -> None:
    # 银川 2025 全口径收支平衡表: 地方本级收入合计 comes from another table; the rows under it
    # are not its parts, and 收入总计 sums it with them.
    rows = [
        ["项目", "全市"],
        ["地方本级收入合计", "100"],
        ["转移性收入", "30"],
        ["返还性收入", "10"],
        ["一般性转移支付收入", "20"],
        ["上年结余收入", "5"],
        ["收入总计", "135"],
    ]
    checks = check_totals(_table(rows))
    assert [(c.row, c.ok, c.rule) for c in checks] == [
        (1, True, "carried"),
        (6, True, "running_nested"),
    ]


def test_a_top_total_ends_at_a_blank_row_and_a_running_sum_skips_its_parts() -> None:
    # 青岛 2025 p. 10: 一般公共预算收入合计 over 税收收入 and 非税收入, a blank row, then the
    # transfers; 收入总计 = 合计 + 补助收入 + 调入资金, the 其中 row a part of the row above it.
    rows = [
        ["项目", "收入合计"],
        ["一般公共预算收入合计", "100"],
        ["税收收入", "70"],
        ["非税收入", "30"],
        ["", ""],
        ["中央、省补助收入", "40"],
        ["预算稳定调节基金", "25"],
        ["其中:调入当年一般公共预算", "20"],
        ["调入资金", "7"],
        ["收入总计", "172"],
    ]
    checks = check_totals(_table(rows))
    assert [(c.row, c.ok) for c in checks] == [(1, True), (9, True)]
    assert checks[1].rule.startswith("running") and 2 not in checks[1].summed


def test_a_zero_total_with_no_rows_under_it() -> None:
    # 广东 2025 社会保险基金预算收入表 closes with 横琴合作区收入合计 0 after the 合计 at the top.
    rows = [
        ["项目", "预算数"],
        ["合计", "9"],
        ["一、养老", "5"],
        ["二、失业", "4"],
        ["横琴合计", "0"],
    ]
    checks = check_totals(_table(rows))
    assert [(c.row, c.ok, c.rule) for c in checks] == [(1, True, "all"), (4, True, "empty")]


def test_a_running_total_over_its_own_breakdowns() -> None:
    # 济南 2025 p. 22: 支出总计 = 本年支出合计 + 债务还本支出 + 转移性支出, the last two each
    # printed over their breakdown (地方政府一般债务还本支出; 上解上级支出 …).
    table = only_table("china-local-debt-atlas/jinan_2025_budget_report.pdf", 22)
    checks = check_totals(table)
    assert checks and all(c.ok for c in checks)
    assert {c.rule for c in checks if c.row == table.total_rows[-1]} == {"running_nested"}


# Department budgets and final accounts (部门预算 / 部门决算 / 单位预算) of the corpus: every total
# row of every table adds up under one of the rules of tables_check. The figure is how many of
# the document's tables have a total row (收支总表, 收入/支出预算总表, 财政拨款 tables …).
PUTUO = "govbudgetchecker-shanghai-putuo/"
TIANBAO = "tianbaoxitong-shanghai-budget/"
BUDGET_PDFS = [
    (PUTUO + "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf", 6),
    (PUTUO + "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf", 6),
    (PUTUO + "上海市普陀区财政局2024年度部门决算.pdf", 4),
    (PUTUO + "dept_budget.pdf", 6),
    (PUTUO + "unit_budget.pdf", 6),
    (PUTUO + "上海市普陀区人民政府万里街道办事处24年预算.pdf", 6),
    (PUTUO + "上海市普陀区人民政府办公室25年预算.pdf", 6),
    (TIANBAO + "1769321433314-826553525.pdf", 6),
    (TIANBAO + "上海市财政局25年预算.pdf", 6),
]


@pytest.mark.parametrize(("relpath", "with_totals"), BUDGET_PDFS)
def test_budget_tables_totals_check(relpath: str, with_totals: int) -> None:
    pages = read_pdf(corpus_file(relpath).read_bytes())
    tables = grids_to_tables([page_to_tables(page) for page in pages])
    checked = [t for t in tables if check_totals(t)]
    assert len(checked) >= with_totals
    failures = [c for t in checked for c in check_totals(t) if not c.ok]
    assert failures == []


def test_white_and_unpainted_lines_are_not_rulings(tmp_path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "white.pdf"
    canvas = Canvas(str(path), pagesize=(300, 300), invariant=1)
    canvas.setLineWidth(0.5)
    canvas.line(10, 200, 290, 200)  # black stroked line
    canvas.setStrokeColorRGB(1, 1, 1)
    canvas.line(10, 150, 290, 150)  # white: hides a border, does not draw one
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(10, 100, 280, 0.5, stroke=0, fill=1)  # white thin filled rectangle
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(10, 50, 280, 0.5, stroke=0, fill=1)  # black thin filled rectangle
    canvas.showPage()
    canvas.save()
    (page,) = read_pdf(path.read_bytes())
    assert sorted(round(r.top) for r in page.rulings) == [100, 250]


def test_rules_without_side_borders_still_make_columns() -> None:
    # A 2-column statistics table: horizontal rules and one column line, no outer borders.
    rulings = [hline(y, 150, 450) for y in (100, 130, 160, 190)]
    rulings.append(vline(380, 100, 190))
    (lattice,) = rulings_to_lattices(rulings)
    assert [round(x) for x in lattice.xs] == [150, 380, 450]
    assert len(lattice.cells) == 6


def test_three_line_table_rows_come_from_text_alignment() -> None:
    # Header rule, header bottom rule, bottom rule; one column line; four text rows below.
    rulings = [hline(100, 80, 500), hline(125, 80, 500), hline(300, 80, 500)]
    rulings.append(vline(400, 100, 300))
    chars: list[Char] = []
    chars += [_char(c, 90 + 10 * k, 106) for k, c in enumerate("项目")]
    chars += [_char(c, 410 + 10 * k, 106) for k, c in enumerate("预算数")]
    rows = [("一、收入", "30"), ("税收", "20"), ("非税", "10"), ("合计", "30")]
    for i, (label, value) in enumerate(rows):
        chars += [_char(c, 90 + 10 * k, 140 + 30 * i) for k, c in enumerate(label)]
        chars += [_char(c, 410 + 6 * k, 140 + 30 * i) for k, c in enumerate(value)]
    page = Page(1, "text_layer", 595, 842, chars=chars, rulings=rulings)
    (grid,) = page_to_tables(page)
    (table,) = grids_to_tables([[grid]])
    assert table.text_rows() == [["项目", "预算数"], *[list(r) for r in rows]]
    assert table.total_rows == [4]


def test_wrapped_cells_of_a_ruled_row_are_not_split() -> None:
    rulings = [hline(100, 0, 300), hline(160, 0, 300)]
    rulings += [vline(x, 100, 160) for x in (0, 100, 200, 300)]
    chars = [
        _char(c, 110 + 10 * k, 105 + 14 * line) for line in range(3) for k, c in enumerate("甲乙丙")
    ]
    chars += [
        _char(c, 210 + 10 * k, 105 + 14 * line) for line in range(3) for k, c in enumerate("丁戊己")
    ]
    chars += [_char(c, 10 + 10 * k, 125) for k, c in enumerate("名称")]
    page = Page(1, "text_layer", 595, 842, chars=chars, rulings=rulings)
    (grid,) = page_to_tables(page)
    assert grid.n_rows == 1 and [c.text for c in grid.cells] == ["名称", "甲乙丙" * 3, "丁戊己" * 3]


def test_projects_sharing_pages_are_separate_tables() -> None:
    relpath = "tianbaoxitong-shanghai-budget/1770007475548-818404804.pdf"
    pages = read_pdf(corpus_file(relpath).read_bytes())
    tables = grids_to_tables([page_to_tables(page) for page in pages])
    titled = [t for t in tables if t.text_rows()[0][0] == "财政项目支出绩效目标填报表"]
    assert len(titled) == len({t.fields["项目名称"] for t in titled}) >= 5


def test_overprinted_glyphs_are_read_once() -> None:
    chars = [_char(c, 10 + 10 * i, 10) for i, c in enumerate("3,429")]
    chars += [_char(c, 10.2 + 10 * i, 10.1) for i, c in enumerate("3,429")]
    assert chars_to_text(chars) == "3,429"


def test_two_level_header_names_columns() -> None:
    pages = read_pdf(corpus_file("govbudgetchecker-shanghai-putuo/dept_budget.pdf").read_bytes())
    tables = grids_to_tables([page_to_tables(page) for page in pages])
    income = next(t for t in tables if t.caption == "2026年部门收入预算总表")
    assert income.unit == "元" and income.header_rows[:3] == [0, 1, 2]
    names = income.column_names()
    assert names[3] == "项目 / 功能分类科目名称"
    assert names[4:6] == ["收入预算 / 合计", "收入预算 / 财政拨款收入"]
    assert income.to_record("d")["columns"] == names


# Cell texts a header, a numbering row, a total or a data row is made of.
_TEXTS = st.sampled_from(
    ["", "项目", "金额", "预算数", "合计", "栏次", "1", "2", "3", "12.5", "其他"]
)
_ROW = st.one_of(
    st.lists(_TEXTS, min_size=3, max_size=3),
    st.sampled_from([["1", "2", "3"], ["栏次", "1", "2"], ["项目", "预算数", "合计"]]),
)


@st.composite
def _rows_and_first(draw: st.DrawFn) -> tuple[list[list[str]], list[str]]:
    rows = draw(st.lists(_ROW, min_size=1, max_size=9))
    return rows, draw(st.one_of(st.sampled_from(rows), _ROW))


@settings(max_examples=400, deadline=None)
@given(_rows_and_first())
def test_a_repeated_header_is_a_header_row_of_the_table(spec: tuple) -> None:
    """`_repeats_header` reads only the table's top rows (and, for a row of header words, looks
    the row up): it must say what reading the whole table says."""
    rows, first = spec
    cells = [
        Cell(row=r, col=c, rowspan=1, colspan=1, text=t, bbox=None, page=1)
        for r, texts in enumerate(rows)
        for c, t in enumerate(texts)
    ]
    table = Table("t1", len(rows), 3, cells, [1] * len(rows), None)
    by_row = {r: list(texts) for r, texts in enumerate(rows)}
    numbers = [r for r in range(min(6, len(rows))) if tables_join._numbers_row(by_row[r])]
    whole = any(first == by_row[r] for r in [*find_header_rows(table), *numbers])
    data_first = any(is_numeric(t) for t in first if t.strip()) and not tables_join._numbers_row(
        first
    )
    assert tables_join._repeats_header(table, first) == (any(first) and not data_first and whole)


@pytest.mark.parametrize(
    ("relpath", "page", "caption"),
    [
        # The table number and the year are apart by about one digit's width.
        (
            "china-local-debt-atlas/diqing_2025_budget_report.pdf",
            4,
            "1-1 2026年迪庆州一般公共预算收入情况表",
        ),
        ("china-local-debt-atlas/heilongjiang_2020.pdf", 6, "1.1 2020年黑龙江省财政收支决算总表"),
        # A subtitle in brackets under the title comes with it, the title found further up
        # (61 pt above the table) when the subtitle is all that is close.
        (
            "china-local-debt-atlas/guangzhou_2025_budget_report.pdf",
            109,
            "2026年市本级一般公共预算基本支出表(按经济分类)",
        ),
        (
            "china-local-debt-atlas/guangzhou_2025_budget_report.pdf",
            115,
            "2026年市级一般公共预算返还性支出和转移支付表(按项目分地区)",
        ),
    ],
)
def test_a_caption_as_printed(relpath: str, page: int, caption: str) -> None:
    grids = page_to_tables(corpus_pages(relpath, page)[0])
    assert caption_of(grids[0].above) == caption


@pytest.mark.parametrize(
    ("relpath", "page", "caption"),
    [
        # The title is the table's first row, one cell over all columns.
        ("china-local-debt-atlas/yunfu_2025_budget_report.pdf", 83, "预算项目支出绩效目标申报表"),
        # ... and the row under it a subtitle in brackets.
        (
            "tianbaoxitong-shanghai-budget/1770007475548-818404804.pdf",
            31,
            "财政项目支出绩效目标填报表(2023年度)",
        ),
    ],
)
def test_a_title_drawn_inside_the_table_is_its_caption(
    relpath: str, page: int, caption: str
) -> None:
    table = only_table(relpath, page)
    assert table.caption == caption
    assert table.text_rows()[0][0] == caption.split("(")[0]  # the row itself stays


def test_a_first_body_row_printed_without_figures_is_no_header() -> None:
    # 济南 2025 p. 24: a two-row header, then 一、教育支出 with nothing beside it, then
    # 二、科学技术支出 2024 … 3332. The empty row is data: 一、 names a budget head.
    table = only_table("china-local-debt-atlas/jinan_2025_budget_report.pdf", 24)
    assert table.header_rows == [0, 1]
    assert table.text_rows()[2][0] == "一、教育支出"
    assert table.column_names()[3] == "2025年执行数 / 金额"


def test_a_row_of_dashes_above_the_first_figures_is_no_header() -> None:
    # 固原 2025 p. 60: under 收入 | 支出 and 项目 | 2024年完成数 …, two rows print - for every
    # value before the first figures; a dash is a value left empty, never a column name.
    table = only_table("china-local-debt-atlas/guyuan_2025_budget_report.pdf", 60)
    assert table.header_rows == [0, 1]
    assert table.text_rows()[2][:2] == ["一、企业职工基本养老保险基金收入", "-"]


def test_labels_with_empty_cells_beside_them_are_no_header_in_mid_table() -> None:
    # 宁夏 2018 p. 18, income and spending side by side: 其他税收返还收入 | | 其他税收返还支出 |
    # is two rows printed without figures, though both labels read like column names.
    (page,) = corpus_pages("china-local-debt-atlas/ningxia_2018.pdf", 18)
    (table,) = [t for t in grids_to_tables([page_to_tables(page)]) if t.n_cols == 4]
    rows = table.text_rows()
    (row,) = [r for r, texts in enumerate(rows) if texts[0] == "其他税收返还收入"]
    assert row not in table.header_rows and table.header_rows == [0]


def test_a_title_over_a_unit_line_is_found_further_up_and_parts_two_tables() -> None:
    # ningxia 2018 pp. 160-161: each page's title stands over its 单位 line, more than
    # CONTEXT_SPAN above the table. Unseen, the second table was taken for a continuation.
    pages = corpus_pages("china-local-debt-atlas/ningxia_2018.pdf", 160, 161)
    tables = grids_to_tables([page_to_tables(page) for page in pages])
    assert [t.caption for t in tables] == [
        "全区地方政府一般债务情况表",
        "全区地方政府专项债务情况表",
    ]


def test_a_unit_line_without_its_colon_is_no_title() -> None:
    # fangchenggang 2025 p. 46: 单位:万元, its colon drawn into the table's top border.
    (page,) = corpus_pages("china-local-debt-atlas/fangchenggang_2025_budget_report.pdf", 46)
    grids = page_to_tables(page)
    assert "单位万元" in grids[0].above and caption_of(grids[0].above) != "单位万元"


def test_a_header_row_holding_a_key_word_is_no_form() -> None:
    # 威海 2025 pp. 119-122: 项目名称 | 投资总规模 | 资金来源 | 项目简要说明 over three more
    # header rows, printed again on every page. 项目名称 names a column here, not a field, so
    # the four header rows are read, and the pages are one table.
    pages = corpus_pages(
        "china-local-debt-atlas/weihai_2025_budget_execution_report.pdf", 119, 120, 121, 122
    )
    (table,) = grids_to_tables([page_to_tables(p) for p in pages])
    assert table.header_rows == [0, 1, 2, 3]
    assert table.column_names()[:2] == ["项目名称", "投资总规模"]
    assert table.column_names()[-1] == "项目简要说明"
    assert table.fields == {} and table.n_rows == 13


@pytest.mark.parametrize(
    ("texts", "form"),
    [
        (["项目名称", "", "市级储备粮轮换费", "", "项目类型", "其他事业发展性支出"], True),
        (["项目类型", "其他事业发展性支出", "项目等级", "二级项目"], True),
        (["主管部门", "", "实施单位", ""], True),  # keys whose values stand below
        (["项目名称", "决算数"], False),
        (["地区", "项目名称", "项目领域", "债券性质", "债券规模"], False),
        (["序号", "项目名称", "市业务主管部门", "绩效等级"], False),
        (["科目名称", "预算数"], False),  # no key at all
        (["项目名称", "子项目", "年度", "预算安排(万元)", "支出金额(万元)", "资金占比(%)"], False),
        (["项目名称", "广州市", "深圳市", "珠海市", "汕头市", "佛山市"], False),
        (["政府经济分类科目", "政府经济分类科目", "栏次", "预算金额"], False),  # a spanned cell
        (
            [
                "项目名称",
                "新建万里街道社区公共服务中心",
                "项目性质",
                "阶段性项目",
                "项目类别",
                "特定目标类",
            ],
            True,
        ),
        # keys the vocabulary does not know, and a date: a form's row
        (["项目实施单位", "李口镇政府", "项目实施期限", "9月10日—9月20日"], True),
    ],
)
def test_key_value_rows_are_told_from_column_names(texts: list[str], form: bool) -> None:
    assert is_key_value_row(texts) is form


def test_a_total_under_a_part_is_the_rest_of_the_row_above() -> None:
    # 威海 2026 政府债务收支计划表: 全市政府债务余额, 其中：市本级, 区市合计.
    rows = [
        ["项目", "金额"],
        ["一、2026年初全市政府债务余额", "14518143"],
        ["其中：市本级", "1860677"],
        ["区市合计", "12657466"],
        ["二、2026年全市政府债务（转贷）收入", "3320583"],
    ]
    (check,) = check_totals(_table(rows))
    assert check.ok and check.rule == "rest_of_part"
    rows[3][1] = "12657460"  # a misprint is still reported
    (check,) = check_totals(_table(rows))
    assert not check.ok


def test_a_continuation_page_drawn_with_column_lines_only_carries_the_table_on() -> None:
    # 河南 2024 pp. 29-32: 分市县决算表(12) has its header rules on p. 29; pp. 30-31 draw only
    # the four column lines, p. 32 one closing rule. The 140 rows are one table, and its 合计
    # adds up (its rows had been read as prose, and the 40 of p. 29 fell short of the total).
    pages = corpus_pages("china-local-debt-atlas/henan_2024.pdf", 29, 30, 31, 32)
    (table,) = grids_to_tables([page_to_tables(p) for p in pages])
    rows = table.text_rows()
    assert (table.n_rows, table.n_cols) == (140, 5)
    assert rows[40] == ["内黄县", "257,516", "6,177", "232,200", "19,139"]
    assert rows[-1] == ["济源示范区", "291,997", "8,267", "224,237", "59,493"]
    assert sorted(set(table.row_pages)) == [29, 30, 31, 32]
    assert check_table(table) == []


def test_pages_with_the_same_column_walls_keep_the_same_columns() -> None:
    # 宁夏 2018 pp. 99-103, three 经济分类科目表 (表六 over pp. 99-100, 表七 over pp. 101-102,
    # 表八 on p. 103), each with the columns 类 | 款 | 栏次 | 合计: the pages' outer borders lie
    # a few points apart; walls that match one for one are the same columns (a sixth, empty
    # column had appeared). The three were once read as one table of 184 rows and 5 columns,
    # when each title's wrapped last line, 经济分类科目表, was taken for the whole title.
    pages = corpus_pages("china-local-debt-atlas/ningxia_2018.pdf", 99, 100, 101, 102, 103)
    tables = grids_to_tables([page_to_tables(p) for p in pages])
    assert [(t.pages, t.n_rows, t.n_cols) for t in tables] == [
        ([99, 100], 78, 4),
        ([101, 102], 78, 4),
        ([103], 32, 4),
    ]
    assert tables[0].caption == "2019年自治区本级政府性基金预算全口径支出经济分类科目表"


def test_a_total_of_blocks_each_with_its_own_subtotal() -> None:
    # 济南 2025 p. 216, 债券年限情况表: 合计 = 一般债券 小计 + 专项债券 小计; the 地方政府债券
    # rows above them break the same sums down by 新增/置换/再融资 (seven warnings had read all
    # the rows as parts of 合计).
    table = only_table("china-local-debt-atlas/jinan_2025_budget_report.pdf", 216)
    checks = [c for c in check_totals(table) if c.row == 2]
    assert len(checks) == 7
    assert all(c.ok and c.rule == "subtotal_rows" for c in checks)

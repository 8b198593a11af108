"""Tables a file states as cells (HTML in text dumps): parsing, layout, joins, records."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.layout.tables import grids_to_tables, page_to_tables
from extractor.layout.tables_markup import markup_to_grid
from extractor.model import MarkupCell, MarkupTable
from extractor.pipeline import extract
from extractor.sources.html_tables import html_to_table, split_tables
from extractor.sources.inline_math import inline_math_to_text
from extractor.sources.markup import lift_layout_tables
from extractor.sources.text import read_text
from tests.conftest import case_rows, corpus_file

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "corpora" / "markup" / "html_tables.tsv"
MATH_CASES = ROOT / "corpora" / "markup" / "inline_math.tsv"
REPORT = "autowriter-henan-perf-eval/最佳报告范例.md"


def read_cases() -> list:
    return [pytest.param(html, expected, id=why) for html, expected, why in case_rows(CASES, 3)]


def render(html: str) -> str:
    grid = markup_to_grid(html_to_table(html), page=1)
    rows = [["?"] * grid.n_cols for _ in range(grid.n_rows)]
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                rows[r][c] = "^" if r > cell.row else "<" if c > cell.col else cell.text
    return " ¶ ".join("|".join(row) for row in rows)


@pytest.mark.parametrize(("html", "expected"), read_cases())
def test_html_table_case(html: str, expected: str) -> None:
    assert render(html) == expected


def test_a_row_only_rowspans_cover_stays() -> None:
    html = (
        '<table><tr><td rowspan="2">a</td><td rowspan="2">b</td></tr><tr></tr>'
        "<tr><td>c</td><td>d</td></tr></table>"
    )
    assert render(html) == "a|b ¶ ^|^ ¶ c|d"


def test_tables_are_cut_out_of_the_prose() -> None:
    pieces = split_tables("前文<table><tr><td>1</td></tr></table>后文\n<table></table>尾")
    assert [p if isinstance(p, str) else "T" for p in pieces] == ["前文", "T", "后文\n", "尾"]


def test_dump_lines_and_table_places() -> None:
    text = (
        "一、基本情况\n表1 收支表\n单位：万元\n<table><tr><td>项目</td><td>金额</td></tr>"
        "<tr><td>合计</td><td>10</td></tr></table>\n注：数据为快报数。\n"
    )
    (page,) = read_text(text.encode())
    assert [line.text for line in page.lines] == [
        "一、基本情况",
        "表1 收支表",
        "单位：万元",
        "",
        "注：数据为快报数。",
        "",
    ]
    assert [line.index for line in page.lines] == list(range(6))
    (table,) = page.tables
    assert table.index == 3  # it stands before lines[3], after the unit caption
    (grid,) = page_to_tables(page)
    assert grid.kind == "markup" and grid.bbox is None
    assert grid.above == ["一、基本情况", "表1 收支表", "单位：万元"]
    assert grid.below == ["注：数据为快报数。"]
    (joined,) = grids_to_tables([[grid]])
    assert (joined.caption, joined.unit, joined.header_rows) == ("表1收支表", "万元", [0])


def test_pieces_with_nothing_between_join_and_drop_the_repeated_header() -> None:
    head = "<tr><td>年度</td><td>金额</td></tr>"
    text = (
        f"<table>{head}<tr><td>2021</td><td>1</td></tr></table>\n\n"
        f"<table>{head}<tr><td>2022</td><td>2</td></tr></table>\n"
        "正文隔开。\n"
        f"<table>{head}<tr><td>2023</td><td>3</td></tr></table>\n"
    )
    (page,) = read_text(text.encode())
    tables = grids_to_tables([page_to_tables(page)])
    assert [t.text_rows() for t in tables] == [
        [["年度", "金额"], ["2021", "1"], ["2022", "2"]],
        [["年度", "金额"], ["2023", "3"]],
    ]


@pytest.fixture(scope="module")
def report_records() -> list[dict]:
    return extract(str(corpus_file(REPORT))).records


def test_report_tables_are_read(report_records: list[dict]) -> None:
    tables = [r for r in report_records if r["type"] == "table"]
    # 108 <table>s in the file; the page-split pieces of the same table join (checked by eye:
    # 附件1 评分表 comes as 21 pieces, 附表5-1 as 13).
    assert len(tables) == 44
    sections = {r["section_id"]: r["title"] for r in report_records if r["type"] == "section"}
    first = tables[0]
    assert first["caption"] == "表1-1:2021-2024年省级职业技能竞赛经费资金支出明细表"
    assert sections[first["section_id"]] == "资金安排情况"
    assert (first["n_rows"], first["n_cols"], first["header_rows"]) == (17, 8, [0])
    assert (first["kind"], first["bbox"], first["top"], first["origin"]) == (
        "markup",
        None,
        None,
        None,
    )
    assert all(cell["bbox"] is None for cell in first["cells"])
    total = [c["text"] for c in first["cells"] if c["row"] == 16]
    assert total == ["总计", "13534.70", "12634.70", "100.00", "93.35", ""]
    assert next(c for c in first["cells"] if c["row"] == 16)["colspan"] == 3
    scores = next(t for t in tables if t["caption"] == "附件1:绩效评价指标体系评分表")
    assert sections[scores["section_id"]] == "附件"
    assert scores["n_rows"] == 49


def test_a_markdown_headings_mark_is_no_part_of_a_caption(report_records: list[dict]) -> None:
    # 最佳报告范例.md: "# 表2-1：…经费项目" over "绩效评价得分情况表", a title wrapped in two.
    captions = [r["caption"] for r in report_records if r["type"] == "table"]
    assert "表2-1:2021-2024年省级职业技能竞赛经费项目绩效评价得分情况表" in captions


def test_report_score_table_rows_are_indicators(report_records: list[dict]) -> None:
    rows = {r["name"]: r for r in report_records if r["type"] == "indicator"}
    c101 = rows["C101一次性竞赛补贴项目指标完成数量"]
    assert (c101["level1"], c101["level2"], c101["weight"], c101["score"]) == (
        "产出指标",
        "数量指标",
        "8",
        "6.94",
    )
    assert c101["type_predicted"] == "数量指标" and c101["bbox"] is None
    # 决策 and 过程 rows are scored, but no indicator type describes them.
    a101 = rows["A101立项依据充分性"]
    assert (a101["level1"], a101["level2"], a101["weight"], a101["score"]) == (
        "A决策15分",
        None,
        "2",
        "2.00",
    )
    assert a101["type_predicted"] is None and "level2_predicted" not in a101
    # 满意度 under 效益 (the 共性指标框架's place for it) is no disagreement.
    d402 = next(r for n, r in rows.items() if n.startswith("D402"))
    assert d402["level1"] == "效益指标" and d402["type_predicted"] == "服务对象满意度指标"


def test_a_label_cell_cut_by_a_page_break_goes_on_under_its_weight(
    report_records: list[dict],
) -> None:
    # The OCR dump prints D1经济效益 on one page and its 8分 (and the cell's next rows) as a cell
    # of its own on the next: those rows keep the printed label, they are no new type.
    rows = {r["name"]: r for r in report_records if r["type"] == "indicator"}
    for name, label, raw in [
        ("D101省职业技能大赛资金使用效益", "经济效益指标", "D1经济效益"),
        ("D102集训基地资金使用效益", "经济效益指标", "D1经济效益"),
        ("D202集训基地建设与运营管理", "社会效益指标", "D2社会效益"),
    ]:
        assert (rows[name]["level2"], rows[name]["level2_raw"]) == (label, raw)
        assert "level2_predicted" not in rows[name]
    d101 = rows["D101省职业技能大赛资金使用效益"]
    assert rows["D102集训基地资金使用效益"]["level2_cell"] == d101["level2_cell"]


def test_title_rows_inside_a_table_cut_it_and_become_captions() -> None:
    # The shape of 承德's Word appendix (tests/test_office_pipeline.py has the real file).
    def block(number: str, title: str, value: str) -> str:
        return (
            f'<tr><td colspan="3">附表{number}</td></tr><tr><td colspan="3">{title}</td></tr>'
            '<tr><td colspan="3">单位：万元</td></tr>'
            "<tr><td>项目</td><td>预算数</td><td>完成数</td></tr>"
            f"<tr><td>合计</td><td>{value}</td><td>{value}</td></tr>"
        )

    html = f"<table>{block('1', '收入完成情况表', '10')}{block('2', '支出完成情况表', '8')}"
    html += '<tr><td colspan="3">注：本表为快报数。</td></tr></table>'
    (page,) = read_text(html.encode())
    tables = grids_to_tables([page_to_tables(page)])
    assert [(t.caption, t.unit, t.header_rows) for t in tables] == [
        ("收入完成情况表", "万元", [0]),
        ("支出完成情况表", "万元", [0]),
    ]
    # The note under the last rows stays a row of the last table: nothing is lost.
    assert tables[1].text_rows()[-1] == ["注：本表为快报数。", "", ""]


def test_a_row_with_a_figure_or_a_cell_cut_by_a_rowspan_is_no_title() -> None:
    html = (
        '<table><tr><td>项目</td><td>金额</td></tr><tr><td rowspan="2">合计</td><td>1.5</td></tr>'
        '<tr><td>2.5</td></tr><tr><td colspan="2">12.5</td></tr></table>'
    )
    (page,) = read_text(html.encode())
    (table,) = grids_to_tables([page_to_tables(page)])
    assert table.n_rows == 4


def test_a_page_laid_out_in_tables_keeps_its_data_table() -> None:
    # The shape of a government web page: a layout table (banner, menu, article) holding the
    # article's text and its data table in one cell.
    html = (
        "<html><body><table><tr><td>网站首页</td><td>政务公开</td></tr><tr><td>"
        "<p>一、2025年预算执行情况</p><p>全年收入完成1164.45万元。</p>"
        "<table><tr><td>项目</td><td>预算数</td></tr><tr><td>合计</td><td>10</td></tr></table>"
        "<p>注：快报数。</p></td><td>相关链接</td></tr></table></body></html>"
    )
    page = lift_layout_tables(read_text(html.encode(), html=True)[0])
    texts = [line.text for line in page.lines if line.text]
    assert texts == [
        "网站首页",
        "政务公开",
        "一、2025年预算执行情况",
        "全年收入完成1164.45万元。",
        "注：快报数。",
        "相关链接",
    ]
    (table,) = page.tables
    assert [[c.text for c in row] for row in table.rows] == [["项目", "预算数"], ["合计", "10"]]
    place = {line.text: line.index for line in page.lines}
    assert place["全年收入完成1164.45万元。"] < table.index <= place["注：快报数。"]


def test_a_one_column_layout_table_is_prose() -> None:
    html = (
        "<html><body><table><tr><td><p>一、总体情况</p><p>全年收入完成1164.45万元。</p></td></tr>"
        "</table><table><tr><td>项目</td><td>金额</td></tr></table></body></html>"
    )
    page = lift_layout_tables(read_text(html.encode(), html=True)[0])
    texts = [line.text for line in page.lines]
    assert "一、总体情况" in texts and "全年收入完成1164.45万元。" in texts
    (table,) = page.tables
    assert [c.text for c in table.rows[0]] == ["项目", "金额"]
    assert all(line.index == i for i, line in enumerate(page.lines))
    assert "全年收入完成1164.45万元。" in texts[: table.index]  # the table still follows it


_cells = st.builds(
    MarkupCell,
    text=st.text(max_size=6),
    rowspan=st.integers(1, 4),
    colspan=st.integers(1, 4),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_cells, max_size=5), max_size=6))
def test_any_markup_table_lays_out_as_a_full_grid(rows: list[list[MarkupCell]]) -> None:
    grid = markup_to_grid(MarkupTable(rows=rows), page=1)
    covered = [
        (r, c)
        for cell in grid.cells
        for r in range(cell.row, cell.row + cell.rowspan)
        for c in range(cell.col, cell.col + cell.colspan)
    ]
    # Every position of the grid is covered by exactly one cell, and nothing lies outside it.
    assert sorted(covered) == [(r, c) for r in range(grid.n_rows) for c in range(grid.n_cols)]
    assert grid.n_rows == len(rows)
    assert sum(1 for c in grid.cells if c.text) == sum(
        1 for row in rows for c in row if "".join(c.text.split())
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(t, e, id=why) for t, e, why in case_rows(MATH_CASES, 3)],
)
def test_inline_math_case(text: str, expected: str) -> None:
    assert inline_math_to_text(text) == expected


def test_a_dump_is_read_without_its_inline_math() -> None:
    (page,) = read_text("有$72.63\\%$的参赛选手，$\\geq 500$人。".encode())
    assert page.lines[0].text == "有72.63%的参赛选手，≥500人。"


def test_report_percentages_are_read_as_printed(report_records: list[dict]) -> None:
    # 最佳报告范例.md writes its percentages as TeX ($72.63\%$): none is left in a metric.
    metrics = [r for r in report_records if r["type"] == "metric"]
    assert metrics and not any("\\%" in r["quantity"]["text"] for r in metrics)
    survey = next(r for r in metrics if r["quantity"]["text"] == "72.63%")
    assert survey["subject"] == "参赛选手"


def test_a_score_in_the_prose_takes_its_indicators_type(report_records: list[dict]) -> None:
    # The evaluation states each indicator's score in prose (A101立项依据充分性：…该指标得2分):
    # the metric takes the type its indicator row got, none for a 决策 or 过程 row.
    rows = {r["name"]: r for r in report_records if r["type"] == "indicator"}
    scores = {r["subject"]: r for r in report_records if r["type"] == "metric"}
    decision = scores["A101立项依据充分性"]
    assert (decision["type_predicted"], decision["type_probability"]) == (None, None)
    effect = scores["D202集训基地建设与运营管理"]
    row = rows["D202集训基地建设与运营管理"]
    assert effect["type_predicted"] == row["type_predicted"] == "社会效益指标"
    assert effect["type_probability"] == row["type_probability"]

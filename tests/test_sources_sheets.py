"""Spreadsheet reader: .xlsx/.xls → pages of caption lines and markup tables.

Expected texts of the real workbooks were read by eye from the cells named in each test (sheet
and cell as Excel names them), with openpyxl/xlrd dumps of the values and their formats.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Alignment

from extractor.errors import EmptyDocument, ExtractError
from extractor.model import Page
from extractor.sources.excel_formats import format_value
from extractor.sources.sheets import (
    DamagedFile,
    _print_area,
    cell_text,
    xls_to_pages,
    xlsx_to_pages,
)
from tests.conftest import CORPUS, ROOT, corpus_file

ATLAS = "china-local-debt-atlas/"
PUTUO = "govbudgetchecker-shanghai-putuo/"


def texts(page: Page, table: int = 0) -> list[list[str]]:
    return [[cell.text for cell in row] for row in page.tables[table].rows]


def spans(page: Page, table: int = 0) -> list[list[tuple[int, int]]]:
    return [[(cell.rowspan, cell.colspan) for cell in row] for row in page.tables[table].rows]


def line_texts(page: Page) -> list[str]:
    return [line.text for line in page.lines]


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Number formats: corpora/sheets/number_formats.tsv, one case a row.


def _format_cases() -> list[tuple[str, str, str, str]]:
    path = ROOT / "corpora" / "sheets" / "number_formats.tsv"
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rows[0] == ["value", "format", "expected", "why"]
    return [tuple(row) for row in rows[1:]]  # type: ignore[misc]


FORMAT_CASES = _format_cases()


def _value(raw: str) -> object:
    if raw.startswith("s:"):
        return raw[2:]
    if raw.startswith("b:"):
        return raw[2:] == "true"
    if raw.startswith("d:"):
        return dt.datetime.fromisoformat(raw[2:])
    return float(raw) if any(ch in raw for ch in ".e") else int(raw)


@pytest.mark.parametrize(
    ("raw", "fmt", "expected", "why"), FORMAT_CASES, ids=[c[3][:40] for c in FORMAT_CASES]
)
def test_number_format(raw: str, fmt: str, expected: str, why: str) -> None:
    assert cell_text(_value(raw), fmt)[0] == expected, why


def test_number_formats_through_a_workbook() -> None:
    """The same cases written to a real .xlsx with openpyxl and read back by the reader."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["case", "shown"])
    for k, (raw, fmt, _, _) in enumerate(FORMAT_CASES):
        ws.cell(row=k + 2, column=1, value=f"c{k}")
        cell = ws.cell(row=k + 2, column=2, value=_value(raw))
        cell.number_format = fmt
    page = xlsx_to_pages(workbook_bytes(book))[0]
    shown = {row[0]: row[1] if len(row) > 1 else "" for row in texts(page)[1:]}
    for k, (raw, fmt, expected, why) in enumerate(FORMAT_CASES):
        assert shown[f"c{k}"] == expected, (raw, fmt, why)


def test_builtin_short_date_shows_as_zh_cn_excel_shows_it() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["发行日期", "金额"])
    ws.append([dt.datetime(2024, 8, 26), 1])
    ws["A2"].number_format = "mm-dd-yy"  # stored as built-in format 14
    page = xlsx_to_pages(workbook_bytes(book))[0]
    assert texts(page)[1] == ["2024/8/26", "1"]


FORMAT_PIECES = st.sampled_from(
    list('0#?.,%;E+-@"\\_*[]$ymdhsAP/:年月日() aG')
    + ["General", "[Red]", "[>100]", "[$-804]", "[h]", "0.00", "yyyy", "G/通用格式"]
)
ANY_VALUE = st.one_of(
    st.floats(),
    st.integers(-(10**30), 10**30),
    st.text(max_size=5),
    st.datetimes(),
    st.times(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(ANY_VALUE, st.lists(FORMAT_PIECES, max_size=12).map("".join))
def test_any_format_code_gives_text(value: object, fmt: str) -> None:
    assert isinstance(format_value(value, fmt), str)


def test_general_never_shows_float_noise() -> None:
    assert format_value(0.1 + 0.2, "General") == "0.3"
    assert format_value(Decimal("2.50"), "General") == "2.5"


# ---------------------------------------------------------------------------------------------
# Real workbooks.


@pytest.fixture(scope="module")
def changdu_xlsx() -> list[Page]:
    return xlsx_to_pages(corpus_file(ATLAS + "changdu_2024.xlsx").read_bytes())


@pytest.fixture(scope="module")
def changdu_xls() -> list[Page]:
    return xls_to_pages(corpus_file(ATLAS + "changdu_2024.xls").read_bytes())


@pytest.fixture(scope="module")
def lijiang() -> list[Page]:
    return xlsx_to_pages(corpus_file(ATLAS + "lijiang_2025_budget_attachment.xlsx").read_bytes())


def test_changdu_limits_sheet(changdu_xlsx: list[Page]) -> None:
    page = changdu_xlsx[0]
    # A2 (merged A2:G2) and F3 (merged F3:G3) are captions above the table.
    assert line_texts(page) == ["2024年末昌都市地方政府债务限额及余额决算情况表", "单位：万元"]
    table = page.tables[0]
    assert table.index == 2
    assert table.origin == {"sheet": "2024年政府债务限额及余额情况表", "row": 4, "col": 1}
    # A4:A5 地区, B4:D4 and E4:G4 merged across; row 5 starts under 地区's rowspan.
    assert texts(page)[0] == ["地区", "地方政府债务限额", "末政府债务余额"]
    assert spans(page)[0] == [(2, 1), (1, 3), (1, 3)]
    assert texts(page)[1] == [
        "合计",
        "新增一般债务限额",
        "新增专项债务限额",
        "小 计",
        "一般债务余额",
        "专项债务余额",
    ]
    # Row 6 is General (182506.59, 97345), row 7 on is #0.00 (95888.00).
    assert texts(page)[2] == [
        "昌都市",
        "182506.59",
        "97345",
        "85161.59",
        "1098951.46",
        "893189.87",
        "205761.59",
    ]
    assert texts(page)[3][:3] == ["昌都市本级", "98990.08", "95888.00"]
    assert texts(page)[-1][0] == "边坝县"
    assert len(page.tables[0].rows) == 16


def test_changdu_issues_sheet_trims_the_formatted_columns(changdu_xlsx: list[Page]) -> None:
    page = changdu_xlsx[1]
    # Used range A1:IW43 (formats only past F); A1 title, F2 unit.
    assert line_texts(page) == ["2024年政府债券使用情况表", "单位：万元"]
    assert texts(page)[0] == ["序号", "项目名称", "项目类型", "发行金额", "债券类别", "发行日期"]
    # A4 1 (#,##0), D4 543 (0.00_);[RED]\(0.00\)), F4 2024-08-26 ([$-804]yyyy\-m\-d).
    assert texts(page)[1] == [
        "1",
        "江达县汪布顶乡公路岔口至卓格村公路改（扩）建工程",
        "农村公路",
        "543.00",
        "一般债券",
        "2024-8-26",
    ]
    assert len(page.tables[0].rows) == 41


def test_xls_and_xlsx_of_changdu_read_alike(
    changdu_xlsx: list[Page], changdu_xls: list[Page]
) -> None:
    """The same workbook saved twice. The only difference is in the files themselves: the .xls
    formats 发行日期 with built-in 14 (2024/8/26 on a zh-CN Excel), the .xlsx with yyyy-m-d."""
    assert [p.number for p in changdu_xls] == [p.number for p in changdu_xlsx] == [1, 2]
    for a, b in zip(changdu_xlsx, changdu_xls, strict=True):
        assert line_texts(a) == line_texts(b)
        assert [t.origin for t in a.tables] == [t.origin for t in b.tables]
        assert [t.index for t in a.tables] == [t.index for t in b.tables]
        assert spans(a) == spans(b)
        differ = [
            (r, c, x, y)
            for r, (row_a, row_b) in enumerate(zip(texts(a), texts(b), strict=True))
            for c, (x, y) in enumerate(zip(row_a, row_b, strict=True))
            if x != y
        ]
        if a.number == 1:
            assert differ == []
        else:
            assert len(differ) == 40 and {c for _, c, _, _ in differ} == {5}
            assert all(x.replace("-", "/") == y == "2024/8/26" for _, _, x, y in differ)


def test_xilingol_xls() -> None:
    pages = xls_to_pages(
        corpus_file(ATLAS + "inner_mongolia_xilingol_2024_debt_limit.XLS").read_bytes()
    )
    assert len(pages) == 1
    page = pages[0]
    assert line_texts(page) == ["2024年锡林郭勒盟政府债务限额和余额情况表", "单位：万元"]
    # B4 5522060 and F4 -136970 under #,##0.
    assert texts(page)[1][:2] == ["锡林郭勒盟", "5,522,060"]
    assert texts(page)[1][5] == "-136,970"
    assert page.tables[0].origin == {"sheet": "Sheet1", "row": 3, "col": 1}
    assert len(page.tables[0].rows) == 16


def test_hengyang_table_number_title_and_unit_are_captions() -> None:
    page = xlsx_to_pages(corpus_file(ATLAS + "hengyang_general_2025.xlsx").read_bytes())[0]
    # A1 表16, A2:C2 title, C3 单位：亿元; B5/C5 under 0.00_ .
    assert line_texts(page) == ["表16", "2025年全市地方政府一般债务限额和余额情况表", "单位：亿元"]
    assert texts(page) == [["地区", "债务限额", "债务余额"], ["衡阳市", "510.66", "504.62"]]


def test_lijiang_cover_and_contents_are_lines(lijiang: list[Page]) -> None:
    assert len(lijiang) == 54  # 54 visible sheets, none empty
    cover, contents = lijiang[0], lijiang[1]
    assert cover.tables == [] and contents.tables == []
    # 封面: C1 holds a line break; B7 is a date under yyyy"年"m"月";@; E4:E14 lie outside the
    # print area A1:D7.
    assert line_texts(cover) == [
        "会议资料",
        "妥善保存",
        "",
        "丽      江      市",
        "2025年地方财政预算执行情况和2026年地方财政预算（草案）",
        "",
        "丽江市财政局编制",
        "2026年1月",
    ]
    # 目录: print area A1:A50 leaves out B1 非打印区域（过程） and the helper columns.
    assert contents.lines[0].text == "目   录"
    assert all("非打印区域" not in line.text for line in contents.lines)
    assert contents.lines[2].text.startswith("表一、2025年丽江市一般公共预算收支情况表")


def test_lijiang_hidden_columns_print_area_and_indents(lijiang: list[Page]) -> None:
    page = lijiang[2]  # sheet '01-1 ': columns A, E hidden; print area B1:H41 (I is 打印)
    assert line_texts(page) == ["2025年丽江市一般公共预算收支情况表", "表一", "单位：万元"]
    table = page.tables[0]
    assert table.origin == {"sheet": "01-1 ", "row": 3, "col": 2}
    assert texts(page)[0] == ["项目", "2024年决算数", "2025年", "比较"]
    assert spans(page)[0] == [(2, 1), (2, 1), (1, 2), (1, 2)]
    # D4 预算数, (E4 hidden), F4 执行数, G4, H4.
    assert texts(page)[1] == ["预算数", "执行数", "比2024年决算数增长%", "完成2025年预算数的%"]
    # Row 5: C5 250422 (#,##0), G5 0.1530… (0.0%); row 6 B6 '   增值税' (3 spaces).
    assert texts(page)[2] == ["一、税收收入", "250,422", "292,946", "288,755", "15.3%", "98.6%"]
    assert texts(page)[3][0] == "增值税"
    assert table.rows[3][0].indent == 0.75 and table.rows[2][0].indent == 0


def test_lijiang_rows_an_autofilter_hides_are_dropped(lijiang: list[Page]) -> None:
    page = lijiang[4]  # sheet '02': print area B1:G1335, 1153 rows hidden (打印 = 否)
    rows = texts(page)
    assert len(rows) == 180  # the visible rows 3..1335
    # B5 一、一般公共服务支出, B6 '   人大事务'; B7 '     行政运行' is hidden.
    assert [row[0] for row in rows[2:5]] == ["一、一般公共服务支出", "人大事务", "政协事务"]
    assert rows[-2] == [""] * 6  # row 1334: a blank row inside the table stays
    assert rows[-1][:2] == ["支出合计", "1,810,076"]


def test_lijiang_note_under_the_table_and_hidden_row_in_a_span(lijiang: list[Page]) -> None:
    page = lijiang[53]  # sheet '48': no print area, row 5 hidden, note A14:P15
    assert line_texts(page)[:3] == [
        "丽江市2025年地方政府债务限额分地区情况表",
        "表四十八",
        "单位：亿元",
    ]
    assert page.lines[3].text.startswith("备注：2024年经省人民政府同意调整宁蒗县拉大高速")
    assert page.tables[0].index == 3
    # A3:A6 地区 spans 4 rows, one hidden: 3 visible.
    assert page.tables[0].rows[0][0].text == "地  区"
    assert page.tables[0].rows[0][0].rowspan == 3
    assert texts(page)[-1][:2] == ["宁蒗县", "88.93"]
    assert len(page.tables[0].rows) == 10


def test_putuo_check_sheet() -> None:
    page = xlsx_to_pages(corpus_file(PUTUO + "dept_budget.xlsx").read_bytes())[0]
    # A1 title, row 2 blank, A3 and A4 single texts: lines; row 5 starts the table.
    assert line_texts(page)[:3] == [
        "2026年度普陀区部门预算公开情况检查表",
        "",
        "部门名称: 上海市普陀区司法局",
    ]
    assert line_texts(page)[3].startswith("公开网址：https://www.shpt.gov.cn/")
    rows = texts(page)
    assert rows[0] == ["2026年度部门预算公开检查内容", "符合要求", "问题截图"]
    assert spans(page)[0] == [(1, 3), (1, 1), (1, 1)]
    # A7:A23 内容规范性 spans 17 rows; the rows under it start at column B.
    assert page.tables[0].rows[2][0].text == "内容规范性"
    assert page.tables[0].rows[2][0].rowspan == 17
    assert rows[3][:2] == ["目录", "否"]
    # E12 keeps its line breaks.
    assert rows[7][2].startswith("1.预算编制说明中存在5处")
    assert "\n2.预算编制说明中" in rows[7][2]


def test_end_to_end_tables_of_a_lijiang_sheet(lijiang: list[Page]) -> None:
    from extractor.layout.tables import grids_to_tables, page_to_tables

    page = lijiang[2]
    (table,) = grids_to_tables([page_to_tables(page)])
    assert table.caption == "2025年丽江市一般公共预算收支情况表"
    assert table.unit == "万元"
    assert table.header_rows == [0, 1]
    assert table.total_rows == [table.n_rows - 1]  # row 41 各项收入合计
    assert table.origin == {"sheet": "01-1 ", "row": 3, "col": 2}
    assert table.column_names()[2] == "2025年 / 预算数"


# ---------------------------------------------------------------------------------------------
# Synthetic workbooks: rules one at a time.


def test_hidden_sheet_skipped_and_pages_numbered_among_those_written() -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "shown1"
    first.append(["项目", "金额"])
    first.append(["合计", 1])
    hidden = book.create_sheet("secret")
    hidden.append(["秘密", "数据"])
    hidden.sheet_state = "hidden"
    book.create_sheet("empty")
    last = book.create_sheet("shown2")
    last.append(["地区", "余额"])
    pages = xlsx_to_pages(workbook_bytes(book))
    assert [p.number for p in pages] == [1, 2]
    assert [p.tables[0].origin["sheet"] for p in pages] == ["shown1", "shown2"]
    assert all("秘密" not in cell.text for p in pages for row in p.tables[0].rows for cell in row)


def test_merged_cells_give_spans_and_skip_covered_positions() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"], ws["B1"], ws["D1"] = "项目", "预算", "决算"
    ws["B2"], ws["C2"], ws["D2"], ws["E2"] = "基本", "项目", "基本", "项目"
    ws.append(["合计", 1, 2, 3, 4])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    page = xlsx_to_pages(workbook_bytes(book))[0]
    assert texts(page) == [
        ["项目", "预算", "决算"],
        ["基本", "项目", "基本", "项目"],
        ["合计", "1", "2", "3", "4"],
    ]
    assert spans(page)[:2] == [[(2, 1), (1, 2), (1, 2)], [(1, 1)] * 4]


def test_title_notes_blank_rows_and_indents() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws["B2"] = "2025年某县一般公共预算收入表"
    ws.merge_cells("B2:D2")
    ws["B3"], ws["D3"] = "附表1-3", "单位：万元"
    ws.append([None, "项目", "预算数", "执行数"])
    ws.append([None, "一、税收收入", 10, 9])
    ws.append([None, "\u3000\u3000增值税", 6, 5])
    ws.append([None, "个人所得税", 4, 4])
    ws["B7"].alignment = Alignment(indent=2)
    ws.append([])
    ws.append([None, "合计", 10, 9])
    ws.append([])
    ws.append([None, "注：本表数据为快报数。"])
    page = xlsx_to_pages(workbook_bytes(book))[0]
    assert line_texts(page) == [
        "2025年某县一般公共预算收入表",
        "附表1-3",
        "单位：万元",
        "注：本表数据为快报数。",
    ]
    table = page.tables[0]
    assert table.index == 3
    assert table.origin == {"sheet": ws.title, "row": 4, "col": 2}
    assert texts(page) == [
        ["项目", "预算数", "执行数"],
        ["一、税收收入", "10", "9"],
        ["增值税", "6", "5"],
        ["个人所得税", "4", "4"],
        ["", "", ""],
        ["合计", "10", "9"],
    ]
    # Two full-width spaces are one level; an alignment indent of 2 is two.
    assert [row[0].indent for row in table.rows[1:4]] == [0.0, 1.0, 2.0]


def test_hidden_rows_columns_and_print_area() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["编码", "项目", "金额", "打印"])
    ws.append(["201", "一般公共服务", 5, "是"])
    ws.append(["202", "外交", 0, "否"])
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[3].hidden = True
    ws.print_area = "A1:C3"
    page = xlsx_to_pages(workbook_bytes(book))[0]
    assert texts(page) == [["项目", "金额"], ["一般公共服务", "5"]]
    assert page.tables[0].origin == {"sheet": ws.title, "row": 1, "col": 2}


def test_a_stray_value_far_below_adds_one_blank_row_not_thousands() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 1])
    ws["A5000"] = "x"
    page = xlsx_to_pages(workbook_bytes(book))[0]
    assert texts(page) == [["项目", "金额"], ["甲", "1"], ["", ""], ["x", ""]]


@pytest.mark.parametrize(
    ("text", "box"),
    [
        ("'01-1 '!$B$1:$H$41", (1, 2, 41, 8)),  # lijiang 01-1
        ("Sheet1!$A$1:$C$3,Sheet1!$E$5:$F$9", (1, 1, 9, 6)),  # two ranges: the box around
        ("'a!b'!$A:$D", (1, 1, 1_048_576, 4)),  # whole columns; a ! in the sheet name
        ("", None),
        ("#REF!", None),
    ],
)
def test_print_area_box(text: str, box: tuple[int, int, int, int] | None) -> None:
    assert _print_area(text) == box


def test_formula_without_a_cached_value_is_blank() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 1])
    ws.append(["合计", "=SUM(B2:B2)"])  # openpyxl saves formulas without a result
    page = xlsx_to_pages(workbook_bytes(book))[0]
    assert texts(page) == [["项目", "金额"], ["甲", "1"], ["合计", ""]]


def test_empty_workbook_raises_empty_document() -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "   "
    with pytest.raises(EmptyDocument):
        xlsx_to_pages(workbook_bytes(book))


def test_wrong_format_named() -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    with pytest.raises(DamagedFile, match=r"\.xlsx"):
        xls_to_pages(workbook_bytes(book))
    xls = corpus_file(ATLAS + "changdu_2024.xls").read_bytes()
    with pytest.raises(DamagedFile, match=r"\.xls workbook"):
        xlsx_to_pages(xls)
    with pytest.raises(DamagedFile):
        xlsx_to_pages(b"%PDF-1.7 not a workbook")
    with pytest.raises(DamagedFile, match="HTML or XML"):
        xls_to_pages(b"<html><table><tr><td>1</td></tr></table></html>")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(DamagedFile, match="xl/workbook.xml"):
        xlsx_to_pages(docx.getvalue())
    assert DamagedFile("x").stage == "read"


# ---------------------------------------------------------------------------------------------
# Damaged bytes never raise anything but ExtractError.


def _small_xlsx() -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["标题"])
    ws.append(["项目", "金额"])
    ws.append(["合计", 1.5])
    ws.merge_cells("A1:B1")
    return workbook_bytes(book)


SMALL_XLSX = _small_xlsx()
CHANGDU_XLS = CORPUS / ATLAS / "changdu_2024.xls"


def _damage(data: bytes, draw: Callable[[st.SearchStrategy[int]], int]) -> bytes:
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    out = bytearray(data[:cut] if draw(st.integers(0, 1)) else data)
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        if not out:
            break
        k = draw(st.integers(min_value=0, max_value=len(out) - 1))
        out[k] = draw(st.integers(min_value=0, max_value=255))
    return bytes(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_xlsx_raises_only_extract_errors(data: st.DataObject) -> None:
    damaged = _damage(SMALL_XLSX, data.draw)
    try:
        xlsx_to_pages(damaged)
    except ExtractError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_xls_raises_only_extract_errors(data: st.DataObject) -> None:
    if not CHANGDU_XLS.exists():
        pytest.skip("corpus not available")
    damaged = _damage(CHANGDU_XLS.read_bytes(), data.draw)
    try:
        xls_to_pages(damaged)
    except ExtractError:
        pass


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2048))
def test_random_bytes_raise_only_extract_errors(blob: bytes) -> None:
    for reader in (xlsx_to_pages, xls_to_pages):
        for prefix in (b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            try:
                reader(prefix + blob)
            except ExtractError:
                pass

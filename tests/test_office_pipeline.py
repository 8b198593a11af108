"""Spreadsheets and Word files through the whole pipeline (the readers have their own tests)."""

from __future__ import annotations

import functools

from conftest import corpus_file

from extractor.pipeline import extract


@functools.lru_cache(maxsize=8)
def records_of(relpath: str) -> tuple[dict, ...]:
    return tuple(extract(str(corpus_file(relpath)), {"ocr": "never"}).records)


def tables_of(relpath: str) -> list[dict]:
    return [r for r in records_of(relpath) if r["type"] == "table"]


def titles_of(relpath: str) -> dict[str, str]:
    return {r["section_id"]: r["title"] for r in records_of(relpath) if r["type"] == "section"}


def test_workbook_sheets_are_pages_of_tables_with_their_titles() -> None:
    doc, *_ = records_of("china-local-debt-atlas/lijiang_2025_budget_attachment.xlsx")
    assert (doc["pages"], doc["year"]) == (54, 2025)
    first = tables_of("china-local-debt-atlas/lijiang_2025_budget_attachment.xlsx")[0]
    assert first["origin"] == {"sheet": "01-1 ", "row": 3, "col": 2}
    assert (first["caption"], first["unit"]) == ("2025年丽江市一般公共预算收支情况表", "万元")
    assert (first["header_rows"], first["total_rows"], first["n_rows"]) == ([0, 1], [38], 39)
    assert first["columns"][:3] == ["项目", "2024年决算数", "2025年 / 预算数"]
    assert first["bbox"] is None and first["kind"] == "markup"


def test_xls_and_xlsx_of_one_workbook_give_the_same_tables() -> None:
    # changdu 2024 is published as both; only the 发行日期 column's date format differs.
    old = tables_of("china-local-debt-atlas/changdu_2024.xls")
    new = tables_of("china-local-debt-atlas/changdu_2024.xlsx")
    assert (
        [t["caption"] for t in old]
        == [t["caption"] for t in new]
        == [
            "2024年末昌都市地方政府债务限额及余额决算情况表",
            "2024年政府债券使用情况表",
        ]
    )
    assert old[0]["cells"] == new[0]["cells"]


def test_word_tables_split_at_their_title_rows() -> None:
    # 承德 stacks its appendix tables in one Word table, each under 附表N / title / 单位 rows.
    tables = tables_of("china-local-debt-atlas/chengde_2025_budget_report.docx")
    assert [(t["caption"], t["unit"]) for t in tables[:3]] == [
        ("2025年全市一般公共预算收入完成情况表", "万元"),
        ("2025年全市一般公共预算支出完成情况表", "万元"),
        ("2025年全市政府性基金预算收入完成情况表", "万元"),
    ]
    assert len(tables) == 13
    assert all(t["header_rows"] == [0] for t in tables)


def test_a_one_cell_word_table_is_prose() -> None:
    # The imprint boxed in a one-cell table: no table, its text in the last section.
    relpath = "china-local-debt-atlas/chengde_2025_budget_report.docx"
    text = "".join(r["text"] for r in records_of(relpath) if r["type"] == "section")
    assert "承德市十五届人大七次会议秘书处" in text
    assert not any("秘书处" in c["text"] for t in tables_of(relpath) for c in t["cells"])


def test_headings_over_tables_are_sections_and_hold_their_tables() -> None:
    # 和田 .doc: 一、…决算表 headings have only a table under them; they are sections.
    relpath = "china-local-debt-atlas/hotan_2025_final_budget_decision.doc"
    titles = titles_of(relpath)
    tables = {t["caption"]: t for t in tables_of(relpath)}
    table = tables["2025年度和田地区一般公共预算(本级)基本支出决算表"]
    assert titles[table["section_id"]] == "一般公共预算（本级）基本支出决算表"
    assert table["unit"] == "万元" and table["columns"] == ["科目编码", "科目名称", "决算数"]


def test_word_files_without_printed_pages_say_so() -> None:
    saved_by_wps, *_ = records_of("china-local-debt-atlas/chengde_2025_budget_report.docx")
    assert [w["code"] for w in saved_by_wps["warnings"]].count("pages_approximate") == 1
    saved_by_word, *_ = records_of("squan_kw-stat-bulletins/测试用公报.docx")
    assert "pages_approximate" not in [w["code"] for w in saved_by_word["warnings"]]
    assert saved_by_word["pages"] == 4


def test_tables_set_side_by_side_in_a_sheet_are_separate_tables() -> None:
    # lijiang '45': 项目 | 政府债务 … | 项目 | 其中:政府一般债务 … | 项目 | 其中:政府专项债务 …,
    # the same labels in each 项目 column.
    relpath = "china-local-debt-atlas/lijiang_2025_budget_attachment.xlsx"
    tables = [t for t in tables_of(relpath) if t["origin"]["sheet"] == "45"]
    assert [t["origin"].get("col_offset") for t in tables] == [None, 4, 8]
    assert {t["caption"] for t in tables} == {"2025年丽江市地方政府债务投向情况表"}
    assert [t["columns"][1].split(" / ")[0] for t in tables] == [
        "政府债务",
        "其中:政府一般债务",
        "其中:政府专项债务",
    ]
    assert all(t["n_cols"] == 4 and t["total_rows"] == [21] and not t["warnings"] for t in tables)

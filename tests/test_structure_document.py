"""Document title, issuer, year and kind: one rule per test on small inputs (real documents are
checked in test_structure_corpus.py)."""

from __future__ import annotations

import pytest

from extractor.model import Paragraph
from extractor.structure.document import document_meta, spoken_year, year_of_path


def paras(*texts: str, size: float = 0.0) -> list[Paragraph]:
    return [Paragraph(text=t, page_start=1, page_end=1, size=size) for t in texts]


BODY = "全年一般公共预算收入完成年度预算的102%，比上年增长5.1%，主要是税收收入增加。"


def test_title_from_the_largest_type_on_the_first_pages():
    doc = [
        Paragraph(text="上海市普陀区财政局", page_start=1, page_end=1, size=25.0),
        Paragraph(text="2024年度部门决算", page_start=1, page_end=1, size=25.6),
        Paragraph(text="目录", page_start=2, page_end=2, size=16.0),
        *[Paragraph(text=BODY, page_start=3, page_end=3, size=11.0) for _ in range(5)],
    ]
    meta = document_meta(doc, "/x/any.pdf")
    assert meta.title == "上海市普陀区财政局2024年度部门决算"
    assert meta.issuer == "上海市普陀区财政局"
    assert meta.year == 2024
    assert meta.doc_kind == "部门决算"


def test_title_from_words_on_a_dump_wrapped_over_two_lines():
    meta = document_meta(
        paras("2022年度部门整体支出", "绩效自评报告", "一、部门（单位）基本情况", BODY), "a.txt"
    )
    assert meta.title == "2022年度部门整体支出绩效自评报告"
    assert meta.doc_kind == "部门整体支出绩效自评报告"


def test_title_from_words_after_a_line_naming_the_place():
    # The docx bulletin of squan_kw-stat-bulletins: place and title are two paragraphs.
    meta = document_meta(
        paras("黔东南苗族侗族自治州", "2016年国民经济和社会发展统计公报", "黔东南州统计局", BODY),
        "b.docx",
    )
    assert meta.title == "黔东南苗族侗族自治州2016年国民经济和社会发展统计公报"
    assert (meta.year, meta.doc_kind) == (2016, "统计公报")


def test_title_falls_back_to_the_file_name():
    meta = document_meta(paras(BODY), "/data/2024年北京市政府工作报告.pdf")
    assert meta.title == "2024年北京市政府工作报告"
    assert (meta.year, meta.doc_kind) == (2024, "政府工作报告")


@pytest.mark.parametrize(
    "texts,issuer",
    [
        (
            ("2025年区级部门预算", "预算主管部门：上海市普陀区人民政府办公室", BODY),
            "上海市普陀区人民政府办公室",
        ),
        (
            ("2023年周口市国民经济和社会发展统计公报", "周口市统计局", "2024年4月29日", BODY),
            "周口市统计局",
        ),
        (
            (
                "2022年度部门整体支出绩效自评报告",
                "一、基本情况",
                "株洲市科学技术局是市政府工作部门，为正处级。",
            ),
            "株洲市科学技术局",
        ),
        (
            (
                "政府工作报告",
                "各位代表：",
                "现在，我代表北京市人民政府，向大会报告政府工作，请予审议。",
            ),
            "北京市人民政府",
        ),
        (
            ("2023年工作总结", BODY, "株洲市发展和改革委员会", "2023年12月31日"),
            "株洲市发展和改革委员会",
        ),
    ],
    ids=["label", "standalone", "x-shi", "speaker", "signature"],
)
def test_issuer_rules(texts: tuple[str, ...], issuer: str):
    assert document_meta(paras(*texts), "x.txt").issuer == issuer


def test_issuer_of_a_congress_report_takes_the_place_from_the_title():
    doc = paras(
        "关于洛阳市2025年预算执行情况和2026年预算（草案）的报告",
        "——2026年2月7日在洛阳市第十六届人民代表大会第五次会议上",
        "市财政局",
        BODY,
        "市十六届人大五次会议秘书处",
    )
    meta = document_meta(doc, "luoyang_2025_budget_report.pdf")
    assert meta.issuer == "洛阳市财政局"
    assert (meta.year, meta.doc_kind) == (2025, "预算执行报告")


@pytest.mark.parametrize(
    "title,kind",
    [
        ("2022年度部门整体支出绩效自评报告", "部门整体支出绩效自评报告"),
        ("2022年度项目支出绩效自评报告", "绩效自评报告"),
        ("2021-2024年省级职业技能竞赛经费项目绩效评价报告", "绩效评价报告"),
        ("淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "信息公开年报"),
        ("2024年政府工作报告", "政府工作报告"),
        ("西安市2025年国民经济和社会发展统计公报", "统计公报"),
        ("关于2024年预算执行情况和2025年预算草案的报告", "预算执行报告"),
        ("上海市普陀区财政局2024年度部门决算", "部门决算"),
        # 黑龙江 2020, 河北 2021, 平顶山 2019: a government's final accounts.
        ("黑龙江省2020年全省和省本级财政决算", "财政决算"),
        ("2021年度省本级及全省财政总决算公开", "财政决算"),
        ("2019年全市及市本级决算草案的说明", "财政决算"),
        # 和田 2025: a prefecture's 政府决算 is its final accounts too.
        ("2025年度和田地区政府决算公开", "财政决算"),
        ("上海市普陀区2025年区级部门预算", "部门预算"),
        ("李口镇三重一大事项报告单", "other"),
    ],
)
def test_kind_by_title_keywords(title: str, kind: str):
    assert document_meta(paras(title, BODY), "x.txt").doc_kind == kind


def test_year_is_the_year_reported_on_and_empty_input_is_fine():
    assert (
        document_meta(paras("2022年度部门整体支出绩效自评报告", BODY), "2023-publication.txt").year
        == 2022
    )
    meta = document_meta([], "")
    assert (meta.title, meta.issuer, meta.year, meta.doc_kind) == ("", "", None, "other")


def test_a_gazettes_issue_date_outranks_the_year_in_its_file_name():
    # 深圳's 公报 (shenzhen_2025_budget_report.pdf) is issue 10 of 2026, binding the 2026
    # 政府工作报告: its title names no year, and the file name's 2025 had been its year.
    opening = [
        Paragraph(text="深圳市人民政府公报", page_start=1, page_end=1, size=30.0),
        *paras("深圳市人民政府办公厅编第10期（总第1409期）2026年4月13日", BODY, size=12.0),
    ]
    assert document_meta(opening, "shenzhen_2025_budget_report.pdf").year == 2026


@pytest.mark.parametrize(
    ("path", "year"),
    [
        # 深圳 2026 公报 p. 64: the budget report's 2025 execution part.
        (["关于深圳市2025年预算执行情况和2026年预算草案的报告", "2025年预算收支执行情况",
          "2025年社会保险基金预算收支情况"], 2025),
        # 固原 2025: a heading without a year takes its parent's.
        (["2026年预算草案", "政府债务情况"], 2026),
        # 2017年国务院政府工作报告: the review of the year before.
        (["2016年工作回顾"], 2016),
        # Two years in the nearest heading say nothing of which: the document's year.
        (["关于2025年预算执行情况和2026年预算草案的报告", "社会保险基金"], 2025),
        # A span of years names no one year either.
        (["2021-2024年省级职业技能竞赛经费项目绩效评价"], 2025),
    ],
)
def test_a_section_is_about_the_year_its_nearest_heading_names(path, year):
    assert year_of_path(path, 2025) == year


@pytest.mark.parametrize(
    ("title", "year", "spoken"),
    [
        ("关于东莞市2025年预算执行情况和2026年预算草案的报告", 2025, 2026),
        ("2025年国务院政府工作报告", 2025, 2025),
        ("广东省人民政府关于我省2024年省级决算草案的报告", 2024, 2024),
        ("2025-2026年政府债券发行及还本付息情况表", 2025, 2025),
    ],
)
def test_a_report_on_a_years_execution_and_the_next_draft_speaks_in_the_second(
    title, year, spoken
):
    assert spoken_year(title, year) == spoken

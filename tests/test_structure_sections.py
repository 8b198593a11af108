"""Section tree of the seed report, and the rules of the tree on small made-up inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.layout.furniture import remove_furniture
from extractor.layout.lines import chars_to_lines
from extractor.layout.paragraphs import lines_to_paragraphs
from extractor.model import Paragraph, Section
from extractor.sources.text import read_text
from extractor.structure.document import document_meta
from extractor.structure.sections import paragraphs_to_sections

# The report's own structure, read from the seed: nine parts, two of them with （一）（二）.
SEED_TREE = [
    (1, "一、", "部门（单位）基本情况"),
    (1, "二、", "一般公共预算支出情况"),
    (2, "（一）", "基本支出情况"),
    (2, "（二）", "项目支出情况"),
    (1, "三、", "政府性基金预算支出情况"),
    (1, "四、", "国有资本经营预算支出情况"),
    (1, "五、", "社会保险基金预算支出情况"),
    (1, "六、", "资金使用及绩效情况"),
    (2, "（一）", "整体支出绩效情况"),
    (2, "（二）", "项目支出绩效情况"),
    (1, "七、", "存在的问题及原因分析"),
    (1, "八、", "下一步改进措施"),
    (1, "九、", "部门整体支出绩效自评结果拟应用和公开情况"),
]


def seed_paragraphs(path: Path) -> list[Paragraph]:
    pages = read_text(path.read_bytes())
    lines = remove_furniture([chars_to_lines(p) for p in pages], [(0.0, 0.0)] * len(pages))
    return lines_to_paragraphs(lines)


@pytest.fixture
def seed_sections(seed_path: Path) -> list[Section]:
    return paragraphs_to_sections(seed_paragraphs(seed_path))


def test_seed_tree_is_the_nine_parts_and_their_children(seed_sections):
    got = [(s.level, s.number, s.title) for s in seed_sections if s.level > 0]
    assert got == SEED_TREE


def test_seed_list_items_stay_in_their_section(seed_sections):
    first = next(s for s in seed_sections if s.number == "一、")
    # The 职能职责 （一）…（十四） are the text of 一、, not sections.
    assert "（一）贯彻执行关于科技工作的法律、法规。" in first.text
    assert "（十四）职能转变。" in first.text
    assert not any(s.title.startswith(("贯彻执行", "职能转变")) for s in seed_sections)


def test_seed_front_matter_ids_parents_and_paths(seed_sections):
    front = seed_sections[0]
    assert (front.section_id, front.level, front.title) == ("s0", 0, "")
    assert "绩效自评报告" in front.text
    ids = [s.section_id for s in seed_sections]
    assert ids[:5] == ["s0", "s1", "s2", "s2.1", "s2.2"]
    assert len(set(ids)) == len(ids)
    basic = seed_sections[3]
    assert basic.parent_id == "s2"
    assert basic.path == ["一般公共预算支出情况", "基本支出情况"]


def test_seed_section_text_is_reflowed(seed_sections):
    basic = next(s for s in seed_sections if s.title == "基本支出情况")
    assert basic.text == "2022年度基本支出1164.45万元,其中人员经费915.38万元，公用经费249.07万元。"
    assert basic.anchors[0][:2] == (0, 1)
    # The 六、（二） section crosses the dump's page break ("—— 7 ——").
    six = next(s for s in seed_sections if s.number == "六、")
    assert (six.page_start, six.page_end) == (1, 2)


def test_seed_meta(seed_path: Path):
    meta = document_meta(seed_paragraphs(seed_path), str(seed_path))
    assert meta.title == "2022年度部门整体支出绩效自评报告"
    assert meta.issuer == "株洲市科学技术局"
    assert meta.year == 2022
    assert meta.doc_kind == "部门整体支出绩效自评报告"


# Made-up documents for single rules.

BODY = "全年一般公共预算收入完成年度预算的102%，比上年增长5.1%。"


def paras(*texts: str, size: float = 0.0) -> list[Paragraph]:
    return [
        Paragraph(text=t, page_start=1, page_end=1, anchors=[(0, 1, None, 0)], size=size)
        for t in texts
    ]


def tree(paragraphs: list[Paragraph]) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.title) for s in paragraphs_to_sections(paragraphs) if s.level]


def test_long_sentences_numbered_in_a_row_are_a_list():
    doc = paras(
        "一、主要职能",
        "（一）负责全市财政收支管理，拟订财政发展规划和政策措施，并组织实施。",
        "（二）承担政府各项财政收支管理的责任，负责编制年度预决算草案并组织执行。",
        "（三）完成市委和市政府交办的其他任务，做好日常工作。",
        "二、收支情况",
        "（一）收入情况",
        "全年一般公共预算收入100万元，比上年增长5%。",
        "（二）支出情况",
        "全年一般公共预算支出90万元，比上年下降3%。",
    )
    assert tree(doc) == [
        (1, "一、", "主要职能"),
        (1, "二、", "收支情况"),
        (2, "（一）", "收入情况"),
        (2, "（二）", "支出情况"),
    ]


def test_a_number_must_continue_its_series():
    # "三、" right after "一、" skips one (tolerated: a heading may be lost); "一、" again
    # under the same parent and "九、" out of sequence are not headings.
    doc = paras(
        "一、总体情况",
        BODY,
        "三、主要问题",
        BODY,
        "一、另一个一",
        BODY,
        "九、跳号",
        BODY,
    )
    assert tree(doc) == [(1, "一、", "总体情况"), (1, "三、", "主要问题")]


def test_the_grammar_order_decides_nesting():
    # A 1. heading first, then 一、: 一、 is never under 1.
    doc = paras("1.引言", BODY, "一、第一部分", BODY, "（一）小节", BODY)
    assert tree(doc) == [(1, "1.", "引言"), (1, "一、", "第一部分"), (2, "（一）", "小节")]


def test_table_of_contents_is_front_matter():
    doc = paras(
        "目 录",
        "一、收入情况……………………3",
        "二、支出情况……………………5",
        "一、收入情况",
        "全年一般公共预算收入100万元，比上年增长5%。",
        "二、支出情况",
        "全年一般公共预算支出90万元，比上年下降3%。",
    )
    sections = paragraphs_to_sections(doc)
    assert [(s.level, s.title) for s in sections] == [(0, ""), (1, "收入情况"), (1, "支出情况")]
    assert "……" in sections[0].text


def test_a_table_column_of_numbers_is_not_headings():
    doc = paras(
        "一、综合",
        "全年生产总值增长4.8%。",
        "一、食品烟酒",
        "99.2",
        "二、衣着",
        "101.3",
        "三、居住",
        "99.9",
        "四、交通和通信",
        "98.6",
        "二、农业",
        "全年粮食产量增长1.7%。",
    )
    assert tree(doc) == [(1, "一、", "综合"), (1, "二、", "农业")]


def test_run_in_title_splits_and_anchors_shift():
    doc = [
        Paragraph(
            text="（一）基本支出情况。2022年度基本支出1164.45万元。",
            page_start=3,
            page_end=3,
            anchors=[(0, 3, (10.0, 20.0, 300.0, 32.0), 0)],
        ),
        Paragraph(
            text="其中人员经费915.38万元。", page_start=4, page_end=4, anchors=[(0, 4, None, 0)]
        ),
    ]
    sections = paragraphs_to_sections(doc)
    assert [(s.number, s.title) for s in sections] == [("（一）", "基本支出情况")]
    s = sections[0]
    assert s.text == "2022年度基本支出1164.45万元。\n其中人员经费915.38万元。"
    assert s.anchors == [(0, 3, (10.0, 20.0, 300.0, 32.0), 0), (21, 4, None, 0)]
    assert s.text[21:].startswith("其中")
    assert (s.page_start, s.page_end) == (3, 4)


def test_unnumbered_large_type_is_a_heading():
    body = "本部门预算包括本部及下属事业单位的综合收支计划，行政单位1家。"
    doc = [
        Paragraph(text="上海市普陀区2025年区级部门预算", page_start=1, page_end=1, size=36.0),
        Paragraph(text=body, page_start=2, page_end=2, size=12.0),
        Paragraph(text="部门机构设置", page_start=3, page_end=3, size=18.0, centered=True),
        Paragraph(text=body, page_start=3, page_end=3, size=12.0),
        Paragraph(text="其他相关情况说明", page_start=4, page_end=4, size=18.0, centered=True),
        Paragraph(text="一、机关运行经费预算", page_start=4, page_end=4, size=12.0),
        Paragraph(text=body, page_start=4, page_end=4, size=12.0),
    ]
    assert tree(doc) == [
        (1, "", "部门机构设置"),
        (1, "", "其他相关情况说明"),
        (2, "一、", "机关运行经费预算"),
    ]


def test_a_table_title_repeated_on_continuation_pages_is_one_heading():
    # 青岛 2025: one title over a table's every page, only 单位 captions between (the table
    # itself is not prose); a different title after it opens the next section.
    body = "本部门预算包括本部及下属事业单位的综合收支计划，行政单位1家。" * 4
    title = "2025年青岛市一般公共预算支出执行情况表"
    doc = [Paragraph(text=body, page_start=1, page_end=1, size=12.0)]
    for page in (2, 3, 4):
        doc.append(Paragraph(text=title, page_start=page, page_end=page, size=18.0))
        doc.append(Paragraph(text="单位:万元", page_start=page, page_end=page, size=10.0))
    doc.append(Paragraph(text=title + "(续)", page_start=5, page_end=5, size=18.0))
    doc.append(Paragraph(text="2025年市级一般公共预算收入执行情况表", page_start=6, page_end=6,
                         size=18.0))
    doc.append(Paragraph(text=body, page_start=6, page_end=6, size=12.0))
    doc.append(Paragraph(text=title, page_start=7, page_end=7, size=18.0))
    assert tree(doc) == [
        (1, "", title),
        (1, "", "2025年市级一般公共预算收入执行情况表"),
        (1, "", title),  # after body text: a new section, even with the same title
    ]
    sections = paragraphs_to_sections(doc)
    assert (sections[1].page_start, sections[1].page_end) == (2, 5)


def test_no_paragraphs_no_sections():
    assert paragraphs_to_sections([]) == []
    only_text = paragraphs_to_sections(paras("没有标题的一段话。"))
    assert [(s.section_id, s.level) for s in only_text] == [("s0", 0)]


def test_numbered_duties_under_a_functions_heading_are_a_list():
    # Run-in sentences that read like titles, but under 主要职能 they are one enumeration.
    doc = paras(
        "一、主要职能",
        "（一）负责推进本区法治政府建设工作。指导、监督区政府各部门和各街道、镇的依法行政工作。",
        "（二）负责本区行政执法监督工作。指导本区行政复议、行政应诉工作，承办行政复议案件。",
        "二、机构设置",
        BODY,
    )
    assert tree(doc) == [(1, "一、", "主要职能"), (1, "二、", "机构设置")]


def test_seed_pdf_gives_the_same_tree_and_meta():
    """The bundled PDF made from the seed: cover page, running footers, wrapped lines."""
    from conftest import ROOT
    from test_structure_corpus import document_paragraphs

    pdf = ROOT / "samples" / "zhuzhou-kjj-2022-self-evaluation.pdf"
    if not pdf.exists():
        pytest.skip(f"sample PDF not available: {pdf}")
    paragraphs = document_paragraphs(pdf)
    sections = paragraphs_to_sections(paragraphs)
    assert [(s.level, s.number, s.title) for s in sections if s.level > 0] == SEED_TREE
    assert not any("——" in s.text for s in sections)  # footers "—— 7 ——" removed
    meta = document_meta(paragraphs, str(pdf))
    assert (meta.title, meta.issuer, meta.year) == (
        "2022年度部门整体支出绩效自评报告",
        "株洲市科学技术局",
        2022,
    )


def test_a_table_stands_before_the_first_paragraph_below_it_in_reading_order():
    from extractor.structure.sections import _tables_before

    def para(text: str, page: int, top: float) -> Paragraph:
        return Paragraph(text=text, page_start=page, page_end=page,
                         anchors=[(0, page, (10.0, top, 300.0, top + 12), 0)])

    # Two columns on page 1: the right column's first paragraph (top 100) comes after the left
    # column's last (top 600) in reading order.
    paragraphs = [para("左上", 1, 100), para("左下", 1, 600), para("右上", 1, 100),
                  para("下一页", 2, 50)]
    assert _tables_before(paragraphs, [(1, 300.0)]) == {1: 1}  # before 左下, not 右上
    assert _tables_before(paragraphs, [(1, 700.0)]) == {3: 1}  # nothing below: the next page
    assert _tables_before(paragraphs, [(2, 80.0)]) == {4: 1}  # after the last paragraph

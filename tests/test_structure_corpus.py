"""Section trees and document metadata of real documents, against trees checked by reading them
(corpora/structure/*.json; the documents stay in ../shared/corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, corpus_file

from extractor.layout.furniture import remove_furniture
from extractor.layout.lines import chars_to_lines
from extractor.layout.paragraphs import lines_to_paragraphs
from extractor.model import Page, Paragraph
from extractor.sources.pdf import read_pdf
from extractor.sources.text import read_text
from extractor.structure.document import document_meta
from extractor.structure.sections import paragraphs_to_sections

CASES = sorted((ROOT / "corpora" / "structure").glob("*.json"))


def strip_tables(pages: list[Page]) -> None:
    """Remove the characters of ruled tables, as the pipeline does before layout."""
    try:
        from extractor.layout.tables import chars_outside_tables, page_to_tables
    except ImportError:  # the table stage is not there: layout sees every character
        return
    for page in pages:
        if page.chars:
            page.chars = chars_outside_tables(page, page_to_tables(page))


def document_paragraphs(path: Path) -> list[Paragraph]:
    data = path.read_bytes()
    pages = read_pdf(data) if path.suffix.lower() == ".pdf" else read_text(data)
    strip_tables(pages)
    lines = remove_furniture(
        [chars_to_lines(page) for page in pages], [(p.width, p.height) for p in pages]
    )
    return lines_to_paragraphs(lines)


def load(case: Path) -> dict:
    return json.loads(case.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def paragraphs_of():
    cache: dict[str, list[Paragraph]] = {}

    def get(source: str) -> list[Paragraph]:
        if source not in cache:
            cache[source] = document_paragraphs(corpus_file(source))
        return cache[source]

    return get


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_section_tree(case: Path, paragraphs_of) -> None:
    expected = load(case)
    sections = paragraphs_to_sections(paragraphs_of(expected["source"]))
    got = [
        {"level": s.level, "number": s.number, "title": s.title}
        for s in sections
        if 1 <= s.level <= expected["max_level"]
    ]
    assert got == expected["headings"]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_document_meta(case: Path, paragraphs_of) -> None:
    expected = load(case)
    path = str(corpus_file(expected["source"]))
    meta = document_meta(paragraphs_of(expected["source"]), path)
    got = {"title": meta.title, "issuer": meta.issuer, "year": meta.year, "doc_kind": meta.doc_kind}
    assert got == expected["meta"]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_tree_invariants(case: Path, paragraphs_of) -> None:
    """Ids unique, parents precede children one level up, paths end with the title, page
    spans ordered, anchors inside the text."""
    expected = load(case)
    sections = paragraphs_to_sections(paragraphs_of(expected["source"]))
    by_id = {}
    for s in sections:
        assert s.section_id not in by_id
        by_id[s.section_id] = s
        if s.parent_id is not None:
            parent = by_id[s.parent_id]
            assert parent.level == s.level - 1
            assert parent.page_start <= s.page_start and s.page_end <= parent.page_end
            assert s.path[:-1] == parent.path
        if s.level:
            assert s.path[-1] == s.title
        assert s.page_start <= s.page_end
        for offset, *_ in s.anchors:
            assert 0 <= offset <= len(s.text)


def test_a_title_keeps_the_space_between_its_table_number_and_year(paragraphs_of) -> None:
    # heilongjiang 2020 p. 6 prints 1.1 2020年黑龙江省财政收支决算总表: with every space dropped
    # the title read 1.12020年….
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/heilongjiang_2020.pdf"))
    titles = [s.title for s in sections]
    assert "1.1 2020年黑龙江省财政收支决算总表" in titles
    assert not any(t.startswith("1.12020") for t in titles)


def test_work_report_task_headings_standing_over_numbered_titles(paragraphs_of) -> None:
    # 深圳 2026 政府工作报告 pp. 42-60: each （一）…（十一） is one sentence of two clauses on its
    # own line, over an introduction and run-in titles 1．…; all had been read as list items.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/shenzhen_2025_budget_report.pdf")
    )
    (tasks,) = [s for s in sections if s.title == "2026年经济社会发展主要任务"]
    children = [s for s in sections if s.parent_id == tasks.section_id]
    assert [s.title for s in children] == [
        "全力以赴扩投资促消费，增强经济发展内生动能",
        "因地制宜发展新质生产力，提升产业体系竞争力",
        "加快建设综合性国家科学中心，锻造科技创新硬核力",
        "坚定不移全面深化改革，增强高质量发展动力活力",
        "抢抓APEC会议举办重大机遇，拓展对外合作新空间",
        "更好发挥核心引擎作用，深入推进粤港澳大湾区建设",
        "坚持“五个转变、五个更加”，提升城市发展集约度",
        "激发文化创新创造活力，提升文体旅融合发展水平",
        "稳步推进碳达峰试点建设，加快全面绿色低碳转型",
        "扎实办好民生工程民生实事，更好满足市民群众期待",
        "更好统筹发展和安全，建设更高水平的平安深圳",
    ]
    first = [s.title for s in sections if s.parent_id == children[0].section_id]
    assert first == [
        "多措并举推动投资止跌回稳",
        "深入实施提振消费专项行动",
        "更好服务融入全国统一大市场",
    ]


def test_a_file_of_tables_has_each_table_title_once_as_a_heading(paragraphs_of) -> None:
    # 河南 2024 决算: 31 tables, their titles set large on every page they run over (明细表（7）
    # on 16 pages), some broken over two lines (…转移支 / 付分市县决算表（23）), with 单位：万元
    # under each. The type size of its 备注 sentences is the body's, not that of the repeated
    # titles; every title from (3) on is one heading (the titles of (1) and (2) open the file
    # before any body text, where the cover is read).
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/henan_2024.pdf"))
    titles = [s.title for s in sections if s.level == 1]
    numbers = [int(t[t.rindex("（") + 1 : -1]) for t in titles]
    assert numbers == list(range(3, 32))
    assert titles[5] == "2024年省本级一般公共预算基本支出决算表（按经济分类）（8）"
    assert titles[20] == "2024年省级政府性基金转移支付分市县决算表（23）"
    # The title's second line is the heading's, not the first line of its section's text.
    (table_23,) = [s for s in sections if s.title == titles[20]]
    assert table_23.text.startswith("单位：万元")


def test_a_contents_page_with_its_mark_set_apart_is_no_heading(paragraphs_of) -> None:
    # 朝阳 2024 预算报告, its tables (pp. 19-20): 目 and 录 set far apart in large type come as
    # two paragraphs, so the contents' 第一部分…第五部分 had been read as the parts, and the
    # parts printed over the tables (p. 21 on) as a series restarting: every table stood under
    # 第五部分 债务情况.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/chaoyang_2024_budget_report.pdf")
    )
    parts = [(s.page_start, s.title) for s in sections if s.number.startswith("第")]
    assert parts == [
        (21, "一般公共预算"),
        (64, "政府性基金预算"),
        (74, "国有资本经营预算"),
        (79, "社会保险基金预算"),
        (84, "债务情况"),
        # The 2025 预算草案 booklet bound after them numbers its parts anew.
        (104, "一般公共预算"),
        (152, "政府性基金预算"),
        (162, "国有资本经营预算"),
        (167, "社会保险基金预算"),
    ]
    # (The same title numbered （一） heads its explanation on p. 96.)
    (table,) = [
        s for s in sections if s.title == "全市2024年政府性基金预算收入执行情况表" and not s.number
    ]
    assert (table.page_start, table.path[0]) == (65, "政府性基金预算")


def test_every_contents_page_of_a_file_is_front_matter(paragraphs_of) -> None:
    # 广东 2024 决算 binds 横琴's 决算草案 after the province's, with contents of its own
    # (pp. 199-200): its parts 一、…六、 over lines of table titles run together (表1：…决算总表
    # 表2：…), no page numbers. Only the file's first contents had been found, so these parts and
    # the 目录 line were headings. 朝阳 2025 binds its 2026 预算草案 tables, contents and all.
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/guangdong_2024.pdf"))
    assert not [s for s in sections if s.title == "目录" or s.page_start in (199, 200)]
    assert [s.title for s in sections if s.page_start == 204][0].startswith(
        "关于2024年横琴粤澳深度合作区一般公共预算收入情况的说明"
    )
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/chaoyang_2025_budget_report.pdf")
    )
    assert not [s for s in sections if s.title == "目录"]


def test_contents_end_where_the_body_sets_their_first_entry_over_two_lines(paragraphs_of):
    # 山东 2023 决算 pp. 3-5: the contents list 关于…的说明 lines with no page number, so they
    # ended early, and two entries further on ((一)…说明11、2023年山东省政府性基金预算收入决算表)
    # became headings. Their first entry, 第一部分一般公共预算报表及说明, opens the body on p. 7
    # over two lines (第一部分 / 一般公共预算报表及说明).
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/shandong_2023.pdf"))
    assert [s.level for s in sections if s.page_start < 7] == [0]
    assert next(s for s in sections if s.level == 1).title == "第一部分一般公共预算报表及说明"


def test_a_parts_name_repeated_over_its_sub_parts_covers_is_no_heading(paragraphs_of) -> None:
    # 山东 2023 决算 sets each part's name again over its sub-parts' covers (p. 9: 第一部分 /
    # （一）全省一般公共预算决算报表及说明; p. 17: 第一部分 / （二）省级…). The repeats had been
    # headings of their own, the tables beside them instead of under them, and every （二）
    # was lost. Each sub-part now holds its tables and notes, and each part its two sub-parts.
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/shandong_2023.pdf"))
    assert "第一部分" not in [s.title for s in sections]
    parts = [s for s in sections if s.level == 1]
    assert [p.title[:4] for p in parts] == [f"第{n}部分" for n in "一二三四五六"]
    subparts = [(s.number, s.page_start) for s in sections if s.level == 2 and s.number]
    assert subparts == [
        ("（一）", 9), ("（二）", 17), ("（一）", 53), ("（二）", 59),
        ("（一）", 71), ("（二）", 79), ("（一）", 91), ("（二）", 101),
    ]
    second = next(s for s in sections if s.number == "（二）")
    under = [s.title for s in sections if s.parent_id == second.section_id]
    assert under[0] == "2023年省级一般公共预算收入决算表" and len(under) == 9
    # The notes' own numbering stays inside them: 一、税收返还 … under the note on p. 33.
    title = "关于2023年省对各市一般公共预算转移支付决算情况的说明"
    note = next(s for s in sections if s.title == title)
    numbers = [s.number for s in sections if s.parent_id == note.section_id]
    assert numbers == ["一、", "二、", "三、"]


def test_a_link_back_to_the_contents_or_a_table_number_is_no_heading(paragraphs_of) -> None:
    # 广东 2025 附件3 sets 返回目录 in large type over its tables; as a heading it also cut the
    # 三公 table's title, repeated over pp. 118-121, into four sections.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/guangdong_2025_budget_attachment_3.pdf")
    )
    titles = [s.title for s in sections]
    assert "返回目录" not in titles
    assert titles.count("2026年省本级一般公共预算“三公”经费表") == 1
    # Nor is a table's number set large over its title (表59-1 / 2025-2026年全省…收入表（分市）,
    # pp. 188-193): it had been a heading of its own with nothing under it.
    assert not [t for t in titles if t.startswith("表") and t[1:2].isdigit()]
    assert titles.count("2025-2026年全省社会保险基金预算收入表（分市）") == 2


def test_leader_dots_of_a_font_without_a_unicode_map_are_still_leaders(paragraphs_of) -> None:
    # 广东 2025 附件二 pp. 3-9: the contents' leader dots come out as U+1001BA, a private-use
    # character; the contents had ended at the first ———全省收支执行情况, and two of its entries
    # on p. 5, (一)/(二) 政府性基金预算…情况表, had become headings.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/guangdong_2025_budget_attachment_3.pdf")
    )
    assert not [s.title for s in sections if s.level >= 1 and s.page_start < 10]


def test_a_contents_entry_wrapped_over_lines_is_still_an_entry(paragraphs_of) -> None:
    # 深圳 2025 公报 p. 1: 〔市七届人大七次会议文件〕 / 深圳市第七届…关于深圳市人民政府 /
    # 工作报告的决议………（1）: the contents had ended at the group's label, which became a
    # heading holding the rest of the contents as its text.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/shenzhen_2025_budget_report.pdf")
    )
    first = next(s for s in sections if s.level == 1)
    assert (first.page_start, first.title) == (
        2,
        "深圳市第七届人民代表大会第七次会议关于深圳市人民政府工作报告的决议",
    )


def test_titles_in_smaller_type_stand_under_the_cover_before_them(paragraphs_of) -> None:
    # 宁夏 2018 预算报告: each part opens on a cover page set in large type alone (33.6 pt: 2018年
    # 一般公共预算执行情况和2019年一般公共预算草案), then its tables' titles (23.2 pt) and
    # explanations (28.3 pt). All had been siblings at the top of the tree.
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/ningxia_2018.pdf"))
    top = [(s.page_start, s.title) for s in sections if s.level == 1]
    assert top == [
        (6, "2018年一般公共预算执行情况和2019年一般公共预算草案"),
        (81, "2018年政府性基金预算执行情况和2019年政府性基金预算草案"),
        (109, "2018年社保基金预算执行情况和2019年社保基金预算草案"),
        (143, "2018年国有资本经营预算执行情况和2019年国有资本经营预算草案"),
        (159, "地方政府债务情况"),
        (169, "预算绩效管理情况"),
    ]
    (table,) = [s for s in sections if s.title == "2018年全区地方一般公共预算收入执行情况表"]
    assert table.path == ["2018年一般公共预算执行情况和2019年一般公共预算草案", table.title]
    # A report bound into a file after a cover, its issuer named first, is at the top again (广东
    # 2024: 横琴粤澳深度合作区关于2024年决算草案的报告 after 广东省2024年省级决算草案's tables).
    sections = paragraphs_to_sections(paragraphs_of("china-local-debt-atlas/guangdong_2024.pdf"))
    (report,) = [s for s in sections if s.title == "横琴粤澳深度合作区关于2024年决算草案的报告"]
    assert report.level == 1
    (tables,) = [s for s in sections if s.title == "广东省2024年省级决算草案"]
    assert [s.level for s in sections if s.parent_id == tables.section_id][0] == 2


def test_a_booklet_bound_after_the_last_part_is_at_the_top_again(paragraphs_of) -> None:
    # 朝阳 2025 binds, after its 第五部分债务情况 (pp. 91-97), a 朝阳市2025年预算执行情况说明
    # (p. 98) and a booklet 朝阳市2026年预算草案 (cover p. 107) with parts 第一部分 to 第四部分 of
    # its own and its 说明. All had stood under 债务情况, and the booklet's parts, numbered over
    # again, were no headings.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/chaoyang_2025_budget_report.pdf")
    )
    top = [(s.page_start, s.number, s.title) for s in sections if s.level == 1]
    top = [t for t in top if t[0] > 90]
    assert top == [
        (91, "第五部分", "债务情况"),
        (98, "", "朝阳市2025年预算执行情况说明"),
        (107, "", "朝阳市2026年预算草案"),
        (110, "第一部分", "一般公共预算"),
        (151, "第二部分", "政府性基金预算"),
        (161, "第三部分", "国有资本经营预算"),
        (168, "第四部分", "社会保险基金预算"),
        (173, "", "朝阳市2026年预算草案说明"),
    ]
    # The table's title stands under its part; the 说明's （一） of that name under the 说明.
    paths = [s.path for s in sections if s.title == "全市2026年政府性基金预算收入预算草案"]
    assert paths == [
        ["政府性基金预算", "全市2026年政府性基金预算收入预算草案"],
        ["朝阳市2026年预算草案说明", "政府性基金预算草案", "全市2026年政府性基金预算收入预算草案"],
    ]


def test_a_tables_number_set_over_its_title_is_its_sections(paragraphs_of) -> None:
    # 济南 2025 prints each table's number over its title (p. 22: 表3 / 2025年济南市一般公共预算
    # 支出执行情况表). The number had closed the text of the table before, whose section then ran
    # on to the next page.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/jinan_2025_budget_report.pdf")
    )
    (table,) = [s for s in sections if s.title == "2025年济南市一般公共预算收入执行情况表"]
    assert (table.page_start, table.page_end) == (21, 21)
    assert table.text.startswith("表2\n单位：万元")
    assert not [s for s in sections if s.text.endswith("表3")]
    # 临沧 2025 prints the number under its title (p. 133: 重点工作情况解释说明汇总表 / 表6-2):
    # it stays with that title, not the next one's (空表说明, p. 134).
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/lincang_2025_budget_report.pdf")
    )
    (table,) = [s for s in sections if s.title == "重点工作情况解释说明汇总表"]
    assert (table.page_start, table.page_end, table.text) == (133, 133, "表6-2")


def test_a_file_of_tables_alone_has_its_titles_as_headings(paragraphs_of) -> None:
    # 防城港 2025 (75 pages): no sentence outside its tables, so the body size had been that of
    # the titles themselves and the whole file was one untitled section. Its fine print (单位:万元,
    # 11 pt) is the body; the titles (23.4 pt) are headings, once each, a title repeated over
    # its subtitle (（按政府预算支出经济分类科目）) on pp. 46-49 included.
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/fangchenggang_2025_budget_report.pdf")
    )
    titles = [s.title for s in sections if s.level == 1]
    assert len(titles) == 19 and len(set(titles)) == 19
    assert titles[0] == "全市一般公共预算收入2025年预算执行情况和2026年预算（草案）"
    assert titles[-1] == "2025—2026年政府债券发行及还本付息情况表"
    # 南昌 2025 prints one table's title on each of its 27 pages: the first page is the cover,
    # and the title again is no heading (a guard: one section before this change too, when the
    # whole file counted as the cover).
    sections = paragraphs_to_sections(
        paragraphs_of("china-local-debt-atlas/nanchang_2025_general_expenditure_execution.pdf")
    )
    assert [s.level for s in sections] == [0]


@pytest.mark.parametrize(
    ("source", "title"),
    [
        # The contents' 第一部分预算报告, then the same part heading, had been the title.
        (
            "china-local-debt-atlas/yunfu_2025_budget_report.pdf",
            "云浮市2025年预算执行情况和2026年预算草案的报告",
        ),
        # A contents entry 一、中卫市…的决议 had been the title, its number and all.
        (
            "china-local-debt-atlas/zhongwei_2025.pdf",
            "中卫市第五届人民代表大会第六次会议关于2025年全市及市本级预算执行情况和2026年全市及"
            "市本级预算的决议",
        ),
    ],
)
def test_a_contents_entry_or_part_heading_is_not_the_documents_title(source, title, paragraphs_of):
    path = corpus_file(source)
    assert document_meta(paragraphs_of(source), str(path)).title == title

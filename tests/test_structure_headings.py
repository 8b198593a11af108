"""The numbering grammar and the title / list-item reading of numbered paragraphs."""

from __future__ import annotations

import pytest

from extractor.structure.headings import cn_to_int, parse_numbering, split_title

# A run-in title and its body, line 96 of 2024年国务院政府工作报告.
WORK_REPORT_BODY = (
    "充分发挥创新主导作用，以科技创新推动产业创新，加快推进新型工业化，提高全要素生产率，"
    "不断塑造发展新动能新优势，促进社会生产力实现新的跃升。"
)

# (text, style, ordinal, printed, rest) — None style: not numbering of the grammar.
NUMBERING = [
    ("一、部门（单位）基本情况", "cn", 1, "一、", "部门（单位）基本情况"),
    ("十四、其他", "cn", 14, "十四、", "其他"),
    ("二十一、国有资本经营预算支出", "cn", 21, "二十一、", "国有资本经营预算支出"),
    ("（一）基本支出情况", "paren_cn", 1, "（一）", "基本支出情况"),
    ("(十二)会同有关部门", "paren_cn", 12, "(十二)", "会同有关部门"),
    ("1.一般公共预算", "arabic", 1, "1.", "一般公共预算"),
    ("4．2025年部门财政拨款收支预算总表", "arabic", 4, "4．", "2025年部门财政拨款收支预算总表"),
    ("10、住房保障支出", "arabic", 10, "10、", "住房保障支出"),
    ("（1）全市收支情况。汇总", "paren_arabic", 1, "（1）", "全市收支情况。汇总"),
    ("① 本公报2023年数据为初步统计结果。", "circled", 1, "①", "本公报2023年数据为初步统计结果。"),
    ("第一部分 上海市普陀区财政局概况", "part", 1, "第一部分", "上海市普陀区财政局概况"),
    ("第三章 预算执行", "chapter", 3, "第三章", "预算执行"),
    ("第二节 收入", "jie", 2, "第二节", "收入"),
    ("第一,抢机遇促发展,推动打造", "ordinal_cn", 1, "第一,", "抢机遇促发展,推动打造"),
    ("第三，着力提质增效升级", "ordinal_cn", 3, "第三，", "着力提质增效升级"),
    # Not headings of the grammar:
    ("一是构建“保障网”，创新政策落地增效。", None, 0, "", ""),
    ("1.5亿元用于", None, 0, "", ""),
    ("１．２亿元.", None, 0, "", ""),  # tianjin 2025: a wrapped figure, full-width point
    ("1-3. 2022 年度项目支出绩效自评表", None, 0, "", ""),
    ("2022年度基本支出1164.45万元", None, 0, "", ""),
    ("第一条 根据《上海市普陀区机构改革方案》", None, 0, "", ""),
    ("第一次全国污染源普查", None, 0, "", ""),
    ("第一批试点城市", None, 0, "", ""),
    ("一、", None, 0, "", ""),
    ("附件1-3", None, 0, "", ""),
]


@pytest.mark.parametrize(
    "text,style,ordinal,printed,rest", NUMBERING, ids=[r[0] for r in NUMBERING]
)
def test_parse_numbering(text: str, style: str | None, ordinal: int, printed: str, rest: str):
    got = parse_numbering(text)
    if style is None:
        assert got is None
    else:
        assert got is not None
        assert (got.style, got.ordinal, got.printed, got.rest) == (style, ordinal, printed, rest)


@pytest.mark.parametrize(
    "text,value",
    [
        ("一", 1),
        ("十", 10),
        ("十四", 14),
        ("二十", 20),
        ("二十六", 26),
        ("一百零二", 102),
        ("甲", None),
    ],
)
def test_cn_to_int(text: str, value: int | None):
    assert cn_to_int(text) == value


# (text after the number, title, body) of headings from real documents.
TITLES = [
    # pure titles
    ("基本支出情况", "基本支出情况", ""),
    ("部门整体支出绩效自评结果拟应用和公开情况", "部门整体支出绩效自评结果拟应用和公开情况", ""),
    ("“三公”经费财政拨款支出决算总体情况说明。", "“三公”经费财政拨款支出决算总体情况说明", ""),
    # run-in titles
    ("全市收支情况。汇总全市各级人代会批准的预算", "全市收支情况", "汇总全市各级人代会批准的预算"),
    (
        "职能转变。围绕贯彻实施创新驱动发展战略和创新引领开放崛起战略，加强、优化",
        "职能转变",
        "围绕贯彻实施创新驱动发展战略和创新引领开放崛起战略，加强、优化",
    ),
    (
        "大力推进现代化产业体系建设，加快发展新质生产力。" + WORK_REPORT_BODY,
        "大力推进现代化产业体系建设，加快发展新质生产力",
        WORK_REPORT_BODY,
    ),
    (  # the same with the ASCII comma of a PDF text layer (重庆 2025)
        "抢机遇促发展,推动打造西部地区高质量发展先行区。" + WORK_REPORT_BODY,
        "抢机遇促发展,推动打造西部地区高质量发展先行区",
        WORK_REPORT_BODY,
    ),
]

# List items: sentences, not titles.
LIST_ITEMS = [
    "贯彻执行关于科技工作的法律、法规。贯彻创新驱动发展战略和创新引领开放崛起战略，拟订全市科技发展",
    "负责科学技术普及和宣传工作，承担推进科技军民融合发展相关工作。",
    "完成市委和市政府交办的其他工作，以及临时任务。",
    "财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款。",
    "因公出国（境）费839万元，与2024年预算持平。",
]


@pytest.mark.parametrize("rest,title,body", TITLES, ids=[r[0][:12] for r in TITLES])
def test_split_title(rest: str, title: str, body: str):
    got = split_title(rest)
    assert (got.title, got.body, got.title_like) == (title, body, True)


@pytest.mark.parametrize("rest", LIST_ITEMS, ids=[r[:12] for r in LIST_ITEMS])
def test_list_item_is_not_title_like(rest: str):
    assert not split_title(rest).title_like


def test_strong_type_makes_a_short_sentence_a_title():
    assert not split_title("加强预算管理，提高资金使用效益。").title_like
    assert split_title("加强预算管理，提高资金使用效益。", strong_cue=True).title_like

"""Running heads, footers and page numbers removed; body text kept."""

from __future__ import annotations

import pytest

from extractor.layout.furniture import is_page_number, remove_furniture
from extractor.model import Line

PAGE_NUMBERS = [
    "—— 2 ——",
    "- 147 -",
    "－3－",
    "— 12 —",
    "第 3 页",
    "第3页 共10页",
    "第3页，共10页",
    "共10页 第3页",
    "3/10",
    "Page 4",
]
NOT_PAGE_NUMBERS = [
    "2022 年度项目支出 299.44 万元。",
    "1.一般公共预算",
    "第三条 上海市普陀区财政局",
    "10 10",
    "（一）基本支出情况",
    "2024年",
]


@pytest.mark.parametrize("text", PAGE_NUMBERS)
def test_page_number_shapes(text: str):
    assert is_page_number(text)


@pytest.mark.parametrize("text", NOT_PAGE_NUMBERS)
def test_body_lines_are_not_page_numbers(text: str):
    assert not is_page_number(text)


def pdf_line(text: str, page: int, top: float, x0: float = 72) -> Line:
    return Line(text=text, page=page, bbox=(x0, top, x0 + 12 * len(text), top + 12), size=12)


def test_repeated_heads_and_folios_in_the_margins_go():
    pages = []
    for n in range(1, 6):
        pages.append(
            [
                pdf_line("上海市普陀区财政局2024年度部门决算", n, 30),
                pdf_line(f"正文第{n}页的第一行，内容各不相同。", n, 100),
                pdf_line("一、收入支出决算总体情况说明", n, 130),
                pdf_line(str(n + 1), n, 800, x0=290),
            ]
        )
    out = remove_furniture(pages, [(595.0, 842.0)] * 5)
    for n, lines in enumerate(out, start=1):
        assert [line.text for line in lines] == [
            f"正文第{n}页的第一行，内容各不相同。",
            "一、收入支出决算总体情况说明",
        ]


def test_a_number_in_the_body_stays():
    pages = [[pdf_line("正文", 1, 100), pdf_line("12", 1, 400), pdf_line("- 5 -", 1, 820)]]
    out = remove_furniture(pages, [(595.0, 842.0)])
    assert [line.text for line in out[0]] == ["正文", "12"]


def test_a_heading_repeated_in_the_body_stays():
    pages = [[pdf_line("单位：万元", n, 200), pdf_line("内容", n, 300)] for n in range(1, 5)]
    out = remove_furniture(pages, [(595.0, 842.0)] * 4)
    assert all(len(lines) == 2 for lines in out)


def dump_lines(*texts: str) -> list[Line]:
    return [Line(text=t, page=1) for t in texts]


def test_dumps_use_text_patterns_only():
    lines = dump_lines(
        "2023年洛阳市国民经济和社会发展统计公报①", "洛阳市统计局", "第 2 页", "一、综合", "12"
    )
    out = remove_furniture([lines], None)
    assert [line.text for line in out[0]] == [
        "2023年洛阳市国民经济和社会发展统计公报①",
        "洛阳市统计局",
        "一、综合",
        "12",
    ]


def test_dump_running_head_repeated_many_times_goes():
    head = "洛阳市2023年国民经济和社会发展统计公报"
    top = [
        "2023年洛阳市国民经济和社会发展统计公报①",
        "洛阳市统计局",
        "2024年4月30日",
        "导语。",
        "一、综合",
    ]
    lines = dump_lines(*top, head, "正文一。", head, "正文二。", head, head, "二、农业")
    out = remove_furniture([lines], None)
    assert [line.text for line in out[0]] == [*top, "正文一。", "正文二。", "二、农业"]


def test_dump_title_at_the_top_survives_its_repeats():
    head = "2022年度部门整体支出绩效自评报告"
    lines = dump_lines(head, "一、基本情况", "正文。", head, "正文。", head, head)
    out = remove_furniture([lines], None)
    assert [line.text for line in out[0]] == [head, "一、基本情况", "正文。", "正文。"]


def test_nothing_in_nothing_out():
    assert remove_furniture([], []) == []
    assert remove_furniture([[]], [(595.0, 842.0)]) == [[]]

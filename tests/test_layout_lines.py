"""Characters → lines: CJK joining, Latin spacing, reading order, fragments."""

from __future__ import annotations

import random

from conftest import corpus_pages

from extractor.layout.lines import chars_to_lines
from extractor.model import Char, Line, Page


def set_text(text: str, x: float, top: float, size: float = 12.0, gap: float = 0.0) -> list[Char]:
    """Chars of ``text`` laid out left to right: Han one em wide, others half an em; a space
    advances by a third of an em and produces no glyph (as pdfium gives no box for it)."""
    chars = []
    for ch in text:
        if ch == " ":
            x += size / 3
            continue
        width = size if ord(ch) > 0x2E80 else size / 2
        chars.append(Char(ch, x, top, x + width, top + size, size))
        x += width + gap
    return chars


def page(chars: list[Char], number: int = 1) -> Page:
    return Page(number=number, origin="text_layer", width=595, height=842, chars=chars)


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_han_characters_join_without_spaces():
    lines = chars_to_lines(page(set_text("株洲市科学技术局", 72, 100, gap=1.5)))
    assert texts(lines) == ["株洲市科学技术局"]


def test_latin_words_keep_their_space_and_numbers_their_unit():
    lines = chars_to_lines(page(set_text("高新技术产业增加值占 GDP 比重 28.8%", 72, 100)))
    assert texts(lines) == ["高新技术产业增加值占GDP比重28.8%"]
    lines = chars_to_lines(page(set_text("QDR280 gas turbine set", 72, 100)))
    assert texts(lines) == ["QDR280 gas turbine set"]


def test_lines_come_in_reading_order_whatever_the_stream_order():
    chars = set_text("第一行文字", 72, 100) + set_text("第二行文字", 72, 120)
    chars += set_text("第三行", 72, 140)
    shuffled = chars[:]
    random.Random(7).shuffle(shuffled)
    lines = chars_to_lines(page(shuffled))
    assert texts(lines) == ["第一行文字", "第二行文字", "第三行"]
    assert [line.bbox[1] for line in lines] == [100, 120, 140]


def test_punctuation_set_low_or_high_stays_on_its_line():
    # Tight glyph boxes: a comma sits at the baseline, quotes at the top of the line.
    chars = set_text("资产", 72, 100)
    chars.append(Char("，", 96, 108, 100, 112, 12.0))
    chars.append(Char("“", 100, 99, 104, 103, 12.0))
    chars += set_text("公物仓", 104, 100)
    chars += set_text("下一行", 72, 116)
    lines = chars_to_lines(page(chars))
    assert texts(lines) == ["资产，“公物仓", "下一行"]


def test_wide_gap_cuts_a_line_into_fragments():
    chars = set_text("株洲市科学技术局", 72, 700) + set_text("2023年5月", 450, 700)
    lines = chars_to_lines(page(chars))
    assert texts(lines) == ["株洲市科学技术局", "2023年5月"]


def test_line_cues_size_bold_bbox():
    chars = [
        Char(c.text, c.x0, c.top, c.x1, c.bottom, c.size, True)
        for c in set_text("一、基本情况", 72, 80, 16)
    ]
    chars += set_text("正文内容", 72, 110, 12)
    lines = chars_to_lines(page(chars, number=3))
    assert [(line.size, line.bold, line.page) for line in lines] == [(16, True, 3), (12, False, 3)]
    assert lines[0].bbox == (72, 80, 72 + 16 * 6, 96)
    assert len(lines[0].chars) == 6


def test_digits_with_tall_boxes_do_not_set_the_size():
    # Digit glyphs from a font with large ascent metrics: loose boxes twice as tall.
    chars = set_text("支出", 72, 100, 11) + [
        Char("9", 94, 95, 100, 117, 22.0),
        Char("万", 100, 100, 111, 111, 11),
    ]
    assert chars_to_lines(page(chars))[0].size == 11


def test_pages_without_chars_keep_their_lines():
    dump = Page(number=2, origin="dump", lines=[Line(text="二、一般公共预算支出情况", page=2)])
    assert texts(chars_to_lines(dump)) == ["二、一般公共预算支出情况"]
    assert chars_to_lines(Page(number=1, origin="text_layer")) == []


def test_a_superscript_joins_the_line_it_is_set_on():
    # jingzhou 2025 统计公报 p. 10 sets the ³ of μg/m³ small and high: its centre is above the
    # line's by more than its own small tolerance, and it had become a line of its own before
    # the line (…PM10平 / 3 / 均浓度为53μg/m，…), losing the unit and cutting the sentence.
    (jingzhou,) = corpus_pages("china-local-debt-atlas/jingzhou_2025_statistical_bulletin.pdf", 10)
    text = "\n".join(texts(chars_to_lines(jingzhou)))
    assert "均浓度为53μg/m3，比上年下降3.6%" in text
    assert "\n3\n" not in text


def test_a_small_label_before_a_figure_is_no_superscript():
    # nanjing 2026 p. 7: a chart's labels 4 and 24.3 stand side by side; joined they would read
    # 424.3, a figure the report does not print.
    (nanjing,) = corpus_pages("china-local-debt-atlas/jiangsu_nanjing_2026_budget_report.pdf", 7)
    lines = texts(chars_to_lines(nanjing))
    assert "24.3" in lines and "424.3" not in "\n".join(lines)


def test_a_circled_footnote_mark_joins_its_line_even_before_a_figure():
    # shizuishan 2025 p. 4-5 sets its footnote marks ①…⑧ small and high; alone on a line they
    # had cut 6.83 from its 亿元 on p. 4. A circled number cannot run into the figure after it
    # (“两债一资金”③38.96), so the digit guard of Latin marks does not apply to it.
    path = "china-local-debt-atlas/shizuishan_2025.pdf"
    p4, p5 = (texts(chars_to_lines(p)) for p in corpus_pages(path, 4, 5))
    assert "亿元，申请再融资债券②偿还19.18亿元。市本级新增债券15.46" in p4
    assert "②" not in p4
    assert any(line.endswith("争取到位“两债一资金”③38.96") for line in p5)


def test_a_raised_digit_after_han_is_a_footnote_mark_not_a_figure():
    # 广州 2025 p. 135 sets footnote marks 1 and 2 small and high after 亿元: they had read as
    # 783.2亿元1、支出…, the mark a digit running on after the figure. They read as ¹ and ²; a
    # two-digit mark (南京 2026 p. 32: 补充预算稳定调节基金¹¹等) keeps both its digits raised.
    (guangzhou,) = corpus_pages("china-local-debt-atlas/guangzhou_2025_budget_report.pdf", 135)
    text = "".join(texts(chars_to_lines(guangzhou)))
    assert "国有土地使用权出让收入783.2亿元¹、支出558.3亿元" in text
    assert "污水处理费收入17亿元²、支出12.1亿元" in text
    (nanjing,) = corpus_pages("china-local-debt-atlas/jiangsu_nanjing_2026_budget_report.pdf", 32)
    assert "补充预算稳定调节基金¹¹等" in "".join(texts(chars_to_lines(nanjing)))


def test_letter_spacing_is_no_word_space():
    # xiangxi 2025 统计公报 p. 2 spreads a line to its full width: every glyph stands about
    # half an em from the next, Han and digits alike. Read as word spaces, the gaps had made
    # 占GDP比重为64% into 占G D P比重为6 4%, and the metric 4%.
    (xiangxi,) = corpus_pages("china-local-debt-atlas/xiangxi_2025_statistical_bulletin.pdf", 2)
    text = "\n".join(texts(chars_to_lines(xiangxi)))
    assert "增加值增长4.5%，占GDP比重为64%。" in text


def test_latin_words_in_a_spaced_line_keep_their_space():
    # Synthetic: the corpus has no spread line with two Latin words in it. A word space adds a
    # space's width to the line's letter spacing, and stays.
    line = set_text("民营经济比重", 72, 100, gap=6) + set_text("AB CD", 180, 100, gap=6)
    assert texts(chars_to_lines(page(line))) == ["民营经济比重AB CD"]

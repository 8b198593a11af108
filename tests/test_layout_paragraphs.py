"""Lines → paragraphs: reflow of wrapped lines, paragraph breaks, anchors."""

from __future__ import annotations

from pathlib import Path

from extractor.layout.furniture import remove_furniture
from extractor.layout.paragraphs import lines_to_paragraphs, normalize_line_text
from extractor.model import Line, Paragraph
from extractor.sources.text import read_text


def seed_paragraphs(path: Path) -> list[Paragraph]:
    pages = read_text(path.read_bytes())
    return lines_to_paragraphs(remove_furniture([p.lines for p in pages], None))


def test_seed_wrapped_lines_join_and_numbers_meet_their_units(seed_path: Path):
    texts = [p.text for p in seed_paragraphs(seed_path)]
    assert "2022年度基本支出1164.45万元,其中人员经费915.38万元，公用经费249.07万元。" in texts
    assert "株洲市科学技术局是市政府工作部门，为正处级，属市一级预算单位。职能职责如下：" in texts
    # Headings are paragraphs of their own, even the one as wide as a full line.
    assert "二、一般公共预算支出情况" in texts
    assert "九、部门整体支出绩效自评结果拟应用和公开情况" in texts
    assert "一是构建“保障网”，创新政策落地增效。" in texts
    # No line-wrap residue: no newline, no space between Han characters.
    assert not any("\n" in t for t in texts)
    assert "我单位共有内设机构9个" in " ".join(texts)


def test_seed_paragraph_continues_across_the_page_break(seed_path: Path):
    paragraphs = seed_paragraphs(seed_path)
    crossing = next(p for p in paragraphs if "仟里马" in p.text)
    assert (crossing.page_start, crossing.page_end) == (1, 2)
    assert "“起航”科技成果转化基金有效运行" in crossing.text
    # The anchor of the first line of page 2 points at where that line's text starts.
    offset, page, bbox, _ = next(a for a in crossing.anchors if a[1] == 2)
    assert crossing.text[offset:].startswith("科技成果转化基金有效运行")
    assert bbox is None


def test_normalize_line_text():
    assert normalize_line_text("  2022 年度基本支出 1164.45 万元 ") == "2022年度基本支出1164.45万元"
    assert normalize_line_text("QDR280 燃气轮机 and GDP") == "QDR280燃气轮机and GDP"
    assert normalize_line_text("\u3000\u3000全年") == "全年"


def pdf_lines(
    rows: list[tuple[str, float, float]], page: int = 1, size: float = 12.0
) -> list[Line]:
    """Lines at (x0, x1) on successive baselines 18pt apart."""
    out = []
    for k, (text, x0, x1) in enumerate(rows):
        top = 100 + 18 * k
        out.append(Line(text=text, page=page, bbox=(x0, top, x1, top + size), size=size))
    return out


# A page laid out like a report: left margin 72, right margin 523, 2-em indent.
BODY_PAGE = [
    ("一、基本情况", 96, 168),
    (
        "株洲市科学技术局是市政府工作部门，为正处级，属市一级预算单位，内设机构9个，在职人员",
        96,
        523,
    ),
    ("33人。全年基本支出1164.45万元，其中人员经费915.38", 72, 523),
    ("万元。", 72, 108),
    ("全年项目支出299.44万元，主要用于创新型城市创建评估、调研等工作经费，包括办公费、差", 96, 523),
    ("旅费等。", 72, 120),
    ("Annual R&D spending reached", 96, 523),
    ("record levels.", 72, 150),
    ("（一）基本支出情况", 96, 204),
]


def test_pdf_breaks_at_indent_short_line_and_numbering():
    paragraphs = lines_to_paragraphs([pdf_lines(BODY_PAGE)])
    assert [p.text for p in paragraphs] == [
        "一、基本情况",
        "株洲市科学技术局是市政府工作部门，为正处级，属市一级预算单位，内设机构9个，在职人员33人。"
        "全年基本支出1164.45万元，其中人员经费915.38万元。",
        "全年项目支出299.44万元，主要用于创新型城市创建评估、调研等工作经费，包括办公费、差旅费等。",
        "Annual R&D spending reached record levels.",
        "（一）基本支出情况",
    ]
    second = paragraphs[1]
    assert second.indent
    first_len = len(BODY_PAGE[1][0])
    second_len = len(BODY_PAGE[2][0])
    assert [a[0] for a in second.anchors] == [0, first_len, first_len + second_len]
    assert second.text[first_len:].startswith("33人")
    assert second.anchors[1][2] == (72, 136, 523, 148)


def test_pdf_paragraph_runs_over_the_page_break():
    first = pdf_lines(BODY_PAGE[:2])
    second = pdf_lines([("33人，退休人员39人。", 72, 200)], page=2)
    paragraphs = lines_to_paragraphs([first, second])
    assert paragraphs[-1].text.endswith("在职人员33人，退休人员39人。")
    assert (paragraphs[-1].page_start, paragraphs[-1].page_end) == (1, 2)


def test_size_change_starts_a_paragraph_and_a_wrapped_title_is_joined():
    title = [
        Line(text="上海市普陀区财政局", page=1, bbox=(178, 353, 416, 378), size=25.0),
        Line(text="2024年度部门决算", page=1, bbox=(187, 398, 406, 423), size=25.5),
    ]
    body = pdf_lines(BODY_PAGE[1:4])
    for line in body:
        line.bbox = (line.bbox[0], line.bbox[1] + 400, line.bbox[2], line.bbox[3] + 400)
    paragraphs = lines_to_paragraphs([title + body])
    assert paragraphs[0].text == "上海市普陀区财政局2024年度部门决算"
    assert paragraphs[0].centered and paragraphs[0].size == 25.0
    assert paragraphs[1].text.startswith("株洲市科学技术局")


def test_dump_with_one_paragraph_per_line_and_blank_separators():
    lines = [
        Line(text=t, page=1)
        for t in [
            "一、2023年工作回顾",
            "",
            "过去一年，是全面贯彻党的二十大精神的开局之年，是本届政府依法履职的第一年。",
            "",
            "——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。",
            "——现代化产业体系建设取得重要进展。",
        ]
    ]
    assert [p.text for p in lines_to_paragraphs([lines])] == [
        "一、2023年工作回顾",
        "过去一年，是全面贯彻党的二十大精神的开局之年，是本届政府依法履职的第一年。",
        "——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。",
        "——现代化产业体系建设取得重要进展。",
    ]


def test_a_zero_width_line_inside_a_dump_paragraph_does_not_break_it():
    from conftest import corpus_file

    # The 2017 report's dump sets a line of one U+200B inside 33 paragraphs (a wiki page break).
    path = corpus_file("chinese-political-corpora/derived_by_year/2017年国务院政府工作报告.txt")
    pages = read_text(path.read_bytes())
    texts = [p.text for p in lines_to_paragraphs([p.lines for p in pages])]
    assert any("凡法律法规未明确禁入的行业和领域，都要允许" in t for t in texts)
    assert not any(t.startswith("领域，都要允许") for t in texts)
    assert not any("\u200b" == t for t in texts)


def test_a_plain_text_dump_broken_at_its_links_is_read_in_whole_sentences():
    from conftest import corpus_file

    # The wiki dumps break a line at every link and subscript (细颗粒物（PM / 2.5 / ）年均浓度…);
    # blank lines part their paragraphs.
    path = corpus_file("chinese-political-corpora/derived_by_year/2017年国务院政府工作报告.txt")
    lines = [p.lines for p in read_text(path.read_bytes())]
    texts = [p.text for p in lines_to_paragraphs(lines, plain_text=True)]
    assert texts[0] == "政府工作报告"  # 政府工作报 / 告
    joined = "\n".join(texts)
    assert "74个重点城市细颗粒物（PM2.5）年均浓度下降9.1%。" in joined
    assert "新增第四代移动通信用户3.4亿、光缆线路550多万公里。" in joined
    assert "“十三五”实现了良好开局。" in joined
    # A heading still stands alone, and so does the paragraph after it.
    assert "（六）积极主动扩大对外开放。" in texts
    assert any(t.startswith("面对国际环境新变化和国内发展新要求") for t in texts)
    # A Word document's lines are its paragraphs: nothing is joined there.
    assert "2.5" in [p.text for p in lines_to_paragraphs(lines)]


def test_a_line_ended_early_by_a_figure_too_wide_for_it_runs_on():
    from conftest import corpus_pages

    from extractor.layout.lines import chars_to_lines

    # 万里街道 2024 budget p. 7: "…比2023年预算执行数增加" stops 24 pt short of the margin because
    # "28.89%。" did not fit; the sentence goes on on the next line.
    wanli = "govbudgetchecker-shanghai-putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf"
    (page,) = corpus_pages(wanli, 7)
    texts = [p.text for p in lines_to_paragraphs([chars_to_lines(page)], [page.width])]
    assert any("比2023年预算执行数增加28.89%。主要原因是" in t for t in texts)


def test_a_line_ended_early_by_what_may_not_open_the_next_line_runs_on_in_spaced_type():
    # 普陀区财政局 2024 决算 p. 23 sets 11 pt type 12 pt a character apart: "…完成预算的" stops
    # 22 pt short of the margin, too little for "0%，", and "…当年度无“三" too little for "公”",
    # which no line may open on. Both sentences go on on the next line.
    texts = _report_paragraphs(
        "govbudgetchecker-shanghai-putuo/上海市普陀区财政局2024年度部门决算.pdf", 23
    )
    assert any("完成预算的0%，其中：因公出国（境）费决算" in t for t in texts)
    assert any("当年度无“三公”经费支出。" in t for t in texts)


def test_a_line_of_figures_from_a_taller_font_keeps_the_size_of_its_text():
    from conftest import corpus_pages

    from extractor.layout.lines import chars_to_lines

    # 石家庄 2018 p. 4: "长23.3%。" sets its 。 in the digits' font, twice the text's size; the
    # line is still text size, so "…占调整预算的98%,增" runs on into it.
    (page,) = corpus_pages("china-local-debt-atlas/shijiazhuang_2018_budget_report.pdf", 4)
    texts = [p.text for p in lines_to_paragraphs([chars_to_lines(page)], [page.width])]
    assert any("占调整预算的98%,增长23.3%。" in t for t in texts)


def _report_paragraphs(source: str, *numbers: int) -> list[str]:
    """The paragraphs of some pages of a corpus report, read as the pipeline reads them (page
    furniture removed first)."""
    from conftest import corpus_pages

    from extractor.layout.furniture import remove_furniture
    from extractor.layout.lines import chars_to_lines

    pages = corpus_pages(source, *numbers)
    lines = remove_furniture(
        [chars_to_lines(page) for page in pages], [(p.width, p.height) for p in pages]
    )
    return [p.text for p in lines_to_paragraphs(lines, [p.width for p in pages])]


def test_a_sentence_runs_on_past_the_footnotes_at_the_foot_of_its_page():
    # 鄂州 2025 p. 4 ends "…全市社会保险基金支出完成35.84亿元，为预算的" over two footnotes (⑦, ⑧,
    # smaller type); p. 5 opens "98.3%。收支相抵，…". The notes follow the paragraph.
    texts = _report_paragraphs(
        "china-local-debt-atlas/ezhou_2025_budget_execution_report.pdf", 4, 5
    )
    (whole,) = [i for i, t in enumerate(texts) if "为预算的98.3%。收支相抵" in t]
    assert texts[whole + 1].startswith("⑦国有资本经营预算是对国有资本收益作出支出安排的收支预算")
    assert texts[whole + 2].startswith("⑧社会保险基金预算是")
    assert texts[whole + 2].endswith("城乡居民基本养老保险基金由区级统筹，纳入区级预算。")


def test_a_footnote_marked_by_a_superscript_number_follows_the_paragraph_too():
    # 东莞 2025 p. 5 ends "…一般公共预算总支出1,094.79亿元。其中，市本" over a note whose mark
    # is a superscript 1 (1根据省以下财政体制改革文件规定…); p. 6 goes on "级支出460.41亿元".
    texts = _report_paragraphs("china-local-debt-atlas/dongguan_2025_budget_report.pdf", 5, 6)
    (whole,) = [i for i, t in enumerate(texts) if "其中，市本级支出460.41亿元" in t]
    assert texts[whole + 1].startswith("1根据省以下财政体制改革文件规定")


def test_an_ordinal_cut_by_the_wrap_is_no_list_item():
    # 焦作 2025 p. 7: "…项目数和资金额分别居全省第" / "一、第二，争取省级…": the 一、 closes the
    # ordinal 第一; it had started a paragraph, as a heading's numbering does.
    texts = _report_paragraphs("china-local-debt-atlas/jiaozuo_2025_budget_report.pdf", 7)
    assert any("项目数和资金额分别居全省第一、第二，争取省级制造业" in t for t in texts)
    assert not any(t.startswith("一、第二") for t in texts)


def test_a_page_all_in_small_type_is_no_footnote():
    # 广州 2025 p. 3, the end of its table of contents (lines opening with table numbers: 45
    # 2026年市级…): held back as a note, it had let the contents' last line on p. 2 run on into
    # the heading after it (pp. 1-8: running headers are found over several pages).
    texts = _report_paragraphs(
        "china-local-debt-atlas/guangzhou_2025_budget_report.pdf", *range(1, 9)
    )
    assert "一般公共预算草案说明" in texts


def test_markdown_headings_are_paragraphs_with_a_heading_cue():
    lines = [
        Line(text=t, page=1) for t in ["# 一、基本情况", "项目背景。", "## （一）项目背景和目的"]
    ]
    paragraphs = lines_to_paragraphs([lines])
    assert [(p.text, p.bold) for p in paragraphs] == [
        ("一、基本情况", True),
        ("项目背景。", False),
        ("（一）项目背景和目的", True),
    ]


def test_nothing_in_nothing_out():
    assert lines_to_paragraphs([]) == []
    assert lines_to_paragraphs([[Line(text="  ", page=1)]]) == []


def test_wrapped_title_centred_on_its_own_axis_is_one_paragraph():
    """xinjiang_2024 p.71: a three-line divider title whose page margins are set by a stray
    mark at the left, so no line looks centred on the page; the lines share one axis."""
    import pypdfium2 as pdfium
    from conftest import corpus_file

    from extractor.layout.lines import chars_to_lines
    from extractor.sources.pdf import pdfium_page_to_page

    doc = pdfium.PdfDocument(
        str(corpus_file("china-local-debt-atlas/xinjiang_2024_budget_report.pdf"))
    )
    pages = [chars_to_lines(pdfium_page_to_page(doc[i], i + 1)) for i in range(68, 72)]
    texts = [p.text for p in lines_to_paragraphs(pages) if p.page_start == 71]
    assert texts[0] == "2024年自治区政府性基金预算执行情况与2025年自治区政府性基金预算"

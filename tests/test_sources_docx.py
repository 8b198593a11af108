"""Word .docx reader: real bulletins and budget reports, synthetic packages for the cases the
corpus does not show (vertical merges, tracked changes, numbering variants), and fuzzing."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import ROOT, corpus_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import EmptyDocument, ExtractError
from extractor.layout.paragraphs import lines_to_paragraphs
from extractor.model import Page
from extractor.sources.docx import DamagedFile, EncryptedFile, docx_to_pages
from extractor.sources.word_numbering import chinese_number, format_number
from extractor.structure.sections import paragraphs_to_sections

HOTAN = "china-local-debt-atlas/hotan_2025_statistical_bulletin.docx"
CHENGDE = "china-local-debt-atlas/chengde_2025_budget_report.docx"
# Named 2023年洛阳市…, but the file holds the 黔东南州 2016 bulletin (MANIFEST says 洛阳).
QDN = "squan_kw-stat-bulletins/2023年洛阳市国民经济和社会发展统计公报.docx"
EXCERPT = "squan_kw-stat-bulletins/测试用公报.docx"
XLSX = "china-local-debt-atlas/changdu_2024.xlsx"


def _read(relpath: str) -> list[Page]:
    return docx_to_pages(corpus_file(relpath).read_bytes())


def _texts(row) -> list[str]:
    return [cell.text for cell in row]


def _page_of(pages: list[Page], start: str) -> int:
    hits = [p.number for p in pages for line in p.lines if line.text.startswith(start)]
    assert hits, f"no line starts with {start!r}"
    return hits[0]


def _tables(pages: list[Page]):
    return [(page, table) for page in pages for table in page.tables]


# --- real files ---------------------------------------------------------------------------


def test_hotan_bulletin_lines_tables_and_spans():
    pages = _read(HOTAN)
    lines = [line.text for line in pages[0].lines]
    assert "一、综合" in lines
    page, first = _tables(pages)[0]
    # The title row is one cell over the table's three grid columns (w:gridSpan).
    title = first.rows[0][0]
    assert (title.text, title.colspan) == ("2025年居民消费价格比上年涨跌幅度", 3)
    assert _texts(first.rows[1]) == ["指  标", "价格指数（1—12月）", "比上年涨跌幅度（%）"]
    assert _texts(first.rows[2]) == ["居民消费价格", "100.6", "0.6"]
    # The table stands after the paragraph that introduces it.
    assert page.lines[first.index - 1].text.startswith("全年城镇新增就业2.67万人")
    # "  其中：食品烟酒": the typed spaces are the label's indent, not its text.
    assert (first.rows[3][0].text, first.rows[3][0].indent) == ("其中：食品烟酒", 1.0)


def test_hotan_auto_numbered_heading_is_rebuilt():
    # "服务业" carries w:numPr (chineseCounting, start 4, "%1、"): the printed heading is
    # "四、服务业"; the notes list (decimal "[%1]") prints "[1]" before the first note.
    pages = _read(HOTAN)
    lines = [line.text for page in pages for line in page.lines]
    assert "四、服务业" in lines
    assert any(text.startswith("[1] 本公报中各项数据均为初步统计数") for text in lines)
    assert "服务业" not in lines


def test_hotan_explicit_page_break_starts_page_two():
    pages = _read(HOTAN)
    # WPS wrote no rendered page breaks; the one w:br w:type="page" before the notes is the
    # only page boundary the file states.
    assert len(pages) == 2
    assert _page_of(pages, "十三、对口援助") == 1
    assert _page_of(pages, "注释：") == 2


def test_hotan_sections_end_to_end():
    pages = _read(HOTAN)
    paragraphs = lines_to_paragraphs([p.lines for p in pages], [p.width for p in pages])
    sections = paragraphs_to_sections(paragraphs)
    titles = [(s.number, s.title) for s in sections if s.level == 1]
    assert titles[:4] == [
        ("一、", "综合"), ("二、", "农业"), ("三、", "工业和建筑业"), ("四、", "服务业")
    ]
    assert len(titles) == 13 and titles[-1] == ("十三、", "对口援助")


def test_rendered_page_breaks_number_pages():
    pages = _read(QDN)
    assert len(pages) == 23
    # "表2 财政收支情况" starts a page in Word's last layout (lastRenderedPageBreak before
    # its first run); the table under it is on the same page.
    assert _page_of(pages, "表2\xa0财政收支情况") == 5
    assert _page_of(pages, "二、农业") == 5
    page, table = _tables(pages)[1]
    assert page.number == 5
    assert page.lines[table.index - 1].text == "表2\xa0财政收支情况"
    assert _texts(table.rows[0]) == ["", "绝对数（亿元）", "比上年增长（%）"]
    assert _texts(table.rows[1]) == ["全部财税收入", "156.40", "2.3"]
    # Cell indents from w:ind (firstLine 216 twips in a 10 pt font ≈ 1 character).
    assert table.rows[3][0].text == "其中：一般公共预算收入"
    assert table.rows[3][0].indent == pytest.approx(1.1)


def test_paragraph_broken_across_pages_stays_whole_on_its_first_page():
    pages = _read(QDN)
    # Word broke this paragraph after "…和63.4%。全州"; it is kept whole on page 1 and the
    # next paragraph starts page 2.
    start = "初步核算，全年地区生产总值"
    line = next(line for line in pages[0].lines if line.text.startswith(start))
    assert "63.4%。全州人均地区生产总值" in line.text
    assert pages[1].lines[0].text == ""


def test_excerpt_pages():
    pages = _read(EXCERPT)
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert _page_of(pages, "1-12月，工业品生产者出厂价格比上年下降2.1%。") == 2
    assert pages[0].lines[1].text == "2016年国民经济和社会发展统计公报"


def test_chengde_budget_report():
    pages = _read(CHENGDE)
    lines = [line.text for page in pages for line in page.lines]
    assert "一、2025年预算执行情况" in lines
    assert "（一）全市预算执行情况" in lines
    tables = _tables(pages)
    assert len(tables) == 6
    _, first = tables[0]
    assert (first.rows[0][0].text, first.rows[0][0].colspan) == ("附表1", 5)
    header = first.rows[3]
    assert [c.text for c in header] == [
        "预   算   科   目", "预算数", "完成数", "占预算(%)", "比上年\n增长(%)"
    ]
    assert _texts(first.rows[4]) == ["本年收入合计", "1448485", "1448177", "100", "3"]
    # Tax rows are indented two characters (w:ind leftChars/firstLineChars).
    assert (first.rows[6][0].text, first.rows[6][0].indent) == ("增值税", 2.0)
    # The landscape section (its own w:sectPr) holds 附表13: page 2 of the file's 3
    # sections; WPS wrote no rendered page breaks.
    page, table = tables[4]
    assert page.number == 2 and table.rows[0][0].text == "附表13"
    assert len(pages) == 3


@pytest.mark.parametrize(
    "relpath, han",
    [
        # MANIFEST.md's "docx text N CJK chars" (all w:t text), read back in full: prose and
        # cells together. 和田 has one more: the rebuilt "四" of 四、服务业.
        (QDN, 6001),
        (EXCERPT, 446),
        (CHENGDE, 9696),
        (HOTAN, 3561 + 1),
    ],
)
def test_no_text_is_lost(relpath, han):
    pages = _read(relpath)
    texts = [line.text for page in pages for line in page.lines]
    texts += [c.text for page in pages for t in page.tables for row in t.rows for c in row]
    assert sum(1 for text in texts for ch in text if "\u4e00" <= ch <= "\u9fff") == han


def test_xlsx_bytes_are_not_a_word_document():
    with pytest.raises(DamagedFile, match="not a Word document.*Excel"):
        docx_to_pages(corpus_file(XLSX).read_bytes())


def test_encrypted_docx_is_reported_as_password_protected():
    # corpora/word/encrypted.docx: a one-line synthetic document encrypted (agile, ECMA-376)
    # with msoffcrypto-tool, password "govextract".
    data = (ROOT / "corpora" / "word" / "encrypted.docx").read_bytes()
    with pytest.raises(EncryptedFile, match="password-protected"):
        docx_to_pages(data)


# --- synthetic packages -------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def make_docx(body: str, numbering: str | None = None, styles: str | None = None) -> bytes:
    """A minimal package: [Content_Types], the root relationship, document.xml (and parts)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f"<w:body>{body}</w:body></w:document>",
        )
        if numbering is not None:
            z.writestr(
                "word/numbering.xml", f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'
            )
        if styles is not None:
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{W}">{styles}</w:styles>')
    return buf.getvalue()


def p(text: str = "", ppr: str = "", runs: str = "") -> str:
    run = f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>" if text else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run}{runs}</w:p>"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{p(text)}</w:tc>"


def lines_of(data: bytes) -> list[tuple[int, str]]:
    return [(page.number, line.text) for page in docx_to_pages(data) for line in page.lines]


def test_vertical_and_horizontal_merges_follow_the_html_model():
    # The corpus .docx files have gridSpan but no vMerge: this table is made up.
    restart, span2 = '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="2"/>'
    body = (
        "<w:tbl>"
        f"<w:tr>{tc('项目', restart)}{tc('2025年', span2)}</w:tr>"
        f"<w:tr>{tc('', '<w:vMerge/>')}{tc('预算数')}{tc('执行数')}</w:tr>"
        f"<w:tr>{tc('合计')}{tc('1,164.45')}{tc('28.8%')}</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        f"{tc('其中：', span2)}</w:tr>"
        "</w:tbl>"
    )
    (page,) = docx_to_pages(make_docx(p("表1") + body))
    (table,) = page.tables
    cells = [[(c.text, c.rowspan, c.colspan) for c in row] for row in table.rows]
    assert cells == [
        [("项目", 2, 1), ("2025年", 1, 2)],
        [("预算数", 1, 1), ("执行数", 1, 1)],
        [("合计", 1, 1), ("1,164.45", 1, 1), ("28.8%", 1, 1)],
        [("", 1, 1), ("其中：", 1, 2)],
    ]
    assert table.index == 1 and table.origin == {"table": 1}


def test_nested_table_text_joins_the_outer_cell():
    inner = f"<w:tbl><w:tr>{tc('甲')}{tc('乙')}</w:tr></w:tbl>"
    body = f"<w:tbl><w:tr><w:tc>{p('外')}{inner}</w:tc>{tc('2')}</w:tr></w:tbl>"
    (page,) = docx_to_pages(make_docx(body))
    assert _texts(page.tables[0].rows[0]) == ["外\n甲\n乙", "2"]


def test_tracked_changes_hidden_text_and_fields():
    runs = (
        '<w:del w:id="1"><w:r><w:delText>删除的</w:delText></w:r></w:del>'
        '<w:ins w:id="2"><w:r><w:t>插入的</w:t></w:r></w:ins>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r>'
    )
    assert lines_of(make_docx(p(runs=runs))) == [(1, "插入的7链接可见")]


def test_breaks_tabs_and_blank_paragraphs():
    runs = "<w:r><w:t>一、</w:t><w:tab/><w:t>总体</w:t><w:br/><w:t>第二行</w:t></w:r>"
    data = make_docx(p(runs=runs) + p() + p("正文"))
    assert lines_of(data) == [(1, "一、 总体"), (1, "第二行"), (1, ""), (1, "正文")]


def test_text_box_follows_its_paragraph_once():
    box = f"<w:txbxContent>{p('附件1')}</w:txbxContent>"
    runs = (
        "<w:r><mc:AlternateContent><mc:Choice><w:drawing>"
        f"{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    assert lines_of(make_docx(p("正文", runs=runs))) == [(1, "正文"), (1, "附件1")]


LRPB = "<w:r><w:lastRenderedPageBreak/><w:t>第二页</w:t></w:r>"
PAGE_BR = '<w:r><w:br w:type="page"/></w:r>'


@pytest.mark.parametrize(
    "body, expected",
    [
        # A rendered break before the paragraph's first character starts page 2.
        (p("一") + p(runs=LRPB), [(1, "一"), (2, "第二页")]),
        # An explicit break, and the rendered break Word wrote after it: one page break.
        (p("一", runs=PAGE_BR) + p(runs=LRPB), [(1, "一"), (2, ""), (2, "第二页")]),
        # A rendered break mid-paragraph: the paragraph stays on page 1, the next is on 2.
        (
            p("前半", runs=LRPB) + p("下一段"),
            [(1, "前半第二页"), (2, "下一段")],
        ),
        # w:pageBreakBefore, on and off.
        (p("一") + p("二", ppr="<w:pageBreakBefore/>"), [(1, "一"), (2, "二")]),
        (p("一") + p("二", ppr='<w:pageBreakBefore w:val="0"/>'), [(1, "一"), (1, "二")]),
        # A section break: its kind is the next section's w:type (nextPage by default).
        (p("一", ppr="<w:sectPr/>") + p("二") + "<w:sectPr/>", [(1, "一"), (2, "二")]),
        (
            p("一", ppr="<w:sectPr/>")
            + p("二")
            + '<w:sectPr><w:type w:val="continuous"/></w:sectPr>',
            [(1, "一"), (1, "二")],
        ),
        # Blank pages at the end are not pages of text.
        (p("一", runs=PAGE_BR) + p(), [(1, "一")]),
    ],
)
def test_page_numbering(body, expected):
    assert lines_of(make_docx(body)) == expected


def test_table_broken_across_pages_stays_on_its_first_page():
    row2 = f"<w:tr><w:tc><w:p>{LRPB}</w:p></w:tc>{tc('2')}</w:tr>"
    body = p("前") + f"<w:tbl><w:tr>{tc('a')}{tc('1')}</w:tr>{row2}</w:tbl>" + p("后")
    pages = docx_to_pages(make_docx(body))
    assert [(p.number, len(p.tables)) for p in pages] == [(1, 1), (2, 0)]
    assert pages[1].lines[0].text == "后"


NUMBERING = """
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1.%3"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
"""


def num(num_id: int, level: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_numbering_levels_restart_and_bullets():
    body = (
        p("总体情况", num(1))
        + p("收入", num(1, 1))
        + p("支出", num(1, 1))
        + p("明细", num(1, 2))
        + p("主要措施", num(1))
        + p("加强管理", num(1, 1))
        + p("要点", num(3))
        + p("不编号", '<w:numPr><w:numId w:val="0"/></w:numPr>')
        + p("重新开始", num(2))
    )
    texts = [text for _, text in lines_of(make_docx(body, numbering=NUMBERING))]
    assert texts == [
        "一、总体情况",
        "（一）收入",
        "（二）支出",
        "一.1 明细",  # "%1.%3": level 1 in its own format, level 3 decimal; tab → space
        "二、主要措施",
        "（一）加强管理",
        "要点",
        "不编号",
        "一、重新开始",
    ]


def test_a_broken_numbering_part_costs_only_the_numbers():
    data = make_docx(p("综合", num(1)), numbering="<w:abstractNum><unclosed>")
    assert lines_of(data) == [(1, "综合")]


@settings(max_examples=40, deadline=None)
@given(numbering=st.text(max_size=120), level=st.integers(-2, 12), num_id=st.integers(-1, 4))
def test_fuzz_numbering(numbering, level, num_id):
    # Any numbering part, any numPr: the paragraph's text is always read.
    para = p("正文", f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    texts = [text for _, text in lines_of(make_docx(para, numbering=NUMBERING + numbering))]
    assert len(texts) == 1 and texts[0].endswith("正文")


def test_numbering_from_a_paragraph_style():
    styles = (
        '<w:style w:type="paragraph" w:styleId="H1"><w:pPr>'
        f"{num(1)}</w:pPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style>'
    )
    body = p("综合", '<w:pStyle w:val="H1"/>') + p("农业", '<w:pStyle w:val="H1b"/>')
    texts = [text for _, text in lines_of(make_docx(body, NUMBERING, styles))]
    assert texts == ["一、综合", "二、农业"]


@pytest.mark.parametrize(
    "n, text",
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"), (0, "0")],
)
def test_chinese_counting(n, text):
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    "n, fmt, text",
    [(3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"),
     (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (12, "decimalFullWidth", "１２"),
     (3, "chineseLegalSimplified", "叁"), (7, "someFutureFormat", "7")],
)
def test_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text


def test_cell_indent_from_chars_and_twips():
    def cell(ind: str) -> str:
        return f"<w:tc><w:p><w:pPr>{ind}</w:pPr><w:r><w:t>行</w:t></w:r></w:p></w:tc>"

    indents = [
        '<w:ind w:leftChars="200" w:left="420"/>',
        '<w:ind w:firstLine="420"/>',
        '<w:ind w:left="840" w:hanging="420"/>',
    ]
    body = "<w:tbl>" + "".join(f"<w:tr>{cell(ind)}</w:tr>" for ind in indents) + "</w:tbl>"
    (page,) = docx_to_pages(make_docx(body))
    # Twips over the default 10.5 pt character (210 twips); *Chars in hundredths.
    assert [row[0].indent for row in page.tables[0].rows] == [2.0, 2.0, 2.0]


# --- refusals and robustness --------------------------------------------------------------


def test_dtd_is_refused():
    data = make_docx(p("x"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for name in src.namelist():
            raw = src.read(name)
            if name == "word/document.xml":
                raw = raw.replace(
                    b"<w:document",
                    b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><w:document',
                )
            dst.writestr(name, raw)
    with pytest.raises(DamagedFile, match="DTD"):
        docx_to_pages(buf.getvalue())


@pytest.mark.parametrize(
    "data, error, message",
    [
        (b"", EmptyDocument, "0 bytes"),
        (b"%PDF-1.7 not a zip", DamagedFile, "not a .docx package"),
        (make_docx(p() + p("  ")), EmptyDocument, "no text"),
    ],
)
def test_clear_errors(data, error, message):
    with pytest.raises(error, match=message):
        docx_to_pages(data)


def test_a_zip_without_a_document_part():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DamagedFile, match="Excel"):
        docx_to_pages(buf.getvalue())


def _only_extract_errors(data: bytes) -> None:
    try:
        docx_to_pages(data)
    except ExtractError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_truncated_and_garbled_packages(data):
    base = make_docx(p("一、综合") + f"<w:tbl><w:tr>{tc('a')}{tc('1')}</w:tr></w:tbl>")
    cut = data.draw(st.integers(0, len(base)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)),
                               max_size=4))
    mutated = bytearray(base[:cut] if data.draw(st.booleans()) else base)
    for at, value in flips:
        if at < len(mutated):
            mutated[at] = value
    _only_extract_errors(bytes(mutated))


@settings(max_examples=60, deadline=None)
@given(xml=st.text(max_size=200))
def test_fuzz_document_xml(xml):
    # Any text as the document part, inside a valid zip: parsed or refused, never a crash.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{xml}</w:body>'
                   "</w:document>")
    _only_extract_errors(buf.getvalue())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(0, 1), at=st.floats(0, 1), value=st.integers(0, 255))
def test_fuzz_real_file(cut, at, value):
    real = corpus_file(HOTAN).read_bytes()
    mutated = bytearray(real[: max(1, int(len(real) * cut))])
    mutated[int(at * (len(mutated) - 1))] = value
    _only_extract_errors(bytes(mutated))

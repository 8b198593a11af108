"""OCR on real scanned/garbled documents and on the scanned fixtures (slow: seconds per page).

Expected values were read by eye off the rendered page images (pypdfium2, scale 2), not taken
from OCR output. Run with ``pytest -m slow tests/test_ocr_slow.py``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import regex
from conftest import corpus_file

from extractor.model import Page
from extractor.sources import ocr
from extractor.sources.pdf import open_pdf, read_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr.ocr_available(), reason="OCR extra not installed"),
]

SCANNED = Path(__file__).parent / "fixtures" / "scanned"
FOOTER = regex.compile(r"^—\d+—$")


def ocr_lines(page: Page) -> list[str]:
    """The page's OCR lines (chars sharing a line box), top to bottom, footers kept."""
    rows: dict[tuple[float, float], list] = {}
    for c in page.chars:
        rows.setdefault((c.top, c.bottom), []).append(c)
    keys = sorted(rows, key=lambda k: (k[0] + k[1], min(c.x0 for c in rows[k])))
    return ["".join(c.text for c in sorted(rows[k], key=lambda c: c.x0)) for k in keys]


def body_text(page: Page) -> str:
    """Lines joined the CJK way (no separator), page footer dropped."""
    return "".join(t for t in ocr_lines(page) if not FOOTER.match(t))


def ocr_pages(relpath: Path, indexes: list[int]) -> list[Page]:
    doc = open_pdf(relpath.read_bytes())
    try:
        return [ocr.ocr_page(doc, i) for i in indexes]
    finally:
        doc.close()


# ---------------------------------------------------------------------------------------------
# 张家界 2025 统计公报: 20 pages of 120-dpi page images, no text layer.

ZJJ = "china-local-debt-atlas/zhangjiajie_2025_statistical_bulletin.pdf"

# (page, figure with its subject as printed), read off the page images; shared with
# scripts/measure_ocr.py.
ZJJ_FIGURES = [
    (int(page), text)
    for page, text in (
        row.split("\t")
        for row in (SCANNED / "zhangjiajie_figures.tsv").read_text("utf-8").splitlines()
        if row and not row.startswith("#")
    )
]


@pytest.fixture(scope="module")
def zjj_pages() -> list[Page]:
    return ocr_pages(corpus_file(ZJJ), [0, 1])


def test_zhangjiajie_figures_read_exactly(zjj_pages: list[Page]) -> None:
    texts = {p.number: body_text(p) for p in zjj_pages}
    missing = [(n, f) for n, f in ZJJ_FIGURES if f not in texts[n]]
    assert missing == []


def test_zhangjiajie_title_headings_and_footers(zjj_pages: list[Page]) -> None:
    first, second = (ocr_lines(p) for p in zjj_pages)
    assert first[:4] == [
        "张家界市2025年国民经济和社会发展",
        "统计公报",
        "张家界市统计局",
        "2026年4月",
    ]
    assert "一、综合" in first and "二、农业" in second
    assert first[-1] == "—1—" and second[-1] == "—2—"
    # headings are set bold (黑体) in the scan; body lines are not
    bold = {
        "".join(c.text for c in p.chars if c.bold and c.top == line_top)
        for p in zjj_pages
        for line_top in {c.top for c in p.chars if c.bold}
    }
    assert {"一、综合", "二、农业", "统计公报"} <= bold
    body = [c for c in zjj_pages[0].chars if c.text == "核"]
    assert body and not body[0].bold


def test_zhangjiajie_confidence_and_geometry(zjj_pages: list[Page]) -> None:
    for page in zjj_pages:
        assert page.origin == "ocr" and page.conf is not None and page.conf > 0.95
        assert all(c.conf is not None and 0.5 <= c.conf <= 1.0 for c in page.chars)
        assert all(0 <= c.x0 < c.x1 <= page.width for c in page.chars)
        # body type is 三号 (16 pt): the char size says so within a point and a half
        sizes = sorted(c.size for c in page.chars)
        assert 14.5 <= sizes[len(sizes) // 2] <= 17.5


def test_zhangjiajie_downstream_sections(zjj_pages: list[Page]) -> None:
    """OCR pages go through the same layout and structure stages as text-layer pages."""
    layout = pytest.importorskip("extractor.layout.paragraphs")
    from extractor.layout.furniture import remove_furniture
    from extractor.layout.lines import chars_to_lines
    from extractor.structure.sections import paragraphs_to_sections

    page_lines = [chars_to_lines(p) for p in zjj_pages]
    page_lines = remove_furniture(page_lines, [(p.width, p.height) for p in zjj_pages])
    sections = paragraphs_to_sections(layout.lines_to_paragraphs(page_lines))
    titled = {s.number + s.title: s for s in sections}
    assert "一、综合" in titled and "二、农业" in titled
    text = titled["一、综合"].text
    assert "全市实现地区生产总值667.83亿元，同比增长3.0%。" in text
    assert "民营经济增加值430.35亿元，增长2.7%。" in text  # across the page break
    assert "—1—" not in text and "—2—" not in text
    # OCR box heights vary from line to line with what the line holds: no paragraph breaks
    # at "…第二产 / 业增加值…" (18.3 → 16.4 pt) or "…127.63亿元， / 增长1.8%。" (17.1 → 18.3).
    assert "第二产业增加值比重较上年下降0.9百分点" in text
    assert "桑植县地区生产总值127.63亿元，增长1.8%。" in text


def test_zhangjiajie_a_line_of_figures_is_not_bold() -> None:
    """Digits are set in a Latin face with thicker strokes than 宋体: a line holding only the
    end of a sentence (p. 16: 61.0%。) is not a bold heading, and the sentence runs on."""
    from extractor.layout.furniture import remove_furniture
    from extractor.layout.lines import chars_to_lines
    from extractor.layout.paragraphs import lines_to_paragraphs

    (page,) = ocr_pages(corpus_file(ZJJ), [15])
    assert not any(c.bold for c in page.chars if c.text in "61.0%")
    lines = remove_furniture([chars_to_lines(page)], [(page.width, page.height)])
    texts = [p.text for p in lines_to_paragraphs(lines, [page.width])]
    assert any("工矿企业授权23件，下降61.0%。" in t for t in texts)


# Page 12 holds the continuation of 表5 (财政收支), ruled by horizontal rules and column
# rules; rows read off the page image.
ZJJ_P12_TABLE = [
    ["指标", "绝对数（亿元）", "比上年增长（%）"],
    ["非税收入", "18.49", "30.2"],
    ["一般公共预算支出", "215.72", "2.4"],
    ["#一般公共服务", "23.66", "2.8"],
    ["教育", "28.54", "-1.2"],
    ["科学技术", "2.73", "6.9"],
    ["文化体育与传媒", "6.22", "-3.5"],
    ["社会保障和就业", "33.69", "5.2"],
    ["医疗卫生与计划生育", "22.52", "11.0"],
    ["节能环保", "7.31", "13.8"],
    ["城乡社区", "10.95", "9.3"],
    ["农林水", "32.38", "-3.3"],
    ["住房保障", "9.34", "4.7"],
    ["#民生", "166.09", "0.3"],
]


def test_zhangjiajie_scanned_table_cells() -> None:
    from extractor.layout.tables import page_to_tables

    (page,) = ocr_pages(corpus_file(ZJJ), [11])
    grids = page_to_tables(page)
    assert grids, "no table found on the scanned page"
    grid = grids[0]
    rows = [[""] * (len(grid.xs) - 1) for _ in range(len(grid.ys) - 1)]
    for cell in grid.cells:
        rows[cell.row][cell.col] = cell.text
    assert rows[: len(ZJJ_P12_TABLE)] == ZJJ_P12_TABLE


# ---------------------------------------------------------------------------------------------
# 淮安 2026 预算报告: a text layer of Latin-1 mojibake (fonts without ToUnicode).

HUAIAN = "china-local-debt-atlas/jiangsu_huaian_2026_budget_report.pdf"
HUAIAN_P1 = [
    "关于淮安市2025年预算执行情况",
    "与2026年预算草案的报告",
    "淮安市财政局局长",
    "一般公共预算收入335.3亿元",
    "增幅3%",
    "全省排名第6",
    "税收完成260.4亿元",
    "税占比77.6%",
    "提高0.9个百分点",
    "一般公共预算支出718.3亿元",
    "收入51.5亿元",
    "支出105.5亿元",
    "收入35.9亿元",
    "支出38.4亿元",
    "收入4.4亿元",
    "支出5.4亿元",
]


def test_huaian_garbled_page_reads_through_ocr() -> None:
    path = corpus_file(HUAIAN)
    from extractor.sources.quality import page_quality

    text_layer = read_pdf(path.read_bytes())[0]
    assert not page_quality(text_layer).usable  # why the pipeline routes it to OCR
    (page,) = ocr_pages(path, [0])
    text = body_text(page)
    assert [s for s in HUAIAN_P1 if s not in text] == []
    assert page_quality(page).usable


# ---------------------------------------------------------------------------------------------
# 新疆 2024 预算报告: two scanned cover pages, then a text body.

XINJIANG = "china-local-debt-atlas/xinjiang_2024_budget_report.pdf"


def test_xinjiang_image_cover_pages_read_through_ocr() -> None:
    path = corpus_file(XINJIANG)
    cover, inner = ocr_pages(path, [0, 1])
    assert (
        "".join(ocr_lines(cover))
        == "2024年自治区预算执行情况与2025年自治区预算自治区财政厅二〇二五年一月"
    )
    assert "".join(ocr_lines(inner)) == "2024年自治区一般公共预算执行情况与2025年自治区一般公共预算"


# ---------------------------------------------------------------------------------------------
# Scanned fixtures (scripts/make_scanned_fixtures): scans of text PDFs whose text layer is
# the truth.

ROOT = Path(__file__).resolve().parent.parent
SEED_PDF = ROOT / "samples" / "zhuzhou-kjj-2022-self-evaluation.pdf"
SEED_PAGES = (5, 6)  # the pages seed_report_scan.pdf holds
TABLE_PDF = Path(__file__).parent / "fixtures" / "tables" / "seed_self_evaluation_lines.pdf"
NUMBER = regex.compile(r"\d+(?:\.\d+)?%?")
PRINTED_FOOTER = regex.compile(r"^[—-]+\s*(\d+)\s*[—-]+$")


def _squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _truth_pages() -> list[tuple[str, str]]:
    """(body text without the footer, footer number) of the seed PDF's scanned pages."""
    doc = open_pdf(SEED_PDF.read_bytes())
    out = []
    try:
        for number in SEED_PAGES:
            page = doc[number - 1]
            lines = [ln.strip() for ln in page.get_textpage().get_text_range().splitlines()]
            page.close()
            footers = [m.group(1) for ln in lines if (m := PRINTED_FOOTER.match(ln))]
            body = [ln for ln in lines if ln and not PRINTED_FOOTER.match(ln)]
            out.append(("".join(body), footers[0] if footers else ""))
    finally:
        doc.close()
    return out


def test_scanned_seed_report_cer_numbers_and_footers() -> None:
    truth = _truth_pages()
    pages = ocr_pages(SCANNED / "seed_report_scan.pdf", [0, 1])
    errors = chars = 0
    for page, (body, footer) in zip(pages, truth, strict=True):
        ref, hyp = _squash(body), _squash(body_text(page))
        errors += _edit_distance(ref, hyp)
        chars += len(ref)
        want = Counter(NUMBER.findall(ref))
        got = Counter(NUMBER.findall(hyp))
        assert want - got == Counter(), f"page {page.number}: numbers lost or misread"
        # the detector misses "— 5 —"; the band recovery reads it back
        assert [t for t in ocr_lines(page) if FOOTER.match(t)] == [f"—{footer}—"]
    assert errors / chars <= 0.01


def _fold_width(text: str) -> str:
    """Brackets compared width-blind: the recogniser cannot tell （ from ( reliably, and the
    normalization rule writes the full-width form 公文 prescribe."""
    return "".join(unicodedata.normalize("NFKC", ch) if ch in "（）" else ch for ch in text)


def _cells(page: Page) -> list[tuple[int, int, int, int, str]]:
    from extractor.layout.tables import page_to_tables

    return [
        (c.row, c.col, c.rowspan, c.colspan, _fold_width(c.text))
        for grid in page_to_tables(page)
        for c in grid.cells
    ]


def test_scanned_selfeval_table_equals_text_pdf_table() -> None:
    pytest.importorskip("extractor.layout.tables")
    text_page = read_pdf(TABLE_PDF.read_bytes())[0]
    (scan_page,) = ocr_pages(SCANNED / "seed_self_evaluation_scan.pdf", [0])
    want = _cells(text_page)
    assert len(want) > 100  # the 22-row 自评表 with its merged cells
    got = _cells(scan_page)
    assert [c for c in got if c not in want] == []
    assert [c for c in want if c not in got] == []


# ---------------------------------------------------------------------------------------------
# 南京 2026 预算报告: Han body text drawn as images, digits in the text layer (coverage.py
# flags these pages); OCR reads the whole page.

NANJING = "china-local-debt-atlas/jiangsu_nanjing_2026_budget_report.pdf"
NANJING_P2 = [
    "一、预算执行总体情况",
    "全年一般公共预算收入完成1620.9亿元，增长1.6%",
    "税比81.7%，高于全省4.3个百分点",
    "新增债券325.4亿元，增长37.1%",
    "经费下降9.9%",
    "运转经费下降10.1%",
]


def test_nanjing_text_drawn_as_images_reads_through_ocr() -> None:
    (page,) = ocr_pages(corpus_file(NANJING), [1])
    text = body_text(page)
    assert [s for s in NANJING_P2 if s not in text] == []


def test_nanjing_a_footnote_read_by_ocr_follows_the_sentence_it_cut() -> None:
    """p. 2 ends "…有力保障学前" over a note in small type whose superscript mark reads as a
    plain 1 (1指1个总牵头…); the sentence goes on at the top of p. 3. OCR measures the note's
    type a fifth smaller than the body's, as it measures nothing more finely."""
    from extractor.layout.furniture import remove_furniture
    from extractor.layout.lines import chars_to_lines
    from extractor.layout.paragraphs import lines_to_paragraphs

    pages = ocr_pages(corpus_file(NANJING), [1, 2])
    lines = remove_furniture(
        [chars_to_lines(p) for p in pages], [(p.width, p.height) for p in pages]
    )
    texts = [p.text for p in lines_to_paragraphs(lines, [p.width for p in pages])]
    (cut,) = [i for i, t in enumerate(texts) if "有力保障学前" in t]
    assert texts[cut].endswith("高质量保障42项民生实事。")
    assert texts[cut + 1].startswith("1指1个总牵头")


def test_xinjiang_through_the_pipeline_ocrs_only_the_cover_pages() -> None:
    """The routing (sources/read.py) sends the two image pages to OCR and nothing else; the
    title read from the scanned cover reaches the document record."""
    from extractor.pipeline import extract

    doc = extract(str(corpus_file(XINJIANG))).records[0]
    assert doc["type"] == "document"
    assert doc["ocr_pages"] == [1, 2]
    assert doc["title"] == "2024年自治区预算执行情况与2025年自治区预算"
    assert doc["issuer"] == "自治区财政厅"


def test_scanned_selfeval_indicator_records_equal_text_pdf_ones() -> None:
    """Through the whole pipeline: the scanned 自评表 yields the same indicator records
    (levels, name, target, actual, weight, score, type) as its text PDF."""
    from extractor.pipeline import extract

    def indicators(path: Path) -> list[dict]:
        records = extract(str(path)).records
        return [
            {k: v for k, v in r.items() if k not in ("doc_id", "bbox", "ocr_confidence")}
            for r in records
            if r["type"] == "indicator"
        ]

    want = indicators(TABLE_PDF)
    assert len(want) == 10
    assert indicators(SCANNED / "seed_self_evaluation_scan.pdf") == want
    # Values read by OCR say how sure it was; values from a text layer say nothing.
    scanned = extract(str(SCANNED / "seed_self_evaluation_scan.pdf")).records
    assert all(0 < r["ocr_confidence"] <= 1 for r in scanned if r["type"] == "indicator")
    assert all(r["ocr_confidence"] is None for r in extract(str(TABLE_PDF)).records
               if r["type"] == "indicator")


# ---------------------------------------------------------------------------------------------
# Orientation: content on its side (a landscape table scanned into a portrait page) or upside
# down is turned upright before reading.


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turned_page_reads_upright(rotation: int) -> None:
    import io

    import pypdfium2 as pdfium

    truth = (SCANNED / "smoke_scan.truth.txt").read_text("utf-8").split()
    src = pdfium.PdfDocument((SCANNED / "smoke_scan.pdf").read_bytes())
    src[0].set_rotation(rotation)
    buf = io.BytesIO()
    src.save(buf)
    src.close()
    (page,) = ocr_pages_from_bytes(buf.getvalue(), [0])
    assert ocr_lines(page) == truth
    assert (page.width, page.height) == pytest.approx((360.0, 150.0))
    # /Rotate turns the page clockwise as shown; turning it back is counter-clockwise (rot90 k).
    assert page.turn == {90: 1, 180: 2, 270: -1}[rotation]


def ocr_pages_from_bytes(data: bytes, indexes: list[int]) -> list[Page]:
    doc = open_pdf(data)
    try:
        return [ocr.ocr_page(doc, i) for i in indexes]
    finally:
        doc.close()

"""Text-layer coverage: pages whose text is partly drawn as images go to OCR, pages whose
images are charts or photos beside a full text layer do not."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from conftest import corpus_file

from extractor.sources.coverage import page_coverage, text_layer_incomplete
from extractor.sources.pdf import open_pdf, pdfium_page_to_page

pytest.importorskip("cv2")
ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "tests" / "fixtures" / "scanned"
FONT = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")

LINES = [
    "全年支持412家科技型企业获省研发奖补资金共7000万元，",
    "821家企业获得研发费用加计扣除税收优惠共13.7亿元，",
    "182家高新技术企业获得所得税减免共8.99亿元，推荐",
    "188个项目获得部省科技立项资金12.41亿元。深入推进科",
    "技型企业知识价值信用贷款工作，贷款额度达到3.06亿元。",
] * 4


def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    """A one-page A4 PDF drawn by ``draw(canvas)``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if not FONT.exists():
        pytest.skip("fonts-arphic-gbsn00lp not installed")
    if "CovSong" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CovSong", str(FONT)))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text_lines(c, lines: list[tuple[int, str]]) -> None:  # type: ignore[no-untyped-def]
    c.setFont("CovSong", 15)
    for k, line in lines:
        c.drawString(72, 780 - k * 28, line)


def _picture_of(lines: list[tuple[int, str]]):  # type: ignore[no-untyped-def]
    """The given lines as a full-page picture (what a PDF that draws text as images holds)."""
    from reportlab.lib.utils import ImageReader

    data = _pdf(lambda c: _text_lines(c, lines))
    doc = open_pdf(data)
    try:
        image = doc[0].render(scale=150 / 72).to_pil()
    finally:
        doc.close()
    return ImageReader(image)


def _chart():  # type: ignore[no-untyped-def]
    """A bar chart with short value labels, as a picture."""
    import cv2
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = np.full((400, 800, 3), 255, np.uint8)
    for k, value in enumerate([2518, 2634, 2788, 2952, 3077]):
        x = 60 + k * 150
        top = 380 - value // 10
        cv2.rectangle(img, (x, top), (x + 60, 380), (200, 120, 40), -1)
        cv2.putText(img, str(value), (x, top - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2)
    return ImageReader(Image.fromarray(img))


def _coverage(data: bytes):  # type: ignore[no-untyped-def]
    doc = open_pdf(data)
    try:
        page = pdfium_page_to_page(doc[0], 1)
        return page, page_coverage(doc, 0, page), text_layer_incomplete(doc, 0, page)
    finally:
        doc.close()


def test_text_drawn_as_picture_is_not_covered() -> None:
    numbered = list(enumerate(LINES))
    picture = _picture_of(numbered[3:])

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.drawImage(picture, 0, 0, 595.27, 841.89)
        _text_lines(c, numbered[:3])

    page, cov, incomplete = _coverage(_pdf(draw))
    assert page.images == 1 and len(page.chars) > 60
    assert cov.lines >= 18 and cov.uncovered_lines >= 15
    assert incomplete


def test_full_text_layer_with_a_chart_is_covered() -> None:
    chart = _chart()

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        _text_lines(c, list(enumerate(LINES[:12])))
        c.drawImage(chart, 72, 120, 450, 225)

    page, cov, incomplete = _coverage(_pdf(draw))
    assert page.images == 1
    assert cov.lines >= 10 and cov.uncovered_lines == 0
    assert not incomplete


def test_page_without_images_is_never_flagged() -> None:
    data = (ROOT / "samples" / "zhuzhou-kjj-2022-self-evaluation.pdf").read_bytes()
    page, cov, incomplete = _coverage(data)
    assert page.images == 0 and cov.uncovered_lines == 0 and not incomplete


def test_scanned_page_has_no_text_layer_coverage() -> None:
    page, cov, incomplete = _coverage((SCANNED / "seed_report_scan.pdf").read_bytes())
    assert not page.chars and cov.lines >= 20 and cov.uncovered_share == 1.0 and incomplete


def test_corpus_page_with_text_as_images_is_flagged() -> None:
    path = corpus_file("china-local-debt-atlas/jiangsu_nanjing_2026_budget_report.pdf")
    doc = open_pdf(path.read_bytes())
    try:
        flags = {}
        for index in (1, 30):  # p2: body drawn as images; p31: a plain text page
            page = pdfium_page_to_page(doc[index], index + 1)
            flags[index + 1] = text_layer_incomplete(doc, index, page)
    finally:
        doc.close()
    assert flags == {2: True, 31: False}


def test_corpus_chart_page_is_not_flagged() -> None:
    path = corpus_file("china-local-debt-atlas/xiangtan_2025_statistical_bulletin.pdf")
    doc = open_pdf(path.read_bytes())
    try:
        page = pdfium_page_to_page(doc[1], 2)  # two charts as pictures beside body text
        assert page.images > 0
        assert not text_layer_incomplete(doc, 1, page)
    finally:
        doc.close()


def test_table_pasted_as_picture_under_a_text_caption_is_flagged() -> None:
    from reportlab.lib.utils import ImageReader

    table = open_pdf((ROOT / "tests/fixtures/tables/seed_self_evaluation_lines.pdf").read_bytes())
    try:
        picture = ImageReader(table[0].render(scale=150 / 72).to_pil())
    finally:
        table.close()

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.drawImage(picture, 0, 0, 595.27, 841.89)
        _text_lines(c, [(0, "附件1-3 2022年度项目支出绩效自评表")])

    page, cov, incomplete = _coverage(_pdf(draw))
    assert page.chars and cov.uncovered_lines >= 5 and incomplete

"""OCR stage: normalization rules, line → char boxes, skew and rulings from images, and one
small scanned page read end to end (the fast smoke test). Long OCR runs: test_ocr_slow.py."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from extractor.sources import ocr
from extractor.sources.ocr import OcrLine, apportion, normalize_line, ocr_lines_to_page

SCANNED = Path(__file__).parent / "fixtures" / "scanned"

# ---------------------------------------------------------------------------------------------
# Normalization corpus: OCR output as RapidOCR gives it → the text the report printed.

NORMALIZE_CASES = [
    # half-width brackets in Chinese context
    ("(一)整体支出绩效情况", "（一）整体支出绩效情况"),
    ("产出指标(50分)", "产出指标（50分）"),
    ("标准(试行)的通知", "标准（试行）的通知"),
    ("(2022年)", "（2022年）"),
    ("增长(", "增长（"),
    (")项目支出", "）项目支出"),
    # brackets around Latin/digits only stay half-width
    ("f(x)=1", "f(x)=1"),
    ("(1)", "(1)"),
    # half-width punctuation between Han
    ("市委,市政府", "市委，市政府"),
    ("说明:本表", "说明：本表"),
    ("是否完成?是", "是否完成？是"),
    ("分别为:“三个高地”", "分别为：“三个高地”"),
    ("各位代表:", "各位代表："),
    ("其中,", "其中，"),
    # but never inside or beside numbers
    ("14.2:11.8:74.0", "14.2:11.8:74.0"),
    ("1,234万元", "1,234万元"),
    ("增长3.5%;", "增长3.5%;"),
    # spaces inside numbers
    ("占比8. 53%", "占比8.53%"),
    ("收入335. 3亿元", "收入335.3亿元"),
    ("共1, 234万元", "共1,234万元"),
    ("达到53 %", "达到53%"),
    ("为8 .53", "为8.53"),
    # spaces that separate numbers stay
    ("图1 2025年", "图1 2025年"),
    ("1, 2, 3", "1, 2, 3"),
    # full-width digits and percent from the recogniser
    ("增长８．５３％", "增长8.53%"),
    # page footers, however recognised
    ("—1—", "—1—"),
    ("- 12 -", "—12—"),
    ("一7一", "—7—"),
    ("——3——", "—3—"),
    # a dash line that is not a footer
    ("——2026年1月21日", "——2026年1月21日"),
]


@pytest.mark.parametrize(("raw", "want"), NORMALIZE_CASES, ids=[c[0] for c in NORMALIZE_CASES])
def test_normalize_line(raw: str, want: str) -> None:
    text, _ = normalize_line(raw, None)
    assert text == want


def test_normalize_keeps_spans_aligned_and_closes_number_gaps() -> None:
    # "占比8. 53%" with the recogniser's columns: the gap after "." is closed, the others kept.
    raw = "占比8. 53%"
    spans = [
        (0.0, 10.0),
        (10.0, 20.0),
        (20.0, 25.0),
        (25.0, 27.0),
        (33.0, 38.0),
        (38.0, 43.0),
        (43.0, 50.0),
    ]
    text, out = normalize_line(raw, spans)
    assert text == "占比8.53%"
    assert out is not None and len(out) == len(text)
    assert out[3][1] == out[4][0]  # "." and "5" touch
    assert out[0] == spans[0] and out[-1] == spans[-1]


def test_number_gap_not_closed_across_a_kept_space() -> None:
    spans = [(0.0, 10.0), (10.0, 15.0), (30.0, 35.0), (35.0, 40.0)]
    text, out = normalize_line("图1 20", spans)
    assert text == "图1 20"
    assert out == spans


# ---------------------------------------------------------------------------------------------
# Line boxes → chars


def test_apportion_gives_han_a_full_em_and_ascii_half() -> None:
    spans = apportion("亿元8%", 0.0, 30.0)
    widths = [round(b - a, 6) for a, b in spans]
    assert widths == [10.0, 10.0, 5.0, 5.0]
    # a space takes room but gets no box
    spans = apportion("a b", 0.0, 15.0)
    assert spans == [(0.0, 5.0), (10.0, 15.0)]


def test_ocr_lines_to_page_in_points_with_confidence() -> None:
    scale = 200 / 72
    lines = [
        OcrLine("增长8.53%", (100.0, 200.0, 400.0, 250.0), 0.9),
        OcrLine(
            "亿元",
            (100.0, 300.0, 160.0, 350.0),
            0.6,
            char_boxes=[(100.0, 300.0, 128.0, 350.0), (130.0, 300.0, 160.0, 350.0)],
        ),
    ]
    page = ocr_lines_to_page(lines, 3, 595.0, 842.0, scale)
    assert page.number == 3 and page.origin == "ocr"
    assert "".join(c.text for c in page.chars) == "增长8.53%亿元"
    first = page.chars[0]
    assert first.x0 == pytest.approx(100 / scale) and first.top == pytest.approx(200 / scale)
    assert first.bottom == pytest.approx(250 / scale)
    assert {c.conf for c in page.chars[:7]} == {0.9} and page.chars[-1].conf == 0.6
    # the recogniser's own columns are used when given
    assert page.chars[-2].x1 == pytest.approx(128 / scale)
    # page confidence: mean over chars (7 at 0.9, 2 at 0.6)
    assert page.conf == pytest.approx((7 * 0.9 + 2 * 0.6) / 9)
    # char size is the printed size the box height stands for
    assert first.size == pytest.approx(50 / scale / ocr.BOX_HEIGHT_PER_EM, abs=0.1)


def test_empty_ocr_gives_an_empty_page_without_confidence() -> None:
    page = ocr_lines_to_page([OcrLine("   ", (0, 0, 10, 10), 0.9)], 1, 100.0, 100.0, 1.0)
    assert page.chars == [] and page.conf is None


def test_word_results_that_do_not_match_the_text_are_ignored() -> None:
    box = [[0, 0], [10, 0], [10, 12], [0, 12]]
    assert ocr._word_results_to_boxes((("亿", 0.9, box),), "亿元") is None
    assert ocr._word_results_to_boxes((("亿", 0.9, box), ("元", 0.9, box)), "亿 元") == [
        (0.0, 0.0, 10.0, 12.0),
        (0.0, 0.0, 10.0, 12.0),
    ]
    assert ocr._word_results_to_boxes(None, "亿") is None


def test_vertical_line_stacks_its_chars() -> None:
    # 绩效指标 set one character a line in a narrow cell: one tall OCR box.
    line = OcrLine("绩效指标", (120.0, 1150.0, 160.0, 1270.0), 0.99)
    chars = ocr.ocr_line_to_chars(line, 1.0)
    assert [c.text for c in chars] == list("绩效指标")
    assert [c.top for c in chars] == [1150.0, 1180.0, 1210.0, 1240.0]
    assert all(c.x0 == 120.0 and c.x1 == 160.0 for c in chars)
    # the recogniser's own boxes win when they line up
    boxes = [(122.0, 1156.0 + 28 * k, 163.0, 1184.0 + 28 * k) for k in range(4)]
    line.char_boxes = boxes
    assert [c.top for c in ocr.ocr_line_to_chars(line, 1.0)] == [b[1] for b in boxes]


# ---------------------------------------------------------------------------------------------
# Images: skew and rulings (synthetic images, no OCR engine)

try:
    import cv2
except ImportError:  # the OCR extra brings opencv; without it only the image tests skip
    cv2 = None

needs_cv2 = pytest.mark.skipif(cv2 is None, reason="opencv (OCR extra) not installed")
needs_ocr = pytest.mark.skipif(not ocr.ocr_available(), reason="OCR extra not installed")


def _grid_image(angle: float = 0.0) -> np.ndarray:
    """A white 1000×1400 image with a 4×3 ruled table and some text-like blobs."""
    img = np.full((1400, 1000), 255, np.uint8)
    xs = [100, 300, 600, 900]
    ys = [300, 380, 460, 540, 620]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    for row in range(8):  # lines of "text": short dark dashes a character apart
        for k in range(20):
            x = 100 + k * 40
            y = 800 + row * 60
            cv2.rectangle(img, (x, y), (x + 28, y + 30), 0, 3)
    if angle:
        m = cv2.getRotationMatrix2D((500, 700), angle, 1.0)
        img = cv2.warpAffine(img, m, (1000, 1400), borderValue=255)
    return img


@needs_cv2
@pytest.mark.parametrize("angle", [0.0, 0.5, -1.2])
def test_image_skew_measures_the_turn(angle: float) -> None:
    from extractor.sources.image_rulings import image_skew

    measured = image_skew(_grid_image(angle))
    assert measured == pytest.approx(-angle, abs=0.06)


@needs_cv2
def test_rulings_from_a_straight_grid_in_points() -> None:
    from extractor.sources.image_rulings import image_to_rulings

    scale = 2.0
    rulings = image_to_rulings(_grid_image(), scale)
    hs = sorted(r.top for r in rulings if r.horizontal)
    vs = sorted(r.x0 for r in rulings if not r.horizontal)
    assert hs == pytest.approx([150, 190, 230, 270, 310], abs=1.0)
    assert vs == pytest.approx([50, 150, 300, 450], abs=1.0)
    # text-like strokes are not rulings
    assert all(r.top < 320 for r in rulings)


@needs_cv2
def test_deskewed_grid_gives_the_same_rulings() -> None:
    from extractor.sources.image_rulings import deskew, image_skew, image_to_rulings

    img = _grid_image(0.5)
    straight = deskew(img, image_skew(img))
    rulings = image_to_rulings(straight, 2.0)
    assert len([r for r in rulings if r.horizontal]) == 5
    assert len([r for r in rulings if not r.horizontal]) == 4


@needs_cv2
def test_border_mask_holds_rules_not_glyph_strokes() -> None:
    """A page with a running-header rule and large type: the rule is a ruling whose pixels
    may be whitened before OCR; the glyphs' long vertical strokes are strokes, not borders."""
    from extractor.sources.image_rulings import ink_mask, mask_to_borders

    img = np.full((1400, 1000), 255, np.uint8)
    cv2.line(img, (80, 100), (920, 100), 0, 2)  # header rule across the page
    for k in range(15):  # tall vertical glyph strokes of a 22 pt title
        cv2.line(img, (120 + 50 * k, 300), (120 + 50 * k, 360), 0, 3)
    borders = mask_to_borders(ink_mask(img), 200 / 72)
    assert len(borders.rulings) == 1 and borders.rulings[0][1] == pytest.approx(100, abs=2)
    assert borders.strokes is not None and borders.strokes[330, 120] > 0
    assert borders.borders is not None
    assert borders.borders[100, 500] > 0 and not borders.borders[300:361, :].any()


@needs_cv2
def test_blank_image_has_no_skew_and_no_rulings() -> None:
    from extractor.sources.image_rulings import image_skew, image_to_rulings

    blank = np.full((500, 400), 255, np.uint8)
    assert image_skew(blank) == 0.0
    assert image_to_rulings(blank, 2.0) == []


# ---------------------------------------------------------------------------------------------
# Smoke: one small scanned page through the real engine


def test_ocr_available_says_no_when_a_part_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name)
    )
    assert ocr.ocr_available() is False


@needs_ocr
def test_smoke_scanned_page_reads_exactly() -> None:
    from extractor.sources.pdf import open_pdf

    truth = (SCANNED / "smoke_scan.truth.txt").read_text("utf-8").split()
    doc = open_pdf((SCANNED / "smoke_scan.pdf").read_bytes())
    try:
        page = ocr.ocr_page(doc, 0)
    finally:
        doc.close()
    assert page.number == 1 and page.origin == "ocr"
    assert page.width == pytest.approx(360.0) and page.height == pytest.approx(150.0)
    rows: dict[tuple[float, float], list] = {}
    for c in page.chars:
        rows.setdefault((c.top, c.bottom), []).append(c)
    lines = [
        "".join(c.text for c in sorted(r, key=lambda c: c.x0))
        for _, r in sorted(rows.items(), key=lambda kv: kv[0][0])
    ]
    assert lines == truth
    assert page.conf is not None and page.conf > 0.9
    # boxes lie on the page, in reading order within a line
    assert all(0 <= c.x0 < c.x1 <= 360 and 0 <= c.top < c.bottom <= 150 for c in page.chars)


# ---------------------------------------------------------------------------------------------
# Never raise on text: any recognised line, with or without columns, becomes chars.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_OCR_ALPHABET = st.sampled_from(list("一二三亿元万年（）()，,.;:：%％８5 3-—_　\t“”图表") + ["１"])


@settings(max_examples=300, deadline=None)
@given(st.text(_OCR_ALPHABET, max_size=30), st.booleans())
def test_any_line_becomes_aligned_chars(text: str, with_spans: bool) -> None:
    visible = [ch for ch in text if not ch.isspace()]
    spans = [(10.0 * i, 10.0 * i + 8.0) for i in range(len(visible))] if with_spans else None
    boxes = [(a, 0.0, b, 20.0) for a, b in spans] if spans is not None else None
    line = OcrLine(text, (0.0, 0.0, 10.0 * len(visible) + 1, 20.0), 0.8, char_boxes=boxes)
    chars = ocr.ocr_line_to_chars(line, 2.0)
    out, _ = normalize_line(text, spans)
    assert "".join(c.text for c in chars) == "".join(ch for ch in out if not ch.isspace())
    assert all(c.x0 <= c.x1 and c.conf == 0.8 for c in chars)


def test_low_confidence_reason() -> None:
    from extractor.model import Page

    assert ocr.low_confidence_reason(Page(1, "ocr", conf=0.99)) is None
    assert ocr.low_confidence_reason(Page(1, "text_layer")) is None
    reason = ocr.low_confidence_reason(Page(1, "ocr", conf=0.6))
    assert reason is not None and "0.60" in reason


@needs_ocr
def test_blank_page_gives_an_empty_ocr_page() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from extractor.sources.pdf import open_pdf

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 200))
    c.showPage()
    c.save()
    doc = open_pdf(buf.getvalue())
    try:
        page = ocr.ocr_page(doc, 0)
    finally:
        doc.close()
    assert page.origin == "ocr" and page.chars == [] and page.conf is None and page.rulings == []

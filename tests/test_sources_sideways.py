"""Text layers set on their side are read turned upright (extractor/sources/sideways.py)."""

from __future__ import annotations

import io

import pytest
from conftest import corpus_file, corpus_pages, pdf_pages

from extractor.layout.lines import chars_to_lines
from extractor.layout.tables import grids_to_tables, page_to_tables


def _sideways_pdf(angle: int) -> bytes:
    """A portrait page holding one line of text and a rule under it, both turned ``angle``
    degrees counter-clockwise about the page's centre (synthetic: every sideways page of the
    corpus reads bottom to top)."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(400, 600), invariant=1)
    canvas.translate(200, 300)
    canvas.rotate(angle)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(-100, 0, "TOTAL 1234")
    canvas.line(-100, -4, 100, -4)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


# Turned counter-clockwise, a line reads bottom to top and the page turns back clockwise (-1).
@pytest.mark.parametrize(("angle", "turn"), [(90, -1), (270, 1), (0, 0)])
def test_a_sideways_line_reads_across_the_turned_page(angle: int, turn: int) -> None:
    (page,) = pdf_pages(_sideways_pdf(angle), [1])
    assert page.turn == turn
    assert (page.width, page.height) == ((600, 400) if turn else (400, 600))
    (line,) = chars_to_lines(page)
    assert line.text == "TOTAL 1234"
    assert all(a.x0 < b.x0 for a, b in zip(line.chars, line.chars[1:], strict=False))
    (rule,) = page.rulings
    assert rule.horizontal and rule.bottom - line.bbox[3] < 6  # the rule still underlines it


def test_sideways_table_pages_of_a_real_report() -> None:
    # 银川 2025 p. 68: 全口径收支平衡表 set at 270° on a portrait page; its page number "- 62 -"
    # stands upright in the portrait frame and is left out.
    (page,) = corpus_pages("china-local-debt-atlas/yinchuan_2025_tables.pdf", 68)
    assert page.turn == -1 and page.width > page.height
    assert "62" not in "".join(c.text for c in page.chars if c.top > page.height - 40)
    (table,) = grids_to_tables([page_to_tables(page)])
    rows = table.text_rows()
    assert rows[0][:4] == ["科目编码", "预算科目", "全市", "本级"]
    assert ["110", "转移性收入", "2,286,828", "1,346,422"] == rows[2][:4]
    assert ["23009", "年终结余", "356,940", "65,148"] == rows[6][4:]


def test_the_document_record_lists_turned_pages() -> None:
    from extractor import extract

    path = corpus_file("china-local-debt-atlas/yinchuan_2025_tables.pdf")
    doc = extract(str(path)).records[0]
    turned = doc["turned_pages"]
    assert {"page": 68, "clockwise": 90, "width": 842.0, "height": 595.22} in turned
    assert len(turned) == 48 and {t["clockwise"] for t in turned} == {90}


def test_a_page_number_at_another_angle_than_a_rotated_page_is_left_out() -> None:
    # 广东 2024 p. 45 is turned by /Rotate 270; its page number —45— is drawn at another angle
    # and, read with the page, fell into the prose as single characters (人民政—府, 第十4六条).
    (page,) = corpus_pages("china-local-debt-atlas/guangdong_2024.pdf", 45)
    assert page.turn == 0 and "—" not in {c.text for c in page.chars}
    assert "由广东省人民政府按照程序提请" in "".join(c.text for c in page.chars)


@pytest.mark.parametrize("slant", [45, 60])
def test_a_slanted_watermark_does_not_turn_the_page(slant: int) -> None:
    # Synthetic: a diagonal watermark with more glyphs than the page's text.
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(400, 600), invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(50, 500, "TOTAL 1234")
    canvas.saveState()
    canvas.translate(200, 300)
    canvas.rotate(slant)
    canvas.drawString(-150, 0, "DRAFT COPY " * 6)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    (page,) = pdf_pages(buf.getvalue(), [1])
    assert page.turn == 0 and (page.width, page.height) == (400, 600)

"""A truncated PDF read in part: real corpus PDFs cut short here, and the two the corpus holds."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, corpus_file

from extractor.pipeline import extract
from extractor.sources.pdf_salvage import entry, truncated_pdf_to_salvage

DOCS = ROOT / "tests" / "fixtures" / "docs"


def page_texts(data: bytes) -> list[str]:
    """Each page's characters, sorted: pdfium may order the runs of a page rebuilt under a new
    catalog otherwise (the pipeline orders characters by their boxes anyway)."""
    doc = pdfium.PdfDocument(data)
    try:
        return ["".join(sorted(doc[i].get_textpage().get_text_range())) for i in range(len(doc))]
    finally:
        doc.close()


def in_order_within(part: list[str], whole: list[str]) -> bool:
    """``part`` is a subsequence of ``whole``: each page one of the whole file's, in order."""
    at = 0
    for text in part:
        try:
            at = whole.index(text, at) + 1
        except ValueError:
            return False
    return True


@pytest.mark.parametrize(
    ("relpath", "kept", "at_least"),
    [
        # object streams: the pages and fonts packed in them are unpacked
        ("china-local-debt-atlas/shijiazhuang_2018_budget_report.pdf", 0.9, 30),
        ("china-local-debt-atlas/jiangsu_2018.pdf", 0.9, 18),
        # the page tree's root is lost but its inner nodes say the order
        ("china-local-debt-atlas/hebei_2021.pdf", 0.9, 110),
        ("govbudgetchecker-shanghai-putuo/unit_budget.pdf", 0.9, 20),
        ("china-local-debt-atlas/weihai_2025_budget_execution_report.pdf", 0.5, 20),
    ],
)
def test_a_cut_pdf_keeps_its_whole_pages_with_their_text_in_order(relpath, kept, at_least):
    data = corpus_file(relpath).read_bytes()
    cut = data[: int(len(data) * kept)]
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(cut)  # pdfium alone reads nothing of it
    salvage = truncated_pdf_to_salvage(cut)
    assert salvage is not None and salvage.pages >= at_least
    whole, part = page_texts(data), page_texts(salvage.data)
    assert len(part) == salvage.pages
    assert in_order_within(part, whole)


def test_a_page_whose_font_was_cut_off_is_left_out():
    # 焦作 2025 统计公报 writes its fonts last: cut at 90 %, every page has lost one.
    data = corpus_file("china-local-debt-atlas/jiaozuo_2025_statistical_bulletin.pdf").read_bytes()
    assert truncated_pdf_to_salvage(data[: int(len(data) * 0.9)]) is None


def test_a_cut_pdf_pdfium_still_opens_is_read_with_a_warning(tmp_path):
    # Linearized: pdfium finds every page from the first-page cross-reference at the start.
    data = corpus_file("tianbaoxitong-shanghai-budget/上海市财政局25年预算.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * 0.9)])
    doc, *_ = extract(str(cut)).records
    assert doc["type"] == "document" and doc["pages"] == 21
    (warning,) = [w for w in doc["warnings"] if w["code"] == "truncated_pdf"]
    assert "pdfium read 21 pages from what is there" in warning["message"]


def test_no_whole_page_before_the_cut_stays_an_error():
    (record,) = extract(str(DOCS / "truncated.pdf")).records
    assert record["type"] == "error"
    assert record["message"].endswith("fetch it again (no whole page precedes the cut)")


@pytest.mark.parametrize(
    ("relpath", "pages", "text"),
    [
        ("china-local-debt-atlas/fujian_2025.pdf", 87, "2026年度全省一般公共预算收入预算表"),
        (
            "china-local-debt-atlas/shijiazhuang_2025_budget_report.pdf",
            66,
            "关于石家庄市2025年预算执行情况和",
        ),
    ],
)
def test_the_corpus_truncated_pdfs_are_read_in_part_with_a_warning(relpath, pages, text):
    doc, *records = extract(str(corpus_file(relpath))).records
    assert doc["type"] == "document" and doc["pages"] == pages
    (warning,) = [w for w in doc["warnings"] if w["code"] == "truncated_pdf"]
    assert f"the {pages} whole pages found before the cut" in warning["message"]
    assert "fetch the file again" in warning["message"]
    assert any(text in r.get("text", "") for r in records if r["type"] == "section")


@pytest.mark.parametrize(
    ("dictionary", "key", "value"),
    [
        (b"<</Type/Page/Parent 5 0 R /Contents 25 0 R>>", b"/Parent", b"5 0 R"),
        (
            b"<</Resources<</Font<</F1 3 0 R>>>>/MediaBox[0 0 595 842]>>",
            b"/Resources",
            b"<</Font<</F1 3 0 R>>>>",
        ),
        (b"<</MediaBox [ 0 0 595.3 841.9]/Rotate 90>>", b"/MediaBox", b"[ 0 0 595.3 841.9]"),
        (b"<</MediaBox [ 0 0 595.3 841.9]/Rotate 90>>", b"/Rotate", b"90"),
        (b"<</Type/Pages/Count 2>>", b"/Contents", None),
    ],
)
def test_entry_reads_a_raw_dictionary_value(dictionary, key, value):
    assert entry(dictionary, key) == value

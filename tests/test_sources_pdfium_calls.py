"""The address-typed pdfium calls (extractor/sources/pdfium_calls.py) answer exactly as
pypdfium2's checked bindings do, on a real ruled table page."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from conftest import corpus_file

from extractor.sources import pdfium_calls as calls

# A 绩效目标表 page: ruled cells, Han and digits, bold headers.
DONGGUAN = "china-local-debt-atlas/dongguan_2025_budget_report.pdf"
PAGE = 149


def _page() -> tuple[pdfium.PdfDocument, pdfium.PdfPage]:
    doc = pdfium.PdfDocument(corpus_file(DONGGUAN).read_bytes())
    return doc, doc[PAGE - 1]


def test_glyph_calls_match_the_checked_bindings() -> None:
    doc, page = _page()
    textpage = page.get_textpage()
    raw, address = textpage.raw, calls.address(textpage.raw)
    checked, plain = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    count = pdfium_c.FPDFText_CountChars(raw)
    assert count > 500
    for i in range(count):
        assert calls.get_unicode(address, i) == pdfium_c.FPDFText_GetUnicode(raw, i)
        assert calls.get_font_weight(address, i) == pdfium_c.FPDFText_GetFontWeight(raw, i)
        assert calls.get_char_angle(address, i) == pdfium_c.FPDFText_GetCharAngle(raw, i)
        found = pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(checked))
        assert calls.get_loose_char_box(address, i, ctypes.addressof(plain)) == found
        assert bytes(plain) == bytes(checked)
    textpage.close()
    doc.close()


def test_object_and_path_calls_match_the_checked_bindings() -> None:
    doc, page = _page()
    raw, address = page.raw, calls.address(page.raw)
    count = pdfium_c.FPDFPage_CountObjects(raw)
    assert calls.count_objects(address) == count
    floats = [ctypes.c_float() for _ in range(8)]
    segments = 0
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        plain = calls.get_object(address, i)
        assert plain == calls.address(obj)
        assert calls.get_type(plain) == pdfium_c.FPDFPageObj_GetType(obj)
        pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(f) for f in floats[:4]))
        calls.get_bounds(plain, *(ctypes.addressof(f) for f in floats[4:]))
        assert [f.value for f in floats[:4]] == [f.value for f in floats[4:]]
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        assert calls.count_segments(plain) == pdfium_c.FPDFPath_CountSegments(obj)
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            plain_seg = calls.get_segment(plain, k)
            assert plain_seg == calls.address(seg)
            assert calls.segment_type(plain_seg) == pdfium_c.FPDFPathSegment_GetType(seg)
            assert calls.segment_close(plain_seg) == pdfium_c.FPDFPathSegment_GetClose(seg)
            pdfium_c.FPDFPathSegment_GetPoint(seg, *(ctypes.byref(f) for f in floats[:2]))
            calls.segment_point(plain_seg, *(ctypes.addressof(f) for f in floats[2:4]))
            assert [f.value for f in floats[:2]] == [f.value for f in floats[2:4]]
            segments += 1
    assert segments > 100  # the page's cell borders were compared
    page.close()
    doc.close()

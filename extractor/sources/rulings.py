"""Table rulings from a PDF page's vector paths.

Borders come either as stroked line segments or as thin filled rectangles (what Word/WPS
export). Both are reduced to axis-aligned ``Ruling`` segments here; the table finder never
needs to know which one the PDF drew.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.model import Ruling

# A filled rectangle thinner than this (points) is a drawn line, not a shaded area.
THIN = 2.5
# Segments within this many points of axis-aligned count as horizontal/vertical.
SKEW = 1.0
# Shorter segments are glyph-like strokes (underlines of single chars, bullets), not borders.
MIN_LENGTH = 4.0


def page_to_rulings(page: pdfium.PdfPage, height: float) -> tuple[list[Ruling], int]:
    """Rulings in top-left coordinates and the number of image objects on the page."""
    rulings: list[Ruling] = []
    images = 0
    for obj in page.get_objects(
        filter=(pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE), max_depth=4
    ):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        rulings.extend(path_to_rulings(obj, height))
    return rulings, images


def path_to_rulings(obj: pdfium.PdfObject, height: float) -> list[Ruling]:
    left, bottom, right, top = obj.get_bounds()
    w, h = right - left, top - bottom
    if w < MIN_LENGTH and h < MIN_LENGTH:
        return []
    # Thin box: a line drawn as a filled rectangle or a short stroked segment; its centre line.
    if h <= THIN:
        y = height - (top + bottom) / 2
        return [Ruling(left, y, right, y)]
    if w <= THIN:
        x = (left + right) / 2
        return [Ruling(x, height - top, x, height - bottom)]
    return _segments_to_rulings(obj, height)


def _segments_to_rulings(obj: pdfium.PdfObject, height: float) -> list[Ruling]:
    """Axis-aligned edges of a larger path (a stroked cell grid, a stroked rectangle)."""
    raw = obj.raw
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    if pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        if not stroke.value:
            return []  # a filled area (shading, a coloured header band) has no borders
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw, ctypes.byref(matrix)):
        return []
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x = ctypes.c_float()
    y = ctypes.c_float()
    out: list[Ruling] = []
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_segment(out, prev, point, height)
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_segment(out, point, start, height)
    return out


def _add_segment(
    out: list[Ruling], p: tuple[float, float], q: tuple[float, float], height: float
) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= SKEW and abs(x1 - x0) >= MIN_LENGTH:
        y = height - (y0 + y1) / 2
        out.append(Ruling(min(x0, x1), y, max(x0, x1), y))
    elif abs(x0 - x1) <= SKEW and abs(y1 - y0) >= MIN_LENGTH:
        x = (x0 + x1) / 2
        out.append(Ruling(x, height - max(y0, y1), x, height - min(y0, y1)))

"""Table rulings from a PDF page's vector paths.

Borders come either as stroked line segments or as thin filled rectangles (what Word/WPS
export). Both are reduced to axis-aligned ``Ruling`` segments here; the table finder never
needs to know which one the PDF drew.

The page's objects are walked with pdfium's raw handles, as plain addresses
(sources/pdfium_calls.py): a table page holds thousands of path objects, and wrapping each in a
Python helper object cost more than reading the text.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.model import Ruling
from extractor.sources import pdfium_calls as calls

# A filled rectangle thinner than this (points) is a drawn line, not a shaded area.
THIN = 2.5
# Segments within this many points of axis-aligned count as horizontal/vertical.
SKEW = 1.0
# Shorter segments are glyph-like strokes (underlines of single chars, bullets), not borders.
MIN_LENGTH = 4.0
# Form XObjects nest; deeper nesting than this is not how tables are drawn.
MAX_DEPTH = 4

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def page_to_rulings(page: pdfium.PdfPage, height: float) -> tuple[list[Ruling], int]:
    """Rulings in top-left coordinates and the number of image objects on the page."""
    raw = calls.address(page.raw)
    get_object = calls.get_object
    handles = [get_object(raw, i) for i in range(calls.count_objects(raw))]
    walker = _Walker(height)
    walker.walk(handles, IDENTITY, 0)
    return walker.rulings, walker.images


class _Walker:
    def __init__(self, height: float) -> None:
        self.height = height
        self.rulings: list[Ruling] = []
        self.images = 0
        self._l = ctypes.c_float()
        self._b = ctypes.c_float()
        self._r = ctypes.c_float()
        self._t = ctypes.c_float()
        # ctypes out-parameters made once per page, not once per path object.
        self._bounds = tuple(ctypes.addressof(v) for v in (self._l, self._b, self._r, self._t))
        self._color = _ColorProbe()

    def walk(self, handles: list[int], matrix: Matrix, depth: int) -> None:
        # Locals: this loop runs once per page object, thousands of times on a table page.
        get_type = calls.get_type
        path, image, form = (
            pdfium_c.FPDF_PAGEOBJ_PATH,
            pdfium_c.FPDF_PAGEOBJ_IMAGE,
            pdfium_c.FPDF_PAGEOBJ_FORM,
        )
        for obj in handles:
            kind = get_type(obj)
            if kind == path:
                self._path(obj, matrix)
            elif kind == image:
                self.images += 1
            elif kind == form and depth < MAX_DEPTH:
                inner = _compose(_obj_matrix(obj), matrix)
                count = calls.form_count_objects(obj)
                self.walk([calls.form_get_object(obj, i) for i in range(count)], inner, depth + 1)

    def _path(self, obj: int, matrix: Matrix) -> None:
        if not calls.get_bounds(obj, *self._bounds):
            return
        if matrix is IDENTITY:  # a path on the page itself, not inside a form
            x0, y0, x1, y1 = self._l.value, self._b.value, self._r.value, self._t.value
        else:
            x0, y0 = _apply(matrix, self._l.value, self._b.value)
            x1, y1 = _apply(matrix, self._r.value, self._t.value)
        left, right = min(x0, x1), max(x0, x1)
        bottom, top = min(y0, y1), max(y0, y1)
        w, h = right - left, top - bottom
        if w < MIN_LENGTH and h < MIN_LENGTH:
            return
        height = self.height
        if (h <= THIN or w <= THIN) and not self._color.visible(obj):
            return
        # Thin box: a line drawn as a filled rectangle or a short stroked segment; its centre.
        if h <= THIN:
            y = height - (top + bottom) / 2
            self.rulings.append(Ruling(left, y, right, y))
        elif w <= THIN:
            x = (left + right) / 2
            self.rulings.append(Ruling(x, height - top, x, height - bottom))
        else:
            self.rulings.extend(_segments_to_rulings(obj, matrix, height, self._color))


# A colour this close to white (0-255 per channel) does not show on paper: white lines are
# drawn to hide borders (a "no border" cell over a ruled grid), not to separate cells.
WHITE = 245


class _ColorProbe:
    """Whether a path paints in a visible colour: its stroke when stroked, else its fill.
    Paths neither stroked nor filled (clipping paths) draw nothing. The ctypes out-parameters
    are reused across calls."""

    def __init__(self) -> None:
        self.fill_mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.mode_refs = (ctypes.addressof(self.fill_mode), ctypes.addressof(self.stroke))
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.rgba_refs = tuple(ctypes.addressof(v) for v in self.rgba)

    def visible(self, obj: int) -> bool:
        if not calls.get_draw_mode(obj, *self.mode_refs):
            return True
        stroke = self.stroke.value
        if not stroke and not self.fill_mode.value:
            return False
        get = calls.get_stroke_color if stroke else calls.get_fill_color
        if not get(obj, *self.rgba_refs):
            return True
        r, g, b, a = (v.value for v in self.rgba)
        if a == 0:
            return False
        return not (r >= WHITE and g >= WHITE and b >= WHITE)


def _obj_matrix(obj: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not calls.get_matrix(obj, ctypes.addressof(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _segments_to_rulings(
    obj: int, outer: Matrix, height: float, color: _ColorProbe
) -> list[Ruling]:
    """Axis-aligned edges of a larger path (a stroked cell grid, a stroked rectangle)."""
    if calls.get_draw_mode(obj, *color.mode_refs):
        if not color.stroke.value:
            return []  # a filled area (shading, a coloured header band) has no borders
        if not color.visible(obj):
            return []
    matrix = _compose(_obj_matrix(obj), outer)
    x = ctypes.c_float()
    y = ctypes.c_float()
    x_p, y_p = ctypes.addressof(x), ctypes.addressof(y)
    out: list[Ruling] = []
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(calls.count_segments(obj)):
        seg = calls.get_segment(obj, i)
        calls.segment_point(seg, x_p, y_p)
        point = _apply(matrix, x.value, y.value)
        kind = calls.segment_type(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_segment(out, prev, point, height)
        prev = point
        if calls.segment_close(seg) and start is not None:
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

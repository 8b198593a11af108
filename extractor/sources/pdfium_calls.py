"""pdfium's per-glyph and per-object C functions, called with plain addresses.

pypdfium2's raw bindings type every handle as a pointer to its own struct, and ctypes checks
and converts each such argument on every call. Reading a page calls pdfium once or twice per
glyph and per page object (millions of calls on the corpus), and half of each call's cost was
that check. The functions here are the same C entry points with every pointer argument and
result declared ``c_void_p``: handles travel as ints (``address(handle)``), out-parameters as
``ctypes.addressof(buffer)``. A NULL result comes back as ``None``.

Only hot loops use these; everything else keeps pypdfium2's checked bindings.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


def address(handle: Any) -> int:
    """The address a pypdfium2 handle (a typed ctypes pointer) points at."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _plain(kind: Any) -> Any:
    return ctypes.c_void_p if isinstance(kind, type) and issubclass(kind, ctypes._Pointer) else kind


def _by_address(func: Any) -> Any:
    """``func`` with its pointer argument and result types replaced by ``c_void_p``. The
    other types (ints, floats) are read from pypdfium2's binding, so they follow its version."""
    prototype = ctypes.CFUNCTYPE(_plain(func.restype), *(_plain(t) for t in func.argtypes))
    return prototype(address(func))


# Text page: (textpage, index, ...)
get_loose_char_box = _by_address(pdfium_c.FPDFText_GetLooseCharBox)
get_font_weight = _by_address(pdfium_c.FPDFText_GetFontWeight)
get_char_angle = _by_address(pdfium_c.FPDFText_GetCharAngle)
get_unicode = _by_address(pdfium_c.FPDFText_GetUnicode)

# Page objects: (page, index) → object; (object, ...)
count_objects = _by_address(pdfium_c.FPDFPage_CountObjects)
get_object = _by_address(pdfium_c.FPDFPage_GetObject)
get_type = _by_address(pdfium_c.FPDFPageObj_GetType)
get_bounds = _by_address(pdfium_c.FPDFPageObj_GetBounds)
get_matrix = _by_address(pdfium_c.FPDFPageObj_GetMatrix)
get_draw_mode = _by_address(pdfium_c.FPDFPath_GetDrawMode)
get_stroke_color = _by_address(pdfium_c.FPDFPageObj_GetStrokeColor)
get_fill_color = _by_address(pdfium_c.FPDFPageObj_GetFillColor)
form_count_objects = _by_address(pdfium_c.FPDFFormObj_CountObjects)
form_get_object = _by_address(pdfium_c.FPDFFormObj_GetObject)

# Path segments: (path, index) → segment; (segment, ...)
count_segments = _by_address(pdfium_c.FPDFPath_CountSegments)
get_segment = _by_address(pdfium_c.FPDFPath_GetPathSegment)
segment_point = _by_address(pdfium_c.FPDFPathSegment_GetPoint)
segment_type = _by_address(pdfium_c.FPDFPathSegment_GetType)
segment_close = _by_address(pdfium_c.FPDFPathSegment_GetClose)

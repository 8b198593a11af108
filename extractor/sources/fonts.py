"""pdfium's fonts: the bundled CJK fallback font, and no other, for fonts a PDF does not embed.

A PDF may name a Chinese font without embedding it (taian_2025's table titles are set in
FZXBSJW--GB1-0, 方正小标宋, drawn from the reader's own fonts). pdfium then substitutes one of the
machine's fonts, and what it reads depends on which there are: with no Chinese font installed (a
fresh server, CI) the glyphs have empty boxes, and a character drawn as a text object of its own
has no width, so pdfium leaves it out of the text — the 表 of every "…草案表" title, the ） of
（代编）, a 2 opening a title, a ， in a note. The corpus gave 1,887 tables on a machine without
Chinese fonts and 1,889 on one with them.

So pdfium is started with the bundled font directory as its only font path:
``data/fonts/govextract-cjk-fallback.ttf`` (made by ``scripts/make_fallback_font``) maps every CJK,
full-width and Latin-1 code point to a glyph whose outline spans the em box and encloses no area.
Each character gets its box and stays in the text; a rendered page shows nothing where it
stands. The same substitute on every machine makes the output the same everywhere. Latin fonts a
PDF does not embed get pdfium's built-in ones, as on a machine without fonts.
"""

from __future__ import annotations

import ctypes
from importlib import resources

import pypdfium2.raw as pdfium_c

FONT_DIR = str(resources.files("extractor") / "data" / "fonts")

# The font directory pdfium was last started with, and its path array: pdfium keeps the
# pointers, so the array must live on.
_started_with: list[tuple[str, ctypes.Array[ctypes.c_char_p]]] = []


def use_bundled_fonts() -> bool:
    """Restart pdfium with the bundled fonts as its only font path, once per process; True when
    it runs with them. Skipped (False) while any pypdfium2 object is open, since restarting the
    library would free it under its owner: then the machine's fonts stay in use."""
    started = bool(_started_with) and _started_with[0][0] == FONT_DIR
    return started or restart_pdfium(FONT_DIR)


def restart_pdfium(font_dir: str) -> bool:
    """Restart pdfium with ``font_dir`` as its only font path (False, and no restart, while a
    pypdfium2 object is open). pypdfium2 started it on import with the system's font paths, and
    pdfium reads them only when it starts; pypdfium2's exit handler destroys it as before."""
    if _open_objects():
        return False
    paths = (ctypes.c_char_p * 2)(font_dir.encode(), None)
    field = dict(pdfium_c.FPDF_LIBRARY_CONFIG._fields_)["m_pUserFontPaths"]
    config = pdfium_c.FPDF_LIBRARY_CONFIG(
        version=2,
        m_pUserFontPaths=ctypes.cast(paths, field),
        m_pIsolate=None,
        m_v8EmbedderSlot=0,
    )
    pdfium_c.FPDF_DestroyLibrary()
    pdfium_c.FPDF_InitLibraryWithConfig(config)
    _started_with[:] = [(font_dir, paths)]
    return True


def _open_objects() -> bool:
    """Whether pypdfium2 tracks any open document, page or other object (unknown counts as
    open: restarting under an open document would crash the process)."""
    try:
        from pypdfium2.internal import bases

        return any(wref() is not None for wrefs in bases.ObjectTracker.values() for wref in wrefs)
    except Exception:  # pypdfium2 moved its tracker: be safe, keep the machine's fonts
        return True

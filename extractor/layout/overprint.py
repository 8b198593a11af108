"""Glyphs a PDF draws twice, a little apart, read once.

Word processors and PDF printers make "bold" from a regular font by drawing the text a second
time a fraction of a point to the side. The text layer then holds every glyph twice, and a line
read from it doubles each character: xinjiang_2024_budget_report.pdf p. 36 titles a table
对各各地地转转移移支支付付… (the second stroke 2.35 pt right of the first, in 14 pt type).
Two copies of one glyph that overlap by most of their width on one baseline are one glyph:
real text never sets a character on top of itself, and the next character of a line starts a
whole width further on.

The check runs where a line's glyphs are already in x order (layout.lines, and the cell text of
layout.tables_text): a copy is then right after its glyph, and one comparison of texts per glyph
is all it costs.
"""

from __future__ import annotations

from extractor.model import Char

# Copies at most this far apart (share of the glyph's width, and of its height vertically)
# are one glyph.
GHOST_SHIFT = 0.3


def is_ghost(prev: Char, char: Char) -> bool:
    """``char`` (next in x order) is ``prev`` drawn again nearly in place."""
    return (
        char.text == prev.text
        and char.x0 - prev.x0 <= GHOST_SHIFT * (prev.x1 - prev.x0)
        and abs(char.top - prev.top) <= GHOST_SHIFT * (prev.bottom - prev.top)
    )


def drop_ghosts(line: list[Char]) -> list[Char]:
    """A line's glyphs (sorted by x) without the copies drawn nearly in place."""
    out = line[:1]
    for char in line[1:]:
        if not is_ghost(out[-1], char):
            out.append(char)
    return out

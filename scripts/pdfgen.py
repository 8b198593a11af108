"""Drawing helpers for generated test documents that look like Chinese report pages.

Used at generation time only (``scripts/make_fixtures`` and other fixture scripts). The fonts
are looked up on this machine when a document is written; every PDF embeds subsets of them,
so nothing that reads the committed PDFs needs the fonts installed.

Output is deterministic: canvases are made with reportlab's ``invariant=1`` (fixed dates and
document id), so regenerating a fixture gives the same bytes with the same fonts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

Align = Literal["left", "center", "right", "justify"]

# ---------------------------------------------------------------------------------------------
# Fonts

# Debian packages named so a missing font can be fixed with one apt-get line. Debian has no
# Simplified-Chinese 仿宋 (fonts-cwtex-fs lacks 189 of the seed's characters), so 宋体 stands in
# for the body text that real reports set in 仿宋_GB2312.
FONT_FILES: dict[str, tuple[str, str, int]] = {
    # role: (file name, Debian package, index inside a .ttc collection)
    "song": ("gbsn00lp.ttf", "fonts-arphic-gbsn00lp", 0),  # AR PL SungtiL GB, a 宋体
    "hei": ("wqy-zenhei.ttc", "fonts-wqy-zenhei", 0),  # WenQuanYi Zen Hei, a 黑体
}

FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)


class FontMissing(RuntimeError):
    """A font the generator needs is not installed."""


@dataclass(frozen=True)
class Fonts:
    """reportlab names of the registered fonts."""

    song: str = "GovSong"
    hei: str = "GovHei"


def find_font_file(filename: str, package: str) -> Path:
    """Path of an installed font file; ``GOVEXTRACT_FONT_DIR`` is searched first."""
    dirs = [os.environ.get("GOVEXTRACT_FONT_DIR", ""), *FONT_DIRS]
    for d in dirs:
        if not d:
            continue
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for hit in sorted(root.rglob(filename)):
            return hit
    raise FontMissing(
        f"font file {filename} not found under {', '.join(FONT_DIRS)}; "
        f"install it with: apt-get install -y {package} (or set GOVEXTRACT_FONT_DIR)"
    )


def register_fonts(fonts: Fonts | None = None) -> Fonts:
    """Register the 宋体 and 黑体 fonts with reportlab (idempotent) and return their names."""
    fonts = fonts or Fonts()
    for role, name in (("song", fonts.song), ("hei", fonts.hei)):
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        filename, package, index = FONT_FILES[role]
        path = find_font_file(filename, package)
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    return fonts


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# ---------------------------------------------------------------------------------------------
# Line breaking (the CJK way: any Han character may end a line, Latin words and numbers may not
# be split, and 禁则 keeps closing punctuation off a line start and opening punctuation off a
# line end)

NO_LINE_START = set("，。、；：？！）》」』】〕”’,.;:?!)]}…·")
NO_LINE_END = set("（《「『【〔“‘([{")
# Characters that glue into one unbreakable word, as in 1164.45, 28.8%, 550kW, QDR280, 2/3.
WORD_CHARS = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.%/+-_&'")


def text_to_units(text: str) -> list[str]:
    """Split text into pieces a line may break between: ASCII words, spaces, single chars."""
    units: list[str] = []
    for ch in text:
        if units and ch in WORD_CHARS and units[-1][-1] in WORD_CHARS:
            units[-1] += ch
        else:
            units.append(ch)
    return units


def wrap_text(
    text: str, font: str, size: float, width: float, first_indent: float = 0.0
) -> list[str]:
    """Greedy line breaking; the first line is ``first_indent`` points narrower.

    Closing punctuation that would start a line is kept on the line before, which may then
    overflow by one character: justification squeezes it back, as word processors do.
    Spaces at a break are dropped.
    """
    lines: list[list[str]] = [[]]
    used = first_indent
    for unit in text_to_units(text):
        w = text_width(unit, font, size)
        line = lines[-1]
        if unit == " " and not line:
            continue
        if used + w <= width + 0.01 or not line or unit in NO_LINE_START:
            line.append(unit)
            used += w
            continue
        carried: list[str] = []
        while line and line[-1] in NO_LINE_END:
            carried.insert(0, line.pop())
        while line and line[-1] == " ":
            line.pop()
        if unit == " ":
            unit, w = "", 0.0
        lines.append([*carried, unit] if unit else carried)
        used = sum(text_width(u, font, size) for u in lines[-1])
    return ["".join(line).rstrip(" ") for line in lines if line]


# ---------------------------------------------------------------------------------------------
# Pages


@dataclass
class PageStyle:
    """Geometry and furniture of a report page (A4, 16 pt body like GB/T 9704 documents)."""

    page_size: tuple[float, float] = A4
    left: float = 79.0  # 28 mm
    right: float = 79.0
    top: float = 100.0
    bottom: float = 90.0
    body_font: str = "GovSong"
    body_size: float = 16.0
    leading: float = 28.0
    header: str = ""  # running header, drawn above a thin rule
    header_font: str = "GovSong"
    header_size: float = 10.5
    footer: Callable[[int], str] | None = None  # page number -> footer text
    footer_align: Callable[[int], Align] = field(default=lambda n: "center")
    footer_font: str = "GovSong"
    footer_size: float = 14.0
    furniture_from_page: int = 1  # pages before this one (a cover) get no header or footer

    @property
    def text_width(self) -> float:
        return self.page_size[0] - self.left - self.right


def new_canvas(
    target: str | Path | BinaryIO,
    *,
    title: str = "",
    author: str = "",
    encrypt: object | None = None,
    page_size: tuple[float, float] = A4,
) -> Canvas:
    """A reportlab canvas with fixed dates and id, so output is reproducible."""
    c = Canvas(
        target if not isinstance(target, Path) else str(target),
        pagesize=page_size,
        invariant=1,
        encrypt=encrypt,
        pageCompression=1,
    )
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("govextract scripts/make_fixtures (reportlab)")
    return c


def draw_line(
    c: Canvas,
    text: str,
    x: float,
    baseline: float,
    width: float,
    font: str,
    size: float,
    align: Align = "left",
) -> None:
    """Draw one line in reportlab coordinates (y up); ``justify`` spreads it over ``width``."""
    natural = text_width(text, font, size)
    t = c.beginText()
    t.setFont(font, size)
    if align == "center":
        x += (width - natural) / 2
    elif align == "right":
        x += width - natural
    elif align == "justify" and len(text) > 1:
        t.setCharSpace((width - natural) / (len(text) - 1))
    t.setTextOrigin(x, baseline)
    t.textOut(text)
    c.drawText(t)


class ReportWriter:
    """Flows headings and paragraphs down pages, adding running header and footer per page.

    Positions are tracked as the baseline of the next line, in reportlab's y-up coordinates.
    """

    def __init__(self, canvas: Canvas, style: PageStyle) -> None:
        self.c = canvas
        self.style = style
        self.page_no = 1
        self.y = self._top_baseline()
        self._page_has_content = False
        self._draw_header()

    # -- page furniture -----------------------------------------------------------------------
    def _top_baseline(self) -> float:
        return self.style.page_size[1] - self.style.top - self.style.body_size

    def _has_furniture(self) -> bool:
        return self.page_no >= self.style.furniture_from_page

    def _draw_header(self) -> None:
        # Drawn when a page starts, so the header comes first in the text layer as it does in
        # word-processor exports.
        s = self.style
        if not (s.header and self._has_furniture()):
            return
        base = s.page_size[1] - s.top + 28
        draw_line(
            self.c, s.header, s.left, base, s.text_width, s.header_font, s.header_size, "center"
        )
        self.c.setLineWidth(0.5)
        self.c.line(s.left, base - 5, s.page_size[0] - s.right, base - 5)

    def _draw_footer(self) -> None:
        s = self.style
        if not (s.footer and self._has_furniture()):
            return
        align = s.footer_align(self.page_no)
        # 单页码居右空一字，双页码居左空一字 (GB/T 9704): keep one character from the edge.
        inset = s.footer_size if align in ("left", "right") else 0.0
        draw_line(
            self.c,
            s.footer(self.page_no),
            s.left + inset,
            s.bottom - 40,
            s.text_width - 2 * inset,
            s.footer_font,
            s.footer_size,
            align,
        )

    def new_page(self) -> None:
        self._draw_footer()
        self.c.showPage()
        self.page_no += 1
        self.y = self._top_baseline()
        self._page_has_content = False
        self._draw_header()

    def close(self) -> None:
        self._draw_footer()
        self.c.showPage()
        self.c.save()

    # -- flowing content ----------------------------------------------------------------------
    def _room_for(self, n_lines: int, leading: float) -> bool:
        return self.y - (n_lines - 1) * leading >= self.style.bottom

    def vspace(self, points: float) -> None:
        if self._page_has_content:
            self.y -= points

    def lines(
        self,
        lines: Sequence[str],
        *,
        font: str | None = None,
        size: float | None = None,
        leading: float | None = None,
        first_indent: float = 0.0,
        indent: float = 0.0,
        align: Align = "justify",
        keep_together: bool = False,
    ) -> None:
        """Draw pre-broken lines; with ``justify`` every line but the last fills the width."""
        s = self.style
        font = font or s.body_font
        size = size or s.body_size
        leading = leading or s.leading
        if keep_together and not self._room_for(len(lines), leading):
            self.new_page()
        for i, text in enumerate(lines):
            if not self._room_for(1, leading):
                self.new_page()
            left = first_indent if i == 0 else indent
            last = i == len(lines) - 1
            line_align: Align = "left" if (align == "justify" and last) else align
            draw_line(
                self.c, text, s.left + left, self.y, s.text_width - left, font, size, line_align
            )
            self.y -= leading
            self._page_has_content = True

    def paragraph(
        self,
        text: str,
        *,
        font: str | None = None,
        size: float | None = None,
        leading: float | None = None,
        indent_chars: float = 2.0,
        hanging_chars: float = 0.0,
        align: Align = "justify",
        keep_with_next: int = 0,
    ) -> list[str]:
        """Wrap and draw a paragraph with a first-line indent of ``indent_chars`` characters.

        ``keep_with_next`` lines of room are required below it (headings stay with their text).
        Returns the lines as broken, for callers that check where numbers wrapped.
        """
        s = self.style
        font = font or s.body_font
        size = size or s.body_size
        leading = leading or s.leading
        first = indent_chars * size
        rest = hanging_chars * size
        if rest:
            # The hanging indent narrows every line after the first: wrap with that width and
            # let the first line borrow the difference.
            lines = wrap_text(text, font, size, s.text_width - rest, first - rest)
        else:
            lines = wrap_text(text, font, size, s.text_width, first)
        if keep_with_next and not self._room_for(len(lines) + keep_with_next, leading):
            self.new_page()
        self.lines(
            lines,
            font=font,
            size=size,
            leading=leading,
            first_indent=first,
            indent=rest,
            align=align,
        )
        return lines

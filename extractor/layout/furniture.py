"""Running headers, footers and page numbers out of the reading flow.

Two kinds of evidence: the text itself (`—— 7 ——`, `- 147 -`, `第 3 页`, `第3页 共10页`,
`3/10`) and, for PDF pages, position (a short line in the top or bottom band of the page that
repeats on other pages with only its digits changed, or a bare number there). Dump pages have
no geometry, so only the text patterns apply, plus one rule for dumps whose page breaks were
lost: a short line repeated verbatim many times is a running header.
"""

from __future__ import annotations

import re
from collections import Counter

from extractor.model import Line

# Page-number shapes, each anchored to the whole (stripped) line.
_PAGE_NUMBER_PATTERNS = [
    # —— 7 ——, - 147 -, －3－, — 12 —, ~5~ : a number between dashes
    r"[—\-－–―_~～·•\s]+\d{1,4}[—\-－–―_~～·•\s]+",
    # 第 3 页 / 第3页 共10页 / 第3页，共10页
    r"第\s*\d{1,4}\s*页\s*[,，、/]?\s*(共\s*\d{1,4}\s*页)?",
    # 共10页 第3页
    r"共\s*\d{1,4}\s*页\s*[,，、/]?\s*第\s*\d{1,4}\s*页",
    # 3/10, 3 / 10
    r"\d{1,4}\s*/\s*\d{1,4}",
    # Page 3, Page 3 of 10
    r"(?i:page)\s*\d{1,4}(\s*(?i:of)\s*\d{1,4})?",
]
_PAGE_NUMBER_RE = re.compile("|".join(f"(?:{p})" for p in _PAGE_NUMBER_PATTERNS))
_BARE_NUMBER_RE = re.compile(r"[\s(（\[]*\d{1,4}[\s)）\]]*")
_DIGITS_RE = re.compile(r"\d+")

# Share of the page height, at top and at bottom, where running heads and folios live.
MARGIN_BAND = 0.1
# A line repeated (digits ignored) in a margin band on at least this share of pages, and on
# at least two pages, is a running header or footer.
REPEAT_SHARE = 0.3
# How many lines from each end of a page are looked at as candidates.
EDGE_LINES = 3
# Dumps: a short line seen this many times verbatim is a running header whose page breaks
# were lost in the dump (a statistics bulletin repeats its title on every page).
DUMP_REPEAT_MIN = 4
DUMP_REPEAT_MAX_CHARS = 40
# ... except its first occurrence among the first lines of the dump: that is the title.
DUMP_TITLE_LINES = 5


def is_page_number(text: str) -> bool:
    """True when the whole line is a decorated page number (`—— 7 ——`, `第3页 共10页`)."""
    return _PAGE_NUMBER_RE.fullmatch(text.strip()) is not None


def remove_furniture(
    pages_lines: list[list[Line]],
    page_sizes: list[tuple[float, float]] | None = None,
) -> list[list[Line]]:
    """Drop running heads, footers and page numbers; the rest keeps its order."""
    repeated = _repeated_band_texts(pages_lines, page_sizes)
    dump_repeats = _dump_repeated_texts(pages_lines)
    out: list[list[Line]] = []
    kept_titles: set[str] = set()
    for i, lines in enumerate(pages_lines):
        size = page_sizes[i] if page_sizes and i < len(page_sizes) else None
        kept = []
        for j, line in enumerate(lines):
            text = line.text.strip()
            if not text:
                kept.append(line)
                continue
            if is_page_number(text):
                continue
            band = _in_band(line, size)
            if band and _BARE_NUMBER_RE.fullmatch(text):
                continue
            if band and _key(text) in repeated:
                continue
            if line.bbox is None and text in dump_repeats:
                # The first occurrence at the very top is the document's own title.
                if i or j >= DUMP_TITLE_LINES or text in kept_titles:
                    continue
                kept_titles.add(text)
            kept.append(line)
        out.append(kept)
    return out


def _key(text: str) -> str:
    return _DIGITS_RE.sub("#", text.replace(" ", ""))


def _in_band(line: Line, size: tuple[float, float] | None) -> bool:
    if line.bbox is None or size is None or size[1] <= 0:
        return False
    height = size[1]
    _, top, _, bottom = line.bbox
    return bottom <= height * MARGIN_BAND or top >= height * (1 - MARGIN_BAND)


def _repeated_band_texts(
    pages_lines: list[list[Line]], page_sizes: list[tuple[float, float]] | None
) -> set[str]:
    if not page_sizes or len(pages_lines) < 2:
        return set()
    counts: Counter[str] = Counter()
    for i, lines in enumerate(pages_lines):
        size = page_sizes[i] if i < len(page_sizes) else None
        edge = lines[:EDGE_LINES] + lines[-EDGE_LINES:] if len(lines) > 2 * EDGE_LINES else lines
        seen = {
            _key(line.text.strip()) for line in edge if _in_band(line, size) and line.text.strip()
        }
        counts.update(seen)
    need = max(2.0, REPEAT_SHARE * len(pages_lines))
    return {k for k, n in counts.items() if n >= need}


def _dump_repeated_texts(pages_lines: list[list[Line]]) -> set[str]:
    counts: Counter[str] = Counter()
    for lines in pages_lines:
        for line in lines:
            if line.bbox is None:
                text = line.text.strip()
                if text and len(text) <= DUMP_REPEAT_MAX_CHARS:
                    counts[text] += 1
    return {t for t, n in counts.items() if n >= DUMP_REPEAT_MIN and not _looks_like_body(t)}


# A repeated short line that ends a sentence or is mostly figures is body text (a list of
# "完成。"-style lines, a table row), not a running header.
_BODY_END = tuple("。！？；：，.")


def _looks_like_body(text: str) -> bool:
    if text.endswith(_BODY_END):
        return True
    # A row of figures ("10 10", "100%") repeats in tables; a running head is words.
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han < 0.4 * len(text)

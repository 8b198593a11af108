"""Plain-text dumps (.txt, .md) as pages of lines.

Dumps of PDFs keep the page furniture as text: form feeds and footer lines such as
``—— 7 ——`` or ``- 7 -`` mark where a page ended, so they split pages here (and are dropped:
page numbers are not content).
"""

from __future__ import annotations

import regex

from extractor.errors import EmptyDocument, UndecodableText
from extractor.model import Line, MarkupTable, Page
from extractor.sources.html_tables import html_document_to_text, split_tables
from extractor.sources.inline_math import inline_math_to_text

# A line that is only a page number between dashes: "—— 7 ——", "- 7 -", "－7－", "— 12 —".
FOOTER_LINE = regex.compile(r"^\s*[—–\-－─]{1,3}\s*\d{1,4}\s*[—–\-－─]{1,3}\s*$")

# Encodings tried in order. GB18030 is a superset of GBK and GB2312, the other encoding
# Chinese government sites publish text in.
_ENCODINGS = ("utf-8-sig", "gb18030")

# Byte-order marks of the UTF-16 and UTF-32 text that Windows tools save as "Unicode"; longest
# first, since UTF-32 LE's mark starts like UTF-16 LE's. Such text is full of NUL bytes.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Share of control / replacement characters above which a decoded text is not text.
_MAX_ODD_SHARE = 0.02


def decode_text(data: bytes) -> tuple[str, str]:
    """Decoded text and the encoding that worked; raises UndecodableText with the reason."""
    if not data.strip():
        raise EmptyDocument("empty text file: it has no characters to extract")
    bom = next((encoding for mark, encoding in _BOMS if data.startswith(mark)), None)
    if bom:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"text starts with a {bom.upper()} byte-order mark but does not decode as "
                f"{bom.upper()} (byte {exc.start}); the file is damaged or not text"
            ) from exc
        if not text.strip():
            raise EmptyDocument("empty text file: it has no characters to extract")
        return text, bom
    if b"\x00" in data[:4096]:
        raise UndecodableText(
            "binary data, not text (NUL bytes in the first 4 KB); "
            "check the file type — is it a PDF or an office document with a .txt name?"
        )
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        odd = sum(1 for ch in text if _is_odd(ch))
        if odd <= _MAX_ODD_SHARE * len(text):
            return text, encoding
    raise UndecodableText(
        "text is neither UTF-8 nor GB18030/GBK (or decodes to control characters); "
        "convert it to UTF-8, e.g. `iconv -f BIG5 -t UTF-8`, and rerun"
    )


def _is_odd(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\n\r\t\f\v") or code == 0xFFFD or 0xE000 <= code <= 0xF8FF


def read_text(data: bytes, html: bool = False) -> list[Page]:
    """Pages of lines from a text dump; page breaks at form feeds and footer lines.

    HTML tables in the dump (what OCR-to-Markdown tools write) become the page's ``tables``,
    placed between the lines around them; their cells never reach the prose. ``html``: the data
    is a web page (its tags other than tables go, see ``html_document_to_text``).
    """
    text, _ = decode_text(data)
    if html:
        text = html_document_to_text(text)
    text = inline_math_to_text(text)  # $69.44\%$ as OCR-to-Markdown tools write 69.44%
    pages: list[Page] = []
    current: list[str] = []
    tables: list[MarkupTable] = []

    def close_page() -> None:
        if any(line.strip() for line in current) or tables:
            number = len(pages) + 1
            lines = [
                Line(text=line.rstrip(), page=number, index=i) for i, line in enumerate(current)
            ]
            pages.append(Page(number=number, origin="dump", lines=lines, tables=list(tables)))
        current.clear()
        tables.clear()

    pieces = split_tables(text.replace("\r\n", "\n").replace("\r", "\n"))
    for k, piece in enumerate(pieces):
        if isinstance(piece, MarkupTable):
            piece.index = len(current)
            tables.append(piece)
            current.append("")  # the table ends the paragraph above it
            continue
        raw_lines = piece.split("\n")
        # A table on a line of its own leaves an empty start and end of that line around it;
        # the blank line standing for the table is there already.
        if k > 0 and len(raw_lines) > 1 and not raw_lines[0].strip():
            raw_lines = raw_lines[1:]
        if k + 1 < len(pieces) and len(raw_lines) > 1 and not raw_lines[-1].strip():
            raw_lines = raw_lines[:-1]
        for raw_line in raw_lines:
            parts = raw_line.split("\f")
            for i, part in enumerate(parts):
                if i > 0:
                    close_page()
                if FOOTER_LINE.match(part):
                    close_page()
                    continue
                current.append(part)
    close_page()
    if not pages:
        raise EmptyDocument("text file holds only whitespace and page numbers; nothing to extract")
    return pages

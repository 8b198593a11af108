"""Files in, ``Source`` out: bytes, identity (sha256) and which reader applies.

The name's suffix says which reader a file is for; the first bytes have the last word when
they say otherwise. Government sites publish PDFs named .doc, Excel workbooks named .xls that
are Office Open XML zips, and "xls" files that are HTML tables saved by a web export: each goes
to the reader of what it is.
"""

from __future__ import annotations

import hashlib
import zipfile
from io import BytesIO
from pathlib import Path

from extractor.errors import DamagedFile, UnsupportedFormat
from extractor.model import Source, SourceKind

READABLE_SUFFIXES: dict[str, SourceKind] = {
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".docx": "docx",
    ".doc": "doc",
    # WPS Office's own names: its writer and spreadsheet save Word 97 and BIFF8 containers,
    # told apart by their OLE streams like any .doc or .xls (sniff_kind).
    ".wps": "doc",
    ".et": "xls",
}

_PDF = b"%PDF-"
# The containers office files come in: a zip (.xlsx, .docx) or an OLE compound file (.xls,
# .doc, an encrypted .xlsx/.docx). The readers check the same signatures.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# How far into a file the PDF header may start (writers put junk before it; readers allow 1 KB).
_PDF_SLACK = 1024


def path_to_source(path: str | Path) -> Source:
    path = Path(path)
    _named_kind(path)  # an unread format is refused before its bytes are read
    return data_to_source(path, path.read_bytes())


def data_to_source(path: str | Path, data: bytes) -> Source:
    """A file's bytes as a Source, its reader chosen by its name and first bytes (a worker on
    another machine gets the bytes, not the file)."""
    return Source(
        path=str(path),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=sniff_kind(data, _named_kind(Path(path))),
    )


def _named_kind(path: Path) -> SourceKind:
    kind = READABLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFormat(f"{path.suffix or 'no extension'} files are not read yet: {path}")
    return kind


def sniff_kind(data: bytes, named: SourceKind) -> SourceKind:
    """The reader for ``data``: what its first bytes say it is, else what its name says."""
    head = data[:_PDF_SLACK]
    if named != "pdf" and head.startswith(_PDF):
        return "pdf"
    if named in ("xlsx", "xls", "docx", "doc"):
        if head.startswith(ZIP_MAGIC):
            return _zip_kind(data) or named
        if head.startswith(OLE_MAGIC):
            return _ole_kind(data) or named
        if _looks_like_html(head):
            return "html"  # a web export saved as .xls/.doc
    return named


def _zip_kind(data: bytes) -> SourceKind | None:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # a damaged zip: the named reader reports it
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _ole_kind(data: bytes) -> SourceKind | None:
    """doc or xls by the streams the OLE container's directory names."""
    from extractor.sources.word97 import ole_streams  # only here: PDF-only runs never load it

    try:
        streams = ole_streams(data)
    except DamagedFile:  # a damaged container: the named reader reports it
        return None
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    return None


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta"))


def is_readable(path: str | Path) -> bool:
    return Path(path).suffix.lower() in READABLE_SUFFIXES

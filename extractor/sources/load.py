"""Files in, ``Source`` out: bytes, identity (sha256) and which reader applies."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.errors import UnsupportedFormat
from extractor.model import Source, SourceKind

READABLE_SUFFIXES: dict[str, SourceKind] = {".pdf": "pdf", ".txt": "text", ".md": "text"}


def path_to_source(path: str | Path) -> Source:
    path = Path(path)
    kind = READABLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFormat(f"{path.suffix or 'no extension'} files are not read yet: {path}")
    data = path.read_bytes()
    return Source(path=str(path), data=data, sha256=hashlib.sha256(data).hexdigest(), kind=kind)


def is_readable(path: str | Path) -> bool:
    return Path(path).suffix.lower() in READABLE_SUFFIXES

"""records.jsonl → an SQLite archive: one row per record, a full-text index over their text.

Tables (``SCHEMA``):
- ``documents``: one row per document (doc_id, sha256, source, title, issuer, year, doc_kind,
  pages), from its ``document`` record;
- ``records``: the document record itself (its title, issuer and file name searched) and every
  section, table, indicator and metric (type, doc_id, ref — section_id, table_id, ``t3:12``
  for indicator row 12, ``s2:140`` for a metric at offset 140 —, page, the text searched, the
  indicator type of an indicator or metric (``itype``, cost subtypes as 成本指标), and the
  record itself as JSON);
- ``search``: a contentless FTS5 index whose rowid is ``records.id`` (tokens: ``tokens.py``)
  over each record's text, and a metric's subject besides (``record_to_index_text``);
- ``untyped_documents``: documents indexed before ``itype`` existed, until indexed again.

``PRAGMA user_version`` holds the version of the index tokens (``tokens.TOKENS_VERSION``); an
archive indexed with older tokens has its index rebuilt from its stored records when opened.

Indexing reads whole document blocks only (a ``document`` record and the ``record_count`` - 1
records after it), so an ``extract`` run still writing, or one cut short, is indexed up to its
last whole document. A document already in the archive (same doc_id) is skipped, so indexing
the same growing file again adds only what is new; ``force`` replaces it. ``error`` records
are not indexed: they hold no content.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.archive.tokens import TOKENS_VERSION, text_to_tokens
from extractor.indicators.labels import coarse_level2, normalize_level2

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, sha256 TEXT, source TEXT, title TEXT, issuer TEXT,
    year INTEGER, doc_kind TEXT, pages INTEGER
);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, type TEXT NOT NULL, ref TEXT,
    page INTEGER, text TEXT NOT NULL, record TEXT NOT NULL, itype TEXT
);
CREATE INDEX IF NOT EXISTS records_doc ON records (doc_id);
CREATE TABLE IF NOT EXISTS untyped_documents (doc_id TEXT PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(tokens, content='', tokenize='unicode61');
"""


@dataclass
class IndexReport:
    documents: int = 0
    records: int = 0
    skipped_documents: int = 0  # already in the archive
    partial_documents: int = 0  # blocks cut short (a run still writing, or interrupted)


def connect(db: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db))
    conn.executescript(SCHEMA)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    if "itype" not in columns:
        # An archive built before types were indexed: its documents have none until they are
        # indexed again (--force); a query by type says how many it leaves out.
        with conn:
            conn.execute("ALTER TABLE records ADD COLUMN itype TEXT")
            conn.execute("INSERT OR IGNORE INTO untyped_documents SELECT doc_id FROM documents")
    if conn.execute("PRAGMA user_version").fetchone()[0] < TOKENS_VERSION:
        reindex(conn)
    return conn


def reindex(conn: sqlite3.Connection) -> None:
    """The full-text index rebuilt from the records with today's tokens: an archive from before
    them would find nothing where the tokens differ, and _delete would corrupt it."""
    rows = conn.execute("SELECT id, text, record FROM records").fetchall()
    with conn:
        conn.execute("INSERT INTO search (search) VALUES ('delete-all')")
        conn.executemany(
            "INSERT INTO search (rowid, tokens) VALUES (?, ?)",
            [(rowid, _stored_tokens(text, record)) for rowid, text, record in rows],
        )
        conn.execute(f"PRAGMA user_version = {TOKENS_VERSION}")


def _stored_tokens(text: str, record: str) -> str:
    """The tokens a stored row was (or is to be) indexed with."""
    return text_to_tokens(record_to_index_text(json.loads(record), text))


def index_records(
    paths: Iterable[str | Path], db: str | Path, *, force: bool = False
) -> IndexReport:
    """Add the documents of ``extract`` output files to the archive at ``db``."""
    report = IndexReport()
    conn = connect(db)
    try:
        known = {row[0] for row in conn.execute("SELECT doc_id FROM documents")}
        for path in paths:
            for block in jsonl_to_blocks(Path(path), report):
                doc = block[0]
                if doc["doc_id"] in known and not force:
                    report.skipped_documents += 1
                    continue
                with conn:  # one transaction per document: all of it or nothing
                    _delete(conn, doc["doc_id"])
                    _insert(conn, block)
                known.add(doc["doc_id"])
                report.documents += 1
                report.records += len(block)
    finally:
        conn.close()
    return report


def jsonl_to_blocks(path: Path, report: IndexReport) -> Iterator[list[dict[str, Any]]]:
    """Whole document blocks of an ``extract`` output file, in file order."""
    block: list[dict[str, Any]] = []
    expected = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                block, expected = [], 0  # a line cut by a crash: its block is not whole
                report.partial_documents += 1
                continue
            if record.get("type") in ("document", "error"):
                if block:
                    report.partial_documents += 1
                block, expected = [], 0
                if record["type"] == "error":
                    continue
                expected = int(record.get("record_count") or 1)
            elif not block:
                continue  # records of a block whose document record we never saw
            block.append(record)
            if len(block) == expected:
                yield block
                block, expected = [], 0
    if block:
        report.partial_documents += 1


def _delete(conn: sqlite3.Connection, doc_id: str) -> None:
    rows = conn.execute(
        "SELECT id, text, record FROM records WHERE doc_id = ?", (doc_id,)
    ).fetchall()
    # A contentless index forgets a row only when told the tokens it was given.
    conn.executemany(
        "INSERT INTO search (search, rowid, tokens) VALUES ('delete', ?, ?)",
        [(rowid, _stored_tokens(text, record)) for rowid, text, record in rows],
    )
    conn.execute("DELETE FROM records WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM untyped_documents WHERE doc_id = ?", (doc_id,))


def _insert(conn: sqlite3.Connection, block: list[dict[str, Any]]) -> None:
    doc = block[0]
    conn.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc["doc_id"],
            doc.get("sha256"),
            doc.get("source"),
            doc.get("title"),
            doc.get("issuer"),
            doc.get("year"),
            doc.get("doc_kind"),
            doc.get("pages"),
        ),
    )
    for record in block:
        text = record_to_text(record)
        if not text:
            continue
        cursor = conn.execute(
            "INSERT INTO records (doc_id, type, ref, page, text, record, itype)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                doc["doc_id"],
                record["type"],
                record_ref(record),
                _page(record),
                text,
                json.dumps(record, ensure_ascii=False),
                record_type_label(record),
            ),
        )
        conn.execute(
            "INSERT INTO search (rowid, tokens) VALUES (?, ?)",
            (cursor.lastrowid, text_to_tokens(record_to_index_text(record, text))),
        )


def record_to_text(record: dict[str, Any]) -> str:
    """The text of a record a search looks in (what a person would quote from it)."""
    kind = record.get("type")
    if kind == "document":
        name = Path(str(record.get("source") or "")).name
        return " ".join(
            str(part) for part in (record.get("title"), record.get("issuer"), name) if part
        )
    if kind == "section":
        return "\n".join(part for part in (record.get("title"), record.get("text")) if part)
    if kind == "table":
        cells = " ".join(c["text"] for c in record.get("cells", []) if c.get("text"))
        return "\n".join(part for part in (record.get("caption"), cells) if part)
    if kind == "indicator":
        fields = ("project", "level1", "level2_raw", "name", "target_text", "actual_text")
        return " ".join(str(record[f]) for f in fields if record.get(f))
    if kind == "metric":
        return record.get("sentence") or ""
    return ""


def record_to_index_text(record: dict[str, Any], text: str) -> str:
    """What a search matches a record by: its text (``record_to_text``), and for a metric the
    subject too, where the sentence does not spell it out (年初预算为1560.05万元 is filed under
    一般公共服务支出财政事务行政运行年初预算, the line its paragraph opens with). The text stays
    the sentence, so a sentence's figures still come as one hit and its snippet reads as printed."""
    subject = record.get("subject") if record.get("type") == "metric" else None
    if subject and subject not in text:
        return f"{text}\n{subject}"
    return text


def record_type_label(record: dict[str, Any]) -> str | None:
    """The indicator type an indicator or metric is filed under, cost subtypes as 成本指标: an
    indicator's 二级 (printed, or filled when it was lost), else the predicted type."""
    if record.get("type") not in ("indicator", "metric"):
        return None
    label = normalize_level2(record.get("level2")) or record.get("type_predicted")
    return coarse_level2(label) if label else None


def record_ref(record: dict[str, Any]) -> str:
    kind = record.get("type")
    if kind == "document":
        return ""
    if kind == "section":
        return str(record.get("section_id"))
    if kind == "table":
        return str(record.get("table_id"))
    if kind == "indicator":
        return f"{record.get('table_id')}:{record.get('row')}"
    if kind == "metric":
        place = record.get("table_id") or record.get("section_id")
        # A value in a heading is at an offset of the title, not of the section's text.
        title = ":title" if record.get("in_title") else ""
        return f"{place}{title}:{record.get('start')}"
    return ""


def _page(record: dict[str, Any]) -> int | None:
    page = record.get("page", record.get("page_start"))
    return int(page) if isinstance(page, int) else None

"""Queries over the archive: ranked hits, each with its document, page and the record itself."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.archive.store import connect
from extractor.archive.tokens import TOKENS_VERSION, query_to_match
from extractor.indicators.labels import LEVEL2_LABELS, coarse_level2, normalize_level2

# Characters of context on each side of the first match in a hit's snippet.
SNIPPET_CONTEXT = 40
# Rows read per hit wanted: the records of one sentence (or table) share their hit.
GROUP_READ = 5


@dataclass
class Hit:
    """One record that matched: where it is (document, page, ref) and what it says."""

    type: str
    doc_id: str
    title: str
    source: str
    year: int | None
    doc_kind: str
    page: int | None
    ref: str
    snippet: str
    score: float  # bm25: lower is a better match
    record: dict[str, Any]
    # Every record of the document with the same text and type: a sentence stating three
    # figures is three metric records and one hit.
    records: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def search(
    db: str | Path,
    query: str,
    *,
    types: list[str] | None = None,
    year: int | None = None,
    doc_kind: str | None = None,
    doc_id: str | None = None,
    indicator_type: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """The records matching every word of ``query``, best first (bm25), filtered.

    A word is matched as written (有效发明专利 as that string, not its characters anywhere);
    words are joined with AND. Filters: record types (document, section, table, indicator,
    metric), the document's year, kind (统计公报 …) and id, and the indicator type of indicators
    and metrics (any spelling of a 二级 label: 成本, 经济效益指标, 满意度; 成本 takes its
    subtypes in). An unknown indicator type raises ValueError.
    """
    itype = None
    if indicator_type is not None:
        label = normalize_level2(indicator_type)
        if label is None:
            known = ", ".join(x.removesuffix("指标") for x in LEVEL2_LABELS)
            raise ValueError(f"unknown indicator type {indicator_type!r}: use one of {known}")
        itype = coarse_level2(label)
    match = query_to_match(query)
    if match is None:
        return []
    where = ["search MATCH ?"]
    args: list[Any] = [match]
    if itype is not None:
        where.append("r.itype = ?")
        args.append(itype)
    if types:
        where.append(f"r.type IN ({', '.join('?' for _ in types)})")
        args += types
    for column, value in (("d.year", year), ("d.doc_kind", doc_kind), ("d.doc_id", doc_id)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    sql = (
        "SELECT r.type, r.doc_id, d.title, d.source, d.year, d.doc_kind, r.page, r.ref, r.text,"
        " bm25(search) AS score, r.record"
        " FROM search JOIN records r ON r.id = search.rowid"
        " JOIN documents d ON d.doc_id = r.doc_id"
        f" WHERE {' AND '.join(where)} ORDER BY score LIMIT ?"
    )
    if not Path(db).exists():
        raise FileNotFoundError(f"no archive at {db}: build it with `govsearch index`")
    conn = _open_current(db)
    try:
        if itype is not None and not _has_types(conn):
            raise ValueError(
                f"{db} was built before indicator types were indexed: add the documents again"
                " with `govsearch index FILE --db ARCHIVE --force`"
            )
        # Records sharing a text come as one hit, so read enough rows to fill ``limit`` hits.
        rows = conn.execute(sql, [*args, max(0, limit) * GROUP_READ]).fetchall()
    finally:
        conn.close()
    words = unicodedata.normalize("NFKC", query).split()
    hits: dict[tuple[str, str, str], Hit] = {}
    for kind, doc, title, source, yr, dk, page, ref, text, score, record in rows:
        key = (doc, kind, text)
        if key in hits:
            hits[key].records.append(json.loads(record))
            continue
        if len(hits) == limit:
            continue
        parsed = json.loads(record)
        hits[key] = Hit(
            type=kind,
            doc_id=doc,
            title=title or "",
            source=source or "",
            year=yr,
            doc_kind=dk or "",
            page=page,
            ref=ref or "",
            snippet=hit_snippet(text, parsed, words),
            score=round(score, 4),
            record=parsed,
            records=[parsed],
        )
    return list(hits.values())


def _open_current(db: str | Path) -> sqlite3.Connection:
    """The archive, read-only. One indexed with older tokens is indexed again first (a query's
    tokens would not meet its own); one that cannot be written to says what to do."""
    conn = sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0] >= TOKENS_VERSION
    except sqlite3.Error:
        conn.close()
        raise
    if current:
        return conn
    conn.close()
    try:
        connect(db).close()  # rebuilds the index (store.reindex)
    except sqlite3.OperationalError as exc:
        raise ValueError(
            f"{db} was indexed with older search tokens and cannot be updated here ({exc}):"
            " open it once where it can be written, or index the documents again"
            " with `govsearch index FILE --db ARCHIVE --force`"
        ) from exc
    return sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)


def _has_types(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "itype" for row in conn.execute("PRAGMA table_info(records)"))


def untyped_documents(db: str | Path) -> int:
    """How many documents of the archive were indexed before indicator types were, so that a
    query by type leaves them out (0 when all have types)."""
    conn = sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "untyped_documents" not in tables:
            return (
                0
                if _has_types(conn)
                else conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            )
        return int(conn.execute("SELECT COUNT(*) FROM untyped_documents").fetchone()[0])
    finally:
        conn.close()


def hit_snippet(text: str, record: dict[str, Any], words: list[str]) -> str:
    """``snippet`` of a hit; a metric found by words of its subject its sentence does not spell
    shows that subject, those words marked, before its sentence's snippet:
    〔一般公共服务支出财政事务【行政运行】年初预算〕【年初预算】为1560.05万元…"""
    subject = record.get("subject") if record.get("type") == "metric" else None
    flat = unicodedata.normalize("NFKC", text).lower()
    unsaid = [w for w in words if w.lower() not in flat]
    if subject and unsaid and any(w.lower() in subject.lower() for w in unsaid):
        return "〔" + snippet(subject, unsaid) + "〕" + snippet(text, words)
    return snippet(text, words)


def snippet(text: str, words: list[str]) -> str:
    """The text around the first query word found in it, the word marked 【…】."""
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    lower = flat.lower()
    found = [(lower.find(w.lower()), w) for w in words if lower.find(w.lower()) >= 0]
    if not found:
        return flat[: 2 * SNIPPET_CONTEXT]
    start, word = min(found)
    end = start + len(word)
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(flat), end + SNIPPET_CONTEXT)
    return (
        ("…" if left else "")
        + flat[left:start]
        + "【"
        + flat[start:end]
        + "】"
        + flat[end:right]
        + ("…" if right < len(flat) else "")
    )

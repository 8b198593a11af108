"""`govsearch`: build the searchable archive from `extract`'s output and query it.

    govsearch index records.jsonl [more.jsonl ...] --db archive.sqlite [--force]
    govsearch query archive.sqlite 有效发明专利 [--type metric] [--year 2025] [--kind 统计公报]
                    [--doc DOC_ID] [--indicator-type 成本] [--limit 20] [--json]

Exit 0 on success (a query with no hit too), 2 on bad usage or a missing archive.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time

from extractor.archive.query import search, untyped_documents
from extractor.archive.store import index_records

RECORD_TYPES = ("document", "section", "table", "indicator", "metric")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govsearch", description="Search extracted records.")
    sub = p.add_subparsers(dest="command", required=True)
    index = sub.add_parser("index", help="add extract's JSONL output to an archive")
    index.add_argument("files", nargs="+", metavar="FILE", help="records.jsonl files")
    index.add_argument("--db", required=True, help="the archive (an SQLite file)")
    index.add_argument("--force", action="store_true", help="replace documents already indexed")
    query = sub.add_parser("query", help="records matching every word, best first")
    query.add_argument("db", help="the archive (an SQLite file)")
    query.add_argument("words", nargs="+", help="words, each matched as written")
    query.add_argument(
        "--type",
        action="append",
        choices=RECORD_TYPES,
        dest="types",
        help="record type (repeatable)",
    )
    query.add_argument("--year", type=int, help="the document's year")
    query.add_argument("--kind", help="the document's kind, e.g. 统计公报")
    query.add_argument("--doc", help="a doc_id")
    query.add_argument(
        "--indicator-type",
        help="indicators and metrics of this type, e.g. 成本, 经济效益, 满意度",
    )
    query.add_argument("--limit", type=int, default=20, help="hits to show (default 20)")
    query.add_argument("--json", action="store_true", help="one JSON object per hit")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "index":
        started = time.perf_counter()
        try:
            report = index_records(args.files, args.db, force=args.force)
        except (OSError, ValueError, sqlite3.Error) as exc:
            print(f"govsearch: {exc}; is --db an archive (an SQLite file)?", file=sys.stderr)
            return 2
        print(
            f"govsearch: {report.documents} documents, {report.records} records indexed; "
            f"{report.skipped_documents} already there; {report.partial_documents} incomplete "
            f"blocks left out; {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        return 0
    try:
        hits = search(
            args.db,
            " ".join(args.words),
            types=args.types,
            year=args.year,
            doc_kind=args.kind,
            doc_id=args.doc,
            indicator_type=args.indicator_type,
            limit=args.limit,
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"govsearch: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(
            f"govsearch: {args.db} is not an archive ({exc}); build one with `govsearch index`",
            file=sys.stderr,
        )
        return 2
    untyped = untyped_documents(args.db) if args.indicator_type else 0
    if untyped:
        print(
            f"govsearch: {untyped} documents were indexed before indicator types and are left"
            f" out of --indicator-type; index them again with `govsearch index FILE --db"
            f" {args.db} --force`",
            file=sys.stderr,
        )
    for hit in hits:
        if args.json:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
        else:
            print(f"{hit.type:9s} {hit.title[:30]} p.{hit.page} {hit.ref}  {hit.snippet}")
    if not args.json:
        print(f"govsearch: {len(hits)} hits", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

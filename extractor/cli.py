"""`extract PATH... --out FILE`: a thin shell over the library (DESIGN.md, "CLI contract").

Records go to FILE (or stdout with ``-``); progress, errors and the summary line to stderr.
Exit 0 when every document produced records, 1 when some produced only an error record,
2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from extractor import batch
from extractor.errors import ClusterUnavailable
from extractor.settings import OCR_MODES, Settings

# Document warnings said on stderr too: the document was read, but only in part.
LOUD_WARNINGS = frozenset({"truncated_pdf"})


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="extract",
        description="Structured records (JSONL) from Chinese government reports "
        "(.pdf, .txt, .md, .html, .xlsx, .xls, .docx, .doc, .wps, .et).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (recursive)")
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="JSONL output, - for stdout")
    p.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1,
        help="worker processes (default: all cores)",
    )
    p.add_argument("--ocr", choices=OCR_MODES, default="auto", help="OCR pages: auto (garbled or "
                   "image-only pages), always, never (default: auto)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="give up on a document after this long (an error record)")
    p.add_argument("--force", action="store_true",
                   help="redo documents already in FILE (default: skip them, so a rerun resumes)")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-document progress lines")
    p.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="run the documents on a Dask cluster (tcp://host:8786), or 'local' for one of "
        "--jobs workers on this machine (pip install 'govextract[dask]')",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, not {args.jobs}")
    try:
        settings = Settings(ocr=args.ocr, timeout=args.timeout)
    except ValueError as exc:
        parser.error(str(exc))
    batch.tune_gc()
    inputs = batch.paths_to_inputs(args.paths)
    if inputs.missing:
        parser.error("no such file or directory: " + ", ".join(inputs.missing))
    started = time.perf_counter()

    to_stdout = args.out == "-"
    out_path = Path(args.out)
    todo = inputs.files
    already = 0
    if not to_stdout:
        try:
            out_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            parser.error(f"cannot create the folder for --out {out_path}: {exc.strerror}")
        # Each input is hashed once: its sha256 is what resume and --force compare.
        shas = {p: batch.file_sha256(p) for p in todo} if out_path.exists() else {}
        if args.force:
            batch.drop_documents(out_path, set(shas.values()))
        done = batch.load_done(out_path)
        if done:
            todo = [p for p in todo if shas[p] not in done]
            already = len(inputs.files) - len(todo)
        fd = os.open(out_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def emit(records: list[dict]) -> None:
        if not to_stdout:
            batch.write_block(fd, records)
            return
        sys.stdout.flush()
        sys.stdout.buffer.write(batch.block_bytes(records))  # bytes: UTF-8 whatever the locale
        sys.stdout.buffer.flush()

    counts: Counter[str] = Counter()
    pages = ocr_pages = failed = partial = 0
    try:
        for i, extraction in enumerate(batch.run(todo, settings, args.jobs, args.scheduler), 1):
            emit(extraction.records)
            pages += extraction.pages
            ocr_pages += extraction.ocr_pages
            counts.update(r["type"] for r in extraction.records)
            if not extraction.ok:
                failed += 1
                err = extraction.records[0]
                print(f"extract: error: {extraction.path}: {err['message']}", file=sys.stderr)
                continue
            for warning in extraction.records[0].get("warnings", []):
                if warning["code"] in LOUD_WARNINGS:  # read in part: worth a new download
                    partial += 1
                    print(f"extract: warning: {extraction.path}: {warning['message']}",
                          file=sys.stderr)
            if not args.quiet:
                print(
                    f"[{i}/{len(todo)}] {extraction.path}: {extraction.pages} pages, "
                    f"{len(extraction.records)} records, {extraction.seconds:.1f} s",
                    file=sys.stderr,
                )
    except KeyboardInterrupt:
        print("extract: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    except ClusterUnavailable as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 2
    finally:
        if not to_stdout:
            os.close(fd)

    print(summary_line(len(todo), already, inputs.skipped, pages, ocr_pages, counts, failed,
                       time.perf_counter() - started, partial), file=sys.stderr)
    return 1 if failed else 0


def summary_line(
    documents: int,
    already: int,
    skipped: list[Path],
    pages: int,
    ocr_pages: int,
    counts: Counter[str],
    failed: int,
    seconds: float,
    partial: int = 0,
) -> str:
    order = ("document", "section", "table", "indicator", "metric", "error")
    by_type = ", ".join(f"{t} {counts[t]}" for t in order if counts[t])
    parts = [f"{documents} documents"]
    if already:
        parts.append(f"{already} already done")
    if skipped:
        kinds = Counter(p.suffix.lower() or "(none)" for p in skipped)
        parts.append("skipped " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    parts += [
        f"{pages} pages",
        f"{ocr_pages} OCR pages",
        f"records: {by_type or 'none'}",
        f"{failed} errors",
        *([f"{partial} read in part (truncated)"] if partial else []),
        f"{seconds:.1f} s",
    ]
    return "extract: " + "; ".join(parts)


if __name__ == "__main__":
    sys.exit(main())

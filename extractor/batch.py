"""Batch runs: many files, worker processes, resume by sha256, one atomic write per document.

The output file is only ever appended to, one document's block of records in a single write.
A crash (kill -9) can leave at most the last block cut short; ``load_done`` notices it (the
document record counts its block) and cuts the file back to the last whole block before the
run resumes, so no document is duplicated and none is half there.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import DocumentTimeout
from extractor.pipeline import Extraction, extract
from extractor.records import error_record
from extractor.settings import Settings
from extractor.sources.load import is_readable
from extractor.sources.ocr import OcrSettings, configure_ocr

# Workers are replaced after this many documents, so memory a library leaks or caches per
# document cannot grow without bound over a long batch.
RECYCLE_AFTER = 25

# A document allocates millions of small objects (chars, lines, cells) that reference counting
# frees on its own; with the default gen-0 threshold (700) the cyclic collector scanned them
# hundreds of times per document, a fifth of the whole run (scripts/bench over the corpus:
# 38.2–41.5 s before, 30.7 s after). Cycles are still collected, just in larger batches.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Collector settings for a process that extracts documents (the CLI and its workers)."""
    gc.set_threshold(*GC_THRESHOLDS)


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # formats not read yet
    missing: list[str] = field(default_factory=list)


def paths_to_inputs(paths: Iterable[str]) -> Inputs:
    """Files to read, recursively and in a stable order; other formats listed as skipped."""
    out = Inputs()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            candidates = [path]
        else:
            out.missing.append(raw)
            continue
        for candidate in candidates:
            if candidate.name.startswith("."):
                continue
            (out.files if is_readable(candidate) else out.skipped).append(candidate)
    return out


def load_done(out_path: Path) -> set[str]:
    """sha256 of documents already complete in the output; repairs a block cut by a crash."""
    done: set[str] = set()
    if not out_path.exists():
        return done
    good_end = 0
    block_sha: str | None = None
    block_left = 0
    offset = 0
    with open(out_path, "rb") as fh:
        for raw in fh:
            offset += len(raw)
            if not raw.endswith(b"\n"):
                break  # a line cut mid-write
            try:
                record = json.loads(raw)
            except ValueError:
                break
            if block_left == 0:  # a new block starts
                if record.get("type") == "document":
                    block_sha, block_left = record["sha256"], record["record_count"]
                elif record.get("type") == "error":
                    block_sha, block_left = record.get("sha256"), 1
                else:
                    break  # orphan records: the rest cannot be trusted
            block_left -= 1
            if block_left == 0:
                if block_sha:
                    done.add(block_sha)
                good_end = offset
    if good_end != out_path.stat().st_size:
        with open(out_path, "r+b") as fh:
            fh.truncate(good_end)
    return done


def _alarm(signum: int, frame: Any) -> None:
    raise DocumentTimeout(
        "document took longer than --timeout; rerun it alone with a larger --timeout"
    )


def extract_with_timeout(path: Path, settings: Settings) -> Extraction:
    if settings.timeout is None or not hasattr(signal, "SIGALRM"):
        return extract(str(path), settings)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    try:
        return extract(str(path), settings)
    except DocumentTimeout as exc:  # fired outside extract()'s own error handling
        return Extraction(path=str(path), records=[error_record(str(path), file_sha256(path), exc)])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _work(args: tuple[Path, Settings]) -> Extraction:
    return extract_with_timeout(*args)


def _init_worker(ocr_threads: int) -> None:
    tune_gc()
    # N workers each running OCR on all cores would oversubscribe the CPU N times over.
    configure_ocr(OcrSettings(threads=ocr_threads))


def run(
    files: list[Path], settings: Settings, jobs: int, scheduler: str | None = None
) -> Iterator[Extraction]:
    """Extractions in input order; in-process for one job, else a recycled process pool, or
    on a Dask cluster when ``scheduler`` names one (extractor.cluster)."""
    if scheduler:
        from extractor.cluster import run_on_cluster

        yield from run_on_cluster(files, settings, scheduler, jobs)
        return
    tasks = [(path, settings) for path in files]
    if jobs <= 1 or len(files) <= 1:
        yield from map(_work, tasks)
        return
    ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    threads = max(1, (os.cpu_count() or 1) // jobs)
    with ctx.Pool(
        processes=jobs, maxtasksperchild=RECYCLE_AFTER, initializer=_init_worker,
        initargs=(threads,),
    ) as pool:
        yield from pool.imap(_work, tasks, chunksize=1)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def block_bytes(records: list[dict[str, Any]]) -> bytes:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    # The readers drop unencodable characters (lone surrogates); "replace" is the last guard
    # so that one odd glyph can never stop the batch at the write.
    return text.encode("utf-8", errors="replace")


def write_block(fd: int, records: list[dict[str, Any]]) -> None:
    """One document's records in one write to an O_APPEND file: never a half document."""
    view = memoryview(block_bytes(records))
    while view:
        written = os.write(fd, view)
        view = view[written:]


def drop_documents(out_path: Path, shas: set[str]) -> None:
    """Rewrite the output without the blocks of these documents (for --force), atomically."""
    if not out_path.exists() or not shas:
        return
    load_done(out_path)  # first cut any block a crash left unfinished
    tmp = out_path.with_name(out_path.name + ".tmp")
    keep = True
    left = 0
    with open(out_path, "rb") as src, open(tmp, "wb") as dst:
        for raw in src:
            if left == 0:
                record = json.loads(raw)
                left = record.get("record_count", 1) if record["type"] == "document" else 1
                keep = record.get("sha256") not in shas
            left -= 1
            if keep:
                dst.write(raw)
    os.replace(tmp, out_path)

"""OCR speed: our OCR stage and the whole pipeline against RapidOCR alone, same pages, same
process; peak memory of the process (what one worker holds). Run from the repo root:

    PYTHONPATH=. python scripts/bench_ocr.py [--pdf FILE] [--pages 3] [--reps 2] [--threads 0]

Three timings per page, interleaved page by page and repetition by repetition so that the
load of a shared machine falls on all three alike:

- bare: pdfium render at 200 dpi + one RapidOCR call with its default outputs (the least any
  OCR of a PDF page costs);
- ocr_page: our stage (render, skew, deskew, RapidOCR with per-char columns, band recovery,
  bold, normalization, rulings from the image, Page);
- pipeline: ocr_page + the layout stages that follow (lines, furniture, paragraphs, sections).

Prints seconds per page (median over repetitions) and the ratios to bare, as wall time and
as CPU time of the process (all threads): on a shared machine the CPU figures are the steadier.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from extractor.sources import ocr
from extractor.sources.pdf import open_pdf

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDF = (
    ROOT.parent / "shared/corpus/china-local-debt-atlas/zhangjiajie_2025_statistical_bulletin.pdf"
)
FALLBACK_PDF = ROOT / "tests/fixtures/scanned/seed_body_scan.pdf"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bare(doc, index: int, dpi: int) -> None:  # type: ignore[no-untyped-def]
    page = doc[index]
    try:
        gray = ocr.render_gray(page, dpi)
    finally:
        page.close()
    ocr.get_engine()(
        gray,
        use_det=True,
        use_cls=False,
        use_rec=True,
        return_word_box=False,
        return_single_char_box=False,
    )


def downstream(pages) -> None:  # type: ignore[no-untyped-def]
    from extractor.layout.furniture import remove_furniture
    from extractor.layout.lines import chars_to_lines
    from extractor.layout.paragraphs import lines_to_paragraphs
    from extractor.structure.sections import paragraphs_to_sections

    page_lines = remove_furniture(
        [chars_to_lines(p) for p in pages], [(p.width, p.height) for p in pages]
    )
    paragraphs_to_sections(lines_to_paragraphs(page_lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--pdf", type=Path, default=DEFAULT_PDF if DEFAULT_PDF.exists() else FALLBACK_PDF
    )
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--dpi", type=int, default=ocr.DEFAULT_DPI)
    args = ap.parse_args(argv)

    before = rss_mb()
    ocr.configure_ocr(ocr.OcrSettings(threads=args.threads))
    doc = open_pdf(args.pdf.read_bytes())
    n = min(args.pages, len(doc))
    ocr.ocr_page(doc, 0, dpi=args.dpi)  # models load on first use; not timed
    loaded = rss_mb()
    wall: dict[str, list[float]] = {"bare": [], "ocr_page": [], "pipeline": []}
    cpu: dict[str, list[float]] = {key: [] for key in wall}
    for _ in range(args.reps):
        spent_wall = dict.fromkeys(wall, 0.0)
        spent_cpu = dict.fromkeys(wall, 0.0)
        for i in range(n):
            for key in wall:
                w0, c0 = time.perf_counter(), time.process_time()
                if key == "bare":
                    bare(doc, i, args.dpi)
                elif key == "ocr_page":
                    ocr.ocr_page(doc, i, dpi=args.dpi)
                else:
                    downstream([ocr.ocr_page(doc, i, dpi=args.dpi)])
                spent_wall[key] += time.perf_counter() - w0
                spent_cpu[key] += time.process_time() - c0
        for key in wall:
            wall[key].append(spent_wall[key] / n)
            cpu[key].append(spent_cpu[key] / n)
    doc.close()
    print(f"pdf: {args.pdf.name}  pages: {n}  reps: {args.reps}  threads: {args.threads or 'auto'}")
    for label, table in (("wall", wall), ("cpu", cpu)):
        base = statistics.median(table["bare"])
        for key, values in table.items():
            med = statistics.median(values)
            runs = " ".join(f"{v:.2f}" for v in values)
            print(f"{label:4s} {key:9s} {med:6.2f} s/page  x{med / base:.3f} of bare  runs: {runs}")
    print(
        f"peak RSS: {rss_mb():.0f} MB (before OCR {before:.0f} MB, models loaded {loaded:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

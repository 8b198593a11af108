"""Measure OCR quality on the scanned fixtures: character error rate, numbers exact, with the
text-direction classifier off and on (run from the repo root).

    PYTHONPATH=. python scripts/measure_ocr.py [--pages N] [--cls off,on] [--threads T]

Prints, per setting: pages, CER on body text (whitespace ignored, page footers excluded),
numbers of the truth found exactly (as a multiset), lines lost, s/page, and the measured
ratio of OCR line-box height to the printed font size (``BOX_HEIGHT_PER_EM`` in ocr.py).
Truth is tests/fixtures/scanned/seed_body.truth.txt (scripts/make_scanned_fixtures.py).
With the corpus beside the repo, also the figures of 张家界 2025 统计公报 pages 1-2 read by eye
(tests/fixtures/scanned/zhangjiajie_figures.tsv) found exactly in the OCR text.

    PYTHONPATH=. python scripts/measure_ocr.py --coverage

instead runs the text-layer coverage check (extractor/sources/coverage.py) on every corpus
page that carries images and has a usable text layer, and prints the uncovered share of prose
lines per page, highest first, with the pages flagged per document (no OCR involved).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

import regex

from extractor.model import Char, Page
from extractor.sources import ocr
from extractor.sources.pdf import open_pdf

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "tests" / "fixtures" / "scanned"
PRINTED_SIZE_PT = 16.0  # body size drawn by make_scanned_fixtures

NUMBER = regex.compile(r"\d+(?:\.\d+)?%?")
FOOTER = regex.compile(r"^[—\-]+\s*\d+\s*[—\-]+$")


def page_lines(page: Page) -> list[str]:
    """The OCR page's lines (chars sharing one OCR line box), top to bottom; footers dropped."""
    rows: dict[tuple[float, float], list[Char]] = {}
    for c in page.chars:
        rows.setdefault((c.top, c.bottom), []).append(c)
    out = []
    for key in sorted(rows, key=lambda k: (k[0] + k[1], min(c.x0 for c in rows[k]))):
        text = "".join(c.text for c in sorted(rows[key], key=lambda c: c.x0))
        if not FOOTER.match(text):
            out.append(text)
    return out


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def cer(truth: str, hyp: str) -> float:
    ref = squash(truth)
    return edit_distance(ref, squash(hyp)) / max(1, len(ref))


def numbers_found(truth: str, hyp: str) -> tuple[int, int]:
    want = Counter(NUMBER.findall(squash(truth)))
    got = Counter(NUMBER.findall(squash(hyp)))
    hit = sum(min(n, got[k]) for k, n in want.items())
    return hit, sum(want.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--cls", default="off,on")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--coverage", action="store_true")
    args = ap.parse_args(argv)
    if args.coverage:
        return coverage_report()

    truth_pages = (SCANNED / "seed_body.truth.txt").read_text("utf-8").split("\f\n")
    doc = open_pdf((SCANNED / "seed_body_scan.pdf").read_bytes())
    n = min(args.pages, len(doc), len(truth_pages))
    print("cls\tpages\tCER\tnumbers_exact\tlines_truth\tlines_ocr\ts_per_page\tbox_h/em")
    for setting in args.cls.split(","):
        ocr.configure_ocr(ocr.OcrSettings(threads=args.threads, use_cls=setting == "on"))
        ocr.get_engine()
        ocr.ocr_page(doc, 0)  # warm-up: models load on first use
        errs = refs = hit = want = lt = lo = 0
        heights: list[float] = []
        started = time.perf_counter()
        for i in range(n):
            page = ocr.ocr_page(doc, i)
            lines = page_lines(page)
            truth = truth_pages[i]
            ref = squash(truth)
            errs += edit_distance(ref, squash("".join(lines)))
            refs += len(ref)
            h, w = numbers_found(truth, "\n".join(lines))
            hit += h
            want += w
            lt += len([t for t in truth.splitlines() if t.strip()])
            lo += len(lines)
            heights.extend(c.bottom - c.top for c in page.chars)
        per_page = (time.perf_counter() - started) / n
        ratio = statistics.median(heights) / PRINTED_SIZE_PT if heights else 0.0
        print(
            f"{setting}\t{n}\t{errs / max(1, refs):.4f}\t{hit}/{want}\t{lt}\t{lo}\t"
            f"{per_page:.2f}\t{ratio:.3f}"
        )
    doc.close()
    zjj_figures(args)
    return 0


CORPUS = ROOT.parent / "shared" / "corpus"
ZJJ = CORPUS / "china-local-debt-atlas"
ZJJ = ZJJ / "zhangjiajie_2025_statistical_bulletin.pdf"


def zjj_figures(args: argparse.Namespace) -> None:
    if not ZJJ.exists():
        print(f"(corpus absent: {ZJJ})")
        return
    rows = [
        r.split("\t")
        for r in (SCANNED / "zhangjiajie_figures.tsv").read_text("utf-8").splitlines()
        if r and not r.startswith("#")
    ]
    doc = open_pdf(ZJJ.read_bytes())
    print("\nzhangjiajie p1-2\tcls\tfigures_exact\ts_per_page\tmean_conf")
    for setting in args.cls.split(","):
        ocr.configure_ocr(ocr.OcrSettings(threads=args.threads, use_cls=setting == "on"))
        started = time.perf_counter()
        pages = [ocr.ocr_page(doc, i) for i in (0, 1)]
        per_page = (time.perf_counter() - started) / 2
        texts = {p.number: "".join(page_lines(p)) for p in pages}
        hit = sum(1 for page, text in rows if text in texts[int(page)])
        conf = statistics.mean(p.conf or 0.0 for p in pages)
        print(f"\t{setting}\t{hit}/{len(rows)}\t{per_page:.2f}\t{conf:.4f}")
    doc.close()


def coverage_report() -> int:
    import pypdfium2 as pdfium

    from extractor.sources.coverage import page_coverage
    from extractor.sources.pdf import pdfium_page_to_page
    from extractor.sources.quality import page_quality

    rows = []
    spent = 0.0
    for path in sorted(CORPUS.rglob("*.pdf")):
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue
        for i in range(len(doc)):
            pdf_page = doc[i]
            try:
                page = pdfium_page_to_page(pdf_page, i + 1)
            except Exception:  # a broken page: not this check's business
                continue
            finally:
                pdf_page.close()
            if page.images <= 0 or not page.chars or not page_quality(page).usable:
                continue
            started = time.perf_counter()
            cov = page_coverage(doc, i, page)
            spent += time.perf_counter() - started
            rows.append((cov.uncovered_share, cov, str(path.relative_to(CORPUS)), i + 1))
        doc.close()
    rows.sort(key=lambda r: -r[0])
    flagged = Counter(name for _, cov, name, _ in rows if cov.incomplete)
    print(f"pages checked: {len(rows)}  ms/page: {1000 * spent / max(1, len(rows)):.1f}")
    print("flagged per document:", dict(flagged))
    print("share\tuncovered/lines\tflag\tpage")
    for share, cov, name, number in rows[:60]:
        print(f"{share:.2f}\t{cov.uncovered_lines}/{cov.lines}\t{cov.incomplete}\t{name} p{number}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

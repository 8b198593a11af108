#!/usr/bin/env python3
"""Turn the hand-written annotation sheets (sheets/*.txt) into the gold JSONL files.

The sheets are what a person edits; the JSONL files beside this script are what tests and
scripts/evaluate_metrics read. This script only does bookkeeping: it locates each surface in
its sentence, scales the printed number by its printed unit (万元 → 元 ×10⁴, % → ratio ÷100)
and checks that every sentence really occurs in the corpus document (whitespace-insensitive).
It never decides what is a metric or what its subject is — that is the annotator's reading.

Sheet syntax (one item a line, ``#`` starts a comment line):

    @doc <path relative to shared/corpus>     (or seeds/<file> for the seed)
    @kind <document kind>
    @year <the document's own year, used to resolve 今年/上年>
    S <sentence, exactly as reflowed>
    M <surface> | <subject> | key=value ...    (a metric of the last S)
    N <sentence that must produce no metric>

Metric keys: q (qualifier), ax (approx: about/more_than/less_than), op (>=, <=, >, <, =),
ch (change: increase/decrease), per (period), alt (other acceptable subjects, ';'-separated),
v / u (value / unit when the surface cannot be read mechanically, e.g. Han numerals),
kind (rank, count, money, percent, ratio, physical, …; guessed from the unit when absent).

Run: python corpora/metrics/build_gold.py  (checks sentences when ../shared/corpus exists)
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent.parent / "shared"

# Printed unit → (base unit, factor, kind). Measure words not listed keep themselves, factor 1.
UNITS = {
    "元": ("元", Decimal(1), "money"),
    "万元": ("元", Decimal(10) ** 4, "money"),
    "亿元": ("元", Decimal(10) ** 8, "money"),
    "万亿元": ("元", Decimal(10) ** 12, "money"),
    "千元": ("元", Decimal(10) ** 3, "money"),
    "%": ("ratio", Decimal("0.01"), "percent"),
    "‰": ("ratio", Decimal("0.001"), "percent"),
    "个百分点": ("百分点", Decimal(1), "percentage_point"),
    "百分点": ("百分点", Decimal(1), "percentage_point"),
}
SCALES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}
HAN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
NUM = re.compile(r"(?P<rank>第|前|全[省市国区]第|全国第)?\s*(?P<num>[0-9][0-9,，]*(?:\.\s?[0-9]+)?)"
                 r"\s*(?P<approx>多|余)?\s*(?P<unit>.*)$")


def surface_to_value(surface: str, over: dict[str, str]) -> dict[str, str]:
    """Value, unit and base value read mechanically off an annotated surface."""
    m = NUM.search(surface)
    if "v" in over:
        value = Decimal(over["v"])
        unit = over.get("u", "")
        rank = surface.startswith(("第", "前", "全"))
    elif m:
        value = Decimal(re.sub(r"[,，\s]", "", m["num"]))
        # Approximation and comparator words are qualifiers, not part of the unit.
        unit = re.sub(r"\s|左右|以上|以下|以内|多|余", "", m["unit"])
        unit = over.get("u", unit)
        rank = bool(m["rank"])
    else:
        raise ValueError(f"cannot read a number in {surface!r}; give v= and u=")
    if "/" in surface and "v" not in over:
        num, den = re.findall(r"\d+", surface)[:2]
        value, unit = Decimal(num) / Decimal(den), "ratio"
    kind = over.get("kind")
    base_unit, factor = unit, Decimal(1)
    if unit in UNITS:
        base_unit, factor, k = UNITS[unit]
        kind = kind or k
    else:
        for prefix in sorted(SCALES, key=len, reverse=True):
            if unit.startswith(prefix) and len(unit) > len(prefix):
                base_unit, factor = unit[len(prefix):], SCALES[prefix]
                break
    if rank:
        kind = "rank"
    if unit == "ratio":
        kind = kind or "ratio"
    base = value * factor
    return {"value": fmt(value), "unit": unit, "base_value": fmt(base), "base_unit": base_unit,
            "kind": kind or "count"}


def fmt(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def doc_text(rel: str) -> str | None:
    path = SHARED / rel if rel.startswith("seeds/") else SHARED / "corpus" / rel
    if not path.exists():
        return None
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    if path.suffix == ".docx":  # the body's text runs, tags out (paragraph ends do not matter)
        import zipfile

        with zipfile.ZipFile(path) as docx:
            return re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    return path.read_text(encoding="utf-8")


# ty= names the indicator types a 绩效目标表 would file the metric under, preferred first, in
# the framework's 二级 words without 指标 (成本 covers its subtypes).
TYPE_WORDS = ("数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响")


def type_label(word: str, where: str) -> str:
    if word == "满意度":
        return "服务对象满意度指标"
    if word not in TYPE_WORDS:
        sys.exit(f"{where}: ty={word} is not one of {', '.join(TYPE_WORDS)}, 满意度")
    return word + "指标"


def squeeze(s: str) -> str:
    # Page footers (—— 7 ——, bare page numbers) sit between the halves of a reflowed sentence.
    s = re.sub(r"(?m)^\s*[—－\-]*\s*\d{1,3}\s*[—－\-]*\s*$", "", s)
    s = re.sub(r"[\s\u200b\ufeff]+", "", s)  # zero-width spaces sit inside some dumps
    # A broken font may draw its decimal point as a private-use code point (天津 2025: ０\U001001b0４,
    # which the reader repairs to ０．４): points are left out of the comparison on both sides.
    return re.sub("[.．\ue000-\uf8ff\U000f0000-\U0010ffff]", "", s)


def sheet_to_rows(path: Path) -> list[dict]:
    rows: list[dict] = []
    meta: dict[str, str] = {}
    sentence = None
    cursor = 0
    text = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{lineno}"
        if line.startswith("@"):
            key, _, val = line[1:].partition(" ")
            meta[key] = val.strip()
            if key == "doc":
                text = doc_text(meta["doc"])
                text = squeeze(text) if text is not None else None
            continue
        tag, body = line[0], line[2:].strip()
        if tag in "SN":
            if text is not None and squeeze(body) not in text:
                sys.exit(f"{where}: sentence not found in {meta['doc']}: {body[:40]}…")
            sentence, cursor = body, 0
            if tag == "N":
                rows.append({"doc": meta["doc"], "kind_of_doc": meta.get("kind"),
                             "year": int(meta["year"]) if meta.get("year") else None,
                             "negative": True, "sentence": body})
            continue
        if tag != "M" or sentence is None:
            sys.exit(f"{where}: expected S, N, M or @ line")
        parts = [p.strip() for p in body.split("|")]
        surface, subject = parts[0], parts[1]
        keys = " ".join(parts[2:]).split()
        over = dict(kv.split("=", 1) for kv in keys)
        start = sentence.find(surface, cursor)
        if start < 0:
            start = sentence.find(surface)
        if start < 0:
            sys.exit(f"{where}: surface {surface!r} not in sentence")
        cursor = start + len(surface)
        row = {"doc": meta["doc"], "kind_of_doc": meta.get("kind"),
               "year": int(meta["year"]) if meta.get("year") else None, "negative": False,
               "sentence": sentence, "text": surface, "start": start, "end": cursor}
        row.update(surface_to_value(surface, over))
        row.update({
            "subject": subject,
            "subject_alts": [a for a in over.get("alt", "").split(";") if a],
            "qualifier": over.get("q"),
            "approx": over.get("ax"),
            "op": over.get("op"),
            "change": over.get("ch"),
            "period": over.get("per"),
        })
        if "ty" in over:
            row["types"] = [type_label(t, where) for t in over["ty"].split(";")]
        rows.append(row)
    return rows


def main() -> int:
    total = 0
    for sheet in sorted((HERE / "sheets").glob("*.txt")):
        rows = sheet_to_rows(sheet)
        out = HERE / (sheet.stem + ".jsonl")
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        pos = sum(not r["negative"] for r in rows)
        total += pos
        print(f"{out.name}: {pos} metrics, {len(rows) - pos} negatives")
    print(f"total metrics: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The spec of extractor.numbers as data: every row of corpora/numbers/*.tsv is one test.

File kinds, by name prefix (see corpora/numbers/README.md for the row format):
  numerals_*.tsv    parse_number(input) == expected decimal (or none)
  quantities_*.tsv  find_quantities(input) gives exactly the expected quantities, in order
  values_*.tsv      parse_value(input) gives the one expected quantity (or -)
A row whose note starts with "xfail" is a known failure, run as xfail(strict=True).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor.numbers import find_quantities, parse_number, parse_value

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "numbers"

# DSL keys -> Quantity attributes
KEYS = {
    "v": "value",
    "u": "unit",
    "b": "base_value",
    "bu": "base_unit",
    "op": "op",
    "ap": "approx",
    "lo": "low",
    "hi": "high",
    "ch": "change",
    "p": "period",
    "y": "year",
    "m": "month",
    "d": "day",
    "bl": "base_low",
    "bh": "base_high",
    "rule": "rule",
}
DECIMAL_KEYS = {"v", "b", "lo", "hi", "bl", "bh"}
INT_KEYS = {"y", "m", "d"}
# Checked on every non-date quantity even when the row leaves them out (absent means None).
ALWAYS = ("op", "ap", "ch", "lo", "hi")


def unescape(s: str) -> str:
    return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def parse_expected(cell: str) -> list[dict]:
    """`⟦surface⟧ kind k=v ... ; ⟦…⟧ …` or `-` (nothing)."""
    cell = cell.strip()
    if cell == "-":
        return []
    items = []
    for part in cell.split(" ; "):
        part = part.strip()
        assert part.startswith("⟦") and "⟧" in part, f"bad expected item: {part!r}"
        surface, rest = part[1:].split("⟧", 1)
        words = rest.split()
        item: dict = {"text": unescape(surface), "kind": words[0]}
        for w in words[1:]:
            k, _, v = w.partition("=")
            assert k in KEYS, f"unknown key {k!r} in {part!r}"
            item[k] = unescape(v)
        items.append(item)
    return items


def load_rows(prefix: str) -> list:
    params = []
    for path in sorted(CORPUS.glob(f"{prefix}_*.tsv")):
        context = "prose"
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("# context:"):
                context = line.split(":", 1)[1].strip()
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            assert len(cols) >= 3, f"{path.name}:{lineno}: needs id, input, expected"
            row_id, text, expected = cols[0], unescape(cols[1]), cols[2]
            note = cols[3] if len(cols) > 3 else ""
            marks = (
                [pytest.mark.xfail(strict=True, reason=note)] if note.startswith("xfail") else []
            )
            params.append(
                pytest.param(text, expected, context, id=f"{path.stem}:{row_id}", marks=marks)
            )
    return params


def as_expected(key: str, raw: str):
    if raw == "none":
        return None
    if raw == "∅":
        return ""
    if key in DECIMAL_KEYS:
        return Decimal(raw)
    if key in INT_KEYS:
        return int(raw)
    return raw


def check_quantity(q, exp: dict, source: str) -> None:
    assert q.text == exp["text"], f"text {q.text!r} != {exp['text']!r}"
    assert source[q.start : q.end] == q.text
    assert q.kind == exp["kind"], f"{q.text!r}: kind {q.kind} != {exp['kind']}"
    checks = dict(exp)
    if q.kind != "date":
        if "lo" in checks:
            checks.setdefault("v", "none")
        checks.setdefault("b", checks.get("v", "none") if "v" in checks else None)
        checks.setdefault("bu", checks.get("u"))
        for k in ALWAYS:
            checks.setdefault(k, "none")
    for key, raw in checks.items():
        if key in ("text", "kind") or raw is None:
            continue
        got = getattr(q, KEYS[key])
        want = as_expected(key, raw)
        assert got == want, f"{q.text!r}: {KEYS[key]} {got!r} != {want!r}"


@pytest.mark.parametrize("text,expected,context", load_rows("numerals"))
def test_parse_number(text: str, expected: str, context: str) -> None:
    want = None if expected.strip() == "none" else Decimal(expected.strip())
    got = parse_number(text)
    assert got == want
    if got is not None:
        assert got.is_finite()


@pytest.mark.parametrize("text,expected,context", load_rows("quantities"))
def test_find_quantities(text: str, expected: str, context: str) -> None:
    want = parse_expected(expected)
    got = find_quantities(text, context=context)
    assert [q.text for q in got] == [w["text"] for w in want]
    for q, w in zip(got, want, strict=True):
        check_quantity(q, w, text)


@pytest.mark.parametrize("text,expected,context", load_rows("values"))
def test_parse_value(text: str, expected: str, context: str) -> None:
    want = parse_expected(expected)
    got = parse_value(text, context=context if context != "prose" else "target")
    if not want:
        assert got is None
        return
    assert got is not None
    check_quantity(got, want[0], text)


def test_corpus_is_big_enough() -> None:
    """The issue's bar: >= 800 cases, >= 150 negatives, >= 20 source documents."""
    rows = load_rows("numerals") + load_rows("quantities") + load_rows("values")
    negatives = [p for p in rows if p.values[1].strip() in ("-", "none")]
    docs = list(CORPUS.glob("quantities_doc_*.tsv"))
    assert len(rows) >= 800
    assert len(negatives) >= 150
    assert len(docs) >= 20

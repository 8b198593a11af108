"""Indicator cell values: header names → fields, and cell text → quantity dicts / decimals.

Whole-cell values go through ``extractor.numbers.parse_value`` (the project's one quantity
parser). Until that module is importable a small stand-in (``_fallback_quantity``) reads the
common shapes — comparator, number, unit; 是/否; — as empty — into the same dict keys, so the
table code and its tests run; the stand-in is dropped from use as soon as
``extractor.numbers`` exists.
"""

from __future__ import annotations

import functools
import unicodedata
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

import regex

# Cells that say "nothing here".
_EMPTY = regex.compile(r"^[\s—–\-－/／、无空]*$|^(无|不适用|N/?A)$")
# Header decorations: （分）, (%)，（万元）.
_HEADER_DECOR = regex.compile(r"[（(][^()（）]{0,6}[)）]$")


@functools.cache
def header_patterns() -> list[tuple[str, regex.Pattern[str]]]:
    ref = resources.files("extractor") / "data" / "tables" / "indicator_headers.tsv"
    rows = [
        line.split("\t")
        for line in ref.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [(field, regex.compile(pattern)) for field, pattern in rows[1:]]


def clean_header(text: str) -> str:
    text = regex.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return _HEADER_DECOR.sub("", text)


def header_to_field(text: str) -> str | None:
    """The indicator field a header cell names (年度指标值 → target), or None."""
    text = clean_header(text)
    for field, pattern in header_patterns():
        if pattern.match(text):
            return field
    return None


def is_empty_value(text: str) -> bool:
    return bool(_EMPTY.match(text or ""))


def cell_to_decimal(text: str) -> str | None:
    """A weight or score cell as a decimal string ("10", "4.5"), else None."""
    text = regex.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    text = text.removesuffix("分")
    if not regex.match(r"^-?\d+(?:\.\d+)?$", text):
        return None
    try:
        return str(Decimal(text))
    except InvalidOperation:  # pragma: no cover
        return None


def _parse_value() -> Any:
    try:
        from extractor.numbers import parse_value
    except ImportError:
        return None
    return parse_value


def cell_to_quantity(text: str, context: str = "target") -> dict[str, Any] | None:
    """The quantity dict of a whole value cell (≥95% → op ">=", value "95", unit "%"), or
    None for empty cells and text that holds no value (提升, 逐步完善)."""
    if not text or is_empty_value(text):
        return None
    parse = _parse_value()
    if parse is not None:
        try:
            quantity = parse(text, context=context)
        except Exception:  # noqa: BLE001 - a bad cell never sinks a table
            return None
        return quantity.to_dict() if quantity is not None else None
    return _fallback_quantity(text)


# --- stand-in until extractor.numbers is importable ------------------------------------------

_OPS = [
    (r"大于或等于|大于等于|不低于|不少于|不小于|≥|>=|≧|以上", ">="),
    (r"小于或等于|小于等于|不高于|不超过|不大于|≤|<=|≦|以内|以下", "<="),
    (r"大于|高于|超过|多于|>", ">"),
    (r"小于|低于|少于|<", "<"),
    (r"等于|=|达到", "="),
]
_NUMBER = regex.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>[^\d\s,，;；]{0,6})")


def _fallback_quantity(text: str) -> dict[str, Any] | None:
    raw = text
    text = regex.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if text in ("是", "否"):
        return {"text": raw, "value": text == "是", "unit": "", "kind": "boolean", "op": "="}
    match = _NUMBER.search(text)
    if match is None:
        return None
    op = "="
    for pattern, name in _OPS:
        if regex.search(pattern, text):
            op = name
            break
    unit = match.group("unit")
    kind = "percent" if unit == "%" else "date" if unit in ("月", "月底", "月前") else "count"
    return {
        "text": raw,
        "value": str(Decimal(match.group("num").replace(",", ""))),
        "unit": unit,
        "kind": kind,
        "op": op,
        "approx": None,
        "parser": "fallback",
    }

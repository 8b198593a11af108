"""Indicator cell values: header names → fields, and cell text → quantity dicts / decimals.

Whole-cell values go through ``extractor.numbers.parse_value`` (the project's one quantity
parser); weights and scores are plain decimals.
"""

from __future__ import annotations

import functools
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

import regex

from extractor.datafiles import data_rows, first_match, matched_index
from extractor.numbers import find_quantities, parse_value

# Cells that say "nothing here".
_EMPTY = regex.compile(r"^[\s—–\-－/／、无空]*$|^(无|不适用|N/?A)$")
# Header decorations: （分）, (%)，（万元）.
_HEADER_DECOR = regex.compile(r"[（(][^()（）]{0,6}[)）]$")


@functools.cache
def header_patterns() -> tuple[list[str], regex.Pattern[str]]:
    """The fields of data/tables/indicator_headers.tsv and its patterns as one (first wins)."""
    rows = data_rows("tables", "indicator_headers.tsv", header=True)
    return [field for field, _ in rows], first_match([pattern for _, pattern in rows])


def clean_header(text: str) -> str:
    text = regex.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return _HEADER_DECOR.sub("", text)


# Every cell of every table is asked whether it is a header; the same texts recur page after page.
@functools.lru_cache(maxsize=16384)
def header_to_field(text: str) -> str | None:
    """The indicator field a header cell names (年度指标值 → target), or None."""
    fields, pattern = header_patterns()
    match = pattern.match(clean_header(text))
    return fields[matched_index(match)] if match else None


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


def cell_to_quantity(text: str, context: str = "target") -> dict[str, Any] | None:
    """The quantity dict of a whole value cell (≥95% → op ">=", value "95", unit "%"), or
    None for empty cells and text that holds no value (提升, 逐步完善)."""
    if not text or is_empty_value(text):
        return None
    try:
        quantity = parse_value(text, context=context)
    except Exception:  # noqa: BLE001 - one odd cell never sinks a table
        return None
    return quantity.to_dict() if quantity is not None else None


# A cell with one figure a case (初中6000元/生/年；小学5000元/生/年) is read clause by clause;
# 、 is no break there, as it joins the names of one case (书记、校长：≤15.16万元/学年).
_PART_CLAUSE = regex.compile(r"[^；;，,。\n]+")
# Words that only join a case to its figure (市一级幼儿园按5250元/生/年, 副校长分别为125人), and
# the marks around a case's name.
_PART_JOINER = regex.compile(r"(?:分别为|分别|按照|按|为|：|:)+$")
_PART_EDGE = "、：:，, \t"


def cell_to_parts(text: str, context: str = "target") -> list[dict[str, Any]]:
    """The figures of a value cell that holds one a case, each with the words that name its case
    (``label``) and its quantity, offsets into the cell text: 书记、校长：≤15.16万元/学年，副书记、
    副校长：≤5.98万元/学年 → 书记、校长 | ≤15.16万元/学年, 副书记、副校长 | ≤5.98万元/学年. A date
    stays in the label (2025年≤571.33元/吨 → 2025年). A clause opening on its figure has its
    names after the figures (1份评价总报告、39份子报告 → 评价总报告 | 1份, 子报告 | 39份)."""
    if not text or is_empty_value(text):
        return []
    try:
        found = [q for q in find_quantities(text, context=context) if q.kind != "date"]
    except Exception:  # noqa: BLE001 - one odd cell never sinks a table
        return []
    parts: list[dict[str, Any]] = []
    for clause in _PART_CLAUSE.finditer(text):
        inside = [q for q in found if clause.start() <= q.start and q.end <= clause.end()]
        if not inside:
            continue
        after = not text[clause.start():inside[0].start].strip(_PART_EDGE)
        for i, q in enumerate(inside):
            if after:
                stop = inside[i + 1].start if i + 1 < len(inside) else clause.end()
                label = text[q.end:stop]
            else:
                label = text[inside[i - 1].end if i else clause.start():q.start]
                label = _PART_JOINER.sub("", label.strip(_PART_EDGE))
            parts.append({"label": label.strip(_PART_EDGE), "quantity": q.to_dict()})
    return parts


# The 二级 labels whose values are sums of money when they are sums at all: 经济成本 is what a
# project costs in yuan; 社会成本 and 生态环境成本 are costs of another kind (征地面积, 排放量).
YUAN_LEVELS = frozenset({"成本指标", "经济成本指标"})


def yuan_of_cost_row(
    quantity: dict[str, Any] | None, level1: str | None, level2: str | None
) -> dict[str, Any] | None:
    """A figure with its scale word but no 元 in a cost row (预算控制数 | 年均预算≤3000万,
    不超预算额1000万) is yuan, as in the rows around it that print 万元: kind money, base
    unit 元, and the rule says the unit was read from the row (``+yuan_of_row``); the printed
    unit stays 万. A row whose 二级 is missing counts by its 一级 (成本指标)."""
    if quantity is None or quantity["kind"] != "number":
        return quantity
    if quantity["unit"] not in ("万", "亿", "万亿", "千万"):
        return quantity
    level = level2 or (level1 if level1 == "成本指标" else None)
    if level not in YUAN_LEVELS:
        return quantity
    return {
        **quantity,
        "kind": "money",
        "base_unit": "元",
        "rule": quantity["rule"] + "+yuan_of_row",
    }

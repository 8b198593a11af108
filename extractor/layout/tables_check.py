"""Invariants of budget tables: a 合计/总计 row equals the sum of the rows it totals.

Budget tables nest their rows (类 201 > 款 20101 > 项 2010101, or indented names), so "the
rows it totals" is tried three ways, and the first that holds is reported:

- ``all``: every body row between the header and the total row;
- ``top``: the rows with the shortest subject code (类), when the first column holds codes;
- ``leaf``: the rows with the longest subject code (项).

A total that none of these explains gives a warning naming the column and both figures.
Values are plain decimal cells (``1,234.56``); anything else is skipped, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import regex

from extractor.layout.tables_header import clean

if TYPE_CHECKING:
    from extractor.layout.tables import Table

_PLAIN = regex.compile(r"^[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[-−]?\d+(?:\.\d+)?$")
_CODE = regex.compile(r"^\d{3,}$")
# Totals printed with two decimals may differ from the sum of rounded rows by a cent a row.
ROUNDING = Decimal("0.011")


@dataclass(frozen=True, slots=True)
class TotalCheck:
    row: int
    col: int
    total: Decimal
    expected: Decimal | None  # the sum under the first rule that matched, else the `all` sum
    rule: str  # "all", "top", "leaf" or "" when none matched
    rows: int  # how many rows were summed

    @property
    def ok(self) -> bool:
        return bool(self.rule)


def cell_decimal(text: str) -> Decimal | None:
    text = clean(text).replace("，", ",").replace("−", "-")
    if not _PLAIN.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None


def check_totals(table: Table) -> list[TotalCheck]:
    """One check per numeric cell of every total row (empty when the table has none)."""
    rows = table.text_rows()
    checks: list[TotalCheck] = []
    header_end = max(table.header_rows, default=-1) + 1
    start = header_end
    for total_row in table.total_rows:
        body = [
            r
            for r in range(start, len(rows))
            if r != total_row and r not in table.total_rows and r not in table.header_rows
        ]
        # A total at the top (合计 first, details after) totals the rows under it up to the next
        # total; at the bottom, the rows above it.
        if total_row < min(body, default=total_row):
            nxt = [t for t in table.total_rows if t > total_row]
            body = [r for r in body if r > total_row and (not nxt or r < nxt[0])]
        else:
            body = [r for r in body if r < total_row]
            start = total_row + 1
        codes = {r: clean(rows[r][0]) for r in body if _CODE.match(clean(rows[r][0]))}
        for col in range(1, table.n_cols):
            total = cell_decimal(rows[total_row][col])
            if total is None:
                continue
            checks.append(_check(rows, body, codes, total_row, col, total))
    return checks


def _sum(rows: list[list[str]], selected: list[int], col: int) -> tuple[Decimal, int]:
    values = [cell_decimal(rows[r][col]) for r in selected]
    found = [v for v in values if v is not None]
    return sum(found, Decimal(0)), len(found)


def _check(
    rows: list[list[str]],
    body: list[int],
    codes: dict[int, str],
    total_row: int,
    col: int,
    total: Decimal,
) -> TotalCheck:
    candidates = [("all", body)]
    if codes:
        shortest = min(len(c) for c in codes.values())
        longest = max(len(c) for c in codes.values())
        candidates.append(("top", [r for r, c in codes.items() if len(c) == shortest]))
        candidates.append(("leaf", [r for r, c in codes.items() if len(c) == longest]))
    first: tuple[Decimal, int] | None = None
    for rule, selected in candidates:
        value, count = _sum(rows, selected, col)
        first = first or (value, count)
        if count and abs(value - total) <= ROUNDING * max(count, 1):
            return TotalCheck(total_row, col, total, value, rule, count)
    assert first is not None
    return TotalCheck(total_row, col, total, first[0] if first[1] else None, "", first[1])


def check_table(table: Table) -> list[str]:
    """Warnings for totals that do not add up."""
    warnings = []
    for check in check_totals(table):
        if not check.ok and check.rows:
            warnings.append(
                f"{table.table_id}: row {check.row} column {check.col} total {check.total} "
                f"!= sum of rows {check.expected}"
            )
    return warnings

"""Invariants of budget tables: a 合计/总计 row equals the sum of the rows it totals.

Budget tables nest their rows (类 201 > 款 20101 > 项 2010101, or indented names), so "the
rows it totals" is tried several ways, and the first that holds is reported:

- ``all``: every body row between the header and the total row;
- ``top``: the rows with the shortest subject code (类), when the first column holds codes;
- ``leaf``: the rows with the longest subject code (项);
- ``classes``: the rows named as a 类 of the government classification
  (``data/tables/budget_classes.tsv``), for 类, 款 and 项 listed flush left without codes;
- ``running``: for a second total under a first one, the first plus the rows between
  (``running_heads``: without the 一、二、… breakdown of a row between; ``running_balance``:
  without a 本年收支结余 row, income less spending, shown but not added; ``running_gap``: the
  first plus the one or two rows between whose values fill the gap exactly, when the rest are
  the first's own breakdown, incomplete and unmarked; a 小计 row stands for the first total);
- ``indent``: the least indented rows, when row labels are indented by level;
- ``below``: for a total among the rows, the rows under it up to the next total (a
  subtotal printed above its items when the table's first row is no total);
- ``subtotals``: for a total at the top, the rows up to the next total plus the later
  totals (全市合计 = 市本级 + 县（市）区合计);
- ``subtotal_rows``: the rows labelled 小计, when there are several, each a block's (合计 =
  一般债券 小计 + 专项债券 小计, the rows between breaking the same sums down another way);
- ``numbered``: rows labelled 一、二、… (``numbered2``: （一）（二）…), for tables without codes;
  ``numbered_subtotal``: the last numbered 小计 row (七、本年收入小计) and the numbered rows
  after it;
- ``nested``: the top rows of the hierarchy the values themselves show (a row whose next rows,
  with their own children, add up to it is their parent), for tables without codes or indents;
  ``nested_subtotals`` also folds a subtotal printed below its items into one top row;
  ``running_nested`` the same over a running total's rows;
- ``sparse_level``: the rows filled in the column that fills fewest, when they add up to its
  total (a 预算数 column printed for 类 rows only);
- ``empty``: a zero total closing a table of top totals, with no rows under it;
- ``carried``: a total at the top that a later total's running sum starts from (a 平衡表's
  地方本级收入合计, carried from the table that details it);
- ``rest_of_part``: a total right under a 其中 line, which with it makes up the row above them
  (债务余额, 其中：市本级, 区市合计).

A total that none of these explains gives a warning naming the column and both figures.
Totals stacked three or more in a row are the first and its parts (``split``, when the parts add
up to it: 省级支出合计 over 省本级支出合计 and 专项转移支付合计) or else figures named so
(资产总额合计, 负债总额合计, …), which are not checked.
Columns whose header names a ratio, a growth rate (%, 增长, 率, 比) or a row number (栏次)
are not checked.
Values are plain decimal cells (``1,234.56``); anything else is skipped, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from extractor.datafiles import data_rows
from extractor.layout.tables_header import clean, first_label

if TYPE_CHECKING:
    from extractor.layout.tables import Table

_PLAIN = regex.compile(r"^[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[-−]?\d+(?:\.\d+)?$")
_CODE = regex.compile(r"^\d{3,}$")
# Footnote marks set against a figure (江苏 2018: ③26,932,005, 年末滚存结余② ⑤75,871,618):
# circled and bracketed numbers, which NFKC would turn into digits of the figure.
_FOOTNOTE_MARKS = regex.compile(
    r"^[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793]+|[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793]+$"
)
# Row labels numbered as top-level items (一、税收收入) or second-level ones (（一）上级补助收入).
_NUMBERED = (
    ("numbered", regex.compile(r"^[一二三四五六七八九十]+[、.．]")),
    ("numbered2", regex.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
)
# A top-level item's number before its name (一、教育支出, 1.教育支出, （一）教育支出).
_ITEM_NUMBER = regex.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)


@lru_cache(maxsize=1)
def budget_classes() -> frozenset[str]:
    """Names of the 类 of the government classification (data/tables/budget_classes.tsv)."""
    return frozenset(row[0] for row in data_rows("tables", "budget_classes.tsv", header=True))


def is_budget_class(label: str) -> bool:
    return _ITEM_NUMBER.sub("", clean(label)) in budget_classes()


# The year's balance, income less spending: a derived figure no total adds.
_YEAR_BALANCE = regex.compile(r"收支结余")
# A row that details part of the row above (其中：调入当年一般公共预算).
_PART_OF = regex.compile(r"^其中")
# Columns of ratios and growth rates (为预算数的%, 增长%, 完成率) do not add up, nor do the
# numbers of the rows (栏次 1, 2, 3 … beside the 科目 of a 预算表).
_NOT_ADDITIVE = regex.compile(r"%|％|比|增长|增减|增幅|幅度|率|占|栏次|行次|序号")
# Each printed row was rounded to the total's last digit, and so was the total, so the sum of n
# rows may differ from the printed total by up to n + 1 half-units of that digit (71,309,155
# vs 71,309,156 万元; 26,869 + 28,647 = 55,516 printed as 55,517).
ROUNDING = Decimal("0.5")
# This many total rows one under another are parts of the first or named figures
# (_stacked_totals).
STACKED = 3


@dataclass(frozen=True, slots=True)
class TotalCheck:
    row: int
    col: int
    total: Decimal
    expected: Decimal | None  # the sum under the first rule that matched, else the closest sum
    rule: str  # the rule that explains the total (module docstring), "" when none does
    rows: int  # how many rows were summed
    summed: tuple[int, ...] = ()  # the rows the matching rule summed

    @property
    def ok(self) -> bool:
        return bool(self.rule)


@lru_cache(maxsize=65536)
def cell_decimal(text: str) -> Decimal | None:
    text = clean(_FOOTNOTE_MARKS.sub("", text.strip())).replace("，", ",").replace("−", "-")
    if not _PLAIN.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None


def check_totals(table: Table) -> list[TotalCheck]:
    """One check per numeric cell of every total row (empty when the table has none)."""
    rows = table.text_rows()
    names = table.column_names()
    indents = [[c.indent if c is not None else 0.0 for c in row] for row in table.matrix()]
    checks: list[TotalCheck] = []
    start = 0  # body starts under the top run of header rows
    while start in table.header_rows:
        start += 1
    previous: int | None = None
    # Totals printed above their details (合计 as the first body row): every total then sums
    # the rows under it.
    top_style = bool(table.total_rows) and table.total_rows[0] == start
    explained: dict[tuple[int, int], set[int]] = {}  # (total row, column) → the rows it summed
    tops: set[int] = set()  # totals checked against the rows under them
    named, parts = _stacked_totals(rows, table.total_rows)
    for total_row in table.total_rows:
        if first_label(rows[total_row]).startswith("总分"):
            continue  # scores, not amounts: checked against weights by the indicator stage
        if total_row in named:
            continue
        rest = _rest_of_part(rows, total_row, table.n_cols, names)
        if rest:
            checks += rest
            continue
        if total_row in parts:
            # A part of the total above it, which the parts add up to: that total, not this
            # part, is what a later running total carries on from.
            head = parts[total_row]
            checks += [
                TotalCheck(total_row, col, value, value, "split", 1, (head,))
                for col in range(1, table.n_cols)
                if (value := cell_decimal(rows[total_row][col])) is not None
                and not _NOT_ADDITIVE.search(names[col])
            ]
            continue
        body = [
            r
            for r in range(start, len(rows))
            if r != total_row and r not in table.total_rows and r not in table.header_rows
        ]
        running: list[int] = []
        subtotals: list[int] = []
        below: list[int] = []
        nxt = [t for t in table.total_rows if t > total_row]
        # The rows under a total end at the next total, or at an empty row set between blocks
        # (青岛 2025: 一般公共预算收入合计 over 税收收入 … 其他非税收入, a blank row, then the
        # transfers that only 收入总计 sums).
        end = next((r for r in body if r > total_row and not any(rows[r])), len(rows))
        under = [r for r in body if r > total_row and r < end and (not nxt or r < nxt[0])]
        # A total at the top (合计 first, details after) totals the rows under it up to the next
        # total; at the bottom, the rows above it (or the previous total plus the rows since:
        # 总计 = 本年收入合计 + 年初结转和结余). The last total of a table whose first row is a
        # total has no rows under it: it is a bottom one (a 平衡表's 收入总计).
        at_top = top_style or total_row < min(body, default=total_row)
        if at_top and under:
            tops.add(total_row)
            body = under
            # 全市合计 over 市本级 and 县（市）区合计, itself over the counties.
            subtotals = [*body, *nxt]
        else:
            if previous is not None:
                running = [previous, *(r for r in body if previous < r < total_row)]
            # A subtotal above its own rows under a first row that is no total (济南 2025: 济南市,
            # then 市级合计 over 市本级 …, then 区县合计 over the districts).
            below = under
            body = [r for r in body if r < total_row]
            start = total_row + 1
        previous = total_row
        columns = [
            (col, total)
            for col in range(1, table.n_cols)
            if (total := cell_decimal(rows[total_row][col])) is not None
            and not _NOT_ADDITIVE.search(names[col])
        ]
        level = _sparse_level(rows, body, columns)
        for col, total in columns:
            if at_top and not under and not total:
                # 横琴合作区收入合计 0 closing a table of top totals: a block with no rows.
                checks.append(TotalCheck(total_row, col, total, Decimal(0), "empty", 0))
                continue
            label = _label_column(rows[total_row], col)
            extra = [("subtotals", subtotals)] if subtotals else []
            extra += [("below", below)] if below else []
            extra += _indent_levels(indents, body, label)
            extra += [("sparse_level", level)] if level else []
            # A running sum takes the previous total, not the rows that total already summed.
            summed = explained.get((running[0], col), set()) if running else set()
            own = [r for r in running if r not in summed]
            check = _check(rows, body, own, label, total_row, col, total, extra)
            if check.ok and not running:
                explained[(total_row, col)] = _explained_rows(rows, body, check)
            checks.append(check)
    return _carried(checks, tops)


def _rest_of_part(
    rows: list[list[str]], total_row: int, n_cols: int, names: list[str]
) -> list[TotalCheck]:
    """A total right under a 其中 line that, with it, makes up the row above them (威海 2026:
    全市政府债务余额 14518143, 其中：市本级 1860677, 区市合计 12657466): the rest of that row, not
    a sum of rows of its own (rule ``rest_of_part``). Empty when the figures do not say so."""
    if total_row < 2 or not _PART_OF.match(first_label(rows[total_row - 1])):
        return []
    whole, part = rows[total_row - 2], rows[total_row - 1]
    out = []
    for col in range(1, n_cols):
        total = cell_decimal(rows[total_row][col])
        if total is None or _NOT_ADDITIVE.search(names[col]):
            continue
        head, share = cell_decimal(whole[col]), cell_decimal(part[col])
        if head is None or share is None:
            return []
        if abs(share + total - head) >= ROUNDING * _quantum(total) * 3:
            return []
        out.append(
            TotalCheck(total_row, col, total, head - share, "rest_of_part", 2, (total_row - 2,))
        )
    return out


def _explained_rows(rows: list[list[str]], body: list[int], check: TotalCheck) -> set[int]:
    """The rows a total accounts for, which a running total after it must not add again: the
    rows it summed, and for 类 rows their 款 and 项 too (up to where the last 类's own rows,
    added up from the values, end)."""
    if check.rule != "classes" or not check.summed:
        return set(check.summed)
    first, last = check.summed[0], check.summed[-1]
    tail = [r for r in body if r >= last]
    roots = nested_roots(rows, tail, check.col, check.total)
    end = roots[1] if len(roots) > 1 else (tail[-1] + 1 if tail else last + 1)
    return {r for r in body if first <= r < end}


def _stacked_totals(
    rows: list[list[str]], total_rows: list[int]
) -> tuple[set[int], dict[int, int]]:
    """Totals printed one under another, STACKED or more with nothing between them. When the
    first equals the sum of the others in every column, they are its parts (江苏 2018: 省级支出合计
    over 省本级支出合计 and 专项转移支付合计): each part → the first. Otherwise they are figures
    named so, not sums of rows of the table (广州 2025 p. 221: 资产总额合计, 负债总额合计,
    所有者权益合计, 利润总额合计, 净利润合计). Returns (named, parts)."""
    named: set[int] = set()
    parts: dict[int, int] = {}
    run: list[int] = []
    for r in [*total_rows, -2]:
        if run and r == run[-1] + 1:
            run.append(r)
            continue
        if len(run) >= STACKED:
            if _adds_up(rows, run[0], run[1:]):
                parts.update({part: run[0] for part in run[1:]})
            else:
                named.update(run)
        run = [r]
    return named, parts


def _adds_up(rows: list[list[str]], head: int, parts: list[int]) -> bool:
    """Whether row ``head`` is the sum of ``parts`` in every column where it has a figure."""
    compared = 0
    for col in range(1, len(rows[head])):
        total = cell_decimal(rows[head][col])
        if total is None:
            continue
        values = [cell_decimal(rows[r][col]) for r in parts]
        value = sum((v for v in values if v is not None), Decimal(0))
        if abs(value - total) >= ROUNDING * _quantum(total) * (len(parts) + 1):
            return False
        compared += 1
    return compared > 0


def _carried(checks: list[TotalCheck], tops: set[int]) -> list[TotalCheck]:
    """A 合计 at the top that no rows under it explain, but that a later total's running sum
    takes in, is a figure carried from another table (a 平衡表's 地方本级收入合计 over
    转移性收入 …, all summed by 收入总计): not a total gone wrong."""
    held = {(r, c.col) for c in checks if c.rule.startswith("running") for r in c.summed}
    return [
        replace(c, rule="carried") if not c.ok and c.row in tops and (c.row, c.col) in held else c
        for c in checks
    ]


def _sparse_level(
    rows: list[list[str]], body: list[int], columns: list[tuple[int, Decimal]]
) -> list[int]:
    """The top rows, when one column fills only them: 宁夏 2018 prints 变动预算数 for the 类
    (一般公共服务支出) and leaves it blank for the 款 under them (人大事务, 政协事务 …), which the
    other columns fill. The rows with a value in the sparsest column are the top level, provided
    they add up to that column's total."""
    filled = {
        col: [r for r in body if cell_decimal(rows[r][col]) is not None] for col, _ in columns
    }
    if len(filled) < 2:
        return []
    col, total = min(columns, key=lambda c: len(filled[c[0]]))
    level = filled[col]
    if not level or len(level) == max(len(v) for v in filled.values()):
        return []
    value, count = _sum(rows, level, col)
    quantum = _quantum(total)
    return level if abs(value - total) < ROUNDING * quantum * count else []


# Label indents closer than this (points) are one nesting level.
INDENT_STEP = 3.0


def _indent_levels(
    indents: list[list[float]], body: list[int], label: int
) -> list[tuple[str, list[int]]]:
    """The least indented rows (类 over indented 款 and 项), when labels are indented at all."""
    levels = {r: indents[r][label] for r in body}
    if not levels or max(levels.values()) - min(levels.values()) < INDENT_STEP:
        return []
    low = min(levels.values())
    return [("indent", [r for r, x in levels.items() if x < low + INDENT_STEP])]


def _label_column(total_texts: list[str], col: int) -> int:
    """The column naming the rows a value column belongs to: the nearest text column to the left
    in the total row (side-by-side 收入 | 支出 tables have one per half)."""
    for c in range(col - 1, -1, -1):
        text = clean(total_texts[c])
        if text and cell_decimal(text) is None:
            return c
    return 0


def _row_code(texts: list[str], upto: int) -> str:
    """A subject code, possibly split over 类 | 款 | 项 columns: 201 | 06 | 01 → 2010601."""
    code = ""
    for text in texts[: upto + 1]:
        text = clean(text)
        if not text.isdigit():
            break
        code += text
    return code if _CODE.match(code) else ""


def _quantum(total: Decimal) -> Decimal:
    """The unit of the total's last printed digit (1 for 1300, 0.01 for 1300.00)."""
    return Decimal(1).scaleb(min(total.as_tuple().exponent, 0))  # type: ignore[arg-type]


def _sum(rows: list[list[str]], selected: list[int], col: int) -> tuple[Decimal, int]:
    values = [cell_decimal(rows[r][col]) for r in selected]
    found = [v for v in values if v is not None]
    return sum(found, Decimal(0)), len(found)


def _check(
    rows: list[list[str]],
    body: list[int],
    running: list[int],
    label: int,
    total_row: int,
    col: int,
    total: Decimal,
    extra: list[tuple[str, list[int]]],
) -> TotalCheck:
    candidates = [("all", body), *extra]
    if running:
        candidates.append(("running", running))
        # 年初结转和结余 followed by its own 一、二、三 breakdown: the breakdown is not added.
        heads = [
            r for r in running if not any(p.match(clean(rows[r][label])) for _, p in _NUMBERED)
        ]
        if len(heads) < len(running):
            candidates.append(("running_heads", heads))
        # 本年收支结余 (the year's income less its spending) is shown beside a balance table's
        # totals, never added into them (宁夏 2018 社预05表: 总计 = 九、本年支出合计 +
        # 十一、年末滚存结余, with 十、本年收支结余 between).
        kept = [r for r in running if not _YEAR_BALANCE.search(clean(rows[r][label]))]
        if len(kept) < len(running):
            candidates.append(("running_balance", kept))
    first_label = 0 if label == 0 else label
    codes = {r: c for r in body if (c := _row_code(rows[r][first_label:], col))}
    if codes:
        shortest = min(len(c) for c in codes.values())
        longest = max(len(c) for c in codes.values())
        candidates.append(("top", [r for r, c in codes.items() if len(c) == shortest]))
        candidates.append(("leaf", [r for r, c in codes.items() if len(c) == longest]))
    # Blocks each opened or closed by its own 小计 (济南 2025 债券年限情况表: 合计 = 一般债券
    # 小计 + 专项债券 小计, the rows between them breaking the same sums down another way).
    blocks = [r for r in body if "小计" in clean(rows[r][label])]
    if len(blocks) > 1:
        candidates.append(("subtotal_rows", blocks))
    # 类, 款 and 项 one under the other, flush left and uncoded: the total adds the 类 rows.
    classes = _class_rows(rows, body, label, col)
    if len(classes) > 1:
        candidates.append(("classes", classes))
    for rule, pattern in _NUMBERED:
        numbered = [r for r in body if pattern.match(clean(rows[r][label]))]
        if numbered:
            candidates.append((rule, numbered))
        # 七、本年收入小计 sums 一 … 六 above it: the total is that subtotal and the numbered rows
        # after it (十、本年收入合计 = 七 + 八、上级补助收入 + 九、下级上解收入).
        inner = [r for r in numbered if "小计" in rows[r][label]]
        if inner:
            candidates.append((f"{rule}_subtotal", [r for r in numbered if r >= inner[-1]]))
    quantum = _quantum(total)
    first: tuple[Decimal, int] | None = None
    closest: Decimal | None = None
    for rule, selected in _with_hierarchies(candidates, rows, body, running, col, total):
        value, count = _sum(rows, selected, col)
        first = first or (value, count)
        if count and abs(value - total) < ROUNDING * quantum * (count + 1):
            return TotalCheck(total_row, col, total, value, rule, count, tuple(selected))
        if count and (closest is None or abs(value - total) < abs(closest - total)):
            closest = value
    # A 小计 among the rows stands for the total before (山东 2023: 社会保险基金支出小计, no
    # 合计 row of its own).
    subtotal = [r for r in body if r < total_row and "小计" in clean(rows[r][label])]
    since = running or (
        [subtotal[-1], *(r for r in body if subtotal[-1] < r < total_row)] if subtotal else []
    )
    gap = _gap_lines(rows, since, col, total, quantum)
    if gap:
        value, count = _sum(rows, [since[0], *gap], col)
        return TotalCheck(total_row, col, total, value, "running_gap", count, (since[0], *gap))
    assert first is not None
    # Nothing holds: report the reading that comes nearest (a misprinted figure shows as a
    # small gap there; a hierarchy not understood as a sum far from the total).
    return TotalCheck(total_row, col, total, closest if first[1] else None, "", first[1])


# How many lines after a subtotal `_gap_lines` looks through for the one or two a running
# total adds to it.
GAP_LINES = 40


def _gap_lines(
    rows: list[list[str]], running: list[int], col: int, total: Decimal, quantum: Decimal
) -> list[int]:
    """The one or two lines after a subtotal that a running total adds to it, when the lines
    between also hold the subtotal's own breakdown, incomplete and unmarked (山东 2023 社会保险
    基金支出合计 = 社会保险基金支出小计 + 上解上级支出, with 其中：社会保险待遇支出, 转移支出,
    其他支出 between): the lines whose values fill the gap exactly."""
    if len(running) < 2:
        return []
    head = cell_decimal(rows[running[0]][col])
    if head is None:
        return []
    gap = total - head
    tolerance = ROUNDING * quantum * 3
    lines = [(r, v) for r in running[1 : 1 + GAP_LINES] if (v := cell_decimal(rows[r][col]))]
    for i, (r, v) in enumerate(lines):
        if abs(v - gap) < tolerance:
            return [r]
        for r2, v2 in lines[i + 1 :]:
            if abs(v + v2 - gap) < tolerance:
                return [r, r2]
    return []


def _class_rows(rows: list[list[str]], body: list[int], label: int, col: int) -> list[int]:
    """The rows named as a 类 of the classification, but for a 款 or 项 that repeats a 类's
    name under it (其他支出 under 其他支出; 其他支出 16000 right under 援助其他地区支出 16000)."""
    out: list[int] = []
    for i, r in enumerate(body):
        if not is_budget_class(rows[r][label]):
            continue
        above = body[i - 1] if i else None
        if above is not None and (
            clean(rows[above][label]) == clean(rows[r][label])
            or (above in out and cell_decimal(rows[above][col]) == cell_decimal(rows[r][col]))
        ):
            continue
        out.append(r)
    return out


def _with_hierarchies(
    candidates: list[tuple[str, list[int]]],
    rows: list[list[str]],
    body: list[int],
    running: list[int],
    col: int,
    total: Decimal,
) -> Iterator[tuple[str, list[int]]]:
    """The candidates, then the hierarchies read from the values: these cost a pass over the
    rows each, so they are built only when nothing cheaper explains the total."""
    yield from candidates
    roots = nested_roots(rows, body, col, total)
    yield "nested", roots
    yield "nested_subtotals", subtotal_roots(rows, roots, col, total)
    if running:
        # 支出总计 = 本年支出合计 + 债务还本支出 + 转移性支出, each over its own breakdown.
        yield "running_nested", nested_roots(rows, running, col, total)


def nested_roots(rows: list[list[str]], body: list[int], col: int, total: Decimal) -> list[int]:
    """The top rows of a hierarchy read from the values alone, for tables that mark their levels
    neither by codes nor by indents (一般公共服务支出 over 人大事务 over 行政运行, all flush left).

    A row is a parent when the rows right under it, each taken with its own children, add up
    to it; the first such run ends it. The rows no parent claims are the top level.
    """
    values = [cell_decimal(rows[r][col]) for r in body]
    quantum = _quantum(total)
    # Without negative values a run that has passed its parent's value can stop.
    monotone = all(v is None or v >= 0 for v in values)
    # ends[i]: rows i .. ends[i] - 1 are row i and its descendants. Filled bottom-up, so the
    # children's spans are known when a row looks for them.
    ends = [i + 1 for i in range(len(values))]
    for i in range(len(values) - 1, -1, -1):
        value = values[i]
        if not value:
            continue
        acc, j, children = Decimal(0), i + 1, 0
        while j < len(values):
            acc += values[j] or 0
            children += 1
            j = ends[j]
            tolerance = ROUNDING * quantum * children
            if abs(acc - value) < tolerance:
                ends[i] = j
                break
            if monotone and acc > value + tolerance:
                break

    roots, i = [], 0
    while i < len(values):
        # A 其中 row is part of the row above it even when it is not all of it: never a root.
        if not _PART_OF.match(first_label(rows[body[i]])):
            roots.append(body[i])
        i = ends[i]
    return roots


def subtotal_roots(rows: list[list[str]], roots: list[int], col: int, total: Decimal) -> list[int]:
    """`roots` with subtotals printed *below* their items folded in: 政府性基金收入 under the six
    fund rows it totals, then 转移性收入 over its own breakdown (固原 2025 p. 42).

    Going down the roots, a row equal to the sum of all the roots since the previous such
    subtotal takes them as its items.
    """
    tolerance = ROUNDING * _quantum(total)
    out: list[int] = []
    start = 0  # out[start:] are the roots since the previous subtotal, adding up to `acc`
    acc = Decimal(0)
    for r in roots:
        value = cell_decimal(rows[r][col])
        run = len(out) - start
        if value and run and abs(acc - value) < tolerance * run:
            del out[start:]
            out.append(r)
            start, acc = len(out), Decimal(0)
            continue
        out.append(r)
        acc += value or 0
    return out


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

"""Key-value blocks of project tables: the project header of a 绩效目标表 (项目名称, 主管部门,
预算金额 …) and the 项目资金 block of a 自评表 (年初预算数, 全年预算数, 全年执行数, 分值,
执行率, 得分 per funding line).

A key cell (a pattern of ``data/tables/field_keys.tsv``) takes the text of the cell to its
right, or, when that one is another key or missing, of the cell below it (预期目标 over
完成年度工作任务). Values are kept as printed; the indicator stage parses them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import regex

from extractor.datafiles import data_rows, first_match, matched_index
from extractor.layout.tables_header import NUMERIC, clean

if TYPE_CHECKING:
    from extractor.layout.tables import Cell, Table

# Column headers of the 项目资金 block.
FUNDS_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
# Row labels of the 项目资金 block (其中：当年财政拨款 keeps its printed form).
_FUNDS_ROW = regex.compile(r"资金总额|财政拨款|结转|其他资金|其他|合计")


# Column names a key word stands beside in a header row (项目名称 | 决算数, 项目名称 | 项目领域 |
# 债券性质, 项目名称 | 投资总规模, 项目名称 | 市业务主管部门): the key names a column there. A
# field's value is none of these (项目类型 | 其他事业发展性支出, 项目等级 | 二级项目).
_COLUMN_NAME = regex.compile(
    r"^.{0,8}(预算数|决算数|执行数|调整数|计划数|预计数|金额|合计|小计|总计|规模|领域|编号|性质"
    r"|主管部门|总投资)(\(.{1,4}\))?$"
)


@functools.cache
def field_keys() -> tuple[regex.Pattern[str], list[str]]:
    """The patterns of data/tables/field_keys.tsv as one (first wins) and their field names."""
    rows = data_rows("tables", "field_keys.tsv", header=True)
    return first_match([row[0] for row in rows]), [row[1] for row in rows]


@functools.lru_cache(maxsize=8192)
def key_of(text: str) -> str | None:
    text = clean(text)
    pattern, names = field_keys()
    match = pattern.match(text)
    if not match:
        return None
    name = names[matched_index(match)]
    return text if name == "=" else name


def is_key_value_row(texts: list[str]) -> bool:
    """A row of a form: a key and its value (项目名称 | 某项目 | 主管部门 | 某局), or keys whose
    values stand below them. A row of column names that happens to hold a key word is none:
    its keys stand beside column names (项目名称 | 决算数; 序号 | 项目名称 | 项目类型 | 发行金额),
    or are too few for a form's key-value pairs (项目名称 | 子项目 | 年度 | 预算安排 …; 项目名称 |
    广州市 | 深圳市 | 珠海市 …; 政府经济分类科目 | 栏次 | 预算金额)."""
    filled = [clean(t) for t in texts if t.strip()]
    keys = [i for i, t in enumerate(filled) if key_of(t) is not None]
    if not keys:
        return False
    after = [filled[i + 1] if i + 1 < len(filled) else "" for i in keys]
    named = [bool(_COLUMN_NAME.match(t)) for t in after]
    keyed = [key_of(t) is not None for t in after]
    if any(named) and all(n or k for n, k in zip(named, keyed, strict=True)):
        return False
    if any(NUMERIC.match(t) for t in filled) or 3 * len(keys) >= len(filled):
        return True
    # Few keys: column names, unless the row is short and holds a date or a figure, as a
    # form's row of keys the vocabulary does not know does (项目实施单位 | 李口镇政府 | 项目实施
    # 期限 | 9月10日—9月20日).
    return len(filled) < 5 and any(c.isdigit() for t in filled for c in t)


def table_to_fields(table: Table) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    return fields_in_rows(table, 0, table.n_rows), table_to_funds(table)


def fields_in_rows(table: Table, first: int, stop: int) -> dict[str, str]:
    """The key-value fields whose key cell starts in rows ``first`` .. ``stop - 1`` (a table
    holding several projects' blocks one under the other has one set per block)."""
    matrix = table.matrix()
    rows = table.text_rows()
    forms = {r for r in range(first, min(stop, len(rows))) if is_key_value_row(rows[r])}
    fields: dict[str, str] = {}
    for cell in table.cells:
        if cell.row not in forms:
            continue
        key = key_of(cell.text)
        if key is None or key in fields:
            continue
        value = _value_right(matrix, cell)
        if value is None:
            value = _value_below(matrix, cell)
        if value is not None:
            fields[key] = value.text
    return fields


def _value_right(matrix: list[list[Cell | None]], cell: Cell) -> Cell | None:
    col = cell.col + cell.colspan
    if col >= len(matrix[cell.row]):
        return None
    other = matrix[cell.row][col]
    if other is None or key_of(other.text) is not None:
        return None
    return other


def _value_below(matrix: list[list[Cell | None]], cell: Cell) -> Cell | None:
    row = cell.row + cell.rowspan
    if row >= len(matrix):
        return None
    other = matrix[row][cell.col]
    if other is None or other.col != cell.col or key_of(other.text) is not None:
        return None
    return other


def table_to_funds(table: Table) -> dict[str, dict[str, str]]:
    """The 项目资金 block: the row naming at least three FUNDS_COLUMNS, then the rows under it
    whose label matches _FUNDS_ROW."""
    rows = table.text_rows()
    matrix = table.matrix()
    for r, texts in enumerate(rows):
        columns = {c: clean(t) for c, t in enumerate(texts) if clean(t) in FUNDS_COLUMNS}
        if len(columns) < 3:
            continue
        first = min(columns)
        funds: dict[str, dict[str, str]] = {}
        for below in range(r + 1, len(rows)):
            label_cell = matrix[below][first - 1] if first > 0 else None
            if label_cell is None or not _FUNDS_ROW.search(clean(label_cell.text)):
                break
            label = regex.sub(r"\s+", "", label_cell.text)  # as printed: 其中：当年财政拨款
            funds[label] = {
                name: (matrix[below][c].text if matrix[below][c] is not None else "")  # type: ignore[union-attr]
                for c, name in columns.items()
            }
        return funds
    return {}

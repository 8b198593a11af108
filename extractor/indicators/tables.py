"""绩效目标表 / 自评表 tables → ``indicator`` records.

Public interface:

``table_to_indicators(table: Table) -> list[Indicator]``
    One ``Indicator`` per row of the table's indicator block (the rows under the header row
    naming 三级指标 and a value column), top to bottom. Merged 一级/二级 cells fill every row
    they cover; cells left blank instead of merged are filled from the row above (a new 一级
    resets the 二级, and a 二级 cell holding only a weight continues the one above). Rows
    without a name and without values are skipped. Tables without an indicator block give [].

``Indicator.to_record(doc_id) -> dict``
    The ``indicator`` record (DESIGN.md): level1, level2 (normalized), level2_raw, level2_cell
    (the 二级 cell's row and column: the rows of one merged cell share it), name,
    target / target_period / actual as quantity dicts (None when empty or not a value) with
    their printed text, weight, score, deviation note, table_id, row, page, bbox, project
    fields, and ``type_predicted`` / ``type_probability`` left None for the classifier.

``check_indicators(table, indicators) -> list[str]``
    Invariant warnings: a score above its weight; weights (plus the 项目资金 分值) not adding
    up to the 总分 row.

``pdf_to_indicator_rows(path: str) -> list[dict]``
    Convenience for building training corpora: every indicator row of a PDF as a plain dict
    (level1, level2_raw, level2, level2_cell, name, target, actual — printed text —, page,
    table_id, project).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import regex

from extractor.indicators.fields import (
    cell_to_decimal,
    cell_to_parts,
    cell_to_quantity,
    clean_header,
    header_to_field,
    yuan_of_cost_row,
)
from extractor.layout.tables import Cell, Table
from extractor.layout.tables_fields import fields_in_rows, key_of
from extractor.model import BBox

SCHEMA_VERSION = "1"
_VALUE_FIELDS = ("target", "target_period", "actual")
# A header row must name 三级指标 and one of these to open an indicator block: a value column
# (绩效目标表, 自评表) or a score column (the 评分表 of a 绩效评价报告: 分值 and 得分 per 三级指标,
# no target). A weight alone does not: 指标名称 | 权重 tables summarise rows listed elsewhere.
_OPENING_FIELDS = (*_VALUE_FIELDS, "score")
_TOTAL_ROW = regex.compile(r"^(总分|合计|总计)")
# A 二级 cell holding only its weight (8分, (15分)) is the lower part of a cell a page break
# cut (OCR dumps print 经济效益 / 8分 as two cells): it continues the label above.
_WEIGHT_ONLY = regex.compile(r"^[(（]?\d+(?:\.\d+)?分[)）]?$")
# An evaluation table's item code opening an indicator's name (A101立项依据充分性, C203…).
_ITEM_CODE = regex.compile(r"^[A-Z]\d{2,4}")


@dataclass(slots=True)
class Indicator:
    table_id: str
    row: int
    page: int
    bbox: BBox | None
    level1_raw: str
    level1: str | None
    level2_raw: str
    level2: str | None
    name: str
    # (row, col) of the 二级 cell the label comes from: rows of one merged cell share it.
    level2_cell: tuple[int, int] | None = None
    target_raw: str = ""
    target_period_raw: str = ""
    actual_raw: str = ""
    weight: str | None = None
    score: str | None = None
    note: str = ""
    project: dict[str, str] = field(default_factory=dict)

    @property
    def target(self) -> dict[str, Any] | None:
        return self._quantity(self.target_raw, "target")

    @property
    def target_period(self) -> dict[str, Any] | None:
        return self._quantity(self.target_period_raw, "target")

    @property
    def actual(self) -> dict[str, Any] | None:
        return self._quantity(self.actual_raw, "actual")

    def _quantity(self, text: str, context: str) -> dict[str, Any] | None:
        quantity = cell_to_quantity(text, context)
        return yuan_of_cost_row(quantity, self.level1, self.level2)

    def _parts(self, text: str, context: str, value: dict[str, Any] | None) -> list[dict[str, Any]]:
        """A cell's figures one a case, when it is no single ``value`` (初中6000元/生/年；小学
        5000元/生/年): the value field stays null, and nothing the cell says is lost."""
        if value is not None:
            return []
        return [
            {**part, "quantity": yuan_of_cost_row(part["quantity"], self.level1, self.level2)}
            for part in cell_to_parts(text, context)
        ]

    def to_record(self, doc_id: str) -> dict[str, Any]:
        target, target_period, actual = self.target, self.target_period, self.actual
        return {
            "type": "indicator",
            "schema_version": SCHEMA_VERSION,
            "doc_id": doc_id,
            "table_id": self.table_id,
            "row": self.row,
            "page": self.page,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
            "project": self.project.get("项目名称", ""),
            "department": self.project.get("主管部门", ""),
            "project_fields": dict(self.project),
            "level1": self.level1 or self.level1_raw,
            "level1_raw": self.level1_raw,
            "level2": self.level2,
            "level2_raw": self.level2_raw,
            "level2_cell": (
                {"row": self.level2_cell[0], "col": self.level2_cell[1]}
                if self.level2_cell
                else None
            ),
            "name": self.name,
            "target": target,
            "target_text": self.target_raw,
            "target_period": target_period,
            "target_period_text": self.target_period_raw,
            "actual": actual,
            "actual_text": self.actual_raw,
            "target_parts": self._parts(self.target_raw, "target", target),
            "target_period_parts": self._parts(self.target_period_raw, "target", target_period),
            "actual_parts": self._parts(self.actual_raw, "actual", actual),
            "weight": self.weight,
            "score": self.score,
            "deviation": self.note,
            "type_predicted": None,
            "type_probability": None,
        }


def _labels() -> tuple[Any, Any]:
    from extractor.indicators.labels import normalize_level1, normalize_level2

    return normalize_level1, normalize_level2


def row_to_fields(cells: list[Cell | None]) -> dict[str, int]:
    """field → column of a header row (the first column of the naming cell)."""
    mapping: dict[str, int] = {}
    seen: set[int] = set()
    for cell in cells:
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        name = header_to_field(cell.text)
        if name is not None and name not in mapping:
            mapping[name] = cell.col
    return mapping


def find_indicator_header(matrix: list[list[Cell | None]], start: int = 0) -> tuple[int, dict]:
    """(first body row, field → column) of the next indicator block from ``start``, or (-1, {})."""
    for r in range(start, len(matrix)):
        mapping = row_to_fields(matrix[r])
        if "name" not in mapping and "level2" not in mapping:
            continue
        body = r + 1
        # A second header level under a 绩效指标 | 指标值 row.
        if body < len(matrix):
            lower = row_to_fields(matrix[body])
            if len(lower) >= 2 and not (set(lower) & set(mapping)):
                mapping.update(lower)
                body += 1
        if "name" in mapping and any(f in mapping for f in _OPENING_FIELDS):
            return body, mapping
    return -1, {}


def _text(matrix: list[list[Cell | None]], r: int, col: int | None) -> tuple[str, Cell | None]:
    if col is None or col >= len(matrix[r]):
        return "", None
    cell = matrix[r][col]
    return (cell.text.strip(), cell) if cell is not None else ("", None)


def table_to_indicators(table: Table) -> list[Indicator]:
    matrix = table.matrix()
    out: list[Indicator] = []
    block_start = 0
    while True:
        body, mapping = find_indicator_header(matrix, block_start)
        if body < 0:
            return out
        # The project block above this header (several projects may share one drawn table).
        project = fields_in_rows(table, block_start, body) or dict(table.fields)
        block_start = _block_to_indicators(table, matrix, body, mapping, project, out)


def _block_to_indicators(
    table: Table,
    matrix: list[list[Cell | None]],
    start: int,
    mapping: dict[str, int],
    project: dict[str, str],
    out: list[Indicator],
) -> int:
    """Indicators of the rows from ``start`` to the block's end; returns the row after it."""
    normalize_level1, normalize_level2 = _labels()
    level1_raw = level2_raw = ""
    level1_cell: Cell | None = None
    level2_cell: Cell | None = None
    for r in range(start, table.n_rows):
        again = row_to_fields(matrix[r])
        if "name" in again and len(again) >= 3:
            continue  # the header printed again on a continuation page
        texts = {f: _text(matrix, r, c) for f, c in mapping.items()}
        first = next((c.text for c in matrix[r] if c is not None and c.text.strip()), "")
        if _TOTAL_ROW.match(clean_header(first)):
            return r + 1
        if key_of(first) is not None:
            return r  # the next project's 项目名称 block
        l1, l1_cell = texts.get("level1", ("", None))
        l2, l2_cell = texts.get("level2", ("", None))
        if l1 and (l1 != level1_raw or l1_cell is not level1_cell):
            level1_raw, level1_cell = l1, l1_cell
            level2_raw, level2_cell = "", None
        if l2 and not _WEIGHT_ONLY.match(l2):
            level2_raw, level2_cell = l2, l2_cell
        if texts.get("project", ("", None))[0]:
            # A project-name column is filled once per project, on its first row.
            project = {**project, "项目名称": texts["project"][0]}
        name, name_cell = texts.get("name", ("", None))
        values = [texts.get(f, ("", None))[0] for f in _VALUE_FIELDS]
        if not name and not any(values):
            continue
        if _COLUMN_NUMBERS.match(" ".join(t for t, _ in texts.values() if t)):
            continue  # the 1 2 3 … row numbering the columns under the header
        if _continues_name(out, table.table_id, name, l1, l2, texts):
            out[-1].name += name  # B102制度执 | 行有效性: a name cut where OCR split the table
            continue
        op, unit = texts.get("op", ("", None))[0], texts.get("unit", ("", None))[0]
        out.append(
            Indicator(
                table_id=table.table_id,
                row=r,
                page=table.row_pages[r],
                bbox=_row_bbox(matrix[r], mapping),
                level1_raw=level1_raw,
                level1=normalize_level1(level1_raw),
                level2_raw=level2_raw,
                level2=normalize_level2(level2_raw),
                name=name,
                level2_cell=(level2_cell.row, level2_cell.col) if level2_cell else None,
                target_raw=unit_of_name(
                    complete_value(texts.get("target", ("", None))[0], op, unit), name
                ),
                target_period_raw=unit_of_name(
                    complete_value(texts.get("target_period", ("", None))[0], op, unit), name
                ),
                actual_raw=unit_of_name(
                    complete_value(texts.get("actual", ("", None))[0], "", unit), name
                ),
                weight=cell_to_decimal(texts.get("weight", ("", None))[0]),
                score=cell_to_decimal(texts.get("score", ("", None))[0]),
                note=texts.get("note", ("", None))[0],
                project=dict(project),
            )
        )
    return table.n_rows


# Comparators as printed in a 指标性质 column, and the sign they put before a value.
_OP_SIGNS = {
    "=": "",
    "＝": "",
    ">=": "≥",
    "≥": "≥",
    "<=": "≤",
    "≤": "≤",
    ">": ">",
    "<": "<",
    "＞": ">",
    "＜": "<",
    "大于等于": "≥",
    "小于等于": "≤",
    "等于": "",
    "定性": "",
}
# A row made only of 1 2 3 … (column numbers printed under the header).
_COLUMN_NUMBERS = regex.compile(r"^\d{1,2}(?: \d{1,2})+$")


def _continues_name(
    out: list[Indicator],
    table_id: str,
    name: str,
    level1: str,
    level2: str,
    texts: dict[str, tuple[str, Cell | None]],
) -> bool:
    """Whether a row is the rest of the indicator above, cut in two where an OCR dump split the
    table at a page end (最佳报告范例.md: A102立项程序规范 | 性, B102制度执 | 行有效性).

    Only in a table whose names open with item codes (A101, B102 …) and give weights: there a
    row with no code, no 一级 or 二级 but those above, and neither weight nor score is no
    indicator.
    """
    # The row's own cells first: they rule out almost every row before the table is looked at.
    if not name or _ITEM_CODE.match(name) or "weight" not in texts:
        return False
    if cell_to_decimal(texts["weight"][0]) is not None:
        return False
    if cell_to_decimal(texts.get("score", ("", None))[0]) is not None:
        return False
    ours = [ind for ind in out if ind.table_id == table_id]
    if not ours or not _ITEM_CODE.match(ours[-1].name):
        return False
    if level1 not in ("", ours[-1].level1_raw) or (
        level2 not in ("", ours[-1].level2_raw) and not _WEIGHT_ONLY.match(level2)
    ):
        return False  # a label of its own (the dump may print the one above, or its 8分, again)
    return sum(1 for ind in ours if _ITEM_CODE.match(ind.name)) * 2 >= len(ours)


def complete_value(value: str, op: str, unit: str) -> str:
    """The value cell with the comparator and unit that separate columns give it
    (>= | 85 | % → ≥85%); a value already carrying them is left alone. A unit's
    alternatives in brackets (人(人次、家)) are dropped."""
    value = value.strip()
    if not value:
        return ""
    sign = _OP_SIGNS.get(op.strip().replace(" ", ""), "")
    unit = regex.sub(r"[(（].*$", "", unit.strip())
    if unit and regex.search(r"\d$", value):
        value += unit
    if sign and regex.match(r"^[\d.]", value):
        value = sign + value
    return value


# A bare figure, with or without its comparator (≥30, 8600, ≥45.5).
_BARE_FIGURE = regex.compile(r"^[≥≤<>＞＜=]?\s*\d+(?:\.\d+)?$")
# A name's closing bracket (服务企业数量（家）, 高新技术企业营业收入（亿元）).
_NAME_BRACKET = regex.compile(r"[（(](?P<unit>[^（）()]{1,6})[）)]\s*$")


def unit_of_name(value: str, name: str) -> str:
    """A bare figure under a name whose closing bracket holds its unit (服务企业数量（家） | ≥30,
    高新技术企业营业收入（亿元） | ≥18000) with that unit put after it, as a unit column's is: read
    alone, 18000 would be a number of nothing. A bracket that is no unit (（是/否）, （粮食）) and
    a value with a unit of its own are left alone."""
    bracket = _NAME_BRACKET.search(name)
    if not bracket or not _BARE_FIGURE.match(value):
        return value
    unit = bracket.group("unit").strip()
    probe = cell_to_quantity("1" + unit)
    if not probe or not probe.get("unit") or probe.get("kind") == "number":
        return value
    return value + unit


def _row_bbox(cells: list[Cell | None], mapping: dict[str, int]) -> BBox | None:
    """Box of the row's own cells (name and values), on its page."""
    own = [cells[c] for f, c in mapping.items() if f not in ("level1", "level2") and c < len(cells)]
    boxes = [c.bbox for c in own if c is not None and c.bbox and c.rowspan == 1] or [
        c.bbox for c in own if c is not None and c.bbox
    ]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def check_indicators(table: Table, indicators: list[Indicator]) -> list[str]:
    """Scores within weights, weights adding up to the 总分 row."""
    warnings = []
    for ind in indicators:
        if ind.weight is not None and ind.score is not None:
            if Decimal(ind.score) > Decimal(ind.weight):
                warnings.append(
                    f"{table.table_id} row {ind.row}: score {ind.score} > weight {ind.weight}"
                )
    weights = [Decimal(i.weight) for i in indicators if i.weight is not None]
    if not weights:
        return warnings
    funds_weight = sum(
        (
            Decimal(v)
            for row in table.funds.values()
            for k, v in row.items()
            if k == "分值" and cell_to_decimal(v) is not None
        ),
        Decimal(0),
    )
    for r, texts in enumerate(table.text_rows()):
        first = next((t for t in texts if t.strip()), "")
        if clean_header(first) != "总分":
            continue
        numbers = [n for n in (cell_to_decimal(t) for t in texts[1:]) if n is not None]
        if numbers:
            total = Decimal(numbers[0])  # 分值 comes before 得分
            summed = sum(weights, Decimal(0)) + funds_weight
            if summed != total:
                warnings.append(
                    f"{table.table_id} row {r}: weights sum to {summed}, 总分 says {total}"
                )
    return warnings


def pdf_to_indicator_rows(path: str) -> list[dict[str, Any]]:
    """Every indicator row of a PDF as a plain dict (see the module docstring)."""
    from extractor.layout.tables import grids_to_tables, page_to_tables
    from extractor.sources.pdf import read_pdf

    with open(path, "rb") as handle:
        pages = read_pdf(handle.read())
    tables = grids_to_tables([page_to_tables(page) for page in pages])
    rows: list[dict[str, Any]] = []
    for table in tables:
        for ind in table_to_indicators(table):
            rows.append(
                {
                    "level1": ind.level1 or ind.level1_raw,
                    "level2_raw": ind.level2_raw,
                    "level2": ind.level2,
                    "level2_cell": ind.level2_cell,
                    "name": ind.name,
                    "target": ind.target_raw,
                    "actual": ind.actual_raw,
                    "target_period": ind.target_period_raw,
                    "page": ind.page,
                    "table_id": ind.table_id,
                    "project": ind.project.get("项目名称", ""),
                }
            )
    return rows

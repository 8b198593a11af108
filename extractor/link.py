"""Tie values to their place: the section, page and box a table or metric came from."""

from __future__ import annotations

import bisect
import re
from typing import Any

from extractor.model import Anchor, BBox, Page, Section
from extractor.records import SCHEMA_VERSION


def section_at(sections: list[Section], page: int, top: float) -> str | None:
    """The section a table or row at (page, top) belongs to: the last one begun before it."""
    found: str | None = None
    for section in sections:
        start = _first_position(section)
        if start is None:
            continue
        if start <= (page, top):
            found = section.section_id
        else:
            break
    return found


def _first_position(section: Section) -> tuple[int, float] | None:
    first = section.heading or (section.anchors[0] if section.anchors else None)
    if first is None:
        return (section.page_start, 0.0)
    _, page, bbox, index = first
    # Lines without a box (dumps, office files) are placed by their index on the page, as
    # the tables read between them are (``Table.top``).
    return (page, bbox[1] if bbox else float(index))


def anchor_at(anchors: list[Anchor], offset: int) -> Anchor | None:
    """The source line containing character ``offset`` of a section's text."""
    if not anchors:
        return None
    # key= searches the anchors in place: no list of offsets built per metric.
    i = bisect.bisect_right(anchors, offset, key=lambda a: a[0]) - 1
    return anchors[max(i, 0)]


def ocr_confidence(pages: dict[int, Page], page: int, bbox: BBox | None) -> float | None:
    """The least OCR confidence among the characters inside ``bbox``; None off OCR pages."""
    source = pages.get(page)
    if source is None or source.origin != "ocr":
        return None
    if bbox is not None:
        x0, top, x1, bottom = bbox
        confs = [
            c.conf
            for c in source.chars
            if c.conf is not None
            and x0 <= (c.x0 + c.x1) / 2 <= x1
            and top <= (c.top + c.bottom) / 2 <= bottom
        ]
        if confs:
            return round(min(confs), 4)
    return None if source.conf is None else round(source.conf, 4)


def metric_record(
    metric: Any, section: Section, doc_id: str, pages: dict[int, Page]
) -> dict[str, Any]:
    anchor = anchor_at(section.anchors, metric.start)
    page = anchor[1] if anchor else section.page_start
    # The box of the source line holding the value (None for text dumps).
    bbox = anchor[2] if anchor else None
    return _metric_record(metric, doc_id, section.section_id, page, bbox, None, pages)


def title_metric_record(
    metric: Any, section: Section, doc_id: str, pages: dict[int, Page]
) -> dict[str, Any]:
    """A metric stated in a section's heading (（一）均衡性转移支付143.82亿元, over the text of
    what it is for): offsets are into the section's title, the box is the heading's."""
    anchor = section.heading
    page = anchor[1] if anchor else section.page_start
    bbox = anchor[2] if anchor else None
    record = _metric_record(metric, doc_id, section.section_id, page, bbox, None, pages)
    record["in_title"] = True
    return record


def cell_metric_record(
    metric: Any, table_id: str, cell: Any, section_id: str | None, doc_id: str,
    pages: dict[int, Page],
) -> dict[str, Any]:
    """A metric stated in a table cell's sentences: offsets are into the cell's text."""
    place = (table_id, {"row": cell.row, "col": cell.col})
    return _metric_record(metric, doc_id, section_id, cell.page, cell.bbox, place, pages)


def _metric_record(
    metric: Any,
    doc_id: str,
    section_id: str | None,
    page: int,
    bbox: BBox | None,
    cell: tuple[str, dict[str, int]] | None,
    pages: dict[int, Page],
) -> dict[str, Any]:
    return {
        "type": "metric",
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc_id,
        "section_id": section_id,
        "page": page,
        "bbox": [round(v, 2) for v in bbox] if bbox else None,
        "table_id": cell[0] if cell else None,
        "cell": cell[1] if cell else None,
        "in_title": False,
        **metric.to_record_fields(),
        "ocr_confidence": ocr_confidence(pages, page, bbox),
        "type_predicted": None,
        "type_probability": None,
    }


# "This indicator" in a 评分表 cell (综上，该指标得2.00分): the indicator is the row's. Narrower
# than the prose rule's DEMONSTRATIVE (extractor.nlp.metrics): 该项目 there is the project.
_THIS_INDICATOR = re.compile(r"(?:该|本|此)项?指标")


def this_indicator_to_row_name(
    records: list[dict[str, Any]], names: dict[tuple[str, int], str]
) -> None:
    """Give cell metrics whose subject is only 该指标 the name of the indicator their row holds
    (``names``: (table_id, row) → 三级指标 name), in place; the rule becomes
    ``indicator_of_row``. A row without an indicator of its own is the lower part of the row
    above it, split by a page or line break (最佳报告范例.md: C103获奖选 / 手、专家教练团队…, the
    评价意见 below), and takes the nearest indicator above; before any, it keeps 该指标."""
    for record in records:
        cell = record.get("cell")
        subject = record.get("subject") or ""
        if not cell or not _THIS_INDICATOR.fullmatch(subject):
            continue
        above = [
            row for table_id, row in names if table_id == record["table_id"] and row <= cell["row"]
        ]
        name = names.get((record["table_id"], max(above))) if above else None
        if name:
            record["subject"] = name
            record["provenance"] = {**record["provenance"], "rule": "indicator_of_row"}


# Column headers whose cells name what their row is about: a budget table's 项目 column.
_ROW_LABEL_HEADERS = frozenset(
    {"项目", "项目名称", "科目", "科目名称", "支出项目", "收入项目", "功能分类科目"}
)
# A list number opening a row label (4、科学技术支出).
_LABEL_NUMBER = re.compile(
    r"^\s*(?:\d+\s*[、.．]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])\s*"
)


# A site's size or cost said with no name in a project's description (位于市北区,总建筑面积
# 12.3万平方米, 项目概算总投资25.9亿元), or the funds a project's target names as its own (本项目
# 共安排资金11200万元, 预算资金3397.7万元): the project its row names is whose.
_SITE_MEASURE = re.compile(
    r"^(?:项目)?(?:概算|计划)?(?:总投资|(?:总|新建|改造|拆除|地上|地下)?建筑面积|(?:规划|项目|总)?"
    r"占地(?:面积)?|用地面积|(?:道路)?全长|总长|(?:预算)?资金)$"
)
# A row label that names a fund itself, which takes no second 资金 (公立医院综合改革与高质量发展
# 资金, 2026年“两场两馆”购买服务经费).
_FUND_NAME = re.compile(r"(?:资金|经费|补助|补贴|基金)$")


def row_label_to_unnamed(records: list[dict[str, Any]], tables: list[dict[str, Any]]) -> None:
    """Give cell metrics that name no subject the label their row carries in the table's 项目
    column, in place; the rule becomes ``row_label`` (wuhan 2025 一般公共预算支出表: the 备注
    cell 剔除…因素，同口径增长15.8% is 4、科学技术支出's growth). A cell metric whose subject is
    only a site's size or cost (_SITE_MEASURE) takes the label before it: ``row_label_of_measure``
    (qingdao 2025 重大项目表: 总建筑面积12.3万平方米 → 市公共卫生中心建设项目总建筑面积). Tables
    without such a column, and rows whose label cell is empty, leave the subject as it is."""
    by_id = {(t["doc_id"], t["table_id"]): t for t in tables}
    for record in records:
        cell = record.get("cell")
        table = by_id.get((record.get("doc_id"), record.get("table_id")))
        subject = record.get("subject") or ""
        measure = _SITE_MEASURE.fullmatch(subject)
        if not cell or (subject and not measure) or table is None:
            continue
        label = _row_label(table, cell)
        if label and measure:
            named_fund = subject.endswith("资金") and _FUND_NAME.search(label)
            record["subject"] = label if named_fund else label + subject.removeprefix("项目")
            record["provenance"] = {**record["provenance"], "rule": "row_label_of_measure"}
        elif label:
            record["subject"] = label
            record["provenance"] = {**record["provenance"], "rule": "row_label"}


def _row_label(table: dict[str, Any], cell: dict[str, Any]) -> str:
    """The label the row of ``cell`` carries in the table's 项目 column before it, or ""."""
    columns = table.get("columns") or []
    label_col = next(
        (
            i
            for i, header in enumerate(columns[: cell["col"]])
            if (header or "").strip() in _ROW_LABEL_HEADERS
        ),
        None,
    )
    if label_col is None:
        return ""
    text = next(
        (
            c["text"]
            for c in table["cells"]
            if c["col"] == label_col
            and c["row"] <= cell["row"] < c["row"] + (c.get("rowspan") or 1)
        ),
        "",
    )
    return _LABEL_NUMBER.sub("", text or "").strip()

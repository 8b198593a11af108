"""Predicted indicator types on indicator and metric records (one batched model call each).

Tables usually print the 二级 type: a confident prediction that disagrees becomes a warning.
OCR and malformed tables lose it: the prediction fills it, marked as predicted. Rows of a
评分表 under 决策 or 过程 are no indicator type at all: they get none. Indicator rows
are predicted one table block at a time, in printed order (extractor.indicators.context): a
missing cell follows its printed neighbours, and the rows of one 二级 cell get one type.
Prose never prints it: metrics get the per-item prediction (``metric_types``), named as a
table would name them. A sum of money or a percentage is read as what its head word says it is
(spent or owed: 成本; earned or produced: 效益), like a table row under a printed 一级; an
allocated amount is a cost, and a count never is, nor an economic effect; the answers of a
survey are 满意度; a growth right after a count typed 数量 is 数量 too.
"""

from __future__ import annotations

import functools
import re
from typing import Any, TypeGuard

import numpy as np

from extractor.datafiles import data_rows
from extractor.indicators.classify import IndicatorModel, shipped_model
from extractor.indicators.labels import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    coarse_level2,
    is_outside_framework,
    level2_to_level1,
)
from extractor.layout.tables_check import budget_classes
from extractor.records import warning

# A prediction this sure that contradicts the printed label is worth a person's look. Cost
# subtypes are compared as 成本指标: the model knows only the 经济成本指标 of them, and a printed
# 社会成本指标 is no contradiction of it.
DISAGREE_PROBABILITY = 0.8


def assign_types(indicators: list[dict[str, Any]], metrics: list[dict[str, Any]]) -> list[dict]:
    """Fill ``type_predicted``/``type_probability`` in place; returns document warnings."""
    warnings: list[dict] = []
    named = indicators
    # 决策 / 过程 rows of a 评分表 have no type: they keep None and their 二级 as printed.
    indicators = [r for r in indicators if not is_outside_framework(r.get("level1_raw"))]
    if indicators:
        model = shipped_model()
        # One batched model call for the document; the blocks are decoded from its rows.
        proba = model.proba(
            [(r["name"], r.get("target_text") or None) for r in indicators],
            [r.get("level1") for r in indicators],
        )
        for block in table_blocks(indicators):
            _assign_block(model, [indicators[i] for i in block], proba[block], warnings)
    if metrics:
        for record, (label, prob) in zip(metrics, metric_types(metrics), strict=True):
            record["type_predicted"] = label
            record["type_probability"] = round(prob, 4)
        _types_of_named_indicators(metrics, named)
    return warnings


def _types_of_named_indicators(metrics: list[dict[str, Any]], indicators: list[dict]) -> None:
    """A metric that names one of the document's indicators (A101立项依据充分性 2分, stated in
    the evaluation's prose) is that indicator's figure: it takes the indicator's type, decided
    with its table, and none for a 决策 or 过程 row. A name the tables type two ways is left."""
    types: dict[str, set[tuple[str | None, float | None]]] = {}
    for row in indicators:
        types.setdefault(row["name"], set()).add(
            (row.get("type_predicted"), row.get("type_probability"))
        )
    for record in metrics:
        found = types.get(record.get("subject") or "")
        if found and len({label for label, _ in found}) == 1:
            label, prob = max(found, key=lambda t: t[1] or 0.0)
            record["type_predicted"], record["type_probability"] = label, prob


def metric_types(metrics: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """(二级 label, probability) of each metric record, from what it measures and its value."""
    if not metrics:
        return []
    model = shipped_model()
    proba = model.proba(
        [(metric_name(r), (r.get("quantity") or {}).get("text")) for r in metrics],
        [metric_level1(r) for r in metrics],
    )
    # A count of things (18项, 0台) is never what something costs, though its name may say
    # 预算 or 支出 (预算绩效管理制度 18项): its cost labels are ruled out.
    kinds = [(r.get("quantity") or {}).get("kind") for r in metrics]
    coarse = [coarse_level2(label) for label in model.labels]
    proba = _ruled_out(proba, [k in _COUNT_KINDS for k in kinds], [c == "成本指标" for c in coarse])
    # Nor is a count of firms, projects or platforms an economic effect on its own (融资平台6家,
    # 投资项目11个): a table files it under 数量, and the gold types 271 of its 367 counts 数量
    # first, listing 经济效益 only second (新登记企业). A head or topic word still decides.
    proba = _ruled_out(proba, [k == "count" for k in kinds], [c == "经济效益指标" for c in coarse])
    # A sum of money is spent or earned: a cost or an economic effect, never an output's count,
    # quality or time, nor satisfaction (农林水 25473万元 had read as 质量, 储备规模 1.8万亿元 as
    # 数量); a social or ecological effect is told in people, places and rates, and a topic word
    # still names it outright (最低工资 → 社会效益).
    proba = _ruled_out(
        proba,
        [k == "money" for k in kinds],
        [c not in ("成本指标", "经济效益指标") for c in coarse],
    )
    labels = model.proba_to_labels(proba)
    # A head or topic word that names the 二级 decides it outright (metric_heads.tsv,
    # metric_topics.tsv): probability 1, as a rule's.
    named: set[int] = set()
    for i, record in enumerate(metrics):
        label = metric_head_type(record) or metric_topic_type(record) or metric_reach_type(record)
        if label:
            labels[i] = (label, 1.0)
            named.add(i)
    _costs_keep_their_side(metrics, labels, named)
    _changes_keep_their_count(metrics, labels, named)
    return labels


def _ruled_out(proba: np.ndarray, rows: list[bool], labels: list[bool]) -> np.ndarray:
    """``proba`` with the given labels ruled out for the given rows, renormalized; a row left
    with nothing keeps its probabilities."""
    mask = np.array(rows)[:, None] & np.array(labels)[None, :]
    if not mask.any():
        return proba
    kept = proba * np.where(mask, 0.0, 1.0)
    total = kept.sum(axis=1, keepdims=True)
    return np.where(total > 0, kept / np.where(total > 0, total, 1.0), proba)


# Rules that make a value the change or share of the sum before it.
_OF_PREVIOUS = frozenset({"change_of_previous", "share_of_previous"})


def _costs_keep_their_side(
    metrics: list[dict[str, Any]], labels: list[tuple[str, float]], named: set[int]
) -> None:
    """A change or share of a sum just stated (基础研究预算数为14151万元，比上年预算数增加4011万元，
    增长39.6%) is on that sum's side of the budget: when the sum is a cost, so are they, whatever
    the growth of a thing with no head word would read as. A head or topic word still decides."""
    level: tuple[tuple[Any, ...], str | None, tuple[str, float]] | None = None
    for i, record in enumerate(metrics):
        rule = (record.get("provenance") or {}).get("rule")
        kind = (record.get("quantity") or {}).get("kind")
        where = (record.get("doc_id"), record.get("sentence_start"), record.get("table_id"))
        if rule not in _OF_PREVIOUS:
            level = (where, record.get("subject"), labels[i]) if kind == "money" else None
            continue
        if (
            level is not None
            and i not in named
            and kind in _MONEY_KINDS
            and level[:2] == (where, record.get("subject"))
            and coarse_level2(level[2][0]) == "成本指标"
        ):
            labels[i] = level[2]


def _changes_keep_their_count(
    metrics: list[dict[str, Any]], labels: list[tuple[str, float]], named: set[int]
) -> None:
    """A growth stated right after a count of the same thing typed 数量 (高价值发明专利49982件，
    增长16.5%; 中欧班列开行6037列，增长21.1%) measures what the count does, and is 数量 too, as the
    gold types both alike: read alone, 增长 had made 129 such growths economic. A count typed
    otherwise is left, and so is a growth whose subject names a sum (11个领域支出增幅超10%: a
    growth of spending). A head or topic word still decides."""
    count: tuple[tuple[Any, ...], str | None, tuple[str, float]] | None = None
    for i, record in enumerate(metrics):
        kind = (record.get("quantity") or {}).get("kind")
        where = (record.get("doc_id"), record.get("sentence_start"), record.get("table_id"))
        if kind in _COUNT_KINDS:
            count = (where, record.get("subject"), labels[i])
            continue
        if (
            kind == "percent"
            and record.get("change")
            and count is not None
            and i not in named
            and count[:2] == (where, record.get("subject"))
            and count[2][0] == "数量指标"
            and not _head_label(record)
            and not _money_named(record.get("subject") or "")
        ):
            labels[i] = count[2]
        if kind != "percent":
            count = None


# Kinds of value whose subject's head says which side of a budget they are on: the sum itself,
# and its share or growth (教育支出增长2.4%).
_MONEY_KINDS = frozenset({"money", "percent", "percentage_point"})
_COUNT_KINDS = frozenset({"count", "physical"})


@functools.lru_cache(maxsize=1)
def _metric_heads() -> dict[str, str]:
    """Each head → its label, for metrics of any of _MONEY_KINDS."""
    return {row[0]: row[1] for row in _head_rows() if len(row) < 4}


@functools.lru_cache(maxsize=1)
def _money_heads() -> dict[str, str]:
    """Heads that say what a sum of money is, and nothing of a share or growth (项目: a project's
    sum is spent on it; 定价项目减少80% is a count cut)."""
    return {row[0]: row[1] for row in _head_rows() if len(row) >= 4 and row[3] == "money"}


@functools.lru_cache(maxsize=1)
def _head_rows() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in data_rows("indicators", "metric_heads.tsv", header=True))


@functools.lru_cache(maxsize=1)
def _head_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(row[0]) for row in _head_rows()}, reverse=True))


# The figure of a budget line a subject may end with (快报数 is the provisional outturn; 决算 the
# final account: 因公出国（境）费决算), or its size (一般公共预算支出规模); a 等 before it closes a
# list of lines (土地增值税等预算数).
_FIGURE_OF_LINE = re.compile(
    r"(?<=.)等?(?:快报数|预算数|执行数|决算数|决算|完成数|预计数|调整数|规模)$"
)


# A sum spent: right after a verb that allocates it (统筹19.6亿元, 公共卫生项目安排资金3.25亿元), or
# at the end of a clause opened by 用于, which says what it is spent on (用于教科文卫方面39.75亿元),
# also after 其中 and down the list it opens (其中用于…典型镇建设30亿元、普通国省道建设29.26亿元).
_SPENT = re.compile(
    r"(?:安排|统筹|拨付|投入)(?:资金|经费)?\s*$|(?:^|[，,；;：:])\s*(?:其中)?用于[^，,；;：:。]{1,60}$"
)


def _text_before_value(record: dict[str, Any]) -> str:
    sentence = record.get("sentence") or ""
    at = (record.get("start") or 0) - (record.get("sentence_start") or 0)
    return sentence[: max(0, at)] if 0 <= at <= len(sentence) else ""


def metric_level1(record: dict[str, Any]) -> str | None:
    """The 一级 a metric's head word implies (metric_heads.tsv), or None to let the model say.
    The longest head that ends the subject wins; an allocated amount is a cost."""
    label = _head_label(record)
    return level2_to_level1(label) if _is_level2_only(label) else label


def metric_head_type(record: dict[str, Any]) -> str | None:
    """The 二级 type a head word names outright (税 → 经济效益指标), else None."""
    label = _head_label(record)
    return label if _is_level2_only(label) else None


def _is_level2_only(label: str | None) -> TypeGuard[str]:
    # 成本指标 is a 一级 and a 二级 label both: as a head's label it names the side only.
    return label in LEVEL2_LABELS and label not in LEVEL1_LABELS


def _head_label(record: dict[str, Any]) -> str | None:
    kind = (record.get("quantity") or {}).get("kind")
    rule = (record.get("provenance") or {}).get("rule")
    if rule == "share_saying":
        # The answers of those asked in a survey (71.30%的受访者非常满意，23.15%比较满意) say how
        # those served see the work: a table files them under 满意度.
        return "服务对象满意度指标"
    if kind not in _MONEY_KINDS:
        return None
    # An amount allocated (安排, 投入) is money spent, whatever its purpose reads like: its
    # subject is the purpose (“四好农村路”建设), not the money.
    if kind == "money" and (record.get("provenance") or {}).get("rule") == "allocation_purpose":
        return "成本指标"
    decided, label = _subject_head(record.get("subject") or "", kind == "money")
    if decided:
        return label
    # 江北新区安排18.1亿元, 统筹19.6亿元…: with no head to say otherwise (收入安排 is a revenue
    # budgeted), a sum right after the verb that allocates it, or after 用于, is spent.
    if kind == "money" and _SPENT.search(_text_before_value(record)):
        return "成本指标"
    return None


@functools.lru_cache(maxsize=16384)
def _subject_head(subject: str, money: bool) -> tuple[bool, str | None]:
    """(whether the subject's words decide, the label they give) for _head_label: cached, as a
    document's metrics repeat their subjects and each is asked about several times."""
    # 国防支出快报数, 增值税预算数, 支出规模: which figure of the line it is, not what the line is.
    subject = _FIGURE_OF_LINE.sub("", subject)
    heads, money_heads = _metric_heads(), _money_heads()
    for length in _head_lengths():
        if len(subject) < length:
            continue
        end = subject[-length:]
        label = heads.get(end) or (money_heads.get(end) if money else None)
        if label:
            return True, (None if label == "-" else label)  # 工资标准: neither side, not 标准's
    # 1、一般公共服务0.81亿元; 农林水方面25473万元: a 类 of the spending classification named
    # without its 支出 is that line's spending (not a bare 其他, which ends any list).
    line = subject.removesuffix("方面")
    # (14、商业服务业等4.39亿元: the class's 等 left the subject with the list mark.)
    named = {line + "支出", line + "等支出"}
    if money and line != "其他" and named & budget_classes():
        return True, "成本指标"
    return False, None


@functools.lru_cache(maxsize=1)
def _metric_topics() -> tuple[tuple[str, str, str], ...]:
    rows = data_rows("indicators", "metric_topics.tsv", header=True)
    return tuple(sorted(((row[0], row[1], row[2]) for row in rows), key=lambda row: -len(row[0])))


def metric_topic_type(record: dict[str, Any]) -> str | None:
    """The 二级 type a topic word of the subject names (空气质量 → 生态效益指标), for a metric
    whose head word leaves its 一级 open; None otherwise. The longest word wins."""
    subject = record.get("subject") or ""
    if not subject or _head_label(record):
        return None
    money = (record.get("quantity") or {}).get("kind") == "money"
    for word, label, values in _metric_topics():
        if word in subject:
            # 就业 in 社会保障和就业支出占比 is a budget line's name; 消费 in 能源消费 is no money.
            # An output's share of GDP (增加值占地区生产总值比重) stays economic.
            sides = _money_named(subject.replace(word, " "))
            agree = label == "经济效益指标" and sides == {"效益指标"}
            if (money and values != "any") or (sides and not agree):
                return None
            return label
    return None


# Those a policy reached, counted (惠及农户76.6万户, 惠及近千万家庭, 6600多万纳税人受益): the
# social effect the gold prefers for people and households. Firms reached stay with the model,
# the gold reading 惠及企业3227家 as 数量 first.
_REACHED_BEFORE = re.compile(r"(惠及|受益)[^，。；、,;：:\d]{0,5}$")
_REACHED_AFTER = re.compile(r"[^，。；、,;：:\d]{0,6}(受益|获益)")
_FIRMS = re.compile(r"企业|主体|商户|单位|机构")


def metric_reach_type(record: dict[str, Any]) -> str | None:
    """社会效益指标 for a count of the people or households a policy reached, else None."""
    if (record.get("quantity") or {}).get("kind") != "count":
        return None
    if _FIRMS.search(record.get("subject") or ""):
        return None
    sentence = record.get("sentence") or ""
    start = record.get("start", 0) - record.get("sentence_start", 0)
    end = record.get("end", 0) - record.get("sentence_start", 0)
    if not 0 <= start <= end <= len(sentence):
        return None
    reached = _REACHED_BEFORE.search(sentence, max(0, start - 8), start)
    return "社会效益指标" if reached or _REACHED_AFTER.match(sentence, end) else None


def _money_named(rest: str) -> set[str]:
    """The 一级 of the sums spent or earned named inside what is left of a subject once its topic
    word is taken out (社会保障和 支出占比: 成本指标). Not at its end: that is the head word's rule
    (最低工资 标准). Heads of one character are too common inside other words to count."""
    return {
        (level2_to_level1(label) or label) if _is_level2_only(label) else label
        for head, label in _metric_heads().items()
        if len(head) > 1 and label != "-" and head in rest and not rest.endswith(head)
    }


def table_blocks(indicators: list[dict[str, Any]]) -> list[list[int]]:
    """Indices of each table block (one project of one table) in record order."""
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, record in enumerate(indicators):
        blocks.setdefault((record["table_id"], record.get("project") or ""), []).append(i)
    return list(blocks.values())


def _assign_block(
    model: IndicatorModel,
    records: list[dict[str, Any]],
    proba: np.ndarray,
    warnings: list[dict],
) -> None:
    # Two decodes of the block: printed 二级 labels left out, for an independent check of each
    # printed label; and printed labels pinned, to fill the missing ones from their neighbours.
    # Both know which rows one 二级 cell covers, read or not.
    cells = [_cell_key(r.get("level2_cell")) for r in records]
    pages = [r["page"] for r in records]
    independent = model.decode_table(proba, None, cells, pages)
    printed = [r.get("level2") for r in records]
    filled = model.decode_table(proba, printed, cells, pages) if any(printed) else independent
    for record, (label, prob), fill in zip(records, independent, filled, strict=True):
        if not record.get("level2"):
            label, prob = fill
            record["level2"] = label
            record["level2_predicted"] = True
        elif prob >= DISAGREE_PROBABILITY and _disputes(record["level2"], label):
            warnings.append(
                warning(
                    "indicator_type_disagrees",
                    f"{record['table_id']} row {record['row']} 「{record['name']}」: printed "
                    f"{record['level2']}, model says {label} (p={prob:.2f})",
                    record["page"],
                )
            )
        record["type_predicted"] = label
        record["type_probability"] = round(prob, 4)


def _cell_key(cell: dict[str, int] | None) -> tuple[int, int] | None:
    return (cell["row"], cell["col"]) if cell else None


def _disputes(printed: str, predicted: str) -> bool:
    return coarse_level2(printed) != coarse_level2(predicted)


# A value that is a change is named as a table names it (生产总值增长率, 能耗下降): growth of
# an output reads as an effect, a bare percentage of one as a rate of quality. A rate moves by
# points, not by growth: 城镇化率 + 增长 would read as economic growth.
_CHANGE_WORDS = {"increase": "增长", "decrease": "下降"}


def metric_name(record: dict[str, Any]) -> str:
    """A metric record as an indicator table would name it: qualifier, subject, change."""
    subject = record.get("subject") or ""
    change = None if subject.endswith("率") else _CHANGE_WORDS.get(record.get("change") or "")
    parts = (record.get("qualifier"), subject, change)
    return "".join(part for part in parts if part)

"""Indicator-type labels of the Ministry of Finance framework, and their normalization.

A 绩效目标表 / 自评表 prints its 二级指标 in many spellings (社会效益, 产出数量, 环境效益,
服务对象满意度指 cut short by a wrapped cell …). `normalize_level2` maps every spelling listed
in `extractor/data/indicators/level2_aliases.tsv` to one of the twelve labels in `LEVEL2_LABELS`.
Nothing here raises on text input: an unknown spelling gives None.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import regex

from extractor.datafiles import data_text, text_lines

LEVEL1_LABELS: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "成本指标")

# Order is the framework's reading order; it is also the class order of the shipped model.
LEVEL2_LABELS: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)

COST_SUBTYPES: frozenset[str] = frozenset({"经济成本指标", "社会成本指标", "生态环境成本指标"})

# 一级 spellings: pre-2021 tables say 项目产出 / 项目效益 / 项目效果.
_LEVEL1_ALIASES: dict[str, str] = {
    "产出": "产出指标",
    "产出指标": "产出指标",
    "项目产出": "产出指标",
    "效益": "效益指标",
    "效益指标": "效益指标",
    "项目效益": "效益指标",
    "项目效果": "效益指标",
    "效果": "效益指标",
    "效果指标": "效益指标",
    "满意度": "满意度指标",
    "满意度指标": "满意度指标",
    "成本": "成本指标",
    "成本指标": "成本指标",
}

# Decorations around a printed label that carry no type information.
_NOISE = regex.compile(
    r"""
    ^[A-Za-z]\d{0,3}                      # evaluation-table codes: C1产出数量, D4 …
    | ^[（(]?[一二三四五六七八九十\d]+[)）、.．]  # list numbering: （一）, 1.
    | [（(]?\d+(?:\.\d+)?分[)）]?$         # trailing scores: 13分, (30分)
    | [\s\u3000]                          # spaces and line breaks inside wrapped cells
    | [*＊:：]                             # footnote marks and colons
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class Alias:
    alias: str
    label: str
    level1: str
    source: str


def tsv_to_aliases(text: str) -> list[Alias]:
    """Rows of a level2_aliases.tsv text (comments and the header line skipped)."""
    rows = [line.split("\t") for line in text_lines(text)]
    return [
        Alias(r[0], r[1], r[2], r[3] if len(r) > 3 else "")
        for r in rows
        if r[0] != "alias" and len(r) >= 3
    ]


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, Alias]:
    return {a.alias: a for a in tsv_to_aliases(data_text("indicators", "level2_aliases.tsv"))}


def clean_label_text(raw: str) -> str:
    """NFKC, no whitespace, no codes, numbering or scores around the label."""
    text = unicodedata.normalize("NFKC", raw or "")
    previous = None
    while previous != text:
        previous = text
        text = _NOISE.sub("", text)
    return text


def normalize_level2(raw: str | None) -> str | None:
    """The normalized 二级 label of a printed spelling, or None when it is not one.

    >>> normalize_level2("社会效益"), normalize_level2("产出数量"), normalize_level2("环境效益")
    ('社会效益指标', '数量指标', '生态效益指标')
    >>> normalize_level2("服务对象满意\\n度指标"), normalize_level2("三级指标")
    ('服务对象满意度指标', None)
    """
    if not isinstance(raw, str):
        return None
    text = clean_label_text(raw)
    if not text:
        return None
    aliases = _aliases()
    if text in aliases:
        return aliases[text].label
    # Merged 一级+二级 cells read as one string: 效益指标社会效益.
    for level1 in sorted(_LEVEL1_ALIASES, key=len, reverse=True):
        rest = text[len(level1) :]
        if text.startswith(level1) and rest in aliases:
            return aliases[rest].label
    # A cell cut short (OCR, wrapping lost): 服务对象满意度指 is only a prefix of one label.
    if len(text) >= 4:
        matches = {a.label for a in aliases.values() if a.alias.startswith(text)}
        if len(matches) == 1:
            return matches.pop()
    return None


def normalize_level1(raw: str | None) -> str | None:
    """The normalized 一级 label (产出指标, 效益指标, 满意度指标, 成本指标), or None."""
    if not isinstance(raw, str):
        return None
    text = clean_label_text(raw)
    return _LEVEL1_ALIASES.get(text)


# 一级 dimensions of a 绩效评价 评分表 (the 共性指标框架 of 财预〔2020〕10号) that are no indicator
# type: 决策 (项目立项, 绩效目标, 资金投入) and 过程 (资金管理, 组织实施) are scored beside 产出 and
# 效益, but nothing in the type framework describes them.
OUTSIDE_LEVEL1: frozenset[str] = frozenset({"决策", "决策指标", "过程", "过程指标"})


def is_outside_framework(level1_raw: str | None) -> bool:
    """Whether a printed 一级 names an evaluation dimension that has no indicator type.

    >>> is_outside_framework("A决策15分"), is_outside_framework("C产出35分")
    (True, False)
    """
    return isinstance(level1_raw, str) and clean_label_text(level1_raw) in OUTSIDE_LEVEL1


def level1_labels(level1: str) -> tuple[str, ...]:
    """The 二级 labels a row under a printed (normalized) 一级 may carry.

    效益 admits 服务对象满意度 too: the 评分表 of 绩效评价 (共性指标框架) and pre-2021 绩效目标表
    file 社会公众或服务对象满意度 under 效益, where later tables give it an 一级 of its own.
    """
    own = tuple(label for label in LEVEL2_LABELS if level2_to_level1(label) == level1)
    return own + ("服务对象满意度指标",) if level1 == "效益指标" else own


def level2_to_level1(label: str) -> str | None:
    """The 一级 label a normalized 二级 label belongs to."""
    for alias in _aliases().values():
        if alias.label == label:
            return alias.level1
    return None


def coarse_level2(label: str) -> str:
    """The label with cost subtypes folded into 成本指标 (the lenient scoring of issue 7)."""
    return "成本指标" if label in COST_SUBTYPES else label

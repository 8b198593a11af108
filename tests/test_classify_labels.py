"""normalize_level2 / normalize_level1 on printed label cells (corpus: label_cases.tsv)."""

from __future__ import annotations

import pytest
from conftest import ROOT, case_rows
from hypothesis import given
from hypothesis import strategies as st

from extractor.indicators.labels import (
    COST_SUBTYPES,
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    coarse_level2,
    level2_to_level1,
    normalize_level1,
    normalize_level2,
)

CASES = ROOT / "corpora" / "indicators" / "label_cases.tsv"


def read_cases() -> list[tuple[str, str | None, str]]:
    return [
        (raw.replace("\\n", "\n"), expected or None, where)
        for raw, expected, where in case_rows(CASES, 3)
    ]


@pytest.mark.parametrize(("raw", "expected", "where"), read_cases(), ids=lambda v: str(v)[:16])
def test_label_case(raw: str, expected: str | None, where: str) -> None:
    assert normalize_level2(raw) == expected


def test_every_alias_label_is_a_framework_label() -> None:
    from extractor.indicators.labels import _aliases

    for alias in _aliases().values():
        assert alias.label in LEVEL2_LABELS, alias
        assert alias.level1 in LEVEL1_LABELS, alias
        assert normalize_level2(alias.alias) == alias.label


def test_rows_jsonl_labels_agree_with_their_raw_spelling() -> None:
    import json

    from tests.conftest import SHARED

    path = SHARED / "data" / "indicators" / "rows.jsonl"
    if not path.exists():
        pytest.skip("rows.jsonl not available")
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert normalize_level2(row["level2_raw"]) == row["level2"], row["name"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("产出指标", "产出指标"), ("项目产出", "产出指标"), ("项目效果", "效益指标"),
     ("满意度指标", "满意度指标"), ("成本\n指标", "成本指标"), ("数量指标", None), (None, None)],
)
def test_level1(raw: str | None, expected: str | None) -> None:
    assert normalize_level1(raw) == expected


def test_level1_of_every_level2() -> None:
    assert {level2_to_level1(x) for x in LEVEL2_LABELS} == set(LEVEL1_LABELS)
    assert {level2_to_level1(x) for x in COST_SUBTYPES} == {"成本指标"}


def test_coarse_folds_only_cost_subtypes() -> None:
    assert {coarse_level2(x) for x in COST_SUBTYPES} == {"成本指标"}
    for label in set(LEVEL2_LABELS) - COST_SUBTYPES:
        assert coarse_level2(label) == label


@given(st.one_of(st.none(), st.text(max_size=40), st.integers()))
def test_never_raises(value: object) -> None:
    result = normalize_level2(value)  # type: ignore[arg-type]
    assert result is None or result in LEVEL2_LABELS
    assert normalize_level1(value) in (None, *LEVEL1_LABELS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("level1", "outside"),
    [("A决策15分", True), ("B过程25分", True), ("过程指标", True), ("C产出35分", False),
     ("效益指标", False), ("", False), (None, False)],
)
def test_evaluation_dimensions_outside_the_type_framework(level1, outside) -> None:
    from extractor.indicators.labels import is_outside_framework

    assert is_outside_framework(level1) is outside


def test_satisfaction_may_sit_under_benefit() -> None:
    from extractor.indicators.labels import level1_labels

    assert "服务对象满意度指标" in level1_labels("效益指标")
    assert "服务对象满意度指标" not in level1_labels("产出指标")
    assert level1_labels("满意度指标") == ("服务对象满意度指标",)

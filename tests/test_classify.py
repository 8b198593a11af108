"""The indicator-type classifier's public API and the shipped model's behaviour."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from conftest import seed_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.indicators import classify
from extractor.indicators.classify import (
    classify_indicator,
    classify_indicators,
    classify_table,
    shipped_model,
)
from extractor.indicators.labels import LEVEL2_LABELS, level2_to_level1

ROOT = Path(__file__).resolve().parent.parent


def test_returns_a_framework_label_and_a_probability() -> None:
    label, p = classify_indicator("项目资金拨付及时率", "≥90%")
    assert label in LEVEL2_LABELS
    assert 0.0 < p <= 1.0
    assert isinstance(p, float)


def test_batch_equals_one_by_one() -> None:
    items = [
        ("新闻报道类奖励数量", "15件"),
        ("服务对象满意度", "大于等于90%"),
        ("预算控制数", "≤1587.38万元"),
        ("绿色发展水平", None),
        ("", ""),
    ]
    batch = classify_indicators(items)
    single = [classify_indicator(n, t) for n, t in items]
    assert [b[0] for b in batch] == [s[0] for s in single]
    assert np.allclose([b[1] for b in batch], [s[1] for s in single])


def test_empty_batch() -> None:
    assert classify_indicators([]) == []


@pytest.mark.parametrize("level1", ["产出指标", "效益指标", "满意度指标", "成本指标", "效益"])
def test_level1_restricts_the_answer(level1: str) -> None:
    from extractor.indicators.labels import normalize_level1

    label, p = classify_indicator("工作完成情况", "100%", level1=level1)
    assert level2_to_level1(label) == normalize_level1(level1)
    assert 0.0 < p <= 1.0


def test_unknown_level1_is_ignored() -> None:
    label, p = classify_indicator("工作完成情况", "100%", level1="绩效指标")
    assert (label, pytest.approx(p)) == classify_indicator("工作完成情况", "100%")


def test_probabilities_are_a_distribution() -> None:
    model = classify.shipped_model()
    docs = [classify.item_to_tokens(n, t) for n, t in [("受益群众满意度", "≥95%"), ("x", None)]]
    proba = model.tokens_to_proba(docs)
    assert proba.shape == (2, len(model.labels))
    assert np.allclose(proba.sum(axis=1), 1.0)


# Unambiguous rows by the framework's definitions (each type's defining word in the name).
@pytest.mark.parametrize(
    ("name", "target", "expected"),
    [
        ("服务对象满意度", "≥90%", "服务对象满意度指标"),
        ("受益群众满意度", "95%", "服务对象满意度指标"),
        ("资金拨付及时率", "100%", "时效指标"),
        ("项目完成时间", "2026年12月底前", "时效指标"),
        ("验收合格率", "100%", "质量指标"),
    ],
)
def test_clear_cases(name: str, target: str, expected: str) -> None:
    assert classify_indicator(name, target)[0] == expected


@pytest.mark.parametrize(("name", "target", "level1", "level2", "cell"), seed_rows())
def test_seed_self_evaluation_row(
    name: str, target: str, level1: str, level2: str, cell: str
) -> None:
    """The seed's 自评表 prints 一级 for every row; the printed 二级 must come out."""
    assert classify_indicator(name, target, level1=level1)[0] == level2


@functools.lru_cache(maxsize=2)
def seed_table_labels(with_cells: bool) -> dict[str, str]:
    rows = [p.values for p in seed_rows()]
    labels = classify_table(
        [
            (name, target, level1, None, cell if with_cells else None)
            for name, target, level1, _, cell in rows
        ]
    )
    return {row[0]: label for row, (label, _) in zip(rows, labels, strict=True)}


@pytest.mark.parametrize(("name", "target", "level1", "level2", "cell"), seed_rows())
def test_seed_self_evaluation_row_in_table(
    name: str, target: str, level1: str, level2: str, cell: str
) -> None:
    """The whole 自评表 decoded as one table block, as the pipeline classifies it."""
    assert seed_table_labels(False)[name] == level2


@pytest.mark.parametrize(("name", "target", "level1", "level2", "cell"), seed_rows(with_cells=True))
def test_seed_self_evaluation_row_from_its_cells(
    name: str, target: str, level1: str, level2: str, cell: str
) -> None:
    """The 自评表 with its 二级 text lost but its cells kept (which rows each cell covers): the
    rows of 质量指标's cell cannot be 数量指标, whose cell is the one above."""
    assert seed_table_labels(True)[name] == level2


def test_shipped_vocabulary_has_no_source_tagged_features() -> None:
    # Tagged copies only absorb source quirks in training; prediction never produces them.
    model = shipped_model()
    assert not [t for t in model.vocabulary if t.startswith(classify.DOMAIN_MARK)]
    # A name holding the mark itself still gives untagged features.
    assert not [t for t in classify.item_to_tokens("完成率@x", "@") if t.startswith("@")]


def test_tagged_copies_keep_their_feature_block() -> None:
    tokens = classify.item_to_tokens("培训人数", "500人", "school")
    shared = classify.item_to_tokens("培训人数", "500人")
    assert len(tokens) == 2 * len(shared)
    tagged = tokens[len(shared) :]
    assert [classify.token_to_block(t) for t in tagged] == [
        classify.token_to_block(t) for t in shared
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.none(), st.text(max_size=60), st.integers()),
    st.one_of(st.none(), st.text(max_size=30), st.floats(allow_nan=True)),
    st.one_of(st.none(), st.text(max_size=8)),
)
def test_never_raises(name: object, target: object, level1: object) -> None:
    label, p = classify_indicators([(name, target, level1)])[0]  # type: ignore[list-item]
    assert label in LEVEL2_LABELS
    assert 0.0 <= p <= 1.0


_CELL = st.one_of(st.none(), st.text(max_size=20), st.integers())
_LABEL_CELL = st.one_of(st.none(), st.sampled_from(LEVEL2_LABELS), st.text(max_size=8))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(_CELL, _CELL, _CELL, _LABEL_CELL, st.one_of(st.none(), st.integers(0, 3))),
        max_size=12,
    )
)
def test_a_table_never_raises(rows: list[tuple]) -> None:
    labels = classify_table(rows)
    assert len(labels) == len(rows)
    assert all(label in LEVEL2_LABELS and 0.0 <= p <= 1.0 for label, p in labels)


def test_npz_has_no_object_arrays() -> None:
    """Every array loads with allow_pickle=False (no unpickling, ever)."""
    path = ROOT / "extractor" / "data" / "indicators" / classify.MODEL_NPZ
    with np.load(path, allow_pickle=False) as data:
        for key in data.files:
            assert data[key].dtype != object, key


def test_metadata_matches_arrays() -> None:
    model = classify.shipped_model()
    assert list(model.labels) == model.meta["labels"]
    assert model.coef.shape == (len(model.labels), len(model.vocabulary))
    assert model.idf.shape == (len(model.vocabulary),)
    assert model.meta["feature_version"] == classify.FEATURE_VERSION
    assert set(model.labels) <= set(LEVEL2_LABELS)

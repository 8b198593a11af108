"""Table context: rows of one 绩效目标表 decided together under the framework's reading order."""

from __future__ import annotations

import numpy as np
import pytest

from extractor.indicators.assign import assign_types
from extractor.indicators.classify import classify_indicators, classify_table, shipped_model
from extractor.indicators.context import chain_orders, proba_to_table_proba

LABELS = shipped_model().labels


def rows_of(*spec: dict[str, float]) -> np.ndarray:
    """A probability matrix: each row puts the given mass on labels, the rest spread evenly."""
    out = np.zeros((len(spec), len(LABELS)))
    for r, masses in enumerate(spec):
        rest = (1 - sum(masses.values())) / (len(LABELS) - len(masses))
        out[r] = [masses.get(label, rest) for label in LABELS]
    return out


def decoded(proba: np.ndarray) -> list[str]:
    return [LABELS[int(k)] for k in proba_to_table_proba(proba, LABELS).argmax(axis=1)]


def test_orders_place_the_cost_group_anywhere_between_the_fixed_groups() -> None:
    orders = [[LABELS[i] for i in order] for order in chain_orders(LABELS)]
    assert len(orders) == 4
    assert orders[0][0] == "经济成本指标"
    assert orders[-1][-1] == "经济成本指标"
    for order in orders:
        rest = [x for x in order if x != "经济成本指标"]
        assert rest == [x for x in LABELS if x != "经济成本指标"]


def test_a_label_outside_the_framework_order_is_refused() -> None:
    with pytest.raises(ValueError, match="reading order"):
        chain_orders([*LABELS, "其他指标"])


def test_a_doubtful_row_follows_its_neighbours() -> None:
    sure_count = {"数量指标": 0.9}
    doubtful = {"质量指标": 0.45, "数量指标": 0.35}
    proba = rows_of(sure_count, doubtful, sure_count, {"质量指标": 0.9})
    assert decoded(proba) == ["数量指标", "数量指标", "数量指标", "质量指标"]


def test_a_confident_row_keeps_its_label_against_the_order() -> None:
    # A table that restarts its order (a project boundary nobody marked): a step back costs a
    # factor BACKWARD_STEP (1e-3), so it takes a row more sure than that to break the order.
    sure = rows_of({"服务对象满意度指标": 0.9999}, {"数量指标": 0.95}, {"质量指标": 0.9})
    unsure = rows_of({"服务对象满意度指标": 0.95}, {"数量指标": 0.95}, {"质量指标": 0.9})
    assert decoded(sure) == ["服务对象满意度指标", "数量指标", "质量指标"]
    assert decoded(unsure)[0] != "服务对象满意度指标"


def test_cost_rows_may_lead_or_close_the_table() -> None:
    first = rows_of({"经济成本指标": 0.9}, {"数量指标": 0.9}, {"社会效益指标": 0.9})
    last = rows_of({"数量指标": 0.9}, {"社会效益指标": 0.9}, {"经济成本指标": 0.9})
    assert decoded(first) == ["经济成本指标", "数量指标", "社会效益指标"]
    assert decoded(last) == ["数量指标", "社会效益指标", "经济成本指标"]


def test_ruled_out_labels_stay_ruled_out_and_rows_stay_distributions() -> None:
    proba = rows_of({"数量指标": 0.9}, {"社会效益指标": 0.5}, {"质量指标": 0.9})
    proba[1, LABELS.index("数量指标")] = 0.0  # a 一级 that rules 数量 out
    proba[1] /= proba[1].sum()
    table = proba_to_table_proba(proba, LABELS)
    assert table[1, LABELS.index("数量指标")] == 0.0
    assert np.allclose(table.sum(axis=1), 1.0)
    assert np.isfinite(table).all()


def test_one_row_is_left_as_it_is() -> None:
    proba = rows_of({"时效指标": 0.6})
    assert np.array_equal(proba_to_table_proba(proba, LABELS), proba)


def test_printed_neighbours_restore_a_lost_cell() -> None:
    # The middle row's name says nothing; its printed neighbours are both 质量指标.
    rows = [
        ("验收合格率", "100%", "产出指标", "质量指标"),
        ("项目实施情况", "良好", "产出指标", None),
        ("资料归档完整率", "100%", "产出指标", "质量指标"),
    ]
    labels = [label for label, _ in classify_table(rows)]
    assert labels == ["质量指标"] * 3


def test_table_and_single_row_agree_on_clear_rows() -> None:
    rows = [("培训人数", "500人"), ("完成时间", "2025年12月"), ("服务对象满意度", "≥90%")]
    assert [x for x, _ in classify_table(rows)] == [x for x, _ in classify_indicators(rows)]


def test_assign_fills_missing_cells_from_the_table_and_marks_them() -> None:
    def record(row: int, name: str, target: str, level2: str | None) -> dict:
        return {"table_id": "t1", "project": "p", "row": row, "page": 1, "name": name,
                "target_text": target, "level1": "产出指标", "level2": level2}

    records = [
        record(1, "验收合格率", "100%", "质量指标"),
        record(2, "项目实施情况", "良好", None),
        record(3, "资料归档完整率", "100%", "质量指标"),
    ]
    assign_types(records, [])
    assert records[1]["level2"] == "质量指标"
    assert records[1]["level2_predicted"] is True
    assert "level2_predicted" not in records[0]
    assert all(0 < r["type_probability"] <= 1 for r in records)


def test_a_printed_cost_subtype_is_no_dispute() -> None:
    # The model knows 经济成本指标 only; a printed 社会成本指标 is not contradicted by it.
    record = {"table_id": "t1", "project": "p", "row": 1, "page": 1, "name": "预算控制数",
              "target_text": "≤500万元", "level1": "成本指标", "level2": "社会成本指标"}
    warnings = assign_types([record], [])
    assert record["type_predicted"] == "经济成本指标" and record["type_probability"] >= 0.8
    assert warnings == []


def test_assign_decodes_each_project_block_on_its_own() -> None:
    def record(row: int, project: str, name: str, target: str) -> dict:
        return {"table_id": "t1", "project": project, "row": row, "page": 1, "name": name,
                "target_text": target, "level1": None, "level2": "数量指标"}

    records = [
        record(1, "甲", "服务对象满意度", "≥90%"),
        record(2, "乙", "培训人数", "500人"),
    ]
    assign_types(records, [])
    assert [r["type_predicted"] for r in records] == ["服务对象满意度指标", "数量指标"]

"""Table context: rows of one 绩效目标表 decided together under the framework's reading order."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest
from conftest import seed_rows, seed_table

from extractor.indicators.assign import assign_types
from extractor.indicators.classify import classify_indicators, classify_table, shipped_model
from extractor.indicators.context import (
    RUN_STAY,
    cells_to_runs,
    chain_orders,
    proba_to_table_proba,
)
from extractor.indicators.tables import table_to_indicators

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
        return {
            "table_id": "t1",
            "project": "p",
            "row": row,
            "page": 1,
            "name": name,
            "target_text": target,
            "level1": "产出指标",
            "level2": level2,
        }

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
    record = {
        "table_id": "t1",
        "project": "p",
        "row": 1,
        "page": 1,
        "name": "预算控制数",
        "target_text": "≤500万元",
        "level1": "成本指标",
        "level2": "社会成本指标",
    }
    warnings = assign_types([record], [])
    assert record["type_predicted"] == "经济成本指标" and record["type_probability"] >= 0.8
    assert warnings == []


def test_assign_decodes_each_project_block_on_its_own() -> None:
    def record(row: int, project: str, name: str, target: str) -> dict:
        return {
            "table_id": "t1",
            "project": project,
            "row": row,
            "page": 1,
            "name": name,
            "target_text": target,
            "level1": None,
            "level2": "数量指标",
        }

    records = [
        record(1, "甲", "服务对象满意度", "≥90%"),
        record(2, "乙", "培训人数", "500人"),
    ]
    assign_types(records, [])
    assert [r["type_predicted"] for r in records] == ["服务对象满意度指标", "数量指标"]


# ---------------------------------------------------------------- 二级 cells


def test_rows_of_one_cell_are_one_run_and_a_merged_block_moves_on_at_each_cell() -> None:
    runs, log_stay = cells_to_runs(["a", "a", "a", "b", "b", "c"], [1] * 6)
    assert runs == [[0, 1, 2], [3, 4], [5]]
    assert list(np.exp(log_stay[1:])) == pytest.approx([RUN_STAY, RUN_STAY])


def test_a_cell_after_a_page_break_may_repeat_the_type() -> None:
    # dongguan: the 3 cells that repeat the type above all start a continuation page.
    _, log_stay = cells_to_runs(["a", "a", "b", "b"], [1, 1, 2, 2])
    assert log_stay[1] == 0.0


def test_a_table_printing_every_rows_label_may_repeat_it() -> None:
    # No cell covers two rows: the table does not merge, 数量指标 may be printed row after row.
    runs, log_stay = cells_to_runs(["a", "b", "c"], [1, 1, 1])
    assert runs == [[0], [1], [2]] and not log_stay.any()


def test_rows_without_a_known_cell_are_runs_of_their_own() -> None:
    runs, log_stay = cells_to_runs([None, None, "a", "a", None], [1] * 5)
    assert runs == [[0], [1], [2, 3], [4]]
    assert not log_stay.any()


def test_a_cell_below_a_cell_of_one_type_takes_the_next_type() -> None:
    # All three rows look like counts. Row by row, the middle ones are 数量指标; but they share a
    # cell of their own below the 数量指标 cell, and above a 时效指标 cell: 质量指标.
    count = {"数量指标": 0.7, "质量指标": 0.2}
    proba = rows_of(count, count, count, {"时效指标": 0.9})
    assert decoded(proba) == ["数量指标", "数量指标", "数量指标", "时效指标"]
    table = proba_to_table_proba(proba, LABELS, cells=["a", "b", "b", "c"], pages=[1] * 4)
    assert [LABELS[int(k)] for k in table.argmax(axis=1)] == [
        "数量指标",
        "质量指标",
        "质量指标",
        "时效指标",
    ]


def test_the_rows_of_one_cell_get_one_label_and_stay_distributions() -> None:
    proba = rows_of({"质量指标": 0.6}, {"数量指标": 0.55}, {"社会效益指标": 0.9})
    table = proba_to_table_proba(proba, LABELS, cells=["a", "a", "b"], pages=[1, 1, 1])
    assert np.array_equal(table[0], table[1])
    assert np.allclose(table.sum(axis=1), 1.0)


def test_a_cell_whose_rows_rule_out_each_other_is_decided_row_by_row() -> None:
    # Two pins that disagree under one cell: the cell is not what it seems.
    proba = rows_of({"数量指标": 1.0}, {"质量指标": 1.0})
    table = proba_to_table_proba(proba, LABELS, cells=["a", "a"], pages=[1, 1])
    assert [LABELS[int(k)] for k in table.argmax(axis=1)] == ["数量指标", "质量指标"]


def test_without_cells_the_decode_is_unchanged() -> None:
    proba = rows_of({"数量指标": 0.9}, {"质量指标": 0.45, "数量指标": 0.35}, {"时效指标": 0.9})
    assert np.array_equal(
        proba_to_table_proba(proba, LABELS),
        proba_to_table_proba(proba, LABELS, cells=[None, None, None], pages=[1, 1, 1]),
    )


@functools.lru_cache(maxsize=1)
def restored_seed_records() -> tuple[dict, ...]:
    """The seed 自评表's indicator records with every 二级 cell's text garbled (as a font without
    a usable ToUnicode map prints it) but the cells kept, after `assign_types`."""
    table = seed_table("rects")
    level2_col = 2
    table.cells = [
        dataclasses.replace(c, text="\ufffd" * len(c.text))
        if c.col == level2_col and c.row >= 10 and c.text
        else c
        for c in table.cells
    ]
    records = [ind.to_record("seed") for ind in table_to_indicators(table)]
    assign_types(records, [])
    return tuple(records)


@pytest.mark.parametrize(("name", "target", "level1", "level2", "cell"), seed_rows(True))
def test_assign_restores_garbled_labels_from_the_cells(
    name: str, target: str, level1: str, level2: str, cell: str
) -> None:
    (record,) = [r for r in restored_seed_records() if r["name"] == name]
    assert record["level2_predicted"] is True
    row, col = map(int, cell.split(","))
    assert record["level2_cell"] == {"row": row, "col": col}
    assert record["level2"] == level2

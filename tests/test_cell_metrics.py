"""Figures stated in sentences inside table cells become metric records tied to their cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import case_rows, corpus_file

from extractor.layout.tables import is_prose
from extractor.pipeline import extract

CASES = Path(__file__).resolve().parent.parent / "corpora" / "tables" / "prose_cells.tsv"


def read_cases() -> list:
    return [pytest.param(text, prose == "yes", id=why) for text, prose, why in case_rows(CASES, 3)]


@pytest.mark.parametrize(("text", "prose"), read_cases())
def test_prose_cell_case(text: str, prose: bool) -> None:
    assert is_prose(text) is prose


def test_note_cells_of_a_budget_table_give_metrics_with_their_cell() -> None:
    # wuhan 2025 一般公共预算支出表: the 备注 column explains each row's growth.
    records = extract(str(corpus_file("china-local-debt-atlas/wuhan_2025_budget_expenditure.pdf")))
    tables = {r["table_id"]: r for r in records.records if r["type"] == "table"}
    metrics = [r for r in records.records if r["type"] == "metric" and r["table_id"]]
    first = next(m for m in metrics if m["cell"] == {"row": 1, "col": 7})
    cell = next(c for c in tables[first["table_id"]]["cells"] if (c["row"], c["col"]) == (1, 7))
    assert cell["text"] == "剔除上级转移支付等一次性因素，同口径增长3.7%"
    assert cell["text"][first["start"] : first["end"]] == "3.7%"
    assert (first["quantity"]["value"], first["change"], first["page"]) == ("3.7", "increase", 1)
    # The note names no item: the row's 项目 cell does (its list number left out: 4、科学技术支出).
    assert (first["subject"], first["provenance"]["rule"]) == ("一般公共预算支出", "row_label")
    science = next(m for m in metrics if m["quantity"]["value"] == "15.8")
    assert science["subject"] == "科学技术支出"
    assert first["bbox"] == cell["bbox"]
    assert first["section_id"] == tables[first["table_id"]]["section_id"]
    assert len(metrics) == 8  # one per note: every note states one growth rate
    # Prose metrics carry no cell; the records stay in page order.
    prose = [r for r in records.records if r["type"] == "metric" and not r["table_id"]]
    assert all(m["cell"] is None for m in prose)
    pages = [r["page"] for r in records.records if r["type"] == "metric"]
    assert pages == sorted(pages)


def test_this_indicator_in_a_scoring_cell_is_the_rows_indicator() -> None:
    # 河南 技能竞赛 绩效评价报告 (最佳报告范例.md), its 评分表: each 评分说明 cell ends
    # 综上，该指标得X分, and the row's 三级指标 is what scored X.
    records = extract(str(corpus_file("autowriter-henan-perf-eval/最佳报告范例.md"))).records
    names = {(r["table_id"], r["row"]): r["name"] for r in records if r["type"] == "indicator"}
    metrics = [r for r in records if r["type"] == "metric" and r["table_id"]]
    scored = [m for m in metrics if m["provenance"]["rule"] == "indicator_of_row"]
    first = next(m for m in scored if m["quantity"]["text"] == "2.00分")
    assert (first["subject"], first["cell"]["row"]) == ("A101立项依据充分性", 1)
    own = [m for m in scored if (m["table_id"], m["cell"]["row"]) in names]
    assert all(m["subject"] == names[(m["table_id"], m["cell"]["row"])] for m in own)
    assert len(own) >= 10
    # A line break split C103's row in two (C103获奖选 / 手、专家教练团队…): the 评分说明 in the
    # lower part is still C103's.
    split = next(m for m in scored if m["cell"]["row"] == 24)
    assert split["subject"] == "C103获奖选手、专家教练团队及选送单位奖补完成数量"
    # No cell metric of the 评分表 is left with 该指标.
    assert not [m for m in metrics if m["subject"] == "该指标"]


def test_a_sites_size_in_a_project_description_takes_the_project_of_its_row() -> None:
    # qingdao 2025 重大项目表 (pp.212-220): the 2026年项目情况简介 cell says 位于市北区,总建筑面积
    # 12.3万平方米 and the 项目名称 cell says whose (change 395; was 总建筑面积).
    path = corpus_file("china-local-debt-atlas/qingdao_2025_budget_report.pdf")
    metrics = [
        r for r in extract(str(path), {"ocr": "never"}).records
        if r["type"] == "metric" and r["table_id"]
    ]
    area = next(m for m in metrics if m["quantity"]["text"] == "12.3万平方米")
    assert (area["subject"], area["provenance"]["rule"]) == (
        "市公共卫生中心建设项目总建筑面积",
        "row_label_of_measure",
    )
    cost = next(m for m in metrics if m["quantity"]["text"] == "173086万元")
    assert cost["subject"] == "市中心医院二期改扩建项目概算总投资"  # 项目 said once
    # A subject that names more than a site's measure keeps its own words.
    funds = next(m for m in metrics if m["quantity"]["text"] == "5000万元")
    assert funds["subject"] == "中央预算资金"


def test_a_projects_own_funds_in_its_target_take_the_project_of_its_row() -> None:
    # yinchuan 2026 市本级重点项目绩效目标汇总表 (pp.199-203): the 绩效目标描述 cell says 本项目
    # 共安排资金11200万元 and the 项目名称 cell says which project (change 414; was 资金).
    path = corpus_file("china-local-debt-atlas/yinchuan_2025_tables.pdf")
    metrics = [
        r for r in extract(str(path), {"ocr": "never"}).records
        if r["type"] == "metric" and r["table_id"] and 199 <= r["page"] <= 203
    ]
    funds = next(m for m in metrics if m["quantity"]["text"] == "11200万元")
    assert (funds["subject"], funds["provenance"]["rule"]) == (
        "2026年农业生产发展项目资金",
        "row_label_of_measure",
    )
    # A label that names a fund itself takes no second 资金.
    reform = next(m for m in metrics if m["quantity"]["text"] == "20000万元")
    assert reform["subject"] == "公立医院综合改革与高质量发展资金"
    # 预算资金 too (change 430: was 预算资金), the row's 项目名称 a fund's name itself.
    industry = next(m for m in metrics if m["quantity"]["text"] == "3397.7万元")
    assert industry["subject"].startswith("实施加快推进新型工业化若干措施资金、")
    assert industry["subject"].endswith("相关工业类扶持资金")

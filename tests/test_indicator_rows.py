"""绩效目标表 / 自评表 → indicator rows: header synonyms, forward fill, values, invariants, and
the dongguan 2025 项目绩效目标表 checked row by row against the rendered pages."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections import Counter
from functools import cache

import pytest
from conftest import FIXTURES, ROOT, corpus_file, seed_table

from extractor.indicators.fields import (
    cell_to_parts,
    cell_to_quantity,
    header_to_field,
    yuan_of_cost_row,
)
from extractor.indicators.tables import (
    check_indicators,
    complete_value,
    pdf_to_indicator_rows,
    table_to_indicators,
    unit_of_name,
)
from extractor.layout.tables import Table, grids_to_tables, page_to_tables
from extractor.sources.pdf import read_pdf

TABLES = FIXTURES / "tables"
SEED = json.loads((TABLES / "seed_self_evaluation.json").read_text(encoding="utf-8"))
DONGGUAN = "china-local-debt-atlas/dongguan_2025_budget_report.pdf"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("一级指标", "level1"),
        ("二级\n指标", "level2"),
        ("三级指标", "name"),
        ("指标名称", "name"),
        ("年度指标值", "target"),
        ("指标值", "target"),
        ("目标值", "target"),
        ("年度\n指标值", "target"),
        ("实施周期指标值", "target_period"),
        ("实际完成值", "actual"),
        ("完成值", "actual"),
        ("实际值", "actual"),
        ("分值", "weight"),
        ("权重", "weight"),
        ("分值（分）", "weight"),
        ("得分", "score"),
        ("偏差原因分析及改进措施", "note"),
        ("偏差原因分析", "note"),
        ("项目名称", "project"),
        ("单位名称、项目名称", "project"),
        ("指标性质", "op"),
        ("度量单位", "unit"),
        ("年度(/项目)指标值", "target"),
        ("当年度指标值", "target"),  # 云浮 预算项目支出绩效目标申报表
        ("本年度指标值", "target"),
        ("绩效指标", None),
    ],
)
def test_header_synonyms(header: str, field: str | None) -> None:
    assert header_to_field(header) == field


@pytest.mark.parametrize("variant", ["rects", "split"])
def test_seed_indicator_rows(variant: str) -> None:
    table = seed_table(variant)
    indicators = table_to_indicators(table)
    columns = SEED["indicator_columns"]
    got = [
        [getattr(ind, f"{c}_raw" if c in ("target", "actual") else c) for c in columns]
        for ind in indicators
    ]
    assert got == SEED["indicators"]
    assert check_indicators(table, indicators) == []
    assert {ind.project["项目名称"] for ind in indicators} == {"打造科技创新高地工作经费"}


@pytest.mark.parametrize("variant", ["rects", "split"])
def test_rows_of_one_merged_label_cell_share_it(variant: str) -> None:
    cells = [ind.level2_cell for ind in table_to_indicators(seed_table(variant))]
    # 数量指标 covers three rows, 质量指标 two, the rest one ("split": page break under 数量指标).
    singles = [(15, 2), (17, 2), (18, 2), (19, 2), (20, 2)]
    assert cells == [(10, 2)] * 3 + [(13, 2)] * 2 + singles


def test_seed_values_are_quantities() -> None:
    indicators = table_to_indicators(seed_table("lines"))
    by_name = {ind.name: ind for ind in indicators}
    target = by_name["技术合同交易额占GDP比重"].target
    actual = by_name["技术合同交易额占GDP比重"].actual
    assert target is not None and (target["value"], target["unit"]) == ("6", "%")
    assert actual is not None and actual["value"] == "8.53"
    people = by_name["引进外籍专业人才"].actual
    assert people is not None and (people["value"], people["unit"]) == ("67", "人")
    record = by_name["企业满意度"].to_record("doc")
    assert record["weight"] == "10" and record["score"] == "10"
    assert record["level2"] == "服务对象满意度指标" and record["table_id"] == "t1"
    assert "type_predicted" in record and record["type_predicted"] is None


def test_score_above_weight_is_reported() -> None:
    table = seed_table("rects")
    indicators = table_to_indicators(table)
    indicators[0] = dataclasses.replace(indicators[0], score="12")
    warnings = check_indicators(table, indicators)
    assert any("score 12 > weight 10" in w for w in warnings)


@cache
def dongguan_tables() -> list[Table]:
    pages = read_pdf(corpus_file(DONGGUAN).read_bytes())
    return grids_to_tables([page_to_tables(page) for page in pages])


def test_dongguan_every_target_table() -> None:
    tables = [t for t in dongguan_tables() if table_to_indicators(t)]
    rows = [ind for t in tables for ind in table_to_indicators(t)]
    assert len(tables) == 59
    assert len(rows) == 615
    assert {ind.page for ind in rows} <= set(range(149, 226))
    # 17 tables go on over a page break, one of them over two.
    assert Counter(t.continued_pages for t in tables) == {0: 42, 1: 16, 2: 1}
    assert all(ind.project and ind.level1 and ind.level2 and ind.name for ind in rows)
    assert all(ind.target_raw and ind.target_period_raw for ind in rows)


def expected_dongguan() -> dict[str, list[list[str]]]:
    path = ROOT / "corpora" / "tables" / "dongguan_2025_perf_targets.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    by_project: dict[str, list[list[str]]] = {}
    for row in list(csv.reader(lines, delimiter="\t"))[1:]:
        by_project.setdefault(row[0], []).append(row[1:])
    return by_project


@pytest.mark.parametrize("project", sorted(expected_dongguan()))
def test_dongguan_table_row_by_row(project: str) -> None:
    (table,) = [t for t in dongguan_tables() if t.fields.get("项目名称") == project]
    got = [
        [str(i.page), i.level1_raw, i.level2_raw, i.name, i.target_period_raw, i.target_raw]
        for i in table_to_indicators(table)
    ]
    assert got == expected_dongguan()[project]


def test_dongguan_comparators_parse() -> None:
    rows = [ind for t in dongguan_tables() for ind in table_to_indicators(t)]
    ops = Counter((ind.target or {}).get("op") for ind in rows)
    assert ops[">="] >= 100 and ops["<="] >= 40
    cost = next(i for i in rows if i.name == "预算控制数" and i.target_raw == "≤1587.38万元")
    assert cost.level2 == "经济成本指标" and cost.target is not None
    assert cost.target["op"] == "<=" and cost.target["value"] == "1587.38"


def test_dongguan_cost_sums_are_money() -> None:
    # Three 预算控制数 cells print 万 without 元 (年均预算≤3000万, 不超过预算数1000万, 不超预算额
    # 1000万); the other cost values are shares (≥3%) or cells with no single value (a sum named
    # in words, ≤上一届展会总预算, or one figure a case).
    rows = [ind for t in dongguan_tables() for ind in table_to_indicators(t)]
    kinds = Counter((ind.target or {}).get("kind") for ind in rows if ind.level1 == "成本指标")
    assert kinds == {"money": 63, "percent": 4, None: 6}
    (bare,) = [ind.target for ind in rows if ind.target_raw == "年均预算≤3000万"]
    assert bare is not None
    assert (bare["unit"], bare["base_value"], bare["base_unit"]) == ("万", "30000000", "元")


def test_pdf_to_indicator_rows_keys() -> None:
    rows = pdf_to_indicator_rows(str(corpus_file(DONGGUAN)))
    assert len(rows) == 615
    assert {
        "level1",
        "level2_raw",
        "level2",
        "level2_cell",
        "name",
        "target",
        "actual",
        "page",
        "table_id",
        "project",
    } <= set(rows[0])


@pytest.mark.parametrize(
    ("value", "op", "unit", "expected"),
    [
        ("85", ">=", "%", "≥85%"),
        ("210000", "=", "人(人次、家)", "210000人"),
        ("2026年12月", "", "年", "2026年12月"),
        ("效果显著", ">=", "", "效果显著"),
        ("", ">=", "%", ""),
    ],
)
def test_separate_comparator_and_unit_columns(
    value: str, op: str, unit: str, expected: str
) -> None:
    assert complete_value(value, op, unit) == expected


def test_one_table_listing_many_projects() -> None:
    # 迪庆 6-1 州级重大政策和重点项目绩效目标表: a project-name column, 指标性质 and 度量单位
    # columns, a row of column numbers under the header, continued over three pages.
    rows = pdf_to_indicator_rows(
        str(corpus_file("china-local-debt-atlas/diqing_2025_budget_report.pdf"))
    )
    assert len({r["table_id"] for r in rows}) == 1
    assert all(r["project"] and r["level2"] and r["name"] for r in rows)
    assert not any(r["name"].isdigit() for r in rows)
    first = rows[0]
    assert (first["project"], first["name"], first["target"]) == (
        "城乡居民基本养老保险州级财政补助资金",
        "获补对象数",
        "210000人",
    )


def test_one_project_application_form() -> None:
    # 云浮 p. 83 预算项目支出绩效目标申报表: project fields above, 当年度指标值, every 二级 type
    # printed once, 成本 first.
    rows = pdf_to_indicator_rows(
        str(corpus_file("china-local-debt-atlas/yunfu_2025_budget_report.pdf"))
    )
    assert [(r["page"], r["level2"]) for r in rows] == [
        (83, "经济成本指标"),
        (83, "数量指标"),
        (83, "质量指标"),
        (83, "时效指标"),
        (83, "经济效益指标"),
        (83, "社会效益指标"),
        (83, "生态效益指标"),
        (83, "服务对象满意度指标"),
    ]
    assert rows[0]["project"] == "2026年污水处理厂污水处理费"
    assert (rows[1]["name"], rows[1]["target"]) == ("日均保底水量", "7.5万吨/日")
    assert (rows[6]["name"], rows[6]["target"]) == ("排放达到国家及地方的相关环保标准", "≧95%")


@pytest.mark.parametrize(
    ("text", "value", "unit", "op", "kind"),
    [
        ("≧90%", "90", "%", ">=", "percent"),  # full-width comparators
        ("＞5家", "5", "家", ">", "count"),
        ("≦1587.38万元", "1587.38", "万元", "<=", "money"),
        ("大于等于90%", "90", "%", ">=", "percent"),
        ("≥ 30家", "30", "家", ">=", "count"),  # spaces inside values
        ("0 次", "0", "次", None, "count"),
        ("是", "1", "", None, "boolean"),
        ("12月", None, "", None, "date"),
    ],
)
def test_value_cells(text: str, value: str | None, unit: str, op: str | None, kind: str) -> None:
    quantity = cell_to_quantity(text)
    assert quantity is not None
    assert (quantity["value"], quantity["unit"], quantity["op"], quantity["kind"]) == (
        value,
        unit,
        op,
        kind,
    )


@pytest.mark.parametrize("text", ["—", "", "－", "无", "提升"])
def test_cells_without_a_value(text: str) -> None:
    assert cell_to_quantity(text) is None


def test_a_name_cut_where_an_ocr_dump_split_the_table_is_put_back() -> None:
    # 最佳报告范例.md's 指标体系评分表: the OCR tool split the table at each page end, cutting a
    # row in two (B102制度执 | 行有效性). In a table whose names open with item codes and give
    # weights, a row with no code, no label of its own and no weight or score is the rest of
    # the row above.
    from extractor.pipeline import extract

    records = extract(str(corpus_file("autowriter-henan-perf-eval/最佳报告范例.md"))).records
    names = [r["name"] for r in records if r["type"] == "indicator"]
    for whole in (
        "A102立项程序规范性",
        "B102制度执行有效性",
        "C103获奖选手、专家教练团队及选送单位奖补完成数量",
        "D101省职业技能大赛资金使用效益",
    ):
        assert whole in names
    assert not {"性", "行有效性", "赛资金使用效益"} & set(names)
    # A coded row without a weight is still a row of its own.
    assert "C102省级及以上集训基地补助完成数量" in names


@pytest.mark.parametrize(
    ("name", "value", "completed"),
    [
        # dongguan 2025 绩效目标表 (pp. 170-224) and diqing 2025 p. 65, as printed
        ("服务企业数量（家）", "≥30", "≥30家"),
        ("高新技术企业营业收入（亿元）", "≥18000", "≥18000亿元"),
        ("技术改造投资占工业投资的比重（%）", "≥45", "≥45%"),
        ("产业化公司融资额（万元）", "8600", "8600万元"),
        # a value with a unit of its own keeps it, whatever the bracket says
        ("入库企业研发投入（亿元）", "≥2000万元", "≥2000万元"),
        ("扶持创业担保贷款人（户）", "≥500人", "≥500人"),
        # two figures under two brackets, and brackets that hold no unit
        ("设备对外服务单位（家）/服务机时（万小时）", "200/5", "200/5"),
        ("知识产权指标居于全省前列（是/否）", "是", "是"),
        ("轮换及时率（粮食）", "100%", "100%"),
    ],
)
def test_a_bare_figure_takes_the_unit_of_its_names_bracket(
    name: str, value: str, completed: str
) -> None:
    assert unit_of_name(value, name) == completed


@pytest.mark.parametrize(
    "level1, level2, value, kind",
    [
        # dongguan 2025 pp. 182, 185, 194: 预算控制数 of 经济成本指标
        ("成本指标", "经济成本指标", "年均预算≤3000万", "money"),
        ("成本指标", "经济成本指标", "不超预算额1000万", "money"),
        # a cost row that lost its 二级 (OCR, a merged cell cut by a page break) counts by 一级
        ("成本指标", None, "≤1000万", "money"),
        # costs of another kind, and rows that are no costs, keep a bare figure a number
        ("成本指标", "社会成本指标", "≤5万", "number"),
        ("产出指标", "数量指标", "≥3万", "number"),
        ("成本指标", "经济成本指标", "≥3%", "percent"),
    ],
)
def test_a_bare_scale_in_a_cost_row_is_yuan(
    level1: str, level2: str | None, value: str, kind: str
) -> None:
    quantity = yuan_of_cost_row(cell_to_quantity(value), level1, level2)
    assert quantity is not None and quantity["kind"] == kind


def value_parts_cases() -> list[tuple[str, str]]:
    path = ROOT / "corpora" / "tables" / "value_parts.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return [(row[0], row[1]) for row in list(csv.reader(lines, delimiter="\t"))[1:]]


@pytest.mark.parametrize(("cell", "parts"), value_parts_cases())
def test_a_cell_with_a_figure_a_case_gives_its_parts(cell: str, parts: str) -> None:
    assert cell_to_quantity(cell) is None
    got = cell_to_parts(cell)
    assert "; ".join(f"{p['label']} | {p['quantity']['text']}" for p in got) == parts
    for part in got:
        quantity = part["quantity"]
        assert cell[quantity["start"]:quantity["end"]] == quantity["text"]


def test_dongguan_no_figure_of_a_value_cell_is_lost() -> None:
    rows = [ind.to_record("d") for t in dongguan_tables() for ind in table_to_indicators(t)]
    with_figures = [r for r in rows if any(c.isdigit() for c in r["target_text"])]
    assert all(r["target"] is not None or r["target_parts"] for r in with_figures)
    assert sum(1 for r in rows if r["target_parts"]) == 7
    assert all(not r["target_parts"] for r in rows if r["target"] is not None)
    (cost,) = [r for r in rows if r["target_text"].startswith("书记、校长")]
    assert [p["quantity"]["base_value"] for p in cost["target_parts"]] == ["151600", "59800"]


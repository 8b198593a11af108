"""Rule owner_of_heading: a bare 收入 or 支出 takes the budget its section path names."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_file

from extractor.nlp.heading_owner import budget_of_path, owner_of_heading
from extractor.nlp.metrics import text_to_metrics
from extractor.pipeline import extract

CASES = Path(__file__).resolve().parent.parent / "corpora" / "metrics" / "heading_owners.tsv"


def _owned(text: str, year: int, owner: str | None) -> dict[str, str | None]:
    """Subjects by value text once ``owner_of_heading`` has run over ``text``'s metrics."""
    metrics = text_to_metrics(text, year=year)
    owner_of_heading(metrics, owner, text)
    return {m.quantity.text: m.subject for m in metrics}


def _cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, owner, source = line.split("\t")
            rows.append((path, owner, source))
    return rows


@pytest.mark.parametrize(("path", "owner", "source"), _cases())
def test_budget_of_path(path, owner, source):
    assert budget_of_path(path.split(" › ")) == (None if owner == "-" else owner), source


@pytest.mark.parametrize(
    ("text", "value", "subject"),
    [
        # beijing_2025_budget_report p.2: the parts added up before it are no other item
        (
            "加中央返还及补助、地方政府债券等收入3335.5亿元,总收入10016.1亿元。",
            "10016.1亿元",
            "全市一般公共预算总收入",
        ),
        # guangdong_2024 p.127: the sentence opened on another item's line; its total is that
        # item's (change 357: named so), not the fund budget's
        (
            "（十）超长期特别国债安排支出22.28亿元，加上补助市县支出268.12亿元，共完成支出290.4亿元。",
            "290.4亿元",
            "超长期特别国债支出",
        ),
        # guangdong_2024 p.3: 决算总收入 is the budget's own line
        (
            "与向省十四届人大三次会议报告的执行数相比，决算总收入增加140.91亿元、总支出增加128.27亿元。",
            "128.27亿元",
            "全市一般公共预算总支出",
        ),
        # jiangsu_nanjing_2026_budget_report p.32: 收入总来源 is a line as 总收入 is (26 corpus
        # metrics had the bare 收入总来源)
        (
            "收入154.4亿元（其中：税收收入129.9亿元），同比增长2.8%，加上级补助收入、地方政府一般债务"
            "转贷收入、调入资金、上年结转收入等，预计收入总来源252.8亿元。",
            "252.8亿元",
            "全市一般公共预算收入总来源",
        ),
    ],
)
def test_owner_of_heading_in_a_sentence(text, value, subject):
    assert _owned(text, 2025, "全市一般公共预算")[value] == subject


@pytest.mark.parametrize(
    ("text", "year", "owner", "expected"),
    [
        # shandong_2023 p.99, under 关于2023年全省社会保险基金预算收支决算情况的说明 › 工伤保险:
        # a fund heading owns the fund lines under it
        (
            "基金收入86.16亿元，完成预算的102.8%，增长18.4%；基金支出75.32亿元，完成预算的102.4%，"
            "增长18.5%；当期收支结余10.84亿元，年末滚存结余109.93亿元。",
            2023,
            "全省工伤保险基金",
            {
                "86.16亿元": "全省工伤保险基金收入",
                "75.32亿元": "全省工伤保险基金支出",
                # the balances too (change 385; a bare 基金 owns none: was 基金年末滚存结余)
                "10.84亿元": "全省工伤保险基金当期收支结余",
                "109.93亿元": "全省工伤保险基金年末滚存结余",
            },
        ),
        # jingdezhen_2025 p.3, under 全市预算执行情况 › 社会保险基金预算执行情况 (change 385): a
        # sentence of balances alone, its budget named by the heading (was 年末滚存结余)
        (
            "本年收支结余7.57亿元，年末滚存结余42.07亿元。",
            2025,
            "全市社会保险基金预算",
            {
                "7.57亿元": "全市社会保险基金预算本年收支结余",
                "42.07亿元": "全市社会保险基金预算年末滚存结余",
            },
        ),
        # guangdong_2024 p.3, under 2024年省级财政收支决算情况 › 2024年省级一般公共预算收支决算
        # 情况: what is carried to the next year is a bare line too (change 421; was 结转)
        (
            "收支相抵，结转87.61亿元。",
            2024,
            "省级一般公共预算",
            {"87.61亿元": "省级一般公共预算结转"},
        ),
        # guangdong_2025_budget_attachment_3 p.192, under 2026年全省社会保险基金预算结余表（分市）:
        # the fund the sentence opens with by its balance outranks the heading (change 385)
        (
            "2026年省级社会保险基金当期结余3580.5亿元，考虑机关事业单位基本养老保险基金上下级往来轧差"
            "（-27.04亿元）后，当期结余3553.46亿元。",
            2025,
            "全省社会保险基金预算",
            {"3553.46亿元": "省级社会保险基金当期结余"},
        ),
        # shizuishan_2025 p.3, under 2025年预算执行情况 › 社会保险基金预算收支情况: the sentence's
        # own budget names the level its heading does not, and outranks it
        (
            "市级社会保险基金预算支出78.96亿元，当年结余1.04亿元，年末滚存结余15.01亿元。",
            2025,
            "社会保险基金预算",
            {"1.04亿元": "市级社会保险基金预算当年结余"},
        ),
        # shijiazhuang_2018_budget_report pp.3-4: the budgets are run-in heads (———…完成情况。)
        # naming the budget of the paragraphs after them, and 全市收入, 市级支出 say the level
        (
            "———政府性基金预算完成情况。全市收入完成560.9亿元,占预算的92%,增长8.3%。全市支出完成"
            "636.2亿元,占调整预算的93.8%,增长12.7%。\n市级收入完成136.5亿元,占预算的101.8%,下降36%。"
            "市级支出完成184.9亿元,占调整预算的93.7%,下降33.9%。主要原因是受土地出让收入市与区分享体制"
            "政策变化影响。\n———国有资本经营预算完成情况。市级收入完成1亿元,占预算的105.7%,增长15.5%;"
            "市级支出完成1.2亿元,占预算的89.5%,增长82.4%。",
            2018,
            None,
            {
                "560.9亿元": "全市政府性基金预算收入",
                "184.9亿元": "市级政府性基金预算支出",
                "1.2亿元": "市级国有资本经营预算支出",
            },
        ),
        # shijiazhuang_2018_budget_report p.11, under ———社会保险基金预算完成情况。: a zone named
        # with its line takes the budget at the zone, and its 支出 after the ; with it
        (
            "循环化工园区收入完成4600万元,占预算的97.4%,增长134.3%;支出完成4192万元,占调整预算的"
            "99.9%,增长165.5%。",
            2018,
            "市级社会保险基金预算",
            {
                "4600万元": "循环化工园区社会保险基金预算收入",
                "4192万元": "循环化工园区社会保险基金预算支出",
            },
        ),
    ],
)
def test_owned_subjects(text, year, owner, expected):
    subjects = _owned(text, year, owner)
    assert {value: subjects[value] for value in expected} == expected


def test_bare_lines_take_the_budget_of_their_heading_in_a_real_report():
    # jiaozuo_2025_budget_report: 二、政府性基金预算 › 2.市级收支情况 says only 支出完成….
    path = corpus_file("china-local-debt-atlas/jiaozuo_2025_budget_report.pdf")
    records = extract(str(path), {"ocr": "never"}).records
    owned = {
        r["subject"] for r in records
        if r["type"] == "metric" and r["provenance"]["rule"] == "owner_of_heading"
    }
    assert {"市级一般公共预算支出", "全市政府性基金预算支出", "全市社会保险基金预算支出"} <= owned
    assert not any(
        r["type"] == "metric" and r["subject"] in ("收入", "支出") and r["table_id"] is None
        and r["page"] <= 5
        for r in records
    )


@pytest.mark.parametrize(
    ("text", "owner", "value", "subject"),
    [
        # kaifeng_2019_budget_report p.25, under 社会保险基金预算 › 市本级社会保险基金预算情况: the
        # fund the sentence opens with owns its 支出预算, not the heading's budget
        (
            "——工伤保险基金收入预算5740万元，支出预算5728万元；",
            "市本级社会保险基金预算",
            "5728万元",
            "工伤保险基金支出预算",
        ),
        # yunfu_2025_budget_report p.7, under 全市一般公共预算执行情况 › 全年收支情况: the line the
        # sentence opens with is added in (…加上转移性收入…后), so the total is the budget's
        (
            "2025年全市一般公共预算收入加上转移性收入2,846,287万元（含：上级补助收入、上年结余、"
            "调入资金、债券转贷收入、动用预算稳定调节基金）后，收入总计3,657,256万元。",
            "全市一般公共预算",
            "3,657,256万元",
            "全市一般公共预算收入总计",
        ),
    ],
)
def test_the_line_a_sentence_opens_with(text, owner, value, subject):
    assert _owned(text, 2025, owner)[value] == subject

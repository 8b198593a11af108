"""extractor.numbers: API behaviour, invariants, fuzzing. The rule-by-rule spec lives in
corpora/numbers/ and runs in test_numbers_corpus.py."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.numbers import Quantity, find_quantities, numerals, parse_number, parse_value
from extractor.numbers import units as tables
from tests.conftest import corpus_file

ROOT = Path(__file__).resolve().parent.parent
CRASH = ROOT / "corpora" / "numbers" / "crash.jsonl"
DATA = ROOT / "extractor" / "data" / "numbers"


@pytest.fixture(autouse=True, scope="module")
def internal_errors_raise():
    """The public functions swallow internal errors; here they must not happen at all."""
    numerals.RAISE_INTERNAL_ERRORS = True
    yield
    numerals.RAISE_INTERNAL_ERRORS = False


def assert_sound(text: str, found: list[Quantity]) -> None:
    """Invariants every result must keep, whatever the input."""
    last_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last_end, "quantities overlap or are out of order"
        assert text[q.start : q.end] == q.text
        for name in ("value", "base_value", "low", "high", "base_low", "base_high"):
            v = getattr(q, name)
            assert v is None or (isinstance(v, Decimal) and v.is_finite()), (name, v)
        json.dumps(q.to_dict())
        last_end = q.end


# --- exactness and the public shape ------------------------------------------------------------


def test_arithmetic_is_exact() -> None:
    assert parse_number("16.4亿") == Decimal("1640000000")
    q = find_quantities("营业收入16.4亿元")[0]
    assert q.base_value == Decimal("1640000000") and str(q.base_value) == "1640000000"
    assert find_quantities("1164.45万元")[0].base_value == Decimal("11644500")
    assert find_quantities("0.1万元")[0].base_value == Decimal("1000")


def test_no_float_reaches_a_value() -> None:
    for q in find_quantities("增长5.2%，投资13.7亿元，面积1.5万亩，三分之二"):
        for f in dataclasses.fields(q):
            assert not isinstance(getattr(q, f.name), float)


def test_to_dict_is_json_ready_with_decimal_strings() -> None:
    q = find_quantities("基本支出 1164.45 万元")[0]
    d = q.to_dict()
    assert d["value"] == "1164.45" and d["base_value"] == "11644500"
    assert d["unit"] == "万元" and d["base_unit"] == "元" and d["kind"] == "money"
    assert d["op"] is None and d["approx"] is None and d["low"] is None
    assert {
        "text",
        "value",
        "unit",
        "base_value",
        "base_unit",
        "kind",
        "op",
        "approx",
        "low",
        "high",
        "start",
        "end",
        "change",
        "rule",
    } <= set(d)
    assert json.loads(json.dumps(d)) == d


def test_quantity_is_frozen() -> None:
    q = find_quantities("3366件")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = Decimal(1)  # type: ignore[misc]


def test_offsets_survive_full_width_spaces_and_line_breaks() -> None:
    text = "共计１２３４元，占比8. 53%，人员经费 915.38\n\n万元"
    found = find_quantities(text)
    assert [q.text for q in found] == ["１２３４元", "8. 53%", "915.38\n\n万元"]
    assert_sound(text, found)


def test_rule_names_the_provenance() -> None:
    rules = {q.text: q.rule for q in find_quantities("约3-5万元，三分之二，第32位，2022年")}
    assert rules == {
        "约3-5万元": "arabic_range_unit",
        "三分之二": "fraction_han",
        "第32位": "rank",
        "2022年": "date_year",
    }


def test_context_target_turns_yishang_into_a_comparator() -> None:
    prose = find_quantities("95%以上")[0]
    target = find_quantities("95%以上", context="target")[0]
    assert (prose.op, prose.approx) == (None, "more_than")
    assert (target.op, target.approx) == (">=", None)


def test_unknown_context_falls_back_to_prose() -> None:
    assert find_quantities("95%以上", context="nonsense")[0].approx == "more_than"


def test_dates_are_periods_not_values() -> None:
    q = find_quantities("截至2022年12月底")[0]
    assert q.kind == "date" and q.value is None and q.base_value is None
    assert (q.year, q.month, q.period) == (2022, 12, "2022-12")


def test_growth_is_a_change_not_a_level() -> None:
    level, change = find_quantities("比重达到28.8%，比上年提高0.5个百分点")
    assert level.change is None
    assert change.change == "increase" and change.kind == "percentage_point"


def test_parse_value_cells() -> None:
    assert parse_value("≥95%").op == ">="
    assert parse_value("是").kind == "boolean" and parse_value("是").value == 1
    assert parse_value("否").value == 0
    for empty in ("—", "-", "/", "无", "", "   "):
        assert parse_value(empty) is None
    cell = "  ≤1587.38万元 "
    q = parse_value(cell)
    assert q is not None and cell[q.start : q.end] == q.text == "≤1587.38万元"


def test_garbage_types_do_not_raise() -> None:
    for bad in (None, 5, 3.2, b"5", ["5"]):
        assert parse_number(bad) is None  # type: ignore[arg-type]
        assert find_quantities(bad) == []  # type: ignore[arg-type]
        assert parse_value(bad) is None  # type: ignore[arg-type]


# --- the data tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.tsv")))
def test_data_files_document_their_columns(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    columns = header[-1].lstrip("#").split("\t")
    assert any("Columns" in line for line in header), "say what each column holds"
    assert all(len(r.split("\t")) == len(columns) for r in rows), "every row has every column"


def test_unit_factors_are_exact_decimals() -> None:
    for unit in tables.units().values():
        assert unit.factor is None or unit.factor.is_finite()


def test_every_marker_field_is_known() -> None:
    for m in tables.markers().values():
        assert m.position in ("before", "after")
        assert m.field in ("op", "approx", "change", "neutral")


# --- never raise -------------------------------------------------------------------------------


def crash_inputs() -> list[str]:
    lines = CRASH.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 is data
    return [json.loads(line) for line in lines if line]


@pytest.mark.parametrize("text", crash_inputs())
def test_crash_corpus(text: str) -> None:
    assert_sound(text, find_quantities(text))
    assert_sound(text, find_quantities(text, context="target"))
    v = parse_number(text)
    assert v is None or v.is_finite()
    q = parse_value(text)
    if q is not None:
        assert_sound(text, [q])


PIECES = (
    "0 1 2 5 9 １ ５ ０ . ． , ， 、 - － ~ ～ / % ％ "
    "‰ 一 二 两 三 五 十 百 千 万 亿 零 〇 壹 贰 拾 佰 仟 廿 点 "
    "负 第 前 分之 百分之 几 多 余 元 万元 亿元 家 个 件 人次 年 月 "
    "日 季度 个月 百分点 吨 公里 平方米 亩 kW m2 位 名 约 超过 "
    "不低于 ≥ ≤ > < = 以上 以下 以内 左右 增长 下降 新增 至 到 "
    "和 “ ” （ ） 〔 〕 号 附件 <td> G QDR + 是 否 — "
).split() + [" ", "\n", "\u3000"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    assert_sound(text, find_quantities(text))
    v = parse_number(text)
    assert v is None or v.is_finite()
    q = parse_value(text)
    if q is not None:
        assert_sound(text, [q])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_numeral_and_unit_mixes_never_raise(text: str) -> None:
    for context in ("prose", "target"):
        assert_sound(text, find_quantities(text, context=context))
    v = parse_number(text)
    assert v is None or v.is_finite()
    q = parse_value(text)
    if q is not None:
        assert_sound(text, [q])


# --- real documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relpath",
    [
        "chinese-political-corpora/derived_by_year/2024年国务院政府工作报告.txt",
        "squan_kw-stat-bulletins/2023年洛阳市国民经济和社会发展统计公报.txt",
    ],
)
def test_real_documents_keep_the_invariants(relpath: str) -> None:
    text = corpus_file(relpath).read_text(encoding="utf-8")
    found = find_quantities(text)
    assert_sound(text, found)
    assert len(found) > 50
    kinds = {q.kind for q in found}
    assert {"money", "percent", "date"} <= kinds


def test_seed_report_money_sums(seed_path: Path) -> None:
    """The seed's 基本支出 equals 人员经费 + 公用经费; read from the dump, the parts must add up."""
    text = seed_path.read_text(encoding="utf-8")
    money = [q for q in find_quantities(text) if q.kind == "money"]
    by_text = [q.base_value for q in money[:3]]
    assert by_text == [Decimal("11644500"), Decimal("9153800"), Decimal("2490700")]
    assert by_text[0] == by_text[1] + by_text[2]

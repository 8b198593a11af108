"""extractor.numbers: the shortcuts taken for speed give what the plain code would.

find_quantities memoizes numerals, tidies values with Decimal arithmetic instead of strings,
builds Quantity without its constructor, matches the left context over its reversal and runs
most patterns on the stdlib ``re`` (whose \\s differs from the ``regex`` module's). Each test
here compares one shortcut with the straightforward computation it replaces, so a shortcut that
drifts fails here before it shows in the corpus.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.numbers import Quantity, find_quantities, numerals
from extractor.numbers import quantities as q_mod
from extractor.numbers import units as tables

SAMPLE = (
    "2022年全市地区生产总值比上年增长5.2%，达到1164.45 万元；约3-5万元，三分之二，第32位，"
    "全省第二，不低于95%，下降0.3个百分点，截至2022年12月底，连续4年，21.58元/m2，"
    "分别增长5%和6%，十几家，２０２３年，负3，零下5，≥90%，<td>5，1.2万亿元"
)


def plain_tidy(value: Decimal) -> Decimal:
    """numerals.tidy as it was first written: through the plain decimal string."""
    if value == 0:
        return Decimal(0)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
def test_tidy_matches_plain_tidy(value: Decimal) -> None:
    for v in (value, value.quantize(Decimal(1)) if abs(value) < 10**20 else value, -value):
        assert str(numerals.tidy(v)) == str(plain_tidy(v))


def test_tidy_examples() -> None:
    assert str(numerals.tidy(Decimal("5.2"))) == "5.2"
    assert str(numerals.tidy(Decimal("5.20"))) == "5.2"
    assert str(numerals.tidy(Decimal("-0.0"))) == "0"
    assert str(numerals.tidy(Decimal("1.2E+3"))) == "1200"


NUMERAL_CHARS = "0123456789.,一二三四五六七八九十百千万亿两零〇壹贰拾佰仟廿点"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=NUMERAL_CHARS, max_size=40))
def test_numeral_memo_matches_the_unmemoized_reading(s: str) -> None:
    # lengths either side of the memo's limit: the long ones bypass it
    assert numerals.numeral_to_decimal(s) == numerals._numeral_to_decimal(s)
    assert numerals.numeral_to_decimal(s) == numerals.numeral_to_decimal(s)


def test_numerals_are_read_once_per_text() -> None:
    assert numerals.numeral_to_decimal("2022") is numerals.numeral_to_decimal("2022")
    long = "1" * 30  # past the memo's length limit: read afresh, the same value
    assert numerals.numeral_to_decimal(long) == Decimal(long)


def test_quantities_built_without_the_constructor_equal_constructed_ones() -> None:
    found = find_quantities(SAMPLE)
    assert len(found) >= 15
    for q in found:
        rebuilt = Quantity(**{f.name: getattr(q, f.name) for f in dataclasses.fields(q)})
        assert q == rebuilt
        assert hash(q) == hash(rebuilt)
        assert vars(q) == vars(rebuilt) and list(vars(q)) == list(vars(rebuilt))
        assert dataclasses.MISSING not in vars(q).values()
        assert pickle.loads(pickle.dumps(q)) == q and copy.deepcopy(q) == q  # worker processes
        with pytest.raises(dataclasses.FrozenInstanceError):
            q.value = Decimal(1)  # type: ignore[misc]


@pytest.mark.parametrize("space", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_information_separators_are_not_spaces(space: str) -> None:
    # the regex module's \s (which the rules were written against) excludes them; re's includes
    assert [q.text for q in find_quantities(f"5{space}万元")] == ["5"]
    assert [q.change for q in find_quantities(f"增长{space}5%")] == [None]
    assert [q.text for q in find_quantities("5\u3000万元")] == ["5\u3000万元"]


BEFORE = sorted((w, m) for (pos, w), m in tables.markers().items() if pos == "before")


@pytest.mark.parametrize("context", ["prose", "target"])
@pytest.mark.parametrize(("word", "marker"), BEFORE, ids=[w for w, _ in BEFORE])
def test_every_word_before_a_number_is_read_backwards(
    word: str, marker: tables.Marker, context: str
) -> None:
    """The left-context pattern spells markers.tsv's words backwards: each must still be found."""
    (q,) = find_quantities(word + "5%", context=context)
    value = marker.target if context == "target" else marker.prose
    if marker.field == "change":
        assert q.change == marker.prose
    elif value is not None and (value.startswith("op:") or marker.field == "op"):
        assert (q.op, q.start) == (value.removeprefix("op:"), 0)
    elif value is not None:
        assert (q.approx, q.start) == (value, 0)


def plain_in_idiom(text: str, s: int, e: int) -> bool:
    """Any idiom lying wholly within four characters either side of s..e and overlapping it."""
    lo, hi = max(0, s - 4), min(len(text), e + 4)
    return any(
        text[i : i + len(w)] == w and i + len(w) <= hi and i < e and i + len(w) > s
        for w in tables.idioms()
        for i in range(lo, hi)
    )


IDIOM_CHARS = "".join(sorted({c for w in tables.idioms() for c in w}))[:40] + "年个的5"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=IDIOM_CHARS, min_size=1, max_size=16), st.data())
def test_idiom_search_matches_a_plain_scan(text: str, data: st.DataObject) -> None:
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    assert q_mod._in_idiom(text, s, e) == plain_in_idiom(text, s, e)


def overlapping_idioms() -> list[tuple[str, str]]:
    """Texts where one idiom ends at a position and another, begun inside it, runs past it
    (万一 + 一些 → 万一些, position 2): with the position."""
    words = sorted(tables.idioms())
    out = []
    for a in words:
        for b in words:
            for k in range(1, len(a)):
                if b.startswith(a[k:]) and len(b) > len(a) - k:
                    out.append((a + b[len(a) - k :], a))
    return out


def test_idioms_that_overlap_each_other_are_all_seen() -> None:
    cases = overlapping_idioms()
    assert len(cases) >= 20
    for text, first in cases:
        s = len(first)  # the first idiom ends here; the second covers text[s]
        assert q_mod._in_idiom(text, s, s + 1), text
    # 十四五 ends right before 一, which 一是 covers; 一年 is no idiom
    assert q_mod._in_idiom("十四五一是", 3, 4)
    assert not q_mod._in_idiom("十四五一年", 3, 4)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \t\n\u3000\x1c\xa05年度", max_size=12), st.data())
def test_trimming_spaces_matches_rstrip(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    assert q_mod._end_before_spaces(text, end) == len(text[:end].rstrip())


LABEL_CHARS = "0123456789０５-－.．@(（)）—、 \t\n\u3000a:：号第件年元，"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=LABEL_CHARS, min_size=1, max_size=16), st.data())
def test_label_shortcut_agrees_with_the_rules(text: str, data: st.DataObject) -> None:
    """_is_label answers most digit runs without its rules; it must say what they would."""
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    raw = text[s:e]
    assert q_mod._is_label(text, s, e, raw) == q_mod._label_rules(text, s, e, raw)


@pytest.mark.parametrize(
    ("text", "s", "e"),
    [
        ("年０５元", 1, 3),  # full-width leading zero
        ("年05元", 1, 3),
        ("年13812345678元", 1, 12),  # eleven digits
        ("年1)", 1, 2),
        ("年1.", 1, 2),
        ("@1年", 1, 2),
        ("\n1、", 1, 2),
        ("1)", 0, 1),
        ("— 7 —", 2, 3),
        ("0731-2888", 5, 9),
    ],
)
def test_label_shortcut_examples(text: str, s: int, e: int) -> None:
    raw = text[s:e]
    assert q_mod._is_label(text, s, e, raw) == q_mod._label_rules(text, s, e, raw)


def test_label_shortcut_covers_every_denied_left_context() -> None:
    for (position, word), _reason in tables.context_deny().items():
        if position == "before":
            text = word + "12"
            assert q_mod._is_label(text, len(word), len(text), "12") == q_mod._label_rules(
                text, len(word), len(text), "12"
            )

"""Private-use glyphs read back as decimal points (extractor/sources/glyphs.py)."""

from __future__ import annotations

import functools

import pytest
from conftest import corpus_file

from extractor.model import Char, Page
from extractor.pipeline import extract
from extractor.sources.glyphs import GlyphUse, pages_to_glyph_uses, repair_decimal_points

TIANJIN = "china-local-debt-atlas/tianjin_2025_budget_report.pdf"
GUANGDONG = "china-local-debt-atlas/guangdong_2025_budget_attachment_3.pdf"
POINT = "\U001001b0"  # the glyph both documents print for a decimal point
LEADER = "\U001001ba"  # guangdong's table-of-contents leader dots


@functools.cache
def records(relpath: str) -> tuple[dict, ...]:
    return tuple(extract(str(corpus_file(relpath))).records)


def test_tianjin_decimal_points_are_read_back() -> None:
    recs = records(TIANJIN)
    (doc,) = [r for r in recs if r["type"] == "document"]
    (warning,) = [w for w in doc["warnings"] if w["code"] == "private_use_decimal_point"]
    assert warning["message"].startswith("U+1001B0,")
    assert not any(POINT in r.get("text", "") + r.get("sentence", "") for r in recs)
    # 获得“两重”、“两新”资金１１７.７亿元 (p. 3): read as 7 亿元 before.
    values = {
        (m["quantity"]["text"], m["quantity"]["value"]) for m in recs if m["type"] == "metric"
    }
    assert ("１１７．７亿元", "117.7") in values
    assert ("７６．１％", "76.1") in values


def test_guangdong_points_are_read_and_its_leader_dots_are_left() -> None:
    recs = records(GUANGDONG)
    text = "".join(r.get("text", "") for r in recs if r["type"] == "section")
    assert POINT not in text
    assert "１．２０２５年全省一般公共预算收入" in text  # the contents' numbering, p. 1
    # Leader dots never follow a digit: nothing says what they are, so they stay.
    assert LEADER in text


def chars_of(text: str, top: float = 0.0) -> list[Char]:
    return [
        Char(ch, 10.0 * i, top, 10.0 * i + 10, top + 10, size=10.0) for i, ch in enumerate(text)
    ]


def page_of(*lines: str) -> Page:
    page = Page(number=1, origin="text_layer")
    page.chars = [c for n, line in enumerate(lines) for c in chars_of(line, top=20.0 * n)]
    return page


@pytest.mark.parametrize(
    ("lines", "read_as_point"),
    [
        (["1\ue0012%，3\ue0014亿元，5\ue0016万"], True),
        # Seen twice only: too little to go on.
        (["1\ue0012%，3\ue0014亿元"], False),
        # Mostly three digits after it: a thousands separator's company, left alone.
        (["1\ue001234元，5\ue001678元，9\ue001012元"], False),
        # At the start of a line, after a digit that ends the line above: no digit before it.
        (["收入1", "\ue0012亿元", "支出3", "\ue0014亿元", "5", "\ue0016"], False),
        # Never between digits (a bullet after 1 and before Han): not a point.
        (["1\ue001收入", "2\ue001支出", "3\ue001结余"], False),
    ],
)
def test_what_counts_as_a_decimal_point(lines: list[str], read_as_point: bool) -> None:
    page = page_of(*lines)
    warnings = repair_decimal_points([page])
    text = "".join(c.text for c in page.chars)
    assert ("\ue001" not in text) is read_as_point
    assert bool(warnings) is read_as_point


def test_a_point_after_a_full_width_digit_is_full_width() -> None:
    page = page_of("１\ue0012，3\ue0014，５\ue0016")
    repair_decimal_points([page])
    assert "".join(c.text for c in page.chars) == "１．2，3.4，５．6"


def test_uses_are_counted_per_code_point() -> None:
    uses = pages_to_glyph_uses([page_of("1\ue0012 3\ue001456 x\ue002")])
    assert uses["\ue001"] == GlyphUse(
        occurrences=2, after_digit=2, between_digits=2, three_digits=1
    )
    assert uses["\ue002"] == GlyphUse(occurrences=1)

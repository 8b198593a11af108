"""Glyphs drawn twice a little apart (fake bold) read once (extractor/layout/overprint.py)."""

from __future__ import annotations

from conftest import corpus_pages

from extractor.layout.lines import chars_to_lines
from extractor.layout.overprint import drop_ghosts
from extractor.layout.tables import page_to_tables
from extractor.layout.tables_header import caption_of
from extractor.model import Char


def test_a_title_drawn_twice_reads_once() -> None:
    # xinjiang 2024 p. 36: the table title's second stroke stands 2.35 pt right of the first.
    (page,) = corpus_pages("china-local-debt-atlas/xinjiang_2024_budget_report.pdf", 36)
    text = "\n".join(line.text for line in chars_to_lines(page))
    assert "表二十一：2025年自治区对各地转移支付补助预算表（分地区、项目）" in text
    assert "各各地地" not in text


def test_a_character_printed_twice_in_a_row_stays_twice() -> None:
    # 黔东南 2023 p. 2: 2023年年末 — two 年 a full width apart are two characters.
    relpath = "squan_kw-stat-bulletins/黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf"
    grids = page_to_tables(corpus_pages(relpath, 2)[0])
    assert "表1 2023年年末户籍人口及其构成" in [caption_of(g.above) for g in grids]


def test_copies_further_apart_than_the_shift_are_kept() -> None:
    first = Char("各", 10.0, 0.0, 24.0, 14.0)
    near = Char("各", 12.35, 0.0, 26.35, 14.0)  # 0.17 of a width: a second stroke
    far = Char("各", 24.0, 0.0, 38.0, 14.0)  # the next character
    other = Char("地", 11.0, 0.0, 25.0, 14.0)  # another glyph on top: not a copy
    # In x order, as a line holds them: a copy comes right after its glyph.
    assert drop_ghosts([first, near, far]) == [first, far]
    assert drop_ghosts([first, other]) == [first, other]

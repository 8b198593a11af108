"""Data-file helpers (extractor/datafiles.py)."""

from __future__ import annotations

import pytest
import regex

from extractor.datafiles import first_match, matched_index

# Overlapping patterns as the header and key files hold them: a text several match goes to the
# first; inner groups (numbered or named) do not confuse which pattern matched.
PATTERNS = [r"^年度(指标值)?$", r"^年度指标值$", r"^(\d{4}年)?(?P<what>目标)值$", r"^.+值$"]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("年度指标值", 0),
        ("年度", 0),
        ("2024年目标值", 2),
        ("目标值", 2),
        ("完成值", 3),
        ("得分", None),
    ],
)
def test_first_match_answers_as_the_patterns_tried_in_order(text: str, index: int | None) -> None:
    loop = next((i for i, p in enumerate(PATTERNS) if regex.match(p, text)), None)
    match = first_match(PATTERNS).match(text)
    assert (matched_index(match) if match else None) == loop == index

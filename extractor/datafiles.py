"""The data files under extractor/data/ (lexicons, unit tables, patterns), read one way.

Lines starting with # document a file, and blank lines are skipped; a .tsv row is its line
split at tabs. The files are package data, read through importlib.resources, so they are
found in an installed wheel as in the source tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import regex


def data_text(*parts: str) -> str:
    """The text of extractor/data/<parts…>."""
    ref = resources.files("extractor") / "data"
    for part in parts:
        ref = ref / part
    return ref.read_text(encoding="utf-8")


def text_lines(text: str) -> list[str]:
    """The lines of a data file's text that are neither blank nor # comments, as written."""
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def data_lines(*parts: str) -> list[str]:
    """The entries of a one-entry-a-line data file (data/…/*.txt), stripped."""
    return [line.strip() for line in text_lines(data_text(*parts))]


def data_rows(*parts: str, header: bool = False) -> list[list[str]]:
    """The rows of a tab-separated data file; ``header`` drops its first row (column names)."""
    rows = [line.split("\t") for line in text_lines(data_text(*parts))]
    return rows[1:] if header else rows


def first_match(patterns: Sequence[str]) -> regex.Pattern[str]:
    """One pattern for a list tried in order: its ``match`` succeeds where the first of
    ``patterns`` that matches at the start does, and the match's ``lastgroup`` is that
    pattern's place as ``p<index>``. (An alternation tries its branches in order at one
    position, so the answer is the loop's; a cell that matches none fails in one call instead
    of one per pattern, which mattered for the number cells of every table.)"""
    return regex.compile("|".join(f"(?P<p{i}>{pattern})" for i, pattern in enumerate(patterns)))


def matched_index(match: regex.Match[str]) -> int:
    """The place in the list of the pattern a ``first_match`` match came from."""
    if match.lastgroup is None:  # every branch of first_match is a named group
        raise ValueError(f"not a first_match match: {match!r}")
    return int(match.lastgroup[1:])

"""Unit, marker and deny-list tables, loaded once from extractor/data/numbers/*.tsv."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extractor.datafiles import data_rows


@dataclass(frozen=True)
class Unit:
    """One row of units.tsv."""

    surface: str
    unit: str
    kind: str
    base_unit: str
    factor: Decimal | None  # None for date words (年, 月, 日), which convert to periods instead


@dataclass(frozen=True)
class Marker:
    """One row of markers.tsv: a word before or after a number that qualifies it."""

    surface: str
    position: str
    field: str
    prose: str | None
    target: str | None


def _rows(name: str) -> list[list[str]]:
    return data_rows("numbers", name)


def _dash(value: str) -> str | None:
    return None if value == "-" else value


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Units by surface form."""
    out = {}
    for surface, unit, kind, base_unit, factor in _rows("units.tsv"):
        out[surface] = Unit(
            surface, unit, kind, base_unit, None if factor == "-" else Decimal(factor)
        )
    return out


@lru_cache(maxsize=1)
def per_units() -> dict[str, Unit]:
    """Words that are units only as a rate's denominator (年 → per year, 生 → per student), by
    surface form."""
    return {
        surface: Unit(surface, unit, "per", base_unit, Decimal(factor))
        for surface, unit, base_unit, factor in _rows("per_units.tsv")
    }


@lru_cache(maxsize=1)
def markers() -> dict[tuple[str, str], Marker]:
    """Markers by (position, surface)."""
    out = {}
    for surface, position, field, prose, target in _rows("markers.tsv"):
        out[(position, surface)] = Marker(surface, position, field, _dash(prose), _dash(target))
    return out


@lru_cache(maxsize=1)
def idioms() -> dict[str, str]:
    """Words containing numerals that are never quantities, with the reason."""
    return {row[0]: row[1] for row in _rows("idioms.tsv")}


@lru_cache(maxsize=1)
def context_deny() -> dict[tuple[str, str], str]:
    """(position, surface) of context that makes a number a label, with the reason."""
    return {(row[1], row[0]): row[2] for row in _rows("context_deny.tsv")}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation matching the longest word first (escaped for both re and regex)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))

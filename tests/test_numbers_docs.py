"""The examples in docs/numbers.md and in extractor.numbers docstrings run as doctests."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import extractor.numbers.numerals
import extractor.numbers.quantities

DOC = Path(__file__).resolve().parent.parent / "docs" / "numbers.md"


def test_docs_examples_run() -> None:
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


@pytest.mark.parametrize("module", [extractor.numbers.numerals, extractor.numbers.quantities])
def test_docstring_examples_run(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0

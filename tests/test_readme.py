"""The README's examples run (doctest), and every CLI option is documented there."""

from __future__ import annotations

import doctest

from conftest import ROOT

from extractor.cli import build_parser


def test_readme_examples_run():
    result = doctest.testfile(
        str(ROOT / "README.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_every_cli_option_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for action in build_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in readme, f"{flag} is not documented in README.md"

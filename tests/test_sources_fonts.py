"""pdfium's fonts (extractor/sources/fonts.py): the bundled CJK fallback font, the same on every
machine, keeps characters that a machine without Chinese fonts loses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractor.sources import fonts
from tests.conftest import ROOT, corpus_file, corpus_pages
from tests.test_classify_model import load_script

TAIAN = "china-local-debt-atlas/taian_2025_budget_execution_report.pdf"
# 表 13's title: set in 方正小标宋 (FZXBSJW--GB1-0), which the PDF does not embed; its last
# character is a text object of its own.
TITLE = "2026年市级一般公共预算支出草案表"


def test_shipped_font_is_what_the_script_builds(tmp_path: Path) -> None:
    pytest.importorskip("fontTools")
    script = load_script("make_fallback_font")
    built = tmp_path / "font.ttf"
    script.build(built)
    shipped = ROOT / "extractor" / "data" / "fonts" / "govextract-cjk-fallback.ttf"
    assert built.read_bytes() == shipped.read_bytes(), "rerun scripts/make_fallback_font"


def test_a_title_in_a_font_the_pdf_does_not_embed_keeps_its_last_character() -> None:
    (page,) = corpus_pages(TAIAN, 22)
    assert TITLE in "".join(char.text for char in page.chars)
    assert fonts.use_bundled_fonts()


def _title_read_with_fonts_from(font_dir: str) -> str:
    """The title as pdfium reads it started with ``font_dir`` as its only font path (in a
    process of its own: pdfium starts once per process here)."""
    code = (
        "import sys, pypdfium2 as pdfium;"
        "from extractor.sources.fonts import restart_pdfium;"
        "assert restart_pdfium(sys.argv[2]);"
        "doc = pdfium.PdfDocument(sys.argv[1]);"
        "print(doc[21].get_textpage().get_text_range().splitlines()[1])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(corpus_file(TAIAN)), font_dir],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


def test_without_a_chinese_font_pdfium_loses_the_character(tmp_path: Path) -> None:
    # An empty font directory stands for a machine with no Chinese fonts (a fresh server, CI):
    # the single-character text object has no width there, and pdfium leaves it out.
    assert _title_read_with_fonts_from(str(tmp_path)) == TITLE[:-1]
    assert _title_read_with_fonts_from(str(fonts.FONT_DIR)) == TITLE


def test_no_restart_under_an_open_document() -> None:
    code = (
        "import sys, pypdfium2 as pdfium;"
        "from extractor.sources.fonts import use_bundled_fonts;"
        "doc = pdfium.PdfDocument(sys.argv[1]);"
        "assert not use_bundled_fonts();"
        "assert len(doc[0].get_textpage().get_text_range()) > 0;"
        "doc.close();"
        "assert use_bundled_fonts();"
        "print('ok')"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(corpus_file(TAIAN))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"

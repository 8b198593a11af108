"""Page quality on real documents: garbled fonts, image-only pages, good text layers."""

from __future__ import annotations

import pytest
from conftest import corpus_file

from extractor.sources.pdf import read_pdf
from extractor.sources.quality import page_quality, text_quality


def _qualities(relpath: str):
    pages = read_pdf(corpus_file(relpath).read_bytes())
    return [page_quality(p) for p in pages]


def test_huaian_garbled_fonts_every_page_flagged():
    # Digits and full-width punctuation survive, every Han character is garbage.
    qs = _qualities("china-local-debt-atlas/jiangsu_huaian_2026_budget_report.pdf")
    assert len(qs) == 12
    assert all(not q.usable for q in qs)


def test_xinjiang_image_cover_pages_only():
    qs = _qualities("china-local-debt-atlas/xinjiang_2024_budget_report.pdf")
    unusable = [i + 1 for i, q in enumerate(qs) if not q.usable]
    assert unusable == [1, 2]
    assert "image-only" in qs[0].reason


def test_scanned_bulletin_all_pages_image_only():
    qs = _qualities("china-local-debt-atlas/zhangjiajie_2025_statistical_bulletin.pdf")
    assert len(qs) == 20 and all("image-only" in q.reason for q in qs)


@pytest.mark.parametrize(
    "relpath",
    [
        "govbudgetchecker-shanghai-putuo/上海市普陀区财政局2024年度部门决算.pdf",
        "llm-cookbook-beijing/2024年北京市政府工作报告.pdf",
        "kirogovcompare-info-disclosure/hzq2024_working.pdf",
        # Its table of contents is full of "·" leaders, which are not mojibake.
        "china-local-debt-atlas/jiangsu_2018.pdf",
    ],
)
def test_good_text_layers_are_usable(relpath):
    assert all(q.usable for q in _qualities(relpath))


@pytest.mark.parametrize(
    "text, usable",
    [
        ("株洲市科学技术局是市政府工作部门，为正处级。", True),
        ("2022 1164.45 915.38 249.07 299.44 100% 98.5", True),  # a numbers-only table page
        ("", True),  # a blank page without images: nothing to read, nothing garbled
        ("NOPQR67ST５UV，jddklm、d5nop，`aOPQR67qI９２UV。&rk、stuvwxy", False),
        ("L&£¬)*­®³°１３０４５UV，]^OP­®４３８４UV、±²­®８６６１UV", False),
        ("\ufffd\ufffd\ufffd\ufffd预算\ufffd\ufffd\ufffd\ufffd", False),
        ("\ue000\ue001\ue002\ue003\ue004\ue005执行", False),
    ],
    ids=["chinese", "numbers-only", "blank", "ascii-mojibake", "latin1-mojibake", "fffd", "pua"],
)
def test_text_quality_rules(text, usable):
    assert text_quality(text).usable is usable

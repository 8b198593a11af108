"""Text dumps: encodings, page splitting at form feeds and footer lines."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from extractor.errors import EmptyDocument, UndecodableText
from extractor.sources.text import FOOTER_LINE, read_text

DOCS = FIXTURES / "docs"


def test_seed_dump_splits_at_footer_lines(seed_path):
    pages = read_text(seed_path.read_bytes())
    texts = ["\n".join(line.text for line in page.lines) for page in pages]
    # The dump has two footer lines (—— 2 —— before the title, —— 7 —— mid-report).
    assert len(pages) == 2
    assert texts[0].lstrip().startswith("2022 年度部门整体支出")
    assert texts[1].lstrip().startswith("科技成果转化基金有效运行")
    assert not any(FOOTER_LINE.match(line.text) for page in pages for line in page.lines)
    assert [p.number for p in pages] == [1, 2]


@pytest.mark.parametrize(
    "line, is_footer",
    [
        ("—— 7 ——", True),
        ("- 147 -", True),
        ("－7－", True),
        ("  — 12 —  ", True),
        ("—— 2022 年度 ——", False),
        ("1164.45", False),
        ("-5.2%", False),
    ],
)
def test_footer_lines(line, is_footer):
    assert bool(FOOTER_LINE.match(line)) is is_footer


def _fixture(name: str) -> bytes:
    path = DOCS / name
    if not path.exists():
        pytest.skip(f"fixture not generated yet: {path}")
    return path.read_bytes()


def test_gbk_dump_is_decoded():
    pages = read_text(_fixture("gbk.txt"))
    assert any("预算" in line.text for page in pages for line in page.lines)


def test_utf8_with_bom_is_decoded_without_bom():
    pages = read_text(_fixture("utf8_sig.txt"))
    assert not pages[0].lines[0].text.startswith("\ufeff")


def test_utf16_with_bom_is_decoded():
    # Windows tools save "Unicode" text as UTF-16: NUL bytes everywhere, but a byte-order mark.
    pages = read_text(_fixture("utf16.txt"))
    assert [line.text for line in pages[0].lines] == [
        line.text for line in read_text(_fixture("utf8_sig.txt"))[0].lines
    ]


@pytest.mark.parametrize(
    "data, error",
    [
        ("  \n".encode("utf-16"), EmptyDocument),
        (b"\xff\xfe" + "预算".encode("utf-16-le")[:-1], UndecodableText),  # cut mid-character
    ],
)
def test_bad_utf16_is_an_actionable_error(data, error):
    with pytest.raises(error):
        read_text(data)


def test_form_feeds_split_pages():
    pages = read_text(_fixture("formfeed.txt"))
    assert len(pages) >= 2


def test_binary_garbage_is_an_actionable_error():
    with pytest.raises(UndecodableText) as info:
        read_text(_fixture("garbled.txt"))
    assert "UTF-8" in str(info.value) or "binary" in str(info.value)


def test_empty_dump_is_an_error():
    with pytest.raises(EmptyDocument):
        read_text(b"  \n\n \n")

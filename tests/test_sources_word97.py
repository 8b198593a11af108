"""Word 97-2003 .doc reader: the corpus's one .doc (和田 2025 决算, written by WPS), in-memory
mutations of it, the span rules on made-up rows, and fuzzing."""

from __future__ import annotations

import pytest
from conftest import corpus_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import EmptyDocument, ExtractError
from extractor.model import MarkupCell, Page
from extractor.sources import word97
from extractor.sources.docx import DamagedFile, EncryptedFile
from extractor.sources.word97 import doc_to_pages, spans

HOTAN_DOC = "china-local-debt-atlas/hotan_2025_final_budget_decision.doc"

_cache: dict[str, bytes] = {}


def _data() -> bytes:
    if HOTAN_DOC not in _cache:
        _cache[HOTAN_DOC] = corpus_file(HOTAN_DOC).read_bytes()
    return _cache[HOTAN_DOC]


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    return doc_to_pages(_data())


def _lines(pages: list[Page]) -> list[tuple[int, str]]:
    return [(page.number, line.text) for page in pages for line in page.lines]


def _tables(pages: list[Page]):
    return [(page, table) for page in pages for table in page.tables]


def test_pages_are_the_form_feeds(pages):
    # Three \x0c in the main text: cover | contents | report | tables. (Word's own layout,
    # per the contents' PAGEREF results, has about 180 pages; a .doc does not store them.)
    assert [p.number for p in pages] == [1, 2, 3, 4]
    lines = _lines(pages)
    assert (1, " 2025年度和田地区政府决算公开") in lines
    assert (2, " 目  录") in lines
    assert (3, "一、2025年地区本级财政决算情况") in lines
    assert (3, "（一）一般公共预算收支决算情况") in lines


def test_auto_numbered_headings_are_rebuilt(pages):
    # 21 headings carry a list instance (sprmPIlfo) instead of a typed number. Lists 2-6 are
    # chineseCounting "%1、" with no follower; list 1 is decimal "%1、" + tab, which is what
    # the file states, though the contents (a field result WPS wrote) shows "一、 政府决算报告".
    lines = _lines(pages)
    assert (3, "1、 政府决算报告") in lines
    assert (3, "2、 一般公共预算对下转移支付表") in lines
    assert (4, "一、一般公共预算收入决算表") in lines
    assert (4, "三、一般公共预算（本级）收入决算表") in lines
    assert (4, "七、财政拨款“三公”经费说明（本级）") in lines
    assert (4, "一、政府性基金预算收入决算表") in lines  # a new list restarts at 一
    # An empty paragraph between a table and its heading takes no number.
    assert not any(text in ("三、", "四、") for _, text in lines)


def test_fields_keep_only_their_results(pages):
    lines = [text for _, text in _lines(pages)]
    # A contents entry: HYPERLINK result, a tab (one space), PAGEREF result "1".
    assert "第一部分：政府决算报告及转移支付情况 1" in lines
    assert not any("PAGEREF" in t or "HYPERLINK" in t or "TOC \\o" in t for t in lines)
    assert not any(ch in t for t in lines for ch in "\x07\x13\x14\x15\r")


def test_table_rows_from_the_row_end_marks(pages):
    tables = _tables(pages)
    assert len(tables) == 30
    page, first = tables[0]
    assert page.number == 3
    assert page.lines[first.index - 1].text == "2、 一般公共预算对下转移支付表"
    assert [c.text for c in first.rows[2]] == [
        "项目", "合计决算数", "皮山县", "墨玉县", "和田县", "洛浦县", "策勒县", "于田县",
        "民丰县", "和田市",
    ]
    assert [c.text for c in first.rows[3]] == [
        "返还性支出", "21951", "2076", "4197", "2573", "2260", "1103", "1713", "1897", "6132"
    ]
    # The title row is one cell as wide as the ten columns (its cell boundaries).
    assert (first.rows[0][0].text, first.rows[0][0].colspan) == (
        "2025年度和田地区一般公共预算对下转移支付表", 10
    )
    # Numbers as displayed, with their thousands separators.
    _, revenue = tables[3]
    assert [c.text for c in revenue.rows[3]] == ["税收收入", "216,635"]
    assert (revenue.rows[4][0].text, revenue.rows[4][0].indent) == ("增值税", 1.0)


def test_merged_header_cells(pages):
    # 政府债券发行情况表: 行政区划名称 spans two header rows, each bond group three columns.
    _, table = _tables(pages)[25]
    assert [(c.text, c.rowspan, c.colspan) for c in table.rows[2]] == [
        ("行政区划名称", 2, 1),
        ("政府债券发行总额", 1, 3),
        ("其中：新增债券额度", 1, 3),
        ("其中：再融资债券额度", 1, 3),
    ]
    assert [c.text for c in table.rows[3]][:3] == ["合计", "新增债券", "再融资债券"]
    assert [c.text for c in table.rows[4]][:2] == ["和田地区", "147.61"]


def test_without_paragraph_properties_rows_come_from_the_cell_marks(monkeypatch):
    class Unreadable:
        def __init__(self, doc):
            raise ValueError("no FKPs")

    monkeypatch.setattr(word97, "_Papx", Unreadable)
    pages = doc_to_pages(_data())
    _, first = _tables(pages)[0]
    assert [c.text for c in first.rows[3]][:3] == ["返还性支出", "21951", "2076"]
    assert len(first.rows[3]) == 10


def _with_flag(data: bytes, mask: int) -> bytes:
    # The FIB starts the WordDocument stream: wIdent 0xA5EC, nFib 0x00C1, …, flags at 0x0A.
    at = data.find(b"\xec\xa5\xc1\x00")
    assert at >= 0
    out = bytearray(data)
    flags = int.from_bytes(out[at + 0x0A : at + 0x0C], "little") | mask
    out[at + 0x0A : at + 0x0C] = flags.to_bytes(2, "little")
    return bytes(out)


def test_encrypted_doc_is_reported_as_password_protected():
    with pytest.raises(EncryptedFile, match="password-protected"):
        doc_to_pages(_with_flag(_data(), 0x0100))  # fEncrypted


@pytest.mark.parametrize(
    "data, error, message",
    [
        (b"", EmptyDocument, "0 bytes"),
        (b"{\\rtf1\\ansi hello}", DamagedFile, "RTF"),
        (b"<html><body><table></table></body></html>", DamagedFile, "HTML"),
        (b"\x00" * 600, DamagedFile, "OLE"),
    ],
)
def test_clear_errors(data, error, message):
    with pytest.raises(error, match=message):
        doc_to_pages(data)


def test_a_docx_named_doc_is_read_as_docx():
    data = corpus_file("china-local-debt-atlas/hotan_2025_statistical_bulletin.docx").read_bytes()
    assert any(line.text == "一、综合" for line in doc_to_pages(data)[0].lines)


def test_spans_from_boundaries_and_merge_flags():
    def row(*texts):
        return [MarkupCell(text=t) for t in texts]

    rows = [row("标题"), row("项目", "2025年"), row("", "预算", "执行"), row("a", "1", "2")]
    defs = [
        ((0, 3000), (0,)),
        ((0, 1000, 3000), (0x60, 0)),  # 项目 starts a vertical merge
        ((0, 1000, 2010, 3000), (0x20, 0, 0)),  # (2010: within the slack of 2000)
        ((0, 1000, 2000, 3000), (0, 0, 0)),
    ]
    out = spans(rows, defs)
    assert [[(c.text, c.rowspan, c.colspan) for c in r] for r in out] == [
        [("标题", 1, 3)],
        [("项目", 2, 1), ("2025年", 1, 2)],
        [("预算", 1, 1), ("执行", 1, 1)],
        [("a", 1, 1), ("1", 1, 1), ("2", 1, 1)],
    ]


def test_a_row_whose_definition_does_not_match_keeps_single_spans():
    rows = [[MarkupCell(text="a"), MarkupCell(text="b")]]
    out = spans(rows, [((0, 1000), (0,))])
    assert [(c.colspan, c.rowspan) for c in out[0]] == [(1, 1), (1, 1)]


def _only_extract_errors(data: bytes) -> None:
    try:
        doc_to_pages(data)
    except ExtractError:
        pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.integers(0, 70_000), st.integers(0, 255)), max_size=6),
)
def test_fuzz_truncated_and_garbled_doc(cut, flips):
    # Flips land in the OLE header and directory, the FIB and the start of the text; the
    # table stream (piece table, FKP bins) sits near the end, reached by truncation.
    data = bytearray(_data())
    for at, value in flips:
        data[at] = value
    _only_extract_errors(bytes(data[: max(1, int(len(data) * cut))]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flips=st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 255)), max_size=8))
def test_fuzz_table_stream(flips):
    # Garble the piece table and paragraph bins where they are: in the table stream.
    import io

    import olefile

    data = _data()
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        table = ole.openstream("0Table").read()
    start = data.find(table[:64])
    assert start >= 0
    out = bytearray(data)
    for at, value in flips:
        out[start + at % len(table)] = value
    _only_extract_errors(bytes(out))

"""The committed test documents and samples are what scripts/make_fixtures makes, and have the
properties the pipeline's tests rely on (checked with pypdfium2 on the committed files)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import FIXTURES, ROOT

DOCS = FIXTURES / "docs"
SAMPLES = ROOT / "samples"
SAMPLE_PDF = SAMPLES / "zhuzhou-kjj-2022-self-evaluation.pdf"
SAMPLE_TXT = SAMPLES / "zhuzhou-kjj-2022-self-evaluation.txt"
# Drawn by scripts/make_table_fixtures' function when make_fixtures runs and that script exists.
SAMPLE_TABLE = SAMPLES / "zhuzhou-kjj-2022-self-evaluation-table-1-3.pdf"
ENCRYPTED_PASSWORD = "govextract"  # documented in tests/fixtures/docs/README.md
RUNNING_HEADER = "株洲市科学技术局2022年度部门整体支出绩效自评报告"


# ---------------------------------------------------------------------------------------------
# helpers


def pdf_lines(page: pdfium.PdfPage) -> list[str]:
    """Visual lines of a page from character boxes, top to bottom (not pdfium's line breaks)."""
    tp = page.get_textpage()
    rows: list[tuple[float, list[tuple[float, str]]]] = []
    for i in range(tp.count_chars()):
        ch = tp.get_text_range(i, 1)
        if ch in "\r\n":
            continue
        left, bottom, _right, top = tp.get_charbox(i, loose=True)
        middle = (bottom + top) / 2
        for row_middle, row in rows:
            if abs(row_middle - middle) < 4:
                row.append((left, ch))
                break
        else:
            rows.append((middle, [(left, ch)]))
    rows.sort(key=lambda r: -r[0])  # PDF y grows upwards
    return ["".join(ch for _, ch in sorted(row)) for _, row in rows]


def pdf_text_by_page(path: Path, password: str | None = None) -> list[str]:
    doc = pdfium.PdfDocument(path, password=password)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def number_unit_breaks(lines: list[str], unit: str) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a, b in zip(lines, lines[1:], strict=False)
        if re.search(r"\d$", a) and b.startswith(unit)
    ]


# ---------------------------------------------------------------------------------------------
# The committed files are the generator's output


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixtures")
    args = [sys.executable, str(ROOT / "scripts" / "make_fixtures"), "--root", str(root)]
    if not (ROOT.parent / "shared" / "seeds").exists():
        args += ["--seed", str(SAMPLE_TXT)]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0 and "font file" in proc.stderr:
        pytest.skip(f"fonts for regenerating fixtures not installed: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    return root


# Typeset by reportlab: compared as text, since a reportlab upgrade may change the bytes without
# changing what a reader sees. Everything else the generator writes byte by byte.
REPORTLAB_PDFS = {
    "encrypted.pdf",
    "owner_only_encrypted.pdf",
    "wrapped_number.pdf",
    "running_headers.pdf",
    SAMPLE_PDF.name,
    SAMPLE_TABLE.name,
}


def committed_files() -> list[Path]:
    files = [p for p in DOCS.iterdir() if p.name != "README.md"]
    samples = [SAMPLE_PDF, SAMPLE_TXT]
    if (ROOT / "scripts" / "make_table_fixtures").exists():
        samples.append(SAMPLE_TABLE)
    return sorted(files) + samples


@pytest.mark.parametrize("path", committed_files(), ids=lambda p: p.name)
def test_committed_file_matches_regenerated(path: Path, regenerated: Path) -> None:
    new = regenerated / path.relative_to(ROOT)
    assert new.exists(), f"make_fixtures no longer writes {path.name}"
    old_bytes, new_bytes = path.read_bytes(), new.read_bytes()
    if path.name in REPORTLAB_PDFS:
        password = ENCRYPTED_PASSWORD if path.name == "encrypted.pdf" else None
        assert pdf_text_by_page(new, password) == pdf_text_by_page(path, password)
    elif path.name != "truncated.pdf":  # checked against wrapped_number.pdf below
        assert new_bytes == old_bytes


def test_generator_writes_no_uncommitted_fixture(regenerated: Path) -> None:
    made = {p.name for p in (regenerated / "tests" / "fixtures" / "docs").iterdir()}
    assert made == {p.name for p in committed_files() if p.parent == DOCS}


def test_readme_lists_every_fixture() -> None:
    readme = (DOCS / "README.md").read_text(encoding="utf-8")
    for path in committed_files():
        if path.parent == DOCS:
            assert f"`{path.name}`" in readme


# ---------------------------------------------------------------------------------------------
# PDF fixtures


def test_encrypted_needs_its_password() -> None:
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(DOCS / "encrypted.pdf")
    pages = pdf_text_by_page(DOCS / "encrypted.pdf", password=ENCRYPTED_PASSWORD)
    assert len(pages) == 1 and "1164.45万元" in pages[0]


def test_owner_only_encrypted_opens_without_password() -> None:
    data = (DOCS / "owner_only_encrypted.pdf").read_bytes()
    assert b"/Encrypt" in data
    pages = pdf_text_by_page(DOCS / "owner_only_encrypted.pdf")
    assert len(pages) == 1 and "一般公共预算支出情况" in pages[0]


def test_empty_files_are_empty() -> None:
    assert (DOCS / "empty.pdf").stat().st_size == 0
    assert (DOCS / "empty.txt").stat().st_size == 0


def test_zero_pages_is_a_valid_pdf_with_an_empty_page_tree() -> None:
    data = (DOCS / "zero_pages.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[startxref:].startswith(b"xref")
    entries = re.findall(rb"(\d{10}) (\d{5}) n ", data[startxref:])
    for number, (offset, _gen) in enumerate(entries, start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % number)
    assert b"/Kids [] /Count 0" in data
    try:
        assert len(pdfium.PdfDocument(data)) == 0
    except pdfium.PdfiumError:
        pass  # pdfium refuses an empty page tree; the reader must report it, not crash


def test_not_a_pdf_is_an_html_error_page() -> None:
    data = (DOCS / "not_a_pdf.pdf").read_bytes()
    assert not data.startswith(b"%PDF")
    assert data.lstrip().lower().startswith(b"<!doctype html")
    assert "页面不存在" in data.decode("utf-8")
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(DOCS / "not_a_pdf.pdf")


def test_truncated_is_the_first_half_of_a_real_pdf() -> None:
    whole = (DOCS / "wrapped_number.pdf").read_bytes()
    cut = (DOCS / "truncated.pdf").read_bytes()
    assert cut == whole[: len(whole) // 2]
    assert cut.startswith(b"%PDF-") and b"%%EOF" not in cut and b"startxref" not in cut
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(DOCS / "truncated.pdf")


def test_wrapped_number_splits_numbers_from_their_units() -> None:
    lines = pdf_lines(pdfium.PdfDocument(DOCS / "wrapped_number.pdf")[0])
    assert number_unit_breaks(lines, "万元")[0][0].endswith("1164.45")
    assert [a[-4:] for a, _ in number_unit_breaks(lines, "%")] == ["28.8"]
    # The continuation lines start at the left margin: a wrap, not a new indented paragraph.
    doc = pdfium.PdfDocument(DOCS / "wrapped_number.pdf")
    tp = doc[0].get_textpage()
    text = tp.get_text_range()
    first_line_x = tp.get_charbox(text.index("本部门"))[0]
    wrapped_x = tp.get_charbox(text.index("万元，其中"))[0]
    assert wrapped_x < first_line_x - 20


RUNNING_FOOTERS = ["—— 1 ——", "—— 2 ——", "- 147 -", "第 4 页", "第5页 共5页"]


def test_running_headers_pages_header_and_footer_styles() -> None:
    doc = pdfium.PdfDocument(DOCS / "running_headers.pdf")
    assert len(doc) == 5
    pages = [pdf_lines(doc[i]) for i in range(len(doc))]
    assert [p[0] for p in pages] == [RUNNING_HEADER + "（节选）"] * 5
    assert [p[-1] for p in pages] == RUNNING_FOOTERS
    body = [line for p in pages for line in p[1:-1]]
    for pattern in (r"[一二三四五]、", r"（[一二]）", r"\d\. ", r"（\d）"):
        assert any(re.match(pattern, line) for line in body), pattern
    # A paragraph runs from page 3 onto page 4, past the footer and the next header.
    assert not re.search(r"[。：；]$", pages[2][-2])
    assert not re.match(r"[一二三四五]、|（", pages[3][1])


# ---------------------------------------------------------------------------------------------
# Text fixtures


def test_gbk_and_utf8_sig_hold_the_same_report() -> None:
    gbk = (DOCS / "gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    sig = (DOCS / "utf8_sig.txt").read_bytes()
    assert sig.startswith(b"\xef\xbb\xbf")
    assert gbk.decode("gb18030") == sig.decode("utf-8-sig")
    assert "1164.45 万元" in gbk.decode("gbk")


def test_formfeed_splits_pages() -> None:
    pages = (DOCS / "formfeed.txt").read_text(encoding="utf-8").split("\f")
    assert len(pages) == 3
    assert [p.strip().splitlines()[-1] for p in pages] == ["—— 1 ——", "—— 2 ——", "—— 3 ——"]


def test_garbled_decodes_as_nothing() -> None:
    data = (DOCS / "garbled.txt").read_bytes()
    assert len(data) > 1000
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)


# ---------------------------------------------------------------------------------------------
# samples/


def test_sample_text_is_the_seed(seed_path: Path) -> None:
    assert SAMPLE_TXT.read_bytes() == seed_path.read_bytes()


def seed_narrative(text: str) -> str:
    """The dump from its first heading to the attachments, all whitespace and footers gone."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if re.fullmatch(r"附件\d-\d", line):
            break
        if line and not re.fullmatch(r"—— \d+ ——", line):
            lines.append(line)
    body = re.sub(r"\s", "", "".join(lines))
    return body[body.index("一、部门") :]


def test_sample_pdf_is_the_seed_narrative_typeset() -> None:
    doc = pdfium.PdfDocument(SAMPLE_PDF)
    pages = [pdf_lines(doc[i]) for i in range(len(doc))]
    assert pages[0] == ["2022年度部门整体支出", "绩效自评报告", "株洲市科学技术局", "2023年4月"]
    body = []
    for number, lines in enumerate(pages[1:], start=2):
        assert lines[0] == RUNNING_HEADER
        assert lines[-1] == f"— {number} —"
        body += lines[1:-1]
    assert body[:2] == ["2022年度部门整体支出", "绩效自评报告"]
    typeset = re.sub(r"\s", "", "".join(body[2:]))
    assert typeset == seed_narrative(SAMPLE_TXT.read_text(encoding="utf-8"))


def test_sample_pdf_wraps_a_number_away_from_its_unit() -> None:
    doc = pdfium.PdfDocument(SAMPLE_PDF)
    lines = [line for i in range(len(doc)) for line in pdf_lines(doc[i])]
    assert number_unit_breaks(lines, "万元")
    assert number_unit_breaks(lines, "家")


def test_sample_footers_alternate_sides() -> None:
    """单页码居右，双页码居左: page numbers sit in the outer margin band, not the centre."""
    doc = pdfium.PdfDocument(SAMPLE_PDF)
    width = doc[1].get_width()
    for i in (1, 2):
        tp = doc[i].get_textpage()
        text = tp.get_text_range()
        x = tp.get_charbox(text.rindex("—"))[0]
        assert (x > width / 2) == (i + 1) % 2

"""Which reader a file goes to: its name, unless its first bytes say otherwise."""

from __future__ import annotations

import pytest
from conftest import corpus_file

from extractor.pipeline import extract
from extractor.sources.load import sniff_kind

REAL = {
    "pdf": "china-local-debt-atlas/wuhan_2025_budget_expenditure.pdf",
    "xlsx": "china-local-debt-atlas/changdu_2024.xlsx",
    "xls": "china-local-debt-atlas/changdu_2024.xls",
    "docx": "china-local-debt-atlas/hotan_2025_statistical_bulletin.docx",
    "doc": "china-local-debt-atlas/hotan_2025_final_budget_decision.doc",
}


@pytest.mark.parametrize("real", sorted(REAL))
@pytest.mark.parametrize("named", ["pdf", "xlsx", "xls", "docx", "doc"])
def test_the_bytes_decide_between_office_formats_and_pdf(real: str, named: str) -> None:
    data = corpus_file(REAL[real]).read_bytes()
    if named == "pdf" and real != "pdf":
        # A file named .pdf goes to the PDF reader, which names what is wrong with it.
        assert sniff_kind(data, named) == "pdf"
    else:
        assert sniff_kind(data, named) == real


def test_text_files_keep_their_reader_unless_they_are_pdfs() -> None:
    assert sniff_kind("一、总体情况".encode(), "text") == "text"
    # A PDF saved as .txt: the PDF reader reads it (or says what is wrong with it).
    assert sniff_kind(b"%PDF-1.7\n%\xe2\xe3", "text") == "pdf"


def test_a_damaged_office_file_goes_to_the_reader_its_name_says() -> None:
    assert sniff_kind(b"PK\x03\x04 cut short", "xlsx") == "xlsx"
    assert sniff_kind(b"not an office file", "docx") == "docx"


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>预算公开</title>
<style>td {{ border: 1px solid }}</style><script>var x = "合计 999";</script></head><body>
<h2>一、2025年一般公共预算收入情况</h2><p>全市一般公共预算收入完成1164.45万元，增长5.2%。</p>
<p>表1 一般公共预算收入表</p><p>单位：万元</p>
<table border="1"><tr><th>项目</th><th>预算数</th></tr><tr><td>税收收入</td><td>1000.45</td></tr>
<tr><td>非税收入</td><td>164.00</td></tr><tr><td>合计</td><td>1164.45</td></tr></table>
<!-- 注释 --><p>注：&lt;快报数&gt;</p></body></html>"""


@pytest.mark.parametrize("name", ["budget.html", "budget.xls"])
def test_a_web_page_or_a_web_export_named_xls_is_read(tmp_path, name: str) -> None:
    # Sites export tables as HTML saved under .xls; no corpus file shows it, so a page is built.
    path = tmp_path / name
    path.write_text(PAGE.format(), encoding="utf-8")
    records = extract(str(path)).records
    assert records[0]["type"] == "document"
    (table,) = [r for r in records if r["type"] == "table"]
    assert (table["caption"], table["unit"], table["n_rows"]) == (
        "表1一般公共预算收入表",
        "万元",
        4,
    )
    assert table["total_rows"] == [3] and table["warnings"] == []
    text = "\n".join(r["text"] for r in records if r["type"] == "section")
    assert "增长5.2%" in text and "border" not in text and "var x" not in text
    assert "注：<快报数>" in text and "注释" not in text
    money = [r["quantity"] for r in records if r["type"] == "metric"][0]
    assert (money["text"], money["base_value"], money["base_unit"]) == (
        "1164.45万元",
        "11644500",
        "元",
    )


@pytest.mark.parametrize(
    ("real", "name", "kind"),
    [("doc", "report.wps", "doc"), ("xls", "tables.et", "xls"), ("docx", "report.wps", "docx")],
)
def test_wps_office_names_go_by_their_container(tmp_path, real: str, name: str, kind: str) -> None:
    # No WPS file is in the corpus: a real .doc/.xls/.docx under a WPS name shows the routing.
    from extractor.sources.load import path_to_source

    path = tmp_path / name
    path.write_bytes(corpus_file(REAL[real]).read_bytes())
    assert path_to_source(path).kind == kind
    doc, *_ = extract(str(path)).records
    assert doc["type"] == "document" and doc["pages"] >= 1

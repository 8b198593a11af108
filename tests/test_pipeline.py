"""The whole pipeline on real documents: what a person would check first."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, ROOT, corpus_file

from extractor.cli import main
from extractor.pipeline import extract
from extractor.sources.load import is_readable


def test_seed_document_record(seed_path):
    doc, *sections = extract(str(seed_path)).records
    assert (doc["title"], doc["issuer"], doc["year"]) == ("2022年度部门整体支出绩效自评报告",
                                                         "株洲市科学技术局", 2022)
    assert doc["doc_kind"] == "部门整体支出绩效自评报告"
    top = [s["number"] + s["title"] for s in sections if s["type"] == "section" and s["level"] == 1]
    assert top == [
        "一、部门（单位）基本情况",
        "二、一般公共预算支出情况",
        "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、社会保险基金预算支出情况",
        "六、资金使用及绩效情况",
        "七、存在的问题及原因分析",
        "八、下一步改进措施",
        "九、部门整体支出绩效自评结果拟应用和公开情况",
    ]


def test_seed_wrapped_number_rejoins_its_unit(seed_path):
    sections = [r for r in extract(str(seed_path)).records if r["type"] == "section"]
    basic = next(s for s in sections if s["title"] == "基本支出情况")
    # In the dump "915.38" ends a line and "万元" starts the next one.
    assert "人员经费915.38万元" in basic["text"]
    assert "\n" not in basic["text"]


def test_garbled_fonts_flagged_and_withheld():
    path = corpus_file("china-local-debt-atlas/jiangsu_huaian_2026_budget_report.pdf")
    doc, *rest = extract(str(path), {"ocr": "never"}).records
    assert doc["type"] == "document"
    assert {w["code"] for w in doc["warnings"]} == {"garbled_text_layer"}
    assert sorted(w["page"] for w in doc["warnings"]) == list(range(1, 13))
    assert all(r["type"] != "section" or not r["text"] for r in rest)  # nothing garbled leaks


def test_private_glyphs_never_reach_records_as_lone_surrogates():
    # tianjin_2025 prints its decimal point with a glyph pdfium reports as a lone surrogate.
    path = corpus_file("china-local-debt-atlas/tianjin_2025_budget_report.pdf")
    records = extract(str(path)).records
    assert records[0]["type"] == "document"
    json.dumps(records, ensure_ascii=False).encode("utf-8")  # strict: raises on a surrogate


def test_page_offsets_map_text_back_to_pages():
    path = corpus_file("govbudgetchecker-shanghai-putuo/上海市普陀区财政局2024年度部门决算.pdf")
    sections = [r for r in extract(str(path)).records if r["type"] == "section"]
    multi = [s for s in sections if s["page_end"] > s["page_start"]]
    for s in sections:
        offsets = s["page_offsets"]
        if s["text"]:
            assert offsets[0][0] == 0
        assert [p for _, p in offsets] == sorted({p for _, p in offsets})
        assert all(s["page_start"] <= p <= s["page_end"] for _, p in offsets)
    assert multi, "expected at least one section spanning a page break"


@pytest.mark.slow
def test_whole_corpus_runs_without_a_crash(tmp_path, capsys):
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    out = tmp_path / "all.jsonl"
    code = main([str(CORPUS), "--out", str(out), "-q", "--ocr", "never"])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    heads = {r["source"]: r for r in records if r["type"] in ("document", "error")}
    readable = [p for p in CORPUS.rglob("*") if is_readable(p)]
    assert len(readable) == 117  # the 117 files but the .jsonl, and MANIFEST.md
    assert sorted(heads) == sorted(str(p) for p in readable)
    errors = sorted(Path(s).name for s, r in heads.items() if r["type"] == "error")
    schema = json.loads((ROOT / "extractor" / "schema" / "records.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    invalid = [(r["type"], e.message) for r in records for e in validator.iter_errors(r)]
    assert not invalid[:5]
    # The corpus's two truncated PDFs are read in part (tests/test_sources_salvage.py).
    assert errors == []
    truncated = sorted(
        Path(s).name
        for s, r in heads.items()
        if any(w["code"] == "truncated_pdf" for w in r.get("warnings", []))
    )
    assert truncated == ["fujian_2025.pdf", "shijiazhuang_2025_budget_report.pdf"]
    assert code == 0
    assert "internal error" not in capsys.readouterr().err


def test_a_failing_optional_stage_costs_a_warning_not_the_document(monkeypatch):
    import extractor.pipeline as pipeline

    def broken(table):
        raise ValueError("synthetic failure")

    monkeypatch.setattr(pipeline, "table_to_indicators", broken)
    path = ROOT / "samples" / "zhuzhou-kjj-2022-self-evaluation-table-1-3.pdf"
    doc, *rest = extract(str(path)).records
    assert doc["type"] == "document"
    assert [w["code"] for w in doc["warnings"]] == ["indicators_failed"]
    assert "synthetic failure" in doc["warnings"][0]["message"]
    assert {r["type"] for r in rest} >= {"section", "table"}
    assert doc["record_count"] == len(rest) + 1


def test_a_failing_classifier_leaves_the_records_untyped(monkeypatch):
    import extractor.pipeline as pipeline

    def broken(indicators, metrics):
        raise RuntimeError("synthetic model failure")

    monkeypatch.setattr(pipeline, "assign_types", broken)
    path = ROOT / "samples" / "zhuzhou-kjj-2022-self-evaluation-table-1-3.pdf"
    doc, *rest = extract(str(path)).records
    assert [w["code"] for w in doc["warnings"]] == ["classify_failed"]
    indicators = [r for r in rest if r["type"] == "indicator"]
    assert indicators and all(r["type_predicted"] is None for r in indicators)
    assert doc["record_count"] == len(rest) + 1


def _fixture_sections(name: str) -> list[dict]:
    path = ROOT / "tests" / "fixtures" / "docs" / name
    return [r for r in extract(str(path)).records if r["type"] == "section"]


def test_running_headers_and_page_numbers_never_reach_sections():
    sections = _fixture_sections("running_headers.pdf")
    text = "\n".join(s["title"] + "\n" + s["text"] for s in sections)
    assert "（节选）" not in text  # the running header
    for footer in ("147", "第4页", "第 4 页", "共5页", "—— 2 ——"):
        assert footer not in text
    # The paragraph that runs from page 3 onto page 4 is one paragraph.
    assert "坚持在全省打造“三个高地”上当先锋打头阵，并取得了显著成效。" in text
    levels = {s["number"]: s["level"] for s in sections}
    assert (levels["一、"], levels["（一）"], levels["1."], levels["（1）"]) == (1, 2, 3, 4)


def test_numbers_wrapped_from_their_units_are_rejoined():
    text = "\n".join(s["text"] for s in _fixture_sections("wrapped_number.pdf"))
    assert "基本支出合计为1164.45万元" in text and "比重达到28.8%" in text


def test_owner_password_only_pdf_is_read():
    sections = _fixture_sections("owner_only_encrypted.pdf")
    assert any("1164.45万元" in s["text"] for s in sections)


def test_a_table_under_a_heading_with_no_text_of_its_own_belongs_to_the_section_before_it():
    # hzq2023 p. 3: the table carried on from 二、主动公开政府信息情况 stands above the heading
    # 三、收到和处理政府信息公开申请情况, which has no text of its own (its table is its body).
    # A heading without text used to be placed at the top of its page.
    path = corpus_file("kirogovcompare-info-disclosure/hzq2023_working.pdf")
    records = extract(str(path)).records
    titles = {r["section_id"]: r["title"] for r in records if r["type"] == "section"}
    tables = {r["table_id"]: r for r in records if r["type"] == "table"}
    assert (tables["t2"]["page"], titles[tables["t2"]["section_id"]]) == (3, "主动公开政府信息情况")
    assert titles[tables["t3"]["section_id"]] == "收到和处理政府信息公开申请情况"


def test_a_value_stated_in_a_heading_is_a_metric_of_the_title():
    # 山东 2023 决算 p. 33 lists each transfer as a heading with its amount, over what it is for:
    # （一）均衡性转移支付143.82亿元 / 主要用于均衡地区间财力差异…. The amounts stood in no
    # section's text, so no metric held them.
    path = corpus_file("china-local-debt-atlas/shandong_2023.pdf")
    records = extract(str(path), {"ocr": "never"}).records
    sections = {r["section_id"]: r for r in records if r["type"] == "section"}
    titled = [r for r in records if r["type"] == "metric" and r["in_title"]]
    first = next(m for m in titled if m["quantity"]["text"] == "143.82亿元")
    title = sections[first["section_id"]]["title"]
    assert title[first["start"] : first["end"]] == "143.82亿元"
    assert title[first["sentence_start"] : first["sentence_end"]] == first["sentence"] == title
    assert (first["subject"], first["page"]) == ("均衡性转移支付", 33)
    assert first["bbox"] is not None
    assert len(titled) == 25  # 12 general transfers, 7 special ones, 6 funds on p. 68
    # Every other metric's offsets are into its section's text.
    prose = [r for r in records if r["type"] == "metric" and not r["in_title"]]
    assert all(
        sections[m["section_id"]]["text"][m["start"] : m["end"]] == m["quantity"]["text"]
        for m in prose
        if m["table_id"] is None
    )


def test_a_page_of_tables_before_the_body_is_no_cover():
    # 新疆 2024 (image cover, then 117 pages of tables) sets its first 说明, the first body
    # paragraph, under 表四 on p. 6: the cover had run to there, so 表一 to 表四 were no headings
    # and their tables stood in the untitled opening section. A page holding a table is no cover.
    path = corpus_file("china-local-debt-atlas/xinjiang_2024_budget_report.pdf")
    records = extract(str(path), {"ocr": "never"}).records
    titles = {r["section_id"]: r["title"] for r in records if r["type"] == "section"}
    tables = [r for r in records if r["type"] == "table" and r["page"] <= 6]
    assert [titles[t["section_id"]][:3] for t in tables] == ["表一：", "表二：", "表三：", "表四："]
    # 宜昌 2024: a contents page, then one table a page; the tables of pp. 2 and 3 had stood
    # under the contents.
    path = corpus_file("china-local-debt-atlas/hubei_yichang_2024.pdf")
    records = extract(str(path), {"ocr": "never"}).records
    titles = {r["section_id"]: r["title"] for r in records if r["type"] == "section"}
    first = [r for r in records if r["type"] == "table"][:2]
    assert [titles[t["section_id"]] for t in first] == [
        "2024年全市政府一般债务分地区限额余额表",
        "2024年市级政府一般债务限额余额情况表",
    ]


def test_periods_follow_the_part_a_section_is_about_and_the_year_the_report_speaks_in():
    # 深圳's 公报, issue 10 of 2026, binds the 2026 政府工作报告 and the report on 2025's budget
    # execution: its 今年 targets are 2026's, and the 年末 of its 2025 social insurance part is
    # the end of 2025. The file name's 2025 had been its year, the targets 2025's.
    path = corpus_file("china-local-debt-atlas/shenzhen_2025_budget_report.pdf")
    doc, *rest = extract(str(path), {"ocr": "never"}).records
    assert doc["year"] == 2026
    metrics = [r for r in rest if r["type"] == "metric"]
    opening = "综合考虑外部环境和深圳实际，今年"
    target = next(m for m in metrics if m["sentence"].startswith(opening))
    assert (target["quantity"]["text"], target["period"]) == ("5%", "2026")
    (balance,) = [m for m in metrics if m["quantity"]["text"] == "3568.3亿元"]
    assert balance["period"] == "2025-end"

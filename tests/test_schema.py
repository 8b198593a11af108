"""Every record the pipeline writes validates against the packaged JSON Schema."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from conftest import FIXTURES, ROOT, SEED, corpus_file

from extractor.pipeline import extract

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator():
    text = resources.files("extractor").joinpath("schema/records.schema.json").read_text()
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _assert_valid(validator, records):
    for record in records:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['type']} record invalid: {errors[0].message}"
    # JSON round trip: no Decimal, float or other non-JSON value sneaks into a record.
    assert json.loads(json.dumps(records, ensure_ascii=False)) == records


def _sources() -> list:
    return list(_source_params())


def _source_params():
    yield pytest.param(str(SEED), id="seed-dump")
    yield pytest.param(
        str(ROOT / "samples" / "zhuzhou-kjj-2022-self-evaluation-table-1-3.pdf"), id="seed-table"
    )
    for relpath in (
        "govbudgetchecker-shanghai-putuo/上海市普陀区财政局2024年度部门决算.pdf",
        "kirogovcompare-info-disclosure/hzq2024_working.pdf",
        "tianbaoxitong-shanghai-budget/1770007475548-818404804.pdf",
        "china-local-debt-atlas/jiangsu_huaian_2026_budget_report.pdf",
        "china-local-debt-atlas/fujian_2025.pdf",
        "china-local-debt-atlas/yinchuan_2025_tables.pdf",  # pages set sideways: turned_pages
        "autowriter-henan-perf-eval/最佳报告范例.md",  # markup tables: no geometry
        "china-local-debt-atlas/changdu_2024.xlsx",
        "china-local-debt-atlas/chengde_2025_budget_report.docx",
        "china-local-debt-atlas/hotan_2025_final_budget_decision.doc",
    ):
        yield pytest.param(relpath, id=relpath.rsplit("/", 1)[-1])


@pytest.mark.parametrize("source", _sources())
def test_records_validate(validator, source):
    path = source if source.startswith("/") else str(corpus_file(source))
    if source == str(SEED) and not SEED.exists():
        pytest.skip("seed not available")
    records = extract(path, {"ocr": "never"}).records
    assert records
    _assert_valid(validator, records)
    if source.endswith("table-1-3.pdf"):
        assert {"table", "indicator"} <= {r["type"] for r in records}


def test_error_records_validate(validator, tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    records = extract(str(bad)).records
    assert [r["type"] for r in records] == ["error"]
    _assert_valid(validator, records)


def test_fixture_pdfs_validate(validator):
    docs = FIXTURES / "docs"
    if not docs.exists():
        pytest.skip("fixtures not generated yet")
    for path in sorted(docs.glob("*.pdf")):
        _assert_valid(validator, extract(str(path), {"ocr": "never"}).records)

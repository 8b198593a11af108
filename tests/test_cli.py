"""The batch CLI, in-process: exit codes, exact messages, resume, atomic blocks, --force."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, ROOT, SEED, corpus_file

from extractor.batch import load_done
from extractor.cli import main
from extractor.pipeline import extract

DOCS = FIXTURES / "docs"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder like a real download: a good report, bad files, a format not read."""
    if not SEED.exists():
        pytest.skip("seed report not available")
    box = tmp_path / "in"
    (box / "sub").mkdir(parents=True)
    shutil.copy(SEED, box / "sub" / "seed.txt")
    (box / "empty.pdf").write_bytes(b"")
    (box / "error_page.pdf").write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    (box / "table.docx").write_bytes(b"PK\x03\x04 cut short")
    (box / "slides.pptx").write_bytes(b"PK\x03\x04 not read yet")
    return box


def test_batch_writes_records_and_errors_and_exit_1(inbox, tmp_path, capsys):
    out = tmp_path / "records.jsonl"
    code = main([str(inbox), "--out", str(out), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1  # some documents produced only an error record
    records = _records(out)
    by_source: dict[str, list[dict]] = {}
    for r in records:
        by_source.setdefault(Path(r["source"]).name if "source" in r else "?", []).append(r)
    assert by_source["empty.pdf"][0]["type"] == "error"
    assert by_source["empty.pdf"][0]["message"] == "empty file (0 bytes); download it again"
    assert "HTML page" in by_source["error_page.pdf"][0]["message"]
    doc = by_source["seed.txt"][0]
    assert doc["type"] == "document" and doc["record_count"] == sum(
        1 for r in records if r["doc_id"] == doc["doc_id"]
    )
    assert "not a .docx package" in by_source["table.docx"][0]["message"]
    assert "skipped 1 .pptx" in err
    assert "3 errors" in err and "4 documents" in err


def test_rerun_resumes_without_duplicates(inbox, tmp_path, capsys):
    out = tmp_path / "records.jsonl"
    main([str(inbox), "--out", str(out), "-j", "1"])
    before = out.read_bytes()
    capsys.readouterr()
    main([str(inbox), "--out", str(out), "-j", "1"])
    err = capsys.readouterr().err
    assert out.read_bytes() == before
    assert "0 documents; 4 already done" in err


def test_force_redoes_without_duplicating(inbox, tmp_path):
    out = tmp_path / "records.jsonl"
    main([str(inbox), "--out", str(out), "-j", "1"])
    first = _records(out)
    main([str(inbox), "--out", str(out), "-j", "1", "--force"])
    assert sorted(json.dumps(r, sort_keys=True) for r in _records(out)) == sorted(
        json.dumps(r, sort_keys=True) for r in first
    )


def test_block_cut_by_a_crash_is_dropped_and_redone(inbox, tmp_path):
    out = tmp_path / "records.jsonl"
    main([str(inbox), "--out", str(out), "-j", "1"])
    whole = out.read_bytes()
    lines = whole.splitlines(keepends=True)
    doc_line = next(i for i, line in enumerate(lines) if b'"type": "document"' in line)
    # As if killed mid-write: the seed's block stops half way through a line.
    out.write_bytes(b"".join(lines[: doc_line + 2]) + lines[doc_line + 2][:10])
    done = load_done(out)
    assert len(done) == sum(1 for line in lines[:doc_line] if b'"type": "error"' in line)
    assert out.read_bytes() == b"".join(lines[:doc_line])
    main([str(inbox), "--out", str(out), "-j", "1"])
    assert sorted(_records(out), key=json.dumps) == sorted(
        (json.loads(line) for line in lines), key=json.dumps
    )


def test_kill_9_mid_run_then_rerun(tmp_path):
    """A real SIGKILL while a batch runs: the rerun leaves every document exactly once."""
    corpus = CORPUS / "govbudgetchecker-shanghai-putuo"
    if not corpus.exists():
        pytest.skip("corpus not available")
    out = tmp_path / "records.jsonl"
    cmd = [sys.executable, "-m", "extractor", str(corpus), "--out", str(out), "-j", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    subprocess.run(cmd, env=env, stderr=subprocess.DEVNULL, check=False)
    records = _records(out)
    docs = [r for r in records if r["type"] in ("document", "error")]
    assert len({r["sha256"] for r in docs}) == len(docs) == 15  # 13 PDFs and 2 workbooks
    for doc in (r for r in docs if r["type"] == "document"):
        assert doc["record_count"] == sum(1 for r in records if r["doc_id"] == doc["doc_id"])


def test_stdout_output(tmp_path, capsys):
    if not SEED.exists():
        pytest.skip("seed report not available")
    code = main([str(SEED), "--out", "-", "-q"])
    captured = capsys.readouterr()
    assert code == 0
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert lines[0]["type"] == "document"
    assert captured.err.startswith("extract: 1 documents;")


def test_python_api_returns_what_the_cli_writes(tmp_path):
    if not SEED.exists():
        pytest.skip("seed report not available")
    out = tmp_path / "r.jsonl"
    main([str(SEED), "--out", str(out), "-q"])
    assert _records(out) == json.loads(json.dumps(extract(str(SEED)).records, ensure_ascii=False))


def test_output_folder_is_created(tmp_path):
    if not SEED.exists():
        pytest.skip("seed report not available")
    out = tmp_path / "new" / "dir" / "records.jsonl"
    assert main([str(SEED), "--out", str(out), "-q"]) == 0
    assert _records(out)[0]["type"] == "document"


def test_bad_usage_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main([str(tmp_path / "nope"), "--out", str(tmp_path / "o.jsonl")])
    assert info.value.code == 2
    assert "no such file or directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main([str(tmp_path), "--out", str(tmp_path / "o.jsonl"), "--ocr", "sometimes"])
    assert info.value.code == 2


def test_timeout_gives_an_error_record(tmp_path, monkeypatch):
    if not SEED.exists():
        pytest.skip("seed report not available")
    import extractor.batch as batch

    def slow_extract(path, settings):
        time.sleep(5)

    monkeypatch.setattr(batch, "extract", lambda p, s: (slow_extract(p, s), extract(p, s))[1])
    out = tmp_path / "r.jsonl"
    code = main([str(SEED), "--out", str(out), "-q", "--timeout", "0.5", "-j", "1"])
    assert code == 1
    (record,) = _records(out)
    assert record["type"] == "error" and "--timeout" in record["message"]


@pytest.mark.parametrize(
    "name, message_part",
    [
        ("encrypted.pdf", "文件已加密，需要密码"),
        ("truncated.pdf", "truncated PDF"),
        ("zero_pages.pdf", "no pages"),
        ("not_a_pdf.pdf", "no %PDF header"),
    ],
)
def test_bad_pdfs_give_actionable_errors(name, message_part):
    path = DOCS / name
    if not path.exists():
        pytest.skip(f"fixture not generated yet: {path}")
    (record,) = extract(str(path)).records
    assert record["type"] == "error"
    assert message_part in record["message"]


def test_a_pdf_read_in_part_is_said_on_stderr_and_in_the_summary(tmp_path, capsys):
    path = corpus_file("china-local-debt-atlas/shijiazhuang_2025_budget_report.pdf")
    out = tmp_path / "r.jsonl"
    code = main([str(path), "--out", str(out), "-q", "--ocr", "never"])
    err = capsys.readouterr().err
    assert code == 0  # it produced records
    assert f"extract: warning: {path}: truncated PDF" in err
    assert "0 errors; 1 read in part (truncated)" in err
    assert _records(out)[0]["type"] == "document"

"""The searchable archive: tokens, indexing whole document blocks, queries and their filters."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, case_rows

from extractor.archive import index_records, search
from extractor.archive.cli import main as govsearch
from extractor.archive.query import untyped_documents
from extractor.archive.tokens import TOKENS_VERSION, query_to_match, text_to_tokens
from extractor.cli import main as extract_main

CASES = ROOT / "corpora" / "archive"
TABLES = ("records", "search_docsize")


def read_cases(name: str) -> list:
    return [
        pytest.param(given, expected, id=why) for given, expected, why in case_rows(CASES / name, 3)
    ]


@pytest.mark.parametrize(("text", "tokens"), read_cases("tokens.tsv"))
def test_tokens_case(text: str, tokens: str) -> None:
    assert text_to_tokens(text) == tokens


@pytest.mark.parametrize(("query", "match"), read_cases("queries.tsv"))
def test_query_case(query: str, match: str) -> None:
    assert query_to_match(query) == (match or None)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """extract's output for the bundled samples (the seed report as PDF, text and table)."""
    out = tmp_path_factory.mktemp("archive") / "records.jsonl"
    assert extract_main([str(ROOT / "samples"), "--out", str(out), "-q", "--ocr", "never"]) == 0
    return out


@pytest.fixture()
def db(records: Path, tmp_path: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    index_records([records], path)
    return path


def test_a_word_finds_the_metric_that_states_it(db: Path) -> None:
    hits = search(db, "科技型企业", types=["metric"])
    assert hits and all(h.type == "metric" for h in hits)
    first = next(h for h in hits if "412家" in h.snippet)
    assert "【科技型企业】" in first.snippet
    # The three figures of that sentence are three metric records and one hit.
    assert {r["quantity"]["text"] for r in first.records} >= {"412家", "7000万元"}
    assert first.title == "2022年度部门整体支出绩效自评报告" and first.year == 2022
    assert first.page == first.record["page"] and first.ref.startswith(first.record["section_id"])


def test_a_metric_is_found_by_its_subject_where_the_sentence_does_not_spell_it(db: Path) -> None:
    # The seed report (its PDF and its text dump): …引入…130多个项目，预计全部投产后总产值超30亿元
    # is filed under 项目总产值, a phrase the sentence never prints. A hit shows that subject, then
    # the sentence as printed.
    hits = search(db, "项目总产值", types=["metric"])
    assert len(hits) == 2 and len({h.doc_id for h in hits}) == 2
    for hit in hits:
        assert {r["subject"] for r in hit.records} == {"项目总产值"}
        assert hit.record["sentence"].startswith("与中国科技开发院合作共建")
        assert "项目总产值" not in hit.record["sentence"]
        assert hit.snippet.startswith("〔【项目总产值】〕与中国科技开发院合作共建")


def test_an_archive_of_older_tokens_is_indexed_again_with_the_subjects(
    records: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite"
    index_records([records], path)
    conn = sqlite3.connect(path)
    with conn:  # as an archive from before subjects were searched: the sentence's tokens only
        conn.execute("INSERT INTO search (search) VALUES ('delete-all')")
        rows = conn.execute("SELECT id, text FROM records").fetchall()
        conn.executemany(
            "INSERT INTO search (rowid, tokens) VALUES (?, ?)",
            [(rowid, text_to_tokens(text)) for rowid, text in rows],
        )
        conn.execute(f"PRAGMA user_version = {TOKENS_VERSION - 1}")
    conn.close()
    assert search(path, "项目总产值", types=["metric"])  # opened, it is indexed again
    report = index_records([records], path, force=True)  # and its rows delete cleanly
    assert report.documents == 3 and len(search(path, "项目总产值", types=["metric"])) == 2


def test_a_metric_in_a_heading_is_referred_to_by_its_offset_in_the_title() -> None:
    from extractor.archive.store import record_ref

    metric = {"type": "metric", "section_id": "s33", "table_id": None, "start": 6}
    assert record_ref(metric) == "s33:6"
    assert record_ref({**metric, "in_title": True}) == "s33:title:6"


def test_indicator_rows_are_found_with_their_table_row(db: Path) -> None:
    (hit,) = search(db, "高新技术企业数", types=["indicator"])
    assert hit.record["name"] == "高新技术企业数" and hit.record["target_text"] == "1100家"
    assert hit.ref == f"{hit.record['table_id']}:{hit.record['row']}"


def test_a_phrase_is_matched_as_written(db: Path) -> None:
    # 奖补科技 occurs nowhere, though 奖补 and 科技 are in many sentences together.
    assert search(db, "奖补科技") == []
    both = search(db, "奖补 科技")  # two words: both anywhere in the record
    texts = [h.record.get("sentence") or h.record.get("text") or "" for h in both]
    assert texts and all("奖补" in t and "科技" in t for t in texts)


def test_a_word_of_han_and_figures_is_matched_as_written(db: Path) -> None:
    # 支持412家: the index gives the run 支持 its trailing single (支持 持) before 412.
    hits = search(db, "支持412家科技型企业", types=["metric"])
    assert hits and "【支持412家科技型企业】" in hits[0].snippet


def test_a_figure_is_matched_whole(tmp_path: Path) -> None:
    """增长5% is not 增长5.8% nor 增长5亿元 (unicode61 alone would split 5.8 at its point)."""
    records = tmp_path / "records.jsonl"
    records.write_text(
        "".join(
            json.dumps(r, ensure_ascii=False) + "\n"
            for r in (
                {"type": "document", "doc_id": "d", "record_count": 4, "source": "x.txt"},
                {"type": "section", "doc_id": "d", "section_id": "s1", "text": "收入增长5%。"},
                {"type": "section", "doc_id": "d", "section_id": "s2", "text": "收入增长5.8%。"},
                {"type": "section", "doc_id": "d", "section_id": "s3", "text": "收入增长5亿元。"},
            )
        ),
        encoding="utf-8",
    )
    path = tmp_path / "archive.sqlite"
    index_records([records], path)
    assert [h.ref for h in search(path, "增长5%")] == ["s1"]
    assert [h.ref for h in search(path, "增长5.8%")] == ["s2"]
    assert sorted(h.ref for h in search(path, "增长5")) == ["s1", "s3"]


def test_an_archive_indexed_with_older_tokens_is_indexed_again(records: Path, tmp_path: Path):
    path = tmp_path / "v1.sqlite"
    index_records([records], path)
    with sqlite3.connect(path) as conn:  # as tokens v1 left it: figures split at their points
        rows = conn.execute("SELECT id, text FROM records").fetchall()
        conn.execute("INSERT INTO search (search) VALUES ('delete-all')")
        conn.executemany(
            "INSERT INTO search (rowid, tokens) VALUES (?, ?)",
            [(i, text_to_tokens(t).replace("d", " ")) for i, t in rows],
        )
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    hits = search(path, "7000万元", types=["metric"])  # opening it indexes it again
    assert hits and all("7000万元" in h.record["sentence"] for h in hits)
    assert search(path, "8.99亿元")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == TOKENS_VERSION
    conn.close()
    index_records([records], path, force=True)  # deleting with the same tokens: nothing left over
    with sqlite3.connect(path) as conn:
        indexed = conn.execute("SELECT count(*) FROM search_docsize").fetchone()[0]
        assert indexed == conn.execute("SELECT count(*) FROM records").fetchone()[0]
    conn.close()


def test_an_old_archive_that_cannot_be_written_says_what_to_do(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractor.archive.query as query

    def read_only(path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    monkeypatch.setattr(query, "connect", read_only)
    with pytest.raises(ValueError, match="older search tokens.*--force"):
        search(db, "科技")


def test_one_character_matches_as_a_prefix(db: Path) -> None:
    texts = [h.snippet.replace("【", "").replace("】", "") for h in search(db, "专", limit=50)]
    assert any("专家" in t for t in texts) and any("专利" in t for t in texts)


def test_filters(db: Path) -> None:
    assert search(db, "科技", year=2021) == []
    assert search(db, "科技", year=2022, limit=3)
    assert search(db, "科技", doc_kind="统计公报") == []
    sections = search(db, "科技", types=["section"], limit=50)
    assert sections and {h.type for h in sections} == {"section"}
    doc = sections[0].doc_id
    assert {h.doc_id for h in search(db, "科技", doc_id=doc, limit=50)} == {doc}


def test_indexing_again_adds_nothing_and_force_replaces(records: Path, db: Path) -> None:
    again = index_records([records], db)
    assert (again.documents, again.skipped_documents) == (0, 3)
    before = len(search(db, "科技型企业", limit=100))
    forced = index_records([records], db, force=True)
    assert forced.documents == 3
    assert len(search(db, "科技型企业", limit=100)) == before  # replaced, not duplicated
    with sqlite3.connect(db) as conn:  # the index forgot the replaced rows too
        counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES]
    assert counts[0] == counts[1] == forced.records


def test_only_whole_document_blocks_are_indexed(records: Path, tmp_path: Path) -> None:
    # A run cut short (or still writing): the last block is incomplete and waits.
    lines = records.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:-5]) + "\n" + lines[-5][:20], encoding="utf-8")
    report = index_records([cut], tmp_path / "a.sqlite")
    assert (report.documents, report.partial_documents) == (2, 1)


def test_error_records_are_not_indexed(tmp_path: Path) -> None:
    box = tmp_path / "in"
    box.mkdir()
    (box / "empty.pdf").write_bytes(b"")
    out = tmp_path / "r.jsonl"
    extract_main([str(box), "--out", str(out), "-q"])
    report = index_records([out], tmp_path / "a.sqlite")
    assert (report.documents, report.records) == (0, 0)


def test_command_line(records: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "cli.sqlite"
    assert govsearch(["index", str(records), "--db", str(db)]) == 0
    assert "3 documents" in capsys.readouterr().err
    assert govsearch(["query", str(db), "高新技术企业数", "--type", "indicator", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["record"]["actual_text"] == "1104家"
    assert govsearch(["query", str(tmp_path / "missing.sqlite"), "x"]) == 2
    assert "govsearch index" in capsys.readouterr().err
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("just text", encoding="utf-8")
    assert govsearch(["query", str(not_an_archive), "x"]) == 2
    assert "is not an archive" in capsys.readouterr().err
    assert govsearch(["index", str(records), "--db", str(not_an_archive)]) == 2
    assert "is --db an archive" in capsys.readouterr().err


@pytest.mark.slow
def test_whole_corpus_archive(tmp_path: Path) -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.exists():
        pytest.skip("corpus not available")
    out = tmp_path / "all.jsonl"
    extract_main([str(corpus), "--out", str(out), "-q", "--ocr", "never"])
    db = tmp_path / "all.sqlite"
    report = index_records([out], db)
    # 117 files: the two truncated PDFs are read in part (tests/test_sources_salvage.py).
    assert report.documents == 117 and report.partial_documents == 0
    hits = search(db, "有效发明专利", types=["metric"], doc_kind="统计公报", limit=50)
    assert len({h.doc_id for h in hits}) >= 2  # 西安 2025 and 洛阳 2023 state it
    assert all("有效发明专利" in h.snippet for h in hits)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_documents_are_found_by_title_issuer_and_file_name(db: Path) -> None:
    hits = search(db, "株洲市科学技术局", types=["document"], limit=10)
    # The report as PDF and as text name their issuer; the one-table PDF names none.
    assert sorted(Path(h.source).suffix for h in hits) == [".pdf", ".txt"]
    assert {h.title for h in hits} == {"2022年度部门整体支出绩效自评报告"}
    by_name = search(db, "table", types=["document"])  # …-self-evaluation-table-1-3.pdf
    assert [h.record["source"].rsplit("/", 1)[-1] for h in by_name] == [
        "zhuzhou-kjj-2022-self-evaluation-table-1-3.pdf"
    ]


def test_indicators_and_metrics_are_filtered_by_their_type(db: Path) -> None:
    # The seed's 自评表 prints 企业满意度 under 服务对象满意度指标; any spelling of it filters.
    (hit,) = search(db, "企业满意度", types=["indicator"], indicator_type="满意度")
    assert hit.record["level2"] == "服务对象满意度指标"
    assert search(db, "企业满意度", types=["indicator"], indicator_type="数量指标") == []
    # 成本 takes in the cost subtypes (经济成本指标 …): the seed's spending figures.
    costs = search(db, "支出", types=["metric"], indicator_type="成本", limit=50)
    types = {r["type_predicted"] for h in costs for r in h.records}
    assert costs and types <= {"成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"}
    # Only the records of a sentence that have the type come with its hit.
    counts = search(db, "科技型企业", types=["metric"], indicator_type="数量", limit=50)
    assert counts and all(r["type_predicted"] == "数量指标" for h in counts for r in h.records)
    # Sections and tables have no indicator type.
    assert search(db, "科技", types=["section", "table"], indicator_type="数量") == []


def test_an_unknown_indicator_type_says_which_ones_there_are(db: Path) -> None:
    with pytest.raises(ValueError, match="unknown indicator type '效率'.*经济效益"):
        search(db, "科技", indicator_type="效率")


def test_an_archive_built_before_types_were_indexed(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "old.sqlite"
    index_records([records], path)
    with sqlite3.connect(path) as conn:  # as the archive was before indicator types
        conn.execute("ALTER TABLE records DROP COLUMN itype")
        conn.execute("DROP TABLE untyped_documents")
    conn.close()
    assert search(path, "企业满意度")  # plain queries work as before
    with pytest.raises(ValueError, match="before indicator types were indexed.*--force"):
        search(path, "企业满意度", indicator_type="满意度")
    assert untyped_documents(path) == 3
    # Indexing adds the column; the documents already there stay untyped, and say so.
    assert index_records([records], path).skipped_documents == 3
    assert search(path, "企业满意度", indicator_type="满意度") == []
    assert govsearch(["query", str(path), "企业满意度", "--indicator-type", "满意度"]) == 0
    assert "3 documents were indexed before indicator types" in capsys.readouterr().err
    index_records([records], path, force=True)  # --force types them
    assert untyped_documents(path) == 0
    assert search(path, "企业满意度", indicator_type="满意度")
    assert govsearch(["query", str(path), "企业满意度", "--indicator-type", "满意度"]) == 0
    assert "indexed before" not in capsys.readouterr().err


def test_command_line_indicator_type(db: Path, capsys: pytest.CaptureFixture) -> None:
    assert govsearch(["query", str(db), "企业满意度", "--indicator-type", "满意度", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(json.loads(x)["record"]["type"] in ("indicator", "metric") for x in lines)
    assert govsearch(["query", str(db), "企业满意度", "--indicator-type", "效率"]) == 2
    assert "unknown indicator type" in capsys.readouterr().err

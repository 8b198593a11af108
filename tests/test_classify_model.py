"""The shipped model against its corpus and its training script: staleness, numpy = sklearn,
reproducibility, provenance, and loading from a non-editable install."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from extractor.indicators import classify
from extractor.indicators.labels import LEVEL2_LABELS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "indicators" / "train.jsonl"


def load_script(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    loader = importlib.machinery.SourceFileLoader(name, str(ROOT / "scripts" / name))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def corpus_rows() -> list[dict]:
    return [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_model_was_trained_on_the_current_corpus() -> None:
    """Staleness: retrain (scripts/train_indicator_model) after rebuilding the corpus."""
    recorded = classify.shipped_model().meta["corpus_sha256"]
    current = hashlib.sha256(CORPUS.read_bytes()).hexdigest()
    assert recorded == current, "shipped model is stale: run scripts/train_indicator_model"


def test_corpus_rows_have_provenance_and_labels() -> None:
    rows = corpus_rows()
    assert len(rows) >= 500
    for row in rows:
        assert row["file"], row
        assert row["page"] is not None or row["line"] is not None, row
        assert row["level2"] in LEVEL2_LABELS, row
        assert row["name"].strip(), row


def test_corpus_never_holds_the_evaluation_document() -> None:
    assert not [r for r in corpus_rows() if "dongguan" in r["file"]]


@pytest.fixture(scope="module")
def refit() -> tuple:
    """One fit of the shipped parameters on the current corpus (a few seconds)."""
    train = load_script("train_indicator_model")
    meta = classify.shipped_model().meta
    params = train.Params(meta["C"], tuple(meta["block_weights"].values()))
    rows = corpus_rows()
    docs = [classify.item_to_tokens(r["name"], r.get("target"), train.row_domain(r)) for r in rows]
    labels = [train.training_label(r) for r in rows]
    weights = np.array([train.row_weight(r) for r in rows])
    vectorizer, model = train.fit(docs, labels, weights, params)
    # Prediction sees the shared features only (no source-tagged copies).
    shared = [classify.item_to_tokens(r["name"], r.get("target")) for r in rows]
    return train, vectorizer, model, shared


def test_numpy_predictor_equals_sklearn_on_the_training_rows(refit: tuple) -> None:
    train, vectorizer, model, docs = refit
    temperature = classify.shipped_model().temperature
    numpy_model = train.to_numpy_model(vectorizer, model, temperature, {})
    reference = train.sklearn_proba(vectorizer, model, temperature, docs, numpy_model.labels)
    assert np.abs(numpy_model.tokens_to_proba(docs) - reference).max() < 1e-9


def test_training_reproduces_the_shipped_model(refit: tuple) -> None:
    """Same corpus, same code, fixed seeds → the shipped coefficients."""
    train, vectorizer, model, _ = refit
    shipped = classify.shipped_model()
    again = train.to_numpy_model(vectorizer, model, shipped.temperature, {})
    assert again.labels == shipped.labels
    assert again.vocabulary == shipped.vocabulary
    assert np.allclose(again.idf, shipped.idf, atol=1e-12)
    assert np.allclose(again.coef, shipped.coef, atol=1e-6)
    assert np.allclose(again.intercept, shipped.intercept, atol=1e-6)
    if shipped.meta.get("table_prior") is False:
        assert not shipped.log_prior.any()


@pytest.mark.slow
def test_corpus_build_is_reproducible(tmp_path: Path) -> None:
    """scripts/build_indicator_corpus rewrites the committed corpus byte for byte."""
    from tests.conftest import corpus_file

    corpus_file("china-local-debt-atlas/lincang_2025_budget_report.pdf")
    out = tmp_path / "train.jsonl"
    build = load_script("build_indicator_corpus")
    assert build.main(["--out", str(out)]) == 0
    assert out.read_bytes() == CORPUS.read_bytes()


@pytest.mark.slow
def test_evaluation_matches_the_model_card() -> None:
    from tests.conftest import corpus_file

    corpus_file("china-local-debt-atlas/dongguan_2025_budget_report.pdf")
    evaluate = load_script("evaluate_indicator_model")
    result = evaluate.evaluate(quiet=True)
    assert result is not None and result["rows"] >= 600
    recorded = classify.shipped_model().meta.get("evaluation")
    if recorded:
        assert result["model"] == recorded["model"]
        assert result["baseline"] == recorded["baseline"]
        assert result["model_in_table"] == recorded["model_in_table"]
    # Deciding a table's rows together must help, and so must the printed neighbours of a
    # lost 二级 cell.
    for setting in ("", "_with_level1"):
        in_table, per_row = result["model_in_table" + setting], result["model" + setting]
        assert in_table["accuracy"] > per_row["accuracy"]
    for hidden, per_row, in_table in result["restore"].values():
        assert hidden > 0 and in_table > per_row


@pytest.mark.slow
def test_loads_from_a_non_editable_install(tmp_path: Path) -> None:
    """`pip install .` (into a target dir), then import from elsewhere: the model is package
    data."""
    target = tmp_path / "site"
    # Build isolation: pip fetches the build backend pyproject.toml asks for (setuptools>=68).
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
           "--no-cache-dir", "--target", str(target), str(ROOT)]
    done = subprocess.run(pip, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (target / "extractor" / "data" / "indicators" / classify.MODEL_NPZ).exists()
    assert (target / "extractor" / "data" / "fonts" / "govextract-cjk-fallback.ttf").exists()
    code = (
        "import extractor.indicators.classify as c, sys;"
        "assert c.__file__.startswith(sys.argv[1]), c.__file__;"
        "print(c.classify_indicator('服务对象满意度', '≥90%')[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-c", code, str(target)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() in LEVEL2_LABELS


def test_build_refuses_rows_of_the_evaluation_document() -> None:
    build = load_script("build_indicator_corpus")
    row = {"name": "预算控制数", "target": "≤1万元", "level1": "成本指标",
           "level2_raw": "经济成本指标", "source": "table-extraction",
           "file": "china-local-debt-atlas/dongguan_2025_budget_report.pdf", "page": 149,
           "line": None}
    with pytest.raises(SystemExit):
        build.rows_to_corpus(iter([row]))


def test_build_keeps_labelled_rows_once() -> None:
    build = load_script("build_indicator_corpus")
    row = {"name": "验收 合格率", "target": "100%", "level1": "产出指标", "level2_raw": "质量",
           "source": "table-extraction", "file": "x.pdf", "page": 3, "line": None}
    unlabelled = {**row, "level2_raw": "三级指标"}
    rows, dropped = build.rows_to_corpus(iter([row, dict(row), unlabelled]))
    assert [(r["name"], r["level2"]) for r in rows] == [("验收 合格率", "质量指标")]
    assert dropped == {"duplicate": 1, "unknown level2": 1}

# One entry point for humans and CI. `make sample` and `make test` are the README's two commands.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup sample test test-all lint typecheck bench train evaluate fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,ocr,dask]'

# The main job on the bundled sample reports.
sample: setup
	$(BIN)/extract samples/ --out out/records.jsonl --force
	$(BIN)/govsearch index out/records.jsonl --db out/archive.sqlite --force
	$(BIN)/govsearch query out/archive.sqlite 科技型企业 --type metric --limit 3
	@echo "records in out/records.jsonl, searchable in out/archive.sqlite"

# The default test run (slow tests excluded; see `test-all`).
test: setup
	$(BIN)/python -m pytest -q

test-all: setup
	$(BIN)/python -m pytest -q -m "slow or not slow"

lint: setup
	$(BIN)/ruff check extractor scripts tests
	$(BIN)/ruff format --check extractor || true

typecheck: setup
	$(BIN)/mypy extractor

# Every benchmark prints its figure next to a baseline measured in the same process.
bench: setup
	$(BIN)/python scripts/bench
	PYTHONPATH=. $(BIN)/python scripts/bench_tables
	$(BIN)/python scripts/bench_numbers
	$(BIN)/python scripts/bench_metrics
	$(BIN)/python scripts/bench_office
	PYTHONPATH=. $(BIN)/python scripts/bench_ocr --pages 3 --reps 2

train: setup
	$(BIN)/python scripts/build_indicator_corpus
	$(BIN)/python scripts/train_indicator_model

evaluate: setup
	$(BIN)/python scripts/evaluate_indicator_model
	$(BIN)/python scripts/evaluate_metrics

fixtures: setup
	$(BIN)/python scripts/make_fixtures
	$(BIN)/python scripts/make_table_fixtures

clean:
	rm -rf out build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache

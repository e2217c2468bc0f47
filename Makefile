# Two commands set everything up on a fresh machine with only python3:
#   make run   - create .venv, install, run the pipeline on corpus/ into outputs/
#   make test  - the same set-up plus the dev tools, then the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data/ner
ARGS ?=

.PHONY: run test test-slow lint model bench soak evaluate clean serve bench-report

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project definition changes (stamp files keep reruns quick).
# The serve extra (Datasette, for `article-pipeline serve outputs/`) is part of both.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[serve]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,serve]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/article-pipeline run corpus/ --out outputs/ --formats csv,jsonl,xlsx,parquet,html,geojson $(ARGS)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check pipeline tests
	$(BIN)/mypy pipeline

evaluate: $(VENV)/.installed
	$(BIN)/article-pipeline evaluate corpus/ $(ARGS)

clean:
	rm -rf outputs/*.csv outputs/*.jsonl outputs/*.xlsx outputs/*.parquet outputs/pipeline.sqlite* outputs/.exports.json outputs/html outputs/places.geojson

# Browse outputs/ in Datasette on http://127.0.0.1:8001/ (read-only).
serve: $(VENV)/.installed
	$(BIN)/article-pipeline serve outputs/ $(ARGS)

# HTML review and workbook against the CSV export on generated articles (bench/report.py).
bench-report: $(VENV)/.installed-dev
	$(BIN)/python bench/report.py $(ARGS)

# Then the archive rows (issue 16): first run at N, no-op, a night adding 5 at N and 5xN,
# the one-file layout, export sizes (bench/ARCHIVE.md; ARCHIVE_ARGS="--n 4000" for a
# smaller pair, "--corpus PATH" adds real news). At N = 20,000 this takes about an hour.
ARCHIVE_ARGS ?=
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench.py $(ARGS)
	$(BIN)/python bench/archive.py $(ARCHIVE_ARGS)

# Retrain the bundled NER model from the open data (training/README.md: convert, floret
# vectors, training, packaging; timings there). The train extra brings the Brown clusters
# (spacy-lookups-data, 98 MB) and floret.
$(VENV)/.installed-train: pyproject.toml | $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[dev,serve,train]'
	touch $@

model: $(VENV)/.installed-train
	$(BIN)/python training/train.py --data $(DATA) $(ARGS)

# Crash-safety soak: SIGKILL the pipeline at random moments, compare with a clean run.
soak: $(VENV)/.installed-dev
	$(BIN)/python bench/kill_soak.py $(ARGS)

test-slow: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m slow $(ARGS)

# Two commands matter: `make run` (set up, then run the pipeline on seeds/) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: setup run test ui docs bench bench-scale eval schema lock clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q uv==0.13.8
# Bytecode compiled at install: where PYTHONDONTWRITEBYTECODE is set (CI, containers) every process would
# otherwise compile GX, Dagster and pandas from source (GX's import: 13 s instead of 4 s here).
	$(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -r requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

# The project's own bytecode too (the editable install leaves it to the first import, which never writes it under
# PYTHONDONTWRITEBYTECODE): every run's processes would compile it again, ~0.7 s each. Quick when up to date.
setup: $(STAMP)
	@$(PY) -m compileall -q -j0 pipeline assets

run: setup            ## set up, then ingest seeds/ and materialize every asset into data/warehouse.duckdb
	$(PY) -m pipeline run

test: setup           ## set up, then lint, load the Definitions, and run the whole test suite
	$(PY) -m ruff check .
	$(VENV)/bin/dg check defs
	$(PY) -m pytest -q

ui: setup             ## the Dagster UI and daemon on http://127.0.0.1:3000
	$(PY) -m pipeline ui

docs: setup           ## serve the Great Expectations Data Docs on http://127.0.0.1:8090
	$(PY) -m pipeline docs

bench: setup          ## speed: pipeline vs bare spaCy, incremental runs, memory (CORPUS=path.jsonl to change corpus)
	$(PY) scripts/bench.py $(if $(CORPUS),--corpus $(CORPUS))

bench-scale: setup    ## concurrent shard runs into a DuckLake with a PostgreSQL catalog, against a DuckDB file
	$(PY) scripts/bench_scale.py $(if $(CORPUS),--corpus $(CORPUS))

SHARED := ../shared/data
eval: setup           ## casualty extraction accuracy: WAD labels, and a pipeline run on the BBC corpus vs the reference
	rm -rf data/eval && mkdir -p data/eval
	PIPELINE_DATA_DIR=data/eval PIPELINE_REFERENCE=$(SHARED)/reference/casualties_daily.json \
		$(PY) -m pipeline run --inbox $(SHARED)/corpora/bbc_gaza_2023_2024.jsonl --db data/eval/bbc.duckdb || true
	$(PY) scripts/evaluate.py --wad $(SHARED)/labelled/wad_dev.jsonl --bbc data/eval/bbc.duckdb \
		--reference $(SHARED)/reference/casualties_daily.json

schema: setup         ## regenerate sql/schema.sql after adding a migration
	$(PY) -m pipeline.warehouse.schema > sql/schema.sql

lock:                 ## re-pin transitive dependencies after editing pyproject.toml
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -q -o requirements.lock

clean:                ## remove the default warehouse, its Data Docs and charts (not the Dagster home)
	rm -rf data/warehouse.duckdb data/warehouse.duckdb.wal data/warehouse.duckdb.run.lock data/gx data/charts

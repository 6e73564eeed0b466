# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8050

.PHONY: run build test bench lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Build data/atlas.duckdb if it is missing or older than data/raw, then serve the app.
run: $(STAMP)
	$(PY) -m etl ensure
	PORT=$(PORT) $(PY) -m dashboard

## Rebuild the database unconditionally.
build: $(STAMP)
	$(PY) -m etl build

## Unit, integration and end-to-end tests (needs Debian chromium + fonts-noto-cjk for e2e/export).
test: $(STAMP)
	$(PY) -m pytest -q

## Benchmarks (not part of `make test`): prints `name: value` lines.
bench: $(STAMP)
	$(PY) -m etl ensure
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check layers intake etl dashboard tests bench

clean:
	rm -rf $(VENV) data/atlas.duckdb data/build

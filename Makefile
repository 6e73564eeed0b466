# Two commands on a fresh machine: `make run` and `make test`.
# Every install goes through a lock file with hashes (requirements*.lock), so what is
# installed is exactly what the tests ran; `make lock` regenerates them from pyproject.toml.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-runtime
PORT ?= 8050
# `make run` installs the runtime lock only; `make test` and the rest install the dev lock.
# From an offline bundle (`make bundle`), PIP_OFFLINE="--no-index --find-links wheels" is set by its Makefile.
PIP_OFFLINE ?=
PIP_INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check $(PIP_OFFLINE)

.PHONY: run serve build test bench lint lock bundle clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# --no-build-isolation: the editable install uses the locked setuptools, so no index is needed for it.
$(RUN_STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PIP_INSTALL) --require-hashes -r requirements.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml requirements-dev.lock | $(VENV)/bin/python
	$(PIP_INSTALL) --require-hashes -r requirements-dev.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $(STAMP) $(RUN_STAMP)

## Build data/atlas.duckdb if it is missing or older than data/raw, then serve the app.
run: $(RUN_STAMP)
	$(PY) -m etl ensure
	PORT=$(PORT) $(PY) -m dashboard

## Production server (gunicorn, Procfile settings) after the same ensure step.
serve: $(RUN_STAMP)
	$(PY) -m etl ensure
	PORT=$(PORT) $(VENV)/bin/gunicorn dashboard.app:server --config gunicorn.conf.py

## Rebuild the database unconditionally.
build: $(RUN_STAMP)
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

## Regenerate the lock files (needs the package index). Versions already locked are kept unless
## pyproject.toml excludes them; `uv pip compile --upgrade-package NAME` moves one on purpose.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

## Offline bundle for a closed network: dist/atlas-bundle-<version>-<platform>.tar.gz (see README).
bundle: $(RUN_STAMP)
	$(PY) tools/bundle.py --out dist $(BUNDLE_FLAGS)

clean:
	rm -rf $(VENV) data/atlas.duckdb data/build dist

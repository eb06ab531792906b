# ChiefOps — the two set-up commands are `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= .chiefops
DEMO_DIR := $(DATA_DIR)/demo
WEB_DIST := src/chiefops/web/dist

.PHONY: run test lint check-py frontend frontend-check e2e pytest bench test-semantic clean setup

# --- set-up ------------------------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	npm --prefix frontend ci --no-audit --no-fund --loglevel=error
	touch $@

$(WEB_DIST)/index.html: frontend/node_modules/.installed $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig.json frontend/package.json -type f 2>/dev/null)
	npm --prefix frontend run build --silent

setup: $(VENV)/.installed $(WEB_DIST)/index.html

frontend: $(WEB_DIST)/index.html

# --- make run: install, build, demo world, serve ---------------------------------------------------
run: setup
	test -f $(DEMO_DIR)/truth.json || $(PY) -m chiefops demo-data $(DEMO_DIR)
	test -f $(DATA_DIR)/.demo-ingested || (CHIEFOPS_DATA_DIR=$(DATA_DIR) $(PY) -m chiefops ingest $(DEMO_DIR)/exports && touch $(DATA_DIR)/.demo-ingested)
	CHIEFOPS_DATA_DIR=$(DATA_DIR) $(PY) -m chiefops serve

# --- make test: checks, vitest, browser journeys, pytest (last, so its summary ends the output) -----
lint: check-py frontend-check

check-py: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests samples bench
	$(VENV)/bin/ruff format --check src tests samples bench
	$(VENV)/bin/mypy

frontend-check: frontend/node_modules/.installed
	npm --prefix frontend run lint --silent
	npm --prefix frontend run typecheck --silent
	$(PY) -m chiefops openapi > frontend/openapi.json.new
	diff -u frontend/openapi.json frontend/openapi.json.new || (echo "frontend/openapi.json is stale: run 'make api-types' and commit"; rm -f frontend/openapi.json.new; exit 1)
	rm -f frontend/openapi.json.new
	npm --prefix frontend run check:api --silent
	npm --prefix frontend test --silent
	npm --prefix frontend run check:bundle --silent

api-types: $(VENV)/.installed frontend/node_modules/.installed
	$(PY) -m chiefops openapi > frontend/openapi.json
	npm --prefix frontend run gen:api --silent

tests/e2e/node_modules/.installed: tests/e2e/package-lock.json
	npm --prefix tests/e2e ci --no-audit --no-fund --loglevel=error
	touch $@

e2e: setup tests/e2e/node_modules/.installed
	CHIEFOPS_PYTHON=$(abspath $(PY)) npm --prefix tests/e2e test --silent

pytest: $(VENV)/.installed
	$(VENV)/bin/pytest -q

test: setup lint e2e pytest

test-semantic: $(VENV)/.installed
	$(PY) -m pip install --quiet 'torch==2.13.0' -e '.[semantic]'
	$(VENV)/bin/pytest -q -m semantic

bench: setup
	@for script in $(filter-out bench/_%,$(wildcard bench/*.py)); do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(WEB_DIST) frontend/node_modules tests/e2e/node_modules .pytest_cache .mypy_cache .ruff_cache

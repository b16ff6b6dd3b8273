# Everything runs from a local virtual environment that these targets create.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: serve test lint imports typecheck pytest schema validate bench bench-search clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

SERVE_STAMP := $(VENV)/.serve-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

$(SERVE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[api]'
	rm -f $(VENV)/.serve-*
	touch $(SERVE_STAMP)

# Ajv and ajv-formats for tests/test_schema_js.py, from the committed lock file; without
# npm the step is skipped, and so is that test
JS := tests/js
JS_STAMP := $(JS)/node_modules/.package-lock.json

$(JS_STAMP): $(JS)/package.json $(JS)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(JS) --no-audit --no-fund --silent && touch $(JS_STAMP); \
	else echo "npm not found: skipping $(JS) (the Ajv test will be skipped)"; fi

# Serve the API with the packaged content: GraphiQL at http://127.0.0.1:8000/graphql
serve: $(SERVE_STAMP)
	$(BIN)/pdcontent serve --host $(or $(HOST),127.0.0.1) --port $(or $(PORT),8000)

test: $(STAMP) lint imports typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src api tests bench
	$(BIN)/ruff format --check src api tests bench

# The import contracts in pyproject.toml: layers point one way, the core never imports the API
imports: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(JS_STAMP)
	$(BIN)/pytest

schema: $(STAMP)
	$(BIN)/pdcontent schema

validate: $(STAMP)
	$(BIN)/pdcontent validate content

# Benchmarks (about 15 minutes; installs wrk with apt-get when missing): every issue-14
# target with its baseline, the machine and the command; bench/results.json
bench: $(STAMP)
	$(BIN)/python -m bench.run_all

# The search bench alone (about 30 seconds): bench/search_results.json
bench-search: $(STAMP)
	$(BIN)/python -m bench.search_bench

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache .import_linter_cache

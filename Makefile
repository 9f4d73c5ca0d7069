# One task runner for people and CI.  `make demo` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := .demo/newsradar.db
SAMPLE := src/newsradar/sample

.PHONY: install demo test lint typecheck unit clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/newsradar ingest --db $(DEMO_DB) $(SAMPLE)/dumps $(SAMPLE)/html $(SAMPLE)/jsonl $(SAMPLE)/feeds.opml
	$(BIN)/newsradar enrich --db $(DEMO_DB)
	$(BIN)/newsradar summary --db $(DEMO_DB)
	$(BIN)/newsradar articles --db $(DEMO_DB) --limit 12
	$(BIN)/newsradar show --db $(DEMO_DB) "$$($(BIN)/newsradar articles --db $(DEMO_DB) --json --limit 1 -q 'Kaluma' | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

lint: $(STAMP)
	$(BIN)/ruff check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache src/*.egg-info

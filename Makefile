# One task runner for people and CI.  `make demo` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := .demo/newsradar.db
SAMPLE := src/newsradar/sample

.PHONY: install demo test lint typecheck unit unit-postgres clean screenshots bench-watch bench models

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,dask]'
	# The optional embedding backend (CPU torch pinned: unpinned pulls CUDA); its tests skip without it.
	$(BIN)/python -m pip install --quiet torch==2.13.0 && $(BIN)/python -m pip install --quiet -e '.[dev,postgres,dask,embeddings]' \
		|| echo "note: embeddings extra not installed (torch==2.13.0 unavailable); its tests will skip"
	# Debian's chromium (and CJK fonts) for the dashboard tests: Playwright drives it, never a downloaded browser.
	command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } \
		|| echo "note: chromium not installed (needs root and apt-get); the dashboard tests will skip"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/newsradar ingest --db $(DEMO_DB) $(SAMPLE)/dumps $(SAMPLE)/html $(SAMPLE)/jsonl $(SAMPLE)/feeds.opml
	$(BIN)/newsradar enrich --db $(DEMO_DB)
	$(BIN)/newsradar outlets import --db $(DEMO_DB) src/newsradar/data/sample_outlets.toml && $(BIN)/newsradar outlets --db $(DEMO_DB)
	$(BIN)/newsradar summary --db $(DEMO_DB)
	$(BIN)/newsradar articles --db $(DEMO_DB) --limit 12
	$(BIN)/newsradar show --db $(DEMO_DB) "$$($(BIN)/newsradar articles --db $(DEMO_DB) --json --limit 1 -q 'Kaluma' | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"
	$(BIN)/newsradar stories --db $(DEMO_DB) --min-articles 2
	$(BIN)/newsradar ranking --db $(DEMO_DB) --date 2026-11-19
	$(BIN)/newsradar story --db $(DEMO_DB) "$$($(BIN)/newsradar ranking --db $(DEMO_DB) --date 2026-11-19 --json | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')"
	$(BIN)/newsradar trends --db $(DEMO_DB) --kind pair --top 5
	$(BIN)/newsradar network --db $(DEMO_DB) Kaluma --limit 8
	$(BIN)/newsradar mirror --db $(DEMO_DB) KR VN --top 3
	$(BIN)/newsradar report --db $(DEMO_DB) --date 2026-11-19 --top 5
	@echo "Dashboard and API: $(BIN)/newsradar serve --db $(DEMO_DB)  then open http://127.0.0.1:8000/"

# Train the entity models from ../shared/corpora/ner and ship them in src/newsradar/models/ner (with their cards);
# tests load the shipped files and never train.  About 10 minutes on 2 cores.
models: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,models]'
	$(BIN)/python -m newsradar.enrich.ner.train
	$(BIN)/python -m newsradar.enrich.name_origins
	$(BIN)/python scripts/model_table.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

# The suite again on a throwaway PostgreSQL server (installed from Debian's packages when root); skipped
# with a clear message when none can be started.
unit-postgres: $(STAMP)
	bash scripts/test-postgres.sh

test: lint typecheck unit unit-postgres

# Every dashboard page on a store built from real corpora in ../shared/corpora (fails on a blank headline,
# an article with more than 3 country pairs); the phone and API-docs shots come from the browser tests.
screenshots: $(STAMP)
	NEWSRADAR_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/test_dashboard.py -k "phone or api"
	$(BIN)/python scripts/real_screenshots.py --out docs/screenshots

# Articles/second of `watch` over a local feed farm (40 feeds x 10 pages, one host each).
bench-watch: $(STAMP)
	$(BIN)/python -m bench.watch_feedfarm

# Benchmarks (not part of `make test`): peers and plotting tools in the `bench` extra; writes bench/RESULTS.md.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m bench.run --publish

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache src/*.egg-info

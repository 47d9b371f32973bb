# Two entry points: `make serve` (run the service on corpus/) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= var/index
HOST   ?= 127.0.0.1
PORT   ?= 5000
CORPUS := corpus
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null)

.PHONY: serve test install install-test index browser node-packages bench stress clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Re-index only when corpus/ changed since the last build (exit status 3 = some pages skipped, reported).
$(INDEX)/.corpus-stamp: $(CORPUS_FILES) | $(VENV)/.installed
	$(BIN)/python -m indexer ingest $(CORPUS) --index $(INDEX) --prune || test $$? -eq 3
	touch $@

index: $(INDEX)/.corpus-stamp

serve: install index
	$(BIN)/python -m search_service --index $(INDEX) --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing (CI runs as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Node packages the browser tests inject into pages (axe-core, for accessibility), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

node-packages: node_modules/.installed

test: install-test browser node-packages
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python -m benchmarks

# The load test drives the service with wrk (Debian package); installed here when missing.
stress: install-test browser
	@command -v wrk >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m pytest -q -m stress tests/stress

clean:
	rm -rf $(VENV) var .pytest_cache node_modules

# The project's commands. Each target sets up what it needs, so `make serve` and `make test`
# work on a fresh clone with only Python 3.11+ and make installed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
# axe-core (npm) is installed for the accessibility tests wherever npm is available.
BROWSER_DEPS := $(if $(shell command -v npm 2>/dev/null),$(AXE))
ADDR ?= 127.0.0.1:8000
# Material's end-of-life banner is known (see README); keep build output to what needs reading.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve site check coverage stats new-source new-statement test lint format bench clean

help:
	@echo "make serve   build and serve the site on http://$(ADDR), reloading on edits"
	@echo "make site    build the static site into site/"
	@echo "make check   validate the data only"
	@echo "make coverage / make stats   paragraph coverage, counts by source, speaker, kind, theme"
	@echo "make new-statement SOURCE=id PARAGRAPH=n   append a statement skeleton"
	@echo "make new-source ID=id FROM=article.txt KIND=news-report PUBLISHER=actor-id   add a source"
	@echo "make test    run every test"
	@echo "make lint    run ruff"

$(READY): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(READY)

check: $(READY)
	$(BIN)/python -m apecrecord check

coverage: $(READY)
	$(BIN)/apecrecord coverage

stats: $(READY)
	$(BIN)/apecrecord stats

new-source: $(READY)
	$(BIN)/apecrecord new source --id "$(ID)" --from "$(FROM)" --kind "$(KIND)" --publisher "$(PUBLISHER)"

new-statement: $(READY)
	$(BIN)/apecrecord new statement --source "$(SOURCE)" --paragraph "$(PARAGRAPH)"

serve: check
	$(BIN)/mkdocs serve --livereload --dev-addr $(ADDR)

site: check
	$(BIN)/python scripts/build_site.py --out site

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(AXE)

test: $(READY) $(BROWSER_DEPS)
	$(BIN)/python -m pytest

bench: $(READY)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(READY)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf site .pytest_cache

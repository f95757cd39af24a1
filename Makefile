# The project's commands. Each target sets up what it needs, so `make serve` and `make test`
# work on a fresh clone with Python 3.11+ and make installed; `make doctor` lists what is missing.

VENV := .venv
BIN := $(VENV)/bin
# One stamp per group of pinned packages in pyproject.toml: the site's, the test tools, ruff.
READY := $(VENV)/.installed
TEST_READY := $(VENV)/.installed-test
DEV_READY := $(VENV)/.installed-dev
# Any Python 3 runs the setup script, which finds a 3.11+ (or $PYTHON) and says what to install if
# there is none. Without any python3 the recipe stops here with that sentence instead.
BOOT_PYTHON := $(or $(firstword $(foreach p,python3 python3.11 python3.12 python3.13,\
  $(shell command -v $(p) 2>/dev/null))),{ echo "make: Python 3.11 or newer is needed (no python3 on PATH)" >&2; exit 1; };)
AXE := node_modules/axe-core/axe.min.js
NPM := $(shell command -v npm 2>/dev/null)
# axe-core (npm) is installed for the accessibility tests wherever npm is available.
BROWSER_DEPS := $(if $(NPM),$(AXE))
ADDR ?= 127.0.0.1:8000
# Material's end-of-life banner is known (see README); keep build output to what needs reading.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve site check coverage stats new-source new-statement test lint format bench doctor clean

help:
	@echo "make serve   build and serve the site on http://$(ADDR), reloading on edits"
	@echo "make site    build the static site into site/"
	@echo "make check   validate the data only"
	@echo "make coverage / make stats   paragraph coverage, counts by source, speaker, kind, theme"
	@echo "make new-statement SOURCE=id PARAGRAPH=n   append a statement skeleton"
	@echo "make new-source ID=id FROM=article.txt KIND=news-report PUBLISHER=actor-id   add a source"
	@echo "make test    run every test"
	@echo "make lint    run ruff"
	@echo "make doctor  list what each command needs and what is missing"

$(READY): pyproject.toml
	@$(BOOT_PYTHON) scripts/install.py site $@

$(TEST_READY): pyproject.toml $(READY)
	@$(BOOT_PYTHON) scripts/install.py test $@

$(DEV_READY): pyproject.toml $(READY)
	@$(BOOT_PYTHON) scripts/install.py dev $@

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
	@$(BIN)/python scripts/serve.py "$(ADDR)"

site: check
	$(BIN)/python scripts/build_site.py --out site

$(AXE): package.json package-lock.json
	@echo "make test: npm ci installs axe-core (pinned in package-lock.json) for the accessibility tests"
	@npm ci --no-audit --no-fund --loglevel=error || { echo "make test: npm ci could not install axe-core (npm's message is above); make doctor lists what is missing" >&2; exit 1; }
	@touch $(AXE)

test: $(TEST_READY) $(BROWSER_DEPS)
	$(if $(NPM),,@echo "make test: no npm, so no axe-core: the accessibility tests will be skipped (see make doctor)")
	$(BIN)/python -m pytest

bench: $(READY)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

lint: $(DEV_READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_READY)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

doctor:
	@$(BOOT_PYTHON) scripts/doctor.py "$(ADDR)"

clean:
	rm -rf site .pytest_cache

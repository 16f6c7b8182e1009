# SAE Analysis — quarterly OPD performance evaluation of Kabupaten Probolinggo.
# `make report` runs the quarter end to end on the bundled sample; `make test` runs the tests.
# Real file targets: a second `make report` with nothing changed rebuilds nothing.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

YEAR ?= 2026
QUARTER ?= 3
RAW_DIR ?= data/raw
PROCESSED_DIR ?= data/processed
REPORTS_DIR ?= reports
OPD ?= all
REPORT_LANG ?= id
STRICT ?=
PYTHON ?= python3

# QUARTER=auto: the last finished quarter (for schedulers).
ifeq ($(QUARTER),auto)
_AUTO := $(shell m=$$(date +%-m); y=$$(date +%Y); q=$$(( (m - 1) / 3 )); \
	if [ $$q -eq 0 ]; then echo "$$((y - 1)) 4"; else echo "$$y $$q"; fi)
override YEAR := $(word 1,$(_AUTO))
override QUARTER := $(word 2,$(_AUTO))
endif

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sae-setup.stamp
PERIOD := $(YEAR)-TW$(QUARTER)
REPORT_DIR := $(REPORTS_DIR)/$(PERIOD)
ifeq ($(OPD),all)
REPORT_PDF := $(REPORT_DIR)/laporan-evaluasi-$(PERIOD).pdf
else
REPORT_PDF := $(REPORT_DIR)/opd/laporan-evaluasi-$(PERIOD)-$(OPD).pdf
endif
RAW_MANIFEST := $(PROCESSED_DIR)/.raw-manifest-$(PERIOD)
NOTEBOOKS := $(wildcard notebooks/0*.ipynb)
PKG_FILES := pyproject.toml $(shell find sae_analysis -type f \( -name "*.py" -o -path "*/templates/*" -o -path "*/locales/*" -o -path "*/profiles/*" -o -path "*/data/*" \) -not -path "*/__pycache__/*" 2>/dev/null)
RUN_ARGS := --year $(YEAR) --quarter $(QUARTER) --raw-dir "$(RAW_DIR)" --processed-dir "$(PROCESSED_DIR)" \
	--reports-dir "$(REPORTS_DIR)" --opd $(OPD) --lang $(REPORT_LANG)

.PHONY: help setup report opd-reports bench test test-fast fuzz lint lab clean distclean FORCE

help: ## show this help
	@echo "SAE Analysis — evaluasi kinerja OPD Kabupaten Probolinggo per triwulan"
	@echo "usage: make <target> [YEAR=2026 QUARTER=3|auto RAW_DIR=… PROCESSED_DIR=… REPORTS_DIR=… OPD=all REPORT_LANG=id STRICT=1]"
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv, install the project with test extras, find or install a Chromium

# Set-up: a virtualenv with the project, its kernel registered, and a Chromium for the PDF.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name sae-analysis --display-name "Python (SAE Analysis)" >/dev/null
	@set -e; \
	if [ -n "$$CHROMIUM_PATH" ] && [ -x "$$CHROMIUM_PATH" ]; then echo "Chromium: $$CHROMIUM_PATH (CHROMIUM_PATH)"; \
	elif found=$$(command -v chromium || command -v chromium-browser || command -v google-chrome || command -v google-chrome-stable); then \
		echo "Chromium: $$found"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Chromium: apt-get install -y chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif $(BIN)/python -m playwright install chromium; then echo "Chromium: Playwright's own browser"; \
	else \
		echo "No Chromium for the PDF. Install one: 'sudo apt-get install chromium' (Debian/Ubuntu)," >&2; \
		echo "'playwright install chromium', or set CHROMIUM_PATH to a chromium/chrome binary." >&2; \
		exit 1; \
	fi
	@touch $@

report: $(REPORT_PDF) ## run the quarter (default: the bundled sample, 2026 TW3) -> reports/<YEAR>-TW<Q>/
ifneq ($(STRICT),)
	@n=$$(grep -c '^error,' "$(PROCESSED_DIR)/quality_issues.csv" 2>/dev/null || true); \
	if [ "$${n:-0}" -gt 0 ]; then \
		echo "make report: $$n galat data (STRICT=1); lihat $(PROCESSED_DIR)/quality_issues.csv" >&2; exit 1; fi
endif

# The report is never deleted by make: a run that fails leaves the last good one in place.
.PRECIOUS: $(REPORT_PDF)

# The list of raw files with their times and sizes; rewritten only when it changes, so the report
# depends on every raw file (names with spaces included) without make having to name them.
$(RAW_MANIFEST): FORCE
	@mkdir -p "$(PROCESSED_DIR)"
	@find "$(RAW_DIR)" -type f -printf '%P\t%T@\t%s\n' 2>/dev/null | LC_ALL=C sort > "$@.tmp"
	@cmp -s "$@.tmp" "$@" && rm -f "$@.tmp" || mv -f "$@.tmp" "$@"

# One process runs the three notebooks (kernel and import start-up dominate a small run).
# Exit 1 means "done, the data have errors" — the normal state of a quarter: the report is built,
# so the file target succeeds; STRICT=1 turns the errors into a failure in the `report` target
# above (make itself exits 2 for any failed recipe; `sae-analysis run` gives the exact 1).
$(REPORT_PDF): $(RAW_MANIFEST) $(NOTEBOOKS) $(PKG_FILES) | $(STAMP)
	@rc=0; $(BIN)/sae-analysis run $(RUN_ARGS) || rc=$$?; \
	if [ $$rc -eq 1 ]; then \
		echo "make report: laporan selesai; ada galat data di $(PROCESSED_DIR)/quality_issues.csv"; rc=0; fi; \
	exit $$rc

# nbval runs every notebook with its default parameters on a small generated sample (6 OPDs),
# in build/nbval, so the tests never touch data/processed or reports/.
NBVAL_DIR := build/nbval
NBVAL_ENV := SAE_RAW_DIR=$(CURDIR)/$(NBVAL_DIR)/raw SAE_PROCESSED_DIR=$(CURDIR)/$(NBVAL_DIR)/processed \
	SAE_REPORTS_DIR=$(CURDIR)/$(NBVAL_DIR)/reports

OPD_INDEX := $(REPORT_DIR)/opd/index.html

opd-reports: $(OPD_INDEX) ## every OPD's report in one run (parallel, one Chromium) -> reports/<Y>-TW<Q>/opd/index.html

$(OPD_INDEX): $(RAW_MANIFEST) $(NOTEBOOKS) $(PKG_FILES) | $(STAMP)
	@rc=0; $(BIN)/sae-analysis opd-reports --year $(YEAR) --quarter $(QUARTER) --raw-dir "$(RAW_DIR)" \
		--processed-dir "$(PROCESSED_DIR)" --reports-dir "$(REPORTS_DIR)" --lang $(REPORT_LANG) --wait 3600 || rc=$$?; \
	if [ $$rc -eq 1 ]; then rc=0; fi; exit $$rc

bench: $(STAMP) ## benchmark: one table of ratios against the floor (scale data cached in build/bench/)
	$(BIN)/python benchmarks/bench.py

test: $(STAMP) ## run the tests: pytest (library) and nbval (notebooks)
	$(BIN)/python -m pytest
	rm -rf $(NBVAL_DIR) && $(BIN)/sae-analysis sample --out $(NBVAL_DIR)/raw --n-opd 6 >/dev/null
	$(NBVAL_ENV) $(BIN)/python -m pytest -p no:cacheprovider -o addopts="-ra" -o testpaths="" \
		--nbval-lax notebooks/

test-fast: $(STAMP) ## the inner loop: pytest without the slow end-to-end tests (make test runs everything)
	$(BIN)/python -m pytest -m "not slow"

# make fuzz: FUZZ_CASES mutated submissions through the reader in FUZZ_JOBS processes (issue 17);
# failures are listed in build/fuzz/failures.jsonl, the summary is printed (tests/fuzz/run.py).
FUZZ_CASES ?= 10000
FUZZ_JOBS ?= 2

fuzz: $(STAMP) ## fuzz the readers: FUZZ_CASES=10000 mutated files in FUZZ_JOBS=2 processes, then a summary
	$(BIN)/python tests/fuzz/run.py --cases $(FUZZ_CASES) --jobs $(FUZZ_JOBS) --out build/fuzz

lint: $(STAMP) ## ruff, formatting, import contracts (.importlinter), notebooks committed without outputs
	$(BIN)/lint-imports --no-logo --no-cache .importlinter
	$(BIN)/ruff check sae_analysis tests notebooks benchmarks
	$(BIN)/ruff format --check sae_analysis tests benchmarks
	$(BIN)/python -m pytest -q -o addopts="" tests/test_notebooks.py tests/test_notebook_pairing.py

lab: $(STAMP) ## open JupyterLab on the project with the "Python (SAE Analysis)" kernel
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

clean: ## remove processed data and reports (never data/raw/)
	rm -rf "$(PROCESSED_DIR)"/* "$(PROCESSED_DIR)"/.raw-manifest-* "$(REPORTS_DIR)"/*
	@touch "$(PROCESSED_DIR)/.gitkeep" "$(REPORTS_DIR)/.gitkeep"

distclean: clean ## also remove the virtualenv
	rm -rf $(VENV)

FORCE:

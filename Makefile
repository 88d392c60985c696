# Storyline: `make run` to explore the demo corpus, `make test` for the suite, `make lint` for the static gates.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= storyline.db

.PHONY: run test test-fast lint format install bench train clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Storyline needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint,serve,cluster]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@test -f "$(DB)" || $(BIN)/storyline --db "$(DB)" ingest seeds
	$(BIN)/storyline --db "$(DB)"

# The whole suite, on every core.
test: install
	$(BIN)/python -m pytest -n auto -q -p no:cacheprovider

# The edit-run loop: without the hardening attacks and the slow corpus tests.
test-fast: install
	$(BIN)/python -m pytest -n auto -q -p no:cacheprovider -m "not slow and not hardening"

# The static gates CI runs before the tests: lint, format, types, layers.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python scripts/bench.py

train: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_ner.py

clean:
	rm -rf $(VENV) storyline.db storyline.db-wal storyline.db-shm

# Storyline: `make run` to explore the demo corpus, `make test` for the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= storyline.db

.PHONY: run test install bench train clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Storyline needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@test -f "$(DB)" || $(BIN)/storyline --db "$(DB)" ingest seeds
	$(BIN)/storyline --db "$(DB)"

test: install
	$(BIN)/python -m pytest -n auto -q -p no:cacheprovider

bench: install
	$(BIN)/python scripts/bench.py

train: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_ner.py

clean:
	rm -rf $(VENV) storyline.db storyline.db-wal storyline.db-shm

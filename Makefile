# parley: two entry points on a fresh machine with Python 3.11.
#   make demo   installs the runtime into .venv and analyses the example articles
#   make test   installs runtime + test tools into .venv and runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test install install-dev lint bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files make repeated runs instant; they are rebuilt when a lock file changes.
$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(PIP) install --require-hashes -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

demo: $(VENV)/.runtime
	$(BIN)/parley analyze examples/ --published 2025-03-17
	@$(BIN)/python -m parley.demo_hub

test: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench

eval: $(VENV)/.runtime
	$(BIN)/parley eval --gold ../shared/corpus/seed/gold.json ../shared/corpus/seed/article.txt
	$(BIN)/parley eval --polnear ../shared/corpus/polnear/dev

bench: $(VENV)/.dev
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

# parley: two entry points on a fresh machine with Python 3.11.
#   make demo   installs the runtime into .venv and analyses the example articles
#   make test   installs runtime + test tools into .venv and runs the test suite
#
# The install does not trust the pip that the interpreter bundles (it may be years old and
# resolve a transitive extra to whatever the index holds today). The venv's own pip installs
# exactly one thing, the pinned installer uv (requirements-bootstrap.txt, hash-checked, no
# dependencies), and uv then makes the venv exactly the lock files: `uv pip sync` installs the
# listed versions (uv itself included) and nothing else, resolving nothing, so a new upstream release cannot
# replace a pin. tests/test_install_lock.py checks the result against the lock files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
# uv must use the venv's interpreter and never fetch a Python of its own.
UVPIP  := UV_PYTHON_DOWNLOADS=never $(UV) pip
UVENV  := --python $(BIN)/python --quiet
# Editable install of parley itself: the build backend (setuptools) comes from the lock file.
SELF   := $(UVPIP) install $(UVENV) --no-deps --no-build-isolation -e .

.PHONY: demo test install install-dev lint bench eval lock data clean train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# ensurepip puts the interpreter's own pip back if a sync removed it (it is not in the locks).
$(UV): requirements-bootstrap.txt | $(BIN)/python
	$(BIN)/python -m ensurepip >/dev/null
	$(BIN)/python -m pip --disable-pip-version-check -q install \
	    --require-hashes --no-deps --only-binary :all: -r requirements-bootstrap.txt
	touch $@

# Stamp files make repeated runs instant; they are rebuilt when a lock file changes.
$(VENV)/.runtime: $(UV) requirements.txt pyproject.toml
	$(UVPIP) sync $(UVENV) --require-hashes requirements-bootstrap.txt requirements.txt
	$(SELF)
	rm -f $(VENV)/.dev
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(UVPIP) sync $(UVENV) --require-hashes requirements-bootstrap.txt \
	    requirements.txt requirements-dev.txt
	$(SELF)
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
	$(BIN)/parley eval --news ../shared/corpus/newsdev
	$(BIN)/parley eval --news tests/fixtures/wire

bench: $(VENV)/.dev
	$(BIN)/python bench/throughput.py

# Rebuild src/parley/data/open/ (countries, leaders) from the open data in ../shared/data.
data: $(VENV)/.runtime
	$(BIN)/python scripts/build_data.py

# Rebuild the attribution model (src/parley/models/attribution) from PolNeAR train, dev for
# model selection: convert, then spaCy's own trainer on training/config.cfg (CPU, nice'd;
# ~2 min to convert, ~25 min to train on a busy 2-core machine). Scratch goes to $(TRAIN_DIR).
POLNEAR   ?= ../shared/corpus/polnear
TRAIN_DIR ?= build/attribution
ATTR_MODEL := src/parley/models/attribution
train: $(VENV)/.runtime
	nice $(BIN)/python training/convert.py $(POLNEAR)/train $(TRAIN_DIR)/train.spacy
	nice $(BIN)/python training/convert.py $(POLNEAR)/dev $(TRAIN_DIR)/dev.spacy
	nice $(BIN)/python -m spacy train training/config.cfg --code training/corpus.py \
	    --paths.train $(TRAIN_DIR)/train.spacy --paths.dev $(TRAIN_DIR)/dev.spacy \
	    --output $(TRAIN_DIR)/out
	rm -rf $(ATTR_MODEL) && cp -r $(TRAIN_DIR)/out/model-best $(ATTR_MODEL)

# Regenerate the lock files from the *.in files. Existing pins are kept where they still
# satisfy the *.in files, so this changes nothing unless asked to:
#   make lock LOCK_FLAGS="--upgrade-package lxml"   one dependency (and what it needs)
#   make lock LOCK_FLAGS=--upgrade                  everything
# then `make test` and commit the *.txt files together.
LOCK_FLAGS ?=
COMPILE := $(UVPIP) compile --quiet --generate-hashes --python-version 3.11 \
           --custom-compile-command "make lock" $(LOCK_FLAGS)
lock: $(UV)
	$(COMPILE) requirements-bootstrap.in -o requirements-bootstrap.txt
	$(COMPILE) requirements.in -o requirements.txt
	$(COMPILE) requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

# The two commands a learner needs: `make lab` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NBVAL  := --nbval --nbval-current-env --nbval-cell-timeout=120 --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test unit lint notebooks bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	@touch $(STAMP)

## Open the notebooks in JupyterLab (prints the URL).
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

## Run every test: unit tests, browser tests and the notebooks under nbval (strict).
test: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) tests notebooks

## Unit tests only (fast).
unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser

## Lint the package, tests, tools and benchmarks with ruff (installs it into .venv if missing).
lint: $(STAMP)
	@$(BIN)/python -m ruff --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet -e ".[lint]"
	$(BIN)/python -m ruff check nncore tests tools bench

## Re-execute every notebook in place in a clean kernel and rewrite the prev/next navigation.
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py

## Benchmarks: prints one table and writes bench/results.json.
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

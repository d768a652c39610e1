# The commands a learner needs: `make lab`, `make playground` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OLDEST := .venv-oldest
# pytest's options, nbval's included, live in pyproject.toml ([tool.pytest.ini_options]).

.PHONY: lab playground test unit lint test-oldest notebooks bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	@touch $(STAMP)

## Open the notebooks in JupyterLab (prints the URL).
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

## Open the playground alone as a web page (Voila: no code cells; the setup travels in the URL).
## Offline; the kernel is shut down when the tab closes, and an idle one is culled after 10 minutes.
## PLAYGROUND_PORT, PLAYGROUND_OPEN (--no-browser) and PLAYGROUND_DEPS are for the browser test.
PLAYGROUND_PORT ?= 8866
PLAYGROUND_OPEN ?=
PLAYGROUND_DEPS ?= $(STAMP)
playground: $(PLAYGROUND_DEPS)
	$(BIN)/voila apps/playground.ipynb --Voila.ip=127.0.0.1 --port=$(PLAYGROUND_PORT) $(PLAYGROUND_OPEN) \
		--MappingKernelManager.cull_idle_timeout=600 --MappingKernelManager.cull_interval=60 \
		--VoilaConfiguration.show_tracebacks=False

## Run every test: unit tests, browser tests, the notebooks under nbval (strict), and again with
## NumPy's SIMD dispatch lowered (tests/test_notebooks_lowered_dispatch.py).
test: $(STAMP)
	$(BIN)/python -m pytest

## Unit tests only (fast): no browser, no notebooks.
unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser -m "not notebooks"

## The oldest versions pyproject.toml allows, in a venv of their own: the unit tests pass and every
## notebook executes without an error (stored outputs are not compared: reprs differ across NumPy 1/2).
test-oldest:
	@test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python tools/oldest_requirements.py > $(OLDEST)/oldest.txt
	$(OLDEST)/bin/python -m pip install --quiet -c $(OLDEST)/oldest.txt -e . \
		threadpoolctl pytest nbval hypothesis nbclient nbconvert "ipykernel>=6.25,<7"
	@$(OLDEST)/bin/python -c "import numpy, matplotlib, h5py, ipywidgets; \
		print('oldest allowed:', *(f'{m.__name__} {m.__version__}' for m in (numpy, matplotlib, h5py, ipywidgets)))"
	$(OLDEST)/bin/python -m pytest tests --ignore=tests/browser -m "not notebooks" -p no:cacheprovider
	$(OLDEST)/bin/python tools/build_notebooks.py --no-store

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
	rm -rf $(VENV) $(OLDEST) .pytest_cache .hypothesis

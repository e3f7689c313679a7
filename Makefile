# The two commands a newcomer needs: `make book` and `make test`.
# Each target sets up .venv itself when needed (Python 3.11).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHIM := $(VENV)/.startup-shim
HTML := book/_build/html
# Extra options for scripts/build.py, e.g. `make book BUILD_ARGS=--force` (re-run every notebook).
BUILD_ARGS ?=
# JupyterLab refuses to run as root unless told to.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: venv book test lab serve bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

# Start-up shim that keeps `import altair` from compiling an unused IRI grammar (1.3-1.8 s in every
# kernel): a .pth file in the venv imports scripts/startup/book_startup.py. Why, and how to undo it
# once jsonschema imports rfc3987_syntax lazily: see that file's docstring.
$(SHIM): $(STAMP) scripts/startup/book_startup.py
	@printf '%s\nimport book_startup\n' "$(CURDIR)/scripts/startup" \
	  > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/book_startup.pth"
	@touch $(SHIM)

venv: $(STAMP) $(SHIM)

## book: validate the data, run the notebooks that changed (fresh kernel each, two at a time),
## build the HTML strictly into a scratch folder and publish it to book/_build/html only on success
book: venv
	$(BIN)/python scripts/sync_toc.py
	$(BIN)/python scripts/build.py $(BUILD_ARGS)

## test: the build above, then unit/property/doctests, data checks, notebook checks and the site in
## headless Chromium. Every notebook is executed in a fresh kernel by the build itself (on a clean
## clone, i.e. CI, all of them; locally those whose code or recorded inputs changed), so there is
## no second nbmake pass: tests/test_build.py checks that every notebook's execution record matches
## its current code, helper modules, data and environment.
test: book
	$(BIN)/pytest -n 2 tests helpers -q

## lab: JupyterLab on book/, with helpers importable (works as root too)
lab: venv
	$(BIN)/jupyter lab --notebook-dir=book $(LAB_ROOT)

## serve: the built site on http://127.0.0.1:8000 (a build swaps in a new site atomically)
serve:
	@test -f $(HTML)/index.html || $(MAKE) book
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(HTML)

## bench: cold, unchanged, one-chapter and one-dataset build times against the empty-kernel floor,
## per-notebook times, page weights, import costs, Monte Carlo speed (in a scratch copy of the repo)
bench: venv
	$(BIN)/python scripts/bench.py

clean:
	rm -rf book/_build

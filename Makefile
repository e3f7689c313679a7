# The two commands a newcomer needs: `make book` and `make test`.
# Each target sets up .venv itself when needed (Python 3.11).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HTML := book/_build/html
JB := $(BIN)/jupyter-book build book -W -n --keep-going

.PHONY: venv book test lab serve bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

## book: execute every notebook (cached locally) and build the HTML book strictly
book: venv
	$(BIN)/python scripts/sync_toc.py
	$(BIN)/python scripts/cache_guard.py
	$(JB)
	@echo "Book built: $(CURDIR)/$(HTML)/index.html"

## test: build the book, then unit/property/doctests, data checks, nbmake, and the site in headless Chromium
test: book
	$(BIN)/pytest -n 2 --nbmake tests helpers book --ignore=book/_build -q

## lab: JupyterLab on book/, with helpers importable
lab: venv
	$(BIN)/jupyter lab --notebook-dir=book

## serve: the built site on http://127.0.0.1:8000
serve:
	@test -f $(HTML)/index.html || $(MAKE) book
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(HTML)

## bench: cold and cached build times, per-notebook run times, page sizes, Monte Carlo speed
bench: venv
	$(BIN)/python scripts/bench.py

clean:
	rm -rf book/_build

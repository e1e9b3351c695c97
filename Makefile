# Two commands on a fresh clone: `make run` (set up, then serve the dashboard) and `make test` (set up, then test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test check bench setup setup-test clean

run: setup
	$(PY) -m dashboard

check: setup
	$(PY) -m dashboard check

test: setup-test
	$(PY) -m pytest

bench: setup-test
	$(PY) bench/run.py

setup: $(VENV)/.installed-run

setup-test: $(VENV)/.installed-test
	./scripts/install-browser.sh

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

clean:
	rm -rf $(VENV)

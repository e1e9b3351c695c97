# Two commands on a fresh clone: `make run` (set up, then serve the dashboard) and `make test` (set up, then test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-unit check bench setup setup-test clean

run: setup
	$(PY) -m dashboard

check: setup
	$(PY) -m dashboard check

test: setup-test
	$(PY) -m pytest

# The unit tests alone (in process, on the fixture data; no gunicorn, no browser), on every core, for
# the edit-test loop (docs/testing.md gives its time). `make test` adds the checks of data/, integration and browser tests.
test-unit: $(VENV)/.installed-test
	$(PY) -m pytest tests/unit -q -n auto

bench: setup-test
	$(PY) bench/run.py

# The map's own plotly.js (built from plotly.js's sources) and regenerator-runtime when npm is there (pinned by
# package-lock.json); without npm, Dash's own.
# Then brotli and gzip copies of every script and style the page loads, in build/ (only new contents are compressed).
setup: $(VENV)/.installed-run
	./scripts/install-vendor.sh
	$(PY) -m dashboard.server.compression build

setup-test: $(VENV)/.installed-test tests/browser/js/node_modules/.installed
	./scripts/install-browser.sh
	./scripts/install-nginx.sh
	./scripts/install-vendor.sh
	$(PY) -m dashboard.server.compression build

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

# axe-core for the accessibility tests, pinned by tests/browser/js/package-lock.json (the tests fail without it).
tests/browser/js/node_modules/.installed: tests/browser/js/package.json tests/browser/js/package-lock.json
	cd tests/browser/js && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV)

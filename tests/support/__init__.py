"""Helpers the tests share (and bench/ uses for its servers); not tests themselves."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The tests' own small data set (tests/fixtures/README.md): the page, route, export and browser tests run on it, so
# that an official's valid edit of data/ turns none of them red.
DATA = REPO / "tests" / "fixtures" / "data"
# The data the dashboard ships: read only by the data tests and a few end-to-end checks.
SHIPPED_DATA = REPO / "data"

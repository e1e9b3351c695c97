"""Fixtures every test folder shares: the tests' own data set (tests/fixtures/data), loaded once, the app built on it,
a test client and an editable copy of it; and the shipped data/, for the data tests alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.core import load
from tests.support import DATA, SHIPPED_DATA
from tests.support.callbacks import make_app


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory) -> Path:
    """The compressed shapes' cache folder (dashboard.server.compression) for the session, and for the servers it
    starts, in a temporary folder rather than the user's own."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(folder))
    yield folder
    patch.undo()


@pytest.fixture(scope="session")
def dataset() -> load.Dataset:
    """The fixture data set, loaded and validated once for the session (never edited: Dataset is frozen)."""
    return load.load(DATA)


@pytest.fixture(scope="session")
def shipped_dataset() -> load.Dataset:
    """The shipped data/, loaded once: for the tests of the data itself, never for the page's."""
    return load.load(SHIPPED_DATA)


@pytest.fixture(scope="session")
def app():
    """The app on the fixture data, default settings, live reload off; shared by the session."""
    return make_app()


@pytest.fixture()
def client(app):
    return app.server.test_client()


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of the fixture data that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target

"""Fixtures every test folder shares: the real data set, the app built on it, a test client, a copy of data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.core import load
from tests.support import DATA
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
    """The shipped data/, loaded and validated once for the session (never edited: Dataset is frozen)."""
    return load.load(DATA)


@pytest.fixture(scope="session")
def app():
    """The app on the shipped data, default settings, live reload off; shared by the session."""
    return make_app()


@pytest.fixture()
def client(app):
    return app.server.test_client()


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target

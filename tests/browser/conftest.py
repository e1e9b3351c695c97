"""Browser fixtures: the real server (gunicorn, production mode) on a free port, on the fixture data (and one on the
shipped data for the end-to-end checks), and Debian's headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import DATA, SHIPPED_DATA
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PageWatch, new_page
from tests.support.server import start_server, stop_server


def _serve(data_dir: Path):
    process, url = start_server(data_dir)
    yield url
    log = stop_server(process)
    assert "Traceback" not in log, log


@pytest.fixture(scope="session")
def server_url():
    """The dashboard on the fixture data: what the page tests assert on."""
    yield from _serve(DATA)


@pytest.fixture(scope="session")
def shipped_server_url():
    """The dashboard on the shipped data/: for the few end-to-end checks that hold whatever the data says."""
    yield from _serve(SHIPPED_DATA)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-browser.sh (browser tests never skip)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def watched(browser):
    context, page = new_page(browser, (1600, 1000))
    yield PageWatch(page)
    context.close()

"""Browser fixtures: the real server (gunicorn, production mode) on a free port, and Debian's headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PageWatch
from tests.support.server import start_server, stop_server


@pytest.fixture(scope="session")
def server_url():
    process, url = start_server()
    yield url
    log = stop_server(process)
    assert "Traceback" not in log, log


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
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    yield PageWatch(page)
    context.close()

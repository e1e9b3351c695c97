"""Browser fixtures: the real server (gunicorn, production mode) on a free port, and Debian's headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path | str = REPO / "data", workers: int = 2, env: dict | None = None,
                 gunicorn_direct: bool = False):
    """`python -m dashboard` (or `gunicorn dashboard.app:server` with the repository's config) on a free port."""
    port = free_port()
    if gunicorn_direct:
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dashboard.app:server"]
        env = {**(env or {}), "DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_BIND": f"127.0.0.1:{port}",
               "DASHBOARD_WORKERS": str(workers)}
    else:
        command = [sys.executable, "-m", "dashboard", "--port", str(port), "--data-dir", str(data_dir),
                   "--workers", str(workers)]
    # The log goes to a file: a pipe nobody reads fills up after a few hundred access-log lines and blocks the server.
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **(env or {})},
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited {process.returncode}: {read_log(process)}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                json.load(response)
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not answer /healthz within 60 s")


def read_log(process: subprocess.Popen) -> str:
    process.log.seek(0)
    return process.log.read()


def stop_server(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    output = read_log(process)
    process.log.close()
    return output


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


class PageWatch:
    """A page plus everything it asked for and everything it logged, so tests can assert on them."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def goto(self, url: str) -> None:
        self.page.goto(url)
        wait_for_map(self.page)


def wait_for_map(page) -> None:
    page.wait_for_function("() => { const gd = document.querySelector('#map-graph .js-plotly-plot');"
                           " return gd && gd.querySelectorAll('path.choroplethlocation').length > 200; }",
                           timeout=30000)


@pytest.fixture()
def watched(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    yield PageWatch(page)
    context.close()

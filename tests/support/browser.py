"""Debian's headless Chromium for the browser tests and bench/, and a page that records what it asked for."""

from __future__ import annotations

import json
import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags, Chromium tries outside hosts at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


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


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focus is on `selector`, and check that the focus shows there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({json.dumps(selector)})"):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")

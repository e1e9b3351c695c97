"""A download the server refuses (503, busy with other exports) leaves the user on the dashboard: a message in the
page's language, an automatic retry after the server's Retry-After, a button after that, and the file once the
server answers; the page's Content-Security-Policy holds throughout."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dashboard.core import i18n
from dashboard.server.exports import busy_response
from tests.support.axe import axe_violations

pytestmark = pytest.mark.browser

STATUS = "#map-export-status"
# Counts what the page's Content-Security-Policy refuses (none expected: no inline script, no other origin).
WATCH_CSP = ("window.__cspViolations = [];"
             "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
             "e.violatedDirective + ' ' + e.blockedURI));")


class BusyServer:
    """Answers the PNG export with the server's own busy answer (dashboard.server.exports.busy_response, its
    Retry-After shortened to 1 s) the first `refusals` times, or until `open()`; then lets the request through to the
    real server."""

    def __init__(self, page, refusals: int, status: int = 503):
        self.refusals, self.status, self.asked = refusals, status, 0
        busy = busy_response()
        self.body = busy.get_data()
        self.headers = {**{key: value for key, value in busy.headers.items() if key != "Content-Length"},
                        "Retry-After": "1"}
        page.route("**/export/map.png*", self.answer)

    def answer(self, route):
        self.asked += 1
        if self.asked <= self.refusals:
            return route.fulfill(status=self.status, headers=self.headers, body=self.body)
        return route.continue_()

    def open(self) -> None:
        self.refusals = self.asked


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def start_png_download(page) -> None:
    page.click("#map-export-menu summary")
    page.wait_for_function("() => document.querySelector('#map-export-menu').open")
    page.click("#map-export-menu a.export-link >> nth=0")


def assert_still_on_the_dashboard(page, url: str) -> None:
    assert page.url == url
    assert page.evaluate("() => window.__stayed === true")  # the same document: no navigation, no reload
    assert page.locator("#map-graph .js-plotly-plot").is_visible()
    assert page.evaluate("() => window.__cspViolations") == []


def open_dashboard(watched, server_url: str, lang: str) -> str:
    page = watched.page
    page.add_init_script(WATCH_CSP)
    url = f"{server_url}/?lang={lang}"
    watched.goto(url)
    page.evaluate("() => { window.__stayed = true; }")
    return url


def saved_png(download) -> tuple[int, int]:
    with open(download.path(), "rb") as file:
        return Image.open(io.BytesIO(file.read())).size


def other_errors(watched) -> list[str]:
    """Console errors besides the browser's own line for the refused request."""
    return [error for error in watched.console_errors if "503" not in error and "500" not in error]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_busy_server_leaves_the_user_on_the_page_and_the_download_tries_again_by_itself(watched, server_url,
                                                                                          lang):
    page = watched.page
    url = open_dashboard(watched, server_url, lang)
    server = BusyServer(page, refusals=2)
    with page.expect_download(timeout=60000) as info:
        start_png_download(page)
        expected = plain(i18n.t("export_busy_retrying", lang, seconds=1))
        page.wait_for_function("([selector, text]) => document.querySelector(selector).innerText"
                               ".replace(/\\u00a0/g, ' ').includes(text)", arg=[STATUS, expected])
        assert page.locator(STATUS).is_visible()
        assert_still_on_the_dashboard(page, url)
    download = info.value
    assert server.asked == 3  # refused twice, then served
    assert saved_png(download) == (1920, 1080)
    assert download.suggested_filename.endswith(f"-{lang}.png")
    page.wait_for_function("([selector, text]) => document.querySelector(selector).innerText"
                           ".replace(/\\u00a0/g, ' ') === text",
                           arg=[f"{STATUS} .export-message",
                                plain(i18n.t("export_saved", lang, name=download.suggested_filename))])
    assert not page.locator(f"{STATUS} .export-retry").is_visible()
    assert_still_on_the_dashboard(page, url)
    assert other_errors(watched) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_after_the_automatic_tries_the_retry_button_downloads_once_the_server_answers(watched, server_url, lang):
    page = watched.page
    url = open_dashboard(watched, server_url, lang)
    server = BusyServer(page, refusals=100)
    start_png_download(page)
    stopped = plain(i18n.t("export_busy_stopped", lang))
    page.wait_for_function("([selector, text]) => document.querySelector(selector).innerText"
                           ".replace(/\\u00a0/g, ' ').includes(text)", arg=[STATUS, stopped], timeout=30000)
    assert server.asked == 4  # the first request and three automatic tries, a second apart, then it stops
    page.wait_for_timeout(1500)  # an absence is seen over a window: longer than the 1 s between automatic tries
    assert server.asked == 4
    retry = page.locator(f"{STATUS} .export-retry")
    assert retry.is_visible() and retry.inner_text() == i18n.t("export_retry", lang)
    assert_still_on_the_dashboard(page, url)
    assert axe_violations(page) == []  # the message and its button, as a screen reader meets them

    server.open()
    with page.expect_download(timeout=60000) as info:
        retry.click()
    assert saved_png(info.value) == (1920, 1080)
    assert server.asked == 5
    assert_still_on_the_dashboard(page, url)
    assert other_errors(watched) == []


def test_a_failed_download_says_so_and_offers_a_retry(watched, server_url):
    page = watched.page
    url = open_dashboard(watched, server_url, "fr")
    server = BusyServer(page, refusals=1, status=500)
    start_png_download(page)
    page.wait_for_function("([selector, text]) => document.querySelector(selector).innerText.includes(text)",
                           arg=[STATUS, i18n.t("export_failed", "fr")])
    assert server.asked == 1  # no automatic retry for an error that is not "busy"
    assert_still_on_the_dashboard(page, url)
    with page.expect_download(timeout=60000) as info:
        page.click(f"{STATUS} .export-retry")
    assert saved_png(info.value) == (1920, 1080)

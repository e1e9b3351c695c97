"""Exports in a real browser: the offline snapshot opened from a file with every request blocked, and the page's
Download menu used with the keyboard in both languages (its links follow the view; the camera button is gone)."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest
from PIL import Image
from plotly.offline import get_plotlyjs

from dashboard.core import filtering, load
from dashboard.core.state import parse_query, vocabulary
from dashboard.server.exports import TOPOJSON
from dashboard.ui.components.downloads import LINKS
from dashboard.ui.exports import files
from tests.support import DATA
from tests.support.axe import axe_violations
from tests.support.browser import tab_to

pytestmark = pytest.mark.browser

VIEW = "?lang=fr&category=grsi,forum&country=ARG"


def served_snapshot(server_url: str, query: str) -> bytes:
    with urllib.request.urlopen(f"{server_url}/export/snapshot.html{query}", timeout=60) as response:
        assert response.status == 200
        assert response.headers["Content-Disposition"].endswith('-offline.html"')
        return response.read()


def dash_plotly_snapshot(query: str) -> bytes:
    """The same export made with Dash's own plotly.js, as a server without the geo-only bundle makes it."""
    dataset = load.load(DATA)
    state = parse_query(vocabulary(dataset), query)
    return files.make("snapshot.html", dataset, state, "http://127.0.0.1:8050", files.Options(), get_plotlyjs(),
                      TOPOJSON.read_text(encoding="utf-8"))


def open_offline(browser, path):
    """The file in a context with no network, every request but the file itself refused and recorded."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
    url = path.as_uri()
    asked: list[str] = []
    errors: list[str] = []

    def refuse(route):
        if route.request.url == url:
            return route.continue_()
        asked.append(route.request.url)
        return route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    page.on("request", lambda request: request.url != url and asked.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function("() => document.documentElement.getAttribute('data-map-drawn') === '1'", timeout=60000)
    return context, page, asked, errors


@pytest.mark.parametrize("source", ["served", "dash-plotly"])
def test_snapshot_opens_from_a_file_offline_and_draws_every_country_and_the_table(browser, server_url, tmp_path,
                                                                                  source):
    body = served_snapshot(server_url, VIEW) if source == "served" else dash_plotly_snapshot(VIEW)
    path = tmp_path / "snapshot.html"
    path.write_bytes(body)
    context, page, asked, errors = open_offline(browser, path)
    try:
        dataset = load.load(DATA)
        # The base layer draws every country of the data; the engaged layer those the view shows.
        counts = page.evaluate("""() => Array.from(document.querySelectorAll('#map .choroplethlayer .trace'))
            .map(trace => trace.querySelectorAll('path.choroplethlocation').length)""")
        state = parse_query(vocabulary(dataset), VIEW)
        rows = filtering.filter_engagements(dataset.engagements, state.filters)
        assert counts == [len(dataset.countries), rows["iso3"].nunique(), 1]
        assert page.evaluate("() => document.querySelectorAll('#engagements tbody tr').length") == len(rows)
        assert page.inner_text("h1").startswith("Renforcement des capacités")
        assert "Pays encadré\u00a0: Argentine" in page.inner_text(".legend")
        assert "Date de modification" in page.inner_text("footer")
        # Interactive: hovering Argentina (its outline) shows its engagements in French.
        box = page.locator("#map .choroplethlayer .trace").nth(2).locator("path").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.3)
        page.wait_for_function("() => (document.querySelector('#map .hoverlayer') || {}).textContent"
                               " && document.querySelector('#map .hoverlayer').textContent.includes('Argentine')")
        assert asked == [] and errors == []
        if source == "served":
            violations = axe_violations(page)
            assert violations == [], json.dumps(violations, indent=1)
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "menu", "first"), [
    ("fr", "Télécharger", "Image pour une diapositive (PNG, 1920 × 1080)"),
    ("en", "Download", "Image for a slide (PNG, 1920 × 1080)"),
])
def test_download_menu_works_with_the_keyboard_and_follows_the_view(watched, server_url, lang, menu, first):
    page = watched.page
    watched.goto(f"{server_url}/?lang={lang}")
    # The view changes after the page was rendered: the links must follow the address bar.
    page.click("#filter-category input[value='mpdp']")
    page.wait_for_function("() => location.search.includes('category=grsi,forum')")
    tab_to(page, "#map-export-menu summary")
    assert page.inner_text("#map-export-menu summary").startswith(menu)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#map-export-menu').open")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.innerText") == first
    with page.expect_download(timeout=60000) as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == (f"ircc-migration-engagement-map-{lang}-grsi-forum.png" if lang == "en"
                                           else "ircc-carte-engagements-migration-fr-impr-forum.png")
    assert Image.open(io.BytesIO(open(download.path(), "rb").read())).size == (1920, 1080)
    # The exports (the data downloads below them: tests/browser/test_briefing.py).
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('#map-export-menu a[data-export^=\"export/\"]'))"
                          ".map(a => a.href)")
    assert len(hrefs) == len(LINKS) and all("category=grsi%2Cforum" in href or "category=grsi,forum" in href
                                   for href in hrefs), hrefs
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#map-export-menu').open")
    assert page.evaluate("() => document.activeElement.matches('#map-export-menu summary')")
    assert watched.console_errors == []


def test_the_camera_button_is_gone(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?lang=fr")
    page.hover("#map-graph")
    page.wait_for_selector("#map-graph .modebar-btn", state="attached")
    titles = page.evaluate("() => Array.from(document.querySelectorAll('#map-graph .modebar-btn'))"
                           ".map(b => b.getAttribute('data-title'))")
    assert titles and not any("PNG" in (title or "") for title in titles), titles

"""One user action, one callback request: each kind of interaction, counted in the real page.

A hidden panel asks nothing, the address the page writes does not come back as a request, and the data banner
rides along on the view's answers. The banner's own timer (every few seconds, whatever the user does) is the one
request left out of the counts. A pointer resting on a country (or the focus on a search result or a table row, or a
country shown while presenting) asks the answer of its pick ahead, a GET each (assets/ahead.js): counted apart."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import (BANNER_POLL as POLL, GRAPH as GD, QUIET, TRACK_CALLBACKS as TRACK,
                                   interaction_steps, screen_point, wait_for_map)

pytestmark = pytest.mark.browser


class Requests:
    """The callback requests one page sends, each as (what triggered it, status), and its GETs of a pick's answer
    ahead (assets/ahead.js), each as (the pick, the country)."""

    def __init__(self, page):
        self.page = page
        self.seen: list[tuple[list[str], int]] = []
        self.ahead: list[tuple[str, str]] = []
        page.add_init_script(TRACK)
        page.on("response", self._answered)

    def _answered(self, response):
        if "/_dash-update-component" in response.url:
            body = json.loads(response.request.post_data or "{}")
            self.seen.append((body.get("changedPropIds", []), response.status))
        elif "/_view-ahead?" in response.url:
            query = parse_qs(urlsplit(response.url).query)
            self.ahead.append((query["pick"][0], query["country"][0]))

    def during(self, action, done: str, arg=None) -> list[tuple[list[str], int]]:
        """The requests from `action` until `done` (a predicate in the page) holds and the page is quiet again,
        the banner's timer left out."""
        self.page.wait_for_function(QUIET, timeout=30000)
        self.seen.clear()
        self.ahead.clear()
        action()
        self.page.wait_for_function(done, arg=arg, timeout=30000)
        self.page.wait_for_function(QUIET, timeout=30000)
        return [request for request in self.seen if POLL not in request[0]]


def opened(browser, url: str):
    """A fresh context at 1600 × 1000 showing `url` with its map drawn, its requests counted from the start:
    (context, page, requests)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    requests = Requests(page)
    page.goto(url)
    wait_for_map(page)
    return context, page, requests


def test_the_first_load_asks_nothing(browser, server_url):
    for address in ("/?lang=en&category=grsi&country=ARG", "/", "/?country=MEX&lang=fr"):
        context, page, requests = opened(browser, server_url + address)
        page.wait_for_function(QUIET, timeout=30000)
        assert [r for r in requests.seen if POLL not in r[0]] == [], address
        context.close()


def test_every_kind_of_interaction_is_one_request(browser, server_url):
    context, page, requests = opened(browser, server_url + "/?lang=en")
    counted, ahead = {}, {}
    for kind, action, done in interaction_steps(page):
        counted[kind] = requests.during(action, done)
        page.wait_for_load_state("networkidle")
        ahead[kind] = list(requests.ahead)
    assert {kind: len(found) for kind, found in counted.items()} == {kind: 1 for kind in counted}, json.dumps(
        counted, indent=1)
    # Answers asked ahead (GETs, assets/ahead.js): none in this journey, whose clicks and picks come without a rest,
    # but in presentation mode, where a country shown has its next and previous steps asked ahead.
    assert {kind: [pick for pick, _ in found] for kind, found in ahead.items()} == {
        kind: ["step", "step"] if kind == "arrow key" else [] for kind in counted}, json.dumps(ahead)
    assert all(status == 200 for found in counted.values() for _, status in found), counted
    assert {"filter", "click", "search", "table row", "arrow key", "reset", "language", "legend toggle",
            "region focus"} <= set(counted)
    context.close()


def test_a_pointer_resting_on_a_country_costs_one_get_and_its_click_none(browser, server_url):
    context, page, requests = opened(browser, server_url + "/?lang=en")

    def rest() -> None:
        page.mouse.move(*screen_point(page, -66.0, -41.0))  # Argentina

    requests.during(rest, "() => true")
    page.wait_for_load_state("networkidle")
    assert requests.seen == [] and requests.ahead == [("click", "ARG")]
    found = requests.during(lambda: (page.mouse.down(), page.mouse.up()),
                            "() => location.search.includes('country=ARG')")
    assert found == [] and requests.ahead == []
    context.close()


def test_a_closed_text_version_asks_nothing_when_the_view_changes(watched, server_url):
    page = watched.page
    requests = Requests(page)
    watched.goto(server_url + "/?lang=en")
    found = requests.during(lambda: page.locator("#filter-category input[value='forum']").uncheck(),
                            "() => location.search.includes('category=mpdp,grsi')")
    assert [trigger for trigger, _ in found] == [["filter-category.value"]]
    assert page.locator("#table-details").is_hidden()


def test_the_outline_follows_the_selection_without_redrawing_the_map(watched, server_url):
    page = watched.page  # counts its callback requests (tests.support.browser.new_page)
    watched.goto(server_url + "/?lang=en&country=ARG")
    outline = "() => Array.from(document.querySelectorAll('#map-graph path.dashboard-outline')).map(p => p.getAttribute('d'))"
    shape = f"(i) => {GD}.querySelectorAll('g.trace.choropleth')[0].querySelectorAll('path.choroplethlocation')[i]" \
            ".getAttribute('d')"
    locations = page.evaluate(f"() => {GD}.data.find(t => t.name === 'base').locations")
    page.wait_for_function(f"() => document.querySelectorAll('#map-graph path.dashboard-outline').length === 1")
    assert page.evaluate(outline) == [page.evaluate(shape, locations.index("ARG"))]
    # A new figure (plotly_react) or a change of its data (plotly_restyle) would redraw the whole map.
    page.evaluate(f"() => {{ const gd = {GD}; window.__redraws = 0; for (const name of ['plotly_react', 'plotly_restyle'])"
                  f" gd.on(name, () => {{ window.__redraws += 1; }}); }}")
    x, y = screen_point(page, -100.0, 40.0)  # the United States
    page.mouse.click(x, y)
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'selected').locations[0] === 'USA'")
    page.wait_for_function(QUIET, timeout=30000)
    assert page.evaluate(outline) == [page.evaluate(shape, locations.index("USA"))]
    assert page.evaluate("() => window.__redraws") == 0  # the click moved the outline; plotly redrew nothing
    # A pan moves plotly's shapes, and the outline with them (from the Pacific to the Pacific: a press and release
    # on the map is also a click, which on the ocean selects nothing).
    before = page.evaluate(shape, locations.index("USA"))
    ocean = screen_point(page, -150.0, 5.0)
    page.mouse.move(*ocean)
    page.mouse.down()
    page.mouse.move(ocean[0] + 60, ocean[1] + 20, steps=5)
    page.mouse.up()
    page.wait_for_function(f"([f, i, d]) => {GD}.querySelectorAll('g.trace.choropleth')[0]"
                           ".querySelectorAll('path.choroplethlocation')[i].getAttribute('d') !== d",
                           arg=[None, locations.index("USA"), before])
    page.wait_for_function(QUIET, timeout=30000)
    assert page.evaluate(outline) == [page.evaluate(shape, locations.index("USA"))]
    page.locator("#filter-category input[value='grsi']").uncheck()  # a Patch of the map's values: a redraw
    page.wait_for_function("() => document.querySelector('#map-legend-count-grsi').innerText.startsWith('0 ')")
    page.wait_for_function(QUIET, timeout=30000)
    assert page.evaluate(f"() => {GD}.data.find(t => t.name === 'selected').locations") == ["USA"]
    assert page.evaluate(outline) == [page.evaluate(shape, locations.index("USA"))]
    page.click("#details-clear")
    page.wait_for_function(f"() => !{GD}.data.find(t => t.name === 'selected').locations.length")
    assert page.evaluate(outline) == []
    assert watched.console_errors == []

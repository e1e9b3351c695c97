"""One user action, one callback request: each kind of interaction, counted in the real page.

A hidden panel asks nothing, the address the page writes does not come back as a request, and the data banner
rides along on the view's answers. The banner's own timer (every few seconds, whatever the user does) is the one
request left out of the counts."""

from __future__ import annotations

import json

import pytest

from tests.support.browser import wait_for_map

pytestmark = pytest.mark.browser

GD = "document.querySelector('#map-graph .js-plotly-plot')"
POLL = "data-banner-poll.n_intervals"
# Counts the callback requests in flight (Dash's renderer sends them with fetch), from the first script on.
TRACK = """
(() => {
  const calls = window.__callbacks = {pending: 0, last: 0};
  const original = window.fetch;
  window.fetch = function (input) {
    if (!String((input && input.url) || input).includes('/_dash-update-component')) {
      return original.apply(this, arguments);
    }
    calls.pending += 1;
    calls.last = performance.now();
    return original.apply(this, arguments).finally(() => { calls.pending -= 1; calls.last = performance.now(); });
  };
})();
"""
# True once every callback request has been answered and none has started or ended for half a second.
QUIET = "() => window.__callbacks.pending === 0 && performance.now() - window.__callbacks.last > 500"


class Requests:
    """The callback requests one page sends, each as (what triggered it, status)."""

    def __init__(self, page):
        self.page = page
        self.seen: list[tuple[list[str], int]] = []
        page.add_init_script(TRACK)
        page.on("response", self._answered)

    def _answered(self, response):
        if "/_dash-update-component" in response.url:
            body = json.loads(response.request.post_data or "{}")
            self.seen.append((body.get("changedPropIds", []), response.status))

    def during(self, action, done: str, arg=None) -> list[tuple[list[str], int]]:
        """The requests from `action` until `done` (a predicate in the page) holds and the page is quiet again,
        the banner's timer left out."""
        self.page.wait_for_function(QUIET, timeout=30000)
        self.seen.clear()
        action()
        self.page.wait_for_function(done, arg=arg, timeout=30000)
        self.page.wait_for_function(QUIET, timeout=30000)
        return [request for request in self.seen if POLL not in request[0]]


def screen_point(page, lon: float, lat: float) -> tuple[float, float]:
    return tuple(page.evaluate(
        """([lon, lat]) => {
            const gd = %s;
            const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]);
            const box = gd.querySelector('.main-svg').getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""" % GD, [lon, lat]))


def details_include(text: str) -> str:
    return "() => document.querySelector('#details-panel').innerText.includes(%s)" % json.dumps(text)


def test_the_first_load_asks_nothing(browser, server_url):
    for address in ("/?lang=en&category=grsi&country=ARG", "/", "/?country=MEX&lang=fr"):
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        requests = Requests(page)
        page.goto(server_url + address)
        wait_for_map(page)
        page.wait_for_function(QUIET, timeout=30000)
        assert [r for r in requests.seen if POLL not in r[0]] == [], address
        context.close()


def test_every_kind_of_interaction_is_one_request(browser, server_url):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    requests = Requests(page)
    page.goto(server_url + "/?lang=en")
    wait_for_map(page)
    counted: dict[str, list] = {}

    def count(kind: str, action, done: str, arg=None) -> None:
        counted[kind] = requests.during(action, done, arg)

    count("filter", lambda: page.locator("#filter-category input[value='mpdp']").uncheck(),
          f"() => !{GD}.data[3].customdata.length && location.search.includes('category=grsi,forum')")

    def search() -> None:
        page.click("#search-country")
        page.keyboard.type("Mexique")
        page.wait_for_function("""() => {
            const options = Array.from(document.querySelectorAll('.dash-dropdown-option'));
            return options.length === 1 && options[0].innerText.trim() === 'Mexico'; }""")
        page.keyboard.press("Enter")

    count("search", search, "() => location.search.includes('country=MEX')")
    x, y = screen_point(page, -66.0, -41.0)  # Patagonia: Argentina
    count("click", lambda: page.mouse.click(x, y),
          f"() => location.search.includes('country=ARG') && {GD}.data[6].locations[0] === 'ARG'")
    assert "Programa Siria" in page.inner_text("#details-panel")

    count("open the text version", lambda: page.click("#table-toggle"),
          "() => document.querySelectorAll('#table-body tbody tr').length > 0")
    count("filter with the text version open", lambda: page.locator("#filter-confirmed input").check(),
          "() => location.search.includes('confirmed=1') && "
          "Array.from(document.querySelectorAll('#table-body tbody tr')).every(tr => !tr.innerText.includes('Not confirmed'))")
    count("sort", lambda: page.click("#table-body button:has-text('Country')"),
          "() => !!document.querySelector('#table-body th[aria-sort=descending]')")
    count("table row", lambda: page.click("#table-body tbody button:has-text('Spain')"),
          "() => location.search.includes('country=ESP')")
    count("reset", lambda: page.click("#filter-reset"),
          "() => !location.search.includes('confirmed') && !location.search.includes('category')")
    assert page.locator("#filter-category input[value='mpdp']").is_checked()
    count("clear", lambda: page.click("#details-clear"), details_include("Program overview"))

    count("presentation mode", lambda: page.click("#present-toggle"),
          "() => !!document.querySelector('.page.presenting') && location.search.includes('present=1')")
    page.locator("body").click(position={"x": 5, "y": 5})
    count("arrow key", lambda: page.keyboard.press("ArrowRight"), "() => location.search.includes('country=')")
    count("presentation mode off", lambda: page.click("#present-toggle"),
          "() => !document.querySelector('.page.presenting')")

    count("language", lambda: page.click("#header-lang-link"),
          "() => document.documentElement.lang === 'fr' && location.search.includes('lang=fr')")
    count("back", lambda: page.go_back(), "() => document.documentElement.lang === 'en'")
    count("forward", lambda: page.go_forward(), "() => document.documentElement.lang === 'fr'")

    made = {kind: len(found) for kind, found in counted.items()}
    assert made == {kind: 1 for kind in counted}, json.dumps(counted, indent=1)
    assert all(status == 200 for found in counted.values() for _, status in found), counted
    context.close()


def test_a_closed_text_version_asks_nothing_when_the_view_changes(watched, server_url):
    page = watched.page
    requests = Requests(page)
    watched.goto(server_url + "/?lang=en")
    found = requests.during(lambda: page.locator("#filter-category input[value='forum']").uncheck(),
                            "() => location.search.includes('category=mpdp,grsi')")
    assert [trigger for trigger, _ in found] == [["filter-category.value"]]
    assert page.locator("#table-details").is_hidden()


def test_the_outline_follows_the_selection_through_filter_changes(watched, server_url):
    page = watched.page
    page.add_init_script(TRACK)
    watched.goto(server_url + "/?lang=en&country=ARG")
    x, y = screen_point(page, -100.0, 40.0)  # the United States
    page.mouse.click(x, y)
    page.wait_for_function(f"() => {GD}.data[6].locations[0] === 'USA'")
    page.locator("#filter-category input[value='grsi']").uncheck()  # a Patch of the map's values
    page.wait_for_function("() => document.querySelector('#map-legend-count-grsi').innerText.startsWith('0 ')")
    page.wait_for_function(QUIET, timeout=30000)
    assert page.evaluate(f"() => {GD}.data[6].locations") == ["USA"]
    outlined = page.evaluate(f"() => {GD}.querySelectorAll('g.trace.choropleth')[2]"
                             ".querySelectorAll('path.choroplethlocation').length")
    assert outlined == 1
    assert watched.console_errors == []

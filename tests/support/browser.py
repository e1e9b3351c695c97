"""Debian's headless Chromium for the browser tests and bench/: a page that records what it asked for, the map's
selectors, and the conditions the tests wait on (the map drawn, every callback answered, plotly's double-click delay
past) instead of fixed sleeps."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable

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


# The map's graph (plotly's div), as a JavaScript expression.
GRAPH = "document.querySelector('#map-graph .js-plotly-plot')"
# Every country of the figure drawn: plotly's geo map makes a path per location of each choropleth trace (the base
# trace lists every country), with or without a shape on screen under a regional focus.
MAP_DRAWN = f"""() => {{ const gd = {GRAPH};
    const base = gd && gd.data && gd.data.find(t => t.name === 'base');
    return !!base && gd.querySelectorAll('path.choroplethlocation').length >= base.locations.length; }}"""


def wait_for_map(page) -> None:
    page.wait_for_function(MAP_DRAWN, timeout=30000)


def new_page(browser, size=(1600, 1000), **options):
    """A context of its own and a page in it that counts its callback requests (TRACK_CALLBACKS), so that `settle`
    can tell when they are all answered."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, **options)
    context.add_init_script(TRACK_CALLBACKS)
    return context, context.new_page()


def open_page(browser, server_url, query: str, size=(1280, 720)):
    context, page = new_page(browser, size)
    page.goto(server_url + "/" + query)
    wait_for_map(page)
    settle(page)
    return context, page


def settle(page) -> None:
    """Until every callback request of the page (one made by new_page) has been answered and none has started or
    ended for a tenth of a second, and plotly has drawn what it was given (two animation frames later)."""
    assert page.evaluate("() => !!window.__callbacks"), "settle needs a page made by new_page or open_page"
    page.wait_for_function(SETTLED)
    next_frames(page)


def next_frames(page) -> None:
    """Until the browser has painted twice more: what the page was just given is on screen."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def click_map(page, lon: float, lat: float) -> None:
    """Click the map at a longitude/latitude, as a person would: never within plotly's double-click delay of the
    previous click of this function on the page (two such clicks would be one double-click)."""
    page.wait_for_function(f"""() => performance.now() - (window.__lastMapClick || -1e9)
                               > {GRAPH}._context.doubleClickDelay""")
    page.mouse.click(*screen_point(page, lon, lat))
    page.evaluate("() => { window.__lastMapClick = performance.now(); }")


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focus is on `selector`, and check that the focus shows there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({json.dumps(selector)})"):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


# Counts the callback requests in flight (Dash's renderer sends them with fetch), from the page's first script on:
# give it to page.add_init_script, then wait for QUIET to know that an interaction's requests are all answered.
TRACK_CALLBACKS = """
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
# The same after a tenth of a second: what `settle` waits for.
SETTLED = "() => window.__callbacks.pending === 0 && performance.now() - window.__callbacks.last > 100"
# The data banner's own timer asks every few seconds whatever the user does: not part of any interaction.
BANNER_POLL = "data-banner-poll.n_intervals"

def trace(name: str) -> str:
    """A JavaScript expression for the map's trace of that name (dashboard/ui/figures.py names every trace)."""
    return f"{GRAPH}.data.find(t => t.name === {json.dumps(name)})"


def screen_point(page, lon: float, lat: float) -> tuple[float, float]:
    """Where a longitude/latitude is drawn on screen, from the map's own projection."""
    return tuple(page.evaluate(
        """([lon, lat]) => {
            const gd = %s;
            const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]);
            const box = gd.querySelector('.main-svg').getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""" % GRAPH, [lon, lat]))


def interaction_steps(page) -> list[tuple[str, Callable[[], None], str]]:
    """Every kind of interaction with the dashboard, from `/?lang=en` on a 1600 × 1000 page, in an order that
    keeps each one possible: (kind, the action, a predicate that holds in the page once its effect shows). Shared
    by tests/browser/test_requests.py (one request each) and bench/ (requests and bytes each)."""

    def search() -> None:
        page.click("#search-country")
        page.keyboard.type("Mexique")
        page.wait_for_function("""() => {
            const options = Array.from(document.querySelectorAll('.dash-dropdown-option'));
            return options.length === 1 && options[0].innerText.trim() === 'Mexico'; }""")
        page.keyboard.press("Enter")

    def click_argentina() -> None:
        click_map(page, -66.0, -41.0)  # Patagonia: Argentina's polygon, away from markers

    def arrow_key() -> None:
        page.locator("body").click(position={"x": 5, "y": 5})
        page.keyboard.press("ArrowRight")

    def details(text: str) -> str:
        return "document.querySelector('#details-panel').innerText.includes(%s)" % json.dumps(text)

    return [
        ("filter", lambda: page.locator("#filter-category input[value='mpdp']").uncheck(),
         f"() => !{trace('mpdp')}.customdata.length && location.search.includes('category=grsi,forum')"),
        ("search", search, "() => location.search.includes('country=MEX') && " + details("Mexico")),
        ("click", click_argentina, f"() => location.search.includes('country=ARG') && {details('Argentina')}"
                                   f" && {trace('selected')}.locations[0] === 'ARG'"),
        ("open the text version", lambda: page.click("#table-toggle"),
         "() => document.querySelectorAll('#table-body tbody tr').length > 0"),
        ("filter, text version open", lambda: page.locator("#filter-confirmed input").check(),
         "() => location.search.includes('confirmed=1') && Array.from(document.querySelectorAll("
         "'#table-body tbody tr')).every(tr => !tr.innerText.includes('Not confirmed'))"),
        ("sort", lambda: page.click("#table-body button:has-text('Country')"),
         "() => !!document.querySelector('#table-body th[aria-sort=descending]')"),
        ("table row", lambda: page.click("#table-body tbody button:has-text('Spain')"),
         "() => location.search.includes('country=ESP') && " + details("Spain")),
        ("reset", lambda: page.click("#filter-reset"),
         "() => !location.search.includes('confirmed') && !location.search.includes('category') && "
         "document.querySelector(\"#filter-category input[value='mpdp']\").checked"),
        ("clear", lambda: page.click("#details-clear"), "() => " + details("Program overview")),
        ("legend toggle", lambda: page.click("#map-legend-toggle-grsi"),
         "() => location.search.includes('category=mpdp,forum') && "
         "document.querySelector('#map-legend-toggle-grsi').getAttribute('aria-pressed') === 'false'"),
        ("legend toggle back", lambda: page.click("#map-legend-toggle-grsi"),
         "() => !location.search.includes('category=')"),
        ("region focus", lambda: page.click("#map-zoom label:has(input[value='europe'])"),
         f"() => location.search.includes('zoom=europe') && {GRAPH}.layout.uirevision === 'europe'"),
        ("presentation mode", lambda: page.click("#present-toggle"),
         "() => !!document.querySelector('.page.presenting') && location.search.includes('present=1')"),
        ("arrow key", arrow_key, "() => location.search.includes('country=')"),
        ("presentation mode off", lambda: page.click("#present-toggle"),
         "() => !document.querySelector('.page.presenting')"),
        ("world view", lambda: page.click("#map-zoom label:has(input[value='world'])"),
         f"() => !location.search.includes('zoom=') && {GRAPH}.layout.uirevision === 'world'"),
        ("language", lambda: page.click("#header-lang-link"),
         "() => document.documentElement.lang === 'fr' && location.search.includes('lang=fr')"),
        ("back", lambda: page.go_back(), "() => document.documentElement.lang === 'en'"),
        ("forward", lambda: page.go_forward(), "() => document.documentElement.lang === 'fr'"),
    ]


def follow_link(page, query: str) -> None:
    """Go to another view of the page the way a link inside it or Back does (the address changes, Dash renders the
    page for it, no reload): much quicker than page.goto for a test that visits many views. The caller waits for
    what the new view shows."""
    page.evaluate("""(query) => {
        window.history.pushState({}, '', window.location.pathname + query);
        window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
    }""", query)

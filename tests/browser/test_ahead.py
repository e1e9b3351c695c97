"""A pick of a country answered ahead, in the real page: once the pointer has rested on a country (or the focus on a
search result, a table row; or a presentation step is next), the click shows its details with no request between the
click and the details; a pick not fetched ahead asks the view callback as before; French, the address, Back and
Forward, the outline and presentation mode behave as after the callback's own answer."""

from __future__ import annotations

import pytest

from tests.support.browser import GRAPH, QUIET, new_page, screen_point, trace, wait_for_map

pytestmark = pytest.mark.browser

AHEAD = "/_view-ahead"
CALLBACK = "/_dash-update-component"


class Network:
    """Every request of the page as Chromium saw it (DevTools protocol), when it was sent, and which of them the
    browser answered from its own cache (such as its favicon after a change of address) rather than the server."""

    def __init__(self, context, page):
        self.sent: list[tuple[str, str, float]] = []
        self.cached: set[str] = set()
        session = context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", lambda e: self.sent.append(
            (e["requestId"], e["request"]["url"], e["wallTime"] * 1000)))
        session.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        session.on("Network.responseReceived", lambda e: (e["response"].get("fromDiskCache")
                                                          or e["response"].get("fromPrefetchCache"))
                   and self.cached.add(e["requestId"]))
        session.send("Network.enable")

    def mark(self) -> int:
        return len(self.sent)

    def to_server(self, start: int) -> list[str]:
        """The URLs the server was asked for among the requests sent since mark() gave `start`."""
        return [url for request, url, _ in self.sent[start:] if request not in self.cached]

    def between(self, first: float, last: float) -> list[str]:
        """The URLs the server was asked for by requests sent between two times (ms since the epoch)."""
        return [url for request, url, at in self.sent if first <= at <= last and request not in self.cached]


# In the page: the time of the next press (a mouse button or a key) and of the first change of the details'
# heading after it, in ms since the epoch (the clock of the DevTools protocol's wallTime).
ARM = """(name) => {
    window.__pick = {pressed: null, shown: null};
    const now = () => performance.timeOrigin + performance.now();
    for (const kind of ['mousedown', 'keydown']) {
        document.addEventListener(kind, () => { window.__pick.pressed = window.__pick.pressed || now(); },
                                  {capture: true, once: true});
    }
    const area = document.querySelector('#details-body');
    const before = (area.querySelector('h3') || {innerText: ''}).innerText.trim();
    new MutationObserver((records, observer) => {
        const heading = (area.querySelector('h3') || {innerText: ''}).innerText.trim();
        if (window.__pick.pressed && heading !== before && (name === null || heading === name)) {
            window.__pick.shown = now();
            observer.disconnect();
        }
    }).observe(area, {childList: true, subtree: true, characterData: true});
}"""


def asked_until_shown(page, network, press, name: str | None = None) -> list[str]:
    """What the server was asked between `press()` and the details' heading naming `name` (or, for None, changing)."""
    page.evaluate(ARM, name)
    press()
    page.wait_for_function("() => window.__pick.shown !== null", timeout=15000)
    page.wait_for_function(QUIET, timeout=30000)
    page.wait_for_load_state("networkidle")  # the responses of what was sent are in: cached ones are known
    pick = page.evaluate("() => window.__pick")
    return network.between(pick["pressed"], pick["shown"])


def open_watched(browser, server_url, query: str):
    context, page = new_page(browser, (1600, 1000))
    network = Network(context, page)
    page.goto(server_url + "/" + query)
    wait_for_map(page)
    page.wait_for_function(QUIET, timeout=30000)
    # The browser fetches the page's icon once, when it gets to it (later on a busy machine): before any timing starts.
    for _ in range(200):
        if any("favicon" in url for _, url, _ in network.sent):
            break
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    return context, page, network


def details_name(page) -> str:
    return page.evaluate("() => (document.querySelector('#details-body h3') || {innerText: ''}).innerText.trim()")


def rest_on(page, network, lon: float, lat: float) -> list[str]:
    """The pointer moved onto a place of the map and left there until its answer is in: the requests that cost."""
    start = network.mark()
    page.mouse.move(*screen_point(page, lon, lat))  # one move: no country on the way rests under the pointer
    return asked_ahead(page, network, start)


def asked_ahead(page, network, start: int) -> list[str]:
    """Once the rest has asked ahead (assets/ahead.js) and its answer is in, a moment later: what the server was
    asked since mark() gave `start`."""
    for _ in range(100):
        if any(AHEAD in url for url in network.to_server(start)):
            break
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # a second ask would have been sent by now
    return network.to_server(start)


def click_and_time(page, network, name: str) -> list[str]:
    """A press and release where the pointer rests: what the server was asked until the details name `name`."""
    def press():
        page.mouse.down()
        page.mouse.up()

    return asked_until_shown(page, network, press, name)


def shown(page, iso3: str, lang: str = "en") -> None:
    """The view the callback's own answer would leave: the address, the outline, the language."""
    page.wait_for_function(f"""(iso3) => new URLSearchParams(location.search).get('country') === iso3
        && {trace('selected')}.locations[0] === iso3
        && document.querySelectorAll('#map-graph path.dashboard-outline').length === 1""", arg=iso3)
    assert page.evaluate("() => document.documentElement.lang") == lang
    assert f"lang={lang}" in page.evaluate("() => location.search")


def test_after_the_pointer_rests_on_a_country_its_click_asks_nothing(browser, server_url):
    context, page, network = open_watched(browser, server_url, "?lang=en")
    cost = rest_on(page, network, -66.0, -41.0)  # Patagonia: Argentina
    assert len(cost) == 1 and AHEAD in cost[0] and "country=ARG" in cost[0], cost  # one GET, while resting
    assert click_and_time(page, network, "Argentina") == []
    shown(page, "ARG")
    assert page.locator("#details-clear").is_visible()
    assert "Argentina" in page.inner_text("#search-country")  # the search box follows, as after the callback
    # From one country to the next (Germany), and its address and outline; nothing asked after either click.
    assert len(rest_on(page, network, 10.0, 51.0)) == 1
    assert click_and_time(page, network, "Germany") == []
    shown(page, "DEU")
    assert [u for u in network.to_server(0) if CALLBACK in u] == []  # the callback was never asked
    context.close()


def test_a_click_not_fetched_ahead_still_asks_the_callback(browser, server_url):
    context, page, network = open_watched(browser, server_url, "?lang=en")
    x, y = screen_point(page, -66.0, -41.0)
    asked = asked_until_shown(page, network, lambda: page.mouse.click(x, y), "Argentina")  # no rest before the press
    assert len(asked) == 1 and CALLBACK in asked[0], asked  # the view callback, as ever; nothing asked ahead
    shown(page, "ARG")
    assert not [url for url in network.to_server(0) if AHEAD in url]
    context.close()


def test_a_click_while_its_answer_is_on_its_way_waits_for_it(browser, server_url):
    context, page, network = open_watched(browser, server_url, "?lang=en")
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {"offline": False, "latency": 1500, "downloadThroughput": -1,
                                                      "uploadThroughput": -1})
    start = network.mark()
    page.mouse.move(*screen_point(page, -66.0, -41.0))
    for _ in range(100):  # the answer asked ahead, and slow to come
        if any(AHEAD in url for url in network.to_server(start)):
            break
        page.wait_for_timeout(50)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_function("() => (document.querySelector('#details-body h3') || {}).innerText === 'Argentina'",
                           timeout=15000)
    shown(page, "ARG")
    page.wait_for_function(QUIET, timeout=30000)
    asked = network.to_server(start)
    assert len(asked) == 1 and AHEAD in asked[0], asked  # the click asked nothing of its own
    context.close()


def test_french_back_and_forward_after_clicks_answered_ahead(browser, server_url):
    context, page, network = open_watched(browser, server_url, "?lang=fr")
    rest_on(page, network, -66.0, -41.0)
    assert click_and_time(page, network, "Argentine") == []
    shown(page, "ARG", "fr")
    assert "Programa Siria" in page.inner_text("#details-body")
    assert page.evaluate("() => document.title").startswith("Renforcement")
    rest_on(page, network, 10.0, 51.0)
    assert click_and_time(page, network, "Allemagne") == []
    shown(page, "DEU", "fr")
    # Each click added an entry to the history, as the callback's answer does: Back and Forward walk them.
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('country') === 'ARG'")
    page.wait_for_function("() => document.querySelector('#details-body h3').innerText.trim() === 'Argentine'")
    shown(page, "ARG", "fr")
    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).get('country')")
    page.wait_for_function("() => !document.querySelector('#details-body h3.country-name')")
    page.go_forward()
    page.wait_for_function("() => document.querySelector('#details-body h3') "
                           "&& document.querySelector('#details-body h3').innerText.trim() === 'Argentine'")
    shown(page, "ARG", "fr")
    # The language link names the view shown, as after the callback's answer.
    assert "country=ARG" in page.get_attribute("#header-lang-link", "href")
    context.close()


def test_a_search_result_and_a_table_row_with_the_focus_are_asked_ahead(browser, server_url):
    context, page, network = open_watched(browser, server_url, "?lang=en")
    page.click("#search-country")
    page.keyboard.type("Mexi")
    page.wait_for_function("() => document.querySelectorAll('.dash-dropdown-option').length === 1")
    start = network.mark()
    page.keyboard.press("ArrowDown")  # the focus on the result
    page.wait_for_function("() => document.activeElement.value === 'MEX'")
    cost = asked_ahead(page, network, start)
    assert len(cost) == 1 and "pick=search" in cost[0] and "country=MEX" in cost[0], cost
    assert asked_until_shown(page, network, lambda: page.keyboard.press("Enter"), "Mexico") == []
    shown(page, "MEX")
    # The text version: a row's country button with the focus, then Enter.
    page.click("#table-toggle")
    page.wait_for_function("() => document.querySelectorAll('#table-body button[data-iso3=\"ARG\"]').length > 0")
    page.wait_for_function(QUIET, timeout=30000)
    start = network.mark()
    page.focus("#table-body button[data-iso3='ARG']")
    cost = asked_ahead(page, network, start)
    assert len(cost) == 1 and "pick=row" in cost[0], cost
    assert asked_until_shown(page, network, lambda: page.keyboard.press("Enter"), "Argentina") == []
    shown(page, "ARG")
    context.close()


def test_presentation_steps_are_asked_ahead(browser, server_url):
    context, page, network = open_watched(browser, server_url, "?lang=en&present=1&zoom=europe&category=grsi")
    page.locator("body").click(position={"x": 5, "y": 5})
    start = network.mark()
    page.keyboard.press("ArrowRight")  # the first step: nothing was open, so nothing was asked ahead
    page.wait_for_function("() => !!new URLSearchParams(location.search).get('country')")
    page.wait_for_function(QUIET, timeout=30000)
    for _ in range(100):  # then the next and previous countries' answers are asked ahead
        if len([url for url in network.to_server(start) if "pick=step" in url]) >= 2:
            break
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    assert len([url for url in network.to_server(start) if "pick=step" in url]) == 2
    first = page.evaluate("() => new URLSearchParams(location.search).get('country')")
    # Then the next step's answers are asked ahead, as this one's were: after its details.
    assert asked_until_shown(page, network, lambda: page.keyboard.press("ArrowRight")) == []
    page.wait_for_function("(first) => { const c = new URLSearchParams(location.search).get('country');"
                           " return c && c !== first; }", arg=first)
    assert page.evaluate("() => !!document.querySelector('.page.presenting.has-country')")
    second = page.evaluate("() => new URLSearchParams(location.search).get('country')")
    page.wait_for_function(f"(iso3) => {trace('selected')}.locations[0] === iso3", arg=second)
    names = page.evaluate(f"() => {GRAPH}.layout.meta.names")
    assert details_name(page) == names[second]
    # The cards are closed while presenting, as the callback's answer has them.
    assert page.evaluate("() => Array.from(document.querySelectorAll('#details-body details.more')).every(d => !d.open)")
    assert page.inner_text("#present-counter").endswith("2 of 4")
    context.close()

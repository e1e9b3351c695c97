"""What a person waits for and what travels, measured in headless Chromium (Debian's, driven by Playwright).

Every measure takes `network`: None for the loopback as it is, or conditions for DevTools network emulation (VPN:
every request pays the latency and shares the bandwidth), set on each page before it loads. A click is what a person does: the pointer moves onto the country, rests CLICK_DWELL_MS there
(a person's pointer arrives before the press), then presses and releases; the time runs from the press.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import time
from urllib.parse import urlparse

from tests.support.browser import (
    BANNER_POLL,
    CHROMIUM,
    CHROMIUM_ARGS,
    QUIET,
    TRACK_CALLBACKS,
    interaction_steps,
    wait_for_map,
)

VIEWPORT = {"width": 1920, "height": 1080}
CALLBACK = "/_dash-update-component"
# A departmental VPN as DevTools emulates it (CDP Network.emulateNetworkConditions; throughputs in bytes a second).
VPN = {"offline": False, "latency": 80, "downloadThroughput": 20e6 / 8, "uploadThroughput": 5e6 / 8}
# How long the pointer rests on a country before the press: a person's pointer arrives, then the finger presses.
CLICK_DWELL_MS = 300
# Steps of a pointer move (each a mousemove event on the way, as a hand moving across the map makes).
MOVE_STEPS = 10


@dataclasses.dataclass(frozen=True)
class Target:
    """One app under test and how to read its page."""

    name: str
    url: str
    graph: str             # CSS selector of the plotly graph div
    figure_output: str     # the callback output that carries the map's figure, e.g. "map.figure"
    details: str           # CSS selector of the details area
    heading: str           # CSS selector of the heading in the details area that names the country shown
    drawn_at_least: int    # choropleth paths on screen once the map's countries are drawn
    search: str | None = None  # CSS selector of the country search box, for apps that have one
    clear: str | None = None   # CSS selector of the button back to no country, for apps that have one


class NetLog:
    """Every request of one page as Chromium saw it (CDP): bytes on the wire, decoded bytes, cache, host; with
    `network`, the page's network emulated from then on."""

    def __init__(self, context, page, network: dict | None = None):
        self.entries: dict[str, dict] = {}
        session = context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.responseReceived", self._received)
        session.on("Network.dataReceived", self._data)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.requestServedFromCache", self._from_cache)
        session.send("Network.enable")
        if network:
            session.send("Network.emulateNetworkConditions", network)
        self.session = session

    def _entry(self, event: dict) -> dict:
        return self.entries.setdefault(event["requestId"], {"encoded": 0, "decoded": 0, "headers": 0,
                                                             "cache": False, "done": False})

    def _sent(self, event):
        entry = self._entry(event)
        entry.update(url=event["request"]["url"], method=event["request"]["method"],
                     post=event["request"].get("postData"))

    def _received(self, event):
        response = event["response"]
        entry = self._entry(event)
        entry.update(status=response["status"], headers=response.get("encodedDataLength", 0),
                     encoding=response["headers"].get("content-encoding") or response["headers"].get("Content-Encoding"))
        if response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker"):
            entry["cache"] = True

    def _data(self, event):
        self._entry(event)["decoded"] += event["dataLength"]

    def _finished(self, event):
        entry = self._entry(event)
        entry.update(encoded=event["encodedDataLength"], done=True)

    def _from_cache(self, event):
        self._entry(event)["cache"] = True

    def ids(self) -> set[str]:
        return set(self.entries)

    def since(self, before: set[str]) -> list[dict]:
        return [entry for key, entry in self.entries.items() if key not in before and "url" in entry]

    def clear(self) -> None:
        self.entries.clear()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# From the page's first script: the first animation frame at which the map's still picture (dashboard/ui/picture.py,
# the graph's background) has arrived while its element is in the page, i.e. the frame that paints it. An app
# without a picture never sets it.
PICTURE_PROBE = """
(() => {
  const look = () => {
    const frame = document.querySelector('.map-graph');
    const shown = frame && getComputedStyle(frame).backgroundImage.includes('/picture/map.svg') &&
      performance.getEntriesByType('resource').some(e => e.name.includes('/picture/map.svg') && e.responseEnd > 0);
    if (shown) { window.__pictureShown = performance.now(); } else { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
})();
"""


def wait_drawn(page, target: Target) -> dict:
    """performance.now() (ms since navigation start) at the first frame with the map's countries drawn by plotly
    ("drawn"), at the frame that painted the map's still picture if the page has one ("picture"), and the earlier of
    the two: when the map is first on screen ("shown"). The page must have PICTURE_PROBE as an init script."""
    script = ("(n) => document.querySelectorAll(%s).length >= n ? performance.now() : 0"
              % json.dumps(target.graph + " path.choroplethlocation"))
    drawn = page.wait_for_function(script, arg=target.drawn_at_least, polling="raf", timeout=60000).json_value()
    picture = page.evaluate("() => window.__pictureShown || null")
    return {"drawn": drawn, "picture": picture, "shown": min(drawn, picture or drawn)}


# Room for every request of a long visit in the page's resource timing (by default it stops recording at 250).
RESOURCE_BUFFER = "performance.setResourceTimingBufferSize(100000);"


def new_page(context):
    page = context.new_page()
    page.add_init_script(PICTURE_PROBE)
    page.add_init_script(RESOURCE_BUFFER)
    return page


def summarize(entries: list[dict], origin: str) -> dict:
    network = [e for e in entries if not e["cache"] and e.get("encoded", 0) > 0]
    hosts = {urlparse(e["url"]).netloc for e in entries if not e["url"].startswith(("data:", "blob:"))}
    return {
        "bytes": sum(e["encoded"] for e in network),
        "decoded": sum(e["decoded"] for e in network),
        "transfers": len(network),
        "requests": len(entries),
        "other_hosts": sorted(hosts - {urlparse(origin).netloc}),
        "files": sorted(((urlparse(e["url"]).path, e.get("status"), e["encoded"]) for e in network),
                        key=lambda f: -f[2]),
    }


def first_loads(browser, target: Target, runs: int = 5, network: dict | None = None) -> dict:
    """`runs` fresh contexts (empty cache): bytes received and time to the map's countries; then, in the last
    context, a second navigation to the same address (what a reload fetches again)."""
    loads, errors = [], []
    for run in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        page = new_page(context)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        net = NetLog(context, page, network)
        page.goto(target.url)
        times = wait_drawn(page, target)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        loads.append({**summarize(net.since(set()), target.url), "drawn_ms": times["drawn"],
                      "shown_ms": times["shown"]})
        if run == runs - 1:
            net.clear()
            page.goto(target.url)
            wait_drawn(page, target)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            second = summarize(net.since(set()), target.url)
        context.close()
    return {"loads": loads, "second": second, "console_errors": errors,
            "bytes": statistics.median(load["bytes"] for load in loads),
            "decoded": statistics.median(load["decoded"] for load in loads),
            "drawn_ms": statistics.median(load["drawn_ms"] for load in loads),
            "shown_ms": statistics.median(load["shown_ms"] for load in loads)}


def first_maps_in_turn(browser, targets: dict[str, Target], runs: int = 7, network: dict | None = None) -> dict:
    """Time to the first map on screen (its still picture, or plotly's countries), and to plotly's countries, in
    fresh contexts (empty cache), the apps taking turns run after run, so that the machine's other work weighs on
    each alike: {name: {"drawn": [ms...], "drawn_ms": median, "shown": [...], "shown_ms": median, "loads": [...]}}."""
    found = {name: {"drawn": [], "shown": [], "loads": [], "console_errors": []} for name in targets}
    for _ in range(runs):
        for name, target in targets.items():
            context = browser.new_context(viewport=VIEWPORT)
            page = new_page(context)
            errors = found[name]["console_errors"]
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            net = NetLog(context, page, network)
            page.goto(target.url)
            times = wait_drawn(page, target)
            page.wait_for_load_state("networkidle")
            found[name]["drawn"].append(times["drawn"])
            found[name]["shown"].append(times["shown"])
            found[name]["loads"].append({**summarize(net.since(set()), target.url), "drawn_ms": times["drawn"],
                                         "shown_ms": times["shown"]})
            context.close()
    for result in found.values():
        result["drawn_ms"] = statistics.median(result["drawn"])
        result["shown_ms"] = statistics.median(result["shown"])
        result["bytes"] = statistics.median(load["bytes"] for load in result["loads"])
    return found


# In the page: click a category checkbox and resolve at the first plotly_afterplot whose data differs from before
# (so a resize or hover redraw never ends the timing early).
FILTER_CLICK = """
async ([graph, value]) => {
  const gd = document.querySelector(graph);
  const signature = () => gd.data.map(t => (t.locations || []).join(',') + ':' + (t.lon || []).length).join('|');
  const before = signature();
  const done = new Promise(resolve => {
    const handler = () => {
      if (signature() !== before) { gd.removeListener('plotly_afterplot', handler); resolve(performance.now()); }
    };
    gd.on('plotly_afterplot', handler);
  });
  const start = performance.now();
  document.querySelector(`#filter-category input[value="${value}"]`).click();
  return (await done) - start;
}
"""

# In the page: the bare redraw, Plotly.react of one of two captured figures on the same graph, to its afterplot.
BARE_REDRAW = """
async ([graph, figures, runs]) => {
  const gd = document.querySelector(graph);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const figure = JSON.parse(figures[i % 2]);  // fresh objects, as a callback response would bring
    const done = new Promise(resolve => gd.once('plotly_afterplot', () => resolve(performance.now())));
    const start = performance.now();
    await Plotly.react(gd, figure.data, figure.layout);
    times.push((await done) - start);
    await new Promise(resolve => setTimeout(resolve, 30));
  }
  return times;
}
"""

CAPTURE_FIGURE = """
(graph) => { const gd = document.querySelector(graph); return JSON.stringify({data: gd.data, layout: gd.layout}); }
"""

SCREEN_POINT = """
([graph, lon, lat]) => {
  const gd = document.querySelector(graph);
  const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]);
  const box = gd.querySelector('.main-svg').getBoundingClientRect();
  return [box.left + x, box.top + y];
}
"""

# Time from the mouse press on the map to the details of that country on screen: a MutationObserver on the details
# area sees its heading name the country after the press, and the next animation frame is the one that paints it.
ARM_DETAILS_TIMER = """
([details, heading, name]) => {
  const bench = window.__bench = {down: null, shown: null};
  document.addEventListener('mousedown', () => { bench.down = performance.now(); }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    const shown = document.querySelector(heading);
    if (bench.down !== null && shown && shown.innerText.trim() === name) {
      observer.disconnect();
      requestAnimationFrame(() => { bench.shown = performance.now(); });
    }
  });
  observer.observe(document.querySelector(details), {childList: true, subtree: true, characterData: true});
}
"""

# The paths of the requests the page started within each [from, to] window of performance.now() (resource timing:
# every request of the page, scripts, images and fetches alike, once answered).
REQUESTS_BETWEEN = """
(windows) => {
  const entries = performance.getEntriesByType('resource');
  return windows.map(([from, to]) => entries.filter(e => e.startTime >= from && e.startTime <= to)
                                           .map(e => new URL(e.name).pathname));
}
"""

# True when the details heading names `name`, or, for a null name, when no country is shown.
HEADING_IS = """
([heading, name]) => {
  const shown = document.querySelector(heading);
  return name === null ? !shown : !!shown && shown.innerText.trim() === name;
}
"""


def press(page, x: float, y: float) -> None:
    """What a person's click is: the pointer moves onto (x, y), rests CLICK_DWELL_MS, then presses and releases."""
    page.mouse.move(x, y, steps=MOVE_STEPS)
    page.wait_for_timeout(CLICK_DWELL_MS)
    page.mouse.down()
    page.mouse.up()


def is_poll(entry: dict) -> bool:
    """A request of the data banner's own timer, which asks every few seconds whatever the user does."""
    return bool(entry.get("post")) and BANNER_POLL in json.loads(entry["post"]).get("changedPropIds", [])


def callback_bytes(entries: list[dict], figure_output: str) -> dict:
    calls = [e for e in entries if CALLBACK in e["url"] and not is_poll(e)]
    figure = [e for e in calls if e.get("post") and figure_output in json.loads(e["post"]).get("output", "")]
    return {"bytes": sum(e["encoded"] for e in calls), "body": sum(e["encoded"] - e["headers"] for e in calls),
            "sent": sum(len((e.get("post") or "").encode()) for e in calls),
            "requests": len(calls), "figure_bytes": sum(e["encoded"] for e in figure),
            "figure_body": sum(e["encoded"] - e["headers"] for e in figure),
            "figure_post": figure[0]["post"] if figure else None}


# Countries clicked in turn to time a click: Patagonia, on Argentina's shape; Germany's marker.
CLICKS = (("Argentina", -66.0, -41.0), ("Germany", 10.0, 51.0))


def interactions(browser, target: Target, filter_runs: int = 20, redraw_runs: int = 20,
                 clicks: tuple[tuple[str, float, float], ...] = CLICKS, click_runs: int = 20,
                 network: dict | None = None) -> dict:
    """Filter change to repainted map, the browser's bare redraw of the same figures (none when redraw_runs is 0),
    and click to details (press, CLICK_DWELL_MS after the pointer arrived) with the requests the page started
    between the press and the details on screen."""
    context = browser.new_context(viewport=VIEWPORT)
    page = new_page(context)
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    net = NetLog(context, page, network)
    page.goto(target.url)
    wait_drawn(page, target)
    page.wait_for_load_state("networkidle")

    figure_all = page.evaluate(CAPTURE_FIGURE, target.graph) if redraw_runs else None
    filter_times, filter_calls = [], []
    for run in range(filter_runs + 2):  # two warm-up changes, not counted
        before = net.ids()
        elapsed = page.evaluate(FILTER_CLICK, [target.graph, "grsi"])
        page.wait_for_timeout(150)  # the CDP events of this change arrive; the next click starts from rest
        if run == 0 and redraw_runs:
            figure_without = page.evaluate(CAPTURE_FIGURE, target.graph)
        if run >= 2:
            filter_times.append(elapsed)
            filter_calls.append(callback_bytes(net.since(before), target.figure_output))
    # An even number of changes: the map shows every category again.

    details_times, details_calls, windows = [], [], []
    for run in range(click_runs):
        name, lon, lat = clicks[run % len(clicks)]
        x, y = page.evaluate(SCREEN_POINT, [target.graph, lon, lat])
        page.evaluate(ARM_DETAILS_TIMER, [target.details, target.heading, name])
        before = net.ids()
        press(page, x, y)
        page.wait_for_function("() => window.__bench.shown !== null", timeout=30000)
        timing = page.evaluate("() => window.__bench")
        details_times.append(timing["shown"] - timing["down"])
        windows.append([timing["down"], timing["shown"]])
        page.wait_for_timeout(350)  # past plotly's double-click delay (300 ms): the next click is a click
        details_calls.append(callback_bytes(net.since(before), target.figure_output))
    page.wait_for_timeout(1000)  # every request of the last click answered, so in the resource timing
    between = page.evaluate(REQUESTS_BETWEEN, windows)

    redraw = (page.evaluate(BARE_REDRAW, [target.graph, [figure_without, figure_all], redraw_runs + 2])[2:]
              if redraw_runs else [])
    context.close()
    filter_post = next(call["figure_post"] for call in filter_calls if call["figure_post"])
    return {"filter_ms": filter_times, "filter_calls": filter_calls, "filter_post": filter_post,
            "redraw_ms": redraw, "details_ms": details_times, "details_calls": details_calls,
            "details_requests": [len(paths) for paths in between], "details_request_paths": between,
            "console_errors": errors}


# A minute of ordinary use, the same for every app: (seconds from the start, step, its argument). The pointer
# crosses several countries with short rests, clicks six of them (one by the search), the filters change four
# times, and the details go back to none once. Every country clicked has engagements in every filter it meets.
MINUTE_SECONDS = 60
PLACES = {"BRA": ("Brazil", -51.0, -10.0), "ARG": ("Argentina", -66.0, -41.0), "COL": ("Colombia", -72.0, 6.0),
          "PER": ("Peru", -75.0, -10.0), "ESP": ("Spain", -6.0, 38.5), "FRA": ("France", 2.5, 46.5),
          "DEU": ("Germany", 10.0, 51.0), "CAN": ("Canada", -105.0, 58.0), "USA": ("United States", -110.0, 42.0),
          "IND": ("India", 79.0, 22.0), "AUS": ("Australia", 134.0, -28.0), "MEX": ("Mexico", -104.0, 26.0)}
MINUTE = (
    (0.0, "hover", "BRA"), (2.5, "hover", "ARG"), (4.5, "click", "ARG"),
    (8.0, "hover", "COL"), (10.0, "hover", "PER"), (12.0, "click", "PER"),
    (16.0, "filter", "grsi"), (20.0, "hover", "ESP"), (22.0, "hover", "FRA"), (24.0, "click", "DEU"),
    (28.0, "filter", "grsi"), (32.0, "search", "MEX"), (37.0, "hover", "CAN"), (39.0, "hover", "USA"),
    (41.0, "click", "USA"), (45.0, "filter", "mpdp"), (49.0, "clear", None), (52.0, "hover", "IND"),
    (54.0, "click", "AUS"), (57.0, "filter", "mpdp"),
)


def request_kind(entry: dict) -> str:
    """What a request was for: its path, and for a callback request also what set it off (Dash's changedPropIds)."""
    path = urlparse(entry["url"]).path
    if CALLBACK not in path or not entry.get("post"):
        return path
    try:
        changed = json.loads(entry["post"]).get("changedPropIds") or []
    except (ValueError, AttributeError):
        changed = []
    return f"{path} ← {', '.join(changed) or 'nothing changed'}"


def traffic(entries: list[dict]) -> dict:
    """Requests, bytes received (on the wire, headers included), bytes sent (request bodies), requests answered
    from the browser's cache, and the same by request_kind."""
    by_kind: dict[str, dict] = {}
    for entry in entries:
        kind = by_kind.setdefault(request_kind(entry), {"requests": 0, "bytes": 0, "sent": 0})
        kind["requests"] += 1
        kind["bytes"] += entry.get("encoded", 0)
        kind["sent"] += len((entry.get("post") or "").encode())
    return {"requests": len(entries), "bytes": sum(kind["bytes"] for kind in by_kind.values()),
            "sent": sum(kind["sent"] for kind in by_kind.values()),
            "from_cache": sum(1 for entry in entries if entry.get("cache")),
            "by_kind": dict(sorted(by_kind.items(), key=lambda item: (-item[1]["requests"], item[0])))}


def minute_of_use(browser, target: Target, network: dict | None = None) -> dict:
    """Every request to the app during MINUTE (after the first load has gone quiet): how many, the bytes each way,
    by request_kind. Each step starts at its second (later if the one before took longer; `seconds` says how long
    the minute took); a search or a clear on an app without one is a rest, listed in `skipped`."""
    context = browser.new_context(viewport=VIEWPORT)
    page = new_page(context)
    net = NetLog(context, page, network)
    page.goto(target.url)
    wait_drawn(page, target)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)

    def point(code: str) -> tuple[float, float]:
        _, lon, lat = PLACES[code]
        return tuple(page.evaluate(SCREEN_POINT, [target.graph, lon, lat]))

    def shows(name: str | None) -> None:
        page.wait_for_function(HEADING_IS, arg=[target.heading, name], timeout=30000)

    def search(code: str) -> None:
        name = PLACES[code][0]
        page.click(target.search)
        page.click("input[type=search]:visible")  # the open list's search field (the shown country has the focus)
        page.keyboard.type(name)
        page.wait_for_function("""(name) => Array.from(document.querySelectorAll('.dash-dropdown-option'))
                                    .some(option => option.innerText.trim() === name)""", arg=name, timeout=30000)
        page.keyboard.press("Enter")
        shows(name)

    steps = {
        "hover": lambda code: page.mouse.move(*point(code), steps=MOVE_STEPS),
        "click": lambda code: (press(page, *point(code)), shows(PLACES[code][0])),
        "filter": lambda value: page.locator(f"#filter-category input[value='{value}']").click(),
        "search": search if target.search else None,
        "clear": (lambda _: (page.click(target.clear), shows(None))) if target.clear else None,
    }
    skipped = []
    before = net.ids()
    started = time.monotonic()
    for at, kind, argument in MINUTE:
        page.wait_for_timeout(max(0.0, started + at - time.monotonic()) * 1000)
        if steps[kind] is None:
            skipped.append(kind)
        else:
            steps[kind](argument)
    page.wait_for_timeout(max(0.0, started + MINUTE_SECONDS - time.monotonic()) * 1000)
    seconds = time.monotonic() - started
    during = net.ids() - before
    page.wait_for_timeout(1000)  # the answers to the minute's last requests arrive
    entries = [net.entries[key] for key in during if net.entries[key].get("url", "").startswith("http")]
    context.close()
    return {"seconds": seconds, "skipped": skipped, **traffic(entries)}


def interaction_traffic(browser, target: Target) -> dict:
    """This dashboard only: the callback requests and bytes of each kind of interaction (tests/support/browser.py
    interaction_steps, the same journey as tests/browser/test_requests.py), each counted until the page is quiet
    again, the banner's timer left out."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.add_init_script(TRACK_CALLBACKS)
    page = context.new_page()
    net = NetLog(context, page)
    page.goto(target.url.rstrip("/") + "/?lang=en")
    wait_for_map(page)
    page.wait_for_function(QUIET, timeout=30000)
    result = {"load": callback_bytes(net.since(set()), target.figure_output)}
    for kind, action, done in interaction_steps(page):
        before = net.ids()
        action()
        page.wait_for_function(done, timeout=30000)
        page.wait_for_function(QUIET, timeout=30000)
        page.wait_for_timeout(100)  # the CDP events of the last answer arrive
        result[kind] = callback_bytes(net.since(before), target.figure_output)
    context.close()
    return result

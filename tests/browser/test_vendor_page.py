"""In the browser, the page loads one plotly.js: the geo-only bundle when installed, else Dash's own, never both."""

from __future__ import annotations

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.server import dash_compat, vendor
from tests.support.browser import MAP_DRAWN

pytestmark = pytest.mark.browser


def test_the_page_loads_exactly_one_plotly_js(watched, server_url):
    watched.goto(server_url + "/")
    watched.page.wait_for_load_state("networkidle")  # every script the page asks for has been asked for
    geo = [url for url in watched.requests if "/_vendor/plotly-geo-" in url]
    full = [url for url in watched.requests if url.split("?")[0].endswith("/plotly/package_data/plotly.min.js")]
    if vendor.BUNDLE_PATH.is_file():
        assert len(geo) == 1 and full == [], watched.requests   # dcc.Graph found window.Plotly already loaded
    else:
        assert geo == [] and len(full) == 1, watched.requests
    assert watched.page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    assert watched.console_errors == []


def test_regenerator_runtime_stands_in_for_dashs_polyfill(watched, server_url):
    watched.goto(server_url + "/")
    watched.page.wait_for_load_state("networkidle")  # every script the page asks for has been asked for
    polyfill = [url for url in watched.requests if dash_compat.POLYFILL_SCRIPT in url]
    runtime = [url for url in watched.requests if "/_vendor/regenerator-runtime." in url]
    if vendor.REGENERATOR_PATH.is_file():
        assert polyfill == [] and len(runtime) == 1, watched.requests
    else:
        assert len(polyfill) == 1 and runtime == [], watched.requests
    # Dash's async components (the map, the search box, the years slider) load through regeneratorRuntime.
    assert watched.page.evaluate("() => typeof window.regeneratorRuntime.mark") == "function"
    assert watched.page.evaluate(MAP_DRAWN)  # the map drew every country
    assert watched.console_errors == []

"""The map's shapes in the page: they come packed (dashboard.core.geo.packed_shapes) and assets/shapes.js unpacks them
into the very GeoJSON the figure names, so plotly.js fetches none; without them, plotly.js fetches the GeoJSON."""

from __future__ import annotations

import pytest

from tests.support.browser import GRAPH, MAP_DRAWN, new_page, wait_for_map

pytestmark = pytest.mark.browser

# What plotly.js drew from, and the GeoJSON file itself, fetched by the page.
SHAPES = f"""async () => {{
  const key = {GRAPH}.data.find(t => t.name === 'base').geojson;
  const file = await (await fetch(key)).json();
  return {{key: key, unpacked: window.PlotlyGeoAssets[key], file: file}};
}}"""


def test_the_page_unpacks_the_shapes_into_the_geojson_plotly_draws(watched, server_url):
    watched.goto(server_url + "/?country=ARG")
    watched.page.wait_for_load_state("networkidle")
    shapes = [url for url in watched.requests if "/data/countries." in url]
    assert len(shapes) == 1 and "/data/countries.packed.json?v=" in shapes[0], shapes
    found = watched.page.evaluate(SHAPES)
    assert found["key"].startswith("/data/countries.geojson?v=")
    assert found["unpacked"] == found["file"] and len(found["file"]["features"]) > 20
    assert watched.console_errors == []


def test_without_the_packed_shapes_plotly_fetches_the_geojson(browser, server_url):
    context, page = new_page(browser)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.route("**/data/countries.packed.json*", lambda route: route.fulfill(status=503, body="busy"))
    page.goto(server_url + "/")
    wait_for_map(page)
    assert any("/data/countries.geojson?v=" in url for url in asked), asked
    assert page.evaluate(MAP_DRAWN)
    context.close()

"""The map's still picture (dashboard.ui.picture): drawn from the figure plotly gets, in plotly's frame, with no
text, served once per view and cached by browsers for the data version it names. That it looks like plotly's own
drawing is checked in the page (tests/browser/test_picture.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import brotli
import pytest
from dash import dcc, html

from dashboard.core import look
from dashboard.core.state import ViewState, to_query
from dashboard.core.views import VIEWS
from dashboard.ui import ids, picture
from dashboard.ui.components.layout import first_layout, page
from dashboard.ui.figures import base_figure
from tests.support.components import components

SVG = "{http://www.w3.org/2000/svg}"


def parsed(dataset, state: ViewState) -> ET.Element:
    return ET.fromstring(picture.picture_svg(dataset, state))


def trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t.get("name") == name)


def test_the_frame_is_plotlys_range_box_of_the_world():
    width, height = look.world_frame()
    # The world's ranges at the equator: 360 degrees of natural earth on the unit sphere (x = 0.8707 * lambda).
    assert width == pytest.approx(2 * 3.14159265 * 0.8707, rel=1e-3)
    # Taller than the parallels alone: d3 draws the box's edges as great circles, which bow towards the poles.
    parallels = look.unit_projection([0, 0], [-58, 85])[:, 1]
    assert height > parallels[1] - parallels[0]
    assert picture.frame() == (picture.WIDTH, pytest.approx(picture.WIDTH * height / width))


# The fixture's 25 countries by the fill the map gives them: grey without an engagement, a category's tint with rows of
# that category alone, the "several" tint with rows of more than one (tests/fixtures/README.md lists the rows).
FILLS = {
    look.NO_ENGAGEMENT_COLOR: {"FRA", "MLT"},
    look.SEVERAL_FILL: {"ARG", "DEU", "GBR", "NZL", "MEX", "BLZ", "CRI", "GTM", "HND", "SLV"},
    look.CATEGORY_FILL["grsi"]: {"ESP", "IRL"},
    look.CATEGORY_FILL["forum"]: {"CAN", "USA", "JAM", "COL", "ECU", "AUS", "BEL", "DNK", "CHE", "MAR", "ARE"},
}


def absolute_points(d: str) -> list[tuple[float, float]]:
    """The points of an SVG path made of M, l (relative) and z commands, in absolute coordinates."""
    points, x, y = [], 0.0, 0.0
    for command, numbers in re.findall(r"([MlZz])([^MlZz]*)", d):
        values = [float(v) for v in numbers.split()]
        pairs = list(zip(values[::2], values[1::2]))
        for i, (a, b) in enumerate(pairs):
            x, y = (a, b) if command == "M" and i == 0 else (x + a, y + b)
            points.append((x, y))
    return points


def holds(d: str, point) -> bool:
    xs, ys = zip(*absolute_points(d))
    return min(xs) <= point[0] <= max(xs) and min(ys) <= point[1] <= max(ys)


def test_every_country_is_drawn_once_in_its_fill(dataset):
    root = parsed(dataset, ViewState())
    (countries,) = [g for g in root.findall(f"{SVG}g") if g.get("stroke-linejoin") == "round"]
    fills = [p.get("fill") for p in countries.findall(f"{SVG}path")]
    assert len(fills) == 25 == sum(len(codes) for codes in FILLS.values())
    assert {color: fills.count(color) for color in FILLS} == {color: len(codes) for color, codes in FILLS.items()}


def test_markers_leaders_and_the_selected_outline_follow_the_figure(dataset):
    state = ViewState(country="ARG", zoom="south-america")
    figure = base_figure(dataset, "", state)
    root = parsed(dataset, state)
    uses = root.findall(f".//{SVG}use")
    for name in ("small", "mpdp", "grsi", "forum"):
        assert sum(u.get("href") == f"#{name}" for u in uses) == len(trace(figure, name)["lon"]), name
    line = trace(figure, "selected")["marker"]["line"]
    outline = [p for p in root.findall(f"{SVG}path") if p.get("fill") == "none" and p.get("stroke") == line["color"]]
    assert len(outline) == 1 and outline[0].get("stroke-width") == str(line["width"])
    # Argentina's own shape: the country drawn beneath it, in the "several" fill (GRSI and a forum), around
    # Patagonia and Cordoba and not around Bogota, Colombia's capital.
    (country,) = [p for p in root.iter(f"{SVG}path") if p.get("d") == outline[0].get("d") and p.get("fill") != "none"]
    assert country.get("fill") == look.SEVERAL_FILL
    patagonia, cordoba, bogota = picture.to_picture([-66.0, -64.2, -74.1], [-41.0, -31.4, 4.7], state.zoom)
    assert holds(outline[0].get("d"), patagonia) and holds(outline[0].get("d"), cordoba)
    assert not holds(outline[0].get("d"), bogota)
    # Confirmed markers are filled in their colour, unconfirmed ones white with a rim in it (as on the map).
    forum = [u for u in uses if u.get("href") == "#forum"]
    confirmed = trace(figure, "forum")["marker"]["color"]
    assert [u.get("fill") for u in forum] == ["#0072B2" if c else "#FFFFFF" for c in confirmed]


def test_a_focus_zooms_about_its_centre_and_leaves_out_what_is_off_the_frame(dataset):
    width, height = picture.frame()
    view = VIEWS["europe"]
    middle = picture.to_picture([sum(view.lon) / 2], [sum(view.lat) / 2], "europe")[0]
    assert middle == pytest.approx((width / 2, height / 2))
    europe = picture.country_paths(dataset, "europe")
    assert "DEU" in europe and "AUS" not in europe and len(europe) < len(picture.country_paths(dataset, "world"))


def test_the_picture_holds_no_text_and_nothing_from_the_data_but_numbers(dataset):
    svg = picture.picture_svg(dataset, ViewState(country="MEX")).decode()
    root = ET.fromstring(svg)
    assert not root.findall(f".//{SVG}text") and not root.findall(f".//{SVG}script")
    texts = [node.text for node in root.iter() if node.text and node.tag != f"{SVG}style"]
    assert texts == []
    assert "Mexico" not in svg and "MEX" not in svg
    ids = {node.get("id") for node in root.iter() if node.get("id")}
    assert ids == {"small", "mpdp", "grsi", "forum"}


def test_symbols_are_plotlys():
    # plotly.js's symbol_defs.js: a square of radius r is the box +-r; a diamond reaches 1.3 r on its axes.
    assert look.symbol_path("square", 10) == "M5,5H-5V-5H5Z"
    assert look.symbol_path("diamond", 10) == "M6.5,0L0,6.5L-6.5,0L0,-6.5Z"


# --- served ----------------------------------------------------------------------------------------------------

def test_the_page_paints_the_picture_behind_the_map_and_preloads_it(app, client):
    state = ViewState(lang="fr", country="ARG", presenting=True)
    url = app.urls.picture_url(state)
    assert url == f"/picture/map.svg?v={app.live.dataset.version}&" + to_query(ViewState(country="ARG"))[1:]
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/?lang=fr&country=ARG&present=1"})
    assert f'url(\\"{url}\\")'.replace("/", "\\u002f") in layout.get_data(as_text=True)
    index = client.get("/?lang=fr&country=ARG&present=1").get_data(as_text=True)
    assert f'<link rel="preload" href="{url.replace("&", "&amp;")}" as="image">' in index


def test_the_picture_is_cached_for_good_under_its_data_version(app, client):
    url = app.urls.picture_url(ViewState(country="ARG"))
    response = client.get(url, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert brotli.decompress(response.data) == picture.picture_svg(app.live.dataset, ViewState(country="ARG"))
    assert response.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response.headers
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    # Made once per view: the French page's address, in presentation mode, draws the same map from the same bytes.
    hits = app.pictures.hits
    french = client.get(app.urls.picture_url(ViewState(country="ARG", lang="fr", presenting=True)),
                        headers={"Accept-Encoding": "br"})
    assert french.data == response.data and app.pictures.hits == hits + 1
    old = client.get(re.sub(r"v=\w+", "v=000000000000", url))
    assert old.status_code == 200 and old.headers["Cache-Control"] == "max-age=60"  # today's map, not for good


@pytest.mark.parametrize("query", ["", "?zoom=nowhere&country=<script>", "?category=" + "x" * 5000, "?v=%ff%fe"])
def test_a_malformed_address_gets_a_picture_never_an_error(client, query):
    response = client.get("/picture/map.svg" + query)
    assert response.status_code == 200
    ET.fromstring(response.data)


def test_only_the_first_layout_has_the_picture_and_a_later_page_no_style_at_all(app):
    live = app.live
    state = ViewState(country="ARG")

    def frame(tree):
        (found,) = [c for c in components(tree) if isinstance(c, html.Div) and getattr(c, "className", None) == "map-graph"]
        assert isinstance(found.children, dcc.Graph) and found.children.id == ids.MAP_GRAPH
        return found.to_plotly_json()["props"]

    # On the graph's frame, which Dash renders at once (dcc.Graph waits for its code and plotly.js).
    picture_url = app.urls.picture_url(state)
    assert frame(first_layout(live, app.urls, state))["style"] == {"backgroundImage": f'url("{picture_url}")'}
    # A page rendered later (Back, Forward, the language) has plotly's map already, and no null style.
    assert "style" not in frame(page(live.dataset, state, app.urls.geojson_url, app.urls.topojson_url))

"""The map's still picture in the page: on screen before plotly has drawn anything, where plotly then draws, and so
like plotly's drawing that the map does not jump when plotly covers it (dashboard/ui/picture.py)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageChops

from dashboard.core import composition, look
from dashboard.core.composition import Shown
from dashboard.core.state import parse_query, vocabulary
from dashboard.ui import documents
from dashboard.ui.exports import files
from tests.support.browser import GRAPH as GD
from tests.support.browser import new_page, next_frames, settle, wait_for_map

pytestmark = pytest.mark.browser

HIDE_PLOTLY = "#map-graph .js-plotly-plot, .dashboard-outline { visibility: hidden !important; }"


def shot(page) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(page.locator("#map-graph").screenshot())).convert("RGB"))


@pytest.mark.parametrize("width, height, query", [
    (1366, 768, "/?lang=en"),
    (1280, 720, "/?lang=en&present=1&country=ARG"),
    (1920, 1080, "/?lang=fr&zoom=europe&country=DEU"),
    (1600, 1000, "/?lang=en&zoom=central-america-caribbean&country=MEX&category=mpdp,forum"),
])
def test_plotly_draws_over_the_picture_what_the_picture_shows(browser, server_url, dataset, width, height, query):
    context, page = new_page(browser, (width, height))
    page.goto(server_url + query)
    wait_for_map(page)
    page.mouse.move(1, 1)  # no hover label
    settle(page)
    # plotly's frame is the one the picture is drawn in: its shape, and the projection's scale for its width.
    frame, scale = page.evaluate(f"""() => {{
        const bg = document.querySelector('#map-graph .geo .bg').getBoundingClientRect();
        return [[bg.width, bg.height], {GD}._fullLayout.geo._subplot.projection.scale()]; }}""")
    box_w, box_h = look.world_frame()
    zoom = page.evaluate(f"() => {GD}._fullLayout.geo.projection.scale")
    assert frame[0] / frame[1] == pytest.approx(box_w / box_h, rel=0.005)
    assert scale == pytest.approx(frame[0] / box_w * zoom, rel=0.005)
    drawn = shot(page)
    exported_map_agrees(page, dataset, query)
    # Gone once plotly had drawn (assets/app.js): put the page's picture (the one its head preloads) back behind.
    assert page.evaluate("() => document.querySelector('.map-graph').style.backgroundImage") == "none"
    page.evaluate("""() => { const link = document.querySelector('link[rel=preload][as=image]');
        document.querySelector('.map-graph').style.backgroundImage = `url("${link.href}")`; }""")
    page.evaluate("""async () => { const image = new Image();
        image.src = document.querySelector('link[rel=preload][as=image]').href; await image.decode(); }""")
    page.add_style_tag(content=HIDE_PLOTLY)
    next_frames(page)  # the picture decoded and painted in plotly's place
    still = shot(page)
    assert still.shape == drawn.shape
    # The picture is there: as much of the frame coloured as plotly's drawing has, not a white box.
    assert (still != 255).any(axis=2).mean() > 0.8 * (drawn != 255).any(axis=2).mean() > 0
    differs = np.asarray(ImageChops.difference(Image.fromarray(drawn), Image.fromarray(still))).max(axis=2) > 48
    # Edges antialiased differently and markers a little larger or smaller off the picture's 1000 px: under 2 %.
    assert differs.mean() < 0.02, f"{differs.mean():.2%} of the map's pixels differ"
    context.close()


def exported_map_agrees(page, dataset, query: str) -> None:
    """The map of every export and document (ui.picture through ui.documents) against plotly's drawing of the same
    view, at the size of plotly's frame: the same countries, fills, markers and outline in the same places."""
    box = page.evaluate("""() => { const g = document.querySelector('#map-graph').getBoundingClientRect();
        const bg = document.querySelector('#map-graph .geo .bg').getBoundingClientRect();
        return [bg.left - g.left, bg.top - g.top, bg.width, bg.height]; }""")
    left, top, width, height = (round(v) for v in box)
    page.eval_on_selector_all(".details", "els => els.forEach(el => { el.dataset.was = el.style.visibility; "
                                          "el.style.visibility = 'hidden'; })")  # the card floats over the map
    drawn = shot(page)
    page.eval_on_selector_all(".details", "els => els.forEach(el => { el.style.visibility = el.dataset.was; })")
    state = parse_query(vocabulary(dataset), query)
    shown = Shown.of(dataset, state)
    words = composition.compose(dataset, shown)
    # The map as every document takes it, without the names documents set over it (plotly draws none).
    drawing = files.map_data(dataset, shown, words, named=[])
    png = documents.typeset("map-picture", {"lang": "en", "title": "", "department": "", "page": {"width": width},
                                            "map": drawing}, "png", 72)
    exported = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    rows, cols = min(exported.shape[0], height), min(exported.shape[1], width)
    on_screen = drawn[top:top + rows, left:left + cols]
    differs = np.abs(on_screen.astype(int) - exported[:rows, :cols].astype(int)).max(axis=2) > 48
    # Lines and markers scale with a document's map (plotly keeps their pixel sizes), edges antialiased apart.
    assert differs.mean() < 0.04, f"{differs.mean():.2%} of the exported map's pixels differ from plotly's"


def test_the_picture_is_on_screen_while_plotly_waits_for_the_shapes(browser, server_url):
    context, page = new_page(browser, (1366, 768))
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    held = []
    # The shapes never arrive until the test lets them: plotly cannot draw the countries meanwhile.
    page.route("**/data/countries.*", lambda route: held.append(route))
    page.goto(server_url + "/?lang=en&country=ARG")
    page.wait_for_selector("#map-graph")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/picture/map.svg')"
                           " && e.responseEnd > 0)")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.map-graph')).backgroundImage"
                           ".includes('/picture/map.svg')")
    page.evaluate("""async () => { const image = new Image();
        image.src = document.querySelector('link[rel=preload][as=image]').href; await image.decode(); }""")
    next_frames(page)  # the picture, decoded, painted behind the empty map
    assert page.evaluate("() => document.querySelectorAll('#map-graph path.choroplethlocation').length") == 0
    still = shot(page)
    def share(color: str, within: int) -> float:
        rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
        return (np.abs(still.astype(int) - rgb).max(axis=2) < within).mean()

    # The fixture's fills: the forums' (Canada, the United States, Australia...), several categories' (Argentina,
    # Mexico...) and grey (France, with no engagement).
    shares = [share(look.CATEGORY_FILL["forum"], 40), share(look.SEVERAL_FILL, 40), share(look.NO_ENGAGEMENT_COLOR, 6)]
    assert shares[0] > 0.01 and shares[1] > 0.002 and shares[2] > 0, shares
    for route in held:
        route.continue_()
    wait_for_map(page)
    # Once plotly has drawn the countries, the picture is gone from behind its see-through paper.
    page.wait_for_function("() => document.querySelector('.map-graph').style.backgroundImage === 'none'")
    assert all(url.startswith(server_url) for url in asked if not url.startswith("data:"))
    context.close()

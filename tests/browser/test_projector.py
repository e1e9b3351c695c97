"""The projector view in the real page: presentation mode where the map owns the screen, regional focus kept in the
URL, markers that never pile up, and a legend that highlights and toggles what it names."""

from __future__ import annotations

import json

import pytest

from dashboard.core.views import ZOOMS
from tests.support.axe import axe_violations
from tests.support.browser import GRAPH as GD
from tests.support.browser import open_page, settle, wait_for_map
from tests.support.layout_probe import probe

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
CALLBACK = "/_dash-update-component"


def focus(page, zoom: str) -> None:
    """Choose a regional focus as a user does, by its button, and wait for the map to show it."""
    page.click(f"#map-zoom label:has(input[value='{zoom}'])")
    page.wait_for_function(f"(zoom) => {GD}.layout.uirevision === zoom && location.search.includes"
                           "(zoom === 'world' ? '' : 'zoom=' + zoom)", arg=zoom)
    page.wait_for_function("(zoom) => document.querySelector('#map-zoom input[value=\"' + zoom + '\"]').checked",
                           arg=zoom)
    settle(page)


def callback_requests(page, output: str | None = None) -> list:
    """Callback requests from now on (those answering `output` only, when given)."""
    seen = []

    def record(request) -> None:
        if CALLBACK in request.url and (output is None or output in json.loads(request.post_data or "{}")
                                        .get("output", "")):
            seen.append(request.url)

    page.on("request", record)
    return seen


# --- presentation mode fits a projector ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_mode_gives_the_map_the_screen(browser, server_url, size, lang):
    context, page = open_page(browser, server_url, f"?lang={lang}&present=1", size)
    shown = probe(page)
    assert shown["width_share"] >= 0.65 and shown["height_share"] >= 0.55, shown
    assert shown["legend_on_screen"], shown  # beside the map, whole, without scrolling
    assert shown["body_px"] >= 22 and shown["scroll_y"] == 0
    assert page.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight + 1")
    # A country's details float over the map: the map keeps its size, the legend stays, the country stays in sight.
    page.click("#map-legend")  # somewhere neutral first: nothing changes
    page.evaluate("() => window.dash_clientside.set_props('search-country', {value: 'MEX'})")
    page.wait_for_selector(".page.presenting.has-country #details-panel h3")
    settle(page)
    with_details = probe(page)
    assert with_details["frame"] == shown["frame"] and with_details["legend_on_screen"], with_details
    panel = page.locator("#details-panel").bounding_box()
    legend = page.locator("#map-legend").bounding_box()
    assert panel["x"] + panel["width"] <= legend["x"] + 1  # never over the legend
    outline = page.evaluate(f"""() => {{ const traces = {GD}.querySelectorAll('.trace.choropleth');
        const r = traces[traces.length - 1].querySelector('path').getBoundingClientRect();
        return r.left + r.width / 2; }}""")
    assert not panel["x"] <= outline <= panel["x"] + panel["width"]  # Mexico is not under the panel
    assert page.locator("#details-panel").evaluate("e => getComputedStyle(e).fontSize") == "22px"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.page.has-country')")
    assert "country=" not in page.evaluate("() => location.search")
    assert not page.locator("#details-panel").is_visible()
    context.close()


@pytest.mark.parametrize("size, before", [((1280, 720), (0.673, 0.557)), ((1920, 1080), (0.527, 0.436))],
                         ids=["1280x720", "1920x1080"])
def test_normal_mode_is_no_worse(browser, server_url, size, before):
    """The normal layout's map keeps at least the share of the window it had before presentation mode was reworked,
    and at 1920 x 1080 the legend is still on screen under it."""
    context, page = open_page(browser, server_url, "?lang=fr", size)
    shown = probe(page)
    assert shown["width_share"] >= before[0] - 0.002 and shown["height_share"] >= before[1] - 0.002, shown
    if size[0] >= 1920:
        assert shown["legend_on_screen"], shown
    context.close()


# --- markers never pile up -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["normal", "present"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_marker_hides_another_at_any_focus(browser, server_url, size, mode):
    context, page = open_page(browser, server_url, "?present=1" if mode == "present" else "?", size)
    counts = {}
    for zoom in [*ZOOMS[1:], "world"]:
        focus(page, zoom)
        shown = probe(page)
        counts[zoom] = (shown["markers"], shown["overlapping_pairs"], shown["over_half"])
        assert shown["markers"] >= 3, (zoom, shown)
    regional = {zoom: c for zoom, c in counts.items() if zoom != "world"}
    assert all(pairs == 0 for _, pairs, _ in regional.values()), counts
    # The world shows every marker of the fixture data: its 6 MPDP, 6 GRSI and 21 forum countries.
    assert counts["world"][0] == 33 and counts["world"][2] == 0, counts  # at most half of one hidden
    context.close()


# --- regional focus ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, label", [("en", "Central America and the Caribbean"),
                                         ("fr", "Amérique centrale et Caraïbes")])
def test_the_focus_is_in_the_url_survives_reload_and_back(browser, server_url, lang, label):
    context, page = open_page(browser, server_url, f"?lang={lang}")
    requests = callback_requests(page, "map-graph.figure")
    assert page.inner_text("#map-zoom label:has(input:checked)").strip() == ("World" if lang == "en" else "Monde")
    focus(page, "central-america-caribbean")
    assert len(requests) == 1  # one round trip brings the camera and the markers placed for it
    assert "zoom=central-america-caribbean" in page.evaluate("() => location.search")
    assert page.inner_text("#map-zoom label:has(input:checked)").strip() == label
    scale = page.evaluate(f"() => {GD}._fullLayout.geo.projection.scale")
    assert scale > 3
    page.reload()
    wait_for_map(page)
    page.wait_for_function(f"() => {GD}._fullLayout.geo.projection.scale > 3")
    assert page.locator("#map-zoom input[value='central-america-caribbean']").is_checked()
    page.go_back()
    page.wait_for_function("() => !location.search.includes('zoom=')")
    page.wait_for_function(f"() => {GD}._fullLayout.geo.projection.scale === 1")
    assert page.locator("#map-zoom input[value='world']").is_checked()
    context.close()


def test_a_malformed_focus_is_ignored(watched, server_url):
    watched.goto(server_url + "/?zoom=moon&country=ARG")
    page = watched.page
    assert page.locator("#map-zoom input[value='world']").is_checked()
    assert page.evaluate(f"() => {GD}._fullLayout.geo.projection.scale") == 1
    assert watched.console_errors == []


def test_the_region_buttons_work_with_the_keyboard(watched, server_url):
    watched.goto(server_url + "/?lang=en")
    page = watched.page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('#map-zoom input')"):
            break
    else:
        raise AssertionError("Tab never reached the regional focus")
    assert page.evaluate("() => document.activeElement.value") == "world"
    outline = page.evaluate("() => getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline not in ("none", "")  # the focus shows on the button
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('zoom=north-america')")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('zoom=central-america-caribbean')")
    page.wait_for_function(f"() => {GD}.layout.uirevision === 'central-america-caribbean'")


def test_a_country_found_by_name_outside_the_focus_is_brought_into_view(watched, server_url):
    watched.goto(server_url + "/?lang=fr&zoom=europe")
    page = watched.page
    page.evaluate("() => window.dash_clientside.set_props('search-country', {value: 'MEX'})")
    page.wait_for_function("() => location.search.includes('zoom=central-america-caribbean')")
    page.wait_for_function("() => document.querySelector('#details-panel h3').innerText === 'Mexique'")
    assert page.locator("#map-zoom input[value='central-america-caribbean']").is_checked()


def test_arrow_keys_step_through_the_countries_in_view(browser, server_url):
    context, page = open_page(browser, server_url, "?present=1&zoom=europe&category=grsi")
    seen = set()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(seen) => { const c = new URLSearchParams(location.search).get('country');"
                               " return c && !seen.includes(c) || seen.length >= 4; }", arg=sorted(seen))
        seen.add(page.evaluate("() => new URLSearchParams(location.search).get('country')"))
    assert seen == {"DEU", "ESP", "GBR", "IRL"}  # Europe's GRSI countries only: not Argentina, not New Zealand
    assert "zoom=europe" in page.evaluate("() => location.search")
    context.close()


# --- the legend as a control -----------------------------------------------------------------------------------------

def opacities(page) -> dict:
    return page.evaluate(f"""() => {{ const gd = {GD}; const out = {{}};
        gd.data.forEach(t => {{ out[t.name] = t.marker ? t.marker.opacity : undefined; }});
        out.locations = gd.data.find(t => t.name === 'engaged').locations; return out; }}""")


def test_pointing_at_a_legend_row_highlights_its_countries_without_a_request(watched, server_url):
    watched.goto(server_url + "/?lang=en")
    page = watched.page
    requests = callback_requests(page)
    page.hover("#map-legend-toggle-grsi")
    page.wait_for_function(f"() => Array.isArray({GD}.data.find(t => t.name === 'engaged').marker.opacity)")
    shown = opacities(page)
    grsi = set(page.evaluate(f"() => {GD}.data.find(t => t.name === 'grsi').customdata"))
    assert len(grsi) == 6
    bright = {code for code, alpha in zip(shown["locations"], shown["engaged"]) if alpha == 1}
    assert bright == grsi  # exactly the six GRSI countries stand out
    assert shown["grsi"] == 1 and shown["mpdp"] < 0.5 and shown["forum"] < 0.5
    page.mouse.move(5, 5)
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'engaged').marker.opacity === 1")
    page.focus("#map-legend-toggle-forum")  # the keyboard too
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'mpdp').marker.opacity < 0.5")
    assert opacities(page)["forum"] == 1
    page.evaluate("() => document.activeElement.blur()")
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'engaged').marker.opacity === 1")
    assert requests == []
    described = page.get_attribute("#map-legend-toggle-grsi", "aria-describedby")
    assert "highlight" in page.inner_text(f"#{described}").lower() or page.locator(f"#{described}").count() == 1


def test_pressing_a_legend_row_toggles_its_category_with_the_checkbox(watched, server_url):
    watched.goto(server_url + "/?lang=fr")
    page = watched.page
    requests = callback_requests(page, "map-graph.figure")
    assert page.get_attribute("#map-legend-toggle-grsi", "aria-pressed") == "true"
    page.click("#map-legend-toggle-grsi")
    page.wait_for_function("() => location.search.includes('category=mpdp,forum')")
    assert not page.locator("#filter-category input[value='grsi']").is_checked()
    page.wait_for_function("() => document.querySelector('#map-legend-toggle-grsi').getAttribute('aria-pressed')"
                           " === 'false'")
    assert len(requests) == 1  # the filter's own request: the legend asks nothing itself
    page.focus("#map-legend-toggle-grsi")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search.includes('category=')")
    assert page.locator("#filter-category input[value='grsi']").is_checked()
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('category=mpdp,forum')")
    page.check("#filter-category input[value='grsi']")  # and the checkbox moves the legend
    page.wait_for_function("() => document.querySelector('#map-legend-toggle-grsi').getAttribute('aria-pressed')"
                           " === 'true'")


# --- accessibility and the screenshots --------------------------------------------------------------------------------

AXE_QUERIES = ["?lang=en&present=1&zoom=central-america-caribbean&country=MEX",
               "?lang=fr&present=1&zoom=europe&country=DEU", "?lang=fr&zoom=south-america"]


@pytest.mark.parametrize("query", AXE_QUERIES)
def test_axe_finds_no_serious_or_critical_violation_in_the_projector_views(browser, server_url, query):
    context, page = open_page(browser, server_url, query, (1280, 720))
    page.focus("#map-legend-toggle-grsi")  # a highlight on, too
    settle(page)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    context.close()

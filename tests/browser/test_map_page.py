"""The real page in headless Chromium: offline, every country drawn (on the shipped data too), filters, clicks and
details (on the fixture data, tests/fixtures/README.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support import DATA, SHIPPED_DATA
from tests.support.browser import GRAPH as GD
from tests.support.browser import click_map, screen_point

pytestmark = pytest.mark.browser

GRSI = {"ARG", "DEU", "ESP", "GBR", "IRL", "NZL"}


def countries(data_dir: Path = DATA) -> dict[str, dict]:
    with open(data_dir / "countries.csv", encoding="utf-8") as handle:
        return {row["iso3"]: row for row in csv.DictReader(handle)}


def engaged_locations(page) -> set[str]:
    return set(page.evaluate(f"() => {GD}.data.find(t => t.name === 'engaged').locations"))


def details_text(page) -> str:
    return page.inner_text("#details-panel")


# --- end to end, on the shipped data: what holds whatever the data says -----------------------------------------

def test_page_loads_offline_without_console_errors(watched, shipped_server_url):
    watched.goto(shipped_server_url + "/")
    watched.page.wait_for_load_state("networkidle")  # everything the page asks for has come
    hosts = {urlparse(url).netloc for url in watched.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlparse(shipped_server_url).netloc}, hosts
    assert watched.console_errors == []
    assert any("/data/countries.packed.json" in url for url in watched.requests)
    assert any("/assets/topojson/world_" in url for url in watched.requests)


def test_the_page_comes_with_the_first_layout_not_a_callback(watched, server_url):
    answers = []
    watched.page.on("response", lambda r: "/_dash-update-component" in r.url and answers.append(
        (r.request.post_data_json.get("output", ""), r.status)))
    watched.goto(server_url + "/?category=grsi&country=ARG")
    watched.page.wait_for_load_state("networkidle")
    assert engaged_locations(watched.page) == GRSI and "Programa Siria" in details_text(watched.page)
    # The address is the one the first layout was built for: the page asks nothing (not even to hear a 204).
    assert answers == []
    assert watched.console_errors == []


def test_map_draws_every_country(watched, shipped_server_url):
    watched.goto(shipped_server_url + "/")
    shipped = countries(SHIPPED_DATA)
    drawn = watched.page.evaluate(f"() => {GD}.querySelectorAll('g.trace.choropleth')[0]"
                                  ".querySelectorAll('path.choroplethlocation').length")
    assert drawn == len(shipped)
    base_locations = watched.page.evaluate(f"() => {GD}.data.find(t => t.name === 'base').locations")
    assert set(base_locations) == set(shipped)
    assert watched.console_errors == []


# --- the page, on the fixture data ------------------------------------------------------------------------------


def test_filter_to_grsi_highlights_exactly_the_six_grsi_countries(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/")
    assert engaged_locations(page) > GRSI
    for value in ("mpdp", "forum"):
        page.locator(f"#filter-category input[value='{value}']").uncheck()
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'engaged').locations.length === 6")
    assert engaged_locations(page) == GRSI
    filled = page.evaluate(f"() => {GD}.querySelectorAll('g.trace.choropleth')[1]"
                           ".querySelectorAll('path.choroplethlocation').length")
    assert filled == 6
    legend = page.inner_text("#map-legend")
    assert "6 countries" in legend and "0 countries" in legend
    page.wait_for_function("() => decodeURIComponent(location.search).includes('category=grsi')")
    assert watched.console_errors == []


def test_clicking_argentina_shows_programa_siria(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/")
    assert "Programa Siria" not in details_text(page)
    click_map(page, -66.0, -41.0)  # Patagonia: Argentina's polygon, away from its markers
    page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('Programa Siria')")
    text = details_text(page)
    assert "Argentina" in text and "Disposición 3915/2014" in text  # its source, cited
    page.wait_for_function("() => decodeURIComponent(location.search).includes('country=ARG')")


def test_a_small_state_is_clickable_through_its_marker(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/")
    malta = countries()["MLT"]
    x, y = screen_point(page, float(malta["label_lon"]), float(malta["label_lat"]))
    page.mouse.click(x, y)
    page.wait_for_function("() => document.querySelector('#details-panel h3').innerText === 'Malta'")
    assert "No engagement" in details_text(page)


def test_a_small_engaged_state_opens_its_engagements(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?category=forum")
    jamaica = next(i for i, code in enumerate(page.evaluate(f"() => {GD}.data.find(t => t.name === 'forum').customdata")) if code == "JAM")
    lon, lat = page.evaluate(f"(i) => [{GD}.data.find(t => t.name === 'forum').lon[i], {GD}.data.find(t => t.name === 'forum').lat[i]]", jamaica)
    x, y = screen_point(page, lon, lat)
    page.mouse.click(x, y)
    page.wait_for_function("() => document.querySelector('#details-panel h3').innerText === 'Jamaica'")
    assert "Observer" in details_text(page)


def test_french_link_opens_argentina_in_french(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?lang=fr&country=ARG")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    text = details_text(page)
    assert "Argentine" in text and "Programa Siria" in text and "Programme partenaire" in text
    page.click("#header-lang-link")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('Partner program')")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('lang=en') && decodeURIComponent(location.search).includes('country=ARG')")


def test_back_and_forward_restore_the_view(watched, server_url):
    """Back and Forward step between views a briefer names (here a focus), not checkbox ticks: a tick changes the
    current entry, so Back from the focus returns to the view with the tick, not before it."""
    page = watched.page
    watched.goto(server_url + "/")
    page.locator("#filter-category input[value='mpdp']").uncheck()
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'mpdp').customdata.length === 0")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('category=grsi,forum')")
    page.click("#map-zoom label:has(input[value='europe'])")
    page.wait_for_function("() => location.search.includes('zoom=europe')")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('zoom=') && "
                           "decodeURIComponent(location.search).includes('category=grsi,forum')")
    page.wait_for_function(f"() => {GD} && {GD}.layout.uirevision === 'world'")
    assert not page.locator("#filter-category input[value='mpdp']").is_checked()
    page.go_forward()
    page.wait_for_function("() => location.search.includes('zoom=europe')")
    page.wait_for_function(f"() => {GD} && {GD}.layout.uirevision === 'europe'")
    assert not page.locator("#filter-category input[value='mpdp']").is_checked()


def test_reset_restores_every_filter(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?category=grsi&confirmed=1")
    assert engaged_locations(page) == GRSI
    page.click("#filter-reset")
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'engaged').locations.length > 6")
    assert page.locator("#filter-category input[value='mpdp']").is_checked()
    assert not page.locator("#filter-confirmed input").is_checked()


def test_selected_country_is_outlined_and_another_click_moves_the_selection(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?country=ARG")
    assert page.evaluate(f"() => {GD}.data.find(t => t.name === 'selected').locations") == ["ARG"]
    click_map(page, -66.0, -41.0)  # inside Argentina again: the outline must not swallow clicks
    click_map(page, -100.0, 40.0)  # the United States, past plotly's double-click delay
    page.wait_for_function(f"() => {GD}.data.find(t => t.name === 'selected').locations[0] === 'USA'")
    assert "United States" in page.inner_text("#details-panel h3")

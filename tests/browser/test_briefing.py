"""Briefing-grade features in the real page: languages, shareable URLs, the text version and CSV, search, forum
cards, presentation and print modes, accessibility (axe-core), keyboard-only use and reflow."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.support.axe import axe_violations
from tests.support.browser import GRAPH as GD
from tests.support.browser import new_page, settle, tab_to, wait_for_map

pytestmark = pytest.mark.browser

NBSP = {"\u00a0": " ", "\u202f": " "}


def plain_spaces(text: str) -> str:
    return text.translate(str.maketrans(NBSP))


def engaged(page) -> list[str]:
    return page.evaluate(f"() => {GD}.data.find(t => t.name === 'engaged').locations")


def open_table(page) -> None:
    page.click("#table-toggle")
    page.wait_for_selector("#table-body table tbody tr")


def table_rows(page) -> list[list[str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#table-body tbody tr'))
        .map(tr => Array.from(tr.children).map(cell => cell.innerText.trim()))""")


def only_option(page, name: str) -> None:
    """Wait until the search has narrowed the list to this one country (a loaded machine filters slowly)."""
    page.wait_for_function("""(name) => {
        const options = Array.from(document.querySelectorAll('.dash-dropdown-option'));
        return options.length === 1 && options[0].innerText.trim() === name; }""", arg=name)


# --- languages ----------------------------------------------------------------------------------------------------

def test_french_page_formats_money_and_names_in_french(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?lang=fr")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    details = plain_spaces(page.inner_text("#details-panel"))
    assert "21 millions de dollars" in details and "300 000 $" in details and "$21 million" not in details
    assert "Aperçu des programmes" in details
    assert "Programmes actifs de l'IMPR" in page.inner_text("#map-legend")
    assert watched.console_errors == []


def test_english_page_formats_money_in_english(watched, server_url):
    watched.goto(server_url + "/?lang=en")
    details = watched.page.inner_text("#details-panel")
    assert "$21 million" in details and "$300,000" in details


# --- the URL is the state -------------------------------------------------------------------------------------------

def test_every_change_is_in_the_url_and_a_reload_restores_it(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?lang=fr")
    page.locator("#filter-category input[value='mpdp']").uncheck()
    page.wait_for_function("() => location.search.includes('category=')")
    page.locator("#filter-program input[value='IGC']").check()
    page.wait_for_function("() => location.search.includes('program=IGC')")
    page.locator("#filter-confirmed input").check()
    page.wait_for_function(f"() => location.search.includes('confirmed=1') && {GD}.data.find(t => t.name === 'engaged').locations.length === 2")
    url = page.url
    assert "lang=fr" in url and "category=grsi,forum" in url
    before = sorted(engaged(page))
    page.reload()
    wait_for_map(page)
    assert page.url == url
    assert sorted(engaged(page)) == before
    assert page.locator("#filter-program input[value='IGC']").is_checked()
    assert page.locator("#filter-confirmed input").is_checked()
    assert not page.locator("#filter-category input[value='mpdp']").is_checked()
    assert page.evaluate("() => document.documentElement.lang") == "fr"


def test_shared_link_opens_argentina_in_french(watched, server_url):
    watched.goto(server_url + "/?lang=fr&country=ARG")
    text = watched.page.inner_text("#details-panel")
    assert "Argentine" in text and "Programa Siria" in text and "Confirmé" in text


def test_malformed_url_values_are_ignored(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?lang=xx&category=bogus&program=%3Cscript%3Ealert(1)%3C/script%3E&region=mars"
                              "&years=20x9-2019&confirmed=yes&country=ZZZ&present=2&unknown=1")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert len(engaged(page)) == 23  # every engaged country of the fixture data: the defaults
    assert "Program overview" in page.inner_text("#details-panel")
    assert watched.console_errors == []
    assert page.evaluate("() => !!document.querySelector('script:not([src]):not([type])') && "
                         "document.body.innerHTML.includes('<script>alert')") is False


# --- text version and CSV -----------------------------------------------------------------------------------------

def test_table_follows_the_filters_sorts_and_selects(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/")
    open_table(page)
    rows = table_rows(page)
    assert len(rows) == 49  # every row of the fixture data
    assert all(row[-1] for row in rows)  # every row names its source
    page.locator("#filter-category input[value='forum']").uncheck()
    page.locator("#filter-category input[value='mpdp']").uncheck()
    page.wait_for_function("() => document.querySelectorAll('#table-body tbody tr').length === 6")
    countries = [row[0] for row in table_rows(page)]
    assert countries == sorted(countries)
    page.click("#table-body button:has-text('Country')")
    page.wait_for_function("() => document.querySelector('#table-body th[aria-sort]') && "
                           "document.querySelector('#table-body th[aria-sort=descending]')")
    assert [row[0] for row in table_rows(page)] == sorted(countries, reverse=True)
    page.click("#table-body tbody button:has-text('Spain')")
    page.wait_for_function("() => document.querySelector('#details-panel h3').innerText === 'Spain'")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('country=ESP')")


def test_csv_download_holds_exactly_the_rows_shown(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?lang=fr&category=grsi,mpdp")
    open_table(page)
    shown = table_rows(page)
    with page.expect_download() as info:
        page.click("#table-download")
    download = info.value
    assert download.suggested_filename == "ircc-engagements-migration-fr-pepm-impr.csv"  # named after the view
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == len(shown) == 12  # the fixture's six GRSI and six MPDP rows
    assert [r["Pays"] for r in records] == [row[0] for row in shown]
    # The table links each source; the CSV gives each as text, the same ones in the same order.
    cited = page.evaluate("() => Array.from(document.querySelectorAll('#table-body tbody tr'))"
                          ".map(tr => tr.lastElementChild.querySelectorAll('li').length)")
    assert [len(r["Source"].split(" | ")) for r in records] == cited
    assert [r["Source"].split(". ")[0] for r in records] == [row[-1].split(". ")[0] for row in shown]
    assert {r["Confirmation"] for r in records} == {"Confirmé", "À confirmer"}
    assert all(r["Source"] for r in records)


def test_the_menu_s_data_downloads_follow_the_view(watched, server_url):
    from openpyxl import load_workbook

    page = watched.page
    watched.goto(server_url + "/?lang=fr")
    page.click("#filter-category input[value='mpdp']")  # the view changes after the page was rendered
    page.wait_for_function("() => location.search.includes('category=grsi,forum')")
    page.click("#map-export-menu summary")
    page.wait_for_function("() => document.querySelector('#map-export-menu').open")
    with page.expect_download(timeout=60000) as info:
        page.click("#map-export-menu a[data-export='download/engagements.xlsx']")
    download = info.value
    assert download.suggested_filename == "ircc-engagements-migration-fr-impr-forum.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))  # the saved file has no extension
    assert book.sheetnames == ["Engagements", "À propos", "Sources"]
    assert len(list(book["Engagements"].values)) - 1 == 49 - 6  # every engagement but the six MPDP rows
    package = page.get_attribute("#map-export-menu a[href$='data-package.zip']", "href")
    assert package == "download/data-package.zip"
    assert watched.console_errors == []


# --- search and forum cards ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [("Mexique", "Mexico"), ("mexico", "Mexico"), ("equateur", "Ecuador")])
def test_country_search_finds_names_in_both_languages_without_accents(watched, server_url, typed, expected):
    page = watched.page
    watched.goto(server_url + "/")
    page.click("#search-country")
    page.keyboard.type(typed)
    only_option(page, expected)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#details-panel h3').innerText === '{expected}'")


def test_choosing_a_forum_shows_its_card_and_members(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/")
    page.locator("#filter-program input[value='RCM']").check()
    page.wait_for_selector("#details-panel .forum-focus")
    card = page.inner_text("#details-panel .forum-focus")
    assert "Regional Conference on Migration (RCM)" in card and "Member State" in card
    assert "Countries in the data\n11" in card or "Countries in the data\t11" in card
    assert sorted(engaged(page)) == ["ARG", "BLZ", "CAN", "COL", "CRI", "GTM", "HND", "JAM", "MEX", "SLV", "USA"]


# --- presentation and print ---------------------------------------------------------------------------------------

def test_presentation_mode_is_large_and_arrow_keys_step_through_countries(browser, server_url):
    context, page = new_page(browser, (1920, 1080))
    page.goto(server_url + "/?category=grsi")
    wait_for_map(page)
    page.click("#present-toggle")
    page.wait_for_selector(".page.presenting")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('present=1')")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#details-panel p')).fontSize)")
    assert size >= 20
    assert not page.locator("#filter-category").is_visible()
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('country=ARG')")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('country=DEU')")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('country=ARG')")
    # The key facts show at once; the full text opens on demand while presenting.
    page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('Partner program')")
    page.click("#details-panel .key-facts >> nth=0")
    page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('Programa Siria')")
    context.close()


def test_print_puts_map_details_and_sources_on_one_page(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/?country=ARG")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # as the browser does before printing
    pdf = page.pdf(format="Letter", landscape=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert page.locator(".sources").is_visible() and page.locator("#map-graph").is_visible()
    assert not page.locator("#filter-category").is_visible()


def test_page_shows_date_modified_and_sources(watched, server_url):
    watched.goto(server_url + "/")
    footer = watched.page.inner_text(".site-footer")
    assert "Date modified:" in footer and "UK Government, Home Office (gov.uk)" in footer and "Member Countries" in footer
    assert "How to cite" in footer and "Status as of 2019; data of" in footer


# --- accessibility ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["/?lang=en", "/?lang=fr", "/?lang=en&country=ARG", "/?lang=fr&country=MEX",
                                   "/?lang=en&present=1&country=DEU", "/?lang=fr&present=1"])
def test_axe_finds_no_serious_or_critical_violation(watched, server_url, query):
    page = watched.page
    watched.goto(server_url + query)
    if "present" not in query:
        open_table(page)
    settle(page)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_keyboard_only_journey(watched, server_url):
    page = watched.page
    watched.goto(server_url + "/")

    tab_to(page, "#filter-category input[value='mpdp']")
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('category=grsi,forum')")
    tab_to(page, "#search-country, #search-country *")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('.dash-dropdown-search')")  # the list is open
    page.keyboard.type("Irlande")
    only_option(page, "Ireland")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#details-panel h3').innerText === 'Ireland'")
    assert "Community Sponsorship Ireland" in page.inner_text("#details-panel")
    page.keyboard.press("Shift+Tab")
    page.evaluate("() => document.activeElement.blur()")
    tab_to(page, "#header-lang-link")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.lang === 'fr'")
    page.wait_for_function("() => document.querySelector('#details-panel h3').innerText === 'Irlande'")
    tab_to(page, "#table-toggle")
    page.keyboard.press("Enter")
    page.wait_for_selector("#table-body table")
    tab_to(page, "#table-download")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "ircc-engagements-migration-fr-impr-forum.csv"  # the view's filters


@pytest.mark.parametrize("width", [320, 768])
def test_reflow_without_horizontal_scrolling(browser, server_url, width):
    context, page = new_page(browser, (width, 900))
    page.goto(server_url + "/?country=ARG")
    wait_for_map(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.locator("#details-panel h3").is_visible()
    context.close()

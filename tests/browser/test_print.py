"""The page's Print: one landscape page on Letter and on A4, in English and French, with and without a country, at
every regional focus, nothing cut and no text out of its box; the Print button prints, presentation mode too."""

from __future__ import annotations

import functools
import json

import pytest

from dashboard.core import i18n, load
from dashboard.core.composition import filters_in_words
from dashboard.core.state import parse_query, vocabulary
from dashboard.core.views import REGION_VIEWS, VIEWS
from tests.support import DATA
from tests.support.browser import follow_link, new_page, wait_for_map
from tests.support.printing import PAPERS, layout_problems, lay_out_for, page_size_mm, pdf_pages, print_pdf

pytestmark = pytest.mark.browser

FOCUSES = [view.key for view in REGION_VIEWS]
SCREEN = {"width": 1600, "height": 1000}


@functools.cache
def dataset():
    return load.load(DATA)


@functools.cache
def busiest_country(focus: str) -> str:
    """The country inside the focus with the most engagements (the longest details: the hardest page to fit)."""
    countries, view = dataset().countries, VIEWS[focus]
    inside = {iso3 for iso3, row in countries.iterrows() if view.holds(row["label_lon"], row["label_lat"])}
    engagements = dataset().engagements
    counts = engagements[engagements["iso3"].isin(inside)].groupby("iso3").size()
    return max(counts.index, key=lambda iso3: (counts[iso3], iso3))


def words_of(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def pages(browser, server_url):
    """One page per language, moved from view to view inside the page (tests.support.browser.follow_link)."""
    contexts, opened = [], {}

    def page_for(lang: str):
        if lang not in opened:
            context, page = new_page(browser, (SCREEN["width"], SCREEN["height"]))
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            page.goto(f"{server_url}/?lang={lang}")
            wait_for_map(page)
            contexts.append(context)
            opened[lang] = page
        return opened[lang]

    yield page_for
    for context in contexts:
        context.close()


def show(page, query: str, heading: str) -> None:
    """The view of `query` on screen: the map drawn for its focus, its words, and its details' first heading (the
    country's name, or the overview's title) shown."""
    state = parse_query(vocabulary(dataset()), query)
    page.emulate_media(media="screen")
    page.set_viewport_size(SCREEN)
    follow_link(page, query)
    page.wait_for_function("""([zoom, words, heading]) => {
        const gd = document.querySelector('#map-graph .js-plotly-plot');
        return gd && gd.layout && gd.layout.uirevision === zoom &&
            gd.querySelectorAll('path.choroplethlocation').length >=
                gd.data.find(t => t.name === 'base').locations.length &&
            document.querySelector('#map-view-words').textContent === words &&
            (document.querySelector('#details-body h3') || {}).textContent === heading; }""",
                           arg=[state.zoom, filters_in_words(state), heading], timeout=30000)


@pytest.mark.parametrize("focus", FOCUSES)
@pytest.mark.parametrize("country", [False, True], ids=["overview", "country"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_print_is_one_landscape_page_with_nothing_cut(pages, lang, country, focus):
    query = f"?lang={lang}" + (f"&zoom={focus}" if focus != "world" else "")
    iso3 = busiest_country(focus) if country else None
    query += f"&country={iso3}" if iso3 else ""
    heading = dataset().countries.at[iso3, f"name_{lang}"] if iso3 else i18n.t("overview_title", lang)
    page = pages(lang)
    show(page, query, heading)
    for paper in PAPERS:
        area = lay_out_for(page, paper)
        problems = layout_problems(page, area)
        assert problems == [], f"{paper.name} {query}:\n" + "\n".join(problems)
        # The map fills its printed frame: plotly's drawing scaled into it (assets/app.js), not left in a corner.
        frame, svg = page.evaluate("""() => ['.map-graph', '#map-graph svg.main-svg'].map(s => {
            const box = document.querySelector(s).getBoundingClientRect(); return [box.width, box.height]; })""")
        assert abs(frame[0] - svg[0]) <= 1 and abs(frame[1] - svg[1]) <= 1, (frame, svg)
        assert page.evaluate("() => document.querySelector('#map-graph svg.main-svg').getAttribute('viewBox')")

        printed = pdf_pages(print_pdf(page, paper))
        assert len(printed) == 1, f"{paper.name} {query}: {len(printed)} pages"
        width, height = page_size_mm(printed[0])
        assert abs(width - paper.width) < 1 and abs(height - paper.height) < 1, (paper, width, height)
        text = words_of(printed[0].extract_text())
        for expected in (i18n.t("title", lang), heading, i18n.t("date_modified", lang), i18n.t("sources_title", lang),
                         filters_in_words(parse_query(vocabulary(dataset()), query))):
            assert words_of(expected) in text, (paper.name, query, expected)
    # After printing, the map is the screen's again.
    assert not page.evaluate("() => document.querySelector('#map-graph svg.main-svg').hasAttribute('viewBox')")
    assert page.errors == []


def test_the_print_button_prints_and_presentation_mode_prints_the_same_page(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    try:
        page.goto(server_url + "/?lang=fr&present=1&country=MEX&zoom=central-america-caribbean")
        wait_for_map(page)
        page.click("#print-button")
        page.wait_for_function("() => window.__printed === 1")
        for paper in PAPERS:
            area = lay_out_for(page, paper)
            assert layout_problems(page, area) == []
            visible = {selector: page.locator(selector).is_visible()
                       for selector in ("#details-panel", ".site-footer", "#map-view-words", "#map-legend")}
            assert all(visible.values()), json.dumps(visible)
            printed = pdf_pages(print_pdf(page, paper))
            assert len(printed) == 1
            text = words_of(printed[0].extract_text())
            assert "Mexique" in text and words_of(i18n.t("date_modified", "fr")) in text
            page.emulate_media(media="screen")
    finally:
        context.close()

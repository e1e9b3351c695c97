"""The French page as Chromium renders it: every text and every title, label, placeholder and toolbar tooltip a
person can meet, the tab's title, the dropdowns' own words, the CSV and the data banner, with no English word of
ours and French spacing (tests/support/french.py); and the tab's title following the language link."""

from __future__ import annotations

import csv
import io
import shutil

from tests.support import DATA, french
from tests.support.browser import wait_for_map
from tests.support.server import start_server, stop_server, workers_settle

# Every text node and every attribute a person reads or hears, except what is marked as English (the "English" link,
# the checker's messages in the banner); style and script text are not read.
SHOWN = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest('[lang="en"], script, style')) continue;
    const text = walker.currentNode.textContent.trim();
    if (text) out.push(text);
  }
  for (const element of document.querySelectorAll('[title], [aria-label], [placeholder], [data-title], [alt]')) {
    if (element.closest('[lang="en"]')) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'data-title', 'alt']) {
      const value = element.getAttribute(name);
      if (value) out.push(value);
    }
  }
  return out;
}"""
TOOLBAR = "() => [...document.querySelectorAll('#map-graph .modebar-btn')].map(b => b.getAttribute('data-title'))"


def assert_french(page) -> list[str]:
    shown = page.evaluate(SHOWN) + [page.title()]
    assert french.all_problems(shown) == []
    return shown


def test_the_french_page_tooltips_dropdowns_title_csv_and_banner(browser, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    process, url = start_server(data_dir, workers=1)
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(url + "/?lang=fr&country=ARG&region=europe,south-america")
        wait_for_map(page)
        assert page.title() == "Renforcement des capacités et engagement du Canada en matière de migration internationale"
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        toolbar = page.evaluate(TOOLBAR)
        assert {"Zoom avant", "Zoom arrière", "Réinitialiser la vue"} <= set(toolbar)  # the camera gave way to Download
        shown = assert_french(page)
        assert "2 sélectionnées" in shown  # the region dropdown's count, feminine
        assert any("État en 2019" in text for text in shown)
        # The sources in French around their published titles: publisher, date, a link that opens a new tab.
        assert any("Argentine, Ministerio del Interior" in text for text in shown)
        assert page.locator("#details-panel a.citation-link[target=_blank]").count() >= 3

        page.click("#search-country")
        page.fill("input.dash-dropdown-search", "zzzz")  # the search box, with nothing to show
        page.wait_for_function("() => document.body.innerText.includes('Aucun résultat')")
        assert_french(page)
        page.keyboard.press("Escape")

        page.click("#table-toggle")
        page.wait_for_selector(".data-table")
        assert_french(page)
        with page.expect_download() as info:
            page.click("#table-download")
        assert info.value.suggested_filename == "ircc-engagements-migration-fr-europe-amerique-du-sud.csv"
        rows = list(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
        assert rows[0][:2] == ["ISO3", "Pays"] and "État en 2019" in rows[0]
        assert french.all_problems(cell for row in rows for cell in row[1:-1]) == []  # not the codes: ISO3, row id

        # The language link renders the page again in the other language: the tab's title and the toolbar follow.
        page.click("#header-lang-link")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        page.wait_for_function("() => document.title.startsWith(\"Canada's International\")")
        assert "Zoom in" in page.evaluate(TOOLBAR)
        page.click("#header-lang-link")
        page.wait_for_function("() => document.title.startsWith('Renforcement')")
        page.wait_for_function(f"() => ({TOOLBAR})().includes('Zoom avant')")

        # Newer data files that cannot be used: the banner is French around the checker's English messages.
        path = data_dir / "engagements.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(",grsi,GRSI,", ",grs,GRSI,", 1), encoding="utf-8")
        workers_settle(url, refused=True)  # the server has read the files and refused them
        page.locator("#filter-confirmed input").check()  # a change of view asks for the banner again
        page.wait_for_function("() => !document.querySelector('#data-banner').hidden", timeout=20000)
        banner = page.inner_text("#data-banner")
        assert "Premiers problèmes (messages techniques du vérificateur de données, en anglais)\u00a0:" in banner
        assert "engagements.csv:2:3: category 'grs'" in banner
        assert page.locator("#data-banner code[lang=en]").count() >= 1
        assert_french(page)
    finally:
        context.close()
        log = stop_server(process)
    assert "Traceback" not in log, log

"""In the browser: the whole journey under the Content-Security-Policy with zero violations, two users at once who
never see each other's view, and the live-reload banner appearing and leaving without a page reload."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.support import DATA
from tests.support.browser import GRAPH, QUIET, TRACK_CALLBACKS, click_map, wait_for_map
from tests.support.rows import set_cell
from tests.support.server import start_server, stop_server, workers_settle

pytestmark = pytest.mark.browser

# Records every violation the page reports, from the first script on: the console message alone can be missed.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class User:
    """One browser context (its own cookies, storage and history): what one person sees."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1600, "height": 1000})
        self.context.add_init_script(CSP_WATCH)
        self.context.add_init_script(TRACK_CALLBACKS)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.console.append(m.text))
        self.page.on("pageerror", lambda error: self.console.append(str(error)))
        self.refused: list[str] = []  # callback requests answered >= 400: the checks must pass every real one
        self.page.on("response", lambda r: r.status >= 400 and "/_dash-update-component" in r.url
                     and self.refused.append(f"{r.status} {r.request.post_data[:200]}"))

    def goto(self, url: str):
        response = self.page.goto(url)
        wait_for_map(self.page)
        return response

    def click_lon_lat(self, lon: float, lat: float) -> None:
        click_map(self.page, lon, lat)

    def quiet(self) -> None:
        """Until every callback request has been answered (and, with them, any error the page would log)."""
        self.page.wait_for_function(QUIET)

    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlparse(self.page.url).query).items()}

    def details(self) -> str:
        return self.page.inner_text("#details-panel")

    def view(self) -> dict:
        """What the person sees: the map's coloured countries, the selection, the legend, the details, the language."""
        return {
            "engaged": sorted(self.page.evaluate(f"() => {GRAPH}.data.find(t => t.name === 'engaged').locations")),
            "legend": self.page.inner_text("#map-legend"),
            "details": self.details(),
            "lang": self.page.evaluate("() => document.documentElement.lang"),
            "checked": sorted(self.page.eval_on_selector_all("#filter-category input:checked",
                                                             "els => els.map(e => e.value)")),
        }

    def violations(self) -> list[str]:
        return self.page.evaluate("() => window.__cspViolations")

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def users(browser):
    made: list[User] = []

    def make() -> User:
        made.append(User(browser))
        return made[-1]

    yield make
    for user in made:
        user.close()


def assert_no_csp_trouble(user: User) -> None:
    assert user.refused == []
    assert user.violations() == []
    assert [m for m in user.console if "Content Security Policy" in m or "Refused to" in m] == []
    assert [m for m in user.console if "rror" in m] == []


# --- the journey under the policy -----------------------------------------------------------------------------------

def test_the_whole_journey_has_no_csp_violation(users, server_url):
    user = users()
    page = user.page
    response = user.goto(server_url + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "unsafe-eval" not in csp  # the policy is really in force
    # Filter: GRSI only.
    for value in ("mpdp", "forum"):
        page.locator(f"#filter-category input[value='{value}']").uncheck()
    page.wait_for_function(f"() => {GRAPH}.data.find(t => t.name === 'engaged').locations.length === 6")
    # Hover a country (plotly draws its hover label) and click it.
    user.click_lon_lat(-66.0, -41.0)  # Patagonia: Argentina
    page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('Programa Siria')")
    page.mouse.move(300, 300)
    # Another filter control, then the language.
    page.locator("#filter-confirmed input").check()
    page.wait_for_function("() => location.search.includes('confirmed=1')")
    page.click("#header-lang-link")
    page.wait_for_function("() => document.documentElement.lang === 'fr'")
    page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('Programme partenaire')")
    # The text version, when the page has one: open it, sort it, pick a row (pattern-matching callbacks).
    if page.locator("#table-toggle").count():
        page.click("#table-toggle")
        page.wait_for_selector("#table-body table tbody tr")
        sorted_th = "#table-body th[aria-sort=ascending], #table-body th[aria-sort=descending]"
        order = page.get_attribute(sorted_th, "aria-sort")
        page.locator(sorted_th).locator("button").click()  # the sorted column, the other way round
        page.wait_for_function("([th, order]) => document.querySelector(th)"
                               " && document.querySelector(th).getAttribute('aria-sort') !== order",
                               arg=[sorted_th, order])
        before = page.url
        page.locator("#table-body tbody button").filter(has_not_text="Argentine").first.click()
        page.wait_for_function("(before) => location.href !== before", arg=before)
        # Back: the view before the pick.
        page.go_back()
        page.wait_for_function("(before) => location.href === before", arg=before)
    page.click("#filter-reset")
    page.wait_for_function(f"() => {GRAPH}.data.find(t => t.name === 'engaged').locations.length > 6")
    user.quiet()
    assert_no_csp_trouble(user)


# --- two users at once ----------------------------------------------------------------------------------------------

def test_two_users_at_once_never_see_each_others_view(users, server_url):
    alice, bruno = users(), users()
    alice.goto(server_url + "/?category=grsi&country=ARG")
    bruno.goto(server_url + "/?lang=fr&region=europe&country=CHE")
    assert "Argentina" in alice.details() and "Suisse" in bruno.details()

    # Interleaved changes: each acts before the other's answer is back.
    alice.page.locator("#filter-category input[value='forum']").check()
    bruno.page.locator("#filter-confirmed input").check()
    alice.page.wait_for_function("() => location.search.includes('category=grsi,forum')")
    bruno.page.wait_for_function("() => location.search.includes('confirmed=1')")

    alice.click_lon_lat(-100.0, 40.0)  # the United States
    bruno.page.click("#header-lang-link")
    alice.page.wait_for_function("() => location.search.includes('country=USA')")
    bruno.page.wait_for_function("() => document.documentElement.lang === 'en'")

    alice.page.click("#header-lang-link")
    bruno.page.locator("#filter-category input[value='mpdp']").uncheck()
    alice.page.wait_for_function("() => document.documentElement.lang === 'fr'")
    bruno.page.wait_for_function("() => location.search.includes('category=grsi,forum')")
    alice.quiet()
    bruno.quiet()

    assert alice.query() == {"lang": "fr", "category": "grsi,forum", "country": "USA"}
    assert bruno.query() == {"lang": "en", "category": "grsi,forum", "region": "europe", "confirmed": "1",
                             "country": "CHE"}
    alice_view, bruno_view = alice.view(), bruno.view()
    assert "États-Unis" in alice_view["details"] and "Switzerland" not in alice_view["details"]
    assert "Switzerland" in bruno_view["details"] and "United States" not in bruno_view["details"]
    assert alice_view["lang"] == "fr" and bruno_view["lang"] == "en"
    assert set(bruno_view["engaged"]) < set(alice_view["engaged"]) or bruno_view["engaged"] != alice_view["engaged"]

    # Each page is exactly what its own address gives to a newcomer: nothing of the other user got in.
    for user, seen in ((alice, alice_view), (bruno, bruno_view)):
        newcomer = users()
        newcomer.goto(user.page.url)
        assert newcomer.view() == seen
    for user in (alice, bruno):
        assert_no_csp_trouble(user)


# --- the live-reload banner --------------------------------------------------------------------------------------

def test_the_banner_comes_and_goes_with_the_data_files_without_a_reload(users, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    process, url = start_server(data_dir, workers=2)
    try:
        user = users()
        page = user.page
        user.goto(url + "/?country=ARG")
        assert page.locator("#data-banner").is_hidden()

        set_cell(data_dir, "grsi-arg", "category", "grs")
        workers_settle(url, refused=True)
        page.locator("#filter-confirmed input").check()  # any change of view asks for the banner again
        page.wait_for_function("() => !document.querySelector('#data-banner').hidden", timeout=20000)
        banner = page.inner_text("#data-banner")
        assert "still shows the last good data" in banner
        assert "engagements.csv:3:3: category 'grs'" in banner
        # The last good data is still on screen and still answers.
        assert "Programa Siria" in user.details()
        wait_for_map(page)  # every country still drawn

        page.click("#header-lang-link")
        page.wait_for_function("() => document.querySelector('#data-banner').innerText.includes('Premiers problèmes')")

        # One save: three saves in a row would let the workers settle on the first, valid but not yet the last.
        set_cell(data_dir, "grsi-arg", "category", "grsi", description_en="Programa Siria, reloaded.",
                 description_fr="Programa Siria, rechargé.")
        workers_settle(url, refused=False, data_dir=data_dir)
        page.locator("#filter-confirmed input").uncheck()
        page.wait_for_function("() => document.querySelector('#data-banner').hidden", timeout=20000)
        page.wait_for_function("() => document.querySelector('#details-panel').innerText.includes('rechargé')")
        assert page.url.startswith(url)
        assert_no_csp_trouble(user)
    finally:
        log = stop_server(process)
    assert "Traceback" not in log, log

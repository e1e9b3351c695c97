"""Presenting a briefing in the real page, at 1280 x 720 and 1920 x 1080, in English and French: keys that keep their
meaning, a details card that fits and hides no country shown where there is room, choosing what to show without
leaving presentation mode, and briefings built, reloaded from their link, saved, opened and played with the keys."""

from __future__ import annotations

import json
import locale
from pathlib import Path

import pytest

from dashboard.core import briefing as bf
from dashboard.core import load
from dashboard.core.state import vocabulary
from tests.support import DATA
from tests.support.axe import axe_violations
from tests.support.browser import GRAPH as GD
from tests.support.browser import QUIET, new_page, next_frames, open_page, settle

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1920, 1080)]


def country(page) -> str | None:
    return page.evaluate("() => new URLSearchParams(location.search).get('country')")


def press_and_wait(page, key: str, before: str | None) -> str:
    page.keyboard.press(key)
    page.wait_for_function("(before) => new URLSearchParams(location.search).get('country') !== before", arg=before)
    settle(page)
    return country(page)


def names(page) -> dict:
    return page.evaluate(f"() => {GD}.layout.meta.names")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_arrows_and_page_keys_step_the_countries_shown_in_name_order_with_a_counter(browser, server_url, lang):
    context, page = open_page(browser, server_url, f"?lang={lang}&present=1&zoom=europe&category=grsi")
    seen = []
    for _ in range(4):
        seen.append(press_and_wait(page, "ArrowRight", seen[-1] if seen else None))
    shown = names(page)
    ordered = sorted(seen, key=lambda code: locale.strxfrm(shown[code]))
    # Europe's GRSI countries, by their names in the page's language (Allemagne, Espagne, Irlande, Royaume-Uni).
    assert seen == ordered and set(seen) == {"DEU", "ESP", "GBR", "IRL"}
    counter = page.inner_text("#present-counter")
    assert counter.endswith(("4 of 4", "4 sur 4")) and shown[seen[-1]] in counter
    assert press_and_wait(page, "PageDown", seen[-1]) == seen[0]  # a clicker's key, wrapping with the counter at 1
    assert page.inner_text("#present-counter").endswith(("1 of 4", "1 sur 4"))
    assert press_and_wait(page, "PageUp", seen[0]) == seen[-1]
    context.close()


def test_a_regional_button_gives_the_arrows_back_to_the_countries(browser, server_url):
    context, page = open_page(browser, server_url, "?lang=en&present=1")
    page.click("#map-zoom label:has(input[value='europe'])")
    page.wait_for_function("() => location.search.includes('zoom=europe')")
    settle(page)
    assert press_and_wait(page, "ArrowRight", None) is not None
    assert "zoom=europe" in page.evaluate("() => location.search")  # the focus did not move to the next region
    context.close()


def test_the_chosen_region_keeps_its_contrast(browser, server_url):
    context, page = open_page(browser, server_url, "?lang=en&present=1")
    page.click("#map-zoom label:has(input[value='europe'])")
    page.wait_for_function("() => location.search.includes('zoom=europe')")
    colours = page.evaluate("""() => { const label = document.querySelector("#map-zoom label:has(input:checked)");
        const text = label.querySelector('.dash-options-list-option-text') || label;
        return [getComputedStyle(text).color, getComputedStyle(label).backgroundColor]; }""")
    assert contrast(*colours) >= 4.5, colours
    context.close()


def contrast(foreground: str, background: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(part) / 255 for part in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_pressed_legend_row_leaves_no_fade(browser, server_url):
    context, page = open_page(browser, server_url, "?lang=en&present=1")
    page.click("#map-legend-toggle-mpdp")  # hide the MPDP projects
    page.wait_for_function("() => !location.search.includes('mpdp') && location.search.includes('category=')")
    settle(page)
    opacity = page.evaluate(f"""() => {{ const gd = {GD};
        return gd.data.filter(t => ['engaged', 'grsi', 'forum'].includes(t.name)).map(t => t.marker.opacity); }}""")
    faded = [value for value in opacity
             if not (value is None or value == 1 or (isinstance(value, list) and all(v == 1 for v in value)))]
    assert faded == [], opacity  # every country and marker still shown keeps its full colour
    context.close()


def test_escape_closes_the_card_then_leaves_presentation(browser, server_url):
    context, page = open_page(browser, server_url, "?lang=fr&present=1&country=CAN")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('country=')")
    assert "present=1" in page.evaluate("() => location.search")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present=1')")
    context.close()


# --- the card ---------------------------------------------------------------------------------------------------------

CARDS = [("world", "CAN"), ("world", "GBR"), ("europe", "GBR"), ("europe", "DEU"), ("central-america-caribbean", "GTM"),
         ("south-america", "ARG"), ("asia-pacific", "AUS"), ("north-america", "USA"), ("africa-middle-east", "MAR")]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_card_shows_every_key_fact_without_scrolling_and_hides_the_fewest_countries(browser, server_url, size):
    """Canada's card (eight engagements, the chairs first) fits the 22 px projector text without a scroll; the card
    stands where it hides the fewest countries shown (their markers), never over the selected country."""
    hidden = {}
    context, page = new_page(browser, size)
    for zoom, code in CARDS:
        page.goto(f"{server_url}/?lang=en&present=1&zoom={zoom}&country={code}")
        page.wait_for_selector(".page.presenting.has-country .details[data-hides]", timeout=30000)
        settle(page)
        card = page.evaluate("""() => { const d = document.querySelector('.details');
            const lines = [...d.querySelectorAll('.key-facts')].map(l => { const r = l.getBoundingClientRect();
                const b = d.getBoundingClientRect(); return r.bottom <= b.bottom + 1 && r.top >= b.top - 1; });
            return {scrolls: d.scrollHeight > d.clientHeight + 1, lines: lines, hides: +d.dataset.hides,
                    font: parseFloat(getComputedStyle(document.documentElement).fontSize)}; }""")
        assert card["font"] == 22 and not card["scrolls"] and all(card["lines"]), (zoom, code, card)
        hidden[(zoom, code)] = card["hides"]
    print(f"countries under the card at {size}: {hidden}")
    if size == (1920, 1080):
        assert all(count == 0 for count in hidden.values()), hidden
    else:  # a smaller frame: Canada's eight lines leave no free corner of the world view; the rest nearly all free
        assert sum(count == 0 for count in hidden.values()) >= len(CARDS) - 4, hidden
    page.goto(f"{server_url}/?lang=en&present=1&country=CAN")
    page.wait_for_selector(".details[data-hides]")
    canada = page.evaluate("() => [...document.querySelectorAll('.key-facts .role')].map(e => e.innerText)")
    assert canada[:2] == ["Chair", "Chair"] and len(canada) == 8  # the chairs first
    context.close()


# --- choosing what to show while presenting ----------------------------------------------------------------------------

def choose(page, label: str) -> None:
    page.click("#present-show")
    page.click(f".dash-dropdown-option:has-text({json.dumps(label)})")
    settle(page)


def test_grsi_then_m5_then_igc_without_leaving_presentation_mode(browser, server_url):
    context, page = open_page(browser, server_url, "?lang=en&present=1&zoom=central-america-caribbean")
    actions = 0
    choose(page, "GRSI programs (all)")
    actions += 2
    page.wait_for_function("() => location.search.includes('category=grsi')")
    choose(page, "Migration Five (M5)")
    actions += 2
    page.wait_for_function("() => location.search.includes('program=M5')")
    assert page.is_visible(".details .forum-focus")  # the forum's card: its role and members
    assert "Canada" in page.inner_text(".details .forum-focus")
    choose(page, "Intergovernmental Consultations on Migration, Asylum and Refugees (IGC)")
    actions += 2
    page.wait_for_function("() => location.search.includes('program=IGC')")
    assert page.is_visible(".page.presenting") and "present=1" in page.evaluate("() => location.search")
    assert actions == 6  # two each (open the list, pick), against 9, 9 and 21 to 23 before
    context.close()


# --- briefings ---------------------------------------------------------------------------------------------------------

def add_step(page) -> None:
    count = page.locator(".briefing-step").count()
    page.click(".briefing button[data-action=add]")
    page.wait_for_function("(n) => document.querySelectorAll('.briefing-step').length === n", arg=count + 1)


def legend_only(page, wanted: set[str]) -> None:
    """Show only these categories by pressing the legend's rows, as a briefer does."""
    for category in ("mpdp", "grsi", "forum"):
        pressed = page.get_attribute(f"#map-legend-toggle-{category}", "aria-pressed") == "true"
        if pressed != (category in wanted):
            page.click(f"#map-legend-toggle-{category}")
            page.wait_for_function("([c, on]) => document.querySelector('#map-legend-toggle-' + c)"
                                   ".getAttribute('aria-pressed') === String(on)", arg=[category, category in wanted])
            settle(page)


def build_four(page) -> None:
    """A five-minute briefing: the overview, GRSI, Central America's MPDP projects, the forums."""
    add_step(page)
    legend_only(page, {"grsi"})
    page.wait_for_function("() => location.search.includes('category=grsi')")
    add_step(page)
    legend_only(page, {"mpdp"})
    page.click("#map-zoom label:has(input[value='central-america-caribbean'])")
    page.wait_for_function("() => location.search.includes('zoom=central') && location.search.includes('category=mpdp')")
    add_step(page)
    legend_only(page, {"forum"})
    page.click("#map-zoom label:has(input[value='world'])")
    page.wait_for_function("() => !location.search.includes('zoom=') && location.search.includes('category=forum')")
    add_step(page)


@pytest.mark.parametrize(("lang", "size"), [("en", (1280, 720)), ("fr", (1920, 1080))])
def test_a_briefing_is_built_captioned_reloaded_saved_opened_and_played(browser, server_url, lang, size, tmp_path):
    context, page = new_page(browser, size, accept_downloads=True)
    page.goto(f"{server_url}/?lang={lang}")
    page.wait_for_selector(".briefing")
    build_four(page)
    assert page.locator(".briefing-step").count() == 4
    # A caption in one language only: the other language's page marks it.
    page.click(".briefing button[data-action=edit][data-step='2']")
    page.fill(".briefing-editor [data-field='en-title'] input", "GRSI <b>partners</b> $x$")
    page.fill(".briefing-editor [data-field='en-note'] textarea", "Five countries sponsor refugees as Canada does.")
    page.click(".briefing button[data-action=caption]")
    page.wait_for_selector(".briefing-step-title:has-text('GRSI <b>partners</b> $x$')")
    assert (page.locator(".briefing-other").count() == 1) == (lang == "fr")
    # Reorder by keyboard: focus the button, Enter.
    page.focus(".briefing button[data-action=down][data-step='1']")
    page.keyboard.press("Enter")
    page.wait_for_selector(".briefing-step:first-child .briefing-step-title:has-text('GRSI')")
    page.focus(".briefing button[data-action=up][data-step='2']")
    page.keyboard.press("Enter")
    page.wait_for_selector(".briefing-step:nth-child(2) .briefing-step-title:has-text('GRSI')")
    # The link restores it.
    link = page.url
    page.goto(link)
    page.wait_for_selector(".briefing-step:nth-child(4)")
    # Saved as its file, and opened again in a fresh page.
    with page.expect_download() as download:
        page.click(".briefing a[download]")
    saved = tmp_path / "briefing.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["steps"]) == 4
    assert data["steps"][1]["caption"]["en"]["title"] == "GRSI <b>partners</b> $x$"
    page.goto(f"{server_url}/?lang={lang}")
    page.wait_for_selector(".briefing")
    page.set_input_files("#briefing-upload input[type=file]", str(saved))
    page.wait_for_selector(".briefing-step:nth-child(4)")
    # Played with the keys: the caption large above the map, never over it.
    page.click(".briefing button[data-action=play]")
    page.wait_for_selector(".page.presenting.playing .briefing-counter")
    assert page.inner_text(".briefing-counter") in ("Step 1 of 4", "Étape 1 sur 4")
    page.keyboard.press("PageDown")
    page.wait_for_function("() => location.search.includes('step=2')")
    page.wait_for_selector(".briefing-caption-title:has-text('GRSI <b>partners</b> $x$')")
    caption, graph = (page.locator(sel).bounding_box() for sel in ("#briefing-caption", "#map-graph"))
    assert caption["y"] + caption["height"] <= graph["y"] + 1  # above the map
    assert press_and_wait(page, "ArrowRight", None) is not None  # the countries of the step
    assert "step=2" in page.evaluate("() => location.search")
    page.screenshot(path=str(SHOTS / f"briefing-playing-{lang}-{size[0]}x{size[1]}.png"))
    axe = axe_violations(page)
    assert axe == [], json.dumps(axe, indent=1)
    context.close()


SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize(("name", "content"), [
    ("not-json.json", b"{oops"), ("wrong-version.json", b'{"version": 9, "steps": []}'),
    ("unknown-view.json", b'{"version": 1, "steps": [{"view": "program=NOPE"}]}'),
    ("markup.json", b'{"version": 1, "steps": [{"view": "", "caption": {"en": {"title": "\\u0007<script>"}}}]}'),
])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_file_says_why_in_the_pages_language_and_keeps_the_briefing(browser, server_url, tmp_path, name,
                                                                          content, lang):
    context, page = open_page(browser, server_url, f"?lang={lang}")
    add_step(page)
    bad = tmp_path / name
    bad.write_bytes(content)
    page.set_input_files("#briefing-upload input[type=file]", str(bad))
    message = page.wait_for_selector(".briefing-message").inner_text()
    try:
        bf.from_json(content, vocabulary(load.load(DATA)), "en")
    except bf.BriefingError as error:
        english, french = error.message("en"), error.message("fr")
    assert " ".join(message.split()) == " ".join({"en": english, "fr": french}[lang].split())  # the page's language
    assert page.locator(".briefing-step").count() == 1  # the current briefing kept
    assert page.evaluate("() => document.querySelectorAll('.briefing script, .briefing b').length") == 0
    context.close()


def test_a_fifty_megabyte_file_is_refused_in_the_page(browser, server_url, tmp_path):
    context, page = open_page(browser, server_url, "?lang=en")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (bf.MAX_FILE_BYTES + 1))
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "_dash-update" in request.url else None)
    page.evaluate("""() => { window.__picked = new Promise(done => document
        .querySelector('#briefing-upload input[type=file]').addEventListener('change', done, {once: true})); }""")
    page.set_input_files("#briefing-upload input[type=file]", str(big))
    page.evaluate("() => window.__picked.then(() => true)")  # the page has the file...
    next_frames(page)
    page.wait_for_function(QUIET)  # ... and has sent nothing, or had its answer
    assert asked == [] and page.locator(".briefing-step").count() == 0  # refused before it is sent
    context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axe_finds_nothing_serious_in_the_briefing_panel_the_caption_editor_and_a_forum_card(browser, server_url, lang):
    context, page = open_page(browser, server_url, f"?lang={lang}")
    add_step(page)
    page.click(".briefing button[data-action=edit][data-step='1']")
    page.wait_for_selector(".briefing-editor")
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    page.goto(f"{server_url}/?lang={lang}&present=1&program=M5&country=CAN")
    page.wait_for_selector(".page.presenting.has-country .details[data-hides]")
    settle(page)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_offline_briefing_plays_its_steps_with_the_keys_asking_for_nothing(browser, server_url, tmp_path, lang):
    import urllib.request
    from urllib.parse import quote

    vocab = vocabulary(load.load(DATA))
    briefing = bf.Briefing()
    for view in ("", "category=grsi", "category=mpdp&zoom=central-america-caribbean", "program=M5"):
        briefing = bf.add(briefing, view, vocab=vocab)
    briefing = bf.set_caption(briefing, 2, "en", "GRSI <b>partners</b> $x$", "Five countries.")
    url = f"{server_url}/export/briefing.html?lang={lang}&briefing={quote(bf.to_param(briefing), safe='')}"
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    path = tmp_path / "briefing.html"
    path.write_bytes(body)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    asked: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri()
                  else (asked.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => document.documentElement.getAttribute('data-step-drawn') === '1'", timeout=60000)
    assert page.inner_text("#step-counter") in ("Step 1 of 4", "Étape 1 sur 4")
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.documentElement.getAttribute('data-step-drawn') === '2'")
    assert page.inner_text("section[data-step='2'] .caption-title") == "GRSI <b>partners</b> $x$"  # text, not markup
    assert page.is_hidden("section[data-step='1']") and page.is_visible("section[data-step='2']")
    countries = len(load.load(DATA).countries)  # every country of the data drawn
    assert page.evaluate("() => document.querySelectorAll('#map path.choroplethlocation').length") >= countries
    page.keyboard.press("PageUp")
    page.wait_for_function("() => document.documentElement.getAttribute('data-step-drawn') === '1'")
    assert asked == []  # not one request: the file holds plotly.js, the shapes and every step
    context.close()

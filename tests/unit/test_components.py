"""Tests for dashboard.components: the trees the layout builders return, walked like a browser would read them."""

from __future__ import annotations

import re

import pytest
from dash.development.base_component import Component
from dash import html

from dashboard.core import i18n, schema
from dashboard.ui import ids
from tests.support import REPO
from tests.support.components import components, texts
from dashboard.ui.components.details import details_body
from dashboard.ui.components.filters import filter_panel
from dashboard.ui.components.header import header
from dashboard.ui.components.layout import page, shell
from dashboard.ui.components.map_panel import legend
from dashboard.core.i18n import STRINGS
from dashboard.core.state import ViewState, parse_query, to_query, vocabulary

GEOJSON_URL = "/data/countries.geojson?v=test"
TOPOJSON_URL = "/assets/topojson/"
# Props whose strings a person reads (or hears, with a screen reader).
def text_of(node) -> str:
    return " ".join(texts(node))


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def by_id(tree, component_id: str) -> Component:
    found = [c for c in components(tree) if getattr(c, "id", None) == component_id]
    assert len(found) == 1, f"{component_id}: {len(found)} components"
    return found[0]


def full_page(dataset, state: ViewState) -> list:
    return page(dataset, state, GEOJSON_URL, TOPOJSON_URL)


# --- details ----------------------------------------------------------------------------------------------------

def test_details_of_argentina(dataset):
    body = details_body(dataset, ViewState(country="ARG"))
    shown = texts(body)
    assert "Argentina" in shown
    assert any("Programa Siria" in text for text in shown)
    # Each source followable: its title a link to the document, opened in a new tab without access to this page.
    links = {c.href: c for c in components(body) if isinstance(c, html.A) and "citation-link" in (c.className or "")}
    infoleg = dataset.sources.at["S03", "url_en"]
    assert infoleg in links and links[infoleg].target == "_blank" and "noopener" in links[infoleg].rel
    assert any("Disposición 3915/2014" in text for text in shown)
    assert "Argentina, Ministerio del Interior y Transporte, Dirección Nacional de Migraciones (InfoLEG)" in shown
    assert "October 14, 2014" in shown
    assert "2 engagements" in shown
    assert "status as of 2019" in shown  # once for the card, with each line's status
    assert i18n.t("cat_grsi", "en") in shown and i18n.t("cat_forum", "en") in shown


def test_details_of_argentina_in_french(dataset):
    shown = texts(details_body(dataset, ViewState(lang="fr", country="ARG")))
    assert "Argentine" in shown
    assert ("Programa Siria, créé par la Disposición 3915/2014 en octobre 2014; partenaire de l'IMPR depuis 2017."
            in shown)
    body = details_body(dataset, ViewState(lang="fr", country="ARG"))
    hrefs = {c.href for c in components(body) if isinstance(c, html.A)}
    # GRSI's release has a French version: its French title and address, not the English copy's.
    assert dataset.sources.at["S04", "url_fr"] in hrefs and dataset.sources.at["S04", "url_en"] not in hrefs
    assert "Cinq pays mettent au point de nouveaux programmes de parrainage de réfugiés" in shown
    assert "14 octobre 2014" in shown
    assert "état en 2019" in shown  # once for the card, with each line's state
    assert i18n.t("cat_grsi", "fr") in shown


def test_details_count_hidden_engagements(dataset):
    shown = texts(details_body(dataset, ViewState(country="ARG", categories=("forum",))))
    assert "1 engagement" in shown
    assert "1 engagement of this country is hidden by the filters." in shown
    assert not any("Programa Siria" in text for text in shown)


def test_details_of_a_country_without_engagements(dataset):
    assert "FRA" in dataset.countries.index
    assert not (dataset.engagements["iso3"] == "FRA").any()  # the premise: France has no engagement in the data
    for lang in i18n.LANGS:
        shown = texts(details_body(dataset, ViewState(lang=lang, country="FRA")))
        assert i18n.t("details_none", lang) in shown
        assert dataset.countries.at["FRA", f"name_{lang}"] in shown


def test_unconfirmed_engagement_is_marked_in_details(dataset):
    shown = texts(details_body(dataset, ViewState(country="MEX")))
    assert i18n.t("confirmed_no", "en") in shown and i18n.t("confirmed_yes", "en") in shown
    classes = [getattr(c, "className", None) or "" for c in components(details_body(dataset, ViewState(country="MEX")))]
    assert sum("unconfirmed" in c.split() for c in classes) == 1  # MEX: MPDP unconfirmed, RCM confirmed


def test_overview_funding_amounts_in_english(dataset):
    shown = text_of(details_body(dataset, ViewState()))
    for amount in ("$300,000", "$700,000", "$21 million"):
        assert amount in shown, amount
    assert i18n.t("overview_title", "en") in shown


def test_overview_funding_amounts_in_french(dataset):
    shown = plain(text_of(details_body(dataset, ViewState(lang="fr"))))
    for amount in ("300 000 $", "700 000 $", "21 millions de dollars"):
        assert amount in shown, amount
    amounts = [plain(text_of(c)) for c in components(details_body(dataset, ViewState(lang="fr")))
               if "amount" in (getattr(c, "className", None) or "").split()]
    assert len(amounts) >= 3
    assert not any(re.search(r"\$\s?\d", text) for text in amounts), amounts  # French puts the $ after
    assert i18n.t("overview_title", "fr") in shown


def test_overview_lists_every_program(dataset):
    shown = texts(details_body(dataset, ViewState()))
    for name in dataset.programs["name_en"]:
        assert name in shown


# --- legend -----------------------------------------------------------------------------------------------------

# Countries with a row of each category in the fixture data: the six MPDP project countries of Central America, the
# six GRSI countries, and the 21 countries with a forum row (all 23 engaged ones but Spain and Ireland, GRSI only).
COUNTRIES_PER_CATEGORY = {"en": {"mpdp": "6 countries", "grsi": "6 countries", "forum": "21 countries"},
                          "fr": {"mpdp": "6 pays", "grsi": "6 pays", "forum": "21 pays"}}


def legend_items(tree) -> dict[str, list[str]]:
    items = {}
    for component in components(tree):
        for category in schema.CATEGORIES:
            if f"legend-{category}" in (getattr(component, "className", None) or "").split():
                items[category] = texts(component)
    return items


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_legend_in_the_page_shows_labels_and_counts(dataset, lang):
    tree = by_id(full_page(dataset, ViewState(lang=lang)), ids.MAP_LEGEND)
    items = legend_items(tree)
    for category in schema.CATEGORIES:
        assert i18n.t(f"cat_{category}", lang) in items[category]
        assert COUNTRIES_PER_CATEGORY[lang][category] in items[category]


def test_legend_counts_follow_the_filters(dataset):
    tree = by_id(full_page(dataset, ViewState(categories=("grsi",))), ids.MAP_LEGEND)
    items = legend_items(tree)
    assert "6 countries" in items["grsi"]
    assert "0 countries" in items["mpdp"] and "0 countries" in items["forum"]


def test_legend_builder_uses_the_singular(dataset):
    items = legend_items(legend({"mpdp": 1, "grsi": 0, "forum": 2}, "en"))
    assert "1 country" in items["mpdp"] and "0 countries" in items["grsi"] and "2 countries" in items["forum"]


# --- filters ----------------------------------------------------------------------------------------------------

def test_filter_panel_ids_and_options(dataset):
    panel = filter_panel(dataset, ViewState())
    for component_id in (ids.FILTER_CATEGORY, ids.FILTER_PROGRAM, ids.FILTER_REGION, ids.FILTER_YEARS,
                         ids.FILTER_CONFIRMED, ids.FILTER_RESET):
        by_id(panel, component_id)
    category = by_id(panel, ids.FILTER_CATEGORY)
    assert [o["value"] for o in category.options] == ["mpdp", "grsi", "forum"]
    assert category.value == ["mpdp", "grsi", "forum"]
    assert sorted(o["value"] for o in by_id(panel, ids.FILTER_PROGRAM).options) == sorted(dataset.programs.index)
    assert sorted(o["value"] for o in by_id(panel, ids.FILTER_REGION).options) == \
        sorted(set(dataset.countries["region"]))
    years = by_id(panel, ids.FILTER_YEARS)
    assert (years.min, years.max) == dataset.year_bounds
    assert list(years.value) == list(dataset.year_bounds)
    assert by_id(panel, ids.FILTER_CONFIRMED).value == []


def test_filter_panel_shows_the_state(dataset):
    state = ViewState(lang="fr", categories=("forum",), programs=("IGC",), regions=("europe",),
                      years=(2017, 2019), confirmed_only=True)
    panel = filter_panel(dataset, state)
    assert by_id(panel, ids.FILTER_CATEGORY).value == ["forum"]
    assert by_id(panel, ids.FILTER_PROGRAM).value == ["IGC"]
    assert by_id(panel, ids.FILTER_REGION).value == ["europe"]
    assert list(by_id(panel, ids.FILTER_YEARS).value) == [2017, 2019]
    assert by_id(panel, ids.FILTER_CONFIRMED).value == ["yes"]
    shown = texts(panel)
    assert i18n.t("filter_reset", "fr") in shown and i18n.t("region_europe", "fr") in shown


# --- header -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("state", [
    ViewState(),
    ViewState(lang="fr"),
    ViewState(lang="fr", categories=("grsi", "forum"), programs=("IGC",), regions=("europe",),
              years=(2017, 2019), confirmed_only=True, country="ARG"),
    ViewState(categories=("mpdp",), country="FRA"),
], ids=["en", "fr", "fr-full", "en-mpdp-FRA"])
def test_language_link_keeps_the_view_in_the_other_language(dataset, state):
    link = by_id(header(state), ids.HEADER_LANG_LINK)
    other = "fr" if state.lang == "en" else "en"
    assert link.href == to_query(state.replace(lang=other))
    assert parse_query(vocabulary(dataset), link.href) == state.replace(lang=other)
    assert i18n.t("other_lang_name", state.lang) in texts(link)


# --- the whole page ---------------------------------------------------------------------------------------------

def test_every_id_is_in_the_first_layout_once(dataset):
    tree = [shell(), *full_page(dataset, ViewState(country="ARG"))]
    found = [c.id for c in components(tree) if isinstance(getattr(c, "id", None), str)]
    assert len(found) == len(set(found)), sorted(i for i in found if found.count(i) > 1)
    # *_TYPE names are the "type" of pattern-matching ids (table rows), not ids of their own.
    declared = {value for name, value in vars(ids).items()
                if name.isupper() and isinstance(value, str) and not name.endswith("_TYPE")}
    declared |= set(ids.MAP_LEGEND_COUNT.values())
    assert declared <= set(found), declared - set(found)


def data_strings(dataset) -> set[str]:
    """Every cell of the data files, and each part of a ';'-separated source: data, not interface text."""
    cells = set()
    for frame in (dataset.countries, dataset.engagements, dataset.programs, dataset.funding, dataset.reasons,
                  dataset.sources):
        for column in frame.columns:
            for value in frame[column]:
                if isinstance(value, str):
                    cells.add(value)
                    cells.update(part.strip() for part in value.split(";"))
    return cells


@pytest.mark.parametrize("country", [None, "ARG", "CHE", "FRA"])
def test_french_page_has_no_english_only_interface_string(dataset, country):
    english_only = {entry["en"]: key for key, entry in STRINGS.items() if entry["en"] != entry["fr"]}
    from_data = data_strings(dataset)
    shown = texts(full_page(dataset, ViewState(lang="fr", country=country)))
    assert len(shown) > 50
    leaks = sorted({(text, english_only[text]) for text in shown if text in english_only and text not in from_data})
    assert leaks == []


def test_english_page_has_no_french_only_interface_string(dataset):
    french_only = {entry["fr"]: key for key, entry in STRINGS.items() if entry["en"] != entry["fr"]}
    from_data = data_strings(dataset)
    shown = texts(full_page(dataset, ViewState(lang="en")))
    assert sorted({(t, french_only[t]) for t in shown if t in french_only and t not in from_data}) == []


def test_main_region_carries_the_page_language(dataset):
    for lang in i18n.LANGS:
        mains = [c for c in components(full_page(dataset, ViewState(lang=lang))) if type(c).__name__ == "Main"]
        assert [m.lang for m in mains] == [lang]


# --- French words the components carry ---------------------------------------------------------------

def test_the_region_dropdown_speaks_the_pages_language_and_agrees_in_gender(dataset):
    region = by_id(filter_panel(dataset, ViewState(lang="fr")), ids.FILTER_REGION)
    assert region.labels["selected_count"] == "{num_selected} sélectionnées"  # des régions
    assert region.labels["clear_selection"] == "Effacer la sélection"
    assert region.labels["no_options_found"] == "Aucun résultat"
    search = by_id(full_page(dataset, ViewState(lang="fr")), ids.SEARCH_COUNTRY)
    assert search.labels["selected_count"] == "{num_selected} sélectionnés"  # des pays
    assert by_id(filter_panel(dataset, ViewState()), ids.FILTER_REGION).labels["clear_selection"] == "Clear selection"


@pytest.mark.parametrize("lang, zoom_in", [("fr", "Zoom avant"), ("en", "Zoom in")])
def test_the_map_toolbar_locale_travels_with_the_graph(dataset, lang, zoom_in):
    config = by_id(full_page(dataset, ViewState(lang=lang)), ids.MAP_GRAPH).config
    assert config["locale"] == lang and config["locales"][lang]["dictionary"]["Zoom in"] == zoom_in
    assert "toImage" in config["modeBarButtonsToRemove"]  # the Download menu's exports replace the camera


@pytest.mark.parametrize("lang, note", [("en", "Status as of 2019"), ("fr", "État en 2019")])
def test_the_legend_says_which_year_the_statuses_describe(dataset, lang, note):
    legend_texts = texts(by_id(full_page(dataset, ViewState(lang=lang)), ids.MAP_LEGEND))
    assert any(text.startswith(note) for text in legend_texts)


# --- citations ----------------------------------------------------------------------------------------------------

def _citation(**changes):
    from dashboard.core.citations import Citation
    values = dict(id="S09", title="Startschuss", title_lang="de", publisher="BMI", date="May 6, 2019",
                  url="https://www.bmi.bund.de/x.html", read="seen", note="", lang="en")
    return Citation(**{**values, **changes})


def test_a_citation_links_its_title_in_a_new_tab_and_marks_its_language(dataset):
    from dashboard.ui.components.citations import citation_children
    children = citation_children(_citation(), "en")
    (link,) = [c for c in children if isinstance(c, html.A)]
    assert (link.href, link.target, link.rel, link.hrefLang) == (
        "https://www.bmi.bund.de/x.html", "_blank", "noopener noreferrer", "de")
    assert link.lang == "de" and link.children == "Startschuss"  # the title, in its own language
    # "(opens in a new tab)" said to a screen reader as the link's description: once in the page, hidden on screen.
    assert getattr(link, "aria-describedby") == ids.NEW_TAB_NOTE
    assert children[0] == "BMI" and "May 6, 2019" in children
    (note,) = [c for c in components(full_page(dataset, ViewState(lang="fr"))) if getattr(c, "id", None) == ids.NEW_TAB_NOTE]
    assert note.hidden is True and note.children.strip() == "(s'ouvre dans un nouvel onglet)"
    unlinked = citation_children(_citation(url=None), "en")
    assert [c.children for c in unlinked if isinstance(c, html.Cite)] == ["Startschuss"]  # a title, without a link


def test_a_citation_says_when_its_link_is_to_a_copy_and_when_there_is_none():
    from dashboard.ui.components.citations import citation_children
    copy = texts(citation_children(_citation(read="copy", title_lang="en"), "fr"))
    assert "le lien mène à une copie" in copy
    missing = citation_children(_citation(url=None, read="not-found"), "en")
    assert not [c for c in missing if isinstance(c, html.A)] and "Address not found." in missing


def test_the_footer_lists_every_source_and_how_to_cite(dataset):
    from dashboard.ui.components.footer import footer
    tree = footer(dataset, ViewState(lang="fr"))
    items = [c for c in components(tree) if isinstance(c, html.Li)]
    assert len(items) == len(dataset.sources)
    (line,) = [c for c in components(tree) if "how-to-cite" in (getattr(c, "className", None) or "")]
    assert line.children.startswith("Immigration, Réfugiés et Citoyenneté Canada (IRCC).")


def test_the_footer_gives_each_source_s_note(dataset):
    from dashboard.ui.components.footer import footer
    shown = texts(footer(dataset, ViewState(lang="en")))
    assert dataset.sources.at["S01", "note_en"] in shown  # IRCC's page: read only on a copy, and why


# --- the download's status line ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_download_status_carries_every_message_in_the_pages_language(lang):
    from dashboard.ui.components.downloads import MESSAGES, export_status

    status = export_status(ViewState(lang=lang)).to_plotly_json()["props"]
    assert status["id"] == ids.MAP_EXPORT_STATUS and status["role"] == "status"
    for name, key in MESSAGES.items():
        assert status[f"data-{name}"] == STRINGS[key][lang]  # the placeholders are filled in the browser
    (_message, retry) = status["children"]
    assert retry.children == i18n.t("export_retry", lang) and retry.hidden is True


def test_app_js_says_only_the_messages_the_status_line_carries():
    """assets/app.js's say("<kind>") reads data-<kind>: every kind it says exists, with the placeholders it fills."""
    from dashboard.ui.components.downloads import MESSAGES

    script = (REPO / "assets" / "app.js").read_text(encoding="utf-8")
    said = dict(re.findall(r'say\("(\w+)"(?:, \{(\w*)[:}])?', script)) | {
        kind: "" for kind in re.findall(r'say\(response\.status === 503 \? "(\w+)" : "(\w+)"', script)[0]}
    assert said and set(said) <= set(MESSAGES), said
    for kind, placeholder in said.items():
        for lang in ("en", "fr"):
            assert (f"{{{placeholder}}}" in STRINGS[MESSAGES[kind]][lang]) == bool(placeholder), (kind, lang)

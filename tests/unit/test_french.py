"""Every French string a person can see: the string table, the citations, the page built in French (its texts,
titles, dropdown words, the map's toolbar locale and hover), the CSV and the file names, the sign-in's answers, the
exports' words and notes, and "How to cite" (the spreadsheet and the data package: tests/unit/test_reuse.py); the
shipped data's French columns are checked by tests/shipped_data/test_shipped.py. Each must have no English word of
our own, French spacing (a no-break space before ':' and inside « »), and a translation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from dash.development.base_component import Component

from dashboard.core import composition, i18n
from dashboard.core.citations import citation, how_to_cite
from dashboard.core.live import ReloadFailure
from dashboard.core.problems import Problem
from dashboard.core.state import ViewState
from dashboard.core.tables import engagement_table, shown_rows, to_csv
from dashboard.core.text import image_name, table_file_name
from dashboard.ui.banner import banner_children
from dashboard.ui.components.details import details_body
from dashboard.ui.components.layout import page
from dashboard.ui.components.text_version import table_children
from dashboard.ui.figures import hover_texts
from tests.support import french

# The language link's text names the other language in it ("English", shown with lang="en").
OTHER_LANGUAGE = {"other_lang_name"}


# --- the checker itself can fail ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, fault", [
    ("Statut : Actif", "plain (breaking) space before ':'"),
    ("Statut: Actif", "no no-break space before ':'"),
    ("« Non confirmé\u00a0»", "after '«'"),
    ("«\u00a0Non confirmé »", "before '»'"),
    ("Pourquoi le Canada investit-il ?", "a space before"),
    ("Clear selection", "English word 'Clear'"),
    ("2 selected", "English word 'selected'"),
    ("Téléchargement du graphique (Download plot)", "English word 'Download'"),
    ("Source\u00a0: IOM news release", "English word 'news'"),
])
def test_the_checker_finds_each_fault(text, fault):
    assert any(fault in problem for problem in french.problems(text)), french.problems(text)


@pytest.mark.parametrize("text", [
    "Statut\u00a0: Actif", "Les lignes marquées «\u00a0Non confirmé\u00a0» sont des attributions",
    "Pourquoi le Canada investit-il?", "Contours des pays\u00a0: Natural Earth, 1:50m",
    "« Game-Changing Solutions: Applying Innovation to the Migration Management Continuum\u00a0»"[0] + "\u00a0"
    + "Game-Changing Solutions: Applying Innovation to the Migration Management Continuum\u00a0»",
])
def test_the_checker_accepts_french_as_it_should_be(text):
    assert french.problems(text) == []


# --- the string table ---------------------------------------------------------------------------------------------

def test_every_french_string_reads_as_french():
    faults = {f"{key}: {problem}" for key in sorted(set(i18n.STRINGS) - OTHER_LANGUAGE)
              for problem in french.problems(i18n.t(key, "fr"))}
    assert sorted(faults) == []


def test_french_and_english_differ_wherever_the_english_has_words_of_ours():
    """A French string equal to its English one is a translation left out, unless no English word is in it."""
    same = [key for key, entry in i18n.STRINGS.items()
            if key not in OTHER_LANGUAGE and entry["fr"] == entry["en"] and french.english_words(entry["en"])]
    assert same == []


def test_the_toolbar_locale_is_french_and_covers_the_buttons_of_a_geo_map():
    dictionary = i18n.plotly_locale("fr")["dictionary"]
    assert french.all_problems(dictionary.values()) == []
    for message in ("Download plot as a PNG", "Zoom in", "Zoom out", "Reset", "Pan",
                    "Toggle show closest data on hover", "Preparing image - this may take a few seconds"):
        assert dictionary[message] != message


# --- citations (the shipped data's French columns: tests/shipped_data/test_shipped.py) ----------------------

def test_a_title_the_publisher_gives_in_french_is_cited_in_french(dataset):
    mcee = citation(dataset.sources, "S25", "fr")
    assert mcee.title == ("Évaluation de l'enveloppe pour la coopération et l'engagement en matière de migration "
                          "(ECEM)") and "/fr/" in mcee.url and mcee.date == "mai 2025"
    assert citation(dataset.sources, "S10", "fr").publisher == "Processus de Bali, Bureau régional d'appui"


# --- the page as built in French ----------------------------------------------------------------------------------

def shown_texts(node, found: list[str] | None = None) -> list[str]:
    """Every string a person can see or hear in a component tree: text children, titles, labels, placeholders,
    dropdown words and option labels, the map's hover and toolbar locale; not what is marked lang="en"."""
    found = [] if found is None else found
    if isinstance(node, str):
        found.append(node)
    elif isinstance(node, (list, tuple)):
        for item in node:
            shown_texts(item, found)
    elif isinstance(node, dict):
        for value in node.values():
            shown_texts(value, found)
    elif isinstance(node, Component):
        if getattr(node, "lang", None) == "en":
            return found
        for prop in ("children", "title", "placeholder", "aria-label", "labels", "label"):
            value = getattr(node, prop, None) if "-" not in prop else node.to_plotly_json()["props"].get(prop)
            if value is not None:
                shown_texts(value, found)
        for option in getattr(node, "options", None) or []:
            shown_texts(option.get("label") if isinstance(option, dict) else option, found)
        config = getattr(node, "config", None)
        if isinstance(config, dict):
            shown_texts(config.get("locales", {}), found)
    return found


VIEWS = [ViewState(lang="fr"), ViewState(lang="fr", country="ARG"), ViewState(lang="fr", country="MEX"),
         ViewState(lang="fr", country="CHE"), ViewState(lang="fr", country="CAN", programs=("IGC",)),
         ViewState(lang="fr", country="NZL", categories=("grsi",)), ViewState(lang="fr", programs=("GFMD",)),
         ViewState(lang="fr", presenting=True, regions=("europe", "north-america"))]


@pytest.mark.parametrize("state", VIEWS, ids=lambda s: s.country or ",".join(s.programs) or "overview")
def test_the_french_page_has_no_english_and_french_spacing(dataset, state):
    texts = shown_texts(page(dataset, state, "/g.json", "/t/"))
    # What it reads includes the dropdowns' own words, the toolbar's locale and the year of the statuses.
    assert {"Effacer la sélection", "{num_selected} sélectionnées", "Zoom avant"} <= set(texts)
    assert any("État en 2019" in text for text in texts)
    assert french.all_problems(texts) == []


def test_every_country_in_french_details_reads_as_french(dataset):
    faults = set()
    for iso3 in sorted(set(dataset.engagements["iso3"])):
        faults |= set(french.all_problems(shown_texts(details_body(dataset, ViewState(lang="fr", country=iso3)))))
    assert sorted(faults) == []


def test_the_french_hover_reads_as_french(dataset):
    texts = hover_texts(dataset, "fr")
    plain = [text.replace("<b>", "").replace("</b>", "").replace("<br>", "\n") for text in texts]
    assert french.all_problems(plain) == []


def test_the_french_table_csv_and_file_names(dataset):
    state = ViewState(lang="fr", categories=("grsi", "forum"), programs=("IGC",), regions=("north-america",),
                      years=(2017, 2019), country="ARG")
    table = engagement_table(dataset, shown_rows(dataset, ViewState(lang="fr")), "fr")
    assert french.all_problems(shown_texts(table_children(table, "fr", ("country", True), dataset.status_as_of))) == []
    rows = list(csv.reader(io.StringIO(to_csv(table, "fr", dataset.status_as_of))))
    assert rows[0][:2] == ["ISO3", "Pays"] and rows[0][-1] == "Identifiant" and "État en 2019" in rows[0]
    # Every cell but the first and the last, ISO3 and the row's id: codes, the same in both languages, not words.
    assert french.all_problems(cell for row in rows for cell in row[1:-1]) == []
    for name in (image_name(state), table_file_name(state)):
        assert french.english_words(name.replace("-", " ")) == [], name
    assert image_name(state) == "ircc-carte-engagements-migration-fr-impr-forum-cig-amerique-du-nord-2017-2019-ARG"
    assert table_file_name(state) == "ircc-engagements-migration-fr-impr-forum-cig-amerique-du-nord-2017-2019.csv"


def test_the_french_banner_frames_the_checkers_english_messages(dataset):
    failure = ReloadFailure(problems=(Problem("engagements.csv", 3, 3, "category 'grs': Input should be 'mpdp'"),),
                            failed_at=dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.timezone.utc))
    children = banner_children(failure, dt.datetime(2026, 12, 2, 13, 0, tzinfo=dt.timezone.utc), "fr")
    texts = shown_texts(children)
    assert french.all_problems(texts) == []
    assert any("2 décembre 2026 à 13 h 00" in text for text in texts)
    assert "category 'grs'" in json.dumps(children, default=lambda c: c.to_plotly_json())  # shown, marked English


# --- sign-in, exports, how to cite -------------------------------------------------------------------------------

def test_the_sign_in_answers_read_as_french():
    from dashboard.server import auth
    too_many = i18n.both_languages("auth_too_many", seconds=12)
    for text in (too_many, auth.REALM, i18n.both_languages("auth_required")):
        english, _, text_fr = text.strip().partition(" / ")
        assert english and text_fr, text
        assert french.problems(text_fr) == [], text_fr
    assert "échouées\u00a0: réessayez dans 12\u00a0s." in too_many


EXPORT_VIEWS = [ViewState(lang="fr"), ViewState(lang="fr", country="MEX"),
                ViewState(lang="fr", categories=("grsi", "forum"), programs=("IGC",), regions=("europe",),
                          years=(2017, 2019), confirmed_only=True, country="CHE")]


@pytest.mark.parametrize("state", EXPORT_VIEWS, ids=["overview", "MEX", "filtered"])
def test_every_export_word_reads_as_french(dataset, state):
    """The composition every export draws (title, filters, legend, sources, dates) and the slide's notes."""
    shown = composition.Shown.of(dataset, state)
    words = composition.compose(dataset, shown, "https://exemple.gc.ca/carte")
    texts = [words.title, words.department, words.subtitle, words.summary, words.selected, words.legend_title,
             *(entry.label for entry in words.legend), *(entry.count for entry in words.legend), words.sources_text(),
             words.sources_text(300), words.date_modified, words.geometry_credit, words.view_line,
             *composition.notes(dataset, shown)]
    assert french.all_problems(texts) == []
    assert french.english_words(words.file_stem.replace("-", " ")) == []


def test_how_to_cite_reads_as_french(dataset):
    line = how_to_cite(dataset.metadata, "fr", "https://exemple.gc.ca/carte")
    assert french.problems(line) == []
    assert "État en 2019" in line and dataset.metadata["date_modified"] in line and "(IRCC)" in line

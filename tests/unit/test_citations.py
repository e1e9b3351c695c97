"""Tests for dashboard.core.citations on a small synthetic sources table: one source as data and text per language,
the sources of rows most cited first, and the "How to cite" line."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import citations

SOURCES = pd.DataFrame([
    {"id": "S01", "title_en": "An English report", "title_fr": "Un rapport français", "publisher_en": "IRCC",
     "publisher_fr": "IRCC (fr)", "date": "2025-05", "language": "en", "url_en": "https://example.org/en",
     "address_en": "seen", "url_fr": "https://example.org/fr", "address_fr": "seen", "accessed": None,
     "note_en": "", "note_fr": ""},
    {"id": "S02", "title_en": "A copy's title", "title_fr": "", "publisher_en": "A publisher",
     "publisher_fr": "Un éditeur", "date": "", "language": "en", "url_en": "https://mirror.example/x",
     "address_en": "copy", "url_fr": None, "address_fr": None, "accessed": None, "note_en": "Read on a mirror.",
     "note_fr": "Lu sur un miroir."},
    {"id": "S10", "title_en": "Disposición 1/2014", "title_fr": "", "publisher_en": "Argentina",
     "publisher_fr": "Argentine", "date": "2014-10-14", "language": "es", "url_en": None,
     "address_en": "not-found", "url_fr": None, "address_fr": None, "accessed": None, "note_en": "", "note_fr": ""},
]).set_index("id", drop=False)


def test_a_source_in_english_and_in_french():
    english = citations.citation(SOURCES, "S01", "en")
    assert (english.title, english.publisher, english.date, english.url) == (
        "An English report", "IRCC", "May 2025", "https://example.org/en")
    assert english.text() == "IRCC. An English report. May 2025. https://example.org/en"
    french = citations.citation(SOURCES, "S01", "fr")
    assert (french.title, french.title_lang, french.url, french.date) == (
        "Un rapport français", "fr", "https://example.org/fr", "mai 2025")


def test_without_a_french_title_the_published_one_is_cited_in_its_language():
    french = citations.citation(SOURCES, "S10", "fr")
    assert french.title == "Disposición 1/2014" and french.title_lang == "es" and french.date == "14 octobre 2014"


def test_a_copy_and_a_missing_address_are_said_in_words():
    copy = citations.citation(SOURCES, "S02", "en")
    assert copy.text() == "A publisher. A copy's title. Undated. Read on a copy: https://mirror.example/x"
    assert citations.citation(SOURCES, "S02", "fr").text().endswith("Sans date. Lu sur une copie\u00a0: "
                                                                     "https://mirror.example/x")
    missing = citations.citation(SOURCES, "S10", "en")
    assert missing.url is None and missing.read == "not-found" and missing.text().endswith("Address not found.")


@pytest.mark.parametrize("value, lang, expected", [
    ("2019", "en", "2019"), ("2019-03", "fr", "mars 2019"), ("2019-03-06", "en", "March 6, 2019"),
    ("2019-04-01", "fr", "1er avril 2019"), ("", "fr", "Sans date"),
])
def test_dates_as_a_reader_writes_them(value, lang, expected):
    assert citations.format_date(value, lang) == expected


def test_the_sources_of_rows_most_cited_first_then_by_id():
    rows = pd.DataFrame({"sources": [("S10", "S02"), ("S02",), ("S01", "S02", "S10")]})
    assert citations.cited_ids(rows) == ("S02", "S10", "S01")
    found = citations.citations(SOURCES, rows, "fr")
    assert [c.id for c in found] == ["S02", "S10", "S01"] and {c.lang for c in found} == {"fr"}
    assert citations.citations_text(found).count("\n") == 2
    # A cell as the CSV file has it is read the same way.
    assert citations.cited_ids(pd.DataFrame({"sources": ["S01;S02", "S02"]})) == ("S02", "S01")


def test_a_row_s_citations_keep_its_order():
    row = pd.Series({"sources": ("S10", "S01")})
    assert [c.id for c in citations.row_citations(SOURCES, row, "en")] == ["S10", "S01"]


def test_how_to_cite_in_both_languages():
    metadata = {"status_as_of": "2019", "date_modified": "2026-12-02"}
    assert citations.how_to_cite(metadata, "en") == (
        "Immigration, Refugees and Citizenship Canada (IRCC). Canada's International Migration Capacity Building and "
        "Engagement: map dashboard. Status as of 2019; data of 2026-12-02.")
    assert citations.how_to_cite(metadata, "fr", "https://exemple.gc.ca/carte?lang=fr") == (
        "Immigration, Réfugiés et Citoyenneté Canada (IRCC). Renforcement des capacités et engagement du Canada en "
        "matière de migration internationale\u00a0: carte interactive. État en 2019; données du 2026-12-02. "
        "https://exemple.gc.ca/carte?lang=fr")
    # A public address configured in metadata.csv is given when the caller has none.
    assert citations.how_to_cite({**metadata, "public_url": "https://x.example/"}, "en").endswith(
        " https://x.example/")

"""Tests for dashboard.core.tables: the text version's table, its CSV, its sort and the rows it shows."""

from __future__ import annotations

import io
import unicodedata

import pandas as pd
import pytest

from dashboard.core import filtering, i18n
from dashboard.core.citations import citation
from dashboard.core.state import ViewState
from dashboard.core.tables import COLUMNS, DEFAULT_SORT, SORTABLE, engagement_table, next_sort, shown_rows, to_csv

PROGRAM_CATEGORY = {"MPDP": "mpdp", "GRSI": "grsi", "IGC": "forum", "RCM": "forum", "GFMD": "forum", "M5": "forum"}


def engagements(*rows: dict) -> pd.DataFrame:
    """Engagement rows shaped like load's (the columns the table reads), with defaults a test does not care about."""
    records = []
    for number, row in enumerate(rows):
        program = row.get("program", "IGC")
        records.append({
            "id": row.get("id", f"row-{number}"), "iso3": row.get("iso3", "CAN"),
            "category": row.get("category", PROGRAM_CATEGORY[program]), "program": program,
            "role": row.get("role", "member"), "start_year": row.get("start"), "end_year": row.get("end"),
            "status": row.get("status", "active"), "amount_cad": row.get("amount"),
            "description_en": row.get("description_en", "English text"),
            "description_fr": row.get("description_fr", "Texte français"),
            "sources": row.get("sources", ("S01",)),
            "confirmed": row.get("confirmed", True),
        })
    frame = pd.DataFrame.from_records(records, columns=[
        "id", "iso3", "category", "program", "role", "start_year", "end_year", "status", "amount_cad",
        "description_en", "description_fr", "sources", "confirmed"])
    frame["start_year"] = frame["start_year"].astype("Int64")
    frame["end_year"] = frame["end_year"].astype("Int64")
    frame["amount_cad"] = frame["amount_cad"].astype("Float64")
    frame["confirmed"] = frame["confirmed"].astype(bool)
    return frame


def plain(text: str) -> str:
    """Babel's French spaces (no-break, narrow no-break) as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


def column(table: pd.DataFrame, name: str) -> list:
    return list(table[name])


# --- engagement_table: the cells ---------------------------------------------------------------------------------

def test_one_row_per_engagement_with_ids_and_columns(dataset):
    rows = engagements({"id": "a", "iso3": "ARG", "program": "GRSI"}, {"id": "b", "iso3": "CHE"},
                       {"id": "c", "iso3": "CHE", "program": "GFMD"})
    table = engagement_table(dataset, rows, "en")
    assert list(table.columns) == ["id", "iso3", *COLUMNS, "source_ids", "citations"]
    assert sorted(table["id"]) == ["a", "b", "c"]
    assert list(table.index) == [0, 1, 2]
    assert dict(zip(table["id"], table["iso3"])) == {"a": "ARG", "b": "CHE", "c": "CHE"}


def test_cells_in_english(dataset):
    rows = engagements({"iso3": "MEX", "program": "MPDP", "role": "project-location", "start": 2017, "end": 2019,
                        "status": "completed", "amount": 21_500_000, "confirmed": False,
                        "sources": ("S20", "S21")})
    (record,) = engagement_table(dataset, rows, "en").to_dict("records")
    assert record["country"] == "Mexico"
    assert record["category"] == i18n.t("cat_short_mpdp", "en") == "MPDP projects"
    assert record["program"] == i18n.t("program_MPDP", "en")
    assert record["role"] == "Project location"
    assert record["years"] == "2017 to 2019"
    assert record["status"] == "Completed"
    assert record["amount"] == "$21,500,000"
    assert record["confirmed"] == "Not confirmed"
    assert record["description"] == "English text"
    # Each source cited, as text (publisher, title, date, address), and as data for the links the page shows.
    texts = [citation(dataset.sources, source_id, "en").text() for source_id in ("S20", "S21")]
    assert record["source"] == " | ".join(texts)
    assert record["source"].startswith("Asylum Capacity Support Group (ACSG)") and "https://" in record["source"]
    assert [c.id for c in record["citations"]] == ["S20", "S21"] and record["source_ids"] == "S20;S21"


def test_cells_in_french(dataset):
    rows = engagements({"iso3": "MEX", "program": "MPDP", "role": "project-location", "start": 2017, "end": 2019,
                        "status": "completed", "amount": 21_000_000, "confirmed": False,
                        "sources": ("S25",)})
    (record,) = engagement_table(dataset, rows, "fr").to_dict("records")
    assert record["country"] == "Mexique"
    assert record["category"] == "Projets du PEPM"
    assert record["program"] == "PEPM"
    assert record["role"] == "Lieu de projet"
    assert record["years"] == "2017 à 2019"
    assert record["status"] == "Terminé"
    assert plain(record["amount"]) == "21 millions de dollars"  # whole millions in words, as the sources give them
    assert record["confirmed"] == "À confirmer"
    assert record["description"] == "Texte français"
    # The publisher's French title and address, never the English ones.
    assert record["source"] == citation(dataset.sources, "S25", "fr").text()
    assert "Évaluation de l'enveloppe" in record["source"] and "/fr/" in record["source"]


@pytest.mark.parametrize("lang, known, unknown", [("en", "Confirmed", "Unknown"), ("fr", "Confirmé", "Inconnu")])
def test_missing_amount_is_not_known_and_confirmed_is_words(dataset, lang, known, unknown):
    rows = engagements({"id": "none", "amount": None, "confirmed": True}, {"id": "some", "amount": 300_000})
    table = engagement_table(dataset, rows, lang).set_index("id")
    assert table.at["none", "amount"] == unknown
    assert plain(table.at["some", "amount"]) == ("$300,000" if lang == "en" else "300 000 $")
    assert table.at["none", "confirmed"] == known


@pytest.mark.parametrize("start, end, expected", [
    (2017, 2019, "2017 to 2019"), (2019, 2019, "2019"), (2016, None, "From 2016"), (None, 2013, "Until 2013"),
    (None, None, "Years unknown"),
])
def test_years_text(dataset, start, end, expected):
    table = engagement_table(dataset, engagements({"start": start, "end": end}), "en")
    assert column(table, "years") == [expected]


def test_unsupported_language_falls_back_to_english(dataset):
    rows = engagements({"iso3": "DEU", "status": "planned"})
    assert engagement_table(dataset, rows, "de").equals(engagement_table(dataset, rows, "en"))
    assert column(engagement_table(dataset, rows, "de"), "country") == ["Germany"]


def test_empty_rows_give_an_empty_table_with_every_column(dataset):
    table = engagement_table(dataset, engagements(), "fr")
    assert table.empty
    assert list(table.columns) == ["id", "iso3", *COLUMNS, "source_ids", "citations"]


def test_rows_are_not_changed(dataset):
    rows = engagements({"iso3": "ESP"}, {"iso3": "ARG"})
    before = rows.copy()
    engagement_table(dataset, rows, "fr", ("years", False))
    pd.testing.assert_frame_equal(rows, before)


# --- engagement_table: the sort ----------------------------------------------------------------------------------

def test_default_sort_is_country_then_program(dataset):
    rows = engagements({"id": "che-igc", "iso3": "CHE", "program": "IGC"},
                       {"id": "arg-rcm", "iso3": "ARG", "program": "RCM"},
                       {"id": "che-gfmd", "iso3": "CHE", "program": "GFMD"},
                       {"id": "arg-grsi", "iso3": "ARG", "program": "GRSI"})
    # English: Argentina < Switzerland; GFMD < IGC, GRSI < RCM.
    assert column(engagement_table(dataset, rows, "en"), "id") == ["arg-grsi", "arg-rcm", "che-gfmd", "che-igc"]
    # French: Argentine < Suisse; CIG (IGC) < FMMD (GFMD), CRM (RCM) < IMPR (GRSI): the shown names decide.
    assert column(engagement_table(dataset, rows, "fr"), "id") == ["arg-rcm", "arg-grsi", "che-igc", "che-gfmd"]


def test_country_sort_ignores_accents_and_case(dataset):
    rows = engagements({"iso3": "ESP"}, {"iso3": "USA"}, {"iso3": "ECU"}, {"iso3": "ARE"}, {"iso3": "DEU"},
                       {"iso3": "CHE"})
    table = engagement_table(dataset, rows, "fr")
    assert column(table, "country") == ["Allemagne", "Émirats arabes unis", "Équateur", "Espagne", "États-Unis",
                                        "Suisse"]
    assert sorted(column(table, "country")) != column(table, "country")  # a plain code-point sort would differ


def test_the_default_sort_is_collated_in_both_languages(dataset):
    for lang in i18n.LANGS:
        names = column(engagement_table(dataset, dataset.engagements, lang), "country")
        assert len(names) == len(dataset.engagements)
        assert [folded(n) for n in names] == sorted(folded(n) for n in names), lang
    assert "Équateur" in column(engagement_table(dataset, dataset.engagements, "fr"), "country")


def test_sort_by_years_is_numeric_with_unknown_last(dataset):
    rows = engagements({"id": "2019", "start": 2019, "end": 2020}, {"id": "unknown", "iso3": "ARG"},
                       {"id": "2009", "start": 2009}, {"id": "2017", "start": 2017, "end": 2017},
                       {"id": "2014", "start": 2014})
    table = engagement_table(dataset, rows, "en", ("years", True))
    # By the shown text, "2017" and "2019 to 2020" would come before "From 2009".
    assert column(table, "id") == ["2009", "2014", "2017", "2019", "unknown"]
    assert column(table, "years")[-1] == "Years unknown"


def test_sort_by_years_breaks_ties_by_country(dataset):
    rows = engagements({"id": "che", "iso3": "CHE", "start": 2017}, {"id": "arg", "iso3": "ARG", "start": 2017},
                       {"id": "can", "iso3": "CAN", "start": 2015})
    assert column(engagement_table(dataset, rows, "en", ("years", True)), "id") == ["can", "arg", "che"]


def test_descending_sort(dataset):
    rows = engagements({"id": "arg", "iso3": "ARG", "start": 2015}, {"id": "che", "iso3": "CHE", "start": 2019},
                       {"id": "can", "iso3": "CAN", "start": 2017})
    assert column(engagement_table(dataset, rows, "en", ("country", False)), "id") == ["che", "can", "arg"]
    years = column(engagement_table(dataset, rows, "en", ("years", False)), "id")
    assert years == ["che", "can", "arg"]


@pytest.mark.parametrize("name", SORTABLE)
def test_every_sortable_column_sorts_by_what_is_shown(dataset, name):
    rows = engagements(
        {"iso3": "MEX", "program": "MPDP", "role": "project-location", "status": "planned", "start": 2019},
        {"iso3": "ARG", "program": "GRSI", "role": "partner-program", "status": "active", "start": 2014,
         "confirmed": False},
        {"iso3": "CHE", "program": "IGC", "role": "chair", "status": "completed", "start": 2016},
    )
    for lang in i18n.LANGS:
        for ascending in (True, False):
            shown = column(engagement_table(dataset, rows, lang, (name, ascending)), name)
            if name == "years":
                shown = [int(text.split()[-1]) for text in shown]  # "From 2019" / "Depuis 2019"
                expected = sorted(shown, reverse=not ascending)
            else:
                expected = sorted(shown, key=folded, reverse=not ascending)
            assert shown == expected, (lang, ascending)


@pytest.mark.parametrize("sort", [("amount", True), ("description", False), ("source", True), ("nope", True),
                                  ("id", False)])
def test_unsortable_column_falls_back_to_the_default_sort(dataset, sort):
    rows = engagements({"iso3": "CHE", "amount": 1}, {"iso3": "ARG", "amount": 9}, {"iso3": "CAN", "amount": 5})
    assert column(engagement_table(dataset, rows, "en", sort), "iso3") == ["ARG", "CAN", "CHE"]
    assert engagement_table(dataset, rows, "en", sort).equals(engagement_table(dataset, rows, "en"))


# --- to_csv ------------------------------------------------------------------------------------------------------

CSV_ROWS = ({"id": "grsi-arg", "iso3": "ARG", "program": "GRSI", "role": "partner-program", "start": 2014,
             "description_en": "Programa Siria, created 2014", "description_fr": "Programa Siria, créé en 2014",
             "sources": ("S03",)},
            {"id": "mpdp-mex", "iso3": "MEX", "program": "MPDP", "role": "project-location", "start": 2015,
             "amount": 700_000, "confirmed": False, "description_en": "Projects", "description_fr": "Projets",
             "sources": ("S20",)})


def test_csv_in_english_exactly(dataset):
    csv = to_csv(engagement_table(dataset, engagements(*CSV_ROWS), "en"), "en", 2019)
    arg, mex = (citation(dataset.sources, source_id, "en").text() for source_id in ("S03", "S20"))
    assert csv.splitlines() == [
        "ISO3,Country,Category,Program or forum,Role,Years,Status as of 2019,Amount,Confirmation,Description,Source,"
        "Source IDs,Row ID",
        'ARG,Argentina,GRSI programs,GRSI,Partner program,From 2014,Active,Unknown,Confirmed,'
        f'"Programa Siria, created 2014","{arg}",S03,grsi-arg',
        'MEX,Mexico,MPDP projects,MPDP,Project location,From 2015,Active,"$700,000",Not confirmed,Projects,'
        f'"{mex}",S20,mpdp-mex',
    ]
    assert csv.endswith("\n") and "\r" not in csv


def test_csv_in_french_exactly(dataset):
    csv = plain(to_csv(engagement_table(dataset, engagements(*CSV_ROWS), "fr"), "fr", 2019))
    arg, mex = (plain(citation(dataset.sources, source_id, "fr").text()) for source_id in ("S03", "S20"))
    assert csv.splitlines() == [
        "ISO3,Pays,Catégorie,Programme ou forum,Rôle,Années,État en 2019,Montant,Confirmation,Description,Source,"
        "Identifiants des sources,Identifiant",
        "ARG,Argentine,Programmes de l'IMPR,IMPR,Programme partenaire,Depuis 2014,En cours,Inconnu,Confirmé,"
        f'"Programa Siria, créé en 2014","{arg}",S03,grsi-arg',
        "MEX,Mexique,Projets du PEPM,PEPM,Lieu de projet,Depuis 2015,En cours,700 000 $,À confirmer,Projets,"
        f'"{mex}",S20,mpdp-mex',
    ]


def test_csv_holds_the_table_rows_in_its_order(dataset):
    table = engagement_table(dataset, dataset.engagements, "fr", ("years", False))
    parsed = pd.read_csv(io.StringIO(to_csv(table, "fr", dataset.status_as_of)), dtype=str, keep_default_na=False)
    assert list(parsed.columns)[0] == "ISO3" and list(parsed.columns)[-1] == "Identifiant"
    assert list(parsed["Identifiant"]) == list(table["id"])
    assert list(parsed["Pays"]) == list(table["country"])
    assert list(parsed["Source"]) == list(table["source"]) == [
        " | ".join(texts) for texts in dataset.engagements.set_index("id").loc[table["id"], "citations_fr"]]
    assert list(parsed["Identifiants des sources"]) == [
        ";".join(ids) for ids in dataset.engagements.set_index("id").loc[table["id"], "sources"]]
    assert "État en 2019" in parsed.columns


def test_csv_of_an_empty_table_is_the_header_alone(dataset):
    assert to_csv(engagement_table(dataset, engagements(), "en"), "en", 2019) == (
        "ISO3,Country,Category,Program or forum,Role,Years,Status as of 2019,Amount,Confirmation,Description,Source,"
        "Source IDs,Row ID\n")


# --- next_sort ---------------------------------------------------------------------------------------------------

def test_default_sort_is_country_ascending():
    assert DEFAULT_SORT == ("country", True)
    assert next_sort(None, None) == DEFAULT_SORT


def test_a_header_once_sorts_ascending_twice_descending_three_times_ascending():
    once = next_sort(None, "years")
    twice = next_sort(once, "years")
    assert (once, twice, next_sort(twice, "years")) == (("years", True), ("years", False), ("years", True))


def test_the_default_column_pressed_first_turns_descending():
    assert next_sort(None, "country") == ("country", False)


def test_another_column_starts_ascending():
    assert next_sort(("years", False), "status") == ("status", True)
    assert next_sort(["years", True], "role") == ("role", True)


def test_the_stored_sort_comes_back_as_a_list_and_still_works():
    assert next_sort(["program", True], "program") == ("program", False)
    assert next_sort(["program", False], None) == ("program", False)


@pytest.mark.parametrize("column", [None, "amount", "source", "id", 5, ["years"], {"column": "years"}])
def test_no_sortable_column_keeps_a_valid_current_sort(column):
    assert next_sort(["status", False], column) == ("status", False)


@pytest.mark.parametrize("current", [None, "country", "ab", [], ["years"], ["years", True, 1], ("nope", True),
                                     ["years", "yes"], ["years", 1], [None, None], {"years": True}, 5])
def test_malformed_current_without_a_column_gives_the_default(current):
    assert next_sort(current, None) == DEFAULT_SORT


@pytest.mark.parametrize("current", [None, "ab", ["years"], ("nope", True), {"years": True}])
def test_malformed_current_with_a_column_sorts_that_column_ascending(current):
    assert next_sort(current, "years") == ("years", True)


@pytest.mark.parametrize("current, column", [(["years", "x"], "years"), (["years", None], "years"),
                                             ([["x"], True], "role"), (5, 5), ("ab", "amount")])
def test_next_sort_always_gives_a_sortable_column_and_a_bool(current, column):
    name, ascending = next_sort(current, column)
    assert name in SORTABLE and isinstance(ascending, bool)


# --- shown_rows --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("state", [
    ViewState(), ViewState(categories=("grsi",)), ViewState(categories=()), ViewState(programs=("IGC", "RCM")),
    ViewState(regions=("europe",), years=(2017, 2019)), ViewState(confirmed_only=True, lang="fr"),
], ids=["default", "grsi", "none", "igc-rcm", "europe-years", "confirmed-fr"])
def test_shown_rows_are_the_filtered_engagements(dataset, state):
    shown = shown_rows(dataset, state)
    pd.testing.assert_frame_equal(shown, filtering.filter_engagements(dataset.engagements, state.filters))
    assert list(shown.columns) == list(dataset.engagements.columns)


def test_shown_rows_follow_the_filters_not_the_selected_country(dataset):
    grsi = shown_rows(dataset, ViewState(categories=("grsi",), country="CHE"))
    assert set(grsi["category"]) == {"grsi"}
    assert len(grsi) == (dataset.engagements["category"] == "grsi").sum()
    assert "CHE" not in set(grsi["iso3"])  # the table shows the map's engagements, not the selected country's
    assert len(shown_rows(dataset, ViewState(country="CHE"))) == len(dataset.engagements)


def test_the_table_of_the_shown_rows_has_exactly_their_ids(dataset):
    state = ViewState(lang="fr", categories=("forum",), regions=("north-america",))
    rows = shown_rows(dataset, state)
    table = engagement_table(dataset, rows, state.lang)
    assert sorted(table["id"]) == sorted(rows["id"]) and len(table) > 0
    assert set(table["category"]) == {i18n.t("cat_short_forum", "fr")}
